"""`claims extract`: the claims table of a corpus, one row per quantitative claim."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from claims.cli.app import OUTPUT, app
from claims.cli.options import (
    FORMAT,
    JOBS,
    KINDS_OPTION,
    OUT,
    PATHS,
    STRICT,
    emit_table,
    job_count,
    load_corpus,
    parse_kinds,
    to_stdout,
)
from claims.extract import extract_each
from claims.model import Claim, Document, claims_frame

# Below this many characters a run is over before a bar would help.
_PROGRESS_FROM = 200_000


def _extract_all(documents: tuple[Document, ...], strict: bool, jobs: int) -> list[Claim]:
    on_problem = _raise if strict else OUTPUT.skip
    size = sum(len(doc.text) for doc in documents)
    if not OUTPUT.show_progress or size < _PROGRESS_FROM:
        return [claim for found in extract_each(documents, None, on_problem, jobs) for claim in found]
    claims: list[Claim] = []
    columns = (TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=OUTPUT.errors, transient=True) as progress:
        task = progress.add_task("extract", total=len(documents))
        for found in extract_each(documents, None, on_problem, jobs):
            claims += found
            progress.advance(task)
    return claims


def _raise(problem: Exception) -> None:
    raise problem


@app.command()
def extract(
    paths: list[Path] = PATHS,
    output: Path | None = OUT,
    fmt: str | None = FORMAT,
    strict: bool = STRICT,
    kinds: str | None = KINDS_OPTION,
    jobs: int | None = JOBS,
) -> None:
    """Extract every quantitative claim (score, parameter count, speedup, change, price, spec …).

    Writes the claims table (.parquet, .csv or .jsonl by the extension of -o); without -o, prints
    JSON Lines to standard output.
    """
    began = time.perf_counter()
    keep = parse_kinds(kinds)
    corpus = load_corpus(paths, strict)
    found = _extract_all(corpus.documents, strict, job_count(jobs))
    claims = [c for c in found if keep is None or c.kind in keep]
    frame = claims_frame(claims)
    emit_table(frame, output, fmt)
    kinds = Counter(claim.kind for claim in claims)
    by_kind = ", ".join(f"{kind} {n}" for kind, n in kinds.most_common())
    seconds = time.perf_counter() - began
    target = "" if to_stdout(output) else f" -> {output}"
    counts = f"{len(corpus.documents)} documents, {frame.height} claims ({by_kind or 'none'})"
    message = f"{counts} in {seconds:.1f} s{target}"
    if to_stdout(output):
        OUTPUT.detail(message)
    else:
        OUTPUT.say(message)
