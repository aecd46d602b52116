"""What the words of a name are like: ordinary words the document also writes in lower case, a
name that says little by its shape (`BI`, `English`), Title Case text."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from claims.extraction.lexicon import Lexicon
from claims.extraction.names import SHAPE_TYPE, Name
from claims.text.masking import mask

# A word's first letter is matched before what stands left of it is looked at: a pattern opening
# with a character class lets the engine skip in C to the places a word can start.
_WORD = re.compile(r"[a-z](?<![A-Za-z0-9.@/-][a-z])[a-z-]{2,}(?![A-Za-z0-9@/]|\.[A-Za-z0-9])")
# Capitalised after a lower-case word: a name mid-sentence, not a sentence opening or a Title Case heading.
_TITLED = re.compile(r"[A-Z](?:(?<=[a-z] [A-Z])|(?<=[a-z], [A-Z]))[a-z-]{2,}(?![A-Za-z0-9@/]|\.[A-Za-z0-9])")
# A Title Case heading, whose words are capitalised anyway.
_TITLE_CASE_RUN = re.compile(r"[A-Z][a-z]+ [A-Z][a-z]+ [A-Z]")
OPENING = re.compile(r"[\s|#>*\-+\[\](\"'“‘]*")  # markup and quotes that may precede a sentence's first word
_TITLE_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# Words a Title Case heading leaves in lower case.
_MINOR_WORDS = frozenset(
    ("a", "an", "the", "of", "for", "and", "or", "but", "nor", "on", "in", "at", "to", "by", "with", "via",
     "from", "as", "vs", "is", "are", "be")
)  # fmt: skip
_ACRONYM = re.compile(r"[A-Z]{2,4}s?")
# What only a name's word has: a digit, a capital inside a word (`OpenAI`, `LLaMA`), or all capitals.
_NAME_ONLY = re.compile(r"\d|[a-z][A-Z]|^[A-Z]{2,}\b")


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


def without_common_opening(
    text: str, lo: int, start: int, end: int, common: frozenset[str], lexicon: Lexicon
) -> int:
    """Where a shape name really starts once ordinary capitalised words are left out; `end` when
    nothing is left. One ordinary word alone (`Recent`, `Inference`, `Company` in a Title Case
    heading) is no name wherever it stands; leading ordinary words (`Introducing SceneScript`,
    `Finetune Llama 3`) are dropped before a name that stands by itself."""
    if not common:
        return start
    if OPENING.fullmatch(text, lo, start) is None and not _TITLE_CASE_RUN.match(text, start):
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


def ordinary_term(surface: str, common: frozenset[str]) -> bool:
    """A hyphenated compound of plain words (`Mixture-of-Experts`, `State-of-the-Art`) that the
    document also writes in lower case: a term, wherever it stands."""
    parts = surface.split("-")
    return len(parts) >= 2 and all(p.isalpha() for p in parts) and surface.lower() in common


def _plain_words(surface: str, common: frozenset[str]) -> list[bool]:
    """For each word of `surface`: a capitalised ordinary word (`Inference`, `Windows`)."""
    return [
        w.isalpha() and w[0].isupper() and w[1:].islower() and w.lower() in common for w in surface.split()
    ]


def ordinary_phrase(surface: str, common: frozenset[str], text: str) -> bool:
    """Two or more capitalised ordinary words (`Efficient Inference`, `Context Windows`) that the
    document also writes in lower case as a phrase: words of a heading, no name. A name of plain
    words (`Thinking Machines Lab`) is never written so."""
    plain = _plain_words(surface, common)
    if len(plain) < 2 or not all(plain):
        return False
    # The plain substring search is far quicker than the regex over a long document (a pattern
    # opening with \b has no literal prefix to skip by): the regex is only tried where the phrase
    # stands, to see that it stands as whole words.
    lower = surface.lower()
    at = text.find(lower)
    if at == -1:
        return False  # most phrases: no pattern to make (each phrase's own is compiled anew)
    whole = re.compile(rf"\b{re.escape(lower)}\b")
    while at != -1:
        if whole.match(text, at) is not None:
            return True
        at = text.find(lower, at + 1)
    return False


def without_common_tail(text: str, start: int, end: int, common: frozenset[str]) -> int:
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


def _ordinary_in(word: str, common: frozenset[str], body: str, kept: frozenset[str]) -> bool:
    """A capitalised word of plain letters (hyphens inside: `Fine-tuning`) that the document or the
    item's body writes in lower case: an ordinary word a Title Case headline capitalised. A word of
    `kept` (a plan word: `Turbo`, `Pro`) is part of a name wherever it stands."""
    parts = word.split("-")
    if word.casefold() in kept or not all(p.isalpha() for p in parts):
        return False
    if not word[0].isupper() or word[1:] != word[1:].lower():
        return False
    lower = word.lower()
    if lower in common:
        return True
    # the word's own pattern is made only where the body holds it at all
    return lower in body and re.search(rf"(?<![\w-]){re.escape(lower)}(?![\w-])", body) is not None


def headline_core(
    surface: str,
    common: frozenset[str],
    body: str,
    listed: Callable[[str], bool],
    kept: frozenset[str] = frozenset(),
) -> tuple[int, int]:
    """The part of a name found in a Title Case headline that is the name, as offsets into
    `surface`: ordinary words the headline capitalised are cut from its edges (`OpenAI Reportedly
    Slated` -> `OpenAI`, `The OpenAI Deal` -> `OpenAI`, `Self Hosting Llama-3` -> `Llama-3`) when what
    is left is a name by itself: a word only a name has (a digit, an inner capital, all capitals)
    or a listed name. A name of plain words (`Thinking Machines Lab`) has no such core and is kept;
    so is a name the item's body writes whole, and a listed name's one ordinary word after it
    (`Apple Intelligence`).

    >>> ordinary = frozenset({"reportedly", "slated", "deal", "hosting"})
    >>> core = lambda s: headline_core(s, ordinary, "", lambda _: False)
    >>> names = ("OpenAI Reportedly Slated", "OpenAI Deal", "Hosting Llama-3", "Thinking Machines")
    >>> [s[a:b] for s in names for a, b in [core(s)]]
    ['OpenAI', 'OpenAI', 'Llama-3', 'Thinking Machines']
    >>> listed = lambda s: s in ("Apple", "Mistral")
    >>> cores = [headline_core(s, ordinary, "", listed) for s in ("Apple Deal", "Mistral Hosting Deal")]
    >>> [s[a:b] for s, (a, b) in zip(("Apple Deal", "Mistral Hosting Deal"), cores)]
    ['Apple Deal', 'Mistral']
    """
    whole = (0, len(surface))
    if surface in body or listed(surface):
        return whole
    words = list(re.finditer(r"\S+", surface))
    ordinary = [_ordinary_in(w.group(), common, body, kept) for w in words]
    first, last = 0, len(words)
    while first < last and ordinary[first]:
        first += 1
    while last > first and ordinary[last - 1]:
        last -= 1
    if (first, last) == (0, len(words)) or first == last:
        return whole
    core = surface[words[first].start() : words[last - 1].end()]
    strong = any(_NAME_ONLY.search(w.group()) for w in words[first:last])
    # A listed name and one ordinary word after it is often a product of its own (`Apple
    # Intelligence`, `Google Search`); two are the headline's words (`Mistral Fine-tuning Code`).
    tail_ok = strong or (listed(core) and len(words) - last >= 2)
    if last < len(words) and not tail_ok:
        last = len(words)
    if (first, last) == (0, len(words)) or not (
        strong or listed(surface[words[first].start() : words[last - 1].end()])
    ):
        return whole
    return words[first].start(), words[last - 1].end()


def ordinary_word(surface: str, common: frozenset[str]) -> bool:
    """One capitalised word that the document also writes in lower case (see `common_words`)."""
    return surface.isalpha() and surface[0].isupper() and surface[1:].islower() and surface.lower() in common


def titled(text: str) -> bool:
    """Text in Title Case (a work's subtitle: `Embedding-free Image Generation via Bit Tokens`),
    not a sentence (`Apple internally believes that …`); Chinese text has no case and is never."""
    words = [w for w in _TITLE_WORD.findall(text) if w.casefold() not in _MINOR_WORDS]
    return len(words) >= 1 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def all_capitalised(text: str) -> bool:
    """Every word but the minor ones capitalised (`Efficient Inference of Small Models`), as a Title
    Case headline writes; a sentence-case headline (`Lumen Labs raises a Series B`) is not."""
    words = [w for w in _TITLE_WORD.findall(text) if w.casefold() not in _MINOR_WORDS]
    return len(words) >= 2 and all(w[0].isupper() for w in words)


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


def plain_word(name: Name) -> bool:
    """A name by shape that is one plain capitalised word (`Scheduling`, `Mighty`, `Weaver`)."""
    return name.type == SHAPE_TYPE and name.text.isalpha() and name.text[1:].islower()


def plain_phrase(name: Name) -> bool:
    """A name by shape whose every word is a plain capitalised word or a minor word (`Context
    Windows`, `Efficient Inference`, `Million-Length Video`): in a Title Case headline, the shape
    says nothing; a digit, an inner capital or an acronym (`Stable Video 4D`, `xAI`) does.

    >>> from claims.extraction.names import Name
    >>> names = ("Context Windows", "Stable Video 4D", "xAI Starts")
    >>> [plain_phrase(Name(0, 0, s, s, SHAPE_TYPE)) for s in names]
    [True, False, False]
    """
    if name.type != SHAPE_TYPE:
        return False
    parts = [p for word in name.text.split() for p in word.split("-")]
    return all(
        p.isalpha() and ((p[0].isupper() and p[1:].islower()) or p.casefold() in _MINOR_WORDS) for p in parts
    )
