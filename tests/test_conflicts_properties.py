"""Properties of conflict detection, checked on generated claims."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from claims import find_conflicts
from claims.model import Claim, claims_frame

# Mostly one key (RTX5090 is RTX 5090), so that most generated pairs are really compared.
SUBJECTS = ("RTX 5090", "RTX5090", "RTX 5090", "Gemini Diffusion")
UNITS = ("USD", "USD", "USD", "CNY")


@st.composite
def claims(draw: st.DrawFn, claim_id: str = "x") -> Claim:
    """One claim with a figure near 100 (so that groups really collide) and a coherent interval."""
    value = draw(st.sampled_from([95.0, 99.0, 100.0, 101.0, 110.0, 150.0]))
    qualifier = draw(st.sampled_from(["exact", "approx", "at_least", "at_most", "range"]))
    below = draw(st.sampled_from([0.0, 0.5, 1.0, 5.0, 20.0]))
    above = draw(st.sampled_from([0.0, 0.5, 1.0, 5.0, 20.0]))
    lo, hi = value - below, value + above
    if qualifier == "at_least":
        hi = float("inf")
    elif qualifier == "at_most":
        lo = 0.0
    return Claim(
        claim_id=claim_id,
        doc_id=draw(st.sampled_from(["a.md", "b.md"])),
        segment_id="s",
        title=None,
        source_url=None,
        published=None,
        start=0,
        end=4,
        quote=f"figure {value:g}",
        sentence=f"figure {value:g}",
        kind="price",
        subject=None,
        subject_key=draw(st.sampled_from(SUBJECTS)),
        attribute=None,
        attribute_key="price",
        object=None,
        baseline=None,
        value=value,
        lo=lo,
        hi=hi,
        unit=draw(st.sampled_from(UNITS)),
        qualifier=qualifier,
        modality=draw(st.sampled_from(["asserted", "asserted", "speculative"])),
        lang="zh",
        rule_id="test",
    )


@st.composite
def claim_lists(draw: st.DrawFn) -> list[Claim]:
    n = draw(st.integers(min_value=0, max_value=8))
    return [draw(claims(claim_id=f"c{k}")) for k in range(n)]


def _rebuild(claim: Claim, **changes: object) -> Claim:
    fields = {name: getattr(claim, name) for name in Claim.__slots__}
    return Claim(**{**fields, **changes})


def _statuses(found: pl.DataFrame) -> list[tuple[tuple[str, ...], str]]:
    return sorted((tuple(row["claim_ids"]), row["status"]) for row in found.iter_rows(named=True))


@settings(max_examples=60, deadline=None)
@given(claims())
def test_a_claim_never_conflicts_with_itself(claim: Claim) -> None:
    twice_same_id = claims_frame([claim, claim])
    copy = _rebuild(claim, claim_id="y", doc_id="other.md")
    same_figure_elsewhere = claims_frame([claim, copy])
    assert find_conflicts(twice_same_id).is_empty()
    assert find_conflicts(same_figure_elsewhere).is_empty()


@settings(max_examples=80, deadline=None)
@given(claims(claim_id="a"), claims(claim_id="b"))
def test_conflict_is_symmetric(a: Claim, b: Claim) -> None:
    forward = find_conflicts(claims_frame([a, b]))
    backward = find_conflicts(claims_frame([_rebuild(b, claim_id="a"), _rebuild(a, claim_id="b")]))
    assert forward["status"].to_list() == backward["status"].to_list()
    assert forward["severity"].to_list() == backward["severity"].to_list()


@settings(max_examples=80, deadline=None)
@given(claims(claim_id="a"), claims(claim_id="b"), st.floats(0, 50), st.floats(0, 50))
def test_widening_an_interval_never_creates_a_conflict(a: Claim, b: Claim, down: float, up: float) -> None:
    before = set(find_conflicts(claims_frame([a, b]))["status"].to_list())
    wider = _rebuild(a, lo=a.lo - down, hi=a.hi + up)
    after = set(find_conflicts(claims_frame([wider, b]))["status"].to_list())
    if "conflict" not in before:
        assert "conflict" not in after


@settings(max_examples=40, deadline=None)
@given(claim_lists(), st.randoms(use_true_random=False))
def test_shuffling_rows_changes_nothing(items: list[Claim], random) -> None:
    shuffled = list(items)
    random.shuffle(shuffled)
    assert find_conflicts(claims_frame(items)).equals(find_conflicts(claims_frame(shuffled)))


@settings(max_examples=40, deadline=None)
@given(claim_lists())
def test_groups_never_mix_currencies_and_hold_their_claims_once(items: list[Claim]) -> None:
    found = find_conflicts(claims_frame(items))
    units = {claim.claim_id: claim.unit for claim in items}
    seen: set[str] = set()
    for row in found.iter_rows(named=True):
        assert {units[c] for c in row["claim_ids"]} == {row["unit"]}
        assert len(row["claim_ids"]) >= 2
        assert not seen & set(row["claim_ids"])
        seen |= set(row["claim_ids"])
        assert row["severity"] >= 0
