"""Which Latin tokens can open a name (`name_finder._strong`): a capital anywhere, or letters mixed
with digits; the test is made without a regex per token, and must say what the regex says."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from claims.extraction.name_finder import _SPLIT, _strong

TOKEN_TEXT = st.text(alphabet="aZq7.+@0 -Bx9", min_size=1, max_size=12)


def _by_regex(token: str) -> bool:
    has_digit = re.search(r"\d", token) is not None
    return re.search(r"[A-Z]", token) is not None or (has_digit and not token.replace(".", "").isdigit())


@given(TOKEN_TEXT)
def test_a_token_opens_a_name_as_the_regex_says(text: str) -> None:
    for token in _SPLIT.finditer(text):
        assert _strong(token.group()) == _by_regex(token.group()), token.group()


def test_examples() -> None:
    assert [_strong(t) for t in ("GPT", "o1", "llama", "3.5", "v2", "2024", "x+y")] == [
        True, True, False, False, True, False, False,
    ]  # fmt: skip
