"""Precision of the conflict flags on the reviewed corpora, from the verdicts in tests/reviews/.

For each corpus under ../shared/corpus that has a reviews file, extract, find conflicts, and match
every flag shown to a reviewed group (same conflict id, or two claims in common). Precision is
confirmed flags (real, or worth a fact-checker's look) over all flags shown; a flag no review covers
is counted apart, since it has not been read.

    python benchmarks/flag_precision.py [--corpus ../shared/corpus]
"""

from __future__ import annotations

import argparse
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REVIEWS = ROOT / "tests" / "reviews"


def verdict_of(group: set[str], conflict_id: str, reviews: list[dict]) -> str | None:
    for review in reviews:
        if review["conflict_id"] == conflict_id or len(set(review.get("claim_ids", [])) & group) >= 2:
            return review["verdict"]
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = parser.parse_args()
    from claims import extract_corpus, find_conflicts

    print(f"{'corpus':15} {'flags':>5} {'real':>5} {'false':>5} {'unread':>6} {'precision':>9}  seconds")
    for path in sorted(REVIEWS.glob("*.toml")):
        folder = args.corpus / path.stem
        if not folder.is_dir():
            continue
        reviews = tomllib.loads(path.read_text(encoding="utf-8"))["review"]
        began = time.perf_counter()
        found = find_conflicts(extract_corpus([folder]))
        seconds = time.perf_counter() - began
        counts = {"confirmed": 0, "not_a_conflict": 0, None: 0}
        for row in found.iter_rows(named=True):
            verdict = verdict_of(set(row["claim_ids"]), row["conflict_id"], reviews)
            counts[verdict if verdict in counts else None] += 1
        shown = found.height
        precision = f"{counts['confirmed'] / shown:.2f}" if shown else "-"
        print(
            f"{path.stem:15} {shown:5} {counts['confirmed']:5} {counts['not_a_conflict']:5} "
            f"{counts[None]:6} {precision:>9}  {seconds:.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
