"""Each vocabulary is declared once and the other places derive from it: they cannot drift apart."""

from __future__ import annotations

from claims.model import STATUSES


def test_every_status_has_its_names_and_colours() -> None:
    from claims.comparison import STATUS_WEIGHT
    from claims.explanation import _TAILS
    from claims.render import MARKS, STATUS_COLOURS
    from claims.report import STATUS_NAMES
    from claims.tables import STATUS_LABELS

    for table in (STATUS_WEIGHT, _TAILS, STATUS_NAMES, STATUS_LABELS, STATUS_COLOURS, MARKS):
        assert set(STATUSES) <= set(table)
    assert list(STATUS_WEIGHT) == list(STATUSES)
    assert sorted(STATUS_WEIGHT.values(), reverse=True) == list(STATUS_WEIGHT.values())  # worst first
