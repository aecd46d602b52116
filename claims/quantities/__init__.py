"""Quantities, the second stage: every figure in running Chinese or English text, with its value,
interval, canonical unit, qualifier and role (`find_quantities`), read by the grammar in
`grammars/quantity.lark` and the lexicons in `grammars/lexicons/`.
"""

from __future__ import annotations

from importlib import import_module

# public name -> the module of this stage that defines it (loaded on first use: no import cycles)
_PUBLIC = {
    "QuantityResources": "claims.quantities.find",
    "default_quantity_resources": "claims.quantities.find",
    "find_quantities": "claims.quantities.find",
}

__all__ = [
    "QuantityResources",
    "default_quantity_resources",
    "find_quantities",
]


def __getattr__(name: str) -> object:
    if name in _PUBLIC:
        value = getattr(import_module(_PUBLIC[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'claims.quantities' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))
