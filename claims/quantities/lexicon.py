"""The quantity lexicons as one frozen `QuantityLexicon` (read by `claims.quantities.lexicon_files`
from `grammars/lexicons/*.toml`), its records, and the checker that names the spot of a mistake.

Every surface form becomes a key of one lookup table, `tail`, mapping it to the roles it can play
after a number (scale, unit, qualifier, range joiner …); the scanner picks the role the context
allows. A malformed entry raises `ResourceError` naming `file: entry[i].field: what`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from claims.errors import ResourceError
from claims.quantities.intervals import QUALIFIER_OF_KIND
from claims.text.tomlfile import read_toml

# When a form has several roles, the scanner tries them in this order (多: a MORE inside "10多亿"
# before a POSTQ after a unit; ×: a TIMES of 256×256 before the ratio unit of "2×").
ROLE_ORDER = (
    "SCALE",
    "MORE",
    "TIMES",
    "UNIT",
    "CLS",
    "HALF",
    "MOD",
    "CURPRE",
    "DASH",
    "AND",
    "POSTQ",
    "DATE",
    "STOP",
    "OVER",
)
LEXICON_FILES = ("units", "currencies", "qualifiers", "numerals", "counts", "contexts")
# The kinds a qualifier word may have: every kind the interval table knows, but for the two a
# figure gets without a word (exact, range).
QUALIFIER_KINDS = tuple(kind for kind in QUALIFIER_OF_KIND if kind not in ("exact", "range"))


@dataclass(frozen=True, slots=True)
class UnitDef:
    """A unit a number can carry: value in `unit` = stated value × `factor`."""

    id: str
    dimension: str
    unit: str
    factor: Decimal
    modifier: bool = False
    tenths: bool = False  # 85折 = 8.5折: two whole digits before the unit are a digit and its tenth
    decimals: bool = False  # 七成六 = 7.6成: Chinese digits right after the unit are its decimals
    # A video frame's height in lines (`1080p`): its pixels are the lines times the width at this
    # aspect (16:9), rounded up to an even count (480p is 854 × 480); only the standard `heights`.
    aspect: Decimal | None = None
    heights: frozenset[Decimal] = frozenset()


@dataclass(frozen=True, slots=True)
class SubUnit:
    """A smaller unit summed with the figure in `parent` before it (4斤3两, 56元7角8分)."""

    parent: UnitDef
    factor: Decimal  # its value in the parent unit
    spoken: bool = False  # may open a figure before spoken decimals (三毛五)

    def unit(self) -> UnitDef:
        """The subunit as a unit of its own: 毛 is 0.1 CNY."""
        p = self.parent
        return UnitDef(p.id, p.dimension, p.unit, p.factor * self.factor, decimals=True)


@dataclass(frozen=True, slots=True)
class Role:
    """One meaning of a surface form after a number: a grammar terminal and what it carries."""

    kind: str  # SCALE MORE POSTQ UNIT CLS MOD DASH AND CURPRE DATE TIMES STOP
    payload: Any = None


@dataclass(frozen=True, slots=True)
class EnglishWords:
    """The English numeral tables of numerals.toml, all keys lower case."""

    cardinals: Mapping[str, int]  # one -> 1 … ninety -> 90, hundred -> 100
    fractions: Mapping[str, int]  # denominator words: third -> 3, quarters -> 4
    several: Mapping[str, Decimal]  # plural magnitudes: dozens -> 12, hundreds -> 100
    groups: Mapping[str, tuple[Decimal, str]]  # couple -> (2, approx)
    article: frozenset[str]  # one: alone before a noun it is the indefinite article
    not_counted: frozenset[str]  # words after a lone number word that make it no count
    fraction_not_after: frozenset[str]  # the first half, the other half
    fraction_not_before: tuple[str, ...]  # a quarter earlier
    fraction_after: frozenset[str] = frozenset()  # by: "cut by a third" is a share
    ordinal_suffixes: tuple[str, ...] = ()  # st nd rd th: glued to digits, an ordinal (21st)
    negative: frozenset[str] = frozenset()  # minus, negative: a sign written as a word
    ordinals: Mapping[str, int] = field(
        default_factory=dict
    )  # first -> 1 … hundredth -> 100 (singular forms)
    point: frozenset[str] = frozenset()  # point: the decimal point written as a word


@dataclass(frozen=True, slots=True)
class QuantityLexicon:
    """Everything the scanner and the grammar's transformer look up, checked and frozen."""

    tail: Mapping[str, tuple[Role, ...]]  # exact forms; English words under their lower case
    words: frozenset[str]  # the lower-cased keys of `tail` matched case-insensitively
    before: Mapping[str, str]  # qualifier form written before a number -> kind
    before_guard: Mapping[str, tuple[str, ...]]  # form -> characters that may not precede it
    before_multiplier_only: frozenset[str]  # forms that qualify only 十/百/千/万/亿-led numerals
    currency_prefix: Mapping[str, str]  # $ -> USD
    percent_prefix: Mapping[str, int]  # 百分之 -> 100
    digits: Mapping[str, int]
    cn_units: Mapping[str, int]
    points: frozenset[str]
    fraction_marks: tuple[str, ...]  # 分之: between a fraction's denominator and its numerator
    negative: frozenset[str]
    idioms: tuple[str, ...]
    article: frozenset[str]
    english: Mapping[str, int]  # English number words, lower case
    not_after: tuple[str, ...]
    names: tuple[str, ...]
    name_suffixes: frozenset[str]
    months: frozenset[str]
    date_before: tuple[str, ...]
    range_from: frozenset[str]
    per_time: tuple[str, ...]
    per_verbs: tuple[str, ...]
    score_words: tuple[str, ...]
    count_unit: UnitDef
    english_words: EnglishWords  # English numeral tables (claims.quantities.english_numerals)
    multiples: Mapping[str, Decimal] = field(default_factory=dict)  # 翻倍 / doubled -> 2; words lower case
    multiple_words: frozenset[str] = frozenset()  # the keys of `multiples` matched as English words
    multiple_guard: tuple[str, ...] = ()  # what may not follow an English multiple word
    ratio_words: frozenset[str] = frozenset()  # capitalised words after `×` that keep it a ratio, lower case
    spaced: frozenset[str] = frozenset()  # characters read as one figure with numerals across spaces
    subunits: Mapping[str, tuple[SubUnit, ...]] = field(default_factory=dict)  # 角 -> 0.1 CNY …
    final_units: frozenset[str] = frozenset()  # 块: the currency only at a phrase end or before a subunit
    final_after: tuple[
        str, ...
    ] = ()  # 花费, 售价: before the number, a `final` form at a phrase end is money
    generic_currency: frozenset[str] = frozenset()  # 元: follows any currency named before the figure
    mixed: tuple[str, ...] = ()  # 又: joins a whole number and a fraction or subunit after it
    fraction_slash: tuple[str, ...] = ()  # / between a numerator and a denominator (2/3)
    slash_words: frozenset[str] = frozenset()  # 24/7, 50/50: written with a slash, no fraction
    zeros: frozenset[str] = frozenset()  # the Chinese digits of value 0 (零 〇)
    shown: frozenset[str] = frozenset()  # dimensions whose figures keep the unit written (time)
    sized: frozenset[str] = frozenset()  # `7B models`: nouns a letter-scaled figure sizes, lower case
    per_slash: frozenset[str] = frozenset()  # `$500/month`: words after a slash that divide a figure
    halves: frozenset[str] = frozenset()  # 半: a half after a unit (一年半), or one before it (半年)
    half_not_after: frozenset[str] = frozenset()  # 上半年: characters before 半 that make it no figure
    roles: Mapping[str, str] = field(default_factory=dict)  # context form -> the role of its number
    metre_after: frozenset[str] = frozenset()  # words after `6m` that make it metres ("long"), lower case
    million_after: frozenset[str] = frozenset()  # words after `a 6m` that keep it a million ("budget")
    not_one_after_article: frozenset[str] = frozenset()  # "a pound": no figure of one (a weight too)
    respelled: Mapping[str, str] = field(default_factory=dict)  # 半百 -> 五十: a numeral written as a word
    standing: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())  # 是 五 不是: a lone numeral between them
    scale_names: frozenset[str] = frozenset()  # 5G: a number and its scale letter written as a name


class Checker:
    """Reads one lexicon file (through `claims.text.tomlfile`, like every resource) and its fields,
    raising `ResourceError` at `path:line: entry: what is wrong`."""

    def __init__(self, path: Path) -> None:
        self.toml = read_toml(path)
        self.path = self.toml.path
        self.data = self.toml.data

    def fail(self, where: str, what: str) -> ResourceError:
        return self.toml.error(where, what)

    def strings(self, table: Mapping[str, Any], key: str, where: str, required: bool = False) -> list[str]:
        value = table.get(key, [])
        if required and not value:
            raise self.fail(f"{where}.{key}", "missing or empty")
        if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
            raise self.fail(f"{where}.{key}", "must be a list of non-empty strings")
        return value

    def text(self, table: Mapping[str, Any], key: str, where: str) -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value:
            raise self.fail(f"{where}.{key}", "missing or not a string")
        return value

    def decimal(self, table: Mapping[str, Any], key: str, where: str) -> Decimal:
        raw = self.text(table, key, where)
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise self.fail(f"{where}.{key}", f"not a decimal number: {raw!r}") from None
        if not value.is_finite() or value <= 0:
            raise self.fail(f"{where}.{key}", f"must be a positive number: {raw!r}")
        return value

    def frame(self, entry: Mapping[str, Any], where: str) -> tuple[Decimal | None, frozenset[Decimal]]:
        """A frame unit's `aspect` ("16:9", width over height) and standard `heights` in lines; both
        or neither (None and no heights for any other unit)."""
        raw, heights = entry.get("aspect"), entry.get("heights", [])
        if not isinstance(heights, list) or not all(isinstance(h, int) and h > 0 for h in heights):
            raise self.fail(f"{where}.heights", "must be a list of positive whole numbers")
        if (raw is None) == bool(heights):
            raise self.fail(f"{where}.heights", "a frame unit needs both aspect and heights")
        if raw is None:
            return None, frozenset()
        parts = raw.split(":") if isinstance(raw, str) else []
        if len(parts) != 2 or not all(p.isdigit() and int(p) > 0 for p in parts):
            raise self.fail(f"{where}.aspect", f"must be width:height in whole numbers: {raw!r}")
        return Decimal(parts[0]) / Decimal(parts[1]), frozenset(Decimal(h) for h in heights)

    def respellings(self, data: Mapping[str, Any], numerals: frozenset[str]) -> dict[str, str]:
        """The [respelled] table: each word -> the numeral of the same length it is read as, made of
        `numerals` and the characters of the word it keeps (打对折 -> 打五折)."""
        table = data.get("respelled", {})
        for form, spelled in table.items():
            where = f"respelled.{form}"
            if not isinstance(spelled, str) or len(spelled) != len(form):
                raise self.fail(where, "must be a string of the same length as the word")
            if not any(char in numerals for char in spelled):
                raise self.fail(where, f"{spelled!r} holds no numeral")
        return dict(table)

    def standing(self, data: Mapping[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The [standing] table: what stands before and after a lone numeral that is a number."""
        table = data.get("standing", {})
        return tuple(self.strings(table, "before", "standing")), tuple(
            self.strings(table, "after", "standing")
        )

    def entries(self, data: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
        value = data.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(e, dict) for e in value):
            raise self.fail(key, f"expected one or more [[{key}]] tables")
        return value
