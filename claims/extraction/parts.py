"""A long document read by several worker processes at once (`--jobs`): its items cut into parts.

Documents are the unit workers take. A corpus of a few long files (a year of a weekly digest in
one Markdown file) left every worker but one idle: 88 % of the English news is one file. A document
longer than a worker's share of the documents in hand (`parted`) is handed out as `Part`s instead:
each worker reads the items of its part (`part_of`), with the document's vocabulary and the
figures of the part and of the item on either side of it (`part_window`), and the parts' claims are
put back together in order (`whole`), their ids made over the whole document. Items are read
independently of one another, and the figures of an item are those the whole document's scan finds
there, so the claims are those of one process, byte for byte (checked on every document of the
shared corpora, each item a part of its own). What each part reads again of the whole document (its
splitting, its vocabulary, its text without markup) costs about a tenth of the document's work,
spent only where a worker would otherwise wait.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from claims.errors import InputError
from claims.model import Document, Segment

if TYPE_CHECKING:
    from claims.extraction.workers import Outcome

# A document shorter than this (characters) is never cut: reading its figures again in each part
# would cost more than the wait it saves.
PART_FROM = 100_000


@dataclass(frozen=True, slots=True)
class Part:
    """Part `index` of `count` of the items of `doc` (`part_of`)."""

    doc: Document
    index: int
    count: int

    @property
    def text(self) -> str:
        """The document's text: a part is sized as its share of it (`read_size`)."""
        return self.doc.text


Read = Document | Part  # what a worker is handed to read
Window = tuple[int, int | None]  # a stretch of text whose figures are read: start, end (None: the end)


def read_size(item: Read) -> int:
    """The characters of text an item gives a worker to read: a part, its share of the document."""
    return len(item.text) if isinstance(item, Document) else math.ceil(len(item.text) / item.count)


def parted(docs: Sequence[Document], jobs: int) -> list[Read]:
    """`docs` in order, each document longer than a worker's share of them all (and than
    `PART_FROM`) cut into as many parts as it holds shares, at most `jobs`.

    >>> docs = [Document("a", "a", "x" * 300_000), Document("b", "b", "y" * 100)]
    >>> [(item.doc.doc_id, item.index, item.count) if isinstance(item, Part) else item.doc_id
    ...  for item in parted(docs, 2)]
    [('a', 0, 2), ('a', 1, 2), 'b']
    """
    share = sum(len(doc.text) for doc in docs) / max(jobs, 1)
    items: list[Read] = []
    for doc in docs:
        length = len(doc.text)
        count = min(jobs, math.ceil(length / share)) if length > share and length >= PART_FROM else 1
        items.extend([Part(doc, index, count) for index in range(count)] if count > 1 else [doc])
    return items


def part_of(segments: Sequence[Segment], index: int, count: int) -> list[Segment]:
    """The segments of part `index` of `count`: runs of neighbours, each holding about an equal
    share of the segments' characters; every segment is in exactly one part, in order.

    >>> from claims.model import Segment
    >>> segments = [Segment("d", f"d#{n}", "t", None, None, 10 * n, 10 * n + 10) for n in range(5)]
    >>> [[s.segment_id for s in part_of(segments, i, 2)] for i in range(2)]
    [['d#0', 'd#1'], ['d#2', 'd#3', 'd#4']]
    """
    return [segments[n] for n in _places(segments, index, count)]


def _places(segments: Sequence[Segment], index: int, count: int) -> range:
    """Where in `segments` the part `index` of `count` lies: a segment belongs to the part its
    middle falls in (the middles only grow, so a part is a run of neighbours)."""
    total = sum(s.end - s.start for s in segments)
    lo, hi = total * index / count, total * (index + 1) / count
    places, held = [], 0
    for place, segment in enumerate(segments):
        middle = held + (segment.end - segment.start) / 2
        if lo <= middle < hi or (index == count - 1 and middle >= hi):
            places.append(place)
        held += segment.end - segment.start
    return range(places[0], places[-1] + 1) if places else range(0)


def part_window(segments: Sequence[Segment], index: int, count: int) -> tuple[list[Segment], Window]:
    """The segments of part `index` of `count` (`part_of`) and the stretch of the text whose figures
    they need: theirs, with the segment before and the one after as context (where the quantity
    scan stands when it reaches the part, a figure that takes its unit from the next one), or to
    the text's start or end when there is none.

    >>> from claims.model import Segment
    >>> segments = [Segment("d", f"d#{n}", "t", None, None, 10 * n, 10 * n + 10) for n in range(5)]
    >>> [(len(taken), window) for taken, window in (part_window(segments, i, 3) for i in range(3))]
    [(2, (0, 30)), (1, (10, 40)), (2, (20, None))]
    """
    places = _places(segments, index, count)
    if not places:
        return [], (0, 0)
    first, last = places[0], places[-1]
    start = segments[first - 1].start if first > 0 else 0
    end = segments[last + 1].end if last + 1 < len(segments) else None
    return [segments[n] for n in places], (start, end)


def whole(pairs: Iterable[tuple[Read, Outcome]]) -> Iterator[tuple[Document, Outcome]]:
    """Each document with its outcome, the parts of a cut one put back together (`parted`, which
    keeps them next to each other in order): their claims joined in order with ids made over the
    whole document; the first problem or fault of a part is the document's."""
    held: list[Outcome] = []
    for item, outcome in pairs:
        if isinstance(item, Document):
            yield item, outcome
            continue
        held.append(outcome)
        if item.index == item.count - 1:
            yield item.doc, _joined(item.doc, held)
            held = []


def _joined(doc: Document, outcomes: list[Any]) -> Outcome:
    """The outcome of a document from those of its parts, in order."""
    for outcome in outcomes:
        if isinstance(outcome, InputError | tuple):
            return outcome
    from claims.extraction.extract import with_content_ids

    return with_content_ids(doc, [claim for claims in outcomes for claim in claims])
