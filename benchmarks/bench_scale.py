"""Whole-process `claims extract` on corpora ten times the shared ones, beside Recognizers-Text.

    python benchmarks/bench_scale.py [--copies 10] [--jobs 1,2] [--repeat 3] [--peer-kb 100]

Builds, in a temporary folder, the seeds ×10 and the English news ×10 (each file copied ten times
under new names, so every copy is a document of its own, as in a real pile of news), then runs the
command as a user does — the `claims` script in a fresh process: start-up, reading, extraction,
writing; the package's bytecode compiled first, as an install leaves it — with each `--jobs` value
in turn, `--repeat` rounds, and prints the medians of wall and CPU seconds (CPU of the
command and its workers; the machine may be shared, so both are shown), MB/s of input per wall
and per CPU second, the speed-up over one process, and whether each output is byte for byte the
one-process output. In each round, right after those runs, Recognizers-Text (the `bench` extra)
reads the first `--peer-kb` KB of each corpus with its number, percentage, currency and dimension
models (Chinese for the seeds, English for the English news), line by line, in CPU seconds of this
process; each round's ratio compares that with the round's one-process figure of `claims extract`
per CPU second, and the median of the rounds is shown with each round's.
"""

from __future__ import annotations

import argparse
import compileall
import filecmp
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpus"
# (name, folder, Recognizers-Text culture): the peer reads each corpus in its main language
SOURCES = (("seeds", "seeds", "Chinese"), ("English news", "ml-news", "English"))
TEXT_SUFFIXES = (".md", ".txt", ".jsonl")


def copies(source: Path, target: Path, count: int) -> float:
    """`count` copies of each text file of `source` in `target`; the MB written."""
    target.mkdir(parents=True)
    files = [p for p in sorted(source.iterdir()) if p.suffix in TEXT_SUFFIXES and p.name != "README.md"]
    for n in range(count):
        for path in files:
            shutil.copyfile(path, target / f"{path.stem}-{n:03d}{path.suffix}")
    return sum(p.stat().st_size for p in target.iterdir()) / 1e6


# The `claims` script beside this interpreter, as a user runs it (its workers start from it too);
# `python -m claims` where it is not installed.
_SCRIPT = Path(sys.executable).parent / "claims"
COMMAND = [str(_SCRIPT)] if _SCRIPT.is_file() else [sys.executable, "-m", "claims"]


def with_bytecode() -> str:
    """The package's modules compiled to bytecode beforehand, as an install by pip leaves them: a
    checkout run with PYTHONDONTWRITEBYTECODE set would otherwise compile every module in every
    process (about 0.15 s each, the workers' included), which no installed copy does."""
    import claims

    package = Path(claims.__file__).parent
    compileall.compile_dir(package, quiet=1)
    return f"bytecode of {package} compiled beforehand, as an install leaves it; running {' '.join(COMMAND)}"


def run_extract(corpus: Path, jobs: int, out: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one `claims extract` process and its workers."""
    command = [*COMMAND, "-q", "extract", str(corpus), "-o", str(out), "-j", str(jobs)]
    before, start = os.times(), time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT)
    wall, after = time.perf_counter() - start, os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu


def peer_rate(corpus: Path, culture: str, kilobytes: float) -> tuple[float, str]:
    """MB per CPU second of Recognizers-Text on the first `kilobytes` of the corpus, and a note."""
    try:
        from ms_recognizers_number import Culture, NumberRecognizer
        from ms_recognizers_number_with_unit import NumberWithUnitRecognizer
    except ImportError:
        return 0.0, "Recognizers-Text not installed: pip install -e '.[bench]'"
    language = getattr(Culture, culture)
    numbers, units = NumberRecognizer(language), NumberWithUnitRecognizer(language)
    models = [
        numbers.get_number_model(),
        numbers.get_percentage_model(),
        units.get_currency_model(),
        units.get_dimension_model(),
    ]
    chosen, size = [], 0
    for path in sorted(corpus.iterdir()):
        for line in path.read_text(encoding="utf-8").splitlines():
            if size >= kilobytes * 1000:
                break
            if line.strip():
                chosen.append(line)
                size += len(line.encode("utf-8"))
    start = time.process_time()
    found = sum(len(model.parse(line)) for line in chosen for model in models)
    seconds = time.process_time() - start
    return size / 1e6 / seconds, f"{size / 1000:.0f} KB, {found} found, {seconds:.1f} s CPU"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--repeat", type=int, default=3, help="runs per setting; medians are shown")
    parser.add_argument("--peer-kb", type=float, default=100, help="KB of each corpus the peer reads")
    args = parser.parse_args()
    jobs = [int(j) for j in args.jobs.split(",")]
    print(with_bytecode())
    with tempfile.TemporaryDirectory() as folder:
        for name, source, culture in SOURCES:
            if not (CORPORA / source).is_dir():
                print(f"{name}: {CORPORA / source} not found, skipped")
                continue
            corpus = Path(folder) / source
            megabytes = copies(CORPORA / source, corpus, args.copies)
            print(f"{name} x{args.copies}: {megabytes:.1f} MB, median of {args.repeat} runs")
            first: Path | None = None
            one: tuple[float, float] | None = None
            # the settings in turn, round after round: a machine that slows for a while slows each alike
            runs: dict[int, list[tuple[float, float]]] = {j: [] for j in jobs}
            peer: list[tuple[float, str]] = []  # the peer's rate in each round, right after ours
            for _ in range(args.repeat):
                for j in jobs:
                    runs[j].append(run_extract(corpus, j, Path(folder) / f"{source}-{j}.csv"))
                peer.append(peer_rate(corpus, culture, args.peer_kb))
            for j in jobs:
                out = Path(folder) / f"{source}-{j}.csv"
                wall = statistics.median(w for w, _ in runs[j])
                cpu = statistics.median(c for _, c in runs[j])
                first = first or out
                one = one or (wall, cpu)
                print(
                    f"  --jobs {j}: {wall:6.2f} s wall {cpu:6.2f} s CPU  "
                    f"{megabytes / wall:5.2f} MB/s wall {megabytes / cpu:5.2f} MB/s CPU  "
                    f"{one[0] / wall:4.2f}x  same bytes as --jobs {jobs[0]}: {filecmp.cmp(first, out, False)}"
                )
            report_peer(megabytes, runs[jobs[0]], peer, culture, jobs[0])


def report_peer(
    megabytes: float, ours: list[tuple[float, float]], peer: list[tuple[float, str]], culture: str, jobs: int
) -> None:
    """The peer's rate and the ratio per CPU second, round by round: each round's ratio sets our run
    against the peer's run right after it, so a machine that slows for a while between the two
    sets of runs does not move the ratio (the median of the rounds is shown, and their spread)."""
    rates = [rate for rate, _ in peer]
    if not all(rates):
        print(f"  {peer[0][1]}")
        return
    ratios = sorted((megabytes / cpu) / rate for (_, cpu), rate in zip(ours, rates, strict=True))
    print(f"  Recognizers-Text ({culture}): {statistics.median(rates):.4f} MB/s CPU, median ({peer[-1][1]})")
    print(
        f"  claims extract --jobs {jobs} / Recognizers-Text, per CPU s: {statistics.median(ratios):.0f}x "
        f"(rounds {', '.join(f'{r:.0f}x' for r in ratios)})"
    )


if __name__ == "__main__":
    main()
