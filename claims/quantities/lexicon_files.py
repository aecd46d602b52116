"""Reading the quantity lexicons (`grammars/lexicons/*.toml`) into one frozen `QuantityLexicon`: every
entry checked, every surface form a key of the `tail` table with the roles it can play."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

from claims.model import ROLES
from claims.quantities.lexicon import (
    QUALIFIER_KINDS,
    ROLE_ORDER,
    Checker,
    EnglishWords,
    QuantityLexicon,
    Role,
    SubUnit,
    UnitDef,
)


class _Tail:
    """Collects surface forms and their roles; a unit form may name one unit only."""

    def __init__(self) -> None:
        self.roles: dict[str, list[Role]] = {}
        self.words: set[str] = set()
        self.unit_owner: dict[str, str] = {}

    def add(self, form: str, role: Role, word: bool = False) -> None:
        key = form.lower() if word else form
        if word:
            self.words.add(key)
        self.roles.setdefault(key, [])
        if role not in self.roles[key]:
            self.roles[key].append(role)

    def add_unit(self, check: Checker, where: str, form: str, unit: UnitDef, word: bool = False) -> None:
        key = form.lower() if word else form
        owner = self.unit_owner.get(key)
        if owner is not None and owner != unit.id:
            raise check.fail(where, f"form {form!r} already belongs to {owner}")
        self.unit_owner[key] = unit.id
        self.add(form, Role("UNIT", unit), word)


def _lower_words(check: Checker, data: dict, key: str) -> frozenset[str]:
    """The `words` of table `key`, lower case (matched case-insensitively)."""
    return frozenset(w.lower() for w in check.strings(data.get(key, {}), "words", key))


def _subunits(
    check: Checker,
    data: Mapping[str, Any],
    parents: Mapping[str, UnitDef],
    subunits: dict[str, list[SubUnit]],
) -> None:
    for index, entry in enumerate(data.get("subunit", [])):
        where = f"subunit[{index}]"
        of = check.text(entry, "of", where)
        if of not in parents:
            raise check.fail(f"{where}.of", f"unknown unit {of!r}")
        sub = SubUnit(parents[of], check.decimal(entry, "factor", where), bool(entry.get("spoken", False)))
        for form in check.strings(entry, "forms", where, required=True):
            subunits.setdefault(form, []).append(sub)


def _units(directory: Path, tail: _Tail, subunits: dict[str, list[SubUnit]]) -> frozenset[str]:
    path = directory / "units.toml"
    check = Checker(path)
    data = check.data
    modifiers = check.strings(data.get("modifiers", {}), "forms", "modifiers")
    for form in modifiers:
        tail.add(form, Role("MOD"))
    seen: set[str] = set()
    parents: dict[str, UnitDef] = {}
    for index, entry in enumerate(check.entries(data, "unit")):
        where = f"unit[{index}]"
        unit_id = check.text(entry, "id", where)
        if unit_id in seen:
            raise check.fail(f"{where}.id", f"duplicate id {unit_id!r}")
        seen.add(unit_id)
        unit = UnitDef(
            unit_id,
            check.text(entry, "dimension", where),
            check.text(entry, "unit", where),
            check.decimal(entry, "factor", where),
            bool(entry.get("modifier", False)),
            bool(entry.get("tenths", False)),
            bool(entry.get("decimals", False)),
            *check.frame(entry, where),
        )
        forms = check.strings(entry, "forms", where)
        words = check.strings(entry, "words", where)
        if not forms and not words:
            raise check.fail(where, "needs at least one of forms, words")
        for form in forms:
            tail.add_unit(check, f"{where}.forms", form, unit)
        for form in words:
            tail.add_unit(check, f"{where}.words", form, unit, word=True)
        parents[unit_id] = unit
    _subunits(check, data, parents, subunits)
    return frozenset(check.strings(data.get("shown", {}), "dimensions", "shown"))


def _currencies(
    directory: Path,
    tail: _Tail,
    subunits: dict[str, list[SubUnit]],
    final: set[str],
    generic: set[str],
    final_after: list[str],
) -> dict[str, str]:
    path = directory / "currencies.toml"
    check = Checker(path)
    data = check.data
    prefix: dict[str, str] = {}
    parents: dict[str, UnitDef] = {}
    for index, entry in enumerate(check.entries(data, "currency")):
        where = f"currency[{index}]"
        code = check.text(entry, "code", where)
        if len(code) != 3 or not code.isupper():
            raise check.fail(f"{where}.code", f"not an ISO 4217 code: {code!r}")
        unit = UnitDef(code, "currency", code, Decimal(1))
        parents[code] = unit
        for form in check.strings(entry, "suffix", where):
            tail.add_unit(check, f"{where}.suffix", form, unit)
        spoken = UnitDef(code, "currency", code, Decimal(1), decimals=True)  # 二十块五: 20.5 元
        for form in check.strings(entry, "final", where):
            tail.add_unit(check, f"{where}.final", form, spoken)
            final.add(form)
        for form in check.strings(entry, "words", where):
            tail.add_unit(check, f"{where}.words", form, unit, word=True)
        minor = check.strings(entry, "minor", where)
        minor_words = check.strings(entry, "minor_words", where)
        if minor or minor_words:  # 45 cents = 0.45 USD
            subunit = UnitDef(f"{code} minor", "currency", code, check.decimal(entry, "minor_factor", where))
            for form in minor:
                tail.add_unit(check, f"{where}.minor", form, subunit)
            for form in minor_words:
                tail.add_unit(check, f"{where}.minor_words", form, subunit, word=True)
        millions = UnitDef(f"{code} million", "currency", code, Decimal("1e6"))
        for form in check.strings(entry, "millions", where):  # 30 MUSD = 30 million USD
            tail.add_unit(check, f"{where}.millions", form, millions)
        for form in check.strings(entry, "prefix", where):
            if prefix.get(form, code) != code:
                raise check.fail(f"{where}.prefix", f"form {form!r} already belongs to {prefix[form]}")
            prefix[form] = code
            tail.add(form, Role("CURPRE", code))
    _subunits(check, data, parents, subunits)
    generic.update(check.strings(data.get("generic", {}), "forms", "generic"))
    final_after.extend(check.strings(data.get("final_after", {}), "forms", "final_after"))
    return prefix


def _qualifiers(directory: Path, tail: _Tail) -> tuple[dict[str, str], dict[str, tuple[str, ...]], set[str]]:
    path = directory / "qualifiers.toml"
    check = Checker(path)
    data = check.data
    before: dict[str, str] = {}
    guard: dict[str, tuple[str, ...]] = {}
    only: set[str] = set()
    for index, entry in enumerate(check.entries(data, "qualifier")):
        where = f"qualifier[{index}]"
        check.text(entry, "id", where)
        kind = check.text(entry, "kind", where)
        if kind not in QUALIFIER_KINDS:
            raise check.fail(f"{where}.kind", f"unknown kind {kind!r} (one of {', '.join(QUALIFIER_KINDS)})")
        not_after = tuple(check.strings(entry, "not_after", where))
        multiplier_only = entry.get("multiplier_only", False)
        if not isinstance(multiplier_only, bool):
            raise check.fail(f"{where}.multiplier_only", "must be true or false")
        for form in check.strings(entry, "before", where):
            before[form] = kind
            guard[form] = not_after
            if multiplier_only:
                only.add(form)
        for form in check.strings(entry, "words", where):
            before[form.lower()] = kind
        for form in check.strings(entry, "after", where):
            tail.add(form, Role("POSTQ", kind))
        for form in check.strings(entry, "words_after", where):
            tail.add(form, Role("POSTQ", kind), word=True)
        for form in check.strings(entry, "inside", where):
            tail.add(form, Role("MORE", kind))
    return before, guard, only


def _numeral_table(check: Checker, data: Mapping[str, Any], key: str) -> dict[str, int]:
    table = data.get(key)
    if not isinstance(table, dict) or not table:
        raise check.fail(key, "missing table")
    out = {}
    for form, raw in table.items():
        if not isinstance(raw, str) or not raw.isdigit():
            raise check.fail(f"{key}.{form}", f"value must be a string of digits, got {raw!r}")
        out[form] = int(raw)
    return out


def _english_words(check: Checker, data: Mapping[str, Any]) -> EnglishWords:
    """The [english*] tables of numerals.toml; every key lower case."""
    several: dict[str, Decimal] = {}
    for index, entry in enumerate(data.get("english_several", [])):
        where = f"english_several[{index}]"
        value = check.decimal(entry, "value", where)
        for word in check.strings(entry, "words", where, required=True):
            several[word.lower()] = value
    groups: dict[str, tuple[Decimal, str]] = {}
    for index, entry in enumerate(data.get("english_group", [])):
        where = f"english_group[{index}]"
        value = check.decimal(entry, "value", where)
        kind = check.text(entry, "kind", where)
        if kind not in (*QUALIFIER_KINDS, "exact"):
            raise check.fail(
                f"{where}.kind", f"unknown kind {kind!r} (exact or one of {', '.join(QUALIFIER_KINDS)})"
            )
        for word in check.strings(entry, "words", where, required=True):
            groups[word.lower()] = (value, kind)

    return EnglishWords(
        cardinals=MappingProxyType({w.lower(): v for w, v in _numeral_table(check, data, "english").items()}),
        fractions=MappingProxyType(
            {w.lower(): v for w, v in _numeral_table(check, data, "english_fractions").items()}
        ),
        several=MappingProxyType(several),
        groups=MappingProxyType(groups),
        article=_lower_words(check, data, "english_article"),
        not_counted=_lower_words(check, data, "english_not_counted"),
        fraction_not_after=_lower_words(check, data, "fraction_not_after"),
        fraction_not_before=tuple(
            sorted(_lower_words(check, data, "fraction_not_before"), key=len, reverse=True)
        ),
        fraction_after=_lower_words(check, data, "fraction_after"),
        ordinal_suffixes=tuple(_lower_words(check, data, "english_ordinal_suffixes")),
        negative=_lower_words(check, data, "english_negative"),
        ordinals=MappingProxyType(
            {w.lower(): v for w, v in _numeral_table(check, data, "english_ordinals").items()}
        ),
        point=_lower_words(check, data, "english_point"),
    )


def load_lexicon(directory: Path) -> QuantityLexicon:
    """Read and check every lexicon file under `directory` (grammars/lexicons)."""
    tail = _Tail()
    subunits: dict[str, list[SubUnit]] = {}
    final: set[str] = set()
    generic: set[str] = set()
    final_after: list[str] = []
    shown = _units(directory, tail, subunits)
    currency_prefix = _currencies(directory, tail, subunits, final, generic, final_after)
    before, guard, multiplier_only = _qualifiers(directory, tail)

    path = directory / "numerals.toml"
    check = Checker(path)
    data = check.data
    data_numerals, check_numerals = data, check
    digits = _numeral_table(check, data, "digits")
    cn_units = _numeral_table(check, data, "units")
    percent = _numeral_table(check, data, "percent")
    scale_names: set[str] = set()
    for index, entry in enumerate(check.entries(data, "scale")):
        where = f"scale[{index}]"
        value = check.decimal(entry, "value", where)
        forms, words = check.strings(entry, "forms", where), check.strings(entry, "words", where)
        if not forms and not words:
            raise check.fail(where, "needs at least one of forms, words")
        scale_names.update(check.strings(entry, "names", where))
        for form in forms:
            tail.add(form, Role("SCALE", (value, bool(entry.get("model_size", False)))))
        for form in words:
            tail.add(form, Role("SCALE", (value, False)), word=True)
    points = frozenset(check.strings(data.get("decimal", {}), "forms", "decimal", required=True))
    fraction_marks = tuple(check.strings(data.get("fraction", {}), "forms", "fraction"))
    negative = frozenset(check.strings(data.get("negative", {}), "forms", "negative"))
    halves = frozenset(check.strings(data.get("half", {}), "forms", "half"))
    for form in halves:
        tail.add(form, Role("HALF"))
    half_not_after = frozenset(check.strings(data.get("half", {}), "not_after", "half"))
    idioms = tuple(check.strings(data.get("idioms", {}), "forms", "idioms"))
    not_after = tuple(check.strings(data.get("not_after", {}), "forms", "not_after"))
    multiples: dict[str, Decimal] = {}
    multiple_words: set[str] = set()
    for index, entry in enumerate(check.entries(data, "multiple")):
        where = f"multiple[{index}]"
        value = check.decimal(entry, "value", where)
        for form in check.strings(entry, "forms", where):
            multiples[form] = value
        for word in check.strings(entry, "words", where):
            multiples[word.lower()] = value
            multiple_words.add(word.lower())
    multiple_guard = tuple(check.strings(data.get("multiple_guard", {}), "words", "multiple_guard"))
    english_words = _english_words(check, data)
    respelled = check.respellings(data, frozenset(digits) | frozenset(cn_units))

    path = directory / "counts.toml"
    check = Checker(path)
    data = check.data
    count = UnitDef("count", "count", "count", Decimal(1))
    for form in check.strings(data.get("classifiers", {}), "forms", "classifiers", required=True):
        tail.add(form, Role("CLS"))
    nouns = data.get("nouns", {})
    for form in check.strings(nouns, "forms", "nouns"):
        tail.add_unit(check, "nouns.forms", form, count)
    for form in check.strings(nouns, "words", "nouns"):
        tail.add_unit(check, "nouns.words", form, count, word=True)
    sized = _lower_words(check, data, "sized")

    path = directory / "contexts.toml"
    check = Checker(path)
    data = check.data
    for form in check.strings(data.get("date_after", {}), "forms", "date_after"):
        tail.add(form, Role("DATE"))
    for form in check.strings(data.get("stop_after", {}), "forms", "stop_after"):
        tail.add(form, Role("STOP"))
    ranges = data.get("range", {})
    for form in check.strings(ranges, "forms", "range", required=True):
        tail.add(form, Role("DASH"))
    for form in check.strings(ranges, "words", "range"):
        tail.add(form, Role("DASH"), word=True)
    for form in check.strings(ranges, "and", "range"):
        tail.add(form, Role("AND"), word=True)
    for form in ("×", "x", "X", "*"):
        tail.add(form, Role("TIMES"))
    for form in check.strings(data.get("over", {}), "words", "over"):
        tail.add(form, Role("OVER"), word=True)
    per = data.get("per_time", {})
    fractions = data_numerals.get("fraction", {})
    roles = data.get("roles", {})
    if not isinstance(roles, dict):
        raise check.fail("roles", "must be a table of form = role")
    for form, role in roles.items():
        if role not in ROLES or role == "cardinal":
            raise check.fail(f"roles.{form}", f"unknown role {role!r} (one of {', '.join(ROLES[1:])})")
    return QuantityLexicon(
        tail=MappingProxyType(
            {
                form: tuple(sorted(roles, key=lambda role: ROLE_ORDER.index(role.kind)))
                for form, roles in tail.roles.items()
            }
        ),
        words=frozenset(tail.words),
        before=MappingProxyType(before),
        before_guard=MappingProxyType(guard),
        before_multiplier_only=frozenset(multiplier_only),
        currency_prefix=MappingProxyType(currency_prefix),
        percent_prefix=MappingProxyType(percent),
        digits=MappingProxyType(digits),
        cn_units=MappingProxyType(cn_units),
        points=points,
        fraction_marks=fraction_marks,
        negative=negative,
        idioms=idioms,
        article=frozenset(check.strings(data_numerals.get("article", {}), "forms", "article")),
        english=MappingProxyType(
            {w.lower(): v for w, v in _numeral_table(check_numerals, data_numerals, "english").items()}
        ),
        not_after=not_after,
        names=tuple(check.strings(data.get("names", {}), "forms", "names")),
        name_suffixes=frozenset(check.strings(data.get("name_suffixes", {}), "forms", "name_suffixes")),
        months=frozenset(m.lower() for m in check.strings(data.get("months", {}), "words", "months")),
        date_before=tuple(check.strings(data.get("date_before", {}), "forms", "date_before")),
        range_from=frozenset(f.lower() for f in check.strings(ranges, "from", "range")),
        per_time=tuple(check.strings(per, "forms", "per_time")),
        per_slash=_lower_words(check, data, "per_slash"),
        per_verbs=tuple(check.strings(per, "verbs", "per_time")),
        score_words=tuple(check.strings(data.get("score_words", {}), "forms", "score_words")),
        ratio_words=_lower_words(check, data, "ratio_words"),
        count_unit=count,
        english_words=english_words,
        multiples=MappingProxyType(multiples),
        multiple_words=frozenset(multiple_words),
        multiple_guard=multiple_guard,
        spaced=frozenset(check_numerals.strings(data_numerals.get("spaced", {}), "forms", "spaced")),
        zeros=frozenset(char for char, value in digits.items() if value == 0),
        shown=shown,
        halves=halves,
        half_not_after=half_not_after,
        subunits=MappingProxyType({form: tuple(subs) for form, subs in subunits.items()}),
        final_units=frozenset(final),
        sized=sized,
        final_after=tuple(final_after),
        generic_currency=frozenset(generic),
        mixed=tuple(check_numerals.strings(data_numerals.get("mixed", {}), "forms", "mixed")),
        fraction_slash=tuple(check_numerals.strings(fractions, "slash", "fraction")),
        slash_words=frozenset(
            check_numerals.strings(data_numerals.get("fraction", {}), "slash_words", "fraction")
        ),
        roles=MappingProxyType(dict(roles)),
        respelled=MappingProxyType(respelled),
        standing=check_numerals.standing(data_numerals),
        scale_names=frozenset(scale_names),
        metre_after=_lower_words(check, data, "metre_after"),
        million_after=_lower_words(check, data, "million_after"),
        not_one_after_article=_lower_words(check, data, "not_one_after_article"),
    )
