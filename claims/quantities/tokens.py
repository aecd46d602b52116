"""The tokens of a candidate span and which terminal may follow which: the scanner's half of the
grammar, shared by the scanner's modules."""

from __future__ import annotations

import re
from typing import NamedTuple

from claims.quantities.patterns import Patterns

# Which terminal may follow which: the scanner's half of the grammar, deciding where a span ends.
FOLLOW: dict[str, frozenset[str]] = {
    "NUM": frozenset(
        {"SCALE", "MORE", "UNIT", "CLS", "MOD", "DASH", "AND", "POSTQ", "TIMES", "DATE", "OVER"}
    ),
    "CNUM": frozenset({"SCALE", "MORE", "UNIT", "CLS", "DASH", "AND", "POSTQ", "DATE"}),
    "SCALE": frozenset({"SCALE", "MORE", "UNIT", "CLS", "MOD", "DASH", "AND", "POSTQ", "NUM", "CNUM"}),
    "MORE": frozenset({"SCALE", "UNIT", "CLS", "MOD"}),
    "UNIT": frozenset({"DASH", "POSTQ", "AND", "HALF"}),
    "CLS": frozenset({"UNIT", "POSTQ", "DASH", "AND", "HALF"}),
    "HALF": frozenset({"UNIT", "POSTQ"}),
    "TRAIL": frozenset({"POSTQ"}),
    "SUB": frozenset({"POSTQ"}),
    "MOD": frozenset({"UNIT"}),
    "DASH": frozenset({"NUM", "CNUM", "CURPRE"}),
    "AND": frozenset({"NUM", "CNUM", "CURPRE"}),
    "JOIN": frozenset({"NUM"}),
    "OVER": frozenset({"NUM"}),
    "CURPRE": frozenset({"NUM", "CNUM"}),
    "TIMES": frozenset({"NUM"}),
    "POSTQ": frozenset(),
}
# A span may not end on these: they promise something after them.
DANGLING = frozenset(
    {"DASH", "AND", "JOIN", "OVER", "CURPRE", "TIMES", "MOD", "PCT", "SIGN", "FROM", "PER", "VERB", "PREQ"}
)
NUMBERS = frozenset({"NUM", "CNUM"})
_PREFIX_GROUPS = (
    ("per", "PER"),
    ("verb", "VERB"),
    ("from", "FROM"),
    ("q", "PREQ"),
    ("cur", "CURPRE"),
    ("pct", "PCT"),
    ("sign", "SIGN"),
    ("wsign", "SIGN"),
)
_SECTION = 10000
NEXT_WORD = re.compile(r"[ \t\u00a0]+([A-Za-z][A-Za-z'’]*)")
PREVIOUS_WORD = re.compile(r"([A-Za-z0-9]+)[ \t\u00a0]+$")


class Tok(NamedTuple):
    """One token of a candidate span (a named tuple: thousands are made per document)."""

    kind: str
    text: str
    start: int
    end: int


class Candidate(NamedTuple):
    """Tokens of one candidate span, or a veto saying where scanning resumes.

    With a `role` other than `cardinal` the span is no figure, but its numbers are still numbers:
    each number token of `tokens` is reported alone with that role (a year, a version, a label).
    """

    tokens: tuple[Tok, ...]
    resume: int
    role: str = "cardinal"


def as_role(tokens: list[Tok] | tuple[Tok, ...], resume: int, role: str | None) -> Candidate:
    """The number tokens of `tokens`, each to be reported with `role`; no role: a plain veto."""
    if role is None:
        return Candidate((), resume)
    return Candidate(tuple(tok for tok in tokens if tok.kind in NUMBERS), resume, role)


def ascii_alnum(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char == "_")


def pick(roles: tuple, prev: str, gap: bool, allowed: frozenset[str]) -> tuple[str, object] | None:
    for role in roles:
        kind = role.kind
        if kind not in allowed:
            continue
        if kind == "SCALE" and role.payload[1] and (gap or prev != "NUM"):
            continue  # single Latin scale letters count only glued to a number: 24B, 1.5T
        if kind == "SCALE" and prev == "CNUM" and role.payload[0] < _SECTION:
            continue  # 七十百分位: 百 after a Chinese numeral would have been part of it
        return kind, role.payload
    return None


def prefix(s: str, a: int, patterns: Patterns, floor: int) -> list[Tok]:
    """Prefix tokens right before the number at `a`, read on the reversed text to its left.

    Nothing left of `floor` (the end of the previous quantity) can be a prefix of this one.
    """
    if a <= floor or s[a - 1] not in patterns.before_last:
        return []
    left = max(floor, a - 28)
    m = patterns.before.match(s[left:a][::-1])
    if m is None or not m.end():
        return []
    tokens = []
    for group, kind in _PREFIX_GROUPS:
        if m.group(group):
            start, end = a - m.end(group), a - m.start(group)
            tokens.append(Tok(kind, s[start:end], start, end))
    last = tokens[-1] if tokens else None
    if (
        last
        and last.kind == "PREQ"
        and last.text in patterns.multiplier_only
        and s[a] not in patterns.multipliers
    ):
        return []  # 参数 10 亿: 数 qualifies 数十亿, not digits
    return tokens
