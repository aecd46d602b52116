"""Comparison tables: spec checking, cell building from claims and conflicts, rendering, the CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from claims.errors import RenderError, ResourceError
from claims.output.figures import figure_text
from claims.output.render import find_browser, to_frame, to_html, to_markdown, to_png, write_rendered
from claims.output.table_proposals import propose_specs
from claims.output.tables import build_table, load_spec, load_specs, parse_spec
from claims.resources import tables_dir

from .tables_fixture import claims_fixture, conflicts_fixture

GPU = tables_dir() / "gpu_specs.toml"


@pytest.fixture(scope="module")
def claims() -> pl.DataFrame:
    return claims_fixture()


@pytest.fixture(scope="module")
def conflicts() -> pl.DataFrame:
    return conflicts_fixture()


@pytest.fixture(scope="module")
def gpu(claims: pl.DataFrame, conflicts: pl.DataFrame):
    return build_table(load_spec(GPU), claims, conflicts)


def cell(table, row: str, column: str) -> dict:
    found = table.cells.filter((pl.col("row") == row) & (pl.col("column") == column)).to_dicts()
    assert len(found) == 1, f"no single cell {row} × {column}"
    return found[0]


# ---------------------------------------------------------------- specs


def test_shipped_specs_load() -> None:
    specs = {s.name: s for s in load_specs(tables_dir())}
    assert {"gpu_specs", "model_leaderboard", "deals"} <= set(specs)
    gpu_columns = [c.key for c in specs["gpu_specs"].columns]
    assert gpu_columns == ["memory", "bandwidth", "cuda_cores", "tdp", "price"]
    assert specs["deals"].by_object


SPEC_HEAD = 'title = "T"\nsubjects = ["RTX 5090"]\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'title = "T"\nsubjects = ["A"\n',
            "t.toml:3: not valid TOML: Unclosed array",
        ),
        ("title = T\n", "t.toml:1:9: not valid TOML: Invalid value"),
        (
            'title = "T"\nsubjects = ["A"]\n[[columns]]\nattributes = ["memory"]\nformat = "curency"\n',
            "t.toml:5: columns[0].format: unknown format 'curency' (use number, integer, currency, percent)",
        ),
        (
            'title = "T"\nsubjects = ["A"]\n[[columns]]\nlabel = "Memory"\n',
            "t.toml:3: columns[0].attributes: missing (add attributes = [...])",
        ),
        (
            'title = "T"\nsubject = ["A"]\n[[columns]]\nattributes = ["m"]\n',
            "t.toml:2: subject: unknown setting (use aliases, by_object, columns, descending, exclude, "
            "row_label, sort, source_notes, subjects, subtitle, title)",
        ),
        (
            SPEC_HEAD + 'sort = "price"\n[[columns]]\nattributes = ["memory"]\n',
            "t.toml:3: sort: unknown column 'price' (use subject or one of memory)",
        ),
        (
            SPEC_HEAD + '[[columns]]\nattributes = ["memory"]\nunits = ["B"]\ndisplay = "TB/s"\n',
            "t.toml:6: columns[0].display: TB/s shows 'B/s' values, not B",
        ),
        (
            SPEC_HEAD + "[[columns]]\nattributes = []\n",
            "t.toml:4: columns[0].attributes: is empty (name at least one attribute)",
        ),
        (
            'title = "T"\nsubjects = ["A"]\n',
            "t.toml: columns: no columns (add at least one [[columns]] table)",
        ),
    ],
    ids=[
        "malformed",
        "bare-word",
        "bad-format",
        "no-attributes",
        "unknown-setting",
        "sort",
        "display",
        "empty-list",
        "none",
    ],
)
def test_bad_spec_names_file_and_spot(text: str, message: str) -> None:
    with pytest.raises(ResourceError) as error:
        parse_spec(text, "t.toml")
    assert str(error.value) == message


def test_unknown_column_and_empty_selection(tmp_path: Path, claims: pl.DataFrame) -> None:
    path = tmp_path / "gpu.toml"
    columns = '[[columns]]\nattributes = ["memory"]\n\n[[columns]]\nattributes = ["vram_gb"]\n'
    path.write_text(SPEC_HEAD + columns)
    with pytest.raises(ResourceError) as error:
        build_table(load_spec(path), claims)
    assert str(error.value).startswith(
        f"{path}:7: columns[1].attributes: unknown column: no claim has attribute 'vram_gb' "
        "(known: AIME 2024, "
    )
    path.write_text('title = "T"\nsubjects = ["RTX 60*"]\n[[columns]]\nattributes = ["memory"]\n')
    with pytest.raises(ResourceError) as error:
        build_table(load_spec(path), claims)
    assert str(error.value) == (
        f"{path}:2: subjects: empty selection: no claim about 'RTX 60*' fills any column"
    )
    lenient = build_table(load_spec(path), claims, strict=False)
    assert lenient.rows == () and lenient.notes[0].startswith("empty selection")


def test_a_known_measure_the_corpus_lacks_is_a_note(tmp_path: Path, claims: pl.DataFrame) -> None:
    # LiveCodeBench is a benchmark the lexicon knows; no claim of this corpus states it.
    assert "LiveCodeBench" not in set(claims["attribute_key"].drop_nulls().to_list())
    path = tmp_path / "gpu.toml"
    columns = '[[columns]]\nattributes = ["memory"]\n\n[[columns]]\nattributes = ["LiveCodeBench"]\n'
    path.write_text(SPEC_HEAD + columns)
    built = build_table(load_spec(path), claims)
    assert any("no claim in this corpus states LiveCodeBench" in note for note in built.notes)
    assert [column.attributes for column in built.columns] == [("memory",)]


# ---------------------------------------------------------------- building


def test_gpu_rows_in_spec_order(gpu) -> None:
    assert gpu.rows == ("RTX 5090", "RTX 5080", "RTX 5070", "RTX 4090")
    assert [c.key for c in gpu.columns] == ["memory", "bandwidth", "cuda_cores", "tdp", "price"]


def test_agreeing_sources_make_one_figure(gpu) -> None:
    memory = cell(gpu, "RTX 5090", "memory")
    assert (memory["status"], memory["text"], memory["source_refs"]) == ("agreed", "32 GB", [1, 2])
    assert len(memory["claim_ids"]) == 2


def test_rumoured_price_is_marked_with_both_figures(gpu) -> None:
    price = cell(gpu, "RTX 5090", "price")
    assert price["status"] == "rumour"
    assert price["figures"] == ["$1,999", "$2,000–2,500"]
    assert price["value"] is None
    assert price["note"].startswith("Rumour vs announcement: $1,999 — [2] RTX 50 series launch")
    assert "$2,000–2,500 (speculative) — [1]" in price["note"]


def test_settled_verdict_unmarks_the_cell(gpu) -> None:
    price = cell(gpu, "RTX 4090", "price")
    assert (price["status"], price["text"], price["verdict"]) == ("agreed", "$1,599", "not_a_conflict")


def test_other_currency_stays_out_of_usd_column(gpu) -> None:
    assert gpu.cells.filter((pl.col("row") == "RTX 5080") & (pl.col("column") == "price")).is_empty()


def test_every_cell_traces_to_claims_and_sources(gpu, claims: pl.DataFrame) -> None:
    ids = set(claims["claim_id"])
    refs = set(gpu.sources["ref"])
    for row in gpu.cells.iter_rows(named=True):
        assert row["claim_ids"] and set(row["claim_ids"]) <= ids
        assert set(row["source_refs"]) <= refs
        assert sorted({r for refs_ in row["figure_refs"] for r in refs_}) == row["source_refs"]


def test_resolved_verdict_shows_the_correct_value(claims: pl.DataFrame, conflicts: pl.DataFrame) -> None:
    fixed = conflicts.with_columns(
        pl.when(pl.col("subject_key") == "RTX 5090")
        .then(pl.lit("resolved"))
        .otherwise(pl.col("verdict"))
        .alias("verdict"),
        pl.when(pl.col("subject_key") == "RTX 5090").then(pl.lit("$1,999")).alias("correct_value"),
    )
    table = build_table(load_spec(GPU), claims, fixed)
    price = cell(table, "RTX 5090", "price")
    assert (price["status"], price["text"]) == ("resolved", "$1,999")


def test_patterns_aliases_exclude_and_sort(claims: pl.DataFrame) -> None:
    spec = parse_spec(
        'title = "T"\nsubjects = ["rtx 50*", "GeForce 4090"]\nexclude = ["RTX 5070"]\n'
        'sort = "MEMORY"\ndescending = true\n[aliases]\n"GeForce 4090" = ["RTX4090"]\n'
        '[[columns]]\nattributes = ["MEMORY"]\nunits = ["B"]\ndisplay = "GiB"\ndecimals = 1\n',
        "t.toml",
    )
    table = build_table(spec, claims, None)
    assert table.rows == ("RTX 5090", "GeForce 4090", "RTX 5080")
    assert cell(table, "GeForce 4090", "MEMORY")["text"] == "22.4 GiB"


def test_first_column_that_takes_a_claim_wins(claims: pl.DataFrame) -> None:
    spec = parse_spec(
        'title = "T"\nsubjects = ["*"]\nby_object = true\n'
        '[[columns]]\nkey = "deal"\nattributes = ["acquisition*"]\nformat = "currency"\ndisplay = "billion"\n'
        '[[columns]]\nkey = "price"\nattributes = ["*price"]\nunits = ["USD"]\nformat = "currency"\n',
        "t.toml",
    )
    table = build_table(spec, claims, conflicts_fixture())
    deal = cell(table, "OpenAI → io", "deal")
    assert (deal["status"], deal["figures"]) == ("conflict", ["$6.4B", "$6.5B"])
    assert table.cells.filter(pl.col("row") == "OpenAI → io")["column"].to_list() == ["deal"]


def claim(value: float, lo: float, hi: float, unit: str, qualifier: str = "exact") -> dict:
    return {"value": value, "lo": lo, "hi": hi, "unit": unit, "qualifier": qualifier}


INF = float("inf")


@pytest.mark.parametrize(
    ("figure", "fmt", "display", "decimals", "shown"),
    [
        (claim(1.8e12, 1.782e12, 1.8e12, "B/s", "approx"), "number", "TB/s", 2, "~1.8 TB/s"),
        (claim(20.0, 20.0, INF, "%", "at_least"), "percent", None, 1, "≥20%"),
        (claim(6.71e11, 6.705e11, 6.715e11, "params"), "number", None, 0, "671B"),
        (claim(6.5e9, 6.435e9, 6.5e9, "USD", "at_most"), "currency", "billion", 2, "≤$6.5B"),
        (claim(4599.0, 4598.5, 4599.5, "CNY"), "currency", None, 0, "¥4,599"),
        (claim(5e6, 5e6, 5e6, "SGD"), "currency", "million", 0, "5M SGD"),
        (claim(2.0, 1.5, 2.5, "x"), "number", None, 1, "2×"),
        # A duration in the largest unit it fills a whole number of.
        (claim(3600.0, 3599.5, 3600.5, "s"), "number", None, 1, "1 h"),
        (claim(1209600.0, 1.2e6, 1.25e6, "s"), "number", None, 1, "14 d"),
        (claim(90.0, 89.5, 90.5, "s"), "number", None, 1, "90 s"),
        # A figure keeps the decimals it is written with, unless it is shown scaled.
        (claim(84.0, 83.95, 84.05, "%") | {"quote": "84.0%"}, "percent", None, 1, "84.0%"),
        (claim(15000.0, 14500, 15500, "count") | {"quote": "1.5万"}, "number", None, 1, "15,000 count"),
        (claim(2.0, 1.5, 2.5, "x"), "number", "x", 1, "2×"),
        (claim(2250.0, 2000.0, 2500.0, "USD", "range"), "currency", None, 0, "$2,000–2,500"),
        (claim(3.43, 3.425, 3.435, ""), "number", None, 2, "3.43"),
        (claim(1e8, 0.995e8, 1.005e8, "USD"), "currency", "auto", 1, "$100M"),
        (claim(6.5e9, 6.45e9, 6.55e9, "USD"), "currency", "auto", 1, "$6.5B"),
        (claim(549.0, 548.5, 549.5, "USD"), "currency", "auto", 1, "$549"),
        (claim(2.25e9, 2e9, 2.5e9, "USD", "range"), "currency", "auto", 1, "$2–2.5B"),
    ],
)
def test_figure_text(figure: dict, fmt: str, display: str | None, decimals: int, shown: str) -> None:
    column = type("Column", (), {"format": fmt, "display": display, "decimals": decimals})()
    assert figure_text(figure, column) == shown


# ---------------------------------------------------------------- rendering


def test_html_snapshot(gpu, snapshot) -> None:
    assert to_html(gpu) == snapshot


def test_markdown_snapshot(gpu, snapshot) -> None:
    assert to_markdown(gpu) == snapshot


def test_html_marks_conflicts_and_escapes_sources(gpu) -> None:
    page = to_html(gpu)
    assert page == to_html(gpu)  # deterministic: no random table id
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert 'href="javascript:' not in page
    assert page.count('class="mark" aria-label="rumour"') == 1
    assert "background-color: #fff3d6" in page
    assert 'href="https://example.com/ces-rtx50"' in page


def test_csv_is_one_row_per_cell(gpu, tmp_path: Path) -> None:
    path = write_rendered(gpu, tmp_path / "gpu.csv")
    frame = pl.read_csv(path)
    assert frame.height == gpu.cells.height
    where = (pl.col("row") == "RTX 5090") & (pl.col("column") == "Price (USD)")
    price = frame.filter(where).row(0, named=True)
    assert (price["status"], price["text"]) == ("rumour", "$1,999 / $2,000–2,500")
    assert to_frame(gpu).columns[:4] == ["table", "row", "column", "status"]


def test_unknown_output_extension(gpu, tmp_path: Path) -> None:
    with pytest.raises(RenderError) as error:
        write_rendered(gpu, tmp_path / "gpu.xlsx")
    assert str(error.value) == (
        f"{tmp_path / 'gpu.xlsx'}: cannot tell the output format from '.xlsx' (use .html, .md, .csv or .png)"
    )


def test_png_without_a_browser_is_a_clear_error(gpu, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("CHROME_PATH", raising=False)
    with pytest.raises(RenderError) as error:
        to_png(gpu, tmp_path / "gpu.png")
    assert str(error.value) == (
        f"{tmp_path / 'gpu.png'}: cannot write a PNG: no Chromium or Chrome found (install Debian's chromium "
        "package or set CHROME_PATH; .html, .md and .csv need no browser)"
    )


def test_png_with_chromium(gpu, tmp_path: Path) -> None:
    if find_browser() is None:
        pytest.skip("no Chromium on this machine")
    path = to_png(gpu, tmp_path / "gpu.png")
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width > 800 and height > 300


def test_a_profile_a_closing_browser_still_writes_into_is_tried_again_then_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a browser told to close may write into its profile a moment longer (`Directory not empty:
    # 'Default'`): that must not fail the PNG, which is written by then
    from claims.output import render

    monkeypatch.setattr(render, "_REMOVAL_WAITS", (0.0, 0.0, 0.0))
    folder = tmp_path / "claims-chrome-x"
    (folder / "profile" / "Default").mkdir(parents=True)
    removals = iter([OSError(39, "Directory not empty"), None])
    real = shutil.rmtree

    def busy(path: str) -> None:
        failure = next(removals)
        if failure is not None:
            raise failure
        real(path)

    monkeypatch.setattr(render.shutil, "rmtree", busy)
    assert render.remove_profile(str(folder)) and not folder.exists()

    def always_busy(path: str) -> None:
        raise OSError(39, "Directory not empty")

    monkeypatch.setattr(render.shutil, "rmtree", always_busy)
    (folder / "profile").mkdir(parents=True)
    assert not render.remove_profile(str(folder))  # left behind, no error


# ---------------------------------------------------------------- proposals and the CLI


def test_proposals_are_valid_specs(claims: pl.DataFrame) -> None:
    proposals = propose_specs(claims)
    assert [p.name for p in proposals] == ["auto_spec.toml", "auto_price.toml", "auto_score.toml"]
    for proposal in proposals:
        spec = parse_spec(proposal.text, proposal.name)
        assert build_table(spec, claims, None).cells.height > 0
    score = parse_spec(proposals[2].text, "auto_score.toml")
    assert [c.label for c in score.columns] == ["MMLU (%)"]
    assert score.subjects == ("DeepSeek-R1", "OpenAI o1")


@pytest.fixture
def claims_file(tmp_path: Path, claims: pl.DataFrame, conflicts: pl.DataFrame) -> tuple[Path, Path]:
    claims.write_parquet(tmp_path / "claims.parquet")
    conflicts.write_parquet(tmp_path / "conflicts.parquet")
    return tmp_path / "claims.parquet", tmp_path / "conflicts.parquet"


def test_cli_table_markdown_to_stdout(cli, claims_file: tuple[Path, Path]) -> None:
    result = cli("table", "gpu_specs", claims_file[0], "--conflicts", claims_file[1])
    assert result.code == 0, result
    assert "| RTX 5090 | 32 GB [1,2] |" in result.out
    assert "⚠ $1,999 [2] / _$2,000–2,500_ [1] (a)" in result.out


def test_a_markdown_table_written_into_a_corpus_is_not_read_back_as_news(
    cli, claims_file: tuple[Path, Path], tmp_path: Path
) -> None:
    # its sources quote the news: read as news, a table gave every figure again as a claim of its own
    from claims.model import RENDERED_TABLE_MARK

    from .conftest import FIXTURES

    news = tmp_path / "news"
    shutil.copytree(FIXTURES / "corpus", news)
    assert cli("extract", news, "-o", tmp_path / "before.csv").code == 0
    table = news / "gpus.md"
    assert cli("table", "gpu_specs", claims_file[0], "--conflicts", claims_file[1], "-o", table).code == 0
    assert table.read_text(encoding="utf-8").startswith(f"{RENDERED_TABLE_MARK}\n")
    after = cli("extract", news, "-o", tmp_path / "after.csv")
    assert after.code == 0 and after.err == "", after.err
    assert pl.read_csv(tmp_path / "after.csv").equals(pl.read_csv(tmp_path / "before.csv"))
    named = cli("extract", news, table, "-o", tmp_path / "named.csv")
    assert named.code == 1 and f"warning: {table}: a table, not news text" in named.err


@pytest.mark.parametrize("spec", ["gpu_specs", "gpu_specs.toml", "tables/gpu_specs.toml"])
def test_cli_table_finds_a_shipped_spec_from_any_folder(
    cli, claims_file: tuple[Path, Path], tmp_path: Path, monkeypatch, spec: str
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = cli("table", spec, claims_file[0], "--conflicts", claims_file[1])
    assert result.code == 0, result
    assert "| RTX 5090 | 32 GB [1,2] |" in result.out


def test_cli_table_writes_html(cli, claims_file: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "gpu.html"
    result = cli("table", GPU, claims_file[0], "-c", claims_file[1], "-o", out)
    assert result.code == 0, result
    assert result.out.strip() == f"GeForce RTX spec sheet: 4 rows, 10 cells, 1 marked -> {out}"
    assert "claims-gpu_specs" in out.read_text(encoding="utf-8")


def test_cli_auto_writes_proposals(cli, claims_file: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "proposed"
    result = cli("table", "--auto", claims_file[0], "-c", claims_file[1], "-o", out)
    assert result.code == 0, result
    assert sorted(p.name for p in out.iterdir()) == [
        f"auto_{kind}.{ext}" for kind in ("price", "score", "spec") for ext in ("html", "toml")
    ]


@pytest.mark.parametrize(
    ("spec_text", "message"),
    [
        ('title = "T"\nsubjects = [\n', "{spec}:3: not valid TOML: Invalid value"),
        (
            'title = "T"\nsubjects = ["RTX 60*"]\n[[columns]]\nattributes = ["memory"]\n',
            "{spec}:2: subjects: empty selection: no claim about 'RTX 60*' fills any column",
        ),
        (
            'title = "T"\nsubjects = ["*"]\n[[columns]]\nattributes = ["vram_gb"]\n',
            "{spec}:4: columns[0].attributes: unknown column: no claim has attribute 'vram_gb' (known: AIME "
            "2024, MMLU, acquisition_price, bandwidth, cuda_cores, memory, price, tdp)",
        ),
    ],
    ids=["malformed", "empty-selection", "unknown-column"],
)
def test_cli_bad_spec_is_one_line(
    cli, claims_file: tuple[Path, Path], tmp_path: Path, spec_text: str, message: str
) -> None:
    spec = tmp_path / "bad.toml"
    spec.write_text(spec_text, encoding="utf-8")
    result = cli("table", spec, claims_file[0], "-c", claims_file[1])
    assert result.code == 2
    assert result.err.strip() == "error: " + message.format(spec=spec)
    assert "Traceback" not in result.err


def test_cli_wrong_number_of_paths(cli, claims_file: tuple[Path, Path]) -> None:
    result = cli("table", claims_file[0])
    expected = "error: expected 2 paths, got 1 (claims table SPEC CLAIMS)"
    assert (result.code, result.err.strip()) == (2, expected)


def test_cli_applies_reviews_to_a_given_conflicts_table(
    cli, claims_file: tuple[Path, Path], conflicts: pl.DataFrame, tmp_path: Path
) -> None:
    rumour = conflicts.filter(pl.col("subject_key") == "RTX 5090")["conflict_id"][0]
    reviews = tmp_path / "reviews.toml"
    reviews.write_text(
        f'[[review]]\nconflict_id = "{rumour}"\nverdict = "resolved"\ncorrect_value = "$1,999"\n'
        'note = "announced at CES"\n',
        encoding="utf-8",
    )
    result = cli("table", "gpu_specs", claims_file[0], "-c", claims_file[1], "--reviews", reviews)
    assert result.code == 0, result
    assert (
        "| RTX 5090 | 32 GB [1,2] | ≤1,792 GB/s [1] | 21,760 [2] | 575 W [2] | $1,999 [1,2] (a) |"
        in result.out
    )
    assert "(a) announced at CES" in result.out


def test_shipped_tables_for_the_main_job(
    claims: pl.DataFrame, conflicts: pl.DataFrame, tmp_path: Path
) -> None:
    from claims.output.render import write_shipped_tables

    written = write_shipped_tables(claims, conflicts, tmp_path)
    assert sorted(p.name for p in written) == sorted(
        f"{name}{suffix}"
        for name in ("deals", "gpu_specs", "model_leaderboard")
        for suffix in (".html", ".md", ".csv")
    )
    deals = (tmp_path / "deals.md").read_text(encoding="utf-8")
    assert "| OpenAI → io | ⚠ $6.4B [2] / $6.5B [1] (a) |" in deals
    assert "No figures for: Funding (USD), Valuation (USD), Stake." in deals


def test_claims_without_attribute_reach_a_catch_all_column(claims: pl.DataFrame) -> None:
    # An earlier column whose test is null for such claims must not swallow them.
    unnamed = claims.with_columns(
        pl.when(pl.col("quote") == "549 美元")
        .then(None)
        .otherwise(pl.col("attribute_key"))
        .alias("attribute_key")
    )
    spec = parse_spec(
        'title = "T"\nsubjects = ["RTX 5070"]\n[[columns]]\nattributes = ["cuda_cores"]\n'
        '[[columns]]\nkey = "price"\nattributes = ["*"]\nkinds = ["price"]\nunits = ["USD"]\n'
        'format = "currency"\n',
        "t.toml",
    )
    assert cell(build_table(spec, unnamed, None, strict=False), "RTX 5070", "price")["text"] == "$549"


def test_figures_nobody_compared_are_all_shown(claims: pl.DataFrame) -> None:
    table = build_table(load_spec(GPU), claims, None)  # no conflicts table at all
    price = cell(table, "RTX 5090", "price")
    assert (price["status"], price["figures"]) == ("differs", ["$1,999", "$2,000–2,500"])
    assert price["note"].startswith("Figures differ but were not compared as one fact")
    assert cell(table, "RTX 4090", "price")["status"] == "agreed"  # 1599 lies inside 1600's rounding
    assert "≠ $1,999 [2] / _$2,000–2,500_ [1] (a)" in to_markdown(table)


def test_cli_conflicts_file_must_be_one(cli, claims_file: tuple[Path, Path], tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("conflict_id,values\ncf-1,a\n", encoding="utf-8")
    result = cli("table", "gpu_specs", claims_file[0], "-c", wrong)
    assert result.code == 2
    assert result.err.strip().startswith(
        f"error: {wrong}: not a conflicts table: missing columns subject_key"
    )


def test_unreviewed_conflicts_table_is_enough(claims: pl.DataFrame, conflicts: pl.DataFrame) -> None:
    bare = conflicts.select("conflict_id", "status", "claim_ids")
    price = cell(build_table(load_spec(GPU), claims, bare), "RTX 5090", "price")
    assert (price["status"], price["verdict"]) == ("rumour", None)


def test_cli_lenient_leaves_out_unfillable_columns(
    cli, claims_file: tuple[Path, Path], tmp_path: Path
) -> None:
    spec = tmp_path / "t.toml"
    spec.write_text(
        'title = "T"\nsubjects = ["RTX 5090"]\n[[columns]]\nattributes = ["memory"]\n'
        '[[columns]]\nattributes = ["vram_gb"]\n',
        encoding="utf-8",
    )
    result = cli("table", spec, claims_file[0], "-c", claims_file[1], "--lenient")
    assert result.code == 0, result
    assert "| Subject | memory |" in result.out
    assert result.err.strip() == f"warning: {spec}: No figures for: vram_gb."


def test_gpu_table_on_the_seeds(seeds_dir: Path) -> None:
    extract = pytest.importorskip("claims.extraction.extract")
    conflicts = pytest.importorskip("claims.conflicts.find")
    found = extract.extract_corpus([seeds_dir])
    table = build_table(load_spec(GPU), found, conflicts.find_conflicts(found), strict=False)
    assert {"RTX 5090", "RTX 5080", "RTX 5070", "RTX 4090"} <= set(table.rows)
    price = cell(table, "RTX 5090", "price")
    assert price["status"] != "agreed"  # the rumoured 2000-2500 against the announced 1999
    assert "$1,999" in price["figures"] and len(price["figures"]) >= 2


def test_auto_specs_are_named_only_from_known_kinds() -> None:
    from claims.output.table_proposals import propose_specs

    rows = [
        {"kind": kind, "subject_key": subject, "attribute_key": "a", "unit": ""}
        for kind in ("../../escape", "score")
        for subject in ("A", "B")
    ]
    names = [p.name for p in propose_specs(pl.DataFrame(rows))]
    assert names == ["auto_score.toml"]


@pytest.mark.parametrize("unit", ["B", "B/s", "params", "OPS", "FLOPS", "%", "pp", "x", "s", "count", "USD"])
def test_every_proposed_display_is_one_a_spec_may_name(unit: str) -> None:
    # `--auto` wrote `display = "auto_time"` for durations, which the spec reader then refused: the
    # proposal could not be used. The spec proposed for any unit reads back.
    from claims.output.table_proposals import propose_specs

    rows = [{"kind": "spec", "subject_key": s, "attribute_key": "a", "unit": unit} for s in ("A", "B")]
    (proposal,) = propose_specs(pl.DataFrame(rows))
    (column,) = parse_spec(proposal.text, proposal.name).columns
    assert "auto" not in column.label  # a duration's each figure shows its own unit (`14 d`)


def test_a_spec_names_auto_time_for_durations_only() -> None:
    base = 'title = "t"\nsubjects = ["A"]\n[[columns]]\nattributes = ["latency"]\ndisplay = "auto_time"\n'
    assert parse_spec(base + 'units = ["s"]\n', "t.toml").columns[0].display == "auto_time"
    with pytest.raises(ResourceError, match="auto_time shows 's' values, not USD"):
        parse_spec(base + 'units = ["USD"]\n', "t.toml")


def test_an_article_several_items_carry_is_one_source(claims: pl.DataFrame, conflicts: pl.DataFrame) -> None:
    # a story repeated by two digests (two items, two files, one link) is one footnote, as it is one
    # source in the conflicts (`n_sources`) and on the review page
    from claims.model import source_of

    linked = claims.filter(pl.col("source_url").is_not_null())
    copy = linked.with_columns(
        claim_id=pl.col("claim_id") + "-copy",
        doc_id=pl.lit("another-digest.md"),
        segment_id=pl.col("segment_id") + "-copy",
        title=pl.col("title") + " (repeated)",
    )
    once = build_table(load_spec(GPU), claims, conflicts)
    twice = build_table(load_spec(GPU), pl.concat([claims, copy]), conflicts)
    assert twice.sources.height == once.sources.height
    assert twice.sources["title"].to_list() == once.sources["title"].to_list()  # the first item's
    assert sorted(twice.cells["source_refs"].explode().drop_nulls().unique()) == sorted(once.sources["ref"])
    both = pl.concat([claims, copy])
    assert both.select(source_of().n_unique()).item() == claims.select(source_of().n_unique()).item()
    from claims.output.report import review_page

    sources = claims.select(source_of().n_unique()).item()
    assert f"<b>{sources}</b><span>sources</span>" in review_page(both, None)


def test_a_proposed_column_holds_a_figure_of_a_proposed_row() -> None:
    # `latency` was reported once each by twenty subjects, none of them among the twelve rows with
    # the most claims: the proposal held an empty column, and building it stopped ("No figures for")
    from claims.output.table_proposals import propose_specs

    rows = [
        {"kind": "spec", "subject_key": f"Vela {n}", "attribute_key": "memory", "unit": "B", "value": 1e9}
        for n in range(12)
        for _ in range(5)
    ] + [
        {"kind": "spec", "subject_key": f"Tern {n}", "attribute_key": "latency", "unit": "s", "value": 1.0}
        for n in range(20)
    ]
    (proposal,) = propose_specs(pl.DataFrame(rows))
    spec = parse_spec(proposal.text, proposal.name)
    assert [c.attributes for c in spec.columns] == [("memory",)]
    assert len(spec.subjects) == 12 and all(s.startswith("Vela") for s in spec.subjects)
