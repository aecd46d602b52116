"""`claims run`: the main job over the bundled sample corpus (or the paths given)."""

from __future__ import annotations

from pathlib import Path

import typer

from claims.cli.app import OUTPUT, app
from claims.cli.options import (
    CORRECTIONS,
    JOBS,
    KINDS_OPTION,
    POSSIBLE,
    extraction_bar,
    job_count,
    parse_kinds,
)
from claims.errors import InputError
from claims.ingest.stream import input_sizes
from claims.pipeline import run_pipeline
from claims.resources import sample_corpus_dir


@app.command()
def run(
    paths: list[Path] | None = typer.Argument(
        None, help="Files or folders to read; default: the sample corpus bundled with claims."
    ),
    out_dir: Path = typer.Option(
        Path("claims-output"), "--out", "-o", "-d", help="Folder to write every output into."
    ),
    reviews: Path | None = typer.Option(
        None, "--reviews", "-r", help="Reviews file (.toml or .csv) whose verdicts the conflicts keep."
    ),
    corrections: Path | None = CORRECTIONS,
    strict: bool = typer.Option(False, "--strict", help="Stop at the first unreadable file."),
    kinds: str | None = KINDS_OPTION,
    jobs: int | None = JOBS,
    possible: bool = POSSIBLE,
) -> None:
    """Run the whole flow: read, extract, validate, find conflicts, build tables and the review page.

    With no arguments it reads the small corpus bundled with claims and writes into ./claims-output/.
    """
    keep = parse_kinds(kinds)
    sources = paths or [sample_corpus_dir()]
    OUTPUT.say(f"reading {', '.join(str(p) for p in sources)}")
    expected = sum(input_sizes(sources).values()) or None

    def warn(problem: InputError) -> None:
        OUTPUT.skip(problem)

    with extraction_bar(expected) as bar:
        result = run_pipeline(
            list(sources),
            out_dir,
            strict=strict,
            reviews=reviews,
            corrections=corrections,
            on_problem=warn,
            on_warning=OUTPUT.warn,
            on_progress=bar.done if bar else None,
            on_stage=bar.doing if bar else None,
            kinds=keep,
            jobs=job_count(jobs),
            possible=possible,
            expected=expected,
        )
    for line in result.lines:
        OUTPUT.say(f"  {line}")
    OUTPUT.say(f"outputs written to {result.out_dir}/")
    for path in result.written:
        OUTPUT.detail(f"  {path}")
    page = (result.out_dir / "report.html").resolve()
    OUTPUT.say(f"open the review page in a browser: {page.as_uri()}")
