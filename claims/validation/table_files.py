"""Reading a file as a claims or conflicts table: columns cast to the contract, or one `TableError`.

A file that is not a table of its kind — columns missing, text where numbers belong — is one error
(exit 2), unlike a table that breaks its checks (`claims.validation.validator`). `read_valid_claims` and
`read_valid_conflicts` also refuse a table that breaks its schema, naming the first failure.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from pathlib import Path

import polars as pl

from claims.errors import TableError, ValidationFailed
from claims.model import CLAIM_COLUMNS, EMPTY_IS_A_VALUE
from claims.output.tableio import format_of, read_table, spooled_stdin
from claims.validation.validator import CONFLICT_COLUMNS, summary_line, validate, validate_conflicts

LATER_COLUMNS = ("evidence", "confidence", "tier", "subject_source")  # nullable columns older tables lack


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
