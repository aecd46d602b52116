"""Corrections of single claims: found by id or by quote and place, kept across re-extraction and a
paragraph inserted at the top, applied before conflicts; one that finds no claim is reported."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from claims import extract_corpus
from claims.errors import ResourceError
from claims.extraction.corrections import apply_corrections, load_corrections, summary
from claims.resources import sample_corpus_dir

from .conftest import SEEDS
from .test_ids import INSERTED


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(value)


def correction_for(claim: dict, **changes: object) -> str:
    """A `[[correction]]` naming `claim` by id and by place, with `changes`."""
    fields = {
        "claim_id": claim["claim_id"],
        "doc": claim["doc_id"],
        "quote": claim["quote"],
        "context": claim["sentence"],
        **changes,
    }
    return "[[correction]]\n" + "".join(f"{k} = {_toml(v)}\n" for k, v in fields.items())


def _insert_at_top(folder: Path) -> None:
    for file in sorted(folder.rglob("*")):
        if file.suffix in (".md", ".txt"):
            text = file.read_text(encoding="utf-8")
            cut = text.index("\n---", 3) + 5 if text.startswith("---\n") else 0  # after any front matter
            file.write_text(text[:cut] + INSERTED + text[cut:], encoding="utf-8")


@pytest.fixture(scope="module")
def sample() -> pl.DataFrame:
    return extract_corpus([sample_corpus_dir()])


def _claim(claims: pl.DataFrame, quote: str, sentence_part: str) -> dict:
    found = claims.filter(
        (pl.col("quote") == quote) & pl.col("sentence").str.contains(sentence_part, literal=True)
    )
    assert found.height == 1, found
    return found.row(0, named=True)


# (quote, a piece of its sentence, the change, the column it sets, the value it sets)
CASES = [
    ("1亿美元", "### LMArena", {"subject": "LMArena"}, "subject_key", "LMArena"),
    ("约6亿美元", "公司估值约6亿美元", {"subject": "LMArena"}, "subject_key", "LMArena"),
    ("600W", "整卡功耗", {"value": "575W"}, "value", 575.0),
    ("90.8%", "MMLU上得分90.8%", {"attribute": "MMLU-Pro"}, "attribute_key", "MMLU-Pro"),
    ("六个", "六个", {"kind": "other"}, "kind", "other"),
    ("两周", "离CES开幕还有两周", {"not_a_claim": True}, None, None),
]


def _corrections_file(claims: pl.DataFrame, folder: Path) -> tuple[Path, list[dict]]:
    chosen = [_claim(claims, quote, part) for quote, part, *_ in CASES]
    text = "\n".join(correction_for(claim, **case[2]) for claim, case in zip(chosen, CASES, strict=True))
    path = folder / "corrections.toml"
    path.write_text(text, encoding="utf-8")
    return path, chosen


def _check_applied(claims: pl.DataFrame, result, chosen: list[dict]) -> None:
    assert result.problems == () and result.applied == len(CASES) and result.removed == 1
    assert result.claims.height == claims.height - 1
    by_id = {row["claim_id"]: row for row in result.claims.iter_rows(named=True)}
    for claim, (_, _, _, column, value) in zip(chosen, CASES, strict=True):
        if column is None:
            assert claim["claim_id"] not in by_id
        else:
            assert by_id[claim["claim_id"]][column] == value


def test_corrections_apply_by_id(sample: pl.DataFrame, tmp_path: Path) -> None:
    path, chosen = _corrections_file(sample, tmp_path)
    _check_applied(sample, apply_corrections(sample, load_corrections(path)), chosen)


def test_a_correction_survives_a_paragraph_inserted_at_the_top(sample: pl.DataFrame, tmp_path: Path) -> None:
    path, chosen = _corrections_file(sample, tmp_path)
    copy = tmp_path / "sample"
    shutil.copytree(sample_corpus_dir(), copy)
    _insert_at_top(copy)
    again = extract_corpus([copy])
    assert again["start"].to_list() != sample["start"].to_list()  # the offsets moved
    _check_applied(again, apply_corrections(again, load_corrections(path)), chosen)


def _edited_sample(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the bundled sample whose article writes `new` where it wrote `old`."""
    copy = tmp_path / "sample"
    shutil.copytree(sample_corpus_dir(), copy)
    article = copy / "articles.txt"
    article.write_text(article.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return copy


def test_a_correction_finds_its_claim_by_place_when_the_id_changed(
    sample: pl.DataFrame, tmp_path: Path
) -> None:
    """The sentence was edited, so the claim's id changed: its quote, document and context still find it."""
    claim = _claim(sample, "600W", "整卡功耗")
    path = tmp_path / "c.toml"
    path.write_text(correction_for(claim, value="575W"), encoding="utf-8")
    again = extract_corpus([_edited_sample(tmp_path, "整卡功耗", "整张卡的功耗")])
    assert claim["claim_id"] not in again["claim_id"].to_list()
    result = apply_corrections(again, load_corrections(path))
    assert result.applied == 1 and result.problems == () and result.found_by == {"quote and place": 1}
    assert summary(result) == "corrections: 1 applied (1 found by quote and place)"
    fixed = result.claims.filter(pl.col("quote") == "600W").row(0, named=True)
    assert (fixed["value"], fixed["unit"], fixed["sentence"]) == (
        575.0,
        "W",
        claim["sentence"].replace("整卡功耗", "整张卡的功耗"),
    )


def test_a_rewritten_sentence_is_not_the_claim_corrected(sample: pl.DataFrame, tmp_path: Path) -> None:
    """The same figure in a sentence that is now about something else: not taken for the claim."""
    claim = _claim(sample, "600W", "整卡功耗")
    path = tmp_path / "c.toml"
    path.write_text(correction_for(claim, value="575W"), encoding="utf-8")
    rewritten = "据悉，RTX 5090 的显卡整卡功耗在压力测试中峰值可达600W。"
    edited = _edited_sample(tmp_path, claim["sentence"], rewritten)
    result = apply_corrections(extract_corpus([edited]), load_corrections(path))
    assert result.applied == 0 and len(result.problems) == 1 and "finds no claim" in result.problems[0]


def test_a_correction_that_finds_no_claim_is_reported(sample: pl.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        '# kept\n[[correction]]\nclaim_id = "0000000000000000"\ndoc = "articles.txt"\nquote = "999W"\n'
        "not_a_claim = true\n",
        encoding="utf-8",
    )
    result = apply_corrections(sample, load_corrections(path))
    assert result.claims.equals(sample) and result.applied == 0
    assert result.problems == (
        f"{path}:2: correction of 0000000000000000 ('999W' in articles.txt) finds no claim; not applied",
    )


def test_two_claims_a_correction_cannot_tell_apart(sample: pl.DataFrame, tmp_path: Path) -> None:
    twins = sample.filter(pl.col("quote") == "64亿美元")
    assert twins.height == 2  # the same figure twice in one document
    path = tmp_path / "c.toml"
    path.write_text(
        '[[correction]]\ndoc = "digest-2025-05-22.md"\nquote = "64亿美元"\nkind = "other"\n', encoding="utf-8"
    )
    result = apply_corrections(sample, load_corrections(path))
    assert result.problems == (
        f"{path}:1: correction of '64亿美元' in digest-2025-05-22.md matches 2 claims "
        "(give a longer context); not applied",
    )


FIELD_LIST = (
    "claim_id, doc, quote, context, not_a_claim, subject, attribute, kind, value, note, reviewer, date"
)
BAD_FILES = [  # (the file, the one-line error)
    ('[[correction]]\nclaim_id = "x"\n',
     "c.toml:1: a correction changes something (set one of not_a_claim, subject, attribute, kind, value)"),
    ('[[correction]]\nquote = "5%"\nkind = "score"\n',
     "c.toml:1: a correction names its claim (give claim_id, or doc and quote)"),
    ('[[correction]]\nclaim_id = "x"\nkind = "weight"\n',
     "c.toml:1: unknown kind 'weight' "
     "(use one of score, parameter_count, speedup, change, price, spec, count, other)"),
    ('\n[[correction]]\nclaim_id = "x"\nvalue = "about five"\n',
     "c.toml:2: value 'about five' is not one figure (write it as 65亿美元)"),
    ('[[correction]]\nclaim_id = "x"\nsubjekt = "y"\n',
     f"c.toml:1: unknown field 'subjekt' in a correction (fields: {FIELD_LIST})"),
    ('[[correction]]\nclaim_id = "x"\nnot_a_claim = "yes"\n',
     "c.toml:1: not_a_claim must be true or false"),
    ('[[correction]]\nclaim_id = "x"\nkind = "score"\n[[correction]]\nclaim_id = "x"\nkind = "other"\n',
     "c.toml:4: a second correction of x (first at c.toml:1) (keep one correction per claim)"),
    ("[[correction]\n", "c.toml:1:13: not valid TOML: Expected ']]' at the end of an array declaration"),
    ('[[review]]\nconflict_id = "x"\n',
     "c.toml: unexpected top-level key 'review' (write [[correction]] tables)"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "message"), BAD_FILES)
def test_bad_corrections_files_name_the_file_and_line(
    text: str, message: str, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("c.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ResourceError) as caught:
        load_corrections("c.toml")
    assert str(caught.value) == message


def test_corrections_apply_before_conflicts_in_every_command(
    cli, sample: pl.DataFrame, tmp_path: Path
) -> None:
    claims_path = tmp_path / "claims.parquet"
    sample.write_parquet(claims_path)
    dropped = _claim(sample, "90.8%", "MMLU上得分90.8%")
    path = tmp_path / "c.toml"
    path.write_text(correction_for(dropped, not_a_claim=True), encoding="utf-8")
    before = cli("conflicts", claims_path)
    after = cli("conflicts", claims_path, "--corrections", path)
    assert "DeepSeek-R1 / MMLU:" in before.out and "DeepSeek-R1 / MMLU:" not in after.out
    assert after.code == 0 and after.err == ""
    report = cli("report", claims_path, "--corrections", path, "-o", tmp_path / "r.html")
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert (
        report.code == 0
        and dropped["claim_id"] not in page
        and _claim(sample, "91.2%", "6710")["claim_id"] in page
    )
    table = cli("table", "model_leaderboard", claims_path, "--corrections", path)
    assert table.code == 0 and "90.8" not in table.out


def test_run_reports_a_correction_that_finds_no_claim(cli, tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        '[[correction]]\ndoc = "articles.txt"\nquote = "999W"\nnot_a_claim = true\n', encoding="utf-8"
    )
    result = cli("run", "--corrections", path, "-o", tmp_path / "out")
    assert result.code == 0
    assert result.err.strip() == (
        f"warning: {path}:1: correction of '999W' in articles.txt finds no claim; not applied"
    )
    assert "  corrections: 0 applied, 1 not applied" in result.out.splitlines()


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/corpus/seeds is not present")
def test_seed_corrections_survive_a_paragraph_inserted_at_the_top(tmp_path: Path) -> None:
    claims = extract_corpus([SEEDS])
    # one claim of every seed document, the first there whose quote is unique in its sentence
    picked = claims.filter(~pl.col("derived").fill_null(False)).unique(
        "doc_id", keep="first", maintain_order=True
    )
    path = tmp_path / "c.toml"
    path.write_text(
        "\n".join(correction_for(c, kind="other") for c in picked.iter_rows(named=True)), encoding="utf-8"
    )
    copy = tmp_path / "seeds"
    shutil.copytree(SEEDS, copy)
    _insert_at_top(copy)
    result = apply_corrections(extract_corpus([copy]), load_corrections(path))
    assert result.problems == () and result.applied == picked.height


def test_the_ci_gate_applies_corrections(cli, sample: pl.DataFrame, tmp_path: Path) -> None:
    claims_path = tmp_path / "claims.parquet"
    sample.write_parquet(claims_path)
    path = tmp_path / "c.toml"
    path.write_text(
        correction_for(_claim(sample, "90.8%", "MMLU上得分90.8%"), not_a_claim=True), encoding="utf-8"
    )
    before = cli("check", "--claims", claims_path).out.splitlines()[0]
    after = cli("check", "--claims", claims_path, "--corrections", path).out.splitlines()[0]
    assert before == f"FAILED: {sample.height} claims, 0 schema failures, 7 conflicts (7 new)"
    assert after == f"FAILED: {sample.height - 1} claims, 0 schema failures, 6 conflicts (6 new)"
