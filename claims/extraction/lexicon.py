"""The claim lexicons: entities, benchmarks, attributes, modality words and cue classes.

Each lexicon is a TOML file under `grammars/lexicons/` whose header documents its format. Loading
checks every entry and names the spot of a mistake (`entities.toml: entity[3]: no key`); the
result is one frozen `Lexicon` whose `Matcher`s find surface forms in running text without
changing offsets (full-width letters and spacing around hyphens are tolerated by the patterns, not
by rewriting the text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from claims.resources import grammars_dir
from claims.text.keys import halfwidth as halfwidth  # also read from here by claims.extract
from claims.text.keys import normalise_key as spell_key
from claims.text.keys import squash
from claims.text.matcher import Hit as Hit  # also read from here by claims.extract, subjects, sentences
from claims.text.matcher import Matcher
from claims.text.presence import Presence
from claims.text.tomlfile import TomlFile, read_toml

Present = frozenset[str] | None  # the cue classes a span may hold (None: any of them)
# Built-in classes a rule may name besides the cue classes of cues.toml.
BUILTIN_CLASSES = frozenset({"ENTITY", "BENCHMARK", "METRIC", "ATTR", "QTY", "NUMBER", "MODIFIERS", "JOINER"})
# Entity types from most to least specific: a title's subject is its most specific entity.
# A name found only by its shape ranks just below a listed model or chip.
# How specific each kind of name is (lower is more specific): a version before an unlisted name,
# before a family of models (Qwen, Claude), before a product line, a dataset, a company, a person.
TYPE_RANK = {
    "model": 0, "hardware": 0, "shape": 0.5, "family": 0.75,
    "product": 1, "dataset": 2, "org": 3, "person": 4, "event": 5,
}  # fmt: skip
ENTITY_TYPES = frozenset(TYPE_RANK) - {"shape"}


@dataclass(frozen=True, slots=True)
class Lexicon:
    """All claim lexicons, loaded and checked; see each file's header for its format."""

    entities: Matcher
    benchmarks: Matcher
    deferring: frozenset[str]  # generic metrics that give way to a benchmark named nearby
    attributes: Matcher
    attribute_dims: dict[str, frozenset[str]]
    company_attributes: frozenset[str]  # what a company has, not its product (funding, valuation, revenue)
    classes: dict[str, Matcher]
    speculative: Matcher
    neutral: Matcher  # words holding a speculative form that do not hedge (可能性)
    asserted: Matcher
    hedges: Matcher
    org_suffixes: tuple[str, ...]
    modifier_suffixes: tuple[str, ...]  # `-backed` in `Microsoft-backed OpenAI`: a modifier, no name
    list_joiners: tuple[str, ...]  # 和, 、, `,`: written between two names of a list
    list_joiner_words: tuple[str, ...]  # `and`: a whole word between two names of a list
    list_ends: tuple[str, ...]  # 等, `etc.`: what may close a list of names
    baseline_fillers: tuple[str, ...]  # `the`, `models like`: between a comparison word and its baseline
    name_breaks: frozenset[str]
    generic: frozenset[str]
    task_suffixes: frozenset[str]  # `ASR` in `StepAudio 2.5 ASR`: after a version, part of the name
    task_links: frozenset[str]  # `to` in `Text-to-Video`: a task, no name
    company_suffixes: tuple[str, ...]  # `AI` in `Sakana AI`: after a coined word, part of the name
    product_prefixes: frozenset[str]  # `AI` in `AI Mode`: before one word in Chinese text, part of the name
    edition_words: frozenset[str]  # `Next` in `Audio Flamingo Next`: closing a name in Chinese text
    product_nouns: frozenset[str]  # `API` in `Batch API`: after an unlisted word, part of the name
    name_connectors: frozenset[str]  # `for` in `Claude for Legal`: inside Chinese text, part of the name
    benchmark_heads: tuple[str, ...]  # `Benchmark`, `Leaderboard`: the last word of a test's name
    benchmark_names: re.Pattern[str]  # `Berkeley Function-Calling Benchmark`: a test's name by its last word
    variant_words: frozenset[str]  # `(Low)` after `Gemini 3.5 Flash`: a setting that names a variant
    not_entities: frozenset[str]
    tiers: frozenset[str]  # plan words (Pro, 企业版) that name a tier of a product
    # English cardinal words (numerals.toml [english]): `Eight-month-old` opens with one, no name.
    number_words: frozenset[str]
    aliases: dict[str, str]  # squash(alias or key) -> canonical key
    entity_types: dict[str, str]  # canonical key -> type
    # A listed family's Latin name and a space (`Claude `, `Qwen `): where it stands, the name written
    # after it is that family's member (`Claude Opus 4.6`), wherever else the item writes it bare.
    family_leads: re.Pattern[str] | None = None
    # Which cue classes a stretch of text may hold, in one pass: the others need no search.
    cue_presence: Presence | None = None

    def cue_hits(self, text: str, start: int, end: int) -> list[Hit]:
        """The forms of every cue class in `text[start:end]`, class by class (so hits of two
        classes may overlap)."""
        # A class none of whose forms can stand in the span needs no search: most of the fifty
        # classes, for a name's few words.
        present = self.cue_classes_in(text, start, end)
        return [
            hit
            for name, matcher in self.classes.items()
            if present is None or name in present
            for hit in matcher.find(text, start, end)
        ]

    def cue_class_hits(
        self, name: str, text: str, start: int = 0, end: int | None = None, present: Present = None
    ) -> list[Hit]:
        """The forms of the cue class `name` in `text[start:end]`; none without a search when
        `present` (`cue_classes_in` over a span holding this one) leaves the class out."""
        if present is not None and name not in present:
            return []
        return self.classes[name].find(text, start, end)

    def cue_classes_in(self, text: str, start: int, end: int) -> frozenset[str] | None:
        """The cue classes that may hold a form in `text[start:end]` (None: any of them may)."""
        return None if self.cue_presence is None else self.cue_presence.lists_in(text, start, end)

    def has_class(self, name: str) -> bool:
        """True when `name` is a cue class or a built-in class."""
        return name in self.classes or name in BUILTIN_CLASSES

    def benchmark_name_spans(self, text: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int]]:
        """Spans of capitalised words ending in a benchmark head word in text[lo:hi]; the pattern
        runs only where a head word stands (most sentences hold none)."""
        hi = len(text) if hi is None else hi
        if not any(text.find(head, lo, hi) != -1 for head in self.benchmark_heads):
            return []
        return [m.span() for m in self.benchmark_names.finditer(text, lo, hi)]

    def listed(self, text: str) -> bool:
        """Whether `text` is a name of the entity or benchmark lexicon (any alias, any spelling)."""
        key = spell_key(halfwidth(text))
        return key is not None and squash(key) in self.aliases

    def canonical(self, text: str | None) -> str | None:
        """The canonical key of an entity or benchmark name, else its spelling-normalised form."""
        key = spell_key(halfwidth(text)) if text is not None else None
        if key is None:
            return None
        return self.aliases.get(squash(key), key)


def normalise_key(text: str | None, lexicon: Lexicon | None = None) -> str | None:
    """The key a subject or attribute is compared by: spelling normalised, then alias -> key.

    >>> normalise_key("GPT - 4o"), normalise_key("RTX5090"), normalise_key("Jony Ive的io公司")
    ('GPT-4o', 'RTX 5090', 'io')
    """
    return (lexicon or default_lexicon()).canonical(text)


def only_cue_words(text: str, lo: int, hi: int, matchers: list[Matcher], allowed: str = " \t") -> bool:
    """Whether `text[lo:hi]` holds nothing but forms of `matchers` and `allowed` characters (an
    empty span does): what may stand between two things for them to belong together."""
    if hi < lo:
        return False
    rest = list(text[lo:hi])
    for matcher in matchers:
        for hit in matcher.find(text, lo, hi):
            rest[hit.start - lo : hit.end - lo] = " " * (hit.end - hit.start)
    return not "".join(rest).strip(allowed + " ")


# --- loading -------------------------------------------------------------------------------


def _read(path: Path) -> TomlFile:
    return read_toml(path, _show(path))


def _show(path: Path) -> str:
    """A path as a user would name it: relative to the checkout when inside it."""
    try:
        return str(path.relative_to(grammars_dir().parent))
    except ValueError:
        return str(path)


def _strings(value: object, where: str, toml: TomlFile) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise toml.error(where, "expected a list of non-empty strings")
    return value


def _named_entries(toml: TomlFile, table: str) -> list[dict]:
    entries = toml.data.get(table, [])
    if not isinstance(entries, list):
        raise toml.error(table, f"expected [[{table}]] tables")
    for index, entry in enumerate(entries):
        if not isinstance(entry.get("key"), str) or not entry["key"].strip():
            raise toml.error(f"{table}[{index}]", "no key")
    return entries


def _load_entities(path: Path) -> tuple[Matcher, dict[str, str], dict[str, str], TomlFile]:
    toml = _read(path)
    forms: list[tuple[str, str, str]] = []
    aliases: dict[str, str] = {}
    types: dict[str, str] = {}
    for index, entry in enumerate(_named_entries(toml, "entity")):
        key, kind = entry["key"], entry.get("type")
        if kind not in ENTITY_TYPES:
            raise toml.error(
                f"entity[{index}].type",
                f"unknown type {kind!r}",
                hint=f"one of {', '.join(sorted(ENTITY_TYPES))}",
            )
        types[key] = kind
        for form in [key, *_strings(entry.get("aliases"), f"entity[{index}].aliases", toml)]:
            forms.append((form, key, kind))
            aliases[squash(form)] = key
    return Matcher.build([], forms), aliases, types, toml


def _load_benchmarks(path: Path) -> tuple[Matcher, dict[str, str], frozenset[str]]:
    forms: list[tuple[str, str, str]] = []
    aliases: dict[str, str] = {}
    deferring: set[str] = set()
    toml = _read(path)
    variants = _strings(toml.data.get("variants", {}).get("words"), "variants.words", toml)
    for index, entry in enumerate(_named_entries(toml, "benchmark")):
        kind = entry.get("type")
        if kind not in ("benchmark", "metric"):
            raise toml.error(f"benchmark[{index}].type", "expected benchmark or metric")
        if entry.get("defers", False) is not False:
            if entry["defers"] is not True or kind != "metric":
                raise toml.error(f"benchmark[{index}].defers", "only a metric may defer (true)")
            deferring.add(entry["key"])
        for form in [entry["key"], *_strings(entry.get("aliases"), f"benchmark[{index}].aliases", toml)]:
            forms.append((form, entry["key"], kind))
            aliases[squash(form)] = entry["key"]
    matcher = Matcher.build([], forms)
    if variants:
        words = "|".join(re.escape(w) for w in sorted(variants, key=len, reverse=True))
        pattern = re.compile(rf"[ \t]*[-–]?[ \t]*({words})(?![A-Za-z0-9])", re.IGNORECASE)
        matcher = replace(matcher, variants=pattern, widest=None)  # a variant lengthens a hit
    return matcher, aliases, frozenset(deferring)


def _load_attributes(path: Path) -> tuple[Matcher, dict[str, frozenset[str]], frozenset[str]]:
    exact: list[tuple[str, str, str]] = []
    of_company: set[str] = set()
    folded: list[tuple[str, str, str]] = []
    dims: dict[str, frozenset[str]] = {}
    owner: dict[str, str] = {}
    toml = _read(path)
    for index, entry in enumerate(_named_entries(toml, "attribute")):
        key = entry["key"]
        for form in [*(entry.get("forms") or []), *(entry.get("words") or [])]:
            other = owner.setdefault(squash(str(form)), key)
            if other != key:
                raise toml.error(f"attribute[{index}]", f"form {form!r} already names {other}")
        dims[key] = frozenset(_strings(entry.get("dimensions"), f"attribute[{index}].dimensions", toml))
        if not dims[key]:
            raise toml.error(f"attribute[{index}].dimensions", "at least one dimension")
        exact += [(f, key, key) for f in _strings(entry.get("forms"), f"attribute[{index}].forms", toml)]
        folded += [(f, key, key) for f in _strings(entry.get("words"), f"attribute[{index}].words", toml)]
        if entry.get("of") == "org":
            of_company.add(key)
    return Matcher.build(exact, folded), dims, frozenset(of_company)


def _class_forms(toml: TomlFile, name: str) -> list[tuple[str, bool]]:
    """The (form, folded) pairs of a word class: its `forms` as written, its `words` in any case."""
    table = toml.data.get(name)
    if not isinstance(table, dict):
        raise toml.error(f"[{name}]", "missing table")
    forms = _strings(table.get("forms"), f"{name}.forms", toml)
    words = _strings(table.get("words"), f"{name}.words", toml)
    return [(f, False) for f in forms] + [(w, True) for w in words]


def _word_class(toml: TomlFile, name: str) -> Matcher:
    forms = _class_forms(toml, name)
    return Matcher.build(
        [(f, f, name) for f, folded in forms if not folded], [(w, w, name) for w, folded in forms if folded]
    )


def _load_cues(path: Path) -> tuple[dict[str, Matcher], Presence]:
    """The cue classes, and the pass that tells which of them a stretch of text may hold."""
    toml = _read(path)
    forms = {}
    for name in toml.data:
        if not re.fullmatch(r"[A-Z][A-Z0-9_]*", name) or name in BUILTIN_CLASSES:
            raise toml.error(f"[{name}]", "a class name is CAPITALS and not a built-in class")
        forms[name] = _class_forms(toml, name)
    classes = {
        name: Matcher.build([(f, f, name) for f, b in pairs if not b], [(w, w, name) for w, b in pairs if b])
        for name, pairs in forms.items()
    }
    return classes, Presence.build(forms)


def load_lexicon(folder: Path | None = None) -> Lexicon:
    """Load and check the claim lexicons of `folder` (default `grammars/lexicons/`)."""
    folder = folder or grammars_dir() / "lexicons"
    entities, aliases, types, entity_file = _load_entities(folder / "entities.toml")
    benchmarks, bench_aliases, deferring = _load_benchmarks(folder / "benchmarks.toml")
    attributes, dims, company_attributes = _load_attributes(folder / "attributes.toml")
    modality = _read(folder / "modality.toml")
    entity_data = entity_file.data
    patterns = entity_data.get("patterns", {})
    classes, cue_presence = _load_cues(folder / "cues.toml")

    def words(name: str) -> list[str]:
        """A word list of entities.toml [patterns], checked."""
        return _strings(patterns.get(name), f"patterns.{name}", entity_file)

    def folded(name: str) -> frozenset[str]:
        """The same, matched case-insensitively."""
        return frozenset(w.casefold() for w in words(name))

    return Lexicon(
        entities=entities,
        benchmarks=benchmarks,
        deferring=deferring,
        attributes=attributes,
        attribute_dims=dims,
        company_attributes=company_attributes,
        classes=classes,
        speculative=_word_class(modality, "speculative"),
        neutral=_word_class(modality, "neutral"),
        asserted=_word_class(modality, "asserted"),
        hedges=_word_class(modality, "sentence"),
        org_suffixes=tuple(words("org_suffixes")),
        modifier_suffixes=tuple(words("modifier_suffixes")),
        list_joiners=tuple(words("list_joiners")),
        list_joiner_words=tuple(words("list_joiner_words")),
        list_ends=tuple(words("list_ends")),
        baseline_fillers=tuple(words("baseline_fillers")),
        name_breaks=frozenset(words("name_breaks")),
        generic=frozenset(words("generic")),
        task_suffixes=folded("task_suffixes"),
        task_links=folded("task_links"),
        company_suffixes=tuple(words("company_suffixes")),
        product_prefixes=frozenset(words("product_prefixes")),
        edition_words=frozenset(words("edition_words")),
        product_nouns=folded("product_nouns"),
        name_connectors=frozenset(words("name_connectors")),
        variant_words=folded("variant_words"),
        benchmark_heads=tuple(words("benchmark_heads")),
        benchmark_names=_benchmark_names(words("benchmark_heads")),
        not_entities=frozenset(
            w.casefold()
            for w in _strings(
                entity_data.get("not_entities", {}).get("words"), "not_entities.words", entity_file
            )
        ),
        tiers=frozenset(
            w.casefold()
            for key in ("words", "forms")
            for w in _strings(entity_data.get("tiers", {}).get(key), f"tiers.{key}", entity_file)
        ),
        number_words=_number_words(folder),
        aliases=bench_aliases | aliases,
        entity_types=types,
        cue_presence=cue_presence,
        family_leads=_family_leads(entity_file),
    )


def _family_leads(toml: TomlFile) -> re.Pattern[str] | None:
    """One pattern of every listed family's Latin forms, each as a whole word before one space."""
    forms = sorted(
        {
            form
            for entry in _named_entries(toml, "entity")
            if entry.get("type") == "family"
            for form in [entry["key"], *entry.get("aliases", [])]
            if form.isascii() and form[:1].isalpha()
        },
        key=len,
        reverse=True,
    )
    if not forms:
        return None
    return re.compile(rf"(?<![\w.-])({'|'.join(map(re.escape, forms))}) (?=[A-Za-z0-9])")


def _benchmark_names(heads: list[str]) -> re.Pattern[str]:
    """One to five capitalised words, then a benchmark head word (`Berkeley Function-Calling Benchmark`)."""
    words = "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True)) or "(?!)"
    return re.compile(rf"(?:[A-Z][\w.-]*[ \t]+){{1,5}}(?:{words})\b")


def _number_words(folder: Path) -> frozenset[str]:
    """The English cardinal words of the quantity lexicon (numerals.toml [english]): the folder's own
    file, else the shipped one (a claim lexicon folder need not hold the quantity grammar's files)."""
    path = folder / "numerals.toml"
    if not path.exists():
        path = grammars_dir() / "lexicons" / "numerals.toml"
    return frozenset(w.casefold() for w in _read(path).data.get("english", {}))


@cache
def default_lexicon() -> Lexicon:
    """The lexicons shipped in `grammars/lexicons/`, loaded once."""
    return load_lexicon()
