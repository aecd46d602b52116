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
from bisect import bisect_left
from dataclasses import dataclass

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
_PROSE_CODE = re.compile(r"`([A-Za-z0-9\u4e00-\u9fff][A-Za-z0-9\u4e00-\u9fff .,+%&×·-]{0,60})`")


@dataclass(frozen=True, slots=True)
class Plain:
    """`text` without markup; `origin[i]` is the original offset of plain character i."""

    text: str
    origin: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the plain span [start, end)."""
        if start >= end:
            at = self.origin[start] if start < len(self.origin) else self._end
            return at, at
        return self.origin[start], self.origin[end - 1] + 1

    def to_plain(self, offset: int) -> int:
        """The plain offset of an original offset (the next kept character when it was removed)."""
        return bisect_left(self.origin, offset)

    @property
    def _end(self) -> int:
        return self.origin[-1] + 1 if self.origin else 0


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
    origin: list[int] = []
    last = 0
    for start, end in removed:
        if start < last:
            continue  # overlapping markers (a backtick inside bold) are removed once
        pieces.append(text[last:start])
        origin.extend(range(last, start))
        last = end
    pieces.append(text[last:])
    origin.extend(range(last, len(text)))
    return Plain("".join(pieces), tuple(origin))


def shown_text(text: str | None) -> str:
    """Text as a reader sees it: Markdown emphasis markers and prose backticks left out (claims keep
    their quotes and offsets as written).

    >>> shown_text("至少 **300** 亿美元")
    '至少 300 亿美元'
    """
    plain = plain_text(text or "")
    return plain.text if plain is not None else text or ""
