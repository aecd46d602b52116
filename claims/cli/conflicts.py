"""`claims conflicts`: find claims about the same fact whose figures disagree, apply reviews."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import typer

from claims.cli.app import OUTPUT, app
from claims.cli.options import (
    CORRECTIONS,
    FORMAT,
    OUT,
    POSSIBLE,
    corrected,
    emit_table,
    stdout_format,
    to_stdout,
)
from claims.conflicts.find import find_conflicts
from claims.conflicts.reviews import describe_stale, empty_reviews, load_reviews, reviews_toml, stale_reviews
from claims.conflicts.why import why
from claims.errors import TableError
from claims.extraction.derive import derived_rows
from claims.model import STATUSES
from claims.output.atomic import write_text
from claims.output.claimreview import PAGE, claim_reviews, write_claim_reviews
from claims.output.tableio import write_table
from claims.validation.table_files import read_valid_claims


def summary_lines(found: pl.DataFrame, top: int = 5) -> list[str]:
    """Counts by status and review, then the `top` worst groups' explanations, one per line."""
    counts = dict(found.group_by("status").len().iter_rows()) if found.height else {}
    by_status = ", ".join(f"{counts[s]} {s}" for s in STATUSES if counts.get(s))
    reviewed = found.filter(pl.col("verdict").is_not_null()).height if found.height else 0
    head = f"{found.height} group{'s' if found.height != 1 else ''} with disagreeing figures"
    lines = [head + (f": {by_status}" if by_status else "") + (f" ({reviewed} reviewed)" if reviewed else "")]
    for row in found.head(top).iter_rows(named=True):
        fact = " / ".join(p for p in (row["subject_key"], row["attribute_key"], row["object"]) if p) or "-"
        verdict = f" [{row['verdict']}]" if row["verdict"] else ""
        tier = " (possible)" if row["tier"] == "possible" else ""
        lines.append(
            f"  {row['status']:<8} {row['severity']:<7.2g}  {fact}{tier}: {row['explanation']}{verdict}"
        )
    return lines


@app.command()
def conflicts(
    claims_path: Path = typer.Argument(
        ...,
        metavar="CLAIMS",
        help="Claims table from `claims extract` (.parquet .csv .jsonl).",
        show_default=False,
    ),
    output: Path | None = OUT,
    fmt: str | None = FORMAT,
    reviews: Path | None = typer.Option(
        None, "--reviews", "-r", help="Reviews file (.toml or .csv): verdicts applied by conflict_id."
    ),
    corrections: Path | None = CORRECTIONS,
    jsonld: Path | None = typer.Option(
        None, "--jsonld", help="Also write the reviewed conflicts as schema.org ClaimReview JSON-LD."
    ),
    page: str = typer.Option(
        PAGE,
        "--review-page",
        help="With --jsonld: the review page's address, which each review's url points into.",
    ),
    author: str | None = typer.Option(
        None, "--author", help="With --jsonld: the reviewer named when a review names none."
    ),
    derived: Path | None = typer.Option(
        None,
        "--derived",
        help="Also write the derived figures (token rates) the conflicts cite, in the claims columns.",
    ),
    template: Path | None = typer.Option(
        None, "--review-template", help="Write a review stub (TOML) for every unreviewed group, to fill in."
    ),
    top: int = typer.Option(5, "--top", help="How many of the worst groups the summary explains."),
    possible: bool = POSSIBLE,
    why_pair: tuple[str, str] | None = typer.Option(
        None,
        "--why",
        metavar="ID ID",
        help="Tell why these two claims are or are not flagged against each other, and stop.",
    ),
) -> None:
    """Flag groups of claims about the same fact whose figures disagree (conflict, rumour, tension).

    Prints counts by status and the worst groups; with -o writes the conflicts table.
    """
    if output is not None:
        stdout_format(output, fmt)  # Parquet is refused on a terminal, before the work
    claims = corrected(read_valid_claims(claims_path), corrections)
    if why_pair is not None:
        try:
            told = why(claims, *why_pair)
        except TableError as error:  # an id the table does not hold: one line naming the table
            error.path = error.path or str(claims_path)
            raise
        for line in told:
            OUTPUT.say(line)
        return
    review_table = load_reviews(reviews) if reviews is not None else empty_reviews()
    found = find_conflicts(claims, review_table, possible=possible)
    for line in describe_stale(stale_reviews(review_table, found)):
        OUTPUT.warn(line)
    say = OUTPUT.detail if output is not None and to_stdout(output) else OUTPUT.say  # stdout holds the table
    for line in summary_lines(found, top):
        say(line)
    if output is not None:
        emit_table(found, output, fmt)
        say(f"-> {output}")
    if derived is not None:
        rows = derived_rows(claims)
        write_table(rows, derived)
        OUTPUT.say(f"{rows.height} derived figures -> {derived}")
    if jsonld is not None:
        document = claim_reviews(found, claims, review_table, page=page, author=author)
        write_claim_reviews(document, jsonld)
        unnamed = sum("author" not in node for node in document["@graph"])
        if unnamed:
            OUTPUT.warn(
                f"{jsonld}: {unnamed} review(s) name no reviewer, so they have no author "
                "(set reviewer in the reviews file, or give --author)"
            )
        OUTPUT.say(f"{len(document['@graph'])} reviewed -> {jsonld}")
    if template is not None:
        write_text(template, reviews_toml(found))  # a place that cannot be written: one line
        OUTPUT.say(f"review stubs -> {template}")
