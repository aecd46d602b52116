"""Spaced numerals squeezed: "一百 五 十 二" read as "一百五十二", each character of the result
mapped back to its place in the text, so a quantity found in the result keeps its quote with its
spaces."""

from __future__ import annotations

from claims.quantities.patterns import Patterns

_GAPS = frozenset(" \t\u3000")


def squeeze(s: str, patterns: Patterns) -> tuple[str, list[int] | None]:
    """`s` with the spaces inside a spaced numeral run dropped ("一百 五 十 二" -> "一百五十二", see
    [spaced] in numerals.toml), and the offset in `s` of each character of the result (None when
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
    origin: list[int] = []
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
        origin.extend(range(last, m.start()))
        for offset, char in enumerate(run, m.start()):
            if char not in _GAPS:
                pieces.append(char)
                origin.append(offset)
        last = m.end()
    if not pieces:
        return s, None
    pieces.append(s[last:])
    origin.extend(range(last, len(s) + 1))
    return "".join(pieces), origin


def _digit_beside(s: str, start: int, end: int) -> bool:
    """An Arabic digit right before or after [start, end), spaces aside (3 分  之 1)."""
    before = s[max(0, start - 4) : start].rstrip(" \t\u3000")[-1:]
    after = s[end : end + 4].lstrip(" \t\u3000")[:1]
    return before.isdigit() or after.isdigit()
