"""The main job: every stage, in order, over a corpus, writing each stage's output to one folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from claims.corpus import Corpus, read_corpus
from claims.tableio import write_table


@dataclass(slots=True)
class RunSummary:
    """What the main job read, found and wrote."""

    out_dir: Path
    documents: int = 0
    segments: int = 0
    skipped_files: int = 0
    written: list[Path] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # one line per stage, for the summary


def run_pipeline(paths: list[Path], out_dir: Path, *, strict: bool = False) -> RunSummary:
    """Read `paths`, run every stage, write outputs into `out_dir`; return the summary."""
    from claims.cli.segments import segments_frame

    out_dir.mkdir(parents=True, exist_ok=True)
    corpus: Corpus = read_corpus(paths, strict=strict)
    summary = RunSummary(out_dir=out_dir)
    summary.documents = len(corpus.documents)
    summary.segments = len(corpus.segments)
    summary.skipped_files = len(corpus.problems)
    summary.written.append(write_table(segments_frame(corpus.segments), out_dir / "segments.parquet"))
    summary.lines.append(f"documents {summary.documents}, segments {summary.segments}")
    return summary
