"""Text from the bytes of a file: UTF-8, any BOM removed; what is no such text is an `InputError`
naming the file, the line and the first byte that does not decode."""

from __future__ import annotations

from claims.errors import InputError


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
