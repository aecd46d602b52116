"""How `--jobs` cuts a batch of documents into tasks: every document once, in runs of neighbours,
the largest tasks handed out first."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from claims.extraction.workers import balanced_tasks

SIZES = st.lists(st.integers(min_value=0, max_value=200_000), max_size=80)


@given(SIZES, st.integers(min_value=1, max_value=32))
def test_every_document_is_in_one_task_of_neighbours(sizes: list[int], count: int) -> None:
    tasks = balanced_tasks(sizes, count)
    assert sorted(tasks) == sorted(set(tasks))
    covered = [index for start, end in sorted(tasks) for index in range(start, end)]
    assert covered == list(range(len(sizes)))
    assert all(start < end for start, end in tasks)


@given(SIZES, st.integers(min_value=1, max_value=32))
def test_the_largest_tasks_go_first(sizes: list[int], count: int) -> None:
    held = [sum(sizes[start:end]) for start, end in balanced_tasks(sizes, count)]
    assert held == sorted(held, reverse=True)


@given(SIZES, st.integers(min_value=1, max_value=32))
def test_a_task_of_several_documents_holds_no_more_than_its_share(sizes: list[int], count: int) -> None:
    # (a document longer than the share is a task alone, but for empty documents just before it)
    share = max(1, sum(sizes) // count)
    for start, end in balanced_tasks(sizes, count):
        assert sum(sizes[start:end]) <= share or sum(sizes[start : end - 1]) == 0


def test_a_long_document_among_short_ones_is_a_task_of_its_own() -> None:
    # ten short articles and one long one: the long one alone, first, the short ones in a few runs
    sizes = [1_000] * 5 + [50_000] + [1_000] * 5
    tasks = balanced_tasks(sizes, 4)
    assert tasks[0] == (5, 6)
    assert len(tasks) <= 4
