"""Every runnable example in the docstrings of `claims` stays true.

The modules are discovered, not listed: a new module's examples run without anyone adding it here.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import claims

MODULES = sorted(info.name for info in pkgutil.walk_packages(claims.__path__, "claims."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_discovery_finds_the_modules() -> None:
    assert {"claims.ingest.corpus", "claims.conflicts.find", "claims.cli.app"} <= set(MODULES)
