"""Which word lists may hold a form in a stretch of text: one Aho-Corasick pass (pyahocorasick)
for many lists, so that a list none of whose forms can stand there is not searched at all.

A list's regex (`claims.text.matcher`) lets the spaces and hyphens of a form stretch or vanish and
matches its folded forms in any case; what it cannot change is a run of characters between those
marks. So the longest such run of every form, ASCII letters in lower case, is looked for in the
text, ASCII letters in lower case: a list none of whose runs occur there holds none of its forms.
Where ASCII lower case cannot tell, the list is always searched: a folded form with a cased letter
beyond ASCII, and any text holding one of the four letters beyond ASCII that re's IGNORECASE
matches with ASCII ones.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import ahocorasick

from claims.text.keys import halfwidth

_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_ASCII_TWINS = "\u0130\u0131\u017f\u212a"  # İ ı ſ K: IGNORECASE matches them with i, i, s, k
_TWIN = re.compile(f"[{_ASCII_TWINS}]")
_ASCII_UPPER = re.compile("[A-Z]+")
_STRETCHES = re.compile(r"[\s\-–]+")  # what a form's regex lets stretch or vanish (matcher._pieces)


def _run(form: str, folded: bool) -> str | None:
    """The longest run of `form` every match of it holds as written (ASCII letters lower-cased), or
    None when lower case cannot tell its matches (a cased letter beyond ASCII in a folded form)."""
    written = halfwidth(form).casefold() if folded else halfwidth(form)  # as in its pattern
    if folded and any(not c.isascii() and (c.lower() != c or c.upper() != c) for c in written):
        return None
    runs = [run for run in _STRETCHES.split(written) if run]
    return max(runs, key=len).translate(_ASCII_LOWER) if runs else None


@dataclass(frozen=True, slots=True)
class Presence:
    """The lists that may hold a form in a stretch of text.

    >>> presence = Presence.build({"RELEASE": [("launch", True)], "COMPARE": [("比", False)]})
    >>> sorted(presence.lists_in("OpenAI Launches o3", 0, 18))
    ['RELEASE']
    >>> sorted(presence.lists_in("比 H100 快", 0, 8))
    ['COMPARE']
    """

    automaton: Any  # ahocorasick.Automaton: a run -> the names of the lists it opens
    always: frozenset[str]  # lists whose forms the runs cannot tell: always searched

    @classmethod
    def build(cls, lists: Mapping[str, Iterable[tuple[str, bool]]]) -> Presence:
        """From each list's (form, folded) pairs; a folded form matches in any case."""
        runs: dict[str, set[str]] = {}
        always = set()
        for name, forms in lists.items():
            for form, folded in forms:
                run = _run(form, folded)
                if run is None:
                    always.add(name)
                else:
                    runs.setdefault(run, set()).add(name)
        automaton = ahocorasick.Automaton()
        for run, names in runs.items():
            automaton.add_word(run, tuple(sorted(names)))
        if runs:
            automaton.make_automaton()
        return cls(automaton if runs else None, frozenset(always))

    def lists_in(self, text: str, start: int, end: int) -> frozenset[str] | None:
        """The lists that may hold a form in `text[start:end]`; None when the runs cannot tell
        (every list must then be searched)."""
        window = text[start:end]
        ascii_only = window.isascii()
        if not ascii_only and _TWIN.search(window):
            return None
        if self.automaton is None:
            return self.always
        # Only ASCII letters are lowered: `lower` does that to an ASCII stretch, and in any other
        # only the runs of capitals found are replaced (translate would look up every character).
        lowered = window.lower() if ascii_only else _ASCII_UPPER.sub(_lowered, window)
        # The distinct lists of the runs found, gathered in C: a Chinese sentence holds dozens of
        # one-character runs (和, 比, 的).
        found = set(map(itemgetter(1), self.automaton.iter(lowered)))
        return self.always.union(*found)


def _lowered(match: re.Match[str]) -> str:
    return match.group().lower()
