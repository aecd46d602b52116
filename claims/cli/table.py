"""`claims table`: build a comparison table from a spec and a claims table, or propose specs."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import typer

from claims.cli.app import OUTPUT, app
from claims.cli.options import CORRECTIONS, corrected
from claims.errors import InputError
from claims.output.atomic import write_text, writing_to
from claims.resources import tables_dir


def read_claims(path: Path, corrections: Path | None = None) -> pl.DataFrame:
    """A claims table from `path`, typed and checked by its schema, with `corrections` applied; else a
    one-line error."""
    from claims.validation.table_files import read_valid_claims

    return corrected(read_valid_claims(path), corrections)


# How a shipped spec may be named: bare (`gpu_specs`, `deals.toml`) or by its path in the project
# (`tables/gpu_specs.toml`), so the names the documentation uses work from any folder.
SHIPPED_FOLDERS = (Path("."), Path("tables"))


def resolve_spec(name: Path) -> Path:
    """A spec path as given when it exists, else the shipped spec it names (`SHIPPED_FOLDERS`)."""
    if name.exists() or name.parent not in SHIPPED_FOLDERS:
        return name
    shipped = tables_dir() / (name.name if name.suffix == ".toml" else f"{name.name}.toml")
    return shipped if shipped.exists() else name


REVIEWS = typer.Option(
    None, "--reviews", "-r", help="Reviews file (.toml or .csv): verdicts applied by conflict_id."
)
CONFLICTS = typer.Option(
    None, "--conflicts", "-c", help="Conflicts table (from `claims conflicts`); default: found afresh."
)


def _reviewed(frame: pl.DataFrame, reviews: pl.DataFrame) -> pl.DataFrame:
    """`frame` with verdict, review_note and correct_value taken from `reviews` where it has them."""
    latest = reviews.select(
        "conflict_id",
        pl.col("verdict").alias("_verdict"),
        pl.col("note").alias("_note"),
        pl.col("correct_value").alias("_correct"),
    ).unique("conflict_id", keep="last", maintain_order=True)
    for name in ("verdict", "review_note", "correct_value"):
        if name not in frame.columns:
            frame = frame.with_columns(pl.lit(None, pl.String).alias(name))
    return (
        frame.join(latest.cast(pl.String), on="conflict_id", how="left", maintain_order="left")
        .with_columns(
            pl.coalesce("_verdict", "verdict").alias("verdict"),
            pl.coalesce("_note", "review_note").alias("review_note"),
            pl.coalesce("_correct", "correct_value").alias("correct_value"),
        )
        .drop("_verdict", "_note", "_correct")
    )


def load_conflicts(
    claims: pl.DataFrame, conflicts: Path | None, reviews: Path | None = None, *, possible: bool = False
) -> pl.DataFrame | None:
    """The conflicts table from `conflicts`, or found afresh from the claims; `reviews` applied.
    Possible groups (tier `possible`) only when `possible`."""
    review_table = None
    if reviews is not None:
        from claims.conflicts.reviews import load_reviews

        review_table = load_reviews(reviews)
    if conflicts is not None:
        from claims.validation.table_files import read_valid_conflicts

        frame = read_valid_conflicts(conflicts)
        if not possible:
            frame = frame.filter(pl.col("tier").fill_null("flag") != "possible")
        return frame if review_table is None else _reviewed(frame, review_table)
    try:
        from claims.conflicts.find import find_conflicts
    except ImportError:  # conflict detection not installed: tables show agreed figures only
        OUTPUT.warn("conflict detection is not available; no cell is marked")
        return None
    return find_conflicts(claims, review_table, possible=possible)


@app.command()
def table(
    args: list[Path] = typer.Argument(
        ...,
        metavar="SPEC CLAIMS",
        help="A spec and a claims table; with --auto only CLAIMS.",
        show_default=False,
    ),
    conflicts: Path | None = CONFLICTS,
    reviews: Path | None = REVIEWS,
    corrections: Path | None = CORRECTIONS,
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write .html .md .csv or .png (default: Markdown on stdout)."
    ),
    lenient: bool = typer.Option(
        False, "--lenient", help="Leave out columns no claim fills instead of stopping with an error."
    ),
    auto: bool = typer.Option(
        False, "--auto", help="Propose specs for the most-reported subjects and attributes instead."
    ),
) -> None:
    """Build a comparison table: one row per subject, one column per attribute, conflicts marked.

    SPEC is a table spec file or the name of a shipped one (gpu_specs, model_leaderboard, deals).
    With --auto, proposes specs; with -o FOLDER it writes each proposal and its HTML table there.
    """
    from claims.output.render import to_markdown, write_rendered
    from claims.output.table_proposals import propose_specs
    from claims.output.tables import build_table, load_spec, parse_spec

    expected = 1 if auto else 2
    if len(args) != expected:
        usage = "claims table --auto CLAIMS" if auto else "claims table SPEC CLAIMS"
        paths = "2 paths" if expected == 2 else "1 path"
        raise InputError(f"expected {paths}, got {len(args)}", hint=usage)
    claims = read_claims(args[-1], corrections)
    found = load_conflicts(claims, conflicts, reviews)
    if auto:
        proposals = propose_specs(claims)
        if not proposals:
            OUTPUT.warn("no attribute is reported for two or more subjects; nothing to propose")
            return
        if output is None:
            OUTPUT.data("\n".join(p.text for p in proposals))
            return
        with writing_to(output):
            output.mkdir(parents=True, exist_ok=True)
        for proposal in proposals:
            spec_path = output / proposal.name
            write_text(spec_path, proposal.text)
            built = build_table(parse_spec(proposal.text, str(spec_path)), claims, found, strict=False)
            page = write_rendered(built, spec_path.with_suffix(".html"))
            OUTPUT.say(f"{spec_path} ({len(built.rows)} rows × {len(built.spec.columns)} columns) -> {page}")
        return
    spec = load_spec(resolve_spec(args[0]))
    built = build_table(spec, claims, found, strict=not lenient)
    for note in built.notes:
        OUTPUT.warn(f"{spec.path}: {note}")
    marked = built.cells.filter(~pl.col("status").is_in(["agreed", "resolved"])).height
    if output is None:
        OUTPUT.data(to_markdown(built))
        return
    write_rendered(built, output)
    shape = f"{len(built.rows)} rows, {built.cells.height} cells, {marked} marked"
    OUTPUT.say(f"{spec.title}: {shape} -> {output}")
