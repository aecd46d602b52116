"""The claims (and their conflicts) for other tools: a SQLite database with full-text search on the
quotes, which Datasette opens as it is, or a spreadsheet.

`EXPORTERS` maps a file extension to its writer. Each writes all or nothing (`claims.output.atomic`).

- SQLite (`.db`, `.sqlite`): table `claims` (primary key `claim_id`) with an FTS5 index of trigrams
  (Chinese has no spaces between words) on `quote`, `sentence` and `title`, kept current by triggers;
  with conflicts, table `conflicts` (`claim_ids` as a JSON list) and `conflict_claims` (one row per
  conflict and claim, foreign keys to both), and the derived figures conflicts cite as `claims` rows
  with `derived` true, so every id joins. Written by sqlite-utils.
- Excel (`.xlsx`): sheet `claims`, and `conflicts` when given, with a header row and filters,
  written by XlsxWriter a row at a time in constant memory (`claims.output.spreadsheet`); a table
  longer than a sheet goes on in `claims 2`, `claims 3`. An open interval end (±∞) is an empty
  cell: a spreadsheet has no infinity.
  Text read from the news stays text (no formula, no link); the sources are links, up to the number
  Excel keeps in a sheet.

Both libraries are the `export` extra: `pip install 'claims-news[export]'`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Any

import polars as pl

from claims.errors import RenderError
from claims.output.atomic import replacing

EXTRA = "pip install 'claims-news[export]'"
FULL_TEXT = ("quote", "sentence", "title")  # the claims columns SQLite's full-text index covers


def _library(name: str, purpose: str, path: Path) -> ModuleType:
    try:
        return import_module(name)
    except ImportError:
        raise RenderError(f"writing {purpose} needs {name}", path=str(path), hint=EXTRA) from None


def cited_claims(claims: pl.DataFrame, conflicts: pl.DataFrame | None) -> pl.DataFrame:
    """The claims plus the derived figures the conflicts name (`dr-…`), so every cited id has a row."""
    if conflicts is None or conflicts.height == 0:
        return claims
    from claims.extraction.derive import with_derived

    return with_derived(claims)


_BATCH_ROWS = 10_000  # rows made into Python records at a time for sqlite-utils


def _rows(frame: pl.DataFrame) -> Iterator[dict]:
    """The rows of `frame` as records, a slice at a time: a million claims as records at once held
    about 3 GB."""
    for piece in frame.iter_slices(_BATCH_ROWS):
        yield from piece.iter_rows(named=True)


def write_sqlite(
    claims: pl.DataFrame,
    conflicts: pl.DataFrame | None,
    path: Path,
    on_warning: Callable[[str], None] | None = None,
) -> Path:
    """A SQLite database of the claims (and conflicts) with full-text search on the quotes (nothing
    to warn about: every text is stored as written)."""
    sqlite_utils = _library("sqlite_utils", "SQLite", path)
    claims = cited_claims(claims, conflicts)
    with replacing(path) as tmp:
        db = sqlite_utils.Database(tmp)
        _filled(db["claims"], claims, pk="claim_id")
        # Chinese has no spaces between words, so the index is of trigrams: any piece of three or more
        # characters is found, in either language (`64亿美元`, `MMLU`, `估值约`).
        db["claims"].enable_fts(list(FULL_TEXT), fts_version="FTS5", create_triggers=True, tokenize="trigram")
        if conflicts is not None:
            # sqlite-utils stores a list (claim_ids, values) as JSON text
            _filled(db["conflicts"], conflicts, pk="conflict_id")
            links = conflicts.select("conflict_id", "claim_ids").explode("claim_ids")
            _filled(
                db["conflict_claims"],
                links.rename({"claim_ids": "claim_id"}),
                pk=("conflict_id", "claim_id"),
                foreign_keys=[("conflict_id", "conflicts"), ("claim_id", "claims")],
            )
        db.close()
    return path


def _filled(table: Any, frame: pl.DataFrame, **keys: Any) -> None:
    """`frame`'s rows inserted into the sqlite-utils `table`; with no rows the table is still made,
    with its columns (inserting nothing makes no table, and the full-text index needs one)."""
    if frame.height:
        table.insert_all(_rows(frame), columns=_columns(frame), **keys)
    else:
        table.create(_columns(frame), **keys)


def _columns(frame: pl.DataFrame) -> dict[str, type]:
    """Column types for sqlite-utils, so an empty or all-null column still gets its type."""
    kinds = {pl.String: str, pl.Int64: int, pl.Float64: float, pl.Boolean: int}
    return {name: kinds.get(dtype.base_type(), str) for name, dtype in frame.schema.items()}


# Excel keeps at most this many links in one sheet (XlsxWriter drops the rest, one warning each).
EXCEL_LINKS = 65_530
# Rows of data written to one sheet: Excel's sheet holds 1,048,576 rows, its header one of them.
# A table with more goes on in sheets of the same name numbered on (`claims 2`, `claims 3`).
SHEET_ROWS = 1_000_000
_LINKED = "source_url"  # the one column written as links: where each claim was published
_WEB_LINK = re.compile(r"https?://\S+\Z")


def write_xlsx(
    claims: pl.DataFrame,
    conflicts: pl.DataFrame | None,
    path: Path,
    on_warning: Callable[[str], None] | None = None,
) -> Path:
    """A spreadsheet: sheet `claims` (and `conflicts`), header row with filters, written a row at a
    time (`claims.output.spreadsheet`). Every text is a text: a sentence that opens with `=` or a
    link's `http` stays as written (read from the news, it must never become a formula or a link to
    follow); only `source_url` is a link, as far as Excel allows (`EXCEL_LINKS`; past that the rest
    are text and `on_warning` is told once). A table longer than `SHEET_ROWS` goes on in sheets
    numbered on (`_sheets`), told once too: no row is left out."""
    xlsxwriter = _library("xlsxwriter", "a spreadsheet", path)
    from claims.output.spreadsheet import WORKBOOK_OPTIONS, Links, write_sheet

    tables = {"claims": cited_claims(claims, conflicts)}
    if conflicts is not None:
        lists = [name for name, dtype in conflicts.schema.items() if isinstance(dtype, pl.List)]
        tables["conflicts"] = conflicts.with_columns(pl.col(name).list.join("; ") for name in lists)
    links = Links(_LINKED, lambda text: _WEB_LINK.match(text) is not None, EXCEL_LINKS)
    with replacing(path) as tmp, xlsxwriter.Workbook(tmp, WORKBOOK_OPTIONS) as book:
        for table, whole in tables.items():
            sheets = _sheets(table, whole)
            if len(sheets) > 1 and on_warning is not None:
                on_warning(
                    f"{path}: {whole.height:,} {table} rows, more than a sheet's {SHEET_ROWS:,}: "
                    f"written to {len(sheets)} sheets ({', '.join(sheets)})"
                )
            for name, frame in sheets.items():
                left = write_sheet(book, name, frame, links)
                if left and on_warning is not None:
                    on_warning(
                        f"{path}: sheet {name} has {EXCEL_LINKS + left:,} source links, more than the "
                        f"{EXCEL_LINKS:,} Excel keeps in one sheet: the last {left:,} are plain text"
                    )
    return path


def _sheets(name: str, frame: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """The sheets a table is written to, `SHEET_ROWS` rows each: `name`, then `name 2`, `name 3`.

    >>> list(_sheets("claims", pl.DataFrame({"a": range(SHEET_ROWS + 1)})))
    ['claims', 'claims 2']
    """
    parts = [frame.slice(at, SHEET_ROWS) for at in range(0, max(frame.height, 1), SHEET_ROWS)]
    return {name if n == 0 else f"{name} {n + 1}": part for n, part in enumerate(parts)}


Writer = Callable[[pl.DataFrame, pl.DataFrame | None, Path, Callable[[str], None] | None], Path]
EXPORTERS: dict[str, Writer] = {
    ".db": write_sqlite,
    ".sqlite": write_sqlite,
    ".sqlite3": write_sqlite,
    ".xlsx": write_xlsx,
}


def export(
    claims: pl.DataFrame,
    path: Path | str,
    conflicts: pl.DataFrame | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> Path:
    """Write the claims (and conflicts) in the format the extension of `path` names; `on_warning`
    is told what the format could not keep (a spreadsheet's links past Excel's limit).

    >>> export(pl.DataFrame(), "claims.txt")
    Traceback (most recent call last):
    claims.errors.RenderError: claims.txt: cannot export to .txt (use .db, .sqlite, .sqlite3 or .xlsx)
    """
    path = Path(path)
    writer = EXPORTERS.get(path.suffix.lower())
    if writer is None:
        names = list(EXPORTERS)
        hint = f"use {', '.join(names[:-1])} or {names[-1]}"
        raise RenderError(
            f"cannot export to {path.suffix or 'a file without extension'}", path=str(path), hint=hint
        )
    return writer(claims, conflicts, path, on_warning)  # a refusal of the system is one line (`replacing`)
