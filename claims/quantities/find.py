"""Find every quantity in running Chinese or English text: `find_quantities(text) -> [Quantity]`.

Three steps, each its own module: `claims.text.masking` blanks URLs, markdown link targets and
code (keeping offsets); `claims.quantities.scan` finds candidate spans with a regex prefilter,
vetoes names, dates and labels, and tokenizes each span with the lexicons; the LALR parser of
`grammars/quantity.lark` checks the token sequence and `claims.quantities.build` computes value,
interval, canonical unit and qualifier. Offsets are document-absolute:
`text[q.start:q.end] == q.text`, also for `find_quantities(text, start, end)` on a slice.

>>> [(q.text, str(q.value), q.unit, q.qualifier) for q in find_quantities("OpenAI 以近65亿美元收购 io")]
[('近65亿美元', '6500000000', 'USD', 'approx')]
"""

from __future__ import annotations

import bisect
import hashlib
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Context, Decimal
from functools import cache
from pathlib import Path
from typing import Any

from lark import Lark, Token, Tree
from lark.exceptions import LarkError
from lark.lexer import Lexer

from claims.errors import ResourceError
from claims.model import Quantity
from claims.quantities.build import FigureBuilder
from claims.quantities.lexicon import QuantityLexicon
from claims.quantities.lexicon_files import load_lexicon
from claims.quantities.multiples import find_multiples
from claims.quantities.patterns import Patterns, build_patterns, start_places
from claims.quantities.scan import candidate
from claims.quantities.squeeze import squeeze
from claims.quantities.tokens import Candidate, Tok
from claims.quantities.values import Figure, NotAQuantity
from claims.resources import cache_dir
from claims.resources import grammars_dir as default_grammars_dir
from claims.text.masking import mask

__all__ = ["QuantityResources", "default_quantity_resources", "find_quantities", "load_quantity_resources"]

_MEMO_LIMIT = 50_000
_LINE_CONTEXT = 2000  # characters of the slice's line read before `start` for context
_UNIT_PLACE = Decimal(1)
_WIDE = Context(prec=60)


class _TokenFeed(Lexer):
    """Lark custom lexer: the scanner has already tokenized the span, so pass its tokens on."""

    def __init__(self, lexer_conf: object) -> None:
        self.lexer_conf = lexer_conf

    def lex(self, tokens: list[Token], *_: object) -> list[Token]:  # type: ignore[override]
        return tokens


@dataclass(frozen=True, slots=True)
class QuantityResources:
    """The loaded grammar and lexicons, checked; load once and pass around (thread-safe reads).

    `memo` maps a token sequence to its figure, so a figure written many times is built once;
    `shapes` maps a sequence of token kinds to its parse tree (None: not a quantity).
    """

    grammars_dir: Path
    lexicon: QuantityLexicon
    patterns: Patterns
    parser: Lark
    rules: dict[str, Callable[[list], Any]]  # grammar rule or alias -> FigureBuilder method
    memo: dict[tuple, Figure | None] = field(default_factory=dict, compare=False)
    shapes: dict[tuple[str, ...], Tree | None] = field(default_factory=dict, compare=False)


def load_quantity_resources(grammars_dir: Path | str | None = None) -> QuantityResources:
    """Load `quantity.lark` and `lexicons/*.toml` from `grammars_dir` (default: the shipped ones).

    A malformed lexicon raises `ResourceError` naming the file and entry.

    >>> resources = load_quantity_resources()
    >>> resources.lexicon.currency_prefix["$"]
    'USD'
    """
    directory = Path(grammars_dir) if grammars_dir is not None else default_grammars_dir()
    lexicon = load_lexicon(directory / "lexicons")
    grammar_path = directory / "quantity.lark"
    try:
        grammar = grammar_path.read_text(encoding="utf-8")
    except OSError as error:
        raise ResourceError(f"cannot read grammar: {error.strerror}", path=str(grammar_path)) from None
    try:
        parser = Lark(
            grammar,
            parser="lalr",
            lexer=_TokenFeed,
            strict=True,
            propagate_positions=True,
            cache=_parser_cache(grammar),
        )
    except LarkError as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ResourceError(f"grammar does not load: {first}", path=str(grammar_path)) from None
    builder = FigureBuilder(lexicon)
    rules = {}
    for rule in parser.rules:
        name = rule.alias or rule.origin.name
        if str(name).startswith("_"):
            continue  # Lark's helper rules for + and ?, inlined in every tree
        method = getattr(builder, str(name), None)
        if method is None:
            raise ResourceError(f"rule {name!r} has no builder", path=str(grammar_path))
        rules[str(name)] = method
    return QuantityResources(directory, lexicon, build_patterns(lexicon), parser, rules)


def _parser_cache(grammar: str) -> str | bool:
    """Where Lark keeps the grammar's parse tables between runs: building them takes about half a
    second a process (each `--jobs` worker too), loading them a few milliseconds. Lark checks the
    file against the grammar, its options and its own version, and rebuilds it when any changed;
    the file is named by the grammar too, so two grammars (a user's own folder) do not evict each
    other."""
    folder = cache_dir()
    if folder is None:
        return False
    digest = hashlib.sha256(grammar.encode("utf-8")).hexdigest()[:16]
    return str(folder / f"quantity-{digest}.lark-cache")


@cache
def default_quantity_resources() -> QuantityResources:
    """The shipped grammar and lexicons, loaded once per process."""
    return load_quantity_resources()


def _plain(number: Decimal) -> Decimal:
    """6.4E+9 -> 6400000000, 1.50 -> 1.5: one spelling per value, whatever the arithmetic left."""
    if not number.is_finite():
        return number
    if number == number.to_integral_value():
        return number.quantize(_UNIT_PLACE, context=_WIDE)
    return number.normalize(_WIDE)


def _build(tree: Tree, leaves: Iterator[Tok], rules: dict[str, Callable[[list], Any]]) -> Any:
    """Run the builder's rule methods bottom-up over `tree`, taking its tokens from `leaves`.

    The same as `FigureBuilder().transform(tree)` with the tree's tokens replaced, without
    copying the tree or going through Lark's generic visitor.
    """
    children = [_build(c, leaves, rules) if isinstance(c, Tree) else next(leaves) for c in tree.children]
    return rules[tree.data](children)


def _parse(tokens: tuple[Tok, ...], resources: QuantityResources) -> Figure | None:
    """The figure `tokens` make, or None when the grammar or the builder rejects them.

    The LALR parse of a token-kind sequence is the same whatever the words, so each sequence is
    parsed once (`shapes`); later spans of that shape only refill its tree and run the builder.
    """
    key = tuple(
        (tok.kind, tok.text, tok.start > prev.end)
        for prev, tok in zip((tokens[0], *tokens[:-1]), tokens, strict=True)
    )
    memo = resources.memo
    if key in memo:
        return memo[key]
    kinds = tuple(tok.kind for tok in tokens)
    shapes = resources.shapes
    if kinds not in shapes:
        lark_tokens = [Token(tok.kind, tok.text, start_pos=tok.start, end_pos=tok.end) for tok in tokens]
        try:
            shapes[kinds] = resources.parser.parse(lark_tokens)
        except LarkError:
            shapes[kinds] = None
    shape = shapes[kinds]
    figure = None
    if shape is not None:
        try:
            figure = _build(shape, iter(tokens), resources.rules)
        except (NotAQuantity, ArithmeticError):  # decimal signals are ArithmeticErrors
            figure = None
    if len(memo) < _MEMO_LIMIT:
        memo[key] = figure
    return figure


def _best(tokens: tuple[Tok, ...], resources: QuantityResources) -> tuple[tuple[Tok, ...], Figure] | None:
    """Parse the longest prefix of `tokens` (from the first number on) that is a quantity."""
    while tokens:
        figure = _parse(tokens, resources)
        if figure is not None:
            return tokens, figure
        if tokens[0].kind in ("PER", "VERB", "FROM"):
            tokens = tokens[1:]  # 每秒执行万亿次: not a token rate; try without the prefix
            continue
        if tokens[-1].kind in ("NUM", "CNUM") and sum(t.kind in ("NUM", "CNUM") for t in tokens) == 1:
            return None
        tokens = tokens[:-1]
        while tokens and tokens[-1].kind in ("DASH", "AND", "JOIN", "OVER", "MOD", "TIMES", "CURPRE"):
            tokens = tokens[:-1]
    return None


def _respell(s: str, lexicon: QuantityLexicon) -> str:
    """`s` with each word of [respelled] (numerals.toml) written as its numeral of the same length
    (半百 -> 五十, 打对折 -> 打五折), so offsets carry over and the quote keeps the word."""
    for form, spelled in lexicon.respelled.items():
        if form in s:
            s = s.replace(form, spelled)
    return s


def find_quantities(
    text: str, start: int = 0, end: int | None = None, resources: QuantityResources | None = None
) -> list[Quantity]:
    """Every quantity in `text[start:end]`, in order, with offsets into `text`.

    >>> [(q.text, q.unit, q.role) for q in find_quantities("RTX 5090 拥有 32 GB 显存，功耗 575W")]
    [('5090', '', 'identifier'), ('32 GB', 'B', 'cardinal'), ('575W', 'W', 'cardinal')]
    >>> str(find_quantities("32 GB")[0].value)
    '32000000000'
    """
    resources = resources or default_quantity_resources()
    stop = len(text) if end is None else min(end, len(text))
    # Scan from the start of the slice's line, so list numbering and glued names are judged as
    # in the whole text; nothing left of `start` is reported or read as a prefix.
    line = text.rfind("\n", 0, start) + 1 if start > 0 else 0
    begin = line if start - line <= _LINE_CONTEXT else start
    first = max(0, start) - begin
    s, origin = squeeze(_respell(mask(text[begin:stop]), resources.lexicon), resources.patterns)
    if origin is not None:
        first = origin.at_or_after(first)

    def at(i: int) -> int:  # an offset of the scanned text in text[begin:stop]
        return i if origin is None else origin[i]

    lexicon, patterns = resources.lexicon, resources.patterns
    found: list[Quantity] = []
    marked: list[Quantity] = []  # numbers that are no figure, with their role; kept out of `found`
    match = patterns.start.match
    places = start_places(s, patterns)  # `start.search` would enter the pattern at every letter
    pos = first
    last = first  # where the previous quantity ends, in the scanned text
    while True:
        at_place = bisect_left(places, pos)
        m = None
        while at_place < len(places) and m is None:
            m = match(s, places[at_place])
            at_place += 1
        if m is None:
            break
        cand = candidate(s, m, lexicon, patterns, last)
        pos = max(cand.resume, m.end())
        if not cand.tokens:
            continue
        if cand.role != "cardinal":  # a year, a version, a label: each number alone, with its role
            marked += _with_role(cand, text, begin, resources, at)
            pos = cand.resume  # "the first four": the place, then the count the run went on to
            continue
        best = _best(cand.tokens, resources)
        if best is None:
            continue
        tokens, figure = best
        a, b = tokens[0].start, tokens[-1].end
        if found and a < last:
            continue
        pos = max(m.end(), b)
        last = b
        start, end = at(a) + begin, at(b - 1) + 1 + begin
        found.append(
            Quantity(
                start=start,
                end=end,
                text=text[start:end],
                value=_plain(figure.value),
                lo=_plain(figure.lo),
                hi=_plain(figure.hi),
                unit=figure.unit,
                dimension=figure.dimension,
                qualifier=figure.qualifier,
                shown_value=None if figure.shown_value is None else _plain(figure.shown_value),
                shown_unit=figure.shown_unit,
            )
        )
    return _with_roles(_with_multiples(found, text, s, begin, first, lexicon, at), marked)


def _with_roles(found: list[Quantity], marked: list[Quantity]) -> list[Quantity]:
    """`found` and the numbers of `marked` that no figure covers, in order. The figures are read
    as if the marked numbers were not there (a year never shortens the prefix of the figure after
    it), and a figure wins where the two meet (百 of 百分之三十)."""
    if not marked:
        return found
    starts = [q.start for q in found]
    kept = []
    for q in marked:
        i = bisect.bisect_left(starts, q.end)  # figures starting before q ends; the last ends latest
        if not (i and found[i - 1].end > q.start):
            kept.append(q)
    return sorted(found + kept, key=lambda q: q.start) if kept else found


def _with_role(
    cand: Candidate, text: str, begin: int, resources: QuantityResources, at: Callable[[int], int]
) -> list[Quantity]:
    """The numbers of a candidate that is no figure, each read alone and marked with its role."""
    out: list[Quantity] = []
    last = -1
    for tok in cand.tokens:
        figure = _parse((tok,), resources)
        if figure is None or tok.start < last:
            continue
        a, b = at(tok.start) + begin, at(tok.end - 1) + 1 + begin
        value, lo, hi = _plain(figure.value), _plain(figure.lo), _plain(figure.hi)
        out.append(Quantity(a, b, text[a:b], value, lo, hi, "", "number", "exact", cand.role))
        last = tok.end
    return out


def _with_multiples(
    found: list[Quantity],
    text: str,
    masked: str,
    begin: int,
    first: int,
    lexicon: QuantityLexicon,
    at: Callable[[int], int],
) -> list[Quantity]:
    """`found` and every multiple word (doubled, 翻倍) that no quantity already covers, in order."""
    extra = []
    for q in find_multiples(masked, lexicon, first):
        start, end = at(q.start) + begin, at(q.end - 1) + 1 + begin
        extra.append(replace(q, start=start, end=end, text=text[start:end]))
    extra = [q for q in extra if not any(f.start < q.end and q.start < f.end for f in found)]
    if not extra:
        return found
    return sorted(found + extra, key=lambda q: q.start)
