"""An output that cannot be written where it is asked for is one `error:` line naming that output
and why, exit 2, no traceback and nothing left behind: for every command that writes a file or a
folder."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from claims.errors import OutputError
from claims.output.atomic import cannot_write, replacing

from .conftest import FIXTURES

CORPUS = FIXTURES / "corpus"

# (command line with {claims} for a claims table, the output's name under the blocked place)
WRITERS = [
    (["extract", str(CORPUS), "-o"], "claims.csv"),
    (["extract", str(CORPUS), "-j", "1", "-o"], "claims.parquet"),
    (["segments", str(CORPUS), "-o"], "segments.jsonl"),
    (["run", str(CORPUS / "digest.md"), "-o"], "out"),
    (["conflicts", "{claims}", "-o"], "conflicts.csv"),
    (["report", "{claims}", "-o"], "report.html"),
    (["table", "gpu_specs", "{claims}", "-o"], "gpus.html"),
    (["table", "--auto", "{claims}", "-o"], "proposals"),
    (["check", str(CORPUS / "digest.md"), "-o"], "check.md"),
    (["export", "{claims}", "-o"], "claims.db"),
]


@pytest.fixture(scope="module")
def claims_table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from claims.extraction.extract import extract_corpus
    from claims.resources import sample_corpus_dir

    path = tmp_path_factory.mktemp("table") / "claims.parquet"
    extract_corpus([sample_corpus_dir()]).write_parquet(path)  # it fills the shipped tables
    return path


@pytest.mark.parametrize(("args", "name"), WRITERS, ids=[f"{a[0]}-{n}" for a, n in WRITERS])
def test_an_output_under_a_file_is_one_line(cli, tmp_path: Path, claims_table: Path, args, name) -> None:
    blocking = tmp_path / "notes.md"
    blocking.write_text("a file, where the output's folder was meant to be\n", encoding="utf-8")
    target = blocking / "sub" / name
    line = [claims_table if arg == "{claims}" else arg for arg in args]
    result = cli(*line, target)
    assert result.code == OutputError.exit_code, result
    assert "Traceback" not in result.err
    assert result.err.strip().splitlines()[-1] == (
        f"error: {target}: cannot write: {blocking} is a file, not a folder"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.md"]  # nothing left beside it
    assert blocking.read_text(encoding="utf-8").startswith("a file")


@pytest.mark.parametrize(
    ("code", "reason"),
    [(errno.ENOSPC, "No space left on device"), (errno.EROFS, "Read-only file system")],
)
def test_the_systems_reason_names_the_output_not_its_temporary_file(tmp_path: Path, code, reason) -> None:
    target = tmp_path / "claims.csv"
    refused = OSError(code, reason, str(tmp_path / ".claims.csv.x1y2.partial.csv"))
    error = cannot_write(target, refused)
    assert isinstance(error, OSError) and str(error) == f"{target}: cannot write: {reason}"


def test_a_refused_rename_leaves_no_partial_file(tmp_path: Path, monkeypatch) -> None:
    import os

    def refuse(source, destination):
        raise OSError(errno.EACCES, "Permission denied", str(destination))

    monkeypatch.setattr(os, "replace", refuse)
    target = tmp_path / "page.html"
    with pytest.raises(OutputError) as refused, replacing(target) as tmp:
        tmp.write_text("half", encoding="utf-8")
    assert str(refused.value) == f"{target}: cannot write: Permission denied"
    assert list(tmp_path.iterdir()) == []


# How a full disk reaches us from the table library: its own error naming the os error, its own
# OSError with the number only in the text, or a plain OSError.
FULL_DISK = {
    "polars-error": lambda: __import__("polars").exceptions.ComputeError(
        "parquet: File out of specification: underlying IO error: No space left on device (os error 28)"
    ),
    "polars-oserror": lambda: OSError("No space left on device (os error 28)"),
    "oserror": lambda: OSError(errno.ENOSPC, "No space left on device"),
}


@pytest.mark.parametrize("shape", list(FULL_DISK))
@pytest.mark.parametrize(
    ("command", "name", "written"), [("extract", "c.csv", "c.csv"), ("run", "out", "out/segments.parquet")]
)
def test_a_full_disk_is_one_line_naming_the_output(
    cli, tmp_path: Path, monkeypatch, shape, command, name, written
) -> None:
    import claims.output.tableio as tableio

    def full(*args: object, **kwargs: object) -> None:
        raise FULL_DISK[shape]()

    monkeypatch.setattr(tableio, "_write_frame", full)
    result = cli(command, CORPUS / "digest.md", "-o", tmp_path / name)
    assert result.code == OutputError.exit_code and "Traceback" not in result.err
    # a run's files are named where they were going, not in the hidden folder the run is built in
    assert (
        result.err.strip().splitlines()[-1]
        == f"error: {tmp_path / written}: cannot write: No space left on device"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_full_standard_output_is_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    command = [
        sys.executable,
        "-c",
        "from claims.cli import main; main()",
        "extract",
        str(CORPUS / "digest.md"),
    ]
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            command, stdout=full, stderr=subprocess.PIPE, text=True, timeout=120, check=False
        )
    assert done.returncode == OutputError.exit_code
    assert done.stderr.strip() == "error: standard output: cannot write: No space left on device"


def test_what_a_failed_write_held_is_let_go_at_once(tmp_path: Path) -> None:
    # a writer's half-made archive, held by the failed write's frames, closed at exit would fail again
    # on the full disk and print a traceback after the one-line error: it is let go at the refusal
    import weakref

    from claims.output.atomic import writing_to

    class Archive:
        """Stands for the zip file a spreadsheet writer leaves open."""

    held: list[weakref.ref] = []

    def write() -> None:
        archive = Archive()
        held.append(weakref.ref(archive))
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as error:  # how xlsxwriter reports it: its own error, from the OSError
            raise RuntimeError(f"[Errno {error.errno}] {error.strerror}") from error

    with pytest.raises(OutputError) as refused, writing_to(tmp_path / "claims.xlsx"):
        write()
    assert str(refused.value) == f"{tmp_path / 'claims.xlsx'}: cannot write: No space left on device"
    assert held[0]() is None


def test_summary_lines_that_cannot_be_printed_are_dropped_with_one_warning(tmp_path: Path) -> None:
    # the table goes to its file whatever becomes of the summary: one warning, the work done
    import subprocess
    import sys

    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    out = tmp_path / "claims.csv"
    command = [sys.executable, "-c", "from claims.cli import main; main()", "extract", str(CORPUS)]
    with open("/dev/full", "wb") as full:
        command += ["-o", str(out)]
        done = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 0 and out.is_file()
    assert done.stderr.strip() == (
        "warning: standard output: cannot write: No space left on device; "
        "the summary lines that follow are dropped"
    )
