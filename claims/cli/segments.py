"""`claims segments`: list the news items and articles a corpus splits into."""

from __future__ import annotations

from pathlib import Path

from claims.cli.app import OUTPUT, app
from claims.cli.options import FORMAT, OUT, PATHS, STRICT, emit_table, load_corpus, to_stdout
from claims.pipeline import segments_frame


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
    emit_table(frame, output, fmt)
    if to_stdout(output):
        return
    OUTPUT.say(f"{len(corpus.documents)} documents, {frame.height} segments -> {output}")
