"""What the subject strategies read in a sentence and its item besides its names: a head noun
after a name, a release verb before one, the name a figure describes, `前者`/`the latter`, a
pronoun that stands for an earlier name, the names of the sentences before, the speaker of a
digest paragraph.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from claims.extraction import name_roles as roles
from claims.extraction.lexicon import Hit, halfwidth, only_cue_words
from claims.extraction.name_finder import find_names
from claims.extraction.name_words import ordinary_word, weak_name
from claims.extraction.names import POSSESSIVE_PARTICLES, SHAPE_TYPE, Name
from claims.extraction.rules import Rule, Span
from claims.extraction.sentences import CLAUSE_END, SENTENCE_END, Sentence
from claims.extraction.subjects import ADJACENT, most_specific
from claims.model import Quantity
from claims.text.punctuation import COLONS, COMMAS, SEMICOLONS, marks

if TYPE_CHECKING:
    from claims.extraction.item import Item

ABOUT_TESTS = ("count", "spec", "other")  # kinds whose subject may be a benchmark (`包含 45 个场景`)
_LOOK_BACK = 3  # sentences searched for a subject before falling back to the title
_HEADED = 8  # characters after a name read for its head noun (` 模型`, ` model`)
_SPEAKER = 12  # longest speaker name before the colon that opens a digest paragraph
_SPEAKER_ROLE = 4  # longest role word that may speak without being a name: 研究人员
_ABBREVIATION = re.compile(r"[（(]")  # an acronym opening a bracket right after a noun phrase abbreviates it
_DESCRIPTOR = 20  # longest phrase from a figure to the name it describes (`14B 参数视频生成模型 Helios`)
_ADJACENT_HEAD = 2  # characters between the head noun and the name (a space, a quote mark)
_CLAUSE_OPENING = re.compile(
    rf"[^{marks(COMMAS, '。', SEMICOLONS)}]{{1,8}}[{marks(COMMAS)}]\s*"
)  # `技术方面，` before a clause's pronoun
_PARTICLES = "".join(POSSESSIVE_PARTICLES)  # `该系列中的 X`: with a PARTITIVE word, the pronoun names X
# What ends the phrase a pronoun opens; a list's 、 does not (`其平台来自 A、B 和 C 等平台的流量`).
_PHRASE_BREAK = re.compile(rf"[{marks(COMMAS, SEMICOLONS, COLONS, '。')}]")
_PRONOUN_NAME_GAP = 4  # `该系列中的 X`: characters from an opening pronoun phrase to the name it introduces


def only_a_word(item: Item, found: Name) -> bool:
    """A name that is only a word by its shape (`BI`, `PDF`, `English`, `Bay Area`, `Superpod`),
    other than the headline's topic: it gives way to a name that says more (see
    `_word_gives_way`); the figure is that name's, in a setting the word describes."""
    topic = item.title_name
    if found.type != SHAPE_TYPE or (topic is not None and found.key == topic.key):
        return False
    if found.text.split()[-1].casefold() in item.resources.lexicon.tiers:
        return False  # a plan (`AI Pro`) names a tier of a product, found by `_with_tier`
    if headed(item, found) and not ordinary_word(found.text, item.common):
        return False  # `Trinity 模型`, `the Falcon model`: a head noun says the word is a name
    if named(item, found):
        return False  # `代号为 Elephant Alpha 的模型`: a naming word says so too
    return weak_name(found.text)


def named(item: Item, found: Name) -> bool:
    """A naming word (`名为`, `代号为`) right before the name: the words are a name."""
    lo = max(0, found.start - _HEADED)
    marks = item.resources.lexicon.classes["NAMING"].find(item.text, lo, found.start)
    return any(not item.text[m.end : found.start].strip(' *`「“"') for m in marks)


def headed(item: Item, found: Name) -> bool:
    """A head noun (`模型`, `model`) right after the name: the word names a thing of that kind."""
    heads = item.resources.lexicon.classes["HEAD_NOUN"].find(item.text, found.end, found.end + _HEADED)
    return any(not item.text[found.end : h.start].strip() for h in heads)


def released(item: Item, sentence: Sentence, found: Name, q: Quantity) -> Name | None:
    """The name right after a release verb (发布, launches) between `found` and the figure, or after
    a release verb and a description ending in a head noun or a naming word (`发布了基于扩散架构的推理
    模型 Mercury 2`, `上线一款代号为 Elephant Alpha 的模型`)."""
    marks = sentence.hits("RELEASE")
    if not marks:
        return None
    text = item.text
    heads = sentence.hits("HEAD_NOUN|NAMING")
    for name in reversed(sentence.names()):
        if not found.end <= name.start < q.start:
            continue
        for m in marks:
            if not 0 <= name.start - m.end <= _DESCRIPTOR:
                continue
            if name.start - m.end <= roles.SPEAKER_GAP and not text[m.end : name.start].strip(' *`「“"'):
                return name
            if _headed_description(text, m.end, name.start, heads):
                return name
    return None


def _headed_description(text: str, start: int, end: int, heads: list[Span]) -> bool:
    """`text[start:end]` is one phrase of description that ends in a head noun or a naming word
    (`了基于扩散架构的推理模型 `, `了名为 `): no punctuation between."""
    if CLAUSE_END.search(text, start, end) or SENTENCE_END.search(text, start, end):
        return False
    return any(start <= h.start and h.end <= end and not text[h.end : end].strip(' *`「“"') for h in heads)


def described(
    item: Item,
    sentence: Sentence,
    q: Quantity,
    clause: tuple[int, int],
    excluded: list[Hit | Name],
    size: bool = False,
) -> Name | None:
    """The name a figure describes: `发布 14B 参数视频生成模型 Helios`, `a 70M-parameter model
    called SceneScript` — the figure opens a phrase that ends in a head noun right before a name.
    A model `size` also describes the name right after it or after the particle closing its phrase
    (`a 405-billion-parameter Llama 3.1 model`, `1.5T 规模的 Vela 4.5`); another figure there is often
    a baseline's share (`2 倍的 GPT-4 性能`)."""
    heads = [h.end for h in sentence.hits("HEAD_NOUN") if q.end <= h.start and h.end <= clause[1]]
    particles = []
    if size:
        text, reach = item.text, min(clause[1], q.end + _DESCRIPTOR)
        particles = [at + 1 for at in range(q.end, reach) if text[at] in POSSESSIVE_PARTICLES]
        particles.append(q.end)  # `a 405-billion-parameter Llama 3.1 model`: the name right after a size
    if not heads and not particles:
        return None
    for name in sentence.names():
        if name.start < q.end or name.end > clause[1] or name.start - q.end > _DESCRIPTOR:
            continue
        if any(x.start <= name.start < x.end for x in excluded):
            return None
        if CLAUSE_END.search(item.text, q.end, name.start):
            return None
        if any(0 <= name.start - end <= _ADJACENT_HEAD for end in heads):
            abbreviation = _ABBREVIATION.match(item.text, name.start - 1) is not None
            if abbreviation and name.type == SHAPE_TYPE and weak_name(name.text):
                return None  # `统一多模态模型（UMM）`: the phrase's abbreviation, not what is described
            return name
        if any(0 <= name.start - end <= _ADJACENT_HEAD for end in particles):
            # `7B 至 40B 的 Thinking 版本`, `3.8B 的 MTP 层`: one plain word or acronym is a variant or a part
            weak = name.type == SHAPE_TYPE and " " not in name.text and weak_name(name.text)
            # a size is no company's or person's (`7000 亿参数 MIT 开源`: the licence's maker)
            return None if weak or name.type in ("org", "person") else name
        return None  # the first name after the figure is not introduced by a head noun
    return None


def referent(item: Item, sentence: Sentence, number: int, clause: tuple[int, int], start: int) -> Name | None:
    """`前者` / `the former` and `后者` / `the latter` before the figure: one of the last two names."""
    marks = [h for h in sentence.hits("FORMER") if clause[0] <= h.start < start]
    latter = [h for h in sentence.hits("LATTER") if clause[0] <= h.start < start]
    if not marks and not latter:
        return None
    mark = (marks or latter)[0]
    names = [n for n in sentence.names() if n.end <= mark.start]
    if len(names) < 2 and number > 0:
        names = item.sentences[number - 1].names() + names
    if len(names) < 2:
        return None
    return names[-2] if marks else names[-1]


def earlier_topic(item: Item, rule: Rule, number: int) -> Name | None:
    """The most specific name of the sentences just before, baselines left out."""
    for earlier in reversed(item.sentences[max(0, number - _LOOK_BACK) : number]):
        compared = roles.compared(item, earlier)  # a baseline of an earlier sentence is no topic
        pool = earlier.names_and_benchmarks() if rule.kind in ABOUT_TESTS else earlier.names()
        found = most_specific([n for n in pool if n not in compared])
        if found is not None:
            return found
    return None


def headed_referent(item: Item, sentence: Sentence, number: int) -> Name | None:
    """What a pronoun phrase opening the sentence stands for when the item's headline wrote a name
    with the phrase's head noun right after it (`该插件号称拥有 1.3 万个技能` under `Fenz AI 发现
    SkillHub 插件存 Prompt 注入风险`)."""
    pronoun = _opening_pronoun(item, sentence)
    if pronoun is None:
        return None
    demonstrative = item.resources.lexicon.classes["DEMONSTRATIVE"].find(
        item.text, pronoun.start, pronoun.end
    )
    if not demonstrative or demonstrative[0].start != pronoun.start:
        return None
    noun = item.text[demonstrative[0].end : pronoun.end].strip()
    if not noun:
        return None
    # Only the headline says what an item's pronouns mean this way: inside the body, a name written
    # with the same noun (`GPT-Realtime-Translate 模型`) is as often one of several in a list.
    heading = item.heading
    for earlier in item.sentences[:number]:
        for name in earlier.names():
            if heading[0] <= name.start < heading[1] and _headed_by(item.text, name, noun):
                return name
    title = halfwidth(item.segment.title or "")  # a headline that is not part of the item's text
    return next((name for name in item.title_names if _headed_by(title, name, noun)), None)


def _headed_by(text: str, name: Name, noun: str) -> bool:
    """Whether `noun` follows the name in `text`, spaces and markup between (`SkillHub 插件`)."""
    return text[name.end : name.end + len(noun) + 4].lstrip(" *`").startswith(noun)


def _pointing(sentence: Sentence, cue: str) -> list[Span]:
    """The hits of `cue` (PRONOUN, POINTER) that are no part of a NOT_PRONOUN word (应该)."""
    words = sentence.hits("NOT_PRONOUN")
    return [p for p in sentence.hits(cue) if not any(w.start <= p.start < w.end for w in words)]


def opens_with_pronoun(item: Item, sentence: Sentence) -> bool:
    """Whether the sentence opens with a pronoun phrase (`该模型`, `It`), not a possessive (`其中`)."""
    return _opening_pronoun(item, sentence) is not None


def _opening_pronoun(item: Item, sentence: Sentence) -> Span | None:
    """The pronoun phrase the sentence opens with, quote and list markup before it left aside."""
    opening = item.text[sentence.start : sentence.end]
    starts = sentence.start + len(opening) - len(opening.lstrip(" >*#"))
    return next((p for p in _pointing(sentence, "PRONOUN") if p.start == starts), None)


def pronoun_stands_for(
    item: Item, sentence: Sentence, found: Name, q: Quantity, clause: tuple[int, int]
) -> bool:
    """Whether a pronoun, not `found`, is what the figure is about: `Nvidia says it is 2x …`
    (the pronoun between the name and the figure, in one clause) or `其基于…V2A技术，虽时长仅8秒`
    (the sentence opens with the pronoun and the name is no nearer than the sentence)."""
    pronouns = _pointing(sentence, "PRONOUN")
    partitive = item.resources.lexicon.classes["PARTITIVE"]
    text = item.text
    # A demonstrative in the name's own clause, after it, points at something else than the name;
    # a figure in a later clause is that thing's (`Nvidia 将对该初创公司进行战略投资，其投后估值…`: the
    # startup's valuation). In the same clause it is only the setting (`R1 在这项测试中取得了 79.8%`).
    pointers = _pointing(sentence, "POINTER")
    if any(
        found.end <= p.start
        and p.end <= q.start
        and not CLAUSE_END.search(text, found.end, p.start)
        and CLAUSE_END.search(text, p.end, q.start)
        for p in pointers
    ):
        return True
    if any(found.end <= p.start and p.end <= q.start and clause[0] <= p.start for p in pronouns):
        return not CLAUSE_END.search(text, found.end, q.start)
    opening = item.text[sentence.start : sentence.end].lstrip()
    starts = sentence.start + len(item.text[sentence.start : sentence.end]) - len(opening)
    # A pronoun opening the sentence, or a clause after a short scene-setter (`技术方面，它以 …`), or
    # right after who says it (`官方称其…`, `分析指出，其平台…`).
    # (not after a named speaker: `英伟达表示，其营收…` is Nvidia's own revenue).
    named = [n.end for n in roles.speakers(item, sentence)]
    said = [
        m.end for m in sentence.hits("SPEAK") if not any(0 <= m.start - e <= roles.SPEAKER_GAP for e in named)
    ]
    openers = [
        p
        for p in pronouns + sentence.hits("POSSESSIVE")
        if p.start == starts
        or (p.start <= found.start and _CLAUSE_OPENING.fullmatch(item.text, starts, p.start))
        or any(0 <= p.start - end <= 1 for end in said)
    ]
    # `The model has 5.8B parameters and was trained with muP`: a sentence that opens with a pronoun
    # is about what the pronoun stands for; a name only after the figure is something it uses, unless
    # the figure describes it (`参数量为 0.5T 的前代 V3 模型`, `16 核 32 线程的 Ryzen 9 9950X3D`).
    if (
        found.start - q.end > ADJACENT
        and any(p.end <= q.start for p in openers)
        and not any(mark in text[q.end : found.start] for mark in POSSESSIVE_PARTICLES)
    ):
        return True
    # `该系列中的 Qwen3.5-35B-A3B …`: a name right after the pronoun phrase is what it points at;
    # after a verb (`它结合 Qwen3-VL …`, `其以 Opus 4.6 为核心`) it is something the pronoun's thing uses.
    if any(
        0 <= found.start - p.end <= _PRONOUN_NAME_GAP
        and only_cue_words(item.text, p.end, found.start, [partitive], _PARTICLES)
        for p in openers
    ):
        return False
    # In Chinese, a name after the pronoun phrase and a verb, before the figure (`其平台…来自 ChatGPT、
    # Perplexity 等 AI 平台的引荐流量增长超过 8 倍`), is something the pronoun's thing uses or meets; in
    # English the object after the verb is what a figure then describes (`It lifts Llama-3 from 5% to 42%`).
    used = found.end <= q.start and any(
        not text[p.start].isascii()
        and p.end <= found.start
        and not _PHRASE_BREAK.search(text, p.end, found.start)
        for p in openers
    )
    return (found.start < clause[0] or used) and bool(openers)


def paragraph_speaker(item: Item, sentence: Sentence) -> Name | None:
    """The speaker of a digest paragraph (`研究人员：…`), who the figures of it are about."""
    start = item.text.rfind("\n", item.segment.start, sentence.start) + 1
    head = item.text[start : start + _SPEAKER + 1]
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
        names = find_names(item.text, at, at + len(said), item.resources.lexicon, [])
        if not any(n.start == at and n.end == at + len(said) for n in names):
            return None
    return Name(start, start + colon, said, item.resources.lexicon.canonical(said) or said, "org")
