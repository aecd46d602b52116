"""Scan masked text for candidate quantities and turn each into grammar tokens.

For every number the `start` pattern finds, the scanner reads the prefixes in a short window to
its left and the tokens to its right, choosing for each surface form the role its left neighbour
allows (`FOLLOW`). Shape vetoes run before any parse: numbers glued to names (GPT-4o, Qwen2.5),
names followed by a version (RTX 5090, Gemini 2.5), dates and years, clock times, list numbering,
ordinals and numeral idioms. What survives goes to the LALR parser (`claims.quantities.find`).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

from claims.quantities.english_numerals import EnglishNumeral, longest_english, parse_english
from claims.quantities.lexicon import EnglishWords, Lexicon, UnitDef
from claims.quantities.numerals import longest_numeral
from claims.quantities.patterns import GAP_CHARS, NUMBER, Patterns
from claims.quantities.shapes import (
    EXPONENT,
    digit_pair,
    is_order_word,
    juxtaposed,
    magnitude,
    number_at,
    phrase_end,
    slash_at,
    spoken_decimals,
    subunit_at,
    unit_of,
)

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
_LIST_MARKS = frozenset(" \t#>*-+")
_GLUE_BEFORE = frozenset("_/:#@=&?^\\%")
_SECTION = 10000
# A capitalised word and a short code before a number: the number is a model number (`Ultra 9 285K`).
_SKU_BEFORE = re.compile(r"[A-Z][A-Za-z]+ [A-Za-z]?\d{1,2} $")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")


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


def _as_role(tokens: list[Tok] | tuple[Tok, ...], resume: int, role: str | None) -> Candidate:
    """The number tokens of `tokens`, each to be reported with `role`; no role: a plain veto."""
    if role is None:
        return Candidate((), resume)
    return Candidate(tuple(tok for tok in tokens if tok.kind in NUMBERS), resume, role)


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
        if kind == "SCALE" and prev == "CNUM" and role.payload[0] < _SECTION:
            continue  # 七十百分位: 百 after a Chinese numeral would have been part of it
        return kind, role.payload
    return None


def _decimal_before(s: str, p: int) -> bool:
    """The Arabic number ending at `p` has a decimal point (3.2, not 10)."""
    j = p
    while j > 0 and (s[j - 1].isdigit() or s[j - 1] in ".,"):
        j -= 1
    return "." in s[j:p].rstrip(".")


def _unit_at(s: str, p: int, lexicon: Lexicon, patterns: Patterns, classifier: str) -> Tok | None:
    """The unit starting at `p`, alone (小时) or with the classifier before it (个 + 月 = 个月)."""
    m = patterns.tail.match(s, p)
    if m is None or m.lastgroup != "f" or m.start("f") > p:
        return None
    text = m.group("f")
    for form in (classifier + text, text):
        if any(role.kind == "UNIT" for role in lexicon.tail.get(form, ())):
            return Tok("UNIT", form, m.start("f"), m.end("f"))
    return None


# The most tokens one quantity can take after its first number. The longest in the seeds and the
# dailies takes 6 (`约 1.5 万 至 2 万 亿美元`); without a bound, `1-1-1-…` would be one candidate
# that the parser shortens one token at a time, quadratic in its length.
MAX_TAIL_TOKENS = 16


def _tail(
    s: str, p: int, first: str, lexicon: Lexicon, patterns: Patterns, between: bool, start: int = 0
) -> list[Tok]:
    tokens: list[Tok] = []
    prev = first
    parent: UnitDef | None = None  # the unit a subunit may follow (元 before 7角8分)
    while len(tokens) < MAX_TAIL_TOKENS:
        if lexicon.subunits and p < len(s) and s[p] not in GAP_CHARS:
            coin = _coin(s, p, parent if prev in ("UNIT", "SUB") else None, prev, lexicon, patterns)
            if coin:
                tokens.extend(coin)
                prev, p = coin[-1].kind, coin[-1].end
                continue
        m = patterns.tail.match(s, p)
        if m is None:
            break
        group = m.lastgroup
        gap = m.start(group) > p
        text = m.group(group)
        if group == "f":
            roles = lexicon.tail.get(text) or lexicon.tail.get(text.lower(), ())
            if text in lexicon.final_units and not phrase_end(s, start, m.end(), lexicon):
                roles = tuple(role for role in roles if role.kind != "UNIT")  # 三块芯片: a classifier
            if roles and roles[0].kind == "STOP":
                half = text[:1]
                if prev == "CLS" and not gap and any(r.kind == "HALF" for r in lexicon.tail.get(half, ())):
                    # 一个半小时: 半小时 alone is half an hour, after a classifier the half of 1.5
                    tokens.append(Tok("HALF", half, m.start(group), m.start(group) + 1))
                    prev, p = "HALF", m.start(group) + 1
                    continue
                break  # 千万年薪, 4 架构: the word after is not a unit
            allowed = FOLLOW.get(prev, frozenset())
            picked = _pick(roles, prev, gap, allowed)
            if picked is None and prev == "UNIT" and text.isalpha() and _code_then_scale(tokens[-1], lexicon):
                scale = next((r for r in roles if r.kind == "SCALE" and not r.payload[1]), None)
                picked = (scale.kind, scale.payload) if scale is not None else None  # 75 USD million
            if picked is None and gap and prev == "NUM" and _closes(s, m.end()):
                # "2.33 k", "1,674,200.5 M": a scale letter apart from its number, closing the figure
                scale = next((r for r in roles if r.kind == "SCALE" and r.payload[1]), None)
                picked = (scale.kind, scale.payload) if scale is not None and "SCALE" in allowed else None
            if picked is None:
                break
            kind = picked[0]
            if kind == "AND" and not between:  # 3 million and a half: one English number
                if prev == "UNIT" and _minor_after(s, m.end(), tokens[-1], lexicon, patterns):
                    kind = "JOIN"  # thirteen dollars and forty-five cents
                elif prev != "SCALE" or not _joined_part(s, m.end(), tokens[-1].text, lexicon, patterns):
                    break
                else:
                    kind = "JOIN"
            if kind == "MORE" and not tokens and prev == "NUM" and _decimal_before(s, p):
                break  # 3.2 多项应用: a decimal is never "and more"; a section number opens a heading
            if prev == "CLS" and kind == "UNIT" and picked[1].dimension == "percent":
                break  # 一个成文的: a classifier counts things, never tenths
            if prev == "CLS" and kind == "UNIT" and picked[1].dimension == "count" and len(text) == 1:
                break  # 一场大雨, 一个大模型: 大 after a classifier describes, it counts nothing
            if prev == "CLS" and kind == "POSTQ" and any(r.kind == "MORE" for r in roles):
                # 一个多小时, 两个多月: 多 belongs between the number and its classifier
                cls = tokens[-1]
                unit = _unit_at(s, m.end(), lexicon, patterns, cls.text)
                if unit is None:
                    break  # 一个多层次: 多 opens the next word
                more = Tok("MORE", text, m.start(group), m.end(group))
                if unit.text.startswith(cls.text):  # 个月 is one unit, written around the 多
                    tokens[-1:] = [more, Tok("UNIT", unit.text, cls.start, unit.end)]
                else:
                    tokens[-1:] = [more, cls, unit]
                prev, p = "UNIT", unit.end
                continue
            if kind == "SCALE" and picked[1][1] and s[m.end() : m.end() + 1] in ("/", "²", "³"):
                break  # 10m/s is a speed, not ten million
            sign = kind == "UNIT" and not text.isalpha() and text in lexicon.currency_prefix
            if sign and s[m.end() : m.end() + 2].strip()[:1].isdigit():
                break  # "1 $10 bill": the currency sign opens the next figure
            if kind == "SCALE" and not tokens and not gap and _metres(s, start, m.end(), roles, lexicon):
                kind, picked = "UNIT", _pick(roles, prev, gap, frozenset({"UNIT"}))  # a 6m cable
            if (
                not text[-1].isalnum()
                and kind == "POSTQ"
                and (gap or s[m.end() : m.end() + 2].strip()[:1].isdigit())
            ):
                break  # 100+ is "over 100"; 3789 + 8791 is a sum
            if kind == "TIMES" and not s[m.end() : m.end() + 1].isdigit():
                unit = _pick(roles, prev, gap, frozenset({"UNIT"}))
                following = s[m.end() : m.end() + 3].lstrip()
                if unit is None or (
                    following[:1].isascii()
                    and following[:1].isupper()
                    and _next_word(s, m.end()).lower() not in lexicon.ratio_words
                ):
                    break  # 8× H100 counts cards; it is no ratio (a Title Case `1.5x Faster` is)
                kind = "UNIT"
        else:
            kind = "CNUM" if group == "c" else "NUM"  # English number words are NUMs
            if prev == "SCALE" and group == "c" and text in lexicon.zeros and not gap:
                digits = _ARABIC.match(s, m.end(group))
                if digits is not None and "." not in digits.group():
                    # 1千零20: the zero says a place is skipped; the digits close the figure
                    tokens.append(Tok("NUM", digits.group(), m.start(group), digits.end()))
                    prev, p = "NUM", digits.end()
                    continue
            if prev == "UNIT" and spoken_decimals(tokens[-1].text, text, gap, lexicon):
                # 七成六, 一米七五, 三毛五: Chinese digits right after the unit are its decimals
                tokens.append(Tok("TRAIL", text, m.start(group), m.end(group)))
                prev, p = "TRAIL", m.end(group)
                continue
            minor = prev == "UNIT" and kind == "NUM" and _minor_after(s, p, tokens[-1], lexicon, patterns)
            if kind not in FOLLOW.get(prev, frozenset()) and not minor:
                break
            if prev == "OVER" and _YEAR.fullmatch(text):
                break  # "rose 5 over 2023": compared with a year, no fraction
            if group == "w":  # "one million two thousand": the run's longest numeral only
                numeral = longest_english(text, lexicon.english_words)
                if numeral is None or numeral[1].shape in ("article", "several", "ordinal"):
                    break
                text = numeral[0]
        end = m.start(group) + len(text)
        tokens.append(Tok(kind, text, m.start(group), end))
        prev = kind
        p = end
        if kind == "UNIT" and parent is None:
            parent = unit_of(tokens[-1].text, lexicon)
        if kind == "DATE":
            break
    while tokens and tokens[-1].kind in DANGLING:
        tokens.pop()
    return tokens


def _coin(
    s: str, p: int, parent: UnitDef | None, prev: str, lexicon: Lexicon, patterns: Patterns
) -> list[Tok]:
    """A subunit and its number after a figure in the larger unit (元 + 7角, 美元 + 又三美分), or a
    spoken subunit opening a figure (三 + 毛五); no tokens when none stands at `p`."""
    if parent is None:
        if prev not in NUMBERS:
            return []
        form = subunit_at(s, p, lexicon)
        if form is None or not any(sub.spoken for sub in lexicon.subunits[form]):
            return []
        end = p + len(form)
        if end >= len(s) or s[end] not in lexicon.digits:
            return []  # 五毛 alone, 一毛不拔: a spoken subunit counts only before its decimals (三毛五)
        run = end
        while run < len(s) and s[run] in lexicon.digits and run - end < 2:
            run += 1
        return [Tok("SUB", form, p, end), Tok("TRAIL", s[end:run], end, run)]
    q = p
    mix = next((form for form in lexicon.mixed if s.startswith(form, q)), None)
    tokens = []
    if mix is not None:
        tokens.append(Tok("MIX", mix, q, q + len(mix)))
        q += len(mix)
    number = number_at(s, q, lexicon)
    if number is None:
        return []
    kind, text, end = number
    form = subunit_at(s, end, lexicon)
    if form is None or not any(sub.parent.id == parent.id for sub in lexicon.subunits[form]):
        return []
    longer = patterns.tail.match(s, end)
    if longer is not None and longer.lastgroup == "f" and len(longer.group("f")) > len(form):
        return []  # 10元5分钟: 分钟 is a word of its own
    return [*tokens, Tok(kind, text, q, end), Tok("SUB", form, end, end + len(form))]


def _half_before_unit(s: str, a: int, b: int, lexicon: Lexicon, patterns: Patterns, floor: int) -> Candidate:
    """半年, 半小时, 半个月: a half alone before a unit (or a classifier and a unit) is 0.5 of it;
    not after the [half] `not_after` characters (上半年), nor in a [stop_after] word (半导体)."""
    veto = Candidate((), b)
    if a and s[a - 1] in lexicon.half_not_after:
        return veto
    stop = patterns.tail.match(s, a)
    if stop is not None and stop.lastgroup == "f" and len(stop.group("f")) > b - a:
        word = stop.group("f")
        rest = {role.kind for role in lexicon.tail.get(word[b - a :], ())}
        if any(role.kind == "STOP" for role in lexicon.tail.get(word, ())) and not rest & {"UNIT", "CLS"}:
            return veto  # 半导体, 半成品; but 半年 and 半小时 stop only after a unit (一年半年)
    tail = _tail(s, b, "NUM", lexicon, patterns, False, a)
    kinds = [tok.kind for tok in tail]
    if (
        not kinds
        or tail[0].start != b
        or kinds[: kinds.index("UNIT") if "UNIT" in kinds else 0] not in ([], ["CLS"])
    ):
        return veto
    if "UNIT" not in kinds:
        return veto
    before = _prefix(s, a, patterns, floor)
    unit = unit_of(tail[kinds.index("UNIT")].text, lexicon)
    half = "5" if unit is not None and unit.tenths else "0.5"  # 半折: half the price, 5折
    return Candidate((*before, Tok("NUM", half, a, b), *tail), tail[-1].end)


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


def _prefix(s: str, a: int, patterns: Patterns, floor: int) -> list[Tok]:
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


def _name_before(s: str, a: int, patterns: Patterns) -> bool:
    """A product or model name, or a month, right before the number (RTX 5090, Gemini 2.5, 昇腾910)."""
    i = a - 1 if a and s[a - 1] in " \u00a0" else a
    for size in patterns.cjk_name_lengths:
        if s[max(0, i - size) : i] in patterns.cjk_names:
            return True
    j = i
    while j > max(0, i - 24) and s[j - 1].isascii() and (s[j - 1].isalnum() or s[j - 1] in "-."):
        j -= 1
    word = s[j:i].strip("-.").lower()
    if not word:
        return False
    if word in patterns.names:
        return True
    if j >= 2 and s[j - 1] == " ":  # two-word names: Stable Diffusion 3, Vision Pro 2
        k = j - 1
        while k > max(0, j - 20) and s[k - 1].isascii() and s[k - 1].isalpha():
            k -= 1
        return f"{s[k : j - 1].lower()} {word}" in patterns.names
    return False


def _score_before(s: str, a: int, patterns: Patterns) -> bool:
    """A score word shortly before a year-shaped number (Elo 2029, 评分 2029) makes it a figure."""
    window = s[max(0, a - 12) : a].lower()
    return any(word in window for word in patterns.score_words)


def _date_before(s: str, a: int, patterns: Patterns) -> str | None:
    """The ordinal or reference marker before the number (第3, 图 2, No. 5), or None."""
    i = a - 1 if a and s[a - 1] in " \u00a0" else a
    if not i or s[i - 1] not in patterns.date_before_last:
        return None
    for size in patterns.date_before_lengths:
        if s[max(0, i - size) : i] in patterns.date_before:
            return s[max(0, i - size) : i]
    return None


_LIST_PREFIX_MAX = 8  # characters of list marks (`- `, `> * `) a line may open with before its number


def _line_start(s: str, a: int) -> bool:
    """Only list marks between the line's start and `a`; looked for near `a` only, so a long line
    costs nothing per number on it."""
    window = max(0, a - _LIST_PREFIX_MAX)
    line = s.rfind("\n", window, a) + 1
    if line == 0 and window > 0:
        return False  # the line started further back than any list marks reach
    return all(char in _LIST_MARKS for char in s[line:a])


def _is_year(tok: Tok) -> bool:
    return tok.kind == "NUM" and _YEAR.fullmatch(tok.text) is not None


def candidate(s: str, m: re.Match[str], lexicon: Lexicon, patterns: Patterns, floor: int = 0) -> Candidate:
    """The tokens of the candidate starting at number match `m`, or no tokens and where to resume.

    `floor` is where the previous quantity ended: prefixes are not read left of it.
    """
    a, b = m.span()
    if m.lastgroup == "h":
        return _half_before_unit(s, a, b, lexicon, patterns, floor)
    kind = "CNUM" if m.lastgroup == "c" else "NUM"
    word = m.lastgroup == "w"  # an English number word: "two trillion", "three times"
    if word and a and s[a - 1].isascii() and s[a - 1].isalpha():
        return Candidate((), b)  # "someone", "often": letters inside a longer word
    veto = Candidate((), b)
    lead: list[Tok] = []  # the first end of a juxtaposed range and its joiner (三 of 三四百)
    fraction = None if word else _fraction_at(s, a, b, lexicon)
    if (
        fraction is None
        and kind == "CNUM"
        and b - a == 1
        and s[b : b + 1] not in patterns.tail_first
        and (not a or s[a - 1] not in patterns.before_last)
    ):
        return veto  # 一些, 三维: a lone numeral character with nothing a figure could continue with
    text = m.group()
    pair = digit_pair(s, b, m.group(), lexicon, patterns) if fraction is None else None
    if pair is not None:
        kind = "NUM"  # 八五折 reads as 8.5折
    if kind == "CNUM" and fraction is None:
        idiom = patterns.idiom.match(s, a)
        if idiom:
            return Candidate((), idiom.end())
        valid = longest_numeral(text, lexicon.digits, lexicon.cn_units, lexicon.points)
        ends = juxtaposed(text, lexicon)
        if ends is not None:  # 三四百, 六七亿: two neighbouring digits, a range of the two
            lead = [Tok("CNUM", ends[0], a, a + 1), Tok("DASH", "", a + 1, a + 1)]
            text = ends[1]
            valid = (s[a : a + 1 + len(text)], Decimal(0))  # the whole run, 三四百
        elif valid is None or (valid[0] != text and text[len(valid[0])] not in lexicon.cn_units):
            return veto  # 二三十 (twenty or thirty) is no numeral; 五十千 reads as 五十
        b = a + len(valid[0])
        text = text if ends else valid[0]  # 五十千 -> 五十; 一百千瓦 -> 一百 + 千瓦
    elif _glued_before(s, a) and not _currency_glued(s, a, patterns, floor):
        return _skip_glued(s, b, a)
    numeral = None
    if word:
        found = longest_english(text, lexicon.english_words)
        if found is None:
            return veto
        text, numeral = found
        b = a + len(text)
        if numeral.shape == "ordinal":  # first, twenty-first: a place
            return Candidate((Tok(kind, text, a, b),), b, "ordinal")
    if fraction is not None:  # 四分之一: the denominator, 分之 and the numerator are one number
        b = fraction
        text = s[a:b]
    elif not word and (kind == "CNUM" or s[a:b].isdigit()):
        mixed = _mixed_at(s, b, lexicon)
        if mixed is not None:  # 1又1/2, 十一又十四分之一, 1 3/5: a whole and a fraction, one number
            b = mixed
            text = s[a:b]
    if kind == "NUM" and not word and fraction is None:
        power = EXPONENT.match(s, b)
        if power is not None:  # 2e5, 1.5e-3, 2^10: scientific notation and powers
            b = power.end()
            text = s[a:b]
    number = Tok(kind, pair or text, a + len(lead) // 2, b)
    before = _prefix(s, a, patterns, floor)
    kinds_before = {tok.kind for tok in before}
    if (kind == "CNUM" and not kinds_before and a) and (
        s[a - 1] in lexicon.not_after or s[max(0, a - 2) : a] in lexicon.not_after
    ):
        return veto  # 统一, 唯一, 之一, 星期三
    if not before and (marker := _date_before(s, a, patterns)) is not None:
        role = patterns.roles.get(marker)  # 第3: ordinal; 图 2: a label
        if role == "ordinal":  # the marker is part of the ordinal as written
            number = number._replace(start=s.rindex(marker, 0, a))
        return _as_role((number,), b, role)
    tail = _tail(s, b, kind, lexicon, patterns, "FROM" in kinds_before, a)
    if (
        tail
        and tail[-1].kind == "POSTQ"
        and is_order_word(tail[-1].text, lexicon)
        and not magnitude(number.text, any(tok.kind == "SCALE" for tok in tail), lexicon)
    ):
        tail = tail[:-1]  # 二级市场, 3级: a level, not an order of magnitude
    tokens = [*before, *lead, number, *tail]
    if any(tok.kind == "DATE" for tok in tail):
        return _as_role(tokens, tail[-1].end, patterns.roles.get(tail[-1].text, "date"))
    body = [tok.kind for tok in tail]
    end = tokens[-1].end
    if not tail and kind == "NUM" and (suffix := _ordinal_suffix(s, b, lexicon)):
        return Candidate((number._replace(end=b + suffix),), b + suffix, "ordinal")  # 21st, 3rd
    if tokens[-1].kind in NUMBERS and _glued_after(s, end):
        return _skip_glued(s, end, a)
    bare = not tail and not (kinds_before - {"SIGN"})
    signed = "SIGN" in kinds_before  # "minus one": a sign makes any number word a figure
    if numeral is not None and numeral.shape == "article" and _money_after(tail, lexicon):
        signed = True  # "a dollar", "an euro": one of the currency
    if numeral is not None and not signed and _english_veto(s, a, b, numeral, body, lexicon.english_words):
        return _lone_word(s, b, number, numeral, lexicon.english_words)
    if kind == "NUM" and bare and (role := _bare_role(s, a, b, "SIGN" in kinds_before, patterns)):
        return _as_role((number,), b, role)
    if kind == "CNUM" and bare and len(number.text) == 1:
        return veto  # a lone 一 or 三 (一体, 三维) is a word, not a figure
    if number.text in lexicon.article and not kinds_before and body and body[0] == "CLS":
        counted = len(body) == 2 and any(
            r.kind == "UNIT" and r.payload.dimension == "count" for r in lexicon.tail.get(tail[1].text, ())
        )
        if len(body) == 1 or counted:
            return Candidate((), end)  # 一个, 一种, 一个节点: the indefinite article, not the count 1
    years = [tok for tok in tokens if tok.kind in NUMBERS]
    if _is_year(number) and len(years) > 1 and body[0] == "DASH" and _below(years[1], number):
        # 2025-01-02, (2018-24): a date or an abbreviated year range
        return _as_role(years, end, "date" if len(years) > 2 else "year")
    if all(_is_year(tok) for tok in years) and not (kinds_before - {"FROM"}):
        units = [tok for tok in tail if tok.kind not in ("DASH", "NUM")]
        if units and units[0].kind == "UNIT" and units[0].text in ("年", "s"):
            return _as_role(years, end, "year")  # 2025年, the 1990s
        if not units and not _score_before(s, a, patterns):
            return _as_role(years, end, "year")  # in 2019, 2019-2025; but Elo 评分 2029 is a score
    unitless = "UNIT" not in body and "SCALE" not in body and not kinds_before
    if unitless and _name_before(s, a, patterns):
        # RTX 5090: a model number; Gemini 2.5, Llama 3.1: a version
        return _as_role((number,), end, "version" if _VERSION.fullmatch(number.text) else "identifier")
    if bare and kind == "NUM" and _version_after_name(s, a, number.text):
        return _as_role((number,), end, "version")  # FSR 4, GeForce 3, GPT 4.1: a version, not a figure
    if _version_then_size(s, a, body, tail, kinds_before):
        return _as_role((number,), end, "version")  # OLMo 1.7–7B, Llama 2–13B: a name's version and size
    sku = [(tok.kind, tok.text) for tok in tail] == [("SCALE", "K")]
    if sku and _SKU_BEFORE.search(s, max(0, a - 24), a):
        return _as_role((number,), end, "identifier")  # Core i9 14900K: a processor's model number
    return Candidate(tuple(tokens), end)


# A capitalised name right before a number, one space apart (`OLMo `, `Llama `).
_NAME_BEFORE = re.compile(r"(?<![A-Za-z0-9])(?:[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*|[A-Z]{2,}[a-z]*) $")
_SIZE_LETTERS = frozenset({"B", "M", "T", "b", "m", "t"})
# Capitalised words that open a sentence or a phrase, never a model's name (`The 7-70B range`).
_OPENERS = frozenset(
    ("the", "a", "an", "this", "these", "those", "its", "our", "their", "from", "between", "about", "around",
     "over", "under", "with", "all", "some", "both", "sizes", "models")
)  # fmt: skip


def _version_then_size(s: str, a: int, body: list[str], tail: list[Tok], kinds_before: set[str]) -> bool:
    """`OLMo 1.7–7B`, `Llama 2–13B`: a bare number right after a model's name, joined by a dash to a
    size, is the name's version and the model's size — a name written with a dash, like
    `Qwen2.5-72B`, not a range of sizes from 1.7 to 7 billion.

    >>> from claims.quantities.scan import Tok
    >>> tail = [Tok("DASH", "–", 8, 9), Tok("NUM", "7", 9, 10), Tok("SCALE", "B", 10, 11)]
    >>> _version_then_size("OLMo 1.7–7B", 5, ["DASH", "NUM", "SCALE"], tail, set())
    True
    >>> _version_then_size("from 1.7–7B", 5, ["DASH", "NUM", "SCALE"], tail, set())
    False
    """
    if kinds_before or body[:3] != ["DASH", "NUM", "SCALE"] or tail[2].text not in _SIZE_LETTERS:
        return False
    name = _NAME_BEFORE.search(s, max(0, a - 24), a)
    return name is not None and name.group().strip().lower() not in _OPENERS


_NEXT_WORD = re.compile(r"[ \t\u00a0]+([A-Za-z][A-Za-z'’]*)")
_PREVIOUS_WORD = re.compile(r"([A-Za-z0-9]+)[ \t\u00a0]+$")


def _currency_glued(s: str, a: int, patterns: Patterns, floor: int) -> bool:
    """The letters glued before the number at `a` are a currency written before it (USD115, RMB60)."""
    return any(tok.kind == "CURPRE" and tok.end == a for tok in _prefix(s, a, patterns, floor))


def _money_after(tail: list[Tok], lexicon: Lexicon) -> bool:
    """The tail is one whole unit of a currency ("a dollar": the article is one dollar)."""
    if len(tail) != 1 or tail[0].kind != "UNIT" or tail[0].text.lower() in lexicon.not_one_after_article:
        return False  # "a pound" is as often a weight as money
    roles = lexicon.tail.get(tail[0].text) or lexicon.tail.get(tail[0].text.lower(), ())
    return any(
        r.kind == "UNIT" and r.payload.dimension == "currency" and r.payload.factor == 1 for r in roles
    )


def _code_then_scale(unit: Tok, lexicon: Lexicon) -> bool:
    """A currency code that a scale word may follow ("75 USD million"): the code alone after a number."""
    return unit.text.isupper() and any(
        r.kind == "UNIT" and r.payload.dimension == "currency" for r in lexicon.tail.get(unit.text, ())
    )


def _closes(s: str, e: int) -> bool:
    """Nothing but the end of the text, a line or a sentence follows `e`."""
    rest = s[e : e + 2]
    return not rest or rest[0] in "\n\r;" or (rest[0] in ".," and not rest[1:2].isalnum())


def _metres(s: str, a: int, e: int, roles: tuple, lexicon: Lexicon) -> bool:
    """A scale letter that is also a unit (`m`) glued to the number at `a` reads as the unit when
    a length word follows ("6m long", contexts.toml [metre_after]) or when "a" stands before the
    number and one singular word follows ("a 6m cable", "a 100m sprint") that is no word of money
    ([million_after]: "a 1.5m budget"); else it is a million ("6m users", "$600m")."""
    if not any(role.kind == "UNIT" for role in roles):
        return False
    following = _NEXT_WORD.match(s, e)
    word = following.group(1).lower() if following else ""
    if word in lexicon.metre_after:
        return True
    before = _PREVIOUS_WORD.search(s, max(0, a - 8), a)
    return (
        before is not None
        and before.group(1).lower() in ("a", "an")
        and word.isalpha()
        and not word.endswith("s")
        and word not in lexicon.tail
        and word not in lexicon.million_after
    )


def _minor_after(s: str, p: int, unit: Tok, lexicon: Lexicon, patterns: Patterns) -> bool:
    """After a whole currency unit (`dollars`, `USD`), the number at `p` is its minor part: below a
    hundred, then the currency's minor unit or nothing counted ("3 dollars 50 cents", "15 dollars
    and 50."; not "5 dollars 20 users")."""
    major = next((r.payload for r in lexicon.tail.get(unit.text) or lexicon.tail.get(unit.text.lower(), ())
                  if r.kind == "UNIT"), None)  # fmt: skip
    if major is None or major.dimension != "currency" or major.factor != 1:
        return False
    following = patterns.tail.match(s, p)
    if (
        following is None
        or following.lastgroup not in ("n", "w")
        or following.start(following.lastgroup) == p
    ):
        return False  # "3 USD50 Cards": glued, a name
    written = following.group(following.lastgroup)
    if following.lastgroup == "w":
        found = longest_english(written, lexicon.english_words)
        if found is None or found[1].shape not in ("word", "cardinal") or found[1].value >= 100:
            return False
        written = found[0]
    elif not (written.isdigit() and int(written) < 100):
        return False
    end = following.start(following.lastgroup) + len(written)
    if _glued_after(s, end):
        return False  # "10 turkish lira 11a": a code follows
    after = patterns.tail.match(s, end)
    if after is not None and after.lastgroup == "f":
        roles = lexicon.tail.get(after.group("f")) or lexicon.tail.get(after.group("f").lower(), ())
        return any(r.kind == "UNIT" and r.payload.unit == major.unit and r.payload.factor < 1 for r in roles)
    return not _counted_after(s, end, lexicon.english_words) and (after is None or after.lastgroup == "f")


def _joined_part(s: str, p: int, scale: str, lexicon: Lexicon, patterns: Patterns) -> bool:
    """After a scale word and "and", the number words at `p` close the same number: a fraction
    ("3 million and a half"), or a smaller number that counts nothing of its own ("two thousand
    and two hundred."; not "$5 million and two hundred employees", "and two new investors").
    Digits close only a "hundred" ("3 hundred and 21"): "$5 million and 300 staff" is two figures."""
    following = patterns.tail.match(s, p)
    if following is not None and following.lastgroup == "n":
        digits = following.group("n")
        hundred = any(r.kind == "SCALE" and r.payload[0] == 100 for r in lexicon.tail.get(scale.lower(), ()))
        return hundred and digits.isdigit() and int(digits) < 100
    if following is None or following.lastgroup != "w":
        return False
    found = longest_english(following.group("w"), lexicon.english_words)
    if found is None or found[1].shape in ("article", "several", "ordinal"):
        return False
    if found[1].shape in ("fraction", "mixed"):
        return True
    return not _counted_after(s, following.start("w") + len(found[0]), lexicon.english_words)


_GROWN = frozenset({"SCALE", "UNIT", "DASH", "AND", "POSTQ", "OVER"})  # what makes any numeral a figure


def _counted_after(s: str, b: int, tables: EnglishWords) -> bool:
    """A noun right after a number word ("three sizes", "ten LLMs"), not a function word ("one of",
    "three is") nor a capitalised name ("Two Sigma")."""
    m = _NEXT_WORD.match(s, b)
    if m is None:
        return False
    word = m.group(1)
    if not (word[0].islower() or (len(word) > 1 and word[1].isupper())):
        return False
    return word.lower() not in tables.not_counted


def _english_veto(
    s: str, a: int, b: int, numeral: EnglishNumeral, body: list[str], tables: EnglishWords
) -> bool:
    """Number words that are no figure, by the shape of the words (see numerals.toml):

    - "a"/"an" and "half a" are a number only before a scale ("a million", "half a dozen");
    - one cardinal word alone counts before a noun ("three sizes"), never before a function word
      ("one of them") or at the end; "one" alone is the indefinite article ("one company said");
    - a fraction counts hyphenated ("two-thirds"), before "of" or a scale ("a quarter of", "a
      quarter million"); "half" alone too, but not after an ordinal ("the first half") nor before a
      period ("half time").
    """
    grown = bool(body) and body[0] in _GROWN
    shape = numeral.shape
    if shape == "article":
        return not body or body[0] != "SCALE"
    if shape == "word":
        if grown:
            return False
        return s[a:b].lower() in tables.article or not _counted_after(s, b, tables)
    if shape != "fraction" or grown:
        return False
    if _period_fraction(s, a, b, tables):
        return True
    rest = s[b : b + 16].lower().lstrip()
    if s[a:b].lower() == "half" or numeral.hyphenated:
        return False
    return not (rest.startswith("of") and not rest[2:3].isalpha())


def _period_fraction(s: str, a: int, b: int, tables: EnglishWords) -> bool:
    """A fraction word that names part of a period or a place, not a share: "the first half",
    "the other half", "a quarter earlier", "half time"."""
    previous = _PREVIOUS_WORD.search(s, max(0, a - 24), a)
    if previous is not None and previous.group(1).lower() in tables.fraction_not_after:
        return True
    rest = s[b : b + 16].lower().lstrip()
    return any(
        rest.startswith(word) and not rest[len(word) : len(word) + 1].isalpha()
        for word in tables.fraction_not_before
    )


_WORD_AT = re.compile(r"\s*([A-Za-z]+)")


def lone_number_word(s: str, a: int, b: int, lexicon: Lexicon) -> bool:
    """`s[a:b]` is an English number word that stands alone: one cardinal word that counts no
    noun ("the answer is three", "three other sets"), or a fraction neither hyphenated nor before
    "of" ("cut by two thirds")."""
    numeral = parse_english(s[a:b], lexicon.english_words)
    return (
        numeral is not None
        and numeral.shape in ("word", "fraction")
        and _english_veto(s, a, b, numeral, [], lexicon.english_words)
    )


def _lone_word(s: str, b: int, number: Tok, numeral: EnglishNumeral, tables: EnglishWords) -> Candidate:
    """A number word that counts no noun: "the answer is three", "three of them" are still numbers
    (cardinal); before a capitalised word it is part of a name ("Two Sigma"); "one" alone is the
    article or a pronoun ("no one", "the one that"), and "a", "half" or a fraction word alone no
    number at all."""
    if numeral.shape == "fraction":
        if _period_fraction(s, number.start, b, tables) or _counted_after(s, b, tables):
            return Candidate((), b)  # "the first half", "a third party": a place, not a share
        return Candidate((number,), b)  # "cut by two thirds": a share, though no "of" follows
    if numeral.shape != "word" or number.text.lower() in tables.article:
        return Candidate((), b)
    following = _NEXT_WORD.match(s, b)
    if following is not None and following.group(1)[0].isupper():
        return Candidate((number,), b, "identifier")
    return Candidate((number,), b)


_ARABIC = re.compile(NUMBER)
_PER_HUNDRED = 100


def _fraction_at(s: str, a: int, b: int, lexicon: Lexicon) -> int | None:
    """Where a fraction ends when the number at [a, b) is its denominator (`四分之一`, `9 分之一`,
    `三分之二`): the number, a [fraction] word, then the numerator; None when it is no fraction."""
    if s[b : b + 1] in lexicon.fraction_slash and s[a:b].isdigit():
        return slash_at(s, a, b, lexicon)
    p = b
    while p < len(s) and s[p] in " \t":
        p += 1
    mark = next((m for m in lexicon.fraction_marks if s.startswith(m, p)), None)
    # A denominator written with scale characters of a hundred or more alone (百分之五, 百万分之五) is
    # a per-cent or per-million prefix, read as such; 十分之一 is 1/10.
    scales = [lexicon.cn_units.get(char) for char in s[a:b]]
    if mark is None or (all(scales) and min(scales) >= _PER_HUNDRED):
        return None
    q = p + len(mark)
    while q < len(s) and s[q] in " \t":
        q += 1
    q += len(next((n for n in lexicon.negative if s.startswith(n, q)), ""))  # 3分之负一: a negative numerator
    digits = _ARABIC.match(s, q)
    if digits is not None:
        return digits.end()
    run = q
    numeral_chars = lexicon.digits.keys() | lexicon.cn_units.keys() | lexicon.points
    while run < len(s) and s[run] in numeral_chars:
        run += 1
    valid = longest_numeral(s[q:run], lexicon.digits, lexicon.cn_units, lexicon.points) if run > q else None
    return q + len(valid[0]) if valid else None


def _mixed_at(s: str, b: int, lexicon: Lexicon) -> int | None:
    """Where a mixed number ends when a whole number ends at `b`: 又 and a fraction (1又1/2,
    十一又十四分之一), or one space and a slash fraction (1 3/5); None when none follows."""
    mix = next((form for form in lexicon.mixed if s.startswith(form, b)), None)
    if mix is not None:
        q = b + len(mix)
        while q < len(s) and s[q] in " \t":
            q += 1
    elif s[b : b + 1] == " " and s[b + 1 : b + 2].isdigit():
        q = b + 1
    else:
        return None
    number = number_at(s, q, lexicon)
    if number is None:
        return None
    if mix is None:
        return (
            slash_at(s, q, number[2], lexicon)
            if s[number[2] : number[2] + 1] in lexicon.fraction_slash
            else None
        )
    return _fraction_at(s, q, number[2], lexicon)


def _ordinal_suffix(s: str, b: int, lexicon: Lexicon) -> int:
    """The length of an ordinal suffix glued to the digits ending at `b` (21st, 3rd), else 0."""
    for suffix in lexicon.english_words.ordinal_suffixes:
        end = b + len(suffix)
        if s[b:end].lower() == suffix and not _ascii_alnum(s[end : end + 1]):
            return len(suffix)
    return 0


def _next_word(s: str, p: int) -> str:
    """The Latin word starting at `p` after spaces, or ''."""
    m = _WORD_AT.match(s, p)
    return m.group(1) if m else ""


def _below(second: Tok, first: Tok) -> bool:
    try:
        return float(second.text.replace(",", "")) < float(first.text)
    except ValueError:
        return False


_VERSION = re.compile(r"(?:[1-9]|1\d|20)(?:\.\d)?|0\.\d")


def _version_after_name(s: str, a: int, number: str) -> bool:
    """A small number (≤ 20, at most one decimal) after a capitalised Latin word and a space."""
    if a < 3 or s[a - 1] != " " or not _VERSION.fullmatch(number):
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


_DIGITS = re.compile(r"(?<![\d.])\d+\.\d+(?![.\d])|\d+")  # Qwen2.5: 2.5; 192.168.1.2: four numbers


def _skip_glued(s: str, p: int, a: int) -> Candidate:
    """Skip the rest of a glued name, so 'Qwen2.5-72B' does not yield 72B; the digits of the name
    from `a` on are still numbers, each reported as an identifier (SCP-173, 192.168.1.2)."""
    n = len(s)
    while p < n and (_ascii_alnum(s[p]) or (s[p] in ".-" and p + 1 < n and _ascii_alnum(s[p + 1]))):
        p += 1
    digits = tuple(Tok("NUM", d.group(), d.start(), d.end()) for d in _DIGITS.finditer(s, a, p))
    return Candidate(digits, p, "identifier")


def _bare_role(s: str, a: int, b: int, signed: bool, patterns: Patterns) -> str | None:
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
    return "version" if patterns.name_after.match(s, b) else None
