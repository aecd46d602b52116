"""Precision of the conflict flags on the reviewed corpora, from the verdicts in tests/reviews/.

For each corpus under ../shared/corpus that has a reviews file, extract, find conflicts, and match
every flag shown to a reviewed group (same conflict id, or two claims in common). Precision is
the flags judged real (`REAL`: confirmed or resolved) over all flags shown; a flag no review covers
is counted apart, since it has not been read. With --possible, the `possible` tier too (groups that
share a key but no identity rule ties; hidden by default), against tests/reviews/possible/.

    python benchmarks/flag_precision.py [--corpus ../shared/corpus] [--possible]
"""

from __future__ import annotations

import argparse
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REVIEWS = ROOT / "tests" / "reviews"
# Which verdicts make a flag real and which false; `needs_more` is counted with the unread.
REAL = ("confirmed", "resolved")
FALSE = ("not_a_conflict", "not_same_fact")


def verdict_of(group: set[str], conflict_id: str, reviews: list[dict]) -> str | None:
    for review in reviews:
        if review["conflict_id"] == conflict_id or len(set(review.get("claim_ids", [])) & group) >= 2:
            return review["verdict"]
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--possible", action="store_true", help="also the possible tier, counted apart")
    args = parser.parse_args()
    import polars as pl

    from claims import extract_corpus, find_conflicts

    head = ("corpus", "tier", "shown", "real", "false", "unread", "precision")
    print("{:15} {:8} {:>5} {:>5} {:>5} {:>6} {:>9}  seconds".format(*head))
    for path in sorted(REVIEWS.glob("*.toml")):
        folder = args.corpus / path.stem
        if not folder.is_dir():
            continue
        began = time.perf_counter()
        found = find_conflicts(extract_corpus([folder]), possible=args.possible)
        seconds = time.perf_counter() - began
        for tier, verdicts in (("flag", path), ("possible", REVIEWS / "possible" / path.name)):
            if tier == "possible" and not args.possible:
                continue
            text = verdicts.read_text(encoding="utf-8") if verdicts.exists() else ""
            reviews = tomllib.loads(text).get("review", [])
            shown = found.filter(pl.col("tier") == tier)
            counts = {"real": 0, "false": 0, None: 0}
            for row in shown.iter_rows(named=True):
                verdict = verdict_of(set(row["claim_ids"]), row["conflict_id"], reviews)
                counts["real" if verdict in REAL else "false" if verdict in FALSE else None] += 1
            precision = f"{counts['real'] / shown.height:.2f}" if shown.height else "-"
            print(
                f"{path.stem:15} {tier:8} {shown.height:5} {counts['real']:5} "
                f"{counts['false']:5} {counts[None]:6} {precision:>9}  {seconds:.1f}"
            )
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
