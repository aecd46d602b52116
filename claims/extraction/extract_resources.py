"""Everything extraction reads, loaded once: the claim lexicons, the rules, the quantity grammar,
and the patterns built from them on first use."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from claims.extraction.lexicon import Lexicon, default_lexicon
from claims.extraction.rules import Rule, default_rules
from claims.quantities.find import QuantityResources, default_quantity_resources
from claims.text import sizes


@dataclass(frozen=True, slots=True)
class ExtractResources:
    """Everything extraction reads: the claim lexicons, the rules, the quantity grammar."""

    lexicon: Lexicon
    rules: tuple[Rule, ...]
    quantities: QuantityResources
    by_dimension: dict[str, tuple[Rule, ...]] = field(default_factory=dict, compare=False)
    patterns: dict[str, re.Pattern[str]] = field(default_factory=dict, compare=False)  # built on first use

    def range_joiner(self) -> re.Pattern[str]:
        """What joins a range's two ends, from the quantity lexicon's range words (`-`, `至`, `到`, `to`)."""
        if "range_joiner" not in self.patterns:
            tail = self.quantities.lexicon.tail
            forms = sorted((f for f, roles in tail.items() if any(r.kind == "DASH" for r in roles)), key=len)
            alternatives = "|".join(map(re.escape, reversed(forms)))
            self.patterns["range_joiner"] = re.compile(rf"\s*(?:{alternatives})\s*", re.IGNORECASE)
        return self.patterns["range_joiner"]

    def transition(self) -> re.Pattern[str]:
        """A range opened by a range word (`from X to Y`): after a change verb, a move between levels."""
        if "transition" not in self.patterns:
            froms = "|".join(
                map(re.escape, sorted(self.quantities.lexicon.range_from, key=len, reverse=True))
            )
            joiner = self.range_joiner().pattern
            self.patterns["transition"] = re.compile(rf"(?i)(?:{froms})\s+(?P<a>.+?){joiner}(?P<b>.+)")
        return self.patterns["transition"]

    def size_range(self) -> re.Pattern[str]:
        """A range whose two ends are model sizes: `from 3B to 14B`, `35B 到 397B`."""
        if "size_range" not in self.patterns:
            size, joiner = sizes.ATOM, self.range_joiner().pattern
            self.patterns["size_range"] = re.compile(
                rf"(?i)(?:from\s+)?(?P<a>{size})(?:{joiner})(?P<b>{size})"
            )
        return self.patterns["size_range"]

    def rules_for(self, dimension: str) -> tuple[Rule, ...]:
        """The rules that can match a quantity of `dimension`, in priority order (memoised)."""
        found = self.by_dimension.get(dimension)
        if found is None:
            found = tuple(r for r in self.rules if not r.dimensions or dimension in r.dimensions)
            self.by_dimension[dimension] = found
        return found


@cache
def default_extract_resources() -> ExtractResources:
    """The shipped lexicons, rules and quantity grammar, loaded once."""
    return ExtractResources(default_lexicon(), default_rules(), default_quantity_resources())
