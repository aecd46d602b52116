"""`claims report`: the fact-checker's review page, one self-contained HTML file."""

from __future__ import annotations

from pathlib import Path

import typer

from claims.cli.app import OUTPUT, app
from claims.cli.options import CORRECTIONS, POSSIBLE
from claims.cli.table import CONFLICTS, REVIEWS, load_conflicts, read_claims
from claims.errors import RenderError


@app.command()
def report(
    claims_path: Path = typer.Argument(..., metavar="CLAIMS", help="Claims table (from `claims extract`)."),
    conflicts: Path | None = CONFLICTS,
    reviews: Path | None = REVIEWS,
    corrections: Path | None = CORRECTIONS,
    output: Path = typer.Option(Path("report.html"), "--output", "-o", help="Where to write the page."),
    possible: bool = POSSIBLE,
) -> None:
    """Write the review page: conflicts first, worst first, with quotes, sources and verdicts."""
    from claims.output.report import write_report

    if output.suffix.lower() not in (".html", ".htm"):
        raise RenderError("the review page is HTML", path=str(output), hint="name the output .html")
    claims = read_claims(claims_path, corrections)
    found = load_conflicts(claims, conflicts, reviews, possible=possible)
    review_table = None
    if reviews is not None:
        from claims.conflicts.reviews import load_reviews

        review_table = load_reviews(reviews)
    write_report(claims, found, output, reviews=review_table)
    counts = found.group_by("status").len().sort("status").iter_rows() if found is not None else []
    summary = ", ".join(f"{n} {status}" for status, n in counts) or "no conflicts"
    OUTPUT.say(f"{claims.height} claims, {summary} -> {output}")
