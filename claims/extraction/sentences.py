"""Sentences and clauses of a segment, and the word spans found in them, computed once.

A `Sentence` caches, per class, where cue words, names, benchmarks, attribute and modality words
stand in it, so the rules tried on each of its quantities share one lookup.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from claims.extraction.headlines import Headline
from claims.extraction.lexicon import Hit, Lexicon
from claims.extraction.name_finder import find_names
from claims.extraction.names import CLAUSE_END, SHAPE_TYPE, Name, joiner_alternatives
from claims.extraction.rules import Element, Span
from claims.extraction.subjects import asides
from claims.text.punctuation import (
    CHINESE_COMMA,
    COLONS,
    COMMAS,
    DASHES,
    ENUMERATION_COMMA,
    SEMICOLONS,
    SENTENCE_STOPS,
    marks,
)

_NOTHING_TOLD = Headline([], None, False, {})  # a sentence read without its item's headline
SENTENCE_END = re.compile(rf"[{marks(SENTENCE_STOPS, SEMICOLONS)}\n]+|\.(?=\s|$)")
# Modality words, looked up through a sentence's span cache under these names.
HEDGE, SPECULATIVE, NEUTRAL, ASSERTED = "(hedge)", "(speculative)", "(neutral)", "(asserted)"
_HEDGE_CLAUSE_END = re.compile(
    rf"[{marks(CHINESE_COMMA, COLONS, SEMICOLONS)}]|,(?!\d{{3}})"
)  # a hedge covers a whole list (A、B 和 C)
_HAN = re.compile(r"[\u4e00-\u9fff]")
# A lower-case English word, hyphens inside (`open-weight`, `full-task`): a modifier candidate.
_LOWER_WORD = re.compile(r"(?<![\w-])[a-z]+(?:-[a-z]+)*(?![\w-])")
MAX_MODIFIERS = 3  # words a noun phrase's head may stand after, past its figure
_LATIN = re.compile(r"[A-Za-z]")


@dataclass(slots=True)
class Sentence:
    """One sentence of a segment, with its class spans computed on first use."""

    start: int
    end: int
    text: str  # the width-folded document text (shared, not a copy)
    lexicon: Lexicon
    blocked: list[tuple[int, int]]
    _cache: dict[tuple[str, frozenset[str], bool], list[Span]]
    _names: list[Name] | None = None
    _lang: str | None = None
    _asides: list[tuple[int, int]] | None = None
    _characters: frozenset[str] | None = None
    common: frozenset[str] = frozenset()  # the document's lower-case vocabulary (name_words.common_words)
    title: tuple[int, int] = (0, 0)  # the span of the item's heading, where every word may be capitalised
    _tests: list[Hit] | None = None  # the benchmarks and metrics of the sentence, each with its tag
    _test_spans: list[tuple[int, int]] | None = None  # tests named by their last word (`_test_name_spans`)
    _present: frozenset[str] | Literal[False] | None = False  # `present()`; False: not yet found
    headline: Callable[[], Headline] | None = None  # what the item's headline tells the names, on first use

    def names(self) -> list[Name]:
        if self._names is None:
            tests = [(h.start, h.end) for h in self.tests()] + self._test_name_spans()
            self._names = find_names(
                self.text,
                self.start,
                self.end,
                self.lexicon,
                self._blocked_here() + tests,
                self.common,
                self.title,
                self.present(),
            )
            told = self.headline() if self.headline is not None else _NOTHING_TOLD
            if told.known:
                self._names = _with_known(self._names, told.known, self.text, self.start, self.end)
            if told.headline_only:
                heading = self.title
                only = told.headline_only
                self._names = [
                    n for n in self._names if not (heading[0] <= n.start < heading[1] and n.text in only)
                ]
            if told.headline_cores:
                heading, cores = self.title, told.headline_cores
                self._names = [
                    cut_to(n, cores[n.text], self.lexicon)
                    if heading[0] <= n.start < heading[1] and n.text in cores
                    else n
                    for n in self._names
                ]
            if told.family_leads:
                self._names = with_family(self._names, told.family_leads, self.text, self.lexicon)
        return self._names

    def _blocked_here(self) -> list[tuple[int, int]]:
        """The blocked spans that reach into this sentence. `blocked` holds the whole segment's, in
        order; bisection keeps a segment of n figures from costing n² (one long item, one line)."""
        first = bisect.bisect_left(self.blocked, self.start, key=lambda span: span[0])
        last = bisect.bisect_left(self.blocked, self.end, key=lambda span: span[0])
        return self.blocked[max(0, first - 1) : last]

    def asides(self) -> list[tuple[int, int]]:
        """The bracketed asides of the sentence, found once (not once per figure in it)."""
        if self._asides is None:
            self._asides = asides(self.text[self.start : self.end], self.start)
        return self._asides

    def lang(self) -> str:
        """The sentence's language, worked out once."""
        if self._lang is None:
            self._lang = language(self.text[self.start : self.end])
        return self._lang

    def names_and_benchmarks(self) -> list[Name]:
        """Names plus benchmarks: what a count or spec may be about (`EQ-Bench 包含 45 个场景`)."""
        tests = [Name(s.start, s.end, s.text, s.key, "dataset") for s in self.hits("BENCHMARK")]
        return sorted(self.names() + tests, key=lambda n: n.start)

    def tests(self) -> list[Hit]:
        """The benchmarks and metrics of the sentence (tag `benchmark` or `metric`), found once."""
        if self._tests is None:
            listed = self.lexicon.benchmarks.find(self.text, self.start, self.end)
            self._tests = listed + self._named_tests(listed)
        return self._tests

    def _test_name_spans(self) -> list[tuple[int, int]]:
        """Spans of capitalised words ending in a benchmark head word (`Lexicon.benchmark_name_spans`),
        found once for the tests and the names of the sentence."""
        if self._test_spans is None:
            self._test_spans = self.lexicon.benchmark_name_spans(self.text, self.start, self.end)
        return self._test_spans

    def _named_tests(self, listed: list[Hit]) -> list[Hit]:
        """Tests named by their last word (`the PoseBusters benchmark`, `Berkeley Function-Calling
        Benchmark`) that the lexicon does not list: benchmarks all the same. Not one plain word opening
        the sentence (`New benchmark …`), not a listed one again."""
        found = []
        for a, b in self._test_name_spans():
            if any(h.start < b and a < h.end for h in listed):
                continue
            words = self.text[a:b].split()
            if len(words) == 2 and not self.text[self.start : a].strip(" |*#>[\"'“"):
                continue
            found.append(Hit(a, b, self.text[a:b], "benchmark"))
        return found

    def hits(self, name: str, options: frozenset[str] = frozenset()) -> list[Span]:
        """Spans of a class (cue, ENTITY, BENCHMARK, METRIC, ATTR) in this sentence."""
        key = (name, options, False)
        if key not in self._cache:
            self._cache[key] = self._find(name, options)
        return self._cache[key]

    def _find(self, name: str, options: frozenset[str]) -> list[Span]:
        text, lo, hi, lexicon = self.text, self.start, self.end, self.lexicon
        if name == "ENTITY":
            return [Span(n.start, n.end, n.key, n.text) for n in self.names()]
        if name in ("BENCHMARK", "METRIC"):
            tag = name.lower()
            return [_span(h, text) for h in self.tests() if h.tag == tag]
        if name in (HEDGE, SPECULATIVE, NEUTRAL, ASSERTED):
            matcher = {
                HEDGE: lexicon.hedges,
                SPECULATIVE: lexicon.speculative,
                NEUTRAL: lexicon.neutral,
                ASSERTED: lexicon.asserted,
            }[name]
            return [_span(h, text) for h in matcher.find(text, lo, hi)]
        if "|" in name:
            return sorted(span for part in name.split("|") for span in self.hits(part, options))
        if name == "TESTS":  # benchmarks and metrics together
            return [_span(h, text) for h in self.tests()]
        if name == "NUMBER":  # the other figures of the sentence
            return [Span(a, b, "", text[a:b]) for a, b in self._blocked_here() if lo <= a and b <= hi]
        if name == "JOINER":  # what joins the last two members of a list (entities.toml list_joiners)
            pattern = _joiner_pattern(lexicon.list_joiners, lexicon.list_joiner_words)
            return [Span(m.start(), m.end(), "", m.group()) for m in pattern.finditer(text, lo, hi)]
        if name == "MODIFIERS":
            return modifier_runs(text, lo, hi, self.hits("NOT_MODIFIER|INCREASE|DECREASE|FASTER"))
        if name == "ATTR":
            if options:  # one lookup for every option set: filter the sentence's attribute words
                return [span for span in self.hits("ATTR") if span.key in options]
            return [_span(h, text) for h in lexicon.attributes.find(text, lo, hi)]
        matcher = lexicon.classes[name]
        present = self.present()
        if present is not None and name not in present:
            return []  # no word of the class can stand here (one pass for every class)
        if matcher.absent_from(self.characters()):
            return []  # no word of the class can start here: skip its search
        return [_span(h, text) for h in matcher.find(text, lo, hi)]

    def present(self) -> frozenset[str] | None:
        """The cue classes that may stand here (None: any), found once for the classes and names."""
        if self._present is False:
            self._present = self.lexicon.cue_classes_in(self.text, self.start, self.end)
        return self._present

    def characters(self) -> frozenset[str]:
        """The characters of the sentence, gathered once for all its class lookups."""
        if self._characters is None:
            self._characters = frozenset(self.text[self.start : self.end])
        return self._characters

    def element_spans(self, element: Element) -> list[Span]:
        if element.literal:
            found, at = [], self.text.find(element.name, self.start, self.end)
            while at != -1:
                found.append(Span(at, at + len(element.name), element.name, element.name))
                at = self.text.find(element.name, at + 1, self.end)
            return found
        return self.hits(element.name, element.options)


def _with_known(names: list[Name], known: tuple[Name, ...], text: str, lo: int, hi: int) -> list[Name]:
    """`names` and each place in text[lo:hi] where a known name is written and no other name is."""
    found = list(names)
    for name in known:
        at = text.find(name.text, lo, hi)
        while at != -1:
            end = at + len(name.text)
            if not any(n.start < end and at < n.end for n in found):
                found.append(Name(at, end, name.text, name.key, name.type))
            at = text.find(name.text, end, hi)
    return sorted(found, key=lambda n: n.start) if len(found) > len(names) else names


def cut_to(name: Name, core: tuple[int, int], lexicon: Lexicon) -> Name:
    """`name` cut to the offsets `core` of its text, keyed and typed as what is left is."""
    a, b = core
    text = name.text[a:b]
    key = lexicon.canonical(text)
    kind = lexicon.entity_types.get(key, name.type) if key else SHAPE_TYPE
    return Name(name.start + a, name.start + b, text, key or text, kind)


_NOT_A_MEMBER = ("org", "person", "family")  # a company or a family after a family word is no member of it


def with_family(
    names: list[Name], leads: tuple[tuple[int, str], ...], text: str, lexicon: Lexicon
) -> list[Name]:
    """`names`, each written elsewhere in the item after a family's name (`leads`: where a family's
    name and a space end, and the family) keyed as that family's member: `Opus 4.6` where the item
    also writes `Claude Opus 4.6` is Claude Opus 4.6. The member is the same thing the item names in
    full, so its figures are one model's, whether the writer spells the family out or not. Only
    where the whole name follows the family (`Claude Opus 4.6` makes no member of `Opus 4`)."""
    out = names
    for i, name in enumerate(names):
        if name.type in _NOT_A_MEMBER:
            continue
        family = _family_before(name.text, leads, text)
        if family is None or name.key.startswith(f"{family} "):
            continue
        written = f"{family} {name.text}"
        key = lexicon.canonical(written) or f"{family} {name.key}"
        if out is names:
            out = list(names)
        out[i] = Name(name.start, name.end, name.text, key, name.type)
    return out


def _family_before(surface: str, leads: tuple[tuple[int, str], ...], text: str) -> str | None:
    """The family whose name stands right before `surface` somewhere in the item, the name whole."""
    for at, family in leads:
        end = at + len(surface)
        if text.startswith(surface, at) and not _continues(text, end) and surface != family:
            return family
    return None


def _continues(text: str, at: int) -> bool:
    """Whether a name goes on at `at` (`4.6` in `Opus 4.6`, `-fast` in `Opus 4.6-fast`)."""
    if at >= len(text):
        return False
    if text[at].isalnum():
        return True
    return text[at] in "-._" and at + 1 < len(text) and text[at + 1].isalnum()


@lru_cache(maxsize=4)
def _joiner_pattern(forms: tuple[str, ...], words: tuple[str, ...]) -> re.Pattern[str]:
    """The list joiners as one pattern (`names.joiner_alternatives`), without the spaces around."""
    return re.compile(joiner_alternatives(forms, words), re.IGNORECASE)


def _span(hit: Hit, text: str) -> Span:
    return Span(hit.start, hit.end, hit.key, text[hit.start : hit.end])


# The longest span read as one sentence. News sentences run to a few hundred characters; a longer
# run without an end mark (a table flattened to one line, a list joined by commas) is cut at its last
# clause break (else a space) before the limit. Every claim carries its sentence and is read
# against it, so unbounded sentences would make one long line cost its length squared.
MAX_SENTENCE = 1000
_SOFT_BREAK = re.compile(rf"[{marks(COMMAS, COLONS, ENUMERATION_COMMA, SEMICOLONS, DASHES)}]\s*|\s+")


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of text[start:end] (ends at 。！？；, newlines and `. `), blanks dropped.

    >>> split_sentences("a 1. b 2。", 0, 9)
    [(0, 4), (4, 9)]
    >>> [b - a for a, b in split_sentences("x, " * 1000, 0, 3000)]
    [999, 999, 999, 3]
    """
    spans, cursor = [], start
    for match in SENTENCE_END.finditer(text, start, end):
        if text[cursor : match.start()].strip():
            spans.extend(_bounded(text, cursor, match.end()))
        cursor = match.end()
    if text[cursor:end].strip():
        spans.extend(_bounded(text, cursor, end))
    return spans


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) in pieces of at most `MAX_SENTENCE` characters, cut after a clause break."""
    pieces = []
    while end - start > MAX_SENTENCE:
        cut = None
        for match in _SOFT_BREAK.finditer(text, start + MAX_SENTENCE // 2, start + MAX_SENTENCE):
            cut = match.end()
        cut = cut if cut is not None and cut > start else start + MAX_SENTENCE
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def clause_of(
    text: str, sentence: tuple[int, int], start: int, end: int, breaks: re.Pattern[str] | None = None
) -> tuple[int, int]:
    """The clause around [start, end): the sentence cut at commas, colons and dashes.

    >>> clause_of("a 1, b 2, c 3", (0, 13), 7, 8)
    (4, 8)
    """
    starts, ends = _breaks(text, sentence[0], sentence[1], breaks or CLAUSE_END)
    # the breaks are found once per sentence and searched by bisection: a sentence of n figures
    # costs n log n, not n² (`10%, 10%, …` in one sentence)
    before = bisect.bisect_right(ends, start)
    after = bisect.bisect_left(starts, end)
    return (ends[before - 1] if before else sentence[0]), (
        starts[after] if after < len(starts) else sentence[1]
    )


@lru_cache(maxsize=64)
def _breaks(text: str, lo: int, hi: int, breaks: re.Pattern[str]) -> tuple[list[int], list[int]]:
    """The starts and ends of the clause breaks in text[lo:hi] (a str caches its hash: cheap keys)."""
    found = [(m.start(), m.end()) for m in breaks.finditer(text, lo, hi)]
    return [a for a, _ in found], [b for _, b in found]


def language(sentence: str) -> str:
    """`zh` when Chinese characters make up a fifth of the letters, else `en`."""
    han = len(_HAN.findall(sentence))
    latin = len(_LATIN.findall(sentence))
    return "zh" if han and han * 5 >= han + latin else "en"


def modality(sentence: Sentence, start: int, end: int) -> str:
    if any(h.end <= start for h in sentence.hits(HEDGE)):
        return "speculative"
    lo, hi = clause_of(sentence.text, (sentence.start, sentence.end), start, end, _HEDGE_CLAUSE_END)
    inside = lambda spans: any(lo <= s.start and s.end <= hi for s in spans)  # noqa: E731
    neutral = sentence.hits(NEUTRAL)
    hedges = [
        s
        for s in sentence.hits(SPECULATIVE)
        if not any(n.start <= s.start and s.end <= n.end for n in neutral)
    ]
    if inside(hedges) and not inside(sentence.hits(ASSERTED)):
        return "speculative"
    return "asserted"


def modifier_runs(text: str, lo: int, hi: int, stops: list[Span]) -> list[Span]:
    """Spans of one to MAX_MODIFIERS lower-case words in a row, single spaces between, none of them
    a NOT_MODIFIER word: the words an English noun phrase puts between a figure and its head (`a 124B
    open-weight multimodal model`, `a 24% full-task success rate`). Every run is offered, from each
    word, so a rule's next element may start at any word after it."""
    stopped = {(s.start, s.end) for s in stops}
    words = [m.span() for m in _LOWER_WORD.finditer(text, lo, hi) if m.span() not in stopped]
    runs = []
    for i, (start, end) in enumerate(words):
        runs.append(Span(start, end, "", text[start:end]))
        for following_start, following_end in words[i + 1 : i + MAX_MODIFIERS]:
            if text[end:following_start] != " ":
                break
            end = following_end
            runs.append(Span(start, end, "", text[start:end]))
    return runs
