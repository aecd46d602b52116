"""The conflicts table schema: a hand-made valid table passes; each broken rule is named."""

from __future__ import annotations

import polars as pl
import pytest

from claims.validation.validator import CONFLICT_COLUMNS, validate_conflicts


def conflicts(**changes: object) -> pl.DataFrame:
    rows = [
        {
            "conflict_id": "k1",
            "subject_key": "openai",
            "attribute_key": "acquisition_price",
            "object": "io",
            "unit": "USD",
            "status": "conflict",
            "severity": 0.016,
            "claim_ids": ["c1", "c2", "c3"],
            "values": ["64亿美元", "65亿美元"],
            "n_sources": 2,
            "explanation": "64亿美元 (2 items) vs 65亿美元 (1 item): 1.6% apart, no overlap",
            "verdict": None,
            "review_note": None,
            "correct_value": None,
        },
        {
            "conflict_id": "k2",
            "subject_key": "rtx 5090",
            "attribute_key": "launch_price",
            "object": None,
            "unit": "USD",
            "status": "rumour",
            "severity": 0.0,
            "claim_ids": ["c4", "c5"],
            "values": ["2000-2500 美元", "1999 美元"],
            "n_sources": 1,
            "explanation": "rumoured 2000-2500 美元 vs announced 1999 美元",
            "verdict": "resolved",
            "review_note": "launch price announced",
            "correct_value": "1999 USD",
        },
    ]
    rows[1].update(changes)
    return pl.DataFrame(rows, schema=CONFLICT_COLUMNS)


def test_valid_conflicts_pass() -> None:
    assert validate_conflicts(conflicts()).height == 0


@pytest.mark.parametrize(
    ("change", "column", "check"),
    [
        ({"conflict_id": "k1"}, "conflict_id", "unique"),
        ({"status": "dispute"}, "status", "status_known"),
        ({"verdict": "wrong"}, "verdict", "verdict_known"),
        ({"severity": -0.5}, "severity", "severity_non_negative"),
        ({"claim_ids": ["c4", "c4"], "values": ["1999 美元"]}, "claim_ids", "at_least_two_claims"),
        ({"tier": "maybe"}, "tier", "tier_known"),
        ({"values": []}, "values", "values_listed"),
        ({"n_sources": 3}, "n_sources", "sources_counted"),
        ({"n_sources": 0}, "n_sources", "sources_counted"),
        ({"explanation": "two\nlines"}, "explanation", "one_line"),
        ({"subject_key": None}, "subject_key", "not_null"),
        ({"attribute_key": " "}, "attribute_key", "not_empty"),
    ],
)
def test_each_broken_rule_is_named(change: dict, column: str, check: str) -> None:
    failures = validate_conflicts(conflicts(**change))
    rows = {(row, col, chk) for row, col, chk in failures.select("row", "column", "check").iter_rows()}
    expected = {(2, column, check)} | ({(1, column, check)} if check == "unique" else set())
    assert rows == expected
    assert failures.columns == ["row", "conflict_id", "column", "check", "value"]
