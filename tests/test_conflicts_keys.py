"""Comparison keys: spelling normalisation and the condition lexicon."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.errors import ResourceError
from claims.keys import load_conditions, match_key, normalise_key


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("GPT - 4o", "GPT-4o"),
        ("RTX5090", "RTX 5090"),
        ("ＲＴＸ　５０９０", "RTX 5090"),
        ("H100", "H100"),  # one letter: part of the name
        ("Gemini  2.0 Flash - Lite", "Gemini 2.0 Flash-Lite"),
        ("  ", None),
        (None, None),
    ],
)
def test_normalise_key(written: str | None, key: str | None) -> None:
    assert normalise_key(written) == key


def test_match_key_folds_case() -> None:
    assert match_key("gemini diffusion") == match_key("Gemini Diffusion") == "gemini diffusion"


CONDITIONS = load_conditions()


@pytest.mark.parametrize(
    ("sentence", "quote", "condition"),
    [
        ("MMLU 得分 5-shot 为 80%，0-shot 为 70%", "80%", "shots=5-shot"),
        ("MMLU 得分 5-shot 为 80%，0-shot 为 70%", "70%", "shots=0-shot"),
        ("在 5-shot 设置下，MMLU 得分 80%", "80%", "shots=5-shot"),
        ("It scores 71.2% on MMLU in the zero-shot setting.", "71.2%", "shots=0-shot"),
        ("Pass@1 reaches 79.8% on AIME", "79.8%", "attempts=pass@1"),
        ("还可将两台 Project DIGITS 连接起来，运行多达 4050 亿参数的模型", "4050 亿参数", "units=two-units"),
        ("使用高性能配置 (计算成本 172 万美元) 时得分 87.5%", "87.5%", "compute=high-compute"),
        ("每百万输出tokens的价格为8元", "8元", "tokens=output"),
        ("Grok 4.1 的非推理模式以 1465 Elo 分数位居第二", "1465", "mode=non-reasoning"),
        ("MMLU 得分 80%", "80%", ""),
        ("", "80%", ""),
    ],
)
def test_condition_of_a_figure(sentence: str, quote: str, condition: str) -> None:
    assert CONDITIONS.of(sentence, quote) == condition


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[[condition]]\naspect = "shots"\npatterns = ["x"]\n',
            "condition[0]: needs string fields aspect and id",
        ),
        (
            '[[condition]]\naspect = "a"\nid = "b"\npatterns = []\n',
            "condition[0].patterns: needs a non-empty list",
        ),
        (
            '[[condition]]\naspect = "a"\nid = "b"\npatterns = ["(x"]\n',
            "condition[0].patterns[0]: bad pattern",
        ),
        ("[[condition]\n", "not valid TOML"),
    ],
)
def test_a_bad_condition_lexicon_names_the_file_and_entry(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "conditions.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ResourceError) as caught:
        load_conditions(path)
    assert str(caught.value).startswith(f"{path}: {message}")
