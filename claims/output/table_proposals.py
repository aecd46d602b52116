"""Propose table specs from a claims table: the attributes reported for the most subjects, per kind.

`claims table --auto` uses this to start a user off: each proposal is the text of a spec in the
`tables/*.toml` format, ready to save, edit and build.

>>> from claims.model import claims_frame
>>> propose_specs(claims_frame([]))
[]
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import polars as pl

from claims.model import KINDS
from claims.output.figures import AUTOMATIC_DISPLAYS, DEFAULT_DISPLAY

KIND_TITLES = {
    "score": "Benchmark scores",
    "spec": "Specifications",
    "price": "Prices and deal values",
    "parameter_count": "Model sizes",
    "speedup": "Speed-ups",
    "change": "Reported changes",
    "count": "Counts",
}


@dataclass(frozen=True, slots=True)
class Proposal:
    """A proposed table: its file name (`auto_score.toml`) and the spec text."""

    name: str
    text: str


def _toml(value: object) -> str:
    """A TOML value for a string or a list of strings (TOML basic strings accept JSON escapes)."""
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def _format_lines(unit: str) -> list[str]:
    if re.fullmatch(r"[A-Z]{3}", unit):
        return ['format = "currency"', "decimals = 0"] if unit != "JPY" else ['format = "currency"']
    if unit in ("%", "pp"):
        return ['format = "percent"', "decimals = 1"]
    if unit == "count":
        return ['format = "integer"', 'display = "plain"']
    display = DEFAULT_DISPLAY.get(unit)
    return [f"display = {_toml(display)}"] if display else []


def _spec_text(kind: str, columns: pl.DataFrame, subjects: list[str]) -> str:
    lines = [
        f"# Proposed by `claims table --auto` from the {kind} claims reported for the most subjects.",
        "# Edit freely: the format is documented at the top of tables/gpu_specs.toml.",
        "",
        f"title = {_toml(KIND_TITLES.get(kind, kind.replace('_', ' ').capitalize()))}",
        f"subtitle = {_toml('Proposed from the claims with the most reports; marked cells disagree')}",
        'row_label = "Subject"',
        f"subjects = {_toml(subjects)}",
    ]
    for column in columns.iter_rows(named=True):
        attribute, unit = column["attribute_key"], column["unit"]
        shown = DEFAULT_DISPLAY.get(unit, unit)  # memory is shown in GB, so say GB
        if shown in AUTOMATIC_DISPLAYS:
            shown = ""  # each figure shows its own unit (`14 d`, `90 min`)
        label = f"{attribute} ({shown})" if shown else attribute
        key = f"{attribute} ({unit or 'number'})"
        lines += [
            "",
            "[[columns]]",
            f"key = {_toml(key)}",
            f"label = {_toml(label)}",
            f"attributes = {_toml([attribute])}",
            f"units = {_toml([unit])}",
            f"kinds = {_toml([kind])}",
            *_format_lines(unit),
        ]
    return "\n".join(lines) + "\n"


def propose_specs(
    claims: pl.DataFrame, *, max_tables: int = 3, max_columns: int = 6, max_rows: int = 12
) -> list[Proposal]:
    """Up to `max_tables` spec texts, one per kind with attributes reported for two or more subjects.

    Columns are the (attribute, unit) pairs reported for the most subjects; rows the subjects with
    the most claims on those columns; a column none of those rows fills is left out. Kinds come in
    order of how many claims they have.
    """
    named = pl.col("subject_key").is_not_null() & pl.col("attribute_key").is_not_null()
    usable = claims.filter(named & pl.col("kind").is_not_null()).with_columns(pl.col("unit").fill_null(""))
    if usable.is_empty():
        return []
    by_column = (
        usable.group_by("kind", "attribute_key", "unit")
        .agg(pl.col("subject_key").n_unique().alias("subjects"), pl.len().alias("claims"))
        .filter(pl.col("subjects") >= 2)
    )
    kinds = (
        by_column.group_by("kind")
        .agg(pl.col("claims").sum())
        .sort(["claims", "kind"], descending=[True, False])["kind"]
        .to_list()
    )
    proposals = []
    # A proposal's file name comes from the kind, so only the known kinds name files: a crafted
    # claims table cannot make `auto_../../x.toml`.
    for kind in [k for k in kinds if k in KINDS][:max_tables]:
        columns = (
            by_column.filter(pl.col("kind") == kind)
            .sort(["subjects", "claims", "attribute_key", "unit"], descending=[True, True, False, False])
            .head(max_columns)
        )
        reported = usable.join(
            columns.select("kind", "attribute_key", "unit"), on=["kind", "attribute_key", "unit"]
        )
        rows = (
            reported.group_by("subject_key")
            .len()
            .sort(["len", "subject_key"], descending=[True, False])
            .head(max_rows)["subject_key"]
            .to_list()
        )
        # A column reported for many subjects, none of them among the rows (each subject once), would
        # be empty: the table would stop on it ("No figures for").
        filled = reported.filter(pl.col("subject_key").is_in(rows)).select("attribute_key", "unit").unique()
        columns = columns.join(filled, on=["attribute_key", "unit"], how="semi", maintain_order="left")
        proposals.append(Proposal(f"auto_{kind}.toml", _spec_text(kind, columns, rows)))
    return proposals
