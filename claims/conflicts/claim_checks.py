"""Checks inside one claim: a figure that disagrees with what its own sentence or name says.

A model's name gives its size (`Qwen2.5-72B`: about 72e9 parameters), and a sentence that states two
levels and the change between them (`从 40% 升至 55%，提升 15 个百分点`) states the change twice.
Each check yields rows that `claims.conflicts.find.find_conflicts` adds to its flags, with the claims they
cite.
"""

from __future__ import annotations

import re

import polars as pl

from claims.conflicts import comparison
from claims.conflicts.comparable import conflict_id
from claims.conflicts.identity import subject_type
from claims.extraction.lexicon import default_lexicon, only_cue_words
from claims.text import sizes
from claims.text.punctuation import COLONS, COMMAS, ENUMERATION_COMMA, SEMICOLONS

_SIZE_SCALE = {"B": 1e9, "M": 1e6, "T": 1e12}
_CHANGE_WORDS = ("INCREASE", "DECREASE", "CHANGE_LINK")  # cue classes of a change's own wording
_PART_REACH = 16  # characters after a count within which a parameter word makes it a part's count
# The subject strategies that tie a name to its own figure.
OWN_SUBJECT = ("clause", "described", "rule", "released")
NAME_SIZE_APART = 1.5  # a name's rounded size and its stated count further apart than this disagree
_CHANGE_SLACK = 0.02  # a stated change may round its computed value by this share
# Ends of the rule ids that read a figure as the level a change or difference starts from.
STARTING_LEVEL_RULES = ("from_level", "compared_level")
_BASE_REACH = 24  # characters before a level within which a BASE_LEVEL word makes it the base
_GLUE = " \t" + COMMAS + ENUMERATION_COMMA + COLONS + SEMICOLONS  # may stand between a level and its change
_NAME_WORD = re.compile(r"[A-Z0-9][\w.\-]*(?:'s|’s)?")  # a word of a name (`Orca`, `2's`, `GPT-4o`)


def name_size(subject: str | None) -> float | None:
    """The total size a model's name states (`Foo-7B` -> 7e9, `Qwen3-30B-A3B` -> 3e10: A3B is the
    active part), or None when it states none or a product of sizes (`8x7B`).

    >>> name_size("Foo-7B"), name_size("Qwen3-30B-A3B"), name_size("Mixtral 8x7B"), name_size("GPT-4o")
    (7000000000.0, 30000000000.0, None, None)
    """
    if not subject:
        return None
    found = sizes.IN_TEXT.findall(subject)
    if len(found) != 1 or re.search(r"\d\s*[xX×]\s*\d", subject):
        return None
    text = found[0].replace(" ", "")
    return float(text[:-1]) * _SIZE_SCALE[text[-1]]


def name_size_checks(claims: pl.DataFrame) -> list[dict]:
    """A model's total parameter count against the size its own name states (`Foo-7B` said to have
    7亿 parameters): one flag per claim whose figure is `NAME_SIZE_APART` times off its name."""
    if "attribute_key" not in claims.columns:
        return []
    total = pl.col("attribute_key").is_null() | (pl.col("attribute_key") == "params")
    sized = (pl.col("kind") == "parameter_count") & total & pl.col("subject").is_not_null()
    # The subject must be the figure's own (named in its clause, or the name it describes), and the
    # sentence must state one count for it: two are parts or a list (`10 billion vision parameters
    # and 7 billion language parameters`, `7B、13B、30B和65B版本`).
    own = pl.col("subject_source").is_in(OWN_SUBJECT) if "subject_source" in claims.columns else pl.lit(True)
    alone = pl.len().over("doc_id", "sentence", "subject") == 1
    candidates = claims.filter(sized).filter(own & alone)
    rows = []
    for claim in candidates.iter_rows(named=True):
        if subject_type(claim["subject"]) == "hardware":
            continue  # `Ascend 910B`, `RTX 5090`: a chip's model number, not a size
        sentence, quote = claim["sentence"] or "", claim["quote"]
        named, at = sentence.find(claim["subject"]), sentence.find(quote)
        if named < 0 or at < 0 or named > at:
            continue  # a name after the figure (`rivals models like Flux-12B`) is no sure owner
        if _part_of_model(sentence, at + len(quote)):
            continue  # `10 billion vision parameters`: a part of the model, not its total
        stated = name_size(claim["subject"])
        value = claim["value"]
        if stated is None or not value or value <= 0 or claim["quote"] in claim["subject"]:
            continue
        apart = max(stated, value) / min(stated, value)
        if apart < NAME_SIZE_APART:
            continue
        size = sizes.IN_TEXT.findall(claim["subject"])[0]
        rows.append(
            {
                "conflict_id": conflict_id([claim["claim_id"], "name-size"]),
                "subject_key": claim["subject_key"] or claim["subject"],
                "attribute_key": "params",
                "object": None,
                "unit": "params",
                "status": "conflict",
                "severity": min(apart - 1.0, comparison.GAP_CAP),
                "claim_ids": [claim["claim_id"]],
                "values": [size, claim["quote"]],
                "n_sources": 1,
                "explanation": (
                    f"the name says {size}, the text {claim['quote']}: {apart:.3g}x apart "
                    "(a size in a model's name against its stated count)"
                ),
                "evidence": f"one model: {claim['subject']} and its own parameter count",
                "confidence": 0.8,
                "tier": "flag",
            }
        )
    return rows


def _part_of_model(sentence: str, end: int) -> bool:
    """Whether one word stands between a count ending at `end` and the parameter word after it
    (`10 billion vision parameters`, `30 亿激活参数`): the count is a part's, not the model's total.

    >>> _part_of_model("10 billion vision parameters", 10), _part_of_model("7 billion parameters", 9)
    (True, False)
    """
    hits = default_lexicon().classes["PARAM"].find(sentence, end, len(sentence))
    if not hits or hits[0].start - end > _PART_REACH:
        return False
    between = sentence[end : hits[0].start].strip()
    return bool(between) and between.isalpha()


def _only_change_words(sentence: str, lo: int, to: int) -> bool:
    """Whether only change words (INCREASE, DECREASE, CHANGE_LINK in cues.toml) and punctuation stand
    in `sentence[lo:to]`, between the second level and the change (`升至 55%，相对提升 20%`), so the
    change is of the same measure, not of a next one (`，峰值内存缩减 70%`)."""
    classes = default_lexicon().classes
    return only_cue_words(sentence, lo, to, [classes[name] for name in _CHANGE_WORDS], _GLUE)


def _only_base_words(sentence: str, lo: int, to: int) -> bool:
    """Whether `sentence[lo:to]`, between a difference and the level after it, holds only BASE_LEVEL
    words, punctuation and a name (`up 12 points from Orca 2's 52.0%`): any other word names another
    measure (`召回率提升 5 个百分点，错误率从 40% 降至 30%`)."""
    rest = list(sentence[lo:to])
    for hit in default_lexicon().classes["BASE_LEVEL"].find(sentence, lo, to):
        rest[hit.start - lo : hit.end - lo] = " " * (hit.end - hit.start)
    words = re.split(f"[\\s{_GLUE}]+", "".join(rest).strip())
    return all(not word or _NAME_WORD.fullmatch(word) for word in words)


def _starting_level(figure: dict, figures: list[dict], sentence: str) -> bool:
    """A level a difference is measured from: a rule read it as one (`从 40% 提升到`, `比 70.5% 高出 9.1
    个百分点`), or a BASE_LEVEL word stands shortly before it with no other figure between (`above the
    previous best of 62%`, `from Orca 2's 52.0%`)."""
    if figure["rule_id"].endswith(STARTING_LEVEL_RULES):
        return True
    at = figure["_at"]
    hits = default_lexicon().classes["BASE_LEVEL"].find(sentence, max(0, at - _BASE_REACH), at)
    return any(not any(h.end <= f["_at"] < at for f in figures) for h in hits)


def _in_sentence(figures: list[dict], sentence: str) -> list[dict] | None:
    """`figures` of one sentence, each with `_at`, its offset in the sentence (placed by the figure
    whose quote the sentence holds once); None when none can place them."""
    for anchor in figures:
        if sentence.count(anchor["quote"]) == 1:
            base = anchor["start"] - sentence.index(anchor["quote"])
            placed = [{**f, "_at": f["start"] - base} for f in figures]
            if all(sentence[f["_at"] : f["_at"] + len(f["quote"])] == f["quote"] for f in placed):
                return placed
    return None


def _difference(figure: dict, sentence: str) -> bool:
    """A stated difference: a change in percent or points, or a bare figure followed by a POINTS word
    (`15 points above`, `高出 9 分`)."""
    if figure["kind"] == "change":
        return figure["unit"] in ("%", "pp")
    if figure["unit"]:
        return False
    end = figure["_at"] + len(figure["quote"])
    after = len(sentence[end:]) - len(sentence[end:].lstrip())
    hits = default_lexicon().classes["POINTS"].find(sentence, end, min(len(sentence), end + after + 8))
    return any(h.start == end + after for h in hits)


def _levels_and_change(figures: list[dict], sentence: str) -> tuple[dict, dict, dict] | None:
    """The starting level, the other level and the stated difference between them, when a sentence
    states exactly two levels in percent and one difference, the difference is tied to them, and
    one level is where the difference is measured from; else None."""
    changes = [f for f in figures if _difference(f, sentence)]
    levels = [f for f in figures if f["unit"] == "%" and f not in changes]
    if len(changes) != 1 or len(levels) != 2:
        return None
    change = changes[0]
    based = [level for level in levels if _starting_level(level, figures, sentence)]
    if len(based) != 1:
        return None
    first, last = sorted(levels, key=lambda f: f["_at"])
    if change["_at"] > last["_at"]:
        # `…升至 55%，相对提升 20%`: only change words between; `…降至 17%，峰值内存缩减 70%` changes another.
        if not _only_change_words(sentence, last["_at"] + len(last["quote"]), change["_at"]):
            return None
    elif change["_at"] < first["_at"] and not _only_base_words(
        sentence, change["_at"] + len(change["quote"]), first["_at"]
    ):
        return None  # `召回率提升 5 个百分点，错误率从 40% 降至 30%`: the change of another measure
    start = based[0]
    return start, (last if start is first else first), change


def stated_change_checks(claims: pl.DataFrame) -> list[dict]:
    """A stated difference against the two levels the same sentence gives (`从 40% 提升到 55%，相对提升
    20%`: 40 -> 55 is +37.5%, or +15 points, never +20%; `75%, 15 points above the previous best of
    62%`: 13 points): one flag per difference that neither the relative change nor the difference in
    points of its levels explains."""
    needed = ("rule_id", "sentence", "start", "unit", "lo", "hi")
    if any(name not in claims.columns for name in needed):
        return []
    percent = claims.filter(pl.col("sentence").is_not_null() & pl.col("unit").is_in(["%", "pp", ""]))
    # Only a sentence with three such figures can state a change and its two levels: the others are
    # left out before the groups are walked in Python (most sentences of a large table hold one).
    percent = percent.filter(pl.len().over("doc_id", "sentence") >= 3)
    rows = []
    for (_doc, sentence), group in percent.group_by("doc_id", "sentence"):
        figures = _in_sentence(group.sort("start").to_dicts(), sentence)
        found = _levels_and_change(figures, sentence) if figures else None
        if found is None:
            continue
        a, b, change = found
        if not a["value"]:
            continue
        points = b["value"] - a["value"]
        relative = points / abs(a["value"]) * 100
        stated = abs(change["value"])
        # The figure as written, rounded at its last digit (`20%` is 19.5-20.5, `37.5%` 37.45-37.55),
        # give or take `_CHANGE_SLACK`; the grammar's wider interval for a round number is for
        # comparing two reports, not for checking a sum.
        last = 0.5 if float(stated).is_integer() else 0.05
        slack = max(last, _CHANGE_SLACK * stated)
        readings = [relative, points] if change["unit"] == "%" else [points]
        if any(abs(abs(r) - stated) <= slack for r in readings):
            continue
        told = f"{relative:+.3g}%" if change["unit"] == "%" else f"{points:+.3g} points"
        said = change["quote"] if change["unit"] else f"{change['quote']} points"
        rows.append(
            {
                "conflict_id": conflict_id([change["claim_id"], a["claim_id"], b["claim_id"], "levels"]),
                "subject_key": change["subject_key"] or change["doc_id"],
                "attribute_key": change["attribute_key"] or "change",
                "object": None,
                "unit": change["unit"] or "pp",
                "status": "conflict",
                "severity": min(
                    abs(abs(readings[0]) - abs(change["value"])) / max(abs(change["value"]), 1e-9),
                    comparison.GAP_CAP,
                ),
                "claim_ids": sorted([change["claim_id"], a["claim_id"], b["claim_id"]]),
                "values": [a["quote"], b["quote"], change["quote"]],
                "n_sources": 1,
                "explanation": (
                    f"{a['quote']} -> {b['quote']} is {told}, the text says {said} "
                    "(a stated change against its two levels)"
                ),
                "evidence": "one sentence: the difference and the two levels it lies between",
                "confidence": 0.7,
                "tier": "flag",
            }
        )
    return sorted(rows, key=lambda row: row["conflict_id"])
