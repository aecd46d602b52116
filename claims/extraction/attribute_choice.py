"""What a claim measures (its attribute): the benchmark named right after a score, the attribute a
rule captured or fixed, else the nearest benchmark, metric or attribute word of its clause."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from claims.extraction.rules import Rule, Span
from claims.extraction.sentences import Sentence
from claims.model import Quantity

if TYPE_CHECKING:
    from claims.extraction.item import Item

_BESIDE = 6  # characters from the word that says what a count counts to the count after it
_ON_BENCHMARK = re.compile(r"\s*(?:on|in|at|for)\s+(?:the\s+)?", re.IGNORECASE)


def attribute(
    item: Item,
    rule: Rule,
    captures: dict[str, Span],
    sentence: Sentence,
    clause: tuple[int, int],
    q: Quantity,
) -> tuple[str | None, str | None]:
    """The attribute of the figure `q` as written and as a key, or (None, None)."""
    if rule.kind == "score":
        on = _ON_BENCHMARK.match(item.text, q.end)
        named = [s for s in sentence.hits("BENCHMARK") if on and s.start == on.end()]
        if named:  # `92.3% on GSM8K and 76.6% on MATH`: the test named right after its figure
            return named[0].text, named[0].key
    if "attribute" in captures:
        span = captures["attribute"]
        if span.key in sentence.lexicon.deferring:  # `GPQA 上的准确率`: the benchmark says more
            named = nearest(sentence.hits("BENCHMARK"), q.start, q.end, (sentence.start, sentence.end))
            span = named or span
        return span.text, span.key
    if rule.attribute is not None:
        return None, rule.attribute
    if rule.kind == "score":
        for name in ("BENCHMARK", "METRIC"):
            found = nearest(sentence.hits(name), q.start, q.end, (sentence.start, sentence.end))
            if found:
                return found.text, found.key
        return None, None
    dims = sentence.lexicon.attribute_dims
    usable = [h for h in sentence.hits("ATTR") if q.dimension in dims.get(h.key, ())]
    if rule.kind == "count":
        # A count names what it counts right beside it (`月活跃用户突破 3600 万`); `3款产品` a
        # clause before `MAU超过千万` counts products, not users.
        usable = [h for h in usable if h.end <= q.start <= h.end + _BESIDE or q.start <= h.start <= q.end + 1]
    found = nearest(usable, q.start, q.end, clause)
    if found is None and rule.kind != "count":  # `完成新一轮融资，金额约 10 亿美元`: a clause away
        found = nearest(
            [h for h in usable if h.end <= q.start], q.start, q.end, (sentence.start, sentence.end)
        )
    return (found.text, found.key) if found else (None, None)


def nearest(spans: list[Span], start: int, end: int, window: tuple[int, int]) -> Span | None:
    """The span nearest [start, end) in the window, one before the figure winning a tie."""
    inside = [s for s in spans if window[0] <= s.start and s.end <= window[1]]
    if not inside:
        return None
    return min(inside, key=lambda s: (start - s.end) if s.end <= start else (s.start - end) + 0.5)
