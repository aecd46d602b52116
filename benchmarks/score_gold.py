"""Score `claims extract` against the hand-annotated dev gold (tests/gold/dev_gold.toml).

A claim matches a gold record when both sit in the same file, their spans overlap, the units are
equal and the values agree (relative difference under 1e-6). Each gold record matches at most one
claim. Per kind, recall counts gold records matched by a claim of the same kind, precision counts
claims (inside the annotated line ranges) that match a gold record of their kind. Subject accuracy
is over all matched pairs: the claim's subject_key is the gold subject or one of its `also` names.

    python benchmarks/score_gold.py [SEEDS_DIR] [--gold FILE] [--misses]
    python benchmarks/score_gold.py --blind N [--record first-look|tuned] [--misses]

`--blind N` scores round N of the blind evaluation (tests/gold/blind/roundN_{zh,en}.toml, files named
under ../shared/corpus), each language on its own; `--record` appends the figures to
benchmarks/blind_results.md (append-only; see benchmarks/ANNOTATING.md).
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
CORPUS = ROOT.parent / "shared" / "corpus"
BLIND = ROOT / "tests" / "gold" / "blind"
RESULTS = ROOT / "benchmarks" / "blind_results.md"
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


def _name_form(name: str) -> str:
    """A name compared without case, spaces, hyphens or dots: `Llama 3.1 405B` = `llama-3.1-405b`."""
    return "".join(char for char in name.casefold() if char.isalnum())


def subject_right(lexicon, record: GoldClaim, claim: dict) -> bool:
    """The claim's subject key is the gold subject or one of its `also` names (through aliases)."""
    if not claim["subject_key"]:
        return False
    wanted = {_name_form(lexicon.canonical(s)) for s in record.subjects}
    wanted |= {_name_form(s) for s in record.subjects}
    return _name_form(claim["subject_key"]) in wanted


def _agree(claim: dict, gold: GoldClaim) -> bool:
    if claim["unit"] != gold.unit:
        return False
    value = claim["value"]
    return abs(value - gold.value) <= 1e-6 * max(1.0, abs(gold.value))


def score(seeds: Path = SEEDS, gold_path: Path = GOLD) -> dict:
    """Per-kind precision/recall, subject accuracy and extraction speed on the gold files."""
    from claims import extract_corpus
    from claims.extraction.lexicon import default_lexicon

    lexicon = default_lexicon()
    gold, scope = load_gold(seeds, gold_path)
    files = sorted(scope)
    began = time.perf_counter()
    frame = extract_corpus([seeds / name for name in files])
    doc_of = {Path(name).name: name for name in files}  # the claims table names a file by its name
    seconds = time.perf_counter() - began
    size = sum(len((seeds / name).read_text(encoding="utf-8").encode()) for name in files)
    claims = []
    for row in frame.iter_rows(named=True):
        name = doc_of.get(row["doc_id"])
        if name is not None and any(a <= row["start"] < b for a, b in scope[name]):
            claims.append({**row, "doc_id": name})
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
    right = sum(subject_right(lexicon, record, claim) for record, claim in pairs)
    main_pairs = [(g, c) for g, c in pairs if g.kind in MAIN_KINDS and c["kind"] == g.kind]
    main_right = sum(subject_right(lexicon, record, claim) for record, claim in main_pairs)
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
        "main_subject_accuracy": main_right / len(main_pairs) if main_pairs else None,
        "main_matched": len(main_pairs),
        "main_gold": len(main_gold),
        "modality_accuracy": modality / len(pairs) if pairs else None,
        "seconds": seconds,
        "bytes": size,
        "misses": [g for g in gold if not any(g is p[0] for p in pairs)],
        "extra": [c for c in claims if c["claim_id"] not in used],
        "pairs": pairs,
    }


def _fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:5.2f}"


def _f1(p: float | None, r: float | None) -> float | None:
    return None if p is None or r is None else (0.0 if p + r == 0 else 2 * p * r / (p + r))


def print_score(result: dict, misses: bool, context: bool = False) -> None:
    print(f"{'kind':16} {'gold':>5} {'found':>5} {'right':>5} {'P':>5} {'R':>5}")
    for kind, row in result["kinds"].items():
        print(
            f"{kind:16} {row['gold']:5} {row['extracted']:5} {row['correct']:5} "
            f"{_fmt(row['precision'])} {_fmt(row['recall'])}"
        )
    main_row = result["main"]
    f1 = _f1(main_row["precision"], main_row["recall"])
    print(
        f"{'five main kinds':16} {'':17} {_fmt(main_row['precision'])} {_fmt(main_row['recall'])}"
        f"  F1 {_fmt(f1).strip()}"
    )
    print(
        f"matched {result['matched']}/{result['gold']} gold claims (any kind); "
        f"subject right on {_fmt(result['subject_accuracy']).strip()} of them "
        f"({_fmt(result['main_subject_accuracy']).strip()} of the {result['main_matched']} main-kind ones), "
        f"modality on {_fmt(result['modality_accuracy']).strip()}"
    )
    rate = result["bytes"] / result["seconds"] / 1e6
    size = result["bytes"] / 1e3
    print(f"extraction: {size:.0f} kB in {result['seconds']:.2f} s ({rate:.2f} MB/s, incl. loading)")
    if misses or context:
        print_misses(result, context)


def print_misses(result: dict, context: bool = False) -> None:
    from claims.extraction.lexicon import default_lexicon

    lexicon = default_lexicon()
    for g in result["misses"]:
        print(f"MISS  {g.file}:{g.line} {g.text!r} {g.kind} {g.value:g} {g.unit!r} ({g.subjects[0]})")
    for c in result["extra"]:
        where = f"{c['doc_id']}@{c['start']}"
        print(f"EXTRA {where} {c['quote']!r} {c['kind']} {c['value']:g} {c['unit']!r} {c['rule_id']}")
    for g, c in result["pairs"]:
        if g.kind != c["kind"]:
            print(f"KIND  {g.file}:{g.line} {g.text!r} gold {g.kind} got {c['kind']} ({c['rule_id']})")
    for g, c in result["pairs"]:
        if not subject_right(lexicon, g, c):
            print(f"SUBJ  {g.file}:{g.line} {g.text!r} gold {g.subjects[0]!r} got {c['subject_key']!r}")
            if context:
                print(f"      by {c['subject_source']} ({c['rule_id']}); title: {c['title']!r}")
                print(f"      {c['sentence'][:300]!r}")
        if g.modality != c["modality"]:
            print(f"MODAL {g.file}:{g.line} {g.text!r} gold {g.modality} got {c['modality']}")


def record(round_: int, label: str, results: dict[str, dict]) -> None:
    """Append one line per language to the results file (created with its header when absent)."""
    import datetime
    import subprocess

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "claims", "grammars"], cwd=ROOT, capture_output=True,
        text=True, check=False,
    ).stdout.strip()  # fmt: skip
    if not RESULTS.exists():
        RESULTS.write_text(RESULTS_HEADER, encoding="utf-8")
    day = datetime.date.today().isoformat()
    lines = []
    for lang, result in results.items():
        main_row = result["main"]
        f1 = _f1(main_row["precision"], main_row["recall"])
        lines.append(
            f"| {day} | {round_} | {lang} | {label} | {commit}{'+' if dirty else ''} | {result['gold']} | "
            f"{result['main_gold']} | {_fmt(main_row['precision']).strip()} | "
            f"{_fmt(main_row['recall']).strip()} | "
            f"{_fmt(f1).strip()} | {_fmt(result['main_subject_accuracy']).strip()} | "
            f"{_fmt(result['subject_accuracy']).strip()} | {_fmt(result['modality_accuracy']).strip()} |\n"
        )
    with RESULTS.open("a", encoding="utf-8") as out:
        out.writelines(lines)


RESULTS_HEADER = """# Blind evaluation results (append-only)

One line per round, language and scoring, appended by `python benchmarks/score_gold.py --blind N
--record LABEL`. `first-look` is the score before any rule changed for the round's items: the honest
figure. `tuned` lines are scores on a round whose misses were read afterwards. Main kinds: score,
parameter_count, speedup, change, price. Subject: share of matched claims whose subject is the gold
subject or one of its alternatives (main-kind matches, then all). Commit `+` means uncommitted
changes to the extractor were present.

| date | round | lang | label | commit | gold | main | P | R | F1 | subj main | subj all | modality |
|---|---|---|---|---|---|---|---|---|---|---|---|---|
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seeds", nargs="?", type=Path, default=SEEDS)
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--blind", type=int, help="score blind round N (each language it has gold for)")
    parser.add_argument("--record", choices=("first-look", "tuned"), help="append the figures to the results")
    parser.add_argument("--misses", action="store_true", help="list missed gold and extra claims")
    parser.add_argument(
        "--context", action="store_true", help="also each wrong subject's strategy, title and sentence"
    )
    args = parser.parse_args(argv)
    if args.blind is not None:
        results = {}
        golds = {lang: BLIND / f"round{args.blind}_{lang}.toml" for lang in ("zh", "en")}
        if not any(gold.exists() for gold in golds.values()):
            print(f"error: {BLIND}/round{args.blind}_{{zh,en}}.toml: no such gold file", file=sys.stderr)
            return 2
        for lang, gold in golds.items():
            if not gold.exists():
                continue  # a round of one language (round 24: the English rows were all drawn)
            print(f"--- round {args.blind}, {lang} ---")
            results[lang] = score(CORPUS, gold)
            print_score(results[lang], args.misses, args.context)
        if args.record:
            record(args.blind, args.record, results)
            print(f"recorded in {RESULTS.relative_to(ROOT)}")
        return 0
    if not args.seeds.is_dir():
        print(f"error: {args.seeds}: no seeds folder", file=sys.stderr)
        return 2
    print_score(score(args.seeds, args.gold), args.misses, args.context)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
