"""Blank out the parts of a text whose digits are never quantities, keeping every offset.

Code blocks and inline code, HTML tags, markdown images and link targets, and URLs are replaced by spaces
(one for one), so a scanner running over the masked text reports offsets that still index the
original. Full-width digits and signs are folded to ASCII, again one character for one, and so is
a full-width comma between the digit groups of a number with decimals (12，345.60).

Hashes, e-mail addresses, dates like 2025-06-08, clock times and dotted versions need no mask:
their digits are glued to letters, dashes, colons or dots, and the scanner skips glued numbers
(`claims.quantities.scan`). Masking only what needs it keeps this pass at tens of MB/s.
"""

from __future__ import annotations

import re

from claims.text.punctuation import URL_ENDS, marks

# Every alternative starts with a literal character, so the regex engine can skip ahead fast
# (it does so only when no alternative opens on a group: hence two URL branches, not `(?:https?|ftp)`).
_MASK = re.compile(
    r"""
      ```[\s\S]*?(?:```|\Z)                          # fenced code block
    | ~~~[\s\S]*?(?:~~~|\Z)
    | `[^`\n]+`                                      # inline code
    | <[A-Za-z!/][^<>\n]{0,300}>                     # HTML tag and its attributes
    | !\[[^\]\n]*\]\([^)\s]*\)                       # markdown image, alt text and all
    | \]\([^)\s]+\)                                  # markdown link target: ](…)
    | https?://[^\s{url_ends}]+                      # URL
    | ftp://[^\s{url_ends}]+
    | www\.[^\s{url_ends}]+
    """.replace("{url_ends}", marks(URL_ENDS)),
    re.VERBOSE,
)

_WIDE_CHARS = "０１２３４５６７８９．％＋－"
_WIDE = re.compile(f"[{_WIDE_CHARS}]")
_WIDE_GROUP = re.compile("(?<=[０-９])，(?=[０-９]{3}(?![０-９]))")
_FOLD = dict(zip(_WIDE_CHARS, "0123456789.%+-", strict=True))
# 12，345.60元: a full-width comma between Arabic digit groups of a number with decimals (a list,
# 128，256，512, has none, and keeps its commas).
_WIDE_COMMA = re.compile(r"，(?<=[0-9]，)(?=[0-9]{3}(?:，[0-9]{3})*\.[0-9])")


def masked_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans that `mask` blanks, in order.

    >>> masked_spans("see https://x.io/a1 and `v2` ok")
    [(4, 19), (24, 28)]
    """
    return [match.span() for match in _MASK.finditer(text)]


def mask(text: str) -> str:
    """`text` with code, images, link targets and URLs blanked and full-width digits folded.

    The result has the same length as `text`, so offsets carry over.

    >>> mask("价格１２３元，见 https://a.cn/7 ，`x = 5` 开始")
    '价格123元，见                ，        开始'
    """
    pieces = []
    last = 0
    for match in _MASK.finditer(text):
        start, end = match.span()
        pieces.append(text[last:start])
        pieces.append(" " * (end - start))
        last = end
    pieces.append(text[last:])
    masked = "".join(pieces) if len(pieces) > 1 else text
    masked = _WIDE_COMMA.sub(",", masked)
    if _WIDE.search(masked) is None:
        return masked  # most texts have no full-width digits
    masked = _WIDE_GROUP.sub(",", masked)  # ４，５６５: a full-width thousands separator
    # replaced where found: translate() would look up every character of the text
    return _WIDE.sub(lambda match: _FOLD[match.group()], masked)
