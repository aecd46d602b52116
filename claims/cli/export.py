"""`claims export`: the claims as a SQLite database (full-text search on quotes) or a spreadsheet."""

from __future__ import annotations

from pathlib import Path

import typer

from claims.cli.app import OUTPUT, app
from claims.cli.options import CORRECTIONS, POSSIBLE
from claims.cli.table import CONFLICTS, REVIEWS, load_conflicts, read_claims


@app.command()
def export(
    claims_path: Path = typer.Argument(..., metavar="CLAIMS", help="Claims table (from `claims extract`)."),
    output: Path = typer.Option(
        ..., "--output", "-o", help="Write .db / .sqlite (SQLite, for Datasette) or .xlsx (a spreadsheet)."
    ),
    conflicts: Path | None = CONFLICTS,
    reviews: Path | None = REVIEWS,
    corrections: Path | None = CORRECTIONS,
    no_conflicts: bool = typer.Option(False, "--no-conflicts", help="Only the claims, no conflicts table."),
    possible: bool = POSSIBLE,
) -> None:
    """Export the claims, and their conflicts, for Datasette, sqlite3 or a spreadsheet.

    SQLite gets a full-text index on quotes, sentences and titles (FTS5); both get the conflicts and
    the derived figures they cite, so every claim id a conflict names has its row.
    """
    from claims.output.export import export as write

    claims = read_claims(claims_path, corrections)
    found = None if no_conflicts else load_conflicts(claims, conflicts, reviews, possible=possible)
    write(claims, output, found, on_warning=OUTPUT.warn)
    groups = f", {found.height} conflicts" if found is not None else ""
    OUTPUT.say(f"{claims.height} claims{groups} -> {output}")
