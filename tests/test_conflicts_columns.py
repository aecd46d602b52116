"""What conflict finding carries and copies: only the columns comparing reads go on past the
derived rates, a key column is added by looking up its own columns (`looked_up`), and a table is
copied to drop repeated ids or figureless rows only when it has some. The conflicts stay the same."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal, assert_series_equal

from claims.conflicts.comparable import COMPARED_COLUMNS, comparable_claims, looked_up
from claims.conflicts.find import find_conflicts
from claims.extraction.extract import extract_corpus
from claims.model import CLAIM_COLUMNS
from claims.resources import sample_corpus_dir


@pytest.fixture(scope="module")
def sample_claims() -> pl.DataFrame:
    return extract_corpus([sample_corpus_dir()])


def test_only_the_compared_columns_go_on(sample_claims: pl.DataFrame) -> None:
    keyed = comparable_claims(sample_claims)
    assert keyed.height > 0
    # the claim columns comparing does not read (title, rule id, ...) are left behind
    assert set(keyed.columns) & set(CLAIM_COLUMNS) <= COMPARED_COLUMNS
    assert "title" in sample_claims.columns and "title" not in keyed.columns


def test_repeated_ids_are_one_claim(sample_claims: pl.DataFrame) -> None:
    """A table holding each claim twice gives the conflicts of the table once."""
    twice = pl.concat([sample_claims, sample_claims])
    assert comparable_claims(twice).height == comparable_claims(sample_claims).height
    assert_frame_equal(find_conflicts(twice), find_conflicts(sample_claims))


def test_rows_without_a_value_are_left_out(sample_claims: pl.DataFrame) -> None:
    blank = sample_claims.head(5).with_columns(
        claim_id=pl.lit("blank-") + pl.col("claim_id"), value=pl.lit(None, pl.Float64)
    )
    with_blanks = pl.concat([sample_claims, blank])
    assert_frame_equal(find_conflicts(with_blanks), find_conflicts(sample_claims))


_KEYS = st.one_of(st.none(), st.sampled_from(["a", "b", "c", "d"]))


@settings(max_examples=100, deadline=None)
@given(
    rows=st.lists(st.tuples(_KEYS, _KEYS), max_size=30),
    table=st.dictionaries(st.tuples(_KEYS, _KEYS), st.integers(0, 9), max_size=12),
)
def test_looked_up_is_the_left_join_column(
    rows: list[tuple[str | None, str | None]], table: dict[tuple[str | None, str | None], int]
) -> None:
    """Row for row, what a left join on the key columns would add: nulls match nulls, and a row
    whose key the table lacks gets null."""
    df = pl.DataFrame(rows, schema={"k1": pl.String, "k2": pl.String}, orient="row").with_columns(
        wide=pl.lit("x" * 20)
    )
    lookup = pl.DataFrame(
        [(*key, value) for key, value in table.items()],
        schema={"k1": pl.String, "k2": pl.String, "v": pl.Int64},
        orient="row",
    )
    joined = df.join(lookup, on=["k1", "k2"], how="left", nulls_equal=True, maintain_order="left")
    assert_series_equal(looked_up(df, lookup, ["k1", "k2"], "v"), joined["v"])
