"""Bad input never costs the run: each bad file is one warning line, the exit is 1, the good file's
claims are written, and previous outputs survive a run that fails or is interrupted."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import polars as pl
import pytest

from claims.output.atomic import MANIFEST, publish, replacing

CASES = tomllib.loads((Path(__file__).parent / "cases" / "bad_inputs.toml").read_text(encoding="utf-8"))[
    "case"
]
GOOD = "Llama 3 scored 80% on MMLU.\n"


def _content(case: dict) -> bytes:
    if "bytes_hex" in case:
        return bytes.fromhex(case["bytes_hex"])
    if "text" in case:
        return case["text"].encode("utf-8", "surrogatepass")
    return (case.get("prefix", "") + case["repeat"] * case["times"] + case.get("suffix", "")).encode()


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_file_is_one_line_and_the_good_file_is_kept(cli, tmp_path: Path, case: dict) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.md").write_text(GOOD, encoding="utf-8")
    (corpus / case["file"]).write_bytes(_content(case))
    out = tmp_path / "claims.csv"
    result = cli("extract", corpus, "-o", out)
    warnings = [line for line in result.err.splitlines() if line.startswith("warning:")]
    assert result.code == 1, result
    assert len(warnings) == 1, result
    assert warnings[0].startswith(f"warning: {corpus / case['warning']}"), warnings[0]
    assert "Traceback" not in result.err
    assert pl.read_csv(out)["doc_id"].to_list() == ["good.md"]
    assert result.out.startswith("1 document, "), result.out  # the skipped file is no document read


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_a_bad_file_read_alone_is_said_once(cli, tmp_path: Path, case: dict) -> None:
    """The only file given is unreadable: its problem is the run's error, said once (not first as a
    warning and again as the error); a file whose lines were each skipped is summed up after them."""
    bad = tmp_path / case["file"]
    bad.write_bytes(_content(case))
    result = cli("extract", bad, "-o", tmp_path / "claims.csv")
    assert result.code in (1, 2), result
    assert "Traceback" not in result.err
    assert result.err.count(case["warning"].split(":", 1)[-1]) == 1, result.err
    assert result.err.splitlines()[-1].startswith("error: "), result.err


def test_strict_stops_at_the_bad_file(cli, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "---\ndate: 2025-13-45\n---\nGPT-5 scored 90% on MMLU.\n", encoding="utf-8"
    )
    (tmp_path / "b.md").write_text(GOOD, encoding="utf-8")
    result = cli("extract", tmp_path, "-o", tmp_path / "out.csv", "--strict")
    assert result.code == 2
    assert result.err.strip().startswith(f"error: {tmp_path / 'a.md'}:2: date '2025-13-45'")
    assert not (tmp_path / "out.csv").exists()


def test_front_matter_that_is_not_yaml_is_read_as_text(cli, tmp_path: Path) -> None:
    # `*Breaking*` is no alias of an anchor; such front matter was always body text, not an error
    (tmp_path / "a.md").write_text(
        "---\ntitle: *Breaking*\n---\nGPT-5 scored 90% on MMLU.\n", encoding="utf-8"
    )
    assert cli("extract", tmp_path / "a.md", "-o", tmp_path / "out.csv").code == 0


def test_symlinked_folder_is_read_once(cli, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "sub" / "a.md").write_text(GOOD, encoding="utf-8")
    (corpus / "linked").symlink_to(corpus / "sub")
    (corpus / "sub" / "loop").symlink_to(corpus)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "b.md").write_text(GOOD, encoding="utf-8")
    (corpus / "outside").symlink_to(elsewhere)
    result = cli("extract", corpus, "-o", tmp_path / "out.csv")
    assert result.code == 0, result
    assert sorted(pl.read_csv(tmp_path / "out.csv")["doc_id"]) == ["outside/b.md", "sub/a.md"]


def test_unlistable_folder_is_a_warning(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.md").write_text(GOOD, encoding="utf-8")
    real_walk = os.walk

    def walk(top, onerror=None, followlinks=False):
        onerror(PermissionError(13, "Permission denied", str(tmp_path / "locked")))
        yield from real_walk(top, onerror=onerror, followlinks=followlinks)

    monkeypatch.setattr("claims.ingest.corpus.os.walk", walk)
    result = cli("extract", tmp_path, "-o", tmp_path / "out.csv")
    assert result.code == 1
    assert f"warning: {tmp_path / 'locked'}: cannot list folder (Permission denied) (skipped)" in result.err


# --- all-or-nothing outputs ------------------------------------------------------------------


def test_a_failed_write_keeps_the_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "claims.csv"
    target.write_text("previous\n", encoding="utf-8")
    with pytest.raises(RuntimeError), replacing(target) as tmp:
        tmp.write_text("half of the new", encoding="utf-8")
        raise RuntimeError("disk full")
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert list(tmp_path.iterdir()) == [target]


def test_publish_replaces_the_last_run_and_keeps_the_users_files(tmp_path: Path) -> None:
    target = tmp_path / "out"
    first, second = tmp_path / "one", tmp_path / "two"
    for stage, names in ((first, ("claims.csv", "validation-failures.csv")), (second, ("claims.csv",))):
        stage.mkdir()
        for name in names:
            (stage / name).write_text(stage.name, encoding="utf-8")
    publish(first, target)
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    publish(second, target)
    assert sorted(p.name for p in target.iterdir()) == [MANIFEST, "claims.csv", "notes.txt"]
    assert (target / "claims.csv").read_text(encoding="utf-8") == "two"


def test_run_stopped_by_a_bad_reviews_file_changes_nothing(cli, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    assert cli("run", corpus, "-o", out).code == 0
    before = {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (corpus / "b.md").write_text("GPT-5 scored 90% on MMLU.\n", encoding="utf-8")
    (tmp_path / "reviews.toml").write_text("[[review]\n", encoding="utf-8")
    result = cli("run", corpus, "-o", out, "--reviews", tmp_path / "reviews.toml")
    assert result.code == 2
    assert {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []


def _claims_command(*args: str) -> list[str]:
    return [sys.executable, "-c", "from claims.cli import main; main()", *args]


def test_ctrl_c_says_what_was_kept(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(400):
        (corpus / f"{number}.md").write_text(GOOD * 50, encoding="utf-8")
    out = tmp_path / "out"
    process = subprocess.Popen(
        _claims_command("run", str(corpus), "-o", str(out)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    for _ in range(200):  # wait until the run has started reading
        time.sleep(0.05)
        if any(tmp_path.glob(".out.partial-*")):
            break
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert (
        err.strip().splitlines()[-1]
        == "error: interrupted; outputs not yet complete were dropped, earlier ones kept"
    )
    assert not out.exists()
    assert not any(tmp_path.glob(".out.partial-*"))


def test_a_reader_that_stops_early_does_not_stop_the_run(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.md").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    command = " ".join(_quoted(_claims_command("run", str(corpus), "-o", str(out))))
    shell = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {command} | head -1"], capture_output=True, text=True, timeout=120
    )
    assert shell.returncode == 0, shell.stderr
    assert (out / "claims.parquet").exists()


def _quoted(parts: list[str]) -> list[str]:
    return ["'" + part.replace("'", "'\\''") + "'" for part in parts]


def test_strict_stops_at_the_first_bad_file_under_jobs_too(cli, tmp_path: Path, monkeypatch) -> None:
    # the workers split documents, but under --strict the reader does too: the first problem in the
    # files' order stops the run, not whichever the workers or the reader meet first
    import sys

    monkeypatch.setattr(sys.modules["claims.extraction.each"], "PARALLEL_FROM", 0)
    bad_date = "---\ndate: 2025-13-45\n---\nGPT-5 scored 90% on MMLU.\n"
    (tmp_path / "a.md").write_text(bad_date, encoding="utf-8")
    (tmp_path / "b.md").write_bytes(b"\x81\x82 not UTF-8")
    for jobs in ("1", "2"):
        result = cli("extract", tmp_path, "-o", tmp_path / "out.csv", "--strict", "-j", jobs)
        assert result.code == 2
        assert result.err.strip().startswith(f"error: {tmp_path / 'a.md'}:2: date '2025-13-45'"), result.err


PATH_CASES = tomllib.loads((Path(__file__).parent / "cases" / "bad_paths.toml").read_text(encoding="utf-8"))[
    "case"
]


def _bad_path(tmp_path: Path, case: dict) -> Path:
    """The path of `case`, with what its `make` says standing there."""
    if case["make"] == "device":
        return Path(case["device"])
    path = tmp_path / "given"
    if case["make"] in ("empty folder", "folder of other files"):
        path.mkdir()
    if case["make"] == "folder of other files":
        (path / "chart.png").write_bytes(b"\x89PNG\r\n")
    return path


@pytest.mark.parametrize("good_first", [True, False], ids=["after the good file", "before it"])
@pytest.mark.parametrize("case", PATH_CASES, ids=[c["name"] for c in PATH_CASES])
def test_a_bad_path_beside_a_good_file_is_one_line(cli, tmp_path: Path, case: dict, good_first: bool) -> None:
    # a mistyped name among the paths given costs one line, not the run: the others are read
    bad = _bad_path(tmp_path, case)
    good = tmp_path / "good.md"
    good.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "claims.csv"
    result = cli("extract", *((good, bad) if good_first else (bad, good)), "-o", out)
    warnings = [line for line in result.err.splitlines() if line.startswith("warning:")]
    assert result.code == 1, result
    assert len(warnings) == 1, result
    assert warnings[0].startswith(f"warning: {bad}: {case['warning']}"), warnings
    assert warnings[0].endswith("(skipped)"), warnings
    assert "Traceback" not in result.err
    assert pl.read_csv(out)["doc_id"].to_list() == ["good.md"]


@pytest.mark.parametrize("case", PATH_CASES, ids=[c["name"] for c in PATH_CASES])
def test_a_bad_path_given_alone_is_the_one_error(cli, tmp_path: Path, case: dict) -> None:
    bad = _bad_path(tmp_path, case)
    result = cli("extract", bad, "-o", tmp_path / "claims.csv")
    assert result.code == 2, result
    assert result.err.splitlines()[0].startswith(f"error: {bad}: {case['warning']}"), result.err
    assert len(result.err.splitlines()) == 1, result.err
    assert not (tmp_path / "claims.csv").exists()


def test_two_bad_paths_and_nothing_else_say_each_then_sum_up(cli, tmp_path: Path) -> None:
    result = cli("extract", tmp_path / "a.md", tmp_path / "b.md", "-o", tmp_path / "claims.csv")
    lines = result.err.splitlines()
    assert result.code != 0
    assert lines[:2] == [
        f"warning: {tmp_path / 'a.md'}: no such file or folder (skipped)",
        f"warning: {tmp_path / 'b.md'}: no such file or folder (skipped)",
    ]
    assert lines[2].startswith("error: ") and "no readable documents (2 skipped, each said above)" in lines[2]
    assert not (tmp_path / "claims.csv").exists()


def test_a_run_with_a_mistyped_path_reads_the_others(cli, tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "run"
    result = cli("run", tmp_path / "typo.md", good, "-o", out)
    assert result.code == 1, result
    assert f"warning: {tmp_path / 'typo.md'}: no such file or folder (skipped)" in result.err
    assert pl.read_csv(out / "claims.csv")["doc_id"].to_list() == ["good.md"]


def test_a_bad_path_beside_standard_input_is_one_line(cli, tmp_path: Path, monkeypatch) -> None:
    # standard input is an input too: the path beside it is not the only one given
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(GOOD.encode())))
    out = tmp_path / "claims.csv"
    result = cli("extract", "-", tmp_path / "typo.md", "-o", out)
    assert result.code == 1, result
    assert f"warning: {tmp_path / 'typo.md'}: no such file or folder (skipped)" in result.err
    assert pl.read_csv(out)["doc_id"].to_list() == ["stdin"]
