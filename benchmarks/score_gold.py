"""Score `claims extract` against the hand-annotated dev gold (tests/gold/dev_gold.toml).

A claim matches a gold record when both sit in the same file, their spans overlap, the units are
equal and the values agree (relative difference under 1e-6). Each gold record matches at most one
claim. Per kind, recall counts gold records matched by a claim of the same kind, precision counts
claims (inside the annotated line ranges) that match a gold record of their kind. Subject accuracy
is over all matched pairs: the claim's subject_key is the gold subject or one of its `also` names.

    python benchmarks/score_gold.py [SEEDS_DIR] [--gold FILE] [--misses]
"""

from __future__ import annotations

import argparse
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold" / "dev_gold.toml"
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
MAIN_KINDS = ("score", "parameter_count", "speedup", "change", "price")


@dataclass(frozen=True, slots=True)
class GoldClaim:
    """One gold record with its character span in the file."""

    file: str
    line: int
    start: int
    end: int
    text: str
    kind: str
    value: float
    unit: str
    subjects: tuple[str, ...]
    modality: str


def line_starts(text: str) -> list[int]:
    """Offsets where each line begins (line n starts at result[n - 1])."""
    starts = [0]
    starts += [i + 1 for i, char in enumerate(text) if char == "\n"]
    return starts


def load_gold(seeds: Path, gold: Path = GOLD) -> tuple[list[GoldClaim], dict[str, list[tuple[int, int]]]]:
    """The gold records with spans, and the annotated character ranges per file."""
    data = tomllib.loads(gold.read_text(encoding="utf-8"))
    texts: dict[str, str] = {}
    records = []
    for item in data["claims"]:
        text = texts.setdefault(item["file"], (seeds / item["file"]).read_text(encoding="utf-8"))
        starts = line_starts(text)
        line_text = text[starts[item["line"] - 1] :].split("\n", 1)[0]
        at = -1
        for _ in range(item.get("nth", 1)):
            at = line_text.index(item["text"], at + 1)
        start = starts[item["line"] - 1] + at
        records.append(
            GoldClaim(
                item["file"], item["line"], start, start + len(item["text"]), item["text"], item["kind"],
                float(item["value"]), item["unit"], (item["subject"], *item.get("also", ())),
                item.get("modality", "asserted"),
            )
        )  # fmt: skip
    scope = {}
    for name, ranges in data["scope"].items():
        starts = line_starts(texts.get(name) or (seeds / name).read_text(encoding="utf-8"))
        starts.append(10**12)
        scope[name] = [(starts[a - 1], starts[b]) for a, b in ranges]
    return records, scope


def _agree(claim: dict, gold: GoldClaim) -> bool:
    if claim["unit"] != gold.unit:
        return False
    value = claim["value"]
    return abs(value - gold.value) <= 1e-6 * max(1.0, abs(gold.value))


def score(seeds: Path = SEEDS, gold_path: Path = GOLD) -> dict:
    """Per-kind precision/recall, subject accuracy and extraction speed on the gold files."""
    from claims import extract_corpus
    from claims.lexicon import default_lexicon

    lexicon = default_lexicon()
    gold, scope = load_gold(seeds, gold_path)
    files = sorted(scope)
    began = time.perf_counter()
    frame = extract_corpus([seeds / name for name in files])
    seconds = time.perf_counter() - began
    size = sum(len((seeds / name).read_text(encoding="utf-8").encode()) for name in files)
    claims = [
        row
        for row in frame.iter_rows(named=True)
        if row["doc_id"] in scope and any(a <= row["start"] < b for a, b in scope[row["doc_id"]])
    ]
    pairs: list[tuple[GoldClaim, dict]] = []
    used: set[str] = set()
    for record in gold:
        for claim in claims:
            if claim["claim_id"] in used or claim["doc_id"] != record.file:
                continue
            if claim["start"] < record.end and record.start < claim["end"] and _agree(claim, record):
                pairs.append((record, claim))
                used.add(claim["claim_id"])
                break
    kinds = sorted({g.kind for g in gold} | {c["kind"] for c in claims})
    table = {}
    for kind in kinds:
        n_gold = sum(g.kind == kind for g in gold)
        n_claims = sum(c["kind"] == kind for c in claims)
        hits = sum(g.kind == kind and c["kind"] == kind for g, c in pairs)
        table[kind] = {
            "gold": n_gold,
            "extracted": n_claims,
            "correct": hits,
            "precision": hits / n_claims if n_claims else None,
            "recall": hits / n_gold if n_gold else None,
        }
    right = 0
    for record, claim in pairs:
        wanted = {lexicon.canonical(s).casefold() for s in record.subjects}  # type: ignore[union-attr]
        if claim["subject_key"] and claim["subject_key"].casefold() in wanted:
            right += 1
    modality = sum(g.modality == c["modality"] for g, c in pairs)
    main_gold = [g for g in gold if g.kind in MAIN_KINDS]
    main_hits = sum(g.kind == c["kind"] and g.kind in MAIN_KINDS for g, c in pairs)
    main_claims = sum(c["kind"] in MAIN_KINDS for c in claims)
    return {
        "kinds": table,
        "main": {
            "precision": main_hits / main_claims if main_claims else None,
            "recall": main_hits / len(main_gold) if main_gold else None,
        },
        "matched": len(pairs),
        "gold": len(gold),
        "subject_accuracy": right / len(pairs) if pairs else None,
        "modality_accuracy": modality / len(pairs) if pairs else None,
        "seconds": seconds,
        "bytes": size,
        "misses": [g for g in gold if not any(g is p[0] for p in pairs)],
        "extra": [c for c in claims if c["claim_id"] not in used],
        "pairs": pairs,
    }


def _fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:5.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seeds", nargs="?", type=Path, default=SEEDS)
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--misses", action="store_true", help="list missed gold and extra claims")
    args = parser.parse_args(argv)
    if not args.seeds.is_dir():
        print(f"error: {args.seeds}: no seeds folder", file=sys.stderr)
        return 2
    result = score(args.seeds, args.gold)
    print(f"{'kind':16} {'gold':>5} {'found':>5} {'right':>5} {'P':>5} {'R':>5}")
    for kind, row in result["kinds"].items():
        print(
            f"{kind:16} {row['gold']:5} {row['extracted']:5} {row['correct']:5} "
            f"{_fmt(row['precision'])} {_fmt(row['recall'])}"
        )
    main_row = result["main"]
    print(f"{'five main kinds':16} {'':17} {_fmt(main_row['precision'])} {_fmt(main_row['recall'])}")
    print(
        f"matched {result['matched']}/{result['gold']} gold claims (any kind); "
        f"subject right on {_fmt(result['subject_accuracy']).strip()} of them, "
        f"modality on {_fmt(result['modality_accuracy']).strip()}"
    )
    rate = result["bytes"] / result["seconds"] / 1e6
    size = result["bytes"] / 1e3
    print(f"extraction: {size:.0f} kB in {result['seconds']:.2f} s ({rate:.2f} MB/s, incl. loading)")
    if args.misses:
        for g in result["misses"]:
            print(f"MISS  {g.file[:3]}:{g.line} {g.text!r} {g.kind} {g.value:g} {g.unit!r}")
        for c in result["extra"]:
            where = f"{c['doc_id'][:3]}@{c['start']}"
            print(f"EXTRA {where} {c['quote']!r} {c['kind']} {c['value']:g} {c['unit']!r} {c['rule_id']}")
        for g, c in result["pairs"]:
            if g.kind != c["kind"]:
                print(
                    f"KIND  {g.file[:3]}:{g.line} {g.text!r} gold {g.kind} got {c['kind']} ({c['rule_id']})"
                )
        lexicon_subjects = result["pairs"]
        from claims.lexicon import default_lexicon

        lexicon = default_lexicon()
        for g, c in lexicon_subjects:
            wanted = {lexicon.canonical(s).casefold() for s in g.subjects}  # type: ignore[union-attr]
            if not c["subject_key"] or c["subject_key"].casefold() not in wanted:
                print(
                    f"SUBJ  {g.file[:3]}:{g.line} {g.text!r} gold {g.subjects[0]!r} got {c['subject_key']!r}"
                )
            if g.modality != c["modality"]:
                print(f"MODAL {g.file[:3]}:{g.line} {g.text!r} gold {g.modality} got {c['modality']}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
