"""Claim ids come from content: editing elsewhere in a document, or naming the corpus from another
folder, keeps every other claim's id; two files of one name under two roots never share ids."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claims import extract_corpus

from .conftest import FIXTURES, SEEDS

INSERTED = "编者按：本文在发布后补充了一段背景说明，其余内容未作改动。\n\n"


def _corpora() -> list[Path]:
    found = [FIXTURES / "corpus"]
    return found + ([SEEDS] if SEEDS.is_dir() else [])


def _ids(folder: Path) -> set[str]:
    return set(extract_corpus([folder])["claim_id"].to_list())


@pytest.mark.parametrize("corpus", _corpora(), ids=lambda p: p.name)
def test_a_paragraph_inserted_at_the_top_keeps_every_id(corpus: Path, tmp_path: Path) -> None:
    copy = tmp_path / corpus.name
    shutil.copytree(corpus, copy)
    for file in sorted(copy.rglob("*")):
        if file.suffix in (".md", ".txt"):
            text = file.read_text(encoding="utf-8")
            cut = text.index("\n---", 3) + 5 if text.startswith("---\n") else 0  # after any front matter
            file.write_text(text[:cut] + INSERTED + text[cut:], encoding="utf-8")
    before = _ids(corpus)
    assert before and before <= _ids(copy)


@pytest.mark.parametrize("corpus", _corpora(), ids=lambda p: p.name)
def test_ids_do_not_depend_on_the_folder_named(corpus: Path, tmp_path: Path) -> None:
    nested = tmp_path / "outer" / corpus.name
    shutil.copytree(corpus, nested)
    assert _ids(corpus) == _ids(nested) == _ids(tmp_path / "outer")


def test_one_file_name_under_two_roots(tmp_path: Path) -> None:
    for root in ("a", "b"):
        (tmp_path / root).mkdir()
        (tmp_path / root / "x.md").write_text("GPT-5 scored 90% on MMLU.\n", encoding="utf-8")
    claims = extract_corpus([tmp_path / "a", tmp_path / "b"])
    assert claims["claim_id"].n_unique() == claims.height == 2
    assert sorted(claims["doc_id"]) == ["a/x.md", "b/x.md"]


def test_a_file_named_twice_is_read_once(tmp_path: Path) -> None:
    (tmp_path / "x.md").write_text("GPT-5 scored 90% on MMLU.\n", encoding="utf-8")
    assert extract_corpus([tmp_path / "x.md", tmp_path]).height == 1


def test_an_article_that_names_itself_keeps_its_ids_when_moved(tmp_path: Path) -> None:
    text = "---\nurl: https://example.com/a\n---\nGPT-5 scored 90% on MMLU.\n"
    (tmp_path / "one").mkdir()
    (tmp_path / "one" / "a.md").write_text(text, encoding="utf-8")
    (tmp_path / "two").mkdir()
    (tmp_path / "two" / "renamed.md").write_text(text, encoding="utf-8")
    assert _ids(tmp_path / "one") == _ids(tmp_path / "two")
