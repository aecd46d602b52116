"""The schema's data files and generated documents, and reading files as tables."""

from __future__ import annotations

import json
import math
from pathlib import Path

import polars as pl
import pytest

from claims.errors import ResourceError, TableError
from claims.model import CLAIM_COLUMNS
from claims.validation.kind_units import DATA_DIR, read_iso4217, read_kind_units, unit_rules
from claims.validation.schema_json import FILES, render, stale
from claims.validation.table_files import conform_claims, read_claims

DOCS = Path(__file__).resolve().parent.parent / "docs" / "schema"


def test_committed_json_schema_matches_the_generator() -> None:
    assert stale(DOCS) == [], "run: python -m claims.validation.schema_json --write docs/schema"


@pytest.mark.parametrize("name", list(FILES))
def test_json_schema_is_json_with_every_column(name: str) -> None:
    schema = json.loads(render(FILES[name]))
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert set(schema["required"]) == set(schema["properties"])


def test_json_schema_lists_units_per_kind() -> None:
    schema = json.loads(render(FILES["claims.schema.json"]))
    clauses = {
        c["if"]["properties"]["kind"]["const"]: c["then"]
        for c in schema["allOf"]
        if "unit" not in c["if"]["properties"]
    }
    assert clauses["speedup"] == {"properties": {"unit": {"enum": ["x"]}}}
    assert "CNY" in clauses["price"]["properties"]["unit"]["enum"]
    assert list(schema["properties"]) == list(CLAIM_COLUMNS)


def test_iso4217_list() -> None:
    codes = read_iso4217(DATA_DIR / "iso4217.txt")
    assert {"USD", "CNY", "EUR", "GBP", "JPY", "HKD", "KRW", "XCG", "HRK"} <= codes
    assert "CNH" not in codes and "RMB" not in codes
    assert 170 < len(codes) < 260


def test_bad_iso_line_names_the_spot(tmp_path: Path) -> None:
    path = tmp_path / "codes.txt"
    path.write_text("# codes\nUSD  current  US Dollar\nusd  current  lower\n", encoding="utf-8")
    with pytest.raises(ResourceError) as error:
        read_iso4217(path)
    assert str(error.value) == f"{path}:3: not a currency code: 'usd'"


def test_unknown_kind_in_unit_table_names_the_spot(tmp_path: Path) -> None:
    path = tmp_path / "units.toml"
    path.write_text('canonical = ["x"]\n[kinds]\nspeed = ["x"]\n', encoding="utf-8")
    with pytest.raises(ResourceError) as error:
        read_kind_units(path, frozenset())
    assert str(error.value).startswith(f"{path}:3: kinds.speed: unknown kind (score, parameter_count")


def test_unit_rules() -> None:
    rules = unit_rules()
    assert rules.allows("price", "KRW") and not rules.allows("price", "OPS")
    assert rules.allows("change", "pp") and not rules.allows("change", "x")
    assert rules.allows("other", "FLOPS") and rules.allows("other", "EUR")


def test_missing_columns_are_one_table_error() -> None:
    with pytest.raises(TableError) as error:
        conform_claims(pl.DataFrame({"claim_id": ["a"], "quote": ["x"]}), path="c.csv")
    assert str(error.value) == (
        "c.csv: not a claims table: missing columns doc_id, segment_id, title, source_url, "
        "published, start and 18 more"
    )


def test_wrong_type_is_one_table_error() -> None:
    frame = pl.DataFrame({name: pl.Series([], dtype=dtype) for name, dtype in CLAIM_COLUMNS.items()})
    frame = frame.with_columns(pl.col("value").cast(pl.String))
    with pytest.raises(TableError) as error:
        conform_claims(frame, path="c.csv")
    assert str(error.value) == "c.csv: column 'value' holds str, not f64"


def test_lossless_casts_are_made() -> None:
    frame = pl.DataFrame({name: pl.Series([None], dtype=dtype) for name, dtype in CLAIM_COLUMNS.items()})
    frame = frame.with_columns(pl.col("value").cast(pl.Int64), pl.col("title").cast(pl.Null))
    assert conform_claims(frame).schema == pl.Schema(CLAIM_COLUMNS)


def test_jsonl_open_bounds_read_as_infinity(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {name: pl.Series([None], dtype=dtype) for name, dtype in CLAIM_COLUMNS.items()}
    ).with_columns(pl.lit(1.0).alias("value"), pl.lit(-math.inf).alias("lo"), pl.lit(math.inf).alias("hi"))
    path = tmp_path / "c.jsonl"
    frame.write_ndjson(path)  # JSON has no infinity: polars writes null
    back = read_claims(path)
    assert back["lo"].to_list() == [-math.inf] and back["hi"].to_list() == [math.inf]


def test_json_schema_accepts_valid_rows_and_rejects_broken_ones() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from claims.model import Claim, claims_frame

    validator = jsonschema.Draft202012Validator(json.loads(render(FILES["claims.schema.json"])))
    claim = Claim(
        "c1", "d.md", "d.md#0", None, None, "2025-05-22", 0, 5, "超过20%", "增长超过20%", "change",
        "OpenAI", "openai", None, None, None, None, 20.0, 20.0, math.inf, "%", "at_least",
        "asserted", "zh", "change.rise",
    )  # fmt: skip
    row = json.loads(claims_frame([claim]).write_ndjson())  # hi=+inf is written as null
    assert list(validator.iter_errors(row)) == []
    broken = {
        "kind": "rumour",
        "unit": "x",
        "start": -1,
        "quote": "",
        "published": "22/05/2025",
    }
    for column, value in broken.items():
        errors = list(validator.iter_errors({**row, column: value}))
        assert errors, column
    score = {**row, "kind": "score", "unit": "%", "value": 120.0}
    assert [e.message for e in validator.iter_errors(score)] == ["120.0 is greater than the maximum of 100"]


def test_every_unit_and_currency_of_the_grammar_is_known_to_the_schema() -> None:
    import tomllib

    from claims.resources import grammars_dir

    lexicons = grammars_dir() / "lexicons"
    units = tomllib.loads((lexicons / "units.toml").read_text(encoding="utf-8"))
    produced = {entry["unit"] for entry in units["unit"]}
    assert produced - set(unit_rules().canonical) == set()
    currencies = tomllib.loads((lexicons / "currencies.toml").read_text(encoding="utf-8"))
    assert {entry["code"] for entry in currencies["currency"]} - unit_rules().currencies == set()
