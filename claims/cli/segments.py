"""`claims segments`: list the news items and articles a corpus splits into."""

from __future__ import annotations

from pathlib import Path

from claims.cli.app import OUTPUT, app
from claims.cli.options import FORMAT, OUT, PATHS, STRICT, load_corpus
from claims.pipeline import segments_frame
from claims.tableio import write_table


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
    corpus = load_corpus(paths, strict)
    frame = segments_frame(corpus)
    if output is None:
        OUTPUT.data(frame.write_ndjson())
        return
    write_table(frame, output, fmt)
    OUTPUT.say(f"{len(corpus.documents)} documents, {frame.height} segments -> {output}")
