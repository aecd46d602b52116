"""Standard input (`-`) as news: compressed or not (told by its first bytes, `sniffed`), JSON Lines
(told by its first line that is not blank) read a line at a time as a file's are, any other text as
one document. A dump piped in (`zcat news.jsonl.gz | claims extract -`) is never held whole."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterable
from dataclasses import replace
from typing import IO

from claims.errors import InputError, ProblemHandler
from claims.ingest.compression import CompressedDataError, sniffed
from claims.ingest.decoding import decode
from claims.ingest.jsonl import holds_json_lines, jsonl_stream
from claims.model import STDIO, Document

SHOWN = "<stdin>"  # how messages name standard input


def stdin_documents(on_problem: ProblemHandler) -> Iterable[Document]:
    """The documents of standard input: a document a line when it holds JSON Lines news
    (`jq -c … | claims extract -`), each named by the path `-`, as the quote check knows standard
    input; else one text document."""
    stream = sniffed(sys.stdin.buffer)
    head = _opening_lines(stream)
    if holds_json_lines(_text_of(head)):
        documents = jsonl_stream(itertools.chain(head, stream), "stdin", SHOWN, on_problem)
        return (replace(doc, path=STDIO) for doc in documents)
    return [Document(doc_id="stdin", path=STDIO, text=decode(b"".join(head) + _all(stream), SHOWN))]


def stdin_bytes() -> bytes:
    """The whole of standard input, decompressed when it opens as a compressed stream does."""
    return _all(sniffed(sys.stdin.buffer))


def _opening_lines(stream: IO[bytes]) -> list[bytes]:
    """The lines of `stream` up to its first that holds text, that one included (or up to one that
    does not decode: the stream is then no JSON Lines). Compressed data that breaks off before is
    the `InputError` naming standard input, as it is for a file (`decoded_lines`)."""
    head: list[bytes] = []
    try:
        for raw in stream:
            head.append(raw)
            try:
                text = raw.decode("utf-8-sig" if len(head) == 1 else "utf-8")
            except UnicodeDecodeError:
                break
            if text.strip():
                break
    except CompressedDataError as error:
        raise InputError(str(error), path=SHOWN, line=len(head) + 1 if head else None) from None
    return head


def _text_of(lines: list[bytes]) -> str:
    """`lines` as text; "" when they do not decode (then the stream is told as one text)."""
    try:
        return b"".join(lines).decode("utf-8-sig")
    except UnicodeDecodeError:
        return ""


def _all(stream: IO[bytes]) -> bytes:
    """The rest of `stream`; compressed data that cannot be read is the `InputError` naming standard
    input."""
    try:
        return stream.read()
    except CompressedDataError as error:
        raise InputError(str(error), path=SHOWN) from None
