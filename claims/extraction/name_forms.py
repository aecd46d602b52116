"""A chosen name in the form the claim is about: with the size written after it (`Llama 3 70B`),
a plan word with its product (`ChatGPT Pro`), a short code as the headline writes it in full
(`Arc Pro B70`), each listed size as its own model (`Qwen3-8B and 32B`)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from claims.extraction import name_roles as roles
from claims.extraction.names import SHAPE_TYPE, VERSION_TOKEN, Name
from claims.extraction.rules import Span
from claims.extraction.sentences import CLAUSE_END, Sentence
from claims.model import Quantity
from claims.text import sizes

if TYPE_CHECKING:
    from claims.extraction.item import Item

_SIZED_TYPES = ("model", "family", "shape", "product")  # what comes in sizes (never a company: `Meta 70B`)
# A product's model code: capitals then digits (`B70`, `H200`, `M4`, `X1E`).
_MODEL_CODE = re.compile(r"[A-Z]{1,3}\d{1,4}[A-Za-z]{0,2}")
_PLAN_WORDS = re.compile(r"(?<![A-Za-z])(?:[A-Z][A-Za-z]* )+$")  # capitalised words right before a plan word
_PLAN_REACH = 20


def as_name(span: Span | Name) -> Name:
    """A captured span as a name (a model, unless the span already is a name)."""
    if isinstance(span, Name):
        return span
    return Name(span.start, span.end, span.text, span.key, "model")


def _code_shape(code: str) -> tuple[str, int]:
    """The letters and digit count of a model code: `B70` and `B65` are one line, `H200` another.

    >>> _code_shape("B70") == _code_shape("B65"), _code_shape("B70") == _code_shape("H200")
    (True, False)
    """
    letters = "".join(c for c in code if c.isalpha() and c.isupper())
    return letters, sum(c.isdigit() for c in code)


def tier_base(name: Name, tiers: frozenset[str]) -> bool:
    """A name that plan words can belong to: a product, not a company or person, not itself a plan."""
    return tier_root(name, tiers) == name.text


def sibling(item: Item, name: Name | None, q: Quantity) -> Name | None:
    """A bare size listed after a sized name is a sibling model, not that model's size:
    `Sarvam-30B 与 105B` names Sarvam-105B, `Qwen3-8B and 32B` Qwen3-32B, `Orca 0.6B、4B 和 14B`
    Orca 14B, `Orca 0.6B→4B→14B` too."""
    if name is None or not sizes.GLUED.fullmatch(q.text.strip()):
        return name
    found = list(sizes.IN_TEXT.finditer(name.text))
    if len(found) != 1 or not item.sizes_between(name.end, q.start):
        return name
    at = found[0]
    surface = name.text[: at.start()] + q.text.strip() + name.text[at.end() :]
    return item.named(name.start, q.end, surface, name.type)


def variant(item: Item, name: Name, q: Quantity) -> Name:
    """The model of `name` (a family or generation) that the listed size `q` names."""
    size = sizes.IN_TEXT.findall(q.text)
    if len(size) != 1 or name.type in ("org", "person"):
        return name  # a range of sizes stays the family's; a company's sizes are its models'
    return item.named(name.start, name.end, f"{name.text} {size[0]}", "model")


def with_tier(item: Item, name: Name | None, sentence: Sentence) -> Name | None:
    """A plan word alone (`Pro`, `AI Ultimate`, `企业版`) names a tier of the product named
    before it in the item: `JetBrains AI … AI Pro` is JetBrains AI Pro, `ChatGPT … Pro` ChatGPT Pro."""
    if name is None:
        return None
    words = name.text.split()
    tiers = item.resources.lexicon.tiers
    if not words or words[-1].casefold() not in tiers:
        return name
    if any(
        w.casefold() not in tiers and w.casefold() not in item.resources.lexicon.not_entities for w in words
    ):
        return name  # a full name that ends in a plan word (`Claude Enterprise`)
    org_plan = _org_plan(item, name, sentence)
    if org_plan is not None:
        return org_plan
    # The product the headline names with this tier (`推出 ChatGPT 100 美元 Pro 档`) first; else
    # the latest product named before in the item.
    base = item.title_tiers.get(words[-1].casefold())
    topic = item.title_name
    if base is None and item.one_topic and topic is not None and tier_base(topic, tiers):
        # A short item's plans are its headline product's (`腾讯云推出 Coding Plan` … `套餐设 Lite
        # 与 Pro 两档`), not those of a tool it names on the way (`支持 Cursor、Cline 等工具`).
        base = topic
    root = base.text if base is not None else None
    if base is None:
        # Who reports, speaks or works names no product (`工程师 Tibor Blaho`); a product named with its own
        # plan words lends its root (`ChatGPT Pro Lite` … `Plus` is ChatGPT Plus).
        earlier = [n for s in item.sentences for n in _products(item, s) if n.end <= name.start]
        earlier += [n for n in _products(item, sentence) if n.end <= name.start]
        roots = [(n, tier_root(n, tiers)) for n in earlier]
        roots = [(n, r) for n, r in roots if r is not None]
        if not roots:
            return name
        base, root = roots[-1]
    # The whole plan name is kept, generic words before it too: `JetBrains AI … AI Pro` is
    # JetBrains AI Pro.
    plan = name.text
    before = _PLAN_WORDS.search(item.text, max(0, name.start - _PLAN_REACH), name.start)
    generic = item.resources.lexicon.not_entities
    if before and all(w.isupper() and w.casefold() in generic for w in before.group().split()):
        plan = f"{before.group().strip()} {plan}"
    return item.named(name.start, name.end, f"{root} {plan}", base.type)


def _org_plan(item: Item, name: Name, sentence: Sentence) -> Name | None:
    """A plan a company sells under its own name and a generic word (`Google AI Ultra`, `谷歌 AI
    Pro`): the company's plan, keyed with the company's key."""
    generic = item.resources.lexicon.not_entities
    orgs = [n for n in sentence.names() if n.type == "org" and n.end <= name.start]
    for org in orgs:
        # `Google AI Ultra`: a generic word between; `维拉科技 AI Pro`: the plan's name opens with it
        plan = item.text[org.end : name.start].split() + name.text.split()
        generic_words = [w for w in plan[:-1] if _generic(w, generic)]
        if generic_words and len(plan) - len(generic_words) == 1 and len(plan) <= 3:
            surface = " ".join(plan)
            return item.named(
                org.start, name.end, f"{org.text} {surface}", SHAPE_TYPE, f"{org.key} {surface}"
            )
    # `Google 宣布 AI Pro 存储…`: a plan named by a generic word and a plan word alone is the plan of the
    # company its clause names before it
    words = name.text.split()
    if orgs and len(words) == 2 and _generic(words[0], generic):
        org = orgs[-1]
        if not CLAUSE_END.search(item.text, org.end, name.start):
            return item.named(
                org.start, name.end, f"{org.text} {name.text}", SHAPE_TYPE, f"{org.key} {name.text}"
            )
    return None


def _generic(word: str, generic: frozenset[str]) -> bool:
    """A generic acronym of the lexicon (`AI`): it names no one's product alone."""
    return word.isupper() and word.casefold() in generic


def _products(item: Item, sentence: Sentence) -> list[Name]:
    """The names of `sentence` that may be a product: not a source, a speaker or a person."""
    others = roles.sourced(item, sentence) + roles.speakers(item, sentence) + roles.persons(item, sentence)
    return [n for n in sentence.names() if n not in others]


def tier_root(name: Name, tiers: frozenset[str]) -> str | None:
    """The product a name's plans belong to: the name without the plan words it ends in
    (`ChatGPT Pro Lite` -> ChatGPT); None for a company, a person or a plan alone."""
    if name.type in ("org", "person"):
        return None
    words = name.text.split()
    while words and words[-1].casefold() in tiers:
        words.pop()
    return " ".join(words) or None


def in_full(item: Item, name: Name | None) -> Name | None:
    """A short name the headline writes in full (`B70` after `英特尔推出 Arc Pro B70`) is that
    name; a sibling code of the same line (`B65`) takes the same line's words (`Arc Pro B65`)."""
    if name is None or name.type != SHAPE_TYPE or " " in name.text:
        return name
    topic = item.title_name
    if topic is not None and topic.text.endswith(f" {name.text}"):
        # `Midjourney 发布 V8.1` … `V8.1 的生成速度`: the version the headline names with its maker
        return item.named(name.start, name.end, topic.text, topic.type, topic.key)
    if not _MODEL_CODE.fullmatch(name.text):
        return name
    for full in item.title_names:
        words = full.text.split()
        if len(words) < 2 or not _MODEL_CODE.fullmatch(words[-1]):
            continue
        if words[-1] == name.text:
            return item.named(name.start, name.end, full.text, full.type, full.key)
        if _code_shape(words[-1]) == _code_shape(name.text):
            surface = " ".join([*words[:-1], name.text])
            return item.named(name.start, name.end, surface, full.type)
    return name


def with_size(item: Item, name: Name | None) -> Name | None:
    """A name with the model size written right after it is that variant (`Llama 3 70B`)."""
    if name is None:
        return None
    at = name.end + 1 if item.text[name.end : name.end + 1] == " " else name.end
    end = item.size_ends.get(at)
    if end is None or name.type not in _SIZED_TYPES:
        return name
    kind = "model" if name.type == "family" else name.type  # `Llama 70B` is one model of the family
    # A model named after its maker (`Mistral 7B`) keeps the name as written, not the maker's key
    # (`Mistral AI`): the size makes it a model of its own.
    named_after_maker = _maker(item, name.text)
    base = name.text if named_after_maker else name.key
    return item.named(name.start, end, item.text[name.start : end], kind, f"{base} {item.text[at:end]}")


def _maker(item: Item, surface: str) -> bool:
    """Whether `surface` is, whole, a listed organisation's name (`Mistral` for Mistral AI)."""
    hits = item.resources.lexicon.entities.find(surface)
    return len(hits) == 1 and hits[0].tag == "org" and hits[0].start == 0 and hits[0].end == len(surface)


def company_of(item: Item, topic: Name | None) -> Name | None:
    """The company a headline names before the product it is about (`Kestrel 亮相…芯片 K9`: Kestrel;
    `Vela 发布 Vela Studio 2.0`: Vela), when `topic` is that product; else None."""
    if topic is None or topic.type in ("org", "person") or item.title_name is None:
        return None
    if topic.key != item.title_name.key:
        return None
    # `DeepSeek … 发布 V4.1 模型`: the topic is the company's name and the version it released
    maker = next((n for n in item.title_names if n.type != "person" and n.start == topic.start), None)
    if maker is not None and VERSION_TOKEN.fullmatch(topic.text[len(maker.text) :].strip()):
        return maker
    before = [n for n in item.title_names if n.end <= item.title_name.start and n.type not in ("person",)]
    if not before or before[0].key == topic.key or topic.text.startswith(before[0].text):
        return None  # `OpenAI 成立 OpenAI Deployment Company`: a new company named after its parent
    return before[0]
