"""One news item as extraction reads it: its headline's names and topic, its sentences so far,
and what is known about its figures (model sizes, listed figures). Made once per item with a
figure, its headline read when a figure first needs it; the claim assembly, the subject strategies
and the name forms look things up in it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import overload

from claims.extraction.extract_resources import ExtractResources
from claims.extraction.headlines import (
    Headline,
    LeadWords,
    headline_subject,
    headline_topic,
    headline_words,
    opens_headline,
    released_in_headline,
)
from claims.extraction.lexicon import Lexicon, Present, halfwidth
from claims.extraction.name_finder import find_names
from claims.extraction.name_forms import tier_base
from claims.extraction.name_roles import set_apart
from claims.extraction.name_words import all_capitalised, headline_core
from claims.extraction.names import DIGIT, HAN, LIST_JOINER, Name
from claims.extraction.number_vetoes import figures_only
from claims.extraction.sentences import Sentence, cut_to, with_family
from claims.model import Document, Quantity, Segment
from claims.quantities.find import find_quantities
from claims.text import sizes
from claims.text.plain import HEADING_LINE
from claims.text.punctuation import CLOSING_BRACKETS, OPENING_BRACKETS, marks

_TITLE_TIER = re.compile(r"(?<![A-Za-z0-9-])[A-Za-z]+(?![A-Za-z0-9-])")
_LIST_GAP = 6  # characters between two listed figures (`、`, ` and `, `, and `)


@dataclass(frozen=True, slots=True)
class Decision:
    """How a figure was read: the rule that decided it (a claim rule or a `none.*` veto) and, for a
    claim, the subject strategy (`subject_choice.SUBJECT_STRATEGIES`) that chose its subject."""

    rule: str
    subject_strategy: str | None = None
    # the names set apart as something else than the subject (`claims.extraction.name_roles`): written
    # form and part (`baseline`, `source`, `recipient`, `setting` …), in the order found
    set_apart: tuple[tuple[str, str], ...] = ()


class Sentences(Sequence[Sentence]):
    """The sentences of an item read so far, in order. A sentence with no figure is made (by its
    `factory`) only when something looks back at it: most sentences of a long item hold none, and
    most of those are never looked at again."""

    __slots__ = ("_made", "_waiting")

    def __init__(self) -> None:
        self._made: list[Sentence | None] = []
        self._waiting: dict[int, Callable[[], Sentence]] = {}  # place -> how to make its sentence

    def append(self, sentence: Sentence) -> None:
        self._made.append(sentence)

    def append_later(self, factory: Callable[[], Sentence]) -> None:
        self._waiting[len(self._made)] = factory
        self._made.append(None)

    def __len__(self) -> int:
        return len(self._made)

    @overload
    def __getitem__(self, index: int) -> Sentence: ...

    @overload
    def __getitem__(self, index: slice) -> list[Sentence]: ...

    def __getitem__(self, index: int | slice) -> Sentence | list[Sentence]:
        if isinstance(index, slice):
            return [self._at(i) for i in range(*index.indices(len(self._made)))]
        return self._at(range(len(self._made))[index])

    def _at(self, place: int) -> Sentence:
        made = self._made[place]
        if made is None:
            made = self._made[place] = self._waiting.pop(place)()
        return made


@dataclass(slots=True)
class Item:
    """Extraction state of one news item (a segment): its headline's names, the sentences read so
    far and the rule that decided on each figure."""

    doc: Document
    text: str  # the width-folded, masked document text
    segment: Segment
    resources: ExtractResources
    common: frozenset[str]
    heading: tuple[int, int]  # the span of the item's own heading in the text
    size_ends: dict[int, int] = field(default_factory=dict)  # start -> end of each model size (`70B`)
    listed: set[tuple[int, int]] = field(default_factory=set)  # figures listed with others of their shape
    sentences: Sentences = field(default_factory=Sentences)  # read so far, in order
    one_topic: bool = True  # a news item short enough to be about its headline's topic alone
    decisions: dict[tuple[int, int], Decision] = field(default_factory=dict)  # figure span -> decision
    _headline: Headline | None = None  # read when first asked for (`headline`)

    def headline(self) -> Headline:
        """What the item's headline tells, read on first use: an item none of whose figures a rule
        takes and none of whose sentences' names are looked at never reads it (a quarter of the
        items of the weekly news)."""
        if self._headline is None:
            self._headline = read_headline(self)
        return self._headline

    @property
    def title_names(self) -> list[Name]:
        return self.headline().title_names

    @property
    def title_name(self) -> Name | None:
        return self.headline().title_name

    @property
    def title_lead(self) -> bool:
        return self.headline().title_lead

    @property
    def title_tiers(self) -> dict[str, Name]:
        return self.headline().title_tiers

    def sentence(self, span: tuple[int, int], blocked: list[tuple[int, int]]) -> Sentence:
        return Sentence(
            span[0],
            span[1],
            self.text,
            self.resources.lexicon,
            blocked,
            {},
            common=self.common,
            title=self.heading,
            headline=self.headline,
        )

    def joins_sizes(self, lo: int, hi: int, joiner: re.Pattern[str] | None = None) -> bool:
        """Whether text[lo:hi] joins two members of a list or series of sizes: a list joiner
        (`、`, ` and `), a range joiner (`joiner`: ` to `, `-`) or one TO_LEVEL word, the next figure
        then being the next level of the same thing (`0.6B→4B`)."""
        text = self.text
        if LIST_JOINER.fullmatch(text, lo, hi) or (joiner is not None and joiner.fullmatch(text, lo, hi)):
            return True
        return self.resources.lexicon.classes["TO_LEVEL"].fills(text, lo, hi)

    def sizes_between(self, lo: int, hi: int) -> bool:
        """Whether text[lo:hi] is only sizes and what joins them (`、4B 和 ` in `Orca 0.6B、4B 和
        14B`): the figure after it is one more member of the list that opens at `lo`."""
        cursor = lo
        for size in sizes.GLUED.finditer(self.text, lo, hi):
            if not self.joins_sizes(cursor, size.start()):
                return False
            cursor = size.end()
        return self.joins_sizes(cursor, hi)

    def named(self, start: int, end: int, surface: str, kind: str, key: str | None = None) -> Name:
        """A name composed from parts (a variant, a sibling, a tier), keyed through the aliases."""
        written = key or surface
        return Name(start, end, surface, self.resources.lexicon.canonical(written) or written, kind)


def _headline_cores(
    title: str, names: list[Name], body: str, common: frozenset[str], lexicon: Lexicon
) -> dict[str, tuple[int, int]]:
    """For each name of a Latin Title Case headline that is more than its core, the core's offsets
    in it (`name_words.headline_core`). A sentence-case headline capitalises only names."""
    if HAN.search(title) or not all_capitalised(title):
        return {}
    cores = {}
    for name in names:
        if " " not in name.text:
            continue
        core = headline_core(name.text, common, body, lexicon.listed, lexicon.tiers)
        if core != (0, len(name.text)):
            cores[name.text] = core
    return cores


def _family_leads(text: str, start: int, end: int, lexicon: Lexicon) -> tuple[tuple[int, str], ...]:
    """Where text[start:end] writes a listed family's name and a space, and which family."""
    if lexicon.family_leads is None:
        return ()
    return tuple(
        (found.end(), lexicon.canonical(found.group(1)) or found.group(1))
        for found in lexicon.family_leads.finditer(text, start, end)
    )


def read_item(
    doc: Document,
    folded: str,
    segment: Segment,
    resources: ExtractResources,
    common: frozenset[str] = frozenset(),
) -> Item:
    """The item `segment` of `doc`; its headline (the names, the topic, the plans) is read when
    first needed (`Item.headline`)."""
    heading = _heading_span(doc.text, segment)  # the masked text has lost the link's brackets
    return Item(doc=doc, text=folded, segment=segment, resources=resources, common=common, heading=heading)


def read_headline(item: Item) -> Headline:
    """The headline of `item` read: its names, its topic and the plans it names."""
    folded, segment, resources, common = item.text, item.segment, item.resources, item.common
    lexicon = resources.lexicon
    title = halfwidth(segment.title or "")
    found = find_quantities(title, resources=resources.quantities)
    figures = [(q.start, q.end) for q in figures_only(found, title, resources.quantities)]
    numbers = figures + [(h.start, h.end) for h in lexicon.benchmarks.find(title)]
    numbers += lexicon.benchmark_name_spans(title)  # `… on the Berkeley Function-Calling Benchmark`
    cues = lexicon.cue_classes_in(title, 0, len(title))  # the cue classes the headline may hold
    releases = [(h.start, h.end) for h in lexicon.cue_class_hits("RELEASE", title, present=cues)]
    title_names = find_names(title, 0, len(title), lexicon, numbers, common, (0, len(title)))
    tiers = lexicon.tiers
    title_names = [n for n in title_names if n.text.casefold() not in tiers]  # `1.5 Pro pricing`
    # `This AI startup backed by Nvidia is now worth $19 billion`: an investor is no topic, nor
    # is an English baseline (`Quillbox beats GPT-4o on …`); a Chinese headline's 对 or 超过 is as
    # often `反对 Mythos 扩容` or `超过 9000 亿` as a comparison.
    marks = [(h.start, h.end) for h in lexicon.cue_class_hits("EXCEPT", title, present=cues)]
    marks += [
        (h.start, h.end)
        for h in lexicon.cue_class_hits("COMPARE", title, present=cues)
        if title[h.start].isascii()
    ]
    apart = set_apart(title, marks, title_names)
    title_names = [n for n in title_names if n not in apart]
    heading = item.heading
    body = folded[segment.start : heading[0]] + folded[max(heading[1], segment.start) : segment.end]
    cores = _headline_cores(title, title_names, body, common, lexicon)
    title_names = [cut_to(n, cores[n.text], lexicon) if n.text in cores else n for n in title_names]
    heads = [(h.start, h.end) for h in lexicon.cue_class_hits("HEAD_NOUN", title, present=cues)]
    features = [(h.start, h.end) for h in lexicon.cue_class_hits("FEATURE_NOUN", title, present=cues)]
    lead = headline_subject(title, title_names, _lead_words(title, lexicon, heads + features, cues))
    # The phrase a Chinese headline opens with, when nothing found it as a name, is one if the item's
    # body writes it too (`甲骨文启动裁员…` … `甲骨文为应对…`), not when it is only the headline's
    # wording (`美国多州立法限制…`).
    known: tuple[Name, ...] = ()
    if lead is not None and lead not in title_names and lead.text in body:
        known = (Name(lead.start, lead.end, lead.text, lexicon.canonical(lead.text) or lead.text, lead.type),)
        title_names = sorted([*title_names, *known], key=lambda n: n.start)
    leads = _family_leads(folded, segment.start, segment.end, lexicon)
    if leads:
        title_names = with_family(title_names, leads, folded, lexicon)
    live = [(h.start, h.end) for h in lexicon.cue_class_hits("GO_LIVE", title, present=cues)]
    topic = headline_topic(title, title_names, releases, body, heads, features, live)
    headline_only = headline_words(title, title_names, body, topic, releases)
    if known and (topic is None or _yields_to_lead(title, topic, releases)):
        topic = known[0]
    title_name = topic
    # `推出 ChatGPT 100 美元 Pro 档`: the headline's topic is the plan it names right after the
    # product (a price between at most); `向 Pro 用户开放` names an audience, `to launch Max` a product.
    if topic is not None:
        for word in _TITLE_TIER.finditer(title, topic.end):
            between = _only_figures(title, topic.end, word.start(), figures)
            if word.group().casefold() in tiers and between:
                surface = f"{topic.text} {word.group()}"
                title_name = item.named(topic.start, topic.end, surface, topic.type)
                break
    return Headline(
        title_names=title_names,
        title_name=title_name,
        title_lead=topic is not None and opens_headline(title, topic),
        title_tiers=_tiers_named(title, title_names, tiers),
        known=known,
        headline_only=headline_only,
        headline_cores=cores,
        family_leads=leads,
    )


def _yields_to_lead(title: str, topic: Name, releases: list[tuple[int, int]]) -> bool:
    """Whether the headline's topic gives way to the name the headline opens with: it is a company
    or a person the subject acts on (`面壁智能获得中国电信战略投资`), not a thing it releases
    (`阶跃星辰发布 StepAudio 2.5 ASR`) nor a versioned product (`火山引擎公布Seedance2.0…定价`)."""
    if released_in_headline(title, topic, releases) or DIGIT.search(topic.text):
        return False
    return topic.type in ("org", "person")


def _lead_words(title: str, lexicon: Lexicon, nouns: list[tuple[int, int]], cues: Present) -> LeadWords:
    """The words of `title` that `headline_subject` reads (`cues`: the classes the title may hold)."""

    def spans(name: str) -> list[tuple[int, int]]:
        return [(h.start, h.end) for h in lexicon.cue_class_hits(name, title, present=cues)]

    ends, openers, speaking = spans("LEAD_END"), spans("HEADLINE_OPENER"), spans("SPEAK")
    return LeadWords(ends, openers, speaking, nouns, lexicon.name_breaks, lexicon.generic)


def listed_spans(item: Item, quantities: Sequence[Quantity]) -> set[tuple[int, int]]:
    """The figures of an item that are a range of two sizes (`from 3B to 14B`) or stand in a list
    with a neighbour of their shape (`1.5B、7B 和 32B`, `1B, 3B, and 40B parameter models`, a
    series of levels `0.6B→4B→14B`)."""
    listed = {(q.start, q.end) for q in quantities if len(sizes.IN_TEXT.findall(q.text)) >= 2}
    joiner = item.resources.range_joiner()
    for a, b in pairwise(q for q in quantities if sizes.LEADING.match(q.text)):
        # an aside after a size says more of it (`0.6B（1024维）和 4B（2560维）`): the list goes on after
        lo = _past_aside(item.text, a.end, b.start)
        if 0 <= b.start - lo <= _LIST_GAP and item.joins_sizes(lo, b.start, joiner):
            listed |= {(a.start, a.end), (b.start, b.end)}
    return listed


_OPEN, _CLOSE = marks(OPENING_BRACKETS), marks(CLOSING_BRACKETS)
_ASIDE = re.compile(rf"[\s*]*[{_OPEN}][^{_OPEN}{_CLOSE}]{{1,24}}[{_CLOSE}]")  # `（1024维）`


def _past_aside(text: str, lo: int, hi: int) -> int:
    """Where text[lo:hi] goes on after a bracketed aside opening it, else `lo`."""
    aside = _ASIDE.match(text, lo, hi)
    return aside.end() if aside is not None else lo


def _only_figures(text: str, lo: int, hi: int, figures: list[tuple[int, int]]) -> bool:
    """Whether text[lo:hi] holds nothing but spaces and whole figures (`ChatGPT 100 美元 Pro`: the
    plan's price stands between the product and its plan)."""
    rest = list(text[lo:hi])
    for a, b in figures:
        if lo <= a and b <= hi:
            rest[a - lo : b - lo] = " " * (b - a)
    return not "".join(rest).strip()


def _tiers_named(title: str, names: list[Name], tiers: frozenset[str]) -> dict[str, Name]:
    """The plan words a headline writes after a product (`ChatGPT 100 美元 Pro 档`), each with it."""
    found: dict[str, Name] = {}
    for word in _TITLE_TIER.finditer(title):
        tier = word.group().casefold()
        if tier not in tiers or not word.group()[0].isupper():
            continue  # `Embedding-free`, `Ultra-Fast`: a word of a compound, no plan
        before = [n for n in names if n.end <= word.start() and tier_base(n, tiers)]
        if before:
            found.setdefault(tier, before[-1])
    return found


def _heading_span(text: str, segment: Segment) -> tuple[int, int]:
    """The span of an item's own heading: a linked title (`## [Title](…)`, `|[Title](…) |`) or a
    Markdown heading line; (0, 0) when the item opens with plain text."""
    match = HEADING_LINE.match(text, segment.start, segment.end)
    return match.span() if match else (0, 0)
