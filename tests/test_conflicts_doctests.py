"""The runnable examples in the conflict modules' docstrings stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "claims.keys",
    "claims.comparison",
    "claims.derive",
    "claims.explanation",
    "claims.conflicts",
    "claims.reviews",
    "claims.claimreview",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
