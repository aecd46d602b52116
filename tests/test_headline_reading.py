"""An item's headline is read when its figures need it (`claims.extraction.item.Item.headline`):
once, for an item with a claim; never, for an item whose figures no rule takes. Likewise a sentence
with no figure is made when a later figure looks back at it (`Sentences`)."""

from __future__ import annotations

import pytest

from claims import extract
from claims.extraction import item as item_module

DIGEST = (
    "## [Vela ships Orca 2](https://example.com/a)\n"
    "Orca 2 scores 81.2% on MMLU and costs $3 per million tokens.\n\n"
    "## [Kestrel hosts a meetup](https://example.com/b)\n"
    "The meetup took place in 2024 in room 12.\n"
)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    titles: list[str] = []
    read = item_module.read_headline

    def counted(item: item_module.Item) -> item_module.Headline:
        titles.append(item.segment.title)
        return read(item)

    monkeypatch.setattr(item_module, "read_headline", counted)
    return titles


def test_a_headline_is_read_once_and_only_where_a_figure_needs_it(reads: list[str]) -> None:
    claims = extract(DIGEST)
    assert {c.subject for c in claims} == {"Orca 2"}
    assert reads == ["Vela ships Orca 2"]  # once, however many figures ask; the meetup's never


def test_what_the_headline_tells_is_the_same_read_late(reads: list[str]) -> None:
    # the headline names the topic the body's pronoun stands for: read when the subject is chosen
    claims = extract("## [Tern-3 released](https://example.com/c)\nIt scores 71.5% on GPQA.\n")
    assert [c.subject for c in claims] == ["Tern-3"]
    assert len(reads) == 1


def test_a_sentence_with_no_figure_is_made_when_looked_back_at() -> None:
    made: list[str] = []

    def later(name: str) -> object:
        made.append(name)
        return name

    sentences = item_module.Sentences()
    sentences.append_later(lambda: later("first"))  # type: ignore[arg-type, return-value]
    sentences.append("second")  # type: ignore[arg-type]
    sentences.append_later(lambda: later("third"))  # type: ignore[arg-type, return-value]
    assert len(sentences) == 3 and made == []
    assert sentences[-1] == "third" and made == ["third"]
    assert sentences[:2] == ["first", "second"] and made == ["third", "first"]
    assert list(reversed(sentences)) == ["third", "second", "first"]
    assert made == ["third", "first"]  # each made once, kept after
    with pytest.raises(IndexError):
        sentences[3]
