"""`claims export`: SQLite with full-text search on quotes (every cited id joins), and .xlsx."""

from __future__ import annotations

import re
import sqlite3
import zipfile
from pathlib import Path

import polars as pl
import pytest

from claims import extract_corpus
from claims.resources import sample_corpus_dir

from .xlsx_cells import sheet_rows

pytest.importorskip("sqlite_utils", reason="the export extra is not installed")
pytest.importorskip("xlsxwriter", reason="the export extra is not installed")


@pytest.fixture(scope="module")
def claims_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "claims.parquet"
    extract_corpus([sample_corpus_dir()]).write_parquet(path)
    return path


@pytest.fixture(scope="module")
def database(claims_path: Path, tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    from claims.cli import main

    path = tmp_path_factory.mktemp("db") / "claims.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.argv", ["claims", "-q", "export", str(claims_path), "-o", str(path)])
        with pytest.raises(SystemExit) as done:
            main()
    assert done.value.code in (0, None)
    return sqlite3.connect(path)


def _search(db: sqlite3.Connection, words: str) -> list[str]:
    query = "select quote from claims where rowid in (select rowid from claims_fts where claims_fts match ?)"
    return sorted(row[0] for row in db.execute(query, (words,)))


@pytest.mark.parametrize(
    ("words", "quotes"),
    [
        ('quote: "64亿美元"', ["64亿美元", "64亿美元"]),  # Chinese: no spaces between words, still found
        ('"MMLU" AND quote: "91.2"', ["91.2%", "91.2%"]),
        ('"公司估值约"', ["1亿美元", "约6亿美元"]),  # in the sentence, not the quote
    ],
)
def test_full_text_search_on_quotes_and_sentences(database, words: str, quotes: list[str]) -> None:
    assert _search(database, words) == quotes


def test_every_conflict_claim_joins_a_claims_row(database, claims_path: Path) -> None:
    missing = database.execute(
        "select l.claim_id from conflict_claims l left join claims c using (claim_id) "
        "where c.claim_id is null"
    ).fetchall()
    assert missing == []
    derived = database.execute("select count(*) from claims where derived").fetchone()[0]
    assert derived > 0  # the token rates the conflicts derive are rows too
    extracted = pl.read_parquet(claims_path).height
    assert database.execute("select count(*) from claims").fetchone()[0] == extracted + derived
    assert database.execute("select count(*) from conflicts").fetchone()[0] > 0


def test_spreadsheet_has_the_claims_and_conflicts(cli, claims_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "claims.xlsx"
    result = cli("export", claims_path, "-o", path)
    assert result.code == 0, result.err
    assert result.out.startswith(f"{pl.read_parquet(claims_path).height} claims, ")
    with zipfile.ZipFile(path) as book:
        workbook = book.read("xl/workbook.xml").decode()
    assert re.findall(r'<sheet name="([^"]+)"', workbook) == ["claims", "conflicts"]
    claims = pl.read_parquet(claims_path)
    rows = sheet_rows(path, 1)  # the claims, and the rates the conflicts derive from them
    assert rows[0] == claims.columns and len(rows) > claims.height + 1
    assert [row[0] for row in rows[1 : claims.height + 1]] == claims["claim_id"].to_list()
    assert sheet_rows(path, 2)[0][0] == "conflict_id"
    assert any("64亿美元" in str(cell) for row in rows for cell in row)


def test_every_cell_of_a_spreadsheet_reads_back_as_written(cli, claims_path: Path, tmp_path: Path) -> None:
    # written a row at a time: each value in its column, as its type; a missing or infinite end empty
    claims = pl.read_parquet(claims_path).head(40)
    claims = claims.with_columns(
        hi=pl.when(pl.int_range(pl.len()) == 0).then(float("inf")).otherwise(pl.col("hi")),
        derived=pl.int_range(pl.len()) % 2 == 0,
    )
    source = tmp_path / "some.parquet"
    claims.write_parquet(source)
    path = tmp_path / "some.xlsx"
    assert cli("export", source, "-o", path, "--no-conflicts").code == 0
    header, *rows = sheet_rows(path, 1)
    assert header == claims.columns and len(rows) == claims.height
    for row, expected in zip(rows, claims.iter_rows(), strict=True):
        wanted = [None if isinstance(v, float) and v == float("inf") else v for v in expected]
        wanted = [float(v) if isinstance(v, int) and not isinstance(v, bool) else v for v in wanted]
        assert row + [None] * (len(wanted) - len(row)) == wanted
    assert rows[0][claims.columns.index("hi")] is None


def test_export_to_an_unknown_format_is_one_line(cli, claims_path: Path, tmp_path: Path) -> None:
    result = cli("export", claims_path, "-o", tmp_path / "claims.ods")
    assert result.code == 2
    assert result.err.strip() == (
        f"error: {tmp_path / 'claims.ods'}: cannot export to .ods (use .db, .sqlite, .sqlite3 or .xlsx)"
    )
    assert not (tmp_path / "claims.ods").exists()


def test_a_missing_library_is_one_line(cli, claims_path: Path, tmp_path: Path, monkeypatch) -> None:
    import claims.output.export

    def no_module(name: str) -> None:
        raise ImportError(name)

    monkeypatch.setattr(claims.output.export, "import_module", no_module)
    result = cli("export", claims_path, "-o", tmp_path / "claims.db")
    assert result.code == 2
    assert result.err.strip() == (
        f"error: {tmp_path / 'claims.db'}: writing SQLite needs sqlite_utils "
        "(pip install 'claims-news[export]')"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("rows", ["no claims", "claims, no conflicts"])
def test_a_table_with_nothing_to_list_still_exports_every_table(
    cli, tmp_path: Path, claims_path, rows
) -> None:
    # inserting no rows makes no table: the database still has the three tables, with their columns,
    # and the full-text index (it failed with a traceback on a corpus without a figure)
    claims = pl.read_parquet(claims_path)
    if rows == "no claims":
        claims = claims.head(0)
    else:  # one claim of each kind and subject: nothing to compare
        claims = claims.unique(subset=["subject_key", "kind"], keep="first").unique("subject_key")
    source = tmp_path / "claims.parquet"
    claims.write_parquet(source)
    for name in ("claims.db", "claims.xlsx"):
        result = cli("export", source, "-o", tmp_path / name)
        assert result.code == 0 and "Traceback" not in result.err, result.err
    db = sqlite3.connect(tmp_path / "claims.db")
    tables = {row[0] for row in db.execute("select name from sqlite_master where type = 'table'")}
    assert {"claims", "conflicts", "conflict_claims", "claims_fts"} <= tables
    assert db.execute("select count(*) from claims").fetchone()[0] == claims.height
    assert db.execute("select count(*) from conflicts").fetchone()[0] == 0
    columns = [row[1] for row in db.execute("pragma table_info(conflicts)")]
    assert "conflict_id" in columns and "severity" in columns


def _sheet(path: Path) -> str:
    with zipfile.ZipFile(path) as book:
        return book.read("xl/worksheets/sheet1.xml").decode()


def test_a_spreadsheet_never_makes_news_text_a_formula_or_a_link(
    cli, claims_path: Path, tmp_path: Path
) -> None:
    # text read from the news is written as text: a sentence opening with `=` is no formula to run,
    # one opening with an address no link to follow; the sources are links
    claims = pl.read_parquet(claims_path).head(3)
    claims = claims.with_columns(
        sentence=pl.Series(['=HYPERLINK("http://example.com/x","open")', "=1+1", "http://example.com/said"]),
        title=pl.Series(["external:c:/secret.txt", "mailto:a@example.com", "plain"]),
        source_url=pl.Series(["https://example.com/a", None, "not a link"]),
    )
    source = tmp_path / "odd.parquet"
    claims.write_parquet(source)
    path = tmp_path / "odd.xlsx"
    result = cli("export", source, "-o", path, "--no-conflicts")
    assert result.code == 0 and result.err == "", result.err
    sheet = _sheet(path)
    with zipfile.ZipFile(path) as book:
        links = book.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
    texts = [cell for row in sheet_rows(path, 1) for cell in row]
    assert "<f>" not in sheet and "=1+1" in texts and '=HYPERLINK("http://example.com/x","open")' in texts
    assert sheet.count("<hyperlink ") == 1 and "https://example.com/a" in links
    assert "example.com/said" not in links and "secret" not in links and "mailto" not in links


def test_sources_past_excels_links_are_text_with_one_warning(
    cli, claims_path: Path, tmp_path: Path, monkeypatch
) -> None:
    # Excel keeps 65,530 links a sheet: past them the sources are text, said once, not a warning
    # of the spreadsheet library's per link
    import claims.output.export as export

    monkeypatch.setattr(export, "EXCEL_LINKS", 2)
    claims = (
        pl.read_parquet(claims_path)
        .head(5)
        .with_columns(source_url=pl.Series([f"https://example.com/{n}" for n in range(5)]))
    )
    source = tmp_path / "many.parquet"
    claims.write_parquet(source)
    path = tmp_path / "many.xlsx"
    result = cli("export", source, "-o", path, "--no-conflicts")
    assert result.code == 0
    assert result.err.strip() == (
        f"warning: {path}: sheet claims has 5 source links, more than the 2 Excel keeps in one sheet: "
        "the last 3 are plain text"
    )
    assert _sheet(path).count("<hyperlink ") == 2


def _exported_under_limit(cli, claims_path: Path, tmp_path: Path, monkeypatch, limit: str, to: str):
    """The first five claims exported to `to` with the exporter's `limit` set to 2: the claims, the
    output path and the command's result."""
    import claims.output.export as export

    monkeypatch.setattr(export, limit, 2)
    claims = pl.read_parquet(claims_path).head(5)
    source = tmp_path / "five.parquet"
    claims.write_parquet(source)
    path = tmp_path / to
    return claims, path, cli("export", source, "-o", path, "--no-conflicts")


def test_a_table_longer_than_a_sheet_goes_on_in_numbered_sheets(
    cli, claims_path: Path, tmp_path: Path, monkeypatch
) -> None:
    # Excel's sheet holds about a million rows: polars refused a longer frame with a traceback
    claims, path, result = _exported_under_limit(
        cli, claims_path, tmp_path, monkeypatch, "SHEET_ROWS", "long.xlsx"
    )
    assert result.code == 0, result.err
    assert result.err.strip() == (
        f"warning: {path}: 5 claims rows, more than a sheet's 2: "
        "written to 3 sheets (claims, claims 2, claims 3)"
    )
    with zipfile.ZipFile(path) as book:
        workbook = book.read("xl/workbook.xml").decode()
        sheets = [book.read(f"xl/worksheets/sheet{n}.xml").decode() for n in (1, 2, 3)]
    assert re.findall(r'<sheet name="([^"]+)"', workbook) == ["claims", "claims 2", "claims 3"]
    assert [sheet.count("<row ") for sheet in sheets] == [3, 3, 2]  # a header and its rows each
    written = [row[0] for n in (1, 2, 3) for row in sheet_rows(path, n)[1:]]
    assert written == claims["claim_id"].to_list()  # every row once, in order


def test_a_database_is_filled_a_slice_of_rows_at_a_time(
    cli, claims_path: Path, tmp_path: Path, monkeypatch
) -> None:
    # a million claims made into Python records at once held about 3 GB: they go a slice at a time
    claims, path, result = _exported_under_limit(
        cli, claims_path, tmp_path, monkeypatch, "_BATCH_ROWS", "five.db"
    )
    assert result.code == 0, result.err
    with sqlite3.connect(path) as db:
        stored = [row[0] for row in db.execute("select claim_id from claims order by rowid")]
    assert stored == claims["claim_id"].to_list()
