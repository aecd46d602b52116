"""JSON Lines news files: one document per line, an object with a string `text` (and optionally
`id`, `title`, `date`, `url`); a line that is no such object is reported and skipped alone. A file
is read once, a line at a time (`jsonl_file`), compressed or not, and so is standard input
(`jsonl_stream`): a dump of news of any size is never held whole."""

from __future__ import annotations

import io
import json
import re
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from claims.errors import NOT_NEWS, TABLES_GO, InputError, ProblemHandler, TableNotNews
from claims.ingest.compression import open_bytes
from claims.ingest.decoding import decoded_lines
from claims.ingest.metadata import checked_date, str_or_none
from claims.model import Document

_TABLE_KEYS = ("claim_id", "conflict_id", "segment_id")  # the id column of each table claims writes


def jsonl_file(
    path: Path, doc_id: str, shown: str, on_problem: ProblemHandler, identity: str | None = None
) -> Iterator[Document]:
    """The documents of the JSON Lines file `path` (`jsonl_documents`), read once, as they are
    asked for, a line at a time (`decoded_lines`): a line that is not UTF-8 is reported alone; a
    file that is empty, in another encoding or cannot be opened raises `InputError` before any of
    its documents is given."""
    return _documents(json_lines(_file_lines(path, shown, on_problem)), doc_id, shown, on_problem, identity)


def jsonl_stream(
    lines: Iterable[bytes], doc_id: str, shown: str, on_problem: ProblemHandler
) -> Iterator[Document]:
    """The documents of JSON Lines given as the lines of a stream (standard input), read as
    `jsonl_file` reads a file's."""
    return _documents(json_lines(decoded_lines(lines, shown, on_problem)), doc_id, shown, on_problem, None)


def _file_lines(path: Path, shown: str, on_problem: ProblemHandler) -> Iterator[str]:
    """The lines of the file `path` as text (`decoded_lines`), the file closed once they are read."""
    try:
        file = open_bytes(path)
    except OSError as error:
        raise InputError(f"cannot read file ({error.strerror or error})", path=shown) from None
    with file:
        yield from decoded_lines(file, shown, on_problem)


def jsonl_documents(
    text: str, doc_id: str, shown: str, on_problem: ProblemHandler, identity: str | None = None
) -> Iterator[Document]:
    """One document per JSON line of `text` with `text` (and optionally id, title, date, url). A
    file whose first row is a row of a claims, conflicts or segments table is reported once, as a
    table."""
    return _documents(json_lines(io.StringIO(text, newline="\n")), doc_id, shown, on_problem, identity)


def holds_json_lines(text: str) -> bool:
    """Whether `text` (standard input, which has no name to tell it by) is JSON Lines: its first line
    that is not blank is a JSON object, which no news article is. Its lines are then read as a JSON
    Lines file's are (a table's rows refused, a line without `text` reported).

    >>> holds_json_lines('\\n{"id": 1, "text": "Vela 2 scored 80%"}\\n{oops')
    True
    >>> holds_json_lines('{"claim_id": "a1", "kind": "score"}'), holds_json_lines("{Vela} 2 scored 80%")
    (True, False)
    """
    first = next((line for line in json_lines(io.StringIO(text, newline="\n")) if line.strip()), "")
    if not first.lstrip().startswith("{"):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except (json.JSONDecodeError, RecursionError):
        return False


def json_lines(lines: Iterable[str]) -> Iterator[str]:
    r"""The lines of JSON Lines, broken at `\n` alone (a file's, a text's through `io.StringIO` with
    `newline="\n"`), without their ends (`\n`, or `\r\n`): the one place a line's end is dropped. A
    JSON string may hold U+2028 or U+0085 as they are, where `str.splitlines` would break it
    (`json.dumps(..., ensure_ascii=False)` writes them so).

    >>> list(json_lines(io.StringIO('{"text": "a\u2028b"}\r\n{"text": "c"}\n', newline="\n")))
    ['{"text": "a\u2028b"}', '{"text": "c"}']
    """
    for line in lines:
        yield line.removesuffix("\n").removesuffix("\r")


def _documents(
    lines: Iterable[str], doc_id: str, shown: str, on_problem: ProblemHandler, identity: str | None
) -> Iterator[Document]:
    ids, identities = GivenNames(), GivenNames()
    try:
        yield from _records(lines, doc_id, shown, on_problem, identity, ids, identities)
    finally:
        ids.close()
        identities.close()


def _records(
    lines: Iterable[str],
    doc_id: str,
    shown: str,
    on_problem: ProblemHandler,
    identity: str | None,
    ids: GivenNames,
    identities: GivenNames,
) -> Iterator[Document]:
    first = None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        first = first or number
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            on_problem(InputError(f"not JSON ({error.msg})", path=shown, line=number))
            continue
        except RecursionError:
            on_problem(InputError("JSON nested too deeply to read", path=shown, line=number))
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            if number == first and isinstance(record, dict) and any(key in record for key in _TABLE_KEYS):
                on_problem(TableNotNews(NOT_NEWS, path=shown, hint=TABLES_GO))  # once for the file
                return
            on_problem(InputError("a line must be an object with a string 'text'", path=shown, line=number))
            continue
        if not record["text"].strip():
            on_problem(InputError("empty 'text'", path=shown, line=number))
            continue
        if (surrogate := _lone_surrogate(record)) is not None:
            message = f"holds the escape \\u{ord(surrogate):04x}, half of a surrogate pair, not a character"
            on_problem(InputError(message, path=shown, line=number, hint="fix the escape or drop it"))
            continue
        try:
            published = checked_date(str_or_none(record.get("date")), shown, number)
        except InputError as problem:  # this line alone: the file's other lines are read
            on_problem(problem)
            continue
        ident = ids.named(_given(record.get("id")) or str(number), number)
        # a line is known by its own id or link before its place in the file
        own = identities.named(_given(record.get("id")) or _given(record.get("url")) or str(number), number)
        yield Document(
            doc_id=f"{doc_id}#{ident}",
            path=shown,
            text=record["text"],
            title=str_or_none(record.get("title")),
            published=published,
            source_url=str_or_none(record.get("url")),
            line_offset=number,
            identity=f"{identity or doc_id}#{own}",
        )


def _given(value: object) -> str | None:
    """A record's id or link as text; None when it gives none (absent, null or ""). An id of 0 is
    one."""
    return None if value is None or value == "" else str(value)


SPILL_AT = 1 << 16  # names of one file held in memory (a few MB) before they move to disk
_GIVE = "INSERT OR IGNORE INTO given VALUES (?)"
# The database is a scratch pad deleted at the end: nothing needs to survive a crash.
_UNDURABLE = ("PRAGMA journal_mode = OFF", "PRAGMA synchronous = OFF", "PRAGMA cache_size = -4096")


class GivenNames:
    """The names given so far to the lines of one file (or, in `claims.ingest.corpus`, to the
    articles of a run that name themselves): a name given again is told apart by its line
    (`news.jsonl#5@2`) or its file, so no two documents share an id, and a record repeated in a
    dump does not give two claims one claim id.

    A dump of millions of lines would hold millions of names (about 100 bytes each, a set of them in
    memory): past `spill_at` names they move to a private SQLite database on disk, which SQLite
    deletes when `close` ends it, and memory holds that database's page cache alone. Where no such
    database can be made (no room, no temporary folder), the names stay in memory."""

    def __init__(self, spill_at: int | None = None) -> None:
        self._given: set[str] = set()
        self._spill_at = SPILL_AT if spill_at is None else spill_at
        self._disk: sqlite3.Connection | None = None

    def named(self, name: str, apart: int | str) -> str:
        """`name`, or `name@apart` (again while taken) when it was given before; now given. `apart`
        is what tells the holder apart: a line's number, or a file's identity (`claims.ingest.corpus`)."""
        while not self._took(name):
            name = f"{name}@{apart}"
        return name

    def _took(self, name: str) -> bool:
        """Give `name` if it is free: whether it was."""
        if self._disk is not None:
            try:
                return self._disk.execute(_GIVE, (name,)).rowcount == 1
            except sqlite3.Error:  # the disk filled up: back to memory, for good
                self._unspill()
        if name in self._given:
            return False
        self._given.add(name)
        if len(self._given) >= self._spill_at:
            self._spill()
        return True

    def _spill(self) -> None:
        disk = None
        try:
            # "": a private database in a temporary file, gone on close. The reader of a file may be
            # driven from any thread (one at a time): the connection is not tied to the first.
            disk = sqlite3.connect("", check_same_thread=False)
            for setting in _UNDURABLE:
                disk.execute(setting)
            disk.execute("CREATE TABLE given (name TEXT PRIMARY KEY) WITHOUT ROWID")
            disk.executemany(_GIVE, ((name,) for name in self._given))
        except sqlite3.Error:
            if disk is not None:
                disk.close()
            self._spill_at = sys.maxsize  # nowhere to put them: they stay in memory
            return
        self._disk, self._given = disk, set()

    def _unspill(self) -> None:
        """The names on disk back in memory, where they stay (`_spill` gives up for good). Were
        even they lost, the later lines would still be read, with repeats no longer told apart."""
        assert self._disk is not None
        try:
            self._given = {name for (name,) in self._disk.execute("SELECT name FROM given")}
        except sqlite3.Error:
            self._given = set()
        self.close()
        self._spill_at = sys.maxsize

    def close(self) -> None:
        if self._disk is not None:
            self._disk.close()
            self._disk = None


# JSON may escape half of a UTF-16 surrogate pair (`\ud800`); Python keeps it as a code point no
# encoder can write, so such a line is reported instead of failing later at the output.
_LONE_SURROGATE = re.compile("[\\ud800-\\udfff]")


def _lone_surrogate(record: dict[str, object]) -> str | None:
    """The first unpaired surrogate in a record's string fields, if any."""
    for value in record.values():
        if isinstance(value, str) and (found := _LONE_SURROGATE.search(value)):
            return found.group()
    return None
