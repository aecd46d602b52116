"""The review page: order, content, escaping, determinism, the CLI, and a real headless browser."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import polars as pl
import pytest

from claims.model import claims_frame
from claims.output.report import order_conflicts, review_page, write_report

from .headless import CHROMIUM, HEADLESS_FLAGS
from .tables_fixture import claims_fixture, conflicts_fixture


@pytest.fixture(scope="module")
def claims() -> pl.DataFrame:
    return claims_fixture()


@pytest.fixture(scope="module")
def conflicts() -> pl.DataFrame:
    return conflicts_fixture()


@pytest.fixture(scope="module")
def page(claims: pl.DataFrame, conflicts: pl.DataFrame) -> str:
    return review_page(claims, conflicts)


class Cards(HTMLParser):
    """The conflict cards of a page in order: (status, review, heading text) each, and every href."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: list[list[str]] = []
        self.hrefs: list[str] = []
        self.scripts = 0
        self._in_h3 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "article":
            self.cards.append([found["data-status"] or "", found["data-review"] or "", ""])
        self._in_h3 = self._in_h3 or tag == "h3"
        if tag == "a":
            self.hrefs.append(found.get("href") or "")
        self.scripts += tag == "script"
        if tag in ("link", "img", "iframe") or (tag == "script" and found.get("src")):
            raise AssertionError(f"external resource: <{tag} {attrs}>")

    def handle_endtag(self, tag: str) -> None:
        self._in_h3 = self._in_h3 and tag != "h3"

    def handle_data(self, data: str) -> None:
        if self._in_h3:
            self.cards[-1][2] += data


def parse(page: str) -> Cards:
    parser = Cards()
    parser.feed(page)
    return parser


def test_conflicts_come_first_worst_first(page: str) -> None:
    assert [tuple(card) for card in parse(page).cards] == [
        ("conflict", "open", "OpenAI · acquisition_price → io"),
        ("conflict", "reviewed", "DeepSeek-R1 · AIME 2024"),
        ("rumour", "open", "RTX 5090 · price"),
        ("tension", "reviewed", "RTX 4090 · price"),  # settled as not a conflict: last
    ]


def test_order_uses_severity_within_a_status(conflicts: pl.DataFrame) -> None:
    flipped = conflicts.with_columns(verdict=pl.lit(None, dtype=pl.String))
    ordered = order_conflicts(flipped)
    assert ordered["status"].to_list() == ["conflict", "conflict", "rumour", "tension"]
    assert ordered["severity"].to_list() == [0.0156, 0.0076, 0.125, 0.0006]


def test_figures_side_by_side_with_highlighted_sentences(page: str) -> None:
    card = page[page.index('data-status="rumour"') :].split("</article>")[0]
    figures = re.findall(r'<div class="value">(.*?)<small>(.*?)</small>', card)
    assert figures == [("1999 美元", "$1,999"), ("2000-2500 美元", "$2,000–2,500")]
    assert "<mark>2000-2500 美元</mark>左右" in card
    assert '<span class="tag">speculative</span>' in card
    assert (
        '<a href="https://example.com/ces-rtx50">RTX 50 series launch: prices and specs</a> · 2025-01-07'
        in card
    )
    assert "severity 0.125 · 2 claims · 2 sources" in card


def test_verdict_and_note_are_shown(page: str) -> None:
    card = page[page.index("DeepSeek-R1 · AIME 2024") :].split("</article>")[0]
    assert '<span class="badge verdict v-confirmed">confirmed</span>' in card
    assert "Note: the report&#x27;s table gives 79.8 &lt;b&gt;Pass@1&lt;/b&gt;" in card


def test_summary_counts(page: str) -> None:
    stats = re.findall(r'<div class="stat[^"]*"><b>([\d,]+)</b><span>(.*?)</span>', page)
    assert stats == [
        ("20", "claims"),
        ("4", "sources"),
        ("4", "documents"),
        ("2", "conflict"),
        ("1", "rumour"),
        ("1", "tension"),
        ("2", "reviewed, 1 settled"),
        ("2", "open"),
    ]


def test_untrusted_text_is_escaped_and_offline(page: str) -> None:
    parsed = parse(page)
    assert parsed.scripts == 1  # the page's own filter script, nothing injected
    assert "<script>alert" not in page
    assert "RTX 5090 specs leak &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert all(href.startswith("https://") for href in parsed.hrefs)
    assert "link withheld: javascript:alert(&#x27;x&#x27;)" in page
    assert 'href="https://example.com/digest?a=1&amp;b=2"' in page


def test_page_is_deterministic(claims: pl.DataFrame, conflicts: pl.DataFrame, page: str) -> None:
    assert review_page(claims, conflicts.reverse()) == page


def test_page_snapshot(page: str, snapshot) -> None:
    assert page == snapshot


def test_no_conflicts_and_no_claims() -> None:
    page = review_page(claims_frame([]), None)
    assert '<p class="empty">No conflicting figures were found.</p>' in page
    assert "<summary>All 0 claims</summary>" in page


def test_cli_report(cli, tmp_path: Path, claims: pl.DataFrame, conflicts: pl.DataFrame) -> None:
    claims.write_parquet(tmp_path / "claims.parquet")
    conflicts.write_parquet(tmp_path / "conflicts.parquet")
    out = tmp_path / "out" / "report.html"
    result = cli(
        "report", tmp_path / "claims.parquet", "--conflicts", tmp_path / "conflicts.parquet", "-o", out
    )
    assert result.code == 0, result
    assert result.out.strip() == f"20 claims, 2 conflict, 1 rumour, 1 tension -> {out}"
    assert out.read_text(encoding="utf-8") == review_page(claims, conflicts)


def test_cli_report_wants_html(cli, tmp_path: Path, claims: pl.DataFrame) -> None:
    claims.write_parquet(tmp_path / "claims.parquet")
    result = cli("report", tmp_path / "claims.parquet", "-o", tmp_path / "report.pdf")
    assert result.code == 2
    assert (
        result.err.strip()
        == f"error: {tmp_path / 'report.pdf'}: the review page is HTML (name the output .html)"
    )


def test_cli_report_broken_claims_file(cli, tmp_path: Path) -> None:
    broken = tmp_path / "claims.parquet"
    broken.write_bytes(b"not parquet")
    result = cli("report", broken, "-o", tmp_path / "r.html")
    assert result.code == 2
    assert result.err.startswith(f"error: {broken}: not a readable parquet table")
    assert "Traceback" not in result.err


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        CHROMIUM or "chromium",
        *HEADLESS_FLAGS,
        f"--user-data-dir={tmp_path / 'profile'}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_conflicts_are_on_screen_in_chromium(
    tmp_path: Path, claims: pl.DataFrame, conflicts: pl.DataFrame
) -> None:
    path = write_report(claims, conflicts, tmp_path / "report.html")
    done = chromium(tmp_path, "--dump-dom", path.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    # The inline script ran: it rewrote the count, and hid no card with every filter open.
    assert '<span id="shown">4 of 4 conflicts shown</span>' in dom
    cards = re.findall(r"<article ([^>]*)>", dom)
    assert len(cards) == 4 and not any("hidden" in card for card in cards)
    for figure in ("64亿美元", "$6.5 billion", "1999 美元", "2000-2500 美元", "79.8%", "79.2%"):
        assert f'<div class="value">{figure}' in dom
    shot = chromium(
        tmp_path, f"--screenshot={tmp_path / 'shot.png'}", "--window-size=1280,1800", path.as_uri()
    )
    assert shot.returncode == 0, shot.stderr[-2000:]
    assert (tmp_path / "shot.png").stat().st_size > 20_000  # a blank page compresses to a few KB


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_filters_from_the_address_in_chromium(
    tmp_path: Path, claims: pl.DataFrame, conflicts: pl.DataFrame
) -> None:
    path = write_report(claims, conflicts, tmp_path / "report.html")
    done = chromium(tmp_path, "--dump-dom", path.as_uri() + "#status=conflict,tension&kind=score&review=all")
    assert done.returncode == 0, done.stderr[-2000:]
    assert '<span id="shown">1 of 4 conflicts shown</span>' in done.stdout
    shown = [card for card in re.findall(r"<article ([^>]*)>", done.stdout) if "hidden" not in card]
    assert len(shown) == 1 and 'data-kinds="score"' in shown[0]
    claim_rows = re.findall(r'<tr data-kind="(\w+)"[^>]*?( hidden="")?>', done.stdout)
    assert {kind for kind, hidden in claim_rows if not hidden} == {"score"}


def test_cli_report_not_a_claims_table(cli, tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    result = cli("report", other, "-o", tmp_path / "r.html")
    assert result.code == 2
    assert result.err.strip() == (
        f"error: {other}: not a claims table: missing columns claim_id, doc_id, segment_id, title, "
        "source_url, published and 20 more"
    )


def test_page_from_a_bare_conflicts_table(claims: pl.DataFrame, conflicts: pl.DataFrame) -> None:
    page = review_page(claims, conflicts.select("conflict_id", "status", "claim_ids"))
    assert len(parse(page).cards) == 4
    assert page.count("severity unknown") == 4


def test_the_page_is_written_in_pieces_the_same_as_made_whole(
    claims: pl.DataFrame, conflicts: pl.DataFrame, page: str, tmp_path: Path, monkeypatch
) -> None:
    # a large corpus's page is written a thousand claim rows at a time, never held whole: the same
    # bytes as the page made in one piece, however the rows are cut
    from claims.output import claims_browser
    from claims.output.report import review_page_pieces

    monkeypatch.setattr(claims_browser, "_ROWS_AT_ONCE", 2)
    pieces = list(review_page_pieces(claims, conflicts))
    assert claims.height > 4 and len(pieces) > claims.height // 2
    assert "".join(pieces) == page
    written = write_report(claims, conflicts, tmp_path / "page.html")
    assert written.read_bytes() == page.encode("utf-8")


def test_a_sentence_items_repeat_from_one_source_is_quoted_once(
    claims: pl.DataFrame, conflicts: pl.DataFrame
) -> None:
    # a story several digests carry: its sentence is quoted once on the card, with how many more
    # items give it, and every claim still belongs to the group
    from claims.model import source_of

    grouped = set(conflicts.filter(pl.col("status") == "conflict")["claim_ids"][0])
    linked = claims.filter(pl.col("claim_id").is_in(list(grouped)) & pl.col("source_url").is_not_null())
    assert linked.height > 0
    copies = pl.concat(
        [
            linked.with_columns(
                claim_id=pl.col("claim_id") + f"-{n}",
                doc_id=pl.lit(f"digest-{n}.md"),
                segment_id=pl.col("segment_id") + f"-{n}",
            )
            for n in (1, 2)
        ]
    )
    repeated = conflicts.with_columns(
        pl.when(pl.col("status") == "conflict")
        .then(pl.col("claim_ids").list.concat(pl.lit(copies["claim_id"].to_list())))
        .otherwise(pl.col("claim_ids"))
    )
    once, thrice = review_page(claims, conflicts), review_page(pl.concat([claims, copies]), repeated)
    card = lambda html: html[html.index("<article") : html.index("</article>")]  # noqa: E731
    assert card(thrice).count('class="claim"') == card(once).count('class="claim"')
    assert card(thrice).count("also in 2 more items of this source") == linked.select(source_of()).height
    ids = re.search(r'data-claim-ids="([^"]*)"', card(thrice)).group(1).split()  # what a verdict covers
    assert set(copies["claim_id"]) <= set(ids)
    assert f"{len(ids)} claims" in card(thrice)


def _browsed_ids(page: str) -> list[str]:
    table = page[page.index('<table class="claims"') :].split("</table>")[0]
    return re.findall(r'<tr data-kind="[^"]*"[^>]* data-id="([^"]*)"', table)


@pytest.mark.parametrize("most", [12, 3])
def test_a_page_holds_at_most_so_many_claims_those_of_the_conflicts_first(
    claims: pl.DataFrame, conflicts: pl.DataFrame, most: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claims.output import claims_browser

    cited = set(conflicts["claim_ids"].explode().to_list()) & set(claims["claim_id"].to_list())
    assert 3 < len(cited) < 12 < claims.height
    monkeypatch.setattr(claims_browser, "BROWSER_CLAIMS", most)
    page = review_page(claims, conflicts)
    held = _browsed_ids(page)
    assert len(held) == len(set(held)) == max(most, len(cited))
    assert cited <= set(held)
    others = claims.filter(~pl.col("claim_id").is_in(list(cited)))
    newest = others.sort("published", "claim_id", descending=[True, False], nulls_last=True)
    assert set(held) - cited == set(newest["claim_id"].head(len(held) - len(cited)).to_list())
    assert f"<summary>{len(held)} of {claims.height} claims: those of the conflicts" in page
    assert re.search(r'<div class="stat[^"]*"><b>20</b><span>claims</span>', page)  # the summary counts all


def test_a_page_under_the_limit_holds_every_claim(claims: pl.DataFrame, conflicts: pl.DataFrame) -> None:
    page = review_page(claims, conflicts)
    assert sorted(_browsed_ids(page)) == sorted(claims["claim_id"].to_list())
    assert f"<summary>All {claims.height} claims</summary>" in page
