"""Text from the bytes of a file: UTF-8, any BOM removed; what is no such text is an `InputError`
naming the file, the line and the first byte that does not decode."""

from __future__ import annotations

import codecs

from claims.errors import InputError

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
