"""Reading TOML files: every resource (rules, lexicons, table specs, kind units, reviews,
corrections, the config) is read here, so that every error is reported the same way, at `path:line`.

`read_toml` gives a `TomlFile`: the data, and the line of any spot a check names
(`rule[3].pattern`), so a check raises `toml.error(where, what)` and the user reads
`grammars/rules/price.toml:42: rule[3].pattern: unknown class MONY`. `toml_tables` reads the
`[[table]]` entries of a file written by hand (reviews, corrections) each with its line.

The shipped files (grammars, the package's own data) are parsed once per machine, not once per
process: what `tomllib` makes of a file is kept in the user's cache folder, named by the file's text
and the Python that parsed it (about 50 ms of every process's start-up, and of every `--jobs` worker's)."""

from __future__ import annotations

import contextlib
import datetime as dt
import marshal
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claims.errors import ResourceError
from claims.resources import PACKAGE_DIR, cache_dir, cache_file, grammars_dir, store_marshalled


def toml_tables(text: str, path: str, key: str) -> list[tuple[dict, int | None]]:
    """The `[[key]]` tables of a TOML text, each with its 1-based line (None for all of them when the
    file writes an inline array, which has no line per entry to point at)."""
    data = parse_toml(text, path).data
    hint = f"write [[{key}]] tables"
    extra = sorted(set(data) - {key})
    if extra:
        raise ResourceError(f"unexpected top-level key {extra[0]!r}", path=path, hint=hint)
    entries = data.get(key, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ResourceError(f"`{key}` must be an array of tables", path=path, hint=hint)
    header = re.compile(rf"^[ \t]*\[\[[ \t]*{re.escape(key)}[ \t]*\]\]", re.MULTILINE)
    lines: list[int | None] = [text.count("\n", 0, m.start()) + 1 for m in header.finditer(text)]
    if len(lines) != len(entries):
        lines = [None] * len(entries)
    return list(zip(entries, lines, strict=True))


def user_file_text(path: Path, what: str) -> str:
    """The text of a file the user keeps by hand (`what`: "reviews", "corrections"); a missing or
    unreadable one raises `ResourceError` naming it, since a typo in its option must not silently
    drop every entry. A byte-order mark is read away."""
    name = str(path)
    if not path.is_file():
        raise ResourceError(f"no such {what} file", path=name)
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ResourceError(f"cannot read the {what} file: {error}", path=name) from None


def text_field(value: object, field: str, path: str, line: int | None) -> str | None:
    """A field that holds text, stripped; None when empty. A `date` may be written as a TOML date."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date) and field == "date":
        return (value.date() if isinstance(value, dt.datetime) else value).isoformat()
    if not isinstance(value, str):
        raise ResourceError(f"{field} must be text, not {type(value).__name__}", path=path, line=line)
    return value.strip() or None


# --- every TOML resource: one reader, errors at `path:line` ----------------------------------------

_HEADER = re.compile(r"^[ \t]*(\[\[?)[ \t]*([^\]\s][^\]]*?)[ \t]*\]\]?[ \t]*(?:#.*)?$")
_PART = re.compile(r"([A-Za-z0-9_\-]+)((?:\[\d+\])*)")


@dataclass(frozen=True, slots=True)
class TomlFile:
    """A TOML file as read: its data, and its text, to tell the line of an entry when it is wrong."""

    path: str  # as messages name it
    text: str
    data: dict

    def line(self, where: str) -> int | None:
        """The 1-based line of the spot `where` names (`rule[3].pattern`, `months.words`, `title`):
        the line of its key, else of the nearest table around it that can be found; None when no
        part of it can be found (an inline array of tables has no line per entry).

        >>> text = 'title = "T"\\n[[rule]]\\nid = "a"\\n[[rule]]\\nid = "b"\\npattern = "QTY"\\n'
        >>> toml = parse_toml(text, "r.toml")
        >>> toml.line("title"), toml.line("rule[1]"), toml.line("rule[1].pattern"), toml.line("rule[1].gap")
        (1, 4, 6, 4)
        """
        if where.startswith("[") and where.endswith("]"):  # a table named as it is written: `[months]`
            where = where[1:-1]
        lines = self.text.splitlines()
        headers = {i: (m[1], m[2].replace(" ", "").replace('"', "")) for i, m in _lines(lines, _HEADER)}
        lo, hi, prefix, found = 0, len(lines), "", None
        for name, indices in _parts(where):
            path = f"{prefix}.{name}" if prefix else name
            starts = [i for i in range(lo, hi) if headers.get(i) == ("[[", path)]
            table = next((i for i in range(lo, hi) if headers.get(i) == ("[", path)), None)
            deeper = (i for i in range(lo, hi) if i in headers and headers[i][1].startswith(path + "."))
            if indices and indices[0] < len(starts):
                lo = found = starts[indices[0]]
            elif indices and starts:
                break  # fewer tables than the index: no line to point at
            elif table is not None:
                lo = found = table
            elif next(deeper, None) is not None:
                prefix = path  # only its sub-tables are written (`[tool.claims]` and no `[tool]`)
                continue
            else:  # a key of the table reached so far (an inline array too: `patterns = [...]`)
                own_end = next((i for i in range(lo + (lo in headers), hi) if i in headers), hi)
                key = re.compile(rf"[ \t]*\"?{re.escape(name)}\"?[ \t]*=")
                found = next((i for i in range(lo, own_end) if key.match(lines[i])), found)
                break
            # the table ends at the next header that is not one of its own sub-tables
            inner = path + "."
            ends = (i for i in range(lo + 1, hi) if i in headers and not headers[i][1].startswith(inner))
            hi = next(ends, hi)
            prefix = path
        return None if found is None else found + 1

    def error(self, where: str, message: str, hint: str | None = None) -> ResourceError:
        """A `ResourceError` at the spot `where` names: `path:line: where: message (hint)`."""
        return ResourceError(f"{where}: {message}", path=self.path, line=self.line(where), hint=hint)

    def locate(self, error: ResourceError) -> ResourceError:
        """`error` (raised by a check that knew the spot, not the file) named at this file and line."""
        error.path = self.path
        if error.line is None:
            error.line = self.line(error.message.split(":", 1)[0])
        return error


def _lines(lines: list[str], pattern: re.Pattern[str]) -> list[tuple[int, re.Match[str]]]:
    return [(i, m) for i, line in enumerate(lines) if (m := pattern.match(line))]


def _parts(where: str) -> list[tuple[str, list[int]]]:
    """`rule[0].example[1].quote` -> [('rule', [0]), ('example', [1]), ('quote', [])]; stops at a part
    that names no key (a quoted form, a message)."""
    parts = []
    for piece in where.split("."):
        match = _PART.fullmatch(piece.strip())
        if match is None:
            break
        parts.append((match[1], [int(n) for n in re.findall(r"\d+", match[2])]))
    return parts


def parse_toml(text: str, path: str, cached: bool = False) -> TomlFile:
    """The TOML `text` of the file `path`; a syntax error raises `ResourceError` at its line and column.

    >>> parse_toml("a = 1\\nb = \\n", "x.toml")
    Traceback (most recent call last):
    ...
    claims.errors.ResourceError: x.toml:2:5: not valid TOML: Invalid value

    `cached`: what the text parses to is kept in the cache folder and read from there next time.
    """
    try:
        data = _parsed(text) if cached else tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        at = re.search(r"\(at line (\d+), column (\d+)\)", message)
        what = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message) or "syntax error"
        line, column = (int(at[1]), int(at[2])) if at else (None, None)
        if "(at end of document)" in message:
            line = text.count("\n") + 1
        raise ResourceError(f"not valid TOML: {what}", path=path, line=line, column=column) from None
    return TomlFile(path, text, data)


def read_toml(path: Path, shown: str | None = None) -> TomlFile:
    """Read the TOML file at `path`, named `shown` in messages (default: the path as given).

    >>> read_toml(Path("no/such.toml"))
    Traceback (most recent call last):
    ...
    claims.errors.ResourceError: no/such.toml: cannot read: No such file or directory
    """
    shown = str(path) if shown is None else shown
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ResourceError(f"cannot read: {error.strerror}", path=shown) from None
    except UnicodeDecodeError as error:
        raise ResourceError(f"cannot read: not UTF-8 ({error.reason})", path=shown) from None
    return parse_toml(text, shown, cached=_shipped(path))


def _shipped(path: Path) -> bool:
    """Whether `path` is one of the files the package ships (its grammars, its data)."""
    with contextlib.suppress(OSError, ValueError):
        where = path.resolve()
        return where.is_relative_to(grammars_dir().resolve()) or where.is_relative_to(PACKAGE_DIR)
    return False


def _parsed(text: str) -> dict[str, Any]:
    """`tomllib.loads(text)`, from the cache folder when it holds this text's data. A file that does
    not read or holds something else is parsed anew; data marshal cannot write (a TOML date) is not
    kept. Syntax errors are tomllib's, raised as ever (nothing is kept for such a text)."""
    path = cache_file(cache_dir(), "toml", text)
    if path is not None:
        with contextlib.suppress(Exception):  # unreadable or foreign: parse it anew below
            data = marshal.loads(path.read_bytes())
            if isinstance(data, dict):
                return data
    data = tomllib.loads(text)
    if path is not None:
        store_marshalled(path, data)
    return data
