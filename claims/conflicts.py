"""Conflict detection: claims about the same fact whose figures disagree, explained and ranked.

Steps, each a small function over polars frames:

1. `comparable_claims` — derived rates are added (`claims.derive`), duplicates dropped, and each
   claim gets its comparison key: subject, attribute, object and baseline through the alias
   lexicon (`claims.lexicon.normalise_key`: `io公司` = `io`, `RTX5090` = `RTX 5090`), canonical unit
   (so two currencies or two units are never compared), the condition it holds under (5-shot,
   two linked units, high compute; `grammars/lexicons/conditions.toml`), and its kind (a price is
   never compared with a change, a score with a count). A claim without a subject is compared only
   within its own document.
   A key part a claim leaves open is filled from its unambiguous peers (`_complete_keys`).
2. `claim_pairs` — every pair of claims with the same key, related by `claims.comparison`
   (agree / rumour / tension / conflict) with its relative gap; a writer's own distinctions
   (two figures in one sentence) are respected.
3. `find_conflicts` — one row per key with at least one disagreeing pair: all of its claims, the
   worst status, the severity, a one-line explanation (`claims.explanation`), and the review
   verdict if there is one.

The output columns are `CONFLICT_COLUMNS`; `docs/conflicts.md` documents statuses and severity.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache

import polars as pl

from claims import comparison, sizes
from claims.conditions import Conditions, load_conditions
from claims.derive import UNIT_ATTRIBUTES, with_derived
from claims.errors import TableError
from claims.explanation import canonical_key, display_key, explain
from claims.identity import key_identity, priced_thing, same_report_period, specific_subject, subject_type
from claims.lexicon import default_lexicon, only_cue_words
from claims.model import CLAIM_COLUMNS
from claims.plain import HEADING_OPENING, plain_text

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


# What a claims table must carry for its claims to be compared.
NEEDED_COLUMNS = (
    "claim_id", "doc_id", "segment_id", "source_url", "quote", "sentence", "kind", "subject_key",
    "attribute_key", "object", "baseline", "value", "lo", "hi", "unit", "qualifier", "modality",
)  # fmt: skip

# Kinds and units that name what is measured when a claim has no attribute.
SELF_DESCRIBED_KINDS = ("price", "parameter_count")
SELF_DESCRIBED_UNITS = ("params", "token/s")

KEY = ("_scope", "_subject", "_attribute", "_object", "_baseline", "_unit", "_condition", "_kind")
STARTING_LEVEL = "stage=starting-level"  # the condition conditions.toml gives a change's first figure
_NEIGHBOURS = 1  # segments apart within which a subject is lent to an unnamed claim
_SAME_FIGURE = 0.02  # relative difference within which two figures of one sentence are one figure
_LIST_SIZE = 3  # different figures for one key in one segment that make a list
_FIGURE = ("value", "lo", "hi", "stated_lo", "stated_hi", "qualifier", "modality")
RELATIVE_KINDS = ("speedup", "change")  # figures relative to a baseline
POSSIBLE_CONFIDENCE = 0.3  # a shared key alone: below every identity rule's confidence
POSSIBLE_EVIDENCE = "only the same key: nothing ties the figures to one thing"


@cache
def _default_conditions() -> Conditions:
    return load_conditions()


def conflict_id(claim_ids: list[str]) -> str:
    """The stable id of a group: a hash of its sorted claim ids (a changed group gets a new id).

    >>> conflict_id(["b", "a"]) == conflict_id(["a", "b"])
    True
    >>> conflict_id(["a", "b"])
    'cf-fcd127ffa101'
    """
    digest = hashlib.sha1("\n".join(sorted(claim_ids)).encode("utf-8")).hexdigest()
    return f"cf-{digest[:12]}"


def _check_columns(claims: pl.DataFrame) -> None:
    missing = [name for name in NEEDED_COLUMNS if name not in claims.columns]
    if missing:
        raise TableError(
            f"not a claims table: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
            hint="give the output of `claims extract`",
        )


def _match_key(text: str | None) -> str | None:
    """What two names are compared by: the alias lexicon's canonical key, case folded."""
    key = canonical_key(text)
    return key.casefold() if key else None


def _key_expr(column: str) -> pl.Expr:
    return pl.col(column).map_elements(_match_key, return_dtype=pl.String, skip_nulls=True)


def comparable_claims(claims: pl.DataFrame, conditions: Conditions | None = None) -> pl.DataFrame:
    """The claims that can be compared, each with its key columns (`_scope` ... `_kind`).

    Derived rates are added first; a claim id seen twice is one claim. A claim without an
    attribute is kept only when its kind or unit says what it measures (a price, a parameter
    count) and it names a subject; anything else cannot be matched to another claim.
    """
    _check_columns(claims)
    conditions = conditions or _default_conditions()
    # Tables read back from CSV or JSON Lines may type an all-empty column as null or a number.
    claims = claims.cast({n: t for n, t in CLAIM_COLUMNS.items() if n in claims.columns}, strict=False)
    claims = with_derived(claims).filter(pl.col("value").is_not_null()).unique("claim_id", keep="first")
    keyed = claims.with_columns(
        _subject=_key_expr("subject_key"),
        _attribute=pl.when(pl.col("unit").is_in(list(UNIT_ATTRIBUTES)))
        .then(pl.col("unit").replace_strict(UNIT_ATTRIBUTES, default=None, return_dtype=pl.String))
        .otherwise(_key_expr("attribute_key")),
        _object=_key_expr("object"),
        _baseline=_key_expr("baseline"),
        _unit=pl.col("unit").fill_null(""),
        _condition=pl.struct("sentence", "quote").map_elements(
            lambda row: conditions.of(row["sentence"], _plain_quote(row["quote"])), return_dtype=pl.String
        ),
        # A heading's figure (`## [标题 5 亿]`, a table row's `[Title]`) against the body's is the
        # one pair inside an item worth a flag.
        _heading=pl.col("sentence").fill_null("").str.contains(HEADING_OPENING),
        _kind=pl.col("kind").fill_null("other"),
        lo=pl.coalesce("lo", "value"),
        hi=pl.coalesce("hi", "value"),
        qualifier=pl.col("qualifier").fill_null("exact"),
        modality=pl.col("modality").fill_null("asserted"),
    )
    # A change's starting level ("从约1亿增长到…") is an earlier state: it stays in its fact's group,
    # where it can excuse a sentence's other figure, but is never paired as a disagreement.
    keyed = keyed.with_columns(
        _start=pl.col("_condition").str.contains(STARTING_LEVEL, literal=True),
        _condition=pl.col("_condition")
        .str.replace(STARTING_LEVEL, "", literal=True)
        .str.replace_all(";;", ";", literal=True)
        .str.strip_chars(";"),
    )
    keyed = _complete_keys(keyed.with_columns(pl.col("_object", "_baseline").fill_null("")))
    # Without an attribute, only figures whose kind or unit says what they measure are the same
    # fact for one subject: "RTX 5090: 512 / 21760 / 920亿" are not. A price says it only of a
    # product the name pins down (RTX 5090 1999 美元); of a person or company, a share price and a
    # sale ("Bezos: $200.43", "$5bn") are two things.
    priced = pl.col("subject_key").map_elements(priced_thing, return_dtype=pl.Boolean, skip_nulls=True)
    keyed = keyed.filter(
        pl.col("_attribute").is_not_null()
        | (pl.col("_subject").is_not_null() & (_self_described() | (_described() & priced.fill_null(False))))
    )
    return comparison.with_stated_ends(keyed.with_columns(pl.col(list(KEY)).fill_null("")))


def _plain_quote(quote: str | None) -> str | None:
    """The quote as the sentence reads it: sentences are read without Markdown markers."""
    if quote is None:
        return None
    found = plain_text(quote)
    return found.text if found is not None else quote


def _described() -> pl.Expr:
    """True for claims whose kind or unit says what they measure, attribute or not."""
    return pl.col("_kind").is_in(SELF_DESCRIBED_KINDS) | pl.col("_unit").is_in(SELF_DESCRIBED_UNITS)


def _self_described() -> pl.Expr:
    """True for claims that say what they measure with no attribute at all: parameter counts."""
    return (pl.col("_kind") == "parameter_count") | pl.col("_unit").is_in(SELF_DESCRIBED_UNITS)


def _scope() -> pl.Expr:
    # Without a named subject, "accuracy +15%" is only the same fact as another unnamed accuracy
    # figure in the same document (a paper and its translation, one article).
    return pl.when(pl.col("_subject").is_null()).then(pl.col("doc_id")).otherwise(pl.lit(""))


def _fill_from_peers(df: pl.DataFrame, target: str, by: list[str], missing: pl.Expr) -> pl.DataFrame:
    """Where `missing`, set `target` to the one value its peers (same `by`) agree on, if just one."""
    peers = (
        df.filter(~missing & pl.col(target).is_not_null())
        .group_by(by)
        .agg(_peer=pl.col(target).unique())
        .filter(pl.col("_peer").list.len() == 1)
        .with_columns(pl.col("_peer").list.first())
    )
    filled = df.join(peers, on=by, how="left", nulls_equal=True, maintain_order="left")
    return filled.with_columns(
        pl.when(missing).then(pl.coalesce("_peer", target)).otherwise(pl.col(target)).alias(target)
    ).drop("_peer")


def _fill_subject_from_neighbours(df: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    """A claim without a subject takes the one subject its measure has in its own segment or the
    segments right beside it from the same source (a paper's two halves); a collection's far
    articles lend none, nor does the next item of a digest (its own link, its own story)."""
    number = pl.col("segment_id").str.extract(r"#(\d+)$").cast(pl.Int64, strict=False).fill_null(0)
    df = df.with_columns(
        _segno=number, _row=pl.int_range(pl.len()), _source=pl.col("source_url").fill_null("")
    )
    missing = df.filter(pl.col("_subject").is_null()).select("_row", "_segno", "_source", *by)
    named = df.filter(pl.col("_subject").is_not_null()).select(
        pl.col("_segno").alias("_peer_segno"),
        pl.col("_subject").alias("_peer"),
        pl.col("_source").alias("_peer_source"),
        *by,
    )
    # Two news items side by side, each with its own link, are two stories; a part with no link of
    # its own (a paper's translated half) belongs with the one beside it.
    source, peer_source = pl.col("_source"), pl.col("_peer_source")
    one_source = (source == peer_source) | (source == "") | (peer_source == "")
    near = (pl.col("_segno") - pl.col("_peer_segno")).abs() <= _NEIGHBOURS
    peers = (
        missing.join(named, on=by, how="inner", nulls_equal=True)
        .filter(near & one_source)
        .group_by("_row")
        .agg(pl.col("_peer").unique())
        .filter(pl.col("_peer").list.len() == 1)
        .with_columns(pl.col("_peer").list.first())
    )
    filled = df.join(peers, on="_row", how="left", maintain_order="left")
    return filled.with_columns(_subject=pl.coalesce("_subject", "_peer")).drop(
        "_peer", "_segno", "_row", "_source"
    )


def _complete_keys(keyed: pl.DataFrame) -> pl.DataFrame:
    """Fill a key part a claim leaves open from its peers, when they leave no doubt.

    - no subject: the one subject that the same measure (attribute, unit, kind, ...) has in the same
      segment or the one beside it — a paper's Chinese half names no subject where its English
      half does;
    - no attribute, for a price or parameter count: the one attribute the same subject's figures of
      this unit and kind have in the same document — "RTX 5090 1999 美元" next to "RTX 5090 的价格
      2000-2500 美元";
    - a price without a currency: the one currency of the same fact's other prices — a headline's
      "65亿" next to "64亿美元" in the items below.
    """
    context = ["_object", "_baseline", "_condition", "_kind"]
    keyed = _fill_subject_from_neighbours(keyed, ["doc_id", "_attribute", "_unit", *context]).with_columns(
        _scope=_scope()
    )
    # A size stated with no attribute is the model's total: it never takes "active parameters" from
    # a peer (`105B` next to another article's `103亿激活参数`).
    keyed = keyed.with_columns(
        _attribute=pl.when(pl.col("_attribute").is_null() & (pl.col("_unit") == "params"))
        .then(pl.lit("params"))
        .otherwise(pl.col("_attribute"))
    )
    no_attribute = pl.col("_attribute").is_null() & _described()
    # From the same document; from other articles only for a specific subject (RTX 5090): another
    # article's "active parameters" of a company's model is no attribute of this size.
    by = ["_scope", "_subject", "_unit", *context]
    keyed = _fill_from_peers(keyed, "_attribute", ["doc_id", *by], no_attribute)
    specific = pl.col("_subject").map_elements(specific_subject, return_dtype=pl.Boolean, skip_nulls=True)
    keyed = _fill_from_peers(keyed, "_attribute", by, no_attribute & specific.fill_null(False))
    bare_price = (pl.col("_unit") == "") & (pl.col("_kind") == "price")
    return _fill_from_peers(keyed, "_unit", ["_scope", "_subject", "_attribute", *context], bare_price)


def claim_pairs(keyed: pl.DataFrame) -> pl.DataFrame:
    """Every pair of claims sharing a key, with `relation`, `gap` and `weighted` (severity).

    Three rules keep a writer's own distinctions: figures in one sentence are never paired (who
    writes "8B 基础模型" and "64B 记忆参数" side by side states two facts); a disagreeing pair is
    excused when either claim's sentence also states, for the same key, a figure agreeing with the
    other claim (one article lists "380 RT TFLOPS 以及 125 Shader TFLOPS"; another article's 125 is
    then the second of those facts, not a contradiction of the first); and one segment stating
    three or more different figures for a key is listing things (price tiers, ablation results),
    so its own figures are not paired as disagreeing, nor are its multipliers that name no
    baseline.
    """
    sentence_id = pl.col("doc_id") + "\n" + pl.coalesce("sentence", "claim_id")
    segment_id = pl.col("doc_id") + "\n" + pl.coalesce("segment_id", "claim_id")
    # How many different figures one segment states for a key: three or more are a list (price
    # tiers, ablation rows, model sizes), not a writer contradicting themself.
    listed = pl.col("value").n_unique().over([*KEY, "_segment"]) >= _LIST_SIZE
    left = keyed.with_columns(_segment=segment_id).select(
        *KEY,
        "claim_id",
        sentence_id.alias("_sentence"),
        "_segment",
        listed.alias("_listed"),
        "_start",
        pl.col("published") if "published" in keyed.columns else pl.lit(None, pl.String).alias("published"),
        "_heading",
        *_FIGURE,
    )
    sides = ("claim_id", "_sentence", "_segment", "_listed", "_start", "published", "_heading", *_FIGURE)
    every = left.join(left, on=list(KEY), suffix="_b").rename({n: f"{n}_a" for n in sides})
    every = every.filter(pl.col("claim_id_a") != pl.col("claim_id_b")).with_columns(
        relation=comparison.relation("_a", "_b")
    )
    # (sentence, claim) pairs where the sentence states a figure agreeing with the claim.
    stated = (
        every.filter(pl.col("relation") == "agree")
        .select(_sentence="_sentence_a", claim_id="claim_id_b")
        .unique()
        .with_columns(_excused=pl.lit(True))
    )
    pairs = every.filter(
        (pl.col("claim_id_a") < pl.col("claim_id_b")) & (pl.col("_sentence_a") != pl.col("_sentence_b"))
    )
    for mine, other in (("a", "b"), ("b", "a")):
        pairs = pairs.join(
            stated.rename(
                {"_sentence": f"_sentence_{mine}", "claim_id": f"claim_id_{other}", "_excused": f"_x{mine}"}
            ),
            on=[f"_sentence_{mine}", f"claim_id_{other}"],
            how="left",
        )
    same_segment = pl.col("_segment_a") == pl.col("_segment_b")
    # Within one article, two multipliers compared with nothing named ("两倍的数据", "4 倍算力")
    # are two comparisons, not one fact told twice.
    open_ratio = (pl.col("_unit") == "x") & (pl.col("_baseline") == "")
    # Inside one item, two body figures for one key are a list, two variants, or old and new terms
    # far more often than a slip; only the heading against the body is checked there.
    body_pair = same_segment & (pl.col("_heading_a") == pl.col("_heading_b"))
    pairs = _excuse_by_range(pairs, every)
    excused = (
        pl.col("_xa").fill_null(False)
        | pl.col("_xb").fill_null(False)
        | (same_segment & (pl.col("_listed_a") | open_ratio))
        | body_pair
        | pl.col("_ranged")
        | pl.col("_start_a")
        | pl.col("_start_b")
    )
    pairs = pairs.with_columns(relation=pl.when(excused).then(pl.lit("agree")).otherwise("relation"))
    return (
        pairs.drop("_xa", "_xb", "_ranged")
        .with_columns(gap=comparison.relative_gap("_a", "_b"))
        .with_columns(weighted=comparison.weighted_gap())
    )


def _identities(keyed: pl.DataFrame) -> pl.DataFrame:
    """Each key whose figures `claims.identity.KEY_RULES` tie to one thing, with evidence and
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


def _several_things(keyed: pl.DataFrame) -> pl.DataFrame:
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
    close = pl.struct("_kind", "_attribute", "published_a", "published_b").map_elements(
        lambda r: same_report_period(r["_kind"], r["_attribute"], r["published_a"], r["published_b"]),
        return_dtype=pl.Boolean,
    )
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
    one_document = same_doc & (apart.fill_null(0) <= _NEIGHBOURS)
    # A speedup or change is relative to something: two with no named baseline, in two articles,
    # are two comparisons ("2.5 倍 of the standard mode" vs "十倍 faster startup").
    unanchored = pl.col("_kind").is_in(RELATIVE_KINDS) & (pl.col("_baseline") == "") & ~one_document
    return pairs.filter(close & (~pl.col("_one_doc") | one_document) & ~unanchored)


def _excuse_by_range(pairs: pl.DataFrame, every: pl.DataFrame) -> pl.DataFrame:
    """`_ranged`: a range stated in either claim's item holds both figures (a headline's "1.72 倍"
    and a body's "最高 2.22 倍" beside "1.72 倍至 2.22 倍" are its two ends, not a contradiction)."""
    holds = every.filter((pl.col("relation") == "agree") & (pl.col("qualifier_a") == "range")).select(
        _range="claim_id_a", _range_segment="_segment_a", _held="claim_id_b"
    )
    if holds.is_empty():
        return pairs.with_columns(_ranged=pl.lit(False))
    first = pairs.select("claim_id_a", "claim_id_b", "_segment_a", "_segment_b").join(
        holds, left_on="claim_id_a", right_on="_held"
    )
    second = holds.select(_range="_range", _held_b="_held")
    both = first.join(second, left_on=["claim_id_b", "_range"], right_on=["_held_b", "_range"])
    in_item = (pl.col("_range_segment") == pl.col("_segment_a")) | (
        pl.col("_range_segment") == pl.col("_segment_b")
    )
    ranged = (
        both.filter(in_item).select("claim_id_a", "claim_id_b").unique().with_columns(_ranged=pl.lit(True))
    )
    pairs = pairs.join(ranged, on=["claim_id_a", "claim_id_b"], how="left")
    return pairs.with_columns(pl.col("_ranged").fill_null(False))


# --- checks inside one claim ---------------------------------------------------------------------

_SIZE_SCALE = {"B": 1e9, "M": 1e6, "T": 1e12}
_CHANGE_WORDS = ("INCREASE", "DECREASE", "CHANGE_LINK")  # cue classes of a change's own wording
_PART_REACH = 16  # characters after a count within which a parameter word makes it a part's count
# The subject strategies that tie a name to its own figure.
OWN_SUBJECT = ("clause", "described", "rule", "released")
NAME_SIZE_APART = 1.5  # a name's rounded size and its stated count further apart than this disagree
_CHANGE_SLACK = 0.02  # a stated change may round its computed value by this share
# Ends of the rule ids that read a figure as the level a change or difference starts from.
STARTING_LEVEL_RULES = ("from_level", "compared_level")
_BASE_REACH = 24  # characters before a level within which a BASE_LEVEL word makes it the base
_GLUE = " \t，,、：:;；"  # punctuation that may stand between a level and its change
_NAME_WORD = re.compile(r"[A-Z0-9][\w.\-]*(?:'s|’s)?")  # a word of a name (`Orca`, `2's`, `GPT-4o`)


def name_size(subject: str | None) -> float | None:
    """The total size a model's name states (`Foo-7B` -> 7e9, `Qwen3-30B-A3B` -> 3e10: A3B is the
    active part), or None when it states none or a product of sizes (`8x7B`).

    >>> name_size("Foo-7B"), name_size("Qwen3-30B-A3B"), name_size("Mixtral 8x7B"), name_size("GPT-4o")
    (7000000000.0, 30000000000.0, None, None)
    """
    if not subject:
        return None
    found = sizes.IN_TEXT.findall(subject)
    if len(found) != 1 or re.search(r"\d\s*[xX×]\s*\d", subject):
        return None
    text = found[0].replace(" ", "")
    return float(text[:-1]) * _SIZE_SCALE[text[-1]]


def _name_size_checks(claims: pl.DataFrame) -> list[dict]:
    """A model's total parameter count against the size its own name states (`Foo-7B` said to have
    7亿 parameters): one flag per claim whose figure is `NAME_SIZE_APART` times off its name."""
    if "attribute_key" not in claims.columns:
        return []
    total = pl.col("attribute_key").is_null() | (pl.col("attribute_key") == "params")
    sized = (pl.col("kind") == "parameter_count") & total & pl.col("subject").is_not_null()
    # The subject must be the figure's own (named in its clause, or the name it describes), and the
    # sentence must state one count for it: two are parts or a list (`10 billion vision parameters
    # and 7 billion language parameters`, `7B、13B、30B和65B版本`).
    own = pl.col("subject_source").is_in(OWN_SUBJECT) if "subject_source" in claims.columns else pl.lit(True)
    alone = pl.len().over("doc_id", "sentence", "subject") == 1
    candidates = claims.filter(sized).filter(own & alone)
    rows = []
    for claim in candidates.iter_rows(named=True):
        if subject_type(claim["subject"]) == "hardware":
            continue  # `Ascend 910B`, `RTX 5090`: a chip's model number, not a size
        sentence, quote = claim["sentence"] or "", claim["quote"]
        named, at = sentence.find(claim["subject"]), sentence.find(quote)
        if named < 0 or at < 0 or named > at:
            continue  # a name after the figure (`rivals models like Flux-12B`) is no sure owner
        if _part_of_model(sentence, at + len(quote)):
            continue  # `10 billion vision parameters`: a part of the model, not its total
        stated = name_size(claim["subject"])
        value = claim["value"]
        if stated is None or not value or value <= 0 or claim["quote"] in claim["subject"]:
            continue
        apart = max(stated, value) / min(stated, value)
        if apart < NAME_SIZE_APART:
            continue
        size = sizes.IN_TEXT.findall(claim["subject"])[0]
        rows.append(
            {
                "conflict_id": conflict_id([claim["claim_id"], "name-size"]),
                "subject_key": claim["subject_key"] or claim["subject"],
                "attribute_key": "params",
                "object": None,
                "unit": "params",
                "status": "conflict",
                "severity": min(apart - 1.0, comparison.GAP_CAP),
                "claim_ids": [claim["claim_id"]],
                "values": [size, claim["quote"]],
                "n_sources": 1,
                "explanation": (
                    f"the name says {size}, the text {claim['quote']}: {apart:.3g}x apart "
                    "(a size in a model's name against its stated count)"
                ),
                "evidence": f"one model: {claim['subject']} and its own parameter count",
                "confidence": 0.8,
                "tier": "flag",
            }
        )
    return rows


def _part_of_model(sentence: str, end: int) -> bool:
    """Whether one word stands between a count ending at `end` and the parameter word after it
    (`10 billion vision parameters`, `30 亿激活参数`): the count is a part's, not the model's total.

    >>> _part_of_model("10 billion vision parameters", 10), _part_of_model("7 billion parameters", 9)
    (True, False)
    """
    hits = default_lexicon().classes["PARAM"].find(sentence, end, len(sentence))
    if not hits or hits[0].start - end > _PART_REACH:
        return False
    between = sentence[end : hits[0].start].strip()
    return bool(between) and between.isalpha()


def _only_change_words(sentence: str, lo: int, to: int) -> bool:
    """Whether only change words (INCREASE, DECREASE, CHANGE_LINK in cues.toml) and punctuation stand
    in `sentence[lo:to]`, between the second level and the change (`升至 55%，相对提升 20%`), so the
    change is of the same measure, not of a next one (`，峰值内存缩减 70%`)."""
    classes = default_lexicon().classes
    return only_cue_words(sentence, lo, to, [classes[name] for name in _CHANGE_WORDS], _GLUE)


def _only_base_words(sentence: str, lo: int, to: int) -> bool:
    """Whether `sentence[lo:to]`, between a difference and the level after it, holds only BASE_LEVEL
    words, punctuation and a name (`up 12 points from Orca 2's 52.0%`): any other word names another
    measure (`召回率提升 5 个百分点，错误率从 40% 降至 30%`)."""
    rest = list(sentence[lo:to])
    for hit in default_lexicon().classes["BASE_LEVEL"].find(sentence, lo, to):
        rest[hit.start - lo : hit.end - lo] = " " * (hit.end - hit.start)
    words = re.split(f"[\\s{_GLUE}]+", "".join(rest).strip())
    return all(not word or _NAME_WORD.fullmatch(word) for word in words)


def _starting_level(figure: dict, figures: list[dict], sentence: str) -> bool:
    """A level a difference is measured from: a rule read it as one (`从 40% 提升到`, `比 70.5% 高出 9.1
    个百分点`), or a BASE_LEVEL word stands shortly before it with no other figure between (`above the
    previous best of 62%`, `from Orca 2's 52.0%`)."""
    if figure["rule_id"].endswith(STARTING_LEVEL_RULES):
        return True
    at = figure["_at"]
    hits = default_lexicon().classes["BASE_LEVEL"].find(sentence, max(0, at - _BASE_REACH), at)
    return any(not any(h.end <= f["_at"] < at for f in figures) for h in hits)


def _in_sentence(figures: list[dict], sentence: str) -> list[dict] | None:
    """`figures` of one sentence, each with `_at`, its offset in the sentence (placed by the figure
    whose quote the sentence holds once); None when none can place them."""
    for anchor in figures:
        if sentence.count(anchor["quote"]) == 1:
            base = anchor["start"] - sentence.index(anchor["quote"])
            placed = [{**f, "_at": f["start"] - base} for f in figures]
            if all(sentence[f["_at"] : f["_at"] + len(f["quote"])] == f["quote"] for f in placed):
                return placed
    return None


def _difference(figure: dict, sentence: str) -> bool:
    """A stated difference: a change in percent or points, or a bare figure followed by a POINTS word
    (`15 points above`, `高出 9 分`)."""
    if figure["kind"] == "change":
        return figure["unit"] in ("%", "pp")
    if figure["unit"]:
        return False
    end = figure["_at"] + len(figure["quote"])
    after = len(sentence[end:]) - len(sentence[end:].lstrip())
    hits = default_lexicon().classes["POINTS"].find(sentence, end, min(len(sentence), end + after + 8))
    return any(h.start == end + after for h in hits)


def _levels_and_change(figures: list[dict], sentence: str) -> tuple[dict, dict, dict] | None:
    """The starting level, the other level and the stated difference between them, when a sentence
    states exactly two levels in percent and one difference, the difference is tied to them, and
    one level is where the difference is measured from; else None."""
    changes = [f for f in figures if _difference(f, sentence)]
    levels = [f for f in figures if f["unit"] == "%" and f not in changes]
    if len(changes) != 1 or len(levels) != 2:
        return None
    change = changes[0]
    based = [level for level in levels if _starting_level(level, figures, sentence)]
    if len(based) != 1:
        return None
    first, last = sorted(levels, key=lambda f: f["_at"])
    if change["_at"] > last["_at"]:
        # `…升至 55%，相对提升 20%`: only change words between; `…降至 17%，峰值内存缩减 70%` changes another.
        if not _only_change_words(sentence, last["_at"] + len(last["quote"]), change["_at"]):
            return None
    elif change["_at"] < first["_at"] and not _only_base_words(
        sentence, change["_at"] + len(change["quote"]), first["_at"]
    ):
        return None  # `召回率提升 5 个百分点，错误率从 40% 降至 30%`: the change of another measure
    start = based[0]
    return start, (last if start is first else first), change


def _stated_change_checks(claims: pl.DataFrame) -> list[dict]:
    """A stated difference against the two levels the same sentence gives (`从 40% 提升到 55%，相对提升
    20%`: 40 -> 55 is +37.5%, or +15 points, never +20%; `75%, 15 points above the previous best of
    62%`: 13 points): one flag per difference that neither the relative change nor the difference in
    points of its levels explains."""
    needed = ("rule_id", "sentence", "start", "unit", "lo", "hi")
    if any(name not in claims.columns for name in needed):
        return []
    percent = claims.filter(pl.col("sentence").is_not_null() & pl.col("unit").is_in(["%", "pp", ""]))
    rows = []
    for (_doc, sentence), group in percent.group_by("doc_id", "sentence"):
        if group.height < 3:
            continue
        figures = _in_sentence(group.sort("start").to_dicts(), sentence)
        found = _levels_and_change(figures, sentence) if figures else None
        if found is None:
            continue
        a, b, change = found
        if not a["value"]:
            continue
        points = b["value"] - a["value"]
        relative = points / abs(a["value"]) * 100
        stated = abs(change["value"])
        # The figure as written, rounded at its last digit (`20%` is 19.5-20.5, `37.5%` 37.45-37.55),
        # give or take `_CHANGE_SLACK`; the grammar's wider interval for a round number is for
        # comparing two reports, not for checking a sum.
        last = 0.5 if float(stated).is_integer() else 0.05
        slack = max(last, _CHANGE_SLACK * stated)
        readings = [relative, points] if change["unit"] == "%" else [points]
        if any(abs(abs(r) - stated) <= slack for r in readings):
            continue
        told = f"{relative:+.3g}%" if change["unit"] == "%" else f"{points:+.3g} points"
        said = change["quote"] if change["unit"] else f"{change['quote']} points"
        rows.append(
            {
                "conflict_id": conflict_id([change["claim_id"], a["claim_id"], b["claim_id"], "levels"]),
                "subject_key": change["subject_key"] or change["doc_id"],
                "attribute_key": change["attribute_key"] or "change",
                "object": None,
                "unit": change["unit"] or "pp",
                "status": "conflict",
                "severity": min(
                    abs(abs(readings[0]) - abs(change["value"])) / max(abs(change["value"]), 1e-9),
                    comparison.GAP_CAP,
                ),
                "claim_ids": sorted([change["claim_id"], a["claim_id"], b["claim_id"]]),
                "values": [a["quote"], b["quote"], change["quote"]],
                "n_sources": 1,
                "explanation": (
                    f"{a['quote']} -> {b['quote']} is {told}, the text says {said} "
                    "(a stated change against its two levels)"
                ),
                "evidence": "one sentence: the difference and the two levels it lies between",
                "confidence": 0.7,
                "tier": "flag",
            }
        )
    return sorted(rows, key=lambda row: row["conflict_id"])


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
    tension), then by severity weighed by confidence. `reviews` (from `claims.reviews.load_reviews`)
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
    inside = _name_size_checks(claims) + _stated_change_checks(claims)
    keyed = comparable_claims(claims, conditions)
    if keyed.is_empty():
        return _apply_reviews(_with_rows(_empty(), inside), reviews)
    identities = _identities(keyed).with_columns(tier=pl.lit("flag"))
    if possible:
        identities = pl.concat([identities, _possible_identities(keyed, identities)], how="diagonal_relaxed")
    identities = identities.join(_several_things(keyed), on=list(KEY), how="anti", nulls_equal=True)
    pairs = claim_pairs(keyed).filter(pl.col("relation") != "agree")
    pairs = _same_fact(pairs.join(identities, on=list(KEY), how="inner"))
    if pairs.is_empty():
        return _apply_reviews(_with_rows(_empty(), inside), reviews)
    worst = (
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
                "n_sources": members.select(pl.coalesce("source_url", "segment_id").n_unique()).item(),
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
