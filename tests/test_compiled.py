"""Patterns compiled from the cache folder match as `re.compile` does, whatever the folder holds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from claims.text import compiled as compiled_module
from claims.text.compiled import compiled

PATTERNS = [
    (r"(?P<n>\d+)\s*(?P<unit>GB|TB)", 0, "RTX 5090 拥有 32 GB 显存, 2TB"),
    (r"(?<![A-Za-z0-9])gpt\s*[-–]\s*4o(?![A-Za-z0-9]|\.\d)", re.IGNORECASE, "GPT - 4o, gpt-4o, GPT-4o.1"),
    (r"(?=[一二三])(?:[一二三]{2,30}|[一二三](?=[个亿]))", 0, "一个 三三 二"),
]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "claims" / "regex"


@pytest.mark.parametrize(("pattern", "flags", "text"), PATTERNS)
def test_a_cached_pattern_matches_as_re_compiles_it(cache: Path, pattern: str, flags: int, text: str) -> None:
    reference = re.compile(pattern, flags)
    expected = [(m.span(), m.groupdict()) for m in reference.finditer(text)]
    first = compiled(pattern, flags)  # compiled, then written to the folder
    assert len(list(cache.iterdir())) == 1
    again = compiled(pattern, flags)  # read back from the folder
    for built in (first, again):
        assert [(m.span(), m.groupdict()) for m in built.finditer(text)] == expected
        assert (built.pattern, built.flags, built.groups) == (pattern, reference.flags, reference.groups)


def test_a_spoiled_file_is_compiled_anew(cache: Path) -> None:
    pattern, flags, text = PATTERNS[0]
    compiled(pattern, flags)
    (path,) = cache.iterdir()
    path.write_bytes(b"not codes")
    assert compiled(pattern, flags).findall(text) == re.findall(pattern, text, flags)


def test_without_a_cache_folder_re_compiles(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiled_module, "cache_dir", lambda: None)
    pattern, flags, text = PATTERNS[1]
    assert compiled(pattern, flags).findall(text) == re.findall(pattern, text, flags)
