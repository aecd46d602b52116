"""The CLI's conventions: help, version, output formats, and one-line errors with exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import polars as pl
import pytest

from claims import __version__

from .conftest import FIXTURES, ROOT

CORPUS = FIXTURES / "corpus"


def test_version(cli) -> None:
    result = cli("--version")
    assert (result.code, result.out.strip()) == (0, f"claims {__version__}")


@pytest.mark.parametrize("args", [("--help",), ("segments", "--help"), ("run", "--help")])
def test_help_is_useful(cli, args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.code == 0
    assert "Usage" in result.out


def test_segments_to_stdout_as_json_lines(cli) -> None:
    result = cli("segments", CORPUS / "digest.md")
    rows = [json.loads(line) for line in result.out.splitlines()]
    assert [r["title"] for r in rows][:2] == ["甲公司发布新模型", "乙公司完成融资"]
    assert set(rows[0]) == {"doc_id", "segment_id", "title", "published", "source_url", "start", "end"}


@pytest.mark.parametrize("suffix", [".parquet", ".csv", ".jsonl"])
def test_segments_format_follows_extension(cli, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"seg{suffix}"
    result = cli("segments", CORPUS, "-o", out)
    assert result.code == 0, result
    reader = {".parquet": pl.read_parquet, ".csv": pl.read_csv, ".jsonl": pl.read_ndjson}[suffix]
    assert reader(out).height == 15


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_segments_are_listed_a_batch_at_a_time(cli, tmp_path: Path, monkeypatch, fmt: str) -> None:
    # a long corpus is read one file at a time and its rows go out batch by batch (to a pipe as they
    # come, to a file through parts): the same text as one batch makes, the CSV header once
    import importlib

    whole = tmp_path / f"whole.{fmt}"
    assert cli("-q", "segments", CORPUS, "-o", whole).code == 0
    module = importlib.import_module("claims.cli.segments")
    monkeypatch.setattr(module, "BATCH_SEGMENTS", 2)
    pieces: list[bytes] = []
    real = module.rows_bytes

    def counted(*args: object) -> bytes:
        pieces.append(real(*args))
        return pieces[-1]

    monkeypatch.setattr(module, "rows_bytes", counted)
    piped = cli("-q", "segments", CORPUS, "--format", fmt)
    assert piped.code == 0 and len(pieces) > 3
    assert piped.out == whole.read_text(encoding="utf-8")
    batched = tmp_path / f"batched.{fmt}"
    assert cli("segments", CORPUS, "-o", batched).code == 0
    assert batched.read_bytes() == whole.read_bytes()


def test_segments_under_strict_are_all_or_nothing(cli, tmp_path: Path, monkeypatch) -> None:
    import importlib

    monkeypatch.setattr(importlib.import_module("claims.cli.segments"), "BATCH_SEGMENTS", 1)
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.md").write_text("### 新闻\n\n价格 5 美元。\n", encoding="utf-8")
    (tmp_path / "news" / "b.jsonl").write_text('{"text": "Tern 售价 30 美元"}\n{nope\n', encoding="utf-8")
    piped = cli("segments", tmp_path / "news", "--strict")
    assert piped.code == 2 and piped.out == ""
    out = tmp_path / "segments.csv"
    written = cli("segments", tmp_path / "news", "--strict", "-o", out)
    assert written.code == 2 and not out.exists() and list(tmp_path.iterdir()) == [tmp_path / "news"]
    # without --strict the bad line is skipped and the rest listed
    kept = cli("segments", tmp_path / "news")
    assert kept.code == 1
    assert [json.loads(row)["doc_id"] for row in kept.out.splitlines()] == ["a.md", "b.jsonl#1"]


def test_unknown_output_extension(cli, tmp_path: Path) -> None:
    result = cli("segments", CORPUS / "digest.md", "-o", tmp_path / "seg.xlsx")
    assert result.code == 2
    assert result.err.strip() == (
        f"error: {tmp_path / 'seg.xlsx'}: cannot tell the table format from the extension '.xlsx' "
        "(use .parquet, .csv or .jsonl, or --format)"
    )


def test_missing_path_is_one_line(cli, tmp_path: Path) -> None:
    result = cli("segments", tmp_path / "nope")
    assert result.code == 2
    assert result.err.strip() == f"error: {tmp_path / 'nope'}: no such file or folder"
    assert "Traceback" not in result.err


def test_a_device_for_a_path_is_one_line(cli) -> None:
    # /dev/null is neither a file to read nor a folder to list: one line, not a listing warning
    if not Path("/dev/null").exists():
        pytest.skip("no /dev/null here")
    result = cli("segments", "/dev/null")
    assert result.code == 2
    assert result.err.strip() == "error: /dev/null: neither a file nor a folder (name a file, a folder or -)"


def test_bad_file_among_good_is_skipped_with_a_warning(cli, tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text("### 新闻\n\n价格 5 美元。\n", encoding="utf-8")
    (tmp_path / "bad.md").write_bytes(b"\xff\xfe\x00")
    result = cli("segments", tmp_path)
    assert result.code == 1  # the good file's output is written, but a skipped input is no success
    assert f"warning: {tmp_path / 'bad.md'}:1: not UTF-8 text" in result.err
    assert result.err.strip().splitlines()[-1] == "error: 1 input(s) skipped; see the warnings above"
    assert len(result.out.splitlines()) == 1


def test_a_fault_inside_one_document_costs_that_document_only(cli, tmp_path: Path, monkeypatch) -> None:
    import importlib

    module = importlib.import_module("claims.extraction.extract")  # the module, not the function of that name
    (tmp_path / "good.md").write_text("### 新闻\n\nOpenAI以64亿美元收购io公司。\n", encoding="utf-8")
    (tmp_path / "poison.md").write_text("### 新闻\n\n价格 5 美元。\n", encoding="utf-8")
    real = module.extract_document

    def faulty(doc, resources=None, part=None):
        if doc.doc_id == "poison.md":
            raise IndexError("list index out of range")
        return real(doc, resources, part)

    monkeypatch.setattr(module, "extract_document", faulty)
    out = tmp_path / "claims.csv"
    result = cli("extract", tmp_path, "-o", out)
    assert result.code == 1
    assert (
        f"warning: {tmp_path / 'poison.md'}: extraction failed: IndexError: list index out of range"
        " (please report this text) (skipped)"
    ) in result.err
    assert "Traceback" not in result.err
    written = pl.read_csv(out)
    assert written["doc_id"].unique().to_list() == ["good.md"]
    strict = cli("extract", tmp_path, "-o", tmp_path / "strict.csv", "--strict")
    assert strict.code == 2
    assert "poison.md: extraction failed" in strict.err


def test_strict_makes_a_bad_file_fatal(cli, tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text("### 新闻\n\n价格 5 美元。\n", encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text("{nope\n", encoding="utf-8")
    result = cli("segments", tmp_path, "--strict")
    assert result.code == 2
    assert (
        result.err.strip()
        == f"error: {tmp_path / 'bad.jsonl'}:1: not JSON (Expecting property name enclosed in double quotes)"
    )


def test_public_names_agree_and_load_on_use() -> None:
    import claims

    assert sorted(claims.__all__) == sorted(["__version__", *claims._PUBLIC])
    assert all(callable(getattr(claims, name)) for name in claims._PUBLIC)


@pytest.mark.parametrize(
    ("args", "absent"),
    [
        (["--version"], ("polars", "pandera", "great_tables", "pydantic")),
        (["extract", "--help"], ("polars", "pandera", "great_tables", "pydantic")),
        # reading its options must not cost a model library (about 0.15 s on every command)
        (["-q", "extract", str(CORPUS / "digest.md"), "-j", "1"], ("pandera", "great_tables", "pydantic")),
    ],
)
def test_each_command_loads_only_what_it_needs(args: list[str], absent: tuple[str, ...]) -> None:
    import subprocess
    import sys

    probe = (
        f"import sys; from claims.cli import main; sys.argv = ['claims', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {absent!r} if m in sys.modules))"
    )
    command = [sys.executable, "-c", probe]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.stdout.splitlines()[-1] == "[]", done.stdout + done.stderr


def test_extract_starts_its_workers_before_it_loads_the_table_library(tmp_path) -> None:
    # under --jobs the workers load the lexicons while this process loads polars, not after it
    probe = (
        "import os, sys\n"
        "import concurrent.futures.process as pool\n"
        "import claims.extraction.each as each\n"
        "each.PARALLEL_FROM = 0\n"
        "def started(*args, **kwargs):\n"
        "    print('polars' in sys.modules, flush=True)\n"
        "    os._exit(0)\n"
        "pool.ProcessPoolExecutor.__init__ = started\n"
        "from claims.cli import main\n"
        f"sys.argv = ['claims', '-q', 'extract', {str(FIXTURES / 'corpus')!r}, '-j', '2',"
        f" '-o', {str(tmp_path / 'c.csv')!r}]\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.stdout.strip() == "False", done.stdout + done.stderr


def test_extract_loads_the_table_library_once_a_worker_has_read_a_document() -> None:
    # under --jobs the first rows come back when the workers are done: the table library is imported
    # in the background from the first document read on, once, and whatever else is told still is
    probe = (
        "import sys, threading\n"
        "from claims.cli.extract import _loading_tables_when_read\n"
        "from claims.model import Document\n"
        "before = 'polars' in sys.modules\n"
        "seen = []\n"
        "told = _loading_tables_when_read(seen.append)\n"
        "doc = Document('a', 'a.md', 'x')\n"
        "told(doc); told(doc)\n"
        "loading = [t for t in threading.enumerate() if t is not threading.main_thread()]\n"
        "[t.join() for t in loading]\n"
        "print(before, len(loading), 'polars' in sys.modules, len(seen))\n"
    )
    command = [sys.executable, "-c", probe]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.stdout.strip() == "False 1 True 2", done.stdout + done.stderr


def test_the_public_extract_is_the_function_after_the_submodule_loads() -> None:
    import claims
    from claims.extraction.extract import extract_document  # noqa: F401  (loads the submodule)

    assert claims.extract("GPT-5 scored 90% on MMLU.")[0].kind == "score"


def test_a_broken_lexicon_is_one_error_line_for_every_command(tmp_path, monkeypatch) -> None:
    # commands load their modules (and with them the lexicons) before running: a malformed lexicon
    # file must still be one `error:` line and exit 2, never a traceback
    import subprocess
    import sys

    from claims.errors import ResourceError

    code = (
        "import sys\n"
        "import claims.cli as cli\n"
        "from claims.errors import ResourceError\n"
        "def broken(args):\n"
        "    where = 'grammars/lexicons/cues.toml'\n"
        "    raise ResourceError('not valid TOML: Cannot declare twice', path=where, line=9)\n"
        "cli.load_commands = broken\n"
        "sys.argv = ['claims', 'explain', 'x']\n"
        "cli.main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == ResourceError.exit_code
    assert done.stderr.strip() == "error: grammars/lexicons/cues.toml:9: not valid TOML: Cannot declare twice"


def test_the_command_script_loads_the_command_line_only_when_run() -> None:
    # every worker `--jobs` starts from the `claims` script imports the script's module first: it
    # must not load the command line's libraries there (about 0.2 s per worker)
    libraries = ("typer", "rich", "polars", "claims.cli")
    code = f"import sys, claims.__main__; print([m for m in {libraries!r} if m in sys.modules])"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["claims"] == "claims.__main__:main"


@pytest.mark.parametrize(
    "args",
    [
        ["extract", str(CORPUS / "digest.md"), "-f", "parquet"],
        ["segments", str(CORPUS / "digest.md"), "--format", "parquet"],
        ["extract", str(CORPUS / "digest.md"), "-o", "-", "-f", "parquet"],
    ],
)
def test_parquet_is_not_written_to_a_terminal(cli, monkeypatch, args: list[str]) -> None:
    # binary on a screen only scrambles it: refused before any work, with what to do instead
    import sys

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    result = cli(*args)
    assert result.code == 2 and result.out == ""
    assert result.err.strip() == (
        "error: -: Parquet is binary: not written to a terminal "
        "(give -o FILE.parquet, or send standard output to a file or a pipe)"
    )
