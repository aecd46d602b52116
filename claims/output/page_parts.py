"""Pieces of the review page that its conflict cards and its claims browser both show: a figure as
written, a sentence with its figure marked, a source line. Everything from the data is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape

from claims.output.figures import figure_text
from claims.output.render import safe_url
from claims.text.plain import plain_text, shown_text

__all__ = ["Shown", "figure_text", "highlight", "options", "source_line"]


class Shown:
    """How a figure is written on the page: currencies with their symbol, big numbers scaled.

    >>> figure_text({"value": 6.4e9, "lo": 6.35e9, "hi": 6.45e9, "unit": "USD", "qualifier": "exact"},
    ...             Shown("USD"))
    '$6.4B'
    """

    def __init__(self, unit: str | None) -> None:
        unit = unit or ""
        self.format = "currency" if re.fullmatch(r"[A-Z]{3}", unit) else "number"
        self.display = None
        self.decimals = 2
        if unit in ("", "count", "token", "params") or self.format == "currency":
            self.display = "auto"


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


def source_line(claim: dict) -> str:
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


def options(values: Iterable[str]) -> str:
    return "".join(f'<option value="{escape(v, quote=True)}">{escape(v)}</option>' for v in values)
