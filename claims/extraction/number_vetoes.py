"""The claim layer's first decisions: which of the numbers the scanner reports are no figure.

The quantity scanner reports every number with its role (`claims.model.ROLES`): a year, a
version, a label or a position is still a number, and it is here, not in the scanner, that it is
set aside. Each veto is a named entry of `NUMBER_VETOES`, tried in order; the first that holds
decides, and its id is what `claims explain` shows for the number.

>>> from claims.quantities.find import find_quantities
>>> text = "In 2019 the RTX 5090 cost $1999; three of them shipped."
>>> found = find_quantities(text)
>>> sorted(number_vetoes(found, text).values())
['none.identifier', 'none.lone_number_word', 'none.year']
>>> [q.text for q in figures_only(found, text)]
['$1999']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from claims.model import Quantity
from claims.quantities.find import QuantityResources, default_quantity_resources
from claims.quantities.scan_words import lone_number_word

__all__ = ["NUMBER_VETOES", "NumberVeto", "figures_only", "number_vetoes"]


class NumberVeto(NamedTuple):
    """A named reason why a reported number is no figure of a claim."""

    id: str
    holds: Callable[[Quantity, str, QuantityResources], bool]  # (number, text, resources) -> vetoed


def _role(role: str) -> Callable[[Quantity, str, QuantityResources], bool]:
    return lambda q, _text, _resources: q.role == role


def _lone_number_word(q: Quantity, text: str, resources: QuantityResources) -> bool:
    """A number word alone that counts no noun ("three is", "three other benchmarks") or a bare
    fraction ("by two thirds"): a number, but prose, not a stated figure."""
    return q.dimension == "number" and lone_number_word(text, q.start, q.end, resources.lexicon)


NUMBER_VETOES: tuple[NumberVeto, ...] = (
    NumberVeto("none.ordinal", _role("ordinal")),  # first, 21st, 第3: a position
    NumberVeto("none.year", _role("year")),  # in 2019, 2025年, the 1990s
    NumberVeto("none.date", _role("date")),  # 6月, 2025-01-02, 10点
    NumberVeto("none.version", _role("version")),  # Gemini 2.5, FSR 4, 3.0版
    NumberVeto("none.identifier", _role("identifier")),  # RTX 5090, 图 3, [2], list numbering
    NumberVeto("none.lone_number_word", _lone_number_word),  # the answer is three
)


def _decide(q: Quantity, text: str, resources: QuantityResources) -> str | None:
    for veto in NUMBER_VETOES:
        if veto.holds(q, text, resources):
            return veto.id
    return None


def number_vetoes(
    quantities: Iterable[Quantity], text: str, resources: QuantityResources | None = None
) -> dict[tuple[int, int], str]:
    """For each number of `quantities` (found in `text`) that is no figure, the id of its veto."""
    resources = resources or default_quantity_resources()
    decided = ((q, _decide(q, text, resources)) for q in quantities)
    return {(q.start, q.end): veto for q, veto in decided if veto is not None}


def figures_only(
    quantities: Iterable[Quantity], text: str, resources: QuantityResources | None = None
) -> list[Quantity]:
    """The numbers of `quantities` that no veto sets aside: the ones rules may make claims of."""
    resources = resources or default_quantity_resources()
    return [q for q in quantities if _decide(q, text, resources) is None]
