"""Options shared by several commands, declared once."""

from __future__ import annotations

from pathlib import Path

import typer

from claims.cli.app import OUTPUT
from claims.corpus import Corpus, read_corpus
from claims.errors import InputError

PATHS = typer.Argument(..., help="Files or folders to read (.md .txt .jsonl).", show_default=False)
OUT = typer.Option(
    None, "--output", "-o", help="Write here; the format follows the extension (.parquet .csv .jsonl)."
)
FORMAT = typer.Option(None, "--format", "-f", help="Output format when the extension does not say.")
STRICT = typer.Option(False, "--strict", help="Stop at the first unreadable file instead of skipping it.")


def load_corpus(paths: list[Path], strict: bool) -> Corpus:
    """Read a corpus, warning about each skipped file on stderr."""

    def warn(problem: InputError) -> None:
        OUTPUT.skip(problem)

    return read_corpus(paths, strict=strict, on_problem=warn)
