"""The main job: every stage, in order, over a corpus, writing each stage's output to one folder.

`STAGES` is the pipeline: each stage takes the run so far, adds its result and one summary line,
and records the files it wrote. A stage never stops the run for a problem in the data (invalid
rows are reported and written out); only unreadable input stops it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from claims.conflicts.find import find_conflicts
from claims.conflicts.reviews import empty_reviews, load_reviews
from claims.errors import ClaimsError, InputError, OutputError
from claims.extraction.corrections import Correction, apply_corrections, load_corrections, summary
from claims.extraction.derive import derived_rows
from claims.extraction.each import claims_table, extract_each
from claims.ingest.stream import CorpusStream, input_sizes
from claims.model import SEGMENT_COLUMNS, STATUSES, Document, Segment
from claims.output.atomic import publish, staged_folder
from claims.output.render import write_shipped_tables
from claims.output.report import write_report
from claims.output.tableio import TableSink, write_table
from claims.validation.validator import validate

ProgressHook = Callable[[Document], None]  # told of each document extracted, in whatever order
BATCH_SEGMENTS = 5000  # segments turned into rows and written at a time: memory holds a batch


@dataclass(slots=True)
class Run:
    """One run of the main job: its inputs, what each stage produced, and what it wrote."""

    paths: list[Path]
    out_dir: Path
    strict: bool = False
    reviews: pl.DataFrame = field(default_factory=empty_reviews)
    on_problem: Callable[[ClaimsError], None] | None = None
    on_progress: ProgressHook | None = None
    kinds: tuple[str, ...] | None = None  # keep only claims of these kinds (None: every kind)
    jobs: int = 1  # worker processes for extraction
    possible: bool = False  # also the groups whose identity is not established
    corrections: list[Correction] | None = None  # None: no corrections file given
    on_warning: Callable[[str], None] | None = None  # a problem that does not stop the run
    expected: int | None = None  # the input's size in bytes when known beforehand (`extract_each`)
    # The corpus, read as it is extracted and read again for the quote check, then let go: the later
    # stages need only the claims.
    corpus: CorpusStream | None = None
    documents: int = 0  # the documents read
    claims: pl.DataFrame | None = None
    failures: pl.DataFrame | None = None
    conflicts: pl.DataFrame | None = None
    written: list[Path] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # one line per stage, for the summary

    def write(self, df: pl.DataFrame, name: str) -> Path:
        path = write_table(df, self.out_dir / name)
        self.written.append(path)
        return path


def segment_rows(segments: Sequence[Segment]) -> pl.DataFrame:
    """Segments as table rows (`SEGMENT_COLUMNS`)."""
    rows = [{name: getattr(s, name) for name in SEGMENT_COLUMNS} for s in segments]
    return pl.DataFrame(rows, schema=SEGMENT_COLUMNS)


def _counts(series: pl.Series, order: tuple[str, ...] | None = None) -> str:
    counts = dict(series.value_counts(sort=True).iter_rows())
    names = [n for n in order if n in counts] if order else list(counts)
    return ", ".join(f"{counts[name]} {name}" for name in names)


def _report(run: Run) -> Callable[[ClaimsError], None]:
    """Where a document's fault goes: raised under --strict, else to the run's handler (or raised)."""

    def report(problem: ClaimsError) -> None:
        if run.strict or run.on_problem is None:
            raise problem
        run.on_problem(problem)

    return report


def extract_stage(run: Run) -> None:
    """Read the corpus and extract its claims in one pass, a file at a time: the segments table is
    written a batch at a time as the documents are read, and no more documents are held than the
    workers have in hand (the quote check reads the texts again, `CorpusStream`)."""
    run.corpus = CorpusStream(run.paths, strict=run.strict, on_problem=run.on_problem)
    segments = run.out_dir / "segments.parquet"
    with TableSink(segments) as sink:
        documents = _listing(run.corpus.read(), sink)
        found_each = extract_each(
            documents,
            on_problem=_report(run),
            jobs=run.jobs,
            expected=run.expected,
            on_done=run.on_progress,
            on_warning=run.on_warning,
        )
        run.claims = claims_table(found_each, run.kinds)
    run.written.append(segments)
    run.documents = run.corpus.documents
    skipped = f" ({len(run.corpus.problems)} skipped)" if run.corpus.problems else ""
    run.lines.append(f"documents {run.documents}, segments {run.corpus.segments}{skipped}")
    kinds = _counts(run.claims["kind"]) if run.claims.height else "none"
    run.lines.append(f"claims {run.claims.height} ({kinds})")


def _listing(read: Iterable[tuple[Document, list[Segment]]], sink: TableSink) -> Iterator[Document]:
    """The documents `read`, their segments written to `sink` as rows `BATCH_SEGMENTS` at a time
    (at least one batch, perhaps empty: it gives the table its columns)."""
    batch: list[Segment] = []
    for doc, found in read:
        batch += found
        if len(batch) >= BATCH_SEGMENTS:
            sink.add(segment_rows(batch))
            batch = []
        yield doc
    sink.add(segment_rows(batch))


def correct_stage(run: Run) -> None:
    """Apply the corrections file, then write the claims table every later stage reads."""
    assert run.claims is not None
    if run.corrections is not None:
        result = apply_corrections(run.claims, run.corrections)
        run.claims = result.claims
        for line in result.problems:
            if run.on_warning is not None:
                run.on_warning(line)
        run.lines.append(summary(result))
    run.write(run.claims, "claims.parquet")
    run.write(run.claims, "claims.csv")


def validate_stage(run: Run) -> None:
    assert run.corpus is not None and run.claims is not None
    run.failures = validate(run.claims, documents=run.corpus)
    run.corpus = None  # every quote is checked: nothing later reads the texts
    if run.failures.height == 0:
        run.lines.append(f"validation: all {run.claims.height} claims valid, quotes match their sources")
        return
    path = run.write(run.failures, "validation-failures.csv")
    bad_rows = run.failures["row"].drop_nulls().n_unique()
    run.lines.append(f"validation: {run.failures.height} failures in {bad_rows} rows -> {path.name}")


def conflicts_stage(run: Run) -> None:
    assert run.claims is not None
    run.conflicts = find_conflicts(run.claims, run.reviews, possible=run.possible)
    run.write(run.conflicts, "conflicts.parquet")
    # The figures the conflicts derive (a token rate from an amount and a time) have rows of their
    # own, so every claim id a conflict names joins a claims row or a derived row.
    run.write(derived_rows(run.claims), "derived.parquet")
    found = _counts(run.conflicts["status"], STATUSES) if run.conflicts.height else "none"
    reviewed = run.conflicts["verdict"].drop_nulls().len() if run.conflicts.height else 0
    run.lines.append(f"conflicts {run.conflicts.height} ({found}; {reviewed} reviewed)")


def tables_stage(run: Run) -> None:
    assert run.claims is not None
    written = write_shipped_tables(run.claims, run.conflicts, run.out_dir / "tables")
    run.written.extend(written)
    names = sorted({path.stem for path in written})
    run.lines.append(f"tables {len(names)} ({', '.join(names)}) -> tables/")


def report_stage(run: Run) -> None:
    assert run.claims is not None
    path = write_report(run.claims, run.conflicts, run.out_dir / "report.html", reviews=run.reviews)
    run.written.append(path)
    run.lines.append(f"review page -> {path.name}")


STAGES: tuple[Callable[[Run], None], ...] = (
    extract_stage,
    correct_stage,
    validate_stage,
    conflicts_stage,
    tables_stage,
    report_stage,
)

# What each stage after the extraction is doing, as a progress line says it.
DOING = {
    "correct_stage": "correcting",
    "validate_stage": "checking quotes",
    "conflicts_stage": "finding conflicts",
    "tables_stage": "writing tables",
    "report_stage": "writing the review page",
}


def run_pipeline(
    paths: list[Path],
    out_dir: Path,
    *,
    strict: bool = False,
    reviews: Path | None = None,
    corrections: Path | None = None,
    on_problem: Callable[[InputError], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    on_progress: ProgressHook | None = None,
    kinds: tuple[str, ...] | None = None,
    jobs: int = 1,
    possible: bool = False,
    expected: int | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> Run:
    """Read `paths`, run every stage in `STAGES`, write outputs into `out_dir`; return the run.

    The stages write into a hidden folder beside `out_dir`; only a run that completes moves its files
    into `out_dir` (see `claims.output.atomic.publish`), so a run stopped by an error or Ctrl-C leaves the
    previous outputs as they were, never new claims beside old conflicts. `on_progress` is told of
    each document as it is extracted, `on_stage` of each later stage as it starts (`DOING`); `expected`,
    the input's bytes (found from the files when not given), lets worker processes start at once.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError("is a file, not a folder for the outputs", path=str(out_dir))
    verdicts = load_reviews(reviews) if reviews is not None else empty_reviews()  # a bad file stops it now
    fixes = load_corrections(corrections) if corrections is not None else None
    with staged_folder(out_dir) as stage:
        run = Run(
            list(paths),
            stage,
            strict,
            verdicts,
            on_problem,
            on_progress,
            kinds=kinds,
            jobs=jobs,
            possible=possible,
            corrections=fixes,
            on_warning=on_warning,
            expected=expected if expected is not None else sum(input_sizes(paths).values()) or None,
        )
        try:
            for step in STAGES:
                if on_stage is not None and step.__name__ in DOING:
                    on_stage(DOING[step.__name__])
                step(run)
            run.written = publish(stage, out_dir)
        except OutputError as error:
            raise _in_place(error, stage, out_dir) from None
        run.out_dir = out_dir
    return run


def _in_place(error: OutputError, stage: Path, out_dir: Path) -> OutputError:
    """`error` naming the file of `out_dir` that was being written, not its copy in the hidden
    folder the run is built in (which is gone once the run stops)."""
    where = Path(error.path) if error.path else None
    if where is None or not where.is_relative_to(stage):
        return error
    return OutputError(error.message, path=str(out_dir / where.relative_to(stage)), hint=error.hint)
