"""Claim extraction: quantities -> claims, by the rules of grammars/rules/ and the lexicons.

For each segment of a document: split sentences, find the quantities, and for each quantity try
the rules from the highest priority down; the first that matches says the kind (or `none`: not
a claim), and may fix the attribute, capture the object or baseline, flip the sign or rename the
unit. Subject, attribute, baseline, modality and language are then filled in from the sentence
(see `claims.extraction.claim_assembly` for a figure's way to a claim and
`claims.extraction.subject_choice` for how the subject is chosen).
"""

from __future__ import annotations

import bisect
import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from claims.extraction.claim_assembly import item_claims
from claims.extraction.document_figures import document_figures, share_units, split_transitions
from claims.extraction.each import claims_table, extract_each
from claims.extraction.extract_resources import ExtractResources, default_extract_resources
from claims.extraction.item import Decision, read_item
from claims.extraction.lexicon import halfwidth
from claims.extraction.name_words import common_words
from claims.extraction.parts import Window, part_window
from claims.ingest.corpus import iter_documents, segment_document
from claims.model import Claim, Document, Segment
from claims.text.masking import mask
from claims.text.plain import Plain, plain_text

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "ExtractResources",
    "default_extract_resources",
    "explain_document",
    "extract",
    "extract_corpus",
    "extract_document",
    "extract_each",
    "with_content_ids",
]


def with_content_ids(doc: Document, claims: list[Claim], plain: Plain | None = None) -> list[Claim]:
    """The claims with ids made from what they say, not where: the document's identity, the
    sentence, the quote, the kind and the value, and which occurrence of all these it is. Claims
    read on the `plain` text of `doc` are first moved back to the original offsets, their quotes
    then the original text (markers and all).

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
        start, end = (claim.start, claim.end) if plain is None else plain.to_original(claim.start, claim.end)
        quote = claim.quote if plain is None else doc.text[start:end]
        key = "\x1f".join((identity, claim.sentence, quote, claim.kind, repr(claim.value)))
        seen[key] += 1
        digest = hashlib.sha1(f"{key}\x1f{seen[key]}".encode("utf-8", "surrogatepass")).hexdigest()[:16]
        # one copy of the claim, its place and id set at once (a claim has two dozen fields)
        out.append(replace(claim, claim_id=digest, start=start, end=end, quote=quote))
    return out


# --- public API ---------------------------------------------------------------------------


def explain_document(
    doc: Document, resources: ExtractResources | None = None
) -> tuple[list[Claim], dict[tuple[int, int], Decision]]:
    """The claims of one document and, for every quantity a rule decided, that rule's id."""
    return _explained(doc, resources or default_extract_resources(), with_decisions=True)


def _explained(
    doc: Document, resources: ExtractResources, with_decisions: bool, part: tuple[int, int] | None = None
) -> tuple[list[Claim], dict[tuple[int, int], Decision]]:
    """`explain_document`; without `with_decisions` the decisions are not moved back to the
    original offsets (an empty dict): extraction alone does not need them. With `part` (index,
    count), only the items of that part are read (`claims.extraction.parts`)."""
    segments = segment_document(doc)
    plain = plain_text(doc.text)
    if plain is None:
        claims, decisions = _read_segments(doc, *_part(segments, part), resources)
        return with_content_ids(doc, claims), decisions
    # Read the text without emphasis and prose backticks, then move every claim back to the
    # original offsets (its quote is then the original text, markers and all).
    reading = replace(doc, text=plain.text)
    moved = [s.spanning(plain.to_plain(s.start), plain.to_plain(s.end)) for s in segments]
    claims, decisions = _read_segments(reading, *_part(moved, part), resources)
    relocated = with_content_ids(doc, claims, plain)
    if not with_decisions:
        return relocated, {}
    return relocated, {plain.to_original(*span): decision for span, decision in decisions.items()}


def _part(segments: list[Segment], part: tuple[int, int] | None) -> tuple[list[Segment], Window]:
    """The segments to read (those of `part`, or all) and the stretch of text whose figures they
    need: the whole text, or the part's with the segment on either side of it as context."""
    if part is None:
        return segments, (0, None)
    return part_window(segments, *part)


def _read_segments(
    doc: Document, segments: list[Segment], window: Window, resources: ExtractResources
) -> tuple[list[Claim], dict[tuple[int, int], Decision]]:
    # Names and cues are read with links, code and URLs blanked (same offsets): a link target
    # (`…/the-second-100b-ai-company`) names nothing.
    folded = mask(halfwidth(doc.text))
    figures, vetoed = document_figures(doc.text, resources.quantities, *window)
    quantities = share_units(doc.text, split_transitions(doc.text, figures, resources))
    common = common_words(folded)
    claims: list[Claim] = []
    decisions = {span: Decision(veto) for span, veto in vetoed.items()}
    starts = [q.start for q in quantities]  # in text order
    for segment in segments:
        inside = quantities[
            bisect.bisect_left(starts, segment.start) : bisect.bisect_left(starts, segment.end)
        ]
        if not inside:
            continue  # no figure, no claim: the item's title and names need not be read
        item = read_item(doc, folded, segment, resources, common)
        claims += item_claims(item, inside)
        decisions |= item.decisions
    return claims, decisions


def extract_document(
    doc: Document, resources: ExtractResources | None = None, part: tuple[int, int] | None = None
) -> list[Claim]:
    """Every claim of one document, in text order; with `part` (index, count), those of the items
    of that part of it, their ids made within the part (`claims.extraction.parts.whole` makes them
    again over the whole document)."""
    return _explained(doc, resources or default_extract_resources(), with_decisions=False, part=part)[0]


def extract(text: str, *, title: str | None = None, resources: ExtractResources | None = None) -> list[Claim]:
    """The claims of one text (doc_id `text`); `title` names its subject when sentences do not.

    >>> [(c.kind, c.subject_key, c.value, c.unit) for c in extract("OpenAI以64亿美元收购io公司。")]
    [('price', 'OpenAI', 6400000000.0, 'USD')]
    """
    return extract_document(Document("text", "text", text, title=title), resources)


def extract_corpus(
    paths: Iterable[Path | str], resources: ExtractResources | None = None, jobs: int = 1
) -> pl.DataFrame:
    """The claims table (`claims.model.CLAIM_COLUMNS`) of every readable file under `paths`, read a
    file at a time (a large corpus is never held whole) by `jobs` worker processes."""
    documents = (doc for doc, _ in iter_documents(list(paths)))
    return claims_table(extract_each(documents, resources, jobs=jobs))
