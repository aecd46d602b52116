"""Regular expressions the scanner uses, built once from a `Lexicon`.

`start` finds a number; `tail` reads one token after it (a lexicon form, or the next number);
`before` reads, right to left in a short window, the prefixes a number may carry (per-second
verb, from/between, qualifier, currency, percent prefix, sign); `name_before` and `idiom` are the
vetoes of names and numeral idioms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from claims.quantity_lexicon import Lexicon

NUMBER = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
GAP = r"[ \t\u00a0\u3000]"


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _form(form: str, nocase: bool) -> str:
    body = re.escape(form)
    if nocase:
        body = f"(?i:{body})"
    if _is_latin(form[-1]):
        body += "(?![A-Za-z])"  # "s" (seconds) must not eat the s of "servers"
    if _is_latin(form[0]) and nocase:
        body = "(?<![A-Za-z])" + body
    return body


def alternation(forms: Iterable[str], words: Iterable[str] = ()) -> str:
    """One regex alternative per form, longest first so the longest form wins."""
    items = {(form, False) for form in forms} | {(word, True) for word in words}
    ordered = sorted(items, key=lambda item: (-len(item[0]), item[0]))
    return "|".join(_form(form, nocase) for form, nocase in ordered)


@dataclass(frozen=True, slots=True)
class Patterns:
    start: re.Pattern[str]
    tail: re.Pattern[str]
    before: re.Pattern[str]
    name_before: re.Pattern[str]
    name_after: re.Pattern[str]
    idiom: re.Pattern[str]
    date_before: re.Pattern[str]


def build_patterns(lexicon: Lexicon) -> Patterns:
    """Compile the scanner's expressions from the lexicon."""
    cn_chars = "".join(sorted(set(lexicon.digits) | set(lexicon.cn_units)))
    digit_chars = "".join(sorted(lexicon.digits))
    points = "".join(sorted(lexicon.points))
    cnum = f"[{cn_chars}]+(?:[{points}][{digit_chars}]+)?"
    exact = [form for form in lexicon.tail if form not in lexicon.words]
    tail = re.compile(
        rf"{GAP}{{0,2}}(?:(?P<f>{alternation(exact, lexicon.words)})|(?P<n>{NUMBER})|(?P<c>{cnum}))"
    )
    start = re.compile(rf"(?P<n>{NUMBER})|(?P<c>{cnum})")

    qualifier_parts = []
    for form in lexicon.before:
        guard = lexicon.before_guard.get(form, ())
        if form.isascii() and any(char.isalpha() for char in form):
            qualifier_parts.append((form, f"(?<![A-Za-z])(?i:{re.escape(form)})"))
        else:
            prefix = f"(?<![{''.join(re.escape(g) for g in guard)}])" if guard else ""
            qualifier_parts.append((form, prefix + re.escape(form)))
    qualifier_parts.sort(key=lambda item: -len(item[0]))
    qualifiers = "|".join(body for _, body in qualifier_parts)
    froms = "|".join(re.escape(word) for word in sorted(lexicon.range_from, key=len, reverse=True))
    before = re.compile(
        rf"(?:(?P<per>{alternation(lexicon.per_time)}){GAP}?(?P<verb>{alternation(lexicon.per_verbs)})?{GAP}?)?"
        rf"(?:(?P<from>(?<![A-Za-z])(?i:{froms})){GAP}+)?"
        rf"(?:(?P<q>{qualifiers}){GAP}{{0,2}})?"
        rf"(?:(?P<cur>{alternation(lexicon.currency_prefix)}){GAP}?)?"
        rf"(?P<pct>{alternation(lexicon.percent_prefix)})?"
        rf"(?P<sign>(?<![A-Za-z0-9.])[-+−]|{alternation(lexicon.negative)})?\Z"
    )
    cjk_names = [name for name in lexicon.names if not name.isascii()]
    latin_names = [name for name in lexicon.names if name.isascii()] + sorted(lexicon.months)
    name_before = re.compile(
        rf"(?:(?<![A-Za-z0-9])(?:{alternation([], latin_names)}){GAP}?|(?:{alternation(cjk_names)}){GAP}?)\Z"
    )
    name_after = re.compile(
        rf"{GAP}(?:{alternation(lexicon.name_suffixes)}|{alternation([], lexicon.months)})"
    )
    idiom = re.compile(alternation(lexicon.idioms))
    date_before = re.compile(rf"(?:{alternation(lexicon.date_before)}){GAP}?\Z")
    return Patterns(start, tail, before, name_before, name_after, idiom, date_before)
