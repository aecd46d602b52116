"""How a claim's figure is shown in a table: display units, number formats, qualifier marks.

Values arrive in the canonical unit of their dimension (bytes, B/s, W, ISO currency codes, raw
counts); a column names a display unit (`GB`, `TB/s`, `billion`) and a format. Display units are a
table, not branches: add a row to `DISPLAY_UNITS` to offer a new one.

>>> column = type("C", (), {"format": "number", "display": "GB", "decimals": 1})()
>>> figure_text({"value": 3.2e10, "lo": 3.15e10, "hi": 3.25e10, "unit": "B", "qualifier": "exact"}, column)
'32 GB'
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Protocol

from claims.conflicts.comparison import stated_ends


@dataclass(frozen=True, slots=True)
class DisplayUnit:
    """Show values of canonical `unit` (None: any unit) divided by `factor`, followed by `suffix`."""

    unit: str | None
    factor: float
    suffix: str


DISPLAY_UNITS = MappingProxyType(
    {
        "B": DisplayUnit("B", 1, " B"),
        "MB": DisplayUnit("B", 1e6, " MB"),
        "GB": DisplayUnit("B", 1e9, " GB"),
        "TB": DisplayUnit("B", 1e12, " TB"),
        "GiB": DisplayUnit("B", 2**30, " GiB"),
        "GB/s": DisplayUnit("B/s", 1e9, " GB/s"),
        "TB/s": DisplayUnit("B/s", 1e12, " TB/s"),
        "W": DisplayUnit("W", 1, " W"),
        "kW": DisplayUnit("W", 1e3, " kW"),
        "TOPS": DisplayUnit("OPS", 1e12, " TOPS"),
        "TFLOPS": DisplayUnit("FLOPS", 1e12, " TFLOPS"),
        "PFLOPS": DisplayUnit("FLOPS", 1e15, " PFLOPS"),
        "token/s": DisplayUnit("token/s", 1, " token/s"),
        "s": DisplayUnit("s", 1, " s"),
        "min": DisplayUnit("s", 60, " min"),
        "h": DisplayUnit("s", 3600, " h"),
        "d": DisplayUnit("s", 86400, " d"),
        "mo": DisplayUnit("s", 2629746, " mo"),  # a month and a year as docs/units.md counts them
        "yr": DisplayUnit("s", 31556952, " yr"),
        "x": DisplayUnit("x", 1, "×"),
        "%": DisplayUnit("%", 1, "%"),
        "pp": DisplayUnit("pp", 1, " pp"),
        # Plain scales for counts, parameters and money: 6.71e11 params -> 671B, 6.4e9 USD -> $6.4B.
        "thousand": DisplayUnit(None, 1e3, "K"),
        "million": DisplayUnit(None, 1e6, "M"),
        "billion": DisplayUnit(None, 1e9, "B"),
        "trillion": DisplayUnit(None, 1e12, "T"),
        "plain": DisplayUnit(None, 1, ""),
    }
)
# `display = "auto"`: each figure takes the largest of these scales it reaches ($100M, $6.5B, 549).
AUTO_SCALES = ("trillion", "billion", "million")
# A duration is shown in the largest of these it fills a whole number of (14 天 -> 14 d, not 1,209,600 s).
TIME_SCALES = ("yr", "mo", "d", "h", "min")
# Displays that choose a scale per figure, and the canonical unit each shows (None: any).
AUTOMATIC_DISPLAYS = MappingProxyType({"auto": None, "auto_time": "s"})
# The display used when a column names none, by canonical unit.
DEFAULT_DISPLAY = MappingProxyType(
    {
        "B": "GB",
        "B/s": "GB/s",
        "params": "billion",
        "OPS": "TOPS",
        "FLOPS": "TFLOPS",
        "%": "%",
        "pp": "pp",
        "x": "x",
        "s": "auto_time",
    }
)
FORMATS = ("number", "integer", "currency", "percent")
CURRENCY_SYMBOLS = MappingProxyType(
    {"USD": "$", "EUR": "€", "GBP": "£", "CNY": "¥", "JPY": "JP¥", "HKD": "HK$", "KRW": "₩", "INR": "₹"}
)
QUALIFIER_MARKS = MappingProxyType({"exact": "", "approx": "~", "at_least": "≥", "at_most": "≤", "range": ""})


class ColumnLike(Protocol):
    format: str
    display: str | None
    decimals: int


def number_text(value: float, decimals: int) -> str:
    """`value` with thousands separators and at most `decimals` decimals, trailing zeros dropped.

    >>> number_text(1792.0, 2), number_text(1.7999, 2), number_text(2500, 0)
    ('1,792', '1.8', '2,500')
    """
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _affixes(unit: str, column: ColumnLike, size: float = 0.0) -> tuple[str, str, float]:
    """(prefix, suffix, factor) for values of `unit` (magnitude `size`) shown in `column`."""
    name = column.display or DEFAULT_DISPLAY.get(unit, "")
    if name == "auto":
        name = next((s for s in AUTO_SCALES if size >= DISPLAY_UNITS[s].factor), "plain")
    if name == "auto_time":
        name = next((s for s in TIME_SCALES if _whole(size, DISPLAY_UNITS[s].factor)), "s")
    display = DISPLAY_UNITS.get(name)
    factor, suffix = (display.factor, display.suffix) if display else (1.0, "")
    prefix = ""
    if column.format == "currency":
        symbol = CURRENCY_SYMBOLS.get(unit)
        prefix = symbol if symbol else ""
        suffix = suffix if symbol else f"{suffix} {unit}"
    elif column.format == "percent" and unit in ("%", "pp"):
        suffix = "%" if unit == "%" else " pp"
    elif display is None and unit:
        suffix = f" {unit}"  # no display named: keep the canonical unit visible
    return prefix, suffix, factor


def _whole(size: float, factor: float) -> bool:
    """`size` is at least one `factor` and a whole number of them (1,209,600 s is 14 days)."""
    count = size / factor
    return count >= 1 and abs(count - round(count)) < 1e-6 * max(1.0, count)


def _written_decimals(quote: str | None, shown: float) -> int | None:
    """The decimals the quote's number is written with when it is the figure shown (`84.0%` -> 1);
    None when it has none or is scaled (`1.5万` is 15,000, not 1.5)."""
    found = _DECIMALS.search(quote or "")
    if found is None or abs(float(found.group(0).replace("．", ".")) - shown) > 1e-9 * max(1.0, abs(shown)):
        return None
    return len(found.group(1))


_DECIMALS = re.compile(r"\d+[.．](\d+)")


def figure_text(row: dict[str, Any], column: ColumnLike) -> str:
    """One claim's figure as shown in `column`: `~$1.8B`, `$2,000–2,500`, `≥20%`, `32 GB`.

    >>> column = type("C", (), {"format": "currency", "display": None, "decimals": 0})()
    >>> price = {"value": 2250.0, "lo": 2000.0, "hi": 2500.0, "unit": "USD", "qualifier": "range"}
    >>> figure_text(price, column)
    '$2,000–2,500'
    >>> figure_text(price | {"quote": "2000-2500 美元左右", "lo": 1900.0, "hi": 2625.0}, column)
    '$2,000–2,500'
    """
    size = abs(row["hi"] if row["qualifier"] == "range" else row["value"])
    prefix, suffix, factor = _affixes(row["unit"] or "", column, size)
    decimals = 0 if column.format == "integer" else column.decimals

    def num(value: float) -> str:
        written = _written_decimals(row.get("quote"), value / factor) if column.format != "integer" else None
        if written is not None:
            return f"{value / factor:,.{written}f}"  # as written: 84.0% stays 84.0%
        return number_text(value / factor, decimals)

    if row["qualifier"] == "range":
        # The ends as written (2000-2500 美元左右 -> $2,000–2,500), not the interval 左右 widens.
        low, high = stated_ends(row.get("quote"), row["value"], row["lo"], row["hi"], "range")
        return f"{prefix}{num(low)}–{num(high)}{suffix}"
    return f"{QUALIFIER_MARKS.get(row['qualifier'], '')}{prefix}{num(row['value'])}{suffix}"
