"""The scanner on the real seed corpus (../shared/corpus/seeds; skipped when absent).

Every occurrence of the shapes below must be covered by one quantity of the stated unit; names
with versions must never yield a quantity; nothing is reported inside a URL; offsets are exact.
"""

from __future__ import annotations

import re

import pytest

from claims.quantities.find import default_quantity_resources, find_quantities

SHAPES = [
    ("64亿美元", "USD"),
    ("近65亿美元", "USD"),
    ("1万token", "token"),
    ("每秒生成约1500个token", "token/s"),
    ("12秒", "s"),
    ("3352 AI TOPS", "OPS"),
    ("32 GB", "B"),
    ("575W", "W"),
    ("1792 GB/s", "B/s"),
    ("1.8TB/s", "B/s"),
    ("920 亿晶体管", "count"),
    ("21760", ("", "count")),  # bare, or "21760 个 CUDA 核心"
    ("2000-2500 美元", "USD"),
    ("8 倍", "x"),
    ("75%", "%"),
    ("6710亿参数", "params"),
    ("90.8%", "%"),
]
NAMES = re.compile(r"GPT-4o|Gemini 2\.5|RTX ?5090|Llama 3\.1|Qwen2\.5|DeepSeek-V3|DeepSeek-R1|H100|A100")
URL = re.compile(r"https?://[^\s)）\]]+")


@pytest.fixture(scope="module")
def seeds(seeds_dir):
    resources = default_quantity_resources()
    out = []
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out.append((path.name, text, find_quantities(text, resources=resources)))
    return out


@pytest.mark.parametrize(("shape", "unit"), SHAPES, ids=[shape for shape, _ in SHAPES])
def test_real_shapes_are_read(seeds, shape, unit):
    seen = 0
    for name, text, quantities in seeds:
        for match in re.finditer(re.escape(shape), text):
            seen += 1
            cover = [q for q in quantities if q.start <= match.start() and q.end >= match.end()]
            units = unit if isinstance(unit, tuple) else (unit,)
            assert len(cover) == 1 and cover[0].unit in units, (name, match.start(), [q.text for q in cover])
    if not seen:
        pytest.skip(f"{shape} does not occur in these seeds")


def test_names_with_versions_yield_nothing(seeds):
    for name, text, quantities in seeds:
        for match in NAMES.finditer(text):
            hits = [
                q.text
                for q in quantities
                if q.start < match.end() and q.end > match.start() and q.role == "cardinal"
            ]
            assert not hits, (name, match.group(), hits)


def test_nothing_inside_urls(seeds):
    for name, text, quantities in seeds:
        for match in URL.finditer(text):
            hits = [q.text for q in quantities if q.start < match.end() and q.end > match.start()]
            assert not hits, (name, match.group()[:60], hits)


def test_offsets_are_exact_and_ordered(seeds):
    for _, text, quantities in seeds:
        last = 0
        for q in quantities:
            assert text[q.start : q.end] == q.text
            assert q.start >= last and q.lo <= q.hi
            last = q.end
