"""Run the "never raises" properties far longer than the suite does: random text through the quantity
scan and the whole extractor, every row held to the schema.

    python benchmarks/fuzz_never_raises.py [--examples 100000] [--seed 0]

Four text sources, `--examples` each: any Unicode, news-like words in both languages (the suite's
vocabulary plus number words, brackets and Markdown), number-heavy strings of digits, scales,
units and joiners, and news words run together with Chinese money, fraction, range and magnitude
shapes. For each text: `find_quantities` must not raise and its offsets must index the
text; `extract_document` must not raise, every quote must be `text[start:end]`, and the claims must
pass the claims schema. Prints the examples run and any failure hypothesis found (shrunk), and exits
1 when there is one.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from claims.extraction.extract import extract_document  # noqa: E402
from claims.model import Document, claims_frame  # noqa: E402
from claims.quantities.find import find_quantities  # noqa: E402
from claims.validation.kind_units import fits_kind  # noqa: E402
from claims.validation.validator import validate  # noqa: E402

WORDS = (
    "GPT-5", "Llama 3.1 405B", "Qwen2.5-72B-Instruct", "OpenAI", "英伟达", "H100", "模型", "得分", "scored",
    "on", "MMLU", "达到", "提升", "下降", "reduced", "by", "increased", "参数", "parameters", "售价", "costs",
    "融资", "raised", "估值", "约", "超过", "up to", "nearly", "at least", "under", "from", "to", "至", "与",
    "和", "vs", "90%", "120%", "1.5倍", "3x", "$20", "20美元", "64亿美元", "1.2万亿", "70B", "128K", "token",
    "tokens/s", "12 个百分点", "5 points", "-3%", "0.5", "2025年", "第3", "million", "billion", "万", "亿",
    "three", "nine in ten", "one another", "half", "a dozen", "两", "几十", "数百",
    "twenty-first", "two thirds", "a quarter", "point", "nought", "minus", "over", "out of", "and a half",
    "€35", "35€", "£8bn", "US$2.75", "USD 2.75", "2.75 USD", "45¢", "cents", "c $", "USD115", "7$",
    "a dollar", "mph", "km/h", "kHz", "rpm", "hp", "Nm", "sq ft", "miles", "feet", "inches", "lbs", "°F",
    "°C", "mg", "ml",
    "L", "6m", "$600m", "long", "1e5", "2^10", "1 234 567", "½", "lakh", "crore", "bln",
    "。", "，", ", ", ". ", "\n\n", "## ", "- ", "**", "(", ")", "（", "）", "《", "》", "|", "[", "](http://x)",
    "---\n", "`", "> ",
)  # fmt: skip
NUMBERISH = (
    "0123456789一二三四五六七八九十百千万亿零两.,-~%$¥€ 元年月日个倍约近超多余GBTKMxX:/\n#第()（）、至到"
    "£¢₹₩₡e^½⅔°FCLmst\u00a0\u202f"
)

# Pieces of the Chinese money, fraction, range and magnitude shapes, mixed with news words.
CHINESE_SHAPES = (
    "二十块五毛",
    "56元7角8分",
    "三毛五",
    "叁仟伍佰圆整",
    "新台币",
    "52 亿元",
    "两美元又三美分",
    "20刀",
    "充值20U",
    "12，345.60元",
    "八五折",
    "2.5 折",
    "半折",
    "七成六",
    "三成半",
    "一米七五",
    "4斤3两",
    "一年半",
    "半个小时",
    "2/3",
    "1又1/2",
    "十一又十四分之一",
    "3分之负一",
    "一 百 五 十 二",
    "百 分 之 五",
    "3e-4",
    "2^15",
    "1千零20",
    "2千零30万",
    "三四百",
    "六七亿美元",
    "七八千块",
    "千亿级",
    "五十五兆一十二亿",
    "百万分之三",
    "3‰",
    "五十打",
)

SOURCES = {
    "any unicode": st.text(max_size=300),
    "news words": st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join),
    "number strings": st.text(alphabet=st.sampled_from(NUMBERISH), max_size=200),
    "chinese shapes": st.lists(st.sampled_from(WORDS + CHINESE_SHAPES), max_size=40).map("".join),
}


class Batch:
    """Claims kept for the schema, which is run on many examples at once (pandera costs ~25 ms a
    call, a hundred times the extraction of a short text). A row it rejects is reported with its
    text; the row-level rules the schema holds are also checked per example, where hypothesis can
    shrink a failure."""

    size = 2000

    def __init__(self) -> None:
        self.claims: list = []
        self.texts: dict[str, str] = {}

    def add(self, doc_id: str, text: str, claims: list) -> None:
        self.texts[doc_id] = text
        self.claims += claims
        if len(self.texts) >= self.size:
            self.flush()

    def flush(self) -> None:
        failures = validate(claims_frame(self.claims), documents=self.texts) if self.claims else None
        if failures is not None and failures.height:
            first = failures.row(0, named=True)
            row = self.claims[first["row"] - 1] if first["row"] else None
            text = self.texts.get(row.doc_id) if row else None
            raise AssertionError(f"schema: {first} in text {text!r}")
        self.claims, self.texts = [], {}


BATCH = Batch()


def check(text: str) -> None:
    for q in find_quantities(text):
        assert text[q.start : q.end] == q.text, (q.start, q.end, q.text)
    doc_id = f"t{len(BATCH.texts)}.md"
    claims = extract_document(Document(doc_id, doc_id, text))
    for claim in claims:
        assert text[claim.start : claim.end] == claim.quote, claim
        assert claim.lo <= claim.value <= claim.hi, claim
        assert fits_kind(claim.kind, claim.unit, claim.value), claim
    BATCH.add(doc_id, text, claims)


def run(name: str, strategy: st.SearchStrategy[str], examples: int, seed_value: int) -> bool:
    start = time.perf_counter()
    cpu = time.process_time()

    @seed(seed_value)
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def prop(text: str) -> None:
        check(text)

    try:
        prop()
        BATCH.flush()
    except Exception as error:  # the shrunk failure, reported as found
        print(f"{name:16} FAILED after {time.perf_counter() - start:.0f} s: {type(error).__name__}: {error}")
        return False
    print(
        f"{name:16} {examples} examples, none failed: {time.process_time() - cpu:.0f} s cpu, "
        f"{time.perf_counter() - start:.0f} s wall"
    )
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    check("GPT-5 scored 90% on MMLU.")  # load resources outside the timing
    results = [run(name, strategy, args.examples, args.seed) for name, strategy in SOURCES.items()]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
