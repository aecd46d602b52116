"""The runnable examples in the docstrings of the reading modules stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["claims.plain", "claims.multiples", "claims.corpus", "claims.intervals", "claims.number_vetoes"]
MODULES += ["claims.quantity", "claims.quantity_shapes", "claims.numerals"]  # the quantity scan's readers


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
