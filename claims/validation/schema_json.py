"""The table schemas as JSON Schema (draft 2020-12), for tools that do not speak pandera.

Each schema describes one row of its table. What JSON Schema can say is said in its own words
(types, `enum`, `minimum`, `pattern`, and `if`/`then` for the units each kind allows); checks that
span rows or need the source documents are listed under `x-checks` with their meaning.

    python -m claims.validation.schema_json --write docs/schema    # regenerate
    python -m claims.validation.schema_json --check docs/schema    # exit 1 when the files are stale

>>> schema = json_schema(ClaimsSchema)
>>> schema["properties"]["kind"]["enum"][:3]
['score', 'parameter_count', 'speedup']
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import polars as pl

from claims.model import KINDS, MODALITIES, QUALIFIERS, STATUSES, TIERS, VERDICTS
from claims.validation.kind_units import unit_rules
from claims.validation.schema import CHECKS, ISO_DATE, ClaimsSchema, ConflictsSchema

DIALECT = "https://json-schema.org/draft/2020-12/schema"
FILES = {"claims.schema.json": ClaimsSchema, "conflicts.schema.json": ConflictsSchema}

# What a named check says in JSON Schema terms, where it can say it for a single value.
_KEYWORDS: dict[str, dict[str, Any]] = {
    "not_empty": {"minLength": 1, "pattern": r"\S"},
    "start_non_negative": {"minimum": 0},
    "iso_date": {"pattern": ISO_DATE},
    "kind_known": {"enum": list(KINDS)},
    "qualifier_known": {"enum": list(QUALIFIERS)},
    "modality_known": {"enum": list(MODALITIES)},
    "status_known": {"enum": list(STATUSES)},
    "tier_known": {"enum": [*TIERS, None]},
    "verdict_known": {"enum": [*VERDICTS, None]},
    "severity_non_negative": {"minimum": 0},
    "at_least_two_claims": {"minItems": 1, "uniqueItems": True},
    "values_listed": {"minItems": 1},
    "sources_counted": {"minimum": 1},
    "one_line": {"minLength": 1, "pattern": r"^[^\r\n]*\S[^\r\n]*$"},
}


def _json_type(dtype: pl.DataType) -> dict[str, Any]:
    if isinstance(dtype, pl.List):
        return {"type": "array", "items": _json_type(dtype.inner)}
    base = dtype.base_type()
    if base == pl.String:
        return {"type": "string"}
    if dtype.is_integer():
        return {"type": "integer"}
    if dtype.is_float():
        return {"type": "number"}
    if base == pl.Boolean:
        return {"type": "boolean"}
    raise ValueError(f"no JSON type for {dtype}")


def _column(column: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {"description": column.description}
    kind = _json_type(column.dtype.type)
    if column.nullable:
        kind["type"] = [kind["type"], "null"]
    spec.update(kind)
    for check in column.checks:
        spec.update(_KEYWORDS.get(check.name, {}))
    if column.unique:
        spec["x-unique"] = True
    return spec


def _unit_rules_by_kind() -> list[dict[str, Any]]:
    """`if kind == K then unit in [...]`, one clause per kind; money kinds list the ISO codes."""
    rules = unit_rules()
    clauses = []
    for kind, units in rules.by_kind.items():
        allowed = list(units)
        if kind in rules.currency_kinds:
            allowed += sorted(rules.currencies)
        clauses.append(
            {
                "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                "then": {"properties": {"unit": {"enum": allowed}}},
            }
        )
    clauses.append(
        {
            "if": {
                "properties": {"kind": {"const": "score"}, "unit": {"const": "%"}},
                "required": ["kind", "unit"],
            },
            "then": {"properties": {"value": {"minimum": 0, "maximum": 100}}},
        }
    )
    return clauses


def json_schema(model: type) -> dict[str, Any]:
    """The JSON Schema of one row of `model`'s table."""
    schema = model.to_schema()
    properties = {name: _column(column) for name, column in schema.columns.items()}
    checks: dict[str, list[str]] = {}
    for name, column in schema.columns.items():
        for check in column.checks:
            checks.setdefault(check.name, []).append(name)
        if column.unique:
            checks.setdefault("unique", []).append(name)
    out: dict[str, Any] = {
        "$schema": DIALECT,
        "title": f"A row of the {schema.name} table",
        "description": (model.__doc__ or "").strip(),
        "type": "object",
        "required": list(schema.columns),
        "properties": properties,
        "x-checks": [
            {"check": name, "columns": columns, "means": CHECKS[name]} for name, columns in checks.items()
        ],
    }
    if model is ClaimsSchema:
        for bound in ("lo", "hi"):
            # JSON has no infinity: JSON Lines writes an open side as null.
            properties[bound]["type"] = ["number", "null"]
            properties[bound]["description"] += " In JSON, null stands for the open side."
        out["allOf"] = _unit_rules_by_kind()
        out["x-checks"].append(
            {"check": "document_known", "columns": ["doc_id"], "means": CHECKS["document_known"]}
        )
        out["x-checks"].append(
            {"check": "quote_matches_text", "columns": ["quote"], "means": CHECKS["quote_matches_text"]}
        )
    return out


def render(model: type) -> str:
    """The file text of `model`'s JSON Schema (stable: same input, same bytes)."""
    return json.dumps(json_schema(model), indent=2, ensure_ascii=False) + "\n"


def render_markdown(model: type) -> str:
    """A Markdown page: one table row per column (type, nulls, checks, meaning), then the checks."""
    schema = model.to_schema()
    lines = [
        f"# The {schema.name} table",
        "",
        "Generated from `claims/validation/schema.py` by",
        "`python -m claims.validation.schema_json --write docs/schema`; do not edit by hand.",
        "",
        (model.__doc__ or "").strip(),
        "",
        "| column | type | null | checks | meaning |",
        "|---|---|---|---|---|",
    ]
    used: dict[str, None] = dict.fromkeys(("column_present", "dtype", "not_null"))
    for name, column in schema.columns.items():
        checks = ["unique"] if column.unique else []
        checks += [check.name for check in column.checks]
        used.update(dict.fromkeys(checks))
        kind = str(column.dtype.type)
        null = "yes" if column.nullable else "no"
        lines.append(f"| `{name}` | {kind} | {null} | {', '.join(checks)} | {column.description} |")
    if model is ClaimsSchema:
        used.update(dict.fromkeys(("document_known", "quote_matches_text")))
    lines += ["", "## Checks", "", "| check | means |", "|---|---|"]
    lines += [f"| `{name}` | {CHECKS[name]} |" for name in used]
    if model is ClaimsSchema:
        lines += [
            "",
            "`document_known` and `quote_matches_text` run only when the source documents are given",
            "(`claims validate --documents`). Units per kind: `claims/data/kind_units.toml`;",
            "currency codes: `claims/data/iso4217.txt`.",
        ]
    return "\n".join(lines) + "\n"


def _outputs() -> dict[str, str]:
    out = {}
    for name, model in FILES.items():
        out[name] = render(model)
        out[name.replace(".schema.json", ".md")] = render_markdown(model)
    return out


def write(folder: Path) -> list[Path]:
    """Write every schema file (JSON Schema and Markdown) into `folder`; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in _outputs().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def stale(folder: Path) -> list[Path]:
    """The schema files in `folder` that are missing or differ from what `write` would produce."""
    out = []
    for name, text in _outputs().items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            out.append(path)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m claims.validation.schema_json", description=__doc__.split("\n")[0]
    )
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, metavar="DIR", help="write the schema files into DIR")
    group.add_argument("--check", type=Path, metavar="DIR", help="exit 1 when DIR's files are stale")
    args = parser.parse_args(argv)
    if args.write:
        for path in write(args.write):
            print(path)
        return 0
    bad = stale(args.check)
    for path in bad:
        print(
            f"{path}: stale (run python -m claims.validation.schema_json --write {args.check})",
            file=sys.stderr,
        )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
