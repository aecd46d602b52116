"""Validation, the fourth stage: the claims and conflicts tables checked column by column against
their schemas (pandera, polars backend), every failure a row of a report (`validate`), and the
schemas as JSON Schema for other tools.
"""

from __future__ import annotations

from importlib import import_module

# public name -> the module of this stage that defines it (loaded on first use: no import cycles)
_PUBLIC = {
    "ClaimsSchema": "claims.validation.schema",
    "ConflictsSchema": "claims.validation.schema",
    "read_claims": "claims.validation.table_files",
    "validate": "claims.validation.validator",
    "validate_conflicts": "claims.validation.validator",
}

__all__ = [
    "ClaimsSchema",
    "ConflictsSchema",
    "read_claims",
    "validate",
    "validate_conflicts",
]


def __getattr__(name: str) -> object:
    if name in _PUBLIC:
        value = getattr(import_module(_PUBLIC[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'claims.validation' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))
