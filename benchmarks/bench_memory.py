"""Peak memory of `claims extract` (or `claims run`) as the corpus grows: is it bounded by the
batch, not the corpus?

    python benchmarks/bench_memory.py [--sizes 10,20,40] [--jobs 1] [--command run]
                                      [--corpus DIR] [--keep DIR] [--one-file]
                                      [--jsonl [--compress gz|zst|...] [--stdin] [--paragraphs]]

Generates corpora of the given sizes in MB (`--sizes 1000` is the 1 GB case; nothing is written
inside the checkout) by copying the news files of the shared corpora (Juya dailies and English
news) under new names until the size is reached, runs `claims extract CORPUS -o claims.parquet`
(with `--command run`, `claims run CORPUS -o FOLDER`, whose later stages hold the claims table)
(with `--jsonl`, each corpus is one JSON Lines file, a document a line, as news datasets ship;
with `--compress gz` too, that file gzip-compressed, its size the text inside it; with `--stdin`,
that file piped in, `claims extract -`; with `--paragraphs`, a document a paragraph, not a file: a
dump of many short items, whose lines are many more for the same size; with `--one-file`, the
copies joined into one Markdown file, a document that must be held whole)
on each in a fresh process and prints wall and CPU seconds, the peak resident memory of the
command's largest process (with `--jobs N`, the largest of the main process and its workers) and
the growth of that peak per MB of input between the smallest and the largest corpus.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from claims.ingest.compression import COMPRESSIONS

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpus"
SOURCES = ("juya-ai-daily", "ml-news")


def news_files(folders: list[Path]) -> list[Path]:
    """The news files to copy from: Markdown and text, no licence or read-me."""
    return [
        path
        for folder in folders
        for path in sorted(folder.iterdir())
        if path.suffix in (".md", ".txt", ".jsonl") and path.stem not in ("README", "LICENSE")
    ]


def generate_one_file(target: Path, megabytes: float, sources: list[Path]) -> float:
    """One Markdown file `target`: the texts of `sources` one after another, round after round, until
    it holds `megabytes` (a year of a digest saved as one page); the MB written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with target.open("wb") as out:
        while written < megabytes * 1e6:
            for path in sources:
                data = path.read_bytes().rstrip(b"\n") + b"\n\n"
                out.write(data)
                written += len(data)
                if written >= megabytes * 1e6:
                    break
    return written / 1e6


def generate(target: Path, megabytes: float, sources: list[Path]) -> float:
    """Copies of `sources`, round after round, until `target` holds `megabytes`; the MB written."""
    target.mkdir(parents=True)
    written, round_ = 0, 0
    while written < megabytes * 1e6:
        for path in sources:
            copy = target / f"{round_:05d}-{path.name}"
            shutil.copyfile(path, copy)
            written += copy.stat().st_size
            if written >= megabytes * 1e6:
                break
        round_ += 1
    return written / 1e6


def generate_jsonl(target: Path, megabytes: float, sources: list[Path], paragraphs: bool = False) -> float:
    """One JSON Lines file `target`, a document per line, the texts of `sources` round after round
    until it holds `megabytes` (a news dump as datasets ship it), compressed as its name's last
    suffix says (`dump.jsonl.gz`); the MB of text written. With `paragraphs`, each paragraph of a
    source (text between blank lines) is a document of its own."""
    target.parent.mkdir(parents=True, exist_ok=True)
    texts = [(path.name, path.read_text(encoding="utf-8")) for path in sources]
    if paragraphs:
        texts = [
            (f"{name}-{n}", block)
            for name, text in texts
            for n, block in enumerate(text.split("\n\n"))
            if block.strip()
        ]
    written, round_ = 0, 0
    with _writer(target) as out:
        while written < megabytes * 1e6:
            for name, text in texts:
                line = json.dumps({"id": f"{round_:05d}-{name}", "text": text}, ensure_ascii=False) + "\n"
                out.write(line)
                written += len(line.encode("utf-8"))
                if written >= megabytes * 1e6:
                    break
            round_ += 1
    return written / 1e6


def _writer(target: Path) -> io.TextIOBase:
    """A text file to write at `target`, compressed as its name says (the modules claims reads with)."""
    compression = next((c for c in COMPRESSIONS if c.suffix == target.suffix), None)
    if compression is None:
        return target.open("w", encoding="utf-8")
    return importlib.import_module(compression.module).open(target, "wt", encoding="utf-8")


def measure(
    corpus: Path, out: Path, jobs: int, command: str = "extract", piped: bool = False
) -> tuple[float, float, float]:
    """(wall s, CPU s, peak MiB of the largest process) of one `claims extract` (or `run`) command;
    `piped`, the corpus (one file) given on standard input (`claims extract -`).

    Each run is a child of a fresh runner process, so RUSAGE_CHILDREN of the runner is this run's
    alone (it holds the largest peak among the command and its workers)."""
    runner = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], check=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    target = out if command == "extract" else out.with_suffix("")  # `run` writes a folder
    source = "-" if piped else str(corpus)
    command = [sys.executable, "-m", "claims", "-q", command, source, "-o", str(target), "-j", str(jobs)]
    before, start = os.times(), time.perf_counter()
    with corpus.open("rb") if piped else contextlib.nullcontext() as given:  # the runner's stdin, passed on
        done = subprocess.run(
            [sys.executable, "-c", runner, *command],
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
            stdin=given,
        )
    wall, after = time.perf_counter() - start, os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu, int(done.stdout.split()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,20,40", help="corpus sizes in MB, comma-separated")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--command", choices=("extract", "run"), default="extract", help="what to measure")
    parser.add_argument("--corpus", type=Path, action="append", help="folder to copy from (repeatable)")
    parser.add_argument("--keep", type=Path, help="generate here and keep the corpora (else a temp folder)")
    parser.add_argument("--jsonl", action="store_true", help="each corpus one JSON Lines file")
    suffixes = [c.suffix.lstrip(".") for c in COMPRESSIONS]
    parser.add_argument("--compress", choices=suffixes, help="with --jsonl: that file compressed so")
    parser.add_argument("--stdin", action="store_true", help="with --jsonl: the file piped in (`extract -`)")
    parser.add_argument("--paragraphs", action="store_true", help="with --jsonl: a document a paragraph")
    parser.add_argument("--one-file", action="store_true", help="each corpus one Markdown file")
    args = parser.parse_args()
    if args.stdin and not args.jsonl:
        sys.exit("--stdin pipes one JSON Lines file: give --jsonl too")
    if args.one_file and args.jsonl:
        sys.exit("--one-file makes one Markdown file, --jsonl one JSON Lines file: give one of them")
    if args.paragraphs and not args.jsonl:
        sys.exit("--paragraphs makes the lines of one JSON Lines file: give --jsonl too")
    sources = news_files(args.corpus or [CORPORA / name for name in SOURCES if (CORPORA / name).is_dir()])
    if not sources:
        sys.exit("no news files to copy: pass --corpus DIR")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="claims-memory-"))
    results = []
    try:
        for size in [float(s) for s in args.sizes.split(",")]:
            packed = f".{args.compress}" if args.compress else ""
            suffix = f".jsonl{packed}" if args.jsonl else ".md" if args.one_file else ""
            corpus = folder / f"corpus-{size:g}MB{suffix}"
            if corpus.exists() and not packed:
                files = list(corpus.iterdir()) if corpus.is_dir() else [corpus]
                megabytes = sum(p.stat().st_size for p in files) / 1e6
            elif args.one_file:
                megabytes = generate_one_file(corpus, size, sources)
            elif args.jsonl:
                megabytes = generate_jsonl(corpus, size, sources, args.paragraphs)
                if packed:
                    print(f"{corpus.name}: {corpus.stat().st_size / 1e6:.1f} MB compressed", flush=True)
            else:
                megabytes = generate(corpus, size, sources)
            wall, cpu, peak = measure(corpus, folder / "claims.parquet", args.jobs, args.command, args.stdin)
            results.append((megabytes, peak))
            print(
                f"{megabytes:8.1f} MB  {args.command} --jobs {args.jobs}: {wall:7.1f} s wall "
                f"{cpu:7.1f} s CPU  "
                f"{megabytes / cpu:5.2f} MB/s CPU  peak {peak:6.0f} MiB",
                flush=True,
            )
        if len(results) > 1:
            (small, low), (large, high) = results[0], results[-1]
            print(f"peak growth: {(high - low) / (large - small):.2f} MiB per MB of input")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
