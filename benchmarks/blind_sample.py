"""Draw the items of a blind evaluation round (see benchmarks/ANNOTATING.md).

Round N shuffles every eligible item with the seed N and takes the first ones that no earlier round
took, so rounds are reproducible and never overlap. Eligible: a news item of its own (a linked
heading in the Chinese dailies, a linked table row in the English weekly news) that holds a figure,
outside the few items read while writing the segmenter. The items go, with line numbers, to
`benchmarks/blind/work/roundN_{zh,en}.txt` for the annotator; their line ranges to stdout.

    python benchmarks/blind_sample.py --round 1 [--corpus ../shared/corpus]
"""

from __future__ import annotations

import argparse
import random
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
WORK = ROOT / "benchmarks" / "blind" / "work"

# Items per round and language. Rounds 1-3 drew 12 and 40 (about 30 and 40 claims: a daily item
# holds ~2.5, a weekly row ~1); later rounds draw more. A round's size never changes once drawn.
SIZES = {"zh": 12, "en": 40}
ROUND_SIZES = {n: {"zh": 20, "en": 60} for n in range(4, 10)}
# Round 10 draws more Chinese items: round 9 matched only 8 main-kind claims there.
ROUND_SIZES[10] = {"zh": 30, "en": 60}
ROUND_SIZES[11] = {"zh": 30, "en": 60}
ROUND_SIZES[12] = {"zh": 30, "en": 60}
# Round 13 draws twice the English rows: round 12 held only 23 English main-kind claims.
ROUND_SIZES[13] = {"zh": 30, "en": 120}
ROUND_SIZES[14] = {"zh": 30, "en": 120}
ROUND_SIZES[15] = {"zh": 30, "en": 120}
ROUND_SIZES[16] = {"zh": 30, "en": 120}
ROUND_SIZES[17] = {"zh": 30, "en": 120}
ROUND_SIZES[18] = {"zh": 30, "en": 120}
ROUND_SIZES[19] = {"zh": 30, "en": 120}
ROUND_SIZES[20] = {"zh": 30, "en": 120}
ROUND_SIZES[21] = {"zh": 30, "en": 120}
# Round 22 draws more Chinese items: rounds 20 and 21 matched only 28 and 20 Chinese main-kind claims.
ROUND_SIZES[22] = {"zh": 45, "en": 120}
# Round 23 takes the English rows left (fewer than 120: the weekly news is nearly all drawn).
ROUND_SIZES[23] = {"zh": 45, "en": 120}
# Round 24 is Chinese only: every English row of the weekly news has been drawn.
ROUND_SIZES[24] = {"zh": 45, "en": 0}
ROUND_SIZES[25] = {"zh": 45, "en": 0}
ROUND_SIZES[26] = {"zh": 45, "en": 0}
ROUND_SIZES[27] = {"zh": 45, "en": 0}
ROUND_SIZES[28] = {"zh": 45, "en": 0}
ROUND_SIZES[29] = {"zh": 45, "en": 0}
# Rounds 30 and 31 draw more items: round 29 held only 22 Chinese main-kind claims.
ROUND_SIZES[30] = {"zh": 60, "en": 0}
ROUND_SIZES[31] = {"zh": 60, "en": 0}
ROUND_SIZES[32] = {"zh": 60, "en": 0}
ROUND_SIZES[33] = {"zh": 60, "en": 0}
ROUND_SIZES[34] = {"zh": 60, "en": 0}
ROUND_SIZES[35] = {"zh": 60, "en": 0}


def sizes(round_: int) -> dict[str, int]:
    """Items per language that round `round_` draws."""
    return ROUND_SIZES.get(round_, SIZES)


SOURCES = {"zh": "juya-ai-daily", "en": "ml-news"}
# Read while writing the segmenter (file, first line, last line): never drawn.
SEEN = {
    "juya-ai-daily/100_2026-05-24.md": (1, 10**9),
    "ml-news/ml-news-2023.md": (752, 765),
}
_ITEM_START = {"zh": re.compile(r"#{1,6}[ \t]+\["), "en": re.compile(r"[ \t]*\|[ \t]*\[")}
_LINK = re.compile(r"\[[^\]\n]*\]\([^)\s]*\)")
_FIGURE = re.compile(
    r"\d|[一二三四五六七八九十百千万亿两]"
    r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million|billion|trillion"
    r"|dozen|half|twice|double)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Item:
    file: str  # path under the corpus folder
    first: int  # 1-based line numbers, inclusive
    last: int
    text: str


def eligible(corpus: Path, lang: str) -> list[Item]:
    """Every item of the language's corpus that holds a figure outside its links, in file order."""
    from claims.ingest.corpus import read_corpus

    folder = corpus / SOURCES[lang]
    read = read_corpus([folder])
    texts = {doc.doc_id: doc.text for doc in read.documents}
    items = []
    for segment in read.segments:
        text = texts[segment.doc_id][segment.start : segment.end]
        if not _ITEM_START[lang].match(text) or not _FIGURE.search(_LINK.sub(" ", text)):
            continue
        name = f"{SOURCES[lang]}/{segment.doc_id}"
        first = texts[segment.doc_id].count("\n", 0, segment.start) + 1
        last = first + text.count("\n")
        seen = SEEN.get(name)
        if seen and not (last < seen[0] or first > seen[1]):
            continue
        items.append(Item(name, first, last, text))
    return items


SEEN_FROM_ROUND_4 = ROOT / "benchmarks" / "blind" / "seen_before_round4.txt"


def _seen_lines() -> dict[str, set[int]]:
    """The lines read (reviewing flags) before round 4 was drawn, per file under the corpus."""
    seen: dict[str, set[int]] = {}
    for line in SEEN_FROM_ROUND_4.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, number = line.rsplit(":", 1)
            seen.setdefault(name, set()).add(int(number))
    return seen


def _unread(item: Item, seen: dict[str, set[int]]) -> bool:
    return not any(item.first <= n <= item.last for n in seen.get(item.file, ()))


GOLD = ROOT / "tests" / "gold" / "blind"
SCOPES_FROM_ROUND = 5  # from this round on, earlier rounds' committed scopes are left out too


def _earlier_scopes(round_: int, lang: str) -> dict[str, list[tuple[int, int]]]:
    """The line ranges that earlier rounds' gold files hold, per file: the record of what was read,
    which stays true when a change of the segmenter makes an earlier draw come out differently."""
    import tomllib

    scopes: dict[str, list[tuple[int, int]]] = {}
    for earlier in range(1, round_):
        path = GOLD / f"round{earlier}_{lang}.toml"
        if path.exists():
            for name, ranges in tomllib.loads(path.read_text(encoding="utf-8")).get("scope", {}).items():
                scopes.setdefault(name, []).extend((a, b) for a, b in ranges)
    return scopes


def draw(pool: list[Item], round_: int, lang: str) -> list[Item]:
    """Round N's items: the pool shuffled with seed N, minus every earlier round's items (and, from
    round 4 on, minus items read while reviewing conflict flags; from round 5 on, minus items that an
    earlier round's gold file holds, which a redraw may miss when the segmenter has changed).

    Each earlier round is drawn once (a round's draw needs all the rounds before it: drawn anew for
    each, round N would cost 2^N draws)."""
    drawn: dict[int, list[Item]] = {}
    for number in range(1, round_ + 1):
        taken = {item for earlier in range(1, number) for item in drawn[earlier]}
        drawn[number] = _draw_one(pool, number, lang, taken)
    return drawn[round_]


def _draw_one(pool: list[Item], round_: int, lang: str, taken: set[Item]) -> list[Item]:
    """One round's items, given the items the rounds before it took."""
    if round_ >= 4:
        seen = _seen_lines()
        pool = [item for item in pool if _unread(item, seen)]
    size = sizes(round_)[lang]
    order = list(pool)
    random.Random(round_).shuffle(order)
    chosen = [item for item in order if item not in taken][:size]
    if round_ >= SCOPES_FROM_ROUND:
        scopes = _earlier_scopes(round_, lang)
        chosen = [
            item
            for item in chosen
            if not any(a <= item.last and item.first <= b for a, b in scopes.get(item.file, ()))
        ]
    return sorted(chosen, key=lambda item: (item.file, item.first))


def write_work(items: list[Item], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    parts = []
    for item in items:
        numbered = "\n".join(f"{item.first + i:>6}  {line}" for i, line in enumerate(item.text.split("\n")))
        parts.append(f"=== {item.file} lines {item.first}-{item.last} ===\n{numbered}\n")
    path.write_text("\n".join(parts), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--round", type=int, required=True, dest="round_")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    for lang in SIZES:
        items = draw(eligible(args.corpus, lang), args.round_, lang)
        out = WORK / f"round{args.round_}_{lang}.txt"
        write_work(items, out)
        print(f"[{lang}] {len(items)} items -> {out.relative_to(ROOT)}")
        scope: dict[str, list[list[int]]] = {}
        for item in items:
            scope.setdefault(item.file, []).append([item.first, item.last])
        for name, ranges in scope.items():
            print(f'"{name}" = {ranges}')


if __name__ == "__main__":
    main()
