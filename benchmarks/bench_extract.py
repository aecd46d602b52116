"""Time the whole claim extraction beside the quantity scanner and Recognizers-Text, in one run.

    python benchmarks/bench_extract.py [SEEDS_DIR] [--peer-kb N] [--repeat N]

Adds one contender to `bench_quantities.py` (same options, same CPU-time measure): the full
extraction of each document — quantities, rules, subjects, claims — as `claims extract` runs it,
with the lexicons, rules and grammar loaded once beforehand.
"""

from __future__ import annotations

import argparse
import time

import bench_quantities as bench

from claims.extraction.extract import default_extract_resources, extract_document
from claims.model import Document


def claims_extraction(texts: list[str], args: argparse.Namespace) -> bench.Timing:
    """extract_document on each text (quantities + rules + claims table rows), best of --repeat."""
    resources = default_extract_resources()
    documents = [Document(f"doc{i}", f"doc{i}", text) for i, text in enumerate(texts)]
    extract_document(Document("warm", "warm", "RTX 5090 售价 1999 美元。"), resources)
    best = float("inf")
    found = 0
    for _ in range(args.repeat):
        start = time.process_time()
        found = sum(len(extract_document(doc, resources)) for doc in documents)
        best = min(best, time.process_time() - start)
    return bench.Timing(f"claims extraction (best of {args.repeat})", bench._kb(texts), best, found)


if __name__ == "__main__":
    bench.CONTENDERS.insert(2, claims_extraction)
    bench.main()
