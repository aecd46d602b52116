"""Who a claim is about: names found in a sentence, and the choice of subject among them.

Names come from the entity lexicon first, then by shape: Latin names with capitals, digits or
hyphens (`DeepSeek-R1`, `Qwen2.5-VL`, `Gemini 2.0 Flash - Lite`) and Chinese names ending in an
organisation suffix (`微容科技`, `中国人民大学`). The subject of a figure is the nearest name before
it in its clause, else the name right after it, else, among the names before it in its sentence,
one of the most specific kind (models and hardware before shapes, shapes before organisations),
the latest that opens a clause, else any name after it in its clause. The
extractor then tries `前者`/`后者`, the headline's topic in a short news item (`headline_topic`:
what the headline releases, not who), the sentences just before in a long article, a digest
item's speaker (`研究人员：`) and the segment title. A name right after a comparison word (比,
than, 相比) is a baseline, and a name in brackets that do not hold the figure is an aside: neither
is the subject.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from claims import sizes
from claims.lexicon import TYPE_RANK, Hit, Lexicon, default_lexicon
from claims.masking import mask

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
_HAN = re.compile(r"[\u4e00-\u9fff]")
# A lower-case identifier glued by hyphens that holds a digit: a model's or package's name
# (`grok-voice-think-fast-1.0`, `gpt-4o-mini`, `llama-3-8b`), never an English compound.
_LOWER_ID = re.compile(
    r"(?<![\w.@/-])[a-z][a-z0-9]*(?:-[a-z0-9.]+)*-[a-z]*\d[a-z0-9.]*(?:-[a-z0-9.]+)*(?<!\.)(?![\w@/-])"
)
_LOWER_WORD = re.compile(r" ?([a-z][a-z0-9_]*(?:[.-][a-z0-9_]+)*)(?![\w.-])")  # `vinext`, `llama.cpp`
# What only a name's word has: a digit, a capital inside a word (`OpenAI`, `LLaMA`), or all capitals.
_NAME_ONLY = re.compile(r"\d|[a-z][A-Z]|^[A-Z]{2,}\b")
_PHRASE_END = re.compile(r"[，,。；;：:！!？?（(]")


def list_joiner(lexicon: Lexicon) -> re.Pattern[str]:
    """What joins two names of a list (`A、B 和 C`, `A, B and C`), from the lexicon's list words."""
    forms = [re.escape(f) for f in lexicon.list_joiners]
    words = "|".join(re.escape(w) for w in lexicon.list_joiner_words)
    joined = "|".join([*forms, rf"\b(?:{words})\b", rf", (?:{words})\b"])
    return re.compile(rf"\s*(?:{joined})\s*", re.IGNORECASE)


LIST_JOINER = list_joiner(default_lexicon())
_APPOSITIVE_GAP = 12  # characters of descriptor between a name and the name it describes
_VERSION_TOKEN = re.compile(r"[vV]?\d+(?:\.\d+)*[a-z]?")  # a version after a name: v0.13.0, 2, 3.5
_UPPER = re.compile(r"[A-Z]")
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"[\d.]+[A-Za-z]?$")
_MAX_HAN_NAME = 6
_CODE = re.compile(r"[A-Z]{1,2}\d+(?:\.\d+)?$")  # a version code after a model's name: T1, K2, X1
_ADJACENT = 2
_POSSESSOR = re.compile(r"['’]s?\b")
_FAMILY = re.compile(r"[A-Za-z]{3,}")  # the letters a model family name opens with
# Clause punctuation inside a sentence (a thousands comma is none); shared with claims.sentences.
CLAUSE_END = re.compile(r"[，：:、—]|,(?!\d{3})")
_MODIFIER_GAP = 8
POSSESSIVE_PARTICLES = ("的", "之")  # `A 的 B`: A describes B, or owns it
_SHOUTED = 5  # letters of a capitalised heading word (NVIDIA DGX stays a name)
_HEADING_WORDS = 3  # plain capitalised words in a row that make a title, not a name
SHAPE_TYPE = "shape"  # a name found by shape: probably a model, product or chip


@dataclass(frozen=True, slots=True)
class Name:
    """A name in text: its span, as written, its canonical key and type."""

    start: int
    end: int
    text: str
    key: str
    type: str


def _strong(token: str) -> bool:
    """A token that can open a Latin name: a capital anywhere, or letters mixed with digits."""
    return bool(_UPPER.search(token)) or (bool(_DIGIT.search(token)) and not token.replace(".", "").isdigit())


def latin_names(text: str, lo: int, hi: int, lexicon: Lexicon) -> list[tuple[int, int]]:
    """Spans of Latin names by shape in text[lo:hi]; a run breaks at words of [not_entities]."""
    spans: list[tuple[int, int]] = []
    for run in _LATIN_RUN.finditer(text, lo, hi):
        start = end = None
        tokens = list(_SPLIT.finditer(text, run.start(), run.end()))
        for i, token in enumerate(tokens):
            word = token.group()
            # A generic word inside a name, between its opening and a version, stays in it
            # (`Hermes Agent v0.13.0`, `Gemini CLI 2`); at a name's end it ends the name (`GPT-4 API`).
            following = tokens[i + 1].group() if i + 1 < len(tokens) else ""
            # ... and a generic word opening a name with a lettered version stays too (`TPU 8t`, `TPU v5e`).
            versioned = _VERSION_TOKEN.fullmatch(following) is not None
            stop = word.casefold() in lexicon.not_entities and not (
                versioned and (start is not None or any(c.isalpha() for c in following))
            )
            opens = _strong(word) and not stop
            glued = end is not None and text[end : token.start()] == "-"  # o1-mini, gpt-4o-mini
            # A word glued by a hyphen stays in the name even when alone it is none (`MiMo-V2.5-ASR`).
            extends = opens or _NUMBER.match(word) is not None
            continues = start is not None and (glued or (not stop and extends))
            if continues:
                end = token.end()
            elif opens:
                if start is not None:
                    spans.append((start, end))  # type: ignore[arg-type]
                start, end = token.start(), token.end()
            else:
                if start is not None:
                    spans.append((start, end))  # type: ignore[arg-type]
                start = end = None
        if start is not None:
            spans.append((start, end))  # type: ignore[arg-type]
    spans += [
        m.span() for m in _LOWER_ID.finditer(text, lo, hi) if not any(a <= m.start() < b for a, b in spans)
    ]
    spans += [span for span in _introduced_lower_names(text, lo, hi, lexicon) if span not in spans]
    return sorted(spans)


def _introduced_lower_names(text: str, lo: int, hi: int, lexicon: Lexicon) -> list[tuple[int, int]]:
    """Lower-case names that a Chinese head noun introduces (`替代项目 vinext`, `绘图库 tldraw`): in
    Chinese a thing's kind comes right before its name, so the word after it is one whatever its
    case."""
    spans = []
    for hit in lexicon.classes["HEAD_NOUN"].find(text, lo, hi):
        if not _HAN.search(text[hit.start : hit.end]):
            continue
        found = _LOWER_WORD.match(text, hit.end, hi)
        if found is not None and found.group(1).casefold() not in lexicon.not_entities:
            spans.append(found.span(1))
    return spans


_IDENTIFIER = re.compile(r" ?([a-z][a-z0-9_]*(?:[.-][a-z0-9_]+)+)(?![\w-]|\.\w)")  # `answerai-colbert-small`


def _released_lower_names(
    text: str, lo: int, hi: int, lexicon: Lexicon, common: frozenset[str]
) -> list[tuple[int, int]]:
    """Lower-case identifiers right after a release word (`Introducing answerai-colbert-small`,
    `发布 llama.cpp`): the thing released has a name, and a hyphenated or dotted word that the
    document never writes word by word (`open-source` is `open` and `source`) is one."""
    spans = []
    for hit in lexicon.classes["RELEASE"].find(text, lo, hi):
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
                and _HAN.match(text[begin - 1])
                and text[begin - 1] not in lexicon.name_breaks
            ):
                begin -= 1
            prefix = text[begin:at]
            if len(prefix) >= 2 and not any(prefix.startswith(g) for g in lexicon.generic):
                spans.append((begin, at + len(suffix)))
            at = text.find(suffix, at + len(suffix), hi)
    return spans


_WORD = re.compile(r"(?<![A-Za-z0-9.@/-])[a-z][a-z-]{2,}(?![A-Za-z0-9@/]|\.[A-Za-z0-9])")
# Capitalised after a lower-case word: a name mid-sentence, not a sentence opening or a Title Case heading.
_TITLED = re.compile(r"(?:(?<=[a-z] )|(?<=[a-z], ))[A-Z][a-z-]{2,}(?![A-Za-z0-9@/]|\.[A-Za-z0-9])")
# A Title Case heading, whose words are capitalised anyway.
_TITLE_CASE_RUN = re.compile(r"[A-Z][a-z]+ [A-Z][a-z]+ [A-Z]")
_OPENING = re.compile(r"[\s|#>*\-+\[\](\"'“‘]*")  # markup and quotes that may precede a sentence's first word


def common_words(text: str) -> frozenset[str]:
    """The words a document writes in lower case: its ordinary vocabulary.

    A capitalised word that the same document also writes in lower case (`Recent`, `Doubling`,
    `Study` beside `recent`, `doubling`, `study`) is an ordinary word that opens a sentence or a
    title, not a name; proper names are rarely written in lower case by their own article.

    Links, code and names glued to dots or slashes (`skywork.ai`) are no vocabulary.

    >>> sorted(common_words("Recent work: recent gains, recent. A model by Skywork; skywork.ai, skywork"))
    ['recent']
    """
    masked = mask(text)
    lower = Counter(_WORD.findall(masked))
    titled = Counter(word.lower() for word in _TITLED.findall(masked))
    # Written in lower case more often than capitalised, and more than once: a brand styled in
    # lower case now and then (`skywork`) stays a name.
    return frozenset(word for word, n in lower.items() if n >= 2 and n > titled[word])


def _without_common_opening(
    text: str, lo: int, start: int, end: int, common: frozenset[str], lexicon: Lexicon
) -> int:
    """Where a shape name really starts once ordinary capitalised words are left out; `end` when
    nothing is left. One ordinary word alone (`Recent`, `Inference`, `Company` in a Title Case
    heading) is no name wherever it stands; leading ordinary words (`Introducing SceneScript`,
    `Finetune Llama 3`) are dropped before a name that stands by itself."""
    if not common:
        return start
    if _OPENING.fullmatch(text, lo, start) is None and not _TITLE_CASE_RUN.match(text, start):
        return start
    at = start
    for word in re.finditer(r"\S+", text[start:end]):
        token = word.group()
        if not (token.isalpha() and token[0].isupper() and token[1:].islower() and token.lower() in common):
            break
        at = start + word.end()
        while at < end and text[at] == " ":
            at += 1
    if at >= end:
        # One ordinary word (`Recent`, `Doubling`) is no name; several in a row may be one.
        return end if " " not in text[start:end].strip() else start
    rest = text[at:end]
    # What is left must be a name by itself (`SceneScript`, `GPT-4`, a listed `Llama 3`); a run of
    # plain capitalised words (`Thinking Machines Lab`) is kept whole.
    first = rest.split(" ", 1)[0]
    strong = any(c.isdigit() for c in first) or any(c.isupper() for c in first[1:])
    listed = any(h.start == 0 for h in lexicon.entities.find(rest))
    return at if at == start or strong or listed else start


# Cue classes of verbs: inside a Title Case heading, one of their words is the headline's verb.
HEADLINE_VERBS = ("COMPARE", "RELEASE", "FUNDING", "ACQUIRE")


def _without_cue_edges(text: str, start: int, end: int, lexicon: Lexicon) -> tuple[int, int]:
    """A name in a Title Case heading or opening a sentence, without the cue words at its edges
    (`Introducing OrbitLM`, `Marqo Raises`, `Phi-3 Technical Report`): capitals say nothing there.
    What is left must hold a word; a name made only of cue words is left as it is."""
    hits = sorted(
        ((h.start, h.end) for h in lexicon.cue_hits(text, start, end)),
        key=lambda span: (span[0], -span[1]),
    )
    lo, hi = start, end
    for a, b in hits:  # leading cues, in order
        if a == lo and b < hi and text[b] == " ":
            lo = b + 1
    for a, b in sorted(hits, key=lambda span: -span[1]):  # trailing cues, from the end
        if b == hi and a > lo and text[a - 1] == " ":
            hi = a - 1
    # A headline verb inside the run ends the name (`Tern-3 Beating GPT-4o`, `xAI Starts Colossus`).
    verbs = sorted(
        h.start for c in HEADLINE_VERBS for h in lexicon.classes[c].find(text, lo, hi) if h.start > lo
    )
    for a in verbs:
        if text[a - 1] == " " and any(c.isalnum() for c in text[lo : a - 1]):
            return lo, a - 1
    return lo, hi


def find_names(
    text: str,
    lo: int,
    hi: int,
    lexicon: Lexicon,
    blocked: list[tuple[int, int]],
    common: frozenset[str] = frozenset(),
    title: tuple[int, int] = (0, 0),
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
    raw += [(a, b, None, SHAPE_TYPE) for a, b in latin_names(text, lo, hi, lexicon) if (a, b) not in words]
    raw += [(a, b, None, "org") for a, b in han_names(text, lo, hi, lexicon)]
    released = _released_lower_names(text, lo, hi, lexicon, common)
    found = {(r[0], r[1]) for r in raw}
    raw += [(a, b, None, SHAPE_TYPE) for a, b in released if (a, b) not in found]
    names: list[Name] = []
    for start, end, key, kind in raw:
        if key is not None and _inside_dotted(text, start, end):
            continue  # `llama.cpp` is no Llama, `x.ai` no xAI: the listed name is part of a longer one
        for b_start, b_end in blocked:
            if b_start <= start < b_end:
                start = b_end if key is None else end  # a shape name may resume after a number
            elif start < b_start < end and key is None:
                end = b_start
        if key is None:
            start = _without_common_opening(text, lo, start, end, common, lexicon)
            if title[0] <= start < title[1] or _OPENING.fullmatch(text, lo, start) is not None:
                start, end = _without_cue_edges(text, start, end, lexicon)
                end = _without_common_tail(text, start, end, common)
        start = _after_modifier(text, start, end, lexicon)
        surface = text[start:end].strip(" -–.") if start < end else ""
        if len(surface) < 2 or (
            key is None and not _namelike(surface, lexicon, _beside_han(text, start, end))
        ):
            continue
        loose = _OPENING.fullmatch(text, lo, start) is not None or title[0] <= start < title[1]
        if key is None and _ordinary_term(surface, common) and (start, end) not in released:
            continue  # `Mixture-of-Experts`: a technical term the document also writes in lower case
        if key is None and loose and ordinary_word(surface, common):
            continue  # `Recent` opening a sentence, `Worth` in a Title Case heading: a word, no name
        if key is None and loose and _ordinary_phrase(surface, common, text):
            continue  # `Efficient Inference`, `Context Windows` in a heading: a phrase the text also writes
        if kind == "org" and key is None and surface.startswith(tuple(lexicon.generic)):
            continue  # 近百家初创公司 with the figure cut off: 初创公司 is no name
        start = text.index(surface, start)
        if kind == SHAPE_TYPE:
            kind = _family_type(surface, lexicon)
        names.append(
            Name(start, start + len(surface), surface, key or lexicon.canonical(surface) or surface, kind)
        )
    names = _with_acronyms(_with_suffixes(_longest(names), text, lexicon), text, lexicon)
    return _without_dateline(text, lo, hi, names)


def _after_modifier(text: str, start: int, end: int, lexicon: Lexicon) -> int:
    """Where a name starts once a glued modifier (`Microsoft-backed `) is left out."""
    for word in re.finditer(r"\S+", text[start:end]):
        if not word.group().lower().endswith(lexicon.modifier_suffixes):
            break
        start += word.end()
        while start < end and text[start] == " ":
            start += 1
    return start


# An acronym defined in brackets right after its long form: `Hash-grid Assisted Context (HAC)`.
_ACRONYM_DEFINED = re.compile(r"\s*[(（]\s*([A-Z][A-Za-z0-9-]{1,9})\s*[)）]")
_LONG_FORM_REACH = 60  # characters from a long form's start to the bracket that defines its acronym


def _with_acronyms(names: list[Name], text: str, lexicon: Lexicon) -> list[Name]:
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


# A wire dateline: a place in capitals, maybe its region and the agency, then a dash; before it
# on the line stands only markup (a table cell's bar, a link's blanked target).
_DATELINE = re.compile(
    r"[^A-Za-z\u4e00-\u9fff]*[A-Z]{2,}(?:[ .'-]+[A-Z]{2,})*(?:,\s*[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)*)?"
    r"\s*(?:\([^()]{1,30}\)\s*)?(?:—|–|--)\s"
)


def _without_dateline(text: str, lo: int, hi: int, names: list[Name]) -> list[Name]:
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


def _ordinary_term(surface: str, common: frozenset[str]) -> bool:
    """A hyphenated compound of plain words (`Mixture-of-Experts`, `State-of-the-Art`) that the
    document also writes in lower case: a term, wherever it stands."""
    parts = surface.split("-")
    return len(parts) >= 2 and all(p.isalpha() for p in parts) and surface.lower() in common


def _plain_words(surface: str, common: frozenset[str]) -> list[bool]:
    """For each word of `surface`: a capitalised ordinary word (`Inference`, `Windows`)."""
    return [
        w.isalpha() and w[0].isupper() and w[1:].islower() and w.lower() in common for w in surface.split()
    ]


def _ordinary_phrase(surface: str, common: frozenset[str], text: str) -> bool:
    """Two or more capitalised ordinary words (`Efficient Inference`, `Context Windows`) that the
    document also writes in lower case as a phrase: words of a heading, no name. A name of plain
    words (`Thinking Machines Lab`) is never written so."""
    plain = _plain_words(surface, common)
    if len(plain) < 2 or not all(plain):
        return False
    # The plain substring search is far quicker than the regex over a long document: the regex
    # runs only from the first place the phrase stands, if it stands anywhere.
    lower = surface.lower()
    first = text.find(lower)
    return first != -1 and re.compile(rf"\b{re.escape(lower)}\b").search(text, first) is not None


def _without_common_tail(text: str, start: int, end: int, common: frozenset[str]) -> int:
    """Where a name in a heading or opening a sentence ends when two ordinary words in a row follow
    a word that only a name has (a digit or an inner capital): `OpenAI Projections Imply Losses`
    -> `OpenAI`. One ordinary word may be part of the name (`Apple Intelligence`), and a name of
    plain words (`Thinking Machines Lab`) has no such word to stop after."""
    words = list(re.finditer(r"\S+", text[start:end]))
    plain = _plain_words(text[start:end], common)
    for i in range(1, len(words) - 1):
        if plain[i] and plain[i + 1] and any(_NAME_ONLY.search(w.group()) for w in words[:i]):
            return start + words[i - 1].end()
    return end


def _beside_han(text: str, start: int, end: int) -> bool:
    """A Chinese character within two characters on either side of the span."""
    return bool(_HAN.search(text[max(0, start - 2) : start]) or _HAN.search(text[end : end + 2]))


def ordinary_word(surface: str, common: frozenset[str]) -> bool:
    """One capitalised word that the document also writes in lower case (see `common_words`)."""
    return surface.isalpha() and surface[0].isupper() and surface[1:].islower() and surface.lower() in common


def _inside_dotted(text: str, start: int, end: int) -> bool:
    """A span glued by a dot to letters or digits on either side (`llama.cpp`, `hf.co`), or by a
    hyphen to a word before it (`Large-Scale AI` holds no Scale AI).

    >>> [_inside_dotted("Large-Scale AI", 6, 14), _inside_dotted("llama.cpp", 0, 5)]
    [True, True]
    >>> _inside_dotted("Scale AI", 0, 8)
    False
    """
    after = text[end : end + 2]
    before = text[max(0, start - 2) : start]
    return (len(after) == 2 and after[0] == "." and after[1].isalnum()) or (
        len(before) == 2 and before[1] in ".-" and before[0].isalpha()
    )


def _family_type(surface: str, lexicon: Lexicon) -> str:
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


def _with_suffixes(names: list[Name], text: str, lexicon: Lexicon) -> list[Name]:
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


def _namelike(surface: str, lexicon: Lexicon, in_chinese: bool = False) -> bool:
    """A name by shape has two letters, or a letter and a digit (`H1`, `o3`), and is no common word.

    Three or more plain capitalised words (`Advancing Large Language Models`) are a heading.
    """
    if surface.casefold() in lexicon.not_entities or sizes.CODE.fullmatch(surface):
        return False
    if surface[0].isdigit() and not _UPPER.search(surface):
        return False  # `1.58bit`, `3rd`: a figure with its unit, no name (`3DGS`, `4K` have capitals)
    words = surface.split()
    parts = [part for word in words for part in word.split("-")]
    plain = all(p.isalpha() and p[0].isupper() and p[1:].islower() for p in parts)
    if len(words) >= _HEADING_WORDS and plain and not in_chinese:
        return False  # inside Chinese text a run of capitalised words is a name (Nano Banana Pro)
    if len(words) >= 2 and all(w.isalpha() and w.isupper() and len(w) >= _SHOUTED for w in words):
        return False  # `OPTIMIZING MIXTURE`: a heading in capitals
    letters = sum(c.isalpha() for c in surface)
    return letters >= 2 or (letters == 1 and any(c.isdigit() for c in surface))


def _longest(names: list[Name]) -> list[Name]:
    names.sort(key=lambda n: (n.start, -(n.end - n.start)))
    kept: list[Name] = []
    for name in names:
        if kept and name.start < kept[-1].end:
            continue
        kept.append(name)
    return kept


def most_specific(names: list[Name], last: bool = False) -> Name | None:
    """The name of the most specific type (model, hardware before product, org, person)."""
    if not names:
        return None
    best = min(TYPE_RANK.get(n.type, 1) for n in names)
    chosen = [n for n in names if TYPE_RANK.get(n.type, 1) == best]
    return chosen[-1] if last else chosen[0]


# A headline that opens with a name and a colon is that thing's title (`MaskBit: Embedding-free Image
# Generation`, `DataLab: A Unified Platform`): the name before the colon is what the item is about.
_LEAD_COLON = re.compile(r"\s*[^:：]{1,60}?\s*[:：]")


_TITLE_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# Words a Title Case heading leaves in lower case.
_MINOR_WORDS = frozenset(
    ("a", "an", "the", "of", "for", "and", "or", "but", "nor", "on", "in", "at", "to", "by", "with", "via",
     "from", "as", "vs", "is", "are", "be")
)  # fmt: skip


def _titled(text: str) -> bool:
    """Text in Title Case (a work's subtitle: `Embedding-free Image Generation via Bit Tokens`),
    not a sentence (`Apple internally believes that …`); Chinese text has no case and is never."""
    words = [w for w in _TITLE_WORD.findall(text) if w.casefold() not in _MINOR_WORDS]
    return len(words) >= 1 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


_ACRONYM = re.compile(r"[A-Z]{2,4}s?")


def weak_name(surface: str) -> bool:
    """A name found by shape alone that says little by that shape: a short acronym (`BI`, `PDF`,
    `RAG`), or plain capitalised words (`English`, `Bay Area`). A digit, an inner capital or a
    hyphen (`WebGPU`, `Qwen2-VL`, `K-12`) makes a name strong.

    >>> [weak_name(s) for s in ("BI", "English", "Bay Area", "WebGPU", "Qwen2-VL", "OmniVoice")]
    [True, True, True, False, False, False]
    """
    if _ACRONYM.fullmatch(surface):
        return True
    words = surface.split()
    return all(w.isalpha() and w[0].isupper() and w[1:].islower() for w in words)


def _plain_word(name: Name) -> bool:
    """A name by shape that is one plain capitalised word (`Scheduling`, `Mighty`, `Weaver`)."""
    return name.type == SHAPE_TYPE and name.text.isalpha() and name.text[1:].islower()


_BARE_WORD = r"[\w+/-]*(?:\.[\w+/-]+)*"  # dots only inside (`Transformers.js`), not the headline's full stop
_BARE_TITLE = re.compile(rf"\s*([A-Za-z]{_BARE_WORD}(?: [A-Z]{_BARE_WORD}){{0,3}})\s*\.?\s*")


def _title_as_name(title: str) -> Name | None:
    """A headline that is only a name (`insanely-fast-whisper.`, `Black Forest Labs.`): a repository's
    or a company's name as the item's title, when no name was found in it by shape.

    >>> _title_as_name("Black Forest Labs.").text, _title_as_name("Why scaling works") is None
    ('Black Forest Labs', True)
    """
    found = _BARE_TITLE.fullmatch(title)
    if found is None:
        return None
    start, end = found.span(1)
    return Name(start, end, found.group(1), found.group(1), SHAPE_TYPE)


def opens_headline(title: str, name: Name) -> bool:
    """Whether `name` is the lead of a `Name: Title Case` headline (`Zephyr: Direct Distillation of
    LM Alignment`), the thing the whole headline describes."""
    lead = _LEAD_COLON.match(title)
    if lead is None or name.end > lead.end() or title[: name.start].strip(" *#>[\"'“"):
        return False
    return _titled(title[lead.end() :])


def _titled_lead(title: str, lead: re.Match) -> Name | None:
    """The words before a headline's colon as a work's name, when they are in Title Case and
    Latin (`Relaxed Recursive Transformers`, `Rephrasing the Web`), not a sentence or a person."""
    text = title[lead.start() : lead.end()].strip(" :：*#>[\"'“")
    if not text or _HAN.search(text) or not text[0].isupper() or not _titled(text):
        return None
    start = title.index(text, lead.start())
    return Name(start, start + len(text), text, text, SHAPE_TYPE)


def headline_topic(
    title: str,
    names: list[Name],
    releases: list[tuple[int, int]],
    body: str = "",
    heads: list[tuple[int, int]] | None = None,
    features: list[tuple[int, int]] | None = None,
) -> Name | None:
    """What a news item is about, read from its headline's names: the name that opens a `Name:`
    headline, else the first name after a release word (`Reka 发布 Reka Edge`, `Introducing
    SceneScript`: the thing released, not who released it), else the most specific name.

    What is released is the head of its phrase: `推出 Next.js 替代项目 vinext` releases vinext, the
    name after a descriptor ending in a HEAD_NOUN (`heads`, spans in the title). A thing named with
    a version right before the release word goes live somewhere (`Qwen3.7-Max 上线 API 和 Qwen
    Studio`): it is the topic when what follows names no version.

    A person in a headline is who speaks or acts, never the topic while another name is there. A
    headline capitalises every word, so one plain capitalised word is a name only when the item's
    `body` (its text without the headline) writes it too (`Weaver`, not `Scheduling`).
    """
    # Chinese headlines have no Title Case: a capitalised word there is a name.
    if not _HAN.search(title):
        names = [n for n in names if not _plain_word(n) or n.text in body]
    usable = [n for n in names if n.type != "person"] or names
    if not usable:
        return _title_as_name(title)

    lead = _LEAD_COLON.match(title)
    if lead is not None:
        opening = [n for n in usable if n.end <= lead.end() and not title[: n.start].strip(" *#>[\"'“")]
        if opening and _titled(title[lead.end() :]):
            return opening[0]
        work = _titled_lead(title, lead)
        if not opening and work is not None and _titled(title[lead.end() :]):
            return work  # `Rephrasing the Web: A Recipe for …`: a paper's or a work's own name
        # `Gurman: Apple internally believes …`: a name before a colon and a sentence is who speaks.
        usable = [n for n in usable if n not in opening] or usable
    for release_start, release_end in releases:
        after = [n for n in usable if n.start >= release_end]
        if after:
            before = [n for n in usable if n.end <= release_start]
            if _VERSION_TOKEN.fullmatch(after[0].text) and before:
                # `Hermes Agent 发布 v0.11.0`: a bare version is released by the name before it
                named = before[-1]
                surface = f"{named.text} {after[0].text}"
                return Name(named.start, after[0].end, surface, f"{named.key} {after[0].text}", named.type)
            released = _phrase_head(title, after, heads or [])
            doer = before[-1] if before else None
            if (
                doer is not None
                and not title[doer.end : release_start].strip()
                and doer.type not in ("org", "person")
                and _DIGIT.search(doer.text)
                and not _DIGIT.search(released.text)
            ):
                return doer
            if (
                doer is not None
                and _HAN.search(title)
                and not title[doer.end : release_start].strip()
                and doer.type != "person"
                and released.type == SHAPE_TYPE
                and _plain_word(released)
                and _names_a_feature(title, released, features or [])
            ):
                # `Firecrawl 发布 Monitoring 功能`: one plain word released by a maker is its feature
                surface = f"{doer.text} {released.text}"
                return Name(doer.start, released.end, surface, f"{doer.key} {released.text}", SHAPE_TYPE)
            return released
    return most_specific(usable)


def _names_a_feature(title: str, name: Name, features: list[tuple[int, int]]) -> bool:
    """Whether the words after `name`, up to the next punctuation, end in a FEATURE_NOUN
    (`Monitoring 网页变更监控功能`, `Ambassador 计划`): the name is a feature or a programme of its
    maker, not a product of its own (`Agent Leanstral`)."""
    stop = _PHRASE_END.search(title, name.end)
    end = stop.start() if stop else len(title)
    return any(name.end <= a and b <= end for a, b in features)


def _phrase_head(title: str, after: list[Name], heads: list[tuple[int, int]]) -> Name:
    """The head of the phrase a release word opens: the first name, or a later one that a
    descriptor ending in a head noun introduces (`Next.js 替代项目 vinext`, `Qwen 微调模型 Foo`);
    names joined by list words (`A 和 B`) are two things, the first kept."""
    found = after[0]
    for following in after[1:]:
        between = title[found.end : following.start]
        introduced = any(found.end <= a and not title[b : following.start].strip() for a, b in heads)
        if not introduced or len(between) > _APPOSITIVE_GAP or LIST_JOINER.search(between):
            break
        found = following
    return found


def asides(sentence: str, offset: int) -> list[tuple[int, int]]:
    """Spans of bracketed asides in a sentence (offsets shifted by `offset`)."""
    spans = []
    depth_start: int | None = None
    for i, char in enumerate(sentence):
        if char in "(（":
            depth_start = i
        elif char in ")）" and depth_start is not None:
            spans.append((offset + depth_start, offset + i + 1))
            depth_start = None
    return spans


def _modifies(text: str, name: Name, following: Name | None) -> bool:
    """`name 的 following` (a few words apart): the name describes the one after it."""
    if following is None or not text:
        return False
    between = text[name.end : following.start].strip()
    return len(between) <= _MODIFIER_GAP and between.endswith(POSSESSIVE_PARTICLES)


def choose_subject(
    names: list[Name],
    start: int,
    end: int,
    clause: tuple[int, int],
    excluded: list[Hit | Name],
    aside_spans: list[tuple[int, int]],
    text: str = "",
    after: bool = True,
) -> Name | None:
    """The subject of the figure at [start, end) among a sentence's names (see the module doc).
    With `after` false, no name after the figure is taken (what a count counts is not its owner)."""

    def allowed(name: Name) -> bool:
        if any(x.start <= name.start < x.end for x in excluded):
            return False
        return not any(a <= name.start < b and not (a <= start < b) for a, b in aside_spans)

    usable = [n for n in names if allowed(n)]
    before_clause = [n for n in usable if clause[0] <= n.start and n.end <= start]
    if before_clause:
        return before_clause[-1]
    after_clause = [n for n in usable if end <= n.start and n.end <= clause[1]] if after else []
    if after_clause and after_clause[0].start - end <= _ADJACENT:
        return after_clause[0]  # `两台 Project DIGITS`: the thing right after the figure
    before = [n for n in usable if n.end <= start]
    # `Elon Musk's AI company`: a possessor names whose thing it is, not what the figure is about.
    owned = [n for n in before if not _POSSESSOR.match(text, n.end)] if text else before
    before = owned or before
    following: list[Name | None] = [*before[1:], None] if before else []
    heads = [n for n, after in zip(before, following, strict=True) if not _modifies(text, n, after)]
    if heads:
        # The most specific kind of name first (a model before its maker). Among those, the subject
        # of an earlier clause carries over: the first name of a clause rather than one after a
        # verb in it (`微软反制Meta…，提供…` -> 微软), the latest such clause first (`用Trae搭建…，
        # 含四模块` -> Trae); a name that only modifies the next (`Blackwell GPU 的 RTX 5090`) is
        # no topic.
        best = min(TYPE_RANK.get(n.type, 1) for n in heads)
        leading = [
            n
            for i, n in enumerate(heads)
            if TYPE_RANK.get(n.type, 1) == best
            and (i == 0 or CLAUSE_END.search(text, heads[i - 1].end, n.start))
        ]
        return leading[-1] if leading else most_specific(heads)
    return after_clause[0] if after_clause else None
