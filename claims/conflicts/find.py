"""Conflict detection: claims about the same fact whose figures disagree, explained and ranked.

Steps, each a small function over polars frames:

1. `comparable_claims` (`claims.conflicts.comparable`) — derived rates are added (`claims.extraction.derive`),
   duplicates dropped, and each claim gets its comparison key: subject, attribute, object and
   baseline through the alias lexicon (`claims.extraction.lexicon.normalise_key`: `io公司` = `io`, `RTX5090`
   = `RTX 5090`), canonical unit (so two currencies or two units are never compared), the
   condition it holds under (5-shot, two linked units, high compute;
   `grammars/lexicons/conditions.toml`), and its kind (a price is never compared with a change, a
   score with a count). A claim without a subject is compared only within its own document. A key
   part a claim leaves open is filled from its unambiguous peers.
2. `claim_pairs` (`claims.conflicts.pairs`) — every pair of claims with the same key, related by
   `claims.conflicts.comparison` (agree / rumour / tension / conflict) with its relative gap; a
   writer's own distinctions (two figures in one sentence) are respected. Only keys that may flag
   are paired, a part of them at a time (`claims.conflicts.parts`), so a large table's pairs need
   not fit in memory at once.
3. `find_conflicts` — one row per key with at least one disagreeing pair: all of its claims, the
   worst status, the severity, a one-line explanation (`claims.conflicts.explanation`), and the review
   verdict if there is one; with them, the figures that disagree with their own sentence or name
   (`claims.conflicts.claim_checks`).

The output columns are `CONFLICT_COLUMNS`; `docs/conflicts.md` documents statuses and severity.
"""

from __future__ import annotations

import polars as pl

from claims.conflicts import comparison
from claims.conflicts.claim_checks import name_size_checks, stated_change_checks
from claims.conflicts.comparable import KEY, NEIGHBOURS, comparable_claims, conflict_id
from claims.conflicts.conditions import Conditions
from claims.conflicts.explanation import display_key, explain
from claims.conflicts.identity import key_identity, same_report_period
from claims.conflicts.pairs import claim_pairs
from claims.conflicts.parts import key_parts
from claims.errors import TableError
from claims.extraction.derive import UNIT_ATTRIBUTES
from claims.model import source_of

CONFLICT_COLUMNS: dict[str, pl.DataType] = {
    "conflict_id": pl.String(),
    "subject_key": pl.String(),
    "attribute_key": pl.String(),
    "object": pl.String(),
    "unit": pl.String(),
    "status": pl.String(),
    "severity": pl.Float64(),
    "claim_ids": pl.List(pl.String()),
    "values": pl.List(pl.String()),
    "n_sources": pl.Int64(),
    "explanation": pl.String(),
    "evidence": pl.String(),
    "confidence": pl.Float64(),
    "tier": pl.String(),
    "verdict": pl.String(),
    "review_note": pl.String(),
    "correct_value": pl.String(),
}


_SAME_FIGURE = 0.02  # relative difference within which two figures of one sentence are one figure
RELATIVE_KINDS = ("speedup", "change")  # figures relative to a baseline
POSSIBLE_CONFIDENCE = 0.3  # a shared key alone: below every identity rule's confidence
POSSIBLE_EVIDENCE = "only the same key: nothing ties the figures to one thing"


def identities_of(keyed: pl.DataFrame) -> pl.DataFrame:
    """Each key whose figures `claims.conflicts.identity.KEY_RULES` tie to one thing, with evidence and
    confidence; a key no rule ties (a company's two products, two commitments) is left out."""
    keys = keyed.select(KEY).unique()
    display = keyed.group_by(KEY).agg(pl.col("subject_key").drop_nulls().first().alias("_shown"))
    keys = keys.join(display, on=list(KEY), how="left", nulls_equal=True)

    def identify(row: dict) -> dict | None:
        subject = row["_shown"] if row["_subject"] else None
        found = key_identity(subject, row["_attribute"], row["_object"], row["_scope"], row["_kind"])
        if found is None:
            return None
        return {"evidence": found.evidence, "confidence": found.confidence, "_one_doc": found.one_document}

    shape = pl.Struct({"evidence": pl.String, "confidence": pl.Float64, "_one_doc": pl.Boolean})
    keys = keys.with_columns(
        _identity=pl.struct("_shown", "_subject", "_attribute", "_object", "_scope", "_kind").map_elements(
            identify, return_dtype=shape
        )
    )
    return keys.filter(pl.col("_identity").is_not_null()).unnest("_identity").drop("_shown")


def _possible_identities(keyed: pl.DataFrame, identified: pl.DataFrame) -> pl.DataFrame:
    """The keys no identity rule ties to one thing, as the `possible` tier: a company's figures, a
    family's, a generic measure's. Their figures only share a key; a fact-checker may look at them
    when asked, never as a flag."""
    keys = keyed.select(KEY).unique().join(identified.select(KEY), on=list(KEY), how="anti", nulls_equal=True)
    return keys.with_columns(
        evidence=pl.lit(POSSIBLE_EVIDENCE),
        confidence=pl.lit(POSSIBLE_CONFIDENCE),
        _one_doc=pl.lit(False),
        tier=pl.lit("possible"),
    )


def several_things(keyed: pl.DataFrame) -> pl.DataFrame:
    """Keys for which one sentence states two figures that do not meet: the key names more than one
    thing (`100美元 和 200美元 的 Pro 订阅`: two plans; `10 项功能 … 5 项功能`: two parts), so no
    other report can be checked against it. A change's starting level is an earlier state, no
    second thing."""
    sentence = (pl.col("doc_id") + "\n" + pl.coalesce("sentence", "claim_id")).alias("_in")
    spread = (
        keyed.filter(~pl.col("_start"))
        .group_by([*KEY, sentence])
        .agg(_least=pl.col("value").min(), _most=pl.col("value").max())
    )
    # Two stated figures, not one figure written twice (`64亿美元（约 64.2 亿）`): apart by more than
    # a rounding of the larger.
    size = pl.max_horizontal(pl.col("_least").abs(), pl.col("_most").abs())
    apart = (pl.col("_most") - pl.col("_least")) > _SAME_FIGURE * size
    return spread.filter(apart).select(KEY).unique()


def _same_fact(pairs: pl.DataFrame) -> pl.DataFrame:
    """Pairs that may be one report: a fact that changes over time (funding, users, a price) is
    compared only between figures published within `identity.SAME_NEWS_DAYS` of each other."""
    if pairs.is_empty():
        return pairs
    checked = report_checks(pairs)
    one_report = pl.col("_close") & (~pl.col("_one_doc") | pl.col("_one_document")) & ~pl.col("_unanchored")
    return checked.filter(one_report).drop("_close", "_one_document", "_unanchored")


def report_checks(pairs: pl.DataFrame) -> pl.DataFrame:
    """`pairs` with what tells whether each may be one report: `_close` (published near enough for
    its kind of fact), `_one_document` (one item or the one beside it) and `_unanchored` (relative
    figures with no baseline, in two articles)."""
    close = same_report_period(*map(pl.col, ("_kind", "_attribute", "published_a", "published_b")))
    # "One document" means one item or the item beside it (a paper's English and Chinese halves):
    # a year of weekly news in one file is no single text.
    number = r"#(\d+)$"
    same_doc = (
        pl.col("_segment_a").str.split("\n").list.first() == pl.col("_segment_b").str.split("\n").list.first()
    )
    apart = (
        pl.col("_segment_a").str.extract(number).cast(pl.Int64, strict=False)
        - pl.col("_segment_b").str.extract(number).cast(pl.Int64, strict=False)
    ).abs()
    one_document = same_doc & (apart.fill_null(0) <= NEIGHBOURS)
    # A speedup or change is relative to something: two with no named baseline, in two articles,
    # are two comparisons ("2.5 倍 of the standard mode" vs "十倍 faster startup").
    unanchored = pl.col("_kind").is_in(RELATIVE_KINDS) & (pl.col("_baseline") == "") & ~one_document
    return pairs.with_columns(_close=close, _one_document=one_document, _unanchored=unanchored)


def may_disagree() -> pl.Expr:
    """True for the claims of a key that states more than one value: two claims of one finite value
    always agree (`comparison.same_value`), so a key of one value has no pair to flag and needs no
    pairing. A story a hundred digests repeat is mostly such keys (in the 80 MB table ten times
    over, 60 % of the pairs)."""
    one_value = (pl.col("value").n_unique() == 1) & pl.col("value").is_finite().all()
    return ~one_value.over(KEY)


def _worst(keyed: pl.DataFrame, identities: pl.DataFrame) -> pl.DataFrame:
    """For each key of `keyed` with a pair that disagrees and may be one report, the worst relation
    (`rank`), severity and gap, and the key's identity (evidence, confidence, tier)."""
    # only what the checks below read: a key's disagreeing pairs may be millions
    read = ("relation", "gap", "weighted", "published_a", "published_b", "_segment_a", "_segment_b")
    pairs = claim_pairs(keyed).filter(pl.col("relation") != "agree").select(*KEY, *read).collect()
    pairs = _same_fact(pairs.join(identities, on=list(KEY), how="inner"))
    return (
        pairs.with_columns(
            rank=pl.col("relation").replace_strict(comparison.STATUS_RANK, return_dtype=pl.Int64)
        )
        .group_by(KEY)
        .agg(
            rank=pl.col("rank").max(),
            severity=pl.col("weighted").max(),
            gap=pl.col("gap").max(),
            evidence=pl.col("evidence").first(),
            confidence=pl.col("confidence").max(),
            tier=pl.col("tier").first(),
        )
    )


def _empty() -> pl.DataFrame:
    return pl.DataFrame(schema=CONFLICT_COLUMNS)


def find_conflicts(
    claims: pl.DataFrame,
    reviews: pl.DataFrame | None = None,
    *,
    conditions: Conditions | None = None,
    possible: bool = False,
) -> pl.DataFrame:
    """One row per group of claims about the same fact whose figures disagree (`CONFLICT_COLUMNS`).

    Rows sort worst first: flags before possible groups, then by status (conflict, rumour,
    tension), then by severity weighed by confidence. `reviews` (from `claims.conflicts.reviews.load_reviews`)
    fills verdict, review_note and correct_value by conflict_id. `possible` adds the groups whose
    figures only share a key, which no identity rule ties to one thing (tier `possible`).

    >>> from claims.model import Claim, claims_frame
    >>> def price(cid, quote, value, lo, hi, qualifier="exact"):
    ...     return Claim(cid, f"{cid}.md", f"{cid}.md#0", None, None, None, 0, len(quote), quote, quote,
    ...         "price", "OpenAI", "OpenAI", "收购", "acquisition_price", "io", None, value, lo, hi, "USD",
    ...         qualifier, "asserted", "zh", "price.acquire")
    >>> df = claims_frame([price("a", "64亿美元", 6.4e9, 6.35e9, 6.45e9),
    ...                    price("b", "65亿美元", 6.5e9, 6.45e9, 6.55e9)])
    >>> found = find_conflicts(df)
    >>> found.select("status", "explanation").row(0)
    ('conflict', '64亿美元 (1 item) vs 65亿美元 (1 item): 1.6% apart, no overlap')
    """
    inside = name_size_checks(claims) + stated_change_checks(claims)
    keyed = comparable_claims(claims, conditions)
    if keyed.is_empty():
        return _apply_reviews(_with_rows(_empty(), inside), reviews)
    identities = identities_of(keyed).with_columns(tier=pl.lit("flag"))
    if possible:
        identities = pl.concat([identities, _possible_identities(keyed, identities)], how="diagonal_relaxed")
    identities = identities.join(several_things(keyed), on=list(KEY), how="anti", nulls_equal=True)
    # Only the keys that may flag are paired, a part of them at a time (`key_parts`): each key's
    # pairs are its own, and a large table's would not fit in memory all at once.
    candidates = keyed.join(identities.select(KEY), on=list(KEY), how="semi", nulls_equal=True)
    candidates = candidates.filter(may_disagree())
    worst = pl.concat([_worst(part, identities) for part in key_parts(candidates)], how="vertical")
    if worst.is_empty():
        return _apply_reviews(_with_rows(_empty(), inside), reviews)
    groups = keyed.join(worst, on=list(KEY), how="inner")
    rows = []
    by_rank = {rank: status for status, rank in comparison.STATUS_RANK.items()}
    for _key, members in groups.group_by(KEY, maintain_order=False):
        members = members.sort("value", "claim_id")
        status = by_rank[members["rank"][0]]
        claim_ids = sorted(members["claim_id"].to_list())
        values = list(dict.fromkeys(members["quote"].to_list()))
        first = members.row(0, named=True)
        rows.append(
            {
                "conflict_id": conflict_id(claim_ids),
                # Never null: a group without a named subject is its document's; without an
                # attribute, what its unit or kind measures.
                "subject_key": display_key(members["subject_key"]) or first["doc_id"],
                "attribute_key": UNIT_ATTRIBUTES.get(first["_unit"])
                or display_key(members["attribute_key"])
                or first["kind"],
                "object": display_key(members["object"]),
                "unit": first["_unit"],
                "status": status,
                "severity": float(members["severity"][0]),
                "claim_ids": claim_ids,
                "values": values,
                "n_sources": members.select(source_of().n_unique()).item(),
                "explanation": explain(members, status, float(members["gap"][0])),
                "evidence": members["evidence"][0],
                "confidence": float(members["confidence"][0]),
                "tier": members["tier"][0],
            }
        )
    found = pl.DataFrame(rows + inside, schema={k: v for k, v in CONFLICT_COLUMNS.items() if k in rows[0]})
    found = found.with_columns(
        _flag=pl.col("tier") == "flag",
        _rank=pl.col("status").replace_strict(comparison.STATUS_RANK, return_dtype=pl.Int64),
    )
    # Worst first: flags before possible groups, by status, then by severity weighed by how sure
    # the identity is.
    found = found.with_columns(_weight=pl.col("severity") * pl.col("confidence"))
    found = found.sort(
        ["_flag", "_rank", "_weight", "conflict_id"], descending=[True, True, True, False]
    ).drop("_flag", "_rank", "_weight")
    return _apply_reviews(found, reviews)


def _with_rows(found: pl.DataFrame, rows: list[dict]) -> pl.DataFrame:
    """`found` with the rows of the checks inside one claim added, worst first."""
    if not rows:
        return found
    extra = pl.DataFrame(rows, schema={k: v for k, v in CONFLICT_COLUMNS.items() if k in rows[0]})
    extra = extra.sort(["severity", "conflict_id"], descending=[True, False])
    return pl.concat([found, extra], how="diagonal_relaxed")


def _apply_reviews(found: pl.DataFrame, reviews: pl.DataFrame | None) -> pl.DataFrame:
    """Fill verdict, review_note and correct_value from `reviews` by conflict_id."""
    found = found.drop("verdict", "review_note", "correct_value", strict=False)
    if reviews is None or reviews.is_empty():
        found = found.with_columns(
            verdict=pl.lit(None, pl.String),
            review_note=pl.lit(None, pl.String),
            correct_value=pl.lit(None, pl.String),
        )
    else:
        missing = [name for name in ("conflict_id", "verdict") if name not in reviews.columns]
        if missing:
            raise TableError(f"not a reviews table: missing column {missing[0]}")
        optional = [
            (pl.col(name) if name in reviews.columns else pl.lit(None, pl.String)).alias(alias)
            for name, alias in (("note", "review_note"), ("correct_value", "correct_value"))
        ]
        latest = (
            reviews.select("conflict_id", "verdict", *optional)
            .unique("conflict_id", keep="last", maintain_order=True)
            .cast(pl.String)
        )
        found = found.join(latest, on="conflict_id", how="left", maintain_order="left")
    return found.select([pl.col(name).cast(dtype) for name, dtype in CONFLICT_COLUMNS.items()])
