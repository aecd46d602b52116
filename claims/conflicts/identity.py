"""Identity: whether two claims that share a comparison key state one fact, and the evidence.

Sharing a subject, attribute, unit and conditions is not enough to be one fact: "Anthropic: 2 亿美元
spending" and "Anthropic: 超千亿美元 spending" are two commitments, "Zyphra: 8.4B vs 740亿 params"
two models, "OpenAI funding 1100亿 vs 1220亿" two rounds two months apart. A flag is a claim made
to a fact-checker, so a key is compared only when something establishes that its figures are about
one thing. `KEY_RULES` are the named ways a key can establish it, tried in order; a key that none
establishes is never flagged. `PAIR_RULES` then keep apart two figures of one key that cannot be
the same report (a figure that changes over time, reported months apart).

Each rule gives the evidence shown on the flag and a confidence in [0, 1].
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import polars as pl

from claims.extraction.lexicon import Lexicon, default_lexicon
from claims.text import sizes

# Facts that change over time: two reports of them are one fact only when close in time.
FIXED_KINDS = ("parameter_count", "score", "spec", "speedup")
FIXED_ATTRIBUTES = ("launch_price", "acquisition_price", "params", "active_params", "context_length")
SAME_NEWS_DAYS = 7  # reports of one funding round, share price or user count come within a week

_DIGIT = re.compile(r"\d")
_SPECIFIC_TYPES = ("model", "hardware", "product", "shape", "dataset")


@dataclass(frozen=True, slots=True)
class Identity:
    """Why the figures of one key are about one thing: the rule, its evidence, its confidence.

    `one_document`: the evidence holds only between figures of one document (a paper and its
    translation, an interview), not across articles.
    """

    rule: str
    evidence: str
    confidence: float
    one_document: bool = False


@cache
def _lexicon() -> Lexicon:
    return default_lexicon()


def subject_type(subject: str, lexicon: Lexicon | None = None) -> str:
    """The entity type the lexicon gives a subject key as a whole, else `shape`.

    >>> subject_type("OpenAI"), subject_type("DeepSeek-R1"), subject_type("Reka Edge")
    ('org', 'model', 'shape')
    """
    if lexicon is None:
        return _listed_type(subject)
    hits = lexicon.entities.find(subject)
    whole = [h for h in hits if h.start == 0 and h.end == len(subject)]
    return whole[0].tag if whole else "shape"


@cache
def _listed_type(subject: str) -> str:
    """`subject_type` in the shipped lexicon, looked up once per subject (keys repeat row after row)."""
    return subject_type(subject, _lexicon())


def specific_subject(subject: str | None, lexicon: Lexicon | None = None) -> bool:
    """A subject that names one thing: a version, a size or a named product, not a company or a family.

    A name with a digit (GPT-4o, RTX 5090, Llama 3.1 8B) or of two words or more that is no company
    (Gemini Diffusion, Reka Edge) is specific; a company (OpenAI), a family or product line written
    as one word (Qwen, Grok, Codex) and a person are not.

    >>> [specific_subject(s) for s in ("RTX 5090", "Gemini Diffusion", "OpenAI", "Qwen", "Zyphra")]
    [True, True, False, False, False]
    """
    if not subject:
        return False
    kind = subject_type(subject, lexicon)
    if kind in ("org", "person", "family"):
        return False
    if _DIGIT.search(subject):
        return True
    words = [w for w in re.split(r"[\s\-_]+", subject) if w]
    return kind in _SPECIFIC_TYPES and len(words) >= 2


def priced_thing(subject: str | None) -> bool:
    """A subject whose price needs no attribute to be one fact: a thing with a version or size in
    its name, or one listed as a product, model or piece of hardware. A two-word name found only by
    its shape may be a person (Jeff Bezos), whose figures are a share price and a sale.

    >>> [priced_thing(s) for s in ("RTX 5090", "ChatGPT", "Jeff Bezos", "OpenAI")]
    [True, True, False, False]
    """
    if not subject:
        return False
    listed = subject_type(subject)
    return listed in ("product", "model", "hardware") or (listed == "shape" and bool(_DIGIT.search(subject)))


# --- key rules: each takes (subject, attribute, object, scope) ---------------------------------


def _named_thing(
    subject: str | None, attribute: str, obj: str, scope: str, kind: str = ""
) -> Identity | None:
    """A version, a size or a named product (RTX 5090, Gemini Diffusion, Llama 3.1 8B). A model's
    parameter count needs the size in the name or a model listed as one (DeepSeek-V3): `Llama 3.1`
    and `Qwen3.5` are generations of several sizes, whose counts are never one fact."""
    if not specific_subject(subject):
        return None
    counts_parameters = kind == "parameter_count" or attribute in ("params", "active_params")
    if (
        counts_parameters
        and not sizes.IN_TEXT.search(subject or "")
        and subject_type(subject or "") != "model"
    ):
        return None  # a listed model (DeepSeek-V3) is one model; an unlisted version may be a generation
    return Identity("specific_subject", f"same {subject}", 0.9)


def _deal_object(
    subject: str | None, attribute: str, obj: str, scope: str, kind: str = ""
) -> Identity | None:
    """A company's figure tied to one deal by its object (OpenAI buys io)."""
    if subject and obj:
        return Identity("deal_object", f"same deal: {subject} → {obj}", 0.8)
    return None


def _listed_product_measure(
    subject: str | None, attribute: str, obj: str, scope: str, kind: str = ""
) -> Identity | None:
    """One listed product (ChatGPT) and a named measure of it (users, price): a family or a company
    is no product, and a figure with no named measure may be anything of it."""
    if subject and attribute and subject_type(subject) in ("product", "model", "hardware"):
        return Identity("listed_product_measure", f"same {subject} {attribute}", 0.7)
    return None


def _within_document(
    subject: str | None, attribute: str, obj: str, scope: str, kind: str = ""
) -> Identity | None:
    """Inside one document, a named measure of one name (a paper's method in its two halves, an
    interview's price) is one fact; across articles the same word may name two things."""
    if not attribute or (subject and subject_type(subject) in ("org", "person", "family")):
        return None
    said = f"same document, {subject or 'no subject named'}, {attribute}"
    return Identity("within_document", said, 0.6, one_document=True)


KEY_RULES: tuple[tuple[str, Callable[[str | None, str, str, str, str], Identity | None]], ...] = (
    ("specific_subject", _named_thing),
    ("deal_object", _deal_object),
    ("listed_product_measure", _listed_product_measure),
    ("within_document", _within_document),
)


def key_identity(
    subject: str | None, attribute: str | None, obj: str | None, scope: str | None, kind: str | None = None
) -> Identity | None:
    """The first rule of `KEY_RULES` that ties a key's figures to one thing, or None (no flag).

    >>> key_identity("OpenAI", "acquisition_price", "io", "").rule
    'deal_object'
    >>> key_identity("Anthropic", "spending", "", "") is None
    True
    >>> key_identity("Qwen", "MMLU", "", "") is None
    True
    >>> key_identity("Llama 3.1", "params", "", "", "parameter_count").rule  # a generation of sizes
    'within_document'
    >>> key_identity("Llama 3.1 8B", "params", "", "", "parameter_count").rule
    'specific_subject'
    """
    for _name, rule in KEY_RULES:
        found = rule(subject or None, attribute or "", obj or "", scope or "", kind or "")
        if found is not None:
            return found
    return None


# --- pair rules --------------------------------------------------------------------------------


def changes_over_time(kind: pl.Expr, attribute: pl.Expr) -> pl.Expr:
    """Whether a fact of this kind and attribute changes over time (funding, users, a price)."""
    return ~kind.is_in(FIXED_KINDS).fill_null(False) & ~attribute.is_in(FIXED_ATTRIBUTES).fill_null(False)


def _day(iso: pl.Expr) -> pl.Expr:
    """An ISO date (`YYYY-MM-DD`, nothing else) as a day; null when unknown, written otherwise, or no
    day of the calendar (`2026-02-30`)."""
    text = iso.cast(pl.String)
    return pl.when(text.str.contains(r"^\d{4}-\d{2}-\d{2}$")).then(text.str.to_date("%Y-%m-%d", strict=False))


def same_report_period(kind: pl.Expr, attribute: pl.Expr, a: pl.Expr, b: pl.Expr) -> pl.Expr:
    """Two figures of a fact that changes over time (`changes_over_time`) may be one fact only when
    published within `SAME_NEWS_DAYS` of each other; an unknown date lets them be. `a` and `b` are
    ISO dates (`YYYY-MM-DD`, as the claims schema holds them), one row a pair, read all at once.

    >>> frame = pl.DataFrame({"kind": ["price", "price", "score", "price"],
    ...     "attribute": ["funding", "funding", "MMLU", "funding"],
    ...     "a": ["2026-02-27", "2026-02-27", "2025-01-01", None],
    ...     "b": ["2026-03-03", "2026-04-01", "2026-01-01", "2026-04-01"]})
    >>> frame.select(same_report_period(*map(pl.col, frame.columns)))["kind"].to_list()
    [True, False, True, True]
    """
    gap = (_day(a) - _day(b)).dt.total_days().abs()
    return ~changes_over_time(kind, attribute) | gap.is_null() | (gap <= SAME_NEWS_DAYS)
