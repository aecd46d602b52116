"""Extraction: table-driven cases in both languages, and the properties of the claims table."""

from __future__ import annotations

import tomllib
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims import extract, extract_corpus
from claims.extraction.extract import extract_document
from claims.extraction.lexicon import normalise_key
from claims.extraction.sentences import language, split_sentences
from claims.model import CLAIM_COLUMNS, Claim, Document

CASES_DIR = Path(__file__).resolve().parent / "cases"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHECKED = (
    "kind", "value", "unit", "subject", "subject_source", "attribute", "object", "baseline", "modality",
    "qualifier",
)  # fmt: skip


def _cases() -> list[pytest.param]:
    params = []
    for path in sorted(CASES_DIR.glob("claims*.toml")):
        for case in tomllib.loads(path.read_text(encoding="utf-8"))["case"]:
            marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else []
            params.append(pytest.param(case, id=case["text"], marks=marks))
    return params


def _field(claim: Claim, name: str) -> object:
    # A case's `subject = ""` asks for no subject at all.
    fields = {"subject": claim.subject_key or "", "attribute": claim.attribute_key}
    return fields.get(name, getattr(claim, name))


@pytest.mark.parametrize("case", _cases())
def test_case(case: dict) -> None:
    text, quote = case["text"], case["quote"]
    start = text.index(quote)
    end = start + len(quote)
    claims = [c for c in extract(text, title=case.get("title")) if c.start < end and start < c.end]
    if case.get("none"):
        assert claims == []
        return
    assert len(claims) == 1, f"claims at {quote!r}: {claims}"
    for name in CHECKED:
        if name in case:
            got = _field(claims[0], name)
            if isinstance(case[name], (int, float)):
                assert got == pytest.approx(case[name], rel=1e-9), name
            else:
                assert got == case[name], name


def test_claim_fields_in_order() -> None:
    [claim] = extract("OpenAI以64亿美元收购io公司。")
    assert (claim.quote, claim.kind, claim.subject_key, claim.object, claim.attribute_key) == (
        "64亿美元", "price", "OpenAI", "io", "acquisition_price",
    )  # fmt: skip
    assert (claim.value, claim.lo, claim.hi, claim.unit, claim.qualifier) == (
        6.4e9,
        6.35e9,
        6.45e9,
        "USD",
        "exact",
    )
    assert (claim.modality, claim.lang, claim.rule_id) == ("asserted", "zh", "price.acquisition_after")


def test_a_decrease_is_negative_and_its_interval_flips() -> None:
    [claim] = extract("成本降70%。")
    assert claim.value == -70
    assert claim.lo < claim.value < claim.hi


def _ids(text: str, identity: str = "a.md") -> list[str]:
    return [c.claim_id for c in extract_document(Document("a.md", "a.md", text, identity=identity))]


def test_claim_ids_come_from_content_not_place() -> None:
    text = "RTX 5090 售价 1999 美元，功耗 575W。"
    first = _ids(text)
    assert len(set(first)) == 2
    assert first == _ids(text)
    assert first == _ids("## 新的一节\n\n插入的一段话。\n\n" + text)  # text inserted above
    assert set(first).isdisjoint(_ids(text, identity="b.md"))  # another document
    edited = _ids(text + "\n\nGPT-5 售价 20 美元。")
    assert _ids(text + "\n\nGPT-5 售价 30 美元。")[:2] == edited[:2] == first  # another sentence edited
    assert _ids(text.replace("1999", "2099"))[1] != first[1]  # its own sentence edited: a new claim


def test_the_same_sentence_twice_gives_two_ids() -> None:
    ids = _ids("GPT-5 scored 90% on MMLU.\n\nGPT-5 scored 90% on MMLU.\n")
    assert len(ids) == 2 and len(set(ids)) == 2


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("GPT - 4o", "GPT-4o"),
        ("ＲＴＸ５０９０", "RTX 5090"),
        ("RTX5090", "RTX 5090"),
        ("io公司", "io"),
        ("Jony Ive的io公司", "io"),
        ("大规模多任务语言理解", "MMLU"),
        ("英伟达", "NVIDIA"),
        ("Gemini 2.0 Flash - Lite", "Gemini 2.0 Flash-Lite"),
        ("SomeNewModel-7", "SomeNewModel-7"),
    ],
)
def test_normalise_key(text: str, key: str) -> None:
    assert normalise_key(text) == key


def test_sentences_and_language() -> None:
    text = "第一句。Second one. 第三句！"
    assert [text[a:b] for a, b in split_sentences(text, 0, len(text))] == [
        "第一句。",
        "Second one.",
        " 第三句！",
    ]
    assert (language("英伟达发布 RTX 5090"), language("Nvidia ships the RTX 5090")) == ("zh", "en")


def test_extract_corpus_gives_the_claims_table() -> None:
    frame = extract_corpus([FIXTURES / "corpus"])
    assert frame.schema == pl.Schema(CLAIM_COLUMNS)
    assert frame.height > 0
    texts = {}
    for row in frame.iter_rows(named=True):
        doc = texts.setdefault(row["doc_id"], _doc_text(row["doc_id"]))
        if doc is not None:
            assert doc[row["start"] : row["end"]] == row["quote"]


def _doc_text(doc_id: str) -> str | None:
    path = FIXTURES / "corpus" / doc_id
    return path.read_text(encoding="utf-8-sig") if path.is_file() else None


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789.,%倍亿万元美元参数比快降提升 GPTRX-约超过。\n")),
        max_size=60,
    )
)
def test_no_text_crashes_and_quotes_are_exact(text: str) -> None:
    for claim in extract(text):
        assert text[claim.start : claim.end] == claim.quote
        assert claim.lo <= claim.value <= claim.hi


def test_cli_extract_writes_the_table(cli, tmp_path: Path) -> None:
    out = tmp_path / "claims.jsonl"
    result = cli("extract", FIXTURES / "corpus", "-o", out)
    assert result.code == 0, result
    assert "claims" in result.out and str(out) in result.out
    frame = pl.read_ndjson(out)
    assert list(frame.columns) == list(CLAIM_COLUMNS)


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_cli_extract_to_stdout_writes_rows_a_batch_at_a_time(
    cli, tmp_path: Path, monkeypatch, fmt: str
) -> None:
    # a pipe (`claims extract corpus | jq …`) gets the rows batch by batch, never the whole table
    # held first: the same text as the file `-o` writes, the CSV header once
    import sys

    out = tmp_path / f"claims.{fmt}"
    assert cli("-q", "extract", FIXTURES / "corpus", "-o", out).code == 0
    module = sys.modules["claims.cli.extract"]  # loaded by the command above
    monkeypatch.setattr(sys.modules["claims.extraction.each"], "BATCH_CLAIMS", 3)
    pieces: list[bytes] = []

    def counted(*args: object) -> bytes:
        pieces.append(module_rows(*args))
        return pieces[-1]

    module_rows = module.rows_bytes
    monkeypatch.setattr(module, "rows_bytes", counted)
    result = cli("-q", "extract", FIXTURES / "corpus", "--format", fmt)
    assert result.code == 0 and len(pieces) > 3
    assert result.out == out.read_text(encoding="utf-8")
    empty = tmp_path / "empty.md"
    empty.write_text("# Nothing\n\nNo figures here.\n", encoding="utf-8")
    result = cli("-q", "extract", empty, "--format", fmt)
    assert result.out == ("" if fmt == "jsonl" else ",".join(CLAIM_COLUMNS) + "\n")
    # under --strict the table is all or nothing: a bad file after good ones stops it unwritten
    (tmp_path / "news").mkdir()
    prices = "".join(f"Orca-{n} 售价 {n}0 美元。" for n in range(2, 9))
    (tmp_path / "news" / "a.md").write_text(f"Vela 发布新品。{prices}\n", encoding="utf-8")
    (tmp_path / "news" / "b.jsonl").write_text('{"text": "Tern 售价 30 美元"}\n{not json\n', encoding="utf-8")
    assert cli("-q", "extract", tmp_path / "news" / "a.md", "--format", fmt).out.count("美元") >= 3
    result = cli("-q", "extract", tmp_path / "news", "--format", fmt, "--strict", "-j", "1")
    assert result.code != 0 and result.out == "" and result.err.startswith("error: ")


def test_cli_extract_missing_input_is_one_line(cli, tmp_path: Path) -> None:
    result = cli("extract", tmp_path / "nope", "-o", tmp_path / "x.parquet")
    assert result.code == 2
    assert result.err.strip() == f"error: {tmp_path / 'nope'}: no such file or folder"


def test_worker_processes_give_the_same_claims_in_the_same_order(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from claims.extraction.each import extract_each
    from claims.ingest.corpus import read_corpus

    from .conftest import FIXTURES

    documents = read_corpus([FIXTURES / "corpus"]).documents
    module = sys.modules["claims.extraction.each"]
    monkeypatch.setattr(module, "PARALLEL_FROM", 0)  # the fixtures are small; spread them anyway
    alone = list(extract_each(documents))
    spread = list(extract_each(documents, jobs=2))
    assert spread == alone and sum(map(len, alone)) > 0
    # a size known beforehand starts the workers before any document is read: the same claims
    assert list(extract_each(iter(documents), jobs=2, expected=1)) == alone
    # batches of one document each, two in flight: still the same claims in the same order
    monkeypatch.setattr(sys.modules["claims.extraction.workers"], "_CHUNK_DOCUMENTS", 1)
    assert len(documents) > 2 * 2
    assert list(extract_each(iter(documents), jobs=2, expected=1)) == alone


def test_a_broken_resource_stops_the_run_with_one_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # a grammar or lexicon that cannot be loaded is no fault of a document: the run stops with that
    # one error (its file and spot), not a warning per document asking to report the text
    import sys

    from claims.errors import ResourceError
    from claims.extraction.each import extract_each
    from claims.extraction.workers import _warm
    from claims.model import Document

    def broken(*_args, **_kwargs):
        raise ResourceError(
            "rule[9].id: speedup.x already defined", path="grammars/rules/speedup.toml", line=200
        )

    monkeypatch.setattr(sys.modules["claims.extraction.extract"], "extract_document", broken)
    problems: list[Exception] = []
    documents = [Document("a", "a.md", "Vela 发布 Orca-2。"), Document("b", "b.md", "Tern 发布 Kestrel-3。")]
    with pytest.raises(ResourceError) as raised:
        list(extract_each(documents, on_problem=problems.append))
    assert str(raised.value) == "grammars/rules/speedup.toml:200: rule[9].id: speedup.x already defined"
    assert problems == []
    # a worker whose resources fail to load starts all the same: its first document reports it
    monkeypatch.setattr(
        sys.modules["claims.extraction.extract_resources"], "default_extract_resources", broken
    )
    _warm()


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_document_that_cannot_be_split_is_reported_as_the_reader_reports_it(
    monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    # a document is split where it is extracted (a worker under --jobs): what keeps it from being
    # split is the reader's one line naming its file and line, the same in a worker, not a fault
    import sys

    from claims.errors import InputError
    from claims.extraction.each import extract_each
    from claims.model import Document

    monkeypatch.setattr(sys.modules["claims.extraction.each"], "PARALLEL_FROM", 0)
    bad = Document("a", "a.md", "---\ndate: 2025-13-45\n---\nVela 发布 Orca-2，售价 20 美元。\n")
    good = Document("b", "b.md", "Tern 发布 Kestrel-3，售价 30 美元。\n")
    problems: list[Exception] = []
    found = list(extract_each([bad, good], on_problem=problems.append, jobs=jobs))
    assert [type(p) for p in problems] == [InputError]
    assert str(problems[0]) == "a.md:2: date '2025-13-45' is not a day of the calendar (write YYYY-MM-DD)"
    assert found[0] == [] and [c.value for c in found[1]] == [30]


@pytest.mark.parametrize("jobs", [1, 2])
def test_each_document_done_is_told_as_it_is_done(monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    # a progress bar moves as the workers finish documents, in whatever order; the claims keep theirs
    import sys

    from claims.extraction.each import extract_each
    from claims.ingest.corpus import read_corpus

    from .conftest import FIXTURES

    monkeypatch.setattr(sys.modules["claims.extraction.each"], "PARALLEL_FROM", 0)
    documents = read_corpus([FIXTURES / "corpus"]).documents
    told: list[str] = []
    found = list(extract_each(iter(documents), jobs=jobs, on_done=lambda doc: told.append(doc.doc_id)))
    assert sorted(told) == sorted(doc.doc_id for doc in documents)
    assert found == list(extract_each(documents))


def test_the_progress_bar_under_jobs_keeps_the_claims(cli, monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    import sys

    from claims.cli.app import Output

    from .conftest import FIXTURES

    monkeypatch.setattr(sys.modules["claims.extraction.each"], "PARALLEL_FROM", 0)
    plain = cli("extract", FIXTURES / "corpus", "-o", tmp_path / "plain.csv", "-j", "2")
    monkeypatch.setattr(Output, "show_progress", property(lambda self: self.verbosity >= 0))
    shown = cli("extract", FIXTURES / "corpus", "-o", tmp_path / "shown.csv", "-j", "2")
    assert (plain.code, shown.code) == (0, 0)
    assert (tmp_path / "plain.csv").read_bytes() == (tmp_path / "shown.csv").read_bytes()


def test_extract_corpus_reads_a_file_at_a_time(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the library's whole-corpus call holds one document at a time, as the commands do, and gives
    # the table of every document's claims, in one process or across workers
    import claims.extraction.each as each
    import claims.extraction.extract as extract
    from claims.ingest.corpus import read_corpus
    from claims.model import claims_frame

    from .texts_alive import TextWatch, small_corpus

    corpus = small_corpus(tmp_path / "news", 60)
    watch = TextWatch(extract.iter_documents)
    monkeypatch.setattr(extract, "iter_documents", watch)
    table = extract.extract_corpus([corpus])
    assert len(watch.watched) == 60 and max(watch.alive) <= 2
    whole = claims_frame(
        [c for doc in read_corpus([corpus]).documents for c in extract.extract_document(doc)]
    )
    assert table.height == 60 and table.equals(whole)
    monkeypatch.setattr(each, "PARALLEL_FROM", 0)  # small: spread it anyway
    assert extract.extract_corpus([corpus], jobs=2).equals(whole)
