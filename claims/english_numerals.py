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

from claims.quantity_lexicon import EnglishWords

_WORD = re.compile(r"[A-Za-z]+")
_ARTICLES = ("a", "an")
_HUNDRED = "hundred"


class EnglishNumeral(NamedTuple):
    """The reading of a run of English number words."""

    value: Decimal
    kind: str  # the qualifier the words imply: exact, approx ("a couple"), at_least ("dozens")
    shape: str  # cardinal | word (one cardinal word) | fraction | mixed | several | article
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


def _fraction(words: list[str], i: int, tables: EnglishWords) -> tuple[Decimal, int] | None:
    """(value, next index) of "a half", "a quarter", "three fifths", "one third" at `i`."""
    if i < len(words) and words[i] in _ARTICLES:
        numerator, j = 1, i + 1
    else:
        below = _below_hundred(words, i, tables)
        if below is None or below[0] == 0:
            return None
        numerator, j = below
    if j >= len(words) or words[j] not in tables.fractions:
        return None
    return Decimal(numerator) / Decimal(tables.fractions[words[j]]), j + 1


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

    >>> from claims.quantity import default_quantity_resources
    >>> tables = default_quantity_resources().lexicon.english_words
    >>> [str(parse_english(t, tables).value) for t in ("two hundred and one", "sixty-one", "one and a half")]
    ['201', '61', '1.5']
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
    if words[0] in _ARTICLES:
        if len(words) == 1:
            return EnglishNumeral(Decimal(1), "exact", "article", False)
        if len(words) == 2 and words[1] in tables.groups:
            value, kind = tables.groups[words[1]]
            return EnglishNumeral(value, kind, "cardinal", False)
    fraction = _fraction(words, 0, tables)
    if fraction is not None:
        return (
            EnglishNumeral(fraction[0], "exact", "fraction", hyphenated)
            if fraction[1] == len(words)
            else None
        )
    cardinal = _cardinal(words, 0, tables)
    if cardinal is None:
        return None
    value, i = cardinal
    if i == len(words):
        shape = "word" if len(words) == 1 else "cardinal"
        return EnglishNumeral(Decimal(value), "exact", shape, hyphenated)
    if words[i] == "and":  # one and a half, two and three quarters
        part = _fraction(words, i + 1, tables)
        if part is not None and part[1] == len(words) and part[0] < 1:
            return EnglishNumeral(value + part[0], "exact", "mixed", hyphenated)
    return None


def longest_english(text: str, tables: EnglishWords) -> tuple[str, EnglishNumeral] | None:
    """The longest prefix of `text` (ending on a word) that is one English numeral.

    >>> from claims.quantity import default_quantity_resources
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
