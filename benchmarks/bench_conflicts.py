"""`claims conflicts --possible` on a large claims table: does conflict finding scale?

    python benchmarks/bench_conflicts.py [--megabytes 80] [--claims TABLE] [--times 1] [--keep DIR]
                                         [--repeat 1]

Builds the table as `bench_memory.py` builds its corpora (the Juya dailies and the English news
copied under new names until `--megabytes` is reached: every article repeated, as a year of news
repeats its stories), extracts it with `claims extract -o claims.parquet` (or takes `--claims`),
and takes that table `--times` over (each copy's claim, document and segment ids and its links its
own: a corpus that many times larger, its stories told that many times more). Then it runs
`claims conflicts TABLE --possible -o conflicts.parquet` as a user does, in a fresh process,
`--repeat` times, and prints the claims, the conflict rows and the medians of wall and CPU seconds
(CPU of the command; the machine may be shared, so both are shown) and the command's peak resident
memory (one more run). Nothing is written inside the checkout unless `--keep` says where.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_memory import CORPORA, SOURCES, generate, news_files

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = (sys.executable, "-m", "claims", "-q")


def timed(command: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one command run in a fresh process."""
    before, start = os.times(), time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT)
    wall, after = time.perf_counter() - start, os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu


# A process of its own whose one child is the command: the peak it reports is that command's alone
# (this process's own children's peak would be the largest of all it ran, the extraction's too).
_PEAK = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def peak_mib(command: list[str]) -> float:
    """The peak resident memory of one run of `command`, in MiB (Linux reports KiB)."""
    done = subprocess.run([sys.executable, "-c", _PEAK, *command], check=True, cwd=ROOT, capture_output=True)
    return int(done.stdout.split()[-1]) / 1024


def repeated(table: Path, times: int, out: Path) -> Path:
    """`table` `times` over in `out`, each copy's ids its own (`v3/` before them) and its links too."""
    import polars as pl

    claims = pl.read_parquet(table)
    ids = ("claim_id", "doc_id", "segment_id")
    copies = [
        claims.with_columns(
            *[(pl.lit(f"v{n}/") + pl.col(name)).alias(name) for name in ids],
            source_url=pl.col("source_url") + f"?v={n}",
        )
        for n in range(times)
    ]
    pl.concat(copies).write_parquet(out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=80, help="size of the generated corpus")
    parser.add_argument("--claims", type=Path, help="a claims table to use instead of generating one")
    parser.add_argument("--times", type=int, default=1, help="the table this many times over, ids renamed")
    parser.add_argument("--keep", type=Path, help="folder to keep the corpus and tables in")
    parser.add_argument("--repeat", type=int, default=1, help="runs of `claims conflicts`; medians shown")
    args = parser.parse_args()
    import polars as pl

    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        table = args.claims
        if table is None:
            corpus = folder / "corpus"
            megabytes = generate(corpus, args.megabytes, news_files([CORPORA / s for s in SOURCES]))
            table = folder / "claims.parquet"
            wall, cpu = timed([*CLAIMS, "extract", str(corpus), "-o", str(table), "-j", "1"])
            print(f"claims extract: {megabytes:.1f} MB in {wall:.1f} s wall, {cpu:.1f} s CPU")
        if args.times > 1:
            table = repeated(table, args.times, folder / f"claims-x{args.times}.parquet")
        rows = pl.scan_parquet(table).select(pl.len()).collect().item()
        out = folder / "conflicts.parquet"
        command = [*CLAIMS, "conflicts", str(table), "--possible", "-o", str(out)]
        runs = [timed(command) for _ in range(args.repeat)]
        found = pl.scan_parquet(out).select(pl.len()).collect().item()
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        print(f"claims conflicts --possible: {rows} claims -> {found} rows")
        peak = peak_mib(command)
        print(f"  {wall:.1f} s wall, {cpu:.1f} s CPU (median of {args.repeat}), peak {peak:.0f} MiB")


if __name__ == "__main__":
    main()
