"""Extraction of a stream of documents, one after another or across worker processes
(`--jobs`): `extract_each`. Light to import: the extraction itself (lexicons, rules, grammar) is
loaded where a document is first read, so a process that only hands documents to workers starts
them at once."""

from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from typing import TYPE_CHECKING

from claims.errors import ExtractionError, InputError, ResourceError
from claims.ingest.corpus import split_document
from claims.model import Claim, Document

# What reading one document gives: its claims, the problem that kept it from being split, or the
# type and message of the fault that stopped its extraction.
Outcome = list[Claim] | InputError | tuple[str, str]

if TYPE_CHECKING:
    from claims.extraction.extract_resources import ExtractResources


def extract_each(
    documents: Iterable[Document],
    resources: ExtractResources | None = None,
    on_problem: Callable[[ExtractionError], None] | None = None,
    jobs: int = 1,
    expected: int | None = None,
    on_done: Callable[[Document], None] | None = None,
) -> Iterator[list[Claim]]:
    """The claims of each document in turn; a fault inside one document costs that document only.

    The fault is handed to `on_problem` as an `ExtractionError` naming the file (and JSONL line),
    and the document yields no claims; `on_problem` may raise to stop (--strict). Without a
    handler the fault is raised.

    With `jobs` > 1 the documents are read by that many worker processes, in chunks, and the
    results come back in the documents' order: the output is the same as in one process. A corpus
    under `PARALLEL_FROM` characters (or custom `resources`) is read in this process, since starting
    workers costs more than such a corpus. `documents` may be a stream: it is read a chunk at a time.
    `expected`, the input's size in bytes when known beforehand (from the files), lets the workers
    start at once and load their resources while the first documents are read. `on_done` is told of
    each document as soon as it is read, in whatever order the workers finish them (a progress
    bar), perhaps from another thread.
    """
    stream = iter(documents)
    pairs: Iterable[tuple[Document, Outcome]]
    if (
        jobs > 1
        and resources is None
        and expected is not None
        and expected >= PARALLEL_FROM * _BYTES_PER_CHARACTER
    ):
        pairs = _parallel(stream, jobs, on_done)
    elif jobs > 1 and resources is None:
        head = _leading(stream, PARALLEL_FROM)
        if sum(len(doc.text) for doc in head) >= PARALLEL_FROM:
            pairs = _parallel(itertools.chain(head, stream), jobs, on_done)
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
        problem = ExtractionError(
            f"extraction failed: {outcome[0]}: {outcome[1]}",
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


def _outcome(doc: Document, resources: ExtractResources | None = None) -> Outcome:
    """The claims of one document; the problem that keeps it from being split into items (an
    `InputError` naming its file and line, as the reader reports it); or (error type, message) when
    reading it failed. The document is split here, where it is read, not by whoever handed it out."""
    from claims.extraction.extract import extract_document

    split = split_document(doc)  # kept by the splitter's cache for `extract_document`
    if isinstance(split, InputError):
        return split
    try:
        return extract_document(doc, resources)
    except Exception as error:  # any bug in one document must not lose the others
        return type(error).__name__, str(error)


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


_CHUNK_DOCUMENTS = 64  # documents handed to the workers at a time (per worker): memory stays bounded
_IN_FLIGHT = 2  # batches submitted ahead: the workers never wait for this process to hand out the next
_TASKS_PER_WORKER = 8  # tasks a batch is cut into per worker: the last one leaves the others little idle


def _parallel(
    docs: Iterable[Document], jobs: int, on_done: Callable[[Document], None] | None = None
) -> Iterator[tuple[Document, Outcome]]:
    """Each document with its `_outcome`, across `jobs` processes, in order. Workers are started
    fresh (`spawn`): forking a process whose table library runs threads can hang. The next batch is
    submitted before the results of the one before are handed back, so the workers stay busy across
    batches; a batch's tasks hold about the same amount of text and the largest go first, so one
    long document never leaves a worker alone at a batch's end (`balanced_tasks`)."""
    context = multiprocessing.get_context("spawn")
    stream = iter(docs)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_warm) as pool:
        # Every worker starts now and loads the resources while the first documents are read here.
        for _ in range(jobs):
            pool.submit(int)
        pending: deque[list[tuple[list[Document], Future[list[Outcome]]]]] = deque()
        while True:
            chunk = list(itertools.islice(stream, _CHUNK_DOCUMENTS * jobs))
            if chunk:
                tasks = balanced_tasks([len(doc.text) for doc in chunk], jobs * _TASKS_PER_WORKER)
                futures = {start: pool.submit(_outcomes, chunk[start:end]) for start, end in tasks}
                if on_done is not None:  # as each task ends, whatever its place in the output
                    for start, end in tasks:
                        futures[start].add_done_callback(partial(_told, on_done, chunk[start:end]))
                pending.append([(chunk[start:end], futures[start]) for start, end in sorted(tasks)])
                if len(pending) < _IN_FLIGHT:
                    continue
            if not pending:
                break
            for done, future in pending.popleft():
                yield from zip(done, future.result(), strict=True)


def balanced_tasks(sizes: list[int], count: int) -> list[tuple[int, int]]:
    """The documents of sizes `sizes` cut into runs of neighbours holding about 1/`count` of the
    text each (a longer document is a task of its own), as (start, end) index pairs, the largest
    first: handed out in that order, the last tasks are short and the workers end together.

    >>> balanced_tasks([5, 1, 1, 1, 1, 1, 9, 1], 4)
    [(6, 7), (0, 1), (1, 6), (7, 8)]
    """
    target = max(1, sum(sizes) // max(1, count))
    tasks, start, held = [], 0, 0
    for index, size in enumerate(sizes):
        if held and held + size > target:
            tasks.append((start, index))
            start, held = index, 0
        held += size
    if held or start < len(sizes):
        tasks.append((start, len(sizes)))
    return sorted(tasks, key=lambda task: -sum(sizes[task[0] : task[1]]))


def _told(on_done: Callable[[Document], None], docs: list[Document], _: Future[list[Outcome]]) -> None:
    for doc in docs:
        on_done(doc)


def _outcomes(docs: list[Document]) -> list[Outcome]:
    """The outcome of each document of one task, in order."""
    return [_outcome(doc) for doc in docs]


def _warm() -> None:
    """A worker's start: the shipped resources loaded before any document arrives. A resource that
    cannot be loaded is left for the first document to report (`ResourceError`, one line): failing
    here would break the pool with a traceback."""
    from claims.extraction.extract_resources import default_extract_resources

    try:
        default_extract_resources()
    except Exception:  # reported by the first document's extraction, in order
        return
