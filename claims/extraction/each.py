"""Extraction of a stream of documents, one after another or across worker processes
(`--jobs`): `extract_each`. Light to import: the extraction itself (lexicons, rules, grammar) is
loaded where a document is first read, so a process that only hands documents to workers starts
them at once."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from claims.errors import ExtractionError, InputError, ResourceError
from claims.extraction.parts import whole
from claims.extraction.workers import WORKER_STOPPED, Outcome, _outcome, _parallel
from claims.model import Claim, Document

if TYPE_CHECKING:
    import polars as pl

    from claims.extraction.extract_resources import ExtractResources


def extract_each(
    documents: Iterable[Document],
    resources: ExtractResources | None = None,
    on_problem: Callable[[ExtractionError], None] | None = None,
    jobs: int = 1,
    expected: int | None = None,
    on_done: Callable[[Document], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> Iterator[list[Claim]]:
    """The claims of each document in turn; a fault inside one document costs that document only.

    The fault is handed to `on_problem` as an `ExtractionError` naming the file (and JSONL line),
    and the document yields no claims; `on_problem` may raise to stop (--strict). Without a
    handler the fault is raised.

    With `jobs` > 1 the documents are read by that many worker processes, in chunks (a long one in
    parts, `claims.extraction.parts`), and the results come back in the documents' order: the
    output is the same as in one process. A corpus under `PARALLEL_FROM` characters (or custom
    `resources`) is read in this process, since starting workers costs more than such a corpus.
    `documents` may be a stream: it is read a chunk at a time. `expected`, the input's size in bytes
    when known beforehand (from the files), lets the workers start at once and load their resources
    while the first documents are read. `on_done` is told of each document as soon as it is read,
    in whatever order the workers finish them (a progress bar), perhaps from another thread.
    `on_warning` is told when a worker stops abruptly and its documents are read again (`_parallel`).
    """
    stream = iter(documents)
    pairs: Iterable[tuple[Document, Outcome]]
    if (
        jobs > 1
        and resources is None
        and expected is not None
        and expected >= PARALLEL_FROM * _BYTES_PER_CHARACTER
    ):
        pairs = whole(_parallel(stream, jobs, on_done, on_warning))
    elif jobs > 1 and resources is None:
        head = _leading(stream, PARALLEL_FROM)
        if sum(len(doc.text) for doc in head) >= PARALLEL_FROM:
            pairs = whole(_parallel(itertools.chain(head, stream), jobs, on_done, on_warning))
        else:
            pairs = _in_turn(head, None, on_done)  # the stream ended within `head`
    else:
        pairs = _in_turn(stream, resources, on_done)
    for doc, outcome in pairs:
        if isinstance(outcome, list):
            yield outcome
            continue
        if isinstance(outcome, InputError):  # reported as the reader reports it, skipped alone
            if on_problem is None:
                raise outcome
            on_problem(outcome)
            yield []
            continue
        if outcome[0] == ResourceError.__name__:
            # a broken grammar or lexicon is no fault of the document: one error, the run stops
            raise ResourceError(outcome[1])
        fault = outcome[1] if outcome[0] == WORKER_STOPPED else f"{outcome[0]}: {outcome[1]}"
        problem = ExtractionError(
            f"extraction failed: {fault}",
            path=doc.path,
            line=doc.line_offset or None,
            hint="please report this text",
        )
        if on_problem is None:
            raise problem
        on_problem(problem)
        yield []


PARALLEL_FROM = 1_000_000  # characters: below this, worker start-up costs more than it saves
_BYTES_PER_CHARACTER = 3  # at most, in UTF-8 (Chinese): a file this many bytes per character holds enough


def _in_turn(
    docs: Iterable[Document], resources: ExtractResources | None, on_done: Callable[[Document], None] | None
) -> Iterator[tuple[Document, Outcome]]:
    """Each document with its `_outcome`, read in this process, one after another."""
    for doc in docs:
        outcome = _outcome(doc, resources)
        if on_done is not None:
            on_done(doc)
        yield doc, outcome


def _leading(stream: Iterator[Document], characters: int) -> list[Document]:
    """Documents taken from `stream` until they hold `characters` of text or it ends."""
    head: list[Document] = []
    size = 0
    for doc in stream:
        head.append(doc)
        size += len(doc.text)
        if size >= characters:
            break
    return head


# Claims held in memory before they are written out or turned into table rows as one batch.
BATCH_CLAIMS = 5_000  # about 25 MB: a claim carries its sentence, quote and title


def claim_batches(found: Iterable[list[Claim]], keep: tuple[str, ...] | None) -> Iterator[list[Claim]]:
    """The claims of each document (`extract_each`) of the kinds `keep` (None: every kind), in
    batches of about `BATCH_CLAIMS`, in document order; the last batch, perhaps empty, always comes."""
    batch: list[Claim] = []
    for claims in found:
        batch += [c for c in claims if keep is None or c.kind in keep]
        if len(batch) >= BATCH_CLAIMS:
            yield batch
            batch = []
    yield batch


def claims_table(found: Iterable[list[Claim]], keep: tuple[str, ...] | None = None) -> pl.DataFrame:
    """The claims of each document (`extract_each`) of the kinds `keep` as one table. As a table a
    claim takes a fraction of its objects' memory, so rows are made a batch at a time."""
    import polars as pl

    from claims.model import claims_frame

    return pl.concat([claims_frame(batch) for batch in claim_batches(found, keep)], rechunk=True)
