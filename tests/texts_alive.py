"""Watching a corpus's texts for being let go: a stand-in for a reader of documents that wraps each
text, so a test can count how many texts are still reachable as the corpus is read."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path


class WatchedText(str):
    """A document's text that can be watched for being let go (a str cannot be weakly referenced)."""


class TextWatch:
    """Stands in for `iter_documents` (`reading`): every `every` documents, how many texts read so
    far are still reachable, after the cycle collector has run (not what merely awaits it)."""

    def __init__(self, reading: Callable[..., Iterator[tuple]], every: int = 10) -> None:
        self.reading, self.every = reading, every
        self.watched: list[weakref.ref] = []
        self.alive: list[int] = []

    def __call__(self, *args: object, **kwargs: object) -> Iterator[tuple]:
        for doc, found in self.reading(*args, **kwargs):
            text = WatchedText(doc.text)
            self.watched.append(weakref.ref(text))
            if len(self.watched) % self.every == 0:
                gc.collect()
                self.alive.append(sum(ref() is not None for ref in self.watched))
            yield replace(doc, text=text), found
            del text


def small_corpus(folder: Path, count: int) -> Path:
    """`count` one-item news files, each with one price, in `folder`."""
    folder.mkdir()
    for n in range(count):
        (folder / f"{n:03d}.md").write_text(f"# Vela {n}\n\nVela 发布 Orca-{n}，售价 {n + 1}99 美元。\n")
    return folder
