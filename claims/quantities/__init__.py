"""Quantities, the second stage: every figure in running Chinese or English text, with its value,
interval, canonical unit, qualifier and role (`find_quantities`), read by the grammar in
`grammars/quantity.lark` and the lexicons in `grammars/lexicons/`.
"""
