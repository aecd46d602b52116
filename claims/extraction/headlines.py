"""Headlines: the topic a news item's headline is about (what it releases, not who), and whether
the headline opens with it (`JetMoE: …`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from claims.extraction.name_words import all_capitalised, plain_phrase, plain_word, titled
from claims.extraction.names import DIGIT, HAN, LIST_JOINER, SHAPE_TYPE, VERSION_TOKEN, Name
from claims.extraction.subjects import most_specific
from claims.text.punctuation import COLONS, COMMAS, OPENING_BRACKETS, SEMICOLONS, SENTENCE_STOPS, marks


@dataclass(frozen=True, slots=True)
class Headline:
    """What an item's headline tells its sentences and subject strategies (`item.read_headline`)."""

    title_names: list[Name]  # the headline's names, baselines and exceptions left out
    title_name: Name | None  # the headline's topic, with the plan it names (`ChatGPT Pro`)
    title_lead: bool  # the topic opens the headline (`JetMoE: …`)
    title_tiers: dict[str, Name]  # plan word -> the product the headline names it with
    # Names the headline made known that no lexicon or shape finds (`甲骨文`, `秘塔AI搜索`): the
    # item's sentences know them wherever they are written.
    known: tuple[Name, ...] = ()
    # Plain capitalised words of a Title Case headline that the body never writes (`Penalty`, `Hard
    # Part`): the headline's capitals, not names, wherever the headline is read as a sentence.
    headline_only: frozenset[str] = frozenset()
    # The names of a Title Case headline that hold ordinary capitalised words at their edges, and
    # the offsets of what is the name in them (`OpenAI Reportedly Slated` -> `OpenAI`): the headline's
    # capitals, cut off wherever the headline is read as a sentence.
    headline_cores: dict[str, tuple[int, int]] = field(default_factory=dict)
    # Where the item writes a listed family's name before another name (`Claude Opus 4.6`): position
    # after the space, and the family. The bare member elsewhere (`Opus 4.6`) is keyed in full.
    family_leads: tuple[tuple[int, str], ...] = ()


# A headline that opens with a name and a colon is that thing's title (`MaskBit: Embedding-free Image
# Generation`, `DataLab: A Unified Platform`): the name before the colon is what the item is about.
_LEAD_COLON = re.compile(
    rf"\s*[^{marks(COLONS)}]{{1,60}}?\s*[{marks(COLONS)}](?!//)"
)  # not the colon of a link's `https://`
_BARE_WORD = r"[\w+/-]*(?:\.[\w+/-]+)*"  # dots only inside (`Transformers.js`), not the headline's full stop
_BARE_TITLE = re.compile(rf"\s*([A-Za-z]{_BARE_WORD}(?: [A-Z]{_BARE_WORD}){{0,3}})\s*\.?\s*")
# What ends a headline's clause: a release word followed by one releases nothing named
# (`Hermes Agent v0.2.0 发布，支持多 IDE 集成`: the versioned name before it is what is released).
_CLAUSE_BREAK = re.compile(f"[{marks(COMMAS, SEMICOLONS, SENTENCE_STOPS, COLONS)}]")
_PHRASE_END = re.compile(f"[{marks(COMMAS, SENTENCE_STOPS, SEMICOLONS, COLONS, OPENING_BRACKETS)}]")
_APPOSITIVE_GAP = 12  # characters of descriptor between a name and the name it describes
_HEADLINE_MARKUP = " *#>[\"'“"
_LEAD_LONGEST = 10  # characters of a Chinese headline's opening noun phrase taken as one name
# What such a phrase may hold: Chinese, Latin letters, digits (`秘塔AI搜索`, `阶跃星辰`), nothing else.
_LEAD_SHAPE = re.compile(r"[\u4e00-\u9fffA-Za-z0-9 .+-]+")


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
    return titled(title[lead.end() :])


def _titled_lead(title: str, lead: re.Match) -> Name | None:
    """The words before a headline's colon as a work's name, when they are in Title Case and
    Latin (`Relaxed Recursive Transformers`, `Rephrasing the Web`), not a sentence or a person."""
    text = title[lead.start() : lead.end()].strip(" :：*#>[\"'“")
    if not text or HAN.search(text) or not text[0].isupper() or not titled(text):
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
    live: list[tuple[int, int]] | None = None,
) -> Name | None:
    """What a news item is about, read from its headline's names: the name that opens a `Name:`
    headline, else the first name after a release word (`Reka 发布 Reka Edge`, `Introducing
    SceneScript`: the thing released, not who released it), else the most specific name.

    What is released is the head of its phrase: `推出 Next.js 替代项目 vinext` releases vinext, the
    name after a descriptor ending in a HEAD_NOUN (`heads`, spans in the title). A thing named with
    a version right before a word of going live (`live`, spans in the title) goes live somewhere
    (`Qwen3.7-Max 上线 API 和 Qwen Studio`) or is released by a word that ends its clause (`Hermes
    Agent v0.2.0 发布，支持…`): it is the topic when what follows names no version; before a word that
    releases what follows it is the maker (`Ai2 发布 MolmoWeb`).

    A person in a headline is who speaks or acts, never the topic while another name is there. A
    headline capitalises every word, so one plain capitalised word is a name only when the item's
    `body` (its text without the headline) writes it too (`Weaver`, not `Scheduling`).
    """
    # Chinese headlines have no Title Case: a capitalised word there is a name. In a Title Case
    # headline plain capitalised words (`Context Windows`, `Military Contracts`) are a name only
    # when the body writes them too.
    if not HAN.search(title):
        plain = plain_phrase if all_capitalised(title) else plain_word
        names = [n for n in names if not plain(n) or n.text in body]
    usable = [n for n in names if n.type not in ("person", "event")] or names
    every = usable  # a version's owner may be a name set aside below (`OpenClaw 更新 v2026.5.27：…`)
    if not usable:
        return _title_as_name(title)

    lead = _LEAD_COLON.match(title)
    if lead is not None:
        opening = [n for n in usable if n.end <= lead.end() and not title[: n.start].strip(" *#>[\"'“")]
        if opening and titled(title[lead.end() :]):
            return opening[0]
        work = _titled_lead(title, lead)
        if not opening and work is not None and titled(title[lead.end() :]):
            return work  # `Rephrasing the Web: A Recipe for …`: a paper's or a work's own name
        # `Gurman: Apple internally believes …`: a name before a colon and a sentence is who speaks.
        usable = [n for n in usable if n not in opening] or usable
    for release_start, release_end in releases:
        after = [n for n in usable if n.start >= release_end]
        maker = next((n for n in reversed(usable) if n.end <= release_start), None)
        cut = _CLAUSE_BREAK.search(title, release_end, after[0].start) if after else None
        if (
            cut is not None
            and HAN.search(title)
            and maker is not None
            and not title[maker.end : release_start].strip()
            and title[cut.end() : after[0].start].strip()
        ):
            # `OpenClaw 发布更新，支持接入实时 Chrome 会话`: the release word names nothing in its
            # clause and the later clause only mentions a name; the name that released is the topic.
            # A later clause that opens with a name is about it (`…，GPT-Realtime-2 具 GPT-5 级推理`).
            return maker
        if after:
            before = [n for n in usable if n.end <= release_start]
            if VERSION_TOKEN.fullmatch(after[0].text) and before:
                # `Hermes Agent 发布 v0.11.0`: a bare version is released by the name before it
                named = before[-1]
                surface = f"{named.text} {after[0].text}"
                return Name(
                    named.start, after[0].end, surface, f"{named.key} {after[0].text}", _versioned_type(named)
                )
            released = _phrase_head(title, after, heads or [])
            doer = before[-1] if before else None
            if (
                doer is not None
                and (any(a < release_end and release_start < b for a, b in live or []) or cut is not None)
                and not title[doer.end : release_start].strip()
                and doer.type not in ("org", "person")
                and DIGIT.search(doer.text)
                and not DIGIT.search(released.text)
            ):
                return doer
            if (
                doer is not None
                and HAN.search(title)
                and not title[doer.end : release_start].strip()
                and doer.type != "person"
                and released.type == SHAPE_TYPE
                and plain_word(released)
                and _names_a_feature(title, released, features or [])
            ):
                # `Firecrawl 发布 Monitoring 功能`: one plain word released by a maker is its feature
                surface = f"{doer.text} {released.text}"
                return Name(doer.start, released.end, surface, f"{doer.key} {released.text}", SHAPE_TYPE)
            return released
    opener = _sentence_subject(title, usable)
    if opener is not None:
        return opener
    # No release word: a name right after a head noun is the thing the headline presents (`Jina AI
    # 新模型 jina-embeddings-v5-omni 支持…`), not the maker before it.
    headed = [
        n
        for n in usable
        if any(0 <= n.start - end <= 1 and not title[end : n.start].strip() for _, end in heads or [])
    ]
    return headed[0] if headed else _versioned(most_specific(usable), every)


def _versioned_type(named: Name) -> str:
    """The type of a name and the version after it: a company's version is a product's, not the
    company (`DeepSeek 发布 V4.1`: DeepSeek V4.1, whose money is still DeepSeek's)."""
    return SHAPE_TYPE if named.type == "org" else named.type


def _versioned(chosen: Name | None, names: list[Name]) -> Name | None:
    """A bare version is the version of the name before it (`OpenClaw 更新 v2026.5.27`: OpenClaw
    v2026.5.27), whatever word stands between."""
    if chosen is None or VERSION_TOKEN.fullmatch(chosen.text) is None:
        return chosen
    before = [n for n in names if n.end <= chosen.start]
    if not before:
        return chosen
    named = before[-1]
    surface, key = f"{named.text} {chosen.text}", f"{named.key} {chosen.text}"
    return Name(named.start, chosen.end, surface, key, _versioned_type(named))


def headline_words(
    title: str, names: list[Name], body: str, topic: Name | None, releases: list[tuple[int, int]]
) -> frozenset[str]:
    """The names of a Latin headline that are only its capitals: plain capitalised words (every
    word plain, in a Title Case headline) that the item's body never writes (`Dutch Regulator Slams
    Clearview AI with €30.5 Million Penalty`: Penalty), those that act in it left aside (`_acts`).
    Where the headline is read as a sentence of the item (a table row's linked title), they are no
    names either."""
    if HAN.search(title):
        return frozenset()
    plain = plain_phrase if all_capitalised(title) else plain_word
    return frozenset(
        n.text for n in names if plain(n) and n.text not in body and not _acts(title, n, topic, releases)
    )


def _acts(title: str, name: Name, topic: Name | None, releases: list[tuple[int, int]]) -> bool:
    """A name a headline opens with or makes act is its subject, plain or not (`Magic raises $117m`,
    `Pixtral 12B.`, `…: Assort Health Secures $3.5 Million`), as is the topic it releases (`Announcing
    Qdrant's $28M Series A`)."""
    if (topic is not None and topic.text == name.text) or released_in_headline(title, name, releases):
        return True
    following = title[name.end :].split(None, 1)
    return not title[: name.start].strip(_HEADLINE_MARKUP) or bool(following and _verb_like(following[0]))


def _sentence_subject(title: str, names: list[Name]) -> Name | None:
    """The name an English headline opens with, when the headline is a sentence about it (`Sakana AI
    raises $30m seed`, `Lambda Announces $500M …`): its grammatical subject, what the item is
    about, though a more specific name follows (`Nvidia beats estimates as H100 demand soars`).
    Not a possessor (`Meta's Llama 4 …` is about Llama 4) and not in Chinese headlines, whose
    opening noun phrase `headline_subject` reads."""
    if HAN.search(title) or not names:
        return None
    first = min(names, key=lambda n: n.start)
    if title[: first.start].strip(_HEADLINE_MARKUP) or title[first.end : first.end + 2] in ("'s", "’s"):
        return None
    following = title[first.end :].split(None, 1)
    return first if following and _verb_like(following[0]) else None


_VERB_LETTERS = 4  # `Is`, `Has`, `Was` link a Title Case phrase (`AI at Work Is Here`) more often than not


def _verb_like(word: str) -> bool:
    """A headline's verb right after its subject: a word ending like a present-tense or past verb
    (`raises`, `Announces`, `Hits`, `launched`), not a role (`co-founder`) or `to` (`Meta to launch
    Llama 3` is about what is launched)."""
    word = word.rstrip(",.:;!?")
    if not word.isalpha() or len(word) < _VERB_LETTERS:
        return False
    return (word.endswith("s") and not word.endswith("ss")) or word.endswith("ed")


class LeadWords(NamedTuple):
    """What `headline_subject` reads in a headline besides its names: spans of LEAD_END words
    (`ends`), of a report's framing (`openers`: 消息称), of SPEAK words (`speaking`: 称, 回应), and of
    head or feature nouns (`nouns`: 模型, 功能); and the lexicon's name breaks and generic openings."""

    ends: list[tuple[int, int]]
    openers: list[tuple[int, int]]
    speaking: list[tuple[int, int]]
    nouns: list[tuple[int, int]]
    breaks: frozenset[str]
    generic: frozenset[str]


def headline_subject(title: str, names: list[Name], words: LeadWords) -> Name | None:
    """The noun phrase a Chinese headline opens with, up to its first predicate (a LEAD_END word),
    when that phrase is one name: the name found there, or the phrase itself when nothing in it was
    found by the lexicon or by shape (`甲骨文启动裁员…`, `秘塔AI搜索上线…`, `面壁智能获得…`). It is the
    headline's grammatical subject. A report's framing before it (消息称, 据报道) is read past. No
    name: a phrase before a SPEAK word (`郭明錤称…`, `奥特曼回应…`: who speaks), one holding a word that
    breaks a name (的, 与, 将), opening with a generic word (该, 有关) or that is only a head noun
    (`模型发布`: a digest's section).

    >>> none = LeadWords([(3, 5)], [], [], [], frozenset(), frozenset())
    >>> headline_subject("甲骨文启动裁员", [], none).text
    '甲骨文'
    """
    if not HAN.search(title):
        return None
    begin = len(title) - len(title.lstrip(_HEADLINE_MARKUP))
    for start, end in words.openers:
        if start == begin:
            begin = end + len(title[end:]) - len(title[end:].lstrip(" ,，:："))
    stop = next((start for start, _ in words.ends if start > begin), None)
    if stop is None or any(start == stop for start, _ in words.speaking):
        return None
    phrase = title[begin:stop].rstrip()
    end = begin + len(phrase)
    inside = [n for n in names if n.start < end and n.end > begin]
    if inside:
        whole = len(inside) == 1 and (inside[0].start, inside[0].end) == (begin, end)
        return inside[0] if whole else None
    if not 2 <= len(phrase) <= _LEAD_LONGEST or not HAN.search(phrase) or not _LEAD_SHAPE.fullmatch(phrase):
        return None
    if any(c in words.breaks for c in phrase) or phrase.startswith(tuple(words.generic)):
        return None
    if any(a <= begin and end <= b for a, b in words.nouns):
        return None
    return Name(begin, end, phrase, phrase, SHAPE_TYPE)


def released_in_headline(title: str, name: Name, releases: list[tuple[int, int]]) -> bool:
    """Whether `name` is what a release word of the headline releases: it follows the word in the
    same phrase (`阶跃星辰发布 StepAudio 2.5 ASR`), not after a comma (`英伟达发布 30B MoE 模型，IMO 与
    IOI 获金牌`: IMO is no release)."""
    return any(_same_phrase(title, end, name) for _, end in releases)


def _same_phrase(title: str, at: int, name: Name) -> bool:
    """`name` follows position `at` with no punctuation between."""
    return at <= name.start and _PHRASE_END.search(title, at, name.start) is None


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
        introduced = any(
            found.end <= a and b <= following.start and not title[b : following.start].strip()
            for a, b in heads
        )
        if not introduced or len(between) > _APPOSITIVE_GAP or LIST_JOINER.search(between):
            break
        found = following
    return found
