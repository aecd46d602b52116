"""The CI gate: outcomes of conflicts, reports in three formats, and `claims check` exit codes."""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import polars as pl
import pytest

from claims.check import classify, gate, render_json, render_junit, render_text
from claims.cli import main
from claims.model import Claim, claims_frame
from claims.output.tableio import write_table
from claims.validation.validator import CONFLICT_COLUMNS


def price(claim_id: str, start: int, quote: str, value: float, spread: float = 0.005) -> Claim:
    return Claim(
        claim_id, "news.md", f"news.md#{start}", "io", f"https://example.org/{claim_id}", "2025-05-22",
        start, start + len(quote), quote, f"OpenAI以{quote}收购io", "price", "OpenAI", "openai", "收购",
        "acquisition_price", "io", None, value, value * (1 - spread), value * (1 + spread), "USD",
        "exact", "asserted", "zh", "fixture",
    )  # fmt: skip


def conflict(conflict_id: str, severity: float, status: str = "conflict", verdict: str | None = None) -> dict:
    return {
        "conflict_id": conflict_id, "subject_key": "openai", "attribute_key": "acquisition_price",
        "object": "io", "unit": "USD", "status": status, "severity": severity,
        "claim_ids": ["a", "b"], "values": ["64亿美元", "65亿美元"], "n_sources": 2,
        "explanation": "64亿美元 vs 65亿美元: no overlap", "verdict": verdict, "review_note": None,
        "correct_value": None,
    }  # fmt: skip


def conflicts_frame(*rows: dict) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=CONFLICT_COLUMNS)


VALID = claims_frame([price("a", 0, "64亿美元", 6.4e9), price("b", 10, "65亿美元", 6.5e9)])


# --- outcomes, on hand-made conflict frames ------------------------------------------------


def test_outcome_precedence() -> None:
    found = conflicts_frame(
        conflict("new", 0.3),
        conflict("old", 0.3),
        conflict("mild", 0.001),
        conflict("seen", 0.3, verdict="confirmed"),
        conflict("listed", 0.3),
        conflict("old-and-mild", 0.001),
    )
    judged = classify(found, known={"old", "old-and-mild"}, reviewed={"listed"}, min_severity=0.01)
    assert dict(judged.select("conflict_id", "outcome").iter_rows()) == {
        "new": "new",
        "old": "baseline",
        "mild": "below_threshold",
        "seen": "reviewed",
        "listed": "reviewed",
        "old-and-mild": "baseline",
    }


def test_gate_fails_on_a_new_conflict_only() -> None:
    found = conflicts_frame(conflict("k1", 0.02))
    assert not gate(VALID, conflicts=found).passed
    assert gate(VALID, conflicts=found, baseline={"k1"}).passed
    assert gate(VALID, conflicts=found, min_severity=0.05).passed
    reviews = pl.DataFrame({"conflict_id": ["k1"], "verdict": ["not_a_conflict"]})
    assert gate(VALID, conflicts=found, reviews=reviews).passed


def test_gate_fails_on_schema_failures_without_conflicts() -> None:
    bad = VALID.with_columns(pl.lit("maybe").alias("modality"))
    result = gate(bad, conflicts=conflicts_frame())
    assert not result.passed
    assert result.summary() == "FAILED: 2 claims, 2 schema failures, 0 conflicts (0 new)"


def test_missing_columns_skip_conflict_search() -> None:
    result = gate(VALID.drop("unit"))
    assert (result.passed, result.conflicts.height) == (False, 0)
    assert result.failures["check"].to_list() == ["column_present"]


def test_gone_conflicts_are_listed() -> None:
    result = gate(VALID, conflicts=conflicts_frame(conflict("k1", 0.02)), baseline={"k1", "k0"})
    assert result.gone == ("k0",)


def test_text_report_word_for_word() -> None:
    result = gate(
        VALID,
        conflicts=conflicts_frame(conflict("k1", 0.016), conflict("k2", 0.001, status="tension")),
        min_severity=0.01,
        baseline={"k9"},
    )
    assert render_text(result) == (
        "FAILED: 2 claims, 0 schema failures, 2 conflicts (1 new)\n"
        "new conflicts (severity >= 0.01, no review):\n"
        "  k1 conflict 0.016: openai / acquisition_price: 64亿美元 vs 65亿美元: no overlap\n"
        "    from news.md\n"
        "conflicts by outcome: new 1, below_threshold 1, baseline 0, reviewed 0\n"
        "gone since the baseline: 1 (k9)\n"
    )


def test_json_report() -> None:
    result = gate(VALID, conflicts=conflicts_frame(conflict("k1", 0.016)))
    doc = json.loads(render_json(result))
    assert (doc["passed"], doc["claims"], doc["schema_failures"]) == (False, 2, [])
    assert [(c["conflict_id"], c["outcome"]) for c in doc["conflicts"]] == [("k1", "new")]


def test_junit_report() -> None:
    bad = VALID.with_columns(pl.lit("maybe").alias("modality"))
    found = conflicts_frame(
        conflict("k1", 0.016), conflict("k2", 0.001), conflict("k3", 0.5, verdict="confirmed")
    )
    suite = ET.fromstring(render_junit(gate(bad, conflicts=found, min_severity=0.01)))
    assert suite.tag == "testsuite"
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("4", "2", "1")
    cases = suite.findall("testcase")
    assert cases[0].find("failure").text.splitlines() == [
        "row 1 a: modality: modality_known: maybe",
        "row 2 b: modality: modality_known: maybe",
    ]
    assert cases[1].get("name") == "openai / acquisition_price: 64亿美元 vs 65亿美元 [k1]"
    assert cases[1].find("failure").get("message") == "new unreviewed conflict"
    assert cases[2].find("skipped") is not None
    assert cases[3].find("failure") is None and cases[3].find("skipped") is None


# --- the command, with the real conflict finder ----------------------------------------------


def run_cli(args: list[str], capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(sys, "argv", ["claims", *args])
    with pytest.raises(SystemExit) as stop:
        main()
    out = capsys.readouterr()
    return stop.value.code, out.out, out.err


@pytest.fixture
def claims_file(tmp_path: Path) -> Path:
    pytest.importorskip("claims.conflicts.find")
    return write_table(VALID, tmp_path / "claims.parquet")


def test_check_fails_on_new_conflict(claims_file: Path, capsys, monkeypatch) -> None:
    code, out, _ = run_cli(["check", "--claims", str(claims_file)], capsys, monkeypatch)
    assert code == 1
    assert out.startswith("FAILED: 2 claims, 0 schema failures, 1 conflict (1 new)\n")


def test_check_passes_with_baseline(claims_file: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    from claims.conflicts.find import find_conflicts

    baseline = write_table(find_conflicts(VALID), tmp_path / "baseline.parquet")
    code, out, _ = run_cli(
        ["check", "-c", str(claims_file), "--baseline", str(baseline)], capsys, monkeypatch
    )
    assert (code, out.splitlines()[0]) == (0, "passed: 2 claims, 0 schema failures, 1 conflict (0 new)")
    # a claims file works as a baseline too: its conflicts are found again
    code, _, _ = run_cli(
        ["check", "-c", str(claims_file), "--baseline", str(claims_file)], capsys, monkeypatch
    )
    assert code == 0


def test_check_passes_with_review(claims_file: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    from claims.conflicts.find import find_conflicts

    ident = find_conflicts(VALID)["conflict_id"][0]
    reviews = tmp_path / "reviews.toml"
    reviews.write_text(
        f'[[review]]\nconflict_id = "{ident}"\nverdict = "not_a_conflict"\nnote = "rounding"\n',
        encoding="utf-8",
    )
    code, _, _ = run_cli(["check", "-c", str(claims_file), "--reviews", str(reviews)], capsys, monkeypatch)
    assert code == 0


def test_check_threshold(claims_file: Path, capsys, monkeypatch) -> None:
    code, _, _ = run_cli(["check", "-c", str(claims_file), "--min-severity", "0.5"], capsys, monkeypatch)
    assert code == 0


def test_check_writes_junit_and_json(claims_file: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    report = tmp_path / "out" / "report.xml"
    code, out, _ = run_cli(["check", "-c", str(claims_file), "-o", str(report)], capsys, monkeypatch)
    assert code == 1
    assert out == "FAILED: 2 claims, 0 schema failures, 1 conflict (1 new)\n"
    assert ET.parse(report).getroot().get("failures") == "1"
    code, out, _ = run_cli(["check", "-c", str(claims_file), "--format", "json"], capsys, monkeypatch)
    assert (code, json.loads(out)["passed"]) == (1, False)


def test_check_needs_one_input(capsys, monkeypatch) -> None:
    code, out, err = run_cli(["check"], capsys, monkeypatch)
    assert (code, out, err) == (2, "", "error: give corpus PATHS or --claims FILE (one of the two)\n")


def test_check_bad_baseline_exits_2(claims_file: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    baseline = tmp_path / "baseline.csv"
    baseline.write_text("a,b\n1,2\n", encoding="utf-8")
    code, _, err = run_cli(["check", "-c", str(claims_file), "-b", str(baseline)], capsys, monkeypatch)
    assert (code, err) == (
        2,
        f"error: {baseline}: not a baseline: neither a conflicts table nor a claims table\n",
    )


def test_stale_review_is_named(claims_file: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    reviews = tmp_path / "reviews.toml"
    reviews.write_text(
        '[[review]]\nconflict_id = "cf-000000000000"\nverdict = "confirmed"\nclaim_ids = ["a"]\n',
        encoding="utf-8",
    )
    code, out, _ = run_cli(["check", "-c", str(claims_file), "-r", str(reviews)], capsys, monkeypatch)
    from claims.conflicts.find import find_conflicts

    now = find_conflicts(VALID)["conflict_id"][0]
    assert code == 1
    assert out.splitlines()[-1] == (
        f"stale review: {reviews}:1: review of cf-000000000000 (confirmed) is stale: the group changed; "
        f"its claims are now in {now}; not applied"
    )


def test_seed_conflicts_fit_the_conflicts_schema(seeds_dir: Path) -> None:
    extract = pytest.importorskip("claims.extraction.extract")
    from claims.conflicts.find import find_conflicts
    from claims.validation.validator import validate_conflicts

    found = find_conflicts(extract.extract_corpus([seeds_dir]))
    assert found.height > 0
    assert validate_conflicts(found).to_dicts() == []


def test_check_of_a_corpus_spreads_it_over_jobs(cli, tmp_path: Path, monkeypatch) -> None:
    # a CI gate on a large corpus uses every core, as extract and run do: the same report either way,
    # the corpus split once
    import claims.extraction.each as each
    import claims.ingest.stream as stream

    from .conftest import FIXTURES

    monkeypatch.setattr(each, "PARALLEL_FROM", 0)  # the fixtures are small; spread them anyway
    reads: list[object] = []
    real = stream.iter_documents

    def counted(*args: object, **kwargs: object):
        reads.append(kwargs.get("split", True))
        return real(*args, **kwargs)

    monkeypatch.setattr(stream, "iter_documents", counted)
    reports = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"check-{jobs}.json"
        result = cli("check", FIXTURES / "corpus", "-j", jobs, "-o", out)
        assert result.code in (0, 1) and "Traceback" not in result.err, result.err
        reports[jobs] = json.loads(out.read_text(encoding="utf-8"))
    assert reports["1"] == reports["2"] and reports["1"]["claims"] > 0
    # split into items once per check, for its claims; the quotes are checked against the texts
    # read again (never held whole), unsplit
    assert reads.count(True) == 2 and len(reads) >= 4


def test_check_shows_its_progress_and_keeps_the_report(cli, tmp_path: Path, monkeypatch) -> None:
    # on a terminal a bar counts the documents extracted, told from the workers' results thread too
    import claims.extraction.each as each
    from claims.cli.app import Output

    from .conftest import FIXTURES

    monkeypatch.setattr(each, "PARALLEL_FROM", 0)
    plain = cli("check", FIXTURES / "corpus", "-j", "2", "-o", tmp_path / "plain.json")
    monkeypatch.setattr(Output, "show_progress", property(lambda self: self.verbosity >= 0))
    shown = cli("check", FIXTURES / "corpus", "-j", "2", "-o", tmp_path / "shown.json")
    assert plain.code == shown.code and "Traceback" not in shown.err
    assert (tmp_path / "plain.json").read_bytes() == (tmp_path / "shown.json").read_bytes()
