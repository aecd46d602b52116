"""Text from the bytes of a file: UTF-8, any BOM removed; what is no such text is an `InputError`
naming the file, the line and the first byte that does not decode."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path

from claims.errors import InputError
from claims.ingest.compression import CompressedDataError, open_bytes

_BOM = codecs.BOM_UTF8


def decode(data: bytes, path: str) -> str:
    """UTF-8 text with any BOM removed; undecodable or empty input raises `InputError`.

    >>> decode(codecs.BOM_UTF8 + "价格 5%".encode(), "a.md")
    '价格 5%'
    >>> decode(codecs.BOM_UTF8 + b"caf\\xe9", "a.md")
    Traceback (most recent call last):
    claims.errors.InputError: a.md:1: not UTF-8 text (byte 0xe9 at offset 6) (convert the file to UTF-8)
    """
    if not data.strip():
        raise InputError("empty file", path=path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise undecodable(data, _in_bytes(data, error), 0, 1, path) from None


def _in_bytes(data: bytes, error: UnicodeDecodeError) -> int:
    """Where in `data` the byte that does not decode is: the decoder counts from after the BOM."""
    return error.start + (len(_BOM) if data.startswith(_BOM) else 0)


def undecodable(data: bytes, at: int, offset: int, line: int, path: str) -> InputError:
    """The error of the byte `data[at]`, `data` being the stretch of the file that starts at byte
    `offset`, on line `line`."""
    return InputError(
        f"not UTF-8 text (byte 0x{data[at]:02x} at offset {offset + at})",
        path=path,
        line=line + data[:at].count(b"\n"),
        hint="convert the file to UTF-8",
    )


def checked_file(path: Path, shown: str) -> None:
    """Raise what `decode` raises of the bytes of the file `path` (empty, or not UTF-8), or that it
    cannot be read, reading it a line at a time: a file of any size is checked without being held.
    A line of UTF-8 never ends inside a character, so each decodes alone as it would in the whole.

    A compressed file (`claims.ingest.compression`) is checked as the text inside it. One whose
    data cannot be read to its end passes when lines of text came before the break: its reader
    keeps them and says where it ends (`claims.ingest.jsonl`); with none, it raises here."""
    blank, offset, line = True, 0, 0
    try:
        with open_bytes(path) as file:
            for line, raw in enumerate(file, start=1):
                try:
                    _decoded(raw, line)
                except UnicodeDecodeError as error:
                    at = _in_bytes(raw, error) if line == 1 else error.start
                    raise undecodable(raw, at, offset, line, shown) from None
                blank = blank and not raw.strip()
                offset += len(raw)
    except CompressedDataError as error:
        if blank:
            raise InputError(str(error), path=shown, line=line + 1 if line else None) from None
        return
    except OSError as error:
        raise InputError(f"cannot read file ({error.strerror})", path=shown) from None
    if blank:
        raise InputError("empty file", path=shown)


def file_lines(path: Path) -> Iterator[str]:
    r"""The text of the file `path` (`checked_file`) a line at a time, broken at `\n` alone, each
    line with its end; a compressed file's, decompressed."""
    with open_bytes(path) as file:
        for line, raw in enumerate(file, start=1):
            yield _decoded(raw, line)


def _decoded(raw: bytes, line: int) -> str:
    """Line `line` of a file as text: a BOM opens only the first."""
    return raw.decode("utf-8-sig" if line == 1 else "utf-8")
