"""Subjects of news items written as Markdown table rows (`|[Title](url) | description |`).

A row's linked title and its description may fall in one sentence; the title is the headline, read
as a whole (`headline_topic`), and its words are no candidates for the description's figures.
"""

from __future__ import annotations

import pytest

from claims import extract_corpus

ROWS = """# Week 12

| Title | Summary |
|---|---|
|[Tarn: Reaching Llama 3 Performance with 0.2M Dollars.](https://ex.com/t) | It cost little.|
|[Velo: Sparse Routing With LM Experts](https://example.com/velo) | The 3B parameter model beats larger ones.|
|[Quill Projections Point To $9 Billion Revenue.](https://example.com/quill) | Analysts expect more.|
|[Tarnlight Announces $500M GPU-Backed Facility to Expand Cloud.](https://ex.com/tl) | Tarnlight rents chips.|
|[Quillon raises forecast as GPT-4o demand soars.](https://e.c/q) | Sales hit $2 billion. Quillon sells.|
|[AI at Work Is Here. Now Comes the Hard Part.](https://e.c/w) | In six months agent use tripled.|
|[Kestrel Secures $3.5 Million to Scale Call Centers.](https://e.c/k) | The round was led by Corvane.|
|[Scaling Laws for Precision.](https://e.c/p) | The authors test models up to 1.7B parameters.|
|[Notes on training.](https://e.c/n) | Why scaling laws hold, and when scaling laws bend.|
"""


@pytest.fixture(scope="module")
def claims(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("rows")
    (folder / "week.md").write_text(ROWS, encoding="utf-8")
    return {row["quote"]: row for row in extract_corpus([folder]).iter_rows(named=True)}


def test_a_figure_in_a_name_colon_headline_is_the_names(claims: dict) -> None:
    assert claims["0.2M Dollars"]["subject"] == "Tarn"


def test_a_description_figure_takes_no_name_from_the_title_words(claims: dict) -> None:
    # `LM Experts` stands in the title, before the figure in the same sentence; the item is Velo's.
    assert claims["3B parameter"]["subject"] == "Velo"


def test_a_lead_colon_is_required_for_a_titles_whole_figures(claims: dict) -> None:
    assert claims["$9 Billion"]["subject"] != "Quill Projections Point"


def test_a_modifier_glued_to_a_generic_word_opens_no_name(claims: dict) -> None:
    # `GPU-Backed Facility` is a compound adjective and a noun, not a name `Backed Facility`.
    assert claims["$500M"]["subject"] == "Tarnlight"


def test_a_headline_is_about_the_name_it_opens_with_before_its_verb(claims: dict) -> None:
    # `Quillon raises …`: the headline's grammatical subject, though a listed model follows.
    assert claims["$2 billion"]["subject"] == "Quillon"


def test_a_headlines_plain_capitals_are_no_name_of_its_figures(claims: dict) -> None:
    # `Hard Part` is only capitalised by the headline and the description never writes it.
    assert claims["tripled"]["subject"] not in ("Work", "Comes", "Hard Part")


def test_a_plain_name_that_acts_in_the_headline_stays_a_name(claims: dict) -> None:
    # `Kestrel Secures …`: a plain word, but the headline's subject; the body never writes it.
    assert claims["$3.5 Million"]["subject"] == "Kestrel"


def test_a_figure_nothing_else_names_is_the_works_whose_title_heads_the_item(claims: dict) -> None:
    # `work_title`, last of the strategies: a Title Case headline is the title of the work presented.
    row = claims["up to 1.7B parameters"]
    assert (row["subject"], row["subject_source"]) == ("Scaling Laws for Precision", "title")


def test_a_headline_of_two_sentences_is_no_works_title(claims: dict) -> None:
    # `work_title` leaves a headline that holds a full stop and a new sentence: it is no work's name.
    assert claims["tripled"]["subject"] is None
