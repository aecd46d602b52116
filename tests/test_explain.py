"""`claims explain`: each figure with the rule that decided it and how its subject was chosen."""

from __future__ import annotations

import pytest

from claims.cli.explain import explain_text


def test_each_figure_shows_its_rule_and_subject_strategy() -> None:
    lines = explain_text("Reka 发布 Reka Edge，这是一款 70 亿参数的多模态模型。")
    assert lines == [
        "70 亿参数  ->  parameter_count 7e+09 params  [parameter_count.params]",
        "    subject Reka Edge (released, by sentence_name) · attribute params · exact, asserted",
    ]


def test_a_vetoed_figure_names_the_rule_that_vetoed_it() -> None:
    lines = explain_text("见图 2，该模型在 5 个基准上领先。")
    assert any(line.startswith("5 个  ->") for line in lines)
    assert all("Traceback" not in line for line in lines)


def test_numbers_that_are_no_figures_name_their_veto() -> None:
    # the scanner reports every number with its role; the claim layer's named vetoes set aside
    # the year, the model number, the position and the number word that counts nothing
    lines = explain_text("In 2019 the RTX 5090 came 21st among three other cards.")
    assert lines == [
        "2019  ->  no claim  [vetoed by none.year]",
        "5090  ->  no claim  [vetoed by none.identifier]",
        "21st  ->  no claim  [vetoed by none.ordinal]",
        "three  ->  no claim  [vetoed by none.lone_number_word]",
    ]


def test_text_without_figures() -> None:
    assert explain_text("没有数字的句子。") == ["no quantity in the text"]


def test_the_command_reads_a_text_file(cli, tmp_path) -> None:
    path = tmp_path / "note.md"
    path.write_text("OpenAI以64亿美元收购io公司。", encoding="utf-8")
    result = cli("explain", path)
    assert result.code == 0
    assert result.out.splitlines() == [
        "64亿美元  ->  price 6.4e+09 USD  [price.acquisition_after]",
        "    subject OpenAI (clause, by sentence_name) · attribute acquisition_price · object io"
        " · exact, asserted",
        "    set apart: io公司 (object)",
    ]


def test_each_subject_names_the_strategy_that_chose_it() -> None:
    lines = explain_text(
        "Quillbox 和 Tern-2 在 MMLU 上的得分分别为 71.5% 和 69.0%。Quillbox 还支持 12 种语言。"
    )
    subjects = [line.split(" · ")[0].strip() for line in lines if line.startswith("    subject")]
    assert subjects == [
        "subject Quillbox (list, by respectively)",
        "subject Tern-2 (list, by respectively)",
        "subject Quillbox (clause, by sentence_name)",
    ]


def test_names_set_apart_show_their_part() -> None:
    # who is given the sum, who reports it and the chip a rate ran on are never the subject: explain
    # says which part set each aside
    lines = explain_text(
        "据 TernWire 消息，VelaAI 向 KestrelBio 研究院设立的基金捐赠 750 万美元。"
        "在 NVIDIA Blackwell GPU 上，Orcanet 2 实现了每秒 1009 个 token。"
    )
    shown = [line.strip() for line in lines if line.startswith("    set apart:")]
    assert shown == [
        "set apart: TernWire (source), KestrelBio (recipient)",
        "set apart: NVIDIA (setting), Blackwell (setting)",
    ]


def test_a_long_text_is_read_as_text_not_as_a_path(cli) -> None:
    # a sentence longer than a file name may be is explained, not a traceback about the path
    text = "Vela 正式发布了 Orca-2 系列模型，提供 0.6B 和 4B 两种参数规格。" * 12
    result = cli("explain", text)
    assert result.code == 0
    assert "0.6B  ->  parameter_count" in result.out
    assert "Traceback" not in result.out + result.err


@pytest.mark.parametrize("name", ["news.jsonl", "news.jsonl.gz", "-"])
def test_json_lines_are_explained_a_document_at_a_time(cli, tmp_path, monkeypatch, name) -> None:
    """Each line its own document, as `claims extract` reads it: the second line's figure is not
    given the first line's name as its subject (it was, the file read as one text), and a bad line
    is warned of and skipped."""
    import gzip
    import io
    import sys

    lines = [
        '{"id": "a", "text": "Vela 2 scored 80% on MMLU."}',
        "{oops",
        '{"id": "b", "text": "Orca raised $5 million."}',
    ]
    data = "".join(line + "\n" for line in lines).encode()
    if name == "-":
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        where, shown = "-", "stdin"
    else:
        path = tmp_path / name
        path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
        where, shown = path, name
    result = cli("explain", where)
    assert result.code == 1  # a line skipped
    blocks = result.out.split("\n\n")
    assert [block.splitlines()[0] for block in blocks] == [f"[{shown}#a]", f"[{shown}#b]"]
    assert "subject Orca (clause" in blocks[1] and "Vela" not in blocks[1]
    assert ":2: not JSON" in result.err


def test_one_text_commands_read_as_the_corpus_reader_does(cli, tmp_path, monkeypatch) -> None:
    # `quantities` and `explain` take one file or standard input: undecodable or empty input is the
    # corpus reader's one line (the byte, its offset and line, the hint), on standard input too
    import io
    import sys

    latin = tmp_path / "latin1.md"
    latin.write_bytes("café 1%".encode("latin-1"))
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"  \n")
    undecodable = "1: not UTF-8 text (byte 0xe9 at offset 3) (convert the file to UTF-8)"
    for command in ("quantities", "explain"):
        result = cli(command, latin)
        assert (result.code, result.err.strip()) == (2, f"error: {latin}:{undecodable}")
        result = cli(command, empty)
        assert (result.code, result.err.strip()) == (2, f"error: {empty}: empty file")
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("café 1%".encode("latin-1"))))
        result = cli(command, "-")
        assert (result.code, result.err.strip()) == (2, f"error: <stdin>:{undecodable}")
