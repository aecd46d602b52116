"""Reading through Markdown markup: the plain text maps back to the original, offset by offset."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims import extract
from claims.text.plain import _EMPHASIS, plain_text


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("超 **120 亿美元**", "超 120 亿美元"),
        ("__Helios__ 发布", "Helios 发布"),
        ("`Qwen3.5` 与 `x = f(2)`", "Qwen3.5 与 `x = f(2)`"),  # code keeps its backticks (masked later)
        ("标签 `#3`", None),  # an item tag is no prose
        ("my_var__name and 2 * 3", None),  # identifiers and a lone star are not emphasis
    ],
)
def test_what_markup_is_removed(text: str, plain: str | None) -> None:
    found = plain_text(text)
    assert (found.text if found else None) == plain


@given(st.text(alphabet="ab 1２%`*_亿\n", max_size=60))
def test_every_plain_character_comes_from_its_original_place(text: str) -> None:
    found = plain_text(text)
    if found is None:
        return
    assert len(found.origin) == len(found.text)
    assert all(found.text[i] == text[at] for i, at in enumerate(found.origin))
    assert list(found.origin) == sorted(set(found.origin))


@settings(deadline=None)  # the first example loads the resources
@given(st.text(alphabet="0123456789亿万美元%超约 `*_GBx.", max_size=60))
def test_claims_read_through_markup_keep_exact_quotes(text: str) -> None:
    for claim in extract(text):
        assert text[claim.start : claim.end] == claim.quote


# The emphasis pattern as first written, each marker's left side checked before the marker.
_EMPHASIS_AS_WRITTEN = re.compile(r"\*\*|(?<![\w_])__(?=\S)|(?<=\S)__(?![\w_])")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="*_ a1中\n`", max_size=30))
def test_emphasis_markers_are_found_as_first_written(text: str) -> None:
    found = [m.span() for m in _EMPHASIS.finditer(text)]
    assert found == [m.span() for m in _EMPHASIS_AS_WRITTEN.finditer(text)]
