"""Comparing two figures of one fact: agree, tension, conflict or rumour — as polars expressions.

A figure is a claim's stated `value` and the interval `[lo, hi]` its wording allows (rounding,
qualifiers, ranges; an open side is ±inf). Two figures of the same fact relate as follows:

- **agree**: the stated values are equal after unit normalisation, or one figure is approximate
  (any qualifier but `exact`) and its interval holds the other's stated value
  (1792 GB/s and 近1.8TB/s); a range holds only what lies between its stated ends, so a widening
  word ("2000-2500 美元左右") lets it meet 1999 美元 but not agree with it;
- **rumour**: they do not agree, exactly one of them is speculative (传言, rumoured, 预计 …), and
  their written figures do not meet (a range by its written ends);
- **tension**: they do not agree but their intervals meet (64亿 and 近65亿; 1600 and 1599);
- **conflict**: their intervals do not meet (64亿 = [63.5亿, 64.5亿] and 65亿 = [64.5亿, 65.5亿]).

Intervals meet when they share more than a boundary point (the half-open reading of rounding: 64亿
and 65亿 only touch); a degenerate interval (a point) meets an interval that holds it.

The functions here build expressions over a frame of pairs whose columns carry a side suffix
(`value_a`, `value_b`, ...), so the whole comparison runs inside polars. Each side needs `value`,
`lo`, `hi`, `stated_lo`, `stated_hi` (see `stated_ends`), `qualifier` and `modality`.

>>> import polars as pl
>>> pairs = pl.DataFrame({
...     "value_a": [6.4e9, 1600.0], "lo_a": [6.35e9, 1550.0], "hi_a": [6.45e9, 1650.0],
...     "qualifier_a": ["exact", "exact"], "modality_a": ["asserted", "asserted"],
...     "value_b": [6.5e9, 1599.0], "lo_b": [6.45e9, 1598.5], "hi_b": [6.55e9, 1599.5],
...     "qualifier_b": ["exact", "exact"], "modality_b": ["asserted", "asserted"]})
>>> pairs = pairs.with_columns(stated_lo_a="lo_a", stated_hi_a="hi_a", stated_lo_b="lo_b", stated_hi_b="hi_b")
>>> pairs.select(relation=relation(), gap=relative_gap().round(4))["relation"].to_list()
['conflict', 'tension']
"""

from __future__ import annotations

import math
import re
import unicodedata

import polars as pl

from claims.model import STATUS, STATUSES

# Relative tolerance: figures closer than this are the same number written twice (float noise
# from unit conversion, e.g. 1.8 TB/s vs 1800 GB/s), and an overlap thinner than this is a touch.
TOLERANCE = 1e-9

# Status ranks: higher sorts first. Tension is the mildest: the wording alone may explain it.
STATUS_RANK: dict[str, int] = {status: len(STATUSES) - i for i, status in enumerate(STATUSES)}

# Severity = relative gap x weight of the status, so at an equal gap a conflict outranks a rumour,
# and a rumour a tension (see docs/conflicts.md for the scale).
STATUS_WEIGHT: dict[str, float] = {name: status.weight for name, status in STATUS.items()}


def _col(name: str, side: str) -> pl.Expr:
    return pl.col(f"{name}{side}")


def _scale(a: str, b: str) -> pl.Expr:
    """The magnitude tolerances are relative to (never below 1, so zero values still work)."""
    return pl.max_horizontal(pl.lit(1.0), _col("value", a).abs(), _col("value", b).abs())


def same_value(a: str = "_a", b: str = "_b") -> pl.Expr:
    """True where both stated values are the same number."""
    return (_col("value", a) - _col("value", b)).abs() <= TOLERANCE * _scale(a, b)


def holds(a: str = "_a", b: str = "_b") -> pl.Expr:
    """True where figure `a` is approximate and its interval holds `b`'s stated value."""
    slack = TOLERANCE * _scale(a, b)
    return (
        (_col("qualifier", a) != "exact")
        & (_col("stated_lo", a) - slack <= _col("value", b))
        & (_col("value", b) <= _col("stated_hi", a) + slack)
    )


def agree(a: str = "_a", b: str = "_b") -> pl.Expr:
    """True where the two figures say the same thing (see the module docstring)."""
    return same_value(a, b) | holds(a, b) | holds(b, a)


def meets(a: str = "_a", b: str = "_b", lo: str = "lo", hi: str = "hi") -> pl.Expr:
    """True where the two intervals share more than a boundary point (or a point lies inside).

    `lo`/`hi` name the interval columns: the allowed interval by default, or `stated_lo`/`stated_hi`
    for a range's written ends.
    """
    overlap = pl.min_horizontal(_col(hi, a), _col(hi, b)) - pl.max_horizontal(_col(lo, a), _col(lo, b))
    slack = TOLERANCE * _scale(a, b)
    any_point = (_col(hi, a) <= _col(lo, a)) | (_col(hi, b) <= _col(lo, b))
    return (overlap > slack) | (any_point & (overlap >= -slack))


def relation(a: str = "_a", b: str = "_b") -> pl.Expr:
    """`agree`, `rumour`, `tension` or `conflict` for each pair (symmetric in `a` and `b`).

    A speculative figure against an asserted one is a rumour unless the written figures meet (then
    rounding explains it: tension); a range counts by its written ends here, so "传言 2000-2500
    美元左右" vs "1999 美元" is a rumour even though 左右 widens the range to reach 1999.
    """
    one_speculative = (_col("modality", a) == "speculative") != (_col("modality", b) == "speculative")
    return (
        pl.when(agree(a, b))
        .then(pl.lit("agree"))
        .when(one_speculative & ~meets(a, b, "stated_lo", "stated_hi"))
        .then(pl.lit("rumour"))
        .when(meets(a, b))
        .then(pl.lit("tension"))
        .otherwise(pl.lit("conflict"))
    )


def relative_gap(a: str = "_a", b: str = "_b") -> pl.Expr:
    """|a - b| divided by the smaller magnitude (the larger one if the smaller is 0; 0 if both are).

    A range's stated value is its midpoint, so "2000-2500" vs "1999" is 12.6% apart.
    """
    va, vb = _col("value", a), _col("value", b)
    small = pl.min_horizontal(va.abs(), vb.abs())
    large = pl.max_horizontal(va.abs(), vb.abs())
    denominator = pl.when(small > 0).then(small).otherwise(large)
    return pl.when(denominator > 0).then((va - vb).abs() / denominator).otherwise(pl.lit(0.0))


# Gaps beyond this (11x) all rank alike: figures that far apart are seldom one fact misreported,
# more often two facts taken for one, so their exact size says little about how bad the error is.
GAP_CAP = 10.0


def weighted_gap(relation_column: str = "relation", gap_column: str = "gap") -> pl.Expr:
    """The severity of one pair: its relative gap (capped at `GAP_CAP`) times its relation's weight."""
    weight = pl.col(relation_column).replace_strict(STATUS_WEIGHT, default=0.0, return_dtype=pl.Float64)
    return pl.col(gap_column).clip(upper_bound=GAP_CAP) * weight


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def stated_ends(quote: str | None, value: float, lo: float, hi: float, qualifier: str) -> tuple[float, float]:
    """The interval a figure agrees within: a range's ends as written, else its own `[lo, hi]`.

    A range's `value` is its midpoint; its ends are read from the two numbers of the quote, scaled
    like the value. When the quote does not give two such numbers inside `[lo, hi]`, `[lo, hi]`
    stands.

    >>> stated_ends("2000-2500 美元左右", 2250.0, 1900.0, 2625.0, "range")
    (2000.0, 2500.0)
    >>> stated_ends("1.5万-2万", 17500.0, 15000.0, 20000.0, "range")
    (15000.0, 20000.0)
    >>> stated_ends("约1500个", 1500.0, 1425.0, 1575.0, "approx")
    (1425.0, 1575.0)
    """
    if qualifier != "range" or not quote:
        return lo, hi
    numbers = [float(n.replace(",", "")) for n in _NUMBER.findall(unicodedata.normalize("NFKC", quote))][:2]
    if len(numbers) < 2 or sum(numbers) <= 0:
        return lo, hi
    factor = value / (sum(numbers) / 2)
    low, high = sorted(n * factor for n in numbers)
    slack = TOLERANCE * max(1.0, abs(value))
    if not (math.isfinite(low) and lo - slack <= low and high <= hi + slack):
        return lo, hi
    return low, high


def with_stated_ends(claims: pl.DataFrame) -> pl.DataFrame:
    """`claims` with `stated_lo` and `stated_hi` (see `stated_ends`) added."""
    ends = pl.struct("quote", "value", "lo", "hi", "qualifier").map_elements(
        lambda r: list(stated_ends(r["quote"], r["value"], r["lo"], r["hi"], r["qualifier"])),
        return_dtype=pl.List(pl.Float64),
    )
    return (
        claims.with_columns(_ends=ends)
        .with_columns(stated_lo=pl.col("_ends").list.get(0), stated_hi=pl.col("_ends").list.get(1))
        .drop("_ends")
    )
