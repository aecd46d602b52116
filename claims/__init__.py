"""claims — quantitative claims from Chinese and English AI news, validated and cross-checked.

The public names load on first use (PEP 562), so `import claims` and the command line start
without polars, pandera or great-tables until a command needs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claims.lazy import lazy_names

__version__ = "0.1.0"

# public name -> the module that defines it
_PUBLIC = {
    "Claim": "claims.model",
    "ClaimsError": "claims.errors",
    "Document": "claims.model",
    "Quantity": "claims.model",
    "Segment": "claims.model",
    "extract": "claims.extraction.extract",
    "extract_corpus": "claims.extraction.extract",
    "find_conflicts": "claims.conflicts.find",
    "read_corpus": "claims.ingest.corpus",
    "segment_document": "claims.ingest.segmentation",
    "validate": "claims.validation.validator",
}

__all__ = [
    "Claim",
    "ClaimsError",
    "Document",
    "Quantity",
    "Segment",
    "__version__",
    "extract",
    "extract_corpus",
    "find_conflicts",
    "read_corpus",
    "segment_document",
    "validate",
]  # the names of _PUBLIC (a test checks they agree)

if TYPE_CHECKING:
    from claims.conflicts.find import find_conflicts
    from claims.errors import ClaimsError
    from claims.extraction.extract import extract, extract_corpus
    from claims.ingest.corpus import read_corpus
    from claims.ingest.segmentation import segment_document
    from claims.model import Claim, Document, Quantity, Segment
    from claims.validation.validator import validate


__getattr__, __dir__ = lazy_names(__name__, _PUBLIC, globals())
