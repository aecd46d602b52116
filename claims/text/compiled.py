"""Regular expressions compiled once per machine, not once per process: `compiled(pattern)`.

The lexicons' tries and the quantity scanner's patterns run to tens of thousands of characters;
`re` parses and compiles them anew in every process (about 0.3 s of CPU, half of a run's
start-up, and again in each `--jobs` worker). What `re` builds from a pattern is a list of codes for
its engine; that list is kept in the user's cache folder (`claims.resources.cache_dir`), named by
the pattern, its flags and the Python that built it, and handed back to the engine next time.

The codes are `re`'s own business (`re._compiler`, `_sre`), so every step is guarded: a file that
does not read, a Python whose internals differ, a folder that cannot be written all fall back to
`re.compile`, which gives the same pattern. The engine checks the codes it is handed. The shipped
lexicons' patterns take about 1 MB; files of patterns no longer built (an edited lexicon) stay
until the folder is cleared, like the grammar's parse tables beside them.
"""

from __future__ import annotations

import contextlib
import marshal
import re
from pathlib import Path
from typing import Any

from claims.resources import cache_dir, cache_file, store_marshalled

try:  # the internals `re.compile` itself is made of (CPython 3.11 to 3.13)
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - another Python implementation
    _sre = None

__all__ = ["compiled"]


def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, from the cache folder when it holds this pattern's codes.

    >>> compiled(r"(?P<n>\\d+)").match("42 GB").group("n")
    '42'
    """
    path = _path(pattern, flags)
    if path is None:
        return re.compile(pattern, flags)
    with contextlib.suppress(Exception):  # unreadable, stale or foreign: compile it anew below
        return _load(path, pattern, flags)
    try:
        parts = _parts(pattern, flags)
        built = _sre.compile(pattern, *parts)
    except Exception:
        return re.compile(pattern, flags)
    store_marshalled(path, (pattern, int(flags), parts))
    return built


def _path(pattern: str, flags: int) -> Path | None:
    """The cache file of `pattern`, or None when there is no cache folder or no `_sre`."""
    if _sre is None:
        return None
    return cache_file(cache_dir(), "regex", f"{_sre.MAGIC}\0{_sre.CODESIZE}\0{int(flags)}\0{pattern}")


def _parts(pattern: str, flags: int) -> tuple[Any, ...]:
    """What `re._compiler.compile` hands `_sre.compile` besides the pattern."""
    parsed = _parser.parse(pattern, int(flags))
    code = [int(op) for op in _compiler._code(parsed, int(flags))]  # named constants -> plain ints
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return int(flags) | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup)


def _load(path: Path, pattern: str, flags: int) -> re.Pattern[str]:
    stored, stored_flags, parts = marshal.loads(path.read_bytes())
    if stored != pattern or stored_flags != int(flags):
        raise ValueError("another pattern under this name")
    return _sre.compile(pattern, *parts)
