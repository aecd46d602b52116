"""Compressed news files (`claims.ingest.compression`): each compression read as the file inside it,
a JSON Lines dump a line at a time, a file cut short keeping what came before the break, and
compressed standard input told by its first bytes."""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.errors import InputError, TableNotNews
from claims.extraction.extract import extract_corpus
from claims.ingest.compression import COMPRESSIONS, inner_suffix, sniffed
from claims.ingest.corpus import iter_documents, read_corpus
from claims.ingest.jsonl import jsonl_file
from claims.ingest.stream import input_sizes

try:
    from compression import zstd  # type: ignore[import-not-found]  # Python 3.14 and later
except ImportError:
    from backports import zstd  # type: ignore[no-redef]

# How each compression writes bytes, as a file writer would (gzip without a timestamp, to compare).
WRITERS: dict[str, Callable[[bytes], bytes]] = {
    ".gz": lambda data: gzip.compress(data, mtime=0),
    ".bz2": bz2.compress,
    ".xz": lambda data: lzma.compress(data, preset=1),
    ".zst": zstd.compress,
}
NEWS = "Vela 发布 Vela-2，参数 70B，售价 20 美元。\n\nOrca raised $20 million in a Series A round.\n"


def test_every_compression_has_a_writer_here() -> None:
    assert sorted(WRITERS) == sorted(c.suffix for c in COMPRESSIONS)


@pytest.mark.parametrize("suffix", list(WRITERS))
@pytest.mark.parametrize("inner", [".md", ".txt", ".jsonl"])
def test_a_compressed_file_reads_as_the_file_inside(tmp_path: Path, suffix: str, inner: str) -> None:
    data = json.dumps({"text": NEWS, "id": "a"}, ensure_ascii=False) + "\n" if inner == ".jsonl" else NEWS
    plain, packed = tmp_path / "plain", tmp_path / "packed"
    plain.mkdir(), packed.mkdir()
    (plain / f"news{inner}").write_text(data, encoding="utf-8")
    (packed / f"news{inner}{suffix}").write_bytes(WRITERS[suffix](data.encode()))
    want = read_corpus([plain])
    got = read_corpus([packed])  # found in a folder, by the suffix of the file inside
    assert [d.text for d in got.documents] == [d.text for d in want.documents] != []
    spans = [[(s.title, s.start, s.end) for s in corpus.segments] for corpus in (got, want)]
    assert spans[0] == spans[1]
    assert got.documents[0].doc_id.startswith(f"news{inner}{suffix}")


def test_inner_suffix() -> None:
    assert inner_suffix(Path("a/News.JSONL.GZ")) == ".jsonl"
    assert inner_suffix(Path("news.md")) == ".md"
    assert inner_suffix(Path("news.gz")) == ""


def test_a_compressed_table_is_no_news(tmp_path: Path) -> None:
    """A claims table compressed is still a table: named, it is refused as one; in a folder, passed by."""
    table = tmp_path / "claims.csv.gz"
    table.write_bytes(gzip.compress(b"claim_id,doc_id\n1,a\n"))
    (tmp_path / "news.md.gz").write_bytes(gzip.compress(NEWS.encode()))
    with pytest.raises(TableNotNews):
        read_corpus([table], strict=True)
    assert [d.doc_id for d in read_corpus([tmp_path]).documents] == ["news.md.gz"]


_LINES = st.one_of(
    st.text(alphabet="ab 1%价\u2028", min_size=1, max_size=10).map(lambda t: json.dumps({"text": t})),
    st.sampled_from(["", "{oops", '{"title": "no text"}', '{"text": "a", "date": "2025-02-30"}']),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(_LINES, min_size=1, max_size=6), suffix=st.sampled_from(list(WRITERS)))
def test_compressed_json_lines_give_the_documents_and_problems_of_the_plain_file(
    tmp_path: Path, lines: list[str], suffix: str
) -> None:
    data = "\n".join(lines).encode() + b"\n"
    plain, packed = tmp_path / "news.jsonl", tmp_path / f"news.jsonl{suffix}"
    plain.write_bytes(data)
    packed.write_bytes(WRITERS[suffix](data))
    assert _read_jsonl(plain) == _read_jsonl(packed)


def _read_jsonl(path: Path) -> tuple[list[object], list[str]]:
    """The documents and problems of one JSON Lines file, each named as `news.jsonl`."""
    problems: list[str] = []
    try:
        found = list(jsonl_file(path, "news.jsonl", "news.jsonl", lambda p: problems.append(str(p))))
    except InputError as problem:
        return [], [f"raised: {problem}"]
    return list(found), problems


def _cut(data: bytes, suffix: str, keep: int) -> bytes:
    """`data` compressed and cut to its first `keep` bytes: a download that stopped."""
    return WRITERS[suffix](data)[:keep]


@pytest.mark.parametrize("suffix", list(WRITERS))
def test_a_dump_cut_short_keeps_the_lines_before_the_break(tmp_path: Path, suffix: str) -> None:
    # 4 MB: bzip2 decodes in blocks of up to 900 kB, so half the file must hold a whole one
    texts = (f"Vela-{n} 得分 {n % 90}%，{'价' * (n % 7)}" for n in range(1, 90_001))
    lines = [json.dumps({"id": n, "text": text}) for n, text in enumerate(texts, start=1)]
    data = ("\n".join(lines) + "\n").encode()
    whole = WRITERS[suffix](data)
    path = tmp_path / f"dump.jsonl{suffix}"
    path.write_bytes(whole[: len(whole) // 2])
    problems: list[InputError] = []
    docs = [doc for doc, _ in iter_documents([path], on_problem=problems.append, split=False)]
    assert 0 < len(docs) < len(lines)
    # in order, none lost
    assert [d.doc_id for d in docs] == [f"{path.name}#{n}" for n in range(1, len(docs) + 1)]
    assert len(problems) == 1
    assert problems[0].line == len(docs) + 1
    assert "ends early: the file is cut short" in str(problems[0])
    assert str(problems[0]).startswith(f"{path}:{len(docs) + 1}: ")


def test_joined_streams_are_read_to_the_end(tmp_path: Path) -> None:
    """`cat a.gz b.gz` is one gzip file of two members, and a zstd file may hold several frames."""
    first, second = b'{"text": "a 1%"}\n', b'{"text": "b 2%"}\n'
    for suffix in (".gz", ".zst", ".bz2", ".xz"):
        path = tmp_path / f"joined.jsonl{suffix}"
        path.write_bytes(WRITERS[suffix](first) + WRITERS[suffix](second))
        assert [d.text for d in read_corpus([path]).documents] == ["a 1%", "b 2%"], suffix


@pytest.mark.parametrize("suffix", ["", *WRITERS])
def test_a_large_dump_is_never_held_whole(tmp_path: Path, suffix: str) -> None:
    """Going through 4 MB of JSON Lines a document at a time, plain or compressed, the reader holds
    about a line, not the file (Python's own allocations, as `tracemalloc` counts them; the whole
    text alone is 4 MB)."""
    line = json.dumps({"text": "Vela 发布新模型，参数 70 亿。" * 200}, ensure_ascii=False) + "\n"
    data = (line * (4_000_000 // len(line.encode()))).encode()
    path = tmp_path / f"dump.jsonl{suffix}"
    path.write_bytes(WRITERS[suffix](data) if suffix else data)
    tracemalloc.start()
    try:
        count = sum(1 for _ in iter_documents([path]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count > 500
    # a decompressor holds its window and a block of output beside the line (xz's about 1.4 MB here)
    assert peak < (1_500_000 if suffix else 1_000_000), peak


@pytest.mark.parametrize("suffix", list(WRITERS))
def test_compressed_standard_input_is_told_by_its_first_bytes(suffix: str) -> None:
    assert sniffed(io.BytesIO(WRITERS[suffix](NEWS.encode()))).read() == NEWS.encode()


@pytest.mark.parametrize("text", ["BZh9 is a model name.", "\x1f is a control character", "plain news 5%"])
def test_text_that_only_looks_compressed_stays_text(text: str) -> None:
    assert sniffed(io.BytesIO(text.encode())).read() == text.encode()


def test_a_compressed_pipe_gives_the_claims_of_the_text(tmp_path: Path) -> None:
    """`curl … | claims extract -` with the news gzip-compressed: the claims of the plain text;
    compressed input cut short is one line naming standard input, exit 2."""
    command = [sys.executable, "-m", "claims", "-q", "extract", "-", "-f", "csv", "-o", "-"]

    def run(data: bytes) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(command, input=data, capture_output=True, timeout=120, check=False)

    plain, packed = run(NEWS.encode()), run(WRITERS[".gz"](NEWS.encode()))
    assert plain.returncode == packed.returncode == 0, packed.stderr
    assert packed.stdout == plain.stdout and plain.stdout.count(b"\n") > 1
    cut = run(_cut(NEWS.encode() * 50, ".xz", 40))
    assert cut.returncode == 2
    told = cut.stderr.decode().strip().splitlines()
    assert told == ["error: <stdin>: xz data ends early: the file is cut short"]


def test_quantities_reads_a_compressed_file(cli, tmp_path: Path) -> None:
    path = tmp_path / "a.txt.gz"
    path.write_bytes(gzip.compress("参数 70B，售价 20 美元".encode()))
    result = cli("quantities", path, "--format", "jsonl")
    assert result.code == 0, result
    assert [json.loads(line)["text"] for line in result.out.splitlines()] == ["70B", "20 美元"]


def test_a_damaged_file_among_good_ones_is_skipped_alone(tmp_path: Path) -> None:
    (tmp_path / "a.md.gz").write_bytes(gzip.compress(NEWS.encode()))
    (tmp_path / "b.md.gz").write_bytes(b"not gzip at all")
    (tmp_path / "c.jsonl.zst").write_bytes(zstd.compress(b'{"text": "Orca 2 scored 71% on MMLU."}\n'))
    corpus = read_corpus([tmp_path])
    assert [d.doc_id for d in corpus.documents] == ["a.md.gz", "c.jsonl.zst#1"]
    assert [str(p) for p in corpus.problems] == [
        f"{tmp_path / 'b.md.gz'}: not gzip data, or damaged (Not a gzipped file (b'no'))"
    ]


def test_a_failing_disk_is_told_as_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An error of the file system under a compressed file (it has an errno) is not told as damaged
    data."""
    path = tmp_path / "a.md.gz"
    path.write_bytes(gzip.compress(NEWS.encode()))

    class Failing(io.BytesIO):
        def read(self, *args: object) -> bytes:
            raise OSError(5, "Input/output error")

    monkeypatch.setattr(Path, "open", lambda self, mode="r": Failing())
    with pytest.raises(InputError, match=r"cannot read file \(Input/output error\)"):
        read_corpus([path], strict=True)


def test_a_compressed_corpus_has_no_size_known_before_reading(tmp_path: Path) -> None:
    """The progress bar's end and the choice of workers cannot trust a compressed file's size: with
    one in the corpus, no size is given (the documents are counted as read instead)."""
    (tmp_path / "a.md").write_text(NEWS, encoding="utf-8")
    assert input_sizes([tmp_path]) == {str(tmp_path / "a.md"): len(NEWS.encode())}
    (tmp_path / "b.md.gz").write_bytes(gzip.compress(NEWS.encode()))
    assert input_sizes([tmp_path]) == {}


def test_compressing_a_corpus_keeps_its_claim_ids(tmp_path: Path) -> None:
    """A compressed file is known by the file inside, so verdicts keyed on claim ids survive
    compressing the corpus; beside its own uncompressed copy, each keeps its own name."""
    plain, packed = tmp_path / "plain", tmp_path / "packed"
    plain.mkdir(), packed.mkdir()
    (plain / "news.md").write_text(NEWS, encoding="utf-8")
    (packed / "news.md.gz").write_bytes(gzip.compress(NEWS.encode()))
    ids = [extract_corpus([folder])["claim_id"].to_list() for folder in (plain, packed)]
    assert ids[0] == ids[1] != []
    (packed / "news.md").write_text(NEWS, encoding="utf-8")
    both = read_corpus([packed]).documents
    assert sorted(d.identity for d in both) == ["news.md", "news.md.gz"]
