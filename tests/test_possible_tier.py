"""The `possible` tier: figures that share a key but that no identity rule ties to one thing.

They are never flags; `find_conflicts(..., possible=True)` (and `--possible` on the commands) shows
them after every flag, with low confidence and the evidence saying that only the key is shared.
"""

from __future__ import annotations

import polars as pl
import pytest

from claims import find_conflicts
from claims.conflicts.find import POSSIBLE_CONFIDENCE
from claims.model import TIERS, Claim, claims_frame


def spec(claim_id: str, subject: str, quote: str, value: float) -> Claim:
    sentence = f"{subject} 的上下文长度为 {quote}。"
    at = sentence.index(quote)
    return Claim(
        claim_id, f"{claim_id}.md", f"{claim_id}.md#0", None, None, None, at, at + len(quote), quote,
        sentence, "spec", subject, subject, "上下文长度", "context_length", None, None, value, value,
        value, "token", "exact", "asserted", "zh", "test",
    )  # fmt: skip


# A family (Qwen) names several models: no identity. A version (Qwen2.5-72B) names one thing.
FAMILY = [spec("a", "Qwen", "32768 token", 32768.0), spec("b", "Qwen", "131072 token", 131072.0)]
VERSION = [spec("c", "Qwen2.5-72B", "32768 token", 32768.0), spec("d", "Qwen2.5-72B", "65536 token", 65536.0)]


def test_a_key_without_identity_is_no_flag() -> None:
    assert find_conflicts(claims_frame(FAMILY)).height == 0


def test_asked_for_it_shows_as_possible() -> None:
    found = find_conflicts(claims_frame(FAMILY), possible=True)
    assert found.height == 1
    row = found.row(0, named=True)
    assert row["tier"] == "possible"
    assert row["confidence"] == pytest.approx(POSSIBLE_CONFIDENCE)
    assert "only the same key" in row["evidence"]


def test_flags_rank_before_possible_groups() -> None:
    found = find_conflicts(claims_frame(FAMILY + VERSION), possible=True)
    assert found["tier"].to_list() == ["flag", "possible"]
    assert found["subject_key"].to_list() == ["Qwen2.5-72B", "Qwen"]
    assert set(found["tier"].to_list()) <= set(TIERS)


def test_flags_are_the_same_with_or_without_possible() -> None:
    claims = claims_frame(FAMILY + VERSION)
    plain = find_conflicts(claims)
    asked = find_conflicts(claims, possible=True).filter(pl.col("tier") == "flag")
    assert plain.equals(asked)


def test_commands_hide_possible_groups_unless_asked(cli, tmp_path) -> None:
    claims = tmp_path / "claims.parquet"
    claims_frame(FAMILY).write_parquet(claims)
    hidden, shown = tmp_path / "hidden.csv", tmp_path / "shown.csv"
    assert cli("conflicts", claims, "-o", hidden).code == 0
    assert cli("conflicts", claims, "--possible", "-o", shown).code == 0
    assert pl.read_csv(hidden).height == 0
    assert pl.read_csv(shown)["tier"].to_list() == ["possible"]
    # The gate fails on a new conflict only when possible groups are asked for.
    assert cli("check", "--claims", claims).code == 0
    assert cli("check", "--claims", claims, "--possible").code == 1
    # A conflicts file holding possible groups: the page leaves them out unless asked.
    page = tmp_path / "page.html"
    said = cli("report", claims, "--conflicts", shown, "-o", page)
    assert said.code == 0 and "no conflicts" in said.out + said.err
