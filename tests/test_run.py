"""The main job: `claims run` with no arguments processes the bundled sample corpus end to end."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from claims.resources import sample_corpus_dir


@pytest.fixture(scope="module")
def main_job(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    from claims.pipeline import run_pipeline

    out = tmp_path_factory.mktemp("run") / "out"
    summary = run_pipeline([sample_corpus_dir()], out)
    return out, "\n".join(summary.lines)


def test_cli_run_prints_a_summary_and_names_its_folder(cli, tmp_path: Path) -> None:
    out = tmp_path / "claims-output"
    result = cli("run", "--out", out)
    assert result.code == 0, result
    assert "documents 7, segments 17" in result.out
    assert f"outputs written to {out}/" in result.out


def test_segments_written(main_job: tuple[Path, str]) -> None:
    out, _ = main_job
    segments = pl.read_parquet(out / "segments.parquet")
    assert segments.height == 17
    assert segments["source_url"].null_count() == 0
