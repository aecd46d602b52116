"""Places in a ranking (`第二`, `第 33 名`, `2nd`) as quantities of dimension `rank`.

The quantity grammar leaves ordinals out on purpose (第七届, 第3章 are no figures), so a place
on a leaderboard would never reach the rules. This reader offers every ordinal as a `rank`
quantity; only a rule that also sees a ranking word (位居, 排名, ranked …) turns one into a
score claim, so ordinals elsewhere still make no claim.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from claims.model import Quantity
from claims.quantities.numerals import parse_chinese

RANK = "rank"
_CHINESE = re.compile(r"第\s*(?P<n>\d{1,4}|[零一二两三四五六七八九十百]{1,5})(?:\s*[名位])?")
# The first digit is matched before the character left of it is looked at: the engine skips to
# digits in C instead of trying the look-behind at every character of the document.
_ENGLISH = re.compile(r"(?P<n>\d(?<![\w.]\d)\d{0,3})(?:st|nd|rd|th)\b")
# `ranked #2`, `No. 1 on the leaderboard`: a place written with a number sign; not an item tag in
# code (`#3` in backticks ends a digest's headline).
# The sign is matched before what stands left of it is looked at, as for `_ENGLISH`: a pattern opening on
# a character set lets the engine skip to `#` and `N` in C.
_NUMBERED = re.compile(r"[#N](?<![`\w][#N])(?:(?<=N)o\.\s?|(?<=#))(?P<n>\d{1,3})\b(?!`)")


def find_ranks(
    text: str, digits: Mapping[str, int], units: Mapping[str, int], start: int = 0, end: int | None = None
) -> list[Quantity]:
    """Every ordinal in `text[start:end]` as a `rank` quantity (value = the place, unit "").

    `digits` and `units` are the Chinese numeral tables of the quantity lexicon.

    >>> d = {"一": 1, "二": 2, "三": 3}
    >>> u = {"十": 10, "百": 100}
    >>> [(q.text, int(q.value)) for q in find_ranks("位居第二，此前第 33 名，ranked 3rd", d, u)]
    [('第二', 2), ('第 33 名', 33), ('3rd', 3)]
    >>> [(q.text, int(q.value)) for q in find_ranks("ranked #2, No. 1 overall; tag `#3`", d, u)]
    [('#2', 2), ('No. 1', 1)]
    """
    found = []
    for pattern in (_CHINESE, _ENGLISH, _NUMBERED):
        for match in pattern.finditer(text, start, len(text) if end is None else end):
            raw = match["n"]
            value = Decimal(raw) if raw.isdigit() else parse_chinese(raw, digits, units)
            if value is None or value <= 0:
                continue
            found.append(
                Quantity(
                    start=match.start(),
                    end=match.end(),
                    text=match.group(),
                    value=value,
                    lo=value,
                    hi=value,
                    unit="",
                    dimension=RANK,
                    qualifier="exact",
                )
            )
    found.sort(key=lambda q: q.start)
    return found
