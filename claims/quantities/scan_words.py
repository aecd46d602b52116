"""English around a number: a minor part of money after it (`3 dollars 50 cents`), a part joined
by `and`, the word that says what a number counts, a lone number word that counts nothing, an
ordinal suffix (`21st`), the fractions and mixed numbers written with a slash or 又, and a fraction of
a scale (`two thirds of a million`)."""

from __future__ import annotations

import re

from claims.quantities.english_numerals import EnglishNumeral, longest_english, parse_english
from claims.quantities.lexicon import EnglishWords, QuantityLexicon
from claims.quantities.numerals import longest_numeral
from claims.quantities.patterns import NUMBER, Patterns
from claims.quantities.scan_context import glued_after
from claims.quantities.shapes import number_at, slash_at
from claims.quantities.tokens import NEXT_WORD, PREVIOUS_WORD, Candidate, Tok, ascii_alnum

_GROWN = frozenset({"SCALE", "UNIT", "DASH", "AND", "POSTQ", "OVER"})  # what makes any numeral a figure
_WORD_AT = re.compile(r"\s*([A-Za-z]+)")
ARABIC = re.compile(NUMBER)
_OF_A = re.compile(r"[ \t]+of[ \t]+an?[ \t]+(?=([A-Za-z]+))", re.IGNORECASE)
_HUNDRED_AND = re.compile(r"(.+?)[ \t-]+(hundred)[ \t]+(and)[ \t]+(.+)", re.IGNORECASE)
_MIXED_GAP = re.compile(r" {1,2}(?=\d)")  # between a whole number and its fraction (2  1/4)
_PER_HUNDRED = 100


def minor_after(s: str, p: int, unit: Tok, lexicon: QuantityLexicon, patterns: Patterns) -> bool:
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
    if glued_after(s, end):
        return False  # "10 turkish lira 11a": a code follows
    after = patterns.tail.match(s, end)
    if after is not None and after.lastgroup == "f":
        roles = lexicon.tail.get(after.group("f")) or lexicon.tail.get(after.group("f").lower(), ())
        return any(r.kind == "UNIT" and r.payload.unit == major.unit and r.payload.factor < 1 for r in roles)
    return not _counted_after(s, end, lexicon.english_words) and (after is None or after.lastgroup == "f")


def joined_part(s: str, p: int, scale: str, lexicon: QuantityLexicon, patterns: Patterns) -> bool:
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


def _counted_after(s: str, b: int, tables: EnglishWords) -> bool:
    """A noun right after a number word ("three sizes", "ten LLMs"), not a function word ("one of",
    "three is") nor a capitalised name ("Two Sigma")."""
    m = NEXT_WORD.match(s, b)
    if m is None:
        return False
    word = m.group(1)
    if not (word[0].islower() or (len(word) > 1 and word[1].isupper())):
        return False
    return word.lower() not in tables.not_counted


def english_veto(
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
    if s[a:b].lower() == "half" or numeral.hyphenated or _share_after(s, a, tables):
        return False
    return not (rest.startswith("of") and not rest[2:3].isalpha())


def _share_after(s: str, a: int, tables: EnglishWords) -> bool:
    """A fraction right after a [fraction_after] word is a share: "cut by a third"."""
    previous = PREVIOUS_WORD.search(s, max(0, a - 24), a)
    return previous is not None and previous.group(1).lower() in tables.fraction_after


def _period_fraction(s: str, a: int, b: int, tables: EnglishWords) -> bool:
    """A fraction word that names part of a period or a place, not a share: "the first half",
    "the other half", "a quarter earlier", "half time"."""
    previous = PREVIOUS_WORD.search(s, max(0, a - 24), a)
    if previous is not None and previous.group(1).lower() in tables.fraction_not_after:
        return True
    rest = s[b : b + 16].lower().lstrip()
    return any(
        rest.startswith(word) and not rest[len(word) : len(word) + 1].isalpha()
        for word in tables.fraction_not_before
    )


def lone_number_word(s: str, a: int, b: int, lexicon: QuantityLexicon) -> bool:
    """`s[a:b]` is an English number word that stands alone: one cardinal word that counts no
    noun ("the answer is three", "three other sets"), or a fraction neither hyphenated nor before
    "of" ("cut by two thirds")."""
    numeral = parse_english(s[a:b], lexicon.english_words)
    return (
        numeral is not None
        and numeral.shape in ("word", "fraction")
        and english_veto(s, a, b, numeral, [], lexicon.english_words)
    )


def lone_word(s: str, b: int, number: Tok, numeral: EnglishNumeral, tables: EnglishWords) -> Candidate:
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
    following = NEXT_WORD.match(s, b)
    if following is not None and following.group(1)[0].isupper():
        return Candidate((number,), b, "identifier")
    return Candidate((number,), b)


def fraction_at(s: str, a: int, b: int, lexicon: QuantityLexicon) -> int | None:
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
    digits = ARABIC.match(s, q)
    if digits is not None:
        return digits.end()
    run = q
    numeral_chars = lexicon.digits.keys() | lexicon.cn_units.keys() | lexicon.points
    while run < len(s) and s[run] in numeral_chars:
        run += 1
    valid = longest_numeral(s[q:run], lexicon.digits, lexicon.cn_units, lexicon.points) if run > q else None
    return q + len(valid[0]) if valid else None


def mixed_at(s: str, b: int, lexicon: QuantityLexicon) -> int | None:
    """Where a mixed number ends when a whole number ends at `b`: 又 and a fraction (1又1/2,
    十一又十四分之一), or a space or two and a slash fraction (1 3/5, 2  1/4); None when none follows."""
    mix = next((form for form in lexicon.mixed if s.startswith(form, b)), None)
    if mix is not None:
        q = b + len(mix)
        while q < len(s) and s[q] in " \t":
            q += 1
    elif s[b : b + 1] == " " and (gap := _MIXED_GAP.match(s, b)) is not None:
        q = gap.end()
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
    return fraction_at(s, q, number[2], lexicon)


def scale_after_of(s: str, b: int, lexicon: QuantityLexicon) -> int:
    """Where the tail of a fraction ending at `b` goes on: after "of a" when a scale word follows
    ("two thirds of a million" is two thirds of the million), else at `b`."""
    m = _OF_A.match(s, b)
    if m is not None and any(role.kind == "SCALE" for role in lexicon.tail.get(m.group(1).lower(), ())):
        return m.end()
    return b


def small_scale_split(number: Tok, tail: list[Tok], lexicon: QuantityLexicon) -> list[Tok] | None:
    """An English numeral "X hundred and Y" before a scale below a hundred ("three hundred and two
    dozens"), as the tokens of X hundred and Y: the scale counts the Y only (300 and 24), as
    "two thousand and two hundred" sums its parts. None for any other numeral."""
    if not tail or tail[0].kind != "SCALE" or not number.text[:1].isalpha():
        return None
    roles = lexicon.tail.get(tail[0].text) or lexicon.tail.get(tail[0].text.lower(), ())
    if not any(role.kind == "SCALE" and role.payload[0] < _PER_HUNDRED for role in roles):
        return None
    m = _HUNDRED_AND.fullmatch(number.text)
    if m is None:
        return None
    at = number.start
    kinds = ("NUM", "SCALE", "JOIN", "NUM")
    return [Tok(kind, m.group(g), at + m.start(g), at + m.end(g)) for g, kind in enumerate(kinds, 1)]


def ordinal_suffix(s: str, b: int, lexicon: QuantityLexicon) -> int:
    """The length of an ordinal suffix glued to the digits ending at `b` (21st, 3rd), else 0."""
    for suffix in lexicon.english_words.ordinal_suffixes:
        end = b + len(suffix)
        if s[b:end].lower() == suffix and not ascii_alnum(s[end : end + 1]):
            return len(suffix)
    return 0


def next_word(s: str, p: int) -> str:
    """The Latin word starting at `p` after spaces, or ''."""
    m = _WORD_AT.match(s, p)
    return m.group(1) if m else ""


def below(second: Tok, first: Tok) -> bool:
    try:
        return float(second.text.replace(",", "")) < float(first.text)
    except ValueError:
        return False
