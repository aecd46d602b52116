"""Checks inside one item (`claims.conflicts.find`): cases from tests/cases/within_item.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from claims import extract, find_conflicts
from claims.model import claims_frame

CASE_FILE = Path(__file__).parent / "cases" / "within_item.toml"
CASES = tomllib.loads(CASE_FILE.read_text(encoding="utf-8"))["case"]


# What each check writes in its flag's explanation.
CHECKS = {
    "name-size": "a size in a model's name",
    "levels": "a stated change against its two levels",
    "heading": " vs ",  # the ordinary grouping's "A (1 item) vs B (1 item)"
}


@pytest.mark.parametrize("case", CASES, ids=[case["text"] for case in CASES])
def test_within_item_check(case: dict) -> None:
    found = find_conflicts(claims_frame(extract(case["text"])))
    said = CHECKS[case.get("check", "name-size")]
    inside = found.filter(found["explanation"].str.contains(said, literal=True))
    mine = inside.filter(inside["subject_key"] == case["model"])
    assert mine.height == (1 if case["flag"] else 0), inside.select("subject_key", "explanation").rows()
    if case["flag"]:
        row = mine.row(0, named=True)
        assert row["status"] == "conflict" and row["evidence"]


def test_levels_checked_in_one_table_flag_what_each_text_flags_alone() -> None:
    # the check walks only sentences holding three figures of a percentage or points: in one table of
    # every case (sentences of one, two and three such figures side by side) it flags what each
    # case's text flags alone
    from dataclasses import replace

    from claims.conflicts.claim_checks import stated_change_checks

    texts = [case["text"] for case in CASES if case.get("check") == "levels"]
    claims = [
        [replace(claim, doc_id=f"d{i}", claim_id=f"d{i}-{claim.claim_id}") for claim in extract(text)]
        for i, text in enumerate(texts)
    ]
    alone = [row["conflict_id"] for found in claims for row in stated_change_checks(claims_frame(found))]
    together = stated_change_checks(claims_frame([claim for found in claims for claim in found]))
    assert len(alone) > 0 and sorted(alone) == [row["conflict_id"] for row in together]
