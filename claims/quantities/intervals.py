"""The interval a stated figure allows: rounding of the last stated digit, widened by qualifiers.

All arithmetic is exact (`Decimal`); open sides are `Decimal('Infinity')` / `Decimal('-Infinity')`.
The table of what each qualifier gives is in docs/units.md; the kinds are those of
`grammars/lexicons/qualifiers.toml`.
"""

from __future__ import annotations

from decimal import Decimal

INF = Decimal("Infinity")
NEG_INF = Decimal("-Infinity")
ZERO = Decimal(0)
HALF = Decimal("0.5")
APPROX = Decimal("0.05")  # 约 / about: ±5 %
NEAR = Decimal("0.01")  # 近 / nearly: up to 1 % below

# Qualifier kind (lexicon) -> the table's `qualifier` value.
QUALIFIER_OF_KIND = {
    "exact": "exact",
    "approx": "approx",
    "near": "approx",
    "at_least": "at_least",
    "more": "at_least",
    "at_most": "at_most",
    "under": "at_most",
    "peak": "exact",  # 高达 X / up to X states X: not a cap (docs/units.md)
    "range": "range",
    "order": "range",  # 千亿级: the order of magnitude, [10^11, 10^12)
}


def rounding_step(written: Decimal) -> Decimal:
    """One unit of the last stated digit of a number as written.

    Decimals count their last written place (3.40 -> 0.01); integers their last non-zero digit,
    since trailing zeros may be rounding (1600 -> 100, 1999 -> 1, 0 -> 1).

    >>> rounding_step(Decimal("3.43")), rounding_step(Decimal("1600")), rounding_step(Decimal("64"))
    (Decimal('0.01'), Decimal('1E+2'), Decimal('1'))
    """
    exponent = written.as_tuple().exponent
    assert isinstance(exponent, int)
    if exponent < 0:
        return Decimal(1).scaleb(exponent)
    if written == 0:
        return Decimal(1)
    normal = written.normalize().as_tuple().exponent
    assert isinstance(normal, int)
    return Decimal(1).scaleb(max(normal, 0))


def interval(value: Decimal, step: Decimal, kind: str) -> tuple[Decimal, Decimal]:
    """(lo, hi) for `value` stated with rounding `step` and qualifier `kind`.

    >>> interval(Decimal(6400000000), Decimal(100000000), "exact")
    (Decimal('6350000000.0'), Decimal('6450000000.0'))
    >>> interval(Decimal(100), Decimal(100), "approx")
    (Decimal('50.0'), Decimal('150.0'))
    >>> interval(Decimal(1000), Decimal(1000), "more")
    (Decimal('1000'), Decimal('2000'))
    """
    half = step * HALF
    size = abs(value)
    if kind in ("exact", "peak"):
        return value - half, value + half
    if kind == "approx":
        return min(value - size * APPROX, value - half), max(value + size * APPROX, value + half)
    if kind == "near":
        # Just below the figure (1 %), reaching at least the lower rounding bound.
        return min(value - size * NEAR, value - half), value
    if kind == "at_least":
        return value, INF
    if kind == "more":
        # 1000多 / 10余亿: above the figure, below the next step of its last digit.
        return value, value + step
    if kind in ("at_most", "under"):
        return (ZERO if value >= 0 else NEG_INF), value
    if kind == "order":
        return value, value * 10
    raise ValueError(f"unknown qualifier kind {kind!r}")


def range_interval(
    low: tuple[Decimal, Decimal], high: tuple[Decimal, Decimal], kind: str
) -> tuple[Decimal, Decimal]:
    """(lo, hi) of a range from its two ends (value, step); a qualifier widens the ends.

    >>> range_interval((Decimal(2000), Decimal(1000)), (Decimal(2500), Decimal(100)), "exact")
    (Decimal('2000'), Decimal('2500'))
    >>> range_interval((Decimal(2000), Decimal(1000)), (Decimal(2500), Decimal(100)), "approx")
    (Decimal('1900.00'), Decimal('2625.00'))
    """
    if kind == "exact":
        return low[0], high[0]
    # Both ends are written to the finer end's precision: 2000-2500 is counted in hundreds, so
    # 约 widens its 2000 by 5 %, not by half a thousand.
    step = min(low[1], high[1])
    lo = interval(low[0], step, kind)[0]
    hi = interval(high[0], step, kind)[1]
    return min(lo, low[0]), max(hi, high[0])
