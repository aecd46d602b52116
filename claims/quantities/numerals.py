"""Chinese numerals to exact decimals: 三千五百万 -> 35000000, 零点五 -> 0.5, 二〇二五 -> 2025.

The digit and multiplier tables come from `grammars/lexicons/numerals.toml` (passed in, never
read here), so traditional and financial forms (萬, 億, 壹, 贰 …) are data.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

# The two section markers: a multiplier at or above 万 closes a section (一万二千 = 1·10⁴ + 2·10³).
_SECTION = Decimal(10000)
_TOP = Decimal(100000000)  # 亿: a multiplier above it (兆) opens a section of sections


def parse_chinese(
    text: str,
    digits: Mapping[str, int],
    units: Mapping[str, int],
    points: frozenset[str] = frozenset({"点", "點"}),
) -> Decimal | None:
    """The value of a Chinese numeral, or None when `text` is not a well-formed one.

    The integer part is read by sections (十 百 千 inside a section, 万 亿 closing one); a
    numeral of digits only is read digit by digit (二〇二五 -> 2025). A trailing bare digit after a
    multiplier is the next lower place, as spoken (一万二 -> 12000, 三千五 -> 3500). After 点 the
    digits are decimals, and the result keeps their count (零点五零 -> 0.50).

    >>> d = {"零": 0, "一": 1, "二": 2, "三": 3, "五": 5}
    >>> u = {"十": 10, "百": 100, "千": 1000, "万": 10000, "亿": 100000000}
    >>> parse_chinese("三千五百万", d, u), parse_chinese("一万二", d, u), parse_chinese("零点五", d, u)
    (Decimal('35000000'), Decimal('12000'), Decimal('0.5'))
    """
    if not text:
        return None
    whole, point, fraction = _split_point(text, points)
    if point and not fraction:
        return None
    integer = _integer_part(whole, digits, units) if whole else None
    if integer is None:
        return None
    if not point:
        return Decimal(integer)
    decimals = []
    for char in fraction:
        if char not in digits:
            return None
        decimals.append(str(digits[char]))
    return Decimal(f"{integer}.{''.join(decimals)}")


def _split_point(text: str, points: frozenset[str]) -> tuple[str, bool, str]:
    for index, char in enumerate(text):
        if char in points:
            return text[:index], True, text[index + 1 :]
    return text, False, ""


def _integer_part(text: str, digits: Mapping[str, int], units: Mapping[str, int]) -> int | None:
    if all(char in digits for char in text):
        if len(text) > 1 and digits[text[0]] == 0:
            return None  # 零一 is a label, not a number
        if len(text) == 2 and 0 not in (digits[text[0]], digits[text[1]]):
            return None  # 两两, 九九, 三五: a word or an approximate pair, not a positional number
        return int("".join(str(digits[char]) for char in text))
    if units.get(text[-1], 0) > _TOP:
        return None  # 五兆 alone: 兆 above 亿 counts only with smaller sections after it (see below)
    big = 0  # finished sections above 亿 (五十五兆一十二亿: 55·10¹² + 12·10⁸, as in Taiwan and Japan)
    total = 0  # finished 亿-sections
    section = 0  # finished 万-section value below the current 亿
    small = 0  # current value below 万
    digit: int | None = None
    last_unit = 0
    zero_seen = False
    previous_was_digit = False
    last_small = _SECTION  # the last 十/百/千 of the current section
    last_big = 0  # the last multiplier above 亿
    for index, char in enumerate(text):
        if char in digits:
            if previous_was_digit and digit != 0 and digits[char] != 0:
                return None  # 二三 without a multiplier between is not a numeral
            digit = digits[char]
            zero_seen = zero_seen or digit == 0
            previous_was_digit = True
            continue
        unit = units.get(char)
        if unit is None:
            return None
        if unit < _SECTION:
            if unit >= last_small:
                return None  # 十十, 百千: multipliers inside a section must fall
            last_small = unit
            if not digit:  # None, or 零 as in 一万零十二
                if digit is None and index != 0 and unit != 10:
                    return None  # 百 or 千 must carry a digit except at the start (百万)
                digit = 1
            small += digit * unit
            last_unit = unit
        else:
            value = small + (digit or 0)
            if value == 0 and index != 0 and unit == _SECTION:
                if units.get(text[index - 1]) != unit:
                    return None
                section *= unit  # 四万万 (old style for 4·10⁸)
                last_unit = unit
                digit = None
                continue
            if value == 0 and index == 0:
                value = 1
            if unit > _TOP:
                if big and unit >= last_big:
                    return None  # sections above 亿 must fall too
                big += (total + section + value) * unit
                last_big = unit
                total = section = 0
            elif unit == _SECTION:
                section = (section + value) * unit
            else:
                total = (total + section + value) * unit
                section = 0
            small = 0
            last_small = _SECTION
            last_unit = unit
        digit = None
        zero_seen = False
        previous_was_digit = False
    if digit is not None and last_unit and not zero_seen and digit != 0:
        # 一万二 (12000), 三千五 (3500): a bare digit after a multiplier is one place lower.
        place = last_unit // 10
        if place >= 1:
            digit *= place
    return big + total + section + small + (digit or 0)


def longest_numeral(
    text: str,
    digits: Mapping[str, int],
    units: Mapping[str, int],
    points: frozenset[str] = frozenset({"点", "點"}),
) -> tuple[str, Decimal] | None:
    """The longest prefix of `text` that is a well-formed numeral, with its value.

    >>> d, u = {"五": 5, "一": 1}, {"十": 10, "百": 100, "千": 1000}
    >>> longest_numeral("五十千", d, u)
    ('五十', Decimal('50'))
    """
    for end in range(len(text), 0, -1):
        value = parse_chinese(text[:end], digits, units, points)
        if value is not None:
            return text[:end], value
    return None


def render_chinese(value: int) -> str:
    """A non-negative integer in standard Chinese numerals, for round-trip tests.

    >>> render_chinese(35000000), render_chinese(105), render_chinese(12)
    ('三千五百万', '一百零五', '十二')
    """
    names = "零一二三四五六七八九"
    if value == 0:
        return "零"

    def below_10000(number: int, leading: bool) -> str:
        out = []
        zero_pending = False
        for place, mark in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            digit = number // place % 10
            if digit == 0:
                if out:
                    zero_pending = True
                continue
            if zero_pending or (not out and not leading and number < place * 10 and place < 1000):
                out.append("零")
                zero_pending = False
            if place == 10 and digit == 1 and not out and leading:
                out.append("十")
            else:
                out.append(names[digit] + mark)
        return "".join(out)

    parts = []
    for mark, size in (("亿", 10**8), ("万", 10**4), ("", 1)):
        chunk = value // size
        value %= size
        if chunk == 0:
            continue
        chunk_text = below_10000(chunk, leading=not parts) if chunk < 10000 else render_chinese(chunk)
        parts.append(chunk_text + mark)
    return "".join(parts)
