"""A document's own metadata: front matter (title, date, id, url) and the dates written in text.

A date must be a day of the calendar; a front matter that is no plain mapping (YAML aliases, a
payload over `FRONT_MATTER_LIMIT`) is an `InputError` naming the line.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache, lru_cache

import yaml

from claims.errors import InputError
from claims.resources import grammars_dir
from claims.text.tomlfile import read_toml

_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


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
    return _iso(match)


def _iso(match: re.Match[str], years: range | None = None) -> str | None:
    """A `_DATE` match as `YYYY-MM-DD`; None when its month or day (or year, given `years`) cannot be."""
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31) or (years is not None and year not in years):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


# A date written in running text (a heading, a title) stands on its own: not glued into a name or an
# address by a letter or digit, or a hyphen or dot after one (`MinerU-Diffusion-V1-0320-2.5B` names
# no 0320-02-05; `科技日报-2025-08-14` names its day), and its year is one news is written in.
_WRITTEN_DATE = re.compile(rf"(?<![0-9A-Za-z])(?<![0-9A-Za-z][-.]){_DATE.pattern}(?![0-9A-Za-z])")
NEWS_YEARS = range(1900, 2100)


def written_date(text: str | None) -> str | None:
    """The first date written in `text` as `YYYY-MM-DD` (`_WRITTEN_DATE`), or None.

    >>> written_date("# [2026-03-27](https://example.com/issues/41)"), written_date("日报-2025年6月8日发布")
    ('2026-03-27', '2025-06-08')
    >>> written_date("## Vela 发布 Vela-V1 [↗](https://example.com/vela/Vela-V1-0320-2.5B)") is None
    True
    """
    found = (_iso(match, NEWS_YEARS) for match in _WRITTEN_DATE.finditer(text or ""))
    return next((date for date in found if date is not None), None)


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


def meta_line(text: str, key: str) -> int | None:
    """The line of the front matter where `key:` is written."""
    found = re.search(rf"^{key}[ \t]*:", text[:FRONT_MATTER_LIMIT], re.MULTILINE)
    return text.count("\n", 0, found.start()) + 1 if found else None


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
    if found := written_date(title):
        return found
    days = _day_month().findall(title)
    if not days or year is None:
        return None
    months = [_month_number(month) for _, month in days]
    if months[-1] < months[0]:
        year += 1
    return normalise_date(f"{year}-{months[-1]}-{days[-1][0]}")


def str_or_none(value: object) -> str | None:
    return str(value) if value not in (None, "") else None
