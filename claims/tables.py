"""Comparison tables: a spec (`tables/*.toml`) picks subjects and attributes; claims fill the cells.

A table is one cell per subject × column. A cell holds the agreed figure, or every competing figure
when the conflicts table says its claims disagree; each cell keeps the ids of the claims behind it and
the numbers of its sources, so every figure can be traced. Display (units, number formats) lives in
`claims.figures`; rendering (HTML, Markdown, CSV, PNG) in `claims.render`.

>>> from claims.model import claims_frame
>>> spec = parse_spec('title = "T"\\nsubjects = ["A*"]\\n[[columns]]\\nattributes = ["memory"]\\n', "t.toml")
>>> spec.columns[0].key
'memory'
>>> build_table(spec, claims_frame([]), strict=False).cells.height
0
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path

import polars as pl

from claims.errors import ResourceError
from claims.figures import DISPLAY_UNITS, FORMATS, figure_text

SPEC_KEYS = frozenset(
    {"title", "subtitle", "row_label", "subjects", "exclude", "aliases", "by_object", "sort", "descending"}
    | {"columns", "source_notes"}
)
COLUMN_KEYS = frozenset({"key", "label", "attributes", "units", "kinds", "format", "display", "decimals"})
# Verdicts after which a group of claims no longer counts as disagreeing.
SETTLED = frozenset({"not_a_conflict", "resolved"})
STATUS_LABELS = {
    "conflict": "Conflicting figures",
    "rumour": "Rumour vs announcement",
    "tension": "Figures differ within rounding",
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
class Column:
    """One column of a table: which claims fill it and how its figures are shown."""

    key: str
    label: str
    attributes: tuple[str, ...]
    units: tuple[str, ...] = ()  # empty: any unit
    kinds: tuple[str, ...] = ()  # empty: any kind
    format: str = "number"
    display: str | None = None
    decimals: int = 2


@dataclass(frozen=True, slots=True)
class TableSpec:
    """A checked table specification (see the header of `tables/gpu_specs.toml` for the format)."""

    path: str
    title: str
    columns: tuple[Column, ...]
    subjects: tuple[str, ...]
    subtitle: str | None = None
    row_label: str = "Subject"
    exclude: tuple[str, ...] = ()
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    by_object: bool = False
    sort: str | None = None
    descending: bool = False
    source_notes: bool = True

    @property
    def name(self) -> str:
        """The spec's file stem: `tables/gpu_specs.toml` -> `gpu_specs`."""
        return Path(self.path).stem


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


# ---------------------------------------------------------------- loading and checking a spec


def _line_of(text: str, spot: str) -> int | None:
    """The line a spot like `columns[2].format` or `sort` is written on, when it can be found."""
    match = re.fullmatch(r"(?:columns\[(\d+)\]\.)?(\w+)", spot)
    if not match:
        return None
    lines = text.splitlines()
    start = 0
    if match.group(1) is not None:
        headers = [i for i, line in enumerate(lines) if re.match(r"\s*\[\[\s*columns\s*\]\]", line)]
        index = int(match.group(1))
        if index >= len(headers):
            return None
        start = headers[index]
    key = re.compile(rf"\s*\"?{re.escape(match.group(2))}\"?\s*=")
    for number in range(start, len(lines)):
        if number > start and match.group(1) is not None and lines[number].lstrip().startswith("["):
            break
        if match.group(1) is None and lines[number].lstrip().startswith("["):
            break
        if key.match(lines[number]):
            return number + 1
    return start + 1 if match.group(1) is not None else None


class _Checker:
    """Collects the facts of one spec file; `fail` raises a `ResourceError` naming file and spot."""

    def __init__(self, text: str, path: str) -> None:
        self.text, self.path = text, path

    def fail(self, spot: str, what: str, hint: str | None = None) -> ResourceError:
        return ResourceError(f"{spot}: {what}", path=self.path, line=_line_of(self.text, spot), hint=hint)

    def string(self, table: dict, key: str, spot: str, default: str | None = None) -> str | None:
        value = table.get(key, default)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise self.fail(spot, f"expected a non-empty string, got {value!r}")
        return value

    def strings(
        self, table: dict, key: str, spot: str, *, required: bool = False, blank: bool = False
    ) -> tuple[str, ...]:
        value = table.get(key)
        if value is None:
            if required:
                raise self.fail(spot, "missing", hint=f"add {key} = [...]")
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and (blank or v.strip()) for v in value):
            wanted = "strings" if blank else "non-empty strings"
            raise self.fail(spot, f"expected a list of {wanted}, got {value!r}")
        if required and not value:
            raise self.fail(spot, "is empty", hint=f"name at least one {key.rstrip('s')}")
        return tuple(value)

    def boolean(self, table: dict, key: str, default: bool) -> bool:
        value = table.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, f"expected true or false, got {value!r}")
        return value

    def unknown_keys(self, table: dict, allowed: frozenset[str], prefix: str) -> None:
        for key in table:
            if key not in allowed:
                raise self.fail(f"{prefix}{key}", "unknown setting", hint=f"use {', '.join(sorted(allowed))}")


def _column(check: _Checker, raw: object, index: int) -> Column:
    spot = f"columns[{index}]"
    if not isinstance(raw, dict):
        raise check.fail(spot, "expected a [[columns]] table")
    check.unknown_keys(raw, COLUMN_KEYS, f"{spot}.")
    attributes = check.strings(raw, "attributes", f"{spot}.attributes", required=True)
    key = check.string(raw, "key", f"{spot}.key", attributes[0])
    label = check.string(raw, "label", f"{spot}.label", key)
    fmt = check.string(raw, "format", f"{spot}.format", "number")
    if fmt not in FORMATS:
        raise check.fail(f"{spot}.format", f"unknown format {fmt!r}", hint=f"use {', '.join(FORMATS)}")
    display = check.string(raw, "display", f"{spot}.display")
    units = check.strings(raw, "units", f"{spot}.units", blank=True)  # "" is a bare number's unit
    if display is not None:
        if display not in DISPLAY_UNITS:
            raise check.fail(
                f"{spot}.display", f"unknown display unit {display!r}", hint=f"use {', '.join(DISPLAY_UNITS)}"
            )
        base = DISPLAY_UNITS[display].unit
        if base is not None and units and any(u != base for u in units):
            raise check.fail(f"{spot}.display", f"{display} shows {base!r} values, not {', '.join(units)}")
    decimals = raw.get("decimals", 2)
    if not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 6:
        raise check.fail(f"{spot}.decimals", f"expected a whole number from 0 to 6, got {decimals!r}")
    kinds = check.strings(raw, "kinds", f"{spot}.kinds")
    return Column(key, label, attributes, units, kinds, fmt, display, decimals)


def parse_spec(text: str, path: str) -> TableSpec:
    """Check and read the text of a table spec; any problem raises `ResourceError` naming the spot.

    >>> parse_spec('title = "T"\\nsubjects = []\\n', "t.toml")
    Traceback (most recent call last):
    ...
    claims.errors.ResourceError: t.toml:2: subjects: is empty (name at least one subject)
    """
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        where = re.search(r"\(at line (\d+), column (\d+)\)", message)
        what = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message) or "not valid TOML"
        line, column = (int(where.group(1)), int(where.group(2))) if where else (None, None)
        if "(at end of document)" in message:
            line = text.count("\n") + 1
        raise ResourceError(f"not valid TOML: {what}", path=path, line=line, column=column) from None
    check = _Checker(text, path)
    check.unknown_keys(raw, SPEC_KEYS, "")
    title = check.string(raw, "title", "title")
    if title is None:
        raise check.fail("title", "missing", hint='add title = "..."')
    subjects = check.strings(raw, "subjects", "subjects", required=True)
    columns_raw = raw.get("columns")
    if not isinstance(columns_raw, list) or not columns_raw:
        raise check.fail("columns", "no columns", hint="add at least one [[columns]] table")
    columns = tuple(_column(check, item, i) for i, item in enumerate(columns_raw))
    keys = [c.key for c in columns]
    for i, key in enumerate(keys):
        if key in keys[:i]:
            raise check.fail(f"columns[{i}].key", f"column {key!r} is defined twice")
    sort = check.string(raw, "sort", "sort")
    if sort is not None and sort not in keys and sort != "subject":
        raise check.fail("sort", f"unknown column {sort!r}", hint=f"use subject or one of {', '.join(keys)}")
    aliases_raw = raw.get("aliases", {})
    if not isinstance(aliases_raw, dict):
        raise check.fail("aliases", "expected a table of name = [other spellings]")
    aliases = tuple((name, check.strings(aliases_raw, name, f"aliases.{name}")) for name in aliases_raw)
    return TableSpec(
        path=path,
        title=title,
        columns=columns,
        subjects=subjects,
        subtitle=check.string(raw, "subtitle", "subtitle"),
        row_label=check.string(raw, "row_label", "row_label", "Subject") or "Subject",
        exclude=check.strings(raw, "exclude", "exclude"),
        aliases=aliases,
        by_object=check.boolean(raw, "by_object", False),
        sort=sort,
        descending=check.boolean(raw, "descending", False),
        source_notes=check.boolean(raw, "source_notes", True),
    )


def load_spec(path: Path | str) -> TableSpec:
    """Read and check one spec file (`ResourceError` when missing, unreadable or malformed)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = "no such file" if isinstance(error, FileNotFoundError) else f"cannot read: {error}"
        raise ResourceError(reason, path=str(path)) from None
    return parse_spec(text, str(path))


def load_specs(folder: Path | str) -> list[TableSpec]:
    """Every `*.toml` spec in `folder`, in name order."""
    return [load_spec(p) for p in sorted(Path(folder).glob("*.toml"))]


# ---------------------------------------------------------------- choosing rows


def name_key(name: str) -> str:
    """How subject names are compared: case, spaces, hyphens and underscores do not count.

    >>> name_key("GeForce RTX-5090") == name_key("geforce rtx5090")
    True
    """
    return re.sub(r"[\s\-_·]+", "", name).casefold()


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


def column_takes(column: Column, attribute: str | None) -> bool:
    """Whether `column` takes claims with this attribute_key: names compared like subject names,
    `*` and `?` patterns allowed; only a bare `*` takes claims without an attribute.

    >>> column = Column("c", "C", ("memory", "*bandwidth*"))
    >>> column_takes(column, "Memory"), column_takes(column, "memory_bandwidth"), column_takes(column, None)
    (True, True, False)
    """
    if attribute is None:
        return "*" in column.attributes
    key = name_key(attribute)
    return any(fnmatchcase(key, name_key(a)) for a in column.attributes)


# ---------------------------------------------------------------- building cells


def _sources(claims: pl.DataFrame) -> pl.DataFrame:
    """Sources in order of first use: one per segment (a news item has its own title and link)."""
    first = claims.select("segment_id", "title", "published", "source_url").unique("segment_id", keep="first")
    order = claims.select("segment_id").unique(maintain_order=True).with_row_index("ref", offset=1)
    return (
        order.join(first, on="segment_id", how="left")
        .select(pl.col("ref").cast(pl.Int64), "title", "published", "source_url", "segment_id")
        .cast(SOURCE_SCHEMA)  # type: ignore[arg-type]
    )


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


def _cell(column: Column, rows: list[dict], groups: list[dict], refs: dict[str, int]) -> dict:
    """One cell from its claims (`rows`) and the conflict groups touching them."""
    open_groups = [g for g in groups if g["verdict"] not in SETTLED]
    statuses = {g["status"] for g in open_groups}
    status = next((s for s in ("conflict", "rumour", "tension") if s in statuses), "agreed")
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
        where = "; ".join(dict.fromkeys(f"[{refs[m['segment_id']]}] {_source_label(m)}" for m in members))
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
    wanted = ["conflict_id", "status", "claim_ids", "verdict", "review_note", "correct_value"]
    missing = [c for c in wanted if c not in conflicts.columns]
    if missing:
        raise ResourceError(f"conflicts table lacks columns {', '.join(missing)}")
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


def build_table(
    spec: TableSpec, claims: pl.DataFrame, conflicts: pl.DataFrame | None = None, *, strict: bool = True
) -> ComparisonTable:
    """Fill `spec` from a claims table, marking cells whose claims the conflicts table says disagree.

    `strict`: a column no claim in `claims` can fill (its attribute is unknown to the data), or a
    selection that takes no claims, raises `ResourceError` naming the spec's spot; otherwise the
    table is built without them and a note says so. Columns left without any figure are not shown.
    """
    notes: list[str] = []
    known = set(claims["attribute_key"].drop_nulls().unique().to_list())
    for index, column in enumerate(spec.columns):
        if not any(column_takes(column, a) for a in [*known, None]):
            what = f"unknown column: no claim has attribute {' or '.join(map(repr, column.attributes))}"
            if strict:
                hint = f"known: {', '.join(sorted(known)[:12])}" if known else "the claims table is empty"
                raise ResourceError(
                    f"columns[{index}].attributes: {what}",
                    path=spec.path,
                    line=_spec_line(spec, index),
                    hint=hint,
                )
    taken = _select(spec, claims)
    if taken.is_empty():
        what = f"empty selection: no claim about {', '.join(map(repr, spec.subjects))} fills any column"
        if strict:
            raise ResourceError(f"subjects: {what}", path=spec.path, line=_spec_line(spec, None))
        notes.append(what)
    taken = taken.sort("row_order", "row", "published", "claim_id", nulls_last=True)
    sources = _sources(taken)
    refs = dict(zip(sources["segment_id"].to_list(), sources["ref"].to_list(), strict=True))
    groups = _groups_by_claim(conflicts)
    columns = {c.key: c for c in spec.columns}
    order: dict[str, int] = {}
    cells = []
    for (row, column_key), part in taken.group_by(["row", "column"], maintain_order=True):
        members = part.to_dicts()
        order.setdefault(row, members[0]["row_order"])
        touching = {g["conflict_id"]: g for m in members for g in groups.get(m["claim_id"], ())}
        cell = _cell(columns[column_key], members, list(touching.values()), refs)
        cells.append(cell | {"row": row, "row_order": members[0]["row_order"]})
    frame = pl.DataFrame(cells, schema=CELL_SCHEMA) if cells else pl.DataFrame(schema=CELL_SCHEMA)
    filled = set(frame["column"].to_list())
    shown = tuple(c for c in spec.columns if c.key in filled)
    empty = [c.label for c in spec.columns if c.key not in filled]
    if empty:
        notes.append(f"No figures for: {', '.join(empty)}.")
    rows = _row_sequence(spec, frame, order)
    return ComparisonTable(spec, frame, sources, rows, shown, tuple(notes))


def _spec_line(spec: TableSpec, column: int | None) -> int | None:
    try:
        text = Path(spec.path).read_text(encoding="utf-8")
    except OSError:
        return None
    return _line_of(text, "subjects" if column is None else f"columns[{column}].attributes")


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
