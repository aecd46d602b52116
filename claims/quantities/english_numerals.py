"""English numerals to exact decimals: "two hundred and fifty" -> 250, "twenty-one" -> 21,
"two-thirds" -> 0.666…, "one and a half" -> 1.5, "dozens" -> at least 12.

The word tables come from `grammars/lexicons/numerals.toml` (passed in as `EnglishWords`, never
read here). A numeral is a run of number words joined by spaces, hyphens, "and" or "of"; the
scanner hands the whole run to `longest_english`, which keeps its longest prefix that reads as one
number. Scale words after it (thousand, million …) are the grammar's scale tokens, as after digits.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

from claims.quantities.lexicon import EnglishWords

_WORD = re.compile(r"[A-Za-z]+")
_ARTICLES = ("a", "an")
_HUNDRED = "hundred"


class EnglishNumeral(NamedTuple):
    """The reading of a run of English number words."""

    value: Decimal
    kind: str  # the qualifier the words imply: exact, approx ("a couple"), at_least ("dozens")
    shape: str  # cardinal | word (one cardinal word) | fraction | mixed | several | article | ordinal
    hyphenated: bool  # "two-thirds": numerator and denominator written as one word


def _below_hundred(words: list[str], i: int, cardinals: EnglishWords) -> tuple[int, int] | None:
    """(value, next index) of "ninety nine", "twenty-one", "seventeen", "five" at `i`."""
    if i >= len(words) or words[i] == _HUNDRED:
        return None
    value = cardinals.cardinals.get(words[i])
    if value is None:
        return None
    i += 1
    if 20 <= value < 100 and value % 10 == 0 and i < len(words):
        ones = cardinals.cardinals.get(words[i])
        if ones is not None and 0 < ones < 10:
            return value + ones, i + 1
    return value, i


def _cardinal(words: list[str], i: int, tables: EnglishWords) -> tuple[int, int] | None:
    """(value, next index) of a cardinal below a thousand: "two hundred and fifty", "a hundred"."""
    if i < len(words) and words[i] in _ARTICLES and i + 1 < len(words) and words[i + 1] == _HUNDRED:
        lead, j = 1, i + 1
    else:
        first = _below_hundred(words, i, tables)
        if first is None:
            return None
        lead, j = first
        if j >= len(words) or words[j] != _HUNDRED or lead == 0:
            return lead, j
    value, j = lead * 100, j + 1  # past "hundred"
    k = j + 1 if j < len(words) and words[j] == "and" else j
    rest = _below_hundred(words, k, tables)
    if rest is not None and rest[0] > 0:
        return value + rest[0], rest[1]
    return value, j


def _exact_cardinal(words: list[str], tables: EnglishWords) -> int | None:
    """The value of `words` when all of them make one cardinal ("one hundred and thirty"); "a"
    and "an" alone are one (the numerator of "a fifth")."""
    if words in (["a"], ["an"]):
        return 1
    if not words or words[-1] == "and":
        return None
    cardinal = _cardinal(words, 0, tables)
    return cardinal[0] if cardinal is not None and cardinal[1] == len(words) else None


def _ordinal_word(word: str, tables: EnglishWords, plural: bool) -> int | None:
    """The value of one ordinal word ("fifth", "hundredth"); plural forms ("fifths") when asked."""
    value = tables.ordinals.get(word)
    if value is None and plural and word.endswith("s"):
        value = tables.ordinals.get(word[:-1])
    return value


def _denominator(words: list[str], i: int, tables: EnglishWords) -> Decimal | None:
    """The denominator that `words[i:]` is, whole: "quarters", "fifths", "twenty-firsts",
    "hundredth". "first" and "second" are denominators only after a ten ("twenty-first"): alone
    they are a place or a unit of time."""
    rest = words[i:]
    if len(rest) == 1 and rest[0] in tables.fractions:
        return Decimal(tables.fractions[rest[0]])
    if len(rest) == 2:
        tens, unit = tables.cardinals.get(rest[0]), _ordinal_word(rest[1], tables, plural=True)
        if tens is not None and 20 <= tens < 100 and tens % 10 == 0 and unit is not None and unit < 10:
            return Decimal(tens + unit)
        return None
    if len(rest) == 1:
        value = _ordinal_word(rest[0], tables, plural=True)
        if value is not None and value > 2:
            return Decimal(value)
    return None


def _hundreds_denominator(words: list[str], i: int, tables: EnglishWords) -> Decimal | None:
    """The denominator that `words[i:]` is, whole, when it is whole hundreds and an ordinal below a
    hundred: "one hundred fifth" (105), "two hundred and twentieths" (220)."""
    rest = words[i:]
    for size in (1, 2):
        head, tail = rest[:-size], rest[-size:]
        if head and head[-1] == "and":
            head = head[:-1]
        base = _exact_cardinal(head, tables) if len(head) > 1 else None
        if base is None or base % 100:
            continue
        if size == 1:
            part = _ordinal_word(tail[0], tables, plural=True)
        else:
            tens, unit = tables.cardinals.get(tail[0]), _ordinal_word(tail[1], tables, plural=True)
            part = (
                tens + unit
                if tens is not None and unit is not None and 20 <= tens < 100 and unit < 10
                else None
            )
        if part is not None and part < 100:
            return Decimal(base + part)
    return None


def _fraction_of(words: list[str], tables: EnglishWords) -> Decimal | None:
    """`words` as numerator and denominator ("three twenty-firsts", "one hundred thirty fifths"):
    the longest denominator at the end whose numerator is a whole cardinal; a denominator with
    hundreds in it ("one one hundred fifth") only when no shorter one has a whole numerator
    ("ninety-five hundred fifths" is 9500 fifths)."""
    for reader in (_denominator, _hundreds_denominator):
        for split in range(1, len(words)):
            denominator = reader(words, split, tables)
            if denominator is None:
                continue
            numerator = _exact_cardinal(words[:split], tables)
            if numerator is not None:
                return Decimal(numerator) / denominator
    return None


def _ordinal(words: list[str], tables: EnglishWords) -> int | None:
    """The place that `words` name, whole: "first", "twenty-first", "hundredth"."""
    if len(words) == 1:
        return _ordinal_word(words[0], tables, plural=False)
    if len(words) == 2:
        tens, unit = tables.cardinals.get(words[0]), _ordinal_word(words[1], tables, plural=False)
        if tens is not None and 20 <= tens < 100 and tens % 10 == 0 and unit is not None and unit < 10:
            return tens + unit
    return None


def _digits(words: list[str], tables: EnglishWords) -> str | None:
    """The digits after "point": one word a digit or a pair ("zero three" -> 03, "seventy-one" -> 71)."""
    out, i = "", 0
    while i < len(words):
        below = _below_hundred(words, i, tables)
        if below is None:
            return None
        out, i = out + str(below[0]), below[1]
    return out or None


def _several(words: list[str], tables: EnglishWords) -> Decimal | None:
    """ "dozens", "hundreds of millions": the product of plural magnitudes joined by "of"."""
    if not words or len(words) % 2 == 0:
        return None
    value = Decimal(1)
    for index, word in enumerate(words):
        if index % 2:
            if word != "of":
                return None
        elif word in tables.several:
            value *= tables.several[word]
        else:
            return None
    return value


def parse_english(text: str, tables: EnglishWords) -> EnglishNumeral | None:
    """The value of a run of English number words, or None when it is not one number.

    >>> from claims.quantities.find import default_quantity_resources
    >>> tables = default_quantity_resources().lexicon.english_words
    >>> [str(parse_english(t, tables).value) for t in ("two hundred and one", "sixty-one", "one and a half")]
    ['201', '61', '1.5']
    >>> [str(parse_english(t, tables).value) for t in ("three twenty-firsts", "two point zero five")]
    ['0.1428571428571428571428571429', '2.05']
    >>> parse_english("twenty-first", tables).shape
    'ordinal'
    >>> parse_english("two of three", tables) is None
    True
    """
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return None
    hyphenated = "-" in text
    several = _several(words, tables)
    if several is not None:
        return EnglishNumeral(several, "at_least", "several", hyphenated)
    if words[0] == "half":
        if words[1:] in ([], ["a"], ["an"]):
            shape = "fraction" if len(words) == 1 else "article"
            return EnglishNumeral(Decimal("0.5"), "exact", shape, hyphenated)
        return None
    if words in (["quarter"], [_HUNDRED]):  # "quarter million", "hundred thousand": only before a scale
        value = Decimal("0.25") if words[0] == "quarter" else Decimal(100)
        return EnglishNumeral(value, "exact", "article", False)
    if words[0] in _ARTICLES:
        if len(words) == 1:
            return EnglishNumeral(Decimal(1), "exact", "article", False)
        if len(words) == 2 and words[1] in tables.groups:
            value, kind = tables.groups[words[1]]
            return EnglishNumeral(value, kind, "cardinal", False)
    ordinal = _ordinal(words, tables)
    if ordinal is not None:
        return EnglishNumeral(Decimal(ordinal), "exact", "ordinal", hyphenated)
    for j, word in enumerate(words):  # two hundred and three quarters: a whole and a proper fraction
        if word == "and" and (whole := _exact_cardinal(words[:j], tables)) is not None:
            part = _fraction_of(words[j + 1 :], tables)
            if part is not None and part < 1:
                return EnglishNumeral(whole + part, "exact", "mixed", hyphenated)
    if words[-1] in tables.point or any(w in tables.point for w in words[:1]):
        return None
    for j, word in enumerate(words):  # two hundred point zero three
        if word in tables.point and (whole := _exact_cardinal(words[:j], tables)) is not None:
            digits = _digits(words[j + 1 :], tables)
            return (
                None
                if digits is None
                else EnglishNumeral(Decimal(f"{whole}.{digits}"), "exact", "cardinal", hyphenated)
            )
    fraction = _fraction_of(words, tables)
    if fraction is not None:
        return EnglishNumeral(fraction, "exact", "fraction", hyphenated)
    cardinal = _cardinal(words, 0, tables)
    if cardinal is None or cardinal[1] != len(words):
        return None
    shape = "word" if len(words) == 1 else "cardinal"
    return EnglishNumeral(Decimal(cardinal[0]), "exact", shape, hyphenated)


def longest_english(text: str, tables: EnglishWords) -> tuple[str, EnglishNumeral] | None:
    """The longest prefix of `text` (ending on a word) that is one English numeral.

    >>> from claims.quantities.find import default_quantity_resources
    >>> tables = default_quantity_resources().lexicon.english_words
    >>> longest_english("two of three", tables)[0]
    'two'
    """
    ends = [m.end() for m in _WORD.finditer(text)]
    for end in reversed(ends):
        numeral = parse_english(text[:end], tables)
        if numeral is not None:
            return text[:end], numeral
    return None
