"""A long document read in parts by several workers (`claims.extraction.parts`): the parts cover
its items once, in order, and the claims put back together are those of one process."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction.each import extract_each
from claims.extraction.extract import default_extract_resources, extract_document, with_content_ids
from claims.extraction.parts import Part, part_of, part_window, parted, read_size
from claims.ingest.corpus import read_corpus, segment_document
from claims.model import Document, Segment
from claims.resources import sample_corpus_dir

from .conftest import FIXTURES


def _segments(lengths: list[int]) -> list[Segment]:
    segments, at = [], 0
    for n, length in enumerate(lengths):
        segments.append(Segment("d", f"d#{n}", "t", None, None, at, at + length))
        at += length + 1  # a line break between items
    return segments


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 5_000), max_size=60), st.integers(1, 12))
def test_the_parts_hold_every_item_once_in_order(lengths: list[int], count: int) -> None:
    segments = _segments(lengths)
    parts = [part_of(segments, index, count) for index in range(count)]
    assert [s for part in parts for s in part] == segments
    for index, part in enumerate(parts):
        taken, (start, end) = part_window(segments, index, count)
        assert taken == part
        if part:  # the figures read cover the part and stop at its neighbours' far ends
            assert start <= part[0].start and (end is None or end >= part[-1].end)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 400_000), min_size=1, max_size=12), st.integers(1, 8))
def test_only_a_document_longer_than_a_workers_share_is_cut(sizes: list[int], jobs: int) -> None:
    docs = [Document(f"d{n}", f"d{n}", "x" * size) for n, size in enumerate(sizes)]
    items = parted(docs, jobs)
    share = sum(sizes) / jobs
    back = [item if isinstance(item, Document) else item.doc for item in items]
    assert list(dict.fromkeys(map(id, back))) == [id(doc) for doc in docs]  # each in order, parts together
    for doc in docs:
        parts = [item for item in items if isinstance(item, Part) and item.doc is doc]
        cut = len(doc.text) > share and len(doc.text) >= 100_000 and jobs > 1
        assert bool(parts) == cut
        assert [p.index for p in parts] == list(range(len(parts))) and len(parts) <= jobs
        assert all(p.count == len(parts) for p in parts)
    assert sum(read_size(item) for item in items) >= sum(sizes)


def _documents() -> list[Document]:
    found = read_corpus([sample_corpus_dir(), FIXTURES / "digests", FIXTURES / "corpus"]).documents
    return [doc for doc in found if doc.text.count("\n") > 3]


@pytest.mark.parametrize("doc", _documents(), ids=lambda doc: doc.doc_id)
def test_a_document_read_in_parts_gives_the_claims_of_one_reading(doc: Document) -> None:
    # each item a part of its own, and in two and three parts: the figures a part reads are those
    # the whole document's scan finds there, and the ids are made over the whole document again
    resources = default_extract_resources()
    alone = extract_document(doc, resources)
    count = len(segment_document(doc))
    for parts in sorted({2, 3, count} - {0, 1}):
        pieces = [
            claim for index in range(parts) for claim in extract_document(doc, resources, (index, parts))
        ]
        assert with_content_ids(doc, pieces) == alone, parts


def test_workers_read_a_long_document_in_parts_and_give_the_same_claims(monkeypatch) -> None:
    # a corpus of one long file and a short one: the long one is cut, each part read by a worker;
    # the claims, in order, are those of one process, and the progress is told once per document
    import claims.extraction.parts as parts

    digests = read_corpus([FIXTURES / "digests"]).documents
    long = Document("long.md", "long.md", "\n\n".join(doc.text for doc in digests))
    documents = [long, digests[0]]
    alone = list(extract_each(documents))
    monkeypatch.setattr(parts, "PART_FROM", 0)
    monkeypatch.setattr(sys.modules["claims.extraction.each"], "PARALLEL_FROM", 0)
    assert any(isinstance(item, Part) for item in parted(documents, 2))
    told: list[str] = []
    spread = list(
        extract_each(iter(documents), jobs=2, expected=1, on_done=lambda doc: told.append(doc.doc_id))
    )
    assert spread == alone and sum(map(len, alone)) > 0
    assert sorted(told) == sorted(doc.doc_id for doc in documents)
