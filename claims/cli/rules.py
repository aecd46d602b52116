"""`claims rules`: the claim rules in the order the extractor tries them.

For a quantity the extractor tries the rules of `grammars/rules/*.toml` from the highest priority
down, in file order within a priority (files by name), and the first that matches decides. This
command prints that order, so a contributor sees where a new rule lands and which rules it must
outrank.
"""

from __future__ import annotations

from pathlib import Path

import typer

from claims.cli.app import OUTPUT, app
from claims.extraction.rules import Rule, load_rules

HEADER = ("order", "priority", "file", "id", "kind", "dimensions")


def rule_order(rules: tuple[Rule, ...]) -> list[str]:
    """One line per rule of `rules` (already in trying order), in aligned columns under `HEADER`.

    >>> from claims.extraction.rules import default_rules
    >>> lines = rule_order(default_rules())
    >>> lines[0].split()
    ['order', 'priority', 'file', 'id', 'kind', 'dimensions']
    >>> len(lines) == len(default_rules()) + 1
    True
    """
    rows = [HEADER] + [
        (
            str(number),
            str(rule.priority),
            rule.source.split(":")[0].rsplit("/", 1)[-1],
            rule.id,
            rule.kind,
            "|".join(sorted(rule.dimensions)) or "any",
        )
        for number, rule in enumerate(rules, start=1)
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(HEADER) - 1)]
    padded = ([cell.ljust(width) for cell, width in zip(row, widths, strict=False)] for row in rows)
    return ["  ".join([*cells, row[-1]]) for cells, row in zip(padded, rows, strict=True)]


@app.command()
def rules(
    folder: Path | None = typer.Option(
        None, "--rules", help="A folder of rule files to read instead of grammars/rules/."
    ),
) -> None:
    """Print the claim rules in the order the extractor tries them (first match wins).

    Columns: the place in that order, the priority level (higher first; equal levels in file
    order, files by name), the rule file, the rule id, its kind, the dimensions it accepts.
    """
    OUTPUT.data("".join(line.rstrip() + "\n" for line in rule_order(load_rules(folder))))
