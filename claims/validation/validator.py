"""Validating claims and conflicts tables: every failure as a row of a frame, never only the first.

`validate(df)` runs the pandera schema of `claims.validation.schema` lazily and, when the source documents are
given, checks provenance (`text[start:end] == quote`). The result has one row per failure:
`row` (1-based; null for a table-wide failure), `claim_id` (or `conflict_id`), `column`, `check`
(a name from `claims.validation.schema.CHECKS`), `value` (the bad value as text).

>>> import polars as pl
>>> from claims.model import CLAIM_COLUMNS
>>> missing = validate(pl.DataFrame({"claim_id": ["a"]})).filter(pl.col("check") == "column_present")
>>> missing.height == len(CLAIM_COLUMNS) - 1
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pandera.errors
import polars as pl

from claims.errors import ValidationFailed
from claims.ingest.corpus import Corpus, iter_documents
from claims.model import CLAIM_COLUMNS, Document
from claims.validation.schema import (
    FAILURE_COLUMNS,
    PANDERA_CHECK_NAMES,
    SHOWN_COLUMNS,
    ClaimsSchema,
    ConflictsSchema,
)

Documents = Mapping[str, str] | Corpus | Iterable[Document] | str | Path

CONFLICT_COLUMNS: dict[str, pl.DataType] = {
    name: column.dtype.type for name, column in ConflictsSchema.to_schema().columns.items()
}


def validate(df: pl.DataFrame, *, documents: Documents | None = None) -> pl.DataFrame:
    """Every failure of a claims table (empty frame when valid); with `documents`, provenance too.

    `documents` is a mapping doc_id -> text, a `Corpus`, documents, or a corpus folder/file to read.
    """
    failures = schema_failures(df, ClaimsSchema, id_column="claim_id")
    if documents is not None and _has_columns(df, ("doc_id", "start", "end", "quote")):
        failures = pl.concat([failures, provenance_failures(df, documents)])
    return _sorted(failures)


def validate_conflicts(df: pl.DataFrame) -> pl.DataFrame:
    """Every failure of a conflicts table: row, conflict_id, column, check, value."""
    failures = schema_failures(df, ConflictsSchema, id_column="conflict_id")
    return _sorted(failures).rename({"claim_id": "conflict_id"})


def ensure_valid(
    df: pl.DataFrame, *, documents: Documents | None = None, path: str | None = None
) -> pl.DataFrame:
    """`df` itself when valid; else raise `ValidationFailed` carrying the failures frame.

    >>> import polars as pl
    >>> try:
    ...     ensure_valid(pl.DataFrame({"claim_id": ["a"]}), path="c.csv")
    ... except ValidationFailed as error:
    ...     print(error)
    c.csv: ... schema failures in 1 row
    """
    failures = validate(df, documents=documents)
    if failures.height:
        raise ValidationFailed(summary_line(failures, df.height), failures=failures, path=path)
    return df


def summary_line(failures: pl.DataFrame, rows: int) -> str:
    """`3 schema failures in 2 rows` (rows: those with a failure, or all rows for table-wide ones).

    >>> summary_line(pl.DataFrame(schema=FAILURE_COLUMNS), 704)
    'no schema failures in 704 rows'
    """
    if failures.height == 0:
        return f"no schema failures in {rows} row{'s' if rows != 1 else ''}"
    bad_rows = failures["row"].drop_nulls().n_unique()
    if failures["row"].null_count():
        bad_rows = rows
    plural = "s" if failures.height != 1 else ""
    return f"{failures.height} schema failure{plural} in {bad_rows} row{'s' if bad_rows != 1 else ''}"


# --- schema failures -----------------------------------------------------------------------


def schema_failures(df: pl.DataFrame, model: type, *, id_column: str) -> pl.DataFrame:
    """Run `model` lazily over `df` and turn pandera's failure cases into the report frame."""
    try:
        model.validate(df, lazy=True)
    except pandera.errors.SchemaErrors as errors:
        cases = errors.failure_cases
    else:
        return _empty()
    return _report(cases, df, id_column)


def _report(cases: pl.DataFrame, df: pl.DataFrame, id_column: str) -> pl.DataFrame:
    checks = cases["check"]
    structural = bool((checks.str.starts_with("dtype(") | (checks == "column_in_dataframe")).any())
    ids = df[id_column].cast(pl.String, strict=False) if id_column in df.columns else None
    rows = []
    for case in cases.iter_rows(named=True):
        check = _our_name(case["check"])
        column = case["failure_case"] if check == "column_present" else case["column"]
        index = case["index"]
        if index is None and check not in ("column_present", "dtype") and structural:
            # A check that could not run because a column is missing or mistyped: already reported.
            continue
        value = case["failure_case"]
        if check == "dtype":
            value = f"{value} (expected {_expected_dtype(case['check'])})"
        elif check == "column_present":
            value = None
        elif index is not None and check in SHOWN_COLUMNS:
            value = _shown(df, index, SHOWN_COLUMNS[check])
        rows.append(
            {
                "row": None if index is None else index + 1,
                "claim_id": None if index is None or ids is None else ids[index],
                "column": column,
                "check": check,
                "value": value,
            }
        )
    return pl.DataFrame(rows, schema=FAILURE_COLUMNS) if rows else _empty()


def _our_name(pandera_name: str) -> str:
    if pandera_name.startswith("dtype("):
        return "dtype"
    return PANDERA_CHECK_NAMES.get(pandera_name, pandera_name)


def _expected_dtype(pandera_name: str) -> str:
    return pandera_name.removeprefix("dtype(").removesuffix(")").strip("'\"")


def _shown(df: pl.DataFrame, index: int, columns: tuple[str, ...]) -> str:
    row = df.row(index, named=True)
    return " ".join(f"{name}={_text(row.get(name))}" for name in columns)


def _text(value: object) -> str:
    if isinstance(value, float) and math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if isinstance(value, str):
        return repr(value)
    return str(value)


def _empty() -> pl.DataFrame:
    return pl.DataFrame(schema=FAILURE_COLUMNS)


def _sorted(failures: pl.DataFrame) -> pl.DataFrame:
    return failures.sort("row", nulls_last=False, maintain_order=True)


def _has_columns(df: pl.DataFrame, names: Iterable[str]) -> bool:
    return all(name in df.columns and df.schema[name] == CLAIM_COLUMNS[name] for name in names)


# --- provenance ----------------------------------------------------------------------------


def each_document(documents: Corpus | Iterable[Document] | str | Path) -> Iterable[Document]:
    """The documents of a `Corpus`, of a stream of documents (taken as they come) or of a corpus
    folder or file (read one file at a time, unsplit): a large corpus is never held whole."""
    if isinstance(documents, str | Path):
        return (doc for doc, _ in iter_documents([Path(documents)], split=False))
    return documents.documents if isinstance(documents, Corpus) else documents


def each_text(documents: Documents) -> Iterator[tuple[str, str]]:
    """(doc_id, text) of each document in turn (`each_document`; a mapping gives its items)."""
    if isinstance(documents, Mapping):
        yield from documents.items()
        return
    for doc in each_document(documents):
        yield doc.doc_id, doc.text


def provenance_failures(df: pl.DataFrame, documents: Documents) -> pl.DataFrame:
    """Rows whose doc_id is not in `documents` or whose quote is not `text[start:end]`.

    Rows with unsound offsets (start < 0, end <= start) are left to the schema checks.

    >>> from claims.model import Claim, claims_frame
    >>> c = Claim("c1", "d", "d#0", None, None, None, 2, 4, "5%", "up 5%", "change", None, None,
    ...           None, None, None, None, 5.0, 4.5, 5.5, "%", "exact", "asserted", "en", "r")
    >>> provenance_failures(claims_frame([c]), {"d": "up 5%"})["value"].to_list()
    ["'5%' but the text has ' 5'"]
    """
    # the rows to check, by document: each document's text is looked at once, as it is read
    wanted: dict[str, list[tuple[int, str, int, int, str]]] = {}
    columns = df.select("claim_id", "doc_id", "start", "end", "quote")
    for index, (claim_id, doc_id, start, end, quote) in enumerate(columns.iter_rows()):
        if None in (doc_id, start, end, quote) or start < 0 or end <= start:
            continue
        wanted.setdefault(doc_id, []).append((index + 1, claim_id, start, end, quote))
    rows = []
    for doc_id, text in each_text(documents):
        for row, claim_id, start, end, quote in wanted.pop(doc_id, ()):
            if text[start:end] != quote:
                found = text[start:end]
                rows.append(
                    (row, claim_id, "quote", "quote_matches_text", f"{quote!r} but the text has {found!r}")
                )
    for doc_id, unknown in wanted.items():  # no document of that id was given
        rows += [(row, claim_id, "doc_id", "document_known", repr(doc_id)) for row, claim_id, *_ in unknown]
    rows.sort(key=lambda failure: failure[0])  # in the table's order, each row failing once at most
    return pl.DataFrame(rows, schema=FAILURE_COLUMNS, orient="row") if rows else _empty()
