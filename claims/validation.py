"""Validating claims and conflicts tables: every failure as a row of a frame, never only the first.

`validate(df)` runs the pandera schema of `claims.schema` lazily and, when the source documents are
given, checks provenance (`text[start:end] == quote`). The result has one row per failure:
`row` (1-based; null for a table-wide failure), `claim_id` (or `conflict_id`), `column`, `check`
(a name from `claims.schema.CHECKS`), `value` (the bad value as text).

>>> import polars as pl
>>> from claims.model import CLAIM_COLUMNS
>>> missing = validate(pl.DataFrame({"claim_id": ["a"]})).filter(pl.col("check") == "column_present")
>>> missing.height == len(CLAIM_COLUMNS) - 1
True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import pandera.errors
import polars as pl

from claims.corpus import Corpus, read_corpus
from claims.errors import TableError, ValidationFailed
from claims.model import CLAIM_COLUMNS, EMPTY_IS_A_VALUE, Document
from claims.schema import FAILURE_COLUMNS, PANDERA_CHECK_NAMES, SHOWN_COLUMNS, ClaimsSchema, ConflictsSchema
from claims.tableio import format_of, read_table, spooled_stdin

Documents = Mapping[str, str] | Corpus | Iterable[Document] | str | Path

LATER_COLUMNS = ("evidence", "confidence", "tier", "subject_source")  # nullable columns older tables lack
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


def document_texts(documents: Documents) -> dict[str, str]:
    """doc_id -> text from a mapping, a `Corpus`, documents, or a corpus folder or file to read."""
    if isinstance(documents, Mapping):
        return dict(documents)
    if isinstance(documents, str | Path):
        documents = read_corpus([Path(documents)])
    if isinstance(documents, Corpus):
        documents = documents.documents
    return {doc.doc_id: doc.text for doc in documents}


def provenance_failures(df: pl.DataFrame, documents: Documents) -> pl.DataFrame:
    """Rows whose doc_id is not in `documents` or whose quote is not `text[start:end]`.

    Rows with unsound offsets (start < 0, end <= start) are left to the schema checks.

    >>> from claims.model import Claim, claims_frame
    >>> c = Claim("c1", "d", "d#0", None, None, None, 2, 4, "5%", "up 5%", "change", None, None,
    ...           None, None, None, None, 5.0, 4.5, 5.5, "%", "exact", "asserted", "en", "r")
    >>> provenance_failures(claims_frame([c]), {"d": "up 5%"})["value"].to_list()
    ["'5%' but the text has ' 5'"]
    """
    texts = document_texts(documents)
    rows = []
    columns = df.select("claim_id", "doc_id", "start", "end", "quote")
    for index, (claim_id, doc_id, start, end, quote) in enumerate(columns.iter_rows()):
        if None in (doc_id, start, end, quote) or start < 0 or end <= start:
            continue
        text = texts.get(doc_id)
        if text is None:
            rows.append((index + 1, claim_id, "doc_id", "document_known", repr(doc_id)))
        elif text[start:end] != quote:
            found = text[start:end]
            rows.append(
                (index + 1, claim_id, "quote", "quote_matches_text", f"{quote!r} but the text has {found!r}")
            )
    return pl.DataFrame(rows, schema=FAILURE_COLUMNS, orient="row") if rows else _empty()


# --- reading a file as a table -------------------------------------------------------------


def conform(df: pl.DataFrame, columns: Mapping[str, pl.DataType], *, path: str | None = None) -> pl.DataFrame:
    """`df` with each contract column cast losslessly to its type; raise `TableError` otherwise.

    A file that is not a table of this kind — columns missing, text where numbers belong — is one
    error (exit 2), unlike a table that breaks its checks. Casts allowed: all-null columns to any
    type, integers to floats, list text `a; b` (CSV) to lists.

    >>> conform(pl.DataFrame({"n": ["x"]}), {"n": pl.Int64()}, path="t.csv")
    Traceback (most recent call last):
    claims.errors.TableError: t.csv: column 'n' holds str, not i64
    """
    # Columns added to the contract later (a conflict's evidence and confidence) may be absent
    # from a table written before them: read as empty.
    df = df.with_columns(
        pl.lit(None).alias(name) for name in LATER_COLUMNS if name in columns and name not in df.columns
    )
    missing = [name for name in columns if name not in df.columns]
    if missing:
        shown = ", ".join(missing[:6]) + (f" and {len(missing) - 6} more" if len(missing) > 6 else "")
        raise TableError(
            f"not a {_table_kind(columns)} table: missing column{'s' if len(missing) > 1 else ''} {shown}",
            path=path,
        )
    casts = []
    for name, expected in columns.items():
        actual = df.schema[name]
        if actual == expected:
            continue
        if actual == pl.Null or (actual.is_integer() and expected.is_float()):
            casts.append(pl.col(name).cast(expected))
        elif actual == pl.String and df.height and df[name].replace("", None).null_count() == df.height:
            casts.append(pl.lit(None, expected).alias(name))  # an empty CSV column: nothing in it
        elif actual == pl.String and isinstance(expected, pl.List):
            casts.append(pl.col(name).str.split("; ").cast(expected))
        else:
            raise TableError(f"column {name!r} holds {_short(actual)}, not {_short(expected)}", path=path)
    return df.with_columns(casts) if casts else df


def _short(dtype: pl.DataType) -> str:
    """Polars' short type names (`str`, `i64`, `f64`), as in its frame headers."""
    short = {pl.String: "str", pl.Int64: "i64", pl.Float64: "f64", pl.Boolean: "bool", pl.Null: "null"}
    return short.get(dtype.base_type(), str(dtype))


def _table_kind(columns: Mapping[str, pl.DataType]) -> str:
    return "conflicts" if "conflict_id" in columns else "claims"


def conform_claims(
    df: pl.DataFrame, *, path: str | None = None, json: bool = False, csv: bool = False
) -> pl.DataFrame:
    """A claims table read from a file, typed by `CLAIM_COLUMNS` (or `TableError`).

    JSON has no infinity, so JSON Lines carries an open side of an interval as null: with
    `json=True` a null `lo` reads as -inf and a null `hi` as +inf. A CSV file saved by a spreadsheet
    or Python's `csv` module writes an empty text unquoted, which reads as null: with `csv=True` the
    columns where empty text has a meaning (`EMPTY_IS_A_VALUE`: the unit of a bare number) read
    null as empty.
    """
    df = conform(df, CLAIM_COLUMNS, path=path)
    if csv:
        df = df.with_columns(pl.col(name).fill_null("") for name in EMPTY_IS_A_VALUE if name in df.columns)
    if json:
        df = df.with_columns(pl.col("lo").fill_null(-math.inf), pl.col("hi").fill_null(math.inf))
    return df


def read_contract_table(path: Path | str) -> tuple[str, pl.DataFrame]:
    """('claims' | 'conflicts', the table typed by its contract) — told apart by the id column.

    A CSV file is read again with its text columns as text where type inference made numbers of
    them (a `subject_key` column holding only `5090`). Not a table of either kind: `TableError`.
    `-` reads the table from standard input.
    """
    path = spooled_stdin(path)
    df = read_table(path)
    kind = "conflicts" if "conflict_id" in df.columns and "claim_id" not in df.columns else "claims"
    columns = CONFLICT_COLUMNS if kind == "conflicts" else CLAIM_COLUMNS
    fmt = format_of(path)
    if fmt == "csv":
        df = _text_columns_as_text(df, Path(path), columns)
    if kind == "conflicts":
        return kind, conform_conflicts(df, path=str(path))
    return kind, conform_claims(df, path=str(path), json=fmt == "jsonl", csv=fmt == "csv")


def _text_columns_as_text(df: pl.DataFrame, path: Path, columns: Mapping[str, pl.DataType]) -> pl.DataFrame:
    inferred = {
        name: pl.String
        for name, dtype in columns.items()
        if dtype == pl.String and name in df.columns and df.schema[name] not in (pl.String, pl.Null)
    }
    if not inferred:
        return df
    return pl.read_csv(path, schema_overrides=inferred, infer_schema_length=10_000)


def read_claims(path: Path | str) -> pl.DataFrame:
    """Read a claims file (.parquet .csv .jsonl) typed by the contract; `TableError` if it is not one."""
    kind, df = read_contract_table(path)
    if kind != "claims":
        raise TableError("a conflicts table, not a claims table", path=str(path))
    return df


def read_valid_claims(path: Path | str) -> pl.DataFrame:
    """A claims file typed by the contract and passing its schema (`ValidationFailed` names the first
    failure): what `conflicts`, `table` and `report` read, so a NaN figure or a doubled id never
    passes unnoticed into a flag or a cell."""
    return _refuse_invalid(read_claims(path), validate, path)


def read_valid_conflicts(path: Path | str) -> pl.DataFrame:
    """A conflicts file typed by the contract and passing its schema."""
    return _refuse_invalid(read_conflicts(path), validate_conflicts, path)


def _refuse_invalid(
    df: pl.DataFrame, check: Callable[[pl.DataFrame], pl.DataFrame], path: Path | str
) -> pl.DataFrame:
    failures = check(df)
    if failures.height == 0:
        return df
    first = failures.row(0, named=True)
    where = f"row {first['row']} " if first["row"] is not None else ""
    error = ValidationFailed(summary_line(failures, df.height), failures=failures, path=str(path))
    first_failure = f"{where}{first['column']} {first['check']} {first['value']}"
    error.hint = f"first: {first_failure}; `claims validate {path}` lists all"
    raise error


def read_conflicts(path: Path | str) -> pl.DataFrame:
    """Read a conflicts file typed by the contract; `TableError` if it is not one."""
    kind, df = read_contract_table(path)
    if kind != "conflicts":
        raise TableError("not a conflicts table: no conflict_id column", path=str(path))
    return df


def conform_conflicts(df: pl.DataFrame, *, path: str | None = None) -> pl.DataFrame:
    """A conflicts table read from a file, typed by the conflicts schema (or `TableError`)."""
    return conform(df, CONFLICT_COLUMNS, path=path)
