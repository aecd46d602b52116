"""Scan masked text for candidate quantities and turn each into grammar tokens.

For every number the `start` pattern finds, the scanner reads the prefixes in a short window to
its left and the tokens to its right, choosing for each surface form the role its left neighbour
allows (`FOLLOW`). Shape vetoes run before any parse: numbers glued to names (GPT-4o, Qwen2.5) and
numeral idioms while the span is read, then the named vetoes of `claims.quantities.shape_vetoes`
(dates and years, versions and model numbers, ordinals, list labels, lone words). What survives goes
to the LALR parser (`claims.quantities.find`).
"""

from __future__ import annotations

import re
from decimal import Decimal

from claims.quantities.english_numerals import longest_english
from claims.quantities.lexicon import QuantityLexicon
from claims.quantities.numerals import longest_numeral
from claims.quantities.patterns import Patterns
from claims.quantities.scan_context import (
    currency_glued,
    date_before,
    glued_before,
    skip_glued,
)
from claims.quantities.scan_tail import half_before_unit, read_tail
from claims.quantities.scan_words import fraction_at, mixed_at, scale_after_of, small_scale_split
from claims.quantities.shape_vetoes import Reading, shape_veto
from claims.quantities.shapes import (
    EXPONENT,
    digit_pair,
    is_order_word,
    juxtaposed,
    magnitude,
    stands_alone,
)
from claims.quantities.tokens import Candidate, Tok, as_role, prefix


def candidate(
    s: str, m: re.Match[str], lexicon: QuantityLexicon, patterns: Patterns, floor: int = 0
) -> Candidate:
    """The tokens of the candidate starting at number match `m`, or no tokens and where to resume.

    `floor` is where the previous quantity ended: prefixes are not read left of it.
    """
    a, b = m.span()
    if m.lastgroup == "h":
        return half_before_unit(s, a, b, lexicon, patterns, floor)
    kind = "CNUM" if m.lastgroup == "c" else "NUM"
    word = m.lastgroup == "w"  # an English number word: "two trillion", "three times"
    if word and a and s[a - 1].isascii() and s[a - 1].isalpha():
        return Candidate((), b)  # "someone", "often": letters inside a longer word
    veto = Candidate((), b)
    lead: list[Tok] = []  # the first end of a juxtaposed range and its joiner (三 of 三四百)
    fraction = None if word else fraction_at(s, a, b, lexicon)
    if (
        fraction is None
        and kind == "CNUM"
        and b - a == 1
        and s[b : b + 1] not in patterns.tail_first
        and (not a or s[a - 1] not in patterns.before_last)
        and not stands_alone(s, a, b, lexicon)
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
    elif glued_before(s, a) and not currency_glued(s, a, patterns, floor):
        return skip_glued(s, b, a)
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
        mixed = mixed_at(s, b, lexicon)
        if mixed is not None:  # 1又1/2, 十一又十四分之一, 1 3/5: a whole and a fraction, one number
            b = mixed
            text = s[a:b]
    if kind == "NUM" and not word and fraction is None:
        power = EXPONENT.match(s, b)
        if power is not None:  # 2e5, 1.5e-3, 2^10: scientific notation and powers
            b = power.end()
            text = s[a:b]
    number = Tok(kind, pair or text, a + len(lead) // 2, b)
    before = prefix(s, a, patterns, floor)
    kinds_before = {tok.kind for tok in before}
    if (kind == "CNUM" and not kinds_before and a) and (
        s[a - 1] in lexicon.not_after or s[max(0, a - 2) : a] in lexicon.not_after
    ):
        return veto  # 统一, 唯一, 之一, 星期三
    if not before and (marker := date_before(s, a, patterns)) is not None:
        role = patterns.roles.get(marker)  # 第3: ordinal; 图 2: a label
        if role == "ordinal":  # the marker is part of the ordinal as written
            number = number._replace(start=s.rindex(marker, 0, a))
        return as_role((number,), b, role)
    go_on = scale_after_of(s, b, lexicon) if numeral is not None and numeral.shape == "fraction" else b
    tail = read_tail(s, go_on, kind, lexicon, patterns, "FROM" in kinds_before, a)
    if (
        tail
        and tail[-1].kind == "POSTQ"
        and is_order_word(tail[-1].text, lexicon)
        and not magnitude(number.text, any(tok.kind == "SCALE" for tok in tail), lexicon)
    ):
        tail = tail[:-1]  # 二级市场, 3级: a level, not an order of magnitude
    split = small_scale_split(number, tail, lexicon) if numeral is not None else None
    tokens = [*before, *lead, *(split or [number]), *tail]
    reading = Reading(
        s=s,
        a=a,
        b=b,
        end=tokens[-1].end,
        resume=veto.resume,
        kind=kind,
        number=number,
        numeral=numeral,
        kinds_before=frozenset(kinds_before),
        tail=tuple(tail),
        tokens=tuple(tokens),
        lexicon=lexicon,
        patterns=patterns,
    )
    vetoed = shape_veto(reading)
    if vetoed is not None:
        return vetoed[1]
    return Candidate(tuple(tokens), reading.end)
