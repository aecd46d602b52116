"""Ingestion, the first stage: files and folders become documents (`read_corpus`), and each
document becomes segments, one news item or article each (`segment_document`).
"""

from __future__ import annotations

from importlib import import_module

# public name -> the module of this stage that defines it (loaded on first use: no import cycles)
_PUBLIC = {
    "read_corpus": "claims.ingest.corpus",
    "segment_document": "claims.ingest.segmentation",
}

__all__ = [
    "read_corpus",
    "segment_document",
]


def __getattr__(name: str) -> object:
    if name in _PUBLIC:
        value = getattr(import_module(_PUBLIC[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'claims.ingest' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))
