"""What stands around a number and says it is no figure, or which: a name it is glued to
(`GPT-4o`), a version after a name (`Gemini 2.5`), a date or year, a list label, a model code
before a size, money glued to a currency code."""

from __future__ import annotations

import re

from claims.quantities.lexicon import QuantityLexicon
from claims.quantities.patterns import Patterns
from claims.quantities.tokens import NEXT_WORD, PREVIOUS_WORD, Candidate, Tok, ascii_alnum, prefix

_LIST_MARKS = frozenset(" \t#>*-+")
_GLUE_BEFORE = frozenset("_/:#@=&?^\\%")
# A capitalised word and a short code before a number: the number is a model number (`Ultra 9 285K`).
SKU_BEFORE = re.compile(r"[A-Z][A-Za-z]+ [A-Za-z]?\d{1,2} $")
YEAR = re.compile(r"(?:1[89]|20)\d\d")
_LIST_PREFIX_MAX = 8  # characters of list marks (`- `, `> * `) a line may open with before its number
# A capitalised name right before a number, one space apart (`OLMo `, `Llama `).
_NAME_BEFORE = re.compile(r"(?<![A-Za-z0-9])(?:[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*|[A-Z]{2,}[a-z]*) $")
_SIZE_LETTERS = frozenset({"B", "M", "T", "b", "m", "t"})
# Capitalised words that open a sentence or a phrase, never a model's name (`The 7-70B range`).
_OPENERS = frozenset(
    ("the", "a", "an", "this", "these", "those", "its", "our", "their", "from", "between", "about", "around",
     "over", "under", "with", "all", "some", "both", "sizes", "models")
)  # fmt: skip
VERSION = re.compile(r"(?:[1-9]|1\d|20)(?:\.\d)?|0\.\d")
_DIGITS = re.compile(r"(?<![\d.])\d+\.\d+(?![.\d])|\d+")  # Qwen2.5: 2.5; 192.168.1.2: four numbers


def glued_before(s: str, a: int) -> bool:
    """A number glued to what precedes it (Qwen2.5, GPT-4o, 1.2.3, #1, 24/7) is part of a name."""
    if a == 0:
        return False
    c = s[a - 1]
    if ascii_alnum(c) or c in _GLUE_BEFORE:
        return True
    if c == "–" and a >= 2 and s[a - 2].isascii() and s[a - 2].isalpha():
        return True  # `INTELLECT–1`: an en dash between letters and digits, as some titles set a hyphen
    return bool(c in "-.'" and a >= 2 and ascii_alnum(s[a - 2]))


def glued_after(s: str, e: int) -> bool:
    """A number followed by letters or a dotted/hyphenated tail (4o, 5090D, 3-inch) is a name."""
    if e >= len(s):
        return False
    c = s[e]
    if ascii_alnum(c):
        return True
    return bool(c in "-./:'" and e + 1 < len(s) and ascii_alnum(s[e + 1]))


def name_before(s: str, a: int, patterns: Patterns) -> bool:
    """A product or model name, or a month, right before the number (RTX 5090, Gemini 2.5, 昇腾910)."""
    i = a - 1 if a and s[a - 1] in " \u00a0" else a
    for size in patterns.cjk_name_lengths:
        if s[max(0, i - size) : i] in patterns.cjk_names:
            return True
    j = i
    while j > max(0, i - 24) and s[j - 1].isascii() and (s[j - 1].isalnum() or s[j - 1] in "-."):
        j -= 1
    word = s[j:i].strip("-.").lower()
    if not word or (len(word) == 1 and s[j:i].strip("-.").islower()):
        return False  # one lower-case letter is the article or a variable (`a one-third rise`), no name
    if word in patterns.names:
        return True
    if j >= 2 and s[j - 1] == " ":  # two-word names: Stable Diffusion 3, Vision Pro 2
        k = j - 1
        while k > max(0, j - 20) and s[k - 1].isascii() and s[k - 1].isalpha():
            k -= 1
        return f"{s[k : j - 1].lower()} {word}" in patterns.names
    return False


def score_before(s: str, a: int, patterns: Patterns) -> bool:
    """A score word shortly before a year-shaped number (Elo 2029, 评分 2029) makes it a figure."""
    window = s[max(0, a - 12) : a].lower()
    return any(word in window for word in patterns.score_words)


def date_before(s: str, a: int, patterns: Patterns) -> str | None:
    """The ordinal or reference marker before the number (第3, 图 2, No. 5), or None."""
    i = a - 1 if a and s[a - 1] in " \u00a0" else a
    if not i or s[i - 1] not in patterns.date_before_last:
        return None
    for size in patterns.date_before_lengths:
        if s[max(0, i - size) : i] in patterns.date_before:
            return s[max(0, i - size) : i]
    return None


def _line_start(s: str, a: int) -> bool:
    """Only list marks between the line's start and `a`; looked for near `a` only, so a long line
    costs nothing per number on it."""
    window = max(0, a - _LIST_PREFIX_MAX)
    line = s.rfind("\n", window, a) + 1
    if line == 0 and window > 0:
        return False  # the line started further back than any list marks reach
    return all(char in _LIST_MARKS for char in s[line:a])


def is_year(tok: Tok) -> bool:
    return tok.kind == "NUM" and YEAR.fullmatch(tok.text) is not None


def version_then_size(s: str, a: int, body: list[str], tail: list[Tok], kinds_before: set[str]) -> bool:
    """`OLMo 1.7–7B`, `Llama 2–13B`: a bare number right after a model's name, joined by a dash to a
    size, is the name's version and the model's size — a name written with a dash, like
    `Qwen2.5-72B`, not a range of sizes from 1.7 to 7 billion.

    >>> from claims.quantities.tokens import Tok
    >>> tail = [Tok("DASH", "–", 8, 9), Tok("NUM", "7", 9, 10), Tok("SCALE", "B", 10, 11)]
    >>> version_then_size("OLMo 1.7–7B", 5, ["DASH", "NUM", "SCALE"], tail, set())
    True
    >>> version_then_size("from 1.7–7B", 5, ["DASH", "NUM", "SCALE"], tail, set())
    False
    """
    if kinds_before or body[:3] != ["DASH", "NUM", "SCALE"] or tail[2].text not in _SIZE_LETTERS:
        return False
    name = _NAME_BEFORE.search(s, max(0, a - 24), a)
    return name is not None and name.group().strip().lower() not in _OPENERS


def currency_glued(s: str, a: int, patterns: Patterns, floor: int) -> bool:
    """The letters glued before the number at `a` are a currency written before it (USD115, RMB60)."""
    return any(tok.kind == "CURPRE" and tok.end == a for tok in prefix(s, a, patterns, floor))


def money_after(tail: list[Tok], lexicon: QuantityLexicon) -> bool:
    """The tail is one whole unit of a currency ("a dollar": the article is one dollar)."""
    if len(tail) != 1 or tail[0].kind != "UNIT" or tail[0].text.lower() in lexicon.not_one_after_article:
        return False  # "a pound" is as often a weight as money
    roles = lexicon.tail.get(tail[0].text) or lexicon.tail.get(tail[0].text.lower(), ())
    return any(
        r.kind == "UNIT" and r.payload.dimension == "currency" and r.payload.factor == 1 for r in roles
    )


def code_then_scale(unit: Tok, lexicon: QuantityLexicon) -> bool:
    """A currency code that a scale word may follow ("75 USD million"): the code alone after a number."""
    return unit.text.isupper() and any(
        r.kind == "UNIT" and r.payload.dimension == "currency" for r in lexicon.tail.get(unit.text, ())
    )


def closes(s: str, e: int) -> bool:
    """Nothing but the end of the text, a line or a sentence follows `e`."""
    rest = s[e : e + 2]
    return not rest or rest[0] in "\n\r;" or (rest[0] in ".," and not rest[1:2].isalnum())


def metres(s: str, a: int, e: int, roles: tuple, lexicon: QuantityLexicon) -> bool:
    """A scale letter that is also a unit (`m`) glued to the number at `a` reads as the unit when
    a length word follows ("6m long", contexts.toml [metre_after]) or when "a" stands before the
    number and one singular word follows ("a 6m cable", "a 100m sprint") that is no word of money
    ([million_after]: "a 1.5m budget"); else it is a million ("6m users", "$600m")."""
    if not any(role.kind == "UNIT" for role in roles):
        return False
    following = NEXT_WORD.match(s, e)
    word = following.group(1).lower() if following else ""
    if word in lexicon.metre_after:
        return True
    before = PREVIOUS_WORD.search(s, max(0, a - 8), a)
    return (
        before is not None
        and before.group(1).lower() in ("a", "an")
        and word.isalpha()
        and not word.endswith("s")
        and word not in lexicon.tail
        and word not in lexicon.million_after
    )


def version_after_name(s: str, a: int, number: str) -> bool:
    """A small number (≤ 20, at most one decimal) after a capitalised Latin word and a space."""
    if a < 3 or s[a - 1] != " " or not VERSION.fullmatch(number):
        return False
    j = a - 1
    while j > max(0, a - 24) and s[j - 1].isascii() and (s[j - 1].isalnum() or s[j - 1] == "-"):
        j -= 1
    word = s[j : a - 1]
    return (
        bool(word)
        and word[0].isupper()
        and word[0].isascii()
        and (j == 0 or not s[j - 1].isascii() or not s[j - 1].isalnum())
    )


def skip_glued(s: str, p: int, a: int) -> Candidate:
    """Skip the rest of a glued name, so 'Qwen2.5-72B' does not yield 72B; the digits of the name
    from `a` on are still numbers, each reported as an identifier (SCP-173, 192.168.1.2)."""
    n = len(s)
    while p < n and (ascii_alnum(s[p]) or (s[p] in ".-" and p + 1 < n and ascii_alnum(s[p + 1]))):
        p += 1
    digits = tuple(Tok("NUM", d.group(), d.start(), d.end()) for d in _DIGITS.finditer(s, a, p))
    return Candidate(digits, p, "identifier")


def _list_label(s: str, a: int, b: int) -> bool:
    """A list label inside a sentence (`… and 3) task difficulty …`): one or two digits after a space,
    a closing bracket with no opening one before it on the line, then a space."""
    if not (b - a <= 2 and s[a:b].isdigit() and s[b : b + 1] in (")", "）") and s[b + 1 : b + 2] == " "):
        return False
    if a and s[a - 1] not in " \t":
        return False
    before = s[s.rfind("\n", 0, a) + 1 : a]
    opened = max(before.rfind("("), before.rfind("（"))
    return opened <= max(before.rfind(")"), before.rfind("）"))


def bare_role(s: str, a: int, b: int, signed: bool, patterns: Patterns) -> str | None:
    """What a bare number is when it is a label: list numbering (1. 2、 3.2 Title), (1), [2] are
    identifiers; a number before a name's suffix (2.5 Pro) is a version; None: a figure."""
    after = s[b : b + 1]
    if not signed and _line_start(s, a):
        if after in (".", "、", ")", "）"):
            return "identifier"
        line_end = s.find("\n", b)
        rest = s[b : len(s) if line_end < 0 else line_end]
        if not rest.strip() and s[a:b].isdigit() and (b - a <= 2 or s[a] == "0"):
            return "identifier"  # "03" or "2" alone on a line: a section or page number
        heading = "." in s[a:b] or s[s.rfind("\n", 0, a) + 1 : a].lstrip().startswith("#")
        if heading and after in (" ", "\t") and s[b + 1 : b + 2] not in ("", "\n", "\r", " "):
            return "identifier"  # "3.2 方法", "## 3 Results": a section number before its title
    if a and s[a - 1] in "([（【［" and after in (")", "]", "）", "】", "］"):
        return "identifier"
    if _list_label(s, a, b):
        return "identifier"
    return "version" if patterns.name_after.match(s, b) else None
