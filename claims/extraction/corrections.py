"""Corrections of single claims, kept in a file under version control and applied on every run.

A reviewer's verdict covers a whole conflict group; a correction fixes one claim the extractor got
wrong, before conflicts, tables and the review page see it. A corrections file is TOML, one
`[[correction]]` table per claim:

    # corrections.toml
    [[correction]]
    claim_id = "6c084feb9978f06d"        # as in claims.parquet / the review page
    doc = "digest-2025-05-22.md"         # where it is: the document (its doc_id, or its end) ...
    quote = "64亿美元"                    # ... the figure as written ...
    context = "OpenAI以64亿美元收购io公司"  # ... and the text around it (its sentence)
    value = "65亿美元"                    # the change: any of the fields below
    note = "the announcement says 6.5 billion"

Changes: `not_a_claim = true` (the figure is no claim: a date, a version, a list number) drops the
claim; `subject`, `attribute` (their keys follow, through the entity and benchmark aliases), `kind`
(one of `claims.model.KINDS`) and `value` (text as it would be written, `"65亿美元"`, read by the
quantity grammar; or a bare number, kept in the claim's unit) replace what was extracted. `note`,
`reviewer` and `date` are for people.

A correction finds its claim by `claim_id`; when the id has changed (its sentence was edited, the
extractor changed) it finds it by place: the claim in the same document with the same quote whose
sentence is most like `context`. So a correction survives re-extraction and small edits of the
document. One that finds no claim, or cannot tell two apart, is reported in one line and not
applied: it is never dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

import polars as pl

from claims.errors import ResourceError
from claims.extraction.lexicon import normalise_key
from claims.model import KINDS
from claims.text.tomlfile import text_field, toml_tables, user_file_text

FIELDS = (
    "claim_id", "doc", "quote", "context", "not_a_claim", "subject", "attribute", "kind", "value",
    "note", "reviewer", "date",
)  # fmt: skip
CHANGES = ("not_a_claim", "subject", "attribute", "kind", "value")
# Below this likeness of `context` to a sentence, a claim with the right quote is not taken as the one
# corrected (difflib's ratio: 1 the same text, 0 nothing in common).
CONTEXT_LIKENESS = 0.5


@dataclass(frozen=True, slots=True)
class Correction:
    """One `[[correction]]` as read and checked; `path` and `line` say where it is written."""

    path: str
    line: int | None
    claim_id: str | None = None
    doc: str | None = None
    quote: str | None = None
    context: str | None = None
    not_a_claim: bool = False
    subject: str | None = None
    attribute: str | None = None
    kind: str | None = None
    value: str | float | None = None

    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def named(self) -> str:
        """The claim as the correction names it: `6c084feb… ('64亿美元' in digest.md)`."""
        place = f"{self.quote!r} in {self.doc}" if self.quote and self.doc else None
        if self.claim_id and place:
            return f"{self.claim_id} ({place})"
        return self.claim_id or place or "?"


@dataclass(frozen=True, slots=True)
class Corrected:
    """The claims with the corrections applied, and a line for every correction not applied."""

    claims: pl.DataFrame
    applied: int
    removed: int
    problems: tuple[str, ...]
    found_by: dict[str, int]  # how many corrections each finder (`FINDERS`) found


def _check(entry: dict, path: str, line: int | None) -> Correction:
    unknown = sorted(set(entry) - set(FIELDS))
    if unknown:
        raise ResourceError(
            f"unknown field {unknown[0]!r} in a correction",
            path=path,
            line=line,
            hint=f"fields: {', '.join(FIELDS)}",
        )
    texts = {f: text_field(entry.get(f), f, path, line) for f in FIELDS if f not in ("not_a_claim", "value")}
    if not texts["claim_id"] and not (texts["doc"] and texts["quote"]):
        raise ResourceError(
            "a correction names its claim", path=path, line=line, hint="give claim_id, or doc and quote"
        )
    not_a_claim = entry.get("not_a_claim", False)
    if not isinstance(not_a_claim, bool):
        raise ResourceError("not_a_claim must be true or false", path=path, line=line)
    value = entry.get("value")
    if value is not None and (isinstance(value, bool) or not isinstance(value, str | int | float)):
        raise ResourceError("value must be text (65亿美元) or a number", path=path, line=line)
    if isinstance(value, int | float):
        value = float(value)
    if texts["kind"] is not None and texts["kind"] not in KINDS:
        raise ResourceError(
            f"unknown kind {texts['kind']!r}", path=path, line=line, hint=f"use one of {', '.join(KINDS)}"
        )
    changes = {
        "not_a_claim": not_a_claim,
        "value": value,
        **{f: texts[f] for f in ("subject", "attribute", "kind")},
    }
    if not any(changes.values()):
        raise ResourceError(
            "a correction changes something", path=path, line=line, hint=f"set one of {', '.join(CHANGES)}"
        )
    if isinstance(value, str):
        _figure(value, path, line)  # a value the grammar cannot read is an error now, not at apply time
    named = {f: texts[f] for f in ("claim_id", "doc", "quote", "context", "subject", "attribute", "kind")}
    return Correction(path=path, line=line, not_a_claim=not_a_claim, value=value, **named)


def load_corrections(path: Path | str) -> list[Correction]:
    """Read and check a corrections file; a malformed one raises `ResourceError` at the bad line.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "c.toml").write_text('[[correction]]\\nclaim_id = "x"\\nkind = "weight"\\n')
    >>> load_corrections(folder / "c.toml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    claims.errors.ResourceError: ...c.toml:1: unknown kind 'weight' (use one of score, ...)
    """
    path = Path(path)
    name = str(path)
    text = user_file_text(path, "corrections")
    corrections = [_check(entry, name, line) for entry, line in toml_tables(text, name, "correction")]
    seen: dict[str, Correction] = {}
    for correction in corrections:
        if correction.claim_id in seen:
            first = seen[correction.claim_id].where()
            raise ResourceError(
                f"a second correction of {correction.claim_id} (first at {first})",
                path=name,
                line=correction.line,
                hint="keep one correction per claim",
            )
        if correction.claim_id:
            seen[correction.claim_id] = correction
    return corrections


def _figure(text: str, path: str | None = None, line: int | None = None) -> dict:
    """The value, interval, unit and qualifier of a figure written as text (`65亿美元`)."""
    from claims.quantities.find import find_quantities

    found = [q for q in find_quantities(text) if q.role == "cardinal"]
    if len(found) != 1 or found[0].text.strip() != text.strip():
        raise ResourceError(
            f"value {text!r} is not one figure", path=path, line=line, hint="write it as 65亿美元"
        )
    q = found[0]
    return {
        "value": float(q.value),
        "lo": float(q.lo),
        "hi": float(q.hi),
        "unit": q.unit,
        "qualifier": q.qualifier,
    }


def _same_doc(named: str | None, doc_id: str | None) -> bool:
    """A document named by its doc_id, or by its end (`digest.md` for `news/digest.md`), either way."""
    if not named or not doc_id:
        return False
    return named == doc_id or doc_id.endswith("/" + named) or named.endswith("/" + doc_id)


def by_id(correction: Correction, rows: list[dict]) -> list[int]:
    """The claim of the same id."""
    return [i for i, row in enumerate(rows) if correction.claim_id and row["claim_id"] == correction.claim_id]


def by_place(correction: Correction, rows: list[dict]) -> list[int]:
    """The claim with the same quote in the same document whose sentence is most like the correction's
    context, and like enough (`CONTEXT_LIKENESS`); every one of them when they tie: the reviewer must
    say more. Without a context, every claim with that quote there."""
    found = [
        i
        for i, row in enumerate(rows)
        if row["quote"] == correction.quote
        and _same_doc(correction.doc, row["doc_id"])
        and not row.get("derived")
    ]
    if not found or not correction.context:
        return found
    likeness = {
        i: SequenceMatcher(None, correction.context, rows[i]["sentence"] or "").ratio() for i in found
    }
    best = max(likeness.values())
    if best < CONTEXT_LIKENESS:
        return []
    return [i for i in found if likeness[i] == best]


# How a correction finds its claim, in order: the first that finds any claim decides.
FINDERS: tuple[tuple[str, Callable[[Correction, list[dict]], list[int]]], ...] = (
    ("claim id", by_id),
    ("quote and place", by_place),
)


def find_claim(correction: Correction, rows: list[dict]) -> tuple[str | None, list[int]]:
    """The finder that decided and the rows a correction names: one when it is found, none, or
    several it cannot tell apart."""
    for name, finder in FINDERS:
        found = finder(correction, rows)
        if found:
            return name, found
    return None, []


def corrected_row(row: dict, correction: Correction) -> dict:
    """The claim with the correction's changes (not `not_a_claim`, which drops it)."""
    row = dict(row)
    if correction.subject:
        row["subject"], row["subject_key"] = correction.subject, normalise_key(correction.subject)
    if correction.attribute:
        row["attribute"], row["attribute_key"] = correction.attribute, normalise_key(correction.attribute)
    if correction.kind:
        row["kind"] = correction.kind
    if isinstance(correction.value, float):
        row.update(value=correction.value, lo=correction.value, hi=correction.value, qualifier="exact")
    elif isinstance(correction.value, str):
        row.update(_figure(correction.value, correction.path, correction.line))
    return row


def apply_corrections(claims: pl.DataFrame, corrections: list[Correction]) -> Corrected:
    """The claims table with every correction that finds its claim applied, in the table's order and
    schema; the others each give one line (`path:line: correction of … finds no claim; not applied`)."""
    rows = claims.to_dicts()
    dropped: set[int] = set()
    problems: list[str] = []
    applied = 0
    found_by: dict[str, int] = {}
    for correction in corrections:
        finder, found = find_claim(correction, rows)
        if len(found) != 1:
            why = "finds no claim" if not found else f"matches {len(found)} claims (give a longer context)"
            problems.append(f"{correction.where()}: correction of {correction.named()} {why}; not applied")
            continue
        applied += 1
        found_by[finder or ""] = found_by.get(finder or "", 0) + 1
        if correction.not_a_claim:
            dropped.add(found[0])
        else:
            rows[found[0]] = corrected_row(rows[found[0]], correction)
    kept = [row for i, row in enumerate(rows) if i not in dropped]
    frame = pl.DataFrame(kept, schema=claims.schema) if kept else claims.clear()
    return Corrected(frame, applied, len(dropped), tuple(problems), found_by)


def summary(result: Corrected) -> str:
    """One line: `corrections: 3 applied (1 claim dropped; 1 found by quote and place), 1 not applied`."""
    notes = [f"{result.removed} claim{'s' if result.removed != 1 else ''} dropped"] if result.removed else []
    moved = result.found_by.get("quote and place", 0)
    if moved:
        notes.append(f"{moved} found by quote and place")  # its id changed: worth a look
    details = f" ({'; '.join(notes)})" if notes else ""
    missed = f", {len(result.problems)} not applied" if result.problems else ""
    return f"corrections: {result.applied} applied{details}{missed}"
