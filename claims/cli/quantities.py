"""`claims quantities`: list every quantity in a text file (or standard input) with its interval."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import polars as pl
import typer

from claims.cli.app import OUTPUT, app
from claims.errors import InputError
from claims.ingest.compression import read_bytes
from claims.ingest.corpus import decode
from claims.ingest.standard_input import SHOWN, stdin_bytes
from claims.model import STDIO, Quantity
from claims.output.tableio import write_table
from claims.quantities.find import find_quantities

QUANTITY_COLUMNS: dict[str, pl.DataType] = {
    "start": pl.Int64(),
    "end": pl.Int64(),
    "text": pl.String(),
    "value": pl.String(),
    "lo": pl.String(),
    "hi": pl.String(),
    "unit": pl.String(),
    "dimension": pl.String(),
    "qualifier": pl.String(),
    "role": pl.String(),
    "shown_value": pl.String(),  # durations in the unit written (14 天: 14 day)
    "shown_unit": pl.String(),
}


def _read(path: str) -> str:
    """The text of one file, or of standard input for `-`, decoded as the corpus reader decodes
    (UTF-8, a BOM dropped, a compressed file or stream decompressed; undecodable or empty input is
    one line naming the byte and its line)."""
    if path == STDIO:
        return decode(stdin_bytes(), SHOWN)
    try:
        raw = read_bytes(Path(path), path)
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except IsADirectoryError:
        raise InputError("is a folder; give one file or - for standard input", path=path) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", path=path) from None
    return decode(raw, path)


def _decimal_text(number: Decimal) -> str:
    """Plain decimal notation (3nm -> 0.000000003, not 3E-9); open sides as inf / -inf."""
    if number.is_infinite():
        return "inf" if number > 0 else "-inf"
    return f"{number:f}"


def quantity_record(quantity: Quantity) -> dict[str, object]:
    """One quantity as a JSON-ready record; numbers as exact decimal strings (`inf`/`-inf` open)."""
    record: dict[str, object] = {}
    for name in QUANTITY_COLUMNS:
        value = getattr(quantity, name)
        if name in ("value", "lo", "hi") or (name == "shown_value" and value is not None):
            value = _decimal_text(value)
        record[name] = value
    return record


@app.command()
def quantities(
    path: str = typer.Argument(..., help="A text file, or - for standard input.", show_default=False),
    fmt: str = typer.Option(
        "jsonl", "--format", "-f", help="jsonl (default), or with -o: parquet csv jsonl."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write a table here; the format follows the extension."
    ),
) -> None:
    """List every number with its unit, interval and qualifier, with character offsets into the file.

    Without -o, prints one JSON object per quantity to standard output.
    """
    text = _read(path)
    records = [quantity_record(q) for q in find_quantities(text)]
    if output is None:
        if fmt != "jsonl":
            raise InputError(
                f"unknown format {fmt!r} for standard output", hint="use --format jsonl or -o FILE"
            )
        OUTPUT.data("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
        return
    frame = pl.DataFrame(records, schema=QUANTITY_COLUMNS)
    write_table(frame, output, None if fmt == "jsonl" else fmt)
    OUTPUT.say(f"{frame.height} quantities -> {output}")
