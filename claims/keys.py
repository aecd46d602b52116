"""Comparison keys: two spellings of one name become one key, so their claims meet.

Only spelling is normalised here (width, case, spacing); which names denote the same entity
(`io` = `io公司`) is the alias lexicon's business, applied by extraction before a key reaches the
claims table. These functions are pure and cheap, so conflict grouping can apply them again to keys
that came from other tools.
"""

from __future__ import annotations

import re
import unicodedata

# Spaces around a hyphen or slash inside a name are typing noise: `GPT - 4o` is `GPT-4o`.
_SPACED_JOINER = re.compile(r"\s*([-/·・])\s*")
# A run of two or more Latin capitals glued to a number is a product line and its model number
# (`RTX5090`); a single letter (`H100`, `A100`) is part of the model name and stays glued.
_LINE_AND_NUMBER = re.compile(r"(?<![A-Za-z])([A-Z]{2,})(\d)")
_SPACES = re.compile(r"\s+")


def normalise_key(text: str | None) -> str | None:
    """The spelling-normalised form of a subject, attribute or object key (None stays None).

    >>> normalise_key("GPT - 4o"), normalise_key("RTX5090"), normalise_key("ＲＴＸ　５０９０")
    ('GPT-4o', 'RTX 5090', 'RTX 5090')
    >>> normalise_key("  ") is None
    True
    """
    if text is None:
        return None
    key = unicodedata.normalize("NFKC", text)
    key = _SPACES.sub(" ", key).strip()
    key = _SPACED_JOINER.sub(r"\1", key)
    key = _LINE_AND_NUMBER.sub(r"\1 \2", key)
    return key or None


def match_key(text: str | None) -> str | None:
    """The key two names are compared by: `normalise_key` with case folded.

    >>> match_key("Gemini diffusion") == match_key("Gemini Diffusion")
    True
    """
    key = normalise_key(text)
    return key.casefold() if key is not None else None


# Full-width ASCII and the ideographic space map one-to-one onto ASCII, so a translated text keeps
# every offset; NFKC proper could change lengths.
_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """The lookup key of a surface form: width folded, spaces dropped, case folded.

    >>> squash("RTX 50 系列") == squash("rtx50系列")
    True
    """
    return _SPACE.sub("", halfwidth(text)).replace("–", "-").casefold()


def halfwidth(text: str) -> str:
    """`text` with full-width ASCII folded to ASCII, same length.

    >>> halfwidth("ＲＴＸ５０９０")
    'RTX5090'
    """
    return text.translate(_WIDTH)
