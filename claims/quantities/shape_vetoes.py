"""The shape vetoes: once a candidate span is read (its prefixes, its number, what follows), each
veto in `SHAPE_VETOES` may say that the span is no figure — a year, a date, a version, a model
number, an ordinal, a word — and what its numbers are instead (`Candidate.role`), or that it is no
number at all. They run in order; the first that answers decides. A new shape is a new named veto
with its cases in `tests/cases/shape_vetoes.toml`, not a new branch of the scanner.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from claims.quantities.english_numerals import EnglishNumeral
from claims.quantities.lexicon import QuantityLexicon
from claims.quantities.patterns import Patterns
from claims.quantities.scan_context import (
    SKU_BEFORE,
    VERSION,
    bare_role,
    glued_after,
    is_year,
    money_after,
    name_before,
    score_before,
    skip_glued,
    version_after_name,
    version_then_size,
)
from claims.quantities.scan_words import below, english_veto, lone_word, ordinal_suffix
from claims.quantities.shapes import stands_alone
from claims.quantities.tokens import NUMBERS, Candidate, Tok, as_role


@dataclass(frozen=True, slots=True)
class Reading:
    """A candidate span as the scanner read it: the masked text `s`, where its number starts (`a`)
    and ends (`b`), where the span ends (`end`), the number token, the tokens before and after it,
    and, for an English number word, how it was written (`numeral`)."""

    s: str
    a: int
    b: int
    end: int
    resume: int  # where scanning resumes after a plain veto: the end of the number as first matched
    kind: str  # NUM or CNUM
    number: Tok
    numeral: EnglishNumeral | None
    kinds_before: frozenset[str]
    tail: tuple[Tok, ...]
    tokens: tuple[Tok, ...]
    lexicon: QuantityLexicon
    patterns: Patterns

    @property
    def body(self) -> list[str]:
        """The kinds of the tokens after the number."""
        return [tok.kind for tok in self.tail]

    @property
    def bare(self) -> bool:
        """Nothing after the number, and before it at most a sign."""
        return not self.tail and not (self.kinds_before - {"SIGN"})


Veto = Callable[[Reading], Candidate | None]


def date_in_tail(r: Reading) -> Candidate | None:
    """A date word closes the span (`6月`, `3日`): its numbers are a date. Unless a unit no date has
    ends the span's first part (`上调 50% 至 7 月 13 日`): that part is a figure, what follows the
    range word the date it lasts until."""
    if not any(tok.kind == "DATE" for tok in r.tail):
        return None
    dash = next((i for i, tok in enumerate(r.tokens) if tok.kind == "DASH"), None)
    if dash is not None and any(tok.kind in ("UNIT", "PCT") for tok in r.tokens[:dash]):
        return Candidate(tuple(r.tokens[:dash]), r.tokens[dash].start)
    return as_role(r.tokens, r.tail[-1].end, r.patterns.roles.get(r.tail[-1].text, "date"))


def ordinal_suffix_glued(r: Reading) -> Candidate | None:
    """Digits with an ordinal suffix glued on (`21st`, `3rd`): a place."""
    if not r.tail and r.kind == "NUM" and (suffix := ordinal_suffix(r.s, r.b, r.lexicon)):
        return Candidate((r.number._replace(end=r.b + suffix),), r.b + suffix, "ordinal")
    return None


def glued_to_letters_after(r: Reading) -> Candidate | None:
    """A span ending in a number glued to what follows it (`4o` of GPT-4o, `10:30`): part of a
    name, a clock time or a code, not a figure."""
    if r.tokens[-1].kind in NUMBERS and glued_after(r.s, r.end) and not _divided(r):
        return skip_glued(r.s, r.end, r.a)
    return None


def _divided(r: Reading) -> bool:
    """`$500/month`: a slash and a [per_slash] word after the figure divide it; no code."""
    if r.s[r.end : r.end + 1] != "/":
        return False
    word = r.s[r.end + 1 : r.end + 12].split()[0] if r.s[r.end + 1 : r.end + 2].strip() else ""
    return word.rstrip(".,;:!?)").lower() in r.lexicon.per_slash


def lone_number_word(r: Reading) -> Candidate | None:
    """An English number word that counts nothing (`the answer is three`), unless a sign or, for
    `a`/`an`, money after it makes it a figure (`minus one`, `a dollar`)."""
    if r.numeral is None:
        return None
    signed = "SIGN" in r.kinds_before  # "minus one": a sign makes any number word a figure
    if r.numeral.shape == "article" and money_after(list(r.tail), r.lexicon):
        signed = True  # "a dollar", "an euro": one of the currency
    if not signed and english_veto(r.s, r.a, r.b, r.numeral, r.body, r.lexicon.english_words):
        return lone_word(r.s, r.b, r.number, r.numeral, r.lexicon.english_words)
    return None


def bare_arabic_role(r: Reading) -> Candidate | None:
    """A bare Arabic number whose context gives it a role: a clock time, a list label, a citation."""
    if (
        r.kind == "NUM"
        and r.bare
        and (role := bare_role(r.s, r.a, r.b, "SIGN" in r.kinds_before, r.patterns))
    ):
        return as_role((r.number,), r.b, role)
    return None


def lone_chinese_numeral(r: Reading) -> Candidate | None:
    """A lone Chinese numeral character (`一体`, `三维`) is a word, not a figure, unless it stands
    alone as a number (`答案是四不是五`, `“一”`: [standing] in numerals.toml)."""
    if r.kind == "CNUM" and r.bare and len(r.number.text) == 1 and not stands_alone(r.s, r.a, r.b, r.lexicon):
        return Candidate((), r.resume)
    return None


def indefinite_article(r: Reading) -> Candidate | None:
    """`一个`, `一种`, `一个节点`: the indefinite article, not the count 1."""
    body = r.body
    if r.number.text not in r.lexicon.article or r.kinds_before or not body or body[0] != "CLS":
        return None
    counted = len(body) == 2 and any(
        role.kind == "UNIT" and role.payload.dimension == "count"
        for role in r.lexicon.tail.get(r.tail[1].text, ())
    )
    return Candidate((), r.end) if len(body) == 1 or counted else None


def date_or_year_range(r: Reading) -> Candidate | None:
    """`2025-01-02`, `(2018-24)`: a date or an abbreviated year range."""
    years = [tok for tok in r.tokens if tok.kind in NUMBERS]
    if is_year(r.number) and len(years) > 1 and r.body[0] == "DASH" and below(years[1], r.number):
        return as_role(years, r.end, "date" if len(years) > 2 else "year")
    return None


def years(r: Reading) -> Candidate | None:
    """`2025年`, `the 1990s`, `in 2019`, `2019-2025`: years; but `Elo 评分 2029` is a score."""
    numbers = [tok for tok in r.tokens if tok.kind in NUMBERS]
    if not all(is_year(tok) for tok in numbers) or r.kinds_before - {"FROM"}:
        return None
    units = [tok for tok in r.tail if tok.kind not in ("DASH", "NUM")]
    if units and units[0].kind == "UNIT" and units[0].text in ("年", "s"):
        return as_role(numbers, r.end, "year")
    if not units and not score_before(r.s, r.a, r.patterns):
        return as_role(numbers, r.end, "year")
    return None


def number_after_name(r: Reading) -> Candidate | None:
    """`RTX 5090`: a model number; `Gemini 2.5`, `Llama 3.1`: a version."""
    body = r.body
    unitless = "UNIT" not in body and "SCALE" not in body and not r.kinds_before
    if unitless and name_before(r.s, r.a, r.patterns):
        return as_role((r.number,), r.end, "version" if VERSION.fullmatch(r.number.text) else "identifier")
    return None


def version_word_after_name(r: Reading) -> Candidate | None:
    """`FSR 4`, `GeForce 3`, `GPT 4.1`: a version, not a figure."""
    if r.bare and r.kind == "NUM" and version_after_name(r.s, r.a, r.number.text):
        return as_role((r.number,), r.end, "version")
    return None


def version_and_size(r: Reading) -> Candidate | None:
    """`OLMo 1.7–7B`, `Llama 2–13B`: a name's version and its size."""
    if version_then_size(r.s, r.a, r.body, list(r.tail), set(r.kinds_before)):
        return as_role((r.number,), r.end, "version")
    return None


def processor_model_number(r: Reading) -> Candidate | None:
    """`Core i9 14900K`: a processor's model number, not 14,900 thousand."""
    sku = [(tok.kind, tok.text) for tok in r.tail] == [("SCALE", "K")]
    if sku and SKU_BEFORE.search(r.s, max(0, r.a - 24), r.a):
        return as_role((r.number,), r.end, "identifier")
    return None


def scale_letter_name(r: Reading) -> Candidate | None:
    """A number and a scale letter glued into a name (`5G`, `4G` networks: `names` of a [[scale]]
    in numerals.toml): an identifier, not five billion."""
    first = r.tail[0] if r.tail else None
    if first is not None and first.kind == "SCALE" and first.start == r.b:
        after = r.s[first.end : first.end + 1]
        if r.s[r.a : first.end] in r.lexicon.scale_names and not (after.isascii() and after.isalnum()):
            return as_role((r.number,), first.end, "identifier")
    return None


# Tried in order on every candidate span; the first that answers decides.
SHAPE_VETOES: tuple[tuple[str, Veto], ...] = (
    ("date_in_tail", date_in_tail),
    ("ordinal_suffix_glued", ordinal_suffix_glued),
    ("glued_to_letters_after", glued_to_letters_after),
    ("lone_number_word", lone_number_word),
    ("bare_arabic_role", bare_arabic_role),
    ("lone_chinese_numeral", lone_chinese_numeral),
    ("indefinite_article", indefinite_article),
    ("date_or_year_range", date_or_year_range),
    ("years", years),
    ("number_after_name", number_after_name),
    ("version_word_after_name", version_word_after_name),
    ("version_and_size", version_and_size),
    ("processor_model_number", processor_model_number),
    ("scale_letter_name", scale_letter_name),
)


def shape_veto(reading: Reading) -> tuple[str, Candidate] | None:
    """The first veto of `SHAPE_VETOES` that answers for the span, with its name, or None."""
    for name, veto in SHAPE_VETOES:
        found = veto(reading)
        if found is not None:
            return name, found
    return None
