"""Recognizers-Text Chinese and English specs (../shared/peers/recognizers-text) run through find_quantities.

Skips when the peer specs are absent. Out-of-scope categories are data with reasons
(tests/cases/conformance_gaps.toml); the in-scope accuracy of each model file must stay at or
above its floor, and the floors are the figures measured when this suite was written.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import PEERS

ROOT = Path(__file__).resolve().parent.parent
SPECS = PEERS / "recognizers-text"

# Measured in-scope accuracy, rounded down: a drop below any of these is a regression.
FLOORS = {
    # Chinese: spaced numerals, slash fractions, powers, 折, per-mille and subunits in scope since
    # wave 2 (all cases: Number 71% -> 90%, Percent 70% -> 96%, Currency 74% -> 94%).
    "Number/Chinese/NumberModel.json": 0.96,
    "Number/Chinese/PercentModel.json": 0.96,
    "NumberWithUnit/Chinese/CurrencyModel.json": 0.97,
    "NumberWithUnit/Chinese/DimensionModel.json": 0.90,
    # English, every case counted (no out-of-scope list): 208/235, 20/20, 171/180 in wave 2
    "Number/English/NumberModel.json": 0.88,
    "Number/English/PercentModel.json": 1.0,
    "NumberWithUnit/English/CurrencyModel.json": 0.95,
}


@cache
def _runner():
    spec = importlib.util.spec_from_file_location("conformance", ROOT / "benchmarks" / "conformance.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file loads
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def report():
    if not SPECS.is_dir():
        pytest.skip("../shared/peers/recognizers-text is not present")
    return _runner().run(SPECS)


@pytest.mark.parametrize("file", sorted(FLOORS))
def test_in_scope_accuracy(report, file):
    counts = report[file]
    in_scope = counts["pass"] + counts["fail"]
    assert in_scope > 0
    assert counts["pass"] / in_scope >= FLOORS[file], dict(counts)


def test_gap_categories_all_used(report):
    """Every out-of-scope category excludes at least one case (no stale entries)."""
    runner = _runner()
    gaps, _ = runner.load_gaps()
    used = {key[5:] for counts in report.values() for key in counts if key.startswith("gap: ")}
    assert {gap.reason for gap in gaps} <= used
