"""`claims validate`: exit 0 valid, 1 with one line per failure, 2 when the file is not a table."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polars as pl
import pytest

from claims.cli import main
from claims.model import Claim, claims_frame
from claims.output.tableio import write_table

BROKEN = Path(__file__).resolve().parent / "fixtures" / "broken"


def run_cli(args: list[str], capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(sys, "argv", ["claims", *args])
    with pytest.raises(SystemExit) as stop:
        main()
    out = capsys.readouterr()
    return stop.value.code, out.out, out.err


def claim(
    claim_id: str, start: int, quote: str, value: float, unit: str = "USD", kind: str = "price"
) -> Claim:
    return Claim(
        claim_id, "news.md", "news.md#0", "io", None, "2025-05-22", start, start + len(quote), quote,
        "sentence", kind, "OpenAI", "openai", "收购", "acquisition_price", "io", None,
        value, value * 0.99, value * 1.01, unit, "exact", "asserted", "zh", "fixture",
    )  # fmt: skip


TEXT = "OpenAI以64亿美元收购io，另一说65亿美元。"


def valid_frame() -> pl.DataFrame:
    return claims_frame([claim("a", 7, "64亿美元", 6.4e9), claim("b", 20, "65亿美元", 6.5e9)])


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl"])
def test_valid_table_exits_0(suffix: str, tmp_path: Path, capsys, monkeypatch) -> None:
    path = write_table(valid_frame(), tmp_path / f"claims{suffix}")
    code, out, err = run_cli(["validate", str(path)], capsys, monkeypatch)
    assert (code, out, err) == (0, f"{path}: valid claims table, 2 rows\n", "")


def test_failures_one_line_each_word_for_word(capsys, monkeypatch) -> None:
    path = BROKEN / "invalid_rows.csv"
    code, out, err = run_cli(["validate", str(path)], capsys, monkeypatch)
    assert code == 1
    assert out.splitlines() == [
        f"{path}: row 1 io-price: quote: quote_length_matches_span: quote='64亿美元' start=9 end=15",
        f"{path}: row 2 io-staff: modality: modality_known: rumoured",
        f"{path}: row 3 mmlu: claim_id: unique: mmlu",
        f"{path}: row 3 mmlu: qualifier: qualifier_known: approximately",
        f"{path}: row 5 price2: unit: currency_iso4217: RMB",
        f"{path}: row 6 mmlu: claim_id: unique: mmlu",
        f"{path}: row 6 mmlu: value: percent_score_in_range: kind='score' unit='%' value=120.0",
    ]
    assert err == f"error: {path}: 7 schema failures in 5 rows\n"


def test_max_caps_the_list_with_a_count(capsys, monkeypatch) -> None:
    path = BROKEN / "invalid_rows.csv"
    code, out, _ = run_cli(["validate", str(path), "--max", "2"], capsys, monkeypatch)
    assert code == 1
    assert out.splitlines()[2:] == [f"{path}: … and 5 more failures (--max 0 shows all)"]
    assert len(out.splitlines()) == 3


def test_json_report_holds_every_failure(capsys, monkeypatch) -> None:
    path = BROKEN / "invalid_rows.csv"
    code, out, _ = run_cli(["validate", str(path), "--format", "json", "--max", "1"], capsys, monkeypatch)
    doc = json.loads(out)
    assert code == 1
    assert (doc["valid"], doc["rows"], doc["table"], len(doc["failures"])) == (False, 6, "claims", 7)
    assert doc["failures"][4] == {
        "row": 5,
        "claim_id": "price2",
        "column": "unit",
        "check": "currency_iso4217",
        "value": "RMB",
    }


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "missing_columns.csv",
            "not a claims table: missing columns doc_id, segment_id, title, source_url, published, start "
            "and 17 more",
        ),
        ("wrong_types.csv", "column 'start' holds str, not i64"),
        ("empty.csv", "not a readable csv table: empty CSV"),
        (
            "corrupt.parquet",
            "not a readable parquet table: parquet: File out of specification: The footer size must be "
            "smaller or equal to the file's size",
        ),
        ("not_json.jsonl", "not a readable jsonl table: Syntax at character 25 (':')"),
        ("absent.csv", "no such file"),
    ],
)
def test_not_a_table_exits_2_with_one_line(name: str, message: str, capsys, monkeypatch) -> None:
    path = BROKEN / name
    code, out, err = run_cli(["validate", str(path)], capsys, monkeypatch)
    assert (code, out, err) == (2, "", f"error: {path}: {message}\n")


def test_documents_check_provenance(tmp_path: Path, capsys, monkeypatch) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "news.md").write_text(TEXT, encoding="utf-8")
    path = write_table(valid_frame(), tmp_path / "claims.parquet")
    assert run_cli(["validate", str(path), "--documents", str(corpus)], capsys, monkeypatch)[0] == 0
    shifted = valid_frame().with_columns(pl.col("start") + 1, pl.col("end") + 1)
    path = write_table(shifted, tmp_path / "shifted.parquet")
    code, out, _ = run_cli(["validate", str(path), "-D", str(corpus)], capsys, monkeypatch)
    assert code == 1
    assert out.splitlines()[0] == (
        f"{path}: row 1 a: quote: quote_matches_text: '64亿美元' but the text has '4亿美元收'"
    )


class _Text(str):
    """A document's text that can be watched for being let go (a str cannot be weakly referenced)."""


def test_quotes_are_checked_a_document_at_a_time(tmp_path: Path) -> None:
    # a corpus of any size: each text is let go once its claims are checked, never all held at once
    import weakref

    from claims.model import Document
    from claims.validation.validator import provenance_failures

    texts = [_Text(f"{TEXT}{n}") for n in range(6)]
    frame = claims_frame([claim(f"c{n}", 7, "64亿美元", 6.4e9) for n in range(6)]).with_columns(
        doc_id=pl.Series([f"news{n}.md" for n in range(6)])
    )
    alive: list[int] = []

    def documents():
        watched = []
        for n in range(6):
            text = texts[n]
            texts[n] = None  # the caller's reference gone: the reader holds it from here on
            watched.append(weakref.ref(text))
            yield Document(f"news{n}.md", f"news{n}.md", text)
            del text
            alive.append(sum(ref() is not None for ref in watched))

    assert provenance_failures(frame, documents()).height == 0
    assert max(alive) <= 2  # the one being checked and perhaps the one before


@pytest.mark.parametrize("given", ["mapping", "documents", "folder"])
def test_the_same_failures_however_the_documents_are_given(tmp_path: Path, given: str) -> None:
    from claims.model import Document
    from claims.validation.validator import provenance_failures

    (tmp_path / "news.md").write_text(TEXT, encoding="utf-8")
    claims = [claim("a", 7, "64亿美元", 6.4e9), claim("b", 20, "66亿美元", 6.6e9)]
    claims.append(claim("c", 7, "64亿美元", 6.4e9))
    frame = claims_frame(claims).with_columns(doc_id=pl.Series(["news.md", "news.md", "gone.md"]))
    documents = {
        "mapping": {"news.md": TEXT},
        "documents": iter([Document("news.md", "news.md", TEXT)]),
        "folder": tmp_path,
    }[given]
    failures = provenance_failures(frame, documents)
    assert failures.select("row", "claim_id", "check").rows() == [
        (2, "b", "quote_matches_text"),
        (3, "c", "document_known"),
    ]


def test_conflicts_table_is_validated_as_such(tmp_path: Path, capsys, monkeypatch) -> None:
    from claims.validation.validator import CONFLICT_COLUMNS

    row = {
        "conflict_id": "cf-1", "subject_key": "openai", "attribute_key": "acquisition_price",
        "object": "io", "unit": "USD", "status": "disputed", "severity": 0.016,
        "claim_ids": ["a", "b"], "values": ["64亿美元", "65亿美元"], "n_sources": 2,
        "explanation": "64亿美元 vs 65亿美元", "verdict": None, "review_note": None,
        "correct_value": None,
    }  # fmt: skip
    path = write_table(pl.DataFrame([row], schema=CONFLICT_COLUMNS), tmp_path / "conflicts.csv")
    code, out, _ = run_cli(["validate", str(path)], capsys, monkeypatch)
    assert (code, out) == (1, f"{path}: row 1 cf-1: status: status_known: disputed\n")


def test_seeds_extraction_keeps_provenance_and_shape(seeds_dir: Path) -> None:
    """On the real seeds: every claim's quote is its document's text[start:end], every column typed."""
    extract = pytest.importorskip("claims.extraction.extract")
    from claims.validation.validator import validate

    claims = extract.extract_corpus([seeds_dir])
    failures = validate(claims, documents=seeds_dir)
    assert claims.height > 100
    structural = failures.filter(pl.col("row").is_null())
    provenance = failures.filter(pl.col("check").is_in(["quote_matches_text", "document_known"]))
    assert structural.to_dicts() == [] and provenance.to_dicts() == []
    offsets = failures.filter(pl.col("check").is_in(["start_non_negative", "end_after_start"]))
    assert offsets.to_dicts() == []


def test_csv_text_columns_that_look_numeric_stay_text(tmp_path: Path, capsys, monkeypatch) -> None:
    frame = valid_frame().with_columns(pl.lit("5090").alias("subject_key"), pl.lit("1").alias("lang"))
    path = write_table(frame, tmp_path / "claims.csv")
    code, out, _ = run_cli(["validate", str(path)], capsys, monkeypatch)
    assert (code, out) == (0, f"{path}: valid claims table, 2 rows\n")


def test_jsonl_open_interval_is_valid(tmp_path: Path, capsys, monkeypatch) -> None:
    frame = valid_frame().with_columns(
        pl.lit(float("inf")).alias("hi"), pl.lit("at_least").alias("qualifier")
    )
    path = write_table(frame, tmp_path / "claims.jsonl")
    code, out, _ = run_cli(["validate", str(path)], capsys, monkeypatch)
    assert (code, out) == (0, f"{path}: valid claims table, 2 rows\n")
