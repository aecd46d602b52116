"""The main job: `claims run` with no arguments processes the bundled sample corpus end to end."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from claims.pipeline import STAGES, Run, run_pipeline
from claims.resources import sample_corpus_dir

from .conftest import SEEDS


@pytest.fixture(scope="module")
def main_job(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return run_pipeline([sample_corpus_dir()], tmp_path_factory.mktemp("run") / "out")


def test_cli_run_prints_a_summary_and_names_its_folder(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("run")
    assert result.code == 0, result
    lines = result.out.splitlines()
    assert lines[0] == f"reading {sample_corpus_dir()}"
    assert "  documents 7, segments 17" in lines
    assert any(line.startswith("  claims ") for line in lines)
    assert any(line.startswith("  validation: all ") for line in lines)
    assert any(line.startswith("  conflicts ") for line in lines)
    assert lines[-2] == "outputs written to claims-output/"
    page = tmp_path / "claims-output" / "report.html"
    assert lines[-1] == f"open the review page in a browser: {page.resolve().as_uri()}"
    assert page.is_file()


def test_every_stage_adds_one_summary_line(main_job: Run) -> None:
    # reading and extracting are one pass with a line each; the corrections stage has nothing to
    # say when no corrections file is given
    assert len(main_job.lines) == len(STAGES)
    assert main_job.lines[0].startswith("documents ") and main_job.lines[1].startswith("claims ")
    assert not any(line.startswith("corrections") for line in main_job.lines)


def test_outputs_are_written(main_job: Run) -> None:
    out = main_job.out_dir
    names = {p.relative_to(out).as_posix() for p in main_job.written}
    assert {"segments.parquet", "claims.parquet", "claims.csv", "conflicts.parquet", "report.html"} <= names
    assert "derived.parquet" in names
    assert {"tables/gpu_specs.html", "tables/deals.md", "tables/model_leaderboard.csv"} <= names
    assert all(p.is_file() and p.stat().st_size > 0 for p in main_job.written)
    assert pl.read_parquet(out / "segments.parquet")["source_url"].null_count() == 0


def _every_id_joins(out: Path) -> None:
    rows = pl.concat(
        [pl.read_parquet(out / name) for name in ("claims.parquet", "derived.parquet")],
        how="diagonal_relaxed",
    )
    derived = pl.read_parquet(out / "derived.parquet")
    assert derived["derived"].all() if derived.height else True
    named = pl.read_parquet(out / "conflicts.parquet")["claim_ids"].explode()
    assert set(named.to_list()) <= set(rows["claim_id"].to_list())
    assert rows["claim_id"].is_unique().all()


def test_every_claim_id_of_a_conflict_joins_a_claims_or_derived_row(main_job: Run) -> None:
    _every_id_joins(main_job.out_dir)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/corpus/seeds is not present")
def test_every_claim_id_of_a_seed_conflict_joins(tmp_path: Path) -> None:
    """The seeds, with the possible groups too: the most claim ids a conflicts table names."""
    run = run_pipeline([SEEDS], tmp_path / "out", possible=True)
    assert run.conflicts is not None and run.conflicts["claim_ids"].explode().str.starts_with("dr-").any()
    _every_id_joins(run.out_dir)


def test_extracted_claims_are_valid_and_traceable(main_job: Run) -> None:
    claims = pl.read_parquet(main_job.out_dir / "claims.parquet")
    assert main_job.failures is not None and main_job.failures.height == 0
    assert claims.height == main_job.claims.height > 0
    io_price = claims.filter((pl.col("kind") == "price") & (pl.col("quote") == "64亿美元"))
    assert io_price["value"].to_list()[0] == 6.4e9
    assert io_price["unit"].to_list()[0] == "USD"


def test_planted_conflicts_are_found(main_job: Run) -> None:
    conflicts = pl.read_parquet(main_job.out_dir / "conflicts.parquet")
    facts = set(zip(conflicts["subject_key"], conflicts["attribute_key"], conflicts["status"], strict=True))
    # The planted disagreements of claims/sample/CORPUS.rst, each with its status.
    assert ("Gemini Diffusion", "tokens_per_second", "conflict") in facts
    assert ("RTX 5090", "launch_price", "rumour") in facts
    assert ("OpenAI", "acquisition_price", "tension") in facts
    assert ("DeepSeek-R1", "MMLU", "conflict") in facts
    assert ("SDV", "reasoning_accuracy", "conflict") in facts
    assert ("SDV", "memory_use", "tension") in facts
    assert ("RTX 5090", "tdp", "conflict") not in facts  # 600W is speculative and meets 575 W


def test_planted_agreements_are_not_flagged(main_job: Run) -> None:
    conflicts = pl.read_parquet(main_job.out_dir / "conflicts.parquet")
    flagged = set(zip(conflicts["subject_key"], conflicts["attribute_key"], strict=True))
    agreeing = [
        ("RTX 5090", "memory"),
        ("RTX 5090", "bandwidth"),
        ("RTX 5090", "cuda_cores"),
        ("RTX 5080", "launch_price"),
        ("RTX 5070", "launch_price"),
        ("DeepSeek-R1", "params"),
    ]
    for fact in agreeing:
        assert fact not in flagged, fact


def test_review_page_names_the_conflicts(main_job: Run) -> None:
    report = (main_job.out_dir / "report.html").read_text(encoding="utf-8")
    assert "Gemini Diffusion" in report


def test_conflicts_and_derived_join_on_claim_id(cli, tmp_path: Path) -> None:
    """`claims conflicts --derived` writes the derived figures it cites, so its table joins."""
    claims_path = tmp_path / "claims.parquet"
    assert cli("extract", sample_corpus_dir(), "-o", claims_path).code == 0
    out, derived = tmp_path / "conflicts.parquet", tmp_path / "derived.parquet"
    result = cli("conflicts", claims_path, "-o", out, "--derived", derived, "--possible")
    assert result.code == 0, result.err
    named = set(pl.read_parquet(out)["claim_ids"].explode().to_list())
    rows = pl.concat([pl.read_parquet(claims_path), pl.read_parquet(derived)], how="diagonal_relaxed")
    assert any(name.startswith("dr-") for name in named)
    assert named <= set(rows["claim_id"].to_list()) and rows["claim_id"].is_unique().all()
    assert pl.read_parquet(derived)["derived"].all()


def test_progress_tells_of_every_document_once(tmp_path: Path) -> None:
    told: list[str] = []
    run = run_pipeline(
        [sample_corpus_dir()], tmp_path / "out", on_progress=lambda doc: told.append(doc.doc_id)
    )
    assert run.documents > 1 and len(told) == run.documents == len(set(told))


def test_the_stages_after_the_quote_check_hold_no_documents(tmp_path: Path, monkeypatch) -> None:
    # the texts are about a third of a large run's memory: once every quote is checked, the
    # conflicts, the tables and the review page work from the claims alone
    import claims.pipeline as pipeline

    held: dict[str, bool] = {}

    def watched(step):
        def stage(run: Run) -> None:
            held[step.__name__] = run.corpus is not None
            step(run)

        return stage

    monkeypatch.setattr(pipeline, "STAGES", tuple(watched(step) for step in pipeline.STAGES))
    run = pipeline.run_pipeline([sample_corpus_dir()], tmp_path / "out")
    assert held["validate_stage"]
    assert not any(held[name] for name in ("conflicts_stage", "tables_stage", "report_stage"))
    assert run.documents == 7 and "documents 7, segments 17" in run.lines


def test_claims_gathered_in_batches_make_the_same_table(tmp_path: Path, monkeypatch, main_job: Run) -> None:
    # claims join the table a batch at a time (memory); the table is the one gathered at once
    monkeypatch.setattr("claims.extraction.each.BATCH_CLAIMS", 7)
    run = run_pipeline([sample_corpus_dir()], tmp_path / "out")
    assert run.claims is not None and main_job.claims is not None and main_job.claims.height > 7 * 3
    assert run.claims.equals(main_job.claims) and run.claims.n_chunks() == 1
    for name in ("claims.parquet", "claims.csv", "conflicts.parquet", "report.html"):
        assert (tmp_path / "out" / name).read_bytes() == (main_job.out_dir / name).read_bytes(), name


def test_a_run_written_inside_its_corpus_is_not_read_back_as_news(tmp_path: Path) -> None:
    # `claims run .` writes into ./claims-output/, whose Markdown tables would otherwise be read
    # as news on the next run: the same corpus must give the same claims however often it is run
    import shutil

    corpus = tmp_path / "news"
    shutil.copytree(sample_corpus_dir(), corpus)
    first = run_pipeline([corpus], corpus / "claims-output")
    assert any(path.suffix == ".md" for path in (corpus / "claims-output" / "tables").iterdir())
    claims = pl.read_parquet(corpus / "claims-output" / "claims.parquet")
    again = run_pipeline([corpus], corpus / "claims-output")
    assert again.documents == first.documents
    assert pl.read_parquet(corpus / "claims-output" / "claims.parquet").equals(claims)
    # written into the corpus folder itself: the files its manifest lists are left out, the news read
    into = run_pipeline([corpus], corpus)
    assert (corpus / "tables").is_dir() and run_pipeline([corpus], corpus).documents == into.documents
    assert into.documents == first.documents
    assert pl.read_parquet(corpus / "claims.parquet").equals(claims)


def test_a_run_holds_a_few_documents_at_a_time(tmp_path: Path, monkeypatch) -> None:
    # a corpus of any size: read, extracted and quote-checked a file at a time, never held whole
    import claims.ingest.stream as stream

    from .texts_alive import TextWatch, small_corpus

    corpus = small_corpus(tmp_path / "news", 100)
    watch = TextWatch(stream.iter_documents)
    monkeypatch.setattr(stream, "iter_documents", watch)
    run = run_pipeline([corpus], tmp_path / "out")
    assert run.documents == 100 and run.claims is not None and run.claims.height == 100
    assert run.failures is not None and run.failures.height == 0  # every quote checked, read again
    assert len(watch.watched) == 200 and max(watch.alive) <= 2  # the one being read, perhaps the one before


def test_the_segments_table_written_in_batches_is_the_whole_table(
    tmp_path: Path, monkeypatch, main_job: Run
) -> None:
    monkeypatch.setattr("claims.pipeline.BATCH_SEGMENTS", 2)
    run_pipeline([sample_corpus_dir()], tmp_path / "out")
    batched = pl.read_parquet(tmp_path / "out" / "segments.parquet")
    assert batched.height == 17 and batched.equals(pl.read_parquet(main_job.out_dir / "segments.parquet"))


def test_a_run_of_standard_input_checks_its_quotes(tmp_path: Path, monkeypatch) -> None:
    # standard input is read once: its text is kept for the quote check, not read again
    import io
    import sys

    news = "Vela 发布 Orca-2，售价 199 美元，比上一代快 2 倍。\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(news.encode())))
    run = run_pipeline([Path("-")], tmp_path / "out")
    assert run.documents == 1 and run.claims is not None and run.claims.height >= 2
    assert run.failures is not None and run.failures.height == 0


def test_the_progress_line_names_each_stage_after_the_extraction(tmp_path: Path) -> None:
    # a bar full of bytes read says what the run is doing meanwhile, not `extracting` to the end
    from claims.pipeline import DOING

    told: list[str] = []
    run_pipeline([sample_corpus_dir()], tmp_path / "out", on_stage=told.append)
    assert told == list(DOING.values()) and "finding conflicts" in told


def test_the_progress_bar_of_a_run_keeps_its_outputs(cli, tmp_path: Path, monkeypatch) -> None:
    from claims.cli.app import Output

    plain = cli("run", "-o", tmp_path / "plain")
    monkeypatch.setattr(Output, "show_progress", property(lambda self: self.verbosity >= 0))
    shown = cli("run", "-o", tmp_path / "shown")
    assert (plain.code, shown.code) == (0, 0) and "Traceback" not in shown.err
    for name in ("claims.csv", "conflicts.parquet", "segments.parquet"):
        assert (tmp_path / "plain" / name).read_bytes() == (tmp_path / "shown" / name).read_bytes()
