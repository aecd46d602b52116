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

from claims.quantities.english_numerals import longest_english
from claims.quantities.lexicon import QuantityLexicon
from claims.quantities.numerals import longest_numeral
from claims.quantities.patterns import Patterns
from claims.quantities.scan_context import (
    SKU_BEFORE,
    VERSION,
    bare_role,
    currency_glued,
    date_before,
    glued_after,
    glued_before,
    is_year,
    money_after,
    name_before,
    score_before,
    skip_glued,
    version_after_name,
    version_then_size,
)
from claims.quantities.scan_tail import half_before_unit, read_tail
from claims.quantities.scan_words import below, english_veto, fraction_at, lone_word, mixed_at, ordinal_suffix
from claims.quantities.shapes import (
    EXPONENT,
    digit_pair,
    is_order_word,
    juxtaposed,
    magnitude,
)
from claims.quantities.tokens import NUMBERS, Candidate, Tok, as_role, prefix


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
    tail = read_tail(s, b, kind, lexicon, patterns, "FROM" in kinds_before, a)
    if (
        tail
        and tail[-1].kind == "POSTQ"
        and is_order_word(tail[-1].text, lexicon)
        and not magnitude(number.text, any(tok.kind == "SCALE" for tok in tail), lexicon)
    ):
        tail = tail[:-1]  # 二级市场, 3级: a level, not an order of magnitude
    tokens = [*before, *lead, number, *tail]
    if any(tok.kind == "DATE" for tok in tail):
        return as_role(tokens, tail[-1].end, patterns.roles.get(tail[-1].text, "date"))
    body = [tok.kind for tok in tail]
    end = tokens[-1].end
    if not tail and kind == "NUM" and (suffix := ordinal_suffix(s, b, lexicon)):
        return Candidate((number._replace(end=b + suffix),), b + suffix, "ordinal")  # 21st, 3rd
    if tokens[-1].kind in NUMBERS and glued_after(s, end):
        return skip_glued(s, end, a)
    bare = not tail and not (kinds_before - {"SIGN"})
    signed = "SIGN" in kinds_before  # "minus one": a sign makes any number word a figure
    if numeral is not None and numeral.shape == "article" and money_after(tail, lexicon):
        signed = True  # "a dollar", "an euro": one of the currency
    if numeral is not None and not signed and english_veto(s, a, b, numeral, body, lexicon.english_words):
        return lone_word(s, b, number, numeral, lexicon.english_words)
    if kind == "NUM" and bare and (role := bare_role(s, a, b, "SIGN" in kinds_before, patterns)):
        return as_role((number,), b, role)
    if kind == "CNUM" and bare and len(number.text) == 1:
        return veto  # a lone 一 or 三 (一体, 三维) is a word, not a figure
    if number.text in lexicon.article and not kinds_before and body and body[0] == "CLS":
        counted = len(body) == 2 and any(
            r.kind == "UNIT" and r.payload.dimension == "count" for r in lexicon.tail.get(tail[1].text, ())
        )
        if len(body) == 1 or counted:
            return Candidate((), end)  # 一个, 一种, 一个节点: the indefinite article, not the count 1
    years = [tok for tok in tokens if tok.kind in NUMBERS]
    if is_year(number) and len(years) > 1 and body[0] == "DASH" and below(years[1], number):
        # 2025-01-02, (2018-24): a date or an abbreviated year range
        return as_role(years, end, "date" if len(years) > 2 else "year")
    if all(is_year(tok) for tok in years) and not (kinds_before - {"FROM"}):
        units = [tok for tok in tail if tok.kind not in ("DASH", "NUM")]
        if units and units[0].kind == "UNIT" and units[0].text in ("年", "s"):
            return as_role(years, end, "year")  # 2025年, the 1990s
        if not units and not score_before(s, a, patterns):
            return as_role(years, end, "year")  # in 2019, 2019-2025; but Elo 评分 2029 is a score
    unitless = "UNIT" not in body and "SCALE" not in body and not kinds_before
    if unitless and name_before(s, a, patterns):
        # RTX 5090: a model number; Gemini 2.5, Llama 3.1: a version
        return as_role((number,), end, "version" if VERSION.fullmatch(number.text) else "identifier")
    if bare and kind == "NUM" and version_after_name(s, a, number.text):
        return as_role((number,), end, "version")  # FSR 4, GeForce 3, GPT 4.1: a version, not a figure
    if version_then_size(s, a, body, tail, kinds_before):
        return as_role((number,), end, "version")  # OLMo 1.7–7B, Llama 2–13B: a name's version and size
    sku = [(tok.kind, tok.text) for tok in tail] == [("SCALE", "K")]
    if sku and SKU_BEFORE.search(s, max(0, a - 24), a):
        return as_role((number,), end, "identifier")  # Core i9 14900K: a processor's model number
    return Candidate(tuple(tokens), end)
