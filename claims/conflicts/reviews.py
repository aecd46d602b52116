"""Fact-checkers' verdicts on conflicts, kept in a file under version control and applied every run.

A reviews file is TOML (one `[[review]]` table per verdict) or CSV (one row per verdict, a header
row naming the same fields). Fields:

- `conflict_id` (required): the group reviewed, as `claims conflicts` printed it;
- `verdict` (required): one of `claims.model.VERDICTS` — `confirmed` (the figures really
  disagree), `not_a_conflict` (a false alarm: they agree, a units slip of ours), `not_same_fact`
  (the figures are about different things), `needs_more` (undecided until more is known), or
  `resolved` (settled, with `correct_value`);
- `correct_value`: the right figure as text (`"65亿美元"`), required for `resolved`;
- `note`, `reviewer`: free text; `date`: `YYYY-MM-DD`;
- `claim_ids` (optional): the group's claims when it was reviewed (TOML list, or `a; b` in CSV).

A conflict_id is a hash of the group's sorted claim ids, so a verdict sticks while the group keeps
its claims. When a group gains or loses a claim it gets a new id: the old review is *stale* — it
is not applied, and `stale_reviews` names it with the group that now holds its claims (found through
`claim_ids`), so the reviewer can carry the verdict over.

    # reviews.toml
    [[review]]
    conflict_id = "cf-1a2b3c4d5e6f"
    verdict = "resolved"
    correct_value = "65亿美元"
    note = "OpenAI's announcement gives 6.5 billion dollars"
    reviewer = "lin"
    date = 2026-11-20
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import polars as pl

from claims.errors import ResourceError
from claims.model import VERDICTS
from claims.text.tomlfile import text_field, toml_tables, user_file_text

FIELDS = ("conflict_id", "verdict", "correct_value", "note", "reviewer", "date", "claim_ids")

REVIEW_COLUMNS: dict[str, pl.DataType] = {
    "conflict_id": pl.String(),
    "verdict": pl.String(),
    "correct_value": pl.String(),
    "note": pl.String(),
    "reviewer": pl.String(),
    "date": pl.String(),
    "claim_ids": pl.List(pl.String()),
    "path": pl.String(),
    "line": pl.Int64(),
}


def _check(entry: dict, path: str, line: int | None) -> dict | None:
    """One review as a row of `REVIEW_COLUMNS`, or None for a stub with no verdict yet (the review
    template as written); anything wrong raises `ResourceError` at `line`."""
    unknown = sorted(set(entry) - set(FIELDS))
    if unknown:
        raise ResourceError(
            f"unknown field {unknown[0]!r} in a review",
            path=path,
            line=line,
            hint=f"fields: {', '.join(FIELDS)}",
        )
    row = {field: text_field(entry.get(field), field, path, line) for field in FIELDS if field != "claim_ids"}
    if not row["conflict_id"]:
        raise ResourceError("a review needs a conflict_id", path=path, line=line)
    if row["verdict"] is None:
        return None  # a stub of the review template, not filled in yet: no verdict to apply
    if row["verdict"] not in VERDICTS:
        raise ResourceError(
            f"unknown verdict {row['verdict']!r}",
            path=path,
            line=line,
            hint=f"use one of {', '.join(VERDICTS)}",
        )
    if row["verdict"] == "resolved" and not row["correct_value"]:
        raise ResourceError("a resolved review needs correct_value", path=path, line=line)
    if row["date"] is not None:
        try:
            dt.date.fromisoformat(row["date"])
        except ValueError:
            raise ResourceError(
                f"date {row['date']!r} is not a date", path=path, line=line, hint="write YYYY-MM-DD"
            ) from None
    ids = entry.get("claim_ids")
    if isinstance(ids, str):
        ids = [part.strip() for part in ids.split(";") if part.strip()]
    if ids is not None and not (isinstance(ids, list) and all(isinstance(i, str) for i in ids)):
        raise ResourceError("claim_ids must be a list of claim ids", path=path, line=line)
    row["claim_ids"] = sorted(ids) if ids else None
    return {**row, "path": path, "line": line}


def _csv_entries(text: str, path: str) -> list[tuple[dict, int | None]]:
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None:
        return []
    header = [name.strip() for name in reader.fieldnames]
    unknown = [name for name in header if name not in FIELDS]
    if unknown:
        raise ResourceError(
            f"unknown column {unknown[0]!r}", path=path, line=1, hint=f"columns: {', '.join(FIELDS)}"
        )
    entries = []
    for row in reader:
        if None in row:
            raise ResourceError("more cells than header columns", path=path, line=reader.line_num)
        cleaned = {key.strip(): (value or "").strip() for key, value in row.items()}
        if any(cleaned.values()):
            entries.append((cleaned, reader.line_num))
    return entries


def empty_reviews() -> pl.DataFrame:
    """A reviews table with no reviews."""
    return pl.DataFrame(schema=REVIEW_COLUMNS)


def load_reviews(path: Path | str) -> pl.DataFrame:
    """Read and check a reviews file (.toml or .csv) into a frame of `REVIEW_COLUMNS`.

    A malformed file raises `ResourceError` naming the file and the line of the bad review; a
    missing file is an error too (a typo in `--reviews` must not silently drop every verdict).

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "r.toml").write_text('[[review]]\\nconflict_id = "cf-1"\\nverdict = "maybe"\\n')
    >>> load_reviews(folder / "r.toml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    claims.errors.ResourceError: ...r.toml:1: unknown verdict 'maybe' (use one of confirmed, ...)
    """
    path = Path(path)
    name = str(path)
    text = user_file_text(path, "reviews")
    suffix = path.suffix.lower()
    if suffix == ".toml":
        entries = toml_tables(text, name, "review")
    elif suffix == ".csv":
        entries = _csv_entries(text, name)
    else:
        raise ResourceError("a reviews file is .toml or .csv", path=name)
    rows, first_line = [], {}
    for entry, line in entries:
        row = _check(entry, name, line)
        if row is None:
            continue
        if row["conflict_id"] in first_line:
            earlier = first_line[row["conflict_id"]]
            raise ResourceError(
                f"a second review of {row['conflict_id']}"
                + (f" (first at line {earlier})" if earlier else ""),
                path=name,
                line=line,
                hint="keep one verdict per group",
            )
        first_line[row["conflict_id"]] = line
        rows.append(row)
    return pl.DataFrame(rows, schema=REVIEW_COLUMNS) if rows else empty_reviews()


def stale_reviews(reviews: pl.DataFrame, conflicts: pl.DataFrame) -> pl.DataFrame:
    """Reviews whose group is gone, each with `successor`: the current group holding its claims.

    `successor` is null when the review did not record `claim_ids` or none of its claims is in a
    flagged group any more (the figures may have been corrected at the source).
    """
    current = set(conflicts["conflict_id"].to_list()) if conflicts.height else set()
    stale = reviews.filter(~pl.col("conflict_id").is_in(list(current)))
    owner: dict[str, str] = {}
    for row in conflicts.select("conflict_id", "claim_ids").iter_rows():
        for claim_id in row[1]:
            owner.setdefault(claim_id, row[0])
    successors = [
        next((owner[c] for c in (ids or []) if c in owner), None) for ids in stale["claim_ids"].to_list()
    ]
    return stale.with_columns(successor=pl.Series(successors, dtype=pl.String))


def describe_stale(stale: pl.DataFrame) -> list[str]:
    """One line per stale review, `path:line: ...`, for the CLI to print."""
    lines = []
    for row in stale.iter_rows(named=True):
        where = f"{row['path']}:{row['line']}" if row["line"] else row["path"]
        then = (
            f"its claims are now in {row['successor']}"
            if row["successor"]
            else "no flagged group holds its claims"
        )
        lines.append(
            f"{where}: review of {row['conflict_id']} ({row['verdict']}) is stale: the group changed; "
            f"{then}; not applied"
        )
    return lines


def reviews_toml(conflicts: pl.DataFrame) -> str:
    """A `[[review]]` table per conflict without a verdict, ready to fill in and append to the file."""
    blocks = []
    for row in conflicts.filter(pl.col("verdict").is_null()).iter_rows(named=True):
        ids = ", ".join(f'"{c}"' for c in row["claim_ids"])
        blocks.append(
            f'# {row["explanation"]}\n[[review]]\nconflict_id = "{row["conflict_id"]}"\n'
            f'verdict = ""  # {" | ".join(VERDICTS)}\ncorrect_value = ""\nnote = ""\n'
            f'reviewer = ""\ndate = {dt.date.today().isoformat()}\nclaim_ids = [{ids}]\n'
        )
    return "\n".join(blocks)
