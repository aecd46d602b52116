"""From a parse of `grammars/quantity.lark` to a figure: value, interval, canonical unit, qualifier.

The `FigureBuilder` is a Lark `Transformer` whose methods are the grammar's rule names and aliases.
`claims.quantities.find` runs them bottom-up over a parse tree whose leaves are the scanner's tokens
(`Tok`), and gets a `Figure`: a `Quantity` without its place in the text, so one build serves
every place the same words appear.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise
from typing import Any

from lark import Transformer

from claims.quantities.english_numerals import parse_english
from claims.quantities.intervals import QUALIFIER_OF_KIND, interval, range_interval
from claims.quantities.lexicon import QuantityLexicon, SubUnit, UnitDef
from claims.quantities.numerals import parse_chinese
from claims.quantities.tokens import Tok
from claims.quantities.values import (
    HALF,
    HUNDRED,
    LARGEST,
    ONE,
    SECTION,
    SECTIONS,
    TEN,
    Amount,
    Figure,
    Measure,
    NotAQuantity,
    Number,
    Part,
    Scales,
    arabic_value,
)

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

    def __init__(self, lexicon: QuantityLexicon) -> None:
        super().__init__()
        self.lexicon = lexicon
        self._digits = str.maketrans({char: str(value) for char, value in lexicon.digits.items()})

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
    def number(self, children: list[Any]) -> Number:
        token = children[-1]
        sign = children[0].text if len(children) == 2 else ""
        negative = (
            sign in ("-", "−", *self.lexicon.negative) or sign.lower() in self.lexicon.english_words.negative
        )
        fraction = self._fraction(token.text)
        if fraction is not None:  # 四分之一, 2/3, 1又1/2: numerator over denominator, exact as written
            value, part = fraction
            return Number(-value if negative else value, children[0].start, token.end, True, fraction=part)
        if token.kind == "NUM" and token.text[0].isalpha():
            numeral = parse_english(token.text, self.lexicon.english_words)
            if numeral is None:
                raise NotAQuantity(f"{token.text} is not an English numeral")
            value = -numeral.value if negative else numeral.value
            return Number(value, children[0].start, token.end, True, numeral.kind)
        if token.kind == "NUM":
            value = arabic_value(token.text)
        else:
            parsed = parse_chinese(
                token.text, self.lexicon.digits, self.lexicon.cn_units, self.lexicon.points
            )
            if parsed is None:
                raise NotAQuantity(f"{token.text} is not a Chinese numeral")
            value = parsed
        return Number(-value if negative else value, children[0].start, token.end)

    def _fraction(self, text: str) -> tuple[Decimal, bool] | None:
        """The value of a fraction or a mixed number, and whether it is a bare part (四分之一, 2/3:
        a part of something, no unit) rather than a number (1又1/2); None when `text` is neither."""
        lexicon = self.lexicon
        whole = Decimal(0)
        mix = next((m for m in lexicon.mixed if m in text), None)
        if mix is None and " " in text.strip() and any(m in text for m in lexicon.fraction_slash):
            mix = " "  # 1 3/5
        if mix is not None:
            first, text = text.split(mix, 1)
            whole = self._plain_number(first.strip())
        mark = next((m for m in lexicon.fraction_marks if m in text), None)
        slash = next((m for m in lexicon.fraction_slash if m in text), None)
        if mark is not None:
            denominator, numerator = (self._plain_number(part.strip()) for part in text.split(mark, 1))
        elif slash is not None:
            numerator, denominator = (self._plain_number(part.strip()) for part in text.split(slash, 1))
        else:
            return None
        if not denominator:
            raise NotAQuantity(f"{text} has a zero denominator")
        return whole + numerator / denominator, mix is None

    def _plain_number(self, text: str) -> Decimal:
        """An Arabic or a Chinese numeral's value (a fraction's two parts)."""
        negative = next((n for n in self.lexicon.negative if text.startswith(n)), None)
        if negative is not None:  # 3分之负一
            return -self._plain_number(text[len(negative) :])
        if text[:1].isdigit():
            return Decimal(text)
        parsed = parse_chinese(text, self.lexicon.digits, self.lexicon.cn_units, self.lexicon.points)
        if parsed is None:
            raise NotAQuantity(f"{text} is not a numeral")
        return parsed

    def scales(self, children: list[Any]) -> Scales:
        if len(children) > 2:
            raise NotAQuantity("more than two scale words in a row")  # 10万万 is the most seen
        total = ONE
        for token in children:
            total *= self._payload(token, "SCALE")[0]
        return Scales(total, children[-1].end)

    def amount(self, children: list[Any]) -> Amount:
        number = children[0]
        scales = _of(children, Scales)
        scale = ONE
        for part in scales:
            scale *= part.value
        more = bool(_tokens(children, "MORE"))
        return Amount(number.written, scale, bool(scales), more, number.implied, number.fraction)

    def compound(self, children: list[Any]) -> Part:
        scales = _of(children, Scales)
        number = _of(children, Number)[0]
        if _tokens(children, "JOIN"):  # "3 hundred and 21": the part after "and" closes the number
            number = number._replace(word=True)
        return Part(number, scales[0] if scales else None)

    def compound_amount(self, children: list[Any]) -> Amount:
        """5万4千6百 = 5·10⁴ + 4·10³ + 6·10²; each part below the scale before it."""
        parts = [Part(children[0], children[1]), *_of(children, Part)]
        last = parts[-1]
        if (
            last.scale is not None
            and last.scale.value in SECTIONS
            and all(p.scale is not None and p.scale.value < SECTION for p in parts[:-1])
        ):  # 2千零30万: the parts below 万 make one section, then 万 scales it (2030万)
            below = [*children[:2], *_of(children, Part)[:-1], Part(last.number, None)]
            inner = self.compound_amount(below)
            return Amount(inner.written * last.scale.value, ONE, True, False)
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
                    part = parts[-1] = Part(part.number._replace(written=part.number.written * limit), None)
            elif part.scale.value >= limit or part.number.written * part.scale.value >= limit:
                raise NotAQuantity("scales must fall")
        total = sum((p.number.written * (p.scale.value if p.scale else ONE) for p in parts), Decimal(0))
        return Amount(total, ONE, True, False)

    def unit(self, children: list[Any]) -> UnitDef:
        units = _tokens(children, "UNIT")
        if units:
            unit = self._payload(units[0], "UNIT")
            if _tokens(children, "MOD") and not unit.modifier:
                raise NotAQuantity("descriptor before a unit that takes none")
            return unit
        return self.lexicon.count_unit

    # --- measures -----------------------------------------------------------------------
    def plain(self, children: list[Any]) -> Measure:
        units = _of(children, UnitDef)
        if not units and children[0].fraction:
            return Measure(children[0], _FRACTION_UNIT, ONE)  # 四分之一: a part, no unit of its own
        if units and children[0].fraction:
            raise NotAQuantity("a fraction takes no unit (九分之一成本: 成 opens 成本)")
        if units and units[0].tenths and not 0 < children[0].written * children[0].scale < 10:
            raise NotAQuantity("no tenths beyond ten: 十折 is no discount")  # 85折 is read 8.5 by the scanner
        return Measure(children[0], units[0] if units else None, ONE)

    def spoken(self, children: list[Any]) -> Measure:
        """一年半 1.5 years, 七成六 7.6成, 一个半小时 1.5 hours: the half or the digits after the unit."""
        amount = children[0]
        if amount.scaled or amount.fraction:
            raise NotAQuantity("spoken decimals after a scaled number or a fraction")
        units = _tokens(children, "UNIT")
        if units:
            unit = self._payload(units[0], "UNIT")
        else:  # 三毛五: the subunit opens the figure
            unit = self._sub(_tokens(children, "SUB")[0], None).unit()
        half = _tokens(children, "HALF")
        extra = HALF if half else Decimal("0." + _tokens(children, "TRAIL")[0].text.translate(self._digits))
        written = amount.written + extra if amount.written >= 0 else amount.written - extra
        return Measure(Amount(written, ONE, False, amount.more, amount.implied), unit, ONE)

    def _sub(self, token: Tok, parent: UnitDef | None) -> SubUnit:
        for sub in self.lexicon.subunits.get(token.text, ()):
            if sub.parent.id == (parent.id if parent else None) or (parent is None and sub.spoken):
                return sub
        raise NotAQuantity(f"{token.text} is no subunit here")

    def coin(self, children: list[Any]) -> tuple[Number, Tok]:
        return _of(children, Number)[0], _tokens(children, "SUB")[0]

    def coins(self, children: list[Any]) -> Measure:
        """56元7角8分 = 56.78元; 4斤3两 = 4.3斤: each part in a smaller subunit than the one before."""
        amount = children[0]
        unit = self._payload(_tokens(children, "UNIT")[0], "UNIT")
        total = amount.written * amount.scale
        last = ONE
        for number, token in (child for child in children if type(child) is tuple):
            factor = self._sub(token, unit).factor
            if factor >= last or number.written < 0:
                raise NotAQuantity("subunits must fall")
            total += number.written * factor
            last = factor
        return Measure(Amount(total, ONE, False, amount.more, amount.implied), unit, ONE)

    def money_first(self, children: list[Any]) -> Measure:
        code = self._payload(children[0], "CURPRE")
        for token in _tokens(children, "UNIT"):  # ¥1999元, US$5 USD: the same currency twice
            if token.text in self.lexicon.generic_currency:
                continue  # 新台币 52 亿元: 元 follows whichever currency was named
            if self._payload(token, "UNIT").unit != code:
                raise NotAQuantity("two different currencies on one figure")
        return Measure(children[1], UnitDef(code, "currency", code, ONE), ONE)

    def over(self, children: list[Any]) -> Measure:
        """1 over 3, two out of five: a numerator over a denominator, a part with no unit."""
        numerator, denominator = _of(children, Number)
        if not denominator.written:
            raise NotAQuantity("a zero denominator")
        value = numerator.written / denominator.written
        return Measure(Amount(value, ONE, False, False, fraction=True), _FRACTION_UNIT, ONE)

    def money_minor(self, children: list[Any]) -> Measure:
        """3 dollars 50 cents, thirteen dollars and forty-five: a whole unit of a currency and its
        minor part (the currency's minor unit, or hundredths when none is written)."""
        amount, minor = children[0], _of(children, Number)[0]
        units = [self._payload(token, "UNIT") for token in _tokens(children, "UNIT")]
        major = units[0]
        if major.dimension != "currency" or major.factor != 1 or not 0 <= minor.written < HUNDRED:
            raise NotAQuantity("a minor part needs a whole currency unit before it and stays below 100")
        if len(units) > 1 and (units[1].unit != major.unit or units[1].factor >= 1):
            raise NotAQuantity("the minor unit of another currency")
        factor = units[1].factor if len(units) > 1 else ONE / HUNDRED
        total = amount.written * amount.scale + minor.written * factor
        return Measure(Amount(total, ONE, False, False), major, ONE)

    def money_scaled(self, children: list[Any]) -> Measure:
        """75 USD million: a currency code, then the scale of the figure."""
        amount, unit = children[0], self._payload(children[1], "UNIT")
        if unit.dimension != "currency" or amount.scaled:
            raise NotAQuantity("a scale after the unit needs a currency and an unscaled number")
        scaled = amount._replace(scale=_of(children, Scales)[0].value, scaled=True)
        return Measure(scaled, unit, ONE)

    def percent_first(self, children: list[Any]) -> Measure:
        prefix = children[0].text
        denominator = Decimal(self.lexicon.percent_prefix.get(prefix, 0))
        if not denominator:  # 百万分之五: the multipliers before 分之 make the denominator
            denominator = ONE
            for char in prefix:
                denominator *= self.lexicon.cn_units.get(char, 1)
        return Measure(children[1], _PERCENT, HUNDRED / denominator)

    # --- figures ------------------------------------------------------------------------
    def _kind(self, children: list[Any], amount: Amount | None) -> str:
        before = _tokens(children, "PREQ")
        if before:
            return self._qualifier_before(before[0])
        after = _tokens(children, "POSTQ")
        if after:
            return self._payload(after[0], "POSTQ")
        if amount is None:
            return "exact"
        return "more" if amount.more else amount.implied

    def _shown(self, value: Decimal, unit: UnitDef) -> tuple[Decimal | None, str]:
        """The value in the unit written, for the dimensions that keep it (14 天 -> 14 day)."""
        if unit.dimension not in self.lexicon.shown:
            return None, ""
        return value / unit.factor, unit.id

    def single(self, children: list[Any]) -> Figure:
        measure = _of(children, Measure)[0]
        unit = measure.unit or _NUMBER_UNIT
        value, step = measure.value_step()
        kind = self._kind(children, measure.amount)
        if kind == "order" and not (value >= TEN and value.normalize().as_tuple().digits == (1,)):
            raise NotAQuantity("an order of magnitude is a power of ten (千亿级, 数十亿; not 3级)")
        lo, hi = interval(value, step, kind)
        return Figure(
            value, lo, hi, unit.unit, unit.dimension, QUALIFIER_OF_KIND[kind], *self._shown(value, unit)
        )

    def span(self, children: list[Any]) -> Figure:
        first, second = _of(children, Measure)
        if first.unit and second.unit and first.unit.dimension != second.unit.dimension:
            raise NotAQuantity("range ends in different dimensions")
        joiner = (_tokens(children, "DASH") or _tokens(children, "AND"))[0].text
        worded = joiner.isalpha()  # to, 至, 到: not a dash
        # "rose 3.5-fold to 1,200", "提速 2.9 倍至 3.4 秒": a unit on the first end only is no range
        # ("$10 to 20" is one)
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
        value = (low[0] + high[0]) / 2
        return Figure(value, lo, hi, unit.unit, unit.dimension, "range", *self._shown(value, unit))

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

    def experts(self, children: list[Any]) -> Figure:
        """`8x7B`: a mixture of eight experts of 7B each, written as their product (56B in all)."""
        count, size = (Decimal(token.text.replace(",", "")) for token in _tokens(children, "NUM"))
        total = count * size * _of(children, Scales)[0].value
        if total >= LARGEST:
            raise NotAQuantity("not a mixture of experts")
        return Figure(total, total, total, _NUMBER_UNIT.unit, _NUMBER_UNIT.dimension, "exact")

    def rate(self, children: list[Any]) -> Figure:
        figure = _of(children, Figure)[0]
        if figure.dimension not in ("tokens", "number"):
            raise NotAQuantity("a per-second prefix needs a token count")
        return Figure(figure.value, figure.lo, figure.hi, "token/s", "token_rate", figure.qualifier)

    def start(self, children: list[Any]) -> Figure:
        return children[0]
