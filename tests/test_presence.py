"""The one pass that tells which cue classes a stretch of text may hold never leaves out a class
that a search of its own finds there (claims.text.presence)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction.lexicon import default_lexicon

LEXICON = default_lexicon()
# Pieces of text that cue words are made of, in any case, with the marks a form's pattern lets
# stretch or vanish and the letters beyond ASCII that IGNORECASE matches with ASCII ones.
FORMS = sorted({form for matcher in LEXICON.classes.values() for form in matcher.entries})
PIECES = st.one_of(
    st.sampled_from(FORMS),
    st.sampled_from(FORMS).map(str.upper),
    st.sampled_from(FORMS).map(str.title),
    st.sampled_from([" ", "  ", "-", " - ", "–", "\t", "İ", "ı", "ſ", "\u212a", "，", "的", "a", "1"]),
    st.text(max_size=3),
)


def _missed(text: str) -> list[str]:
    present = LEXICON.cue_classes_in(text, 0, len(text))
    if present is None:
        return []
    return [name for name, matcher in LEXICON.classes.items() if name not in present and matcher.find(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=8).map("".join))
def test_no_class_with_a_hit_is_left_out(text: str) -> None:
    assert _missed(text) == []


def test_forms_stretched_and_in_other_cases_are_kept() -> None:
    forms = [f for f in FORMS if " " in f or "-" in f][:50]
    for form in forms:
        for text in (form, form.upper(), form.replace(" ", "   "), form.replace("-", " - "), f"x {form}."):
            assert _missed(text) == [], text


def test_letters_beyond_ascii_that_match_ascii_ones_are_kept() -> None:
    # IGNORECASE matches ı and İ with i, ſ with s and the Kelvin sign with k: `ſhip` is `ship`
    twins = {"i": "ı", "s": "ſ", "k": "\u212a"}
    for form in [f for f in FORMS if f.isascii() and any(c in f for c in twins)][:200]:
        for letter, twin in twins.items():
            assert _missed(form.replace(letter, twin)) == [], form
    assert _missed("İntroducing") == []
