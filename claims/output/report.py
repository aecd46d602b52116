"""The fact-checker's review page: one self-contained HTML file, conflicts first, worst first.

Each conflict shows its competing figures side by side, under each the verbatim sentences with the
figure highlighted, the source title, date and link; then status, severity and the recorded verdict.
A summary heads the page and a small inline script filters by status, kind and review state. All
text from the data is escaped; links are kept only when they are http(s). The page has no date and
no random ids, so the same input gives the same bytes.

>>> from claims.model import claims_frame
>>> page = review_page(claims_frame([]), None)
>>> "0 claims" in page and "<script>" in page
True
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import escape
from pathlib import Path

import polars as pl

from claims.model import SETTLED_VERDICTS, STATUS, STATUSES, VERDICT_LABELS, VERDICTS, source_name, source_of
from claims.output.atomic import replacing
from claims.output.claims_browser import claims_table_pieces
from claims.output.page_parts import Shown, figure_text, highlight, options, source_line
from claims.resources import PACKAGE_DIR
from claims.text.plain import shown_text

TEMPLATE = PACKAGE_DIR / "templates" / "report.html"
STATUS_ORDER = STATUSES  # worst first
STATUS_NAMES = {name: status.label for name, status in STATUS.items()}
SETTLED = frozenset(SETTLED_VERDICTS)
CONFLICT_COLUMNS = ("conflict_id", "subject_key", "attribute_key", "status", "severity", "claim_ids")


def severity_text(severity: float | None) -> str:
    """A group's severity on its documented 0-10 scale (docs/conflicts.md), three digits at most.

    It weights the relative gap by status, so a card shows it beside the explanation's gap.

    >>> severity_text(0.125), severity_text(0.00063), severity_text(2.04), severity_text(10.0)
    ('severity 0.125', 'severity 0.00063', 'severity 2.04', 'severity 10')
    """
    if severity is None:
        return "severity unknown"
    return f"severity {severity:.3g}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def order_conflicts(conflicts: pl.DataFrame) -> pl.DataFrame:
    """Open before settled, then conflict, rumour, tension, then by severity (largest first)."""
    rank = {status: i for i, status in enumerate(STATUS_ORDER)}
    return conflicts.with_columns(
        pl.col("verdict").is_in(list(SETTLED)).fill_null(False).alias("_settled"),
        pl.col("status").replace_strict(rank, default=len(rank), return_dtype=pl.Int64).alias("_rank"),
    ).sort(["_settled", "_rank", "severity", "conflict_id"], descending=[False, False, True, False])


def _figure_html(members: list[dict]) -> str:
    first = members[0]
    written = " = ".join(dict.fromkeys(shown_text(m["quote"]) for m in members))
    normal = figure_text(first, Shown(first["unit"]))
    # One sentence of one source is quoted once, however many items repeat it (a story that
    # several digests carry), with how many more items give it.
    same: dict[tuple, list[dict]] = {}
    for member in members:
        same.setdefault((member["sentence"], member["quote"], source_name(member)), []).append(member)
    claims = "".join(_quoted(repeats) for repeats in same.values())
    return (
        f'<section class="figure"><div class="value">{escape(written)}<small>{escape(normal)}</small></div>'
        f"{claims}</section>"
    )


def _quoted(repeats: list[dict]) -> str:
    """A figure's sentence, marked, with its source line; `repeats` are the items that give it."""
    m = repeats[0]
    more = f" · also in {_count(len(repeats) - 1, 'more item')} of this source" if len(repeats) > 1 else ""
    return (
        f'<div class="claim"><blockquote lang="{escape(m["lang"] or "", quote=True)}">'
        f"{highlight(m['sentence'], m['quote'])}</blockquote>"
        f'<div class="src">{source_line(m)}{escape(more)}</div></div>'
    )


def _conflict_html(conflict: dict, claims: dict[str, dict], on_file: dict | None = None) -> str:
    members = [claims[c] for c in conflict["claim_ids"] or () if c in claims]
    missing = [c for c in conflict["claim_ids"] or () if c not in claims]
    groups: dict[tuple, list[dict]] = {}
    for member in sorted(members, key=lambda m: (m["value"], m["lo"], m["hi"], m["claim_id"])):
        groups.setdefault((member["value"], member["lo"], member["hi"]), []).append(member)
    status = conflict["status"] if conflict["status"] in STATUS_NAMES else "conflict"
    verdict = conflict.get("verdict")
    settled = verdict in SETTLED
    kinds = " ".join(sorted({m["kind"] for m in members if m["kind"]}))
    what = escape(conflict["subject_key"] or "?") + " · " + escape(conflict["attribute_key"] or "?")
    if conflict.get("object"):
        what += f' <span class="object">→ {escape(conflict["object"])}</span>'
    badge = (
        f'<span class="badge verdict v-{escape(verdict, quote=True)}">'
        f"{escape(VERDICT_LABELS.get(verdict, verdict.replace('_', ' ')))}</span>"
        if verdict
        else '<span class="badge open">open</span>'
    )
    if conflict.get("tier") == "possible":  # shown only when asked: identity not established
        badge = '<span class="badge possible">possible</span>' + badge
    gap = severity_text(conflict["severity"])
    review = []
    if conflict.get("review_note"):
        review.append(f"Note: {escape(conflict['review_note'])}")
    if conflict.get("correct_value"):
        review.append(f"Correct value: <b>{escape(conflict['correct_value'])}</b>")
    if missing:
        review.append(f"Claims not in the claims table: {escape(', '.join(missing))}")
    figures = "".join(_figure_html(group) for group in groups.values())
    sources = conflict.get("n_sources") or len({source_name(m) for m in members})
    return (
        f'<article class="conflict st-{status}{" settled" if settled else ""}" '
        f'id="c-{escape(conflict["conflict_id"], quote=True)}" data-status="{status}" '
        f'data-kinds="{escape(kinds, quote=True)}" data-review="{"reviewed" if verdict else "open"}">'
        f'<div class="head"><span class="badge {status}">{STATUS_NAMES[status]}</span><h3>{what}</h3>'
        f'<span class="sev">{gap} · {_count(len(members), "claim")} · {_count(sources, "source")}</span>'
        f'{badge}<code class="cid">{escape(conflict["conflict_id"])}</code></div>'
        f'<p class="explanation">{escape(conflict.get("explanation") or "")}</p>'
        + _evidence_html(conflict)
        + f'<div class="figures">{figures}</div>'
        + (f'<div class="review">{"<br>".join(review)}</div>' if review else "")
        + _verdict_controls(conflict, on_file)
        + "</article>"
    )


def _verdict_controls(conflict: dict, on_file: dict | None = None) -> str:
    """A verdict button per verdict (`VERDICTS`, named as `VERDICT_LABELS` says), a correct value and
    a note: what the page's script keeps in the browser and exports as a reviews file. The group's
    claim ids and the verdict already on file (with its reviewer and date, from `on_file`, the review
    as read) ride along as data, so the export is the whole file."""
    buttons = "".join(
        f'<button type="button" class="vbtn v-{v}" data-verdict="{v}" aria-pressed="false"'
        f"{' data-settles' if v in SETTLED else ''}>"
        f"{escape(VERDICT_LABELS[v])}</button>"
        for v in VERDICTS
    )
    on_file = {
        "data-file-verdict": conflict.get("verdict"),
        "data-file-note": conflict.get("review_note"),
        "data-file-correct": conflict.get("correct_value"),
        "data-file-reviewer": (on_file or {}).get("reviewer") if conflict.get("verdict") else None,
        "data-file-date": (on_file or {}).get("date") if conflict.get("verdict") else None,
    }
    data = "".join(f' {name}="{escape(value, quote=True)}"' for name, value in on_file.items() if value)
    ids = " ".join(conflict["claim_ids"] or ())
    named = (conflict["subject_key"], conflict["attribute_key"], conflict.get("object"))
    fact = " · ".join(part for part in named if part)
    return (
        f'<div class="verdict-controls" data-claim-ids="{escape(ids, quote=True)}"'
        f' data-fact="{escape(fact, quote=True)}"{data}>'
        f'<span class="vlabel">Your verdict</span>{buttons}'
        '<input class="correct" type="text" placeholder="correct value, e.g. 65亿美元" '
        'aria-label="correct value">'
        '<textarea class="note" rows="1" placeholder="note: why, and the source that settles it" '
        'aria-label="note"></textarea><span class="vstate"></span></div>'
    )


def _evidence_html(conflict: dict) -> str:
    """Why the figures are taken as one fact, and how sure: a flag's claim to identity."""
    evidence = conflict.get("evidence")
    if not evidence:
        return ""
    confidence = conflict.get("confidence")
    sure = f" (confidence {confidence:.1f})" if isinstance(confidence, float) else ""
    if conflict.get("tier") == "possible":
        return f'<p class="evidence">Not established as one fact: {escape(evidence)}{sure}</p>'
    return f'<p class="evidence">One fact because: {escape(evidence)}{sure}</p>'


def _stat(value: int, label: str, css: str = "") -> str:
    return f'<div class="stat {css}"><b>{value:,}</b><span>{escape(label)}</span></div>'


def _summary(claims: pl.DataFrame, conflicts: pl.DataFrame) -> str:
    counts = dict(conflicts.group_by("status").len().iter_rows()) if conflicts.height else {}
    settled = conflicts.filter(pl.col("verdict").is_in(list(SETTLED))).height if conflicts.height else 0
    reviewed = conflicts.filter(pl.col("verdict").is_not_null()).height if conflicts.height else 0
    parts = [
        _stat(claims.height, "claims"),
        _stat(claims.select(source_of().n_unique()).item() if claims.height else 0, "sources"),
        _stat(claims["doc_id"].n_unique(), "documents"),
    ]
    parts += [_stat(counts.get(s, 0), s, s) for s in STATUS_ORDER]
    parts.append(_stat(reviewed, f"reviewed, {settled} settled", "settled reviewed"))
    parts.append(_stat(conflicts.height - reviewed, "open", "open"))
    return f'<div class="summary">{"".join(parts)}</div>'


def _filters(claims: pl.DataFrame, conflicts: pl.DataFrame) -> str:
    boxes = "".join(
        f'<label><input type="checkbox" name="status" value="{s}" checked> {STATUS_NAMES[s]}</label>'
        for s in STATUS_ORDER
    )
    kinds = sorted(claims["kind"].drop_nulls().unique().to_list())
    return (
        f'<form class="filters" id="filters" onsubmit="return false">{boxes}'
        '<label>Kind <select name="kind"><option value="all">all kinds</option>'
        f"{options(kinds)}</select></label>"
        '<label>Review <select name="review"><option value="all">all</option>'
        '<option value="open">open</option><option value="reviewed">reviewed</option></select></label>'
        f'<span id="shown">{conflicts.height} conflicts</span></form>'
    )


def _empty_conflicts() -> pl.DataFrame:
    schema = {
        "conflict_id": pl.String,
        "subject_key": pl.String,
        "attribute_key": pl.String,
        "object": pl.String,
        "status": pl.String,
        "severity": pl.Float64,
        "claim_ids": pl.List(pl.String),
        "n_sources": pl.Int64,
        "explanation": pl.String,
        "verdict": pl.String,
        "review_note": pl.String,
        "correct_value": pl.String,
    }
    return pl.DataFrame(schema=schema)


def _with_derived(claims: pl.DataFrame, cited: set[str]) -> pl.DataFrame:
    """The claims, plus the derived rates (833 token/s from "1万 token in 12 s") that conflicts cite
    (`cited`: the claim ids the conflicts name)."""
    if cited <= set(claims["claim_id"].to_list()):
        return claims
    try:
        from claims.extraction.derive import with_derived
    except ImportError:  # no rate derivation installed: the missing claims are listed as such
        return claims
    return with_derived(claims)


KEPT_FIELDS = ("conflict_id", "verdict", "correct_value", "note", "reviewer", "date", "claim_ids")


def kept_reviews(reviews: pl.DataFrame | None, shown: set[str]) -> str:
    """The reviews of groups not on the page (stale, or hidden possible groups) as JSON, escaped for an
    attribute, for the page's script, which writes them into the exported reviews file as they were:
    replacing the file with the export loses no verdict.

    >>> reviews = pl.DataFrame({"conflict_id": ["cf-1", "cf-2"], "verdict": ["confirmed", "resolved"],
    ...     "correct_value": [None, '"65亿"']})
    >>> import html
    >>> json.loads(html.unescape(kept_reviews(reviews, {"cf-1"})))
    [{'conflict_id': 'cf-2', 'verdict': 'resolved', 'correct_value': '"65亿"'}]
    """
    if reviews is None or reviews.is_empty():
        return escape("[]")
    rows = [
        {k: v for k, v in row.items() if k in KEPT_FIELDS and v not in (None, [])}
        for row in reviews.iter_rows(named=True)
        if row["conflict_id"] not in shown
    ]
    return escape(json.dumps(rows, ensure_ascii=False), quote=True)


def review_page(
    claims: pl.DataFrame,
    conflicts: pl.DataFrame | None,
    *,
    title: str = "Claims review",
    reviews: pl.DataFrame | None = None,
) -> str:
    """The review page for a claims table and its conflicts table (None: no conflicts) as HTML text.

    `reviews` (the reviews file as read, `claims.conflicts.reviews.load_reviews`) gives each verdict
    on file its reviewer and date, and keeps the reviews of groups not on the page in the page's
    export."""
    return "".join(review_page_pieces(claims, conflicts, title=title, reviews=reviews))


def review_page_pieces(
    claims: pl.DataFrame,
    conflicts: pl.DataFrame | None,
    *,
    title: str = "Claims review",
    reviews: pl.DataFrame | None = None,
) -> Iterator[str]:
    """`review_page` in pieces, in order: the table of every claim comes a thousand rows at a time."""
    conflicts = _empty_conflicts() if conflicts is None else conflicts
    optional = {name: pl.String for name in ("subject_key", "attribute_key", "object", "explanation")}
    optional |= {"verdict": pl.String, "review_note": pl.String, "correct_value": pl.String}
    optional |= {"severity": pl.Float64, "n_sources": pl.Int64}
    for name, dtype in optional.items():
        if name not in conflicts.columns:
            conflicts = conflicts.with_columns(pl.lit(None, dtype).alias(name))
    # only the claims a card shows, as rows: a row per claim of a large table held ~2 KB each
    cited = (
        conflicts["claim_ids"].explode().drop_nulls().unique()
        if conflicts.height
        else pl.Series([], dtype=pl.String)
    )
    shown = _with_derived(claims, set(cited.to_list())).filter(pl.col("claim_id").is_in(cited.implode()))
    by_id = {c["claim_id"]: c for c in shown.iter_rows(named=True)}
    on_file = {} if reviews is None else {r["conflict_id"]: r for r in reviews.iter_rows(named=True)}
    cards = [
        _conflict_html(c, by_id, on_file.get(c["conflict_id"]))
        for c in order_conflicts(conflicts).iter_rows(named=True)
    ]
    if not cards:
        cards = ['<p class="empty">No conflicting figures were found.</p>']
    parts: dict[str, str | Iterator[str]] = {
        "title": escape(title),
        "summary": _summary(claims, conflicts),
        "filters": _filters(claims, conflicts),
        "conflicts": "\n".join(cards),
        "claims": claims_table_pieces(claims, cited),
        "kept": kept_reviews(reviews, set(conflicts["conflict_id"].to_list())),
    }
    template = TEMPLATE.read_text(encoding="utf-8")
    # the template's text and its {{name}} slots in turn, each slot filled once, as one substitution would
    for index, piece in enumerate(_SLOT.split(template)):
        if index % 2 == 0:
            yield piece
        elif isinstance(part := parts[piece], str):
            yield part
        else:
            yield from part


_SLOT = re.compile(r"\{\{(\w+)\}\}")


def write_report(
    claims: pl.DataFrame,
    conflicts: pl.DataFrame | None,
    path: Path | str,
    *,
    title: str = "Claims review",
    reviews: pl.DataFrame | None = None,
) -> Path:
    """Write the review page to `path` (UTF-8), making parent folders, piece by piece (a large
    corpus's page is never held whole), all or nothing; returns the path."""
    with replacing(path) as tmp, tmp.open("w", encoding="utf-8") as out:
        for piece in review_page_pieces(claims, conflicts, title=title, reviews=reviews):
            out.write(piece)
    return Path(path)
