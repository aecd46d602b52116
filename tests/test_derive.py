"""Derived rates: an amount and a duration in one clause become a token/s claim."""

from __future__ import annotations

import math

import pytest

from claims.extraction.derive import RULE_ID, derive_rates, with_derived
from claims.model import CLAIM_COLUMNS, Claim, claims_frame


def claim(
    cid: str, sentence: str, quote: str, value: float, lo: float, hi: float, unit: str, **extra
) -> Claim:
    at = sentence.index(quote)
    fields = {
        "claim_id": cid, "doc_id": "d.md", "segment_id": "d.md#0", "title": "t", "source_url": "https://x",
        "published": "2025-05-22", "start": 100 + at, "end": 100 + at + len(quote), "quote": quote,
        "sentence": sentence, "kind": "spec", "subject": "Gemini Diffusion",
        "subject_key": "Gemini Diffusion", "attribute": None, "attribute_key": None, "object": None,
        "baseline": None, "value": value, "lo": lo,
        "hi": hi, "unit": unit, "qualifier": "exact", "modality": "asserted", "lang": "zh", "rule_id": "r",
    }  # fmt: skip
    return Claim(**{**fields, **extra})


ZH = "谷歌推出Gemini Diffusion，12秒生成1万token，速度惊人"
EN = "Gemini Diffusion writes 10,000 tokens in 12 seconds."


def test_chinese_amount_after_duration() -> None:
    df = claims_frame(
        [claim("t", ZH, "12秒", 12, 11.5, 12.5, "s"), claim("n", ZH, "1万token", 1e4, 5e3, 1.5e4, "token")]
    )
    rates = derive_rates(df)
    assert rates.height == 1
    rate = rates.row(0, named=True)
    assert rate["quote"] == "12秒生成1万token"
    assert ZH[rate["start"] - 100 : rate["end"] - 100] == rate["quote"]
    assert rate["value"] == pytest.approx(833.333, rel=1e-4)
    assert rate["lo"] == pytest.approx(5e3 / 12.5) and rate["hi"] == pytest.approx(1.5e4 / 11.5)
    assert (rate["unit"], rate["kind"], rate["attribute_key"]) == ("token/s", "spec", "tokens_per_second")
    assert (rate["derived"], rate["rule_id"], rate["qualifier"]) == (True, RULE_ID, "approx")
    assert (rate["subject_key"], rate["title"], rate["source_url"]) == ("Gemini Diffusion", "t", "https://x")
    assert rates.schema == claims_frame([]).schema


def test_english_duration_after_amount() -> None:
    df = claims_frame(
        [
            claim("n", EN, "10,000 tokens", 1e4, 9999.5, 10000.5, "token", lang="en"),
            claim("t", EN, "12 seconds", 12, 11.5, 12.5, "s", lang="en"),
        ]
    )
    rate = derive_rates(df).row(0, named=True)
    assert rate["quote"] == "10,000 tokens in 12 seconds"
    assert rate["value"] == pytest.approx(1e4 / 12)


@pytest.mark.parametrize(
    ("sentence", "duration", "amount"),
    [
        ("训练耗时12秒，共处理1万token", "12秒", "1万token"),  # two clauses
        ("12秒内第3次生成了1万token", "12秒", "1万token"),  # another number between them
        ("12秒之后，模型又花了很长很长时间生成1万token", "12秒", "1万token"),  # too far apart
    ],
)
def test_figures_not_side_by_side_make_no_rate(sentence: str, duration: str, amount: str) -> None:
    df = claims_frame(
        [
            claim("t", sentence, duration, 12, 11.5, 12.5, "s"),
            claim("n", sentence, amount, 1e4, 5e3, 1.5e4, "token"),
        ]
    )
    assert derive_rates(df).is_empty()


def test_other_sentences_and_documents_make_no_rate() -> None:
    other = "Gemini Diffusion 用时12秒"
    df = claims_frame(
        [
            claim("t", other, "12秒", 12, 11.5, 12.5, "s"),
            claim("n", ZH, "1万token", 1e4, 5e3, 1.5e4, "token"),
            claim("t2", ZH, "12秒", 12, 11.5, 12.5, "s", doc_id="e.md"),
        ]
    )
    assert derive_rates(df).is_empty()


def test_speculative_input_makes_a_speculative_rate_and_open_duration_an_open_rate() -> None:
    df = claims_frame(
        [
            claim("t", ZH, "12秒", 12, 0.0, 12.0, "s", qualifier="at_most"),
            claim("n", ZH, "1万token", 1e4, 5e3, 1.5e4, "token", modality="speculative"),
        ]
    )
    rate = derive_rates(df).row(0, named=True)
    assert rate["modality"] == "speculative"
    assert math.isinf(rate["hi"]) and rate["lo"] == pytest.approx(5e3 / 12)


def test_with_derived_appends_once_and_keeps_columns() -> None:
    df = claims_frame(
        [claim("t", ZH, "12秒", 12, 11.5, 12.5, "s"), claim("n", ZH, "1万token", 1e4, 5e3, 1.5e4, "token")]
    )
    once = with_derived(df)
    assert once.height == 3 and list(once.columns) == list(CLAIM_COLUMNS)
    assert with_derived(once).height == 3
    assert once["claim_id"][2] == derive_rates(df)["claim_id"][0]  # stable id
