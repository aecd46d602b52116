"""The one-line explanation of a conflict group, for a fact-checker.

`explain` lists each distinct figure as written with how many claims state it, the widest gap
between the figures and why the group is flagged:
`64亿美元 (2 items) vs 65亿 (1 item): 1.6% apart, no overlap`.
"""

from __future__ import annotations

from collections import Counter

import polars as pl

from claims.model import STATUS
from claims.text.plain import shown_text

try:  # the alias lexicon; spelling alone when it is not installed
    from claims.extraction.lexicon import normalise_key as canonical_key
except ImportError:  # pragma: no cover
    from claims.text.keys import normalise_key as canonical_key

__all__ = ["canonical_key", "display_key", "explain"]


def _percent(gap: float) -> str:
    """A gap for people: 0.015625 -> '1.6%', 0.126 -> '13%', 0.0005 -> '0.05%', 49 -> '50x'.

    Past 1000% a ratio reads better than a percentage (the larger figure is gap + 1 times the
    smaller one).
    """
    percent = gap * 100
    if gap >= 10:
        return f"{gap + 1:.3g}x"
    if percent >= 10:
        return f"{percent:.0f}%"
    if percent >= 0.1:
        return f"{percent:.1f}%"
    return f"{percent:.2g}%"


_TAILS = {name: status.explained for name, status in STATUS.items()}


def explain(members: pl.DataFrame, status: str, gap: float) -> str:
    """One line for a fact-checker: each distinct figure with its count, the gap, the status.

    >>> members = pl.DataFrame({"quote": ["64亿美元", "64亿美元", "65亿"], "value": [6.4e9, 6.4e9, 6.5e9],
    ...     "qualifier": ["exact"] * 3, "modality": ["asserted"] * 3, "_condition": [""] * 3})
    >>> explain(members, "conflict", 1 / 64)
    '64亿美元 (2 items) vs 65亿 (1 item): 1.6% apart, no overlap'
    """
    figures: dict[tuple[float, str, str], Counter[str]] = {}
    for row in members.iter_rows(named=True):
        figure = (float(f"{row['value']:.12g}"), row["qualifier"], row["modality"])
        label = shown_text(row["quote"])  # `至少 **300** 亿美元` reads `至少 300 亿美元`
        if row.get("derived"):  # the figure the text implies, next to the words that imply it
            label = f"{label} ≈ {row['value']:.3g} {row['unit']}"
        figures.setdefault(figure, Counter())[label] += 1
    parts = []
    for (_value, _qualifier, modality), quotes in sorted(figures.items()):
        label = min(quotes, key=lambda quote: (-quotes[quote], quote))
        count = sum(quotes.values())
        marks = f"{count} item{'s' if count > 1 else ''}" + (
            ", speculative" if modality == "speculative" else ""
        )
        parts.append(f"{label} ({marks})")
    if len(parts) > 4:
        parts = [*parts[:4], f"{len(parts) - 4} more"]
    context = sorted({c for c in members["_condition"].to_list() if c})
    if "baseline" in members.columns and (baseline := display_key(members["baseline"])):
        context.append(f"vs {baseline}")
    where = f" [{'; '.join(context)}]" if context else ""
    return f"{' vs '.join(parts)}: {_percent(gap)} apart, {_TAILS[status]}{where}"


def display_key(keys: pl.Series) -> str | None:
    """The key shown for a group: the most common normalised spelling (ties: the smallest)."""
    spelled = [canonical_key(k) for k in keys.to_list() if k is not None]
    counts = Counter(k for k in spelled if k)
    return min(counts, key=lambda k: (-counts[k], k)) if counts else None
