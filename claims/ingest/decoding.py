"""Text from the bytes of a file: UTF-8, any BOM removed; what is no such text is an `InputError`
naming the file, the line and the first byte that does not decode."""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Iterator

from claims.errors import InputError, ProblemHandler
from claims.ingest.compression import CompressedDataError

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


def decoded_lines(lines: Iterable[bytes], shown: str, on_problem: ProblemHandler) -> Iterator[str]:
    r"""The byte lines of a file or stream (broken at `\n` alone) as text, each with its end, read
    once, one at a time: a file or stream of any size is never held. A line of UTF-8 never ends
    inside a character, so each decodes alone as it would in the whole.

    A line that is not UTF-8 is reported (`shown`, its line, the byte and its offset) and given as a
    blank line, so the lines after it keep their numbers: one stray byte in a dump costs its line
    alone. Before any line holds text, the file is refused instead (raised, as `decode` would): its
    first words do not decode, so it is in another encoding, not UTF-8 with a flaw. So is a file
    with no text at all (`empty file`) and one whose compressed data breaks off (or cannot be read)
    before any text; after some, that is reported and the lines before are kept."""
    text_seen, offset, line = False, 0, 0
    try:
        for line, raw in enumerate(lines, start=1):
            try:
                text = _decoded(raw, line)
            except UnicodeDecodeError as error:
                at = _in_bytes(raw, error) if line == 1 else error.start
                problem = undecodable(raw, at, offset, line, shown)
                if not text_seen:
                    raise problem from None
                on_problem(problem)
                text = "\n"
            text_seen = text_seen or bool(raw.strip())  # as `decode` tells an empty file
            offset += len(raw)
            yield text
    except CompressedDataError as error:
        if not text_seen:
            raise InputError(str(error), path=shown, line=line + 1 if line else None) from None
        on_problem(InputError(f"{error}; the lines before this one are read", path=shown, line=line + 1))
        return
    except OSError as error:
        if not text_seen:
            raise InputError(f"cannot read file ({error.strerror or error})", path=shown) from None
        on_problem(InputError(f"cannot read the file to its end ({error})", path=shown))
        return
    if not text_seen:
        raise InputError("empty file", path=shown)


def _decoded(raw: bytes, line: int) -> str:
    """Line `line` of a file as text: a BOM opens only the first."""
    return raw.decode("utf-8-sig" if line == 1 else "utf-8")
