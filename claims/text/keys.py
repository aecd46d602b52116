"""Name keys, declared once: two spellings of one name become one key, so their claims meet.

Every function that normalises a name lives here, from the strictest to the loosest:

- `halfwidth`: full-width letters and digits folded to ASCII, same length (offsets keep);
- `normalise_key`: the spelling key of a subject, attribute or object (`GPT - 4o` -> `GPT-4o`,
  `RTX5090` -> `RTX 5090`), written into the claims table;
- `fold`: a key with its case folded, the form two keys are compared in (`match_key` is the
  spelling key folded);
- `squash`: the lookup key of a lexicon form (width folded, spaces dropped, case folded);
- `name_key`: how a table specification's subject names meet claims (hyphens, underscores and
  spaces do not count).

Which names denote the same entity (`io` = `io公司`) is the alias lexicon's business
(`claims.extraction.lexicon.Lexicon.canonical`, built on `normalise_key` and `squash`), applied by extraction
before a key reaches the claims table. These functions are pure and cheap, so conflict grouping can
apply them again to keys that came from other tools.
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
    return fold(normalise_key(text))


def fold(key: str | None) -> str | None:
    """`key` with its case folded, the form two keys are compared in; an empty key is none.

    >>> fold("Gemini Diffusion"), fold(""), fold(None)
    ('gemini diffusion', None, None)
    """
    return key.casefold() if key else None


# Full-width ASCII and the ideographic space map one-to-one onto ASCII, so a translated text keeps
# every offset; NFKC proper could change lengths.
_WIDTH = {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)} | {"\u3000": " "}
_WIDE = re.compile("[\uff01-\uff5e\u3000]")  # the characters `_WIDTH` folds


def squash(text: str) -> str:
    """The lookup key of a surface form: width folded, spaces dropped, case folded.

    >>> squash("RTX 50 系列") == squash("rtx50系列")
    True
    """
    return _SPACES.sub("", halfwidth(text)).replace("–", "-").casefold()


def halfwidth(text: str) -> str:
    """`text` with full-width ASCII folded to ASCII, same length.

    >>> halfwidth("ＲＴＸ５０９０")
    'RTX5090'
    """
    # Only the characters found are replaced: translate() would look up every character of the
    # text (a Chinese article has a full-width comma every few dozen characters, an English one
    # of 1.7 MB a handful), several times slower.
    return _WIDE.sub(_half, text)


def _half(match: re.Match[str]) -> str:
    return _WIDTH[match.group()]


def name_key(name: str) -> str:
    """How subject names are compared: case, spaces, hyphens and underscores do not count.

    >>> name_key("GeForce RTX-5090") == name_key("geforce rtx5090")
    True
    """
    return re.sub(r"[\s\-_·]+", "", name).casefold()
