"""Patterns rewritten to open with a character class (so the regex engine skips in C to the places
a match can start) match exactly what they matched as first written, look-behind first."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction import document_figures, name_words

AS_WRITTEN = {
    "_WORD": (name_words, r"(?<![A-Za-z0-9.@/-])[a-z][a-z-]{2,}(?![A-Za-z0-9@/]|\.[A-Za-z0-9])"),
    "_TITLED": (
        name_words,
        r"(?:(?<=[a-z] )|(?<=[a-z], ))[A-Z][a-z-]{2,}(?![A-Za-z0-9@/]|\.[A-Za-z0-9])",
    ),
    "_GLUED_SUM": (document_figures, r"(?<=[A-Za-z])\d+(?:\.\d+)?\s*[万亿]"),
}
TEXT = st.text(alphabet="aZb Q,.-@/19万亿 ٣x", max_size=40)


@pytest.mark.parametrize("name", sorted(AS_WRITTEN))
@settings(max_examples=300, deadline=None)
@given(text=TEXT)
def test_matches_as_first_written(name: str, text: str) -> None:
    module, written = AS_WRITTEN[name]
    now = getattr(module, name)
    assert [m.span() for m in now.finditer(text)] == [m.span() for m in re.finditer(written, text)]
