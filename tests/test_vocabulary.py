"""Each vocabulary is declared once and the other places derive from it: they cannot drift apart."""

from __future__ import annotations

from claims.model import STATUSES


def test_every_status_has_its_names_and_colours() -> None:
    from claims.conflicts.comparison import STATUS_WEIGHT
    from claims.conflicts.explanation import _TAILS
    from claims.output.render import MARKS, STATUS_COLOURS
    from claims.output.report import STATUS_NAMES
    from claims.output.tables import STATUS_LABELS

    for table in (STATUS_WEIGHT, _TAILS, STATUS_NAMES, STATUS_LABELS, STATUS_COLOURS, MARKS):
        assert set(STATUSES) <= set(table)
    assert list(STATUS_WEIGHT) == list(STATUSES)
    assert sorted(STATUS_WEIGHT.values(), reverse=True) == list(STATUS_WEIGHT.values())  # worst first


def test_rule_dimensions_are_those_the_scanner_gives() -> None:
    import tomllib

    from claims.extraction.rules import SCANNER_DIMENSIONS, dimensions
    from claims.quantities.find import find_quantities
    from claims.quantities.ranks import RANK
    from claims.resources import grammars_dir

    from .conftest import FIXTURES

    units = tomllib.loads((grammars_dir() / "lexicons" / "units.toml").read_text(encoding="utf-8"))["unit"]
    assert dimensions() == SCANNER_DIMENSIONS | {unit["dimension"] for unit in units}
    assert "energy" in dimensions()
    texts = [path.read_text(encoding="utf-8") for path in sorted((FIXTURES / "corpus").rglob("*.md"))]
    texts.append("售价 1999 美元，配备 3 块 GPU，占三分之一，功耗 5 kWh，赢了 12 场。")
    found = {q.dimension for text in texts for q in find_quantities(text)} | {RANK}  # claims.quantities.ranks
    assert SCANNER_DIMENSIONS | {"energy"} <= found <= dimensions()


def test_one_trie_builder_gives_the_quantity_scanner_its_patterns() -> None:
    import re

    from claims.quantities.patterns import trie as quantity_trie
    from claims.text.trie import trie

    forms = ["GB", "GB/s", "G", "s", "亿", "万亿", "x", "×", "-fold", "TB/s", "%", "p.p.", "kWh"]
    guards = {"s": "(?!x)"}
    latin_end = "(?![A-Za-z])"

    def end(form: str) -> str:
        return (latin_end if form[-1].isascii() and form[-1].isalpha() else "") + guards.get(form, "")

    assert trie(((list(form), end(form)) for form in forms), show=re.escape) == quantity_trie(forms, guards)


def test_punctuation_sets_hold_each_mark_once() -> None:
    from claims.text import punctuation

    sets = [punctuation.SENTENCE_STOPS, punctuation.SEMICOLONS, punctuation.COMMAS, punctuation.COLONS]
    marks = "".join(sets) + punctuation.ENUMERATION_COMMA + punctuation.ELLIPSIS
    assert len(marks) == len(set(marks))


def test_a_bare_url_ends_at_the_same_marks_everywhere() -> None:
    from claims.ingest.segmentation import _BARE_URL
    from claims.text.masking import masked_spans

    text = "见【http://a.com/x】和 (https://b.org/y)。"
    urls = ["http://a.com/x", "https://b.org/y"]
    assert [match.group() for match in _BARE_URL.finditer(text)] == urls
    assert [text[start:end] for start, end in masked_spans(text)] == urls
