"""From a parse of `grammars/quantity.lark` to a figure: value, interval, canonical unit, qualifier.

The `FigureBuilder` is a Lark `Transformer` whose methods are the grammar's rule names and aliases.
`claims.quantity` runs them bottom-up over a parse tree whose leaves are the scanner's tokens
(`Tok`), and gets a `Figure`: a `Quantity` without its place in the text, so one build serves
every place the same words appear.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from itertools import pairwise
from typing import Any, NamedTuple

from lark import Transformer

from claims.english_numerals import parse_english
from claims.intervals import QUALIFIER_OF_KIND, interval, range_interval, rounding_step
from claims.numerals import parse_chinese
from claims.quantity_lexicon import Lexicon, UnitDef
from claims.quantity_scan import Tok

ONE = Decimal(1)
HUNDRED = Decimal(100)
LARGEST = Decimal("1e30")  # no reported figure comes near; longer digit runs are identifiers


_SEPARATORS = str.maketrans("", "", ", \u00a0\u202f\u2009")


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
    plain = text.translate(_SEPARATORS)
    if "^" not in plain:
        return Decimal(plain)
    base, power = plain.split("^", 1)
    if base[-3:] in ("x10", "×10"):
        return Decimal(base[:-3]).scaleb(int(power))
    if abs(int(power)) > _LARGEST_POWER:
        raise NotAQuantity(f"{text}: a power beyond any figure")
    return Decimal(base) ** int(power)


_LARGEST_POWER = 100


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


class _Number(NamedTuple):
    written: Decimal  # as written, sign applied (3.40 keeps its two decimals)
    start: int
    end: int
    word: bool = False  # English number words ("two thousand three hundred": parts spaced)
    implied: str = "exact"  # the qualifier the words imply ("dozens": at_least)
    fraction: bool = False  # 四分之一: a part of something, never a count or a size


class _Scales(NamedTuple):
    value: Decimal
    end: int  # where the last scale word ends


class _Part(NamedTuple):
    number: _Number
    scale: _Scales | None


class _Amount(NamedTuple):
    written: Decimal
    scale: Decimal
    scaled: bool
    more: bool
    implied: str = "exact"
    fraction: bool = False


class _Measure(NamedTuple):
    amount: _Amount
    unit: UnitDef | None
    factor: Decimal  # extra factor of the form (千分之 -> 0.1)

    def with_defaults(self, unit: UnitDef | None, scale: Decimal | None) -> _Measure:
        amount = self.amount
        if scale is not None and not amount.scaled:
            amount = _Amount(amount.written, scale, True, amount.more, amount.implied, amount.fraction)
        return _Measure(amount, self.unit or unit, self.factor)

    def value_step(self) -> tuple[Decimal, Decimal]:
        factor = self.amount.scale * self.factor * (self.unit.factor if self.unit else ONE)
        value = self.amount.written * factor
        if abs(value) >= LARGEST:
            raise NotAQuantity("more than any figure in prose: an identifier or a run of digits")
        return value, rounding_step(self.amount.written) * factor


_NUMBER_UNIT = UnitDef("number", "number", "", ONE)
_FRACTION_UNIT = UnitDef("fraction", "fraction", "", ONE)
_PERCENT = UnitDef("percent", "percent", "%", ONE)
_RESOLUTION = UnitDef("pixel", "resolution", "px", ONE)


def _tokens(children: list[Any], kind: str) -> list[Tok]:
    return [child for child in children if type(child) is Tok and child.kind == kind]


def _of(children: list[Any], cls: type) -> list[Any]:
    return [child for child in children if type(child) is cls]


class FigureBuilder(Transformer):
    """Callbacks of the LALR parser: each rule of quantity.lark builds its part of a `Figure`."""

    def __init__(self, lexicon: Lexicon) -> None:
        super().__init__()
        self.lexicon = lexicon

    # --- lookups ------------------------------------------------------------------------
    def _roles(self, token: Tok) -> tuple:
        text = token.text
        roles = self.lexicon.tail.get(text)
        if roles is None:
            roles = self.lexicon.tail.get(text.lower(), ())
        return roles

    def _payload(self, token: Tok, kind: str) -> Any:
        for role in self._roles(token):
            if role.kind == kind:
                return role.payload
        raise NotAQuantity(f"{token.text} is not a {kind}")

    def _qualifier_before(self, token: Tok) -> str:
        text = token.text
        return self.lexicon.before.get(text) or self.lexicon.before[text.lower()]

    # --- numbers ------------------------------------------------------------------------
    def number(self, children: list[Any]) -> _Number:
        token = children[-1]
        sign = children[0].text if len(children) == 2 else ""
        negative = (
            sign in ("-", "−", *self.lexicon.negative) or sign.lower() in self.lexicon.english_words.negative
        )
        mark = next((m for m in self.lexicon.fraction_marks if m in token.text), None)
        if mark is not None:  # 四分之一: numerator over denominator, exact as written
            denominator, numerator = (self._plain_number(part.strip()) for part in token.text.split(mark, 1))
            if not denominator:
                raise NotAQuantity(f"{token.text} has a zero denominator")
            value = numerator / denominator
            return _Number(-value if negative else value, children[0].start, token.end, True, fraction=True)
        if token.kind == "NUM" and token.text[0].isalpha():
            numeral = parse_english(token.text, self.lexicon.english_words)
            if numeral is None:
                raise NotAQuantity(f"{token.text} is not an English numeral")
            value = -numeral.value if negative else numeral.value
            return _Number(value, children[0].start, token.end, True, numeral.kind)
        if token.kind == "NUM":
            value = arabic_value(token.text)
        else:
            parsed = parse_chinese(
                token.text, self.lexicon.digits, self.lexicon.cn_units, self.lexicon.points
            )
            if parsed is None:
                raise NotAQuantity(f"{token.text} is not a Chinese numeral")
            value = parsed
        return _Number(-value if negative else value, children[0].start, token.end)

    def _plain_number(self, text: str) -> Decimal:
        """An Arabic or a Chinese numeral's value (a fraction's two parts)."""
        if text[:1].isdigit():
            return Decimal(text)
        parsed = parse_chinese(text, self.lexicon.digits, self.lexicon.cn_units, self.lexicon.points)
        if parsed is None:
            raise NotAQuantity(f"{text} is not a numeral")
        return parsed

    def scales(self, children: list[Any]) -> _Scales:
        if len(children) > 2:
            raise NotAQuantity("more than two scale words in a row")  # 10万万 is the most seen
        total = ONE
        for token in children:
            total *= self._payload(token, "SCALE")[0]
        return _Scales(total, children[-1].end)

    def amount(self, children: list[Any]) -> _Amount:
        number = children[0]
        scales = _of(children, _Scales)
        scale = ONE
        for part in scales:
            scale *= part.value
        more = bool(_tokens(children, "MORE"))
        return _Amount(number.written, scale, bool(scales), more, number.implied, number.fraction)

    def compound(self, children: list[Any]) -> _Part:
        scales = _of(children, _Scales)
        number = _of(children, _Number)[0]
        if _tokens(children, "JOIN"):  # "3 hundred and 21": the part after "and" closes the number
            number = number._replace(word=True)
        return _Part(number, scales[0] if scales else None)

    def compound_amount(self, children: list[Any]) -> _Amount:
        """5万4千6百 = 5·10⁴ + 4·10³ + 6·10²; each part below the scale before it."""
        parts = [_Part(children[0], children[1]), *_of(children, _Part)]
        for before, part in pairwise(parts):
            assert before.scale is not None
            limit = before.scale.value
            if part.scale is None:
                glued = part.number.start == before.scale.end or part.number.word
                if part is not parts[-1] or not glued:
                    raise NotAQuantity("an unscaled part must close the figure, glued to it")
                if not 0 <= part.number.written < limit:
                    raise NotAQuantity("a part at or above the scale before it")
                if part.number.word and part.number.written < 1:  # 3 million and a half
                    part = parts[-1] = _Part(part.number._replace(written=part.number.written * limit), None)
            elif part.scale.value >= limit or part.number.written * part.scale.value >= limit:
                raise NotAQuantity("scales must fall")
        total = sum((p.number.written * (p.scale.value if p.scale else ONE) for p in parts), Decimal(0))
        return _Amount(total, ONE, True, False)

    def unit(self, children: list[Any]) -> UnitDef:
        units = _tokens(children, "UNIT")
        if units:
            unit = self._payload(units[0], "UNIT")
            if _tokens(children, "MOD") and not unit.modifier:
                raise NotAQuantity("descriptor before a unit that takes none")
            return unit
        return self.lexicon.count_unit

    # --- measures -----------------------------------------------------------------------
    def plain(self, children: list[Any]) -> _Measure:
        units = _of(children, UnitDef)
        if not units and children[0].fraction:
            return _Measure(children[0], _FRACTION_UNIT, ONE)  # 四分之一: a part, no unit of its own
        if units and children[0].fraction:
            raise NotAQuantity("a fraction takes no unit (九分之一成本: 成 opens 成本)")
        return _Measure(children[0], units[0] if units else None, ONE)

    def money_first(self, children: list[Any]) -> _Measure:
        code = self._payload(children[0], "CURPRE")
        for token in _tokens(children, "UNIT"):  # ¥1999元, US$5 USD: the same currency twice
            if self._payload(token, "UNIT").unit != code:
                raise NotAQuantity("two different currencies on one figure")
        return _Measure(children[1], UnitDef(code, "currency", code, ONE), ONE)

    def over(self, children: list[Any]) -> _Measure:
        """1 over 3, two out of five: a numerator over a denominator, a part with no unit."""
        numerator, denominator = _of(children, _Number)
        if not denominator.written:
            raise NotAQuantity("a zero denominator")
        value = numerator.written / denominator.written
        return _Measure(_Amount(value, ONE, False, False, fraction=True), _FRACTION_UNIT, ONE)

    def money_minor(self, children: list[Any]) -> _Measure:
        """3 dollars 50 cents, thirteen dollars and forty-five: a whole unit of a currency and its
        minor part (the currency's minor unit, or hundredths when none is written)."""
        amount, minor = children[0], _of(children, _Number)[0]
        units = [self._payload(token, "UNIT") for token in _tokens(children, "UNIT")]
        major = units[0]
        if major.dimension != "currency" or major.factor != 1 or not 0 <= minor.written < HUNDRED:
            raise NotAQuantity("a minor part needs a whole currency unit before it and stays below 100")
        if len(units) > 1 and (units[1].unit != major.unit or units[1].factor >= 1):
            raise NotAQuantity("the minor unit of another currency")
        factor = units[1].factor if len(units) > 1 else ONE / HUNDRED
        total = amount.written * amount.scale + minor.written * factor
        return _Measure(_Amount(total, ONE, False, False), major, ONE)

    def money_scaled(self, children: list[Any]) -> _Measure:
        """75 USD million: a currency code, then the scale of the figure."""
        amount, unit = children[0], self._payload(children[1], "UNIT")
        if unit.dimension != "currency" or amount.scaled:
            raise NotAQuantity("a scale after the unit needs a currency and an unscaled number")
        scaled = amount._replace(scale=_of(children, _Scales)[0].value, scaled=True)
        return _Measure(scaled, unit, ONE)

    def percent_first(self, children: list[Any]) -> _Measure:
        denominator = Decimal(self.lexicon.percent_prefix[children[0].text])
        return _Measure(children[1], _PERCENT, HUNDRED / denominator)

    # --- figures ------------------------------------------------------------------------
    def _kind(self, children: list[Any], amount: _Amount | None) -> str:
        before = _tokens(children, "PREQ")
        if before:
            return self._qualifier_before(before[0])
        after = _tokens(children, "POSTQ")
        if after:
            return self._payload(after[0], "POSTQ")
        if amount is None:
            return "exact"
        return "more" if amount.more else amount.implied

    def single(self, children: list[Any]) -> Figure:
        measure = _of(children, _Measure)[0]
        unit = measure.unit or _NUMBER_UNIT
        value, step = measure.value_step()
        kind = self._kind(children, measure.amount)
        lo, hi = interval(value, step, kind)
        return Figure(value, lo, hi, unit.unit, unit.dimension, QUALIFIER_OF_KIND[kind])

    def span(self, children: list[Any]) -> Figure:
        first, second = _of(children, _Measure)
        if first.unit and second.unit and first.unit.dimension != second.unit.dimension:
            raise NotAQuantity("range ends in different dimensions")
        joiner = (_tokens(children, "DASH") or _tokens(children, "AND"))[0].text
        worded = joiner.isalpha() and joiner.isascii()
        # "rose 3.5-fold to 1,200": a unit on the first end only is no range ("$10 to 20" is one)
        if worded and first.unit and not second.unit and first.unit.dimension != "currency":
            raise NotAQuantity("a worded range with a unit on its first end only")
        scale = second.amount.scale if second.amount.scaled else None
        first = first.with_defaults(second.unit, scale)
        second = second.with_defaults(first.unit, None)
        low, high = first.value_step(), second.value_step()
        if low[0] >= high[0]:
            raise NotAQuantity("range end not above its start")
        kind = self._kind(children, None)
        lo, hi = range_interval(low, high, kind)
        unit = second.unit or _NUMBER_UNIT
        return Figure((low[0] + high[0]) / 2, lo, hi, unit.unit, unit.dimension, "range")

    def span_words(self, children: list[Any]) -> Figure:
        opener = _tokens(children, "FROM")[0].text.lower()
        if _tokens(children, "AND") and opener != "between":
            raise NotAQuantity("'and' range without 'between'")
        return self.span(children)

    def resolution(self, children: list[Any]) -> Figure:
        width, height = (Decimal(token.text.replace(",", "")) for token in _tokens(children, "NUM"))
        pixels = width * height
        if pixels >= LARGEST:
            raise NotAQuantity("not a resolution")
        return Figure(pixels, pixels, pixels, _RESOLUTION.unit, _RESOLUTION.dimension, "exact")

    def rate(self, children: list[Any]) -> Figure:
        figure = _of(children, Figure)[0]
        if figure.dimension not in ("tokens", "number"):
            raise NotAQuantity("a per-second prefix needs a token count")
        return Figure(figure.value, figure.lo, figure.hi, "token/s", "token_rate", figure.qualifier)

    def start(self, children: list[Any]) -> Figure:
        return children[0]
