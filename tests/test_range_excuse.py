"""The range excuse of `claims.conflicts.pairs`: a pair is excused when a range stated in either
claim's item holds both figures. The same pairs as that definition read one range at a time, and
work that grows with a key's pairs, not with its pairs times its ranges."""

from __future__ import annotations

import itertools

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.conflicts import pairs as pairs_module


def _frames(
    segments: list[int], ranges: list[bool], agree: set[frozenset[int]]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """`every` (each ordered pair of claims of one key, related) and `pairs` (each pair once)."""
    every = pl.DataFrame(
        [
            {
                "_claim_a": a,
                "_claim_b": b,
                "_segno_a": segments[a],
                "_segno_b": segments[b],
                "qualifier_a": "range" if ranges[a] else "exact",
                "relation": "agree" if frozenset((a, b)) in agree else "conflict",
            }
            for a, b in itertools.permutations(range(len(segments)), 2)
        ],
        schema={
            "_claim_a": pl.Int64,
            "_claim_b": pl.Int64,
            "_segno_a": pl.Int64,
            "_segno_b": pl.Int64,
            "qualifier_a": pl.String,
            "relation": pl.String,
        },
    )
    pairs = every.filter(pl.col("_claim_a") < pl.col("_claim_b")).select(
        "_claim_a", "_claim_b", "_segno_a", "_segno_b"
    )
    return pairs, every


def _ranged_by_definition(
    segments: list[int], ranges: list[bool], agree: set[frozenset[int]]
) -> set[tuple[int, int]]:
    """Pairs (a, b) for which some range r, in a's item or b's, holds both (agrees with each, and is
    neither: a claim does not hold itself)."""

    def holds(r: int, x: int) -> bool:
        return r != x and ranges[r] and frozenset((r, x)) in agree

    n = len(segments)
    return {
        (a, b)
        for a, b in itertools.combinations(range(n), 2)
        if any(holds(r, a) and holds(r, b) and segments[r] in (segments[a], segments[b]) for r in range(n))
    }


@st.composite
def _keys(draw: st.DrawFn) -> tuple[list[int], list[bool], set[frozenset[int]]]:
    n = draw(st.integers(0, 9))
    segments = draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))
    ranges = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    every_pair = [frozenset(p) for p in itertools.combinations(range(n), 2)]
    agree = {p for p in every_pair if draw(st.booleans())}
    return segments, ranges, agree


@settings(max_examples=300, deadline=None)
@given(_keys())
def test_the_pairs_a_range_excuses_are_those_of_the_definition(key: tuple) -> None:
    segments, ranges, agree = key
    pairs, every = _frames(segments, ranges, agree)
    found = pairs_module._excuse_by_range(pairs, every)
    assert found.height == pairs.height
    excused = {
        (a, b) for a, b, ranged in found.select("_claim_a", "_claim_b", "_ranged").iter_rows() if ranged
    }
    assert excused == _ranged_by_definition(segments, ranges, agree)


def test_a_key_told_in_many_items_with_its_range_costs_its_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    """One funding round told in 120 items, each stating it twice as one range: every claim agrees
    with every other, and a range in another item holds both of a pair from two items. No frame
    formed may be much larger than the key's pairs (the range excuse read every pair against every
    range that holds it: the pairs times 239)."""
    items = 120
    segments = [i // 2 for i in range(2 * items)]
    claims = len(segments)
    agree = {frozenset(p) for p in itertools.combinations(range(claims), 2)}
    pairs, every = _frames(segments, [True] * claims, agree)
    largest = []
    join = pl.DataFrame.join

    def measured_join(self: pl.DataFrame, *args: object, **kwargs: object) -> pl.DataFrame:
        out = join(self, *args, **kwargs)  # type: ignore[arg-type]
        largest.append(out.height)
        return out

    monkeypatch.setattr(pl.DataFrame, "join", measured_join)
    found = pairs_module._excuse_by_range(pairs, every)
    # each item's two claims hold each other only: no third range in their item holds both
    same_item = pl.col("_segno_a") == pl.col("_segno_b")
    assert found.filter(pl.col("_ranged")).height == found.filter(~same_item).height == pairs.height - items
    assert largest and max(largest) <= 2 * every.height
