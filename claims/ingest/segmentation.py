"""Segmentation: a document -> its segments (one news item or article each: title, date, link, span).

A digest splits at its item headings, an article collection at its article titles; front matter
gives a document's own title and date. Offsets index the document's text exactly as read.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from claims.ingest.metadata import (
    checked_date,
    front_matter,
    heading_date,
    meta_line,
    str_or_none,
    written_date,
)
from claims.model import Document, Segment
from claims.text.punctuation import COLONS, COMMAS, ELLIPSIS, SEMICOLONS, SENTENCE_STOPS, URL_ENDS, marks

_LINE = re.compile(r"[^\n]*\n|[^\n]+$")
MAX_HEADING = 500  # characters; a longer line opened by `#` is a paragraph (a file flattened to one line)
_HEADING = re.compile(r"(#{1,6})[ \t]+(.+?)[ \t#]*\r?\n?$")
_HASHTAG_TITLE = re.compile(r"#([^#\s][^\r\n]*)\r?\n?$")
_NUMBERED = re.compile(r"(\d{1,3})[.、)]\s+(.+)")
_FENCE = re.compile(r"\s{0,3}(```|~~~)")
_LINK = re.compile(r"(?<!!)\[([^\]\n]*)\]\((https?://[^)\s]+)\)")
_BARE_URL = re.compile(rf"https?://[^\s{marks(URL_ENDS)}]+")
_SOURCE_LINK_TEXT = re.compile(r"原文|阅读|来源|source|read more", re.IGNORECASE)
_RULE_LINE = re.compile(r"(?:-{3,}|\*{3,}|_{3,})[ \t]*\r?\n?$")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_SENTENCE_END = re.compile(f"[{marks(SENTENCE_STOPS, '.', COLONS, COMMAS, SEMICOLONS, ELLIPSIS)}]$")
_MARKUP_STARTS = ("#", ">", "!", "`", "|", "-", "*", "[", "<")


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    text: str
    in_code: bool


@dataclass(frozen=True, slots=True)
class _Mark:
    """A place where a segment may start: its offset, title, and heading level (0 = item).

    A negative level closes the item before it and opens none. An item that names its own link
    (a linked heading, a table row) carries it as `url`; `published` is the date of the nearest
    dated heading above it (a digest's week or day), when there is one.
    """

    start: int
    title: str
    level: int
    url: str | None = None
    published: str | None = None


# A heading or table row that is one Markdown link (and an optional `#N` tag) is a news item with its
# own title and link: `## [Title](url) \`#3\`` in daily digests, `|[Title](url) | text |` in weekly ones.
_LINKED_TITLE = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)[ \t]*(?:`#\d+`)?[ \t]*$")
_LINKED_ROW = re.compile(r"[ \t]*\|[ \t]*\[([^\]\n]+)\]\((https?://[^)\s]+)\)[ \t]*\|")
_YEAR_ONLY = re.compile(r"(?:19|20)\d{2}")


def _lines(text: str, body_start: int) -> list[_Line]:
    lines, in_code = [], False
    for match in _LINE.finditer(text, body_start):
        line = match.group()
        if _FENCE.match(line):
            lines.append(_Line(match.start(), line, True))
            in_code = not in_code
            continue
        lines.append(_Line(match.start(), line, in_code))
    return lines


def _clean_title(raw: str) -> str:
    title = _BOLD.sub(r"\1", raw).strip().strip("*").strip()
    return title[:120]


def _item_title(line: str) -> str:
    bold = _BOLD.match(line.strip())
    if bold:
        return _clean_title(bold.group(1))
    first = re.split(f"[{marks(SENTENCE_STOPS, SEMICOLONS)}]", line.strip(), maxsplit=1)[0]
    return _clean_title(first[:60])


def _marks(lines: list[_Line], year: int | None = None) -> list[_Mark]:
    """Choose how this document splits into items, by the shapes it contains.

    `year` is the document's year when its name or front matter gives one; a heading that is a bare
    year ("# 2024") sets it for the headings after it.
    """
    headings: list[_Mark] = []
    hashtags: list[_Mark] = []
    numbered: list[_Mark] = []
    linked: list[_Mark] = []
    dated: str | None = None
    for line in lines:
        if line.in_code:
            continue
        if _RULE_LINE.match(line.text):
            # A horizontal rule closes the item above it; what follows is a footer of its own.
            headings.append(_Mark(line.start, "", 0))
        elif len(line.text) <= MAX_HEADING and (m := _HEADING.match(line.text)):
            title = m.group(2)
            if _YEAR_ONLY.fullmatch(title.strip()):
                year = int(title.strip())
            link = _LINKED_TITLE.fullmatch(title)
            # The day a heading names carries to the items under it. A heading linking to its article
            # is an item: a date in its text or address (`## [Vela 发布 2026.5.7 版](https://…/2026/
            # 05/06/…)`) is that article's, no day's; unless its text is the date (`# [2026-05-29](…)`).
            if link is None or written_date(link.group(1)) == link.group(1).strip():
                dated = heading_date(title, year) or dated
            if link:
                linked.append(_Mark(line.start, _clean_title(link.group(1)), 0, link.group(2), dated))
            headings.append(_Mark(line.start, _clean_title(title), len(m.group(1)), published=dated))
        elif len(line.text) <= MAX_HEADING and (m := _HASHTAG_TITLE.match(line.text)):
            hashtags.append(_Mark(line.start, _clean_title(m.group(1)), 1))
        elif m := _LINKED_ROW.match(line.text):
            linked.append(_Mark(line.start, _clean_title(m.group(1)), 0, m.group(2), dated))
        elif m := _NUMBERED.match(line.text):
            numbered.append(_Mark(line.start, _item_title(m.group(2)), 0))
    if len(hashtags) >= 2:
        return hashtags
    if len(linked) >= 2:
        return _linked_marks(headings, linked)
    if _is_digest(lines, headings):
        return _digest_marks(headings, numbered)
    level1 = [h for h in headings if h.level == 1]
    if not level1:
        return sorted(_plain_titles(lines), key=lambda mark: mark.start)
    return sorted(level1 + _plain_titles(lines), key=lambda mark: mark.start)


def _linked_marks(headings: list[_Mark], linked: list[_Mark]) -> list[_Mark]:
    """Items that carry their own link (linked headings, table rows) are the segments.

    Any other heading still opens a segment of its own (a digest's overview, a section's preamble),
    so no text is lost; a linked heading replaces the plain heading at its place.
    """
    at = {mark.start for mark in linked}
    return sorted([*linked, *(h for h in headings if h.start not in at)], key=lambda mark: mark.start)


def _plain_titles(lines: list[_Line]) -> list[_Mark]:
    """Plain-text collections start an article with a short title line after two blank lines."""
    marks = []
    for before2, before1, line in zip(lines, lines[1:], lines[2:], strict=False):
        title = line.text.strip()
        if (
            not line.in_code
            and not before1.text.strip()
            and not before2.text.strip()
            and 6 <= len(title) <= 80
            and not _SENTENCE_END.search(title)
            and not title.startswith(_MARKUP_STARTS)
        ):
            marks.append(_Mark(line.start, _clean_title(title), 1))
    return marks


def _is_digest(lines: list[_Line], headings: list[_Mark]) -> bool:
    """A digest's `###` items mostly carry their own link; a paper's `###` sections mostly don't."""
    level3 = [h.start for h in headings if h.level == 3]
    if not level3:
        return False
    headings = [h for h in headings if h.level > 0]
    bounds = [h.start for h in headings] + [lines[-1].start + len(lines[-1].text)]
    text = "".join(line.text for line in lines)
    base = lines[0].start
    linked = 0
    for start, end in itertools.pairwise(bounds):
        if start in level3 and _LINK.search(text, start - base, end - base):
            linked += 1
    return linked >= 0.6 * len(level3)


def _digest_marks(headings: list[_Mark], numbered: list[_Mark]) -> list[_Mark]:
    """A digest: every `###` item is a segment, unless it lists numbered items, which then are."""
    marks: list[_Mark] = []
    bounds = [h.start for h in headings] + [float("inf")]
    for heading, end in zip(headings, bounds[1:], strict=True):
        if heading.level == 0:
            marks.append(heading)
            continue
        if heading.level != 3:
            # A higher heading ends the item before it; it opens no segment of its own.
            marks.append(_Mark(heading.start, heading.title, -heading.level))
            continue
        inside = [n for n in numbered if heading.start < n.start < end]
        if len(inside) >= 2:
            marks.append(_Mark(heading.start, heading.title, -3))
            marks.extend(inside)
        else:
            marks.append(heading)
    return marks


def _source_url(text: str) -> str | None:
    links = _LINK.findall(text)
    for label, url in links:
        if _SOURCE_LINK_TEXT.search(label):
            return url
    if links:
        return links[0][1]
    bare = _BARE_URL.search(text)
    return bare.group() if bare else None


def _has_content(text: str, quotes: bool = False) -> bool:
    """Whether a span holds text besides headings, rules and fences; `quotes`: quoted lines count.

    A linked item may be only its quoted summary; elsewhere a lone quote is an epigraph.
    """
    skip = r"\s*(#|---|```)" if quotes else r"\s*(#|>|---|```)"
    return any(
        ln.strip(" \t>") and (len(ln) > MAX_HEADING or not re.match(skip, ln)) for ln in text.splitlines()
    )


def _trimmed_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def segment_document(doc: Document) -> list[Segment]:
    """Split a document into news items or articles, each with title, date, URL and span.

    >>> doc = Document("d.md", "d.md", "### A\\nx 1%. [>阅读原文](http://a)\\n### B\\ny [原文](http://b)\\n")
    >>> [(s.title, s.source_url, s.start, s.end) for s in segment_document(doc)]
    [('A', 'http://a', 0, 29), ('B', 'http://b', 30, 52)]
    """
    return list(_segments(doc))


@lru_cache(maxsize=8)  # split as the corpus is read, then again when extracted: split once
def _segments(doc: Document) -> tuple[Segment, ...]:
    text = doc.text
    meta, body_start = front_matter(text)
    lines = _lines(text, body_start)
    doc_title = str_or_none(meta.get("title")) or doc.title
    doc_date = checked_date(str_or_none(meta.get("date")), doc.path, meta_line(text, "date")) or doc.published
    if doc_date is None:
        for line in lines[:20]:
            if line.text.startswith("#") and (found := written_date(line.text)):
                doc_date = found
                break
    year_hint = _YEAR_ONLY.search(f"{doc_date or ''} {doc.doc_id}")
    marks = _marks(lines, int(year_hint.group()) if year_hint else None)
    spans: list[tuple[int, int, _Mark]] = []
    first = marks[0].start if marks else len(text)
    if _has_content(text[body_start:first]):
        preamble_title = doc_title or _first_line(text[body_start:first])
        spans.append((body_start, first, _Mark(body_start, preamble_title, 0)))
    bounds = [m.start for m in marks] + [len(text)]
    spans.extend(
        (mark.start, end, mark)
        for mark, end in zip(marks, bounds[1:], strict=True)
        if mark.level >= 0 and _has_content(text[mark.start : end], quotes=mark.url is not None)
    )
    segments = []
    for number, (start, end, mark) in enumerate(spans):
        end = _trimmed_end(text, start, end)
        piece = text[start:end]
        segments.append(
            Segment(
                doc_id=doc.doc_id,
                segment_id=f"{doc.doc_id}#{number}",
                title=mark.title or doc_title or doc.doc_id,
                published=written_date(mark.title) or mark.published or doc_date,
                source_url=mark.url or _source_url(piece) or doc.source_url,
                start=start,
                end=end,
            )
        )
    return tuple(segments)


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith(("---", ">", "```")):
            return _clean_title(line.lstrip("# "))
    return ""
