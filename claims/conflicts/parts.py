"""The comparable claims cut into parts of whole keys, so that their pairs are formed a part at a time.

Every step of pairing looks inside one key only: the pairs themselves, the figures a sentence
states that excuse another's, the ranges an item states. So the keys can be paired in parts and
what each part leaves (one row per key with a disagreement) put together afterwards, with the same
result as pairing all at once. A key's pairs grow with the square of its claims: a year of news
repeating its stories gives millions (116,000 claims: 3 million pairs, about 3 GB held at once),
while a part holds about `PAIR_BUDGET` of them. A key larger than that is a part of its own.
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from claims.conflicts.comparable import KEY

PAIR_BUDGET = 100_000  # pairs of claims formed at a time (one key's may be more: it is never cut)


def key_sizes(keyed: pl.DataFrame) -> pl.DataFrame:
    """Each key of `keyed` in sorted order with its claims (`len`) and ordered pairs (`_pairs`, the
    square of its claims, self-pairs included)."""
    return (
        keyed.group_by(KEY)
        .len()
        .sort(list(KEY), nulls_last=True)
        .with_columns(_pairs=pl.col("len").cast(pl.Int64) ** 2)
    )


def pair_count(keyed: pl.DataFrame) -> int:
    """The ordered pairs of claims `keyed` holds in all (`key_sizes`)."""
    return int(key_sizes(keyed)["_pairs"].sum())


def key_parts(keyed: pl.DataFrame, budget: int = PAIR_BUDGET) -> Iterator[pl.DataFrame]:
    """The rows of `keyed` in parts holding whole keys, each part's keys holding about `budget`
    pairs in all (the square of each key's claims), in the keys' sorted order.

    >>> frame = pl.DataFrame({name: ["k"] * 3 for name in KEY}).with_columns(n=pl.Series([1, 2, 3]))
    >>> [part.height for part in key_parts(frame, budget=4)]
    [3]
    """
    sizes = key_sizes(keyed)
    if sizes.height <= 1 or int(sizes["_pairs"].sum()) <= budget:
        yield keyed
        return
    part, held, parts = 0, 0, []
    for pairs in sizes["_pairs"].to_list():
        if held and held + pairs > budget:
            part, held = part + 1, 0
        held += pairs
        parts.append(part)
    numbered = sizes.select(*KEY, _part=pl.Series(parts, dtype=pl.Int64))
    with_part = keyed.join(numbered, on=list(KEY), how="left", nulls_equal=True, maintain_order="left")
    for piece in with_part.partition_by("_part", maintain_order=True):
        yield piece.drop("_part")
