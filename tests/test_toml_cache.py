"""The shipped TOML files read from the cache folder give the data tomllib gives, whatever the
folder holds; files of the user's own are parsed anew each time (claims.text.tomlfile)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from claims.errors import ResourceError
from claims.resources import grammars_dir
from claims.text import tomlfile
from claims.text.tomlfile import parse_toml, read_toml

SHIPPED = sorted(grammars_dir().rglob("*.toml"))


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home"))
    return tmp_path / "home" / "claims" / "toml"


@pytest.mark.parametrize("path", SHIPPED[:6], ids=lambda p: p.name)
def test_a_shipped_file_reads_the_same_from_the_cache(cache: Path, path: Path) -> None:
    expected = tomllib.loads(path.read_text(encoding="utf-8"))
    first = read_toml(path)  # parsed, then kept
    assert len(list(cache.iterdir())) == 1
    again = read_toml(path)  # read back
    assert first.data == again.data == expected
    assert again.data is not first.data  # each reader gets data of its own to change


def test_a_spoiled_or_foreign_file_is_parsed_anew(cache: Path) -> None:
    path = SHIPPED[0]
    read_toml(path)
    (kept,) = cache.iterdir()
    expected = tomllib.loads(path.read_text(encoding="utf-8"))
    for spoiled in (b"not marshal", b"\xe9\x00\x00\x00"):  # garbage; a marshalled int, not a table
        kept.write_bytes(spoiled)
        assert read_toml(path).data == expected


def test_the_users_own_files_are_not_kept(cache: Path, tmp_path: Path) -> None:
    own = tmp_path / "reviews.toml"
    own.write_text('[[review]]\nclaim = "a"\n', encoding="utf-8")
    assert read_toml(own).data == {"review": [{"claim": "a"}]}
    assert not cache.exists()


def test_a_date_is_read_though_it_cannot_be_kept(cache: Path) -> None:
    text = "when = 2026-01-02\n"
    assert parse_toml(text, "x.toml", cached=True).data == parse_toml(text, "x.toml", cached=True).data
    assert not list(cache.glob("*.marshal"))


def test_a_syntax_error_is_reported_as_ever_and_nothing_kept(cache: Path) -> None:
    with pytest.raises(ResourceError, match=r"x\.toml:2:5: not valid TOML"):
        parse_toml("a = 1\nb = \n", "x.toml", cached=True)
    assert not cache.exists()


def test_without_a_cache_folder_the_text_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tomlfile, "cache_dir", lambda: None)
    assert read_toml(SHIPPED[0]).data == tomllib.loads(SHIPPED[0].read_text(encoding="utf-8"))
