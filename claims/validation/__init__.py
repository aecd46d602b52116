"""Validation, the fourth stage: the claims and conflicts tables checked column by column against
their schemas (pandera, polars backend), every failure a row of a report (`validate`), and the
schemas as JSON Schema for other tools.
"""
