"""The project's outputs come back: every table format the extractor writes reads back identically,
every row the extractor writes passes its own schema, and commands refuse tables that break it."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from claims import extract_corpus, find_conflicts
from claims.extraction.extract import extract_document
from claims.model import Document, claims_frame
from claims.output.tableio import write_table
from claims.resources import sample_corpus_dir
from claims.validation.table_files import read_valid_claims, read_valid_conflicts
from claims.validation.validator import validate, validate_conflicts


@pytest.fixture(scope="module")
def claims() -> pl.DataFrame:
    return extract_corpus([sample_corpus_dir()])  # the bundled sample: open intervals and conflicts


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl"])
def test_claims_come_back_identical(claims: pl.DataFrame, tmp_path: Path, suffix: str) -> None:
    assert claims.filter(pl.col("hi").is_infinite()).height  # open intervals are part of the test
    path = write_table(claims, tmp_path / f"claims{suffix}")
    assert_frame_equal(read_valid_claims(path), claims)


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl"])
def test_conflicts_come_back_identical(claims: pl.DataFrame, tmp_path: Path, suffix: str) -> None:
    found = find_conflicts(claims)
    assert found.height and validate_conflicts(found).height == 0
    path = write_table(found, tmp_path / f"conflicts{suffix}")
    assert_frame_equal(read_valid_conflicts(path), found)


def test_conflicts_from_jsonl_equal_conflicts_from_parquet(claims: pl.DataFrame, tmp_path: Path) -> None:
    by_format = [
        find_conflicts(read_valid_claims(write_table(claims, tmp_path / f"c{suffix}")))
        for suffix in (".parquet", ".jsonl", ".csv")
    ]
    assert by_format[0].height
    for other in by_format[1:]:
        assert_frame_equal(other, by_format[0])


# Words news is made of, in both languages, to build sentences the extractor has never seen.
_WORDS = (
    "GPT-5", "Llama 3.1 405B", "Qwen2.5-72B", "OpenAI", "英伟达", "H100", "模型", "得分", "scored", "on",
    "MMLU", "达到", "提升", "下降", "reduced", "by", "increased", "参数", "parameters", "售价", "costs",
    "融资", "raised", "估值", "约", "超过", "up to", "nearly", "from", "to", "至", "与", "和", "vs",
    "90%", "120%", "1.5倍", "3x", "$20", "20美元", "64亿美元", "1.2万亿", "70B", "128K", "token", "tokens/s",
    "12 个百分点", "5 points", "-3%", "0.5", "2025年", "第3", "million", "billion", "万", "亿",
    "。", "，", ", ", ". ", "\n\n", "## ", "- ", "**", "(", ")", "《", "》",
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=40).map(" ".join))
def test_every_row_the_extractor_writes_passes_the_schema(text: str) -> None:
    rows = claims_frame(extract_document(Document("t.md", "t.md", text)))
    failures = validate(rows, documents={"t.md": text})
    assert failures.height == 0, failures.to_dicts()[:3]


# Tables a command must refuse in one line: (what is broken, how to break it, exit code).
_BROKEN = [
    ("a NaN figure", lambda df: df.with_columns(value=pl.lit(float("nan"))), 1, "value not_null"),
    ("a doubled claim id", lambda df: pl.concat([df, df.head(1)]), 1, "claim_id unique"),
    ("figures written as text", lambda df: df.with_columns(pl.col("value").cast(pl.String)), 2, "holds str"),
    ("ids written as numbers", lambda df: df.with_columns(claim_id=pl.int_range(df.height)), 2, "holds i64"),
]


@pytest.mark.parametrize("command", ["conflicts", "table", "report"])
@pytest.mark.parametrize(("name", "breaking", "code", "said"), _BROKEN, ids=[b[0] for b in _BROKEN])
def test_commands_refuse_a_broken_claims_table(
    cli, claims: pl.DataFrame, tmp_path: Path, command: str, name: str, breaking, code: int, said: str
) -> None:
    path = write_table(breaking(claims), tmp_path / "claims.parquet")
    args = {
        "conflicts": ("conflicts", path),
        "table": ("table", "--auto", path, "-o", tmp_path / "tables"),
        "report": ("report", path, "-o", tmp_path / "report.html"),
    }[command]
    result = cli(*args)
    assert result.code == code, result
    [line] = result.err.strip().splitlines()
    assert line.startswith(f"error: {path}: ") and said in line, line


def test_a_csv_saved_back_by_pythons_csv_module_reads_the_same(claims: pl.DataFrame, tmp_path: Path) -> None:
    import csv

    bare = claims_frame(extract_document(Document("b.md", "b.md", "凉山考生高考597分被录取。")))
    claims = pl.concat([claims, bare])
    path = write_table(claims, tmp_path / "claims.csv")
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert any(row[rows[0].index("unit")] == "" for row in rows[1:])  # bare numbers are in the test
    resaved = tmp_path / "resaved.csv"
    with resaved.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)  # writes empty text unquoted, as spreadsheets do
    assert_frame_equal(read_valid_claims(resaved), claims)
