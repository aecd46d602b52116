"""The conflict cases again, with figures read from text by the quantity grammar (units, intervals).

Each case is two or three short sentences about one fact (subject and attribute given); the
figures' values, units and intervals come from `claims.quantities.find.find_quantities`, so this checks
that grammar and conflict detection agree on the unit contract end to end.
"""

from __future__ import annotations

import pytest

from claims import find_conflicts
from claims.model import Claim, claims_frame

quantity = pytest.importorskip("claims.quantities.find")

CASES = [
    ("64亿美元 vs 65亿美元", ["以64亿美元收购", "以65亿美元收购"], "conflict"),
    ("64亿美元 vs 近65亿美元", ["以64亿美元收购", "以近65亿美元收购"], "tension"),
    ("1600 美元 vs 1599 美元", ["发布价 1600 美元", "发布价 1599 美元"], "tension"),
    (
        "rumoured 2000-2500 美元左右 vs 1999 美元",
        ["传言价格会在 2000-2500 美元左右", "售价 1999 美元"],
        "rumour",
    ),
    ("高达 1792 GB/s vs 近 1.8TB/s", ["可提供高达 1792 GB/s 的内存带宽", "近 1.8TB/s 的内存带宽"], None),
    ("32GB vs 32 GB", ["使用 32GB GDDR7 显存", "拥有 32 GB GDDR7 显存"], None),
    ("多达 2000 亿参数 twice", ["运行多达 2000 亿参数的模型", "运行多达 2000 亿参数的大型语言模型"], None),
    ("549 美元 vs 4599 元", ["售价 549 美元", "国行售价 4599 元"], None),
    ("每秒约1500个token vs 每秒约1520个token", ["每秒生成约1500个token", "每秒生成约1520个token"], None),
    ("15% vs 18%", ["15% increase in reasoning task accuracy", "推理任务准确率提升18%"], "conflict"),
]

SPECULATIVE = ("传言", "rumoured")


def claims_from(sentences: list[str]) -> list[Claim]:
    claims = []
    for n, sentence in enumerate(sentences):
        # the figure of the sentence (GDDR7's 7 is reported too, as an identifier)
        (figure,) = [q for q in quantity.find_quantities(sentence) if q.role == "cardinal"]
        claims.append(
            Claim(
                f"c{n}",
                f"doc{n}.md",
                f"doc{n}.md#0",
                None,
                None,
                None,
                figure.start,
                figure.end,
                figure.text,
                sentence,
                "spec",
                "Model X1",  # one named version: the facts' identity
                "Model X1",
                None,
                "measure",
                None,
                None,
                float(figure.value),
                float(figure.lo),
                float(figure.hi),
                figure.unit,
                "approx" if figure.qualifier == "near" else figure.qualifier,
                "speculative" if any(w in sentence for w in SPECULATIVE) else "asserted",
                "zh",
                "test",
            )
        )
    return claims


@pytest.mark.parametrize(
    ("name", "sentences", "status"), CASES, ids=lambda v: v if isinstance(v, str) else ""
)
def test_figures_read_from_text(name: str, sentences: list[str], status: str | None) -> None:
    found = find_conflicts(claims_frame(claims_from(sentences)))
    assert found["status"].to_list() == ([status] if status else []), found["explanation"].to_list()
