"""`claims run`: the main job over the bundled sample corpus (or the paths given)."""

from __future__ import annotations

from pathlib import Path

import typer

from claims.cli.app import OUTPUT, app
from claims.pipeline import run_pipeline
from claims.resources import sample_corpus_dir


@app.command()
def run(
    paths: list[Path] | None = typer.Argument(
        None, help="Files or folders to read; default: the sample corpus bundled with claims."
    ),
    out_dir: Path = typer.Option(
        Path("claims-output"), "--out", "-d", help="Folder to write every output into."
    ),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first unreadable file."),
) -> None:
    """Run the whole flow: read, extract, validate, find conflicts, build tables and the report."""
    sources = paths or [sample_corpus_dir()]
    OUTPUT.say(f"reading {', '.join(str(p) for p in sources)}")
    summary = run_pipeline(list(sources), out_dir, strict=strict)
    for line in summary.lines:
        OUTPUT.say(f"  {line}")
    OUTPUT.say(f"outputs written to {summary.out_dir}/")
    for path in summary.written:
        OUTPUT.detail(f"  {path}")
