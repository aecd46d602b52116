"""Time quantity scanning on the seed corpus against Microsoft Recognizers-Text, in one run.

    python benchmarks/bench_quantities.py [SEEDS_DIR] [--peer-kb N] [--repeat N]

Each contender is one function taking the documents and returning a `Timing`; `CONTENDERS` lists
them in print order, so another line (e.g. full claim extraction) is one more function. Throughput
is UTF-8 kilobytes of input per CPU second of this process (`time.process_time`: one thread,
so other work on a shared machine does not count against either contender), loading
excluded. Recognizers-Text (`pip install ms-recognizers-text-suite`, the `bench` extra) runs its
Chinese number, percentage, currency and dimension models over the same text, one line at a time
(how it is meant to be called; whole 200 KB documents are slower still). `--peer-kb` limits the
peer to the first N KB of the corpus when a full run would take too long; the figure printed says
how much it read.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.quantities.find import find_quantities, load_quantity_resources  # noqa: E402

SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"


@dataclass(frozen=True, slots=True)
class Timing:
    name: str
    kilobytes: float  # input read
    seconds: float
    found: int  # results reported
    note: str = ""

    @property
    def kb_per_s(self) -> float:
        return self.kilobytes / self.seconds if self.seconds else float("inf")


def _kb(texts: list[str]) -> float:
    return sum(len(text.encode("utf-8")) for text in texts) / 1000


def claims_cold(texts: list[str], args: argparse.Namespace) -> Timing:
    """find_quantities on each document, first pass after loading (every figure parsed anew).

    The machine may be shared, so each pass starts from freshly loaded resources and the fastest
    of `--repeat` passes is reported.
    """
    find_quantities("约 5 亿欧元，提升 3 倍", resources=load_quantity_resources())  # interpreter warm-up only
    best = float("inf")
    found = 0
    for _ in range(args.repeat):
        resources = load_quantity_resources()  # fresh: no parse or figure cached yet
        start = time.process_time()
        found = sum(len(find_quantities(text, resources=resources)) for text in texts)
        best = min(best, time.process_time() - start)
    name = f"claims quantities (first pass, best of {args.repeat})"
    return Timing(name, _kb(texts), best, found)


def claims_warm(texts: list[str], args: argparse.Namespace) -> Timing:
    """find_quantities again with the same resources: repeated figures come from the parse memo."""
    resources = load_quantity_resources()
    for text in texts:
        find_quantities(text, resources=resources)
    best = float("inf")
    found = 0
    for _ in range(args.repeat):
        start = time.process_time()
        found = sum(len(find_quantities(text, resources=resources)) for text in texts)
        best = min(best, time.process_time() - start)
    return Timing(f"claims quantities (warm, best of {args.repeat})", _kb(texts), best, found)


def recognizers_text(texts: list[str], args: argparse.Namespace) -> Timing:
    """Recognizers-Text Chinese number, percentage, currency and dimension models, line by line."""
    try:
        from ms_recognizers_number import Culture, NumberRecognizer
        from ms_recognizers_number_with_unit import NumberWithUnitRecognizer
    except ImportError:
        return Timing("Recognizers-Text", 0, 0, 0, "not installed: pip install ms-recognizers-text-suite")
    numbers = NumberRecognizer(Culture.Chinese)
    units = NumberWithUnitRecognizer(Culture.Chinese)
    models = [
        numbers.get_number_model(),
        numbers.get_percentage_model(),
        units.get_currency_model(),
        units.get_dimension_model(),
    ]
    lines = [line for text in texts for line in text.splitlines() if line.strip()]
    budget = args.peer_kb * 1000 if args.peer_kb else None
    chosen, size = [], 0
    for line in lines:
        if budget is not None and size >= budget:
            break
        chosen.append(line)
        size += len(line.encode("utf-8"))
    start = time.process_time()
    found = sum(len(model.parse(line)) for line in chosen for model in models)
    seconds = time.process_time() - start
    note = "" if len(chosen) == len(lines) else f"first {len(chosen)} of {len(lines)} lines"
    return Timing("Recognizers-Text (4 Chinese models)", size / 1000, seconds, found, note)


CONTENDERS: list[Callable[[list[str], argparse.Namespace], Timing]] = [
    claims_cold,
    claims_warm,
    recognizers_text,
]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds", nargs="?", type=Path, default=SEEDS)
    parser.add_argument("--peer-kb", type=float, default=None, help="limit the peer to the first N KB")
    parser.add_argument("--repeat", type=int, default=5, help="warm passes; the best is reported")
    args = parser.parse_args(argv)
    files = sorted(args.seeds.glob("*.txt")) + sorted(args.seeds.glob("*.md"))
    if not files:
        print(f"no .txt or .md files in {args.seeds}")
        return
    texts = [path.read_text(encoding="utf-8") for path in files]
    print(f"corpus: {len(texts)} files, {_kb(texts):.1f} KB (UTF-8)")
    timings = [contender(texts, args) for contender in CONTENDERS]
    for timing in timings:
        if not timing.seconds:
            print(f"{timing.name:42} skipped ({timing.note})")
            continue
        extra = f"  [{timing.note}]" if timing.note else ""
        print(
            f"{timing.name:42} {timing.kb_per_s:10.1f} KB/s  {timing.seconds:8.3f} s  "
            f"{timing.kilobytes:8.1f} KB  {timing.found:6d} found{extra}"
        )
    peer = next((t for t in timings if t.name.startswith("Recognizers") and t.seconds), None)
    if peer is not None:
        for timing in timings:
            if timing.name.startswith("claims"):
                print(f"ratio {timing.name} / peer: {timing.kb_per_s / peer.kb_per_s:.0f}x")


if __name__ == "__main__":
    main()
