"""Claims extraction past one machine, on Ray Data (the optional extra: `pip install 'claims-news[ray]'`).

Ray runs `claims.extraction.batches.extract_batch` — the same engine-free function `claims extract` runs
— over batches of a dataset of documents, on a local cluster or on a real one by address; Ray Data
hands each batch over as Arrow and polars reads Arrow without a copy.

    import ray
    from claims.extraction.distributed import extract_paths

    ray.init()  # or ray.init(address="ray://head:10001") for a cluster
    claims = extract_paths(["news/"])  # polars DataFrame, the same rows as `claims extract news/`

A dataset of documents made elsewhere (`ray.data.read_parquet`, `read_json`, …) needs the columns
`doc_id` and `text` (the other columns of `claims.extraction.batches.DOCUMENT_COLUMNS` are optional):
`extract_dataset(dataset)` is then a dataset of claims rows, computed lazily as Ray reads it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from claims.errors import InputError
from claims.extraction.batches import documents_frame, extract_batch
from claims.ingest.corpus import iter_documents
from claims.model import CLAIM_COLUMNS, Document

if TYPE_CHECKING:
    import pyarrow as pa
    import ray.data

__all__ = ["documents_dataset", "extract_dataset", "extract_paths"]

# Documents per batch: a news file is a few KB to a few MB, so a batch is a few seconds of work,
# long enough to pay for moving it, short enough to spread a corpus over every worker.
BATCH_DOCUMENTS = 16


def _ray() -> object:
    try:
        import ray
        import ray.data
    except ImportError:
        raise InputError("Ray is not installed", hint="pip install 'claims-news[ray]'") from None
    return ray


def _claims_of(batch: pa.Table) -> pa.Table:
    """Ray's side of `extract_batch`: Arrow in, Arrow out."""
    return extract_batch(pl.from_arrow(batch)).to_arrow()  # type: ignore[arg-type]


def documents_dataset(
    paths: Iterable[Path | str], *, batch_size: int = BATCH_DOCUMENTS, strict: bool = False
) -> ray.data.Dataset:
    """The documents under `paths` as a Ray dataset, read by `claims`' own reader (on this process),
    so document ids and claim ids are those `claims extract` gives. Each `batch_size` documents are
    a block of their own, so the blocks spread over the cluster's workers. A block goes to the
    cluster's object store as soon as it is read: this process holds one block of the corpus, never
    the whole."""
    ray = _ray()
    # split here too, so a document that cannot be split is reported and left out here, as the
    # command does, not raised on the cluster
    documents = (doc for doc, _ in iter_documents(list(paths), strict=strict))
    put = ray.put  # type: ignore[attr-defined]
    blocks = [put(documents_frame(batch).to_arrow()) for batch in _batches(documents, batch_size)]
    blocks = blocks or [put(documents_frame([]).to_arrow())]
    return ray.data.from_arrow_refs(blocks)  # type: ignore[attr-defined,no-any-return]


def _batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """`documents` in runs of `size`, in order (`itertools.batched` from Python 3.12)."""
    found = iter(documents)
    while batch := list(itertools.islice(found, size)):
        yield batch


def extract_dataset(documents: ray.data.Dataset, *, batch_size: int = BATCH_DOCUMENTS) -> ray.data.Dataset:
    """The claims rows (`claims.model.CLAIM_COLUMNS`) of a dataset of documents, as a dataset."""
    _ray()
    return documents.map_batches(_claims_of, batch_format="pyarrow", batch_size=batch_size)


def extract_paths(
    paths: Iterable[Path | str], *, batch_size: int = BATCH_DOCUMENTS, strict: bool = False
) -> pl.DataFrame:
    """The claims table of the files under `paths`, extracted on the Ray cluster this process is
    connected to (`ray.init()` first): the same rows, in the same order, as `claims extract`."""
    ray = _ray()
    context = ray.data.DataContext.get_current()  # type: ignore[attr-defined]
    keep = context.execution_options.preserve_order
    # Batches finish in any order; the CLI's order is the documents' order.
    context.execution_options.preserve_order = True
    try:
        documents = documents_dataset(paths, batch_size=batch_size, strict=strict)
        tables = extract_dataset(documents, batch_size=batch_size).to_arrow_refs()
        parts = [pl.from_arrow(table) for table in ray.get(tables)]  # type: ignore[attr-defined]
    finally:
        context.execution_options.preserve_order = keep
    frames = [part for part in parts if isinstance(part, pl.DataFrame) and part.height]
    if not frames:
        return pl.DataFrame(schema=CLAIM_COLUMNS)
    return pl.concat(frames).cast(CLAIM_COLUMNS)  # type: ignore[arg-type]
