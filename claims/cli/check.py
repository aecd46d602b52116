"""`claims check`: the CI gate — schema, then conflicts that are new and unreviewed."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from claims.check import RENDERERS, baseline_ids, extract_claims, gate, read_reviews
from claims.cli.app import OUTPUT, app
from claims.cli.options import (
    CORRECTIONS,
    JOBS,
    POSSIBLE,
    CorpusFiles,
    corrected,
    extraction_bar,
    job_count,
)
from claims.errors import InputError
from claims.ingest.stream import CorpusStream, input_sizes
from claims.output.atomic import write_text
from claims.output.tableio import write_table
from claims.validation.table_files import read_claims

if TYPE_CHECKING:
    import polars as pl

_BY_EXTENSION = {".json": "json", ".xml": "junit"}


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    junit = "junit"


# Styles of the text report's lines in a terminal, by how a line starts; logs and pipes stay plain.
_STYLES = (("FAILED", "bold red"), ("passed", "bold green"), ("new conflicts", "yellow"),
           ("schema failures", "yellow"), ("    from ", "dim"))  # fmt: skip


def _show(report: str) -> None:
    """The text report on stdout, coloured only when stdout is a terminal (rich also honours
    NO_COLOR and FORCE_COLOR)."""
    console = OUTPUT.console
    if console is None or not console.is_terminal or OUTPUT.stdout_closed:
        OUTPUT.data(report)
        return
    for line in report.rstrip("\n").split("\n"):
        style = next((style for start, style in _STYLES if line.startswith(start)), None)
        console.print(line, style=style, markup=False, highlight=False)


def _extracted(corpus: CorpusStream, jobs: int) -> pl.DataFrame:
    """The claims of the corpus, read a file at a time, with a bar of its bytes on a terminal."""
    expected = sum(input_sizes(corpus.paths).values()) or None
    with extraction_bar(expected) as bar:
        documents = (doc for doc, _ in corpus.read())
        on_done = bar.done if bar else None
        return extract_claims(documents, jobs, on_warning=OUTPUT.warn, on_done=on_done, expected=expected)


@app.command()
def check(
    paths: list[Path] | None = typer.Argument(
        None, help="Corpus files or folders to extract claims from (or use --claims).", show_default=False
    ),
    claims_file: Path | None = typer.Option(
        None, "--claims", "-c", help="A claims table instead of a corpus."
    ),
    documents: Path | None = typer.Option(
        None, "--documents", "-D", help="With --claims: the corpus, to check each quote against its text."
    ),
    baseline: Path | None = typer.Option(
        None, "--baseline", "-b", help="Conflicts (or claims) file of the last accepted run."
    ),
    reviews: Path | None = typer.Option(None, "--reviews", "-r", help="Reviews file (CSV or TOML)."),
    corrections: Path | None = CORRECTIONS,
    min_severity: float = typer.Option(
        0.0, "--min-severity", "-s", min=0.0, help="Fail only on new conflicts at least this severe."
    ),
    fmt: ReportFormat | None = typer.Option(
        None,
        "--format",
        "-f",
        help="Report format: text, json, junit (default: by the -o extension, else text).",
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the report here."),
    limit: int = typer.Option(20, "--max", min=1, help="Failures and conflicts listed in the text report."),
    update_baseline: bool = typer.Option(
        False,
        "--update-baseline",
        help="Accept today's conflicts: write them to the --baseline file (schema failures still fail).",
    ),
    possible: bool = POSSIBLE,
    jobs: int | None = JOBS,
) -> None:
    """Fail (exit 1) when the claims break the schema or a new, unreviewed conflict appears.

    A conflict passes when a review covers it, when the baseline had it, or when below --min-severity.

    Exit 2 on unreadable input.
    """
    if bool(paths) == bool(claims_file):
        raise InputError("give corpus PATHS or --claims FILE (one of the two)")
    if paths:
        # read once for the claims, then again for the quotes and places: never held whole
        corpus = CorpusStream(paths, on_problem=OUTPUT.skip)
        claims = _extracted(corpus, job_count(jobs))
    else:
        claims = read_claims(claims_file)
        corpus = CorpusFiles(documents) if documents is not None else None  # a large corpus never held whole
    claims = corrected(claims, corrections)
    verdicts = read_reviews(reviews) if reviews is not None else None
    if update_baseline and baseline is None:
        raise InputError("--update-baseline needs --baseline FILE: where to write the accepted conflicts")
    known = None
    if baseline is not None and not update_baseline:
        if baseline.exists():
            known = baseline_ids(baseline)
        else:
            OUTPUT.warn(
                f"{baseline}: no baseline yet, so every unreviewed conflict counts as new; "
                "add --update-baseline once to accept today's conflicts"
            )
    result = gate(
        claims,
        documents=corpus,
        baseline=known,
        reviews=verdicts,
        min_severity=min_severity,
        possible=possible,
    )
    if update_baseline and baseline is not None:
        accepted = result.conflicts.drop("outcome")
        write_table(accepted, baseline)
        OUTPUT.warn(f"{baseline}: baseline updated, {accepted.height} conflicts accepted")
        result = gate(
            claims,
            documents=corpus,
            baseline=set(accepted["conflict_id"].to_list()),
            reviews=verdicts,
            min_severity=min_severity,
            conflicts=accepted,
            possible=possible,
        )
    fmt = fmt.value if fmt else (_BY_EXTENSION.get(output.suffix.lower(), "text") if output else "text")
    render = RENDERERS[fmt]
    report = render(result, limit=limit) if fmt == "text" else render(result)
    if output is not None:
        write_text(output, report)  # its folders made as needed
        OUTPUT.say(result.summary())
        OUTPUT.detail(f"report written to {output}")
    elif fmt == "text":
        if OUTPUT.verbosity >= 0 or not result.passed:
            _show(report)
    else:
        OUTPUT.data(report)
    if not result.passed:
        raise typer.Exit(1)
