"""`claims extract`: the claims table of a corpus, one row per quantitative claim."""

from __future__ import annotations

import importlib
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from claims.cli.app import OUTPUT, app, counted
from claims.cli.options import (
    FORMAT,
    JOBS,
    KINDS_OPTION,
    OUT,
    PATHS,
    STRICT,
    emit_table,
    extraction_bar,
    job_count,
    parse_kinds,
    stdout_format,
    to_stdout,
)
from claims.errors import InputError
from claims.extraction.each import claim_batches, extract_each
from claims.ingest.corpus import iter_documents
from claims.ingest.stream import input_sizes
from claims.model import Claim, Document, claims_frame
from claims.output.tableio import ROW_FORMATS, TableSink, rows_bytes


def _each_document(
    documents: _Counted, strict: bool, jobs: int, sizes: dict[str, int] | None = None
) -> Iterator[list[Claim]]:
    """The claims of each document in turn, with the bar of the input's bytes on a terminal
    (`extraction_bar`): it moves as each document is done, in whatever order the workers finish
    them (the claims still come out in the documents' order)."""
    on_problem = _raise if strict else documents.skip
    expected = sum((sizes or {}).values()) or None
    with extraction_bar(expected) as bar:
        on_done = bar.done if bar else None
        if jobs > 1:
            on_done = _loading_tables_when_read(on_done)
        yield from extract_each(
            documents, None, on_problem, jobs, expected, on_done=on_done, on_warning=OUTPUT.warn
        )


def _loading_tables_when_read(then: Callable[[Document], None] | None) -> Callable[[Document], None]:
    """`then`, told of each document read, after the first one starts importing the table library
    in the background. Under --jobs the rows come back in the documents' order, so on a small corpus
    the first batch is ready only when the workers are done (the task holding the first document is
    rarely the first to end), and the import (about 0.15 s) then stood alone between the workers'
    end and the output. Started once a worker has finished a task, it does not slow their start."""
    started = threading.Event()

    def told(doc: Document) -> None:
        if not started.is_set():
            started.set()
            threading.Thread(target=importlib.import_module, args=("polars",), daemon=True).start()
        if then is not None:
            then(doc)

    return told


class _Counted:
    """The documents of a corpus as they stream past, counted."""

    def __init__(self, paths: list[Path], strict: bool) -> None:
        self.paths, self.strict, self.count = paths, strict, 0

    def __iter__(self) -> Iterator[Document]:
        # Each document is split into items where it is extracted (a worker, under --jobs), not here;
        # but under --strict here too, so the first problem in the files' order stops the run.
        found = iter_documents(self.paths, strict=self.strict, on_problem=OUTPUT.skip, split=self.strict)
        for doc, _ in found:
            self.count += 1
            yield doc

    def skip(self, problem: Exception) -> None:
        """A document's problem, reported; one that could not be split into items is no document
        read (as when the reader splits it), one whose extraction failed still is."""
        if isinstance(problem, InputError):
            self.count -= 1
        OUTPUT.skip(problem)


def _raise(problem: Exception) -> None:
    raise problem


@app.command()
def extract(
    paths: list[Path] = PATHS,
    output: Path | None = OUT,
    fmt: str | None = FORMAT,
    strict: bool = STRICT,
    kinds: str | None = KINDS_OPTION,
    jobs: int | None = JOBS,
) -> None:
    """Extract every quantitative claim (score, parameter count, speedup, change, price, spec …).

    Writes the claims table (.parquet, .csv or .jsonl by the extension of -o); without -o, prints
    JSON Lines to standard output.
    """
    began = time.perf_counter()
    keep = parse_kinds(kinds)
    piped = stdout_format(output, fmt)  # before any work: Parquet is refused on a terminal
    documents = _Counted(paths, strict)  # read one file at a time, never the whole corpus at once
    sizes = input_sizes(paths)  # for the progress bar, and to start the workers before reading
    batches = claim_batches(_each_document(documents, strict, job_count(jobs), sizes), keep)
    kinds: Counter[str] = Counter()
    if piped in ROW_FORMATS and not strict:
        # rows go out a batch at a time: a pipe (`| jq`) never waits for, nor holds, the whole table.
        # Under --strict the table is all or nothing, as a file is: a bad input stops it unwritten.
        for number, batch in enumerate(batches):
            kinds.update(claim.kind for claim in batch)
            if batch or number == 0:
                OUTPUT.data(rows_bytes(claims_frame(batch), piped, number == 0))
    elif to_stdout(output):  # Parquet (one file) or --strict: made whole
        claims = [claim for batch in batches for claim in batch]
        kinds.update(claim.kind for claim in claims)
        emit_table(claims_frame(claims), output, fmt)
    else:
        # written batch by batch: memory holds one batch of claims, not the corpus's; the first
        # batch (at least one, perhaps empty: `_batches`) gives the table its columns, after the
        # workers have started, so they need not wait for the table library's import
        with TableSink(output, fmt) as sink:
            for batch in batches:
                kinds.update(claim.kind for claim in batch)
                sink.add(claims_frame(batch))
    total = sum(kinds.values())
    by_kind = ", ".join(f"{kind} {n}" for kind, n in kinds.most_common())
    seconds = time.perf_counter() - began
    target = "" if to_stdout(output) else f" -> {output}"
    counts = f"{counted(documents.count, 'document')}, {counted(total, 'claim')} ({by_kind or 'none'})"
    message = f"{counts} in {seconds:.1f} s{target}"
    if to_stdout(output):
        OUTPUT.detail(message)
    else:
        OUTPUT.say(message)
