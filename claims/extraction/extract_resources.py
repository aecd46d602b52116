"""Everything extraction reads, loaded once: the claim lexicons, the rules, the quantity grammar,
and the patterns built from them on first use."""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

from claims.extraction.lexicon import BUILTIN_CLASSES, Lexicon, default_lexicon
from claims.extraction.rules import Rule, default_rules
from claims.quantities.find import QuantityResources, default_quantity_resources
from claims.text import sizes
from claims.text.trie import longest_first


@dataclass(frozen=True, slots=True)
class ExtractResources:
    """Everything extraction reads: the claim lexicons, the rules, the quantity grammar."""

    lexicon: Lexicon
    rules: tuple[Rule, ...]
    quantities: QuantityResources
    by_dimension: dict[str, tuple[tuple[Rule, Needs], ...]] = field(default_factory=dict, compare=False)
    patterns: dict[str, re.Pattern[str]] = field(default_factory=dict, compare=False)  # built on first use

    def range_joiner(self) -> re.Pattern[str]:
        """What joins a range's two ends, from the quantity lexicon's range words: marks (`-`, `至`,
        `到`) with or without spaces, words (`to`, and `and` after `between`) only between spaces,
        never inside a word (`thousand`)."""
        if "range_joiner" not in self.patterns:
            lexicon = self.quantities.lexicon
            kinds = {form: {r.kind for r in roles} for form, roles in lexicon.tail.items()}
            marks = [f for f, k in kinds.items() if "DASH" in k and f not in lexicon.words]
            words = [f for f, k in kinds.items() if k & {"DASH", "AND"} and f in lexicon.words]
            alternatives = [rf"\s*(?:{longest_first(marks)})\s*"] if marks else []
            alternatives += [rf"\s+(?:{longest_first(words)})\s+"] if words else []
            self.patterns["range_joiner"] = re.compile("|".join(alternatives), re.IGNORECASE)
        return self.patterns["range_joiner"]

    def transition(self) -> re.Pattern[str]:
        """A range opened by a range word (`from X to Y`): after a change verb, a move between levels."""
        return self._range("transition", ".+?", ".+", opened=True)

    def range_ends(self) -> re.Pattern[str]:
        """Any range's two ends, a range word before or not (`20 到 200 美元`, `from $20 to $200`)."""
        return self._range("range_ends", ".+?", ".+", opened=False)

    def size_range(self) -> re.Pattern[str]:
        """A range whose two ends are model sizes: `from 3B to 14B`, `35B 到 397B`."""
        return self._range("size_range", sizes.ATOM, sizes.ATOM, opened=False)

    def _range(self, key: str, first: str, second: str, opened: bool) -> re.Pattern[str]:
        """A range's two ends as groups `a` and `b` (`first`, `second` their patterns), after a
        range word (`from`, `between`) that `opened` requires or lets be left out; built once."""
        if key not in self.patterns:
            opener = rf"(?:{longest_first(self.quantities.lexicon.range_from)})\s+"
            joiner = self.range_joiner().pattern
            self.patterns[key] = re.compile(
                rf"(?i){opener if opened else f'(?:{opener})?'}(?P<a>{first})(?:{joiner})(?P<b>{second})"
            )
        return self.patterns[key]

    def rules_for(self, dimension: str) -> tuple[tuple[Rule, Needs], ...]:
        """The rules that can match a quantity of `dimension`, in priority order, each with the
        cue classes it cannot match without (`needs`; memoised)."""
        found = self.by_dimension.get(dimension)
        if found is None:
            classes = self.lexicon.classes
            found = tuple(
                (r, needs(r, classes)) for r in self.rules if not r.dimensions or dimension in r.dimensions
            )
            self.by_dimension[dimension] = found
        return found


class Needs(NamedTuple):
    """The cue classes a rule cannot match without: each class of `every`, and one class of each
    set of `either` (an element `A|B`)."""

    every: frozenset[str]
    either: tuple[frozenset[str], ...] = ()


# Classes a sentence finds by other means than its cue words (`Sentence._find`): names, tests,
# figures, attribute words; cue presence cannot tell whether they stand in a sentence.
_NOT_CUES = BUILTIN_CLASSES | {"TESTS"}


def needs(rule: Rule, cue_classes: Container[str]) -> Needs:
    """The cue classes `rule` needs in a sentence to match there: those of its elements neither
    optional nor negated whose classes are all cue classes. A sentence whose cue presence
    (`Sentence.present`) lacks one of them cannot match the rule: its elements are not looked for.
    Elements of other classes or literal text are not listed (never a false skip).
    """
    every: set[str] = set()
    either = []
    for element in rule.before + rule.after:
        if element.optional or element.negated or element.literal:
            continue
        names = frozenset(element.name.split("|"))
        if names and all(name in cue_classes and name not in _NOT_CUES for name in names):
            if len(names) == 1:
                every |= names
            else:
                either.append(names)
    return Needs(frozenset(every), tuple(either))


def viable(needs: Needs, present: frozenset[str] | None) -> bool:
    """Whether a sentence whose cue classes may be `present` (None: any) holds what a rule needs.

    >>> release, cost = frozenset({"RELEASE"}), frozenset({"COST"})
    >>> viable(Needs(release, (frozenset({"PRICE", "COST"}),)), release | cost)
    True
    >>> viable(Needs(release), cost), viable(Needs(release), None)
    (False, True)
    """
    if present is None:
        return True
    if not needs.every <= present:
        return False
    # most rules offer no choice of classes: no generator for them
    return not needs.either or all(not names.isdisjoint(present) for names in needs.either)


@cache
def default_extract_resources() -> ExtractResources:
    """The shipped lexicons, rules and quantity grammar, loaded once."""
    return ExtractResources(default_lexicon(), default_rules(), default_quantity_resources())
