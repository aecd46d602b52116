"""Table specifications (`tables/*.toml`): read, checked on load, every problem naming its spot.

The format is documented at the top of `tables/gpu_specs.toml`. A malformed file raises
`ResourceError` as `path:line: spot: what (hint)`, e.g.
`tables/gpu.toml:14: columns[2].format: unknown format 'curency' (use number, integer, ...)`.

>>> spec = parse_spec('title = "T"\\nsubjects = ["A*"]\\n[[columns]]\\nattributes = ["memory"]\\n', "t.toml")
>>> spec.columns[0].key, spec.name
('memory', 't')
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

from claims.errors import ResourceError
from claims.output.figures import AUTOMATIC_DISPLAYS, DISPLAY_UNITS, FORMATS
from claims.text.keys import name_key
from claims.text.tomlfile import TomlFile, parse_toml, read_toml

SPEC_KEYS = frozenset(
    {"title", "subtitle", "row_label", "subjects", "exclude", "aliases", "by_object", "sort", "descending"}
    | {"columns", "source_notes"}
)
COLUMN_KEYS = frozenset({"key", "label", "attributes", "units", "kinds", "format", "display", "decimals"})
# Verdicts after which a group of claims no longer counts as disagreeing.


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


# ---------------------------------------------------------------- loading and checking a spec


class _Checker:
    """Collects the facts of one spec file; `fail` raises a `ResourceError` naming file and spot."""

    def __init__(self, toml: TomlFile) -> None:
        self.toml = toml

    def fail(self, spot: str, what: str, hint: str | None = None) -> ResourceError:
        return self.toml.error(spot, what, hint=hint)

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
        if display not in DISPLAY_UNITS and display not in AUTOMATIC_DISPLAYS:
            raise check.fail(
                f"{spot}.display",
                f"unknown display unit {display!r}",
                hint=f"use {', '.join([*AUTOMATIC_DISPLAYS, *DISPLAY_UNITS])}",
            )
        base = AUTOMATIC_DISPLAYS[display] if display in AUTOMATIC_DISPLAYS else DISPLAY_UNITS[display].unit
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
    toml = parse_toml(text, path)
    raw = toml.data
    check = _Checker(toml)
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
    toml = read_toml(Path(path))
    return parse_spec(toml.text, toml.path)


def load_specs(folder: Path | str) -> list[TableSpec]:
    """Every `*.toml` spec in `folder`, in name order."""
    return [load_spec(p) for p in sorted(Path(folder).glob("*.toml"))]


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


def spec_line(spec: TableSpec, column: int | None) -> int | None:
    """The line of `spec`'s file holding column `column`'s attributes, or `subjects` (None)."""
    try:
        toml = read_toml(Path(spec.path))
    except ResourceError:
        return None
    return toml.line("subjects" if column is None else f"columns[{column}].attributes")
