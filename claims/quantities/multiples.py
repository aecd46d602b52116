"""Words that state a multiple without a numeral (`doubled`, `tenfold`, 翻倍, 翻两番) as ratios.

The grammar reads a multiple only from a numeral and its unit (3倍, 2.4x, four times); these words
carry the number inside them. The forms and their values are data (`[[multiple]]` in
grammars/lexicons/numerals.toml); a qualifier written right before the word applies to it
("nearly tripled", "at least a tenfold", 近翻倍), as it would before a numeral.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import ahocorasick

from claims.model import Quantity
from claims.quantities.intervals import QUALIFIER_OF_KIND, interval
from claims.quantities.lexicon import QuantityLexicon

RATIO = ("ratio", "x")  # dimension, canonical unit
_STEP = Decimal(1)  # the words name whole multiples
_ARTICLE = re.compile(r"\s+an?$", re.IGNORECASE)  # "at least a tenfold increase"
_LOOK_BACK = 24


def _pattern(lexicon: QuantityLexicon) -> re.Pattern[str] | None:
    if not lexicon.multiples:
        return None
    forms = sorted((f for f in lexicon.multiples if f not in lexicon.multiple_words), key=len, reverse=True)
    words = sorted(lexicon.multiple_words, key=len, reverse=True)
    parts = []
    if forms:
        parts.append("|".join(map(re.escape, forms)))
    if words:
        parts.append(r"(?i:(?<![A-Za-z-])(?:" + "|".join(map(re.escape, words)) + r")(?![A-Za-z]))")
    return re.compile("|".join(parts))  # re keeps compiled patterns, so this is built once


# What IGNORECASE lets an ASCII letter match (the re documentation lists the four non-ASCII ones),
# folded to the lower-case letter, one character for one so offsets stay.
_FOLD = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)} | {
    0x130: ord("i"), 0x131: ord("i"), 0x17F: ord("s"), 0x212A: ord("k"),
}  # fmt: skip


# A lexicon's pattern and literals, built once per lexicon (not once per scanned text); the lexicon
# is kept beside them so its id is never reused while cached. A program holds one or two lexicons.
_BUILT: dict[int, tuple[QuantityLexicon, re.Pattern[str] | None, Any]] = {}


def _built(lexicon: QuantityLexicon) -> tuple[re.Pattern[str] | None, Any]:
    """`_pattern` and `_literals` of `lexicon`, worked out on its first use."""
    cached = _BUILT.get(id(lexicon))
    if cached is None or cached[0] is not lexicon:
        cached = _BUILT[id(lexicon)] = (lexicon, _pattern(lexicon), _literals(lexicon))
    return cached[1], cached[2]


def _literals(lexicon: QuantityLexicon) -> Any:
    """Every multiple form as it stands in folded text, in an Aho-Corasick automaton (form -> its
    length) that finds them all in one pass, or None when there are none."""
    words = {w.lower() for w in lexicon.multiple_words}
    literals = [f for f in lexicon.multiples if f not in lexicon.multiple_words] + sorted(words)
    if not literals:
        return None
    automaton = ahocorasick.Automaton()
    for literal in literals:
        automaton.add_word(literal, len(literal))
    automaton.make_automaton()
    return automaton


def _matches(pattern: re.Pattern[str], text: str, start: int, literals: Any) -> list[re.Match[str]]:
    """`pattern.finditer(text, start)`, found faster: a match can only start where one of the
    `literals` stands in the case-folded text, and one Aho-Corasick pass finds those places far
    quicker than the case-insensitive pattern tried at every character."""
    # `lower` is quick and keeps the length but for these three (İ grows, ı and ſ stay): fold by table then
    folded = text.translate(_FOLD) if any(char in text for char in "İıſ") else text.lower()
    places = set()
    if literals is not None and start < len(folded):
        places = {end + 1 - length for end, length in literals.iter(folded, start)}
    found, cursor = [], start
    for place in sorted(places):
        if place < cursor:
            continue  # inside the previous match: finditer goes on from its end
        match = pattern.match(text, place)
        if match is not None:
            found.append(match)
            cursor = match.end()
    return found


def _qualifier(text: str, start: int, lexicon: QuantityLexicon) -> tuple[str, int]:
    """The qualifier kind written right before `start` and where it begins ("exact", start if none)."""
    left = text[max(0, start - _LOOK_BACK) : start]
    base = start - len(left)
    trimmed = _ARTICLE.sub("", left.rstrip()).rstrip()
    lowered = trimmed.lower()
    for form in sorted(lexicon.before, key=len, reverse=True):
        if form in lexicon.before_multiplier_only or not lowered.endswith(form.lower()):
            continue
        at = len(trimmed) - len(form)
        if form.isascii() and at > 0 and trimmed[at - 1].isalpha():
            continue  # "cover" is no "over"
        return lexicon.before[form], base + at
    return "exact", start


def find_multiples(text: str, lexicon: QuantityLexicon, start: int = 0) -> list[Quantity]:
    """Every multiple word in `text[start:]` as a ratio quantity with its qualifier.

    >>> from claims.quantities.find import default_quantity_resources
    >>> lexicon = default_quantity_resources().lexicon
    >>> [(q.text, str(q.value), q.qualifier) for q in find_multiples("revenue nearly tripled", lexicon)]
    [('nearly tripled', '3', 'approx')]
    >>> [(q.text, str(q.value)) for q in find_multiples("用户数翻两番，但 double-digit 增长", lexicon)]
    [('翻两番', '4')]
    """
    pattern, literals = _built(lexicon)
    if pattern is None:
        return []
    found = []
    for match in _matches(pattern, text, start, literals):
        word = match.group()
        rest = text[match.end() : match.end() + 12].lower()
        if word.isascii() and any(rest.startswith(guard) for guard in lexicon.multiple_guard):
            continue
        value = lexicon.multiples[word if word in lexicon.multiples else word.lower()]
        kind, begin = _qualifier(text, match.start(), lexicon)
        begin = max(begin, start)
        lo, hi = interval(value, _STEP, kind)
        found.append(
            Quantity(
                start=begin,
                end=match.end(),
                text=text[begin : match.end()],
                value=value,
                lo=lo,
                hi=hi,
                unit=RATIO[1],
                dimension=RATIO[0],
                qualifier=QUALIFIER_OF_KIND[kind],
            )
        )
    return found
