"""`claims extract`: the claims table of a corpus, one row per quantitative claim."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from rich.progress import MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from claims.cli.app import OUTPUT, app
from claims.cli.options import (
    FORMAT,
    JOBS,
    KINDS_OPTION,
    OUT,
    PATHS,
    STRICT,
    emit_table,
    job_count,
    parse_kinds,
    to_stdout,
)
from claims.corpus import iter_documents
from claims.extract import extract_each
from claims.model import Claim, Document, claims_frame
from claims.tableio import TableSink

# Claims held in memory before they are written out as one batch (a Parquet part of the output).
BATCH_CLAIMS = 5_000  # about 25 MB: a claim carries its sentence, quote and title


def _each_document(documents: Iterable[Document], strict: bool, jobs: int) -> Iterator[list[Claim]]:
    """The claims of each document in turn, with a count of documents on a terminal."""
    on_problem = _raise if strict else OUTPUT.skip
    if not OUTPUT.show_progress:
        yield from extract_each(documents, None, on_problem, jobs)
        return
    columns = (TextColumn("extracting"), MofNCompleteColumn(), TextColumn("documents"), TimeElapsedColumn())
    with Progress(*columns, console=OUTPUT.errors, transient=True) as progress:
        task = progress.add_task("extract", total=None)
        for found in extract_each(documents, None, on_problem, jobs):
            yield found
            progress.advance(task)


class _Counted:
    """The documents of a corpus as they stream past, counted."""

    def __init__(self, paths: list[Path], strict: bool) -> None:
        self.paths, self.strict, self.count = paths, strict, 0

    def __iter__(self) -> Iterator[Document]:
        for doc, _ in iter_documents(self.paths, strict=self.strict, on_problem=OUTPUT.skip):
            self.count += 1
            yield doc


def _batches(found: Iterable[list[Claim]], keep: tuple[str, ...] | None) -> Iterator[list[Claim]]:
    """The kept claims in batches of about `BATCH_CLAIMS`, in document order."""
    batch: list[Claim] = []
    for claims in found:
        batch += [c for c in claims if keep is None or c.kind in keep]
        if len(batch) >= BATCH_CLAIMS:
            yield batch
            batch = []
    yield batch


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
    documents = _Counted(paths, strict)  # read one file at a time, never the whole corpus at once
    batches = _batches(_each_document(documents, strict, job_count(jobs)), keep)
    kinds: Counter[str] = Counter()
    if to_stdout(output):
        claims = [claim for batch in batches for claim in batch]
        kinds.update(claim.kind for claim in claims)
        emit_table(claims_frame(claims), output, fmt)
    else:
        # written batch by batch: memory holds one batch of claims, not the corpus's
        with TableSink(output, fmt) as sink:
            sink.add(claims_frame([]))
            for batch in batches:
                kinds.update(claim.kind for claim in batch)
                sink.add(claims_frame(batch))
    total = sum(kinds.values())
    by_kind = ", ".join(f"{kind} {n}" for kind, n in kinds.most_common())
    seconds = time.perf_counter() - began
    target = "" if to_stdout(output) else f" -> {output}"
    counts = f"{documents.count} documents, {total} claims ({by_kind or 'none'})"
    message = f"{counts} in {seconds:.1f} s{target}"
    if to_stdout(output):
        OUTPUT.detail(message)
    else:
        OUTPUT.say(message)
