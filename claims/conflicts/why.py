"""Why two claims are, or are not, flagged against each other (`claims conflicts --why A B`): the
first decision on the way that keeps them apart, by its name, or the relation that flags them.

A fact-checker who finds two figures that seem to disagree and no flag for them asks this. The
answer follows `find_conflicts` step by step: are both compared at all, do they share a key (the
same subject, attribute, object, baseline, unit, condition, kind), does one sentence state both,
do the figures agree, does a writer's own distinction excuse them (`pairs.EXCUSES`), does an
identity rule tie the key to one thing, and may the two be one report (the time between them, a
relative figure's missing baseline).
"""

from __future__ import annotations

import polars as pl

from claims.conflicts.comparable import KEY, comparable_claims
from claims.conflicts.conditions import Conditions
from claims.conflicts.find import identities_of, report_checks, several_things
from claims.conflicts.pairs import EXCUSES, claim_pairs
from claims.errors import TableError
from claims.extraction.derive import with_derived

# The parts of a key as a reader names them, in the order they are told apart.
KEY_PARTS = {
    "_subject": "subject",
    "_attribute": "attribute",
    "_object": "object",
    "_baseline": "baseline",
    "_unit": "unit",
    "_condition": "condition",
    "_kind": "kind",
    "_scope": "scope (a claim without a subject is compared within its document)",
}


def why(claims: pl.DataFrame, first: str, second: str, conditions: Conditions | None = None) -> list[str]:
    """Lines telling whether the claims `first` and `second` (ids) are set against each other, and
    the decision that says so: the last line names it (`flagged: conflict`, `excused:
    sentence_states_both`, `apart: different subject`, …)."""
    claims = with_derived(claims)  # a conflict may cite a rate derived from two claims (`dr-…`)
    for claim_id in (first, second):
        if claims.filter(pl.col("claim_id") == claim_id).is_empty():
            raise TableError(f"no claim {claim_id!r} in the claims table", hint="give two claim_id values")
    lines = [_shown(claims, first), _shown(claims, second)]
    if first == second:
        return [*lines, "apart: one claim"]
    keyed = comparable_claims(claims, conditions)
    held = {
        row["claim_id"]: row for row in keyed.filter(pl.col("claim_id").is_in([first, second])).to_dicts()
    }
    missing = [claim_id for claim_id in (first, second) if claim_id not in held]
    if missing:
        return [*lines, _not_compared(missing)]
    a, b = held[first], held[second]
    if any(a[part] != b[part] for part in KEY_PARTS):
        return [*lines, *_different_keys(a, b)]
    lines.append(
        "key: " + ", ".join(f"{_part(name)} {a[part]!r}" for part, name in KEY_PARTS.items() if a[part])
    )
    key = keyed.filter(*[pl.col(part) == a[part] for part in KEY])
    pairs = claim_pairs(key, named=True).collect()
    pair = pairs.filter(
        ((pl.col("claim_id_a") == first) & (pl.col("claim_id_b") == second))
        | ((pl.col("claim_id_a") == second) & (pl.col("claim_id_b") == first))
    )
    if pair.is_empty():
        return [*lines, "apart: one_sentence: one sentence states both (two facts, never paired)"]
    row = pair.row(0, named=True)
    if row["relation"] == "agree":
        return [*lines, "agree: the figures agree"]
    lines.append(f"figures: {row['relation']}")
    if row["excuse"] is not None:
        return [*lines, f"excused: {row['excuse']}: {EXCUSES[row['excuse']][1]}"]
    return [*lines, _one_fact(key, pair)]


def _not_compared(missing: list[str]) -> str:
    who = " and ".join(missing) + (" is" if len(missing) == 1 else " are")
    reasons = (
        "no figure, a repeat of another, nothing it measures named, or an amount compared through the "
        "rate derived from it"
    )
    return f"apart: not_compared: {who} not compared as it stands ({reasons})"


def _different_keys(a: dict, b: dict) -> list[str]:
    """The parts of two keys that differ, then the first of them as the decision."""
    differ = [(part, name) for part, name in KEY_PARTS.items() if a[part] != b[part]]
    told = ", ".join(f"{name} {a[part]!r} vs {b[part]!r}" for part, name in differ)
    return [f"key: {told}", f"apart: different {_part(differ[0][1])}"]


def _one_fact(key: pl.DataFrame, pair: pl.DataFrame) -> str:
    """For a pair of one key whose figures disagree, unexcused: whether the key is one fact and the
    two may be one report (`find_conflicts`' steps after pairing), or the flag."""
    identities = identities_of(key)
    if identities.is_empty():
        return (
            "possible: no_identity: no identity rule ties the key to one thing (shown with --possible only)"
        )
    if not several_things(key).is_empty():
        return (
            "apart: several_things: one sentence states two figures for the key, which names several things"
        )
    checked = report_checks(pair.join(identities, on=list(KEY), how="inner")).row(0, named=True)
    if checked["_unanchored"]:
        return "apart: relative_without_baseline: a speedup or change naming no baseline, in two articles"
    if checked["_one_doc"] and not checked["_one_document"]:
        return "apart: one_document_identity: the key is one thing only within an item and the one beside it"
    if not checked["_close"]:
        published = f"published {checked['published_a']} and {checked['published_b']}"
        return f"apart: time_apart: a fact that changes over time, {published}"
    return f"flagged: {checked['relation']} (one fact because: {checked['evidence']})"


def _part(name: str) -> str:
    """A key part's name without its gloss (`scope (a claim without …)` -> `scope`)."""
    return name.split(" ")[0]


def _shown(claims: pl.DataFrame, claim_id: str) -> str:
    row = claims.filter(pl.col("claim_id") == claim_id).row(0, named=True)
    what = " / ".join(str(row[c]) for c in ("subject_key", "attribute_key", "object") if row.get(c))
    return f"{claim_id}: {row['quote']} ({row['kind']}; {what or 'no subject'}) in {row['doc_id']}"
