"""One regex for many forms, factored as a trie: each place in the text is tried once per piece,
not once per form, and the longest form wins.

A regex alternation of hundreds of words is tried word by word; a trie shares their common
beginnings (`GB`, `GB/s` and `G` become `G(?:B(?:/s|))?`-like branches). Callers say what a form's
pieces are (its characters, or regex fragments such as an optional space) and what must follow a
form's end (a word boundary for a form ending in a letter, say).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

_END = ""  # the trie key that marks the end of a form (no piece is empty)


def trie(forms: Iterable[tuple[Sequence[str], str]], show: Callable[[str], str] = str) -> str:
    """A regex matching any of `forms`, each given as (its pieces, the regex that must hold at its
    end). `show` writes a piece as regex (`re.escape` for plain characters; pieces that are regex
    already need nothing). Branches come in the pieces' sort order, a form's end after the longer
    forms that continue it; `(?!)` (matches nothing) when there are no forms.

    >>> import re
    >>> pattern = trie([(list("GB"), ""), (list("GB/s"), ""), (list("G"), "")], show=re.escape)
    >>> re.match(pattern, "GB/s").group(), re.match(pattern, "GHz").group()
    ('GB/s', 'G')
    """
    root: dict = {}
    for pieces, end in forms:
        node = root
        for piece in pieces:
            node = node.setdefault(piece, {})
        node[_END] = end
    return _branches(root, show) if root else "(?!)"


def _branches(node: dict, show: Callable[[str], str]) -> str:
    inner = sorted((piece, child) for piece, child in node.items() if piece != _END)
    branches = [show(piece) + _branches(child, show) for piece, child in inner]
    if _END in node:
        branches.append(node[_END])
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def longest_first(forms: Iterable[str]) -> str:
    """Regex alternatives for a few plain `forms`, escaped, the longer first (so `—` is not read as
    `-`, `等等` not as `等`): for short lists, where a trie buys nothing.

    >>> longest_first(["to", "等", "等等"])
    'to|等等|等'
    """
    return "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))
