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

import re
from collections.abc import Iterable
from html import escape
from pathlib import Path

import polars as pl

from claims.atomic import write_text
from claims.figures import figure_text
from claims.model import SETTLED_VERDICTS, STATUSES, VERDICT_LABELS, VERDICTS
from claims.plain import plain_text, shown_text
from claims.render import safe_url

TEMPLATE = Path(__file__).resolve().parent / "templates" / "report.html"
STATUS_ORDER = STATUSES  # worst first
STATUS_NAMES = {"conflict": "Conflict", "rumour": "Rumour vs announcement", "tension": "Tension"}
SETTLED = frozenset(SETTLED_VERDICTS)
CONFLICT_COLUMNS = ("conflict_id", "subject_key", "attribute_key", "status", "severity", "claim_ids")


class _Shown:
    """How a figure is written on the page: currencies with their symbol, big numbers scaled.

    >>> figure_text({"value": 6.4e9, "lo": 6.35e9, "hi": 6.45e9, "unit": "USD", "qualifier": "exact"},
    ...             _Shown("USD"))
    '$6.4B'
    """

    def __init__(self, unit: str | None) -> None:
        unit = unit or ""
        self.format = "currency" if re.fullmatch(r"[A-Z]{3}", unit) else "number"
        self.display = None
        self.decimals = 2
        if unit in ("", "count", "token", "params") or self.format == "currency":
            self.display = "auto"


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


def highlight(sentence: str | None, quote: str) -> str:
    """The sentence escaped and shown without Markdown emphasis, with the first occurrence of
    `quote` wrapped in `<mark>`.

    >>> highlight("It costs <b>$5</b> now.", "$5")
    'It costs &lt;b&gt;<mark>$5</mark>&lt;/b&gt; now.'
    >>> highlight("估值超 **120 亿美元**。", "120 亿美元**")
    '估值超 <mark>120 亿美元</mark>。'
    """
    sentence = sentence or ""
    at = sentence.find(quote) if quote else -1
    if at < 0:
        shown = escape(shown_text(sentence))
        mark = f"<mark>{escape(shown_text(quote))}</mark>"
        return f"{shown} {mark}" if shown else mark
    end = at + len(quote)
    plain = plain_text(sentence)
    if plain is not None:
        text, at, end = plain.text, plain.to_plain(at), plain.to_plain(end)
    else:
        text = sentence
    return f"{escape(text[:at])}<mark>{escape(text[at:end])}</mark>{escape(text[end:])}"


def order_conflicts(conflicts: pl.DataFrame) -> pl.DataFrame:
    """Open before settled, then conflict, rumour, tension, then by severity (largest first)."""
    rank = {status: i for i, status in enumerate(STATUS_ORDER)}
    return conflicts.with_columns(
        pl.col("verdict").is_in(list(SETTLED)).fill_null(False).alias("_settled"),
        pl.col("status").replace_strict(rank, default=len(rank), return_dtype=pl.Int64).alias("_rank"),
    ).sort(["_settled", "_rank", "severity", "conflict_id"], descending=[False, False, True, False])


def _source_line(claim: dict) -> str:
    title = escape(claim["title"] or claim["segment_id"] or claim["doc_id"] or "untitled")
    url = safe_url(claim["source_url"])
    parts = [f'<a href="{escape(url, quote=True)}">{title}</a>' if url else title]
    if claim["published"]:
        parts.append(escape(claim["published"]))
    if not url and claim["source_url"]:
        parts.append(f"link withheld: {escape(claim['source_url'])}")
    parts.append(escape(claim["doc_id"]))
    tag = '<span class="tag">speculative</span>' if claim["modality"] == "speculative" else ""
    return " · ".join(parts) + tag


def _figure_html(members: list[dict]) -> str:
    first = members[0]
    written = " = ".join(dict.fromkeys(shown_text(m["quote"]) for m in members))
    normal = figure_text(first, _Shown(first["unit"]))
    claims = "".join(
        f'<div class="claim"><blockquote lang="{escape(m["lang"] or "", quote=True)}">'
        f"{highlight(m['sentence'], m['quote'])}</blockquote>"
        f'<div class="src">{_source_line(m)}</div></div>'
        for m in members
    )
    return (
        f'<section class="figure"><div class="value">{escape(written)}<small>{escape(normal)}</small></div>'
        f"{claims}</section>"
    )


def _conflict_html(conflict: dict, claims: dict[str, dict]) -> str:
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
    sources = conflict.get("n_sources") or len({m["segment_id"] for m in members})
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
        + _verdict_controls(conflict)
        + "</article>"
    )


def _verdict_controls(conflict: dict) -> str:
    """A verdict button per verdict (`VERDICTS`, named as `VERDICT_LABELS` says), a correct value and
    a note: what the page's script keeps in the browser and exports as a reviews file. The group's
    claim ids and the verdict already on file ride along as data, so the export is the whole file."""
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
        _stat(claims["segment_id"].n_unique(), "sources"),
        _stat(claims["doc_id"].n_unique(), "documents"),
    ]
    parts += [_stat(counts.get(s, 0), s, s) for s in STATUS_ORDER]
    parts.append(_stat(reviewed, f"reviewed, {settled} settled", "settled reviewed"))
    parts.append(_stat(conflicts.height - reviewed, "open", "open"))
    return f'<div class="summary">{"".join(parts)}</div>'


def _options(values: Iterable[str]) -> str:
    return "".join(f'<option value="{escape(v, quote=True)}">{escape(v)}</option>' for v in values)


def _filters(claims: pl.DataFrame, conflicts: pl.DataFrame) -> str:
    boxes = "".join(
        f'<label><input type="checkbox" name="status" value="{s}" checked> {STATUS_NAMES[s]}</label>'
        for s in STATUS_ORDER
    )
    kinds = sorted(claims["kind"].drop_nulls().unique().to_list())
    return (
        f'<form class="filters" id="filters" onsubmit="return false">{boxes}'
        '<label>Kind <select name="kind"><option value="all">all kinds</option>'
        f"{_options(kinds)}</select></label>"
        '<label>Review <select name="review"><option value="all">all</option>'
        '<option value="open">open</option><option value="reviewed">reviewed</option></select></label>'
        f'<span id="shown">{conflicts.height} conflicts</span></form>'
    )


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
        f"{_options(values)}</select></label>"
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


def _claim_row(claim: dict) -> str:
    what = escape(claim["subject_key"] or claim["subject"] or "")
    if claim["object"]:
        what += f" → {escape(claim['object'])}"
    shown = figure_text(claim, _Shown(claim["unit"]))
    data = {
        "kind": claim["kind"],
        "subject": claim["subject_key"] or claim["subject"],
        "source": claim["doc_id"],
        "modality": claim["modality"],
    }
    attributes = "".join(f' data-{k}="{escape(v or "", quote=True)}"' for k, v in data.items())
    value = claim["value"] if claim["value"] is not None and claim["value"] == claim["value"] else ""
    return (
        f"<tr{attributes}><td>{what}</td>"
        f"<td>{escape(claim['attribute_key'] or '')}</td>"
        f'<td class="num" data-value="{value}">{escape(shown)}</td>'
        f"<td>{escape(claim['kind'] or '')}</td><td>{highlight(claim['sentence'], claim['quote'])}</td>"
        f"<td>{_source_line(claim)}</td><td><code>{escape(claim['claim_id'])}</code></td></tr>"
    )


def _claims_table(claims: pl.DataFrame) -> str:
    ordered = claims.sort("subject_key", "attribute_key", "value", "claim_id", nulls_last=True)
    rows = "".join(_claim_row(claim) for claim in ordered.iter_rows(named=True))
    head = "".join(
        f'<th data-sort="{how}" aria-sort="none"><button type="button">{name}</button></th>'
        for name, how in CLAIM_HEADINGS
    )
    return (
        f'<details class="all" open><summary>All {claims.height:,} claims</summary>'
        f"{_browse_filters(claims)}"
        f'<table class="claims"><thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table></details>"
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


def _with_derived(claims: pl.DataFrame, conflicts: pl.DataFrame) -> pl.DataFrame:
    """The claims, plus the derived rates (833 token/s from "1万 token in 12 s") that conflicts cite."""
    cited = set(conflicts["claim_ids"].explode().drop_nulls().to_list()) if conflicts.height else set()
    if cited <= set(claims["claim_id"].to_list()):
        return claims
    try:
        from claims.derive import with_derived
    except ImportError:  # no rate derivation installed: the missing claims are listed as such
        return claims
    return with_derived(claims)


def review_page(claims: pl.DataFrame, conflicts: pl.DataFrame | None, *, title: str = "Claims review") -> str:
    """The review page for a claims table and its conflicts table (None: no conflicts) as HTML text."""
    conflicts = _empty_conflicts() if conflicts is None else conflicts
    optional = {name: pl.String for name in ("subject_key", "attribute_key", "object", "explanation")}
    optional |= {"verdict": pl.String, "review_note": pl.String, "correct_value": pl.String}
    optional |= {"severity": pl.Float64, "n_sources": pl.Int64}
    for name, dtype in optional.items():
        if name not in conflicts.columns:
            conflicts = conflicts.with_columns(pl.lit(None, dtype).alias(name))
    by_id = {c["claim_id"]: c for c in _with_derived(claims, conflicts).iter_rows(named=True)}
    cards = [_conflict_html(c, by_id) for c in order_conflicts(conflicts).iter_rows(named=True)]
    if not cards:
        cards = ['<p class="empty">No conflicting figures were found.</p>']
    parts = {
        "title": escape(title),
        "summary": _summary(claims, conflicts),
        "filters": _filters(claims, conflicts),
        "conflicts": "\n".join(cards),
        "claims": _claims_table(claims),
    }
    template = TEMPLATE.read_text(encoding="utf-8")
    return re.sub(r"\{\{(\w+)\}\}", lambda m: parts[m.group(1)], template)


def write_report(
    claims: pl.DataFrame, conflicts: pl.DataFrame | None, path: Path | str, *, title: str = "Claims review"
) -> Path:
    """Write the review page to `path` (UTF-8), making parent folders; returns the path."""
    return write_text(path, review_page(claims, conflicts, title=title))
