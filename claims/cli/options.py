"""Options shared by several commands, declared once."""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from claims.cli.app import OUTPUT, counted
from claims.errors import InputError
from claims.ingest.corpus import iter_documents
from claims.model import KINDS, STDIO, Document
from claims.output.tableio import format_of, table_bytes, write_table

if TYPE_CHECKING:
    import polars as pl
    from rich.progress import Progress

PATHS = typer.Argument(
    ..., help="Files or folders to read (.md .txt .jsonl, each also .gz .bz2 .xz .zst).", show_default=False
)
OUT = typer.Option(
    None, "--output", "-o", help="Write here; the format follows the extension (.parquet .csv .jsonl)."
)
FORMAT = typer.Option(
    None,
    "--format",
    "-f",
    help="parquet, csv or jsonl: for standard output, or when the extension does not say.",
)
STRICT = typer.Option(False, "--strict", help="Stop at the first unreadable file instead of skipping it.")


KINDS_OPTION = typer.Option(
    None, "--kinds", "-k", help=f"Keep only these kinds, comma-separated ({', '.join(KINDS)})."
)


POSSIBLE = typer.Option(
    False,
    "--possible",
    help="Also show the possible groups: figures that share a key but nothing ties to one fact.",
)
CORRECTIONS = typer.Option(
    None,
    "--corrections",
    help="Corrections file (TOML): single claims fixed or dropped before conflicts, tables and the page.",
)
JOBS = typer.Option(
    None,
    "--jobs",
    "-j",
    min=1,
    help="Worker processes for extraction (default: the number of cores; small corpora use one).",
)


def job_count(jobs: int | None) -> int:
    """--jobs, or the number of cores this process may use."""
    if jobs is not None:
        return jobs
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def parse_kinds(value: str | None) -> tuple[str, ...] | None:
    """`score,price` -> ('score', 'price'); an unknown kind is a one-line error naming the known ones."""
    if value is None:
        return None
    kinds = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [kind for kind in kinds if kind not in KINDS]
    if unknown or not kinds:
        raise InputError(
            f"--kinds: unknown kind {unknown[0] if unknown else '(none)'!r}", hint=", ".join(KINDS)
        )
    return kinds


def to_stdout(output: Path | None) -> bool:
    """No -o, or `-o -`: the table goes to standard output."""
    return output is None or str(output) == STDIO


def stdout_format(output: Path | None, fmt: str | None) -> str | None:
    """The format of the table standard output takes (None: -o names a file). Parquet is binary:
    on a terminal it would only scramble the screen, so it is refused before any work is done."""
    if not to_stdout(output):
        return None
    chosen = format_of(STDIO, fmt or "jsonl")
    if chosen == "parquet" and _on_terminal():
        hint = "give -o FILE.parquet, or send standard output to a file or a pipe"
        raise InputError("Parquet is binary: not written to a terminal", path=STDIO, hint=hint)
    return chosen


def _on_terminal() -> bool:
    """Whether standard output is a terminal (a closed or missing one is not)."""
    try:
        return sys.stdout is not None and sys.stdout.isatty()
    except (ValueError, OSError):
        return False


def emit_table(frame: pl.DataFrame, output: Path | None, fmt: str | None) -> None:
    """Write `frame` to `output` (format by extension or --format), or to standard output as JSON
    Lines (or as --format says) when there is no -o or it is `-`."""
    chosen = stdout_format(output, fmt)
    if chosen is not None:
        OUTPUT.data(table_bytes(frame, chosen))
    else:
        write_table(frame, output, fmt)


def corrected(claims: pl.DataFrame, corrections: Path | None) -> pl.DataFrame:
    """The claims with the corrections file applied; each correction that finds no claim is a warning."""
    if corrections is None:
        return claims
    from claims.extraction.corrections import apply_corrections, load_corrections, summary

    result = apply_corrections(claims, load_corrections(corrections))
    for line in result.problems:
        OUTPUT.warn(line)
    OUTPUT.detail(summary(result))
    return result.claims


class ProgressBar:
    """The bar of `extraction_bar`: told of each document done, and of the work that follows."""

    def __init__(self, progress: Progress, expected: int | None) -> None:
        self.progress, self.expected = progress, expected
        self.task = progress.add_task("extracting", total=expected, documents=counted(0, "document"))
        self.count = itertools.count(1)  # told from the workers' results thread too: rich's bar takes a lock

    def done(self, doc: Document) -> None:
        """One more document extracted: its share of its file is its text's bytes (the file's JSON
        or markup aside)."""
        share = len(doc.text.encode("utf-8", "surrogatepass"))
        self.progress.update(self.task, advance=share, documents=counted(next(self.count), "document"))

    def doing(self, what: str) -> None:
        """The work now under way (`claims run`'s stages after extraction): the bar says so, full."""
        self.progress.update(self.task, description=what, completed=self.expected or 0)


@contextmanager
def extraction_bar(expected: int | None) -> Iterator[ProgressBar | None]:
    """On a terminal (stderr, without -q), a bar of the input's `expected` bytes with the documents
    done so far and the time left (`extract`, `run`, `check`), told of each document as the workers
    finish it, in whatever order; None when no bar is shown."""
    if not OUTPUT.show_progress:
        yield None
        return
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TextColumn("{task.fields[documents]}"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=OUTPUT.errors, transient=True) as progress:
        bar = ProgressBar(progress, expected)
        yield bar
        progress.update(bar.task, completed=expected or 0)


class CorpusFiles:
    """The documents of a corpus path, read one file at a time each time they are gone through (a
    quote check, then the places of new conflicts) rather than held whole; each bad file is warned
    about once."""

    def __init__(self, path: Path) -> None:
        self.path, self.told = path, set()

    def __iter__(self) -> Iterator[Document]:
        for doc, _ in iter_documents([self.path], on_problem=self._tell, split=False):
            yield doc

    def _tell(self, problem: InputError) -> None:
        if str(problem) not in self.told:
            self.told.add(str(problem))
            OUTPUT.skip(problem)
