"""Extraction, the third stage: quantities become claims. The rules (`grammars/rules/`) decide each
figure's kind; the names that play another part are set aside (`name_roles`); the subject
strategies choose its subject (`subject_choice`); `extract_document` and `extract_each` run it over
documents, `extract_batch` over a batch (the engine-free core), `apply_corrections` applies the
corrections file.
"""

from __future__ import annotations

from claims.lazy import lazy_names

# public name -> the module of this stage that defines it (loaded on first use: no import cycles)
_PUBLIC = {
    "ExtractResources": "claims.extraction.extract_resources",
    "apply_corrections": "claims.extraction.corrections",
    "default_extract_resources": "claims.extraction.extract_resources",
    "explain_document": "claims.extraction.extract",
    "extract_batch": "claims.extraction.batches",
    "extract_corpus": "claims.extraction.extract",
    "extract_document": "claims.extraction.extract",
    "extract_each": "claims.extraction.each",
    "load_corrections": "claims.extraction.corrections",
    "with_derived": "claims.extraction.derive",
}

__all__ = sorted(_PUBLIC)


__getattr__, __dir__ = lazy_names(__name__, _PUBLIC, globals())
