"""The look at a place's first character that the scanner's `start` pattern opens with only skips
places where no number can start: its matches are those of the pattern without it
(claims.quantities.patterns)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.quantities.find import default_quantity_resources

START = default_quantity_resources().patterns.start
LOOK = ")(?:(?P<n>"
PLAIN = re.compile(START.pattern[START.pattern.index(LOOK) + len(LOOK) - len("(?P<n>") : -1])
PIECES = st.one_of(
    st.sampled_from(["one", "Two", "a hundred", "An eighth", "half", "dozens", "twenty-one", "someone"]),
    st.sampled_from(["三千五百万", "一个", "约三", "半", "十", "½", "٣", "３", "1,234", "40 000", ".5"]),
    st.sampled_from([" ", "-", "，", "的", "x", "e", "A", "\n"]),
    st.text(max_size=3),
)


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, str | None]]:
    return [(m.start(), m.end(), m.lastgroup) for m in pattern.finditer(text)]


def test_the_plain_pattern_is_the_pattern_without_the_look() -> None:
    assert START.pattern.startswith("(?=[") and PLAIN.pattern.startswith("(?P<n>")


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=10).map("".join))
def test_the_look_changes_no_match(text: str) -> None:
    assert _matches(START, text) == _matches(PLAIN, text)
