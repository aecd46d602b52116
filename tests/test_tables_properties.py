"""Properties of tables and the review page over generated claims: nothing lost, nothing injected."""

from __future__ import annotations

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.model import Claim, claims_frame
from claims.output.render import to_html, to_markdown
from claims.output.report import review_page
from claims.output.tables import build_table, parse_spec

SPEC = parse_spec(
    'title = "T"\nsubjects = ["*"]\nby_object = true\n'
    '[[columns]]\nkey = "m"\nattributes = ["memory"]\nunits = ["B"]\ndisplay = "GB"\n'
    '[[columns]]\nkey = "p"\nattributes = ["*"]\nkinds = ["price"]\nformat = "currency"\ndisplay = "auto"\n',
    "t.toml",
)
EVIL = "<x-evil onload=alert(1)>"

# Text that may carry markup, quotes, ampersands, newlines, CJK and the marker tag.
texts = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20),
    st.sampled_from([EVIL, "a|b", "x & y", '"q"', "'s'", "显存 32GB", "</table>", "javascript:alert(1)"]),
)


@st.composite
def claims(draw: st.DrawFn) -> pl.DataFrame:
    rows = []
    for n in range(draw(st.integers(1, 8))):
        subject = draw(st.sampled_from(["RTX 5090", "OpenAI", EVIL, "a|b"]))
        kind, attribute, unit = draw(
            st.sampled_from(
                [("spec", "memory", "B"), ("price", None, "USD"), ("price", "launch_price", "CNY")]
            )
        )
        value = draw(st.floats(1, 1e10, allow_nan=False))
        width = draw(st.floats(0, 0.2)) * value
        quote = draw(texts) or "1"
        sentence = draw(texts) + quote + draw(texts)
        rows.append(
            Claim(
                claim_id=f"c{n}",
                doc_id=draw(st.sampled_from(["a.md", "b.md"])),
                segment_id=draw(st.sampled_from(["a.md#0", "b.md#0", "b.md#1"])),
                title=draw(texts),
                source_url=draw(st.sampled_from(["https://e.com/?a=1&b=<2>", "javascript:alert(1)", None])),
                published=draw(st.sampled_from(["2025-01-07", None])),
                start=0,
                end=len(quote),
                quote=quote,
                sentence=sentence,
                kind=kind,
                subject=subject,
                subject_key=subject,
                attribute=attribute,
                attribute_key=attribute,
                object=draw(st.sampled_from([None, "io", EVIL])),
                baseline=None,
                value=value,
                lo=value - width,
                hi=value + width,
                unit=unit,
                qualifier=draw(st.sampled_from(["exact", "approx", "range", "at_least"])),
                modality=draw(st.sampled_from(["asserted", "speculative"])),
                lang="zh",
                rule_id="test",
            )
        )
    return claims_frame(rows)


def conflicts_of(frame: pl.DataFrame, status: str) -> pl.DataFrame:
    """One made-up conflict holding every claim, so every cell is marked and footnoted."""
    return pl.DataFrame(
        {
            "conflict_id": ["cf-1"],
            "subject_key": [EVIL],
            "attribute_key": [EVIL],
            "status": [status],
            "severity": [0.5],
            "claim_ids": [frame["claim_id"].to_list()],
            "explanation": [EVIL],
            "verdict": [None],
            "review_note": [EVIL],
            "correct_value": [None],
        }
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claims(), st.sampled_from(["conflict", "rumour", "tension"]))
def test_every_claim_lands_in_exactly_one_cell(frame: pl.DataFrame, status: str) -> None:
    table = build_table(SPEC, frame, conflicts_of(frame, status), strict=False)
    placed = [claim_id for ids in table.cells["claim_ids"].to_list() for claim_id in ids]
    assert sorted(placed) == sorted(frame["claim_id"].to_list())
    assert set(table.cells["row"]) == set(table.rows)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claims(), st.sampled_from(["conflict", "rumour", "tension"]))
def test_no_markup_from_the_data_reaches_the_page(frame: pl.DataFrame, status: str) -> None:
    conflicts = conflicts_of(frame, status)
    table = build_table(SPEC, frame, conflicts, strict=False)
    report = review_page(frame, conflicts)
    assert "&lt;x-evil" in report  # the marker does reach the page, escaped
    for page in (to_html(table), report):
        assert "<x-evil" not in page and 'href="javascript:' not in page
    assert "<x-evil" not in to_markdown(table)
