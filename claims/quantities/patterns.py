"""Regular expressions and word sets the scanner uses, built once from a `QuantityLexicon`.

`start` finds a number; `tail` reads one token after it (a lexicon form, or the next number);
`before` reads the prefixes a number may carry (per-second verb, from/between, qualifier,
currency, percent prefix, sign) by matching the reversed text to the left of the number, so it is
one anchored match, not a search. QuantityLexicon forms are compiled as tries (`trie`): a regex
alternation of hundreds of words is tried word by word, a trie character by character.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import ahocorasick

from claims.quantities.lexicon import QuantityLexicon
from claims.text.compiled import compiled
from claims.text.trie import trie as character_trie

NUMBER = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?|\.\d+"
# Other ways to write an Arabic number, tried before NUMBER: thousands set apart by a no-break or
# thin space (40 000), by plain spaces when there are two groups or more (1 234 567; "3 100-page"
# stays two numbers) or the one group is 000 (40 000), Indian grouping (12,34,567.89); and after
# any of them an exponent (1.3e6, 2.5^-1, 6.23x10^-4).
# A comma before one or two digits that end the number is its decimal point, as much of Europe
# writes it (5,00; 1,3), with dots grouping thousands (1.111,11); a comma with digits on both
# sides of a longer run (1024,16 heads; 1,2,3) stays a list, and so does a pair in brackets ({3,5}).
# The look-ahead, shared by all of them, keeps the engine from trying these at every number.
GROUPED = (
    r"(?=\d{1,3}[ ,.\u00a0\u202f\u2009]\d)"
    r"(?:(?<![\d,.{\[(（])\d{1,3}(?:\.\d{3})*,\d{1,2}(?![\d,.]\d|[\d}\])）])"
    r"|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+(?!\d)|\d{1,3}(?: \d{3}){2,}(?![\d,])|\d{1,3} 000(?![\d,])"
    r"|\d{1,2}(?:,\d{2})+,\d{3}(?![\d,]))(?:\.\d+)?"
)
EXPONENT = r"(?:[eE][-+]?\d+|\^[-+]?\d+|[x×]10\^[-+]?\d+)(?![A-Za-z0-9])"
# The vulgar fraction characters of Unicode (½ ⅔ ¾ …), read by their decomposition.
VULGAR = "".join(
    char for char in map(chr, (*range(0xBC, 0xBF), *range(0x2150, 0x2160)))
    if unicodedata.decomposition(char).startswith("<fraction>")
)  # fmt: skip
ARABIC = rf"(?:{GROUPED}|{NUMBER})(?:{EXPONENT})?|[{VULGAR}]"
GAP = r"[ \t\u00a0\u3000]"
GAP_CHARS = " \t\u00a0\u3000"
_LATIN_END = "(?![A-Za-z])"  # a form ending in a Latin letter is not followed by one


def trie(forms: Iterable[str], guards: dict[str, str] | None = None) -> str:
    """A regex matching any of `forms`, the longest first, built as a character trie (the one
    builder of `claims.text.trie`).

    A form ending in a Latin letter must not be followed by one ("s" does not match in "servers");
    `guards` adds a lookahead after a given form (reversed prefixes use it for "not after").

    >>> re.fullmatch(trie(["GB", "GB/s", "G"]), "GB/s") is not None
    True
    """
    guards = guards or {}

    def end(form: str) -> str:
        latin = form[-1].isascii() and form[-1].isalpha()
        return (_LATIN_END if latin else "") + guards.get(form, "")

    return character_trie(((list(form), end(form)) for form in set(forms)), show=re.escape)


def words_trie(words: Iterable[str]) -> str:
    """Case-insensitive trie over the lower-cased `words`."""
    return f"(?i:{trie({word.lower() for word in words})})"


@dataclass(frozen=True, slots=True)
class Patterns:
    """Compiled expressions and lookup sets of the scanner."""

    start: re.Pattern[str]
    tail: re.Pattern[str]
    before: re.Pattern[str]  # matches the REVERSED text left of a number
    before_last: frozenset[str]  # characters a prefix can end with (cheap test before `before`)
    idiom: re.Pattern[str]
    name_after: re.Pattern[str]
    names: frozenset[str]  # lower-cased Latin names and month names
    cjk_names: frozenset[str]
    cjk_name_lengths: tuple[int, ...]
    date_before: frozenset[str]
    date_before_lengths: tuple[int, ...]
    date_before_last: frozenset[str]
    tail_first: frozenset[str]  # characters a token after a number can start with
    score_words: tuple[str, ...]  # lower case
    multiplier_only: frozenset[str]  # qualifier forms that need a numeral led by a multiplier
    multipliers: frozenset[str]  # 十 百 千 万 亿 …
    roles: Mapping[str, str]  # context form (第, 图, 月, 版) -> the role of the number it marks
    spaced: re.Pattern[str] | None = None  # a run of numeral characters with spaces inside (一百 五 十)
    numeral_chars: frozenset[str] = frozenset()  # Chinese digits, multipliers and points
    spaced_gap: re.Pattern[str] | None = None  # spaces before a character of a spaced run
    # a character of a spaced run right after a space: where `spaced_gap` can match at all, found
    # by skipping to the (in English text rare) run characters instead of stopping at every space
    spaced_after_gap: re.Pattern[str] | None = None
    spaced_chars: frozenset[str] = frozenset()  # the characters of a spaced run
    # Where `start` may match, found without entering it at every letter (see `start_places`):
    # the characters other than ASCII letters it can open on, and the English words it can open
    # with (an Aho-Corasick automaton: each word -> its length).
    start_chars: re.Pattern[str] | None = None
    start_words: Any = None


def start_places(s: str, patterns: Patterns) -> list[int]:
    """Every place of `s` where `patterns.start` may match, in order: a place none of whose
    characters or words open a match is left out, so `start.match` at each place in turn finds
    what `start.search` finds (English text has a letter that opens some number word every few
    characters, and the pattern would be entered at each of them).

    >>> from claims.quantities.find import default_quantity_resources as r
    >>> start_places("often two 3", r().patterns)
    [2, 6, 10]
    """
    places = [m.start() for m in patterns.start_chars.finditer(s)] if patterns.start_chars else []
    if patterns.start_words is not None:
        places += [end + 1 - length for end, length in patterns.start_words.iter(s)]
    return sorted(set(places))


def _reversed_prefix(lexicon: QuantityLexicon) -> tuple[str, set[str]]:
    """The prefix grammar, right to left, and the characters it can start with (reading leftward)."""
    cjk_q = [form for form in lexicon.before if not (form.isascii() and any(c.isalpha() for c in form))]
    latin_q = [form for form in lexicon.before if form not in cjk_q]
    guards = {}
    for form in cjk_q:
        guard = lexicon.before_guard.get(form, ())
        if guard:
            guards[form[::-1]] = "(?!" + "|".join(re.escape(g[::-1]) for g in guard) + ")"
    qualifier = trie([f[::-1] for f in cjk_q], guards)
    latin = trie([f.lower()[::-1] for f in latin_q])
    latin_qualifier = f"(?i:{latin})(?![A-Za-z])"
    froms = trie([f.lower()[::-1] for f in lexicon.range_from])
    # 百万分之五, 萬分之肆: a [fraction] word after multipliers alone is a per-power-of-ten prefix
    units = "".join(sorted(re.escape(char) for char in lexicon.cn_units))
    per_powers = "".join(f"{trie([mark[::-1]])}[{units}]{{1,4}}|" for mark in lexicon.fraction_marks)
    sign_words = trie(w[::-1] for w in lexicon.english_words.negative)
    pattern = (
        rf"(?:(?P<sign>[-+−](?![A-Za-z0-9.])|{trie(lexicon.negative)})|{GAP}(?P<wsign>(?i:{sign_words}))(?![A-Za-z]))?"
        rf"(?P<pct>{per_powers}{trie(f[::-1] for f in lexicon.percent_prefix)})?"
        rf"(?:{GAP}?(?P<cur>{trie(f[::-1] for f in lexicon.currency_prefix)}))?"
        rf"(?:{GAP}{{0,2}}(?P<q>{qualifier}|{latin_qualifier}))?"
        rf"(?:{GAP}+(?P<from>(?i:{froms}))(?![A-Za-z]))?"
        rf"(?:{GAP}?(?:(?P<verb>{trie(v[::-1] for v in lexicon.per_verbs)}){GAP}?)?"
        rf"(?P<per>{trie(p[::-1] for p in lexicon.per_time)}))?"
    )
    last = set(GAP_CHARS) | set("-+−") | set(lexicon.negative)
    for forms in (lexicon.percent_prefix, lexicon.currency_prefix, lexicon.before, lexicon.per_time):
        for form in forms:
            last.add(form[-1])
            last.add(form[-1].lower())
            last.add(form[-1].upper())
    for verb in lexicon.per_verbs:
        last.add(verb[-1])
    return pattern, last


def _cased(words: Iterable[str]) -> str:
    # Lower-case and capitalised forms as exact tries: a case-insensitive trie makes the regex
    # engine try every letter of English text; the left word boundary is checked by the scanner.
    return trie({w for w in words} | {w.capitalize() for w in words})


def _english_opening(lexicon: QuantityLexicon) -> set[str]:
    """The words a run of English number words opens on (see `english_numeral`)."""
    tables = lexicon.english_words
    return set(tables.cardinals) | set(tables.several) | {"half", "quarter"} | set(tables.ordinals)


def _start_characters(lexicon: QuantityLexicon, cn_chars: str) -> str:
    """Every character a match of the scanner's `start` pattern can begin with, as a character
    class: a digit or point (`\\d` includes the digits of every script), a vulgar fraction, a Chinese
    numeral, the first letter of an English number word in either case or of "a"/"an", a half."""
    words = _english_opening(lexicon) | {"a"}
    letters = {w[0] for w in words} | {w[0].upper() for w in words}
    chars = set(".") | set(VULGAR) | set(cn_chars) | letters | {half[0] for half in lexicon.halves}
    return "[\\d" + "".join(sorted(re.escape(c) for c in chars)) + "]"


def _start_finders(lexicon: QuantityLexicon, cn_chars: str) -> tuple[re.Pattern[str], Any]:
    """`Patterns.start_chars` and `Patterns.start_words`. A `start` match opening on an ASCII
    letter is an English number word, lower case or capitalised, or an article before the word it
    makes a number of (`english_numeral`); should a Chinese numeral or a half open on a letter,
    that letter is looked for as a character instead."""
    others = set(".") | set(VULGAR) | set(cn_chars) | {half[0] for half in lexicon.halves}
    chars = "[\\d" + "".join(sorted(re.escape(c) for c in others)) + "]"
    opening = _english_opening(lexicon)
    articles = {f"{article} " for article in ("a", "an", "A", "An")}  # "a million", "an eighth"
    words = opening | {w.capitalize() for w in opening} | articles
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, len(word))
    automaton.make_automaton()
    return re.compile(chars), automaton


def english_numeral(lexicon: QuantityLexicon) -> str:
    """A run of English number words ("two hundred and fifty", "twenty-one", "a dozen").

    It opens on a cardinal, a plural magnitude or "half" (never on a denominator: "the third
    quarter"), or on "a"/"an" right before a word that makes it a number ("a hundred", "a
    million", "a quarter"); `claims.quantities.english_numerals` reads its longest prefix that is one number.
    """
    tables = lexicon.english_words
    scales = {
        form for form in lexicon.words if any(role.kind == "SCALE" for role in lexicon.tail.get(form, ()))
    }
    ordinals = set(tables.ordinals) | {f"{word}s" for word in tables.ordinals}
    opening = _english_opening(lexicon)
    inside = set(tables.cardinals) | set(tables.fractions) | set(tables.several) | set(tables.groups)
    inside |= ordinals | set(tables.point)
    tens = {word for word, value in tables.cardinals.items() if 20 <= value < 100 and value % 10 == 0}
    money = {  # "a dollar", "a euro": one of the currency
        form
        for form in lexicon.words
        if " " not in form
        and any(r.kind == "UNIT" and r.payload.dimension == "currency" for r in lexicon.tail[form])
    }
    after_article = (
        {"hundred"} | set(tables.fractions) | set(tables.groups) | scales | ordinals | tens | money
    )
    # "a million" as one trie form: a look-around at every "a" of English text costs more than
    # the whole scan of numbers; the scanner keeps the "a" alone when a scale word follows it.
    # The look-behind, tried only once the form has matched, keeps "than half" from reading "an half".
    articled = {f"{article} {word}" for article in ("a", "an", "A", "An") for word in after_article}
    guards = {form: rf"(?<![A-Za-z]{re.escape(form)})" for form in articled}
    joiner = r"(?:[ \t]?-[ \t]?|[ \t]+(?:(?:and|of)[ \t]+)?)"
    return rf"(?:{_cased(opening)}|{trie(articled, guards)})(?:{joiner}{trie(inside | {'a', 'an', 'half'})})*"


def build_patterns(lexicon: QuantityLexicon) -> Patterns:
    """Compile the scanner's expressions from the lexicon."""
    cn_chars = "".join(sorted(set(lexicon.digits) | set(lexicon.cn_units)))
    digit_chars = "".join(sorted(lexicon.digits))
    points = "".join(sorted(lexicon.points))
    cnum = f"[{cn_chars}]{{1,30}}(?:[{points}][{digit_chars}]{{1,30}})?"
    exact = [form for form in lexicon.tail if form not in lexicon.words]
    english = english_numeral(lexicon)
    # A word glued by a hyphen (`-billion`, `-parameter`) is tried before the exact forms, whose
    # range dash would otherwise win the alternation and cut `13-billion-parameter` at its number.
    hyphened = [word for word in lexicon.words if word.startswith("-")]
    glued = f"{words_trie(hyphened)}(?![A-Za-z])|" if hyphened else ""
    tail = compiled(
        rf"{GAP}{{0,2}}(?:(?P<f>{glued}{trie(exact)}|{words_trie(lexicon.words)})|(?P<n>{ARABIC})|(?P<c>{cnum})"
        rf"|(?P<w>{english}))"
    )
    before, before_last = _reversed_prefix(lexicon)
    tail_first = (
        {form[0] for form in lexicon.tail}
        | {form[0].upper() for form in lexicon.words}
        | {form[0].lower() for form in lexicon.words}
        | set(GAP_CHARS)
        | {form[0] for form in lexicon.subunits}
        | {form[0] for form in lexicon.mixed}
        | set(cn_chars)
        | set(points)
    )
    # A lone numeral character starts a candidate only next to something a figure can continue
    # with (一个, 约三) — decided here, in the regex engine, for the thousands of 一 in running text.
    after_class = "".join(sorted(re.escape(char) for char in tail_first))
    before_class = "".join(sorted(re.escape(char) for char in before_last))
    # Every branch starts with a character class, so the engine skips other characters in C.
    # A numeral that may stand alone as a number (答案是四, “五”, a line of its own) starts one too;
    # `stands_alone` decides.
    standing = "".join(sorted(re.escape(word[-1]) for word in lexicon.standing[0]))
    lone = (
        f"[{cn_chars}](?:(?=[{after_class}])|(?<=[{before_class}{standing}][{cn_chars}])"
        f"|(?<![^\\n][{cn_chars}])(?![^\\n]))"
    )
    start_cnum = f"(?:[{cn_chars}]{{2,30}}|{lone})(?:[{points}][{digit_chars}]{{1,30}})?"
    # One look at a place's character first: the four branches would each be entered at every
    # character of the text (the English words' trie at every letter).
    start = compiled(
        rf"(?={_start_characters(lexicon, cn_chars)})"
        rf"(?:(?P<n>{ARABIC})|(?P<c>{start_cnum})|(?P<w>{english})|(?P<h>{trie(lexicon.halves)}))"
    )
    start_chars, start_words = _start_finders(lexicon, cn_chars)
    cjk_names = frozenset(name for name in lexicon.names if not name.isascii())
    names = frozenset(name.lower() for name in lexicon.names if name.isascii()) | lexicon.months
    name_after = re.compile(rf"{GAP}(?:{trie(lexicon.name_suffixes)}|{words_trie(lexicon.months)})")
    return Patterns(
        start=start,
        tail=tail,
        before=compiled(before),
        before_last=frozenset(before_last),
        idiom=re.compile(trie(lexicon.idioms)),
        name_after=name_after,
        names=names,
        cjk_names=cjk_names,
        cjk_name_lengths=tuple(sorted({len(n) for n in cjk_names}, reverse=True)),
        date_before=frozenset(lexicon.date_before),
        date_before_lengths=tuple(sorted({len(f) for f in lexicon.date_before}, reverse=True)),
        date_before_last=frozenset(f[-1] for f in lexicon.date_before),
        tail_first=frozenset(tail_first),
        score_words=tuple(word.lower() for word in lexicon.score_words),
        multiplier_only=lexicon.before_multiplier_only,
        multipliers=frozenset(lexicon.cn_units),
        spaced=_spaced(lexicon, cn_chars + points),
        numeral_chars=frozenset(cn_chars + points),
        spaced_gap=_spaced_gap(lexicon, cn_chars + points),
        spaced_after_gap=_spaced_after_gap(lexicon, cn_chars + points),
        spaced_chars=frozenset(cn_chars + points) | lexicon.spaced,
        roles=lexicon.roles,
        start_chars=start_chars,
        start_words=start_words,
    )


def _spaced(lexicon: QuantityLexicon, numerals: str) -> re.Pattern[str] | None:
    """Runs of numeral characters and the [spaced] words with spaces between them ("一百 五 十")."""
    chars = "".join(sorted(re.escape(char) for char in set(numerals) | lexicon.spaced))
    if not chars:
        return None
    return re.compile(f"[{chars}]+(?:[ \\t\u3000]{{1,3}}[{chars}]+)+")


def _spaced_gap(lexicon: QuantityLexicon, numerals: str) -> re.Pattern[str] | None:
    """Spaces followed by a character of a spaced run: where a run with spaces inside may be."""
    chars = "".join(sorted(re.escape(char) for char in set(numerals) | lexicon.spaced))
    return re.compile(f"[ \\t\u3000]{{1,3}}(?=[{chars}])") if chars else None


def _spaced_after_gap(lexicon: QuantityLexicon, numerals: str) -> re.Pattern[str] | None:
    """A character of a spaced run with a space right before it (looked at once the character is
    found, so the engine skips ahead to run characters in C)."""
    chars = "".join(sorted(re.escape(char) for char in set(numerals) | lexicon.spaced))
    return re.compile(f"[{chars}](?<=[ \\t\u3000][{chars}])") if chars else None
