"""The edges of a name found by shape: cue words a name never starts or ends with, a modifier
suffix after it (`Nvidia-backed`), an acronym defined after its long form, a wire dateline, and
the type a name takes from the family it extends."""

from __future__ import annotations

import re

from claims.extraction.lexicon import Lexicon
from claims.extraction.name_words import weak_name
from claims.extraction.names import HAN, SHAPE_TYPE, Name
from claims.text.punctuation import CLOSING_BRACKETS, OPENING_BRACKETS, marks

_FAMILY = re.compile(r"[A-Za-z]{3,}")  # the letters a model family name opens with
MODIFIER_GAP = 8
_CUE_PHRASE = 24  # characters after a name read for a cue phrase it opens (`Led` of `Led by`)
# Cue classes of verbs: inside a Title Case heading, one of their words is the headline's verb.
HEADLINE_VERBS = ("COMPARE", "RELEASE", "FUNDING", "ACQUIRE")
# An acronym defined in brackets right after its long form: `Hash-grid Assisted Context (HAC)`.
_ACRONYM_DEFINED = re.compile(
    rf"\s*[{marks(OPENING_BRACKETS)}]\s*([A-Z][A-Za-z0-9-]{{1,9}})\s*[{marks(CLOSING_BRACKETS)}]"
)
_LONG_FORM_REACH = 60  # characters from a long form's start to the bracket that defines its acronym
# A wire dateline: a place in capitals, maybe its region and the agency, then a dash; before it
# on the line stands only markup (a table cell's bar, a link's blanked target).
_DATELINE = re.compile(
    r"[^A-Za-z\u4e00-\u9fff]*[A-Z]{2,}(?:[ .'-]+[A-Z]{2,})*(?:,\s*[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)*)?"
    r"\s*(?:\([^()]{1,30}\)\s*)?(?:—|–|--)\s"
)
_CODE = re.compile(r"[A-Z]{1,2}\d+(?:\.\d+)?$")  # a version code after a model's name: T1, K2, X1


def without_cue_edges(text: str, start: int, end: int, lexicon: Lexicon) -> tuple[int, int]:
    """A name in a Title Case heading or opening a sentence, without the cue words at its edges
    (`Introducing OrbitLM`, `Marqo Raises`, `Phi-3 Technical Report`): capitals say nothing there.
    What is left must hold a word; a name made only of cue words is left as it is."""
    if " " not in text[start:end] and not text.startswith(" ", end):
        # One word, no phrase it could open: every cut below needs a space inside the name, or after it.
        return start, end
    # One search reaches past the name by a phrase's length: the hits inside the name are those
    # that end in it.
    reach = lexicon.cue_hits(text, start, min(len(text), end + _CUE_PHRASE))
    lo, hi = start, end
    # The opening words of a cue phrase (`Led by Sequoia`, `According to`) are no name.
    if any(h.start == lo and h.end > hi and text.startswith(f"{text[lo:hi]} ", lo) for h in reach):
        return lo, lo
    hits = sorted(((h.start, h.end) for h in reach if h.end <= end), key=lambda span: (span[0], -span[1]))
    for a, b in hits:  # leading cues, in order
        if a == lo and b < hi and text[b] == " ":
            lo = b + 1
    for a, b in sorted(hits, key=lambda span: -span[1]):  # trailing cues, from the end
        if b == hi and a > lo and text[a - 1] == " ":
            hi = a - 1
    # A headline verb inside the run ends the name (`Tern-3 Beating GPT-4o`, `xAI Starts Colossus`).
    present = lexicon.cue_classes_in(text, lo, hi)
    verbs = sorted(
        h.start
        for c in HEADLINE_VERBS
        for h in lexicon.cue_class_hits(c, text, lo, hi, present)
        if h.start > lo
    )
    for a in verbs:
        if text[a - 1] == " " and any(c.isalnum() for c in text[lo : a - 1]):
            return lo, a - 1
    return lo, hi


def after_modifier(text: str, start: int, end: int, lexicon: Lexicon) -> int:
    """Where a name starts once a glued modifier (`Microsoft-backed `) is left out."""
    for word in re.finditer(r"\S+", text[start:end]):
        if not word.group().lower().endswith(lexicon.modifier_suffixes):
            break
        start += word.end()
        while start < end and text[start] == " ":
            start += 1
    return start


def with_acronyms(names: list[Name], text: str, lexicon: Lexicon) -> list[Name]:
    """A name and the acronym defined right after it are one thing, keyed by the acronym: the
    text calls it by the short name from then on (`the Hash-grid Assisted Context (HAC) framework`
    … `HAC`). The long form opens with the acronym's first letter; an acronym has two capitals."""
    out = list(names)
    for i, name in enumerate(names):
        following = names[i + 1] if i + 1 < len(names) else None
        if following is None or following.key != following.text:
            continue  # a listed name in brackets (`(OpenAI)`) is a name of its own, no acronym
        found = _ACRONYM_DEFINED.match(text, name.end)
        if found is None or found.span(1) != (following.start, following.end):
            continue
        acronym = found.group(1)
        if sum(c.isupper() for c in acronym) < 2 or acronym == name.text:
            continue
        if name.text[0].lower() != acronym[0].lower() or found.start(1) - name.start > _LONG_FORM_REACH:
            continue
        out[i] = Name(name.start, name.end, name.text, lexicon.canonical(acronym) or acronym, name.type)
    return out


def without_dateline(text: str, lo: int, hi: int, names: list[Name]) -> list[Name]:
    """The names without those of a wire dateline opening text[lo:hi] (`MONTGOMERY, Alabama —`,
    `SAN FRANCISCO (Reuters) --`): where the news was filed is never what a figure is about. A listed
    name in capitals (`NVIDIA — the chipmaker …`) opens a sentence; no place is listed."""
    found = _DATELINE.match(text, lo, hi)
    if found is None:
        return names
    inside = [n for n in names if n.start < found.end()]
    if any(n.type != SHAPE_TYPE for n in inside):
        return names
    return [n for n in names if n.start >= found.end()]


def in_lower_compound(text: str, start: int, end: int) -> bool:
    """A lower-case span glued by a hyphen to a lower-case word (`meta-buffer`, `apple-style`): a
    word of a compound, not the company the same letters name when capitalised.

    >>> [in_lower_compound("a meta-buffer", 2, 6), in_lower_compound("Meta-backed", 0, 4)]
    [True, False]
    """
    if not text[start:end].islower():
        return False
    after, before = text[end : end + 2], text[max(0, start - 2) : start]
    return (len(after) == 2 and after[0] == "-" and after[1].islower()) or (
        len(before) == 2 and before[1] == "-" and before[0].islower()
    )


def inside_dotted(text: str, start: int, end: int) -> bool:
    """A span glued by a dot to letters or digits on either side (`llama.cpp`, `hf.co`), or by a
    hyphen to a word before it (`Large-Scale AI` holds no Scale AI).

    >>> [inside_dotted("Large-Scale AI", 6, 14), inside_dotted("llama.cpp", 0, 5)]
    [True, True]
    >>> inside_dotted("Scale AI", 0, 8)
    False
    """
    after = text[end : end + 2]
    before = text[max(0, start - 2) : start]
    return (len(after) == 2 and after[0] == "." and after[1].isalnum()) or (
        len(before) == 2 and before[1] in ".-" and before[0].isalpha()
    )


def family_type(surface: str, lexicon: Lexicon) -> str:
    """A shape name that extends a listed family (`Qwen3-235B-A22B` after `Qwen`) takes its type."""
    family = _FAMILY.match(surface)
    if family is None or family.end() == len(surface):
        return SHAPE_TYPE
    hits = lexicon.entities.find(family.group())
    if len(hits) == 1 and hits[0].start == 0 and hits[0].end == family.end():
        # A name extending a company's (`Mistral Small 4` after `Mistral`) is one of its products,
        # more specific than the company; one extending a model family stays a model.
        tag = hits[0].tag
        if tag == "family":
            return "model"  # a member of a family (`Qwen3-235B-A22B` after `Qwen`) is one model
        return SHAPE_TYPE if tag in ("org", "person") else tag
    return SHAPE_TYPE


def with_suffixes(names: list[Name], text: str, lexicon: Lexicon) -> list[Name]:
    """A listed model name and the short version code right after it are one name (`混元 T1`)."""
    merged: list[Name] = []
    for name in names:
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.type in ("model", "family", "product")
            and name.type == SHAPE_TYPE
            and _CODE.match(name.text)
            and not text[last.end : name.start].strip()
            and name.start - last.end <= 1
        ):
            surface = text[last.start : name.end]
            key = lexicon.canonical(f"{last.key} {name.text}") or surface
            merged[-1] = Name(
                last.start, name.end, surface, key, "model" if last.type == "family" else last.type
            )
            continue
        merged.append(name)
    return merged


_COINED_LETTERS = 4  # shorter capitalised words (`Is AI …`, `Gen AI`) are words, not coined names


def without_maker(names: list[Name], lexicon: Lexicon) -> list[Name]:
    """A listed company's name written before its model's (`OpenAI GPT-5.4`, `xAI Grok 4.2`, `Meta
    Llama 3`): two names, the maker and the model, each keyed as itself. Only where what follows is a
    name by itself: listed, or opening on a word that only a name has, with two letters before any
    digit (`GPT-5.4`, `Grok 4.2`); `Mistral Large 2` and `DeepSeek V4` stay one name each.

    >>> from claims.extraction.lexicon import default_lexicon
    >>> written = Name(0, 14, "OpenAI GPT-5.4", "OpenAI GPT-5.4", SHAPE_TYPE)
    >>> [n.text for n in without_maker([written], default_lexicon())]
    ['OpenAI', 'GPT-5.4']
    """
    out: list[Name] = []
    for name in names:
        split = _maker_split(name, lexicon) if name.type == SHAPE_TYPE and " " in name.text else None
        out.extend(split or [name])
    return out


_MODEL_OPENING = re.compile(r"[A-Za-z]{2,}[\w.-]*")


def _maker_split(name: Name, lexicon: Lexicon) -> list[Name] | None:
    """The maker and the model of `name`, when it opens with a listed company's name."""
    hits = [h for h in lexicon.entities.find(name.text) if h.start == 0 and h.tag == "org"]
    if not hits:
        return None
    maker = max(hits, key=lambda h: h.end)
    if name.text[maker.end : maker.end + 1] != " ":
        return None
    rest = name.text[maker.end + 1 :]
    first = rest.split(" ", 1)[0]
    if not _MODEL_OPENING.match(first):
        return None
    if rest.casefold() in lexicon.not_entities:
        return None  # `Google LLC`: a company's own suffix, no model
    strong = not weak_name(first) and (any(c.isdigit() for c in first) or any(c.isupper() for c in first[1:]))
    listed = lexicon.listed(rest) or any(h.start == 0 for h in lexicon.entities.find(rest))
    if not (strong or listed):
        return None  # `META SAM`: a short acronym says too little to stand alone
    start = name.start + maker.end + 1
    key = lexicon.canonical(rest) or rest
    kind = lexicon.entity_types.get(key, family_type(rest, lexicon))
    return [
        Name(name.start, name.start + maker.end, name.text[: maker.end], maker.key, "org"),
        Name(start, name.end, rest, key, kind),
    ]


def with_company_suffix(names: list[Name], text: str, lexicon: Lexicon, common: frozenset[str]) -> list[Name]:
    """A coined word and a [company_suffixes] word right after it are one company's name (`Sakana AI
    raises $30m`): the generic word alone ends a name, but after a word the document never writes in
    lower case it is part of it. Not in Chinese text, whose small vocabulary says nothing of English
    words (`Embodied AI`), and not after a listed name, which has its own key."""
    joined = []
    for name in names:
        suffix = _company_suffix(text, name, lexicon)
        if (
            suffix
            and name.type == SHAPE_TYPE
            and name.text.isalpha()
            and len(name.text) >= _COINED_LETTERS
            and name.text[0].isupper()
            and name.text.casefold() not in common
            and name.text.casefold() not in lexicon.number_words
            and not HAN.search(text[max(0, name.start - 30) : name.end + 30])
        ):
            end = name.end + len(suffix)
            surface = text[name.start : end]
            name = Name(name.start, end, surface, lexicon.canonical(surface) or surface, "org")
        joined.append(name)
    return joined


def _company_suffix(text: str, name: Name, lexicon: Lexicon) -> str:
    """` AI` when one of [company_suffixes] follows the name after one space as a whole word."""
    for word in lexicon.company_suffixes:
        following = text[name.end : name.end + len(word) + 2]
        if following[:1] == " " and following[1 : len(word) + 1] == word:
            rest = following[len(word) + 1 :]
            if not rest or not (rest.isalnum() or rest in "-_"):
                return f" {word}"
    return ""


def with_connectors(names: list[Name], text: str, lexicon: Lexicon) -> list[Name]:
    """Two Latin names joined by a [name_connectors] word inside Chinese text are one name
    (`发布开源工具集 Claude for Legal，包含 …`): Chinese writes a product's English name whole, so the
    run between Chinese characters is the name, its small words included."""
    joined: list[Name] = []
    for name in names:
        last = joined[-1] if joined else None
        between = text[last.end : name.start] if last is not None else ""
        if (
            last is not None
            and between.startswith(" ")
            and between.endswith(" ")
            and between.strip() in lexicon.name_connectors
            and HAN.search(text[max(0, last.start - 2) : last.start])
            and HAN.search(text[name.end : name.end + 2])
            and not HAN.search(text[last.start : name.end])
        ):
            surface = text[last.start : name.end]
            key = lexicon.canonical(surface) or surface
            joined[-1] = Name(last.start, name.end, surface, key, SHAPE_TYPE)
            continue
        joined.append(name)
    return joined


_BRACKETED = re.compile(r" ?[(（]([A-Za-z][A-Za-z -]{0,14})[)）]")


def with_variant(names: list[Name], text: str, lexicon: Lexicon) -> list[Name]:
    """A model with a setting in brackets right after it is that variant (`Gemini 3.5 Flash (Low)`
    against `(Medium)`): [variant_words] only, so `OpenAI (US)` or `Helsing (AI)` stay apart."""
    joined: list[Name] = []
    for name in names:
        if joined and name.start < joined[-1].end:
            continue  # the setting's own word, now inside the variant's name
        found = _BRACKETED.match(text, name.end)
        if found is not None and found.group(1).casefold() in lexicon.variant_words and name.type != "org":
            surface = text[name.start : found.end()]
            name = Name(name.start, found.end(), surface, f"{name.key} ({found.group(1)})", name.type)
        joined.append(name)
    return joined
