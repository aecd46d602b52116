"""Time `claims extract` as a user runs it with 1, 2, … worker processes, and check the outputs agree.

    python benchmarks/bench_jobs.py [CORPUS ...] [--jobs 1,2] [--repeat 2]

Each run is the whole command in a fresh process (start-up, reading, extraction, writing Parquet).
Prints wall seconds, CPU seconds of the command and its workers, the main process's peak memory,
throughput in MB of input per wall second, the speed-up over one process, and whether the claims
table equals the one-process table.
Default corpus: ../shared/corpus/juya-ai-daily (2.3 MB), else the bundled sample.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import polars as pl  # noqa: E402

from claims.resources import sample_corpus_dir  # noqa: E402

DAILIES = ROOT.parent / "shared" / "corpus" / "juya-ai-daily"


def size_mb(paths: list[Path]) -> float:
    files = [p for path in paths for p in ([path] if path.is_file() else path.rglob("*")) if p.is_file()]
    return sum(p.stat().st_size for p in files) / 1e6


# Runs the command in-process and reports its peak resident memory (of the main process; each
# worker holds one chunk of documents and the loaded lexicons) on its last stderr line.
RUNNER = (
    "import resource, sys\n"
    "from claims.cli import main\n"
    "try:\n    main()\nexcept SystemExit as done:\n    code = done.code\nelse:\n    code = 0\n"
    "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def one_run(paths: list[Path], jobs: int, out: Path) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds of the command and its workers, peak MB of the main process)."""
    args = ["extract", *map(str, paths), "-o", str(out), "-j", str(jobs), "-q"]
    before, start = os.times(), time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, *args], check=True, cwd=ROOT, capture_output=True, text=True
    )
    wall, after = time.perf_counter() - start, os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu, int(done.stderr.strip().splitlines()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="*", type=Path)
    parser.add_argument("--jobs", default=f"1,{len(os.sched_getaffinity(0))}")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    paths = args.corpus or [DAILIES if DAILIES.is_dir() else sample_corpus_dir()]
    megabytes = size_mb(paths)
    print(f"corpus {', '.join(map(str, paths))}: {megabytes:.2f} MB; best of {args.repeat}")
    with tempfile.TemporaryDirectory() as folder:
        first: pl.DataFrame | None = None
        base = None
        for jobs in [int(j) for j in args.jobs.split(",")]:
            out = Path(folder) / f"claims-{jobs}.parquet"
            wall, cpu, peak = min(one_run(paths, jobs, out) for _ in range(args.repeat))
            table = pl.read_parquet(out)
            first = table if first is None else first
            base = base or wall
            print(
                f"--jobs {jobs}: {wall:6.2f} s wall, {cpu:6.2f} s cpu, {peak:4.0f} MB peak, "
                f"{megabytes / wall:5.2f} MB/s, "
                f"{base / wall:4.2f}x; {table.height} claims, same as one process: {table.equals(first)}"
            )


if __name__ == "__main__":
    main()
