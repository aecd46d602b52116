"""claims — quantitative claims from Chinese and English AI news, validated and cross-checked."""

from __future__ import annotations

__version__ = "0.1.0"

from claims.conflicts import find_conflicts
from claims.corpus import read_corpus, segment_document
from claims.errors import ClaimsError
from claims.extract import extract, extract_corpus
from claims.model import Claim, Document, Quantity, Segment
from claims.validation import validate

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
]
