"""A table written to a spreadsheet sheet a row at a time (`write_sheet`), for `claims export`.

The workbook is opened in XlsxWriter's constant-memory mode: each row goes to a temporary file as
soon as the next one starts, so the sheet takes the memory of one row however long it is (held
whole as cells it took about 9 KB a claim: 8.9 GB for a million claims). Rows must then come in
order, and the sheet is a range with a header row and filters rather than an Excel table object
(which that mode cannot make); strings are written inline, not shared.

Every text is written as text (never a formula or a link), a number as a number, a boolean as a
boolean, and a missing or non-finite value as an empty cell (a spreadsheet has no infinity). Only
the column `Links` names holds links.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl
from rich.cells import cell_len

WORKBOOK_OPTIONS = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
_SLICE_ROWS = 10_000  # rows made into Python values at a time
_WIDTH_SAMPLE = 1_000  # rows read to size each column (constant-memory mode cannot autofit)
_WIDEST, _NARROWEST = 60, 6  # column widths, in characters
_INTEGER_FORMAT = "#,##0"
# Floats as Excel shows them by default ("General"): a price of 0.0000025 per token stays readable,
# where a fixed three decimals would show 0.000.
_FLOAT_FORMAT = "General"

CellWriter = Callable[[int, int, Any], object]


@dataclass(frozen=True, slots=True)
class Links:
    """The column whose texts are written as links where `is_link` says they are one, at most `most`
    in a sheet (Excel keeps no more)."""

    column: str
    is_link: Callable[[str], bool]
    most: int


_NO_LINKS = Links("", lambda text: False, 0)


def write_sheet(book: Any, name: str, frame: pl.DataFrame, links: Links | None = None) -> int:
    """`frame` as the sheet `name` of the constant-memory workbook `book` (`WORKBOOK_OPTIONS`): a bold
    header row, frozen, with filters, then one row per row of `frame`, in order. The texts of the
    column `links` names that are links are written as links, as many as it keeps; returns how many
    more were left as text."""
    sheet = book.add_worksheet(name)
    header = book.add_format({"bold": True})
    writers = [_writer(sheet, book, dtype) for dtype in frame.schema.values()]
    for column, width in enumerate(column_widths(frame)):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(frame.height, 1), max(frame.width - 1, 0))
    sheet.write_row(0, 0, frame.columns, header)
    links = links if links is not None and links.column in frame.columns else _NO_LINKS
    link_column = frame.columns.index(links.column) if links is not _NO_LINKS else -1
    made = left = 0
    row = 1
    for piece in frame.iter_slices(_SLICE_ROWS):
        for values in piece.iter_rows():
            for column, value in enumerate(values):
                if value is None or (isinstance(value, float) and not math.isfinite(value)):
                    continue
                if column == link_column and links.is_link(value):
                    if made < links.most:
                        sheet.write_url(row, column, value, string=value)
                        made += 1
                        continue
                    left += 1
                writers[column](row, column, value)
            row += 1
    return left


def _writer(sheet: Any, book: Any, dtype: pl.DataType) -> CellWriter:
    """How a cell of a column of `dtype` is written: as a number, a boolean, or text."""
    if dtype.is_integer():
        integer = book.add_format({"num_format": _INTEGER_FORMAT})
        return lambda row, column, value: sheet.write_number(row, column, value, integer)
    if dtype.is_float():
        number = book.add_format({"num_format": _FLOAT_FORMAT})
        return lambda row, column, value: sheet.write_number(row, column, value, number)
    if dtype == pl.Boolean:
        return sheet.write_boolean
    return lambda row, column, value: sheet.write_string(row, column, str(value))


def column_widths(frame: pl.DataFrame) -> list[int]:
    """Each column's width in characters: its header's or its widest value's among the first rows,
    a Chinese character counting two, between `_NARROWEST` and `_WIDEST`.

    >>> column_widths(pl.DataFrame({"id": ["a"], "quote": ["OpenAI以64亿美元收购io公司"]}))
    [6, 28]
    """
    sample = frame.head(_WIDTH_SAMPLE)
    widths = []
    for name in frame.columns:
        texts = [name, *(str(v) for v in sample[name].to_list() if v is not None)]
        widest = max(cell_len(text) for text in texts)  # a wide (Chinese) character takes two
        widths.append(min(_WIDEST, max(_NARROWEST, widest + 2)))
    return widths
