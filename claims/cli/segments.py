"""`claims segments`: list the news items and articles a corpus splits into."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from claims.cli.app import OUTPUT, app, counted
from claims.cli.options import FORMAT, OUT, PATHS, STRICT, emit_table, stdout_format, to_stdout
from claims.ingest.corpus import iter_documents
from claims.model import Segment
from claims.output.tableio import ROW_FORMATS, TableSink, rows_bytes
from claims.pipeline import BATCH_SEGMENTS, segment_rows


class _Listed:
    """The segments of a corpus in batches, read one file at a time (never the whole corpus at
    once), with the documents they came from counted."""

    def __init__(self, paths: list[Path], strict: bool) -> None:
        self.paths, self.strict, self.documents = paths, strict, 0

    def batches(self) -> Iterator[list[Segment]]:
        """At least one batch (perhaps empty: it gives the table its columns)."""
        batch: list[Segment] = []
        given = False
        for _, found in iter_documents(self.paths, strict=self.strict, on_problem=OUTPUT.skip):
            self.documents += 1
            batch += found
            if len(batch) >= BATCH_SEGMENTS:
                yield batch
                batch, given = [], True
        if batch or not given:
            yield batch


@app.command()
def segments(
    paths: list[Path] = PATHS,
    output: Path | None = OUT,
    fmt: str | None = FORMAT,
    strict: bool = STRICT,
) -> None:
    """List segments (one news item or article each) with title, date, url and character span.

    Without -o, prints JSON Lines to standard output.
    """
    listed = _Listed(paths, strict)
    count = 0
    piped = stdout_format(output, fmt)  # before any work: Parquet is refused on a terminal
    if piped in ROW_FORMATS and not strict:
        # a pipe gets the rows a batch at a time; under --strict it stays all or nothing, as a file is
        for number, batch in enumerate(listed.batches()):
            count += len(batch)
            if batch or number == 0:
                OUTPUT.data(rows_bytes(segment_rows(batch), piped, number == 0))
        return
    if to_stdout(output):  # Parquet (one file) or --strict: made whole
        every = [segment for batch in listed.batches() for segment in batch]
        emit_table(segment_rows(every), output, fmt)
        return
    with TableSink(output, fmt) as sink:  # a batch at a time, the file written only when complete
        for batch in listed.batches():
            count += len(batch)
            sink.add(segment_rows(batch))
    OUTPUT.say(f"{counted(listed.documents, 'document')}, {counted(count, 'segment')} -> {output}")
