"""Names found in a stretch of text: from the entity lexicon first, then by shape — Latin names with
capitals, digits or hyphens (`DeepSeek-R1`, `Qwen2.5-VL`), lower-case identifiers after a release
word, Chinese names ending in an organisation suffix (`微容科技`)."""

from __future__ import annotations

import re
from typing import Literal

from claims.extraction.lexicon import Lexicon, Present
from claims.extraction.name_edges import (
    after_modifier,
    family_type,
    in_lower_compound,
    inside_dotted,
    with_acronyms,
    with_company_suffix,
    with_connectors,
    with_suffixes,
    with_variant,
    without_cue_edges,
    without_dateline,
    without_maker,
)
from claims.extraction.name_words import (
    OPENING,
    ordinary_phrase,
    ordinary_term,
    ordinary_word,
    without_common_opening,
    without_common_tail,
)
from claims.extraction.names import DIGIT, HAN, SHAPE_TYPE, VERSION_TOKEN, Name
from claims.text import sizes

_IDENTIFIER = re.compile(r" ?([a-z][a-z0-9_]*(?:[.-][a-z0-9_]+)+)(?![\w-]|\.\w)")  # `answerai-colbert-small`
# No apostrophe inside a token: `Meta's Llama 4 Scout` is two names, the owner and the model.
# A dot before a capitalised word ends the token: `LLMs.Orca 2` is a sentence break with its space
# missing, while `Qwen2.5`, `llama.cpp` and `U.S` stay whole.
_TOKEN = r"[A-Za-z0-9](?:[A-Za-z0-9+@]|\.(?![A-Z][a-z]))*[A-Za-z0-9+]|[A-Za-z0-9]"
# A hyphen joins a name's parts; one with spaces around it joins only a version (`GPT - 4o`): between
# words it is a dash (`Knowing When to Ask - Bridging Large Language Models`).
_LATIN_RUN = re.compile(
    rf"(?<![A-Za-z0-9])(?:{_TOKEN})(?:(?:[-–](?!\s)|\s*[-–]\s*(?=[A-Za-z]{{0,8}}\d)| )(?:{_TOKEN}))*"
)
_SPLIT = re.compile(rf"{_TOKEN}")
# A lower-case identifier glued by hyphens that holds a digit: a model's or package's name
# (`grok-voice-think-fast-1.0`, `gpt-4o-mini`, `llama-3-8b`), never an English compound.
_LOWER_ID = re.compile(
    r"(?<![\w.@/-])[a-z][a-z0-9]*(?:-[a-z0-9.]+)*-[a-z]*\d[a-z0-9.]*(?:-[a-z0-9.]+)*(?<!\.)(?![\w@/-])"
)
_REPO_ID = re.compile(  # `BAAI/bge-m3`: an owner, a slash, a lower-case model id with a digit
    r"(?<![\w./-])[A-Za-z][\w.-]*/([a-z][a-z0-9]*(?:[-_.][a-z0-9]+)*-[a-z]*\d[\w.]*)(?![\w/-])"
)
_LOWER_WORD = re.compile(r" ?([a-z][a-z0-9_]*(?:[.-][a-z0-9_]+)*)(?![\w.-])")  # `vinext`, `llama.cpp`
_UPPER = re.compile(r"[A-Z]")
_YEAR = re.compile(r"(?:19|20)\d\d")
_NUMBER = re.compile(r"[\d.]+[A-Za-z]?$")
_MAX_HAN_NAME = 6
_SHOUTED = 5  # letters of a capitalised heading word (NVIDIA DGX stays a name)
_HEADING_WORDS = 3  # plain capitalised words in a row that make a title, not a name


def _strong(token: str) -> bool:
    """A token that can open a Latin name: a capital anywhere, or letters mixed with digits.
    `token` is one of `_TOKEN`'s, all ASCII: lower-casing changes it exactly where it holds a capital."""
    if token.lower() != token:
        return True
    return not token.isalpha() and bool(DIGIT.search(token)) and not token.replace(".", "").isdigit()


def latin_names(
    text: str, lo: int, hi: int, lexicon: Lexicon, present: Present = None
) -> list[tuple[int, int]]:
    """Spans of Latin names by shape in text[lo:hi]; a run breaks at words of [not_entities].
    `present` (`Lexicon.cue_classes_in` over the span) spares the search of cue classes it lacks."""
    spans: list[tuple[int, int]] = []
    for run in _LATIN_RUN.finditer(text, lo, hi):
        start = end = None
        tokens = list(_SPLIT.finditer(text, run.start(), run.end()))
        for i, token in enumerate(tokens):
            word = token.group()
            strong = _strong(word)
            if start is None and not strong:
                continue  # no name open and none can open here: most words of an English sentence
            # A generic word inside a name, between its opening and a version, stays in it
            # (`Hermes Agent v0.13.0`, `Gemini CLI 2`); at a name's end it ends the name (`GPT-4 API`).
            following = tokens[i + 1].group() if i + 1 < len(tokens) else ""
            # ... and a generic word opening a name with a lettered version stays too (`TPU 8t`, `TPU v5e`).
            versioned = VERSION_TOKEN.fullmatch(following) is not None
            # ... and a task acronym right after a version ends the name inside it (`StepAudio 2.5 ASR`).
            after_version = i > 0 and VERSION_TOKEN.fullmatch(tokens[i - 1].group()) is not None
            task = after_version and start is not None and word.casefold() in lexicon.task_suffixes
            # ... and a product noun after an unlisted word without digits stays (`Batch API`).
            product = (
                start is not None
                and word.casefold() in lexicon.product_nouns
                and not DIGIT.search(text[start:end])  # type: ignore[misc]
                and not lexicon.listed(text[start:end])  # type: ignore[misc]
            )
            stop = (
                word.casefold() in lexicon.not_entities
                and not task
                and not product
                and not (versioned and (start is not None or any(c.isalpha() for c in following)))
                and not _closes_in_chinese(text, run, tokens, i, start, lexicon)
            )
            # A modifier suffix glued to a generic word (`GPU-Backed Facility`, `AI-Powered Search`)
            # is a compound adjective, never a name's opening.
            modifier = (
                start is None
                and i > 0
                and text[tokens[i - 1].end() : token.start()] == "-"
                and f"-{word.casefold()}" in lexicon.modifier_suffixes
            )
            opens = strong and not stop and not modifier
            glued = end is not None and text[end : token.start()] == "-"  # o1-mini, gpt-4o-mini
            # A word glued by a hyphen stays in the name even when alone it is none (`MiMo-V2.5-ASR`);
            # a year after a company's name is when it acts (`OpenAI 2028 量产`), not part of the name.
            extends = opens or (
                _NUMBER.match(word) is not None and not _year_after_company(text, start, end, word, lexicon)
            )
            continues = start is not None and (glued or (not stop and extends))
            if continues:
                end = token.end()
            elif opens:
                if start is not None:
                    spans.append((start, end))  # type: ignore[arg-type]
                start, end = token.start(), token.end()
                if i > 0 and _generic_prefix(
                    tokens[i - 1].group(), word, text[tokens[i - 1].end() : token.start()], lexicon
                ):
                    # A generic acronym glued before a coined name is part of it (`MoE-Adapters4CL`):
                    # alone it stopped, as the compound's first part it names nothing else.
                    start = tokens[i - 1].start()
                elif i == 1 and _prefixed_product(text, run, tokens, lexicon):
                    start = tokens[0].start()  # `AI Mode` in Chinese text: the product, not `Mode`
            else:
                if start is not None:
                    spans.append((start, end))  # type: ignore[arg-type]
                start = end = None
        if start is not None:
            spans.append((start, end))  # type: ignore[arg-type]
    spans += [
        m.span()
        for m in _LOWER_ID.finditer(text, lo, hi)
        if not any(a <= m.start() < b for a, b in spans) and not _dated(m.group(), lexicon)
    ]
    # A repository's id names its model after the owner's slash (`BAAI/bge-m3`: bge-m3, not m3).
    for m in _REPO_ID.finditer(text, lo, hi) if text.find("/", lo, hi) != -1 else ():
        spans = [(a, b) for a, b in spans if not m.start(1) <= a < m.end(1)] + [m.span(1)]
    spans += [span for span in _introduced_lower_names(text, lo, hi, lexicon, present) if span not in spans]
    return sorted(spans)


_CODED = re.compile(
    r"[A-Za-z]*(?:\d|[a-z][A-Z])"
)  # a digit or a capital inside: a coined word (`Adapters4CL`)


_YEAR = re.compile(r"(?:19|20)\d\d")


def _dated(word: str, lexicon: Lexicon) -> bool:
    """A time word glued to a year (`mid-2026`, `early-2025`): when, never a name."""
    head, _, year = word.rpartition("-")
    return _YEAR.fullmatch(year) is not None and head.casefold() in lexicon.not_entities


def _closes_in_chinese(
    text: str, run: re.Match[str], tokens: list[re.Match[str]], i: int, start: int | None, lexicon: Lexicon
) -> bool:
    """An edition word closing a run of Latin words set in Chinese text, after a name (`Audio
    Flamingo Next`, `Gemini 3.1 Flash Live`): no English sentence opens there, the word ends the name
    (entities.toml edition_words)."""
    return (
        start is not None
        and i == len(tokens) - 1
        and tokens[i].group() in lexicon.edition_words
        and text[tokens[i - 1].end() : tokens[i].start()] == " "
        and _beside_han(text, run.start(), run.end())
    )


def _prefixed_product(text: str, run: re.Match[str], tokens: list[re.Match[str]], lexicon: Lexicon) -> bool:
    """A run of a product prefix and one word, hyphens allowed, set in Chinese text (`使用 AI Mode
    搜索`, `AI Co-Mathematician 多 Agent 工作台`), the word no listed name of its own."""
    first, second = tokens[0], tokens[1]
    return (
        first.group() in lexicon.product_prefixes
        and text[first.end() : second.start()] == " "
        and " " not in text[second.start() : run.end()]
        and not lexicon.listed(text[second.start() : run.end()])
        and _beside_han(text, run.start(), run.end())
    )


def _generic_prefix(before: str, word: str, glue: str, lexicon: Lexicon) -> bool:
    """Whether `before`, glued by a hyphen to `word`, is a generic acronym opening a coined name
    (`MoE-Adapters4CL`), not a modifier of a plain word (`GPU-Accelerated`, `AI-Implanted`)."""
    return (
        glue == "-"
        and before.casefold() in lexicon.not_entities
        and any(c.isupper() for c in before[1:])
        and _CODED.match(word) is not None
    )


def _year_after_company(text: str, start: int | None, end: int | None, word: str, lexicon: Lexicon) -> bool:
    """Whether `word` is a year and text[start:end], the name so far, a listed company's."""
    if start is None or _YEAR.fullmatch(word) is None:
        return False
    return lexicon.entity_types.get(lexicon.canonical(text[start:end]) or "") in ("org", "person")


def _introduced_lower_names(
    text: str, lo: int, hi: int, lexicon: Lexicon, present: Present = None
) -> list[tuple[int, int]]:
    """Lower-case names that a Chinese head noun introduces (`替代项目 vinext`, `绘图库 tldraw`): in
    Chinese a thing's kind comes right before its name, so the word after it is one whatever its
    case."""
    spans = []
    for hit in lexicon.cue_class_hits("HEAD_NOUN", text, lo, hi, present):
        if not HAN.search(text[hit.start : hit.end]):
            continue
        found = _LOWER_WORD.match(text, hit.end, hi)
        if found is not None and found.group(1).casefold() not in lexicon.not_entities:
            spans.append(found.span(1))
    return spans


def _released_lower_names(
    text: str, lo: int, hi: int, lexicon: Lexicon, common: frozenset[str], present: Present = None
) -> list[tuple[int, int]]:
    """Lower-case identifiers right after a release word (`Introducing answerai-colbert-small`,
    `发布 llama.cpp`): the thing released has a name, and a hyphenated or dotted word that the
    document never writes word by word (`open-source` is `open` and `source`) is one."""
    spans = []
    for hit in lexicon.cue_class_hits("RELEASE", text, lo, hi, present):
        found = _IDENTIFIER.match(text, hit.end, hi)
        if found is None:
            continue
        parts = re.split(r"[.-]", found.group(1))
        if not all(p in common for p in parts):
            spans.append(found.span(1))
    return spans


def han_names(text: str, lo: int, hi: int, lexicon: Lexicon) -> list[tuple[int, int]]:
    """Spans of Chinese organisation names (a short name before 公司 集团 大学 …) in text[lo:hi]."""
    spans = []
    for suffix in lexicon.org_suffixes:
        at = text.find(suffix, lo, hi)
        while at != -1:
            begin = at
            while (
                begin > lo
                and at - begin < _MAX_HAN_NAME
                and HAN.match(text[begin - 1])
                and text[begin - 1] not in lexicon.name_breaks
            ):
                begin -= 1
            # A predicate inside the run ends the phrase before the name (`位列全球实验室`, `收购微容
            # 科技`): the name opens after it.
            predicates = lexicon.cue_class_hits("LEAD_END", text, begin, at)
            begin = max([begin, *(h.end for h in predicates if h.end <= at)])
            prefix = text[begin:at]
            if len(prefix) >= 2 and not any(prefix.startswith(g) for g in lexicon.generic):
                spans.append((begin, at + len(suffix)))
            at = text.find(suffix, at + len(suffix), hi)
    return spans


def find_names(
    text: str,
    lo: int,
    hi: int,
    lexicon: Lexicon,
    blocked: list[tuple[int, int]],
    common: frozenset[str] = frozenset(),
    title: tuple[int, int] = (0, 0),
    present: frozenset[str] | Literal[False] | None = False,
) -> list[Name]:
    """Every name in text[lo:hi], longest first at each place, cut short before a blocked span.

    `text` is width-folded; `blocked` holds the spans of quantities and benchmarks, which are
    never part of a name (`Llama2 7B` -> `Llama2`). `common` is the document's lower-case
    vocabulary (`common_words`): a capitalised ordinary word is no name where capitals say nothing,
    at a sentence's opening and inside `title` (the span of the item's Title Case heading).
    """
    raw: list[tuple[int, int, str | None, str]] = [
        (h.start, h.end, h.key, h.tag) for h in lexicon.entities.find(text, lo, hi)
    ]
    # A capitalised attribute word on its own (`Memory`, `TDP`) is not a name.
    words = {(h.start, h.end) for h in lexicon.attributes.find(text, lo, hi, folded=False)}
    if present is False:  # not known by the caller: the cue classes the span may hold
        present = lexicon.cue_classes_in(text, lo, hi)
    raw += [
        (a, b, None, SHAPE_TYPE)
        for a, b in latin_names(text, lo, hi, lexicon, present)
        if (a, b) not in words
    ]
    raw += [(a, b, None, "org") for a, b in han_names(text, lo, hi, lexicon)]
    released = _released_lower_names(text, lo, hi, lexicon, common, present)
    found = {(r[0], r[1]) for r in raw}
    raw += [(a, b, None, SHAPE_TYPE) for a, b in released if (a, b) not in found]
    names: list[Name] = []
    for start, end, key, kind in raw:
        if key is not None and inside_dotted(text, start, end):
            continue  # `llama.cpp` is no Llama, `x.ai` no xAI: the listed name is part of a longer one
        if kind == "org" and in_lower_compound(text, start, end):
            continue  # `meta-buffer` is no Meta: a company's name in lower case inside a compound word
        cut = False
        for b_start, b_end in blocked:
            if b_start <= start < b_end:
                start = b_end if key is None else end  # a shape name may resume after a number
            elif start < b_start < end and key is None:
                end, cut = b_start, True
        if cut and start < end:
            # Read again up to the figure: a word a version kept inside the name now ends it
            # (`DeepSeek-V4-Pro API 2.5 折`: the API of DeepSeek-V4-Pro, `GPT-4 API`).
            again = latin_names(text, start, end, lexicon)
            if again and again[0][0] == start and text[again[0][1] : end].strip():
                end = again[0][1]
        if key is None:
            start = without_common_opening(text, lo, start, end, common, lexicon)
            if title[0] <= start < title[1] or OPENING.fullmatch(text, lo, start) is not None:
                start, end = without_cue_edges(text, start, end, lexicon)
                end = without_common_tail(text, start, end, common)
        start = after_modifier(text, start, end, lexicon)
        surface = text[start:end].strip(" -–.") if start < end else ""
        if len(surface) < 2 or (
            key is None and not _namelike(surface, lexicon, _beside_han(text, start, end))
        ):
            continue
        loose = OPENING.fullmatch(text, lo, start) is not None or title[0] <= start < title[1]
        if key is None and ordinary_term(surface, common) and (start, end) not in released:
            continue  # `Mixture-of-Experts`: a technical term the document also writes in lower case
        if key is None and loose and ordinary_word(surface, common):
            continue  # `Recent` opening a sentence, `Worth` in a Title Case heading: a word, no name
        if key is None and loose and ordinary_phrase(surface, common, text):
            continue  # `Efficient Inference`, `Context Windows` in a heading: a phrase the text also writes
        if kind == "org" and key is None and surface.startswith(tuple(lexicon.generic)):
            continue  # 近百家初创公司 with the figure cut off: 初创公司 is no name
        if kind == "org" and key is None and surface in lexicon.org_suffixes:
            continue  # 七家科技巨头 with the count cut off: 科技 alone is no name
        start = text.index(surface, start)
        if kind == SHAPE_TYPE:
            kind = family_type(surface, lexicon)
        names.append(
            Name(start, start + len(surface), surface, key or lexicon.canonical(surface) or surface, kind)
        )
    names = with_company_suffix(with_suffixes(longest(names), text, lexicon), text, lexicon, common)
    names = without_maker(names, lexicon)
    names = with_acronyms(with_variant(with_connectors(names, text, lexicon), text, lexicon), text, lexicon)
    return without_dateline(text, lo, hi, names)


def _beside_han(text: str, start: int, end: int) -> bool:
    """A Chinese character within two characters on either side of the span."""
    return bool(HAN.search(text[max(0, start - 2) : start]) or HAN.search(text[end : end + 2]))


def _namelike(surface: str, lexicon: Lexicon, in_chinese: bool = False) -> bool:
    """A name by shape has two letters, or a letter and a digit (`H1`, `o3`), and is no common word.

    Three or more plain capitalised words (`Advancing Large Language Models`) are a heading.
    """
    if surface.casefold() in lexicon.not_entities or sizes.CODE.fullmatch(surface):
        return False
    if surface[0].isdigit() and not _UPPER.search(surface):
        return False  # `1.58bit`, `3rd`: a figure with its unit, no name (`3DGS`, `4K` have capitals)
    if surface.split("-")[0].casefold() in lexicon.number_words and "-" in surface:
        return False  # `Eight-month-old group`, `Two-stage`: a figure written in words, no name
    words = surface.split()
    parts = [part for word in words for part in word.split("-")]
    if len(words) == 1 and any(p.casefold() in lexicon.task_links for p in parts[1:-1]):
        return False  # `Text-to-Video`, `Image-to-3D`: a task a product supports, no name
    plain = all(p.isalpha() and p[0].isupper() and p[1:].islower() for p in parts)
    if len(words) >= _HEADING_WORDS and plain and not in_chinese:
        return False  # inside Chinese text a run of capitalised words is a name (Nano Banana Pro)
    if len(words) >= 2 and all(w.isalpha() and w.isupper() and len(w) >= _SHOUTED for w in words):
        return False  # `OPTIMIZING MIXTURE`: a heading in capitals
    letters = sum(c.isalpha() for c in surface)
    return letters >= 2 or (letters == 1 and any(c.isdigit() for c in surface))


def longest(names: list[Name]) -> list[Name]:
    names.sort(key=lambda n: (n.start, -(n.end - n.start)))
    kept: list[Name] = []
    for name in names:
        if kept and name.start < kept[-1].end:
            continue
        kept.append(name)
    return kept
