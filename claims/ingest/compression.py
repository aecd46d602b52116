"""Compressed news files: `.gz`, `.bz2`, `.xz` and `.zst` read as the file inside them
(`news.jsonl.gz` is JSON Lines, `article.md.xz` Markdown), a stream at a time, so a compressed dump
of any size is never held whole; standard input is told compressed by the bytes it opens with.

A decompressor's own errors (data that is no such stream, a stream cut short) reach a reader of
lines as one `CompressedDataError` that says which (it knows the line where they broke off); a reader
of whole files gets them as the `InputError` naming the file.
"""

from __future__ import annotations

import importlib
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from claims.errors import InputError


@dataclass(frozen=True, slots=True)
class Compression:
    """One way a news file may be compressed."""

    suffix: str  # the file name's last suffix: `.gz`
    name: str  # as the user knows it: `gzip`
    opening: re.Pattern[bytes]  # the bytes its data opens with (standard input is told by them)
    module: str  # the module whose `open` and `decompress` read it


COMPRESSIONS = (
    Compression(".gz", "gzip", re.compile(re.escape(b"\x1f\x8b")), "gzip"),
    # `BZh`, a block size, then a block's or the stream end's magic: a text may open with `BZh9`
    Compression(".bz2", "bzip2", re.compile(b"BZh[1-9](?:1AY&SY|\x17rE8P\x90)"), "bz2"),
    Compression(".xz", "xz", re.compile(re.escape(b"\xfd7zXZ\x00")), "lzma"),
    # Python 3.14 reads zstd itself; before it, the backport of that module (a dependency)
    Compression(
        ".zst",
        "zstd",
        re.compile(re.escape(b"\x28\xb5\x2f\xfd")),
        "compression.zstd" if sys.version_info >= (3, 14) else "backports.zstd",
    ),
)
_BY_SUFFIX = {compression.suffix: compression for compression in COMPRESSIONS}
COMPRESSED_SUFFIXES = tuple(_BY_SUFFIX)


class CompressedDataError(Exception):
    """A compressed file's data could not be read to its end: the message says why."""


def compression_of(path: Path) -> Compression | None:
    """How the file `path` is compressed, by its name's last suffix; None when it is not."""
    return _BY_SUFFIX.get(path.suffix.lower())


def without_compression(path: Path) -> Path:
    """The path of the file inside: `news.jsonl` for `news.jsonl.gz` and for `news.jsonl`."""
    return path.with_suffix("") if compression_of(path) else path


def inner_suffix(path: Path) -> str:
    """The suffix of the file as written, lower-cased: `.jsonl` for `news.jsonl.gz` and `news.jsonl`."""
    return without_compression(path).suffix.lower()


def open_bytes(path: Path) -> IO[bytes]:
    """The bytes of the file `path`, decompressed as its name says, as a stream to read from. What
    the decompressor cannot read raises `CompressedDataError` where it is met."""
    compression = compression_of(path)
    file = path.open("rb")
    return file if compression is None else _decompressing(file, compression)


def read_bytes(path: Path, shown: str) -> bytes:
    """The whole of the file `path`, decompressed as its name says (`open_bytes`); what the
    decompressor cannot read raises `InputError` naming the file as `shown`."""
    try:
        with open_bytes(path) as file:
            return file.read()
    except CompressedDataError as error:
        raise InputError(str(error), path=shown) from None


def sniffed(stream: IO[bytes]) -> IO[bytes]:
    """The bytes of `stream`, decompressed when they open as a compressed stream does (standard input
    has no name to tell it by), else as they are; read as they are asked for, never held whole. Its
    first bytes are read to tell, and given back first (`_Rejoined`)."""
    head = _head(stream)
    rejoined = io.BufferedReader(_Rejoined(head, stream))
    for compression in COMPRESSIONS:
        if compression.opening.match(head):
            return _decompressing(rejoined, compression)
    return rejoined


_OPENING_BYTES = 16  # enough for every opening (bzip2's block magic ends at the 10th byte)


def _head(stream: IO[bytes]) -> bytes:
    """The first `_OPENING_BYTES` of `stream` (fewer when it ends sooner); a pipe may give them in
    pieces."""
    head = b""
    while len(head) < _OPENING_BYTES:
        piece = stream.read(_OPENING_BYTES - len(head))
        if not piece:
            break
        head += piece
    return head


class _Rejoined(io.RawIOBase):
    """`head`, the bytes already read from `rest`, followed by the rest of it: a stream whose first
    bytes were looked at, whole again."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        super().__init__()
        self._head, self._rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size], self._head = self._head[:size], self._head[size:]
            return size
        # what the pipe holds now, not a full buffer: a slow writer's lines are read as they come
        data = self._rest.read1(len(buffer)) if hasattr(self._rest, "read1") else self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _decompressing(file: IO[bytes], compression: Compression) -> IO[bytes]:
    """The bytes `file` holds compressed, read through the decompressor (`_Told`); closing the
    stream closes `file`."""
    try:
        inner = _module(compression).open(file, "rb")
    except BaseException:
        file.close()
        raise
    return io.BufferedReader(_Told(inner, file, compression))


def _module(compression: Compression) -> Any:
    """The module that reads `compression`, imported when a file first needs it."""
    return importlib.import_module(compression.module)


def _told(error: Exception, compression: Compression) -> CompressedDataError:
    """A decompressor's error as the user is told it."""
    if isinstance(error, EOFError):
        return CompressedDataError(f"{compression.name} data ends early: the file is cut short")
    return CompressedDataError(f"not {compression.name} data, or damaged ({error})")


class _Told(io.RawIOBase):
    """The decompressed bytes of a file; the decompressor's errors raised as `CompressedDataError`,
    the file's own (a disk that fails, with an errno) as they are."""

    def __init__(self, inner: IO[bytes], file: IO[bytes], compression: Compression) -> None:
        super().__init__()
        self._inner, self._file, self._compression = inner, file, compression

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            return self._inner.readinto(buffer)  # type: ignore[attr-defined]
        except OSError as error:
            if error.errno is not None:  # the disk or the file system, not the data
                raise
            raise _told(error, self._compression) from None
        except Exception as error:  # EOFError, zlib.error, lzma.LZMAError, ZstdError
            raise _told(error, self._compression) from None

    def close(self) -> None:
        try:
            self._inner.close()
        finally:
            self._file.close()
            super().close()
