"""The named stops of a figure's tail: each answers for its own cases (tests/cases/tail_stops.toml),
and every stop of TAIL_STOPS has at least one."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import claims.quantities.scan_tail as scan_tail
from claims.quantities.find import find_quantities
from claims.quantities.scan_tail import TAIL_STOPS, Step, tail_stop

CASES = tomllib.loads((Path(__file__).parent / "cases" / "tail_stops.toml").read_text(encoding="utf-8"))[
    "case"
]


def _stops(text: str, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """(stop name, the word it stopped before) for every stop met while reading `text`."""
    met: list[tuple[str, str]] = []

    def recorded(step: Step) -> str | None:
        name = tail_stop(step)
        if name is not None:
            met.append((name, step.text))
        return name

    monkeypatch.setattr(scan_tail, "tail_stop", recorded)
    find_quantities(text)
    return met


@pytest.mark.parametrize("case", CASES, ids=[c["text"] for c in CASES])
def test_each_stop_answers_for_its_case(case: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    assert (case["stop"], case["word"]) in _stops(case["text"], monkeypatch)


def test_every_stop_has_a_case() -> None:
    assert {name for name, _ in TAIL_STOPS} == {case["stop"] for case in CASES}


def test_a_whole_figure_meets_no_stop(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _stops("售价 1999 美元，显存 32 GB。", monkeypatch) == []
