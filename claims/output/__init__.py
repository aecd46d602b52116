"""Output, the last stage: comparison tables built from table specs (`build_table`) and rendered
(HTML, Markdown, CSV, PNG), the fact-checker's review page (`write_report`), exports for other tools
(SQLite, Excel: `claims.output.export`; ClaimReview JSON-LD), and all-or-nothing writing of every file.
"""

from __future__ import annotations

from importlib import import_module

# public name -> the module of this stage that defines it (loaded on first use: no import cycles)
_PUBLIC = {
    "build_table": "claims.output.tables",
    "load_specs": "claims.output.table_spec",
    "read_table": "claims.output.tableio",
    "write_claim_reviews": "claims.output.claimreview",
    "write_report": "claims.output.report",
    "write_table": "claims.output.tableio",
}

__all__ = [
    "build_table",
    "load_specs",
    "read_table",
    "write_claim_reviews",
    "write_report",
    "write_table",
]


def __getattr__(name: str) -> object:
    if name in _PUBLIC:
        value = getattr(import_module(_PUBLIC[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'claims.output' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))
