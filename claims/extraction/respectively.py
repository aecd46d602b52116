"""`A 和 B 的得分分别为 X 和 Y`, `A and B score X and Y respectively`: figures listed after names
listed, each name taking its figure in order."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise
from typing import TYPE_CHECKING

from claims.extraction import name_roles as roles
from claims.extraction.name_forms import with_tier
from claims.extraction.names import LIST_JOINER, Name
from claims.extraction.sentences import Sentence
from claims.model import Claim

if TYPE_CHECKING:
    from claims.extraction.item import Item


def respectively(item: Item, sentence: Sentence, claims: list[Claim]) -> list[Claim]:
    """`A 和 B 的得分分别为 X 和 Y`: the k figures of one kind and unit take, in order, the k
    names (or, for scores, the k benchmarks) listed right before the first of them."""
    if len(claims) < 2:
        return claims  # most sentences: nothing to pair, no need to look for the word
    marks = sentence.hits("RESPECTIVELY")
    if not marks:
        return claims
    # The figures the word pairs stand after it: one said before it (`A 以 95.1% 登顶，B 和 C 分别以
    # 93.6% 和 93.4% …`) is its own name's.
    groups: dict[tuple[str, str], list[int]] = {}
    for i, claim in enumerate(claims):
        if claim.start >= marks[0].start:
            groups.setdefault((claim.kind, claim.unit), []).append(i)
    claims = list(claims)
    compared = roles.compared(item, sentence)
    for members in groups.values():
        if len(members) < 2:
            continue
        first = claims[members[0]].start
        names, spans = _owned(
            item.text, [n for n in sentence.names() if n.end <= first and n not in compared]
        )
        listed = listed_last(item.text, spans, len(members))
        if listed is not None:
            for i, at in zip(members, listed, strict=True):
                name = with_tier(item, names[at], sentence) or names[at]
                claims[i] = replace(claims[i], subject=name.text, subject_key=name.key, subject_source="list")
                span = (claims[i].start, claims[i].end)
                item.decisions[span] = replace(item.decisions[span], subject_strategy="respectively")
            continue
        tests = [s for s in sentence.hits("BENCHMARK") if s.end <= first]
        listed = listed_last(item.text, [(s.start, s.end) for s in tests], len(members))
        if listed is not None and claims[members[0]].kind == "score":
            for i, at in zip(members, listed, strict=True):
                claims[i] = replace(claims[i], attribute=tests[at].text, attribute_key=tests[at].key)
    return claims


def _owned(text: str, names: list[Name]) -> tuple[list[Name], list[tuple[int, int]]]:
    """The names with each owner written before its name folded into it (`MiniMax 的 minimax-m2.1 和
    MoonshotAI 的 kimi-k2.5`: two members, each the owned name, spanning from its owner)."""
    kept: list[Name] = []
    spans: list[tuple[int, int]] = []
    for name in names:
        if kept and roles.owns(text, kept[-1], name):
            kept[-1] = name
            spans[-1] = (spans[-1][0], name.end)
            continue
        kept.append(name)
        spans.append((name.start, name.end))
    return kept, spans


def listed_last(text: str, spans: list[tuple[int, int]], k: int) -> list[int] | None:
    """Indexes of the last k spans when they stand as one list of k (`A、B 和 C`, `A and B`), else
    None. A longer list (`API、Vela 和 Orca … 分别为 0.8 美元和 4 美元`: three names, two
    prices) pairs nothing: its figures are not one per name.

    >>> spans = [(4, 8), (11, 15)]  # `Vela`, `Orca`: `API` before them is one more, though no name
    >>> listed_last("API、Vela 和 Orca", spans, 2) is None
    True
    >>> listed_last("显示,Vela 和 Orca", [(3, 7), (10, 14)], 2)  # a comma as often ends a clause
    [0, 1]
    """
    if len(spans) < k:
        return None
    chosen = list(range(len(spans) - k, len(spans)))
    for a, b in pairwise(chosen):
        if not LIST_JOINER.fullmatch(text, spans[a][1], spans[b][0]):
            return None
    return None if _list_goes_on(text, spans[chosen[0]][0]) else chosen


_JOINER_REACH = 8  # characters before a list's first member looked at for one more member


def _list_goes_on(text: str, start: int) -> bool:
    """Whether a list joiner with a word before it stands right before `start`: the list has a
    member before the one at `start`, name or not (`API、Vela 和 Orca`). A comma alone is no
    such joiner: it as often ends a clause (`数据显示，A 和 B 分别…`)."""
    lo = max(0, start - _JOINER_REACH)
    return any(
        LIST_JOINER.fullmatch(text, at, start) is not None
        and text[at:start].strip() != ","
        and text[lo:at].strip()
        for at in range(lo, start)
    )
