"""The records that flow through `claims`: documents, segments, quantities and claims.

Every stage agrees on these shapes; the claims table columns (`CLAIM_COLUMNS`) are the output
contract of `claims extract`, checked by `claims.validation.schema`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

QUALIFIERS = ("exact", "approx", "at_least", "at_most", "range")
MODALITIES = ("asserted", "speculative")
STDIO = "-"  # the path that names standard input or output, wherever a path is asked for
KINDS = ("score", "parameter_count", "speedup", "change", "price", "spec", "count", "other")
# The first line of every Markdown table claims renders: its sources quote the news, so a table
# written into a corpus folder (`claims table … -o news/gpus.md`) must not come back as news.
RENDERED_TABLE_MARK = "<!-- a comparison table written by claims: not news -->"
# How far a group is established as one fact: a `flag` has identity evidence (claims.conflicts.identity); a
# `possible` group only shares a key, and is shown only when asked for.
TIERS = ("flag", "possible")
# A review's verdict on a group, and how the review page's buttons name each: `confirmed` the figures
# really disagree; `not_a_conflict` a false alarm (they agree, a units slip of ours); `not_same_fact`
# the figures are about different things; `needs_more` looked at, undecided until more is known;
# `resolved` settled, with the correct value.
VERDICTS = ("confirmed", "not_a_conflict", "not_same_fact", "needs_more", "resolved")
VERDICT_LABELS = {
    "confirmed": "confirmed",
    "not_a_conflict": "false alarm",
    "not_same_fact": "not the same fact",
    "needs_more": "needs more",
    "resolved": "resolved",
}
# The verdicts that close a group: shown last on the page, and no longer marked in tables.
SETTLED_VERDICTS = ("not_a_conflict", "not_same_fact", "resolved")
# A score in % lies in this range (an accuracy, a pass rate); 120% is no score but a ratio or a change.
PERCENT_SCORE_RANGE = (0.0, 100.0)


@dataclass(frozen=True, slots=True)
class Status:
    """One status a conflict group can have: how its figures differ, and every name it goes by."""

    name: str  # the value of the conflicts table's `status` column
    meaning: str  # when a group has it (the schema's documentation)
    explained: str  # the last words of the group's one-line explanation (claims.conflicts.explanation)
    label: str  # its badge and filter on the review page
    cell_label: str  # how a table cell's note names it (claims.output.tables)
    weight: float  # severity = relative gap x weight: at an equal gap the worse status ranks higher


# The statuses of a conflict group, worst first (the order summaries list them and flags rank); see
# docs/conflicts.md. Every other list of statuses is derived from this one.
STATUS_TABLE = (
    Status(
        "conflict",
        "their intervals do not meet",
        "no overlap",
        "Conflict",
        "Conflicting figures",
        1.0,
    ),
    Status(
        "rumour",
        "exactly one figure is speculative, and the figures as written do not meet",
        "speculative vs asserted",
        "Rumour vs announcement",
        "Rumour vs announcement",
        0.5,
    ),
    Status(
        "tension",
        "the figures differ but their intervals meet",
        "intervals meet (rounding or approximation may explain it)",
        "Tension",
        "Figures differ within rounding",
        0.25,
    ),
)
STATUS = {status.name: status for status in STATUS_TABLE}
STATUSES = tuple(STATUS)


@dataclass(frozen=True, slots=True)
class Document:
    """One input text as read: BOM removed, nothing else changed, so offsets index `text`."""

    doc_id: str  # path relative to the root given (jsonl: `file.jsonl#id`)
    path: str  # the file it came from, as the user named it
    text: str
    title: str | None = None
    published: str | None = None  # ISO date `YYYY-MM-DD` when known
    source_url: str | None = None
    line_offset: int = 0  # jsonl: the file line this document came from (1-based), else 0
    # What claim ids are made from: the document's own id or url (front matter, JSONL fields), else
    # the shortest end of the file's path that no other file of the run shares, so ids survive
    # naming the corpus from another folder; `doc_id` when not set.
    identity: str | None = None


@dataclass(frozen=True, slots=True)
class Segment:
    """One news item or article of a document: `document.text[start:end]`."""

    doc_id: str
    segment_id: str  # `doc_id#n`, n counting from 0 in document order
    title: str
    published: str | None
    source_url: str | None
    start: int
    end: int

    def spanning(self, start: int, end: int) -> Segment:
        """The same segment at [start, end) of another reading of its text (the plain text of its
        document): built directly, as `dataclasses.replace` costs several times as much for each
        of a weekly digest's thousands of items."""
        return Segment(self.doc_id, self.segment_id, self.title, self.published, self.source_url, start, end)


# What a number is, as the scanner reads it: a figure (`cardinal`: 7, seven, 3.5 GB), a position
# (`ordinal`: first, 21st, 第3), a year (in 2019, 2025年), part of a date or time (6月, 2025-01-02),
# a version (Gemini 2.5, FSR 4) or a label (RTX 5090, list numbering, 图 3, [2]).
ROLES = ("cardinal", "ordinal", "year", "date", "version", "identifier")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit as found in text; `text == source[start:end]`.

    `lo`/`hi` bound the values the wording allows (rounding, qualifiers, ranges); an open side is
    `Decimal('Infinity')` or `Decimal('-Infinity')`. `unit` is canonical for its `dimension`
    (ISO 4217 code for money; see docs/units.md). `role` says what kind of number it is
    (`ROLES`): the scanner reports every number, and the claim layer decides which are claims.
    """

    start: int
    end: int
    text: str
    value: Decimal
    lo: Decimal
    hi: Decimal
    unit: str
    dimension: str
    qualifier: str
    role: str = "cardinal"
    shown_value: Decimal | None = None  # a duration in the unit written, for display (14 天: 14)
    shown_unit: str = ""  # that unit (day); the canonical `value` (seconds) is for comparison


@dataclass(frozen=True, slots=True)
class Claim:
    """One quantitative claim: a quantity tied to what it measures, of whom, how surely."""

    claim_id: str
    doc_id: str
    segment_id: str
    title: str | None
    source_url: str | None
    published: str | None
    start: int
    end: int
    quote: str
    sentence: str
    kind: str
    subject: str | None
    subject_key: str | None
    attribute: str | None
    attribute_key: str | None
    object: str | None
    baseline: str | None
    value: float
    lo: float
    hi: float
    unit: str
    qualifier: str
    modality: str
    lang: str
    rule_id: str
    derived: bool = False
    subject_source: str | None = None  # the strategy that chose the subject (SUBJECT_SOURCES)


# Text columns where the empty string is a value, not a missing one: the unit of a bare number.
EMPTY_IS_A_VALUE = ("unit",)

# The claims table, column by column, in output order: each column's polars type by name
# (`CLAIM_COLUMNS` builds the types where a table is made: extraction itself needs no polars).
_CLAIM_TYPES: dict[str, str] = {
    "claim_id": "String",
    "doc_id": "String",
    "segment_id": "String",
    "title": "String",
    "source_url": "String",
    "published": "String",
    "start": "Int64",
    "end": "Int64",
    "quote": "String",
    "sentence": "String",
    "kind": "String",
    "subject": "String",
    "subject_key": "String",
    "attribute": "String",
    "attribute_key": "String",
    "object": "String",
    "baseline": "String",
    "value": "Float64",
    "lo": "Float64",
    "hi": "Float64",
    "unit": "String",
    "qualifier": "String",
    "modality": "String",
    "lang": "String",
    "rule_id": "String",
    "derived": "Boolean",
    "subject_source": "String",
}

# How a claim's subject was chosen (`Claim.subject_source`), most to least direct; `claims explain`
# shows it. rule: the claim rule captured it; referent: 前者/后者; described: the figure describes the
# name after it; list: 分别/respectively pairs names and figures; clause / sentence: a name of the
# figure's clause or sentence; released: the object of a release verb; topic: an earlier sentence;
# later: a name later in the sentence; speaker: a digest paragraph's speaker; title: the topic of the
# item's headline (what it releases, or its most specific name), which a short news item is about.
SUBJECT_SOURCES = (
    "rule", "referent", "described", "list", "clause", "sentence", "released", "topic", "later", "speaker",
    "title", "derived",
)  # fmt: skip

_SEGMENT_TYPES: dict[str, str] = {
    "doc_id": "String",
    "segment_id": "String",
    "title": "String",
    "published": "String",
    "source_url": "String",
    "start": "Int64",
    "end": "Int64",
}


def _typed(types: dict[str, str]) -> dict[str, pl.DataType]:
    import polars as pl

    return {name: getattr(pl, dtype)() for name, dtype in types.items()}


def __getattr__(name: str) -> dict[str, pl.DataType]:
    """`CLAIM_COLUMNS` and `SEGMENT_COLUMNS`, column name -> polars type, built on first use."""
    types = {"CLAIM_COLUMNS": _CLAIM_TYPES, "SEGMENT_COLUMNS": _SEGMENT_TYPES}.get(name)
    if types is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    columns = _typed(types)
    globals()[name] = columns
    return columns


def source_of() -> pl.Expr:
    """What a claim's source is, as a column expression: the article it links to (`source_url`),
    else its news item. An article that several items or several files carry (a story repeated by
    digests) is one source; so is an item without a link."""
    import polars as pl

    return pl.coalesce("source_url", "segment_id")


def source_name(row: dict) -> str | None:
    """`source_of` for one claims row (a dict)."""
    return row.get("source_url") or row.get("segment_id")


def claims_frame(claims: list[Claim]) -> pl.DataFrame:
    """The claims table of `claims`, typed by `CLAIM_COLUMNS` (empty list -> empty table)."""
    import polars as pl

    columns = __getattr__("CLAIM_COLUMNS")
    # column by column: no dict per row (half the time, and a batch's rows are never all held twice)
    values = {name: [getattr(claim, name) for claim in claims] for name in columns}
    return pl.DataFrame(values, schema=columns)
