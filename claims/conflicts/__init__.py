"""Conflicts, the fifth stage: claims about one fact whose figures disagree, found, explained and
ranked (`find_conflicts`), with the fact-checkers' verdicts applied from the reviews file
(`load_reviews`).
"""

from __future__ import annotations

from claims.lazy import lazy_names

# public name -> the module of this stage that defines it (loaded on first use: no import cycles)
_PUBLIC = {
    "find_conflicts": "claims.conflicts.find",
    "load_reviews": "claims.conflicts.reviews",
}

__all__ = sorted(_PUBLIC)


__getattr__, __dir__ = lazy_names(__name__, _PUBLIC, globals())
