"""Plain text for reading: Markdown emphasis and the backticks of prose-like inline code removed,
with a map from every plain offset back to the original one.

News in Markdown bolds figures and names (`超 **120 亿美元**`, `**19.5** FPS`) and sets product names
in inline code (`` `Mistral Small 4` ``). The markers split a figure from its qualifier and unit and a
name from its sentence, so extraction reads the plain text and every claim is moved back to the
original offsets, where `doc[start:end] == quote` still holds (the quote then keeps any marker that
sat inside it: `19.5** FPS`).

Inline code that looks like code (operators, brackets, paths, identifiers with `_`, a `#3` tag) is
kept as it is, and masking later blanks it whole (`claims.text.masking`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import chain

# An item's own heading: a linked title (`## [Title](…)`, `|[Title](…) |`, `[Title](…)`) or a
# Markdown heading line. The extractor reads its names as a Title Case heading; conflicts check its
# figures against the body's.
HEADING_LINE = re.compile(r"[ \t]*(?:#{1,6}[ \t]+|\|[ \t]*)?\[([^\]\n]*)\]|[ \t]*#{1,6}[ \t]+[^\n]*")
# A sentence that opens such a heading (its link text may be cut by the sentence's end).
HEADING_OPENING = r"^\s*(?:#{1,6}\s|\|?\s*\[)"

# `**bold**` and `__bold__` markers; a lone `*` or `_` is left alone (lists, identifiers, footnotes).
# Each branch opens with its marker, so the engine skips to the next `*` or `_` in C; the
# character before `__` is checked once the marker has matched.
_EMPHASIS = re.compile(r"\*\*|__(?<![\w_]__)(?=\S)|__(?<=\S__)(?![\w_])")
# Inline code that reads as prose: a name, a figure or a short phrase, no code punctuation.
# A unit written with a slash (`tokens/s`, `美元/月`) is prose too: one slash between letters.
_PROSE_CODE = re.compile(
    r"`([A-Za-z0-9\u4e00-\u9fff][A-Za-z0-9\u4e00-\u9fff .,+%&×·-]{0,60}"
    r"(?:/[A-Za-z\u4e00-\u9fff][A-Za-z\u4e00-\u9fff]{0,12})?)`"
)


@dataclass(frozen=True, slots=True)
class Plain:
    """`text` without markup, kept as runs of the original: run j starts at plain offset
    `starts[j]` and original offset `sources[j]` (a map of every character would be a tuple of a
    million numbers for a long document, built for a few thousand look-ups)."""

    text: str
    starts: tuple[int, ...]  # plain offset of each run's first character, ascending
    sources: tuple[int, ...]  # original offset of each run's first character, ascending

    @property
    def origin(self) -> tuple[int, ...]:
        """`origin[i]` is the original offset of plain character i."""
        ends = (*self.starts[1:], len(self.text))[: len(self.starts)]
        runs = zip(self.starts, self.sources, ends, strict=True)
        return tuple(chain.from_iterable(range(source, source + end - at) for at, source, end in runs))

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the plain span [start, end)."""
        if start >= end:
            at = self._source(start) if start < len(self.text) else self._end
            return at, at
        return self._source(start), self._source(end - 1) + 1

    def to_plain(self, offset: int) -> int:
        """The plain offset of an original offset (the next kept character when it was removed)."""
        run = bisect_left(self.sources, offset) - 1  # the last run starting before `offset`
        if run < 0:
            return 0
        end = self.starts[run + 1] if run + 1 < len(self.starts) else len(self.text)
        return min(end, self.starts[run] + offset - self.sources[run])

    def _source(self, at: int) -> int:
        """The original offset of plain character `at` (negative: from the end, as in a tuple)."""
        index = at + len(self.text) if at < 0 else at
        if not 0 <= index < len(self.text):
            raise IndexError("plain offset out of range")
        run = bisect_right(self.starts, index) - 1
        return self.sources[run] + index - self.starts[run]

    @property
    def _end(self) -> int:
        return self._source(-1) + 1 if self.text else 0


def _removed(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _EMPHASIS.finditer(text)]
    for match in _PROSE_CODE.finditer(text):
        spans += [(match.start(), match.start() + 1), (match.end() - 1, match.end())]
    return sorted(spans)


def plain_text(text: str) -> Plain | None:
    """The text without emphasis markers and prose backticks, or None when there are none.

    >>> plain = plain_text("估值超 **120 亿美元**，`Helios` 达 **19.5** FPS")
    >>> plain.text
    '估值超 120 亿美元，Helios 达 19.5 FPS'
    >>> plain.to_original(21, 29)  # 19.5 FPS
    (29, 39)
    """
    if "**" not in text and "__" not in text and "`" not in text:
        return None
    removed = _removed(text)
    if not removed:
        return None
    pieces: list[str] = []
    starts: list[int] = []
    sources: list[int] = []
    last = size = 0
    for start, end in removed:
        if start < last:
            continue  # overlapping markers (a backtick inside bold) are removed once
        if start > last:
            pieces.append(text[last:start])
            starts.append(size)
            sources.append(last)
            size += start - last
        last = end
    if last < len(text):
        pieces.append(text[last:])
        starts.append(size)
        sources.append(last)
    return Plain("".join(pieces), tuple(starts), tuple(sources))


def shown_text(text: str | None) -> str:
    """Text as a reader sees it: Markdown emphasis markers and prose backticks left out (claims keep
    their quotes and offsets as written).

    >>> shown_text("至少 **300** 亿美元")
    '至少 300 亿美元'
    """
    plain = plain_text(text or "")
    return plain.text if plain is not None else text or ""
