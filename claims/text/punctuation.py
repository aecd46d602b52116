"""Punctuation, declared once: the marks that end a sentence, a clause or a bare URL, or join a list.

Chinese text writes the full-width marks (，。；：！？), English the ASCII ones, and each language
borrows the other's. Every module that cuts text at punctuation builds its pattern from these sets
(`marks` escapes them for a regex character class), so a mark added here is known everywhere.

>>> import re
>>> re.findall(f"[{marks(SENTENCE_STOPS, SEMICOLONS)}]", "发布了。价格？Yes! OK; 好；")
['。', '？', '!', ';', '；']
"""

from __future__ import annotations

import re

# End a sentence wherever they stand. An ASCII full stop ends one only before a space or the end of
# the text (3.5, GPT-4.1 and example.com hold one), so each pattern treats it on its own.
SENTENCE_STOPS = "。！？!?"
SEMICOLONS = "；;"
CHINESE_COMMA = "，"
# An ASCII comma between digits groups thousands (1,000): no clause ends there.
COMMAS = CHINESE_COMMA + ","
COLONS = "：:"
ENUMERATION_COMMA = "、"  # between the members of a Chinese list (A、B 和 C)
ELLIPSIS = "…"
DASHES = "—"  # an em dash sets off a clause (`GPT-4o—the model`); a hyphen joins a name
OPENING_BRACKETS = "(（"
CLOSING_BRACKETS = ")）"
# What ends a URL written bare in running text: a space (always), a quote, an angle or closing
# bracket, a Chinese comma or full stop.
URL_ENDS = "<>\"')）]】」，。"


def marks(*sets: str) -> str:
    """The marks of `sets` written for a regex character class (`[...]`), each escaped where needed.

    >>> marks(COMMAS, "-")
    '，,\\\\-'
    """
    return "".join(re.escape(char) if char in "\\]^-[" else char for char in "".join(sets))
