"""The value of a number as written and the records a parse builds: `arabic_value`, `Figure` (a
parsed quantity before it is placed in the text) and the parts of one."""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_CEILING, Decimal
from typing import NamedTuple

from claims.quantities.intervals import rounding_step
from claims.quantities.lexicon import UnitDef

ONE = Decimal(1)
HUNDRED = Decimal(100)
TEN = Decimal(10)
HALF = Decimal("0.5")
SECTION = Decimal(10000)  # 万: the scales below it make one section of a figure
SECTIONS = frozenset({SECTION, Decimal(100000000)})  # 万 and 亿 scale a whole section before them
LARGEST = Decimal("1e30")  # no reported figure comes near; longer digit runs are identifiers
ZERO = Decimal(0)
_SEPARATORS = str.maketrans("", "", ", \u00a0\u202f\u2009")
_LARGEST_POWER = 100
_DECIMAL_COMMA = re.compile(r"^\d{1,3}(?:\.\d{3})*,\d{1,2}$")


def arabic_value(text: str) -> Decimal:
    """The value of an Arabic number as written: separators dropped, an exponent applied.

    >>> [str(arabic_value(t)) for t in ("1 234 567.5", "12,34,567", "1.3e6", "2.5^-1", "6.23x10^-4")]
    ['1234567.5', '1234567', '1.3E+6', '0.4', '0.000623']
    """
    if len(text) == 1 and not text.isdigit():  # ⅔: "<fraction> 0032 2044 0033"
        parts = unicodedata.decomposition(text).split()[1:]
        slash = parts.index("2044")
        top = "".join(chr(int(code, 16)) for code in parts[:slash])
        bottom = "".join(chr(int(code, 16)) for code in parts[slash + 1 :])
        return Decimal(top) / Decimal(bottom)
    if "," in text and _DECIMAL_COMMA.search(text):  # 5,00 and 1.111,11: the comma is the decimal point
        text = text.replace(".", "").replace(",", ".")
    plain = text.translate(_SEPARATORS)
    if "^" not in plain:
        return Decimal(plain)
    base, written = plain.split("^", 1)
    digits = written.lstrip("+-−")
    if not digits.isdigit():
        raise NotAQuantity(f"{text}: no power")
    power = (-1 if (written.count("-") + written.count("−")) % 2 else 1) * int(digits)  # 2^--3 is 2^3
    if base[-3:] in ("x10", "×10"):
        return Decimal(base[:-3]).scaleb(power)
    if abs(power) > _LARGEST_POWER:
        raise NotAQuantity(f"{text}: a power beyond any figure")
    return Decimal(base) ** power


class NotAQuantity(Exception):
    """The tokens parse but do not make a quantity (bad numeral, mixed units, lo > hi)."""


class Figure(NamedTuple):
    """A parsed quantity before it is placed in the text."""

    value: Decimal
    lo: Decimal
    hi: Decimal
    unit: str
    dimension: str
    qualifier: str
    shown_value: Decimal | None = None  # in the unit written, for the [shown] dimensions (14 天: 14)
    shown_unit: str = ""  # that unit's id (day)


class Number(NamedTuple):
    written: Decimal  # as written, sign applied (3.40 keeps its two decimals)
    start: int
    end: int
    word: bool = False  # English number words ("two thousand three hundred": parts spaced)
    implied: str = "exact"  # the qualifier the words imply ("dozens": at_least)
    fraction: bool = False  # 四分之一: a part of something, never a count or a size


class Scales(NamedTuple):
    value: Decimal
    end: int  # where the last scale word ends


class Part(NamedTuple):
    number: Number
    scale: Scales | None


class Amount(NamedTuple):
    written: Decimal
    scale: Decimal
    scaled: bool
    more: bool
    implied: str = "exact"
    fraction: bool = False


class Measure(NamedTuple):
    amount: Amount
    unit: UnitDef | None
    factor: Decimal  # extra factor of the form (千分之 -> 0.1)

    def with_defaults(self, unit: UnitDef | None, scale: Decimal | None) -> Measure:
        amount = self.amount
        if scale is not None and not amount.scaled:
            amount = Amount(amount.written, scale, True, amount.more, amount.implied, amount.fraction)
        return Measure(amount, self.unit or unit, self.factor)

    def value_step(self) -> tuple[Decimal, Decimal]:
        if self.unit is not None and self.unit.aspect is not None:
            return self._frame(self.unit.aspect, self.unit.heights), ZERO
        factor = self.amount.scale * self.factor * (self.unit.factor if self.unit else ONE)
        value = self.amount.written * factor
        if abs(value) >= LARGEST:
            raise NotAQuantity("more than any figure in prose: an identifier or a run of digits")
        return value, rounding_step(self.amount.written) * factor

    def _frame(self, aspect: Decimal, heights: frozenset[Decimal]) -> Decimal:
        """The pixels of a frame `self.amount` lines high at `aspect` (1080p: 1920 × 1080); a
        height no video format has (`8 个 P`) is no frame."""
        lines = self.amount.written
        if self.amount.scaled or lines not in heights:
            raise NotAQuantity("not a video format's height")
        width = 2 * (lines * aspect / 2).to_integral_value(rounding=ROUND_CEILING)
        return lines * width
