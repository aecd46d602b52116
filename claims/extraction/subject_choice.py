"""Who a claim is about: the subject strategies, tried in order, the first that finds a name
deciding. Each strategy is a small function of a `SubjectQuestion`; its name and the source it
gives (`Claim.subject_source`) show in `claims explain`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from claims.extraction import name_roles as roles
from claims.extraction import subject_clues as clues
from claims.extraction.name_forms import as_name
from claims.extraction.name_words import all_capitalised, weak_name
from claims.extraction.names import HAN, SHAPE_TYPE, Name
from claims.extraction.rules import Rule, Span
from claims.extraction.sentences import Sentence
from claims.extraction.subjects import choose_subject
from claims.model import Quantity

if TYPE_CHECKING:
    from claims.extraction.item import Item


class SubjectQuestion:
    """What the subject strategies look at for one figure: the news item, the rule that made the
    claim and its captures, the sentence, clause and figure, and the names already excluded
    (baselines, objects). The sentence's own choice is worked out once, on first use."""

    def __init__(
        self,
        item: Item,
        rule: Rule,
        captures: dict[str, Span],
        sentence: Sentence,
        number: int,
        q: Quantity,
        clause: tuple[int, int],
        excluded: list[Name],
    ) -> None:
        self.item, self.rule, self.captures, self.sentence = item, rule, captures, sentence
        self.number, self.q, self.clause = number, q, clause
        self.names = sentence.names_and_benchmarks() if rule.kind in clues.ABOUT_TESTS else sentence.names()
        # In a news item, what a count counts (`八个 P0 级漏洞`, `VoiceDesign 和 VoiceClone 三款模型`)
        # is not what has that many: the owner is named before, or is the item's topic.
        self.counted = item.one_topic and item.title_name is not None and q.unit == "count"
        if self.counted:
            excluded = [*excluded, *roles.enumerated(item, self.names, q, clause)]
        # A row's linked title and its description may share a sentence (`|[Zephyr: …](…) | a 7B
        # parameter model`): the title's words are the headline's, read by `headline_topic`.
        heading = item.heading
        if heading[0] < heading[1] and not heading[0] <= q.start < heading[1]:
            excluded = [*excluded, *(n for n in self.names if heading[0] <= n.start < heading[1])]
        self.excluded = excluded
        self._chosen: tuple[Name | None, str] | None = None

    def chosen(self) -> tuple[Name | None, str]:
        """The sentence's name for the figure and how (`clause`, `sentence`, `released`): its clause
        first; a speaker gives way; named in an earlier clause, what the sentence released."""
        if self._chosen is None:
            seg, q, clause = self.item, self.q, self.clause
            spans = self.sentence.asides()
            after = not self.counted
            found = choose_subject(
                self.names, q.start, q.end, clause, self.excluded, spans, seg.text, after=after
            )
            source = "clause" if found is not None and clause[0] <= found.start < clause[1] else "sentence"
            speakers = roles.speakers(seg, self.sentence)
            if found is not None and found in speakers:
                # Who speaks is not what the figure is about, unless the sentence names nothing else.
                others = [*self.excluded, *speakers]
                other = choose_subject(
                    self.names, q.start, q.end, clause, others, spans, seg.text, after=after
                )
                found = other or found
            if found is not None and found.start < clause[0]:
                released = clues.released(seg, self.sentence, found, q)
                found, source = (released, "released") if released is not None else (found, source)
            self._chosen = (found, source)
        return self._chosen


Chosen = tuple[Name | None, str] | None


def _captured(asked: SubjectQuestion) -> Chosen:
    """The claim rule captured the subject itself (`ENTITY@subject`)."""
    return (as_name(asked.captures["subject"]), "rule") if "subject" in asked.captures else None


def _compared_size(asked: SubjectQuestion) -> Chosen:
    """A model size right after a comparison word is the baseline's (`60% smaller than 7B models`,
    `outperforms larger 70B models`): no name of the sentence is its subject, unless the size
    describes a name after it (`媲美万亿参数规模的 Intern-S1-Pro`, `described_name` first)."""
    if asked.rule.kind != "parameter_count" or "subject" in asked.captures:
        return None
    q, text = asked.q, asked.item.text
    following = next((n for n in asked.names if n.start >= q.end), None)
    if following is not None and _DESCRIBES.fullmatch(text, q.end, following.start):
        return None  # `媲美万亿参数规模的 Intern-S1-Pro`: the size of the name it describes
    if roles.after_comparison(asked.item, asked.sentence, q):
        return None, "none"
    return None


_DESCRIBES = re.compile(r"[^\s,.;:，。；：、]{0,6}\s*")  # a few words of description, no punctuation


def _headline_lead(asked: SubjectQuestion) -> Chosen:
    """A figure in a `Name: …` headline is that name's (`JetMoE: Reaching LLaMA2 Performance with
    0.1M Dollars`): the words after the colon describe it."""
    seg, q = asked.item, asked.q
    if seg.title_lead and seg.heading[0] <= q.start < seg.heading[1]:
        return seg.title_name, "title"
    return None


_BRACKET_GAP = 1  # characters between a name and the bracket that opens its figure (`Helsing ($484M)`)


def _bracketed_after_name(asked: SubjectQuestion) -> Chosen:
    """A figure alone in brackets right after a name is that name's (`Helsing ($484M), Poolside
    ($400M)`, `Kestrel（88.7%）`): the writer attached it there."""
    q, text = asked.q, asked.item.text
    for start, end in asked.sentence.asides():
        if not start < q.start < end:
            continue
        if text[start + 1 : end - 1].strip() != text[q.start : q.end].strip():
            return None  # more than the figure in the brackets: a remark, not a label
        before = [n for n in asked.names if 0 <= start - n.end <= _BRACKET_GAP and n not in asked.excluded]
        if not before or all(w.lower() in asked.item.common for w in before[-1].text.split()):
            return None  # `Education (15%)`: a category of ordinary words, not a name
        return before[-1], "clause"
    return None


def _former_or_latter(asked: SubjectQuestion) -> Chosen:
    """`前者` / `the former`, `后者` / `the latter` before the figure."""
    found = clues.referent(asked.item, asked.sentence, asked.number, asked.clause, asked.q.start)
    return (found, "referent") if found is not None else None


def _described_name(asked: SubjectQuestion) -> Chosen:
    """The name the figure describes (`发布 14B 参数视频生成模型 Helios`)."""
    size = asked.rule.kind == "parameter_count"
    found = clues.described(asked.item, asked.sentence, asked.q, asked.clause, asked.excluded, size)
    return (found, "described") if found is not None else None


def _agent_after(asked: SubjectQuestion) -> Chosen:
    """The name right after the figure and an AGENT_AFTER word (`compared to 76% by AlphaFold 3`,
    `82.1% for Vela-2`): the writer says whose figure it is. Not for a change (`cut by 50% by
    Google`: the agent of the change, as often a buyer as the thing), nor a name set apart."""
    if asked.rule.kind not in ("score", "parameter_count"):
        return None
    q, text = asked.q, asked.item.text
    words = [h for h in asked.sentence.hits("AGENT_AFTER") if 0 <= h.start - q.end <= 1]
    if not words:
        return None
    end = words[0].end
    for name in asked.names:
        if name.start < end or any(x.start <= name.start < x.end for x in asked.excluded):
            continue
        if _AGENT_GAP.fullmatch(text, end, name.start):
            return name, "clause"
        return None
    return None


_AGENT_GAP = re.compile(r"\s+(?:the\s+)?")


def _word_gives_way(asked: SubjectQuestion) -> Chosen:
    """A sentence's name that is only a word by its shape (`BI`, `English`, `Superpod`) gives way to
    a name of the sentence before the figure that says more, else, in a short item, to the
    headline's topic."""
    found, _ = asked.chosen()
    seg = asked.item
    if found is None or not clues.only_a_word(seg, found):
        return None
    # A name of the sentence that is more than a word (`TPU 8t … 单个 Superpod 可扩展至 9,600 个芯片`)
    # comes before the headline's topic.
    q, clause = asked.q, asked.clause
    words = [n for n in asked.names if n.type == SHAPE_TYPE and weak_name(n.text)]
    spans = asked.sentence.asides()
    other = choose_subject(asked.names, q.start, q.end, clause, [*asked.excluded, *words], spans, seg.text)
    if other is not None and other.start < q.start:
        if clues.opens_with_pronoun(seg, asked.sentence) and clues.pronoun_stands_for(
            seg, asked.sentence, other, q, clause
        ):
            return None  # `该模型…，其模块升级为 Hybrid-Attention 架构，支持 256k`: the pronoun's thing
        return other, "clause" if clause[0] <= other.start < clause[1] else "sentence"
    return (seg.title_name, "title") if seg.one_topic and seg.title_name is not None else None


def _sentence_name(asked: SubjectQuestion) -> Chosen:
    """The sentence's own name, unless a pronoun between stands for something said before."""
    found, source = asked.chosen()
    if found is not None and not clues.pronoun_stands_for(
        asked.item, asked.sentence, found, asked.q, asked.clause
    ):
        return found, source
    return None


def _pronoun_head(asked: SubjectQuestion) -> Chosen:
    """A pronoun phrase opening the sentence (`该插件`) stands for the name its headline wrote with the
    same head noun (`SkillHub 插件`)."""
    found = clues.headed_referent(asked.item, asked.sentence, asked.number)
    return (found, "topic") if found is not None else None


def _headline_topic(asked: SubjectQuestion) -> Chosen:
    """A short news item is about its headline's topic."""
    seg = asked.item
    return (seg.title_name, "title") if seg.title_name is not None and seg.one_topic else None


def _earlier_sentence(asked: SubjectQuestion) -> Chosen:
    """In a long article, the most specific name of the sentences just before."""
    found = clues.earlier_topic(asked.item, asked.rule, asked.number)
    return (found, "topic") if found is not None else None


def _sentence_name_after_all(asked: SubjectQuestion) -> Chosen:
    """The sentence's name, pronoun or not, when nothing earlier names the topic."""
    found, source = asked.chosen()
    return (found, source) if found is not None else None


def _later_name(asked: SubjectQuestion) -> Chosen:
    """A name later in the sentence (`未来一年，我们期待昆仑万维……`) before the title."""
    q, excluded = asked.q, asked.excluded
    # a test named after the figure is where it was measured (`… by 8% on the X benchmark`), no subject
    later = [
        n
        for n in asked.names
        if n.start >= q.end and n.type != "dataset" and not any(x.start <= n.start < x.end for x in excluded)
    ]
    return (later[0], "later") if later else None


def _paragraph_speaker(asked: SubjectQuestion) -> Chosen:
    """The speaker of a digest paragraph (`研究人员：…`)."""
    found = clues.paragraph_speaker(asked.item, asked.sentence)
    return (found, "speaker") if found is not None else None


def _item_title(asked: SubjectQuestion) -> Chosen:
    """The topic of the item's title, whatever its length."""
    found = asked.item.title_name
    return (found, "title") if found is not None else None


def _work_title(asked: SubjectQuestion) -> Chosen:
    """A figure nothing else names the subject of, in a linked item whose headline is a work's Title
    Case title (`Scaling Laws for Precision.`, `Generative Agent Simulations of 1,000 People.`): the
    work the item presents, named by its title. Last of all, so it only fills what would be none."""
    item = asked.item
    title = (item.segment.title or "").strip().rstrip(".").strip()
    if not item.segment.source_url or not title or HAN.search(title) or not all_capitalised(title):
        return None
    if len(title) > _WORK_TITLE_LONGEST or not item.one_topic or _TWO_SENTENCES.search(title):
        return None  # `AI at Work Is Here. Now Comes the Hard Part`: sentences, not a work's name
    start = item.heading[0]
    return Name(start, start, title, title, SHAPE_TYPE), "title"


_WORK_TITLE_LONGEST = 90  # characters: a longer headline is a sentence, not a work's title
# A full stop inside a headline: two sentences (`… Is Here. Now Comes …`); a question may title a paper.
_TWO_SENTENCES = re.compile(r"[.!] [A-Z]")


# The subject strategies, tried in order; the first that finds a name decides, and its source
# (`Claim.subject_source`) is recorded on the claim and shown by `claims explain`.
SUBJECT_STRATEGIES: tuple[tuple[str, Callable[[SubjectQuestion], Chosen]], ...] = (
    ("rule_capture", _captured),
    ("headline_lead", _headline_lead),
    ("bracketed_after_name", _bracketed_after_name),
    ("former_or_latter", _former_or_latter),
    ("described_name", _described_name),
    ("compared_size", _compared_size),
    ("agent_after", _agent_after),
    ("word_gives_way", _word_gives_way),
    ("sentence_name", _sentence_name),
    ("pronoun_head", _pronoun_head),
    ("headline_topic", _headline_topic),
    ("earlier_sentence", _earlier_sentence),
    ("sentence_name_after_all", _sentence_name_after_all),
    ("later_name", _later_name),
    ("paragraph_speaker", _paragraph_speaker),
    ("item_title", _item_title),
    ("work_title", _work_title),
)


def choose_subject_for(
    item: Item,
    rule: Rule,
    captures: dict[str, Span],
    sentence: Sentence,
    number: int,
    q: Quantity,
    clause: tuple[int, int],
    excluded: list[Name],
) -> tuple[Name | None, str | None, str | None]:
    """The subject of a figure, its source (`SUBJECT_SOURCES`) and the name of the strategy that
    chose it: the first of `SUBJECT_STRATEGIES` that finds one; (None, None, None) when none does."""
    asked = SubjectQuestion(item, rule, captures, sentence, number, q, clause, excluded)
    for name, strategy in SUBJECT_STRATEGIES:
        found = strategy(asked)
        if found is not None and found[0] is None:
            return None, None, name  # a strategy that decides there is no subject
        if found is not None:
            return found[0], found[1], name
    return None, None, None
