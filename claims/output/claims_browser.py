"""The review page's claims browser: every claim (up to `BROWSER_CLAIMS`) in a table that the
page's script searches, filters by kind, subject, source and modality, and sorts by any column, a
page of rows at a time. Each row
can be corrected in place (not a claim, subject, attribute, kind, value): the page keeps the
corrections in the browser and exports them as the corrections file `--corrections` reads
(`claims.extraction.corrections`), so each row carries what names its claim there: id, document,
quote and sentence.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from html import escape

import polars as pl

from claims.model import KINDS
from claims.output.page_parts import Shown, figure_text, highlight, options, source_line

CLAIM_HEADINGS = (  # the claims browser's columns: heading, how a click sorts it
    ("Subject", "text"),
    ("Attribute", "text"),
    ("Figure", "number"),
    ("Kind", "text"),
    ("Sentence", "text"),
    ("Source", "text"),
    ("Id", "text"),
)


def _select(name: str, everything: str, values: Iterable[str], label: str) -> str:
    return (
        f'<label>{label} <select name="{name}"><option value="all">{escape(everything)}</option>'
        f"{options(values)}</select></label>"
    )


def _browse_filters(claims: pl.DataFrame) -> str:
    """Search, and filters by kind, subject, source (document) and modality, over every claim."""

    def distinct(column: str) -> list[str]:
        return sorted(claims[column].drop_nulls().unique().to_list())

    subjects = "".join(f'<option value="{escape(v, quote=True)}">' for v in distinct("subject_key"))
    return (
        '<form class="browse" id="browse" onsubmit="return false">'
        '<input type="search" name="q" placeholder="Search quotes, sentences, subjects, sources" '
        'aria-label="search claims">'
        + _select("kind", "all kinds", distinct("kind"), "Kind")
        + '<label>Subject <input name="subject" list="subjects" placeholder="any subject"></label>'
        f'<datalist id="subjects">{subjects}</datalist>'
        + _select("source", "all sources", distinct("doc_id"), "Source")
        + _select("modality", "asserted and speculative", distinct("modality"), "Modality")
        + f'<span id="rows-shown">{claims.height:,} claims</span></form>'
    )


def _held(held: int, every: int) -> str:
    """The browser's heading: how many claims it holds, of how many.

    >>> _held(2, 5)
    '2 of 5 claims: those of the conflicts, then the newest (the claims table holds all)'
    """
    if held == every:
        return f"All {every:,} claims"
    newest = "those of the conflicts, then the newest (the claims table holds all)"
    return f"{held:,} of {every:,} claims: {newest}"


def _claim_row(claim: dict, hidden: bool = False) -> str:
    what = escape(claim["subject_key"] or claim["subject"] or "")
    if claim["object"]:
        what += f" → {escape(claim['object'])}"
    shown = figure_text(claim, Shown(claim["unit"]))
    data = {
        "kind": claim["kind"],
        "subject": claim["subject_key"] or claim["subject"],
        "source": claim["doc_id"],
        "modality": claim["modality"],
        "id": claim["claim_id"],
        "quote": claim["quote"],
        "context": claim["sentence"],
    }
    attributes = "".join(f' data-{k}="{escape(v or "", quote=True)}"' for k, v in data.items())
    value = claim["value"] if claim["value"] is not None and claim["value"] == claim["value"] else ""
    return (
        f"<tr{attributes}{' hidden' if hidden else ''}><td>{what}</td>"
        f"<td>{escape(claim['attribute_key'] or '')}</td>"
        f'<td class="num" data-unit="{escape(claim["unit"] or "", quote=True)}" data-value="{value}">'
        f"{escape(shown)}</td>"
        f"<td>{escape(claim['kind'] or '')}</td><td>{highlight(claim['sentence'], claim['quote'])}</td>"
        f'<td class="src">{source_line(claim)}</td><td class="cid"><code>{escape(claim["claim_id"])}</code>'
        '<button type="button" class="fix" title="correct this claim">Correct</button></td></tr>'
    )


def _correction_form() -> str:
    """The form a row's *Correct* button opens, once as a template: the changes a correction makes."""
    kinds = options(KINDS)
    fields = "".join(
        f'<label>{label} <input name="{name}" type="text" placeholder="{escape(hint, quote=True)}"></label>'
        for name, label, hint in (
            ("subject", "Subject", "as extracted"),
            ("attribute", "Attribute", "as extracted"),
            ("value", "Value", "as written, e.g. 65亿美元"),
        )
    )
    return (
        f'<template id="fix-form"><tr class="fixing"><td colspan="{len(CLAIM_HEADINGS)}">'
        '<div class="fix-form"><label><input type="checkbox" name="not_a_claim"> not a claim</label>'
        f"{fields}"
        f'<label>Kind <select name="kind"><option value="">as extracted</option>{kinds}</select></label>'
        '<label class="wide">Note <input name="note" type="text" placeholder="why"></label>'
        '<button type="button" class="done">Done</button>'
        '<button type="button" class="undo">Remove the correction</button></div></td></tr></template>'
    )


_ROWS_AT_ONCE = 1_000  # rows of the table made into text at a time (`claims_table_pieces`)
# Rows the browser shows at a time (the first that match; a button shows the next as many). Laid out
# whole, the table of a large corpus took a browser minutes: 116,000 rows, four minutes to open.
PAGE_ROWS = 200


# The most claims the page holds. Every row is in the page's text whether shown or not: 116,000 claims
# made a page of 109 MB that a browser opens in about 9 s; a million made 1.1 GB, which none opens.
# The claims table holds them all.
BROWSER_CLAIMS = 100_000


def browsed_claims(claims: pl.DataFrame, cited: pl.Series, most: int) -> pl.DataFrame:
    """The claims the page holds: all of them when they are at most `most`; else every claim a
    conflict card cites, then the most recent (by date published, undated last), up to `most`.

    >>> table = pl.DataFrame({"claim_id": ["a", "b", "c"], "published": ["2026-01-02", None, "2026-03-01"]})
    >>> browsed_claims(table, pl.Series(["b"]), most=2)["claim_id"].to_list()
    ['b', 'c']
    """
    if claims.height <= most:
        return claims
    first = pl.col("claim_id").is_in(cited.implode())
    published = pl.col("published") if "published" in claims.columns else pl.lit(None, pl.String)
    return (
        claims.with_columns(_cited=first, _published=published)
        .sort(["_cited", "_published", "claim_id"], descending=[True, True, False], nulls_last=True)
        .head(max(most, claims.filter(first).height))
        .drop("_cited", "_published")
    )


def claims_table_pieces(claims: pl.DataFrame, cited: pl.Series | None = None) -> Iterator[str]:
    """The table of the claims the page holds (`browsed_claims`; `cited`: the ids conflict cards
    cite) for the review page, in pieces of at most `_ROWS_AT_ONCE` rows: a
    page written piece by piece never holds the table of a large corpus as one text (its rows, then
    their join, then the page). Rows past the first `PAGE_ROWS` come hidden, so the browser does not
    lay them out before the page's script pages through them."""
    every = claims.height
    none = pl.Series([], dtype=pl.String)
    claims = browsed_claims(claims, none if cited is None else cited, BROWSER_CLAIMS)
    ordered = claims.sort("subject_key", "attribute_key", "value", "claim_id", nulls_last=True)
    head = "".join(
        f'<th data-sort="{how}" aria-sort="none"><button type="button">{name}</button></th>'
        for name, how in CLAIM_HEADINGS
    )
    yield (
        f'<details class="all" open><summary>{_held(claims.height, every)}</summary>'
        f"{_browse_filters(claims)}"
        f'<table class="claims" data-page="{PAGE_ROWS}"><thead><tr>{head}</tr></thead><tbody>'
    )
    rows = enumerate(ordered.iter_rows(named=True))
    while piece := "".join(
        _claim_row(claim, hidden=at >= PAGE_ROWS) for at, claim in itertools.islice(rows, _ROWS_AT_ONCE)
    ):
        yield piece
    more = '<button type="button" id="more-rows">Show more</button>' if claims.height > PAGE_ROWS else ""
    yield f"</tbody></table>{more}{_correction_form()}</details>"
