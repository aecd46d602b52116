"""What follows a number in a candidate span: its scale words, units, qualifiers, a range's second
end, the subunits of money (`56元7角8分`) and a half after a unit (`一年半`). Where the tail stops
before a word it could take is a named stop of `TAIL_STOPS`, each with its cases."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from claims.quantities.english_numerals import longest_english
from claims.quantities.lexicon import QuantityLexicon, UnitDef
from claims.quantities.patterns import GAP_CHARS, Patterns
from claims.quantities.scan_context import YEAR, closes, code_then_scale, glued_after, metres
from claims.quantities.scan_words import ARABIC, joined_part, minor_after, next_word
from claims.quantities.shapes import number_at, phrase_end, spoken_decimals, subunit_at, unit_of
from claims.quantities.tokens import DANGLING, FOLLOW, NUMBERS, Candidate, Tok, pick, prefix

# The most tokens one quantity can take after its first number. The longest in the seeds and the
# dailies takes 6 (`约 1.5 万 至 2 万 亿美元`); without a bound, `1-1-1-…` would be one candidate
# that the parser shortens one token at a time, quadratic in its length.
MAX_TAIL_TOKENS = 16


def _decimal_before(s: str, p: int) -> bool:
    """The Arabic number ending at `p` has a decimal point (3.2, not 10)."""
    j = p
    while j > 0 and (s[j - 1].isdigit() or s[j - 1] in ".,"):
        j -= 1
    return "." in s[j:p].rstrip(".")


def _unit_at(s: str, p: int, lexicon: QuantityLexicon, patterns: Patterns, classifier: str) -> Tok | None:
    """The unit starting at `p`, alone (小时) or with the classifier before it (个 + 月 = 个月)."""
    m = patterns.tail.match(s, p)
    if m is None or m.lastgroup != "f" or m.start("f") > p:
        return None
    text = m.group("f")
    for form in (classifier + text, text):
        if any(role.kind == "UNIT" for role in lexicon.tail.get(form, ())):
            return Tok("UNIT", form, m.start("f"), m.end("f"))
    return None


def read_tail(
    s: str, p: int, first: str, lexicon: QuantityLexicon, patterns: Patterns, between: bool, start: int = 0
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
            picked = pick(roles, prev, gap, allowed)
            if picked is None and prev == "UNIT" and text.isalpha() and code_then_scale(tokens[-1], lexicon):
                scale = next((r for r in roles if r.kind == "SCALE" and not r.payload[1]), None)
                picked = (scale.kind, scale.payload) if scale is not None else None  # 75 USD million
            if picked is None and gap and prev == "NUM" and closes(s, m.end()):
                # "2.33 k", "1,674,200.5 M": a scale letter apart from its number, closing the figure
                scale = next((r for r in roles if r.kind == "SCALE" and r.payload[1]), None)
                picked = (scale.kind, scale.payload) if scale is not None and "SCALE" in allowed else None
            if picked is None:
                break
            kind = picked[0]
            if kind == "AND" and not between:  # 3 million and a half: one English number
                if prev == "UNIT" and minor_after(s, m.end(), tokens[-1], lexicon, patterns):
                    kind = "JOIN"  # thirteen dollars and forty-five cents
                elif prev != "SCALE" or not joined_part(s, m.end(), tokens[-1].text, lexicon, patterns):
                    break
                else:
                    kind = "JOIN"
            step = Step(s, p, m.end(), text, kind, picked[1], prev, not tokens, gap, lexicon)
            if tail_stop(step) is not None:
                break
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
            if kind == "SCALE" and not tokens and not gap and metres(s, start, m.end(), roles, lexicon):
                kind, picked = "UNIT", pick(roles, prev, gap, frozenset({"UNIT"}))  # a 6m cable
            if kind == "TIMES" and not s[m.end() : m.end() + 1].isdigit():
                unit = pick(roles, prev, gap, frozenset({"UNIT"}))
                following = s[m.end() : m.end() + 3].lstrip()
                if unit is None or (
                    following[:1].isascii()
                    and following[:1].isupper()
                    and next_word(s, m.end()).lower() not in lexicon.ratio_words
                ):
                    break  # 8× H100 counts cards; it is no ratio (a Title Case `1.5x Faster` is)
                kind = "UNIT"
        else:
            kind = "CNUM" if group == "c" else "NUM"  # English number words are NUMs
            if prev == "SCALE" and group == "c" and text in lexicon.zeros and not gap:
                digits = ARABIC.match(s, m.end(group))
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
            minor = prev == "UNIT" and kind == "NUM" and minor_after(s, p, tokens[-1], lexicon, patterns)
            if kind not in FOLLOW.get(prev, frozenset()) and not minor:
                break
            if prev == "OVER" and YEAR.fullmatch(text):
                break  # "rose 5 over 2023": compared with a year, no fraction
            if group == "w":  # "one million two thousand": the run's longest numeral only
                numeral = longest_english(text, lexicon.english_words)
                if numeral is None or numeral[1].shape in ("article", "several", "ordinal"):
                    break
                text = numeral[0]
            if prev == "OVER" and glued_after(s, m.start(group) + len(text)):
                break  # "SAM 2 in 3D": the number after the word is part of a name
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
    s: str, p: int, parent: UnitDef | None, prev: str, lexicon: QuantityLexicon, patterns: Patterns
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


def half_before_unit(
    s: str, a: int, b: int, lexicon: QuantityLexicon, patterns: Patterns, floor: int
) -> Candidate:
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
    tail = read_tail(s, b, "NUM", lexicon, patterns, False, a)
    kinds = [tok.kind for tok in tail]
    if (
        not kinds
        or tail[0].start != b
        or kinds[: kinds.index("UNIT") if "UNIT" in kinds else 0] not in ([], ["CLS"])
    ):
        return veto
    if "UNIT" not in kinds:
        return veto
    before = prefix(s, a, patterns, floor)
    unit = unit_of(tail[kinds.index("UNIT")].text, lexicon)
    half = "5" if unit is not None and unit.tenths else "0.5"  # 半折: half the price, 5折
    return Candidate((*before, Tok("NUM", half, a, b), *tail), tail[-1].end)


@dataclass(frozen=True, slots=True)
class Step:
    """One word the tail reader is about to take after a number: the masked text `s`, where the
    word starts (`at`, the end of the tail so far) and ends, the word, the terminal it would be
    (`kind`) with its payload, the terminal before it, whether it would be the first of the tail,
    and whether a gap stands before it."""

    s: str
    at: int
    end: int
    text: str
    kind: str
    payload: object
    prev: str
    first: bool
    gap: bool
    lexicon: QuantityLexicon


def decimal_then_more(step: Step) -> bool:
    """`3.2 多项应用`: a decimal is never "and more"; a section number opens a heading."""
    return step.kind == "MORE" and step.first and step.prev == "NUM" and _decimal_before(step.s, step.at)


def classifier_then_tenths(step: Step) -> bool:
    """`一个成文的`: a classifier counts things, never tenths (成)."""
    return step.prev == "CLS" and step.kind == "UNIT" and step.payload.dimension == "percent"


def classifier_then_adjective(step: Step) -> bool:
    """`一场大雨`, `一个大模型`: a one-character count word after a classifier describes; it counts
    nothing."""
    return (
        step.prev == "CLS"
        and step.kind == "UNIT"
        and step.payload.dimension == "count"
        and len(step.text) == 1
    )


def scale_of_a_speed(step: Step) -> bool:
    """`10m/s`: a letter before a slash or a power is a unit of a speed or an area, not a million."""
    after = step.s[step.end : step.end + 1]
    return step.kind == "SCALE" and bool(step.payload[1]) and after in ("/", "²", "³")


def letter_scale_sizes(step: Step) -> bool:
    """`7B models`: after a letter scale glued to the figure, a [sized] noun is what the figure
    sizes (models of 7 billion parameters), not what it counts."""
    if step.prev != "SCALE" or step.kind != "UNIT":
        return False
    # the last two characters before the word, spaces aside: read near `at`, not from the
    # start of the text (a document can be megabytes long, and this runs for every word)
    before = step.s[max(0, step.at - 32) : step.at].rstrip()
    if len(before) < 2 and step.at > 32:
        before = step.s[: step.at].rstrip()
    glued = len(before) > 1 and before[-1].isalpha() and before[-2].isdigit()
    return glued and step.text.lower() in step.lexicon.sized


def sign_of_the_next_figure(step: Step) -> bool:
    """`1 $10 bill`: a currency sign right before a digit opens the next figure."""
    sign = step.kind == "UNIT" and not step.text.isalpha() and step.text in step.lexicon.currency_prefix
    return sign and step.s[step.end : step.end + 2].strip()[:1].isdigit()


def symbol_between_figures(step: Step) -> bool:
    """`100+` after a gap or `3789 + 8791`: a symbol before another figure is an operator, not
    "over"."""
    return (
        not step.text[-1].isalnum()
        and step.kind == "POSTQ"
        and (step.gap or step.s[step.end : step.end + 2].strip()[:1].isdigit())
    )


# Where a figure's tail stops before a word it could otherwise take, tried in order.
TAIL_STOPS: tuple[tuple[str, Callable[[Step], bool]], ...] = (
    ("decimal_then_more", decimal_then_more),
    ("classifier_then_tenths", classifier_then_tenths),
    ("classifier_then_adjective", classifier_then_adjective),
    ("scale_of_a_speed", scale_of_a_speed),
    ("letter_scale_sizes", letter_scale_sizes),
    ("sign_of_the_next_figure", sign_of_the_next_figure),
    ("symbol_between_figures", symbol_between_figures),
)


def tail_stop(step: Step) -> str | None:
    """The name of the first stop of `TAIL_STOPS` that ends the tail before `step`, or None."""
    return next((name for name, stop in TAIL_STOPS if stop(step)), None)
