"""A name in text (`Name`) and the punctuation and words that stand between names: list joiners
(`A、B 和 C`), clause breaks, possessive particles (`A 的 B`).

Names are found by `claims.extraction.name_finder`, their edges trimmed by
`claims.extraction.name_edges`, ordinary words told from names by `claims.extraction.name_words`;
`claims.extraction.headlines` reads a headline's topic and `claims.extraction.subjects` chooses
among a sentence's names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.extraction.lexicon import Lexicon, default_lexicon
from claims.text.punctuation import CHINESE_COMMA, COLONS, DASHES, ENUMERATION_COMMA, marks

HAN = re.compile(r"[\u4e00-\u9fff]")


def joiner_alternatives(forms: tuple[str, ...], words: tuple[str, ...]) -> str:
    """The list joiners as regex alternatives: the forms as written, the words whole, also after a
    comma (`, and`)."""
    spelled = [re.escape(f) for f in forms]
    whole = "|".join(re.escape(w) for w in words)
    return "|".join([*spelled, rf"\b(?:{whole})\b", rf", (?:{whole})\b"])


def list_joiner(lexicon: Lexicon) -> re.Pattern[str]:
    """What joins two names of a list (`A、B 和 C`, `A, B and C`), from the lexicon's list words."""
    joined = joiner_alternatives(lexicon.list_joiners, lexicon.list_joiner_words)
    return re.compile(rf"\s*(?:{joined})\s*", re.IGNORECASE)


LIST_JOINER = list_joiner(default_lexicon())
VERSION_TOKEN = re.compile(r"[vV]?\d+(?:\.\d+)*[a-z]?")  # a version after a name: v0.13.0, 2, 3.5
DIGIT = re.compile(r"\d")
# Clause punctuation inside a sentence (a thousands comma is none); shared with claims.extraction.sentences.
CLAUSE_END = re.compile(rf"[{marks(CHINESE_COMMA, COLONS, ENUMERATION_COMMA, DASHES)}]|,(?!\d{{3}})")
POSSESSIVE_PARTICLES = ("的", "之")  # `A 的 B`: A describes B, or owns it
SHAPE_TYPE = "shape"  # a name found by shape: probably a model, product or chip


@dataclass(frozen=True, slots=True)
class Name:
    """A name in text: its span, as written, its canonical key and type."""

    start: int
    end: int
    text: str
    key: str
    type: str
