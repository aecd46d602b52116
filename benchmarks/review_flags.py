"""Print every conflict flag of a `claims run` output for review by hand, one block per flag.

Each block shows the group's status, severity, key and every claim with its quote, sentence and
source, so a reviewer can judge whether the flag is real. Flags that touch an item of a blind round
not yet scored (`--hide-round N`) are counted but not shown, so reviewing them does not read that
round's text early.

    python benchmarks/review_flags.py OUT_DIR [--hide-round 3] [--corpus ../shared/corpus]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent


def hidden_spans(rounds: list[int], corpus: Path) -> dict[str, list[tuple[int, int]]]:
    """Per file name, the line ranges of the blind items of `rounds`."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from blind_sample import SIZES, draw, eligible

    spans: dict[str, list[tuple[int, int]]] = {}
    for lang in SIZES:
        pool = eligible(corpus, lang)
        for round_ in rounds:
            for item in draw(pool, round_, lang):
                spans.setdefault(Path(item.file).name, []).append((item.first, item.last))
    return spans


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--hide-round", type=int, action="append", default=[])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = parser.parse_args()
    claims = pl.read_parquet(args.out / "claims.parquet")
    conflicts = pl.read_parquet(args.out / "conflicts.parquet")
    hide = hidden_spans(args.hide_round, args.corpus) if args.hide_round else {}
    texts: dict[str, str] = {}
    shown = skipped = 0
    by_id = {row["claim_id"]: row for row in claims.iter_rows(named=True)}
    for n, flag in enumerate(conflicts.iter_rows(named=True), start=1):
        members = [by_id[c] for c in flag["claim_ids"] if c in by_id]
        lines = []
        hidden = False
        for m in members:
            doc = m["doc_id"]
            if doc not in texts:
                found = next(iter(args.corpus.rglob(Path(doc).name)), None)
                texts[doc] = found.read_text(encoding="utf-8") if found else ""
            line = texts[doc].count("\n", 0, m["start"]) + 1
            if any(a <= line <= b for a, b in hide.get(Path(doc).name, [])):
                hidden = True
            lines.append((doc, line, m))
        if hidden:
            skipped += 1
            continue
        shown += 1
        print(f"## {n}. {flag['conflict_id']} {flag['status']} sev {flag['severity']:.2f}")
        print(f"   key: {flag['subject_key']} | {flag['attribute_key']} | {flag['object']} | {flag['unit']}")
        print(f"   {flag['explanation']}")
        for doc, line, m in lines:
            print(f"   - {doc}:{line} [{m['quote']}] subj={m['subject_key']} attr={m['attribute_key']}")
            print(f"     {m['sentence'][:220]}")
    print(f"\n{shown} flags shown, {skipped} hidden (unscored blind items)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
