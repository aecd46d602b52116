"""The claims schema: generated valid tables pass; each single broken rule is named by its check."""

from __future__ import annotations

import math
from collections.abc import Callable

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.model import CLAIM_COLUMNS, KINDS, MODALITIES, QUALIFIERS, Claim, claims_frame
from claims.validation.kind_units import unit_rules
from claims.validation.schema import CHECKS, ClaimsSchema
from claims.validation.validator import validate

RULES = unit_rules()
DOC_IDS = ("000_digest.md", "articles/004.txt", "wire.jsonl#7")
QUOTE_CHARS = st.sampled_from(list("0123456789.,%万亿美元BxK约近超"))
FILLER = st.text(alphabet=st.sampled_from(list("abc 的了。\n")), max_size=5)


def units_for(kind: str) -> list[str]:
    units = list(RULES.by_kind[kind])
    if kind in RULES.currency_kinds:
        units += ["USD", "CNY", "EUR", "JPY", "HKD"]
    return units


@st.composite
def claim_rows(draw: st.DrawFn, n: int) -> tuple[pl.DataFrame, dict[str, str]]:
    """`n` valid claim rows, their quotes placed in document texts (returned under key `_texts`)."""
    texts = {doc: draw(FILLER) for doc in DOC_IDS}
    rows = []
    for i in range(n):
        doc = draw(st.sampled_from(DOC_IDS))
        quote = draw(st.text(QUOTE_CHARS, min_size=1, max_size=8))
        start = len(texts[doc])
        texts[doc] += quote + draw(FILLER)
        kind = draw(st.sampled_from(KINDS))
        unit = draw(st.sampled_from(units_for(kind)))
        if kind == "score" and unit == "%":
            value = draw(st.floats(0, 100))
        else:
            value = draw(st.floats(-1e12, 1e12, allow_nan=False))
        lo = draw(st.one_of(st.just(-math.inf), st.floats(-1e13, value)))
        hi = draw(st.one_of(st.just(math.inf), st.floats(value, 1e13)))
        optional = st.one_of(st.none(), st.text(min_size=1, max_size=6))
        claim = Claim(
            claim_id=f"c{i}",
            doc_id=doc,
            segment_id=f"{doc}#{draw(st.integers(0, 3))}",
            title=draw(optional),
            source_url=draw(st.one_of(st.none(), st.just("https://example.org/a"))),
            published=draw(st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()))),
            start=start,
            end=start + len(quote),
            quote=quote,
            sentence=f"…{quote}…",
            kind=kind,
            subject=draw(optional),
            subject_key=draw(optional),
            attribute=draw(optional),
            attribute_key=draw(optional),
            object=draw(optional),
            baseline=draw(optional),
            value=value,
            lo=lo,
            hi=hi,
            unit=unit,
            qualifier=draw(st.sampled_from(QUALIFIERS)),
            modality=draw(st.sampled_from(MODALITIES)),
            lang=draw(st.sampled_from(["zh", "en"])),
            rule_id="test.rule",
            derived=draw(st.booleans()),
        )
        rows.append(claim)
    return claims_frame(rows), texts


@st.composite
def tables(draw: st.DrawFn, min_rows: int = 1) -> tuple[pl.DataFrame, dict[str, str]]:
    frame, texts = draw(claim_rows(draw(st.integers(min_rows, 6))))
    return frame, texts


def setcell(df: pl.DataFrame, row: int, **values: object) -> pl.DataFrame:
    """`df` with the given columns replaced at `row` (types kept)."""
    out = df
    for name, value in values.items():
        series = out[name].to_list()
        series[row] = value
        out = out.with_columns(pl.Series(name, series, dtype=df.schema[name]))
    return out


def quote_of(df: pl.DataFrame, row: int) -> str:
    return df["quote"][row]


# name -> (mutation of one row, column the failure names, check that names it)
Mutation = Callable[[pl.DataFrame, int], pl.DataFrame]
MUTATIONS: dict[str, tuple[Mutation, str, str]] = {
    "empty claim_id": (lambda df, i: setcell(df, i, claim_id=" "), "claim_id", "not_empty"),
    "null doc_id": (lambda df, i: setcell(df, i, doc_id=None), "doc_id", "not_null"),
    "empty rule_id": (lambda df, i: setcell(df, i, rule_id=""), "rule_id", "not_empty"),
    "null quote": (lambda df, i: setcell(df, i, quote=None), "quote", "not_null"),
    "empty quote": (
        lambda df, i: setcell(df, i, quote="", end=df["start"][i] + 1),
        "quote",
        "not_empty",
    ),
    "negative start": (
        lambda df, i: setcell(
            df, i, start=-1 - df["start"][i], end=-1 - df["start"][i] + len(quote_of(df, i))
        ),
        "start",
        "start_non_negative",
    ),
    "end at start": (lambda df, i: setcell(df, i, end=df["start"][i]), "end", "end_after_start"),
    "quote longer than span": (
        lambda df, i: setcell(df, i, quote=quote_of(df, i) + "9"),
        "quote",
        "quote_length_matches_span",
    ),
    "segment of another document": (
        lambda df, i: setcell(df, i, segment_id="elsewhere.md#0"),
        "segment_id",
        "segment_in_document",
    ),
    "date not ISO": (lambda df, i: setcell(df, i, published="2025/06/08"), "published", "iso_date"),
    "unknown kind": (lambda df, i: setcell(df, i, kind="rumour"), "kind", "kind_known"),
    "unknown qualifier": (lambda df, i: setcell(df, i, qualifier="roughly"), "qualifier", "qualifier_known"),
    "unknown modality": (lambda df, i: setcell(df, i, modality="maybe"), "modality", "modality_known"),
    "value NaN": (lambda df, i: setcell(df, i, value=math.nan), "value", "not_null"),
    "value infinite": (lambda df, i: setcell(df, i, value=math.inf), "value", "value_finite"),
    "lo NaN": (lambda df, i: setcell(df, i, lo=math.nan), "lo", "not_null"),
    "hi NaN": (lambda df, i: setcell(df, i, hi=math.nan), "hi", "not_null"),
    "lo above value": (
        lambda df, i: setcell(df, i, lo=df["value"][i] + abs(df["value"][i]) + 1),
        "value",
        "lo_le_value_le_hi",
    ),
    "hi below value": (
        lambda df, i: setcell(df, i, hi=df["value"][i] - abs(df["value"][i]) - 1),
        "value",
        "lo_le_value_le_hi",
    ),
    "unit no kind allows": (lambda df, i: setcell(df, i, unit="furlong"), "unit", "unit_allowed_for_kind"),
    "null derived": (lambda df, i: setcell(df, i, derived=None), "derived", "not_null"),
    "percent score above 100": (
        lambda df, i: setcell(df, i, kind="score", unit="%", value=120.0, lo=119.5, hi=120.5),
        "value",
        "percent_score_in_range",
    ),
    "percent score below 0": (
        lambda df, i: setcell(df, i, kind="score", unit="%", value=-3.0, lo=-3.5, hi=-2.5),
        "value",
        "percent_score_in_range",
    ),
}


def failed(failures: pl.DataFrame) -> set[tuple[int | None, str, str]]:
    return set(failures.select("row", "column", "check").iter_rows())


def test_schema_columns_are_the_claims_contract() -> None:
    columns = ClaimsSchema.to_schema().columns
    assert list(columns) == list(CLAIM_COLUMNS)
    assert {name: col.dtype.type for name, col in columns.items()} == CLAIM_COLUMNS


def test_every_check_named_in_the_schema_is_documented() -> None:
    names = {check.name for col in ClaimsSchema.to_schema().columns.values() for check in col.checks}
    assert names <= set(CHECKS)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_valid_tables_pass(table: tuple[pl.DataFrame, dict[str, str]]) -> None:
    frame, texts = table
    assert validate(frame, documents=texts).to_dicts() == []


def test_empty_table_is_valid() -> None:
    assert validate(claims_frame([])).height == 0


@pytest.mark.parametrize("mutation", list(MUTATIONS))
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=tables(), pick=st.integers(0, 5))
def test_each_broken_rule_is_named_by_its_check(
    mutation: str, table: tuple[pl.DataFrame, dict[str, str]], pick: int
) -> None:
    frame, _ = table
    row = pick % frame.height
    mutate, column, check = MUTATIONS[mutation]
    assert failed(validate(mutate(frame, row))) == {(row + 1, column, check)}


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=tables(), pick=st.integers(0, 5))
def test_invalid_currency_code_is_named(table: tuple[pl.DataFrame, dict[str, str]], pick: int) -> None:
    frame, _ = table
    row = pick % frame.height
    bad = setcell(frame, row, kind="price", unit="ZZZ")  # any row made a price: no filtering
    assert failed(validate(bad)) == {(row + 1, "unit", "currency_iso4217")}


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=tables(min_rows=2), pick=st.integers(0, 5))
def test_duplicate_claim_id_names_both_rows(table: tuple[pl.DataFrame, dict[str, str]], pick: int) -> None:
    frame, _ = table
    row = 1 + pick % (frame.height - 1)
    bad = setcell(frame, row, claim_id=frame["claim_id"][0])
    assert failed(validate(bad)) == {(1, "claim_id", "unique"), (row + 1, "claim_id", "unique")}


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=tables(), pick=st.integers(0, 5))
def test_quote_not_in_document_is_named(table: tuple[pl.DataFrame, dict[str, str]], pick: int) -> None:
    frame, texts = table
    row = pick % frame.height
    quote = frame["quote"][row]
    other = "Q" * len(quote)
    bad = setcell(frame, row, quote=other)
    failures = validate(bad, documents=texts)
    assert failed(failures) == {(row + 1, "quote", "quote_matches_text")}
    assert failures["value"][0] == f"{other!r} but the text has {quote!r}"
    assert validate(bad).height == 0  # without the documents, provenance is not judged


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=tables(), pick=st.integers(0, 5))
def test_unknown_document_is_named(table: tuple[pl.DataFrame, dict[str, str]], pick: int) -> None:
    frame, texts = table
    row = pick % frame.height
    bad = setcell(frame, row, doc_id="gone.md", segment_id="gone.md#0")
    assert failed(validate(bad, documents=texts)) == {(row + 1, "doc_id", "document_known")}


def test_all_failures_are_reported_not_only_the_first() -> None:
    frame = claims_frame([example_claim("a"), example_claim("b")])
    bad = setcell(setcell(frame, 0, kind="nonsense", start=-5), 1, qualifier="nearly", unit="pp")
    assert failed(validate(bad)) == {
        (1, "kind", "kind_known"),
        (1, "start", "start_non_negative"),
        (2, "qualifier", "qualifier_known"),
        (2, "unit", "unit_allowed_for_kind"),
    }


def test_report_rows_word_for_word() -> None:
    frame = claims_frame([example_claim("a")])
    bad = setcell(frame, 0, lo=7e9, unit="params")
    assert validate(bad).to_dicts() == [
        {
            "row": 1,
            "claim_id": "a",
            "column": "value",
            "check": "lo_le_value_le_hi",
            "value": "lo=7000000000.0 value=6400000000.0 hi=6450000000.0",
        },
        {
            "row": 1,
            "claim_id": "a",
            "column": "unit",
            "check": "unit_allowed_for_kind",
            "value": "kind='price' unit='params'",
        },
    ]


def test_wrong_type_and_missing_column_are_table_wide() -> None:
    frame = claims_frame([example_claim("a")])
    bad = frame.with_columns(pl.col("start").cast(pl.Float64)).drop("modality")
    assert validate(bad).to_dicts() == [
        {"row": None, "claim_id": None, "column": "modality", "check": "column_present", "value": None},
        {
            "row": None,
            "claim_id": None,
            "column": "start",
            "check": "dtype",
            "value": "Float64 (expected Int64)",
        },
    ]


def example_claim(claim_id: str) -> Claim:
    return Claim(
        claim_id, "d.md", "d.md#0", "io", None, "2025-05-22", 1, 6, "64亿美元", "以64亿美元收购io",
        "price", "OpenAI", "openai", "收购", "acquisition_price", "io", None,
        6.4e9, 6.35e9, 6.45e9, "USD", "exact", "asserted", "zh", "price.acquire",
    )  # fmt: skip
