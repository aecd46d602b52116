"""The CI gate: validate claims, find conflicts, and fail on what is new and unreviewed.

`gate(claims)` validates a claims table, finds its conflicts and sorts each conflict into one of
four outcomes (`OUTCOMES`), in this order of precedence:

- `reviewed` — a review covers it (a verdict from the reviews file, or already on the row);
- `baseline` — the last accepted run already had it (same conflict_id);
- `below_threshold` — its severity is under the threshold the user set;
- `new` — none of the above: the gate fails.

The gate also fails when the claims break their schema. `render_text`, `render_json` and
`render_junit` turn the result into a human summary, JSON, or JUnit XML for CI systems.

>>> import polars as pl
>>> from claims.model import claims_frame
>>> result = gate(claims_frame([]))
>>> result.passed, result.summary()
(True, 'passed: 0 claims, 0 schema failures, 0 conflicts (0 new)')
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from claims.errors import InputError, TableError
from claims.extraction.derive import with_derived
from claims.model import Document
from claims.output.tableio import read_table
from claims.validation.table_files import read_claims
from claims.validation.validator import Documents, each_document, validate

OUTCOMES = ("new", "below_threshold", "baseline", "reviewed")


@dataclass(frozen=True, slots=True)
class GateResult:
    """What the gate saw: the claims' schema failures and every conflict with its outcome."""

    claims: int
    failures: pl.DataFrame  # claims.validation.validator.validate's report
    conflicts: pl.DataFrame  # the conflicts table plus `outcome`
    gone: tuple[str, ...]  # baseline conflict ids no longer found
    min_severity: float
    stale_reviews: tuple[str, ...] = ()  # reviews whose group changed: not applied
    places: dict[str, tuple[str, ...]] | None = None  # conflict id -> `file:line` of each claim

    @property
    def new(self) -> pl.DataFrame:
        """The conflicts that fail the gate."""
        return self.conflicts.filter(pl.col("outcome") == "new")

    @property
    def passed(self) -> bool:
        return self.failures.height == 0 and self.new.height == 0

    def summary(self) -> str:
        """One line: verdict and counts."""
        verdict = "passed" if self.passed else "FAILED"
        return (
            f"{verdict}: {_count(self.claims, 'claim')}, {_count(self.failures.height, 'schema failure')}, "
            f"{_count(self.conflicts.height, 'conflict')} ({self.new.height} new)"
        )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


# --- inputs --------------------------------------------------------------------------------


def extract_claims(
    documents: Iterable[Document],
    jobs: int = 1,
    on_warning: Callable[[str], None] | None = None,
    on_done: Callable[[Document], None] | None = None,
    expected: int | None = None,
) -> pl.DataFrame:
    """The claims table of documents (a stream is taken as it comes), by `jobs` worker processes
    (extraction is imported here: a heavier dependency); `expected`, the input's bytes when known,
    starts the workers at once. A fault inside a document stops the check."""
    try:
        from claims.extraction.each import claims_table, extract_each
    except ImportError:
        hint = "pass a claims file with --claims"
        raise InputError("claim extraction is not available here", hint=hint) from None
    found = extract_each(documents, jobs=jobs, expected=expected, on_done=on_done, on_warning=on_warning)
    return claims_table(found)


def read_reviews(path: Path) -> pl.DataFrame:
    """A reviews file (TOML or CSV, see `claims.conflicts.reviews`) as a frame with conflict_id and
    verdict."""
    from claims.conflicts.reviews import load_reviews

    return load_reviews(path)


def stale_review_lines(reviews: pl.DataFrame, conflicts: pl.DataFrame) -> tuple[str, ...]:
    """One line per review whose group has changed since (it no longer applies)."""
    from claims.conflicts.reviews import describe_stale, stale_reviews

    if not {"claim_ids", "path", "line"} <= set(reviews.columns):
        return ()
    return tuple(describe_stale(stale_reviews(reviews, conflicts)))


def baseline_ids(path: Path) -> set[str]:
    """The conflict ids of the last accepted run, from a conflicts file or a claims file.

    A conflicts file needs only its `conflict_id` column; a claims file has its conflicts found.
    """
    frame = read_table(path)
    if "conflict_id" in frame.columns:
        return set(frame["conflict_id"].cast(pl.String).drop_nulls().to_list())
    if "claim_id" in frame.columns:
        return set(find(read_claims(path))["conflict_id"].to_list())
    raise TableError("not a baseline: neither a conflicts table nor a claims table", path=str(path))


def find(
    claims: pl.DataFrame, reviews: pl.DataFrame | None = None, *, possible: bool = False
) -> pl.DataFrame:
    """`claims.conflicts.find.find_conflicts` (imported here so this module loads without it)."""
    from claims.conflicts.find import find_conflicts

    return find_conflicts(claims, reviews, possible=possible)


# --- the gate ------------------------------------------------------------------------------


def classify(
    conflicts: pl.DataFrame,
    *,
    known: Collection[str] = (),
    reviewed: Collection[str] = (),
    min_severity: float = 0.0,
) -> pl.DataFrame:
    """`conflicts` with an `outcome` column (see the module doc for the precedence).

    >>> rows = {"conflict_id": ["a", "b", "c", "d"], "severity": [0.5, 0.5, 0.001, 0.5],
    ...         "verdict": [None, None, None, "confirmed"]}
    >>> classify(pl.DataFrame(rows), known={"b"}, min_severity=0.01)["outcome"].to_list()
    ['new', 'baseline', 'below_threshold', 'reviewed']
    """
    ident = pl.col("conflict_id")
    is_reviewed = ident.is_in(sorted(reviewed))
    if "verdict" in conflicts.columns:
        is_reviewed = is_reviewed | pl.col("verdict").is_not_null()
    outcome = (
        pl.when(is_reviewed)
        .then(pl.lit("reviewed"))
        .when(ident.is_in(sorted(known)))
        .then(pl.lit("baseline"))
        .when(pl.col("severity") < min_severity)
        .then(pl.lit("below_threshold"))
        .otherwise(pl.lit("new"))
    )
    return conflicts.with_columns(outcome.alias("outcome"))


def gate(
    claims: pl.DataFrame,
    *,
    documents: Documents | None = None,
    baseline: set[str] | None = None,
    reviews: pl.DataFrame | None = None,
    min_severity: float = 0.0,
    conflicts: pl.DataFrame | None = None,
    possible: bool = False,
) -> GateResult:
    """Validate `claims`, find (or take) their conflicts and judge each against baseline and reviews.

    `baseline`: conflict ids of the last accepted run; `reviews`: a frame with conflict_id and
    verdict. Conflicts are only sought when the table has every column with its type. `possible`
    also judges the groups whose identity is not established (hidden otherwise).
    """
    failures = validate(claims, documents=documents)
    structural = failures.filter(pl.col("row").is_null()).height > 0
    if conflicts is None:
        conflicts = _no_conflicts() if structural else find(claims, reviews, possible=possible)
    elif not possible and "tier" in conflicts.columns:
        conflicts = conflicts.filter(pl.col("tier").fill_null("flag") != "possible")
    reviewed: set[str] = set()
    if reviews is not None and reviews.height:
        reviewed = set(reviews.filter(pl.col("verdict").is_not_null())["conflict_id"].to_list())
    judged = classify(conflicts, known=baseline or set(), reviewed=reviewed, min_severity=min_severity)
    gone = tuple(sorted((baseline or set()) - set(conflicts["conflict_id"].to_list())))
    stale = stale_review_lines(reviews, conflicts) if reviews is not None else ()
    places = claim_places(judged.filter(pl.col("outcome") == "new"), claims, documents)
    return GateResult(claims.height, failures, judged, gone, min_severity, stale, places)


def claim_places(
    conflicts: pl.DataFrame, claims: pl.DataFrame, documents: Documents | None
) -> dict[str, tuple[str, ...]]:
    """Where each conflict's claims were written: `file:line` when the documents are at hand (the
    file and line that brought a new conflict into CI), else the claims' doc_id."""
    if conflicts.height == 0 or "claim_ids" not in conflicts.columns:
        return {}
    # a derived figure (10,000 tokens in 12 s) has its place too
    claim_at = {
        row["claim_id"]: (row["doc_id"], row["start"])
        for row in with_derived(claims).select("claim_id", "doc_id", "start").iter_rows(named=True)
    }
    cited = {claim_at[i][0] for ids in conflicts["claim_ids"].to_list() for i in ids if i in claim_at}
    by_doc = _cited_documents(documents, cited)
    places = {}
    for conflict_id, ids in conflicts.select("conflict_id", "claim_ids").iter_rows():
        seen: list[str] = []
        for claim_id in ids:
            doc_id, start = claim_at.get(claim_id, (None, None))
            if doc_id is None:
                continue
            doc = by_doc.get(doc_id)
            place = doc_id
            if doc is not None and start is not None:
                line = doc.text.count("\n", 0, start) + 1
                place = f"{doc.path}:{doc.line_offset or line}"
            if place not in seen:
                seen.append(place)
        places[conflict_id] = tuple(seen)
    return places


def _cited_documents(documents: Documents | None, cited: set[str]) -> dict[str, Document]:
    """The documents of ids `cited`, from a corpus, documents, or a corpus folder or file read one
    file at a time (only those are kept). A mapping of texts has no files to name: none."""
    if documents is None or isinstance(documents, Mapping):
        return {}
    return {doc.doc_id: doc for doc in each_document(documents) if doc.doc_id in cited}


def _no_conflicts() -> pl.DataFrame:
    from claims.validation.validator import CONFLICT_COLUMNS

    return pl.DataFrame(schema=CONFLICT_COLUMNS)


# --- reports -------------------------------------------------------------------------------


def _fact(row: dict) -> str:
    return f"{row['subject_key']} / {row['attribute_key']}"


def _figures(values: object) -> str:
    return " vs ".join(values) if isinstance(values, list) else str(values)


def render_text(result: GateResult, *, limit: int = 20) -> str:
    """The human summary: schema failures, then new conflicts, then counts by outcome."""
    lines = [result.summary()]
    if result.failures.height:
        lines.append("schema failures:")
        for row in result.failures.head(limit).iter_rows(named=True):
            lines.append(f"  {_failure_line(row)}")
        if result.failures.height > limit:
            lines.append(f"  … and {result.failures.height - limit} more")
    new = result.new
    if new.height:
        lines.append(f"new conflicts (severity >= {result.min_severity:g}, no review):")
        for row in new.head(limit).iter_rows(named=True):
            lines.append(
                f"  {row['conflict_id']} {row['status']} {row['severity']:.3g}: "
                f"{row['subject_key']} / {row['attribute_key']}: {row['explanation']}"
            )
            if (result.places or {}).get(row["conflict_id"]):
                lines.append(f"    from {', '.join(result.places[row['conflict_id']])}")
        if new.height > limit:
            lines.append(f"  … and {new.height - limit} more")
    counts = result.conflicts["outcome"].value_counts()
    by = dict(counts.iter_rows())
    lines.append("conflicts by outcome: " + ", ".join(f"{name} {by.get(name, 0)}" for name in OUTCOMES))
    if result.gone:
        lines.append(f"gone since the baseline: {len(result.gone)} ({', '.join(result.gone[:5])})")
    lines.extend(f"stale review: {line}" for line in result.stale_reviews)
    return "\n".join(lines) + "\n"


def _failure_line(row: dict) -> str:
    where = f"row {row['row']}" if row["row"] is not None else "table"
    ident = f" {row['claim_id']}" if row.get("claim_id") else ""
    value = f": {row['value']}" if row["value"] is not None else ""
    return f"{where}{ident}: {row['column']}: {row['check']}{value}"


def render_json(result: GateResult) -> str:
    """A JSON document: passed, counts, schema failures, conflicts with their outcome, gone ids."""
    doc = {
        "passed": result.passed,
        "claims": result.claims,
        "min_severity": result.min_severity,
        "schema_failures": result.failures.to_dicts(),
        "conflicts": result.conflicts.select(
            "conflict_id",
            "status",
            "severity",
            "subject_key",
            "attribute_key",
            "object",
            "unit",
            "claim_ids",
            "values",
            "explanation",
            "verdict",
            "outcome",
        ).to_dicts(),
        "gone": list(result.gone),
        "new_conflict_places": {key: list(value) for key, value in (result.places or {}).items()},
        "stale_reviews": list(result.stale_reviews),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def render_junit(result: GateResult) -> str:
    """JUnit XML: one test case for the schema, one per conflict (new ones fail, others pass or skip)."""
    suite = ET.Element(
        "testsuite",
        name="claims check",
        tests=str(1 + result.conflicts.height),
        failures=str(int(result.failures.height > 0) + result.new.height),
        errors="0",
        skipped=str(result.conflicts.filter(pl.col("outcome") == "below_threshold").height),
    )
    schema_case = ET.SubElement(suite, "testcase", classname="claims.schema", name="claims table schema")
    if result.failures.height:
        failure = ET.SubElement(
            schema_case, "failure", message=f"{result.failures.height} schema failures", type="schema"
        )
        failure.text = "\n".join(_failure_line(row) for row in result.failures.iter_rows(named=True))
    for row in result.conflicts.iter_rows(named=True):
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"claims.conflicts.{row['status']}",
            name=f"{_fact(row)}: {_figures(row['values'])} [{row['conflict_id']}]",
        )
        if row["outcome"] == "new":
            failure = ET.SubElement(
                case, "failure", message=f"new unreviewed {row['status']}", type=row["status"]
            )
            failure.text = f"severity {row['severity']:.3g}: {row['explanation']}"
        elif row["outcome"] == "below_threshold":
            ET.SubElement(
                case, "skipped", message=f"severity {row['severity']:.3g} < {result.min_severity:g}"
            )
        else:
            ET.SubElement(case, "system-out").text = f"{row['outcome']}: {row['explanation']}"
    ET.indent(suite)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"


RENDERERS = {"text": render_text, "json": render_json, "junit": render_junit}
