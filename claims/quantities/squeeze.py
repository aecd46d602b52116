"""Spaced numerals squeezed: "一百 五 十 二" read as "一百五十二", each character of the result
mapped back to its place in the text, so a quantity found in the result keeps its quote with its
spaces."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from claims.quantities.patterns import Patterns

_GAPS = frozenset(" \t\u3000")


def squeeze(s: str, patterns: Patterns) -> tuple[str, Origin | None]:
    """`s` with the spaces inside a spaced numeral run dropped ("一百 五 十 二" -> "一百五十二", see
    [spaced] in numerals.toml), and where each character of the result stands in `s` (None when
    nothing changed), so quantities found in the result map back to quotes with their spaces.

    >>> from claims.quantities.find import default_quantity_resources as r
    >>> squeeze("共 一百 五 十 二 人", r().patterns)[0]
    '共 一百五十二 人'
    """
    spaced, gap = patterns.spaced, patterns.spaced_gap
    if spaced is None or gap is None:
        return s, None
    if patterns.spaced_after_gap is not None and patterns.spaced_after_gap.search(s) is None:
        return s, None  # no run character after a space: `gap` matches nowhere (most English text)
    pieces: list[str] = []
    origin = _Runs()
    last = 0
    chars = patterns.spaced_chars
    for g in gap.finditer(s):  # a space before a run character; rare in either language
        j = g.start()
        if j <= last or s[j - 1] not in chars:
            continue
        while j > last and s[j - 1] in chars:
            j -= 1
        m = spaced.match(s, j)
        if m is None:
            continue
        run = m.group()
        if not any(char in patterns.numeral_chars for char in run) and not _digit_beside(s, *m.span()):
            continue  # 部分 之: no numeral in or beside the run
        pieces.append(s[last : m.start()])
        origin.kept(last, m.start() - last)
        for offset, char in enumerate(run, m.start()):
            if char not in _GAPS:
                pieces.append(char)
                origin.kept(offset, 1)
        last = m.end()
    if not pieces:
        return s, None
    pieces.append(s[last:])
    origin.kept(last, len(s) - last)
    squeezed = "".join(pieces)
    origin.kept(len(s), 1)  # one past the last character: where a figure at the very end ends
    return squeezed, Origin(tuple(origin.starts), tuple(origin.sources), len(squeezed))


def _digit_beside(s: str, start: int, end: int) -> bool:
    """An Arabic digit right before or after [start, end), spaces aside (3 分  之 1)."""
    before = s[max(0, start - 4) : start].rstrip(" \t\u3000")[-1:]
    after = s[end : end + 4].lstrip(" \t\u3000")[:1]
    return before.isdigit() or after.isdigit()


@dataclass(frozen=True, slots=True)
class Origin:
    """Where each character of a squeezed text stands in the text it was squeezed from (one past
    its end too, at `size`): kept as the runs of characters that stand together, by where each run
    starts in both, not as an offset per character (a document of millions of characters holds a
    few runs; a list of its offsets held 36 bytes a character).

    >>> from claims.quantities.find import default_quantity_resources as r
    >>> squeezed, origin = squeeze("共 一百 五 十 二 人", r().patterns)
    >>> [origin[i] for i in range(len(squeezed) + 1)]
    [0, 1, 2, 3, 5, 7, 9, 10, 11, 12]
    >>> origin.at_or_after(6), origin.at_or_after(12)
    (5, 9)
    """

    starts: tuple[int, ...]  # where each run starts in the squeezed text, in order
    sources: tuple[int, ...]  # where it starts in the text
    size: int  # characters of the squeezed text

    def __getitem__(self, i: int) -> int:
        """The offset in the text of character `i` of the squeezed text (0 <= i <= `size`)."""
        run = bisect_right(self.starts, i) - 1
        return self.sources[run] + i - self.starts[run]

    def at_or_after(self, offset: int) -> int:
        """The first character of the squeezed text whose offset in the text is `offset` or more
        (a character squeezed out gives the next one kept)."""
        run = bisect_right(self.sources, offset) - 1
        if run < 0:
            return 0
        end = self.starts[run + 1] if run + 1 < len(self.starts) else self.size + 1
        return min(self.starts[run] + offset - self.sources[run], end)


@dataclass(slots=True)
class _Runs:
    """The runs of an `Origin` as the squeezed text is made, a stretch of kept characters at a time."""

    starts: list[int] = field(default_factory=list)
    sources: list[int] = field(default_factory=list)
    size: int = 0  # characters kept so far
    following: int = -1  # where in the text the last run goes on

    def kept(self, source: int, length: int) -> None:
        """`length` characters of the text from `source` kept next (a run of its own unless they
        go on the last one)."""
        if length <= 0:
            return
        if source != self.following:
            self.starts.append(self.size)
            self.sources.append(source)
        self.size += length
        self.following = source + length
