"""Comparison keys: spelling normalisation and the condition lexicon."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.conflicts.conditions import load_conditions
from claims.errors import ResourceError
from claims.text.keys import match_key, normalise_key


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
        # A condition in another clause that states its own figure qualifies that figure only.
        ("DeepSeek-R1 在 MMLU 上得分 90.8%，在 AIME 上的 pass@1 为 79.8%", "90.8%", ""),
        ("DeepSeek-R1 在 MMLU 上得分 90.8%，在 AIME 上的 pass@1 为 79.8%", "79.8%", "attempts=pass@1"),
        # A table of a paper is an experiment of its own.
        ("- 准确率从 38.8% 提升到 63.9%(表 3);", "63.9%", "experiment=table-3"),
        ("Accuracy rises to 68.2% (Table 4).", "68.2%", "experiment=table-4"),
        # A size that names a model variant is its own fact; a size stated of a model is not.
        ("实验覆盖五种模型:Qwen3 0.6B / 1.7B、Llama3 8B", "1.7B", "variant=size-1.7B"),
        ("以 Qwen3 1.7B 为例,MATH 准确率达到 93.0%", "1.7B", "variant=size-1.7B"),
        ("- 340M 参数模型(hidden size 1024)", "340M 参数", "variant=size-340M 参数"),
        ("We train a 7B model on 2T tokens.", "7B", "variant=size-7B"),
        ("DeepSeek-V3 拥有 671B 参数", "671B", ""),
        # The starting level of a change is an earlier state.
        ("周活跃用户数从约1亿增长到超过3亿", "约1亿", "stage=starting-level"),
        ("周活跃用户数从约1亿增长到超过3亿", "超过3亿", ""),
        ("weekly users rose from 500 million to 800 million", "500 million", "stage=starting-level"),
        ("RTX 5090 配备 32GB 显存", "32GB", ""),
        # Who serves a model sets its token rate.
        ("Llama 3.1 405B now runs on Cerebras at 969 tokens/s", "969 tokens/s", "host=Cerebras"),
        ("该团队与 Fireworks 合作提供为期 3个月 的免费版本，速度达 200 tok/s", "200 tok/s", "host=Fireworks"),
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
            "1: condition[0]: needs string fields aspect and id",
        ),
        (
            '[[condition]]\naspect = "a"\nid = "b"\npatterns = []\n',
            "4: condition[0].patterns: needs a non-empty list",
        ),
        (
            '[[condition]]\naspect = "a"\nid = "b"\npatterns = ["(x"]\n',
            "4: condition[0].patterns[0]: bad pattern",
        ),
        ("[[condition]\n", "1:12: not valid TOML"),
    ],
)
def test_a_bad_condition_lexicon_names_the_file_and_entry(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "conditions.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ResourceError) as caught:
        load_conditions(path)
    assert str(caught.value).startswith(f"{path}:{message}")


# Text made of what the condition patterns name (and what they must not stand beside): the one
# alternation of every pattern finds something exactly where some pattern does.
_CONDITION_BITS = [
    "5-shot",
    "zero shot",
    "pass@1",
    "单卡",
    "两台",
    "cache hit",
    "非推理模式",
    "推理模式",
    "Table 3",
    "表 2",
    "每月",
    "/ month",
    "series B",
    "B 轮",
    "上月",
    "in total",
    "与 Vela 合作",
    "runs on Orca",
    "80%",
    "，",
    "。",
    " ",
    "a",
    "7B",
    "non-reasoning mode",
    "CPM",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_CONDITION_BITS), max_size=12).map("".join))
def test_the_alternation_finds_a_condition_where_some_pattern_does(text: str) -> None:
    some = any(p.search(text) for entry in CONDITIONS.entries for p in entry.patterns)
    assert CONDITIONS.any_named is not None
    assert (CONDITIONS.any_named.search(text) is not None) == some


def test_a_lexicon_with_a_backreference_is_read_pattern_by_pattern(tmp_path: Path) -> None:
    path = tmp_path / "conditions.toml"
    path.write_text(
        '[[condition]]\naspect = "echo"\nid = "twice"\npatterns = ["(ab)\\\\1"]\n'
        '[[condition]]\naspect = "shots"\nid = "{1}-shot"\npatterns = ["(\\\\d+)-shot"]\n',
        encoding="utf-8",
    )
    conditions = load_conditions(path)
    assert conditions.any_named is None  # `(ab)\1` would read another group inside one alternation
    assert conditions.of("abab 得分 5-shot 为 80%", "80%") == "echo=twice;shots=5-shot"
    assert conditions.of("得分 80%", "80%") == ""
