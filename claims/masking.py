"""Blank out the parts of a text whose digits are never quantities, keeping every offset.

URLs, e-mail addresses, markdown link targets and images, code blocks and inline code, hashes
and long identifiers, hex literals, ISO dates, clock times and dotted versions are replaced by
spaces (one for one), so a scanner running over the masked text reports offsets that still index
the original. Full-width digits and signs are folded to ASCII in the same pass, again one
character for one.
"""

from __future__ import annotations

import re

# {B0}/{B1}: ASCII word boundaries (`\b` would see a CJK character as part of a word).
# Each alternative is one kind of span to blank; the order matters only where two could start at
# the same place (a fenced block before inline code, an image before a link).
_MASK = re.compile(
    r"""
      ```[\s\S]*?(?:```|\Z)                          # fenced code block
    | ~~~[\s\S]*?(?:~~~|\Z)
    | `[^`\n]+`                                      # inline code
    | !\[[^\]\n]*\]\([^)\s]*\)                       # markdown image, alt text and all
    | (?<=\])\([^)\s]+\)                             # markdown link target: (…) right after ]
    | (?:https?|ftp)://[^\s<>"'）】」，。]+            # URL
    | www\.[^\s<>"'）】」，。]+
    | [\w.+-]+@[\w-]+(?:\.[\w-]+)+                   # e-mail address
    | {B0}0[xX][0-9a-fA-F]+{B1}                          # hex literal
    | {B0}(?=[0-9a-fA-F]*[a-fA-F])(?=[0-9a-fA-F]*[0-9])[0-9a-fA-F]{{7,}}{B1}  # hash
    | {B0}(?=[A-Za-z0-9_=-]*[0-9])(?=[A-Za-z0-9_=-]*[A-Za-z])[A-Za-z0-9_=-]{{20,}}  # long id / base64
    | {B0}(?:1[5-9]|2[0-2])\d{{2}}[-/](?:0?[1-9]|1[0-2])(?:[-/](?:0?[1-9]|[12]\d|3[01]))?{B1}   # ISO date
    | {B0}(?:1[5-9]|2[0-2])\d{{2}}\.(?:0?[1-9]|1[0-2])\.(?:0?[1-9]|[12]\d|3[01]){B1}           # 2025.06.08
    | {B0}(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])/(?:\d{{4}}|\d{{2}}){B1}                     # d/m/y
    | {B0}(?:[01]?\d|2[0-4])[:：][0-5]\d(?:[:：][0-5]\d)?{B1}                                   # clock time
    | {B0}[vV]?\d+(?:\.\d+){{2,}}{B1}                      # dotted version 1.2.3
    """.format(B0=r"(?<![0-9A-Za-z_])", B1=r"(?![0-9A-Za-z_])"),
    re.VERBOSE,
)

# Full-width digits, point, percent, plus and minus -> ASCII (same length, so offsets hold).
_FOLD = str.maketrans(
    "０１２３４５６７８９．％＋－",
    "0123456789.%+-",
)


def masked_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans that `mask` blanks, in order.

    >>> masked_spans("see https://x.io/a1 and `v2` ok")
    [(4, 19), (24, 28)]
    """
    return [match.span() for match in _MASK.finditer(text)]


def mask(text: str) -> str:
    """`text` with URLs, code, hashes, dates and clock times blanked and full-width digits folded.

    The result has the same length as `text`, so offsets carry over.

    >>> mask("价格１２３元，见 https://a.cn/7 ，10:30 开始")
    '价格123元，见                ，      开始'
    """
    pieces = []
    last = 0
    for match in _MASK.finditer(text):
        start, end = match.span()
        pieces.append(text[last:start])
        pieces.append(" " * (end - start))
        last = end
    pieces.append(text[last:])
    return "".join(pieces).translate(_FOLD)
