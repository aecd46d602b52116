"""JSON Lines files read a line at a time (`claims.ingest.jsonl.jsonl_file`): the same documents
and the same problems as reading the whole text, a file's size never held, and a bad line costing
that line alone."""

from __future__ import annotations

import bz2
import codecs
import errno
import gzip
import io
import json
import sqlite3
import subprocess
import sys
import threading
import tracemalloc
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.errors import InputError
from claims.ingest import jsonl
from claims.ingest.compression import sniffed
from claims.ingest.corpus import iter_documents, read_corpus
from claims.ingest.decoding import decode
from claims.ingest.jsonl import jsonl_documents, jsonl_file
from claims.ingest.stream import CorpusStream

# What a line may be: a document (its text may hold characters `str.splitlines` breaks at), a blank
# line, a line that is no JSON, an object without text, a date that is no day.
_TEXTS = st.text(alphabet=st.sampled_from(list("ab 1%价\u2028\u0085\x1c")), min_size=1, max_size=12)
_LINES = st.one_of(
    _TEXTS.map(lambda text: json.dumps({"text": text}, ensure_ascii=False)),
    _TEXTS.map(lambda text: json.dumps({"id": "x", "text": text, "url": "https://a.example/1"})),
    st.sampled_from(["", "  ", "{oops", '{"title": "no text"}', '{"text": "a", "date": "2025-02-30"}']),
)
_ENDINGS = st.sampled_from(["\n", "\r\n", "\r"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.tuples(_LINES, _ENDINGS), min_size=1, max_size=8), bom=st.booleans())
def test_a_line_at_a_time_reads_what_the_whole_text_reads(
    tmp_path: Path, lines: list[tuple[str, str]], bom: bool
) -> None:
    data = (codecs.BOM_UTF8 if bom else b"") + "".join(line + end for line, end in lines).encode()
    path = tmp_path / "news.jsonl"
    path.write_bytes(data)
    streamed: list[str] = []
    whole: list[str] = []
    try:
        text = decode(data, str(path))
    except InputError as problem:  # empty: both refuse the file, before any document
        with pytest.raises(InputError) as raised:
            next(jsonl_file(path, "news.jsonl", str(path), streamed.append))
        assert str(raised.value) == str(problem)
        return
    got = list(jsonl_file(path, "news.jsonl", str(path), lambda p: streamed.append(str(p))))
    want = list(jsonl_documents(text, "news.jsonl", str(path), lambda p: whole.append(str(p))))
    assert got == want
    assert streamed == whole


def test_a_bad_date_costs_its_line_alone(tmp_path: Path) -> None:
    path = tmp_path / "w.jsonl"
    lines = [
        '{"id": 1, "text": "a 1%"}',
        '{"id": 2, "text": "b 2%", "date": "2024-04-31"}',
        '{"id": 3, "text": "c 3%"}',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus = read_corpus([path])
    assert [d.doc_id for d in corpus.documents] == ["w.jsonl#1", "w.jsonl#3"]
    assert [str(p) for p in corpus.problems] == [
        f"{path}:2: date '2024-04-31' is not a day of the calendar (write YYYY-MM-DD)"
    ]


class _FailingDisk(io.RawIOBase):
    """A file whose disk fails after its first line (an I/O error, with its errno)."""

    def __init__(self, first: bytes) -> None:
        super().__init__()
        self._left = first

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not self._left:
            raise OSError(errno.EIO, "Input/output error")
        size = min(len(buffer), len(self._left))
        buffer[:size], self._left = self._left[:size], self._left[size:]
        return size


def test_a_file_that_cannot_be_read_to_its_end_keeps_what_was_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fails half-way: the lines read are kept, and the rest is one problem naming the file."""
    path = tmp_path / "w.jsonl"
    path.write_text('{"text": "a 1%"}\n{"text": "b 2%"}\n', encoding="utf-8")
    failing = io.BufferedReader(_FailingDisk(b'{"text": "a 1%"}\n'))
    monkeypatch.setattr("claims.ingest.jsonl.open_bytes", lambda _: failing)
    problems: list[str] = []
    documents = jsonl_file(path, "w.jsonl", str(path), lambda p: problems.append(str(p)))
    assert [d.text for d in documents] == ["a 1%"]
    assert problems == [f"{path}: cannot read the file to its end ([Errno 5] Input/output error)"]
    assert failing.closed


def test_a_file_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A dump is opened and read once (it was checked whole, then read): a compressed one is
    decompressed once."""
    path = tmp_path / "w.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "a 1%"}\n{"text": "b 2%"}\n'))
    opened: list[Path] = []
    real = jsonl.open_bytes
    monkeypatch.setattr(jsonl, "open_bytes", lambda p: opened.append(p) or real(p))
    assert [d.text for d in read_corpus([path]).documents] == ["a 1%", "b 2%"]
    assert opened == [path]


@pytest.mark.parametrize("inside", ["\u2028", "\u2029", "\u0085", "\x1c", "\x1d", "\x1e"])
def test_a_text_may_hold_what_splitlines_breaks_at(tmp_path: Path, inside: str) -> None:
    """JSON strings may hold these characters as they are (`json.dumps(..., ensure_ascii=False)`
    writes them so): JSON Lines break at `\\n` alone, so the line stays one document."""
    texts = [f"Vela 发布新模型{inside}参数 70 亿。", f"Orca raised $5 million{inside}in seed funding."]
    path = tmp_path / "news.jsonl"
    lines = [json.dumps({"text": text}, ensure_ascii=False) for text in texts]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus = read_corpus([path])
    assert [d.text for d in corpus.documents] == texts
    assert [d.line_offset for d in corpus.documents] == [1, 2]
    assert corpus.problems == ()


@pytest.mark.parametrize(
    ("ids", "names"),
    [
        ([0, 1], ["#0", "#1"]),  # an id of 0 is an id, not none given (it was read as line 1's)
        ([5, 5], ["#5", "#5@2"]),  # a repeated id is told apart by its line
        ([None, ""], ["#1", "#2"]),  # null or "" gives no id: the line's place does
        (["a", "a", "a"], ["#a", "#a@2", "#a@3"]),
        (["a", "a@3", "a"], ["#a", "#a@3", "#a@3@3"]),  # a name taken is never given twice
    ],
)
def test_no_two_lines_of_a_file_share_an_id(tmp_path: Path, ids: list[object], names: list[str]) -> None:
    path = tmp_path / "n.jsonl"
    path.write_text(
        "".join(
            json.dumps({"id": i, "text": f"Vela {n} scored 8{n}% on MMLU."}) + "\n" for n, i in enumerate(ids)
        )
    )
    docs = read_corpus([path]).documents
    assert [d.doc_id for d in docs] == [f"n.jsonl{name}" for name in names]
    assert len({d.identity for d in docs}) == len(docs)


def test_a_record_repeated_in_a_dump_gives_no_claim_id_twice(cli, tmp_path: Path) -> None:
    """Scraped dumps repeat records: each copy is a document of its own, and every claim id, segment
    id and document id is one row's (they were shared, and the schema check failed)."""
    record = json.dumps({"id": 7, "url": "https://a.example/7", "text": "Vela 2 scored 80% on MMLU."})
    by_url = json.dumps({"url": "https://a.example/8", "text": "Orca 3 costs $20 a month."})
    path = tmp_path / "dump.jsonl"
    path.write_text("\n".join([record, record, by_url, by_url]) + "\n", encoding="utf-8")
    out = tmp_path / "claims.csv"
    result = cli("extract", path, "-o", out)
    assert result.code == 0, result
    claims = pl.read_csv(out)
    assert claims.height == 4
    for column in ("claim_id", "segment_id", "doc_id"):
        assert claims[column].n_unique() == 4, claims[column].to_list()


class _Stdin:
    """Standard input holding `data`, as `sys.stdin` offers it to a reader of bytes."""

    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


_DUMP = "\n".join(
    json.dumps(record, ensure_ascii=False)
    for record in (
        {"id": "a", "text": "Vela 发布 Vela-2，参数 70B，售价 20 美元。", "title": "Vela-2"},
        {"text": "Orca 3 scored 71% on MMLU.", "url": "https://a.example/orca"},
    )
)


@pytest.mark.parametrize("packed", [False, True])
def test_json_lines_on_standard_input_are_read_as_a_file_of_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, packed: bool
) -> None:
    """`jq -c … | claims extract -`: the documents the same lines give as a file, named `stdin#…`."""
    path = tmp_path / "dump.jsonl"
    path.write_text(_DUMP + "\n", encoding="utf-8")
    data = _DUMP.encode() + b"\n"
    monkeypatch.setattr("sys.stdin", _Stdin(gzip.compress(data) if packed else data))
    got = read_corpus(["-"]).documents
    want = read_corpus([path]).documents
    assert [d.doc_id for d in got] == ["stdin#a", "stdin#2"]
    assert [(d.text, d.title, d.source_url, d.line_offset) for d in got] == [
        (d.text, d.title, d.source_url, d.line_offset) for d in want
    ]


@pytest.mark.parametrize(
    ("data", "told"),
    [
        (
            '{"claim_id": "c1", "kind": "score"}\n',
            "a table, not news text",
        ),  # `claims extract | claims extract -`
        ('{"id": 1, "text": "a 5%"}\n{oops\n', "<stdin>:2: not JSON"),
    ],
)
def test_what_json_lines_on_standard_input_hold_is_told_as_a_file_s(
    monkeypatch: pytest.MonkeyPatch, data: str, told: str
) -> None:
    monkeypatch.setattr("sys.stdin", _Stdin(data.encode()))
    problems: list[InputError] = []
    try:
        read_corpus(["-"], on_problem=problems.append)
    except InputError as problem:  # nothing readable
        problems.append(problem)
    assert told in str(problems[0])


@pytest.mark.parametrize(
    "text", ["{Vela} 2 scored 80% on MMLU.", "[1, 2] Vela 2 scored 80%", "Vela 2 scored 80%."]
)
def test_a_text_on_standard_input_stays_one_document(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", _Stdin(text.encode()))
    assert [(d.doc_id, d.text) for d in read_corpus(["-"]).documents] == [("stdin", text)]


def test_a_run_on_json_lines_from_standard_input_checks_their_quotes(tmp_path: Path) -> None:
    """The quote check reads standard input's documents from memory (it cannot be read twice):
    each JSON line's document must be known there as standard input's."""
    out = tmp_path / "run"
    command = [sys.executable, "-m", "claims", "run", "-", "-o", str(out)]
    done = subprocess.run(command, input=_DUMP.encode(), capture_output=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert "quotes match their sources" in done.stdout.decode()
    assert pl.read_parquet(out / "claims.parquet")["doc_id"].unique().sort().to_list() == [
        "stdin#2",
        "stdin#a",
    ]


def _dump(count: int, width: int = 0) -> bytes:
    """`count` lines of JSON Lines news, numbered from 1, each text `width` characters longer."""
    texts = (f"Vela-{n} 得分 {n % 90}%，{'价' * (n % 7 + width)}" for n in range(1, count + 1))
    lines = (json.dumps({"id": n, "text": text}) for n, text in enumerate(texts, start=1))
    return "".join(line + "\n" for line in lines).encode()


@pytest.mark.parametrize("packed", [False, True])
def test_json_lines_on_standard_input_are_never_held_whole(
    monkeypatch: pytest.MonkeyPatch, packed: bool
) -> None:
    """`zcat dump.jsonl.gz | claims extract -`: 4 MB piped in, read a line at a time (it was read
    whole, then split). A file remembers the ids it gave (in memory up to `jsonl.SPILL_AT` of them),
    so the lines are few and long: what is measured is the text held."""
    data = _dump(2_000, width=330)
    monkeypatch.setattr("sys.stdin", _Stdin(gzip.compress(data) if packed else data))
    tracemalloc.start()
    try:
        count = sum(1 for _ in iter_documents(["-"], split=False))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 2_000 and len(data) > 4_000_000
    assert peak < (1_500_000 if packed else 1_000_000), peak


def test_a_dump_piped_to_a_run_is_kept_for_the_quote_check_on_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """`claims run -` reads standard input once and its texts again for the quote check: they are
    kept in a temporary file, not in memory (4 MB piped in was held whole), and given back the same."""
    data = _dump(2_000, width=330)
    monkeypatch.setattr("sys.stdin", _Stdin(data))
    corpus = CorpusStream(["-"])
    tracemalloc.start()
    try:
        first = [(doc.doc_id, hash(doc.text)) for doc, _ in corpus.read()]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(first) == 2_000 and len(data) > 4_000_000
    assert peak < 1_500_000, peak
    for _ in range(2):  # as often as needed
        assert [(doc.doc_id, hash(doc.text)) for doc in corpus] == first


def test_what_is_piped_is_kept_in_memory_where_no_temporary_file_can_be_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_room(*_: object, **__: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("sys.stdin", _Stdin(_dump(5)))
    monkeypatch.setattr("claims.ingest.stream.tempfile.TemporaryFile", no_room)
    corpus = CorpusStream(["-"])
    first = [doc for doc, _ in corpus.read()]
    assert len(first) == 5 and list(corpus) == first


def _traced_peak(path: Path) -> int:
    """The most memory Python held while the documents of `path` were read one after another."""
    tracemalloc.start()
    try:
        count = sum(1 for _ in jsonl_file(path, "d.jsonl", "d.jsonl", _raise))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count > 0
    return peak


def _raise(problem: InputError) -> None:
    raise problem


@pytest.mark.parametrize("own_ids", [False, True])
def test_the_names_of_a_long_dump_are_not_all_held_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, own_ids: bool
) -> None:
    """Each line's name is remembered, to tell a repeated record apart; past a few thousand names
    (`SPILL_AT`, made small here) they go to disk: four times the lines, about the same memory."""
    monkeypatch.setattr(jsonl, "SPILL_AT", 300, raising=False)
    peaks = []
    for count in (1_500, 6_000):
        path = tmp_path / f"{count}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for n in range(count):
                record = {"text": f"Vela {n} scored 80%."}
                if own_ids:
                    record["id"] = f"https://news.example/2024/05/vela-{n:08d}"
                out.write(json.dumps(record) + "\n")
        peaks.append(_traced_peak(path))
    assert peaks[1] < 1.5 * peaks[0], peaks


_NAMES = st.lists(
    st.tuples(st.sampled_from(["a", "b", "1", "2", "a@3", "b@2", "3"]), st.integers(1, 9)), max_size=40
)


@settings(max_examples=200, deadline=None)
@given(given_names=_NAMES, spill_at=st.integers(1, 6))
def test_names_moved_to_disk_are_given_as_names_in_memory(
    given_names: list[tuple[str, int]], spill_at: int
) -> None:
    """Whether the names given so far are in memory or on disk, each line gets the same name."""
    in_memory, spilled = jsonl.GivenNames(spill_at=10_000), jsonl.GivenNames(spill_at=spill_at)
    try:
        expected = [in_memory.named(name, number) for name, number in given_names]
        assert [spilled.named(name, number) for name, number in given_names] == expected
        assert len(set(expected)) == len(expected)
    finally:
        in_memory.close()
        spilled.close()


def test_names_moved_to_disk_are_read_from_another_thread() -> None:
    """A file's lines may be read on by another thread than the one that began (a reader handed
    to a thread that feeds workers): the names on disk are still there."""
    names = jsonl.GivenNames(spill_at=2)
    given = [names.named(name, n) for n, name in enumerate(["a", "b", "c"], start=1)]
    later: list[str] = []
    reader = threading.Thread(target=lambda: later.extend(names.named(n, 9) for n in ["a", "d", "b"]))
    reader.start()
    reader.join()
    names.close()
    assert (given, later) == (["a", "b", "c"], ["a@9", "d", "b@9"])


def test_names_stay_in_memory_where_no_database_can_be_made(monkeypatch: pytest.MonkeyPatch) -> None:
    """No room for the scratch database (a full disk, no temporary folder): the names stay in memory
    and the lines are still named apart."""

    def no_room(*_: object, **__: object) -> None:
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(jsonl.sqlite3, "connect", no_room)
    names = jsonl.GivenNames(spill_at=2)
    assert [names.named(name, n) for n, name in enumerate(["a", "b", "a", "c", "a"], start=1)] == [
        "a",
        "b",
        "a@3",
        "c",
        "a@5",
    ]


class _Pipe(io.RawIOBase):
    """A pipe whose writer has written `given` so far and is still writing: reading past it fails
    the test (the reader would wait for the rest). Each read gives at most `piece` bytes, as a pipe
    may. One that `ends` has had all it will: reading past it gives the end."""

    def __init__(self, given: bytes, piece: int = 7, ends: bool = False) -> None:
        super().__init__()
        self._left, self._piece, self._ends = given, piece, ends

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not self._left and not self._ends:
            raise AssertionError("read past what the writer has written")
        size = min(len(buffer), len(self._left), self._piece)
        buffer[:size], self._left = self._left[:size], self._left[size:]
        return size


def test_a_document_on_standard_input_is_read_before_the_pipe_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    """A slow writer (`tail -f`, a crawler) has written two lines: both documents are given without
    waiting for the rest."""
    pipe = _Pipe(b'\n{"id": "a", "text": "Vela 2 scored 80%."}\n{"id": "b", "text": "Orca 3 costs $5."}\n')
    stdin = _Stdin(b"")
    stdin.buffer = io.BufferedReader(pipe)  # type: ignore[assignment]
    monkeypatch.setattr("sys.stdin", stdin)
    documents = iter_documents(["-"], split=False)
    assert [next(documents)[0].doc_id, next(documents)[0].doc_id] == ["stdin#a", "stdin#b"]


def test_compressed_standard_input_given_in_small_pieces_is_told_compressed() -> None:
    """A pipe may give its first bytes a few at a time: enough are gathered to tell the opening."""
    data = _dump(3)
    for writer in (gzip.compress, bz2.compress):
        assert sniffed(_Pipe(writer(data), piece=1, ends=True)).read() == data


def test_json_lines_cut_short_on_standard_input_keep_the_lines_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A download piped in that stopped: the documents before the break, one warning at its line."""
    data = _dump(90_000)
    packed = gzip.compress(data)
    monkeypatch.setattr("sys.stdin", _Stdin(packed[: len(packed) // 2]))
    problems: list[InputError] = []
    docs = [doc for doc, _ in iter_documents(["-"], on_problem=problems.append, split=False)]
    assert 0 < len(docs) < 90_000
    assert [d.doc_id for d in docs] == [f"stdin#{n}" for n in range(1, len(docs) + 1)]
    cut = "gzip data ends early: the file is cut short; the lines before this one are read"
    assert [str(p) for p in problems] == [f"<stdin>:{len(docs) + 1}: {cut}"]


def test_a_json_line_on_standard_input_that_is_not_utf8_costs_that_line_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = b'{"id": 1, "text": "a 1%"}\n{"id": 2, "text": "caf\xe9 2%"}\n{"id": 3, "text": "b 3%"}\n'
    monkeypatch.setattr("sys.stdin", _Stdin(data))
    corpus = read_corpus(["-"])
    assert [d.doc_id for d in corpus.documents] == ["stdin#1", "stdin#3"]
    assert [str(p) for p in corpus.problems] == [
        "<stdin>:2: not UTF-8 text (byte 0xe9 at offset 48) (convert the file to UTF-8)"
    ]
