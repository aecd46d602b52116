"""The scanner's named shape vetoes: each answers for its own cases (tests/cases/shape_vetoes.toml),
and every veto of SHAPE_VETOES has at least one."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import claims.quantities.scan as scan
from claims.quantities.find import find_quantities
from claims.quantities.shape_vetoes import SHAPE_VETOES, Reading, shape_veto

CASES = tomllib.loads((Path(__file__).parent / "cases" / "shape_vetoes.toml").read_text(encoding="utf-8"))[
    "case"
]


def _answers(text: str, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """(veto name, the span it read) for every candidate span of `text` a shape veto answered for."""
    answered: list[tuple[str, str]] = []

    def recorded(reading: Reading):
        found = shape_veto(reading)
        if found is not None:
            answered.append((found[0], reading.s[reading.a : reading.end]))
        return found

    monkeypatch.setattr(scan, "shape_veto", recorded)
    find_quantities(text)
    return answered


@pytest.mark.parametrize("case", CASES, ids=[c["text"] for c in CASES])
def test_each_veto_answers_for_its_case(case: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    assert (case["veto"], case["quote"]) in _answers(case["text"], monkeypatch)


def test_every_veto_has_a_case() -> None:
    assert {name for name, _ in SHAPE_VETOES} == {case["veto"] for case in CASES}


def test_a_plain_figure_meets_no_veto(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _answers("Tern-2 scores 91.2% and costs $20 a month.", monkeypatch) == []
