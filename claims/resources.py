"""Where the data files live: `grammars/` (grammar, lexicons, rules) and `tables/` (table specs).

In a source checkout they are the top-level folders; an installed wheel carries them inside the
package (see `force-include` in pyproject.toml). Nothing here reads them: each loader does.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
from functools import cache
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent


def _data_dir(name: str, installed_name: str) -> Path:
    installed = PACKAGE_DIR / installed_name
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / name


@cache
def grammars_dir() -> Path:
    """The folder holding `quantity.lark`, `lexicons/` and `rules/`."""
    return _data_dir("grammars", "grammars")


@cache
def tables_dir() -> Path:
    """The folder holding the shipped table specifications (`*.toml`)."""
    return _data_dir("tables", "table_specs")  # not `tables`: claims/output/tables.py is a module


def sample_corpus_dir() -> Path:
    """The small corpus bundled with the package, read by `claims run`."""
    return PACKAGE_DIR / "sample"


def cache_dir() -> Path | None:
    """A folder of this user's for files worth keeping between runs (the quantity grammar's parse
    tables), or None when none can be made: the cache only saves time, so its absence is no error."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "claims"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None


def cache_file(folder: Path | None, kind: str, key: str) -> Path | None:
    """The file of `folder/kind/` (the cache folder, `cache_dir`) that keeps what was made from `key`
    by this Python, or None without a folder."""
    if folder is None:
        return None
    digest = hashlib.sha256(f"{sys.version}\0{key}".encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return folder / kind / f"{digest}.marshal"


def store_marshalled(path: Path, entry: Any) -> None:
    """Write atomically (workers may write the same file at once); a failure only costs time."""
    with contextlib.suppress(OSError, ValueError):
        path.parent.mkdir(exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(marshal.dumps(entry))
        os.replace(temporary, path)
