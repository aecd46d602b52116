"""Quantities, the second stage: every figure in running Chinese or English text, with its value,
interval, canonical unit, qualifier and role (`find_quantities`), read by the grammar in
`grammars/quantity.lark` and the lexicons in `grammars/lexicons/`.
"""

from __future__ import annotations

from claims.lazy import lazy_names

# public name -> the module of this stage that defines it (loaded on first use: no import cycles)
_PUBLIC = {
    "QuantityResources": "claims.quantities.find",
    "default_quantity_resources": "claims.quantities.find",
    "find_quantities": "claims.quantities.find",
}

__all__ = sorted(_PUBLIC)


__getattr__, __dir__ = lazy_names(__name__, _PUBLIC, globals())
