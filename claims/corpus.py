"""Corpus ingestion: files and folders -> documents -> segments (one news item or article each).

Text is kept exactly as read (a UTF-8 BOM removed, CRLF kept), so every offset indexes what the user
sees in the file. Bad input raises or reports an `InputError` naming the file (and line).
"""

from __future__ import annotations

import itertools
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import cache, lru_cache
from pathlib import Path

import yaml

from claims.errors import InputError
from claims.model import Document, Segment
from claims.resources import grammars_dir
from claims.tomlfile import read_toml

TEXT_SUFFIXES = (".md", ".markdown", ".txt")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
READABLE_SUFFIXES = TEXT_SUFFIXES + JSONL_SUFFIXES
# Files named to a reading command that hold tables (a claims table given to `run` by mistake).
TABLE_SUFFIXES = (".csv", ".tsv", ".parquet", ".pq", ".xlsx", ".xls", ".db", ".sqlite")

ProblemHandler = Callable[[InputError], None]
STDIN = "-"  # the path that names standard input


@dataclass(frozen=True, slots=True)
class Corpus:
    """What was read: documents, their segments, and the problems reported and skipped."""

    documents: tuple[Document, ...]
    segments: tuple[Segment, ...]
    problems: tuple[InputError, ...]


# --- files ---------------------------------------------------------------------------------


def find_files(
    paths: Iterable[Path | str], on_problem: ProblemHandler | None = None
) -> list[tuple[Path, Path]]:
    """Every readable file under `paths` as (file, root it is named relative to), sorted per root.

    Symlinked folders are followed once (a link back up the tree is not walked twice); a folder
    that cannot be listed goes to `on_problem`. A missing path or a folder with no readable files
    raises `InputError`.
    """
    found: list[tuple[Path, Path]] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError("no such file or folder", path=str(path))
        if path.is_file():
            if path.suffix.lower() in TABLE_SUFFIXES:
                problem = InputError(
                    "a table, not news text",
                    path=str(path),
                    hint="claims tables go to `claims conflicts`, `table`, `report` or `check --claims`",
                )
                if on_problem is None:
                    raise problem
                on_problem(problem)
                continue
            found.append((path, path.parent))
            continue
        files = sorted(_walk(path, on_problem))
        if not files:
            raise InputError(
                "folder holds no readable files",
                path=str(path),
                hint=f"looked for {' '.join(READABLE_SUFFIXES)}",
            )
        found.extend((p, path) for p in files)
    return found


def _walk(root: Path, on_problem: ProblemHandler | None) -> Iterator[Path]:
    """Readable files under `root`, hidden names left out, each real folder visited once."""
    seen: set[str] = set()

    def unreadable(error: OSError) -> None:
        if on_problem is not None:
            reason = error.strerror or type(error).__name__
            on_problem(InputError(f"cannot list folder ({reason})", path=str(error.filename)))

    for folder, folders, names in os.walk(root, onerror=unreadable, followlinks=True):
        real = os.path.realpath(folder)
        if real in seen:  # a symlink loop or a second link to a folder already read
            folders.clear()
            continue
        seen.add(real)
        # real folders before links to them, so a file is named by its real place when it can be
        visible = (name for name in folders if not name.startswith("."))
        folders[:] = sorted(visible, key=lambda name: (os.path.islink(os.path.join(folder, name)), name))
        for name in names:
            file = Path(folder, name)
            if not name.startswith(".") and file.suffix.lower() in READABLE_SUFFIXES and file.is_file():
                yield file


def decode(data: bytes, path: str) -> str:
    """UTF-8 text with any BOM removed; undecodable or empty input raises `InputError`."""
    if not data.strip():
        raise InputError("empty file", path=path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            f"not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start})",
            path=path,
            line=line,
            hint="convert the file to UTF-8",
        ) from None


def read_file(
    path: Path, root: Path, on_problem: ProblemHandler, names: tuple[str, str] | None = None
) -> list[Document]:
    """The documents of one file: one for .md/.txt, one per line for .jsonl.

    `names` is (doc_id, identity) when the caller has made them unique over a run (`file_names`).
    """
    shown = str(path)
    doc_id, identity = names or (path.relative_to(root).as_posix() if path != root else path.name,) * 2
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read file ({error.strerror})", path=shown) from None
    text = decode(data, shown)
    if path.suffix.lower() in JSONL_SUFFIXES:
        return list(jsonl_documents(text, doc_id, shown, on_problem, identity))
    # an article that names itself (front matter `id:` or `url:`) keeps its ids wherever it is filed
    meta, _ = front_matter(text)
    own = _str_or_none(meta.get("id")) or _str_or_none(meta.get("url"))
    return [Document(doc_id=doc_id, path=shown, text=text, identity=own or identity)]


def file_names(files: list[tuple[Path, Path]]) -> dict[Path, tuple[str, str]]:
    """Each file's doc_id and identity over one run.

    The doc_id is the path relative to the root it was found under; where two roots give one name
    (`a/x.md` and `b/x.md` given as `a` and `b`), the clash is told apart by the identity. The
    identity is the shortest end of the real path that no other file shares (`x.md`, or `2024/x.md`
    beside `2025/x.md`), the same whichever folder the corpus is named from.

    >>> names = file_names([(Path("/c/2024/x.md"), Path("/c")), (Path("/c/2025/x.md"), Path("/c")),
    ...                     (Path("/c/y.md"), Path("/c"))])
    >>> [names[p][1] for p in names]
    ['2024/x.md', '2025/x.md', 'y.md']
    """
    real = {path: Path(os.path.abspath(path)).parts for path, _ in files}
    identity: dict[Path, str] = {}
    for depth in range(1, max((len(parts) for parts in real.values()), default=0) + 1):
        ends = Counter(parts[-depth:] for path, parts in real.items() if path not in identity)
        for path, parts in real.items():
            if path not in identity and (ends[parts[-depth:]] == 1 or depth == len(parts)):
                identity[path] = "/".join(parts[-depth:]).lstrip("/")
    relative = {
        path: path.relative_to(root).as_posix() if path != root else path.name for path, root in files
    }
    clashes = Counter(relative.values())
    return {
        path: (relative[path] if clashes[relative[path]] == 1 else identity[path], identity[path])
        for path, _ in files
    }


def jsonl_documents(
    text: str, doc_id: str, shown: str, on_problem: ProblemHandler, identity: str | None = None
) -> Iterator[Document]:
    """One document per JSON line with `text` (and optionally id, title, date, url)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            on_problem(InputError(f"not JSON ({error.msg})", path=shown, line=number))
            continue
        except RecursionError:
            on_problem(InputError("JSON nested too deeply to read", path=shown, line=number))
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            on_problem(InputError("a line must be an object with a string 'text'", path=shown, line=number))
            continue
        if not record["text"].strip():
            on_problem(InputError("empty 'text'", path=shown, line=number))
            continue
        if (surrogate := _lone_surrogate(record)) is not None:
            message = f"holds the escape \\u{ord(surrogate):04x}, half of a surrogate pair, not a character"
            on_problem(InputError(message, path=shown, line=number, hint="fix the escape or drop it"))
            continue
        ident = str(record.get("id") or number)
        # a line is known by its own id or link before its place in the file
        own = str(record.get("id") or record.get("url") or number)
        yield Document(
            doc_id=f"{doc_id}#{ident}",
            path=shown,
            text=record["text"],
            title=_str_or_none(record.get("title")),
            published=checked_date(_str_or_none(record.get("date")), shown, number),
            source_url=_str_or_none(record.get("url")),
            line_offset=number,
            identity=f"{identity or doc_id}#{own}",
        )


# JSON may escape half of a UTF-16 surrogate pair (`\ud800`); Python keeps it as a code point no
# encoder can write, so such a line is reported instead of failing later at the output.
_LONE_SURROGATE = re.compile("[\\ud800-\\udfff]")


def _lone_surrogate(record: dict[str, object]) -> str | None:
    """The first unpaired surrogate in a record's string fields, if any."""
    for value in record.values():
        if isinstance(value, str) and (found := _LONE_SURROGATE.search(value)):
            return found.group()
    return None


def _str_or_none(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


# --- segments ------------------------------------------------------------------------------

_LINE = re.compile(r"[^\n]*\n|[^\n]+$")
MAX_HEADING = 500  # characters; a longer line opened by `#` is a paragraph (a file flattened to one line)
_HEADING = re.compile(r"(#{1,6})[ \t]+(.+?)[ \t#]*\r?\n?$")
_HASHTAG_TITLE = re.compile(r"#([^#\s][^\r\n]*)\r?\n?$")
_NUMBERED = re.compile(r"(\d{1,3})[.、)]\s+(.+)")
_FENCE = re.compile(r"\s{0,3}(```|~~~)")
_LINK = re.compile(r"(?<!!)\[([^\]\n]*)\]\((https?://[^)\s]+)\)")
_BARE_URL = re.compile(r"https?://[^\s)）\]>\"'，。]+")
_SOURCE_LINK_TEXT = re.compile(r"原文|阅读|来源|source|read more", re.IGNORECASE)
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_RULE_LINE = re.compile(r"(?:-{3,}|\*{3,}|_{3,})[ \t]*\r?\n?$")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_SENTENCE_END = re.compile(r"[。.!?！？:：，,；;…]$")
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


def normalise_date(raw: str | None) -> str | None:
    """`2025-6-8`, `2025年6月8日`, `2025/06/08` -> `2025-06-08`; anything else -> None.

    >>> normalise_date("2025年6月8日")
    '2025-06-08'
    """
    if not raw:
        return None
    match = _DATE.search(str(raw))
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def checked_date(raw: str | None, path: str, line: int | None = None) -> str | None:
    """`normalise_date` for a date field the user wrote: one that reads as a date but names no day
    of the calendar (`2025-13-45`, `2025-02-30`) raises `InputError` instead of passing unnoticed.

    >>> checked_date("2025-02-30", "a.md", 2)
    Traceback (most recent call last):
    claims.errors.InputError: a.md:2: date '2025-02-30' is not a day of the calendar (write YYYY-MM-DD)
    """
    match = _DATE.search(raw) if raw else None
    if match is None:
        return normalise_date(raw)
    try:
        datetime(*(int(g) for g in match.groups()))
    except ValueError:
        message = f"date {raw!r} is not a day of the calendar"
        raise InputError(message, path=path, line=line, hint="write YYYY-MM-DD") from None
    return normalise_date(raw)


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


class _AliasRefused(yaml.YAMLError):
    def __init__(self, line: int) -> None:
        super().__init__("front matter uses a YAML alias (*name); aliases are not read")
        self.line = line


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML for front matter: plain data only. Aliases (`*a`) are refused, since a few hundred bytes
    of nested aliases expand to gigabytes, and dates stay text so `checked_date` can name a bad one."""

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent) and self.peek_event().anchor in self.anchors:
            raise _AliasRefused(self.peek_event().start_mark.line + 2)  # +1: counted from 1, +1: the `---`
        return super().compose_node(parent, index)


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _FastFrontMatterLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same reading through libyaml when PyYAML has it (several times faster). Its composer is
    C code that cannot refuse aliases, so it reads only text that holds no alias or anchor mark."""


_FastFrontMatterLoader.yaml_implicit_resolvers = _FrontMatterLoader.yaml_implicit_resolvers


def _front_matter_loader(source: str) -> type:
    return _FrontMatterLoader if "*" in source or "&" in source else _FastFrontMatterLoader


FRONT_MATTER_LIMIT = 64 * 1024  # bytes; front matter is a few lines of metadata, never a payload
_FRONT_MATTER = re.compile(r"---\r?\n(.*?)\r?\n---[ \t]*(\r?\n|$)", re.DOTALL)


@lru_cache(maxsize=4)  # read for the document's identity, then again to segment it: parsed once
def front_matter(text: str) -> tuple[dict[str, object], int]:
    """The YAML front matter of a Markdown text (or {}) and the offset where the body starts.

    Text that is not YAML is read as body, as before; front matter that is YAML but too large or
    built from aliases raises `InputError` (the caller names the file).
    """
    if not text.startswith("---"):
        return {}, 0
    match = _FRONT_MATTER.match(text[: FRONT_MATTER_LIMIT + 16])
    if not match:
        if _FRONT_MATTER.match(text):
            raise InputError(f"front matter longer than {FRONT_MATTER_LIMIT // 1024} KB", line=1)
        return {}, 0
    try:
        meta = yaml.load(match.group(1), Loader=_front_matter_loader(match.group(1)))
    except _AliasRefused as error:
        raise InputError(str(error), line=error.line) from None
    except yaml.YAMLError:
        return {}, 0
    return (meta if isinstance(meta, dict) else {}), match.end()


def _meta_line(text: str, key: str) -> int | None:
    """The line of the front matter where `key:` is written."""
    found = re.search(rf"^{key}[ \t]*:", text[:FRONT_MATTER_LIMIT], re.MULTILINE)
    return text.count("\n", 0, found.start()) + 1 if found else None


def _clean_title(raw: str) -> str:
    title = _BOLD.sub(r"\1", raw).strip().strip("*").strip()
    return title[:120]


def _item_title(line: str) -> str:
    bold = _BOLD.match(line.strip())
    if bold:
        return _clean_title(bold.group(1))
    first = re.split(r"[。！？!?；;]", line.strip(), maxsplit=1)[0]
    return _clean_title(first[:60])


@cache
def _day_month() -> re.Pattern[str]:
    """`23 December`, `5th Jan`: a day and a month name of the lexicon (contexts.toml [months])."""
    months = read_toml(grammars_dir() / "lexicons" / "contexts.toml").data["months"]["words"]
    names = "|".join(sorted(months, key=len, reverse=True))
    return re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({names})\b", re.IGNORECASE)


def _month_number(name: str) -> int:
    """1-12 for an English month name or its abbreviation (`Sept` -> 9)."""
    return datetime.strptime(name[:3].title(), "%b").month


def heading_date(title: str, year: int | None) -> str | None:
    """The date a heading names: a full date, or the last day and month ("Week 23-29 October") in `year`.

    A week that crosses into January takes the next year.

    >>> heading_date("ML news: Week 30 December - 5 January", 2024)
    '2025-01-05'
    """
    if found := normalise_date(title):
        return found
    days = _day_month().findall(title)
    if not days or year is None:
        return None
    months = [_month_number(month) for _, month in days]
    if months[-1] < months[0]:
        year += 1
    return normalise_date(f"{year}-{months[-1]}-{days[-1][0]}")


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
            dated = heading_date(title, year) or dated
            if link := _LINKED_TITLE.fullmatch(title):
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
    doc_title = _str_or_none(meta.get("title")) or doc.title
    doc_date = (
        checked_date(_str_or_none(meta.get("date")), doc.path, _meta_line(text, "date")) or doc.published
    )
    if doc_date is None:
        for line in lines[:20]:
            if line.text.startswith("#") and (found := normalise_date(line.text)):
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
                published=normalise_date(mark.title) or mark.published or doc_date,
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


# --- corpus --------------------------------------------------------------------------------


def _once(files: list[tuple[Path, Path]]) -> list[tuple[Path, Path]]:
    """Each real file once, though it was named twice (`a.md a.md`, or a file and its folder)."""
    seen: set[str] = set()
    kept = []
    for path, root in files:
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            kept.append((path, root))
    return kept


def read_corpus(
    paths: Iterable[Path | str],
    *,
    strict: bool = False,
    on_problem: ProblemHandler | None = None,
) -> Corpus:
    """Read files and folders into documents and segments.

    A bad file (undecodable, empty, a bad JSON line) is reported through `on_problem` and skipped;
    with `strict=True` it raises instead. Nothing readable at all raises `InputError`.
    """
    problems: list[InputError] = []
    documents: list[Document] = []
    segments: list[Segment] = []
    for doc, found in iter_documents(paths, strict=strict, on_problem=on_problem, problems=problems):
        documents.append(doc)
        segments.extend(found)
    return Corpus(tuple(documents), tuple(segments), tuple(problems))


def iter_documents(
    paths: Iterable[Path | str],
    *,
    strict: bool = False,
    on_problem: ProblemHandler | None = None,
    problems: list[InputError] | None = None,
) -> Iterator[tuple[Document, list[Segment]]]:
    """Each readable document with its segments, read one file at a time, so a long corpus is never
    held whole (what `claims extract` streams). Problems go to `on_problem` (and `problems`) as in
    `read_corpus`; nothing readable at all raises `InputError` once the files are read.
    """
    problems = [] if problems is None else problems

    def report(problem: InputError) -> None:
        if strict:
            raise problem
        problems.append(problem)
        if on_problem is not None:
            on_problem(problem)

    paths = list(paths)
    yielded = 0
    if any(str(p) == STDIN for p in paths):
        # `-`: standard input is one text document (read once, however often it is named)
        text = decode(sys.stdin.buffer.read(), "<stdin>")
        for pair in _segmented([Document(doc_id="stdin", path=STDIN, text=text)], report):
            yielded += 1
            yield pair
        paths = [p for p in paths if str(p) != STDIN]
    files = _once(find_files(paths, report)) if paths else []
    names = file_names(files)
    for path, root in files:
        try:
            documents = read_file(path, root, report, names[path])
        except InputError as problem:
            problem.path = problem.path or str(path)
            report(problem)
            continue
        except Exception as error:  # one unreadable file must not lose the others
            report(InputError(f"cannot read: {type(error).__name__}: {error}", path=str(path)))
            continue
        for pair in _segmented(documents, report):
            yielded += 1
            yield pair
    if not yielded:
        if len(files) == 1 and problems:
            raise problems[0]
        raise InputError(
            "no readable documents",
            path=", ".join(str(p) for p in paths) or STDIN,
            hint=f"{len(problems)} file(s) skipped" if problems else None,
        )


def _segmented(documents: list[Document], report: ProblemHandler) -> Iterator[tuple[Document, list[Segment]]]:
    """Each document with its segments; one that cannot be split is reported and skipped alone."""
    for doc in documents:
        try:
            found = segment_document(doc)
        except InputError as problem:
            problem.path = problem.path or doc.path
            problem.line = doc.line_offset or problem.line
            report(problem)
            continue
        except Exception as error:  # a document that cannot be split is skipped alone
            message = f"cannot split into items: {type(error).__name__}: {error}"
            report(InputError(message, path=doc.path, line=doc.line_offset or None))
            continue
        yield doc, found
