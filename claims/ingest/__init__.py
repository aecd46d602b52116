"""Ingestion, the first stage: files and folders become documents (`read_corpus`), and each
document becomes segments, one news item or article each (`segment_document`).
"""

from __future__ import annotations

from claims.lazy import lazy_names

# public name -> the module of this stage that defines it (loaded on first use: no import cycles)
_PUBLIC = {
    "read_corpus": "claims.ingest.corpus",
    "segment_document": "claims.ingest.segmentation",
}

__all__ = sorted(_PUBLIC)


__getattr__, __dir__ = lazy_names(__name__, _PUBLIC, globals())
