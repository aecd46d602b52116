"""Time extraction on adversarial inputs at growing sizes: the time must grow in proportion to the size.

    python benchmarks/bench_adversarial.py [--sizes 20,80,320] [--big-mb 50]

Each shape is a short unit repeated to each size (kilobytes of UTF-8); for every size the script
prints CPU and wall seconds for the quantity scan and for full extraction, and the ratio of each
step's time to the previous one against the ratio of sizes (4 when sizes grow fourfold: linear
time gives a time ratio near 4, quadratic near 16). `--big-mb` adds one news-like document of that
many megabytes written on a single line, and the whole `claims extract` job on it as a user runs it.
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

from claims.extraction.extract import extract_document  # noqa: E402
from claims.model import Document  # noqa: E402
from claims.quantities.find import find_quantities  # noqa: E402

# The shapes that were once quadratic, and their kin.
SHAPES = {
    "dash run": "1-",
    "comma run": "1,",
    "percent list in one sentence": "10%, ",
    "Chinese list in one sentence": "提升 12%、",
    "open brackets": "(1 ",
    "number words": "three of ten ",
    "a line of headings": "# 1 ",
}
NEWS_LINE = (
    "OpenAI 以 64 亿美元收购 io；GPT-5 在 MMLU 上得分 90.2%，比 GPT-4o 高 3.1 个百分点，推理速度提升 2 倍。 "
    "Meta released Llama 3.1 405B, scoring 88.6% on MMLU at $3 per million tokens. "
)


def timed(function, *args) -> tuple[float, float, object]:
    cpu, wall = time.process_time(), time.perf_counter()
    result = function(*args)
    return time.process_time() - cpu, time.perf_counter() - wall, result


def shape_rows(sizes_kb: list[int]) -> None:
    print(f"{'shape':32} {'kB':>6} {'scan cpu':>9} {'extract cpu':>12} {'wall':>7} {'ratio':>6}")
    for name, unit in SHAPES.items():
        previous = None
        for size in sizes_kb:
            text = unit * max(1, size * 1000 // len(unit.encode()))
            scan_cpu, _, _ = timed(find_quantities, text)
            cpu, wall, _ = timed(extract_document, Document("a.md", "a.md", text))
            ratio = f"{cpu / previous:6.1f}" if previous else "     -"
            print(f"{name:32} {size:6} {scan_cpu:9.2f} {cpu:12.2f} {wall:7.2f} {ratio}")
            previous = max(cpu, 1e-3)


def big_line(megabytes: int) -> None:
    repeats = megabytes * 1_000_000 // len(NEWS_LINE.encode())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "one-line.txt"
        path.write_text(NEWS_LINE * repeats, encoding="utf-8")
        size = path.stat().st_size / 1e6
        command = [
            sys.executable,
            "-m",
            "claims",
            "extract",
            str(path),
            "-o",
            str(Path(folder) / "c.parquet"),
        ]
        start = time.perf_counter()
        before = os.times()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        after = os.times()
        wall = time.perf_counter() - start
        cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
        print(
            f"\none line of {size:.1f} MB, `claims extract`: exit {done.returncode}, {cpu:.1f} s cpu, "
            f"{wall:.1f} s wall ({size / wall:.2f} MB/s); {done.stdout.strip() or done.stderr.strip()}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,80,320", help="kilobytes, comma-separated")
    parser.add_argument("--big-mb", type=int, default=50, help="size of the one-line document (0: skip)")
    args = parser.parse_args()
    extract_document(Document("w", "w", "GPT-5 scored 90% on MMLU."))  # load resources outside timing
    shape_rows([int(s) for s in args.sizes.split(",")])
    if args.big_mb:
        big_line(args.big_mb)


if __name__ == "__main__":
    main()
