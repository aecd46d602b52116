"""Conflict detection: table-driven cases (tests/cases/conflicts.toml) and the output contract."""

from __future__ import annotations

import tomllib
from pathlib import Path

import polars as pl
import pytest

from claims import find_conflicts
from claims.conflicts.find import CONFLICT_COLUMNS, conflict_id
from claims.errors import TableError
from claims.model import Claim, claims_frame

CASES = tomllib.loads((Path(__file__).parent / "cases" / "conflicts.toml").read_text(encoding="utf-8"))[
    "case"
]


def make_claim(n: int, spec: dict) -> Claim:
    """A claim from one case row: unspecified fields take the defaults the case file documents."""
    quote = spec["quote"]
    sentence = spec.get("sentence", quote)
    doc = spec.get("doc", f"doc{n}.md")
    at = sentence.index(quote)
    return Claim(
        claim_id=spec.get("id", f"c{n:02d}"),
        doc_id=doc,
        segment_id=f"{doc}#{spec.get('segment', 0)}",
        title=None,
        source_url=spec.get("url"),
        published=spec.get("published"),
        start=at,
        end=at + len(quote),
        quote=quote,
        sentence=sentence,
        kind=spec.get("kind", "spec"),
        subject=spec.get("subject"),
        subject_key=spec.get("subject"),
        attribute=spec.get("attribute"),
        attribute_key=spec.get("attribute"),
        object=spec.get("object"),
        baseline=spec.get("baseline"),
        value=float(spec["value"]),
        lo=float(spec.get("lo", spec["value"])),
        hi=float(spec.get("hi", spec["value"])),
        unit=spec["unit"],
        qualifier=spec.get("qualifier", "exact"),
        modality=spec.get("modality", "asserted"),
        lang=spec.get("lang", "zh"),
        rule_id="test",
    )


def case_frame(case: dict) -> pl.DataFrame:
    return claims_frame([make_claim(n, spec) for n, spec in enumerate(case["claims"])])


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_case(case: dict) -> None:
    found = find_conflicts(case_frame(case))
    if case["status"] == "none":
        assert found.is_empty(), found.select("status", "explanation").rows()
        return
    assert found.height == 1, found.select("status", "explanation").rows()
    row = found.row(0, named=True)
    assert row["status"] == case["status"], row["explanation"]
    if "explanation" in case:
        assert row["explanation"] == case["explanation"]


def test_output_columns_and_types() -> None:
    case = next(c for c in CASES if c["id"].startswith("io: 64亿美元 twice"))
    found = find_conflicts(case_frame(case))
    assert found.schema == pl.Schema(CONFLICT_COLUMNS)
    row = found.row(0, named=True)
    assert row["claim_ids"] == ["c00", "c01", "c02"]
    assert row["conflict_id"] == conflict_id(["c02", "c01", "c00"])
    assert row["values"] == ["64亿美元", "65亿"]
    assert row["n_sources"] == 3
    assert row["subject_key"] == "OpenAI" and row["attribute_key"] == "acquisition_price"
    assert row["unit"] == "USD"
    assert row["severity"] == pytest.approx(1 / 64)
    assert row["verdict"] is None and row["review_note"] is None and row["correct_value"] is None


def test_empty_table_gives_empty_conflicts_with_the_contract_columns() -> None:
    found = find_conflicts(claims_frame([]))
    assert found.is_empty()
    assert found.schema == pl.Schema(CONFLICT_COLUMNS)


def test_worst_first_conflict_before_rumour_before_tension() -> None:
    wanted = [
        "RTX 4090 launch price",
        "RTX 5090 rumoured 2000-2500 美元 vs",
        "2x vs 3x",
        "io: 64亿美元 twice",
    ]
    specs = []
    for n, prefix in enumerate(wanted):
        case = next(c for c in CASES if c["id"].startswith(prefix))
        for k, spec in enumerate(case["claims"]):
            specs.append({**spec, "id": f"g{n}c{k}", "subject": f"{spec.get('subject')}/{n}"})
    found = find_conflicts(claims_frame([make_claim(n, s) for n, s in enumerate(specs)]))
    assert found["status"].to_list() == ["conflict", "conflict", "rumour", "tension"]
    # Among conflicts, the larger relative gap first: 3x vs 2x (50%) before 65亿 vs 64亿 (1.6%).
    assert found["severity"].to_list()[:2] == pytest.approx([0.5, 1 / 64])


def test_severity_weights_status_at_equal_gap() -> None:
    def pair(status_modality: str, lo: float, hi: float) -> list[dict]:
        return [
            {
                "quote": "100",
                "subject": f"{status_modality} chip 1",  # one named version: a fact's identity
                "attribute": "a",
                "value": 100,
                "lo": 99.5,
                "hi": 100.5,
                "unit": "W",
            },
            {
                "quote": "110",
                "subject": f"{status_modality} chip 1",
                "attribute": "a",
                "value": 110,
                "lo": lo,
                "hi": hi,
                "unit": "W",
                "modality": "speculative" if status_modality == "rumour" else "asserted",
            },
        ]

    specs = pair("conflict", 109.5, 110.5) + pair("tension", 50, 150) + pair("rumour", 109.5, 110.5)
    found = find_conflicts(claims_frame([make_claim(n, s) for n, s in enumerate(specs)]))
    severity = dict(zip(found["status"], found["severity"], strict=True))
    assert len(found) == 3
    assert severity == pytest.approx({"conflict": 0.1, "rumour": 0.05, "tension": 0.025})


def test_a_claims_table_without_needed_columns_is_refused() -> None:
    with pytest.raises(TableError, match=r"missing columns .*unit"):
        find_conflicts(pl.DataFrame({"claim_id": ["a"], "value": [1.0]}))


def test_a_derived_rate_already_in_the_table_is_not_added_twice() -> None:
    case = next(c for c in CASES if "(derived rate)" in c["id"])
    from claims.extraction.derive import with_derived

    once = with_derived(case_frame(case))
    assert find_conflicts(once).equals(find_conflicts(case_frame(case)))
    assert with_derived(once).height == once.height


@pytest.mark.parametrize("case", [c for c in CASES if c["status"] != "none"], ids=lambda c: c["id"])
def test_every_flagged_group_passes_the_conflicts_schema(case: dict) -> None:
    from claims.validation.validator import validate_conflicts

    failures = validate_conflicts(find_conflicts(case_frame(case)))
    assert failures.is_empty(), failures.rows()


def test_group_without_subject_or_attribute_names_its_document_and_kind() -> None:
    paper = next(c for c in CASES if c["id"].startswith("paper in English"))
    prices = next(c for c in CASES if c["id"].startswith("prices without attributes of one chip"))
    assert find_conflicts(case_frame(paper)).select("subject_key", "attribute_key").row(0) == (
        "paper.md",
        "reasoning_accuracy",
    )
    assert find_conflicts(case_frame(prices)).select("subject_key", "attribute_key").row(0) == (
        "RTX 5090",
        "price",
    )


def test_reviews_given_as_a_plain_frame() -> None:
    case = next(c for c in CASES if c["id"].startswith("io: 64亿美元 twice"))
    found = find_conflicts(case_frame(case))
    reviews = pl.DataFrame({"conflict_id": [found["conflict_id"][0]], "verdict": ["confirmed"]})
    row = find_conflicts(case_frame(case), reviews).row(0, named=True)
    assert (row["verdict"], row["review_note"], row["correct_value"]) == ("confirmed", None, None)
    with pytest.raises(TableError, match="missing column verdict"):
        find_conflicts(case_frame(case), pl.DataFrame({"conflict_id": ["x"]}))


WHY_CASES = [case for case in CASES if "why" in case]


@pytest.mark.parametrize("case", WHY_CASES, ids=[case["id"] for case in WHY_CASES])
def test_why_two_claims_are_flagged_or_not(case: dict) -> None:
    from claims.conflicts.why import why

    first, second, decision = case["why"]
    told = why(case_frame(case), first, second)
    assert told[-1].startswith(decision), told
    assert why(case_frame(case), second, first)[-1].startswith(decision)  # either order


def test_every_excuse_and_report_rule_has_a_why_case() -> None:
    from claims.conflicts.pairs import EXCUSES

    decisions = " ".join(case["why"][2] for case in WHY_CASES)
    named = [
        *EXCUSES,
        "time_apart",
        "relative_without_baseline",
        "one_document_identity",
        "possible",
        "flagged",
    ]
    assert [name for name in named if name not in decisions] == []


def test_cli_tells_why_two_claims_are_not_flagged(cli, tmp_path: Path) -> None:
    case = next(c for c in CASES if c.get("why", [""] * 3)[2] == "excused: item_states_both")
    path = tmp_path / "claims.parquet"
    case_frame(case).write_parquet(path)
    first, second, _ = case["why"]
    result = cli("conflicts", path, "--why", first, second)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith(f"{first}: 20 美元") and lines[1].startswith(f"{second}: 42 美元")
    assert lines[-1].startswith("excused: item_states_both: one claim's item states, in its body")
    missing = cli("conflicts", path, "--why", first, "nope")
    assert missing.code == 2 and missing.out == ""
    assert (
        missing.err.strip()
        == f"error: {path}: no claim 'nope' in the claims table (give two claim_id values)"
    )


def test_why_knows_a_rate_derived_from_two_claims() -> None:
    # a conflict cites the rate derived from "12秒生成1万token" (`dr-…`), no row of the claims table
    from claims.conflicts.why import why

    case = next(c for c in CASES if c["id"].startswith("Gemini Diffusion 12秒"))
    claims = case_frame(case)
    found = find_conflicts(claims)
    derived = next(i for i in found["claim_ids"][0] if i.startswith("dr-"))
    other = next(i for i in found["claim_ids"][0] if not i.startswith("dr-"))
    told = why(claims, derived, other)
    assert told[-1].startswith("flagged: conflict"), told
