"""Which claims can be compared, and by what key: the first step of conflict detection.

Each claim gets its comparison key: subject, attribute, object and baseline through the alias
lexicon (`io公司` = `io`, `RTX5090` = `RTX 5090`), canonical unit (so two currencies or two units
are never compared), the condition it holds under (`grammars/lexicons/conditions.toml`), and its
kind. A key part a claim leaves open is filled from its unambiguous peers. A group of claims is
named by `conflict_id`, a hash of its members.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache
from typing import Any

import polars as pl

from claims.conflicts import comparison
from claims.conflicts.conditions import Conditions, load_conditions
from claims.conflicts.explanation import canonical_key
from claims.conflicts.identity import priced_thing, specific_subject
from claims.errors import TableError
from claims.extraction.derive import UNIT_ATTRIBUTES, with_derived
from claims.model import CLAIM_COLUMNS
from claims.text.keys import fold
from claims.text.plain import HEADING_OPENING, plain_text

# What a claims table must carry for its claims to be compared.
NEEDED_COLUMNS = (
    "claim_id", "doc_id", "segment_id", "source_url", "quote", "sentence", "kind", "subject_key",
    "attribute_key", "object", "baseline", "value", "lo", "hi", "unit", "qualifier", "modality",
)  # fmt: skip

# The columns of a claims table that comparing reads once the derived rates are added: the needed
# ones, with the date (a fact that changes over time) and whether a figure is derived.
COMPARED_COLUMNS = frozenset((*NEEDED_COLUMNS, "published", "derived"))

# Kinds and units that name what is measured when a claim has no attribute.
SELF_DESCRIBED_KINDS = ("price", "parameter_count")
SELF_DESCRIBED_UNITS = ("params", "token/s")

KEY = ("_scope", "_subject", "_attribute", "_object", "_baseline", "_unit", "_condition", "_kind")
STARTING_LEVEL = "stage=starting-level"  # the condition conditions.toml gives a change's first figure
NEIGHBOURS = 1  # segments apart within which a subject is lent to an unnamed claim


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


def _match_key(text: str | None) -> str | None:
    """What two names are compared by: the alias lexicon's canonical key, case folded."""
    return fold(canonical_key(text))


def _key_expr(column: str) -> pl.Expr:
    return by_value(column, _match_key, pl.String())


def by_value(column: str, function: Callable[[Any], Any], dtype: pl.DataType) -> pl.Expr:
    """`function` of each value of `column` (null stays null), called once per distinct value: a
    large table names the same few thousand subjects again and again.

    >>> frame = pl.DataFrame({"name": ["io", None, "io"]})
    >>> frame.select(by_value("name", str.upper, pl.String())).to_series().to_list()
    ['IO', None, 'IO']
    """

    def mapped(values: pl.Series) -> pl.Series:
        distinct = values.drop_nulls().unique()
        found = pl.Series([function(value) for value in distinct], dtype=dtype)
        return values.replace_strict(distinct, found, default=None, return_dtype=dtype)

    return pl.col(column).map_batches(mapped, return_dtype=dtype)


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
    # Only what the comparison reads goes on, and a table is copied only where a step changes it:
    # a million claims' columns are gigabytes.
    claims = with_derived(claims)
    claims = claims.select(name for name in claims.columns if name in COMPARED_COLUMNS)
    if claims["value"].null_count():
        claims = claims.filter(pl.col("value").is_not_null())
    if claims["claim_id"].n_unique() < claims.height:  # a claim id seen twice is one claim
        claims = claims.unique("claim_id", keep="first")
    # A figure's condition is read from its sentence: once per sentence and quote, however many
    # claims (copies of one article, derived rates) share them.
    figures = (
        claims.select("sentence", "quote")
        .unique()
        .with_columns(
            _condition=pl.struct("sentence", "quote").map_elements(
                lambda row: conditions.of(row["sentence"], _plain_quote(row["quote"])), return_dtype=pl.String
            )
        )
    )
    claims = claims.with_columns(looked_up(claims, figures, ["sentence", "quote"], "_condition"))
    keyed = claims.with_columns(
        _subject=_key_expr("subject_key"),
        _attribute=pl.when(pl.col("unit").is_in(list(UNIT_ATTRIBUTES)))
        .then(pl.col("unit").replace_strict(UNIT_ATTRIBUTES, default=None, return_dtype=pl.String))
        .otherwise(_key_expr("attribute_key")),
        _object=_key_expr("object"),
        _baseline=_key_expr("baseline"),
        _unit=pl.col("unit").fill_null(""),
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
    priced = by_value("subject_key", priced_thing, pl.Boolean())
    keyed = keyed.filter(
        pl.col("_attribute").is_not_null()
        | (pl.col("_subject").is_not_null() & (_self_described() | (_described() & priced.fill_null(False))))
    )
    return comparison.with_stated_ends(keyed.with_columns(pl.col(list(KEY)).fill_null("")))


def looked_up(df: pl.DataFrame, table: pl.DataFrame, on: list[str], column: str) -> pl.Series:
    """`column` of `table` (one row per value of `on`) for each row of `df`, null where `table`
    has none: a left join of `on` alone, so the rest of `df` is not copied to add one column.

    >>> df = pl.DataFrame({"k": ["a", "b", None], "wide": ["x" * 9] * 3})
    >>> looked_up(df, pl.DataFrame({"k": ["b"], "v": [2]}), ["k"], "v").to_list()
    [None, 2, None]
    """
    joined = df.select(on).join(
        table.select(*on, column), on=on, how="left", nulls_equal=True, maintain_order="left"
    )
    return joined[column]


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
    # figure in the same document and story (a paper and its translation, one article); the items of
    # a digest, each with its own link, are stories of their own.
    story = pl.concat_str([pl.col("doc_id"), pl.col("source_url").fill_null("")], separator="\x1f")
    return pl.when(pl.col("_subject").is_null()).then(story).otherwise(pl.lit(""))


def _fill_from_peers(df: pl.DataFrame, target: str, by: list[str], missing: pl.Expr) -> pl.DataFrame:
    """Where `missing`, set `target` to the one value its peers (same `by`) agree on, if just one."""
    peers = (
        df.filter(~missing & pl.col(target).is_not_null())
        .group_by(by)
        .agg(_peer=pl.col(target).unique())
        .filter(pl.col("_peer").list.len() == 1)
        .with_columns(pl.col("_peer").list.first())
    )
    filled = df.with_columns(looked_up(df, peers, by, "_peer"))
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
    near = (pl.col("_segno") - pl.col("_peer_segno")).abs() <= NEIGHBOURS
    peers = (
        missing.join(named, on=by, how="inner", nulls_equal=True)
        .filter(near & one_source)
        .group_by("_row")
        .agg(pl.col("_peer").unique())
        .filter(pl.col("_peer").list.len() == 1)
        .with_columns(pl.col("_peer").list.first())
    )
    filled = df.with_columns(looked_up(df, peers, ["_row"], "_peer"))
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
    specific = by_value("_subject", specific_subject, pl.Boolean())
    keyed = _fill_from_peers(keyed, "_attribute", by, no_attribute & specific.fill_null(False))
    bare_price = (pl.col("_unit") == "") & (pl.col("_kind") == "price")
    return _fill_from_peers(keyed, "_unit", ["_scope", "_subject", "_attribute", *context], bare_price)


def _check_columns(claims: pl.DataFrame) -> None:
    missing = [name for name in NEEDED_COLUMNS if name not in claims.columns]
    if missing:
        raise TableError(
            f"not a claims table: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
            hint="give the output of `claims extract`",
        )
