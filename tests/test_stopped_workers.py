"""A worker process of `--jobs` that stops abruptly (killed for lack of memory, a crash in a
compiled library) costs at most the document it was reading: the other documents' claims are
those of one process, in the same order, and the run never ends in a traceback."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from claims.errors import ExtractionError, WorkersStopped
from claims.extraction.each import extract_each
from claims.ingest.corpus import read_corpus
from claims.model import Document

from . import stopping_workers
from .conftest import FIXTURES

EACH = sys.modules["claims.extraction.each"]
WORKERS = sys.modules["claims.extraction.workers"]


@pytest.fixture
def stopping(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(EACH, "PARALLEL_FROM", 0)  # the fixtures are small; spread them anyway
    monkeypatch.setattr(WORKERS, "_outcomes", stopping_workers.outcomes)


def _documents() -> list[Document]:
    return read_corpus([FIXTURES / "corpus"]).documents


def test_a_document_that_stops_every_worker_is_reported_and_the_others_kept(stopping) -> None:
    documents = _documents()
    alone = list(extract_each(documents))
    culprit = Document("x", "x.md", f"Vela 发布 Orca-2，售价 20 美元。{stopping_workers.ALWAYS}\n")
    spread_docs = [*documents[:2], culprit, *documents[2:]]
    problems: list[Exception] = []
    spread = list(extract_each(spread_docs, on_problem=problems.append, jobs=2))
    assert spread == [*alone[:2], [], *alone[2:]] and sum(map(len, alone)) > 0
    assert [str(p) for p in problems] == [
        "x.md: extraction failed: the worker process reading it stopped abruptly (please report this text)"
    ]
    assert all(isinstance(p, ExtractionError) for p in problems)


def test_a_worker_stopped_once_loses_nothing(stopping, tmp_path: Path) -> None:
    documents = _documents()
    alone = list(extract_each(documents))
    flag = tmp_path / "stopped"
    once = Document("y", "y.md", f"Tern 发布 Kestrel-3，售价 30 美元。{stopping_workers.ONCE}{flag}\n")
    problems: list[Exception] = []
    warned: list[str] = []
    found = extract_each([*documents, once], on_problem=problems.append, jobs=2, on_warning=warned.append)
    spread = list(found)
    assert flag.exists()  # a worker did stop
    assert problems == []
    assert len(warned) == 1 and warned[0].startswith("a worker process stopped abruptly (short of memory?); ")
    assert warned[0].endswith(" the other workers had not finished are read again")
    assert spread[:-1] == alone and [c.value for c in spread[-1]] == [30]


def test_every_document_told_once_when_a_worker_stopped(stopping, tmp_path: Path) -> None:
    documents = _documents()
    flag = tmp_path / "stopped"
    once = Document("y", "y.md", f"Tern 发布 Kestrel-3。{stopping_workers.ONCE}{flag}\n")
    told: list[str] = []
    list(extract_each([once, *documents], jobs=2, on_done=lambda doc: told.append(doc.doc_id)))
    assert sorted(told) == sorted(doc.doc_id for doc in [once, *documents])


def test_workers_that_never_finish_a_document_stop_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(EACH, "PARALLEL_FROM", 0)
    monkeypatch.setattr(WORKERS, "_outcomes", stopping_workers.stops_at_start)
    problems: list[Exception] = []
    with pytest.raises(WorkersStopped) as raised:
        list(extract_each(_documents(), on_problem=problems.append, jobs=2))
    assert str(raised.value) == (
        "worker processes stopped abruptly 5 times in a row without finishing any document "
        "(short of memory? try fewer --jobs)"
    )


def test_the_command_reports_a_document_that_stops_workers_and_writes_the_rest(
    cli, stopping, tmp_path: Path
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.md").write_text("Vela 发布 Orca-2，售价 20 美元。\n", encoding="utf-8")
    (folder / "b.md").write_text(
        f"Tern 发布 Kestrel-3，售价 30 美元。{stopping_workers.ALWAYS}\n", encoding="utf-8"
    )
    (folder / "c.md").write_text("Vela 发布 Orca-3，售价 40 美元。\n", encoding="utf-8")
    out = tmp_path / "claims.csv"
    result = cli("-q", "extract", folder, "-o", out, "-j", "2")
    assert "worker process reading it stopped abruptly" in result.err
    assert "warning: a worker process stopped abruptly (short of memory?);" in result.err
    assert "Traceback" not in result.err and result.code != 0  # a skipped input fails the run
    written = out.read_text(encoding="utf-8")
    assert "Orca-2" in written and "Orca-3" in written and "Kestrel-3" not in written


def test_the_command_stops_with_one_line_when_no_worker_finishes(cli, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(EACH, "PARALLEL_FROM", 0)
    monkeypatch.setattr(WORKERS, "_outcomes", stopping_workers.stops_at_start)
    out = tmp_path / "claims.csv"
    result = cli("-q", "extract", FIXTURES / "corpus", "-o", out, "-j", "2")
    assert result.code == 2 and not out.exists()
    assert result.err.strip().splitlines()[-1] == (
        "error: worker processes stopped abruptly 5 times in a row without finishing any document "
        "(short of memory? try fewer --jobs)"
    )


class _BrokenPool:
    """A pool whose worker stopped before any result said so: every submission is refused."""

    def submit(self, *_args: object) -> None:
        from concurrent.futures.process import BrokenProcessPool

        raise BrokenProcessPool("a worker stopped")


def test_a_pool_found_broken_when_submitting_leaves_every_document_to_read_again() -> None:
    # the pool may break between two submissions (a worker stopped, no result has said so yet):
    # the batch being handed out and every batch still pending are read again, none lost
    from collections import deque
    from concurrent.futures import Future

    from claims.extraction.workers import _Stopped, _submit_all

    docs = [Document(str(i), f"{i}.md", f"Vela {i}") for i in range(5)]
    finished: Future = Future()
    finished.set_result([["claims of 0"]])
    running: Future = Future()
    pending = deque([[([docs[0]], finished), ([docs[1], docs[2]], running)]])
    with pytest.raises(_Stopped) as stopped:
        _submit_all(_BrokenPool(), [(len, ("x",))], pending, docs[3:])  # type: ignore[arg-type]
    assert stopped.value.left == [
        (docs[0], ["claims of 0"]),
        (docs[1], None),
        (docs[2], None),
        (docs[3], None),
        (docs[4], None),
    ]


def test_a_document_read_in_parts_survives_a_stopped_worker(stopping, tmp_path: Path, monkeypatch) -> None:
    # the first worker to read a part of the long document stops; its parts are read again in the
    # next pool: the claims are those of one process, and the document is told done once
    import claims.extraction.parts as parts

    flag = tmp_path / "stopped"
    digests = read_corpus([FIXTURES / "digests"]).documents
    text = "\n\n".join(doc.text for doc in digests) + f"\n\n{stopping_workers.ONCE}{flag}\n"
    documents = [Document("long", "long.md", text), *_documents()[:2]]
    alone = list(extract_each(documents))
    monkeypatch.setattr(parts, "PART_FROM", 0)
    assert sum(isinstance(item, parts.Part) for item in parts.parted(documents, 2)) == 2
    told: list[str] = []
    found = extract_each(documents, jobs=2, on_done=lambda doc: told.append(doc.doc_id), on_warning=print)
    spread = list(found)
    assert flag.exists() and spread == alone and sum(map(len, alone)) > 0
    assert sorted(told) == sorted(doc.doc_id for doc in documents)
