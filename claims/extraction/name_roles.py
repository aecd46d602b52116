"""The parts a name plays around a figure other than being what it is about: a baseline after a
comparison word, a name set apart by an exception word, a source (`据 … 消息`), a setting (`在 B200
上`), a speaker (`黄仁勋表示`), the members a count counts, or the owner of a figure next to it.

Claim assembly (`claims.extraction.claim_assembly`) leaves these names out before the subject strategies
(`claims.extraction.subject_choice`) choose among the rest.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from claims.extraction.lexicon import Lexicon, default_lexicon, only_cue_words
from claims.extraction.names import LIST_JOINER, POSSESSIVE_PARTICLES, Name
from claims.extraction.rules import Span
from claims.extraction.sentences import CLAUSE_END, SENTENCE_END, Sentence, clause_of
from claims.model import Quantity
from claims.text.punctuation import COMMAS, ENUMERATION_COMMA
from claims.text.trie import longest_first

if TYPE_CHECKING:
    from claims.extraction.item import Item


def baseline_filler(lexicon: Lexicon) -> re.Pattern[str]:
    """What may stand between a comparison word and its baseline, from the lexicon's
    `baseline_fillers` (`than the RTX 4090`, `surpasses larger models like Llama 3`)."""
    return re.compile(rf"(?:\s|{longest_first(lexicon.baseline_fillers)})*", re.IGNORECASE)


_FILLER = baseline_filler(default_lexicon())
_BARE_COMMAS = tuple(COMMAS)  # a list joiner that is also a clause's end
_FRAME_GAP = 8  # characters between a framed name and the word that closes its frame (` GPU `)
_SOURCE_REACH = 24  # longest source phrase from 据 to the word that closes it (`消息`, `透露`)
_SETTING_REACH = 24  # longest setting from 在 to the word that closes it (`在 NVIDIA Blackwell GPU 上`)
_RECIPIENT_REACH = 48  # longest phrase from 向 to the giving verb, or from 含 to 在内 (a list)
_OWNER_GAP = 6  # a name this close before a price or spec is its owner even after 比
SPEAKER_GAP = 2  # characters between a speaker's name and the speech verb (`黄仁勋 表示`)
_POSSESSIVE_MARK = rf"(?:'s|’s|{'|'.join(POSSESSIVE_PARTICLES)})"
# Only a possessive between a name and its figure (markup may stand before the figure: `GPT-5 的 **43.7%`).
_POSSESSIVE = re.compile(rf"\s*{_POSSESSIVE_MARK}[\s*`]*")


def set_apart(text: str, marks: list[tuple[int, int]], names: list[Name]) -> list[Name]:
    """The names right after a mark (a comparison or exception word, with only filler words
    between), and the names listed after those."""
    found = [
        n for n in names if any(end <= n.start and _FILLER.fullmatch(text, end, n.start) for _, end in marks)
    ]
    return with_listed(with_owned(found, names, text), names, text)


_OWNS = re.compile(rf"{_POSSESSIVE_MARK}\s*")  # `Musk's Starlink`, `OpenAI 的 o3`


def owns_figure(text: str, name: Name, q: Quantity) -> bool:
    """Whether only a possessive stands between `name` and the figure (`Vela-4 的 43.7%`, `Orca 的第
    175 名`, `Llama's 70B`): the figure is the name's own, as `possessor` reads it."""
    return name.end <= q.start and _POSSESSIVE.fullmatch(text, name.end, q.start) is not None


def owns(text: str, owner: Name, owned: Name) -> bool:
    """Whether only a possessive stands between `owner` and `owned` (`OpenAI 的 o3`, `Musk's Starlink`)."""
    return owner.end <= owned.start and _POSSESSIVE.fullmatch(text, owner.end, owned.start) is not None


def with_owned(found: list[Name], names: list[Name], text: str) -> list[Name]:
    """The names found and what they own right after them: `to rival Musk's Starlink` sets apart
    Starlink with Musk, `超过 OpenAI 的 o3` o3 with OpenAI."""
    kept = list(found)
    for name in found:
        owned = next((n for n in names if n.start >= name.end), None)
        if owned is not None and owned not in kept and owns(text, name, owned):
            kept.append(owned)
    return kept


def with_listed(found: list[Name], names: list[Name], text: str) -> list[Name]:
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


def after_comparison(item: Item, sentence: Sentence, q: Quantity) -> bool:
    """Whether the figure stands right after a comparison word, only filler words between (`than
    7B models`, `surpasses larger 70B models`): it measures the baseline."""
    return any(
        hit.end <= q.start and _FILLER.fullmatch(item.text, hit.end, q.start)
        for hit in sentence.hits("SIZE_COMPARE")
    )


def compared(item: Item, sentence: Sentence, cue: str = "COMPARE") -> list[Name]:
    """Names right after a comparison word (baselines) or an exception word: never subjects."""
    return set_apart(item.text, [(m.start, m.end) for m in sentence.hits(cue)], sentence.names())


# What may close a list of investors before the word after it (`A、B 等参投`; entities.toml list_ends).
_LIST_END = re.compile(rf"\s*,?\s*(?:{longest_first(default_lexicon().list_ends)})?\s*", re.IGNORECASE)


def investors(item: Item, sentence: Sentence) -> list[Name]:
    """The names listed right before an INVESTED word (`Pace、Chemistry 和 TruArrow 等参投`, `Sequoia
    and Accel participated`): who put money in, never the subject of the round's figures."""
    names, text = sentence.names(), item.text
    marks = sentence.hits("INVESTED")
    found: list[Name] = []
    for i, name in enumerate(names):
        if not any(name.end <= m.start and _LIST_END.fullmatch(text, name.end, m.start) for m in marks):
            continue
        found.append(name)
        for before in reversed(names[:i]):  # the list that ends with it
            if LIST_JOINER.fullmatch(text, before.end, found[-1].start) is None:
                break
            found.append(before)
    return found


def framed(item: Item, sentence: Sentence, q: Quantity, open_cue: str, close_cue: str) -> list[Name]:
    """Names a comparison or a setting frames (`与 V8 相比`, `在 B200 GPU 上`): a baseline or
    where the figure was measured, not what it is about. The frame closes within a few
    characters of the name, with no punctuation, and before the figure."""
    opens, closes = sentence.hits(open_cue), sentence.hits(close_cue)
    text = item.text
    framed = []
    for name in sentence.names():
        if name.end > q.start or not any(
            o.end <= name.start and not text[o.end : name.start].strip() for o in opens
        ):
            continue
        for c in closes:
            between = text[name.end : c.start]
            if name.end <= c.start <= q.start and len(between) <= _FRAME_GAP and not _breaks_frame(between):
                framed.append(name)
                break
    return framed


def run_on(item: Item, sentence: Sentence) -> list[Name]:
    """Hardware a figure was measured on (`reduces latency by up to 10x on an A100`, `runs at 3x
    speed on a single H100`): right after a SETTING_ON word, a chip or a card is the setting, not
    what the figure is about. English writes no closing word for it (Chinese does: `在 B200 上`)."""
    ons = sentence.hits("SETTING_ON")
    if not ons:
        return []
    text = item.text
    return [
        name
        for name in sentence.names()
        if name.type == "hardware"
        and any(o.end <= name.start and not text[o.end : name.start].strip() for o in ons)
    ]


def sourced(item: Item, sentence: Sentence) -> list[Name]:
    """Names a source frame holds (`据《晚点 LatePost》消息`, `据美团龙珠合伙人王新宇透露`): who
    reports a figure is not what it is about. The frame closes within the clause it opens."""
    return _held(item, sentence, "SOURCE_OPEN", "SOURCE_CLOSE", _SOURCE_REACH)


def recipients(item: Item, sentence: Sentence) -> list[Name]:
    """Names a recipient frame holds (`向英国 AI 安全研究所设立的基金捐赠`, `向开发者提供`): who is
    given a sum or a thing is not what the giver's figure is about."""
    return _held(item, sentence, "RECIPIENT_OPEN", "RECIPIENT_VERB", _RECIPIENT_REACH)


def settings(item: Item, sentence: Sentence, q: Quantity) -> list[Name]:
    """Names a setting frame holds before the figure (`在 B200 GPU 上`, `在延续 DeepSeek V3 模型配置下`):
    where a relative figure or a score was measured, not what it is about."""
    return _held(item, sentence, "SETTING_OPEN", "SETTING_CLOSE", _SETTING_REACH, before=q.start, lists=True)


def led_tests(item: Item, sentence: Sentence) -> list[Name]:
    """Names right after a test's lead word (`软件工程基准 SWE-Pro`): tests the lexicon does not list."""
    return _beside(item, sentence, "TEST_LEAD", before=False, gap=1)


def included(item: Item, sentence: Sentence) -> list[Name]:
    """Names a frame of examples holds (`含 Rubin 平台、Vera CPU 及 BlueField 系统在内的架构`): members
    of a larger whole, mentioned on the way."""
    return _held(item, sentence, "INCLUDING_OPEN", "INCLUDING_CLOSE", _RECIPIENT_REACH, lists=True)


def _held(
    item: Item,
    sentence: Sentence,
    open_cue: str,
    close_cue: str,
    reach: int,
    before: int | None = None,
    lists: bool = False,
) -> list[Name]:
    """The names between an `open_cue` word and the first `close_cue` word after it, when that word
    comes within `reach` characters and the same clause (and, given `before`, ends before it);
    with `lists`, a list's 、 inside the frame does not end the clause."""
    opens, closes = sentence.hits(open_cue), sentence.hits(close_cue)
    if not opens or not closes:
        return []
    text = item.text
    spans = []
    for o in opens:
        close = next((c for c in closes if c.start >= o.end), None)
        if close is None or close.start - o.end > reach or (before is not None and close.end > before):
            continue
        between = text[o.end : close.start]
        if lists:
            between = between.replace(ENUMERATION_COMMA, " ")
        if not (CLAUSE_END.search(between) or SENTENCE_END.search(between)):
            spans.append((o.end, close.start))
    return [n for n in sentence.names() if any(a <= n.start < b for a, b in spans)]


def owner(item: Item, sentence: Sentence, q: Quantity) -> Name | None:
    """The name just before a figure with only a few words between (`RTX 4090首发时的1599美元`)."""
    before = [n for n in sentence.names() if n.end <= q.start]
    if not before or q.start - before[-1].end > _OWNER_GAP:
        return None
    name = before[-1]
    # `对 Claude 的胜率为 61.2%`: a measure named between makes the figure the comparison's own.
    words = sentence.hits("ATTR") + sentence.hits("TESTS")
    if CLAUSE_END.search(item.text, name.end, q.start) or any(name.end <= w.start < q.start for w in words):
        return None
    return name


def possessor(item: Item, sentence: Sentence, q: Quantity) -> Name | None:
    """The name whose figure it is by `的` alone (`首次超过 OpenAI 的 32.3%`): a share is its own,
    where `比 RTX 4090 又多了 125W` is a difference from it."""
    before = [n for n in sentence.names() if n.end <= q.start]
    if before and _POSSESSIVE.fullmatch(item.text, before[-1].end, q.start):
        return before[-1]
    return None


def object_head(item: Item, sentence: Sentence, obj: Span) -> Span:
    """The head of the object phrase: the last name of its clause (`收购Jony Ive的io` -> io)."""
    clause = clause_of(item.text, (sentence.start, sentence.end), obj.start, obj.end)
    later = [n for n in sentence.names() if obj.end <= n.start and n.end <= clause[1]]
    return Span(later[-1].start, later[-1].end, later[-1].key, later[-1].text) if later else obj


def baseline_in(item: Item, sentence: Sentence, clause: tuple[int, int]) -> Span | None:
    for name in compared(item, sentence):
        if clause[0] <= name.start < clause[1]:
            return Span(name.start, name.end, name.key, name.text)
    return None


def speakers(item: Item, sentence: Sentence) -> list[Name]:
    """Names right before a speech verb (`黄仁勋表示`, `Altman said`): who speaks."""
    return _beside(item, sentence, "SPEAK", before=True)


def persons(item: Item, sentence: Sentence) -> list[Name]:
    """Names right after a person's role word (`工程师Tibor Blaho`, `CEO Sam Altman`): people."""
    return _beside(item, sentence, "PERSON_ROLE", before=False)


def _beside(item: Item, sentence: Sentence, cue: str, before: bool, gap: int = SPEAKER_GAP) -> list[Name]:
    """The names right before (or after) a word of `cue`: at most `gap` characters of spaces or
    markup between."""
    marks = sentence.hits(cue)
    text = item.text
    found = []
    for n in sentence.names():
        for m in marks:
            a, b = (n.end, m.start) if before else (m.end, n.start)
            if 0 <= b - a <= gap and not text[a:b].strip(" *`"):
                found.append(n)
                break
    return found


def enumerated(item: Item, names: list[Name], q: Quantity, clause: tuple[int, int]) -> list[Name]:
    """The names listed right before a count (`基础 TTS、VoiceDesign 和 VoiceClone 三款`): the
    members it counts, two or more joined by list words, the last only a space or an `etc.` from the
    figure (`调度 Gemini、ChatGPT 5.2 等 19 种模型`)."""
    # A list may run back past the clause's start: `、` joins its members and cuts clauses too.
    owned = owned_members(item, names, q)
    if owned:
        return owned
    before = [n for n in names if n.end <= q.start]
    list_end = item.resources.lexicon.classes["LIST_END"]
    if (
        not before
        or before[-1].start < clause[0]
        or not only_cue_words(item.text, before[-1].end, q.start, [list_end])
    ):
        return []
    members = [before[-1]]
    for name in reversed(before[:-1]):
        if not LIST_JOINER.fullmatch(item.text, name.end, members[-1].start):
            break
        members.append(name)
    # one name and an `etc.` is a list too (`联合美国银行、英伟达等 14 家企业`: the others unnamed here)
    etc = list_end.find(item.text, before[-1].end, q.start)
    return members if len(members) >= 2 or etc else []


# `的`, then a list (a 、 in it, no clause's end) running to the count
_OWNED_LIST = re.compile(
    rf"\s*(?:{'|'.join(POSSESSIVE_PARTICLES)})\s*[^，,。；;：:]*{ENUMERATION_COMMA}[^，,。；;：:]*\Z"
)


def owned_members(item: Item, names: list[Name], q: Quantity) -> list[Name]:
    """The names inside a list a named owner has, right before its count (`Qoder 的 IDE、JetBrains
    插件及 CLI 三种使用形态`): members counted, the owner before 的 what the count is about."""
    text = item.text
    for owner in reversed([n for n in names if n.end <= q.start]):
        if _OWNED_LIST.match(text, owner.end, q.start) is not None:
            return [n for n in names if owner.end < n.start and n.end <= q.start]
    return []
