"""Conflicts, the fifth stage: claims about one fact whose figures disagree, found, explained and
ranked (`find_conflicts`), with the fact-checkers' verdicts applied from the reviews file
(`load_reviews`).
"""

from __future__ import annotations

from importlib import import_module

# public name -> the module of this stage that defines it (loaded on first use: no import cycles)
_PUBLIC = {
    "find_conflicts": "claims.conflicts.find",
    "load_reviews": "claims.conflicts.reviews",
}

__all__ = [
    "find_conflicts",
    "load_reviews",
]


def __getattr__(name: str) -> object:
    if name in _PUBLIC:
        value = getattr(import_module(_PUBLIC[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'claims.conflicts' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))
