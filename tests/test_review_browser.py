"""The review page in a real headless Chromium, driven through chromedriver: a verdict clicked on a
card is exported as a reviews file that `claims conflicts --reviews` reads back; the claims browser
searches, filters and sorts. Skips when Selenium, Chromium or chromedriver is absent (`.ci/run`
installs Debian's `chromium` and `chromium-driver`)."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from claims.resources import sample_corpus_dir

from .headless import CHROMIUM, HEADLESS_FLAGS

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None, reason="chromium or chromedriver is not installed"
)
FLAGS = (*HEADLESS_FLAGS, "--window-size=1300,1000")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus's claims table and its review page, as a user makes them."""
    from claims.cli import main

    folder = tmp_path_factory.mktemp("page")
    for args in (
        ["extract", str(sample_corpus_dir()), "-o", str(folder / "claims.parquet")],
        ["report", str(folder / "claims.parquet"), "-o", str(folder / "report.html")],
    ):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("sys.argv", ["claims", "-q", *args])
            with pytest.raises(SystemExit) as done:
                main()
            assert done.value.code in (0, None)
    return folder


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    prefs = {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    options.add_experimental_option("prefs", prefs)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.downloads = downloads
    try:
        yield driver
    finally:
        driver.quit()


def _downloaded(folder: Path, name: str) -> Path:
    """The downloaded file once the browser has finished writing it: present, not empty, no partial
    download beside it, and the same size on two looks in a row (the file may appear before its
    content is all written)."""
    path = folder / name
    size = -1
    for _ in range(200):
        partial = any(p.suffix == ".crdownload" for p in folder.iterdir())
        if path.is_file() and not partial:
            now = path.stat().st_size
            if now > 0 and now == size:
                return path
            size = now
        time.sleep(0.05)
    raise AssertionError(f"nothing downloaded: {sorted(p.name for p in folder.iterdir())}")


def test_a_verdict_clicked_in_the_page_is_read_back_by_conflicts(
    browser, outputs: Path, tmp_path: Path, cli
) -> None:
    browser.get((outputs / "report.html").as_uri())
    card = browser.find_elements(By.CSS_SELECTOR, "article.conflict")[0]
    group = card.get_attribute("id").removeprefix("c-")
    card.find_element(By.CSS_SELECTOR, ".vbtn[data-verdict=confirmed]").click()
    card.find_element(By.CSS_SELECTOR, "textarea.note").send_keys('two digests, "two" figures')
    browser.find_element(By.ID, "reviewer").send_keys("lin")
    browser.find_element(By.ID, "download").click()  # the click also ends the edits above
    assert card.get_attribute("data-review") == "reviewed"
    assert card.find_element(By.CSS_SELECTOR, ".head .badge.verdict").text.lower() == "confirmed"

    exported = _downloaded(browser.downloads, "reviews.toml").read_text(encoding="utf-8")
    assert exported == browser.find_element(By.ID, "export").get_attribute("value")
    assert f'conflict_id = "{group}"\nverdict = "confirmed"\n' in exported
    assert 'note = "two digests, \\"two\\" figures"\nreviewer = "lin"\n' in exported

    reviews = _downloaded(browser.downloads, "reviews.toml")
    result = cli("conflicts", outputs / "claims.parquet", "--reviews", reviews)
    assert result.code == 0, result.err
    assert "(1 reviewed)" in result.out.splitlines()[0]
    assert "[confirmed]" in result.out and result.err == ""

    # Kept in the browser: the page opened again shows the verdict and the note.
    browser.get((outputs / "report.html").as_uri())
    card = browser.find_element(By.ID, f"c-{group}")
    pressed = card.find_element(By.CSS_SELECTOR, ".vbtn[aria-pressed=true]")
    assert pressed.get_attribute("data-verdict") == "confirmed"
    note = card.find_element(By.CSS_SELECTOR, "textarea.note").get_attribute("value")
    assert note == 'two digests, "two" figures'


def test_resolved_without_a_correct_value_is_not_exported(browser, outputs: Path) -> None:
    browser.get((outputs / "report.html").as_uri())
    card = browser.find_elements(By.CSS_SELECTOR, "article.conflict")[1]
    card.find_element(By.CSS_SELECTOR, ".vbtn[data-verdict=resolved]").click()
    assert card.find_element(By.CSS_SELECTOR, ".vstate").text == "resolved needs the correct value"
    assert "[[review]]" not in browser.find_element(By.ID, "export").get_attribute("value")
    card.find_element(By.CSS_SELECTOR, "input.correct").send_keys("18%")
    browser.find_element(By.ID, "reviewer").click()
    exported = browser.find_element(By.ID, "export").get_attribute("value")
    assert 'verdict = "resolved"\ncorrect_value = "18%"\n' in exported


def _shown(browser) -> list:
    rows = browser.find_elements(By.CSS_SELECTOR, "table.claims tbody tr")
    return [row for row in rows if row.is_displayed()]


def _figures(rows: list) -> list[tuple[str, float]]:
    cells = [row.find_element(By.CSS_SELECTOR, "td.num") for row in rows]
    return [(cell.get_attribute("data-unit"), float(cell.get_attribute("data-value"))) for cell in cells]


def test_the_claims_browser_searches_filters_and_sorts(browser, outputs: Path) -> None:
    browser.get((outputs / "report.html").as_uri())
    every = len(browser.find_elements(By.CSS_SELECTOR, "table.claims tbody tr"))
    assert browser.find_element(By.ID, "rows-shown").text == f"{every} of {every} claims shown"

    search = browser.find_element(By.CSS_SELECTOR, "#browse input[name=q]")
    search.send_keys("DeepSeek")
    found = _shown(browser)
    assert 0 < len(found) < every and all("deepseek" in row.text.lower() for row in found)
    search.clear()
    search.send_keys(" ")  # an input event with an empty query: everything again
    assert len(_shown(browser)) == every

    browser.execute_script(
        "var f = document.getElementById('browse'); f.elements.modality.value = 'speculative';"
        "f.dispatchEvent(new Event('change'));"
    )
    speculative = _shown(browser)
    assert speculative and all(row.get_attribute("data-modality") == "speculative" for row in speculative)
    browser.execute_script(
        "var f = document.getElementById('browse'); f.elements.modality.value = 'all';"
        "f.elements.kind.value = 'price'; f.dispatchEvent(new Event('change'));"
    )
    prices = _shown(browser)
    assert prices and all(row.get_attribute("data-kind") == "price" for row in prices)

    figure = browser.find_element(By.CSS_SELECTOR, "table.claims th:nth-child(3) button")
    figure.click()
    values = _figures(prices)
    assert _figures(_shown(browser)) == sorted(values)
    figure.click()
    assert _figures(_shown(browser)) == sorted(values, reverse=True)


def _click(browser, element) -> None:
    """Click as a reader would: with the element in the middle of the window, clear of sticky headings."""
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def test_a_correction_made_in_the_page_is_read_back_by_conflicts(
    browser, outputs: Path, tmp_path: Path, cli
) -> None:
    browser.get((outputs / "report.html").as_uri())
    rows = browser.find_elements(By.CSS_SELECTOR, "table.claims tbody tr")
    row = next(r for r in rows if r.get_attribute("data-quote") == "90.8%")
    _click(browser, row.find_element(By.CSS_SELECTOR, "button.fix"))
    editor = browser.find_element(By.CSS_SELECTOR, "tr.fixing")
    _click(browser, editor.find_element(By.CSS_SELECTOR, "[name=not_a_claim]"))
    editor.find_element(By.CSS_SELECTOR, "[name=note]").send_keys("the article's MMLU-Pro figure")
    _click(browser, editor.find_element(By.CSS_SELECTOR, "button.done"))
    assert "not-a-claim" in row.get_attribute("class").split()
    assert browser.find_element(By.ID, "fixed").get_attribute("textContent") == "1 in the file"

    _click(browser, browser.find_element(By.ID, "download-fixes"))
    exported = _downloaded(browser.downloads, "corrections.toml").read_text(encoding="utf-8")
    assert exported == browser.find_element(By.ID, "export-fixes").get_attribute("value")
    assert f'claim_id = "{row.get_attribute("data-id")}"\ndoc = "articles.txt"\nquote = "90.8%"\n' in exported
    assert 'not_a_claim = true\nnote = "the article\'s MMLU-Pro figure"\n' in exported

    claims = outputs / "claims.parquet"
    before = cli("conflicts", claims)
    after = cli("conflicts", claims, "--corrections", browser.downloads / "corrections.toml")
    assert after.code == 0 and after.err == ""
    assert "DeepSeek-R1 / MMLU:" in before.out and "DeepSeek-R1 / MMLU:" not in after.out


def test_the_export_keeps_every_review_on_file(browser, outputs: Path, tmp_path: Path, cli) -> None:
    """Replacing the reviews file with the page's export loses nothing: the verdicts on file keep
    their reviewer and date, and a review whose group is not on the page is written back as it was."""
    import polars as pl

    from claims import find_conflicts
    from claims.conflicts.reviews import load_reviews

    groups = find_conflicts(pl.read_parquet(outputs / "claims.parquet"))["conflict_id"].to_list()
    on_file = tmp_path / "reviews.toml"
    on_file.write_text(
        f'[[review]]\nconflict_id = "{groups[1]}"\nverdict = "not_same_fact"\nnote = "two models"\n'
        'reviewer = "wu"\ndate = 2026-11-30\n\n'
        '[[review]]\nconflict_id = "cf-000000000000"\nverdict = "confirmed"\nclaim_ids = ["gone"]\n',
        encoding="utf-8",
    )
    page = tmp_path / "report.html"
    assert cli("report", outputs / "claims.parquet", "--reviews", on_file, "-o", page).code == 0
    browser.get(page.as_uri())
    card = browser.find_element(By.ID, f"c-{groups[0]}")
    _click(browser, card.find_element(By.CSS_SELECTOR, ".vbtn[data-verdict=confirmed]"))
    browser.find_element(By.ID, "reviewer").send_keys("lin")
    _click(browser, browser.find_element(By.ID, "download"))

    exported = _downloaded(browser.downloads, "reviews.toml")
    before, after = load_reviews(on_file), load_reviews(exported)
    assert sorted(after["conflict_id"]) == sorted([groups[0], groups[1], "cf-000000000000"])
    columns = ["conflict_id", "verdict", "note", "reviewer", "date", "claim_ids"]
    kept = after.filter(pl.col("conflict_id") != groups[0]).select(columns).sort("conflict_id")
    assert kept.drop("claim_ids").equals(before.select(columns).drop("claim_ids").sort("conflict_id"))
    mine = after.filter(pl.col("conflict_id") == groups[0]).row(0, named=True)
    assert (mine["verdict"], mine["reviewer"]) == ("confirmed", "lin")

    result = cli("conflicts", outputs / "claims.parquet", "--reviews", exported)
    assert "(2 reviewed)" in result.out.splitlines()[0]
    assert "review of cf-000000000000 (confirmed) is stale" in result.err


def _page_of_many(folder: Path, outputs: Path, copies: int) -> Path:
    """A review page of the sample's claims `copies` times over (each copy its own claim ids)."""
    import polars as pl

    from claims.output.report import write_report

    claims = pl.read_parquet(outputs / "claims.parquet")
    many = pl.concat(
        [claims.with_columns(claim_id=pl.col("claim_id") + f"-{n}") for n in range(copies)], how="vertical"
    )
    return write_report(many, None, folder / "many.html")


def _displayed(browser) -> list[str]:
    """The ids of the claims browser's rows on show, in the table's order (asked of the page at once:
    one question per row would take seconds)."""
    return browser.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll('table.claims tbody tr:not([hidden])'),"
        " function (row) { return row.getAttribute('data-id'); });"
    )


def test_the_claims_browser_shows_a_page_of_a_long_table_at_a_time(
    browser, outputs: Path, tmp_path: Path
) -> None:
    # laid out whole, the table of a large corpus took a browser minutes to open: it shows a page
    # of the claims that match, and a button shows the next
    from claims.output.claims_browser import PAGE_ROWS

    page = _page_of_many(tmp_path, outputs, copies=6)
    browser.get(page.as_uri())
    every = len(browser.find_elements(By.CSS_SELECTOR, "table.claims tbody tr"))
    assert every > 2 * PAGE_ROWS
    shown = browser.find_element(By.ID, "rows-shown")
    more = browser.find_element(By.ID, "more-rows")
    assert len(_displayed(browser)) == PAGE_ROWS and shown.text == f"{PAGE_ROWS} of {every} claims shown"
    _click(browser, more)
    assert len(_displayed(browser)) == 2 * PAGE_ROWS
    _click(browser, more)
    assert len(_displayed(browser)) == every and not more.is_displayed()
    assert shown.text == f"{every} of {every} claims shown"
    # the same filters again (the search box's change as it loses the focus) keep the pages shown
    browser.execute_script("document.getElementById('browse').dispatchEvent(new Event('change'))")
    assert len(_displayed(browser)) == every

    search = browser.find_element(By.CSS_SELECTOR, "#browse input[name=q]")
    for word in ("的", "rtx"):  # more matches than a page, then fewer: a new search starts on its first
        matching = _matching(browser, word)
        search.clear()
        search.send_keys(word)
        found = _displayed(browser)
        assert set(found) <= set(matching) and len(found) == min(PAGE_ROWS, len(matching))
        if len(matching) > PAGE_ROWS:
            assert shown.text == f"{PAGE_ROWS} of {len(matching)} matching claims shown ({every} in all)"
            assert more.is_displayed()
        else:
            assert shown.text == f"{len(matching)} of {every} claims shown" and not more.is_displayed()
    search.clear()
    search.send_keys(" ")

    figure = browser.find_element(By.CSS_SELECTOR, "table.claims th:nth-child(3) button")
    _click(browser, figure)  # sorted: the first page is the first rows in the new order
    rows = browser.find_elements(By.CSS_SELECTOR, "table.claims tbody tr")
    first = [row.get_attribute("data-id") for row in rows[:PAGE_ROWS]]
    assert _displayed(browser) == first


def test_a_long_table_is_whole_without_the_script(browser, outputs: Path, tmp_path: Path) -> None:
    # a reader who turns scripts off still sees every claim, and no button that does nothing
    page = _page_of_many(tmp_path, outputs, copies=3)
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    browser.get(page.as_uri())
    rows = browser.find_elements(By.CSS_SELECTOR, "table.claims tbody tr")
    assert len(rows) == 3 * len(_page_ids(outputs)) and rows[-1].is_displayed()
    assert not browser.find_element(By.ID, "more-rows").is_displayed()


def _matching(browser, word: str) -> list[str]:
    """The ids of every row whose text holds `word`, shown or not."""
    return browser.execute_script(
        "var word = arguments[0];"
        "return Array.prototype.filter.call(document.querySelectorAll('table.claims tbody tr'),"
        " function (row) { return row.textContent.toLowerCase().indexOf(word) >= 0; })"
        ".map(function (row) { return row.getAttribute('data-id'); });",
        word,
    )


def _page_ids(outputs: Path) -> list[str]:
    import polars as pl

    return pl.read_parquet(outputs / "claims.parquet")["claim_id"].to_list()
