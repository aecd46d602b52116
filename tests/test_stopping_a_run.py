"""A run under `--jobs` stopped from outside: SIGTERM (a scheduler's or a CI job's cancel) ends it
as Ctrl-C does, one line, no output half written, its workers ended; workers of a command killed
outright end by themselves."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from . import stopping_workers
from .conftest import ROOT


def _gone(pid: int, within: float) -> bool:
    """Whether process `pid` has ended (or is a zombie) within `within` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state in "ZX":
            return True
        time.sleep(0.1)
    return False


def _wait_for(path: Path, within: float) -> str:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if path.exists() and path.read_text():
            return path.read_text()
        time.sleep(0.1)
    raise AssertionError(f"{path} never written")


def _slow_run(tmp_path: Path) -> tuple[subprocess.Popen[str], int, Path]:
    """`claims extract -j 2` in a process of its own, one of whose workers waits in its task; the
    command, that worker's process id and the output's path."""
    folder = tmp_path / "news"
    folder.mkdir()
    marker = tmp_path / "worker.pid"
    (folder / "a.md").write_text("Vela 发布 Orca-2，售价 20 美元。\n", encoding="utf-8")
    (folder / "b.md").write_text(f"Tern 发布 Kestrel-3。{stopping_workers.SLOW}{marker}\n", encoding="utf-8")
    out = tmp_path / "out" / "claims.csv"
    probe = (
        "import sys\n"
        "import claims.extraction.each as each, claims.extraction.workers as workers\n"
        "from tests import stopping_workers\n"
        "each.PARALLEL_FROM = 0\n"
        "workers._outcomes = stopping_workers.slow_outcomes\n"
        "from claims.cli import main\n"
        f"sys.argv = ['claims', '-q', 'extract', {str(folder)!r}, '-j', '2', '-o', {str(out)!r}]\n"
        "main()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.Popen(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    return run, int(_wait_for(marker, within=60)), out


def test_sigterm_stops_the_run_like_ctrl_c_and_ends_its_workers(tmp_path: Path) -> None:
    run, worker, out = _slow_run(tmp_path)
    run.send_signal(signal.SIGTERM)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 128 + signal.SIGTERM
    assert err.strip().splitlines() == [
        "error: stopped (SIGTERM); outputs not yet complete were dropped, earlier ones kept"
    ]
    assert list(out.parent.iterdir()) == []  # no output, no parts left beside it
    assert _gone(worker, within=10)


def test_the_workers_of_a_command_killed_outright_end(tmp_path: Path) -> None:
    run, worker, _ = _slow_run(tmp_path)
    run.kill()
    run.communicate(timeout=60)
    assert _gone(worker, within=10)


def test_the_workers_of_a_command_killed_as_it_starts_them_end() -> None:
    # killed before a worker has finished starting: the worker, asking for its parent only then,
    # was given the process that adopted it and waited for it forever (alive 15 s on); the command
    # now tells each worker who it is
    command = (
        "import time\n"
        "from claims.extraction.workers import _pool\n"
        "with _pool(1) as pool:\n"
        "    pool.submit(time.sleep, 30)\n"
        "    print(' '.join(str(pid) for pid in pool._processes), flush=True)\n"
        "    time.sleep(60)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.Popen([sys.executable, "-c", command], env=env, stdout=subprocess.PIPE, text=True)
    assert run.stdout is not None
    workers = [int(pid) for pid in run.stdout.readline().split()]
    run.kill()  # at once: the worker is still importing
    run.wait(timeout=10)
    try:
        assert workers and all(_gone(worker, within=10) for worker in workers)
    finally:
        for worker in workers:
            with contextlib.suppress(OSError):
                os.kill(worker, signal.SIGKILL)


def test_a_worker_ends_when_its_command_is_killed(tmp_path: Path) -> None:
    # a command killed outright (SIGKILL) cannot end its workers: each worker watches for that
    child = (  # told its parent's pid, as a pool's worker is (`_warm`)
        "import sys, threading, time\n"
        "from claims.extraction.workers import _watch_parent\n"
        "threading.Thread(target=_watch_parent, args=(int(sys.argv[1]), 0.05), daemon=True).start()\n"
        "time.sleep(60)\n"
    )
    parent = (
        "import os, subprocess, sys, time\n"
        f"child = subprocess.Popen([sys.executable, '-c', {child!r}, str(os.getpid())])\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = subprocess.Popen([sys.executable, "-c", parent], env=env, stdout=subprocess.PIPE, text=True)
    assert command.stdout is not None
    worker = int(command.stdout.readline())
    time.sleep(1)
    assert not _gone(worker, within=0.5)  # alive while its parent is
    command.kill()
    command.wait(timeout=10)
    assert _gone(worker, within=10)


def test_a_pool_stopped_at_once_leaves_no_pipe_for_the_exit_to_trip_on() -> None:
    # The pool's manager thread closes its wake-up pipe once it sees the workers gone; the
    # interpreter's exit writes to that pipe. Stopped and left, the thread could close it during the
    # exit's write: a Ctrl-C then printed a traceback (Errno 9) in about one run of three.
    import concurrent.futures.process as futures

    from claims.extraction.workers import _pool

    try:
        with _pool(1) as pool:
            manager = None
            pool.submit(time.sleep, 30)
            manager = pool._executor_manager_thread
            raise KeyboardInterrupt
    except KeyboardInterrupt:
        pass
    assert manager is not None and not manager.is_alive()
    assert all(wakeup._closed for thread, wakeup in futures._threads_wakeups.items() if thread is manager)
