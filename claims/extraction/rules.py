"""Claim rules: declarative patterns over the words around a quantity (grammars/rules/*.toml).

A rule names lexicon classes and the quantity's dimension, never characters: the pattern
`QTY:currency ACQUIRE ENTITY@object` reads "a sum of money, right after it an acquisition word,
then the company bought". The rule file format is documented once, in docs/rules.md; this
module parses and checks the rules (a mistake raises `ResourceError` naming the file, the rule and
the field) and matches one rule against a sentence's class spans.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import NamedTuple

from claims.errors import ResourceError
from claims.extraction.lexicon import Lexicon, default_lexicon
from claims.model import KINDS, QUALIFIERS
from claims.resources import grammars_dir
from claims.text.tomlfile import read_toml

# Dimensions the quantity scanner gives a figure besides those of the units of units.toml: money
# (currencies.toml), a counted noun (counts.toml), a bare number, a fraction, a rank (第一, No. 1).
SCANNER_DIMENSIONS = frozenset({"currency", "count", "number", "fraction", "rank"})
CAPTURES = frozenset({"subject", "object", "baseline", "attribute"})
RULE_KINDS = frozenset(KINDS) | {"none"}
DEFAULT_GAP = 4
_TRIES = 6  # candidates tried per pattern element before giving up (bounds the backtracking)
_ELEMENT = re.compile(
    r"""^(?P<neg>!)?
        (?:'(?P<literal>[^']+)'|(?P<name>[A-Z][A-Z0-9_]*(?:\|[A-Z][A-Z0-9_]*)*)(?::(?P<options>[\w|@.\-]+))?)
        (?P<opt>\?)?
        (?:@(?P<capture>[a-z]+))?$""",
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Element:
    """One item of a pattern: a class (or literal), its options, and how it may be missing."""

    name: str  # class name (`A|B`: either class), or the literal text when `literal`
    options: frozenset[str] = frozenset()  # QTY: dimensions; ATTR: attribute keys
    literal: bool = False
    optional: bool = False
    negated: bool = False
    capture: str | None = None
    wide: bool = False  # preceded by `...`: may stand anywhere in the clause, not only adjacent


@dataclass(frozen=True, slots=True)
class Example:
    """A sentence a rule must (positive) or must not (negative) turn into a claim at `quote`."""

    text: str
    quote: str
    expect: dict[str, object] = field(default_factory=dict)
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """One claim rule as written in a rule file (docs/rules.md documents the fields)."""

    id: str
    kind: str
    before: tuple[Element, ...]  # nearest first: the elements left of the quantity, reversed
    after: tuple[Element, ...]
    dimensions: frozenset[str]  # empty: any dimension
    priority: int
    gap: int
    scope: str  # clause | sentence
    attribute: str | None
    sign: int
    unit: str | None
    factor: float
    quote_ends: tuple[str, ...]
    quote_starts: tuple[str, ...]
    value_below: float | None
    positives: tuple[Example, ...]
    negatives: tuple[Example, ...]
    source: str  # `grammars/rules/x.toml: rule[3]`
    listed: bool = False  # applies only to a figure listed with others of its shape (1.5B、7B 和 32B)
    offset: float = 0.0  # added to the value after sign and factor (五折, 50% of the price: a −50% change)
    qualifier: str | None = None  # replaces the quantity's qualifier (万亿参数: a round magnitude, approx)


# --- parsing ---------------------------------------------------------------------------------


def parse_pattern(
    pattern: str, lexicon: Lexicon, where: str
) -> tuple[tuple[Element, ...], tuple[Element, ...], frozenset[str]]:
    """Split a pattern into (left elements nearest first, right elements, QTY dimensions).

    `...` between two elements lets them stand apart anywhere in the window; without it they
    must be within the rule's `gap` characters of each other. Errors name `where`.
    """
    words = pattern.split()
    parsed = [None if word == "..." else _element(word, lexicon, where) for word in words]
    quantities = [i for i, e in enumerate(parsed) if e is not None and e.name == "QTY" and not e.literal]
    if len(quantities) != 1:
        raise ResourceError(f"{where}.pattern: needs exactly one QTY")
    q = quantities[0]
    dims = parsed[q].options  # type: ignore[union-attr]
    unknown = dims - dimensions()
    if unknown:
        raise ResourceError(f"{where}.pattern: unknown dimension {sorted(unknown)[0]}")
    before = [
        _widen(e, i + 1 < len(words) and words[i + 1] == "...")
        for i, e in enumerate(parsed[:q])
        if e is not None
    ]
    after = [
        _widen(e, words[q + 1 + i - 1] == "...")
        for i, e in enumerate(parsed[q + 1 :], start=0)
        if e is not None
    ]
    return tuple(reversed(before)), tuple(after), dims


def _widen(element: Element, wide: bool) -> Element:
    return Element(
        element.name,
        element.options,
        element.literal,
        element.optional,
        element.negated,
        element.capture,
        wide,
    )


def _element(word: str, lexicon: Lexicon, where: str) -> Element:
    match = _ELEMENT.match(word)
    if match is None:
        raise ResourceError(
            f"{where}.pattern: cannot read {word!r}",
            hint="CLASS, CLASS?, !CLASS, 'literal', QTY:dim, @capture",
        )
    name = match["literal"] or match["name"]
    options = frozenset(filter(None, (match["options"] or "").split("|")))
    for part in (match["name"] or "").split("|"):
        if part and not lexicon.has_class(part):
            raise ResourceError(f"{where}.pattern: unknown class {part}")
    if match["capture"] and match["capture"] not in CAPTURES:
        raise ResourceError(
            f"{where}.pattern: unknown capture @{match['capture']}", hint=", ".join(sorted(CAPTURES))
        )
    if name == "ATTR" and options - set(lexicon.attribute_dims):
        raise ResourceError(
            f"{where}.pattern: unknown attribute {sorted(options - set(lexicon.attribute_dims))[0]}"
        )
    return Element(
        name=name,
        options=options,
        literal=bool(match["literal"]),
        optional=bool(match["opt"]),
        negated=bool(match["neg"]),
        capture=match["capture"],
    )


def _examples(raw: object, where: str) -> tuple[Example, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ResourceError(f"{where}: expected [[...]] tables")
    examples = []
    for index, item in enumerate(raw):
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("text"), str)
            or not isinstance(item.get("quote"), str)
        ):
            raise ResourceError(f"{where}[{index}]: needs text and quote")
        if item["quote"] not in item["text"]:
            raise ResourceError(f"{where}[{index}].quote: {item['quote']!r} is not in the text")
        expect = {k: v for k, v in item.items() if k not in ("text", "quote", "title")}
        examples.append(Example(item["text"], item["quote"], expect, item.get("title")))
    return tuple(examples)


def parse_rule(raw: dict, lexicon: Lexicon, source: str) -> Rule:
    """One rule table -> `Rule`, checked; `source` names it in errors (`file: rule[3]`)."""
    for key in ("id", "kind", "pattern"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise ResourceError(f"{source}.{key}: missing")
    if raw["kind"] not in RULE_KINDS:
        raise ResourceError(
            f"{source}.kind: unknown kind {raw['kind']!r}", hint=", ".join(sorted(RULE_KINDS))
        )
    before, after, dims = parse_pattern(raw["pattern"], lexicon, source)
    attribute = raw.get("attribute")
    if attribute is not None and not isinstance(attribute, str):
        raise ResourceError(f"{source}.attribute: expected a key")
    scope = raw.get("scope", "clause")
    if scope not in ("clause", "sentence"):
        raise ResourceError(f"{source}.scope: expected clause or sentence")
    sign = raw.get("sign", 1)
    if sign not in (1, -1):
        raise ResourceError(f"{source}.sign: expected 1 or -1")
    return Rule(
        id=raw["id"],
        kind=raw["kind"],
        before=before,
        after=after,
        dimensions=dims,
        priority=int(raw.get("priority", 0)),
        gap=int(raw.get("gap", DEFAULT_GAP)),
        scope=scope,
        attribute=attribute,
        sign=sign,
        unit=raw.get("unit"),
        factor=float(raw.get("factor", 1)),
        quote_ends=tuple(raw.get("quote_ends", ())),
        quote_starts=tuple(raw.get("quote_starts", ())),
        value_below=float(raw["value_below"]) if "value_below" in raw else None,
        positives=_examples(raw.get("example"), f"{source}.example"),
        negatives=_examples(raw.get("counter"), f"{source}.counter"),
        source=source,
        listed=bool(raw.get("listed", False)),
        offset=float(raw.get("offset", 0)),
        qualifier=_qualifier(raw.get("qualifier"), source),
    )


def _qualifier(value: object, source: str) -> str | None:
    """A rule's `qualifier`, one of the model's qualifiers, or None."""
    if value is None:
        return None
    if value not in QUALIFIERS:
        raise ResourceError(
            f"{source}.qualifier: unknown qualifier {value!r}", hint=", ".join(sorted(QUALIFIERS))
        )
    return str(value)


def load_rules(folder: Path | None = None, lexicon: Lexicon | None = None) -> tuple[Rule, ...]:
    """Every rule of `folder` (default `grammars/rules/`), highest priority first."""
    folder = folder or grammars_dir() / "rules"
    lexicon = lexicon or default_lexicon()
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.toml")):
        toml = read_toml(path, _show(path))
        for index, raw in enumerate(toml.data.get("rule", [])):
            source = f"{toml.path}: rule[{index}]"
            try:
                rule = parse_rule(raw, lexicon, f"rule[{index}]")
            except ResourceError as error:
                raise toml.locate(error) from None
            if rule.id in seen:
                raise toml.error(f"rule[{index}].id", f"{rule.id} already defined in {seen[rule.id]}")
            seen[rule.id] = source
            rules.append(_with_source(rule, source))
    rules.sort(key=lambda r: -r.priority)  # stable: file order within a priority
    return tuple(rules)


def _with_source(rule: Rule, source: str) -> Rule:
    return Rule(**{name: getattr(rule, name) for name in Rule.__slots__ if name != "source"}, source=source)


@cache
def dimensions() -> frozenset[str]:
    """Every dimension a quantity can have: those the units of `grammars/lexicons/units.toml` give,
    and the scanner's own (`SCANNER_DIMENSIONS`). A rule's `QTY:dim` must name one of them.

    >>> {"energy", "memory", "currency", "rank"} <= dimensions()
    True
    """
    path = grammars_dir() / "lexicons" / "units.toml"
    units = read_toml(path, _show(path)).data.get("unit", [])
    return SCANNER_DIMENSIONS | {u["dimension"] for u in units if isinstance(u.get("dimension"), str)}


def _show(path: Path) -> str:
    try:
        return str(path.relative_to(grammars_dir().parent))
    except ValueError:
        return str(path)


@cache
def default_rules() -> tuple[Rule, ...]:
    """The rules shipped in `grammars/rules/`, loaded once."""
    return load_rules()


# --- matching --------------------------------------------------------------------------------


class Span(NamedTuple):
    """Where a word of a class stands: `text[start:end]`, its key (an alias's canonical form, a
    benchmark's id, a cue word itself) and the text as written."""

    start: int
    end: int
    key: str
    text: str


SpanSource = Callable[[Element], Sequence[Span]]


@dataclass(frozen=True, slots=True)
class Target:
    """The figure a rule is tried on: where it stands, its dimension, its quote and its value,
    and the window (a clause or the sentence) the rule's words must stand in."""

    start: int
    end: int
    dimension: str
    quote: str
    value: float
    window: tuple[int, int]


def match_rule(rule: Rule, target: Target, spans: SpanSource) -> dict[str, Span] | None:
    """Captures when `rule` matches the figure `target` inside its window, else None.

    `spans(element)` lists where an element's class occurs in the window, sorted by start.
    """
    if rule.dimensions and target.dimension not in rule.dimensions:
        return None
    if rule.quote_ends and not target.quote.rstrip().endswith(rule.quote_ends):
        return None
    if rule.quote_starts and not target.quote.lstrip().startswith(rule.quote_starts):
        return None
    if rule.value_below is not None and not abs(target.value) < rule.value_below:
        return None
    lo, hi = target.window
    left = _side(rule.before, target.start, True, rule.gap, lo, hi, spans)
    if left is None:
        return None
    right = _side(rule.after, target.end, False, rule.gap, lo, hi, spans)
    return None if right is None else left | right


def _side(
    elements: tuple[Element, ...], cursor: int, leftwards: bool, gap: int, lo: int, hi: int, spans: SpanSource
) -> dict[str, Span] | None:
    """Match `elements` walking away from the quantity; nearest candidates first, backtracking.

    An optional element that leads nowhere is skipped; a negated one must not stand there.
    """
    if not elements:
        return {}
    element, rest = elements[0], elements[1:]
    if leftwards:
        limit = lo if element.wide else max(lo, cursor - gap)
        found = sorted(
            (s for s in spans(element) if limit <= s[1] <= cursor and s[0] >= lo), key=lambda s: -s[1]
        )
    else:
        limit = hi if element.wide else min(hi, cursor + gap)
        found = sorted(
            (s for s in spans(element) if cursor <= s[0] <= limit and s[1] <= hi), key=lambda s: s[0]
        )
    if element.negated:
        return None if found else _side(rest, cursor, leftwards, gap, lo, hi, spans)
    for span in found[:_TRIES]:
        got = _side(rest, span[0] if leftwards else span[1], leftwards, gap, lo, hi, spans)
        if got is not None:
            return {element.capture: span, **got} if element.capture else got
    if element.optional:
        return _side(rest, cursor, leftwards, gap, lo, hi, spans)
    return None
