"""Reviews: the verdicts file, its checks, stale reviews, ClaimReview export and the CLI command."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from claims import find_conflicts
from claims.conflicts.reviews import describe_stale, load_reviews, reviews_toml, stale_reviews
from claims.errors import ResourceError
from claims.model import VERDICTS, Claim, claims_frame
from claims.output.claimreview import RATINGS, claim_reviews
from claims.output.tableio import read_table, write_table


def price(cid: str, quote: str, value: float, lo: float, hi: float, url: str, published: str) -> Claim:
    return Claim(
        cid, f"{cid}.md", f"{cid}.md#0", f"title {cid}", url, published, 0, len(quote), quote, quote,
        "price", "OpenAI", "OpenAI", "收购", "acquisition_price", "io", None, value, lo, hi, "USD", "exact",
        "asserted", "zh", "test",
    )  # fmt: skip


A = price("a", "64亿美元", 6.4e9, 6.35e9, 6.45e9, "https://a.example/1", "2025-05-22")
B = price("b", "65亿美元", 6.5e9, 6.45e9, 6.55e9, "https://b.example/2", "2025-05-21")
C = price("c", "64亿美元", 6.4e9, 6.35e9, 6.45e9, "https://c.example/3", "2025-05-23")


@pytest.fixture
def claims() -> pl.DataFrame:
    return claims_frame([A, B])


@pytest.fixture
def group_id(claims: pl.DataFrame) -> str:
    return find_conflicts(claims)["conflict_id"][0]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_toml_reviews_load(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "r.toml",
        '# verdicts\n[[review]]\nconflict_id = "cf-1"\nverdict = "resolved"\ncorrect_value = "65亿美元"\n'
        'note = "official figure"\nreviewer = "lin"\ndate = 2026-11-20\nclaim_ids = ["b", "a"]\n\n'
        '[[review]]\nconflict_id = "cf-2"\nverdict = "not_a_conflict"\n',
    )
    reviews = load_reviews(path)
    assert reviews["conflict_id"].to_list() == ["cf-1", "cf-2"]
    first = reviews.row(0, named=True)
    assert (first["verdict"], first["correct_value"], first["date"]) == ("resolved", "65亿美元", "2026-11-20")
    assert first["claim_ids"] == ["a", "b"] and first["line"] == 2
    assert reviews.row(1, named=True)["line"] == 11


def test_csv_reviews_load(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "r.csv",
        "conflict_id,verdict,correct_value,note,reviewer,date,claim_ids\n"
        'cf-1,confirmed,,"two digests, two figures",lin,2026-11-20,a; b\n',
    )
    row = load_reviews(path).row(0, named=True)
    assert (row["verdict"], row["note"], row["claim_ids"], row["line"]) == (
        "confirmed", "two digests, two figures", ["a", "b"], 2,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("r.toml", '[[review]]\nconflict_id = "x"\nverdict = "maybe"\n',
         "r.toml:1: unknown verdict 'maybe' "
         "(use one of confirmed, not_a_conflict, not_same_fact, needs_more, resolved)"),
        ("r.toml", '[[review]]\nconflict_id = "x"\nverdict = "confirmed"\n\n[[review]]\nconflict_id = "y"\n'
         'verdict = "resolved"\n', "r.toml:5: a resolved review needs correct_value"),
        ("r.toml", '[[review]]\nconflict_id = "x"\nverdict = "confirmed"\ndate = "20 Nov"\n',
         "r.toml:1: date '20 Nov' is not a date (write YYYY-MM-DD)"),
        ("r.toml", '[[review]]\nconflict_id = "x"\nverdit = "confirmed"\n',
         "r.toml:1: unknown field 'verdit' in a review "
         "(fields: conflict_id, verdict, correct_value, note, reviewer, date, claim_ids)"),
        ("r.toml", '[[review]]\nconflict_id = "x"\nverdict = "confirmed"\n[[review]]\nconflict_id = "x"\n'
         'verdict = "confirmed"\n',
         "r.toml:4: a second review of x (first at line 1) (keep one verdict per group)"),
        ("r.toml", '[[review]]\nconflict_id = "x\n', "r.toml:2:17: not valid TOML: Illegal character '\\n'"),
        ("r.toml", '[[review]]\nverdict = "confirmed"\n', "r.toml:1: a review needs a conflict_id"),
        ("r.csv", "conflict_id,verdict,colour\nx,confirmed,red\n",
         "r.csv:1: unknown column 'colour' "
         "(columns: conflict_id, verdict, correct_value, note, reviewer, date, claim_ids)"),
        ("r.csv", "conflict_id,verdict\nx,confirmed\ny,resolved,oops\n",
         "r.csv:3: more cells than header columns"),
        ("r.yaml", "x: 1\n", "r.yaml: a reviews file is .toml or .csv"),
    ],
)  # fmt: skip
def test_bad_reviews_files_name_the_file_and_line(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = write(tmp_path, name, text)
    with pytest.raises(ResourceError) as caught:
        load_reviews(path)
    assert str(caught.value) == f"{tmp_path}/{message}"


def test_missing_reviews_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ResourceError, match="no such reviews file"):
        load_reviews(tmp_path / "nope.toml")


def test_verdicts_apply_by_conflict_id(tmp_path: Path, claims: pl.DataFrame, group_id: str) -> None:
    path = write(
        tmp_path,
        "r.toml",
        f'[[review]]\nconflict_id = "{group_id}"\nverdict = "resolved"\ncorrect_value = "64亿美元"\n'
        'note = "the deal was 6.4 billion"\n',
    )
    row = find_conflicts(claims, load_reviews(path)).row(0, named=True)
    assert (row["verdict"], row["correct_value"], row["review_note"]) == (
        "resolved", "64亿美元", "the deal was 6.4 billion",
    )  # fmt: skip


def test_a_changed_group_leaves_its_review_stale(tmp_path: Path, claims: pl.DataFrame, group_id: str) -> None:
    path = write(
        tmp_path,
        "r.toml",
        f'[[review]]\nconflict_id = "{group_id}"\nverdict = "confirmed"\nclaim_ids = ["a", "b"]\n',
    )
    reviews = load_reviews(path)
    grown = find_conflicts(claims_frame([A, B, C]), reviews)
    assert grown["conflict_id"][0] != group_id
    assert grown["verdict"][0] is None  # the old verdict no longer applies
    stale = stale_reviews(reviews, grown)
    assert stale["successor"].to_list() == [grown["conflict_id"][0]]
    assert describe_stale(stale) == [
        f"{path}:1: review of {group_id} (confirmed) is stale: the group changed; "
        f"its claims are now in {grown['conflict_id'][0]}; not applied"
    ]
    assert stale_reviews(reviews, find_conflicts(claims, reviews)).is_empty()


def test_review_template_lists_unreviewed_groups_and_loads_once_filled(tmp_path: Path, claims) -> None:
    found = find_conflicts(claims)
    text = reviews_toml(found).replace('verdict = ""', 'verdict = "confirmed"')
    reviews = load_reviews(write(tmp_path, "r.toml", text))
    assert reviews["conflict_id"].to_list() == found["conflict_id"].to_list()
    assert reviews["claim_ids"].to_list() == [["a", "b"]]


def test_claimreview_jsonld_only_for_confirmed(tmp_path: Path, claims: pl.DataFrame, group_id: str) -> None:
    confirmed = load_reviews(
        write(tmp_path, "r.toml", f'[[review]]\nconflict_id = "{group_id}"\nverdict = "confirmed"\n'
              'reviewer = "lin"\ndate = 2026-11-20\nnote = "two figures for one deal"\n')
    )  # fmt: skip
    document = claim_reviews(find_conflicts(claims, confirmed), claims, confirmed)
    assert document["@context"] == "https://schema.org"
    (review,) = document["@graph"]
    assert review["@type"] == "ClaimReview" and review["identifier"] == group_id
    assert review["claimReviewed"] == "OpenAI / acquisition_price / io: 64亿美元 vs 65亿美元"
    assert review["author"] == {"@type": "Person", "name": "lin"}
    assert review["datePublished"] == "2026-11-20" and review["reviewBody"] == "two figures for one deal"
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert [a["url"] for a in item["appearance"]] == ["https://a.example/1", "https://b.example/2"]
    assert item["firstAppearance"]["url"] == "https://b.example/2"  # published first
    assert review["reviewRating"]["alternateName"] == "Conflicting figures"
    assert claim_reviews(find_conflicts(claims), claims)["@graph"] == []


def test_every_verdict_has_its_rating() -> None:
    assert set(RATINGS) == set(VERDICTS)


@pytest.mark.parametrize(
    ("verdict", "extra", "rating"),
    [
        ("confirmed", "", {"ratingValue": 1, "alternateName": "Conflicting figures"}),
        ("resolved", 'correct_value = "65亿美元"\n',
         {"ratingValue": 2, "alternateName": "Conflicting figures, resolved"}),
        ("not_a_conflict", "", {"ratingValue": 3, "alternateName": "Figures agree"}),
        ("not_same_fact", "", {"ratingValue": 3, "alternateName": "Not the same fact"}),
        ("needs_more", "", {"alternateName": "Unproven: needs more evidence"}),
    ],
)  # fmt: skip
def test_claimreview_for_every_verdict(
    tmp_path: Path, claims: pl.DataFrame, group_id: str, verdict: str, extra: str, rating: dict
) -> None:
    reviews = load_reviews(
        write(tmp_path, "r.toml", f'[[review]]\nconflict_id = "{group_id}"\nverdict = "{verdict}"\n{extra}')
    )
    document = claim_reviews(
        find_conflicts(claims, reviews), claims, reviews, page="https://checks.example/r.html", author="lin",
        today="2026-12-01",
    )  # fmt: skip
    (review,) = document["@graph"]
    assert review["url"] == f"https://checks.example/r.html#c-{group_id}"
    assert review["author"] == {"@type": "Person", "name": "lin"} and review["datePublished"] == "2026-12-01"
    assert [a["url"] for a in review["itemReviewed"]["appearance"]] == [
        "https://a.example/1",
        "https://b.example/2",
    ]
    explanation = review["reviewRating"].pop("ratingExplanation")
    assert review["reviewRating"] == {"@type": "Rating", "worstRating": 1, "bestRating": 3, **rating}
    assert explanation.startswith("64亿美元 (1 item) vs 65亿美元 (1 item)")
    assert explanation.endswith("Correct value: 65亿美元.") == (verdict == "resolved")


def test_cli_jsonld_warns_about_a_review_without_reviewer(
    cli, tmp_path: Path, claims: pl.DataFrame, group_id: str
) -> None:
    claims_path = write_table(claims, tmp_path / "claims.parquet")
    reviews = write(tmp_path, "r.toml", f'[[review]]\nconflict_id = "{group_id}"\nverdict = "needs_more"\n')
    jsonld = tmp_path / "out.jsonld"
    result = cli("conflicts", claims_path, "--reviews", reviews, "--jsonld", jsonld)
    assert result.code == 0
    assert result.err.strip() == (
        f"warning: {jsonld}: 1 review(s) name no reviewer, so they have no author "
        "(set reviewer in the reviews file, or give --author)"
    )
    assert "1 reviewed -> " in result.out
    named = cli("conflicts", claims_path, "--reviews", reviews, "--jsonld", jsonld, "--author", "lin")
    assert named.err == ""
    assert json.loads(jsonld.read_text(encoding="utf-8"))["@graph"][0]["author"]["name"] == "lin"


def test_cli_conflicts_writes_table_summary_and_jsonld(
    cli, tmp_path: Path, claims: pl.DataFrame, group_id
) -> None:
    claims_path = write_table(claims, tmp_path / "claims.parquet")
    reviews = write(tmp_path, "r.toml", f'[[review]]\nconflict_id = "{group_id}"\nverdict = "confirmed"\n')
    out, jsonld = tmp_path / "conflicts.parquet", tmp_path / "out.jsonld"
    result = cli("conflicts", claims_path, "-o", out, "--reviews", reviews, "--jsonld", jsonld)
    assert result.code == 0, result
    assert "1 group with disagreeing figures: 1 conflict (1 reviewed)" in result.out
    assert "64亿美元 (1 item) vs 65亿美元 (1 item): 1.6% apart, no overlap [confirmed]" in result.out
    assert read_table(out)["conflict_id"].to_list() == [group_id]
    assert json.loads(jsonld.read_text(encoding="utf-8"))["@graph"][0]["identifier"] == group_id


def test_cli_conflicts_warns_about_stale_reviews(cli, tmp_path: Path, group_id: str) -> None:
    claims_path = write_table(claims_frame([A, B, C]), tmp_path / "claims.csv")
    reviews = write(tmp_path, "r.toml", f'[[review]]\nconflict_id = "{group_id}"\nverdict = "confirmed"\n')
    result = cli("conflicts", claims_path, "--reviews", reviews)
    assert result.code == 0, result
    assert f"warning: {reviews}:1: review of {group_id} (confirmed) is stale" in result.err
    assert "no flagged group holds its claims; not applied" in result.err  # no claim_ids recorded


def test_cli_conflicts_bad_reviews_is_one_line_error(cli, tmp_path: Path, claims: pl.DataFrame) -> None:
    claims_path = write_table(claims, tmp_path / "claims.jsonl")
    reviews = write(tmp_path, "r.toml", '[[review]]\nconflict_id = "x"\nverdict = "nope"\n')
    result = cli("conflicts", claims_path, "--reviews", reviews)
    assert result.code == 2
    assert result.err.strip() == (
        f"error: {reviews}:1: unknown verdict 'nope' "
        "(use one of confirmed, not_a_conflict, not_same_fact, needs_more, resolved)"
    )


def test_cli_conflicts_refuses_a_table_that_is_not_claims(cli, tmp_path: Path) -> None:
    path = write_table(pl.DataFrame({"a": [1]}), tmp_path / "x.csv")
    result = cli("conflicts", path)
    assert result.code == 2 and f"error: {path}: not a claims table: missing columns" in result.err
    assert "Traceback" not in result.err


def test_cli_review_template_then_csv_output(
    cli, tmp_path: Path, claims: pl.DataFrame, group_id: str
) -> None:
    claims_path = write_table(claims, tmp_path / "claims.parquet")
    stubs, out = tmp_path / "stubs.toml", tmp_path / "conflicts.csv"
    result = cli("conflicts", claims_path, "-o", out, "--review-template", stubs)
    assert result.code == 0, result
    assert f'conflict_id = "{group_id}"' in stubs.read_text(encoding="utf-8")
    table = read_table(out)
    assert table["claim_ids"].to_list() == ["a; b"]  # CSV keeps lists as `a; b`
    assert table["status"].to_list() == ["conflict"]
