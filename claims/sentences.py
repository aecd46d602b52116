"""Sentences and clauses of a segment, and the word spans found in them, computed once.

A `Sentence` caches, per class, where cue words, names, benchmarks, attribute and modality words
stand in it, so the rules tried on each of its quantities share one lookup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.lexicon import Hit, Lexicon
from claims.rules import Element, Span
from claims.subjects import CLAUSE_END, Name, find_names

SENTENCE_END = re.compile(r"[。！？!?；;\n]+|\.(?=\s|$)")
# Modality words, looked up through a sentence's span cache under these names.
HEDGE, SPECULATIVE, NEUTRAL, ASSERTED = "(hedge)", "(speculative)", "(neutral)", "(asserted)"
_HEDGE_CLAUSE_END = re.compile(r"[，：:；;]|,(?!\d{3})")  # a hedge covers a whole list (A、B 和 C)
_HAN = re.compile(r"[\u4e00-\u9fff]")
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
    common: frozenset[str] = frozenset()  # the document's lower-case vocabulary (subjects.common_words)
    title: tuple[int, int] = (0, 0)  # the span of the item's heading, where every word may be capitalised

    def names(self) -> list[Name]:
        if self._names is None:
            tests = [(s[0], s[1]) for s in self.hits("TESTS")]
            self._names = find_names(
                self.text, self.start, self.end, self.lexicon, self.blocked + tests, self.common, self.title
            )
        return self._names

    def lang(self) -> str:
        """The sentence's language, worked out once."""
        if self._lang is None:
            self._lang = language(self.text[self.start : self.end])
        return self._lang

    def names_and_benchmarks(self) -> list[Name]:
        """Names plus benchmarks: what a count or spec may be about (`EQ-Bench 包含 45 个场景`)."""
        tests = [Name(s[0], s[1], s[3], s[2], "dataset") for s in self.hits("BENCHMARK")]
        return sorted(self.names() + tests, key=lambda n: n.start)

    def hits(self, name: str, options: frozenset[str] = frozenset()) -> list[Span]:
        """Spans of a class (cue, ENTITY, BENCHMARK, METRIC, ATTR) in this sentence."""
        key = (name, options, False)
        if key not in self._cache:
            self._cache[key] = self._find(name, options)
        return self._cache[key]

    def _find(self, name: str, options: frozenset[str]) -> list[Span]:
        text, lo, hi, lexicon = self.text, self.start, self.end, self.lexicon
        if name == "ENTITY":
            return [(n.start, n.end, n.key, n.text) for n in self.names()]
        if name in ("BENCHMARK", "METRIC"):
            tag = name.lower()
            return [(s[0], s[1], s[2], text[s[0] : s[1]]) for s in self.hits("TESTS") if s[3] == tag]
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
        if name == "TESTS":  # benchmarks and metrics together, found once
            return [(h.start, h.end, h.key, h.tag) for h in lexicon.benchmarks.find(text, lo, hi)]
        if name == "ATTR":
            if options:  # one lookup for every option set: filter the sentence's attribute words
                return [span for span in self.hits("ATTR") if span[2] in options]
            return [_span(h, text) for h in lexicon.attributes.find(text, lo, hi)]
        return [_span(h, text) for h in lexicon.classes[name].find(text, lo, hi)]

    def element_spans(self, element: Element) -> list[Span]:
        if element.literal:
            found, at = [], self.text.find(element.name, self.start, self.end)
            while at != -1:
                found.append((at, at + len(element.name), element.name, element.name))
                at = self.text.find(element.name, at + 1, self.end)
            return found
        return self.hits(element.name, element.options)


def _span(hit: Hit, text: str) -> Span:
    return (hit.start, hit.end, hit.key, text[hit.start : hit.end])


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of text[start:end] (ends at 。！？；, newlines and `. `), blanks dropped."""
    spans, cursor = [], start
    for match in SENTENCE_END.finditer(text, start, end):
        if text[cursor : match.start()].strip():
            spans.append((cursor, match.end()))
        cursor = match.end()
    if text[cursor:end].strip():
        spans.append((cursor, end))
    return spans


def clause_of(
    text: str, sentence: tuple[int, int], start: int, end: int, breaks: re.Pattern[str] | None = None
) -> tuple[int, int]:
    """The clause around [start, end): the sentence cut at commas, colons and dashes."""
    lo, hi = sentence
    for match in (breaks or CLAUSE_END).finditer(text, sentence[0], sentence[1]):
        if match.end() <= start:
            lo = match.end()
        elif match.start() >= end:
            hi = match.start()
            break
    return lo, hi


def language(sentence: str) -> str:
    """`zh` when Chinese characters make up a fifth of the letters, else `en`."""
    han = len(_HAN.findall(sentence))
    latin = len(_LATIN.findall(sentence))
    return "zh" if han and han * 5 >= han + latin else "en"


def modality(sentence: Sentence, start: int, end: int) -> str:
    if any(h[1] <= start for h in sentence.hits(HEDGE)):
        return "speculative"
    lo, hi = clause_of(sentence.text, (sentence.start, sentence.end), start, end, _HEDGE_CLAUSE_END)
    inside = lambda spans: any(lo <= s[0] and s[1] <= hi for s in spans)  # noqa: E731
    neutral = sentence.hits(NEUTRAL)
    hedges = [
        s for s in sentence.hits(SPECULATIVE) if not any(n[0] <= s[0] and s[1] <= n[1] for n in neutral)
    ]
    if inside(hedges) and not inside(sentence.hits(ASSERTED)):
        return "speculative"
    return "asserted"
