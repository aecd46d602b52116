"""The cells of a sheet of an .xlsx file, read back for tests (no spreadsheet reader is a test
dependency): each row a list of values, a string, a float, a boolean, or None for an empty cell."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

_NS = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
_REF = re.compile(r"([A-Z]+)(\d+)")


def sheet_rows(path: Path, number: int = 1) -> list[list[object]]:
    """The rows of sheet `number` (1-based, in the workbook's order), header included."""
    with zipfile.ZipFile(path) as book:
        root = ElementTree.fromstring(book.read(f"xl/worksheets/sheet{number}.xml"))
        shared = _shared_strings(book)
    rows: list[list[object]] = []
    for row in root.iterfind(".//x:sheetData/x:row", _NS):
        cells: dict[int, object] = {}
        for cell in row.iterfind("x:c", _NS):
            match = _REF.fullmatch(cell.get("r", ""))
            assert match is not None, cell.get("r")
            cells[_column(match.group(1))] = _value(cell, shared)
        rows.append([cells.get(n) for n in range(max(cells, default=-1) + 1)])
    return rows


def _column(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number - 1


def _value(cell: ElementTree.Element, shared: list[str]) -> object:
    kind = cell.get("t")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iterfind(".//x:t", _NS))
    value = cell.find("x:v", _NS)
    if value is None or value.text is None:
        return None
    if kind == "s":
        return shared[int(value.text)]
    if kind == "b":
        return value.text == "1"
    if kind == "str":
        return value.text
    return float(value.text)


def _shared_strings(book: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in book.namelist():
        return []
    root = ElementTree.fromstring(book.read("xl/sharedStrings.xml"))
    items = root.iterfind("x:si", _NS)
    return ["".join(t.text or "" for t in item.iterfind(".//x:t", _NS)) for item in items]
