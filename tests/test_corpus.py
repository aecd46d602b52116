"""Ingestion: every input shape splits into the expected segments, offsets index the text as read."""

from __future__ import annotations

import codecs
import gzip
import itertools
import shutil
from pathlib import Path

import pytest

from claims.errors import InputError
from claims.ingest.corpus import read_corpus

from .conftest import FIXTURES

CORPUS = FIXTURES / "corpus"

# (file, [(title, published, source_url), ...]) — one tuple per expected segment, in order.
EXPECTED_SEGMENTS = {
    "digest.md": [
        ("甲公司发布新模型", "2025-05-22", "https://example.com/a"),
        ("乙公司完成融资", "2025-05-22", "https://example.com/b"),
        ("测试日报：两条新闻", "2025-05-22", "https://example.com/home"),  # the footer after a rule
    ],
    "numbered.md": [
        ("丙大学", "2025-08-14", "https://example.org/c1"),
        ("研究者发现训练成本可降低 40%", "2025-08-14", "https://example.org/d"),
        ("其他", "2025-08-14", "https://example.org/e"),
    ],
    "articles.txt": [
        ("合集第一期", None, None),
        ("第一篇文章", None, "https://example.net/one"),
        ("Second Article", None, "https://example.net/two"),
    ],
    "wire.jsonl": [
        ("Chip maker raises funds", "2025-01-07", "https://example.com/w1"),
        ("Model launch", "2025-01-08", "https://example.com/w2"),
    ],
    "plain.txt": [
        ("第一篇：某公司发布新芯片", None, None),
        ("第二篇：另一家公司完成融资", None, None),
    ],
    "weekly-2024.md": [  # one story per table row; its week's last day is its date
        ("Weekly model notes", None, None),
        ("Research", "2024-12-29", None),
        ("Tiny Model Beats Bigger One", "2024-12-29", "https://example.org/tiny"),
        ("Faster Decoding", "2024-12-29", "https://example.org/fast"),
        ("News", "2024-12-29", None),
        ("Startup Raises Money", "2024-12-29", "https://example.org/raise"),
        ("News", "2025-01-05", None),
        ("Chip Price Cut", "2025-01-05", "https://example.org/chip"),
    ],
    "daily-2026-03-02.md": [  # linked headings are the items; the overview list stays a segment
        ("模型发布", "2026-03-02", "https://example.cn/a"),
        ("甲公司发布 7B 小模型", "2026-03-02", "https://example.cn/a"),
        ("乙公司融资 5 亿元", "2026-03-02", "https://example.cn/b"),
        ("daily-2026-03-02.md", "2026-03-02", None),  # the footer after a rule
    ],
    # The day's heading dates every item under it. A date glued into a name or address (`V1-0320-2.5B`)
    # is none; one in an item's heading or link is that item's, never carried to the items after it.
    "daily-2026-04-10.md": [
        ("Vela 发布 Vela-Diffusion-V1", "2026-04-10", "https://example.cn/vela/Vela-Diffusion-V1-0320-2.5B"),
        ("Orca 推出 Orca 2 工具", "2026-04-10", "https://example.cn/news/2026/04/08/orca-2"),
        ("Kestrel 完成融资", "2026-04-10", "https://example.cn/kestrel"),
        ("Tern 发布 2026.4.9 版", "2026-04-09", "https://example.cn/tern"),
        ("Vela 芯片降价", "2026-04-10", "https://example.cn/vela-chip"),
    ],
    "paper.md": [
        ("A Small Paper", None, None),
        ("一篇小论文", None, None),
    ],
}


def _fixture(name: str) -> Path:
    return CORPUS / name if (CORPUS / name).exists() else FIXTURES / "digests" / name


@pytest.mark.parametrize("name", sorted(EXPECTED_SEGMENTS))
def test_segments_of_each_shape(name: str) -> None:
    corpus = read_corpus([_fixture(name)])
    found = [(s.title, s.published, s.source_url) for s in corpus.segments]
    assert found == EXPECTED_SEGMENTS[name]


@pytest.mark.parametrize("name", sorted(EXPECTED_SEGMENTS))
def test_segment_spans_index_the_text(name: str) -> None:
    corpus = read_corpus([_fixture(name)])
    docs = {doc.doc_id: doc for doc in corpus.documents}
    for segment in corpus.segments:
        doc = docs[segment.doc_id]
        piece = doc.text[segment.start : segment.end]
        assert piece and piece == piece.strip(), "segments carry no surrounding white space"
        if segment.source_url and segment.source_url != doc.source_url:
            assert segment.source_url in piece, "an item's own link lies inside its span"
    spans = sorted((s.doc_id, s.start, s.end) for s in corpus.segments)
    for (doc_a, _, end_a), (doc_b, start_b, _) in itertools.pairwise(spans):
        assert doc_a != doc_b or end_a <= start_b, "segments never overlap"


def test_folder_reads_every_file_with_ids_relative_to_the_root() -> None:
    corpus = read_corpus([CORPUS])
    assert sorted({d.doc_id for d in corpus.documents}) == [
        "articles.txt",
        "digest.md",
        "numbered.md",
        "paper.md",
        "plain.txt",
        "wire.jsonl#w1",
        "wire.jsonl#w2",
    ]
    in_folder = [name for name in EXPECTED_SEGMENTS if (CORPUS / name).exists()]
    assert len(corpus.segments) == sum(len(EXPECTED_SEGMENTS[name]) for name in in_folder)


@pytest.mark.parametrize("variant", ["bom", "crlf", "bom+crlf"])
def test_bom_and_crlf_keep_offsets_exact(tmp_path: Path, variant: str) -> None:
    text = (CORPUS / "digest.md").read_text(encoding="utf-8")
    if "crlf" in variant:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    if "bom" in variant:
        data = b"\xef\xbb\xbf" + data
    (tmp_path / "d.md").write_bytes(data)
    corpus = read_corpus([tmp_path / "d.md"])
    doc = corpus.documents[0]
    assert doc.text == text  # BOM gone, CRLF kept: offsets match the file as a user sees it
    titles = [s.title for s in corpus.segments]
    assert titles == ["甲公司发布新模型", "乙公司完成融资", "测试日报：两条新闻"]
    first = corpus.segments[0]
    assert doc.text[first.start : first.end].startswith("### 甲公司发布新模型")
    assert corpus.segments[1].source_url == "https://example.com/b"


def test_code_block_headings_open_no_segment() -> None:
    corpus = read_corpus([CORPUS / "articles.txt"])
    assert all("not a heading" not in s.title for s in corpus.segments)


# --- bad input: one clear message naming the file and what is wrong ---------------------


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


BAD_FILES = [
    ("empty.md", b"", "empty.md: empty file"),
    ("blank.txt", b"  \n\n", "blank.txt: empty file"),
    ("latin1.md", "caf\u00e9 1%".encode("latin-1"), "latin1.md:1: not UTF-8 text (byte 0xe9 at offset 3)"),
    ("bad.jsonl", b'{"text": "ok 1%"}\n{oops\n', "bad.jsonl:2: not JSON"),
    ("notext.jsonl", b'{"title": "x"}\n', "notext.jsonl:1: a line must be an object with a string 'text'"),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_is_reported_with_its_name(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    good = _write(tmp_path / "good.md", "### 新闻\n\n价格 5 美元。\n".encode())
    bad = _write(tmp_path / name, data)
    seen: list[str] = []
    corpus = read_corpus([good, bad], on_problem=lambda p: seen.append(str(p)))
    assert len(seen) == 1
    assert seen[0].startswith(str(tmp_path / message.split(":")[0])), seen[0]
    assert message.split(":", 1)[1].strip().split(" (")[0] in seen[0]
    assert {d.doc_id for d in corpus.documents} >= {"good.md"}
    with pytest.raises(InputError):
        read_corpus([good, bad], strict=True)


UNDECODABLE = [
    ("latin1.md", "caf\u00e9 1%".encode("latin-1"), "1: not UTF-8 text (byte 0xe9 at offset 3)"),
    # the decoder counts from after a BOM; the file's offset counts the BOM too
    ("bom.md", codecs.BOM_UTF8 + b"ok\ncaf\xe9", "2: not UTF-8 text (byte 0xe9 at offset 9)"),
    ("bom.jsonl", codecs.BOM_UTF8 + b'{"text": "caf\xe9"}', "1: not UTF-8 text (byte 0xe9 at offset 16)"),
    # JSON Lines whose first line with text does not decode: another encoding, refused whole
    (
        "latin1.jsonl",
        b'\n{"text": "caf\xe9"}\n{"text": "ok"}\n',
        "2: not UTF-8 text (byte 0xe9 at offset 14)",
    ),
]


@pytest.mark.parametrize(("name", "data", "where"), UNDECODABLE, ids=[u[0] for u in UNDECODABLE])
def test_the_byte_that_does_not_decode_is_named_where_it_is(
    tmp_path: Path, name: str, data: bytes, where: str
) -> None:
    """The whole file is passed over (none of its lines is read), and the message names the first
    byte that does not decode, with its offset in the file and its line."""
    bad = _write(tmp_path / name, data)
    seen: list[str] = []
    with pytest.raises(InputError) as raised:  # the file alone: nothing readable, said once
        read_corpus([bad], on_problem=lambda p: seen.append(str(p)))
    said = [*seen, str(raised.value)]  # as the error, or reported and then summed up
    assert said.count(f"{bad}:{where} (convert the file to UTF-8)") == 1, said
    assert data[int(where.split("offset ")[1].rstrip(")"))] == 0xE9


@pytest.mark.parametrize("compressed", [False, True])
def test_a_jsonl_line_that_is_not_utf8_costs_that_line_alone(tmp_path: Path, compressed: bool) -> None:
    """A stray byte in a dump (a character cut in two by a scraper): that line is reported, with the
    byte and its offset in the file, and the lines around it are read."""
    data = b'{"id": 1, "text": "a 1%"}\n{"id": 2, "text": "caf\xe9 2%"}\n{"id": 3, "text": "b 3%"}\n'
    path = _write(
        tmp_path / ("w.jsonl.gz" if compressed else "w.jsonl"), gzip.compress(data) if compressed else data
    )
    corpus = read_corpus([path])
    assert [d.doc_id for d in corpus.documents] == [f"{path.name}#1", f"{path.name}#3"]
    assert [d.line_offset for d in corpus.documents] == [1, 3]
    assert [str(p) for p in corpus.problems] == [
        f"{path}:2: not UTF-8 text (byte 0xe9 at offset 48) (convert the file to UTF-8)"
    ]
    assert data[48] == 0xE9


def test_bad_jsonl_line_keeps_the_good_lines(tmp_path: Path) -> None:
    path = _write(tmp_path / "w.jsonl", b'{"id": 1, "text": "a 1%"}\nnot json\n{"id": 3, "text": "b 2%"}\n')
    corpus = read_corpus([path])
    assert [d.doc_id for d in corpus.documents] == ["w.jsonl#1", "w.jsonl#3"]
    assert [str(p) for p in corpus.problems] == [f"{path}:2: not JSON (Expecting value)"]


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        read_corpus([tmp_path / "nope"])


def test_folder_without_readable_files(tmp_path: Path) -> None:
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    with pytest.raises(InputError) as error:
        read_corpus([tmp_path])
    assert str(error.value) == (
        f"{tmp_path}: folder holds no readable files"
        " (looked for .md .markdown .txt .jsonl .ndjson, also .gz/.bz2/.xz/.zst)"
    )


def test_only_bad_file_raises_its_own_error(tmp_path: Path) -> None:
    bad = _write(tmp_path / "e.md", b"")
    with pytest.raises(InputError) as error:
        read_corpus([bad])
    assert str(error.value) == f"{bad}: empty file"


# --- the real seeds (skipped when absent) ------------------------------------------------


def test_seed_shapes(seeds_dir: Path, tmp_path: Path) -> None:
    shutil.copytree(seeds_dir, tmp_path / "seeds")
    corpus = read_corpus([tmp_path / "seeds"])
    by_doc: dict[str, list] = {}
    for segment in corpus.segments:
        by_doc.setdefault(segment.doc_id[:3], []).append(segment)
    texts = {d.doc_id[:3]: d.text for d in corpus.documents}
    for key in ("000", "002"):
        items = texts[key].count("\n### ")
        linked = [s for s in by_doc[key] if s.source_url]
        assert len(linked) == items, f"every ### item of {key} is a segment with its URL"
        assert len({s.source_url for s in linked}) == items
    numbered = [s for s in by_doc["001"] if s.title not in ("AI内容摘要",)]
    assert all(s.source_url for s in numbered)
    articles = [line for line in texts["004"].splitlines() if line.startswith("#") and line[1:2] not in "# "]
    assert len([s for s in by_doc["004"] if s.start > 0]) == len(articles)


@pytest.mark.parametrize("key", ["url: https://news.example/vela", "id: vela-2-launch"])
def test_an_article_saved_twice_gives_its_claims_distinct_ids(tmp_path: Path, key: str) -> None:
    """The same article in two folders, its front matter naming it: the first keeps the identity it
    gives itself, the second is told apart by its file, so no two claims share a claim id (they
    did, and `claims run` reported every one as a validation failure)."""
    from claims.extraction.extract import extract_corpus

    article = f"---\n{key}\n---\n# Vela 2 发布\n\nVela 2 在 MMLU 上得分 88%，参数 70B。\n"
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        _write(tmp_path / folder / "vela.md", article.encode())
    own = key.split(": ", 1)[1]
    docs = read_corpus([tmp_path]).documents
    assert [d.identity for d in docs] == [own, f"{own}@b/vela.md"]
    claims = extract_corpus([tmp_path])
    assert claims.height == 4 and claims["claim_id"].n_unique() == 4
    # alone, an article keeps the ids it has always had
    alone = extract_corpus([tmp_path / "a"])
    assert alone["claim_id"].to_list() == claims["claim_id"].to_list()[:2]
