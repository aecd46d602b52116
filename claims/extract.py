"""Claim extraction: quantities -> claims, by the rules of grammars/rules/ and the lexicons.

For each segment of a document: split sentences, find the quantities, and for each quantity try
the rules from the highest priority down; the first that matches says the kind (or `none`: not
a claim), and may fix the attribute, capture the object or baseline, flip the sign or rename the
unit. Subject, attribute, baseline, modality and language are then filled in from the sentence
(see `claims.subjects` for how the subject is chosen).
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import multiprocessing
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache
from itertools import pairwise
from pathlib import Path

import polars as pl

from claims import sizes
from claims.corpus import read_corpus, segment_document
from claims.errors import ExtractionError
from claims.kind_units import fits_kind
from claims.lexicon import Hit, Lexicon, default_lexicon, halfwidth, only_cue_words
from claims.masking import mask
from claims.model import Claim, Document, Quantity, Segment, claims_frame
from claims.number_vetoes import figures_only, number_vetoes
from claims.plain import HEADING_LINE, Plain, plain_text
from claims.quantity import QuantityResources, default_quantity_resources, find_quantities
from claims.ranks import find_ranks
from claims.rules import Rule, Span, default_rules, match_rule
from claims.sentences import CLAUSE_END, SENTENCE_END, Sentence, clause_of, modality, split_sentences
from claims.subjects import (
    LIST_JOINER,
    POSSESSIVE_PARTICLES,
    SHAPE_TYPE,
    Name,
    choose_subject,
    common_words,
    find_names,
    headline_topic,
    most_specific,
    opens_headline,
    ordinary_word,
    weak_name,
)

# A number glued to a Latin name but followed by a Chinese scale word is a sum, not a version
# (`OpenAI64亿收购`): the quantity grammar skips glued numbers, so these are scanned on their own.
# What may stand between a comparison word and its baseline: `than the RTX 4090`, `相比于 H100`.
_FILLER = re.compile(r"(?:\s|the|with|to|an?|of|于|与|之)*", re.IGNORECASE)
_GLUED_WINDOW = 16  # characters read after a glued sum's first digit
_GLUED_SUM = re.compile(r"(?<=[A-Za-z])\d+(?:\.\d+)?\s*[万亿]")
# A segment of at most this many sentences is one news item, about what its headline names: a figure
# whose sentence names nothing is that topic's, not the last name of the sentence before (a researcher,
# a base model, a format). A longer article moves between topics, each carried by earlier sentences.
_ONE_TOPIC_SENTENCES = 30
_LOOK_BACK = 3  # sentences searched for a subject before falling back to the title
_ABOUT_TESTS = ("count", "spec", "other")  # kinds whose subject may be a benchmark (`包含 45 个场景`)
_MEASURED_KINDS = ("speedup", "change", "score")  # figures measured in a setting (`在 B200 上`)
_FRAME_GAP = 8  # characters between a framed name and the word that closes its frame (` GPU `)
_HEADED = 8  # characters after a name read for its head noun (` 模型`, ` model`)
_BARE_COMMAS = (",", "，")  # a list joiner that is also a clause's end
_SOURCE_REACH = 24  # longest source phrase from 据 to the word that closes it (`消息`, `透露`)
_OWNER_GAP = 6  # a name this close before a price or spec is its owner even after 比
_OWNED_KINDS = ("price", "spec", "count", "parameter_count", "score")
_SPEAKER = 12  # longest speaker name before the colon that opens a digest paragraph
_SPEAKER_GAP = 2  # characters between a speaker's name and the speech verb (`黄仁勋 表示`)
_DESCRIPTOR = 20  # longest phrase from a figure to the name it describes (`14B 参数视频生成模型 Helios`)
_ADJACENT_HEAD = 2  # characters between the head noun and the name (a space, a quote mark)
_CLAUSE_OPENING = re.compile(r"[^，,。；;]{1,8}[，,]\s*")  # `技术方面，` before a clause's pronoun
_PARTICLES = "".join(POSSESSIVE_PARTICLES)  # `该系列中的 X`: with a PARTITIVE word, the pronoun names X
_PRONOUN_NAME_GAP = 4  # `该系列中的 X`: characters from an opening pronoun phrase to the name it introduces
_SIZED_TYPES = ("model", "family", "shape", "product")  # what comes in sizes (never a company: `Meta 70B`)
_LIST_GAP = 6  # characters between two listed figures (`、`, ` and `, `, and `)
_SPEAKER_ROLE = 4  # longest role word that may speak without being a name: 研究人员


@dataclass(frozen=True, slots=True)
class ExtractResources:
    """Everything extraction reads: the claim lexicons, the rules, the quantity grammar."""

    lexicon: Lexicon
    rules: tuple[Rule, ...]
    quantities: QuantityResources
    by_dimension: dict[str, tuple[Rule, ...]] = field(default_factory=dict, compare=False)
    patterns: dict[str, re.Pattern[str]] = field(default_factory=dict, compare=False)  # built on first use

    def range_joiner(self) -> re.Pattern[str]:
        """What joins a range's two ends, from the quantity lexicon's range words (`-`, `至`, `到`, `to`)."""
        if "range_joiner" not in self.patterns:
            tail = self.quantities.lexicon.tail
            forms = sorted((f for f, roles in tail.items() if any(r.kind == "DASH" for r in roles)), key=len)
            alternatives = "|".join(map(re.escape, reversed(forms)))
            self.patterns["range_joiner"] = re.compile(rf"\s*(?:{alternatives})\s*", re.IGNORECASE)
        return self.patterns["range_joiner"]

    def transition(self) -> re.Pattern[str]:
        """A range opened by a range word (`from X to Y`): after a change verb, a move between levels."""
        if "transition" not in self.patterns:
            froms = "|".join(
                map(re.escape, sorted(self.quantities.lexicon.range_from, key=len, reverse=True))
            )
            joiner = self.range_joiner().pattern
            self.patterns["transition"] = re.compile(rf"(?i)(?:{froms})\s+(?P<a>.+?){joiner}(?P<b>.+)")
        return self.patterns["transition"]

    def size_range(self) -> re.Pattern[str]:
        """A range whose two ends are model sizes: `from 3B to 14B`, `35B 到 397B`."""
        if "size_range" not in self.patterns:
            size, joiner = sizes.ATOM, self.range_joiner().pattern
            self.patterns["size_range"] = re.compile(
                rf"(?i)(?:from\s+)?(?P<a>{size})(?:{joiner})(?P<b>{size})"
            )
        return self.patterns["size_range"]

    def rules_for(self, dimension: str) -> tuple[Rule, ...]:
        """The rules that can match a quantity of `dimension`, in priority order (memoised)."""
        found = self.by_dimension.get(dimension)
        if found is None:
            found = tuple(r for r in self.rules if not r.dimensions or dimension in r.dimensions)
            self.by_dimension[dimension] = found
        return found


@cache
def default_extract_resources() -> ExtractResources:
    """The shipped lexicons, rules and quantity grammar, loaded once."""
    return ExtractResources(default_lexicon(), default_rules(), default_quantity_resources())


def with_content_ids(doc: Document, claims: list[Claim]) -> list[Claim]:
    """The claims with ids made from what they say, not where: the document's identity, the
    sentence, the quote, the kind and the value, and which occurrence of all these it is.

    Inserting or deleting text elsewhere in the document changes no id; ids are unique within a
    document by construction (the occurrence tells equal keys apart) and across documents by the
    identity.

    >>> before = extract("GPT-5 scored 90% on MMLU.")
    >>> after = extract("A new first line.\\nGPT-5 scored 90% on MMLU.")
    >>> [c.claim_id for c in before] == [c.claim_id for c in after]
    True
    """
    identity = doc.identity or doc.doc_id
    seen: Counter[str] = Counter()
    out = []
    for claim in claims:
        key = "\x1f".join((identity, claim.sentence, claim.quote, claim.kind, repr(claim.value)))
        seen[key] += 1
        digest = hashlib.sha1(f"{key}\x1f{seen[key]}".encode("utf-8", "surrogatepass")).hexdigest()[:16]
        out.append(replace(claim, claim_id=digest))
    return out


def _quantities(text: str, resources: QuantityResources) -> tuple[list[Quantity], dict[tuple[int, int], str]]:
    """The document's figures, and the numbers `claims.number_vetoes` sets aside (span -> veto id)."""
    every = find_quantities(text, resources=resources)
    vetoed = number_vetoes(every, text, resources)
    # A figure starting right after a digit is the tail of a number the grammar set aside
    # (`OpenAI64亿美元` gives `亿美元`); the glued sum is read whole below instead.
    found = [q for q in every if (q.start, q.end) not in vetoed and not text[q.start - 1 : q.start].isdigit()]
    # the spans taken, in order and apart, so an overlap is one bisection away (not a scan of all)
    starts, ends = [q.start for q in found], [q.end for q in found]
    extra = [q for match in _GLUED_SUM.finditer(text) for q in _scan_alone(text, match, resources)]
    extra += find_ranks(text, resources.lexicon.digits, resources.lexicon.cn_units)
    for q in extra:
        before = bisect.bisect_left(starts, q.end)  # spans starting before q ends; the last ends latest
        if before and ends[before - 1] > q.start:
            continue
        found.append(q)
        starts.insert(before, q.start)
        ends.insert(before, q.end)
    found.sort(key=lambda q: q.start)
    return found, vetoed


def _scan_alone(text: str, match: re.Match[str], resources: QuantityResources) -> list[Quantity]:
    """The quantities of a glued sum read on its own, without the name it is glued to."""
    at = match.start()
    alone = text[at : at + _GLUED_WINDOW].split("\n", 1)[0]  # the sum and its unit (`64亿美元`)
    return [
        replace(q, start=q.start + at, end=q.end + at)
        for q in figures_only(find_quantities(alone, resources=resources), alone, resources)
        if q.start == 0
    ]


def _signed(value: Decimal, sign: int, factor: Decimal) -> float:
    return float(value * factor * sign) if value.is_finite() else float(value * sign)


def _set_apart(text: str, marks: list[tuple[int, int]], names: list[Name]) -> list[Name]:
    """The names right after a mark (a comparison or exception word, with only filler words
    between), and the names listed after those."""
    found = [
        n for n in names if any(end <= n.start and _FILLER.fullmatch(text, end, n.start) for _, end in marks)
    ]
    return _with_listed(found, names, text)


def _with_listed(found: list[Name], names: list[Name], text: str) -> list[Name]:
    """The names found and those listed right after them (`built on CodeLlama and DeepSeek Coder`,
    `比 A、B 和 C 都快`): a word that sets a name apart sets apart the list it opens. A list that
    only commas join is no list (`According to Counterpoint, Apple shipped …`)."""
    kept = list(found)
    for name in found:
        chain: list[tuple[Name, str]] = []
        last = name
        for following in names:
            if following.start < last.end:
                continue
            joined = LIST_JOINER.fullmatch(text, last.end, following.start)
            if joined is None:
                break
            chain.append((following, joined.group().strip()))
            last = following
        while chain and chain[-1][1] in _BARE_COMMAS:
            chain.pop()
        kept += [n for n, _ in chain if n not in kept]
    return kept


def _breaks_frame(between: str) -> bool:
    """What a framed name and its closing word never span: a clause or sentence end, a figure, a
    possessive particle (`在 Blackwell GPU 的小批量…场景下` frames no name)."""
    return bool(
        CLAUSE_END.search(between)
        or SENTENCE_END.search(between)
        or any(char.isdigit() or char in POSSESSIVE_PARTICLES for char in between)
    )


class _Segment:
    """Extraction state of one segment: its sentences, title names and the claims so far."""

    def __init__(
        self,
        doc: Document,
        folded: str,
        segment: Segment,
        resources: ExtractResources,
        common: frozenset[str] = frozenset(),
    ) -> None:
        self.doc, self.text, self.segment, self.resources = doc, folded, segment, resources
        self.common = common
        lexicon = resources.lexicon
        title = halfwidth(segment.title or "")
        found = find_quantities(title, resources=resources.quantities)
        figures = [(q.start, q.end) for q in figures_only(found, title, resources.quantities)]
        numbers = figures + [(h.start, h.end) for h in lexicon.benchmarks.find(title)]
        releases = [(h.start, h.end) for h in lexicon.classes["RELEASE"].find(title)]
        title_names = find_names(title, 0, len(title), lexicon, numbers, common, (0, len(title)))
        tiers = lexicon.tiers
        title_names = [n for n in title_names if n.text.casefold() not in tiers]  # `1.5 Pro pricing`
        # `This AI startup backed by Nvidia is now worth $19 billion`: an investor is no topic, nor
        # is an English baseline (`Quillbox beats GPT-4o on …`); a Chinese headline's 对 or 超过 is as
        # often `反对 Mythos 扩容` or `超过 9000 亿` as a comparison.
        marks = [(h.start, h.end) for h in lexicon.classes["EXCEPT"].find(title)]
        marks += [
            (h.start, h.end) for h in lexicon.classes["COMPARE"].find(title) if title[h.start].isascii()
        ]
        set_apart = _set_apart(title, marks, title_names)
        title_names = [n for n in title_names if n not in set_apart]
        self.title_names = title_names
        heading = _heading_span(doc.text, segment)  # the masked text has lost the link's brackets
        body = folded[segment.start : heading[0]] + folded[max(heading[1], segment.start) : segment.end]
        heads = [(h.start, h.end) for h in lexicon.classes["HEAD_NOUN"].find(title)]
        features = [(h.start, h.end) for h in lexicon.classes["FEATURE_NOUN"].find(title)]
        self.title_name = headline_topic(title, title_names, releases, body, heads, features)
        self.title_lead = self.title_name is not None and opens_headline(title, self.title_name)
        self.title_tiers = _tiers_named(title, title_names, tiers)
        # `推出 ChatGPT 100 美元 Pro 档`: the headline's topic is the plan it names right after the
        # product (a price between at most); `向 Pro 用户开放` names an audience, `to launch Max` a product.
        topic = self.title_name
        if topic is not None:
            for word in _TITLE_TIER.finditer(title, topic.end):
                between = _only_figures(title, topic.end, word.start(), figures)
                if word.group().casefold() in tiers and between:
                    surface = f"{topic.text} {word.group()}"
                    self.title_name = self._named(topic.start, topic.end, surface, topic.type)
                    break
        self.heading = heading
        self.size_ends: dict[int, int] = {}  # start -> end of each model size (`70B`) of the segment
        self.listed: set[tuple[int, int]] = set()  # the segment's figures listed with others of their shape
        self.sentences: list[Sentence] = []
        self.one_topic = True  # a news item short enough to be about its headline's topic alone
        self.decisions: dict[tuple[int, int], str] = {}  # quantity span -> id of the deciding rule

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
        )

    def claims(self, quantities: Sequence[Quantity]) -> list[Claim]:
        out: list[Claim] = []
        spans = split_sentences(self.text, self.segment.start, self.segment.end)
        self.one_topic = len(spans) <= _ONE_TOPIC_SENTENCES
        blocked = [(q.start, q.end) for q in quantities]
        self.size_ends = {q.start: q.end for q in quantities if sizes.GLUED.fullmatch(q.text)}
        self.listed = self._listed_spans(quantities)
        index = 0
        for number, span in enumerate(spans):
            inside = []
            while index < len(quantities) and quantities[index].start < span[1]:
                if quantities[index].start >= span[0]:
                    inside.append(quantities[index])
                index += 1
            sentence = self.sentence(span, blocked)
            self.sentences.append(sentence)
            found = [c for c in (self.claim(q, sentence, number) for q in inside) if c is not None]
            out += self._respectively(sentence, found)
        return out

    def _respectively(self, sentence: Sentence, claims: list[Claim]) -> list[Claim]:
        """`A 和 B 的得分分别为 X 和 Y`: the k figures of one kind and unit take, in order, the k
        names (or, for scores, the k benchmarks) listed right before the first of them."""
        if len(claims) < 2 or not sentence.hits("RESPECTIVELY"):
            return claims
        groups: dict[tuple[str, str], list[int]] = {}
        for i, claim in enumerate(claims):
            groups.setdefault((claim.kind, claim.unit), []).append(i)
        claims = list(claims)
        compared = self._compared(sentence)
        for members in groups.values():
            if len(members) < 2:
                continue
            first = claims[members[0]].start
            names = [n for n in sentence.names() if n.end <= first and n not in compared]
            listed = _listed(self.text, [(n.start, n.end) for n in names], len(members))
            if listed is not None:
                for i, at in zip(members, listed, strict=True):
                    name = self._with_tier(names[at], sentence) or names[at]
                    claims[i] = replace(
                        claims[i], subject=name.text, subject_key=name.key, subject_source="list"
                    )
                continue
            tests = [s for s in sentence.hits("BENCHMARK") if s[1] <= first]
            listed = _listed(self.text, [(s[0], s[1]) for s in tests], len(members))
            if listed is not None and claims[members[0]].kind == "score":
                for i, at in zip(members, listed, strict=True):
                    claims[i] = replace(claims[i], attribute=tests[at][3], attribute_key=tests[at][2])
        return claims

    def claim(self, q: Quantity, sentence: Sentence, number: int) -> Claim | None:
        text = self.text
        clause = clause_of(text, (sentence.start, sentence.end), q.start, q.end)
        for rule in self.resources.rules_for(q.dimension):
            if rule.listed and (q.start, q.end) not in self.listed:
                continue
            window = clause if rule.scope == "clause" else (sentence.start, sentence.end)
            captures = match_rule(
                rule,
                q.start,
                q.end,
                q.dimension,
                q.text,
                window[0],
                window[1],
                sentence.element_spans,
                float(q.value),
            )
            # a rule whose kind the figure cannot be (a score of 120%) does not decide; the next may
            unit = q.unit if rule.unit is None else rule.unit
            if captures is not None and fits_kind(rule.kind, unit, float(q.value) * rule.factor):
                break
        else:
            return None
        self.decisions[(q.start, q.end)] = rule.id
        if rule.kind == "none":
            return None
        baseline = captures.get("baseline")
        obj = captures.get("object")
        if obj is not None:
            obj = self._object(sentence, obj)
        # A compared name is a baseline, unless it owns a price or spec right next to it
        # (`这比 RTX 4090 1600 美元的发布价要高`, `首次超过 OpenAI 的 32.3%`).
        compared = self._compared(sentence)
        owner = self._owner(sentence, q) if compared and rule.kind in _OWNED_KINDS else None
        if compared and owner is None and rule.kind == "other":
            owner = self._possessor(sentence, q)
        if baseline is None and rule.kind in ("speedup", "change", "other"):
            baseline = self._baseline(sentence, clause)
            if baseline is not None and owner is not None and baseline[0] == owner.start:
                baseline = None  # the figure is the compared name's own, not a comparison with it
        excluded = [_as_name(s) for s in (baseline, obj) if s is not None]
        excluded += [n for n in compared if n != owner]
        excluded += self._compared(sentence, "EXCEPT")
        excluded += self._sourced(sentence)
        excluded += self._framed(sentence, q, "COMPARE_OPEN", "COMPARE_CLOSE")
        if rule.kind in _MEASURED_KINDS:
            excluded += self._framed(sentence, q, "SETTING_OPEN", "SETTING_CLOSE")
        chosen, subject_source = self._subject(rule, captures, sentence, number, q, clause, excluded)
        subject = self._in_full(self._with_tier(self._with_size(chosen), sentence))
        if rule.listed and subject is not None and not sizes.IN_TEXT.search(subject.text):
            subject = self._variant(subject, q)  # `Qwen3.5 … 0.8B、2B 和 9B`: each size is its own model
        subject = self._sibling(subject, q)
        attr_text, attr_key = self._attribute(rule, captures, sentence, clause, q)
        sign = Decimal(rule.sign)
        factor = Decimal(str(rule.factor))
        lo, hi = _signed(q.lo, rule.sign, factor), _signed(q.hi, rule.sign, factor)
        value = _signed(q.value, rule.sign, factor)
        if sign < 0:
            lo, hi = hi, lo
        unit = q.unit if rule.unit is None else rule.unit
        qualifier = q.qualifier
        binary = _binary_reading(q.text, unit, value)
        if binary > hi:  # `256K` tokens: 256,000 or 262,144, so the figure is approximate
            hi, qualifier = binary, "approx" if qualifier == "exact" else qualifier
        doc, seg = self.doc, self.segment
        return Claim(
            claim_id="",  # set from the claim's content once the document is read (with_content_ids)
            doc_id=doc.doc_id,
            segment_id=seg.segment_id,
            title=seg.title,
            source_url=seg.source_url,
            published=seg.published,
            start=q.start,
            end=q.end,
            quote=doc.text[q.start : q.end],
            sentence=doc.text[sentence.start : sentence.end].strip(),
            kind=rule.kind,
            subject=subject.text if subject else None,
            subject_key=subject.key if subject else None,
            attribute=attr_text,
            attribute_key=attr_key,
            object=obj[2] if obj else None,
            baseline=baseline[2] if baseline else None,
            value=value,
            lo=lo,
            hi=hi,
            unit=unit,
            qualifier=qualifier,
            modality=modality(sentence, q.start, q.end),
            lang=sentence.lang(),
            rule_id=rule.id,
            subject_source=subject_source,
        )

    def _compared(self, sentence: Sentence, cue: str = "COMPARE") -> list[Name]:
        """Names right after a comparison word (baselines) or an exception word: never subjects."""
        return _set_apart(self.text, [(m[0], m[1]) for m in sentence.hits(cue)], sentence.names())

    def _framed(self, sentence: Sentence, q: Quantity, open_cue: str, close_cue: str) -> list[Name]:
        """Names a comparison or a setting frames (`与 V8 相比`, `在 B200 GPU 上`): a baseline or
        where the figure was measured, not what it is about. The frame closes within a few
        characters of the name, with no punctuation, and before the figure."""
        opens, closes = sentence.hits(open_cue), sentence.hits(close_cue)
        text = self.text
        framed = []
        for name in sentence.names():
            if name.end > q.start or not any(
                o[1] <= name.start and not text[o[1] : name.start].strip() for o in opens
            ):
                continue
            for c in closes:
                between = text[name.end : c[0]]
                if name.end <= c[0] <= q.start and len(between) <= _FRAME_GAP and not _breaks_frame(between):
                    framed.append(name)
                    break
        return framed

    def _sourced(self, sentence: Sentence) -> list[Name]:
        """Names a source frame holds (`据《晚点 LatePost》消息`, `据美团龙珠合伙人王新宇透露`): who
        reports a figure is not what it is about. The frame closes within the clause it opens."""
        opens, closes = sentence.hits("SOURCE_OPEN"), sentence.hits("SOURCE_CLOSE")
        text = self.text
        spans = []
        for o in opens:
            close = next((c for c in closes if c[0] >= o[1]), None)
            if close is None or close[0] - o[1] > _SOURCE_REACH:
                continue
            between = text[o[1] : close[0]]
            if not (CLAUSE_END.search(between) or SENTENCE_END.search(between)):
                spans.append((o[1], close[0]))
        return [n for n in sentence.names() if any(a <= n.start < b for a, b in spans)]

    def _owner(self, sentence: Sentence, q: Quantity) -> Name | None:
        """The name just before a figure with only a few words between (`RTX 4090首发时的1599美元`)."""
        before = [n for n in sentence.names() if n.end <= q.start]
        if not before or q.start - before[-1].end > _OWNER_GAP:
            return None
        name = before[-1]
        # `对 Claude 的胜率为 61.2%`: a measure named between makes the figure the comparison's own.
        words = sentence.hits("ATTR") + sentence.hits("TESTS")
        if CLAUSE_END.search(self.text, name.end, q.start) or any(name.end <= w[0] < q.start for w in words):
            return None
        return name

    def _possessor(self, sentence: Sentence, q: Quantity) -> Name | None:
        """The name whose figure it is by `的` alone (`首次超过 OpenAI 的 32.3%`): a share is its own,
        where `比 RTX 4090 又多了 125W` is a difference from it."""
        before = [n for n in sentence.names() if n.end <= q.start]
        if before and _POSSESSIVE.fullmatch(self.text, before[-1].end, q.start):
            return before[-1]
        return None

    def _object(self, sentence: Sentence, obj: Span) -> Span:
        """The head of the object phrase: the last name of its clause (`收购Jony Ive的io` -> io)."""
        clause = clause_of(self.text, (sentence.start, sentence.end), obj[0], obj[1])
        later = [n for n in sentence.names() if obj[1] <= n.start and n.end <= clause[1]]
        return (later[-1].start, later[-1].end, later[-1].key, later[-1].text) if later else obj

    def _baseline(self, sentence: Sentence, clause: tuple[int, int]) -> Span | None:
        for name in self._compared(sentence):
            if clause[0] <= name.start < clause[1]:
                return (name.start, name.end, name.key, name.text)
        return None

    def _subject(
        self, rule, captures, sentence, number, q, clause, excluded
    ) -> tuple[Name | None, str | None]:
        """The subject of a figure and the strategy (`SUBJECT_SOURCES`) that chose it: the first of
        `SUBJECT_STRATEGIES` that finds one."""
        asked = SubjectQuestion(self, rule, captures, sentence, number, q, clause, excluded)
        for _name, strategy in SUBJECT_STRATEGIES:
            found = strategy(asked)
            if found is not None:
                return found
        return None, None

    def _only_a_word(self, found: Name) -> bool:
        """A name that is only a word by its shape (`BI`, `PDF`, `English`, `Bay Area`, `Superpod`),
        other than the headline's topic: it gives way to a name that says more (see
        `_word_gives_way`); the figure is that name's, in a setting the word describes."""
        topic = self.title_name
        if found.type != SHAPE_TYPE or (topic is not None and found.key == topic.key):
            return False
        if found.text.split()[-1].casefold() in self.resources.lexicon.tiers:
            return False  # a plan (`AI Pro`) names a tier of a product, found by `_with_tier`
        if self._headed(found) and not ordinary_word(found.text, self.common):
            return False  # `Trinity 模型`, `the Falcon model`: a head noun says the word is a name
        return weak_name(found.text)

    def _headed(self, found: Name) -> bool:
        """A head noun (`模型`, `model`) right after the name: the word names a thing of that kind."""
        heads = self.resources.lexicon.classes["HEAD_NOUN"].find(self.text, found.end, found.end + _HEADED)
        return any(not self.text[found.end : h.start].strip() for h in heads)

    def _enumerated(self, names: list[Name], q: Quantity, clause: tuple[int, int]) -> list[Name]:
        """The names listed right before a count (`基础 TTS、VoiceDesign 和 VoiceClone 三款`): the
        members it counts, two or more joined by list words, the last only a space or an `etc.` from the
        figure (`调度 Gemini、ChatGPT 5.2 等 19 种模型`)."""
        # A list may run back past the clause's start: `、` joins its members and cuts clauses too.
        before = [n for n in names if n.end <= q.start]
        list_end = self.resources.lexicon.classes["LIST_END"]
        if (
            not before
            or before[-1].start < clause[0]
            or not only_cue_words(self.text, before[-1].end, q.start, [list_end])
        ):
            return []
        members = [before[-1]]
        for name in reversed(before[:-1]):
            if not LIST_JOINER.fullmatch(self.text, name.end, members[-1].start):
                break
            members.append(name)
        return members if len(members) >= 2 else []

    def _released(self, sentence: Sentence, found: Name, q: Quantity) -> Name | None:
        """The name right after a release verb (发布, launches) between `found` and the figure."""
        marks = sentence.hits("RELEASE")
        text = self.text
        for name in reversed(sentence.names()):
            if not found.end <= name.start < q.start:
                continue
            if any(
                0 <= name.start - m[1] <= _SPEAKER_GAP and not text[m[1] : name.start].strip(' *`「“"')
                for m in marks
            ):
                return name
        return None

    def _named(self, start: int, end: int, surface: str, kind: str, key: str | None = None) -> Name:
        """A name composed from parts (a variant, a sibling, a tier), keyed through the aliases."""
        written = key or surface
        return Name(start, end, surface, self.resources.lexicon.canonical(written) or written, kind)

    def _sibling(self, name: Name | None, q: Quantity) -> Name | None:
        """A bare size listed right after a sized name is a sibling model, not that model's size:
        `Sarvam-30B 与 105B` names Sarvam-105B, `Qwen3-8B and 32B` Qwen3-32B."""
        if name is None or not sizes.GLUED.fullmatch(q.text.strip()):
            return name
        found = list(sizes.IN_TEXT.finditer(name.text))
        if len(found) != 1 or not LIST_JOINER.fullmatch(self.text, name.end, q.start):
            return name
        at = found[0]
        surface = name.text[: at.start()] + q.text.strip() + name.text[at.end() :]
        return self._named(name.start, q.end, surface, name.type)

    def _variant(self, name: Name, q: Quantity) -> Name:
        """The model of `name` (a family or generation) that the listed size `q` names."""
        size = sizes.IN_TEXT.findall(q.text)
        if len(size) != 1 or name.type in ("org", "person"):
            return name  # a range of sizes stays the family's; a company's sizes are its models'
        return self._named(name.start, name.end, f"{name.text} {size[0]}", "model")

    def _with_tier(self, name: Name | None, sentence: Sentence) -> Name | None:
        """A plan word alone (`Pro`, `AI Ultimate`, `企业版`) names a tier of the product named
        before it in the item: `JetBrains AI … AI Pro` is JetBrains AI Pro, `ChatGPT … Pro` ChatGPT Pro."""
        if name is None:
            return None
        words = name.text.split()
        tiers = self.resources.lexicon.tiers
        if not words or words[-1].casefold() not in tiers:
            return name
        if any(
            w.casefold() not in tiers and w.casefold() not in self.resources.lexicon.not_entities
            for w in words
        ):
            return name  # a full name that ends in a plan word (`Claude Enterprise`)
        # The product the headline names with this tier (`推出 ChatGPT 100 美元 Pro 档`) first; else
        # the latest product named before in the item.
        base = self.title_tiers.get(words[-1].casefold())
        topic = self.title_name
        if base is None and self.one_topic and topic is not None and _tier_base(topic, tiers):
            # A short item's plans are its headline product's (`腾讯云推出 Coding Plan` … `套餐设 Lite
            # 与 Pro 两档`), not those of a tool it names on the way (`支持 Cursor、Cline 等工具`).
            base = topic
        if base is None:
            earlier = [n for s in self.sentences for n in s.names() if n.end <= name.start]
            earlier += [n for n in sentence.names() if n.end <= name.start]
            products = [n for n in earlier if _tier_base(n, tiers)]
            if not products:
                return name
            base = products[-1]
        # The whole plan name is kept, generic words before it too: `JetBrains AI … AI Pro` is
        # JetBrains AI Pro.
        plan = name.text
        before = _PLAN_WORDS.search(self.text, max(0, name.start - _PLAN_REACH), name.start)
        generic = self.resources.lexicon.not_entities
        if before and all(w.isupper() and w.casefold() in generic for w in before.group().split()):
            plan = f"{before.group().strip()} {plan}"
        return self._named(name.start, name.end, f"{base.text} {plan}", base.type)

    def _in_full(self, name: Name | None) -> Name | None:
        """A short name the headline writes in full (`B70` after `英特尔推出 Arc Pro B70`) is that
        name; a sibling code of the same line (`B65`) takes the same line's words (`Arc Pro B65`)."""
        if name is None or name.type != SHAPE_TYPE or " " in name.text:
            return name
        topic = self.title_name
        if topic is not None and topic.text.endswith(f" {name.text}"):
            # `Midjourney 发布 V8.1` … `V8.1 的生成速度`: the version the headline names with its maker
            return self._named(name.start, name.end, topic.text, topic.type, topic.key)
        if not _MODEL_CODE.fullmatch(name.text):
            return name
        for full in self.title_names:
            words = full.text.split()
            if len(words) < 2 or not _MODEL_CODE.fullmatch(words[-1]):
                continue
            if words[-1] == name.text:
                return self._named(name.start, name.end, full.text, full.type, full.key)
            if _code_shape(words[-1]) == _code_shape(name.text):
                surface = " ".join([*words[:-1], name.text])
                return self._named(name.start, name.end, surface, full.type)
        return name

    def _with_size(self, name: Name | None) -> Name | None:
        """A name with the model size written right after it is that variant (`Llama 3 70B`)."""
        if name is None:
            return None
        at = name.end + 1 if self.text[name.end : name.end + 1] == " " else name.end
        end = self.size_ends.get(at)
        if end is None or name.type not in _SIZED_TYPES:
            return name
        kind = "model" if name.type == "family" else name.type  # `Llama 70B` is one model of the family
        return self._named(
            name.start, end, self.text[name.start : end], kind, f"{name.key} {self.text[at:end]}"
        )

    def _listed_spans(self, quantities: Sequence[Quantity]) -> set[tuple[int, int]]:
        """The figures of a segment that are a range of two sizes (`from 3B to 14B`) or stand in a list
        with a neighbour of their shape (`1.5B、7B 和 32B`, `1B, 3B, and 40B parameter models`)."""
        listed = {(q.start, q.end) for q in quantities if len(sizes.IN_TEXT.findall(q.text)) >= 2}
        joiner = self.resources.range_joiner()
        for a, b in pairwise(q for q in quantities if sizes.LEADING.match(q.text)):
            between = (a.end, b.start)
            if 0 <= b.start - a.end <= _LIST_GAP and (
                LIST_JOINER.fullmatch(self.text, *between) or joiner.fullmatch(self.text, *between)
            ):
                listed |= {(a.start, a.end), (b.start, b.end)}
        return listed

    def _speakers(self, sentence: Sentence) -> list[Name]:
        """Names right before a speech verb (`黄仁勋表示`, `Altman said`): who speaks."""
        marks = sentence.hits("SPEAK")
        text = self.text
        return [
            n
            for n in sentence.names()
            if any(0 <= m[0] - n.end <= _SPEAKER_GAP and not text[n.end : m[0]].strip(" *`") for m in marks)
        ]

    def _described(
        self, sentence: Sentence, q: Quantity, clause: tuple[int, int], excluded: list[Hit | Name]
    ) -> Name | None:
        """The name a figure describes: `发布 14B 参数视频生成模型 Helios`, `a 70M-parameter model
        called SceneScript` — the figure opens a phrase that ends in a head noun right before a name."""
        heads = [h for h in sentence.hits("HEAD_NOUN") if q.end <= h[0] and h[1] <= clause[1]]
        if not heads:
            return None
        for name in sentence.names():
            if name.start < q.end or name.end > clause[1] or name.start - q.end > _DESCRIPTOR:
                continue
            if any(x.start <= name.start < x.end for x in excluded):
                return None
            if CLAUSE_END.search(self.text, q.end, name.start):
                return None
            if any(0 <= name.start - h[1] <= _ADJACENT_HEAD for h in heads):
                return name
            return None  # the first name after the figure is not introduced by a head noun
        return None

    def _referent(self, sentence: Sentence, number: int, clause: tuple[int, int], start: int) -> Name | None:
        """`前者` / `the former` and `后者` / `the latter` before the figure: one of the last two names."""
        marks = [h for h in sentence.hits("FORMER") if clause[0] <= h[0] < start]
        latter = [h for h in sentence.hits("LATTER") if clause[0] <= h[0] < start]
        if not marks and not latter:
            return None
        mark = (marks or latter)[0]
        names = [n for n in sentence.names() if n.end <= mark[0]]
        if len(names) < 2 and number > 0:
            names = self.sentences[number - 1].names() + names
        if len(names) < 2:
            return None
        return names[-2] if marks else names[-1]

    def _earlier_topic(self, rule: Rule, number: int) -> Name | None:
        """The most specific name of the sentences just before, baselines left out."""
        for earlier in reversed(self.sentences[max(0, number - _LOOK_BACK) : number]):
            compared = self._compared(earlier)  # a baseline of an earlier sentence is no topic
            pool = earlier.names_and_benchmarks() if rule.kind in _ABOUT_TESTS else earlier.names()
            found = most_specific([n for n in pool if n not in compared])
            if found is not None:
                return found
        return None

    def _pronoun_stands_for(
        self, sentence: Sentence, found: Name, q: Quantity, clause: tuple[int, int]
    ) -> bool:
        """Whether a pronoun, not `found`, is what the figure is about: `Nvidia says it is 2x …`
        (the pronoun between the name and the figure, in one clause) or `其基于…V2A技术，虽时长仅8秒`
        (the sentence opens with the pronoun and the name is no nearer than the sentence)."""
        pronouns = sentence.hits("PRONOUN")
        partitive = self.resources.lexicon.classes["PARTITIVE"]
        if any(found.end <= p[0] and p[1] <= q.start and clause[0] <= p[0] for p in pronouns):
            return not CLAUSE_END.search(self.text, found.end, q.start)
        opening = self.text[sentence.start : sentence.end].lstrip()
        starts = sentence.start + len(self.text[sentence.start : sentence.end]) - len(opening)
        # A pronoun opening the sentence, or a clause after a short scene-setter (`技术方面，它以 …`).
        openers = [
            p
            for p in pronouns + sentence.hits("POSSESSIVE")
            if p[0] == starts or (p[0] <= found.start and _CLAUSE_OPENING.fullmatch(self.text, starts, p[0]))
        ]
        # `该系列中的 Qwen3.5-35B-A3B …`: a name right after the pronoun phrase is what it points at;
        # after a verb (`它结合 Qwen3-VL …`, `其以 Opus 4.6 为核心`) it is something the pronoun's thing uses.
        if any(
            0 <= found.start - p[1] <= _PRONOUN_NAME_GAP
            and only_cue_words(self.text, p[1], found.start, [partitive], _PARTICLES)
            for p in openers
        ):
            return False
        return found.start < clause[0] and bool(openers)

    def _speaker(self, sentence: Sentence) -> Name | None:
        """The speaker of a digest paragraph (`研究人员：…`), who the figures of it are about."""
        start = self.text.rfind("\n", self.segment.start, sentence.start) + 1
        head = self.text[start : start + _SPEAKER + 1]
        colon = head.find(":")  # the text is width-folded: `：` reads `:`
        if colon < 1 or SENTENCE_END.search(head, 0, colon) or CLAUSE_END.search(head, 0, colon):
            return None
        said = head[:colon].strip(" #>")
        if not said:
            return None
        # `研究人员：` and `OpenAI：` speak; `分析结果非常清晰：` is a description: longer than a role
        # word, the head must be a name as a whole
        if len(said) > _SPEAKER_ROLE:
            at = start + head.index(said)
            names = find_names(self.text, at, at + len(said), self.resources.lexicon, [])
            if not any(n.start == at and n.end == at + len(said) for n in names):
                return None
        return Name(start, start + colon, said, self.resources.lexicon.canonical(said) or said, "org")

    def _attribute(self, rule, captures, sentence, clause, q) -> tuple[str | None, str | None]:
        if rule.kind == "score":
            on = _ON_BENCHMARK.match(self.text, q.end)
            named = [s for s in sentence.hits("BENCHMARK") if on and s[0] == on.end()]
            if named:  # `92.3% on GSM8K and 76.6% on MATH`: the test named right after its figure
                return named[0][3], named[0][2]
        if "attribute" in captures:
            span = captures["attribute"]
            if span[2] in sentence.lexicon.deferring:  # `GPQA 上的准确率`: the benchmark says more
                named = _nearest(sentence.hits("BENCHMARK"), q.start, q.end, (sentence.start, sentence.end))
                span = named or span
            return span[3], span[2]
        if rule.attribute is not None:
            return None, rule.attribute
        if rule.kind == "score":
            for name in ("BENCHMARK", "METRIC"):
                found = _nearest(sentence.hits(name), q.start, q.end, (sentence.start, sentence.end))
                if found:
                    return found[3], found[2]
            return None, None
        dims = sentence.lexicon.attribute_dims
        usable = [h for h in sentence.hits("ATTR") if q.dimension in dims.get(h[2], ())]
        if rule.kind == "count":
            # A count names what it counts right beside it (`月活跃用户突破 3600 万`); `3款产品` a
            # clause before `MAU超过千万` counts products, not users.
            usable = [h for h in usable if h[1] <= q.start <= h[1] + _BESIDE or q.start <= h[0] <= q.end + 1]
        found = _nearest(usable, q.start, q.end, clause)
        if found is None and rule.kind != "count":  # `完成新一轮融资，金额约 10 亿美元`: a clause away
            found = _nearest(
                [h for h in usable if h[1] <= q.start], q.start, q.end, (sentence.start, sentence.end)
            )
        return (found[3], found[2]) if found else (None, None)


class SubjectQuestion:
    """What the subject strategies look at for one figure: the segment, the rule that made the
    claim and its captures, the sentence, clause and figure, and the names already excluded
    (baselines, objects). The sentence's own choice is worked out once, on first use."""

    def __init__(self, segment, rule, captures, sentence, number, q, clause, excluded) -> None:
        self.segment, self.rule, self.captures, self.sentence = segment, rule, captures, sentence
        self.number, self.q, self.clause = number, q, clause
        self.names = sentence.names_and_benchmarks() if rule.kind in _ABOUT_TESTS else sentence.names()
        # In a news item, what a count counts (`八个 P0 级漏洞`, `VoiceDesign 和 VoiceClone 三款模型`)
        # is not what has that many: the owner is named before, or is the item's topic.
        self.counted = segment.one_topic and segment.title_name is not None and q.unit == "count"
        if self.counted:
            excluded = [*excluded, *segment._enumerated(self.names, q, clause)]
        # A row's linked title and its description may share a sentence (`|[Zephyr: …](…) | a 7B
        # parameter model`): the title's words are the headline's, read by `headline_topic`.
        heading = segment.heading
        if heading[0] < heading[1] and not heading[0] <= q.start < heading[1]:
            excluded = [*excluded, *(n for n in self.names if heading[0] <= n.start < heading[1])]
        self.excluded = excluded
        self._chosen: tuple[Name | None, str] | None = None

    def chosen(self) -> tuple[Name | None, str]:
        """The sentence's name for the figure and how (`clause`, `sentence`, `released`): its clause
        first; a speaker gives way; named in an earlier clause, what the sentence released."""
        if self._chosen is None:
            seg, q, clause = self.segment, self.q, self.clause
            spans = self.sentence.asides()
            after = not self.counted
            found = choose_subject(
                self.names, q.start, q.end, clause, self.excluded, spans, seg.text, after=after
            )
            source = "clause" if found is not None and clause[0] <= found.start < clause[1] else "sentence"
            speakers = seg._speakers(self.sentence)
            if found is not None and found in speakers:
                # Who speaks is not what the figure is about, unless the sentence names nothing else.
                others = [*self.excluded, *speakers]
                other = choose_subject(
                    self.names, q.start, q.end, clause, others, spans, seg.text, after=after
                )
                found = other or found
            if found is not None and found.start < clause[0]:
                released = seg._released(self.sentence, found, q)
                found, source = (released, "released") if released is not None else (found, source)
            self._chosen = (found, source)
        return self._chosen


Chosen = tuple[Name | None, str] | None


def _captured(asked: SubjectQuestion) -> Chosen:
    """The claim rule captured the subject itself (`ENTITY@subject`)."""
    return (_as_name(asked.captures["subject"]), "rule") if "subject" in asked.captures else None


def _headline_lead(asked: SubjectQuestion) -> Chosen:
    """A figure in a `Name: …` headline is that name's (`JetMoE: Reaching LLaMA2 Performance with
    0.1M Dollars`): the words after the colon describe it."""
    seg, q = asked.segment, asked.q
    if seg.title_lead and seg.heading[0] <= q.start < seg.heading[1]:
        return seg.title_name, "title"
    return None


def _former_or_latter(asked: SubjectQuestion) -> Chosen:
    """`前者` / `the former`, `后者` / `the latter` before the figure."""
    found = asked.segment._referent(asked.sentence, asked.number, asked.clause, asked.q.start)
    return (found, "referent") if found is not None else None


def _described_name(asked: SubjectQuestion) -> Chosen:
    """The name the figure describes (`发布 14B 参数视频生成模型 Helios`)."""
    found = asked.segment._described(asked.sentence, asked.q, asked.clause, asked.excluded)
    return (found, "described") if found is not None else None


def _word_gives_way(asked: SubjectQuestion) -> Chosen:
    """A sentence's name that is only a word by its shape (`BI`, `English`, `Superpod`) gives way to
    a name of the sentence before the figure that says more, else, in a short item, to the
    headline's topic."""
    found, _ = asked.chosen()
    seg = asked.segment
    if found is None or not seg._only_a_word(found):
        return None
    # A name of the sentence that is more than a word (`TPU 8t … 单个 Superpod 可扩展至 9,600 个芯片`)
    # comes before the headline's topic.
    q, clause = asked.q, asked.clause
    words = [n for n in asked.names if n.type == SHAPE_TYPE and weak_name(n.text)]
    spans = asked.sentence.asides()
    other = choose_subject(asked.names, q.start, q.end, clause, [*asked.excluded, *words], spans, seg.text)
    if other is not None and other.start < q.start:
        return other, "clause" if clause[0] <= other.start < clause[1] else "sentence"
    return (seg.title_name, "title") if seg.one_topic and seg.title_name is not None else None


def _sentence_name(asked: SubjectQuestion) -> Chosen:
    """The sentence's own name, unless a pronoun between stands for something said before."""
    found, source = asked.chosen()
    if found is not None and not asked.segment._pronoun_stands_for(
        asked.sentence, found, asked.q, asked.clause
    ):
        return found, source
    return None


def _headline_topic(asked: SubjectQuestion) -> Chosen:
    """A short news item is about its headline's topic."""
    seg = asked.segment
    return (seg.title_name, "title") if seg.title_name is not None and seg.one_topic else None


def _earlier_sentence(asked: SubjectQuestion) -> Chosen:
    """In a long article, the most specific name of the sentences just before."""
    found = asked.segment._earlier_topic(asked.rule, asked.number)
    return (found, "topic") if found is not None else None


def _sentence_name_after_all(asked: SubjectQuestion) -> Chosen:
    """The sentence's name, pronoun or not, when nothing earlier names the topic."""
    found, source = asked.chosen()
    return (found, source) if found is not None else None


def _later_name(asked: SubjectQuestion) -> Chosen:
    """A name later in the sentence (`未来一年，我们期待昆仑万维……`) before the title."""
    q, excluded = asked.q, asked.excluded
    later = [
        n for n in asked.names if n.start >= q.end and not any(x.start <= n.start < x.end for x in excluded)
    ]
    return (later[0], "later") if later else None


def _paragraph_speaker(asked: SubjectQuestion) -> Chosen:
    """The speaker of a digest paragraph (`研究人员：…`)."""
    found = asked.segment._speaker(asked.sentence)
    return (found, "speaker") if found is not None else None


def _item_title(asked: SubjectQuestion) -> Chosen:
    """The topic of the item's title, whatever its length."""
    found = asked.segment.title_name
    return (found, "title") if found is not None else None


# The subject strategies, tried in order; the first that finds a name decides, and its source
# (`Claim.subject_source`) is recorded on the claim and shown by `claims explain`.
SUBJECT_STRATEGIES: tuple[tuple[str, Callable[[SubjectQuestion], Chosen]], ...] = (
    ("rule_capture", _captured),
    ("headline_lead", _headline_lead),
    ("former_or_latter", _former_or_latter),
    ("described_name", _described_name),
    ("word_gives_way", _word_gives_way),
    ("sentence_name", _sentence_name),
    ("headline_topic", _headline_topic),
    ("earlier_sentence", _earlier_sentence),
    ("sentence_name_after_all", _sentence_name_after_all),
    ("later_name", _later_name),
    ("paragraph_speaker", _paragraph_speaker),
    ("item_title", _item_title),
)


# A product's model code: capitals then digits (`B70`, `H200`, `M4`, `X1E`).
_MODEL_CODE = re.compile(r"[A-Z]{1,3}\d{1,4}[A-Za-z]{0,2}")


def _code_shape(code: str) -> tuple[str, int]:
    """The letters and digit count of a model code: `B70` and `B65` are one line, `H200` another.

    >>> _code_shape("B70") == _code_shape("B65"), _code_shape("B70") == _code_shape("H200")
    (True, False)
    """
    letters = "".join(c for c in code if c.isalpha() and c.isupper())
    return letters, sum(c.isdigit() for c in code)


_PLAN_WORDS = re.compile(r"(?<![A-Za-z])(?:[A-Z][A-Za-z]* )+$")  # capitalised words right before a plan word
_PLAN_REACH = 20
_POSSESSIVE = re.compile(rf"\s*(?:{'|'.join(POSSESSIVE_PARTICLES)}|'s)\s*")
_BESIDE = 6  # characters from the word that says what a count counts to the count after it
_ON_BENCHMARK = re.compile(r"\s*(?:on|in|at|for)\s+(?:the\s+)?", re.IGNORECASE)


# A context of `256K` tokens is 262,144 (K = 1024) as often as 256,000: the figure spans both.
_BINARY_MAGNITUDE = re.compile(r"\d\s*([KkMm])(?![A-Za-z])")
_BINARY_FACTOR = {"k": 1.024, "m": 1.048576}
_BINARY_UNITS = ("token",)


def _binary_reading(quote: str, unit: str, value: float) -> float:
    """The figure read with binary magnitudes (K = 1024, M = 1024²) for units that use them.

    >>> _binary_reading("256K", "token", 256000.0)
    262144.0
    >>> _binary_reading("256 千", "token", 256000.0), _binary_reading("256K", "USD", 256000.0)
    (256000.0, 256000.0)
    """
    found = _BINARY_MAGNITUDE.search(quote)
    if unit not in _BINARY_UNITS or found is None:
        return value
    return round(value * _BINARY_FACTOR[found.group(1).lower()], 6)


def _only_figures(text: str, lo: int, hi: int, figures: list[tuple[int, int]]) -> bool:
    """Whether text[lo:hi] holds nothing but spaces and whole figures (`ChatGPT 100 美元 Pro`: the
    plan's price stands between the product and its plan)."""
    rest = list(text[lo:hi])
    for a, b in figures:
        if lo <= a and b <= hi:
            rest[a - lo : b - lo] = " " * (b - a)
    return not "".join(rest).strip()


_TITLE_TIER = re.compile(r"(?<![A-Za-z0-9-])[A-Za-z]+(?![A-Za-z0-9-])")


def _tier_base(name: Name, tiers: frozenset[str]) -> bool:
    """A name that plan words can belong to: a product, not a company or person, not itself a plan."""
    return name.type not in ("org", "person") and name.text.split()[-1].casefold() not in tiers


def _tiers_named(title: str, names: list[Name], tiers: frozenset[str]) -> dict[str, Name]:
    """The plan words a headline writes after a product (`ChatGPT 100 美元 Pro 档`), each with it."""
    found: dict[str, Name] = {}
    for word in _TITLE_TIER.finditer(title):
        tier = word.group().casefold()
        if tier not in tiers or not word.group()[0].isupper():
            continue  # `Embedding-free`, `Ultra-Fast`: a word of a compound, no plan
        before = [n for n in names if n.end <= word.start() and _tier_base(n, tiers)]
        if before:
            found.setdefault(tier, before[-1])
    return found


def _listed(text: str, spans: list[tuple[int, int]], k: int) -> list[int] | None:
    """Indexes of the last k spans when they stand as one list (`A、B 和 C`, `A and B`), else None."""
    if len(spans) < k:
        return None
    chosen = list(range(len(spans) - k, len(spans)))
    for a, b in pairwise(chosen):
        if not LIST_JOINER.fullmatch(text, spans[a][1], spans[b][0]):
            return None
    return chosen


def _nearest(spans: list[Span], start: int, end: int, window: tuple[int, int]) -> Span | None:
    """The span nearest [start, end) in the window, one before the figure winning a tie."""
    inside = [s for s in spans if window[0] <= s[0] and s[1] <= window[1]]
    if not inside:
        return None
    return min(inside, key=lambda s: (start - s[1]) if s[1] <= start else (s[0] - end) + 0.5)


def _as_name(span: Span | Name) -> Name:
    if isinstance(span, Name):
        return span
    return Name(span[0], span[1], span[3], span[2], "model")


# --- public API ---------------------------------------------------------------------------


def explain_document(
    doc: Document, resources: ExtractResources | None = None
) -> tuple[list[Claim], dict[tuple[int, int], str]]:
    """The claims of one document and, for every quantity a rule decided, that rule's id."""
    return _explained(doc, resources or default_extract_resources(), with_decisions=True)


def _explained(
    doc: Document, resources: ExtractResources, with_decisions: bool
) -> tuple[list[Claim], dict[tuple[int, int], str]]:
    """`explain_document`; without `with_decisions` the decisions are not moved back to the
    original offsets (an empty dict): extraction alone does not need them."""
    segments = segment_document(doc)
    plain = plain_text(doc.text)
    if plain is None:
        claims, decisions = _read_segments(doc, segments, resources)
        return with_content_ids(doc, claims), decisions
    # Read the text without emphasis and prose backticks, then move every claim back to the
    # original offsets (its quote is then the original text, markers and all).
    reading = replace(doc, text=plain.text)
    moved = [replace(s, start=plain.to_plain(s.start), end=plain.to_plain(s.end)) for s in segments]
    claims, decisions = _read_segments(reading, moved, resources)
    relocated = with_content_ids(doc, [_relocated(claim, doc, plain) for claim in claims])
    if not with_decisions:
        return relocated, {}
    return relocated, {plain.to_original(*span): rule for span, rule in decisions.items()}


def _read_segments(
    doc: Document, segments: list[Segment], resources: ExtractResources
) -> tuple[list[Claim], dict[tuple[int, int], str]]:
    # Names and cues are read with links, code and URLs blanked (same offsets): a link target
    # (`…/the-second-100b-ai-company`) names nothing.
    folded = mask(halfwidth(doc.text))
    figures, decisions = _quantities(doc.text, resources.quantities)
    quantities = _split_transitions(doc.text, figures, resources)
    common = common_words(folded)
    claims: list[Claim] = []
    starts = [q.start for q in quantities]  # in text order
    for segment in segments:
        inside = quantities[
            bisect.bisect_left(starts, segment.start) : bisect.bisect_left(starts, segment.end)
        ]
        if not inside:
            continue  # no figure, no claim: the item's title and names need not be read
        state = _Segment(doc, folded, segment, resources, common)
        claims += state.claims(inside)
        decisions |= state.decisions
    return claims, decisions


def _heading_span(text: str, segment: Segment) -> tuple[int, int]:
    """The span of an item's own heading: a linked title (`## [Title](…)`, `|[Title](…) |`) or a
    Markdown heading line; (0, 0) when the item opens with plain text."""
    match = HEADING_LINE.match(text, segment.start, segment.end)
    return match.span() if match else (0, 0)


_TOOK = re.compile(r"\s+(?:in|within|over|after)\s+(?:just\s+|only\s+|about\s+)?", re.IGNORECASE)
_CHANGE_REACH = 48  # characters between a change verb and the `from` of the figures it moves


def _split_transitions(text: str, quantities: list[Quantity], resources: ExtractResources) -> list[Quantity]:
    """`rises from 12.51% to 63.91%` is a move between two levels, not a range: after a change
    verb, a `from X to Y` figure is read as its two figures (a range elsewhere stays a range). A
    range of two model sizes (`from 3B to 14B`, `35B 到 397B`) is a family's two sizes, read apart."""
    out: list[Quantity] = []
    changes = (resources.lexicon.classes["INCREASE"], resources.lexicon.classes["DECREASE"])
    for i, q in enumerate(quantities):
        if q.qualifier == "range" and (ends := resources.size_range().fullmatch(q.text)):
            out.extend(_ends(text, q, ends, resources))
            continue
        match = resources.transition().fullmatch(q.text) if q.qualifier == "range" else None
        before = max(0, q.start - _CHANGE_REACH)
        following = quantities[i + 1] if i + 1 < len(quantities) else None
        # `From 0 to 10 million users in four years`: a range followed by the time it took is a move.
        took = (
            following is not None
            and following.dimension == "time"
            and _TOOK.fullmatch(text, q.end, following.start) is not None
        )
        if match is None or not (took or any(cue.find(text, before, q.start) for cue in changes)):
            out.append(q)
            continue
        out.extend(_ends(text, q, match, resources))
    return out


def _ends(text: str, q: Quantity, match: re.Match[str], resources: ExtractResources) -> list[Quantity]:
    """The two figures of a range read alone (groups `a` and `b` of `match`), or the range itself."""
    ends: list[Quantity] = []
    for group in ("a", "b"):
        lo, hi = q.start + match.start(group), q.start + match.end(group)
        ends += figures_only(find_quantities(text, lo, hi, resources.quantities), text, resources.quantities)[
            :1
        ]
    return ends if len(ends) == 2 else [q]


def _relocated(claim: Claim, doc: Document, plain: Plain) -> Claim:
    """A claim read on the plain text, at its original offsets with its original quote."""
    start, end = plain.to_original(claim.start, claim.end)
    return replace(
        claim,
        start=start,
        end=end,
        quote=doc.text[start:end],
    )


def extract_document(doc: Document, resources: ExtractResources | None = None) -> list[Claim]:
    """Every claim of one document, in text order."""
    return _explained(doc, resources or default_extract_resources(), with_decisions=False)[0]


def extract(text: str, *, title: str | None = None, resources: ExtractResources | None = None) -> list[Claim]:
    """The claims of one text (doc_id `text`); `title` names its subject when sentences do not.

    >>> [(c.kind, c.subject_key, c.value, c.unit) for c in extract("OpenAI以64亿美元收购io公司。")]
    [('price', 'OpenAI', 6400000000.0, 'USD')]
    """
    return extract_document(Document("text", "text", text, title=title), resources)


def extract_each(
    documents: Iterable[Document],
    resources: ExtractResources | None = None,
    on_problem: Callable[[ExtractionError], None] | None = None,
    jobs: int = 1,
) -> Iterator[list[Claim]]:
    """The claims of each document in turn; a fault inside one document costs that document only.

    The fault is handed to `on_problem` as an `ExtractionError` naming the file (and JSONL line),
    and the document yields no claims; `on_problem` may raise to stop (--strict). Without a
    handler the fault is raised.

    With `jobs` > 1 the documents are read by that many worker processes, in chunks, and the
    results come back in the documents' order: the output is the same as in one process. A corpus
    under `PARALLEL_FROM` characters (or custom `resources`) is read in this process, since starting
    workers costs more than such a corpus. `documents` may be a stream: it is read a chunk at a time.
    """
    stream = iter(documents)
    pairs: Iterable[tuple[Document, list[Claim] | tuple[str, str]]]
    if jobs > 1 and resources is None:
        head = _leading(stream, PARALLEL_FROM)
        if sum(len(doc.text) for doc in head) >= PARALLEL_FROM:
            pairs = _parallel(itertools.chain(head, stream), jobs)
        else:
            pairs = ((doc, _outcome(doc)) for doc in head)  # the stream ended within `head`
    else:
        pairs = ((doc, _outcome(doc, resources)) for doc in stream)
    for doc, outcome in pairs:
        if isinstance(outcome, list):
            yield outcome
            continue
        problem = ExtractionError(
            f"extraction failed: {outcome[0]}: {outcome[1]}",
            path=doc.path,
            line=doc.line_offset or None,
            hint="please report this text",
        )
        if on_problem is None:
            raise problem
        on_problem(problem)
        yield []


PARALLEL_FROM = 1_000_000  # characters: below this, worker start-up costs more than it saves


def _outcome(doc: Document, resources: ExtractResources | None = None) -> list[Claim] | tuple[str, str]:
    """The claims of one document, or (error type, message) when reading it failed."""
    try:
        return extract_document(doc, resources)
    except Exception as error:  # any bug in one document must not lose the others
        return type(error).__name__, str(error)


def _leading(stream: Iterator[Document], characters: int) -> list[Document]:
    """Documents taken from `stream` until they hold `characters` of text or it ends."""
    head: list[Document] = []
    size = 0
    for doc in stream:
        head.append(doc)
        size += len(doc.text)
        if size >= characters:
            break
    return head


_CHUNK_DOCUMENTS = 64  # documents handed to the workers at a time (per worker): memory stays bounded


def _parallel(
    docs: Iterable[Document], jobs: int
) -> Iterator[tuple[Document, list[Claim] | tuple[str, str]]]:
    """Each document with its `_outcome`, across `jobs` processes, in order. Workers are started
    fresh (`spawn`): forking a process whose table library runs threads can hang."""
    context = multiprocessing.get_context("spawn")
    stream = iter(docs)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        while chunk := list(itertools.islice(stream, _CHUNK_DOCUMENTS * jobs)):
            size = max(1, len(chunk) // (jobs * 4))
            yield from zip(chunk, pool.map(_outcome, chunk, chunksize=size), strict=True)


def extract_corpus(paths: Iterable[Path | str], resources: ExtractResources | None = None) -> pl.DataFrame:
    """The claims table (`claims.model.CLAIM_COLUMNS`) of every readable file under `paths`."""
    corpus = read_corpus(paths)
    claims: list[Claim] = []
    for found in extract_each(corpus.documents, resources):
        claims += found
    return claims_frame(claims)
