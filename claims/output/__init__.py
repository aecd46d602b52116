"""Output, the last stage: comparison tables built from table specs (`build_table`) and rendered
(HTML, Markdown, CSV, PNG), the fact-checker's review page (`write_report`), exports for other tools
(SQLite, Excel: `claims.output.export`; ClaimReview JSON-LD), and all-or-nothing writing of every file.
"""

from __future__ import annotations

from claims.lazy import lazy_names

# public name -> the module of this stage that defines it (loaded on first use: no import cycles)
_PUBLIC = {
    "build_table": "claims.output.tables",
    "load_specs": "claims.output.table_spec",
    "read_table": "claims.output.tableio",
    "write_claim_reviews": "claims.output.claimreview",
    "write_report": "claims.output.report",
    "write_table": "claims.output.tableio",
}

__all__ = sorted(_PUBLIC)


__getattr__, __dir__ = lazy_names(__name__, _PUBLIC, globals())
