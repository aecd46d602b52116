"""The figures of a document as extraction reads them: the quantity scan, plus sums glued to a
name (`OpenAI64亿`) and ranks, with a move between two levels (`from 12.51% to 63.91%`) or a range
of two model sizes (`from 3B to 14B`) read as its two figures."""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from decimal import Decimal

from claims.extraction.extract_resources import ExtractResources
from claims.extraction.names import LIST_JOINER
from claims.extraction.number_vetoes import figures_only, number_vetoes
from claims.model import Quantity
from claims.quantities.find import QuantityResources, find_quantities
from claims.quantities.ranks import find_ranks
from claims.text import sizes

# A number glued to a Latin name but followed by a Chinese scale word is a sum, not a version
# (`OpenAI64亿收购`): the quantity grammar skips glued numbers, so these are scanned on their own.
_GLUED_WINDOW = 16  # characters read after a glued sum's first digit
# The first digit is matched before the letter left of it is looked at: the engine skips to digits in C.
_GLUED_SUM = re.compile(r"\d(?<=[A-Za-z]\d)\d*(?:\.\d+)?\s*[万亿]")
_TOOK = re.compile(r"\s+(?:in|within|over|after)\s+(?:just\s+|only\s+|about\s+)?", re.IGNORECASE)
# Characters between a change verb and the `from` of the figures it moves; a list of moves shares
# one verb (`boosts X from 4.8% to 42.4% and Y from 6.1% to 43%`).
_CHANGE_REACH = 96


def document_figures(
    text: str, resources: QuantityResources, start: int = 0, end: int | None = None
) -> tuple[list[Quantity], dict[tuple[int, int], str]]:
    """The document's figures, and the numbers `claims.extraction.number_vetoes` sets aside (span ->
    veto id); with `start` and `end`, those of `text[start:end]` (a part of a long document,
    `claims.extraction.parts`: the text around is read as context, as in the whole document)."""
    stop = len(text) if end is None else end
    every = find_quantities(text, start, stop, resources=resources)
    vetoed = number_vetoes(every, text, resources)
    # A figure starting right after a digit is the tail of a number the grammar set aside
    # (`OpenAI64亿美元` gives `亿美元`); the glued sum is read whole below instead.
    found = [q for q in every if (q.start, q.end) not in vetoed and not text[q.start - 1 : q.start].isdigit()]
    # the spans taken, in order and apart, so an overlap is one bisection away (not a scan of all)
    starts, ends = [q.start for q in found], [q.end for q in found]
    glued = _GLUED_SUM.finditer(text, start, stop)
    extra = [q for match in glued for q in _scan_alone(text, match, resources)]
    extra += find_ranks(text, resources.lexicon.digits, resources.lexicon.cn_units, start, stop)
    for q in extra:
        before = bisect.bisect_left(starts, q.end)  # spans starting before q ends; the last ends latest
        if before and ends[before - 1] > q.start:
            continue
        found.append(q)
        starts.insert(before, q.start)
        ends.insert(before, q.end)
    found.sort(key=lambda q: q.start)
    return found, vetoed


def _scan_alone(text: str, match: re.Match[str], resources: QuantityResources) -> list[Quantity]:
    """The quantities of a glued sum read on its own, without the name it is glued to."""
    at = match.start()
    alone = text[at : at + _GLUED_WINDOW].split("\n", 1)[0]  # the sum and its unit (`64亿美元`)
    return [
        replace(q, start=q.start + at, end=q.end + at)
        for q in figures_only(find_quantities(alone, resources=resources), alone, resources)
        if q.start == 0
    ]


def split_transitions(text: str, quantities: list[Quantity], resources: ExtractResources) -> list[Quantity]:
    """`rises from 12.51% to 63.91%` is a move between two levels, not a range: after a change
    verb, a `from X to Y` figure is read as its two figures (a range elsewhere stays a range). A
    range of two model sizes (`from 3B to 14B`, `35B 到 397B`, `from 135M to 1.7B parameters`) is a
    family's two sizes, read apart."""
    out: list[Quantity] = []
    changes = (resources.lexicon.classes["INCREASE"], resources.lexicon.classes["DECREASE"])
    for i, q in enumerate(quantities):
        if q.qualifier == "range" and (ends := _size_range(q, resources)):
            out.extend(_ends(text, q, ends, resources))
            continue
        if q.qualifier == "range" and (ends := _spread(text, q, resources)):
            out.extend(_ends(text, q, ends, resources, spread=True))
            continue
        match = resources.transition().fullmatch(q.text) if q.qualifier == "range" else None
        before = max(0, q.start - _CHANGE_REACH)
        following = quantities[i + 1] if i + 1 < len(quantities) else None
        # `From 0 to 10 million users in four years`: a range followed by the time it took is a move.
        took = (
            following is not None
            and following.dimension == "time"
            and _TOOK.fullmatch(text, q.end, following.start) is not None
        )
        if match is None or not (took or any(cue.find(text, before, q.start) for cue in changes)):
            out.append(q)
            continue
        out.extend(_ends(text, q, match, resources))
    return out


# Units a listed bare figure takes from the next one (`54 billion and 141 billion parameters`): a
# count of parameters or tokens is a plain number with a name, never a conversion.
_SHARED_DIMENSIONS = ("parameters", "tokens")
_SCALED = Decimal(1_000_000)  # a bare figure this large has its scale written (`54 billion`)


def share_units(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """`54 billion and 141 billion parameters`, `1.5 billion、3 billion tokens`: a scaled figure
    with no unit, listed right before a figure of parameters or tokens, counts the same thing."""
    out = list(quantities)
    for i in range(len(out) - 2, -1, -1):
        q, following = out[i], out[i + 1]
        if (
            _takes_unit(q, following.dimension)
            and q.value >= _SCALED
            and LIST_JOINER.fullmatch(text, q.end, following.start)
        ):
            out[i] = replace(q, unit=following.unit, dimension=following.dimension)
    return out


def _size_range(q: Quantity, resources: ExtractResources) -> re.Match[str] | None:
    """The two sizes of a range of model sizes, its word for parameters after them or not (`from
    135M to 1.7B parameters`, `from 400 million to 8 billion parameters`: a family ranging over
    sizes has no size in between)."""
    pattern = resources.size_range()
    if q.dimension != "parameters":
        return pattern.fullmatch(q.text)
    # `from 400 million to 8 billion parameters`: sizes in words, a family's two ends all the same
    return pattern.fullmatch(q.text) or pattern.match(q.text) or resources.transition().fullmatch(q.text)


_MARKUP = re.compile(r"[\s*`]*")  # what may stand between a range and the word after it
_SPREAD_WORD = 4  # characters a SPREAD word takes (不等)


def _spread(text: str, q: Quantity, resources: ExtractResources) -> re.Match[str] | None:
    """The two ends of a range that a SPREAD word follows (`20 到 200 美元不等`): figures that vary
    over several things, each end one of them."""
    after = _MARKUP.match(text, q.end).end()
    spread = resources.lexicon.classes["SPREAD"].find(text, after, min(len(text), after + _SPREAD_WORD))
    if not spread or spread[0].start != after:
        return None
    return resources.range_ends().fullmatch(q.text)


def _ends(
    text: str, q: Quantity, match: re.Match[str], resources: ExtractResources, spread: bool = False
) -> list[Quantity]:
    """The two figures of a range read alone (groups `a` and `b` of `match`), or the range itself."""
    ends: list[Quantity] = []
    for group in ("a", "b"):
        lo, hi = q.start + match.start(group), q.start + match.end(group)
        found = find_quantities(text, lo, hi, resources.quantities)
        ends += figures_only(found, text, resources.quantities)[:1]
    if len(ends) != 2:
        return [q]
    # `from 400 million to 8 billion parameters`: the first end counts what the range counts; a bare
    # end takes the range's own reading of it, scale and all (`between 3 and 34 billion parameters`:
    # 3 billion)
    return [
        replace(end, unit=q.unit, dimension=q.dimension, value=bound, lo=bound, hi=bound)
        if _takes_unit(end, q.dimension) or (spread and _bare(end, q.dimension))
        else end
        for end, bound in zip(ends, (q.lo, q.hi), strict=True)
    ]


def _bare(figure: Quantity, dimension: str) -> bool:
    """A plain number beside a figure of `dimension` (`20` of `20 到 200 美元不等`), not a size written as
    one (`135M`, `8B, 70B and 405B parameters`), which is read as a listed size."""
    return figure.dimension == "number" and dimension != "number" and not sizes.LEADING.match(figure.text)


def _takes_unit(figure: Quantity, dimension: str) -> bool:
    """Whether a bare figure counts what a figure of `dimension` beside it counts: parameters or
    tokens (a plain number with a name, never a conversion)."""
    return dimension in _SHARED_DIMENSIONS and _bare(figure, dimension)
