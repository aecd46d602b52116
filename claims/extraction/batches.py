"""One batch of documents in, one batch of claims out: the engine-free core of extraction.

A batch is a polars frame, one row per document with the fields of `Document` as columns
(`DOCUMENT_COLUMNS`; only `doc_id` and `text` are required). `extract_batch` turns it into the
claims table of those documents, in their order, exactly as `claims extract` writes them. Any
engine that maps a function over batches of rows — worker processes, Ray Data
(`claims.extraction.distributed`), Dask, Spark — runs extraction through this one function; it knows no
engine.

>>> docs = documents_frame([Document("a.md", "a.md", "OpenAI以64亿美元收购io公司。")])
>>> extract_batch(docs).select("subject_key", "value", "unit").rows()
[('OpenAI', 6400000000.0, 'USD')]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import polars as pl

from claims.errors import ExtractionError, InputError
from claims.extraction.each import extract_each
from claims.model import Claim, Document, claims_frame

# A document row, column by column: the fields of `Document`.
DOCUMENT_COLUMNS: dict[str, pl.DataType] = {
    "doc_id": pl.String(),
    "path": pl.String(),
    "text": pl.String(),
    "title": pl.String(),
    "published": pl.String(),
    "source_url": pl.String(),
    "line_offset": pl.Int64(),
    "identity": pl.String(),
}
REQUIRED_COLUMNS = ("doc_id", "text")


def documents_frame(documents: Iterable[Document]) -> pl.DataFrame:
    """Documents as a batch: one row each, typed by `DOCUMENT_COLUMNS`."""
    rows = [{name: getattr(doc, name) for name in DOCUMENT_COLUMNS} for doc in documents]
    return pl.DataFrame(rows, schema=DOCUMENT_COLUMNS)


def frame_documents(batch: pl.DataFrame) -> list[Document]:
    """The documents of a batch; missing optional columns are empty (`path` is then the doc_id).

    A batch without `doc_id` or `text` is an `InputError` naming what is missing."""
    missing = [name for name in REQUIRED_COLUMNS if name not in batch.columns]
    if missing:
        raise InputError(
            f"a batch of documents needs the column(s) {', '.join(missing)}",
            hint=f"columns: {', '.join(DOCUMENT_COLUMNS)}",
        )
    present = [name for name in DOCUMENT_COLUMNS if name in batch.columns]
    documents = []
    for row in batch.select(present).iter_rows(named=True):
        row["path"] = row.get("path") or row["doc_id"]
        row["line_offset"] = row.get("line_offset") or 0
        documents.append(Document(**row))
    return documents


def extract_batch(
    batch: pl.DataFrame, on_problem: Callable[[ExtractionError], None] | None = None
) -> pl.DataFrame:
    """The claims table of a batch of documents, in document order.

    A document whose extraction fails yields no claims and goes to `on_problem` (which may raise);
    without a handler the failure is raised, so no fault passes unseen."""
    claims: list[Claim] = []
    for found in extract_each(frame_documents(batch), None, on_problem):
        claims += found
    return claims_frame(claims)
