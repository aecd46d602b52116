"""The time rule of conflicts (`identity.same_report_period`), read for every pair at once, against
its definition read one pair at a time: a fact that changes over time is one report only within
`SAME_NEWS_DAYS`; an unknown or impossible date lets two reports be one."""

from __future__ import annotations

from datetime import date

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.conflicts.identity import FIXED_ATTRIBUTES, FIXED_KINDS, SAME_NEWS_DAYS, same_report_period

_DATES = st.one_of(
    st.none(),
    st.dates(date(2020, 1, 1), date(2027, 12, 31)).map(date.isoformat),
    # what reads as a date but names no day, or is written otherwise
    st.sampled_from(["2026-02-30", "2026-13-01", "", "2026-2-5", " 2026-02-05", "2026-02-05T00:00"]),
)
_PAIRS = st.tuples(
    st.sampled_from([*FIXED_KINDS, "price", "count", "change", "other"]),
    st.sampled_from([*FIXED_ATTRIBUTES, "funding", "users", "valuation", "MMLU"]),
    _DATES,
    _DATES,
)


def _one_at_a_time(kind: str, attribute: str, a: str | None, b: str | None) -> bool:
    if kind in FIXED_KINDS or attribute in FIXED_ATTRIBUTES:
        return True
    try:
        gap = abs((date.fromisoformat(a or "") - date.fromisoformat(b or "")).days)
    except ValueError:
        return True
    return gap <= SAME_NEWS_DAYS


@settings(max_examples=200, deadline=None)
@given(st.lists(_PAIRS, min_size=1, max_size=30))
def test_the_time_rule_for_every_pair_at_once_is_its_definition(pairs: list[tuple]) -> None:
    frame = pl.DataFrame(pairs, schema=["kind", "attribute", "a", "b"], orient="row")
    found = frame.select(close=same_report_period(*map(pl.col, ("kind", "attribute", "a", "b"))))
    assert found["close"].to_list() == [_one_at_a_time(*pair) for pair in pairs]
