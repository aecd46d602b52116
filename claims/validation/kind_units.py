"""The units each claim kind allows (`data/kind_units.toml`) and the ISO 4217 codes: read by the
schema's checks and by the extractor, which never writes a row the schema would reject."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from claims.errors import ResourceError
from claims.model import KINDS, PERCENT_SCORE_RANGE
from claims.resources import PACKAGE_DIR
from claims.text.tomlfile import read_toml

DATA_DIR = PACKAGE_DIR / "data"


@dataclass(frozen=True, slots=True)
class UnitRules:
    """The units each kind allows, read from `kind_units.toml`, and the ISO 4217 codes."""

    canonical: tuple[str, ...]
    by_kind: Mapping[str, tuple[str, ...]]  # explicit units per kind
    currency_kinds: tuple[str, ...]  # kinds whose list holds `@currency`
    currencies: frozenset[str]  # ISO 4217 codes, current and withdrawn

    def allows(self, kind: str, unit: str) -> bool:
        """Whether a claim of `kind` may carry `unit` (the `unit_allowed_for_kind` check).

        >>> rules = unit_rules()
        >>> rules.allows("price", "EUR"), rules.allows("price", "params"), rules.allows("speedup", "x")
        (True, False, True)
        """
        if unit in self.by_kind.get(kind, ()):
            return True
        return kind in self.currency_kinds and self.is_currency_shaped(unit)

    def is_currency_shaped(self, unit: str) -> bool:
        return len(unit) == 3 and unit.isascii() and unit.isupper() and unit not in self.canonical


def read_iso4217(path: Path) -> frozenset[str]:
    """The codes of an `iso4217.txt`-style file (`CODE  status  name` lines, `#` comments)."""
    codes = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        code = text.split()[0]
        if len(code) != 3 or not code.isascii() or not code.isupper():
            raise ResourceError(f"not a currency code: {code!r}", path=str(path), line=number)
        codes.add(code)
    return frozenset(codes)


def read_kind_units(path: Path, currencies: frozenset[str]) -> UnitRules:
    """Load `kind_units.toml` (its header documents the format); a bad entry names the spot."""
    toml = read_toml(path)
    data = toml.data
    canonical = tuple(data.get("canonical", ()))
    by_kind: dict[str, tuple[str, ...]] = {}
    currency_kinds = []
    for kind, units in data.get("kinds", {}).items():
        if kind not in KINDS:
            raise toml.error(f"kinds.{kind}", "unknown kind", hint=", ".join(KINDS))
        explicit = []
        for unit in units:
            if unit == "@currency":
                currency_kinds.append(kind)
            elif unit == "@canonical":
                explicit.extend(canonical)
            elif unit.startswith("@"):
                raise toml.error(f"kinds.{kind}", f"unknown class {unit!r}")
            else:
                explicit.append(unit)
        by_kind[kind] = tuple(dict.fromkeys(explicit))
    return UnitRules(canonical, by_kind, tuple(currency_kinds), currencies)


@cache
def unit_rules() -> UnitRules:
    """The shipped unit rules (loaded once)."""
    return read_kind_units(DATA_DIR / "kind_units.toml", read_iso4217(DATA_DIR / "iso4217.txt"))


def fits_kind(kind: str, unit: str, value: float) -> bool:
    """Whether a figure can be a claim of `kind` at all: a unit the kind allows, and a score in % within
    `PERCENT_SCORE_RANGE`. The schema holds every row to the same two checks, so the extractor asks
    this before a rule decides and never writes a row its own schema rejects.

    >>> fits_kind("score", "%", 120.0), fits_kind("change", "%", 120.0), fits_kind("score", "pp", 5.0)
    (False, True, False)
    """
    if kind not in KINDS:  # `none` rules: the figure is no claim, whatever it holds
        return True
    low, high = PERCENT_SCORE_RANGE
    if kind == "score" and unit == "%" and not low <= value <= high:
        return False
    return unit_rules().allows(kind, unit)
