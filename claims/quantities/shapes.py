"""Readers of Chinese number shapes the scanner meets after (or inside) a number.

Each function looks at the masked text around a number and answers one question: where a slash
fraction ends (2/3), whether two neighbouring digits are a range (三四百), whether digits after a
unit are its spoken decimals (七成六), whether 块 names money (二十块五, 花了三块), whether a
subunit follows (56元 + 7角). The words they use are lexicon data (`grammars/lexicons/*.toml`);
`claims.quantities.scan` turns their answers into grammar tokens.

>>> from claims.quantities.find import default_quantity_resources
>>> lexicon = default_quantity_resources().lexicon
>>> juxtaposed("三四百", lexicon), slash_at("约 2/3 的用户", 2, 3, lexicon)
(('三百', '四百'), 5)
"""

from __future__ import annotations

import re

from claims.quantities.lexicon import QuantityLexicon, UnitDef
from claims.quantities.numerals import longest_numeral, parse_chinese
from claims.quantities.patterns import NUMBER, Patterns
from claims.text.punctuation import COMMAS, ENUMERATION_COMMA, SEMICOLONS, SENTENCE_STOPS

ARABIC = re.compile(NUMBER)
_PER_HUNDRED = 100
YEAR = re.compile(r"(?:1[89]|20)\d\d")

# Scientific notation and powers glued to an Arabic number: 2e5, 1.5e-3, 2^10, 2.5^-1.
EXPONENT = re.compile(r"(?:[eE][-+]?|\^[-+]{0,2})[0-9]{1,3}(?![0-9A-Za-z.])")
_SLASH_DENOMINATOR = re.compile(r"[0-9]{1,4}(?![0-9A-Za-z/.:-])")
_SLASH_NUMERATOR = 5  # digits at most: 2024/25 is a fiscal year, 12345/6 no fraction news writes
_CLAUSE_ENDS = frozenset(SENTENCE_STOPS + SEMICOLONS + COMMAS + ENUMERATION_COMMA)
_PHRASE_GO_ON = re.compile(r"[ \t*`]*[\w\u4e00-\u9fff]")
_SPENT_WINDOW = 6  # characters before the number where a word of spending makes 块 money


def unit_of(text: str, lexicon: QuantityLexicon) -> UnitDef | None:
    """The unit a surface form names, or None."""
    return next((role.payload for role in lexicon.tail.get(text, ()) if role.kind == "UNIT"), None)


def phrase_end(s: str, a: int, p: int, lexicon: QuantityLexicon) -> bool:
    """Whether a `final` currency form (块) ending at `p` names money: before spoken decimals or a
    subunit (二十块五, 二十块五毛), or ending a phrase that spends it (花了三块, `final_after` words
    before the number at `a`). Elsewhere it counts: news elides the noun after a count of chips
    far more often than it writes 块 for yuan (扩展至 100 万块)."""
    if p < len(s) and s[p] in lexicon.digits:
        return s[p] not in lexicon.zeros
    if _PHRASE_GO_ON.match(s, p):
        return False
    window = s[max(0, a - _SPENT_WINDOW) : a]
    return any(word in window for word in lexicon.final_after)


def number_at(s: str, p: int, lexicon: QuantityLexicon) -> tuple[str, str, int] | None:
    """The Arabic or Chinese number starting at `p`: (NUM or CNUM, its text, where it ends)."""
    arabic = ARABIC.match(s, p)
    if arabic is not None:
        return "NUM", arabic.group(), arabic.end()
    run = p
    while run < len(s) and (s[run] in lexicon.digits or s[run] in lexicon.cn_units):
        run += 1
    valid = longest_numeral(s[p:run], lexicon.digits, lexicon.cn_units) if run > p else None
    return ("CNUM", valid[0], p + len(valid[0])) if valid else None


def subunit_at(s: str, p: int, lexicon: QuantityLexicon) -> str | None:
    """The subunit form starting at `p` (角, 分, 美分 …), the longest first."""
    for size in (3, 2, 1):
        if s[p : p + size] in lexicon.subunits:
            return s[p : p + size]
    return None


def stands_alone(s: str, a: int, b: int, lexicon: QuantityLexicon) -> bool:
    """Whether the lone numeral `s[a:b]` stands alone as a number ([standing] in numerals.toml):
    after the copula or an opening quote and before a clause end, a closing quote or the next
    clause's copula ("答案是四不是五", "“一”"); or alone on its line. A lone 百, 千, 万 or 亿
    names a magnitude, not a number."""
    if lexicon.cn_units.get(s[a:b], 0) >= _PER_HUNDRED:
        return False
    before, after = lexicon.standing
    line_start = a == 0 or s[a - 1] == "\n"
    if not line_start and not any(s.startswith(word, a - len(word)) for word in before):
        return False
    if b == len(s) or s[b] == "\n":
        return True
    if line_start:
        return False
    return s[b] in _CLAUSE_ENDS or any(s.startswith(word, b) for word in after)


def is_order_word(text: str, lexicon: QuantityLexicon) -> bool:
    """级, 量级: a word after a figure that makes it an order of magnitude."""
    return any(role.kind == "POSTQ" and role.payload == "order" for role in lexicon.tail.get(text, ()))


def magnitude(number: str, scaled: bool, lexicon: QuantityLexicon) -> bool:
    """A number written with a scale word (`scaled`) or a multiplier of a hundred or more (千亿,
    百万): one an order-of-magnitude word may follow (千亿级; not 3级 or 二级)."""
    return scaled or any(lexicon.cn_units.get(char, 0) >= _PER_HUNDRED for char in number)


def juxtaposed(text: str, lexicon: QuantityLexicon) -> tuple[str, str] | None:
    """三四百 -> ("三百", "四百"), 六七亿 -> ("六亿", "七亿"): two neighbouring digits before
    multipliers of a hundred or more are a range of the two, given as its two ends. None for any
    other text (二三 alone, 二三十, 三五百: not neighbours)."""
    if len(text) < 3 or text[0] not in lexicon.digits or text[1] not in lexicon.digits:
        return None
    first, second = lexicon.digits[text[0]], lexicon.digits[text[1]]
    rest = ""
    for char in text[2:]:
        if char not in lexicon.cn_units:
            break
        rest += char
    if not rest or not 0 < first < 9 or second != first + 1:
        return None
    if max(lexicon.cn_units[char] for char in rest) < _PER_HUNDRED:
        return None  # 二三十 is read by no one as 20-30 in figures: a hundred or more is the sign
    low, high = text[0] + rest, text[1] + rest
    if parse_chinese(low, lexicon.digits, lexicon.cn_units) is None:
        return None
    return low, high


def spoken_decimals(unit: str, text: str, gap: bool, lexicon: QuantityLexicon) -> bool:
    """Chinese digits `text` glued after the unit form `unit` that takes spoken decimals
    (units.toml `decimals`: 七成六, 一米七五); a zero opens the next word instead (一块零食)."""
    if gap or len(text) > 2 or not all(char in lexicon.digits for char in text) or text[0] in lexicon.zeros:
        return False
    found = unit_of(unit, lexicon)
    return found is not None and found.decimals


def digit_pair(s: str, b: int, text: str, lexicon: QuantityLexicon, patterns: Patterns) -> str | None:
    """85折, 八五折, 九九折: two digits before a unit read in tenths (`tenths`) are a digit and its
    tenth; returns that reading ("8.5"), which the token carries (the quote keeps the text)."""
    if len(text) != 2 or not all(char in lexicon.digits or char.isdigit() for char in text):
        return None
    m = patterns.tail.match(s, b)
    if m is None or m.lastgroup != "f":
        return None
    found = unit_of(m.group("f"), lexicon)
    if found is None or not found.tenths:
        return None
    return ".".join(str(lexicon.digits.get(char, char)) for char in text)


def slash_at(s: str, a: int, b: int, lexicon: QuantityLexicon) -> int | None:
    """Where `2/3` ends when the integer at [a, b) is followed by a slash and an integer; None for
    dates and paths (2024/5/1, 5/1/2025, 1/2.5), year-shaped numerators (2024/25), the
    `slash_words` of numerals.toml (24/7), and pairs before a unit (输入/输出 25/125 美元)."""
    if b - a >= _SLASH_NUMERATOR or YEAR.fullmatch(s[a:b]) or (a and s[a - 1] in "/.:"):
        return None
    denominator = _SLASH_DENOMINATOR.match(s, b + 1)
    if denominator is None or s[a : denominator.end()] in lexicon.slash_words:
        return None
    after = denominator.end()
    while after < len(s) and s[after] in " \t*`":  # **25/125** 美元: past Markdown emphasis too
        after += 1
    for size in (2, 1):
        if any(role.kind in ("UNIT", "SCALE") for role in lexicon.tail.get(s[after : after + size], ())):
            return None  # two figures, each in the unit after them
    return denominator.end()
