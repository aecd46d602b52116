"""Validation, the fourth stage: the claims and conflicts tables checked column by column against
their schemas (pandera, polars backend), every failure a row of a report (`validate`), and the
schemas as JSON Schema for other tools.
"""

from __future__ import annotations

from claims.lazy import lazy_names

# public name -> the module of this stage that defines it (loaded on first use: no import cycles)
_PUBLIC = {
    "ClaimsSchema": "claims.validation.schema",
    "ConflictsSchema": "claims.validation.schema",
    "read_claims": "claims.validation.table_files",
    "validate": "claims.validation.validator",
    "validate_conflicts": "claims.validation.validator",
}

__all__ = sorted(_PUBLIC)


__getattr__, __dir__ = lazy_names(__name__, _PUBLIC, globals())
