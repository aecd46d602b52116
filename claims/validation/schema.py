"""The claims and conflicts tables, column by column, as pandera schemas (polars backend).

Each column says what it holds; each check beyond its type has a name that appears verbatim in
failure reports (`CHECKS` describes them). `claims.validation.validator.validate(df)` runs them and returns
every failure as a frame — row, claim_id, column, check, value — never only the first.

>>> from claims.model import Claim, claims_frame
>>> from claims.validation.validator import validate
>>> claim = Claim("c1", "d.md", "d.md#0", None, None, None, 4, 9, "64亿美元", "花64亿美元收购",
...               "price", "OpenAI", "openai", "收购", "acquisition_price", "io", None,
...               6.4e9, 6.35e9, 6.45e9, "USD", "exact", "asserted", "zh", "price.acquire")
>>> validate(claims_frame([claim])).height
0
>>> validate(claims_frame([claim]), documents={"d.md": "用于花64亿美元收购"})["check"].to_list()
['quote_matches_text']
"""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from claims.model import (
    KINDS,
    MODALITIES,
    PERCENT_SCORE_RANGE,
    QUALIFIERS,
    STATUS_TABLE,
    STATUSES,
    SUBJECT_SOURCES,
    TIERS,
    VERDICTS,
)
from claims.validation.kind_units import UnitRules, unit_rules

CURRENCY_SHAPE = r"^[A-Z]{3}$"
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"

# The failure report: `row` is 1-based (the first data row is 1; null for a table-wide failure).
FAILURE_COLUMNS: dict[str, pl.DataType] = {
    "row": pl.Int64(),
    "claim_id": pl.String(),
    "column": pl.String(),
    "check": pl.String(),
    "value": pl.String(),
}

# Every check a report may name, with what it means. Type checks come from pandera itself.
CHECKS: dict[str, str] = {
    "column_present": "the column exists",
    "dtype": "the column has its declared type",
    "not_null": "no missing value (null, or NaN in a float column) in a required column",
    "unique": "no value occurs twice",
    "not_empty": "text holds more than whitespace",
    "start_non_negative": "start >= 0",
    "end_after_start": "end > start",
    "quote_length_matches_span": "len(quote) == end - start",
    "segment_in_document": "segment_id is `doc_id#n`",
    "iso_date": "published is a date YYYY-MM-DD",
    "kind_known": f"kind is one of {', '.join(KINDS)}",
    "qualifier_known": f"qualifier is one of {', '.join(QUALIFIERS)}",
    "modality_known": f"modality is one of {', '.join(MODALITIES)}",
    "subject_source_known": f"subject_source is empty or one of {', '.join(SUBJECT_SOURCES)}",
    "value_finite": "value is not infinite (lo and hi may be)",
    "lo_le_value_le_hi": "lo <= value <= hi",
    "unit_allowed_for_kind": "the unit is one its kind allows (claims/data/kind_units.toml)",
    "currency_iso4217": "a currency unit is an ISO 4217 code (claims/data/iso4217.txt)",
    "percent_score_in_range": "a score in % lies within [0, 100]",
    "document_known": "doc_id names a document of the corpus given",
    "quote_matches_text": "the document's text[start:end] is the quote",
    "status_known": f"status is one of {', '.join(STATUSES)}",
    "tier_known": f"tier is empty or one of {', '.join(TIERS)}",
    "verdict_known": f"verdict is empty or one of {', '.join(VERDICTS)}",
    "severity_non_negative": "severity is a number >= 0",
    "confidence_in_unit": "confidence is a number between 0 and 1",
    "at_least_two_claims": "a group holds two or more distinct claim ids (one, checked against its name)",
    "values_listed": "at least one figure is listed",
    "sources_counted": "1 <= n_sources <= number of claims",
    "one_line": "the explanation is one non-empty line",
}

# Which columns a report shows as the bad value of a row-level check (else the column's own value).
SHOWN_COLUMNS: dict[str, tuple[str, ...]] = {
    "end_after_start": ("start", "end"),
    "quote_length_matches_span": ("quote", "start", "end"),
    "segment_in_document": ("doc_id", "segment_id"),
    "lo_le_value_le_hi": ("lo", "value", "hi"),
    "unit_allowed_for_kind": ("kind", "unit"),
    "percent_score_in_range": ("kind", "unit", "value"),
    "sources_counted": ("n_sources", "claim_ids"),
}

# pandera's own names for its built-in checks -> ours.
PANDERA_CHECK_NAMES = {
    "column_in_dataframe": "column_present",
    "not_nullable": "not_null",
    "field_uniqueness": "unique",
}


# --- units by kind (data) ------------------------------------------------------------------


def _unit_allowed_expr(rules: UnitRules) -> pl.Expr:
    """True where the unit suits the kind; null (no verdict) for an unknown or missing kind."""
    kind, unit = pl.col("kind"), pl.col("unit")
    shaped = unit.str.contains(CURRENCY_SHAPE) & ~unit.is_in(list(rules.canonical))
    expr: pl.Expr = pl.lit(None, dtype=pl.Boolean)
    for name, units in rules.by_kind.items():
        ok = unit.is_in(list(units))
        if name in rules.currency_kinds:
            ok = ok | shaped
        expr = pl.when(kind == name).then(ok).otherwise(expr)
    return expr


def _currency_expr(rules: UnitRules) -> pl.Expr:
    """For currency-shaped units of kinds that take money: the code is a known ISO 4217 code."""
    unit = pl.col("unit")
    applies = (
        pl.col("kind").is_in(list(rules.currency_kinds))
        & unit.str.contains(CURRENCY_SHAPE)
        & ~unit.is_in(list(rules.canonical))
    )
    return pl.when(applies).then(unit.is_in(sorted(rules.currencies)))


def _not_empty(column: str) -> pl.Expr:
    return pl.col(column).str.strip_chars().str.len_chars() > 0


# --- the claims table ----------------------------------------------------------------------


class ClaimsSchema(pa.DataFrameModel):
    """One row per quantitative claim: where it was read, what it says, how sure, which rule."""

    claim_id: str = pa.Field(unique=True, description="Stable id: hash of document id, span and value.")
    doc_id: str = pa.Field(description="The document: file path relative to the root given (jsonl: file#id).")
    segment_id: str = pa.Field(description="The news item or article within the document: doc_id#n.")
    title: str = pa.Field(nullable=True, description="Title of the segment.")
    source_url: str = pa.Field(nullable=True, description="The item's own link, when given.")
    published: str = pa.Field(nullable=True, description="Publication date YYYY-MM-DD, when known.")
    start: int = pa.Field(description="Offset of the quote in the document text (characters, from 0).")
    end: int = pa.Field(description="Offset just past the quote: text[start:end] == quote.")
    quote: str = pa.Field(description="The quantity exactly as written.")
    sentence: str = pa.Field(description="The sentence around the quote.")
    kind: str = pa.Field(description="What sort of claim: " + ", ".join(KINDS) + ".")
    subject: str = pa.Field(nullable=True, description="The entity the claim is about, as written.")
    subject_key: str = pa.Field(nullable=True, description="The subject, normalised.")
    attribute: str = pa.Field(nullable=True, description="What is measured, as written.")
    attribute_key: str = pa.Field(nullable=True, description="What is measured, normalised.")
    object: str = pa.Field(nullable=True, description="A second entity (acquirer -> target).")
    baseline: str = pa.Field(nullable=True, description="For speedups and changes: compared with what.")
    value: float = pa.Field(description="The stated value in the canonical unit (a range: its midpoint).")
    lo: float = pa.Field(description="Lowest value the wording allows (-inf when open below).")
    hi: float = pa.Field(description="Highest value the wording allows (+inf when open above).")
    unit: str = pa.Field(
        description="Canonical unit: ISO 4217 code for money, %, pp, x, params, B, ...; '' for a bare number."
    )
    qualifier: str = pa.Field(description="How the figure was stated: " + ", ".join(QUALIFIERS) + ".")
    modality: str = pa.Field(description="asserted, or speculative (rumoured, expected, 传言, 预计).")
    lang: str = pa.Field(description="Language of the sentence (zh, en).")
    rule_id: str = pa.Field(description="The rule that produced the claim.")
    derived: bool = pa.Field(description="True when computed from other figures (an amount over a duration).")
    subject_source: str = pa.Field(
        nullable=True, description="How the subject was chosen: " + ", ".join(SUBJECT_SOURCES) + "."
    )

    class Config:
        name = "claims"
        strict = False  # extra columns are allowed: later stages may add their own
        coerce = False

    @pa.check("claim_id", "doc_id", "segment_id", "quote", "sentence", "lang", "rule_id", name="not_empty")
    def _text_not_empty(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(_not_empty(data.key))

    @pa.check("start", name="start_non_negative")
    def _start(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("start") >= 0)

    @pa.check("end", name="end_after_start")
    def _end(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("end") > pl.col("start"))

    @pa.check("quote", name="quote_length_matches_span")
    def _span(cls, data: pa.PolarsData) -> pl.LazyFrame:
        # Only judged where the offsets and quote are themselves sound, so one error is reported once.
        sound = (pl.col("start") >= 0) & (pl.col("end") > pl.col("start")) & _not_empty("quote")
        same = pl.col("quote").str.len_chars().cast(pl.Int64) == pl.col("end") - pl.col("start")
        return data.lazyframe.select(pl.when(sound).then(same))

    @pa.check("segment_id", name="segment_in_document")
    def _segment(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("segment_id").str.starts_with(pl.col("doc_id") + "#"))

    @pa.check("published", name="iso_date")
    def _published(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("published").str.contains(ISO_DATE))

    @pa.check("kind", name="kind_known")
    def _kind(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("kind").is_in(list(KINDS)))

    @pa.check("qualifier", name="qualifier_known")
    def _qualifier(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("qualifier").is_in(list(QUALIFIERS)))

    @pa.check("modality", name="modality_known")
    def _modality(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("modality").is_in(list(MODALITIES)))

    @pa.check("subject_source", name="subject_source_known")
    def _subject_source(cls, data: pa.PolarsData) -> pl.LazyFrame:
        source = pl.col("subject_source")
        return data.lazyframe.select(source.is_null() | source.is_in(list(SUBJECT_SOURCES)))

    @pa.check("value", name="value_finite")
    def _finite(cls, data: pa.PolarsData) -> pl.LazyFrame:
        # NaN is reported by pandera's own not_null check, so only infinities are judged here.
        value = pl.col("value")
        return data.lazyframe.select(pl.when(value.is_not_nan()).then(value.is_finite()))

    @pa.check("value", name="lo_le_value_le_hi")
    def _interval(cls, data: pa.PolarsData) -> pl.LazyFrame:
        sound = pl.col("value").is_finite() & pl.col("lo").is_not_nan() & pl.col("hi").is_not_nan()
        ordered = (pl.col("lo") <= pl.col("value")) & (pl.col("value") <= pl.col("hi"))
        return data.lazyframe.select(pl.when(sound).then(ordered))

    @pa.check("unit", name="unit_allowed_for_kind")
    def _unit(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(_unit_allowed_expr(unit_rules()))

    @pa.check("unit", name="currency_iso4217")
    def _currency(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(_currency_expr(unit_rules()))

    @pa.check("value", name="percent_score_in_range")
    def _percent(cls, data: pa.PolarsData) -> pl.LazyFrame:
        applies = (pl.col("kind") == "score") & (pl.col("unit") == "%") & pl.col("value").is_finite()
        return data.lazyframe.select(pl.when(applies).then(pl.col("value").is_between(*PERCENT_SCORE_RANGE)))


# --- the conflicts table -------------------------------------------------------------------


class ConflictsSchema(pa.DataFrameModel):
    """One row per group of claims about the same fact whose figures disagree."""

    conflict_id: str = pa.Field(unique=True, description="Stable id: hash of the sorted member claim ids.")
    subject_key: str = pa.Field(description="The normalised subject the claims share.")
    attribute_key: str = pa.Field(description="The normalised attribute the claims share.")
    object: str = pa.Field(nullable=True, description="The second entity, when the fact relates two.")
    unit: str = pa.Field(description="The canonical unit the figures are compared in.")
    status: str = pa.Field(
        description="; ".join(f"{status.name}: {status.meaning}" for status in STATUS_TABLE) + "."
    )
    severity: float = pa.Field(description="Relative gap between the figures; worst first.")
    claim_ids: pl.List(pl.String) = pa.Field(description="The member claims (claims.claim_id).")
    values: pl.List(pl.String) = pa.Field(description="The distinct figures as written.")
    n_sources: int = pa.Field(description="How many distinct sources state them.")
    explanation: str = pa.Field(description="One line a fact-checker can read.")
    evidence: str = pa.Field(
        nullable=True,
        description="What ties the claims to one fact (claims.conflicts.identity): the same version, deal…",
    )
    confidence: float = pa.Field(
        nullable=True, description="How sure the identity is, 0-1; ranks flags with severity."
    )
    tier: str = pa.Field(
        nullable=True,
        description="flag (identity established) or possible (only a shared key; shown when asked).",
    )
    verdict: str = pa.Field(nullable=True, description="A review's verdict: " + ", ".join(VERDICTS) + ".")
    review_note: str = pa.Field(nullable=True, description="The reviewer's note.")
    correct_value: str = pa.Field(nullable=True, description="The right figure, for resolved groups.")

    class Config:
        name = "conflicts"
        strict = False
        coerce = False

    @pa.check("conflict_id", "subject_key", "attribute_key", name="not_empty")
    def _text_not_empty(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(_not_empty(data.key))

    @pa.check("status", name="status_known")
    def _status(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("status").is_in(list(STATUSES)))

    @pa.check("tier", name="tier_known")
    def _tier(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("tier").is_in(list(TIERS)))

    @pa.check("verdict", name="verdict_known")
    def _verdict(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("verdict").is_in(list(VERDICTS)))

    @pa.check("severity", name="severity_non_negative")
    def _severity(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("severity").is_not_nan() & (pl.col("severity") >= 0))

    @pa.check("claim_ids", name="at_least_two_claims")
    def _members(cls, data: pa.PolarsData) -> pl.LazyFrame:
        # A check inside one claim (`Foo-7B` said to have 7亿 parameters) sets one claim against the
        # figure its own name states: one claim id, two figures.
        members = pl.col("claim_ids").list.unique().list.len()
        return data.lazyframe.select((members >= 2) | ((members == 1) & (pl.col("values").list.len() >= 2)))

    @pa.check("values", name="values_listed")
    def _values(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("values").list.len() >= 1)

    @pa.check("n_sources", name="sources_counted")
    def _sources(cls, data: pa.PolarsData) -> pl.LazyFrame:
        n = pl.col("n_sources")
        return data.lazyframe.select((n >= 1) & (n <= pl.col("claim_ids").list.len()))

    @pa.check("confidence", name="confidence_in_unit")
    def _confidence(cls, data: pa.PolarsData) -> pl.LazyFrame:
        value = pl.col("confidence")
        return data.lazyframe.select(value.is_null() | (value.is_not_nan() & value.is_between(0, 1)))

    @pa.check("explanation", name="one_line")
    def _explanation(cls, data: pa.PolarsData) -> pl.LazyFrame:
        text = pl.col("explanation")
        return data.lazyframe.select(_not_empty("explanation") & ~text.str.contains("[\r\n]"))
