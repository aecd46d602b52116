"""Finding the surface forms of a lexicon in running text: `Matcher`, one regex per lexicon built as
a trie, and the `Hit`s it finds.

Offsets never change: full-width letters and the spacing around hyphens are tolerated by the
patterns, not by rewriting the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from claims.text.compiled import compiled
from claims.text.keys import halfwidth, squash
from claims.text.trie import trie

_LATIN = re.compile(r"[A-Za-z0-9]")
_HYPHEN = r"\s*[-–]\s*"  # a hyphen's piece (`_pieces`): spaces, either dash, spaces


@dataclass(frozen=True, slots=True)
class Hit:
    """One surface form found in text: `text[start:end]`, the key it names and its tag."""

    start: int
    end: int
    key: str
    tag: str


def _pieces(form: str) -> list[str]:
    """A form as regex pieces: spaces optional, hyphens with optional spaces around them."""
    pieces: list[str] = []
    for char in form:
        if char == " ":
            if pieces and pieces[-1] != r"\s*":
                pieces.append(r"\s*")
        elif char in "-–":
            pieces.append(_HYPHEN)
        else:
            pieces.append(re.escape(char))
    return pieces


def _trie_pattern(forms: Iterable[str]) -> str:
    """One regex for many forms, factored as a trie so each place is tried once, longest first.

    A form that starts (ends) with a Latin letter or digit only matches as a whole word: a form
    ending in one stops at a word's end, not inside a longer name or version (`GPT-4` never matches
    in `GPT-4.1`).
    """
    entries = [(_pieces(form), r"(?![A-Za-z0-9]|\.\d)" if _LATIN.match(form[-1]) else "") for form in forms]
    latin = [entry for entry in entries if entry[0] and _LATIN.match(entry[0][0])]
    other = [entry for entry in entries if not (entry[0] and _LATIN.match(entry[0][0]))]
    parts = []
    if latin:
        parts.append(r"(?<![A-Za-z0-9])" + trie(latin))
    if other:
        parts.append(trie(other))
    pattern = "|".join(parts)
    firsts = {pieces[0] for pieces, _ in entries if pieces}
    opening = [_first_class(piece) for piece in firsts]
    if (latin or _HYPHEN in firsts) and all(opening):
        # A pattern opening with a look-behind, or with a hyphen's optional spaces, gives the engine
        # no first characters to skip to: it would enter every branch of the trie at every place.
        # One look at the place's character says first whether any form can start there.
        pattern = f"(?=[{''.join(sorted(opening))}])(?:{pattern})"  # type: ignore[arg-type]
    return pattern


def _first_class(piece: str) -> str | None:
    """The characters a match of the piece `piece` can open with, as the inside of a character
    class; None when that cannot be told."""
    if len(piece) == 1 or (len(piece) == 2 and piece[0] == "\\"):
        return piece  # a character, escaped or not
    if piece == _HYPHEN:
        return r"\s\-–"
    return None


@dataclass(frozen=True, slots=True)
class Matcher:
    """Finds the forms of one lexicon: exact forms and case-insensitive words, longest first."""

    exact: re.Pattern[str] | None
    folded: re.Pattern[str] | None
    entries: dict[str, tuple[str, str]]  # squash(form) and the form as listed -> (key, tag)
    # Words that, right after a form, name a variant of it (`SWE-bench Verified`, `GPQA Diamond`):
    # the hit then spans the variant and its key is the form's key with the variant word.
    variants: re.Pattern[str] | None = None
    # Every character a hit can start with, or None when that cannot be told by characters alone
    # (a form opening with a space or dash, a cased letter beyond ASCII matched in any case): a
    # sentence holding none of them needs no search.
    starts: frozenset[str] | None = None
    # The most characters other than whitespace one hit can hold (a form's, as its pattern reads
    # it), or None when that cannot be told (variant words lengthen a hit): see `too_wide`.
    widest: int | None = None

    @classmethod
    def build(cls, exact: Iterable[tuple[str, str, str]], folded: Iterable[tuple[str, str, str]]) -> Matcher:
        """From (form, key, tag) triples; `folded` forms match case-insensitively."""
        exact, folded = list(exact), list(folded)
        entries: dict[str, tuple[str, str]] = {}
        patterns = []
        written: set[str] = set()  # every form as its pattern reads it
        for index, group in enumerate((list(exact), list(folded))):
            for form, key, tag in group:
                entries.setdefault(squash(form), (key, tag))
                # Most matches read exactly as listed: keep that spelling too, to skip `squash`.
                entries.setdefault(halfwidth(form), (key, tag))
            forms = {halfwidth(form) if index == 0 else halfwidth(form).casefold() for form, _, _ in group}
            patterns.append(_trie_pattern(forms) if forms else None)
            written |= forms
        return cls(
            compiled(patterns[0]) if patterns[0] else None,
            compiled(patterns[1], re.IGNORECASE) if patterns[1] else None,
            entries,
            starts=_first_characters(exact, folded),
            widest=max(map(_solid, written), default=0),
        )

    def absent_from(self, characters: frozenset[str] | set[str]) -> bool:
        """True when no hit can start at any of `characters` (those of a sentence)."""
        return self.starts is not None and self.starts.isdisjoint(characters)

    def fills(self, text: str, start: int, end: int) -> bool:
        """Whether `text[start:end]` is one form with nothing but spaces around it (`0.6B→4B`'s arrow);
        a stretch too wide for one form is told so without a search."""
        if self.too_wide(text, start, end):
            return False
        hits = self.find(text, start, end)
        if len(hits) != 1:
            return False
        return not text[start : hits[0].start].strip() and not text[hits[0].end : end].strip()

    def too_wide(self, text: str, start: int, end: int) -> bool:
        """True when `text[start:end]` holds more characters other than whitespace than one hit
        can: it is then no lone form with spaces around it, and needs no search to tell."""
        return self.widest is not None and len("".join(text[start:end].split())) > self.widest

    def find(self, text: str, start: int = 0, end: int | None = None, folded: bool = True) -> list[Hit]:
        """Every form in `text[start:end]`, longest match at each place, offsets into `text`.

        `text` should already be `halfwidth`-folded (the caller folds a document once);
        `folded=False` looks for the exact-case forms only.
        """
        end = len(text) if end is None else end
        hits: list[Hit] = []
        for pattern in (self.exact, self.folded if folded else None):
            if pattern is None:
                continue
            for match in pattern.finditer(text, start, end):
                surface = match.group()
                found = self.entries.get(surface) or self.entries.get(squash(surface))
                if found is not None:
                    hit = Hit(match.start(), match.end(), found[0], found[1])
                    hits.append(hit if self.variants is None else self._with_variant(text, hit, end))
        # most lookups find nothing or one form: nothing overlaps, nothing to sort
        return hits if len(hits) < 2 else _longest(hits)

    def _with_variant(self, text: str, hit: Hit, end: int) -> Hit:
        """`hit` extended over a variant word right after it (`SWE-bench` + ` Verified`)."""
        if self.variants is None:
            return hit
        variant = self.variants.match(text, hit.end, end)
        if variant is None:
            return hit
        word = variant.group(1)
        return Hit(hit.start, variant.end(), f"{hit.key} {word[0].upper()}{word[1:]}", hit.tag)


def _solid(form: str) -> int:
    """The characters of `form` other than whitespace: each matches one such character of a hit
    (spaces may stretch or vanish, a hyphen is one dash with optional spaces, `_pieces`)."""
    return sum(not char.isspace() for char in form)


# Characters other than the ASCII letter itself that IGNORECASE matches it with (the re
# documentation names these four).
_ALSO_MATCHES = {"i": "İı", "s": "ſ", "k": "\u212a"}


def _first_characters(
    exact: Iterable[tuple[str, str, str]], folded: Iterable[tuple[str, str, str]]
) -> frozenset[str] | None:
    """The characters the forms' matches can start with (see `Matcher.starts`)."""
    starts: set[str] = set()
    for index, group in enumerate((exact, folded)):
        for form, _, _ in group:
            first = halfwidth(form) if index == 0 else halfwidth(form).casefold()  # as in the pattern
            first = first[:1]
            if not first or first.isspace() or first in "-–":
                return None  # the pattern lets spaces or either dash open the match
            if index == 0 or first.lower() == first.upper():
                starts.add(first)
            elif first.isascii():
                starts.update({first.lower(), first.upper(), *_ALSO_MATCHES.get(first.lower(), "")})
            else:
                return None  # a cased letter beyond ASCII: its case rules are re's own
    return frozenset(starts)


def _longest(hits: list[Hit]) -> list[Hit]:
    """Overlapping hits reduced to the longest, sorted by start."""
    hits.sort(key=lambda hit: (hit.start, -(hit.end - hit.start)))
    kept: list[Hit] = []
    for hit in hits:
        if kept and hit.start < kept[-1].end:
            if hit.end - hit.start > kept[-1].end - kept[-1].start:
                kept[-1] = hit
            continue
        kept.append(hit)
    return kept
