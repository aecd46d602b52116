"""Reviewed conflicts as schema.org `ClaimReview` JSON-LD, for publishing a fact-check.

Each group with a verdict becomes one `ClaimReview`: `url` is the group's card on the review page,
`claimReviewed` names the fact and the competing figures, `itemReviewed` is a `Claim` whose
`appearance` lists every source (url, headline, date, the verbatim quote) and `firstAppearance` the
earliest, `reviewRating` places the verdict on the scale of `RATINGS` with the one-line explanation,
`author` is the reviewer and `datePublished` the review's date (today when the review has none).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl

from claims.extraction.derive import with_derived
from claims.output.atomic import write_text

# How far the reports of one figure hold up, worst to best (`worstRating` 1, `bestRating` 3), and the
# rating's name, by verdict (every one of `claims.model.VERDICTS`). `needs_more` places nothing on the
# scale: it is not settled.
WORST, BEST = 1, 3
RATINGS: dict[str, tuple[int | None, str]] = {
    "confirmed": (1, "Conflicting figures"),
    "resolved": (2, "Conflicting figures, resolved"),
    "not_a_conflict": (3, "Figures agree"),
    "not_same_fact": (3, "Not the same fact"),
    "needs_more": (None, "Unproven: needs more evidence"),
}
RATING = RATINGS["confirmed"][1]
PAGE = "report.html"  # where the cards are, unless the caller names the published page


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


def _rating(row: dict) -> dict:
    value, name = RATINGS[row["verdict"]]
    rating: dict = {"@type": "Rating", "alternateName": name, "worstRating": WORST, "bestRating": BEST}
    if value is not None:
        rating["ratingValue"] = value
    explanation = row.get("explanation") or ""
    if row.get("correct_value"):
        explanation += f" Correct value: {row['correct_value']}."
    rating["ratingExplanation"] = explanation.strip()
    return rating


def claim_reviews(
    conflicts: pl.DataFrame,
    claims: pl.DataFrame,
    reviews: pl.DataFrame | None = None,
    *,
    page: str = PAGE,
    author: str | None = None,
    today: str | None = None,
) -> dict:
    """A JSON-LD document (`@context` + `@graph`) with one ClaimReview per conflict with a verdict.

    `reviews` (from `claims.conflicts.reviews.load_reviews`) supplies reviewer and date; `author` names the
    reviewer when a review does not, `today` the date (default: today's); `page` is the review page's
    address, which `url` points into.

    >>> conflicts = pl.DataFrame({"conflict_id": ["cf-1"], "subject_key": ["OpenAI"],
    ...     "attribute_key": ["acquisition_price"], "object": ["io"], "values": [["64亿美元", "65亿"]],
    ...     "claim_ids": [["a", "b"]], "explanation": ["64亿美元 (1 item) vs 65亿 (1 item): ..."],
    ...     "verdict": ["confirmed"], "review_note": [None], "correct_value": [None]})
    >>> claims = pl.DataFrame({"claim_id": ["a", "b"], "quote": ["64亿美元", "65亿"],
    ...     "source_url": ["https://a.example", None], "title": ["A", "B"], "published": [None, None]})
    >>> review = claim_reviews(conflicts, claims, author="lin", today="2026-11-20")["@graph"][0]
    >>> review["claimReviewed"], len(review["itemReviewed"]["appearance"]), review["url"]
    ('OpenAI / acquisition_price / io: 64亿美元 vs 65亿', 2, 'report.html#c-cf-1')
    """
    # Derived rates are not in the claims file; rebuilt, they appear with the words they come from.
    by_id = {row["claim_id"]: row for row in with_derived(claims).iter_rows(named=True)}
    meta: dict[str, dict] = {}
    if reviews is not None:
        meta = {row["conflict_id"]: row for row in reviews.iter_rows(named=True)}
    today = today or dt.date.today().isoformat()
    graph = []
    for row in conflicts.filter(pl.col("verdict").is_in(list(RATINGS))).iter_rows(named=True):
        review = meta.get(row["conflict_id"], {})
        members = [by_id[c] for c in row["claim_ids"] if c in by_id]
        dated = sorted((m for m in members if m.get("published")), key=lambda m: m["published"])
        values = row.get("values") or list(dict.fromkeys(m["quote"] for m in members))
        node: dict = {
            "@type": "ClaimReview",
            "identifier": row["conflict_id"],
            "url": f"{page}#c-{row['conflict_id']}",
            "claimReviewed": f"{_fact(row)}: {' vs '.join(values)}",
            "itemReviewed": {"@type": "Claim", "appearance": [_appearance(m) for m in members]},
            "reviewRating": _rating(row),
            "datePublished": review.get("date") or today,
        }
        if dated:
            node["itemReviewed"]["firstAppearance"] = _appearance(dated[0])
            node["itemReviewed"]["datePublished"] = dated[0]["published"]
        if row.get("review_note"):
            node["reviewBody"] = row["review_note"]
        name = review.get("reviewer") or author
        if name:
            node["author"] = {"@type": "Person", "name": name}
        graph.append(node)
    return {"@context": "https://schema.org", "@graph": graph}


def write_claim_reviews(document: dict, path: Path | str) -> Path:
    """Write a JSON-LD document as UTF-8 text (non-ASCII kept readable)."""
    path = Path(path)
    write_text(path, json.dumps(document, ensure_ascii=False, indent=2) + "\n")  # refusals: one line
    return path
