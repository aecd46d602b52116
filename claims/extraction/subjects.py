"""Who a claim is about among the names of its sentence: the nearest name before the figure in
its clause, else the name right after it, else one of the most specific kind."""

from __future__ import annotations

import re

from claims.extraction.lexicon import TYPE_RANK, Hit
from claims.extraction.name_edges import MODIFIER_GAP
from claims.extraction.names import CLAUSE_END, POSSESSIVE_PARTICLES, Name

ADJACENT = 2  # characters between a figure and the name it stands right before (`两台 Project DIGITS`)
_POSSESSOR = re.compile(r"['’]s?\b")


def most_specific(names: list[Name], last: bool = False) -> Name | None:
    """The name of the most specific type (model, hardware before product, org, person)."""
    if not names:
        return None
    best = min(TYPE_RANK.get(n.type, 1) for n in names)
    chosen = [n for n in names if TYPE_RANK.get(n.type, 1) == best]
    return chosen[-1] if last else chosen[0]


def asides(sentence: str, offset: int) -> list[tuple[int, int]]:
    """Spans of bracketed asides in a sentence (offsets shifted by `offset`)."""
    spans = []
    depth_start: int | None = None
    for i, char in enumerate(sentence):
        if char in "(（":
            depth_start = i
        elif char in ")）" and depth_start is not None:
            spans.append((offset + depth_start, offset + i + 1))
            depth_start = None
    return spans


def _modifies(text: str, name: Name, following: Name | None) -> bool:
    """`name 的 following` (a few words apart): the name describes the one after it."""
    if following is None or not text:
        return False
    between = text[name.end : following.start].strip()
    return len(between) <= MODIFIER_GAP and between.endswith(POSSESSIVE_PARTICLES)


def choose_subject(
    names: list[Name],
    start: int,
    end: int,
    clause: tuple[int, int],
    excluded: list[Hit | Name],
    aside_spans: list[tuple[int, int]],
    text: str = "",
    after: bool = True,
) -> Name | None:
    """The subject of the figure at [start, end) among a sentence's names (see the module doc).
    With `after` false, no name after the figure is taken (what a count counts is not its owner)."""

    def allowed(name: Name) -> bool:
        if any(x.start <= name.start < x.end for x in excluded):
            return False
        return not any(a <= name.start < b and not (a <= start < b) for a, b in aside_spans)

    usable = [n for n in names if allowed(n)]
    before_clause = [n for n in usable if clause[0] <= n.start and n.end <= start]
    if before_clause:
        return before_clause[-1]
    after_clause = [n for n in usable if end <= n.start and n.end <= clause[1]] if after else []
    if after_clause and after_clause[0].start - end <= ADJACENT:
        return after_clause[0]  # `两台 Project DIGITS`: the thing right after the figure
    before = [n for n in usable if n.end <= start]
    # `Elon Musk's AI company`: a possessor names whose thing it is, not what the figure is about.
    owned = [n for n in before if not _POSSESSOR.match(text, n.end)] if text else before
    before = owned or before
    following: list[Name | None] = [*before[1:], None] if before else []
    heads = [n for n, after in zip(before, following, strict=True) if not _modifies(text, n, after)]
    if heads:
        # The most specific kind of name first (a model before its maker). Among those, the subject
        # of an earlier clause carries over: the first name of a clause rather than one after a
        # verb in it (`微软反制Meta…，提供…` -> 微软), the latest such clause first (`用Trae搭建…，
        # 含四模块` -> Trae); a name that only modifies the next (`Blackwell GPU 的 RTX 5090`) is
        # no topic.
        best = min(TYPE_RANK.get(n.type, 1) for n in heads)
        leading = [
            n
            for i, n in enumerate(heads)
            if TYPE_RANK.get(n.type, 1) == best
            and (i == 0 or CLAUSE_END.search(text, heads[i - 1].end, n.start))
        ]
        return leading[-1] if leading else most_specific(heads)
    return after_clause[0] if after_clause else None
