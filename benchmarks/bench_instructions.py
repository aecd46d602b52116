"""Instructions one extraction takes, for this checkout and an earlier revision: a comparison that the
machine's load does not move.

    python benchmarks/bench_instructions.py [--base REV] [--corpora seeds,ml-news] [--repeat 1]

On a shared machine two timings of the same code differ by 10 to 30 %, more than most changes gain.
The count of machine instructions a process runs (valgrind's cachegrind, `I refs`) differs by a few
parts in a thousand from run to run, load or not, so it tells a change's effect on one core without
alternating dozens of runs. For each corpus (folders of `../shared/corpus/`) it counts one process that
imports the package, loads the shipped resources and extracts every document once, in this
checkout and in `REV` (default HEAD, exported into a temporary folder with `git archive`), and prints
both counts and their ratio. Waiting on I/O, other processes and more cores are not counted: the
wall-clock figures stay `bench_scale.py`'s. Needs `valgrind` on the PATH (about 40x slower than a
plain run: the English news takes about a minute); without it, says so and stops.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpus"

# What the counted process runs: the package found on the path it is given, every document read
# and extracted once.
RUNNER = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from claims.extraction.extract import extract_document
from claims.ingest.corpus import iter_documents
for found in iter_documents([Path(sys.argv[2])]):
    extract_document(found[0] if isinstance(found, tuple) else found)
"""
_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def exported(revision: str, folder: Path) -> Path:
    """The tree of `revision` written into `folder` (its `claims/` and `grammars/`, as checked in)."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision, "claims", "grammars"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def prepared(checkout: Path, runner: Path, folder: Path) -> None:
    """`checkout` made ready as an install is: its modules compiled to bytecode, and one plain run
    that leaves the cache folder holding its patterns and parsed grammars (a first run on a machine
    compiles them; that is start-up once per machine, no part of the count)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(checkout / "claims")], check=True)
    tiny = folder / "tiny"
    tiny.mkdir(exist_ok=True)
    (tiny / "one.md").write_text("Vela ships Orca 2; it scores 81.2% on MMLU.\n", encoding="utf-8")
    subprocess.run([sys.executable, str(runner), str(checkout), str(tiny)], check=True)


def instructions(checkout: Path, corpus: Path, runner: Path) -> int:
    """The instructions of one counted process reading `corpus` with the package of `checkout`."""
    done = subprocess.run(
        [
            "valgrind",
            "--tool=cachegrind",
            "--cache-sim=no",
            "--cachegrind-out-file=/dev/null",
            sys.executable,
            str(runner),
            str(checkout),
            str(corpus),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    found = _REFS.search(done.stderr)
    if found is None:
        raise SystemExit(f"valgrind printed no instruction count:\n{done.stderr[-2000:]}")
    return int(found[1].replace(",", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="HEAD", help="the revision to compare with (default HEAD)")
    parser.add_argument("--corpora", default="seeds,ml-news", help="folders of ../shared/corpus/")
    parser.add_argument("--repeat", type=int, default=1, help="counts per checkout (they differ little)")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed: the instruction counts need it (apt install valgrind)")
    with tempfile.TemporaryDirectory() as folder:
        base = exported(args.base, Path(folder) / "base")
        runner = Path(folder) / "runner.py"
        runner.write_text(RUNNER, encoding="utf-8")
        for checkout in (base, ROOT):
            prepared(checkout, runner, Path(folder))
        print(f"instructions of one process (imports, resources, each document once): {args.base} vs now")
        for name in args.corpora.split(","):
            corpus = CORPORA / name
            if not corpus.is_dir():
                print(f"{name}: {corpus} not found, skipped")
                continue
            before = min(instructions(base, corpus, runner) for _ in range(args.repeat))
            now = min(instructions(ROOT, corpus, runner) for _ in range(args.repeat))
            print(f"  {name}: {before / 1e9:7.3f} G -> {now / 1e9:7.3f} G  ({now / before - 1:+.1%})")


if __name__ == "__main__":
    main()
