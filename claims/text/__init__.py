"""Text primitives every stage shares: plain text for reading (Markdown emphasis removed),
masking of spans whose digits are never figures, model sizes as news writes them, and the reader of
hand-written TOML files, the name keys two spellings of a name share, the punctuation classes, the
word matcher (one trie per word list) and the one pass that tells which word lists a stretch of text
may hold.
"""

from __future__ import annotations

from claims.lazy import lazy_names

# public name -> the module of this stage that defines it (loaded on first use: no import cycles)
_PUBLIC = {
    "mask": "claims.text.masking",
    "normalise_key": "claims.text.keys",
    "plain_text": "claims.text.plain",
    "read_toml": "claims.text.tomlfile",
}

__all__ = sorted(_PUBLIC)


__getattr__, __dir__ = lazy_names(__name__, _PUBLIC, globals())
