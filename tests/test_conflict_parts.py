"""Keys paired a part at a time (`claims.conflicts.parts.key_parts`): every claim in one part, a key
never cut, a part within its budget of pairs unless one key alone exceeds it; and the conflicts
found the same whatever the budget."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from claims.conflicts import find as find_module
from claims.conflicts import parts
from claims.conflicts.comparable import KEY
from claims.conflicts.find import find_conflicts
from claims.extraction.extract import extract_corpus
from claims.resources import sample_corpus_dir


def _frame(keys: list[int]) -> pl.DataFrame:
    """Claims numbered in order, each under the key its entry names (the other key parts blank)."""
    columns = {name: ["" for _ in keys] for name in KEY}
    columns["_subject"] = [f"s{k}" for k in keys]
    return pl.DataFrame(columns).with_columns(n=pl.int_range(pl.len()))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 6), max_size=40), st.integers(1, 30))
def test_parts_hold_whole_keys_within_the_budget(keys: list[int], budget: int) -> None:
    frame = _frame(keys)
    found = list(parts.key_parts(frame, budget=budget))
    assert sorted(n for part in found for n in part["n"].to_list()) == list(range(len(keys)))
    seen: set[str] = set()
    for part in found:
        here = set(part["_subject"].to_list())
        assert not here & seen  # a key is never cut across parts
        seen |= here
        pairs = sum(n * n for n in part.group_by("_subject").len()["len"].to_list())
        assert pairs <= budget or len(here) == 1
        assert part["n"].to_list() == sorted(part["n"].to_list())  # rows keep their order


@pytest.fixture(scope="module")
def sample_claims() -> pl.DataFrame:
    return extract_corpus([sample_corpus_dir()])


@pytest.mark.parametrize("possible", [False, True])
def test_conflicts_are_the_same_paired_key_by_key(
    sample_claims: pl.DataFrame, possible: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = find_conflicts(sample_claims, possible=possible)
    assert whole.height > 0
    cut: list[int] = []

    def key_by_key(keyed: pl.DataFrame) -> list[pl.DataFrame]:
        found = list(parts.key_parts(keyed, budget=1))  # a key a part
        cut.append(len(found))
        return found

    monkeypatch.setattr(find_module, "key_parts", key_by_key)
    assert_frame_equal(find_conflicts(sample_claims, possible=possible), whole)
    assert cut and cut[0] > 1


@pytest.mark.parametrize("possible", [False, True])
def test_conflicts_are_the_same_when_the_pairs_are_a_query(
    sample_claims: pl.DataFrame, possible: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a key past `HELD_PAIRS` is paired as a query, each rule forming the pairs it reads: the same
    # flags as the pairs held in memory
    from claims.conflicts import pairs

    held = find_conflicts(sample_claims, possible=possible)
    monkeypatch.setattr(pairs, "HELD_PAIRS", 0)
    assert_frame_equal(find_conflicts(sample_claims, possible=possible), held)
    assert held.height > 0


def test_a_key_of_one_value_is_not_paired(
    sample_claims: pl.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    # two claims of one value always agree: a key that states one value, however often, has no pair
    # to flag, so its pairs are never formed (60 % of the pairs of a corpus of repeated stories)
    from claims.conflicts import comparable

    keyed = comparable.comparable_claims(sample_claims)
    one_value = (
        keyed.group_by(KEY).agg(pl.col("value").n_unique().alias("values")).filter(pl.col("values") == 1)
    )
    assert one_value.height > 0
    paired: list[pl.DataFrame] = []
    pairs = find_module.claim_pairs

    def recorded(keyed: pl.DataFrame, *rest: bool) -> pl.LazyFrame:
        paired.append(keyed.select(KEY).unique())
        return pairs(keyed, *rest)

    monkeypatch.setattr(find_module, "claim_pairs", recorded)
    found = find_conflicts(sample_claims, possible=True)
    every_paired = pl.concat(paired)
    assert every_paired.join(one_value.select(KEY), on=list(KEY), how="semi").is_empty()
    monkeypatch.setattr(find_module, "may_disagree", lambda: pl.lit(True))
    assert_frame_equal(find_conflicts(sample_claims, possible=True), found)  # the same flags
