"""Files of `[[table]]` entries written by hand (reviews, corrections): read with the line of each
entry, so that a wrong entry is reported at `path:line`."""

from __future__ import annotations

import datetime as dt
import re
import tomllib

from claims.errors import ResourceError


def toml_tables(text: str, path: str, key: str) -> list[tuple[dict, int | None]]:
    """The `[[key]]` tables of a TOML text, each with its 1-based line (None for all of them when the
    file writes an inline array, which has no line per entry to point at)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # tomllib's message ends "(at line L, column C)"; keep the line for our one-line message.
        found = re.search(r"at line (\d+)", str(error))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        raise ResourceError(
            f"not valid TOML: {message}", path=path, line=int(found[1]) if found else None
        ) from None
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


def text_field(value: object, field: str, path: str, line: int | None) -> str | None:
    """A field that holds text, stripped; None when empty. A `date` may be written as a TOML date."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date) and field == "date":
        return (value.date() if isinstance(value, dt.datetime) else value).isoformat()
    if not isinstance(value, str):
        raise ResourceError(f"{field} must be text, not {type(value).__name__}", path=path, line=line)
    return value.strip() or None
