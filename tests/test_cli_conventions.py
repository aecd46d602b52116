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


def test_a_claims_table_found_in_the_corpus_folder_is_passed_over(cli, tmp_path: Path) -> None:
    # `claims extract news -o news/claims.jsonl`, run again: its own table, found in the folder, is
    # no news and no fault of the input (a pipeline's second run must not fail); named, it still is
    import shutil

    news = tmp_path / "news"
    shutil.copytree(FIXTURES / "corpus", news)
    first = cli("extract", news, "-o", news / "claims.jsonl")
    assert first.code == 0, first.err
    table = (news / "claims.jsonl").read_bytes()
    again = cli("extract", news, "-o", news / "claims.jsonl")
    assert again.code == 0 and again.err == "", again.err
    assert (news / "claims.jsonl").read_bytes() == table
    named = cli("extract", news, news / "claims.jsonl", "-o", tmp_path / "x.jsonl")
    assert named.code == 1 and f"warning: {news / 'claims.jsonl'}: a table, not news text" in named.err
    # the segments and conflicts tables too; a JSON Lines file of news is read, a broken one reported
    segments = '{"doc_id": "a.md", "segment_id": "a.md#0", "title": "Vela", "start": 0, "end": 27}\n'
    (news / "segments.jsonl").write_text(segments, encoding="utf-8")
    (news / "conflicts.jsonl").write_text('{"conflict_id": "c1", "claim_ids": ["a1"]}\n', encoding="utf-8")
    third = cli("extract", news, "-o", news / "claims.jsonl")
    assert third.code == 0 and third.err == "" and (news / "claims.jsonl").read_bytes() == table, third.err
    (news / "wire.jsonl").write_text('{"title": "no body"}\n', encoding="utf-8")
    broken = cli("extract", news, "-o", news / "claims.jsonl")
    assert broken.code == 1 and "wire.jsonl:1: a line must be an object with a string 'text'" in broken.err


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


def test_an_unedited_review_template_is_valid(cli, tmp_path: Path) -> None:
    claims = tmp_path / "claims.parquet"
    assert cli("extract", sample_corpus_dir(), "-o", claims).code == 0
    template = tmp_path / "reviews.toml"
    assert cli("conflicts", claims, "--review-template", template).code == 0
    result = cli("conflicts", claims, "--reviews", template, "-o", tmp_path / "c.parquet")
    assert result.code == 0, result
    assert (
        pl.read_parquet(tmp_path / "c.parquet")["verdict"].null_count()
        == pl.read_parquet(tmp_path / "c.parquet").height
    )


@pytest.mark.parametrize("where", ["claims.toml", "pyproject.toml"])
def test_project_defaults(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.md").write_text(
        "OpenAI以64亿美元收购io公司。GPT-5 在 MMLU 上得分 90%。\n", encoding="utf-8"
    )
    settings = 'kinds = ["price"]\n\n[run]\npaths = ["news"]\nout = "build"\n'
    if where == "pyproject.toml":
        settings = (
            '[project]\nname = "x"\n\n[tool.claims]\nkinds = ["price"]\n\n'
            '[tool.claims.run]\npaths = ["news"]\nout = "build"\n'
        )
    (tmp_path / where).write_text(settings, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(tmp_path)
    result = cli("run")
    assert result.code == 0, result
    assert pl.read_parquet(tmp_path / "build" / "claims.parquet")["kind"].to_list() == ["price"]
    overridden = cli("run", "-k", "score", "-o", elsewhere / "out")  # the command line wins
    assert pl.read_parquet(elsewhere / "out" / "claims.parquet")["kind"].to_list() == ["score"]
    assert overridden.code == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[runn]\nout = 'x'\n", "1: [runn]: no such command"),
        ("[run]\nouts = 'x'\n", "2: [run] outs: no such setting"),
        ("kind = 'x'\n", "1: kind: no command has this setting"),
        ("[run\n", "1:5: not valid TOML"),
        # a value its option refuses names the file and the setting, not an option never typed
        ("[run]\njobs = 'two'\n", "2: jobs: 'two' is not a valid int range"),
        ("jobs = 0\n", "1: jobs: 0 is not in the range x>=1"),
        ("[run]\npossible = 'perhaps'\n", "2: possible: 'perhaps' is not a valid boolean"),
        ("kinds = ['score', 'prize']\n", "1: kinds: unknown kind 'prize'"),
    ],
)
def test_a_bad_config_is_one_line(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    (tmp_path / "claims.toml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli("run")
    assert result.code == 2
    [line] = result.err.strip().splitlines()
    assert line.startswith(f"error: {tmp_path / 'claims.toml'}:{message}"), line


def test_kinds_must_be_known(cli) -> None:
    result = cli("extract", FIXTURES / "corpus", "--kinds", "scores")
    assert result.code == 2 and "--kinds: unknown kind 'scores'" in result.err


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl"])
def test_a_claims_table_from_standard_input(tmp_path: Path, suffix: str) -> None:
    table = tmp_path / f"claims{suffix}"
    assert _claims("extract", str(sample_corpus_dir()), "-o", str(table)).returncode == 0
    done = subprocess.run(
        [sys.executable, "-c", "from claims.cli import main; main()", "validate", "-"],
        input=table.read_bytes(), capture_output=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().startswith("-: valid claims table, 86 rows")


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl"])
def test_extract_writes_in_batches_the_same_table(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    import importlib

    from polars.testing import assert_frame_equal

    from claims import extract_corpus
    from claims.validation.table_files import read_valid_claims

    monkeypatch.setattr(importlib.import_module("claims.extraction.each"), "BATCH_CLAIMS", 7)
    out = tmp_path / f"claims{suffix}"
    assert cli("extract", sample_corpus_dir(), "-o", out).code == 0
    assert_frame_equal(read_valid_claims(out), extract_corpus([sample_corpus_dir()]))
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]  # no part files left behind


def test_a_derived_figure_names_its_place_too(cli, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# A\n\nGemini Diffusion 12秒生成1万token。\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("# B\n\nGemini Diffusion 每秒生成约1500个token。\n", encoding="utf-8")
    result = cli("check", tmp_path)
    assert result.code == 1
    places = [line for line in result.out.splitlines() if line.startswith("    from ")]
    assert places and f"{tmp_path / 'a.md'}:3" in places[0] and f"{tmp_path / 'b.md'}:3" in places[0], (
        result.out
    )


def test_check_of_a_table_reads_its_documents_a_file_at_a_time(cli, tmp_path: Path, monkeypatch) -> None:
    # `check --claims T --documents CORPUS` in CI on a large corpus: the quotes are checked and the
    # places of new conflicts found without the corpus ever held whole; a bad file is warned once
    import claims.ingest.corpus as corpus

    news = tmp_path / "news"
    news.mkdir()
    (news / "a.md").write_text("# A\n\nGemini Diffusion 12秒生成1万token。\n", encoding="utf-8")
    (news / "b.md").write_text("# B\n\nGemini Diffusion 每秒生成约1500个token。\n", encoding="utf-8")
    table = tmp_path / "claims.parquet"
    assert cli("extract", news, "-o", table).code == 0
    (news / "bad.md").write_bytes(b"\xff\xfe")

    def whole(*args: object, **kwargs: object) -> None:
        raise AssertionError("the whole corpus was read at once")

    monkeypatch.setattr(corpus, "read_corpus", whole)
    result = cli("check", "--claims", table, "--documents", news)
    assert result.code == 1, result.err
    places = [line for line in result.out.splitlines() if line.startswith("    from ")]
    assert places and f"{news / 'a.md'}:3" in places[0] and f"{news / 'b.md'}:3" in places[0], result.out
    assert [line for line in result.err.splitlines() if line.startswith("warning:")] == [
        f"warning: {news / 'bad.md'}:1: not UTF-8 text (byte 0xff at offset 0) (convert the file to UTF-8)"
        " (skipped)"
    ]
