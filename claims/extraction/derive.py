"""Derived figures: an amount and a duration stated together become a rate claim.

"12秒生成1万token" states no speed, yet it means about 833 token/s, which conflicts with another
source's "每秒生成约1500个token". `derive_rates` finds, in the claims table, an amount claim and a
duration claim that sit next to each other in one clause (nothing but a few words between them, no
clause punctuation, no other number) and adds a claim for amount / duration: `derived=True`, kind
`spec`, rule `derived.rate`, the interval propagated from both intervals
(lo = amount.lo / duration.hi, hi = amount.hi / duration.lo), qualifier `approx`.

Which amounts make which rates is data (`RATE_RULES`), not branches.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass

import polars as pl

from claims.model import CLAIM_COLUMNS
from claims.text.punctuation import COMMAS, SEMICOLONS, SENTENCE_STOPS, marks


@dataclass(frozen=True, slots=True)
class RateRule:
    """An amount unit divided by a duration unit gives a rate with its own attribute key."""

    amount_unit: str
    duration_unit: str
    rate_unit: str
    attribute_key: str


RATE_RULES: tuple[RateRule, ...] = (RateRule("token", "s", "token/s", "tokens_per_second"),)

# A rate unit names what is measured, whatever the sentence calls it ("速度", "throughput"): the
# conflict key uses this attribute for every claim in that unit.
UNIT_ATTRIBUTES: dict[str, str] = {rule.rate_unit: rule.attribute_key for rule in RATE_RULES}

RULE_ID = "derived.rate"
# At most this many characters between the two figures ("生成", " in ", "内生成了").
MAX_GAP = 12
_NOT_BETWEEN = re.compile(rf"[{marks(COMMAS, SENTENCE_STOPS, SEMICOLONS)}.\n\d０-９]")


def _sentence_start(sentence: str, a: dict, b: dict) -> int | None:
    """Where `sentence` starts in the document, so both quotes sit at their own offsets in it."""
    at = sentence.find(a["quote"])
    while at >= 0:
        start = a["start"] - at
        rel_b = b["start"] - start
        if rel_b >= 0 and sentence[rel_b : rel_b + len(b["quote"])] == b["quote"]:
            return start
        at = sentence.find(a["quote"], at + 1)
    return None


def _derive(amount: dict, duration: dict, rule: RateRule) -> dict | None:
    """The derived rate claim for one amount/duration pair, or None when they are not adjacent."""
    first, last = (amount, duration) if amount["start"] <= duration["start"] else (duration, amount)
    if last["start"] < first["end"] or last["start"] - first["end"] > MAX_GAP:
        return None
    sentence = amount["sentence"]
    offset = _sentence_start(sentence, first, last)
    if offset is None:
        return None
    between = sentence[first["end"] - offset : last["start"] - offset]
    if _NOT_BETWEEN.search(between) or duration["value"] <= 0:
        return None
    d_lo, d_hi = duration["lo"], duration["hi"]
    lo = amount["lo"] / d_hi if d_hi and d_hi > 0 and math.isfinite(d_hi) else 0.0
    hi = amount["hi"] / d_lo if d_lo and d_lo > 0 else math.inf
    key = f"{RULE_ID}\n{amount['claim_id']}\n{duration['claim_id']}"
    speculative = "speculative" in (amount["modality"], duration["modality"])
    return {
        **{name: amount[name] for name in ("doc_id", "segment_id", "title", "source_url", "published")},
        "claim_id": "dr-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16],
        "start": first["start"],
        "end": last["end"],
        "quote": sentence[first["start"] - offset : last["end"] - offset],
        "sentence": sentence,
        "kind": "spec",
        "subject": amount["subject"] if amount["subject"] is not None else duration["subject"],
        "subject_key": amount["subject_key"]
        if amount["subject_key"] is not None
        else duration["subject_key"],
        "attribute": rule.attribute_key,
        "attribute_key": rule.attribute_key,
        "object": None,
        "baseline": None,
        "value": amount["value"] / duration["value"],
        "lo": lo,
        "hi": hi,
        "unit": rule.rate_unit,
        "qualifier": "approx",
        "modality": "speculative" if speculative else "asserted",
        "lang": amount["lang"],
        "rule_id": RULE_ID,
        "derived": True,
        "subject_source": "derived",
    }


def derive_rates(claims: pl.DataFrame) -> pl.DataFrame:
    """The derived rate claims of a claims table (a claims table itself, maybe empty).

    >>> from claims.model import Claim, claims_frame
    >>> s = "谷歌推出Gemini Diffusion，12秒生成1万token，速度惊人"
    >>> def claim(cid, quote, value, lo, hi, unit):
    ...     at = s.index(quote)
    ...     return Claim(cid, "d", "d#0", None, None, None, at, at + len(quote), quote, s, "spec",
    ...         "Gemini Diffusion", "Gemini Diffusion", None, None, None, None, value, lo, hi, unit,
    ...         "exact", "asserted", "zh", "spec.time")
    >>> df = claims_frame([claim("t", "12秒", 12, 11.5, 12.5, "s"),
    ...                    claim("n", "1万token", 1e4, 5e3, 1.5e4, "token")])
    >>> rate = derive_rates(df).row(0, named=True)
    >>> rate["quote"], round(rate["value"]), round(rate["lo"]), round(rate["hi"]), rate["unit"]
    ('12秒生成1万token', 833, 400, 1304, 'token/s')
    """
    base = claims.filter(~pl.col("derived").fill_null(False)) if "derived" in claims.columns else claims
    rows: list[dict] = []
    for rule in RATE_RULES:
        amounts = base.filter(pl.col("unit") == rule.amount_unit)
        durations = base.filter(pl.col("unit") == rule.duration_unit)
        if amounts.is_empty() or durations.is_empty():
            continue
        pairs = amounts.join(durations, on=["doc_id", "sentence"], suffix="__d")
        for row in pairs.iter_rows(named=True):
            amount = {name: row[name] for name in CLAIM_COLUMNS if name in row}
            duration = {name: row.get(f"{name}__d", row.get(name)) for name in CLAIM_COLUMNS}
            derived = _derive(amount, duration, rule)
            if derived is not None:
                rows.append(derived)
    return pl.DataFrame(rows, schema=CLAIM_COLUMNS) if rows else pl.DataFrame(schema=CLAIM_COLUMNS)


def with_derived(claims: pl.DataFrame) -> pl.DataFrame:
    """`claims` with its derived rates appended (those already present are not added twice)."""
    if not set(CLAIM_COLUMNS) - {"derived"} <= set(claims.columns):
        return claims  # not a full claims table: nothing to derive from
    if "derived" not in claims.columns:
        claims = claims.with_columns(derived=pl.lit(False))
    derived = derive_rates(claims)
    if derived.is_empty():
        return claims
    derived = derived.filter(~pl.col("claim_id").is_in(claims["claim_id"].implode()))
    common = [name for name in claims.columns if name in derived.columns]
    return pl.concat(
        [claims, derived.select(common).cast({n: claims.schema[n] for n in common})], how="diagonal"
    )


def derived_rows(claims: pl.DataFrame) -> pl.DataFrame:
    """Only the derived figures of `claims`, in the claims columns: the rows a conflict may cite
    (`dr-…`) that no extracted claim is, written beside the claims so every cited id joins a row."""
    every = with_derived(claims)
    return every.filter(pl.col("derived").fill_null(False)) if "derived" in every.columns else every.clear()
