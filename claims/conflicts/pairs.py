"""Every pair of claims sharing a comparison key, related by `claims.conflicts.comparison` (agree /
rumour / tension / conflict), with the rules that keep a writer's own distinctions: figures one
sentence, one item or one stated range holds apart are not set against each other.
"""

from __future__ import annotations

import functools
import operator
from typing import TypeVar

import polars as pl

from claims.conflicts import comparison
from claims.conflicts.comparable import KEY
from claims.conflicts.parts import pair_count

_LIST_SIZE = 3  # different figures for one key in one segment that make a list
Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)
# Pairs formed at once and held for the rules that read them. Past this (one key told thousands of
# times), each rule forms the pairs again, each time only the columns it reads: a key of 4,390
# claims (19 million pairs) held 24 GB and was stopped short of memory; so it takes 5 GB.
HELD_PAIRS = 1_000_000
_FIGURE = ("value", "lo", "hi", "stated_lo", "stated_hi", "qualifier", "modality")


def claim_pairs(keyed: pl.DataFrame, named: bool = False) -> pl.LazyFrame:
    """Every pair of claims sharing a key, with `relation`, `gap` and `weighted` (severity), as a
    lazy frame the caller filters and collects: formed once and held in memory when the pairs are
    few, else a query in which each rule forms the pairs it reads (`HELD_PAIRS`).

    Four rules keep a writer's own distinctions: figures in one sentence are never paired (who
    writes "8B 基础模型" and "64B 记忆参数" side by side states two facts); a disagreeing pair is
    excused when either claim's sentence also states, for the same key, a figure agreeing with the
    other claim (one article lists "380 RT TFLOPS 以及 125 Shader TFLOPS"; another article's 125 is
    then the second of those facts, not a contradiction of the first), and likewise, across items,
    when either claim's item states such a figure in its body (an item's two body figures for one
    key are two things, in its copies too); and one segment stating
    three or more different figures for a key is listing things (price tiers, ablation results),
    so its own figures are not paired as disagreeing, nor are its multipliers that name no
    baseline. Each is named in `EXCUSES`; an excused pair's relation is `agree`, or, `named`, its
    figures' own relation beside the name of the first excuse that holds (`excuse`).
    """
    sentence_id = pl.col("doc_id") + "\n" + pl.coalesce("sentence", "claim_id")
    segment_id = pl.col("doc_id") + "\n" + pl.coalesce("segment_id", "claim_id")
    # How many different figures one segment states for a key: three or more are a list (price
    # tiers, ablation rows, model sizes), not a writer contradicting themself.
    listed = pl.col("value").n_unique().over([*KEY, "_segment"]) >= _LIST_SIZE
    # Claims, sentences and segments are compared and joined by number (the rank of their text):
    # the pairs of a large table are millions, and a sentence's text is long.
    # Held in memory when small: formed once, read by every rule below. Else a query (`HELD_PAIRS`).
    frame: pl.DataFrame | pl.LazyFrame = keyed if pair_count(keyed) <= HELD_PAIRS else keyed.lazy()
    left = frame.with_columns(_segment=segment_id).select(
        *KEY,
        "claim_id",
        pl.col("claim_id").rank("dense").alias("_claim"),
        sentence_id.rank("dense").alias("_sentence"),
        "_segment",
        pl.col("_segment").rank("dense").alias("_segno"),
        listed.alias("_listed"),
        "_start",
        pl.col("published") if "published" in keyed.columns else pl.lit(None, pl.String).alias("published"),
        "_heading",
        *_FIGURE,
    )
    sides = (
        "claim_id", "_claim", "_sentence", "_segment", "_segno", "_listed", "_start", "published", "_heading",
        *_FIGURE,
    )  # fmt: skip
    every = left.join(left, on=list(KEY), suffix="_b").rename({n: f"{n}_a" for n in sides})
    every = every.filter(pl.col("_claim_a") != pl.col("_claim_b")).with_columns(
        relation=comparison.relation("_a", "_b")
    )
    # (sentence, claim) pairs where the sentence states a figure agreeing with the claim.
    stated = (
        every.filter(pl.col("relation") == "agree")
        .select(_sentence="_sentence_a", _claim="_claim_b")
        .unique()
        .with_columns(_excused=pl.lit(True))
    )
    # (segment, claim) pairs where the item's body states a figure agreeing with the claim: an item
    # whose body gives two figures for one key shows they are two things (see `body_pair` below),
    # in its copies elsewhere (a digest repeating a story) and against any other item too.
    told = (
        every.filter((pl.col("relation") == "agree") & ~pl.col("_heading_a"))
        .select(_segno="_segno_a", _claim="_claim_b")
        .unique()
        .with_columns(_told=pl.lit(True))
    )
    pairs = every.filter(
        (pl.col("_claim_a") < pl.col("_claim_b")) & (pl.col("_sentence_a") != pl.col("_sentence_b"))
    )
    for mine, other in (("a", "b"), ("b", "a")):
        pairs = pairs.join(
            stated.rename(
                {"_sentence": f"_sentence_{mine}", "_claim": f"_claim_{other}", "_excused": f"_x{mine}"}
            ),
            on=[f"_sentence_{mine}", f"_claim_{other}"],
            how="left",
        ).join(
            told.rename({"_segno": f"_segno_{mine}", "_claim": f"_claim_{other}", "_told": f"_t{mine}"}),
            on=[f"_segno_{mine}", f"_claim_{other}"],
            how="left",
        )
    pairs = _excuse_by_range(pairs, every)
    if named:  # the first excuse that holds, by name
        excuse = pl.when(pl.lit(False)).then(pl.lit(None, pl.String))
        for name, (held, _) in EXCUSES.items():
            excuse = excuse.when(held).then(pl.lit(name))
        pairs = pairs.with_columns(excuse=excuse.otherwise(pl.lit(None, pl.String)))
    else:
        excused = functools.reduce(operator.or_, (held for held, _ in EXCUSES.values()))
        pairs = pairs.with_columns(relation=pl.when(excused).then(pl.lit("agree")).otherwise("relation"))
    return (
        pairs.drop("_xa", "_xb", "_ta", "_tb", "_ranged", "_claim_a", "_claim_b", "_segno_a", "_segno_b")
        .with_columns(gap=comparison.relative_gap("_a", "_b"))
        .with_columns(weighted=comparison.weighted_gap())
        .lazy()
    )


_SAME_ITEM = pl.col("_segno_a") == pl.col("_segno_b")
# The writer's own distinctions that keep two figures of one key from being set against each other,
# by name, what holds and what it means; the first that holds tells why (`claims conflicts --why`),
# the more particular first.
EXCUSES: dict[str, tuple[pl.Expr, str]] = {
    "sentence_states_both": (
        pl.col("_xa").fill_null(False) | pl.col("_xb").fill_null(False),
        "one claim's sentence also states a figure agreeing with the other: it lists both as two things",
    ),
    "range_holds_both": (pl.col("_ranged"), "a range stated in either item holds both figures"),
    "starting_level": (
        pl.col("_start_a") | pl.col("_start_b"),
        "one figure is a change's starting level: an earlier state",
    ),
    "ratios_without_baseline": (
        _SAME_ITEM & (pl.col("_unit") == "x") & (pl.col("_baseline") == ""),
        "two multipliers of one item that name no baseline: two comparisons",
    ),
    "item_lists_figures": (
        _SAME_ITEM & pl.col("_listed_a"),
        "one item states three or more figures for the key: a list (tiers, ablations, sizes)",
    ),
    "body_figures_of_one_item": (
        _SAME_ITEM & (pl.col("_heading_a") == pl.col("_heading_b")),
        "two figures of one item's body (or of its heading): a list, variants, or old and new terms",
    ),
    "item_states_both": (
        ~_SAME_ITEM & (pl.col("_ta").fill_null(False) | pl.col("_tb").fill_null(False)),
        "one claim's item states, in its body, a figure agreeing with the other: two things",
    ),
}


def _excuse_by_range(pairs: Frame, every: Frame) -> Frame:
    """`_ranged`: a range stated in either claim's item holds both figures (a headline's "1.72 倍"
    and a body's "最高 2.22 倍" beside "1.72 倍至 2.22 倍" are its two ends, not a contradiction).

    Worked out from each claim and the ranges of its own item that hold it, never from every pair
    with every range: a key told in hundreds of items, each with its range, would give that key's
    pairs times its ranges (760 ranges of one funding round: 220 million rows, 18 GB)."""
    holds = every.filter((pl.col("relation") == "agree") & (pl.col("qualifier_a") == "range")).select(
        _range="_claim_a", _range_segment="_segno_a", _held="_claim_b", _held_segment="_segno_b"
    )
    # (near, other): a range in the item of `near` holds both claims
    own = holds.filter(pl.col("_range_segment") == pl.col("_held_segment")).select("_range", _near="_held")
    held = own.join(holds.select("_range", _other="_held"), on="_range").select("_near", "_other")
    either = pl.concat([held, held.select(_near="_other", _other="_near")]).unique()
    ranged = either.select(_claim_a="_near", _claim_b="_other").with_columns(_ranged=pl.lit(True))
    pairs = pairs.join(ranged, on=["_claim_a", "_claim_b"], how="left")
    return pairs.with_columns(pl.col("_ranged").fill_null(False))
