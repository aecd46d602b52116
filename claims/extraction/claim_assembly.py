"""From a figure to a claim: the rules decide the kind (the first that matches, highest priority
first), the names that play another part are left out, the subject strategies choose the subject,
and the figure is signed, scaled and read as the claim's value."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from functools import partial

from claims.extraction import name_forms as forms
from claims.extraction import name_roles as roles
from claims.extraction.attribute_choice import attribute
from claims.extraction.extract_resources import viable
from claims.extraction.item import Decision, Item, listed_spans
from claims.extraction.name_forms import as_name
from claims.extraction.names import Name
from claims.extraction.respectively import respectively
from claims.extraction.rules import Rule, Target, match_rule
from claims.extraction.sentences import Sentence, clause_of, modality, split_sentences
from claims.extraction.subject_choice import choose_subject_for
from claims.model import Claim, Quantity
from claims.text import sizes
from claims.validation.kind_units import fits_kind

_ONE_TOPIC_SENTENCES = 30
_IN_WORDS = re.compile(r"[A-Za-z][A-Za-z\s-]*")  # `seven`, `twenty-one`: a number written in English words
_MEASURED_KINDS = ("speedup", "change", "score")  # figures measured on a test (`基准 SWE-Pro`)
# figures of a thing in a setting (`在 B200 上`, `在 GitHub 上`): every kind but prices and others
_SET_KINDS = (*_MEASURED_KINDS, "spec", "count", "parameter_count")
_OWNED_KINDS = ("price", "spec", "count", "parameter_count", "score")
# A context of `256K` tokens is 262,144 (K = 1024) as often as 256,000: the figure spans both.
_BINARY_MAGNITUDE = re.compile(r"\d\s*([KkMm])(?![A-Za-z])")
_BINARY_FACTOR = {"k": 1.024, "m": 1.048576}
_BINARY_UNITS = ("token",)


def item_claims(item: Item, quantities: Sequence[Quantity]) -> list[Claim]:
    """The claims of the figures `quantities` of one item, sentence by sentence, in text order."""
    out: list[Claim] = []
    spans = split_sentences(item.text, item.segment.start, item.segment.end)
    item.one_topic = len(spans) <= _ONE_TOPIC_SENTENCES
    blocked = [(q.start, q.end) for q in quantities]
    item.size_ends = {q.start: q.end for q in quantities if sizes.GLUED.fullmatch(q.text)}
    item.listed = listed_spans(item, quantities)
    index = 0
    for number, span in enumerate(spans):
        inside = []
        while index < len(quantities) and quantities[index].start < span[1]:
            if quantities[index].start >= span[0]:
                inside.append(quantities[index])
            index += 1
        if not inside:  # made only if a later figure looks back at it
            item.sentences.append_later(partial(item.sentence, span, blocked))
            continue
        sentence = item.sentence(span, blocked)
        item.sentences.append(sentence)
        rules: dict[str, tuple[Rule, ...]] = {}  # dimension -> the rules the sentence may match
        found = [c for c in (claim_for(item, q, sentence, number, rules) for q in inside) if c is not None]
        out += respectively(item, sentence, found)
    return out


def claim_for(
    item: Item, q: Quantity, sentence: Sentence, number: int, rules: dict[str, tuple[Rule, ...]]
) -> Claim | None:
    """The claim the figure `q` of sentence `number` makes, or None (no rule, or rule kind `none`).
    `rules` holds the rules the sentence may match, by dimension, found for its first figure of each."""
    text = item.text
    clause = clause_of(text, (sentence.start, sentence.end), q.start, q.end)
    # The figure as a rule sees it, in its clause or its sentence: made once, tried by every rule.
    targets = {
        scope: Target(q.start, q.end, q.dimension, q.text, float(q.value), window)
        for scope, window in (("clause", clause), ("sentence", (sentence.start, sentence.end)))
    }
    if q.dimension not in rules:
        rules[q.dimension] = _rules_here(item, sentence, q.dimension)
    for rule in rules[q.dimension]:
        if rule.listed and (q.start, q.end) not in item.listed:
            continue
        target = targets["clause" if rule.scope == "clause" else "sentence"]
        captures = match_rule(rule, target, sentence.element_spans)
        # a rule whose kind the figure cannot be (a score of 120%, a score in words) does not decide;
        # the next may
        unit = q.unit if rule.unit is None else rule.unit
        if (
            captures is not None
            and fits_kind(rule.kind, unit, float(q.value) * rule.factor)
            and not scored_in_words(rule.kind, q.text)
        ):
            break
    else:
        return None
    item.decisions[(q.start, q.end)] = Decision(rule.id)
    if rule.kind == "none":
        return None
    baseline = captures.get("baseline")
    obj = captures.get("object")
    if obj is not None:
        obj = roles.object_head(item, sentence, obj)
    # A compared name is a baseline, unless it owns a price or spec right next to it
    # (`这比 RTX 4090 1600 美元的发布价要高`, `首次超过 OpenAI 的 32.3%`).
    compared = roles.compared(item, sentence)
    owner = roles.owner(item, sentence, q) if compared and rule.kind in _OWNED_KINDS else None
    if compared and owner is None and rule.kind == "other":
        owner = roles.possessor(item, sentence, q)
    if baseline is None and rule.kind in ("speedup", "change", "other"):
        baseline = roles.baseline_in(item, sentence, clause)
        if baseline is not None and owner is not None and baseline.start == owner.start:
            baseline = None  # the figure is the compared name's own, not a comparison with it
    # a test captured as the attribute (`scores 81.2% on TriviaQA`) is what was measured, not who
    test = captures.get("attribute")
    apart = [(role, as_name(s)) for role, s in (("baseline", baseline), ("object", obj), ("test", test)) if s]
    apart += [("compared", n) for n in compared if n != owner]
    apart += _set_apart(item, rule, sentence, q)
    excluded = [name for _, name in apart]
    chosen, subject_source, strategy = choose_subject_for(
        item, rule, captures, sentence, number, q, clause, excluded
    )
    item.decisions[(q.start, q.end)] = Decision(rule.id, strategy, _shown(apart))
    subject = forms.in_full(item, forms.with_tier(item, forms.with_size(item, chosen), sentence))
    if rule.listed and subject is not None and not sizes.IN_TEXT.search(subject.text):
        subject = forms.variant(item, subject, q)  # `Qwen3.5 … 0.8B、2B 和 9B`: each size is its own model
    subject = forms.sibling(item, subject, q)
    attr_text, attr_key = attribute(item, rule, captures, sentence, clause, q)
    # the headline's topic, or the same thing found released in the sentence (`Kestrel 发布 K9 芯片
    # …，完成超 2 亿美元 C 轮融资`): money the company has goes to the company
    maker = forms.company_of(item, subject) if subject_source in ("title", "released") else None
    if maker is not None and attr_key in item.resources.lexicon.company_attributes:
        # `Vela 发布 Vela Studio 2.0` … `该公司年收入已达 1 亿美元`: money the company has
        subject = maker
        item.decisions[(q.start, q.end)] = Decision(rule.id, "company_figure")
    sign = Decimal(rule.sign)
    factor = Decimal(str(rule.factor))
    lo, hi = _signed(q.lo, rule.sign, factor), _signed(q.hi, rule.sign, factor)
    value = _signed(q.value, rule.sign, factor)
    if sign < 0:
        lo, hi = hi, lo
    if rule.offset:
        lo, hi, value = lo + rule.offset, hi + rule.offset, value + rule.offset
    unit = q.unit if rule.unit is None else rule.unit
    qualifier = q.qualifier if rule.qualifier is None else rule.qualifier
    binary = _binary_reading(q.text, unit, value)
    if binary > hi:  # `256K` tokens: 256,000 or 262,144, so the figure is approximate
        hi, qualifier = binary, "approx" if qualifier == "exact" else qualifier
    doc, seg = item.doc, item.segment
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
        object=obj.key if obj else None,
        baseline=baseline.key if baseline else None,
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


def scored_in_words(kind: str, quote: str) -> bool:
    """A score written in English words: news writes scores in digits (`scores 85.2 on MMLU`), so a
    number word beside a benchmark counts something (`evaluates seven systems on SWE-bench`).

    >>> scored_in_words("score", "seven"), scored_in_words("score", "85.2"), scored_in_words("count", "seven")
    (True, False, False)
    """
    return kind == "score" and _IN_WORDS.fullmatch(quote.strip()) is not None


def _signed(value: Decimal, sign: int, factor: Decimal) -> float:
    return float(value * factor * sign) if value.is_finite() else float(value * sign)


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


def _rules_here(item: Item, sentence: Sentence, dimension: str) -> tuple[Rule, ...]:
    """The rules for figures of `dimension` that `sentence` may match: not those needing a cue word
    that stands nowhere in it (`extract_resources.needs`), whose elements need not be looked for."""
    present = sentence.present()
    return tuple(rule for rule, needs in item.resources.rules_for(dimension) if viable(needs, present))


def _set_apart(item: Item, rule: Rule, sentence: Sentence, q: Quantity) -> list[tuple[str, Name]]:
    """The names of the sentence that play another part than being what the figure is about, each
    with its part (`claims.extraction.name_roles`): never the subject."""
    text = item.text
    found = [("source", n) for n in roles.sourced(item, sentence)]
    found += [("event", n) for n in sentence.names() if n.type == "event"]  # `在 Google I/O 大会期间`
    found += [("excluded", n) for n in roles.compared(item, sentence, "EXCEPT")]
    found += [
        ("origin", n) for n in roles.compared(item, sentence, "ORIGIN") if not roles.owns_figure(text, n, q)
    ]
    found += [("recipient", n) for n in roles.recipients(item, sentence)]
    found += [("example", n) for n in roles.included(item, sentence)]
    found += [("investor", n) for n in roles.investors(item, sentence)]
    found += [("compared", n) for n in roles.framed(item, sentence, q, "COMPARE_OPEN", "COMPARE_CLOSE")]
    if rule.kind in _SET_KINDS:  # a rate measured on a chip, a score on a test, downloads on a site
        found += [("setting", n) for n in roles.settings(item, sentence, q) + roles.run_on(item, sentence)]
    if rule.kind in _MEASURED_KINDS:
        found += [("test", n) for n in roles.led_tests(item, sentence)]
    if rule.kind == "speedup":
        found += [("ratio", n) for n in roles.framed(item, sentence, q, "RATIO_OPEN", "RATIO_CLOSE")]
    return found


def _shown(apart: list[tuple[str, Name]]) -> tuple[tuple[str, str], ...]:
    """The set-apart names as `claims explain` shows them: each written once, with its first part."""
    shown: dict[str, str] = {}
    for role, name in apart:
        shown.setdefault(name.text, role)
    return tuple(shown.items())
