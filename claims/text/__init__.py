"""Text primitives every stage shares: plain text for reading (Markdown emphasis removed),
masking of spans whose digits are never figures, model sizes as news writes them, and the reader of
hand-written TOML files.
"""
