"""Loading the quantity grammar and lexicons: checked on load, errors name file and entry."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import claims.cli.quantities  # noqa: F401  (registers the command on the app, as the entry point does)
from claims.cli.app import app
from claims.errors import ResourceError
from claims.quantities.find import default_quantity_resources, find_quantities, load_quantity_resources
from claims.resources import grammars_dir


@pytest.fixture
def grammars(tmp_path: Path) -> Path:
    target = tmp_path / "grammars"
    shutil.copytree(grammars_dir(), target)
    return target


def _edit(path: Path, old: str, new: str) -> int:
    """Replace the first `old` by `new` in the file; the 1-based line of the change."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text.count("\n", 0, text.index(old)) + 1


def test_default_resources_load_once():
    assert default_quantity_resources() is default_quantity_resources()


def test_bad_factor_names_file_and_entry(grammars):
    units = grammars / "lexicons" / "units.toml"
    line = _edit(units, 'factor = "1"', 'factor = "one"')
    with pytest.raises(ResourceError) as caught:
        load_quantity_resources(grammars)
    assert str(caught.value) == f"{units}:{line}: unit[0].factor: not a decimal number: 'one'"


def test_form_of_two_units_is_rejected(grammars):
    units = grammars / "lexicons" / "units.toml"
    _edit(units, 'forms = ["KB", "kB"]', 'forms = ["KB", "GB"]')
    with pytest.raises(ResourceError) as caught:
        load_quantity_resources(grammars)
    assert str(caught.value).endswith("forms: form 'GB' already belongs to kilobyte")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('aspect = "16:9"', 'aspect = "wide"', "aspect: must be width:height in whole numbers: 'wide'"),
        ("heights = [144, ", "heights = [-144, ", "heights: must be a list of positive whole numbers"),
        ('aspect = "16:9"\n', "", "heights: a frame unit needs both aspect and heights"),
    ],
)
def test_bad_frame_unit_names_file_and_entry(grammars, old, new, message):
    units = grammars / "lexicons" / "units.toml"
    _edit(units, old, new)
    with pytest.raises(ResourceError) as caught:
        load_quantity_resources(grammars)
    assert str(caught.value).endswith(message)
    assert str(units) in str(caught.value)


def test_unknown_qualifier_kind(grammars):
    path = grammars / "lexicons" / "qualifiers.toml"
    line = _edit(path, 'kind = "approx"', 'kind = "roughly"')
    with pytest.raises(ResourceError) as caught:
        load_quantity_resources(grammars)
    assert str(caught.value).startswith(f"{path}:{line}: qualifier[0].kind: unknown kind 'roughly'")


def test_bad_currency_code(grammars):
    path = grammars / "lexicons" / "currencies.toml"
    line = _edit(path, 'code = "USD"', 'code = "usd"')
    with pytest.raises(ResourceError) as caught:
        load_quantity_resources(grammars)
    assert str(caught.value) == f"{path}:{line}: currency[0].code: not an ISO 4217 code: 'usd'"


def test_broken_toml_and_missing_file(grammars):
    path = grammars / "lexicons" / "numerals.toml"
    path.write_text("[digits\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"numerals\.toml:1:\d+: not valid TOML"):
        load_quantity_resources(grammars)
    path.unlink()
    with pytest.raises(ResourceError, match=r"numerals\.toml: cannot read: No such file"):
        load_quantity_resources(grammars)


def test_grammar_conflict_is_reported(grammars):
    path = grammars / "quantity.lark"
    _edit(
        path,
        "amount: number scales? (MORE scales?)?",
        "amount: number scales? (MORE scales?)? | number SCALE*",
    )
    with pytest.raises(ResourceError, match=r"quantity\.lark: grammar does not load"):
        load_quantity_resources(grammars)


def test_user_lexicon_extension_is_used(grammars):
    path = grammars / "lexicons" / "units.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text + '\n[[unit]]\nid = "qubit"\ndimension = "qubits"\nunit = "qubit"\n'
        'factor = "1"\nforms = ["量子比特"]\n',
        encoding="utf-8",
    )
    resources = load_quantity_resources(grammars)
    [quantity] = find_quantities("拥有 105 量子比特", resources=resources)
    assert (quantity.value, quantity.unit, quantity.dimension) == (105, "qubit", "qubits")


def test_cli_jsonl_from_stdin():
    result = CliRunner().invoke(app, ["quantities", "-"], input="售价 1999 美元，近65亿美元，超过20%")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["text"], r["value"], r["unit"], r["qualifier"]) for r in rows] == [
        ("1999 美元", "1999", "USD", "exact"),
        ("近65亿美元", "6500000000", "USD", "approx"),
        ("超过20%", "20", "%", "at_least"),
    ]
    assert rows[2]["hi"] == "inf"
    assert set(rows[0]) >= {"start", "end", "text", "value", "lo", "hi", "unit", "dimension", "qualifier"}


def test_cli_table_output(tmp_path):
    source = tmp_path / "a.md"
    source.write_text("功耗 575W，带宽 1792 GB/s", encoding="utf-8")
    out = tmp_path / "q.csv"
    result = CliRunner().invoke(app, ["quantities", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (
        out.read_text(encoding="utf-8").splitlines()[0]
        == "start,end,text,value,lo,hi,unit,dimension,qualifier,role,shown_value,shown_unit"
    )


def test_cli_missing_file_is_one_line(tmp_path):
    result = CliRunner().invoke(app, ["quantities", str(tmp_path / "nope.txt")])
    assert result.exit_code != 0
    assert "no such file" in str(result.exception)


def _table_line(path: Path, header: str) -> int:
    """The 1-based line of a table's header: an error in a table of forms names the table."""
    text = path.read_text(encoding="utf-8")
    return text.count("\n", 0, text.index(f"\n{header}\n")) + 2


def test_respelled_word_of_another_length(grammars):
    path = grammars / "lexicons" / "numerals.toml"
    _edit(path, '"半百" = "五十"', '"半百" = "五十个"')
    line = _table_line(path, "[respelled]")
    with pytest.raises(ResourceError) as caught:
        load_quantity_resources(grammars)
    assert (
        str(caught.value) == f"{path}:{line}: respelled.半百: must be a string of the same length as the word"
    )


def test_respelled_word_without_a_numeral(grammars):
    path = grammars / "lexicons" / "numerals.toml"
    _edit(path, '"打对折" = "打五折"', '"打对折" = "打对半"')
    line = _table_line(path, "[respelled]")
    with pytest.raises(ResourceError) as caught:
        load_quantity_resources(grammars)
    assert str(caught.value) == f"{path}:{line}: respelled.打对折: '打对半' holds no numeral"


def test_standing_words_are_strings(grammars):
    path = grammars / "lexicons" / "numerals.toml"
    _edit(path, 'before = ["是", "“"', 'before = [1, "“"')
    with pytest.raises(ResourceError) as caught:
        load_quantity_resources(grammars)
    assert str(caught.value).endswith("standing.before: must be a list of non-empty strings")
