"""The look at a place's first character that a word list's pattern opens with only skips places
where no form can start: hits are those of the pattern without it; a stretch too wide for one hit is
never one lone hit (claims.text.matcher)."""

from __future__ import annotations

import re
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction.lexicon import default_lexicon
from claims.text.matcher import Matcher, _trie_pattern

LEXICON = default_lexicon()
MATCHERS = [*LEXICON.classes.values(), LEXICON.entities, LEXICON.benchmarks, LEXICON.attributes]
FORMS = sorted({form for matcher in MATCHERS for form in matcher.entries})
PIECES = st.one_of(
    st.sampled_from(FORMS),
    st.sampled_from(FORMS).map(str.upper),
    st.sampled_from([" ", "-", " - ", "İ", "ı", "ſ", "\u212a", "，", "的", "a", "1", "."]),
    st.text(max_size=3),
)


def _without_opening(pattern: re.Pattern[str] | None) -> re.Pattern[str] | None:
    if pattern is None or not pattern.pattern.startswith("(?=["):
        return pattern
    return re.compile(pattern.pattern[pattern.pattern.index("])(?:") + 5 : -1], pattern.flags)


def _plain(matcher: Matcher) -> Matcher:
    return replace(matcher, exact=_without_opening(matcher.exact), folded=_without_opening(matcher.folded))


PLAIN = [_plain(matcher) for matcher in MATCHERS]


def test_most_lists_open_with_the_look() -> None:
    assert sum(m.folded is not None and m.folded.pattern.startswith("(?=[") for m in MATCHERS) > 20


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=8).map("".join), st.integers(0, 3))
def test_the_look_changes_no_hit(text: str, start: int) -> None:
    for matcher, plain in zip(MATCHERS, PLAIN, strict=True):
        assert matcher.find(text, start) == plain.find(text, start)


HYPHEN_FORMS = ["->", "- >", "–>", "-fold", "至", "to", "x-ray"]


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=" \t-–>至到to Tx1ray-fold", max_size=30))
def test_a_first_character_hint_before_hyphen_forms_changes_no_match(text: str) -> None:
    # forms opening with a hyphen (its optional spaces first) get a look at the place's character
    # before the trie is entered: the matches are those of the pattern without it
    hinted = _trie_pattern(HYPHEN_FORMS)
    assert hinted.startswith("(?=[")
    plain = hinted[hinted.index("(?:") + 3 : -1]
    for flags in (0, re.IGNORECASE):
        got = [m.span() for m in re.finditer(hinted, text, flags)]
        assert got == [m.span() for m in re.finditer(plain, text, flags)]


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=6).map("".join))
def test_a_stretch_too_wide_for_one_hit_is_no_lone_hit(text: str) -> None:
    # `too_wide` spares the search where a caller asks for one hit with only spaces around it
    # (Item.joins_sizes): wherever it says so, the search would not have found that
    for matcher in MATCHERS:
        if not matcher.too_wide(text, 0, len(text)):
            continue
        hits = matcher.find(text)
        assert not (
            len(hits) == 1 and not text[: hits[0].start].strip() and not text[hits[0].end :].strip()
        ), (text, hits)


def test_widest_counts_what_a_hit_holds_besides_spaces() -> None:
    matcher = Matcher.build([("->", "to", "level"), ("至", "to", "level")], [("up to", "to", "level")])
    assert matcher.widest == 4  # `up to`: four letters, its space may stretch or vanish
    assert matcher.too_wide(" -> xyz", 0, 7) and not matcher.too_wide(" up   to ", 0, 9)
    assert matcher.find(" up   to ") != []
