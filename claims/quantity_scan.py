"""Scan masked text for candidate quantities and turn each into grammar tokens.

For every number the `start` pattern finds, the scanner reads the prefixes in a short window to
its left and the tokens to its right, choosing for each surface form the role its left neighbour
allows (`FOLLOW`). Shape vetoes run before any parse: numbers glued to names (GPT-4o, Qwen2.5),
names followed by a version (RTX 5090, Gemini 2.5), dates and years, clock times, list numbering,
ordinals and numeral idioms. What survives goes to the LALR parser (`claims.quantity`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claims.quantity_lexicon import Lexicon
from claims.quantity_patterns import Patterns

# Which terminal may follow which: the scanner's half of the grammar, deciding where a span ends.
FOLLOW: dict[str, frozenset[str]] = {
    "NUM": frozenset({"SCALE", "MORE", "UNIT", "CLS", "MOD", "DASH", "POSTQ", "TIMES", "DATE"}),
    "CNUM": frozenset({"SCALE", "MORE", "UNIT", "CLS", "DASH", "POSTQ", "DATE"}),
    "SCALE": frozenset({"SCALE", "MORE", "UNIT", "CLS", "MOD", "DASH", "POSTQ"}),
    "MORE": frozenset({"SCALE", "UNIT", "CLS", "MOD"}),
    "UNIT": frozenset({"DASH", "POSTQ", "AND"}),
    "CLS": frozenset({"UNIT", "POSTQ", "DASH"}),
    "MOD": frozenset({"UNIT"}),
    "DASH": frozenset({"NUM", "CNUM", "CURPRE"}),
    "AND": frozenset({"NUM", "CNUM", "CURPRE"}),
    "CURPRE": frozenset({"NUM", "CNUM"}),
    "TIMES": frozenset({"NUM"}),
    "POSTQ": frozenset(),
}
# A span may not end on these: they promise something after them.
DANGLING = frozenset({"DASH", "AND", "CURPRE", "TIMES", "MOD", "PCT", "SIGN", "FROM", "PER", "VERB", "PREQ"})
NUMBERS = frozenset({"NUM", "CNUM"})
_LIST_MARKS = frozenset(" \t#>*-+")
_GLUE_BEFORE = frozenset("_/:#@=&?^\\%")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")


@dataclass(frozen=True, slots=True)
class Tok:
    kind: str
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Candidate:
    """Tokens of one candidate span, or a veto saying where scanning resumes."""

    tokens: tuple[Tok, ...]
    resume: int


def _ascii_alnum(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char == "_")


def _glued_before(s: str, a: int) -> bool:
    """A number glued to what precedes it (Qwen2.5, GPT-4o, 1.2.3, #1, 24/7) is part of a name."""
    if a == 0:
        return False
    c = s[a - 1]
    if _ascii_alnum(c) or c in _GLUE_BEFORE:
        return True
    return bool(c in "-.'" and a >= 2 and _ascii_alnum(s[a - 2]))


def _glued_after(s: str, e: int) -> bool:
    """A number followed by letters or a dotted/hyphenated tail (4o, 5090D, 3-inch) is a name."""
    if e >= len(s):
        return False
    c = s[e]
    if _ascii_alnum(c):
        return True
    return bool(c in "-./:'" and e + 1 < len(s) and _ascii_alnum(s[e + 1]))


def _pick(roles: tuple, prev: str, gap: bool, allowed: frozenset[str]) -> tuple[str, object] | None:
    for role in roles:
        kind = role.kind
        if kind not in allowed:
            continue
        if kind == "SCALE" and role.payload[1] and (gap or prev != "NUM"):
            continue  # single Latin scale letters count only glued to a number: 24B, 1.5T
        return kind, role.payload
    return None


def _tail(s: str, p: int, first: str, lexicon: Lexicon, patterns: Patterns, between: bool) -> list[Tok]:
    tokens: list[Tok] = []
    prev = first
    while True:
        m = patterns.tail.match(s, p)
        if m is None:
            break
        group = m.lastgroup
        gap = m.start(group) > p
        text = m.group(group)
        if group == "f":
            roles = lexicon.tail.get(text) or lexicon.tail.get(text.lower(), ())
            allowed = FOLLOW.get(prev, frozenset())
            if not between:
                allowed = allowed - {"AND"}
            picked = _pick(roles, prev, gap, allowed)
            if picked is None:
                break
            kind = picked[0]
            if kind == "TIMES" and not s[m.end() : m.end() + 1].isdigit():
                unit = _pick(roles, prev, gap, frozenset({"UNIT"}))
                if unit is None:
                    break
                kind = "UNIT"
        else:
            kind = "NUM" if group == "n" else "CNUM"
            if kind not in FOLLOW.get(prev, frozenset()):
                break
        tokens.append(Tok(kind, text, m.start(group), m.end(group)))
        prev = kind
        p = m.end()
        if kind == "DATE":
            break
    while tokens and tokens[-1].kind in DANGLING:
        tokens.pop()
    return tokens


def _prefix(s: str, a: int, patterns: Patterns) -> list[Tok]:
    left = max(0, a - 28)
    window = s[left:a]
    m = patterns.before.search(window)
    tokens = []
    if m is None:
        return tokens
    for group, kind in (
        ("per", "PER"),
        ("verb", "VERB"),
        ("from", "FROM"),
        ("q", "PREQ"),
        ("cur", "CURPRE"),
        ("pct", "PCT"),
        ("sign", "SIGN"),
    ):
        if m.group(group):
            tokens.append(Tok(kind, m.group(group), left + m.start(group), left + m.end(group)))
    return tokens


def _line_start(s: str, a: int) -> bool:
    line = s.rfind("\n", 0, a) + 1
    return all(char in _LIST_MARKS for char in s[line:a])


def _is_year(tok: Tok) -> bool:
    return tok.kind == "NUM" and _YEAR.fullmatch(tok.text) is not None


def candidate(s: str, m: re.Match[str], lexicon: Lexicon, patterns: Patterns) -> Candidate:
    """The tokens of the candidate starting at number match `m`, or no tokens and where to resume."""
    a, b = m.span()
    kind = "NUM" if m.lastgroup == "n" else "CNUM"
    veto = Candidate((), b)
    if kind == "CNUM":
        idiom = patterns.idiom.match(s, a)
        if idiom:
            return Candidate((), idiom.end())
    elif _glued_before(s, a):
        return _skip_glued(s, b)
    number = Tok(kind, m.group(), a, b)
    before = _prefix(s, a, patterns)
    kinds_before = {tok.kind for tok in before}
    if (kind == "CNUM" and not kinds_before and a) and (
        s[a - 1] in lexicon.not_after or s[max(0, a - 2) : a] in lexicon.not_after
    ):
        return veto  # 统一, 唯一, 之一, 星期三
    if not before and patterns.date_before.search(s, max(0, a - 12), a):
        return veto
    tail = _tail(s, b, kind, lexicon, patterns, "FROM" in kinds_before)
    tokens = [*before, number, *tail]
    if any(tok.kind == "DATE" for tok in tail):
        return Candidate((), tail[-1].end)
    body = [tok.kind for tok in tail]
    end = tokens[-1].end
    if tokens[-1].kind in NUMBERS and _glued_after(s, end):
        return _skip_glued(s, end)
    bare = not tail and not (kinds_before - {"SIGN"})
    if kind == "NUM" and bare and _bare_veto(s, a, b, number, patterns):
        return veto
    if kind == "CNUM" and bare and len(number.text) == 1:
        return veto  # a lone 一 or 三 (一体, 三维) is a word, not a figure
    years = [tok for tok in tokens if tok.kind in NUMBERS]
    if all(_is_year(tok) for tok in years) and not (kinds_before - {"FROM"}):
        units = [tok for tok in tail if tok.kind not in ("DASH", "NUM")]
        if not units or (units[0].kind == "UNIT" and units[0].text in ("年", "s")):
            return Candidate((), end)  # 2025年, 2019-2025, the 1990s
    unitless = "UNIT" not in body and "SCALE" not in body and not kinds_before
    if unitless and patterns.name_before.search(s, max(0, a - 24), a):
        return Candidate((), end)  # RTX 5090, Gemini 2.5, Llama 3.1
    return Candidate(tuple(tokens), end)


def _skip_glued(s: str, p: int) -> Candidate:
    """Skip the rest of a glued name, so 'Qwen2.5-72B' does not yield 72B."""
    n = len(s)
    while p < n and (_ascii_alnum(s[p]) or (s[p] in ".-" and p + 1 < n and _ascii_alnum(s[p + 1]))):
        p += 1
    return Candidate((), p)


def _bare_veto(s: str, a: int, b: int, number: Tok, patterns: Patterns) -> bool:
    """A bare number that is a label: list numbering, (1), [2], a version after a name."""
    after = s[b : b + 1]
    if _line_start(s, a) and (after in ("", ".", "、", ")", "）", " ", "\t", "\n", "\r")):
        return True
    if a and s[a - 1] in "([（【［" and after in (")", "]", "）", "】", "］"):
        return True
    return bool(patterns.name_after.match(s, b))
