"""Table-driven quantity cases (tests/cases/quantities.toml): value, interval, unit and qualifier."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from claims.quantities.find import default_quantity_resources, find_quantities

CASES = tomllib.loads((Path(__file__).parent / "cases" / "quantities.toml").read_text(encoding="utf-8"))


def _decimal(raw: str) -> Decimal:
    return {"inf": Decimal("Infinity"), "-inf": Decimal("-Infinity")}.get(raw) or Decimal(raw)


@pytest.fixture(scope="module")
def resources():
    return default_quantity_resources()


@pytest.mark.parametrize("case", CASES["case"], ids=[c["text"] for c in CASES["case"]])
def test_case(case, resources):
    # every number is reported; a case checks those of its role (default: the figures)
    role = case.get("role", "cardinal")
    found = [q for q in find_quantities(case["text"], resources=resources) if q.role == role]
    quote = case.get("quote", case["text"])
    if not case.get("others", False):
        assert [q.text for q in found] == [quote]
    quantity = next(q for q in found if q.text == quote)
    assert quantity.value == _decimal(case["value"])
    if "lo" in case:
        assert quantity.lo == _decimal(case["lo"])
    if "hi" in case:
        assert quantity.hi == _decimal(case["hi"])
    assert (quantity.unit, quantity.dimension, quantity.qualifier) == (
        case["unit"],
        case["dimension"],
        case["qualifier"],
    )
    assert case["text"][quantity.start : quantity.end] == quantity.text
    if "shown_unit" in case:  # a duration keeps the unit it was written in
        assert (quantity.shown_value, quantity.shown_unit) == (
            Decimal(case["shown_value"]),
            case["shown_unit"],
        )


@pytest.mark.parametrize("case", CASES["negative"], ids=[c["text"] for c in CASES["negative"]])
def test_negative(case, resources):
    found = [q for q in find_quantities(case["text"], resources=resources) if q.role == "cardinal"]
    assert [q.text for q in found] == [], case["why"]
