"""Comparison tables: a spec (`tables/*.toml`) picks subjects and attributes; claims fill the cells.

A table is one cell per subject × column. A cell holds the agreed figure, or every competing figure
when the conflicts table says its claims disagree; each cell keeps the ids of the claims behind it and
the numbers of its sources, so every figure can be traced. Display (units, number formats) lives in
`claims.output.figures`; the spec format in `claims.output.table_spec`; rendering (HTML, Markdown,
CSV, PNG) in `claims.output.render`.

>>> from claims.model import claims_frame
>>> spec = parse_spec('title = "T"\\nsubjects = ["A*"]\\n[[columns]]\\nattributes = ["memory"]\\n', "t.toml")
>>> spec.columns[0].key
'memory'
>>> build_table(spec, claims_frame([]), strict=False).cells.height
0
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

import polars as pl

from claims.errors import ResourceError, TableError
from claims.extraction.derive import UNIT_ATTRIBUTES
from claims.extraction.lexicon import default_lexicon
from claims.model import SETTLED_VERDICTS, STATUS, STATUSES, source_of
from claims.output.figures import figure_text
from claims.output.table_spec import (
    Column,
    TableSpec,
    column_takes,
    load_spec,
    load_specs,
    name_key,
    parse_spec,
    spec_line,
)

__all__ = [
    "CELL_SCHEMA",
    "SOURCE_SCHEMA",
    "Column",
    "ComparisonTable",
    "TableSpec",
    "build_table",
    "column_takes",
    "load_spec",
    "load_specs",
    "name_key",
    "parse_spec",
]

SETTLED = frozenset(SETTLED_VERDICTS)
CONFLICT_NEEDED = ("conflict_id", "status", "claim_ids")  # what a cell needs of a conflicts table
STATUS_LABELS = {
    **{name: status.cell_label for name, status in STATUS.items()},
    "differs": "Figures differ but were not compared as one fact (other attribute, condition or kind)",
}

CELL_SCHEMA: dict[str, pl.DataType] = {
    "row": pl.String(),
    "row_order": pl.Int64(),
    "column": pl.String(),
    "status": pl.String(),  # agreed | conflict | rumour | tension | differs | resolved
    "text": pl.String(),  # the figure shown, or the competing figures joined by " / "
    "figures": pl.List(pl.String()),  # distinct figures as displayed (one when agreed)
    "figure_refs": pl.List(pl.List(pl.Int64())),  # for each figure, the sources that give it
    "figure_speculative": pl.List(pl.Boolean()),  # for each figure, whether only hedged claims give it
    "value": pl.Float64(),  # agreed value in the claims' canonical unit (sorting, CSV); null in conflict
    "unit": pl.String(),
    "claim_ids": pl.List(pl.String()),
    "source_refs": pl.List(pl.Int64()),
    "conflict_ids": pl.List(pl.String()),
    "verdict": pl.String(),
    "speculative": pl.Boolean(),  # every claim behind the cell is hedged (expected, rumoured)
    "note": pl.String(),  # one line: competing figures with their sources, or the review note
}
SOURCE_SCHEMA: dict[str, pl.DataType] = {
    "ref": pl.Int64(),
    "title": pl.String(),
    "published": pl.String(),
    "source_url": pl.String(),
    "segment_id": pl.String(),
}


@dataclass(frozen=True, slots=True)
class ComparisonTable:
    """A built table: cells (long form, `CELL_SCHEMA`) and numbered sources (`SOURCE_SCHEMA`).

    `columns` are the spec's columns that have at least one figure (the others are named in `notes`).
    """

    spec: TableSpec
    cells: pl.DataFrame
    sources: pl.DataFrame
    rows: tuple[str, ...]
    columns: tuple[Column, ...]
    notes: tuple[str, ...] = field(default=())

    def wide(self) -> pl.DataFrame:
        """One row per subject, one column per spec column (by label), cells as shown text."""
        labels = {c.key: c.label for c in self.columns}
        base = pl.DataFrame({self.spec.row_label: list(self.rows)}, schema={self.spec.row_label: pl.String})
        for column in self.columns:
            part = self.cells.filter(pl.col("column") == column.key).select(
                pl.col("row").alias(self.spec.row_label), pl.col("text").alias(labels[column.key])
            )
            base = base.join(part, on=self.spec.row_label, how="left", maintain_order="left")
        return base


# ---------------------------------------------------------------- choosing rows


def _row_of(spec: TableSpec, subject: str) -> tuple[int, str] | None:
    """(order, row label) for a subject, or None when the spec does not select it."""
    key = name_key(subject)
    if any(fnmatchcase(key, name_key(p)) for p in spec.exclude):
        return None
    aliases = dict(spec.aliases)
    for order, entry in enumerate(spec.subjects):
        if "*" in entry or "?" in entry or "[" in entry:
            if fnmatchcase(key, name_key(entry)):
                return order, subject
        elif key in {name_key(entry), *(name_key(a) for a in aliases.get(entry, ()))}:
            return order, entry
    return None


# ---------------------------------------------------------------- building cells


def _sources(claims: pl.DataFrame) -> tuple[pl.DataFrame, dict[str, int]]:
    """Sources in order of first use, one per source (`model.source_of`: an article several items
    carry is one footnote), each with the title and date of the first item that cites it; and the
    number of each item's source."""
    keyed = claims.with_columns(_source=source_of())
    first = keyed.select("_source", "segment_id", "title", "published", "source_url").unique(
        "_source", keep="first", maintain_order=True
    )
    order = keyed.select("_source").unique(maintain_order=True).with_row_index("ref", offset=1)
    sources = (
        order.join(first, on="_source", how="left")
        .select(pl.col("ref").cast(pl.Int64), "title", "published", "source_url", "segment_id")
        .cast(SOURCE_SCHEMA)  # type: ignore[arg-type]
    )
    items = keyed.select("segment_id", "_source").unique().join(order, on="_source")
    return sources, dict(zip(items["segment_id"].to_list(), items["ref"].to_list(), strict=True))


def _representative(rows: list[dict]) -> dict:
    """The figure to show when claims agree: asserted before speculative, narrowest, most repeated."""
    counts = Counter(r["value"] for r in rows)
    return min(
        rows,
        key=lambda r: (
            r["modality"] != "asserted",
            r["qualifier"] != "exact",
            r["hi"] - r["lo"],
            -counts[r["value"]],
        ),
    )


def _source_label(row: dict) -> str:
    title = (row["title"] or row["segment_id"] or "untitled").strip()
    return f"{title}, {row['published']}" if row["published"] else title


def _meet(rows: list[dict]) -> bool:
    """Whether the claims' value intervals share a point (then one figure stands for all)."""
    lows = [r["value"] if r["lo"] is None else r["lo"] for r in rows]
    highs = [r["value"] if r["hi"] is None else r["hi"] for r in rows]
    return max(lows) <= min(highs)


def _cell(
    column: Column, rows: list[dict], groups: list[dict], refs: dict[str, int], labels: dict[int, str]
) -> dict:
    """One cell from its claims (`rows`) and the conflict groups touching them; `refs` numbers each
    item's source, `labels` names each source as its footnote does."""
    open_groups = [g for g in groups if g["verdict"] not in SETTLED]
    statuses = {g["status"] for g in open_groups}
    status = next((s for s in STATUSES if s in statuses), "agreed")
    texts = {r["claim_id"]: figure_text(r, column) for r in rows}
    resolved = [g for g in groups if g["verdict"] == "resolved" and g["correct_value"]]
    verdicts = sorted({g["verdict"] for g in groups if g["verdict"]})
    base = {
        "column": column.key,
        "unit": rows[0]["unit"],
        "claim_ids": sorted(texts),
        "source_refs": sorted({refs[r["segment_id"]] for r in rows}),
        "conflict_ids": sorted(g["conflict_id"] for g in groups),
        "verdict": ", ".join(verdicts) or None,
        "speculative": all(r["modality"] == "speculative" for r in rows),
    }
    base["figure_refs"] = [base["source_refs"]]
    base["figure_speculative"] = [base["speculative"]]
    if status == "agreed" and not groups and not _meet(rows):
        # The cell is broader than a conflict key: never hide figures nobody compared.
        status = "differs"
    if status == "agreed":
        if resolved:
            note = resolved[0]["review_note"] or "resolved on review"
            text = resolved[0]["correct_value"]
            return base | {"status": "resolved", "text": text, "figures": [text], "value": None, "note": note}
        chosen = _representative(rows)
        note = "; ".join(g["review_note"] for g in groups if g["review_note"]) or None
        text = texts[chosen["claim_id"]]
        return base | {
            "status": "agreed",
            "text": text,
            "figures": [text],
            "value": chosen["value"],
            "note": note,
        }
    # Competing figures: the distinct shown texts, each with the sources that give it.
    by_figure: dict[str, list[dict]] = {}
    for row in sorted(rows, key=lambda r: (r["value"], r["lo"], r["claim_id"])):
        by_figure.setdefault(texts[row["claim_id"]], []).append(row)
    parts = []
    for figure, members in by_figure.items():
        speculative = " (speculative)" if all(m["modality"] == "speculative" for m in members) else ""
        cited = dict.fromkeys(refs[m["segment_id"]] for m in members)
        where = "; ".join(f"[{ref}] {labels[ref]}" for ref in cited)
        parts.append(f"{figure}{speculative} — {where}")
    note = f"{STATUS_LABELS[status]}: " + " vs ".join(parts)
    if verdicts:
        note += f" (verdict: {', '.join(verdicts)})"
    figures = list(by_figure)
    base["figure_refs"] = [sorted({refs[m["segment_id"]] for m in by_figure[f]}) for f in figures]
    base["figure_speculative"] = [all(m["modality"] == "speculative" for m in by_figure[f]) for f in figures]
    return base | {
        "status": status,
        "text": " / ".join(figures),
        "figures": figures,
        "value": None,
        "note": note,
    }


def _groups_by_claim(conflicts: pl.DataFrame | None) -> dict[str, list[dict]]:
    if conflicts is None or conflicts.is_empty():
        return {}
    missing = [c for c in CONFLICT_NEEDED if c not in conflicts.columns]
    if missing:
        raise TableError(f"not a conflicts table: missing {', '.join(missing)}")
    for name in ("verdict", "review_note", "correct_value"):  # an unreviewed table may lack them
        if name not in conflicts.columns:
            conflicts = conflicts.with_columns(pl.lit(None, pl.String).alias(name))
    wanted = [*CONFLICT_NEEDED, "verdict", "review_note", "correct_value"]
    index: dict[str, list[dict]] = {}
    for group in conflicts.select(wanted).iter_rows(named=True):
        for claim_id in group["claim_ids"] or ():
            index.setdefault(claim_id, []).append(group)
    return index


def _select(spec: TableSpec, claims: pl.DataFrame) -> pl.DataFrame:
    """The claims the spec's rows and columns take, with `row`, `row_order` and `column` added."""
    subjects = claims.select(pl.coalesce("subject_key", "subject").alias("name")).drop_nulls().unique()
    rows = {name: _row_of(spec, name) for name in subjects["name"].to_list()}
    picked = {name: spot for name, spot in rows.items() if spot is not None}
    named = claims.with_columns(pl.coalesce("subject_key", "subject").alias("_name")).filter(
        pl.col("_name").is_in(list(picked))
    )
    label = pl.col("_name").replace_strict({n: s[1] for n, s in picked.items()}, default=None)
    if spec.by_object:
        label = (
            pl.when(pl.col("object").is_not_null()).then(label + " → " + pl.col("object")).otherwise(label)
        )
    named = named.with_columns(
        label.alias("row"),
        pl.col("_name").replace_strict({n: s[0] for n, s in picked.items()}, default=None).alias("row_order"),
    )
    attributes = named["attribute_key"].drop_nulls().unique().sort().to_list()
    parts = []
    seen = pl.lit(False)
    for column in spec.columns:
        taken = [a for a in attributes if column_takes(column, a)]
        # Nulls must not reach the mask: `null | x` stays null and `~null` drops the row everywhere.
        mask = pl.col("attribute_key").is_in(taken).fill_null(False)
        if column_takes(column, None):
            mask |= pl.col("attribute_key").is_null()
        if column.units:
            mask &= pl.col("unit").is_in(list(column.units)).fill_null(False)
        if column.kinds:
            mask &= pl.col("kind").is_in(list(column.kinds)).fill_null(False)
        # A claim fills the first column that takes it, so "*_price" after "acquisition*" never repeats it.
        parts.append(named.filter(mask & ~seen).with_columns(pl.lit(column.key).alias("column")))
        seen |= mask
    return pl.concat(parts) if parts else named.clear()


def listed_measure(attribute: str) -> bool:
    """Whether an attribute key is a measure the lexicons know (attributes.toml, a benchmark or a
    metric of benchmarks.toml, a rate a unit names), whatever the corpus: a spec may name it."""
    lexicon = default_lexicon()
    if attribute in lexicon.attribute_dims or attribute in UNIT_ATTRIBUTES.values():
        return True
    hits = lexicon.benchmarks.find(attribute)
    return any(h.start == 0 and h.end == len(attribute) for h in hits)


def build_table(
    spec: TableSpec, claims: pl.DataFrame, conflicts: pl.DataFrame | None = None, *, strict: bool = True
) -> ComparisonTable:
    """Fill `spec` from a claims table, marking cells whose claims the conflicts table says disagree.

    `strict`: a column whose attribute is a name nothing knows (neither the claims nor the lexicons),
    or a selection that takes no claims, raises `ResourceError` naming the spec's spot; otherwise
    the table is built without them and a note says so. A column of a known measure that this
    corpus states no figure of (`AIME 2024` in a corpus without it) is left empty with a note: a
    spec is written for any corpus. Columns left without any figure are not shown.
    """
    notes: list[str] = []
    known = set(claims["attribute_key"].drop_nulls().unique().to_list())
    for index, column in enumerate(spec.columns):
        if not any(column_takes(column, a) for a in [*known, None]):
            what = f"unknown column: no claim has attribute {' or '.join(map(repr, column.attributes))}"
            if any(listed_measure(a) for a in column.attributes):
                stated = " or ".join(column.attributes)
                notes.append(f"{column.label}: no claim in this corpus states {stated}")
                continue
            if strict:
                hint = f"known: {', '.join(sorted(known)[:12])}" if known else "the claims table is empty"
                raise ResourceError(
                    f"columns[{index}].attributes: {what}",
                    path=spec.path,
                    line=spec_line(spec, index),
                    hint=hint,
                )
    taken = _select(spec, claims)
    if taken.is_empty():
        what = f"empty selection: no claim about {', '.join(map(repr, spec.subjects))} fills any column"
        if strict:
            raise ResourceError(f"subjects: {what}", path=spec.path, line=spec_line(spec, None))
        notes.append(what)
    taken = taken.sort("row_order", "row", "published", "claim_id", nulls_last=True)
    sources, refs = _sources(taken)
    labels = {source["ref"]: _source_label(source) for source in sources.iter_rows(named=True)}
    groups = _groups_by_claim(conflicts)
    columns = {c.key: c for c in spec.columns}
    order: dict[str, int] = {}
    cells = []
    for (row, column_key), part in taken.group_by(["row", "column"], maintain_order=True):
        members = part.to_dicts()
        order.setdefault(row, members[0]["row_order"])
        touching = {g["conflict_id"]: g for m in members for g in groups.get(m["claim_id"], ())}
        cell = _cell(columns[column_key], members, list(touching.values()), refs, labels)
        cells.append(cell | {"row": row, "row_order": members[0]["row_order"]})
    frame = pl.DataFrame(cells, schema=CELL_SCHEMA) if cells else pl.DataFrame(schema=CELL_SCHEMA)
    filled = set(frame["column"].to_list())
    shown = tuple(c for c in spec.columns if c.key in filled)
    empty = [c.label for c in spec.columns if c.key not in filled]
    if empty:
        notes.append(f"No figures for: {', '.join(empty)}.")
    rows = _row_sequence(spec, frame, order)
    return ComparisonTable(spec, frame, sources, rows, shown, tuple(notes))


def _row_sequence(spec: TableSpec, cells: pl.DataFrame, order: dict[str, int]) -> tuple[str, ...]:
    """Rows in spec order (listed names first, pattern matches by name), or by the sort column."""
    rows = sorted(order, key=lambda r: (order[r], r.casefold()))
    if spec.sort is None:
        return tuple(rows)
    if spec.sort == "subject":
        return tuple(sorted(rows, key=str.casefold, reverse=spec.descending))
    values = dict(cells.filter(pl.col("column") == spec.sort).select("row", "value").iter_rows())
    present = [r for r in rows if values.get(r) is not None]
    present.sort(key=lambda r: values[r], reverse=spec.descending)
    return tuple(present + [r for r in rows if values.get(r) is None])
