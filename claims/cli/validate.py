"""`claims validate FILE`: check a claims (or conflicts) table against its schema.

Exit 0 when valid; 1 with one line per failure (row, claim_id, column, check, bad value), capped
with a count of the rest; 2 with one line when the file is not a table of that kind at all.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer

from claims.cli.app import OUTPUT, app
from claims.cli.options import CorpusFiles
from claims.errors import ValidationFailed
from claims.validation.table_files import read_contract_table
from claims.validation.validator import summary_line, validate_conflicts
from claims.validation.validator import validate as validate_claims


class ValidateFormat(StrEnum):
    text = "text"
    json = "json"


def failure_line(row: dict, id_column: str = "claim_id") -> str:
    """`row 3 c12: unit: unit_allowed_for_kind: kind='price' unit='params'` (table-wide: `table: ...`)."""
    where = "table" if row["row"] is None else f"row {row['row']}"
    ident = f" {row[id_column]}" if row.get(id_column) else ""
    value = "" if row["value"] is None else f": {row['value']}"
    return f"{where}{ident}: {row['column']}: {row['check']}{value}"


@app.command()
def validate(
    file: Path = typer.Argument(..., help="A claims table (.parquet .csv .jsonl), or a conflicts table."),
    documents: Path | None = typer.Option(
        None,
        "--documents",
        "-D",
        help="Corpus folder or file the claims came from: also check each quote against its text.",
    ),
    fmt: ValidateFormat = typer.Option(ValidateFormat.text, "--format", "-f", help="Report format."),
    limit: int = typer.Option(20, "--max", min=0, help="Show at most this many failures (text); 0: all."),
) -> None:
    """Check a claims table against its schema: every failure, one line each.

    Exit 0 when valid, 1 when it breaks the schema, 2 when the file is not a table at all.
    """
    kind, frame = read_contract_table(file)
    id_column = "claim_id" if kind == "claims" else "conflict_id"
    if kind == "conflicts":
        failures = validate_conflicts(frame)
    else:
        failures = validate_claims(frame, documents=CorpusFiles(documents) if documents is not None else None)
    if fmt is ValidateFormat.json:
        doc = {
            "file": str(file),
            "table": kind,
            "rows": frame.height,
            "valid": failures.height == 0,
            "failures": failures.to_dicts(),
        }
        OUTPUT.data(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    elif failures.height == 0:
        OUTPUT.say(f"{file}: valid {kind} table, {frame.height} rows")
    else:
        shown = failures if limit == 0 else failures.head(limit)
        lines = [f"{file}: {failure_line(row, id_column)}" for row in shown.iter_rows(named=True)]
        if failures.height > shown.height:
            lines.append(f"{file}: … and {failures.height - shown.height} more failures (--max 0 shows all)")
        OUTPUT.data("\n".join(lines) + "\n")
    if failures.height:
        raise ValidationFailed(summary_line(failures, frame.height), failures=failures, path=str(file))
