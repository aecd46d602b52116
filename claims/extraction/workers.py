"""Reading documents: one in this process (`_outcome`), or many across worker processes
(`--jobs`, `_parallel`), in order, a worker that stops abruptly costing at most the document it
was reading."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from functools import partial
from typing import TYPE_CHECKING

from claims.errors import InputError, WorkersStopped
from claims.extraction.parts import Read, parted, read_size
from claims.ingest.corpus import split_document
from claims.model import Claim, Document

# What reading one document gives: its claims, the problem that kept it from being split, or the
# type and message of the fault that stopped its extraction.
Outcome = list[Claim] | InputError | tuple[str, str]

if TYPE_CHECKING:
    from claims.extraction.extract_resources import ExtractResources


def _outcome(item: Read, resources: ExtractResources | None = None) -> Outcome:
    """The claims of one document, or of one part of a long one (`claims.extraction.parts`); the
    problem that keeps it from being split into items (an `InputError` naming its file and line, as
    the reader reports it); or (error type, message) when reading it failed. The document is split
    here, where it is read, not by whoever handed it out."""
    from claims.extraction.extract import extract_document

    doc, part = (item, None) if isinstance(item, Document) else (item.doc, (item.index, item.count))
    split = split_document(doc)  # kept by the splitter's cache for `extract_document`
    if isinstance(split, InputError):
        return split
    try:
        return extract_document(doc, resources, part)
    except Exception as error:  # any bug in one document must not lose the others
        return type(error).__name__, str(error)


_CHUNK_DOCUMENTS = 64  # documents handed to the workers at a time (per worker): memory stays bounded
_IN_FLIGHT = 2  # batches submitted ahead: the workers never wait for this process to hand out the next
_TASKS_PER_WORKER = 8  # tasks a batch is cut into per worker: the last one leaves the others little idle


def _parallel(
    docs: Iterable[Document],
    jobs: int,
    on_done: Callable[[Document], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> Iterator[tuple[Read, Outcome]]:
    """Each document with its `_outcome`, across `jobs` processes, in order (`_pooled`).

    A worker that stops abruptly (killed for lack of memory, a crash inside a compiled library)
    breaks its pool: every task not yet handed back fails with it. Those documents are read again
    in a new pool, one per task (`_carefully`), and then the stream goes on as before. A document
    that was being read when a worker stopped is read once more with nothing else in flight, and
    if a worker stops again it is reported as that document's fault, the others kept. Pools that
    stop `_FRUITLESS` times in a row with no document finished stop the run (`WorkersStopped`)."""
    stream = iter(docs)
    left: list[tuple[Read, Outcome | None]] = []  # what a stopped pool left, in order
    struck: set[int] = set()  # `id` of documents in flight when a worker stopped
    fruitless = 0
    parts_left: dict[int, int] = {}  # `_Told`
    while True:
        told = _Told(on_done, parts_left)
        try:
            if left:
                yield from _carefully(left, jobs, told, struck)
                left = []
                struck.clear()  # every struck document is done: its `id` may name another one later
            yield from _pooled(stream, jobs, told)
            return
        except _Stopped as stop:
            left = stop.left
            if on_warning is not None:
                again = sum(outcome is None for _, outcome in left)
                on_warning(
                    f"a worker process stopped abruptly (short of memory?); {_documents(again)} it and "
                    "the other workers had not finished are read again"
                )
            fruitless = 0 if told.finished else fruitless + 1
            if fruitless >= _FRUITLESS:
                raise WorkersStopped(
                    f"worker processes stopped abruptly {fruitless} times in a row without finishing "
                    "any document",
                    hint="short of memory? try fewer --jobs",
                ) from None


# Pools in a row that may stop without a worker finishing any document, before the run stops: a
# document that stops every worker costs at most three (the batch it came in, the documents read
# one at a time, itself alone); two such documents side by side, four.
_FRUITLESS = 5


def _documents(count: int) -> str:
    return "1 document" if count == 1 else f"{count} documents"


class _Stopped(Exception):
    """A worker of the pool stopped abruptly. `left`: every document not yet handed back, in order,
    with its outcome where a worker had finished it before the pool broke, else None."""

    def __init__(self, left: list[tuple[Read, Outcome | None]]) -> None:
        super().__init__("a worker process stopped abruptly")
        self.left = left


class _Told:
    """Tells `on_done` of each document a worker finished (from the pool's thread), and counts them:
    a pool that stops having finished none was not worth starting. A document read in parts is
    finished when its last part to end does."""

    def __init__(self, on_done: Callable[[Document], None] | None, parts_left: dict[int, int]) -> None:
        self.on_done = on_done
        self.finished = 0
        # `id` of a document read in parts -> its parts not yet done: kept from one pool to the next,
        # as a document's parts may end in a pool that then stops and in the one after it
        self._parts_left = parts_left

    def done(self, items: list[Read], future: Future[list[Outcome]]) -> None:
        if future.cancelled() or future.exception() is not None:
            return
        self.finished += len(items)
        if self.on_done is None:
            return
        for item in items:
            if isinstance(item, Document):
                self.on_done(item)
                continue
            left = self._parts_left.get(id(item.doc), item.count) - 1
            self._parts_left[id(item.doc)] = left
            if left == 0:
                del self._parts_left[id(item.doc)]
                self.on_done(item.doc)


@contextmanager
def _pool(jobs: int) -> Iterator[ProcessPoolExecutor]:
    """`jobs` worker processes, started fresh (`spawn`): forking a process whose table library
    runs threads can hang. Each loads the resources as it starts (`_warm`).

    Left normally, the pool ends when its tasks are done. Left by an exception (Ctrl-C, SIGTERM, a
    stopped worker, a reader that stops reading), what is queued is dropped and the workers are
    stopped at once: waiting would read every document already handed out first."""
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_warm,
        initargs=(os.getpid(),),  # the command: a worker that finds it gone ends (`_watch_parent`)
    )
    try:
        yield pool
    except BaseException:
        _stop_now(pool)
        raise
    pool.shutdown(wait=True)


def _stop_now(pool: ProcessPoolExecutor) -> None:
    """Drop the queued tasks and end the workers without waiting for the ones they are reading.

    Then wait, briefly, for the pool's manager thread to see them gone and close its pipe: left
    running, it could close the pipe just as the interpreter's exit writes to it, and the exit
    printed a traceback (Errno 9, a Ctrl-C in about one run of three; a race in concurrent.futures).
    """
    workers = list((getattr(pool, "_processes", None) or {}).values())  # the executor's own record
    manager = getattr(pool, "_executor_manager_thread", None)  # shutdown() lets go of it
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        if worker.is_alive():
            worker.terminate()
    if manager is not None:
        manager.join(timeout=_MANAGER_WAIT)


_MANAGER_WAIT = 5.0  # seconds: the manager thread ends as soon as it sees its workers gone


def _pooled(stream: Iterator[Document], jobs: int, told: _Told) -> Iterator[tuple[Read, Outcome]]:
    """Each document of `stream` with its `_outcome`, across `jobs` processes, in order. The next
    batch is submitted before the results of the one before are handed back, so the workers stay
    busy across batches; a batch's tasks hold about the same amount of text and the largest go
    first, so one long document never leaves a worker alone at a batch's end (`balanced_tasks`).
    Raises `_Stopped` when a worker stops abruptly."""
    with _pool(jobs) as pool:
        pending: deque[list[tuple[list[Read], Future[list[Outcome]]]]] = deque()
        # Every worker starts now and loads the resources while the first documents are read here.
        _submit_all(pool, [(int, ())] * jobs, pending, [])
        while True:
            # a long document is read in parts by several workers (`claims.extraction.parts`)
            chunk = parted(list(itertools.islice(stream, _CHUNK_DOCUMENTS * jobs)), jobs)
            if chunk:
                tasks = balanced_tasks([read_size(item) for item in chunk], jobs * _TASKS_PER_WORKER)
                sent = _submit_all(pool, [(_outcomes, (chunk[a:b],)) for a, b in tasks], pending, chunk)
                futures = {start: future for (start, _), future in zip(tasks, sent, strict=True)}
                for start, end in tasks:  # as each task ends, whatever its place in the output
                    futures[start].add_done_callback(partial(told.done, chunk[start:end]))
                pending.append([(chunk[start:end], futures[start]) for start, end in sorted(tasks)])
                if len(pending) < _IN_FLIGHT:
                    continue
            if not pending:
                break
            batch = pending.popleft()
            for index, (done, future) in enumerate(batch):
                try:
                    outcomes = future.result()
                except BrokenProcessPool:
                    later = [task for tasks in pending for task in tasks]
                    raise _Stopped(_left([*batch[index:], *later])) from None
                yield from zip(done, outcomes, strict=True)


def _submit_all(
    pool: ProcessPoolExecutor,
    calls: list[tuple[Callable[..., object], tuple[object, ...]]],
    pending: deque[list[tuple[list[Read], Future[list[Outcome]]]]],
    unsent: list[Read],
) -> list[Future]:
    """Each call submitted to `pool`. A pool that broke meanwhile (a worker stopped before any result
    said so) raises `_Stopped` with what was pending and the documents `unsent`, none of them read."""
    try:
        return [pool.submit(function, *args) for function, args in calls]
    except BrokenProcessPool:
        later = [task for tasks in pending for task in tasks]
        raise _Stopped(_left(later) + [(doc, None) for doc in unsent]) from None


def _left(tasks: list[tuple[list[Read], Future[list[Outcome]]]]) -> list[tuple[Read, Outcome | None]]:
    """The documents of tasks a broken pool had not handed back, with the outcomes of those a
    worker finished before it broke."""
    left: list[tuple[Read, Outcome | None]] = []
    for docs, future in tasks:
        finished = future.done() and not future.cancelled() and future.exception() is None
        outcomes: list[Outcome | None] = list(future.result()) if finished else [None] * len(docs)
        left.extend(zip(docs, outcomes, strict=True))
    return left


def _carefully(
    left: list[tuple[Read, Outcome | None]], jobs: int, told: _Told, struck: set[int]
) -> Iterator[tuple[Read, Outcome]]:
    """What a stopped pool left, in order: each document not yet read is a task of its own, no more
    in flight than there are workers. A document that was in flight when a worker stopped (`struck`)
    is read with nothing else in flight; if a worker stops while it is read alone, it is the
    document's fault: its outcome says so. Raises `_Stopped` when a worker stops."""
    queue = deque(left)
    with _pool(jobs) as pool:
        ahead: deque[tuple[Read, Outcome | Future[list[Outcome]]]] = deque()
        while queue or ahead:
            while queue and _room(ahead, queue[0][0], jobs, struck):
                doc, outcome = queue.popleft()
                if outcome is None:
                    try:
                        future = pool.submit(_outcomes, [doc])
                    except BrokenProcessPool:  # a worker stopped before any result said so
                        raise _Stopped([*_struck(list(ahead), struck), (doc, None), *queue]) from None
                    future.add_done_callback(partial(told.done, [doc]))
                    ahead.append((doc, future))
                else:
                    ahead.append((doc, outcome))
            doc, held = ahead.popleft()
            if isinstance(held, Future):
                try:
                    held = held.result()[0]
                except BrokenProcessPool:
                    raise _Stopped(_struck([(doc, held), *ahead], struck) + list(queue)) from None
            yield doc, held


def _room(
    ahead: deque[tuple[Read, Outcome | Future[list[Outcome]]]], doc: Read, jobs: int, struck: set[int]
) -> bool:
    """Whether `doc` may be submitted now: fewer tasks than workers in flight, and none at all
    beside a document that was in flight when a worker stopped."""
    flying = [d for d, held in ahead if isinstance(held, Future) and not held.done()]
    if id(doc) in struck or any(id(d) in struck for d in flying):
        return not flying
    return len(flying) < jobs


def _struck(
    held: list[tuple[Read, Outcome | Future[list[Outcome]]]], struck: set[int]
) -> list[tuple[Read, Outcome | None]]:
    """The documents of a broken careful pool: a finished one keeps its outcome; one that was in
    flight is struck, or, when it was read alone and already struck, given the outcome that tells
    its worker stopped."""
    flying = [doc for doc, h in held if isinstance(h, Future) and h.exception() is not None]
    left: list[tuple[Read, Outcome | None]] = []
    for doc, h in held:
        if not isinstance(h, Future):
            left.append((doc, h))
        elif h.exception() is None:
            left.append((doc, h.result()[0]))
        elif id(doc) in struck and len(flying) == 1:
            left.append((doc, (WORKER_STOPPED, "the worker process reading it stopped abruptly")))
        else:
            struck.add(id(doc))
            left.append((doc, None))
    return left


WORKER_STOPPED = "WorkerStopped"  # the fault an outcome names when its document stopped a worker


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


def _outcomes(docs: list[Read]) -> list[Outcome]:
    """The outcome of each document of one task, in order."""
    return [_outcome(doc) for doc in docs]


def _warm(command: int | None = None) -> None:
    """A worker's start: the shipped resources loaded before any document arrives. A resource that
    cannot be loaded is left for the first document to report (`ResourceError`, one line): failing
    here would break the pool with a traceback. A worker whose command (process `command`) is gone
    (killed, or stopped in a way that left it no time to end its workers) ends too
    (`_watch_parent`). The command names itself: a worker that asked for its parent only once
    started would, if the command was killed while the worker was still starting, be given the
    process that adopted it, and wait for that one forever."""
    from claims.extraction.extract_resources import default_extract_resources

    if multiprocessing.parent_process() is not None:  # a worker of a pool, not a caller trying it
        watched = command if command is not None else os.getppid()
        threading.Thread(target=_watch_parent, args=(watched,), daemon=True).start()

    try:
        default_extract_resources()
    except Exception:  # reported by the first document's extraction, in order
        return


_PARENT_CHECK_SECONDS = 1.0


def _watch_parent(parent: int, every: float = _PARENT_CHECK_SECONDS) -> None:
    """End this process once `parent` is no longer its parent: a worker left behind by a command
    that was killed would otherwise wait for tasks forever."""
    while os.getppid() == parent:
        time.sleep(every)
    os._exit(1)
