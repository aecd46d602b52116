"""The habits of CLI users: global flags after the subcommand, `-` for standard input and output,
--format that must agree with the extension, tables refused as news, the gate's first run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from claims.resources import sample_corpus_dir

from .conftest import FIXTURES

NEWS = "Llama 3 scored 80% on MMLU.\n"


def _claims(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "from claims.cli import main; main()", *args]
    return subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.parametrize("flag", ["-q", "--quiet"])
def test_quiet_after_the_subcommand(cli, tmp_path: Path, flag: str) -> None:
    result = cli("extract", FIXTURES / "corpus", "-o", tmp_path / "c.csv", flag)
    assert (result.code, result.out) == (0, "")


def test_verbose_after_the_subcommand(cli, tmp_path: Path) -> None:
    result = cli("run", FIXTURES / "corpus", "-o", tmp_path / "out", "-v")
    assert result.code == 0 and "claims.parquet" in result.err


def test_standard_input_and_output() -> None:
    done = _claims("extract", "-", "-f", "csv", stdin=NEWS)
    assert done.returncode == 0, done.stderr
    rows = done.stdout.splitlines()
    assert rows[0].startswith("claim_id,doc_id") and ",stdin," in rows[1]


def test_parquet_to_standard_output(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", "from claims.cli import main; main()", "segments", str(FIXTURES / "corpus"),
         "-o", "-", "-f", "parquet"],
        capture_output=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0
    (tmp_path / "s.parquet").write_bytes(done.stdout)
    assert pl.read_parquet(tmp_path / "s.parquet").height == 15


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-o", "{tmp}/x.parquet", "-f", "csv"), "--format csv but the extension says parquet"),
        (("-f", "xml"), "unknown format 'xml'"),
    ],
)
def test_a_format_that_cannot_be(cli, tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    result = cli("extract", FIXTURES / "corpus", *(a.format(tmp=tmp_path) for a in args))
    assert result.code == 2
    assert message in result.err and len(result.err.strip().splitlines()) == 1
    assert not (tmp_path / "x.parquet").exists()


def test_a_claims_table_is_not_read_as_news(cli, tmp_path: Path) -> None:
    table = tmp_path / "claims.csv"
    assert cli("extract", FIXTURES / "corpus", "-o", table).code == 0
    result = cli("run", table, FIXTURES / "corpus", "-o", tmp_path / "out")
    assert result.code == 1
    assert f"warning: {table}: a table, not news text" in result.err
    assert pl.read_parquet(tmp_path / "out" / "claims.parquet")["doc_id"].str.contains("csv").sum() == 0


def test_the_gate_without_a_baseline_says_what_to_do(cli, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.parquet"
    first = cli("check", sample_corpus_dir(), "--baseline", baseline)
    assert first.code == 1
    assert "no baseline yet" in first.err and "--update-baseline" in first.err
    accepted = cli("check", sample_corpus_dir(), "--baseline", baseline, "--update-baseline")
    assert accepted.code == 0, accepted
    assert pl.read_parquet(baseline).height >= 1
    again = cli("check", sample_corpus_dir(), "--baseline", baseline)
    assert again.code == 0 and again.out.startswith("passed")


def test_the_gate_names_the_file_and_line_of_a_new_conflict(cli, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# A\n\nOpenAI以64亿美元收购io公司。\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("# B\n\n第二段。\n\nOpenAI以80亿美元收购io公司。\n", encoding="utf-8")
    result = cli("check", tmp_path)
    assert result.code == 1
    assert f"    from {tmp_path / 'a.md'}:3, {tmp_path / 'b.md'}:5" in result.out.splitlines() or (
        f"    from {tmp_path / 'b.md'}:5, {tmp_path / 'a.md'}:3" in result.out.splitlines()
    ), result.out
