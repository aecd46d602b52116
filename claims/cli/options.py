"""Options shared by several commands, declared once."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import typer

from claims.cli.app import OUTPUT
from claims.corpus import Corpus, read_corpus
from claims.errors import InputError
from claims.tableio import STDIO, format_of, table_bytes, write_table

PATHS = typer.Argument(..., help="Files or folders to read (.md .txt .jsonl).", show_default=False)
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


def to_stdout(output: Path | None) -> bool:
    """No -o, or `-o -`: the table goes to standard output."""
    return output is None or str(output) == STDIO


def emit_table(frame: pl.DataFrame, output: Path | None, fmt: str | None) -> None:
    """Write `frame` to `output` (format by extension or --format), or to standard output as JSON
    Lines (or as --format says) when there is no -o or it is `-`."""
    if to_stdout(output):
        OUTPUT.data(table_bytes(frame, format_of(STDIO, fmt or "jsonl")))
    else:
        write_table(frame, output, fmt)


def load_corpus(paths: list[Path], strict: bool) -> Corpus:
    """Read a corpus, warning about each skipped file on stderr."""

    def warn(problem: InputError) -> None:
        OUTPUT.skip(problem)

    return read_corpus(paths, strict=strict, on_problem=warn)
