"""Run Microsoft Recognizers-Text's Chinese and English test cases through `find_quantities`.

    python benchmarks/conformance.py [PEERS_DIR]

Cases come from `../shared/peers/recognizers-text/` (JSON arrays of {Input, Results}). A case
passes when every expected result is found at its place (our span overlaps theirs) with the same
value (and ISO code or unit), and nothing else of that model's kind is reported; a case with no
results passes when we report nothing of that kind. Cases outside the scope of `claims` are
listed in `tests/cases/conformance_gaps.toml`, each category with its reason, and counted apart.
An expected result without a value (the peer marks a bare unit word: "a small percent", "the
dollars") is judged as no result: `claims` reports numbers, so the case passes when nothing of
that model's kind is reported there.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.quantities.find import QuantityResources, default_quantity_resources, find_quantities  # noqa: E402

PEERS = ROOT.parent / "shared" / "peers" / "recognizers-text"
GAPS = ROOT / "tests" / "cases" / "conformance_gaps.toml"

# Model file -> the kind of result it checks.
MODELS = {
    "Number/Chinese/NumberModel.json": "number",
    "Number/Chinese/PercentModel.json": "percent",
    "NumberWithUnit/Chinese/CurrencyModel.json": "currency",
    "NumberWithUnit/Chinese/DimensionModel.json": "dimension",
    "Number/English/NumberModel.json": "number",
    "Number/English/PercentModel.json": "percent",
    "NumberWithUnit/English/CurrencyModel.json": "currency",
}
# Which of our dimensions each model reports (extra findings of these kinds fail a case).
KIND_DIMENSIONS = {
    # every plain number; a figure with a unit of measure (180ml, 29km) is the dimension model's
    "number": {"number", "count", "fraction", "percent", "currency", "ratio", "parameters", "tokens"},
    "percent": {"percent", "percentage_point"},
    "currency": {"currency"},
    "dimension": {"length", "mass", "area", "memory", "power", "frequency", "energy"},
}


@dataclass(frozen=True, slots=True)
class Gap:
    file: str
    pattern: re.Pattern[str]
    field: str  # "input", "text" (the expected results' texts) or "context" (text ± 1 character)
    reason: str


@dataclass(frozen=True, slots=True)
class Outcome:
    status: str  # pass | fail | gap
    detail: str


def load_gaps(path: Path = GAPS) -> tuple[list[Gap], dict[str, tuple[str, Decimal]]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    gaps = [
        Gap(g["file"], re.compile(g["pattern"]), g.get("field", "input"), g["reason"]) for g in data["gap"]
    ]
    units = {name: (unit, Decimal(factor)) for name, (unit, factor) in data["units"].items()}
    return gaps, units


def _gap(case: dict, file: str, gaps: list[Gap]) -> Gap | None:
    for gap in gaps:
        if gap.file != file:
            continue
        if gap.field == "input":
            haystacks = [case["Input"]]
        elif gap.field == "text":
            haystacks = [r["Text"] for r in case["Results"]]
        else:  # "context": each expected text with one character of the input either side
            text = case["Input"]
            haystacks = [text[max(0, r["Start"] - 1) : r["End"] + 2] for r in case["Results"]]
        if any(gap.pattern.search(text) for text in haystacks):
            return gap
    return None


def _close(a: Decimal, b: Decimal) -> bool:
    return a == b or abs(a - b) <= abs(b) * Decimal("1e-9")


def _expected(result: dict, kind: str, units: dict) -> tuple[Decimal, str | None]:
    raw = result["Resolution"].get("value") or ""
    value = Decimal(raw.rstrip("%"))
    if kind == "currency":
        iso = result["Resolution"].get("isoCurrency")
        named = result["Resolution"].get("unit")
        if iso is None and named in units:  # 34 cents: the peer counts in cents, we in dollars
            unit, factor = units[named]
            return value * factor, unit
        return value, iso
    if kind == "dimension":
        unit, factor = units[result["Resolution"]["unit"]]
        return value * factor, unit
    return value, None


def _number_values(quantity, case_input: str, start: int, end: int, resources) -> list[Decimal]:
    """Our reading of the number at the expected span: the quantity's value, or, when a unit
    converted it (十斤 -> 5 kg), the value of the span parsed as a plain multiple (十倍 -> 10)."""
    values = [quantity.value]
    values += [q.value for q in find_quantities(case_input[start:end] + "倍", resources=resources)]
    return values


def judge(case: dict, kind: str, resources: QuantityResources, units: dict) -> Outcome:
    text = case["Input"]
    # every number is reported with its role; the peer's number model leaves ordinals to its
    # ordinal model
    found = [q for q in find_quantities(text, resources=resources) if q.role != "ordinal"]
    dims = KIND_DIMENSIONS[kind]
    relevant = [q for q in found if dims is None or q.dimension in dims]
    used: set[int] = set()
    for result in case["Results"]:
        start, end = result["Start"], result["End"] + 1
        if result["Resolution"].get("value") in (None, "null"):
            continue  # a unit word without a number ("a small percent"): nothing of ours may be there
        try:
            want, unit = _expected(result, kind, units)
        except (InvalidOperation, KeyError):
            return Outcome("fail", f"unreadable expectation {result['Resolution']}")
        hit = None
        for index, q in enumerate(found):
            if q.start >= end or q.end <= start:
                continue
            if kind == "number":
                ok = any(_close(v, want) for v in _number_values(q, text, start, end, resources))
            else:
                ok = _close(q.value, want) and (unit is None or q.unit == unit)
            if ok:
                hit = index
                break
        if hit is None:
            got = ", ".join(f"{q.text}={q.value}{q.unit}" for q in found) or "nothing"
            return Outcome("fail", f"missed {result['Text']}={want}{unit or ''}; got {got}")
        used.add(hit)
    extra = [q for i, q in enumerate(found) if i not in used and q in relevant]
    if extra:
        return Outcome("fail", "extra " + ", ".join(f"{q.text}={q.value}{q.unit}" for q in extra))
    return Outcome("pass", "")


def run(peers: Path = PEERS) -> dict[str, Counter]:
    """Judge every case of every model file; return per-file counts and print failures with -v."""
    resources = default_quantity_resources()
    gaps, units = load_gaps()
    report: dict[str, Counter] = {}
    for file, kind in MODELS.items():
        path = peers / file
        if not path.is_file():
            continue
        counts: Counter = Counter()
        for case in json.loads(path.read_text(encoding="utf-8-sig")):
            gap = _gap(case, file, gaps)
            outcome = judge(case, kind, resources, units)
            if gap is not None:
                counts["gap"] += 1
                counts[f"gap: {gap.reason}"] += 1
                counts["gap pass"] += outcome.status == "pass"  # reported too, for the whole picture
                continue
            counts[outcome.status] += 1
            if outcome.status == "fail" and "-v" in sys.argv:
                print(f"  FAIL {file}: {case['Input']!r}: {outcome.detail}")
        report[file] = counts
    return report


def main() -> None:
    peers = Path(next((a for a in sys.argv[1:] if not a.startswith("-")), PEERS))
    if not peers.is_dir():
        print(f"no peer specs at {peers}")
        return
    report = run(peers)
    print(f"{'file':44} {'in scope':>8} {'pass':>5} {'accuracy':>9} {'out of scope':>13} {'all cases':>10}")
    for file, counts in report.items():
        in_scope = counts["pass"] + counts["fail"]
        accuracy = counts["pass"] / in_scope if in_scope else 0.0
        total = in_scope + counts["gap"]
        passed = counts["pass"] + counts["gap pass"]
        print(
            f"{file:44} {in_scope:8d} {counts['pass']:5d} {accuracy:9.1%} {counts['gap']:13d} "
            f"{passed:4d}/{total:<4d} ({passed / total:.0%})"
        )
        for key, n in sorted(counts.items()):
            if key.startswith("gap: ") and key != "gap pass":
                print(f"    {n:3d} out of scope: {key[5:]}")


if __name__ == "__main__":
    main()
