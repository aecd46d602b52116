"""Confirmed conflicts as schema.org `ClaimReview` JSON-LD, for publishing a fact-check.

Each group a reviewer marked `confirmed` becomes one `ClaimReview`: `claimReviewed` names the fact
and the competing figures, `itemReviewed` is a `Claim` whose `appearance` lists every source
(url, headline, date, the verbatim quote), `reviewRating` says "Conflicting figures" with the
one-line explanation, and `author`/`datePublished` come from the review.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from claims.atomic import write_text
from claims.derive import with_derived
from claims.errors import RenderError

RATING = "Conflicting figures"


def _appearance(claim: dict) -> dict:
    work = {"@type": "CreativeWork", "text": claim["quote"]}
    if claim.get("source_url"):
        work["url"] = claim["source_url"]
    if claim.get("title"):
        work["headline"] = claim["title"]
    if claim.get("published"):
        work["datePublished"] = claim["published"]
    return work


def _fact(row: dict) -> str:
    parts = [p for p in (row["subject_key"], row["attribute_key"], row["object"]) if p]
    return " / ".join(parts) or "unnamed fact"


def claim_reviews(conflicts: pl.DataFrame, claims: pl.DataFrame, reviews: pl.DataFrame | None = None) -> dict:
    """A JSON-LD document (`@context` + `@graph`) with one ClaimReview per confirmed conflict.

    `reviews` (from `claims.reviews.load_reviews`) supplies reviewer and date when given.

    >>> conflicts = pl.DataFrame({"conflict_id": ["cf-1"], "subject_key": ["OpenAI"],
    ...     "attribute_key": ["acquisition_price"], "object": ["io"], "values": [["64亿美元", "65亿"]],
    ...     "claim_ids": [["a", "b"]], "explanation": ["64亿美元 (1 item) vs 65亿 (1 item): ..."],
    ...     "verdict": ["confirmed"], "review_note": [None], "correct_value": [None]})
    >>> claims = pl.DataFrame({"claim_id": ["a", "b"], "quote": ["64亿美元", "65亿"],
    ...     "source_url": ["https://a.example", None], "title": ["A", "B"], "published": [None, None]})
    >>> review = claim_reviews(conflicts, claims)["@graph"][0]
    >>> review["claimReviewed"], len(review["itemReviewed"]["appearance"])
    ('OpenAI / acquisition_price / io: 64亿美元 vs 65亿', 2)
    """
    # Derived rates are not in the claims file; rebuilt, they appear with the words they come from.
    by_id = {row["claim_id"]: row for row in with_derived(claims).iter_rows(named=True)}
    meta: dict[str, dict] = {}
    if reviews is not None:
        meta = {row["conflict_id"]: row for row in reviews.iter_rows(named=True)}
    graph = []
    for row in conflicts.filter(pl.col("verdict") == "confirmed").iter_rows(named=True):
        review = meta.get(row["conflict_id"], {})
        members = [by_id[c] for c in row["claim_ids"] if c in by_id]
        dated = sorted((m for m in members if m.get("published")), key=lambda m: m["published"])
        node: dict = {
            "@type": "ClaimReview",
            "identifier": row["conflict_id"],
            "claimReviewed": f"{_fact(row)}: {' vs '.join(row['values'])}",
            "itemReviewed": {"@type": "Claim", "appearance": [_appearance(m) for m in members]},
            "reviewRating": {
                "@type": "Rating",
                "alternateName": RATING,
                "ratingExplanation": row["explanation"],
            },
        }
        if dated:
            node["itemReviewed"]["firstAppearance"] = _appearance(dated[0])
            node["itemReviewed"]["datePublished"] = dated[0]["published"]
        if row.get("review_note"):
            node["reviewBody"] = row["review_note"]
        if review.get("reviewer"):
            node["author"] = {"@type": "Person", "name": review["reviewer"]}
        if review.get("date"):
            node["datePublished"] = review["date"]
        graph.append(node)
    return {"@context": "https://schema.org", "@graph": graph}


def write_claim_reviews(document: dict, path: Path | str) -> Path:
    """Write a JSON-LD document as UTF-8 text (non-ASCII kept readable)."""
    path = Path(path)
    try:
        write_text(path, json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    except OSError as error:
        raise RenderError(f"cannot write JSON-LD: {error.strerror}", path=str(path)) from None
    return path
