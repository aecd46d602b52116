"""A corpus gone through as it is read: `CorpusStream` hands out its documents one file at a time,
counting what it read and skipped, and goes through the texts again for the quote check, so a run
never holds the whole corpus (on 80 MB of news the texts alone took about 430 MB).

Standard input cannot be read twice: its documents are kept for the second reading in a private
temporary file (in memory only where no such file can be made), so a dump piped in is not held.
"""

from __future__ import annotations

import contextlib
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from claims.errors import InputError
from claims.ingest.compression import compression_of
from claims.ingest.corpus import ProblemHandler, find_files, iter_documents
from claims.model import STDIO, Document, Segment


class CorpusStream:
    """The documents of `paths`: `read` once (split into segments, each problem reported), then
    iterated as often as needed (unsplit, its problems already told)."""

    def __init__(
        self, paths: Iterable[Path | str], *, strict: bool = False, on_problem: ProblemHandler | None = None
    ) -> None:
        self.paths = list(paths)
        self.strict, self.on_problem = strict, on_problem
        self.documents = 0  # read so far
        self.segments = 0
        self.problems: list[InputError] = []
        self._kept = _Spool()  # the documents of standard input, which cannot be read again

    def read(self) -> Iterator[tuple[Document, list[Segment]]]:
        """Each readable document with its segments, read one file at a time (`iter_documents`):
        a problem goes to `on_problem`, or stops the reading under `strict`."""
        problems, tell = self.problems, self.on_problem
        found = iter_documents(self.paths, strict=self.strict, on_problem=tell, problems=problems)
        for doc, segments in found:
            self.documents += 1
            self.segments += len(segments)
            if doc.path == STDIO:
                self._kept.add(doc)
            yield doc, segments

    def __iter__(self) -> Iterator[Document]:
        """The documents again, from their files (standard input's as they were kept), unsplit; a file
        that cannot be read now is passed over in silence (it was reported when read, and its
        claims' quotes then fail their check)."""
        yield from self._kept
        files = [path for path in self.paths if str(path) != STDIO]
        if files:
            with contextlib.suppress(InputError):  # nothing readable any more: every quote fails
                for doc, _ in iter_documents(files, split=False):
                    yield doc


class _Spool:
    """Documents kept to be read again, in the order given: pickled to a temporary file that no
    folder lists (gone when closed, or when the process ends however it ends), so memory holds one
    at a time; where no such file can be made (no temporary folder, no room), in memory."""

    def __init__(self) -> None:
        self._file: IO[bytes] | None = None
        self._held: list[Document] = []  # in memory: no temporary file could be made or written
        self._spooled = 0

    def add(self, doc: Document) -> None:
        if not self._held:
            try:
                if self._file is None:
                    self._file = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the corpus)
                pickle.dump(doc, self._file, protocol=pickle.HIGHEST_PROTOCOL)
                self._spooled += 1
                return
            except OSError:
                pass  # from here on in memory (a document half written is never read: see __iter__)
        self._held.append(doc)

    def __iter__(self) -> Iterator[Document]:
        if self._file is not None:
            file, count = self._file, self._spooled
            file.flush()
            file.seek(0)
            for _ in range(count):  # only the documents written whole
                yield pickle.load(file)
            file.seek(0, 2)  # at the end again, where a later document is added
        yield from self._held


def input_sizes(paths: Iterable[Path | str]) -> dict[str, int]:
    """Bytes of each file under `paths`, named as documents name their file; unreadable ones are
    left out here (the reader reports them). Known before reading, they size a progress bar and let
    worker processes start at once. The text inside a compressed file is not known before it is
    read: with one among them, none are given (the bar counts documents, with no end to fill to)."""
    try:
        files = find_files([p for p in paths if str(p) != STDIO], lambda problem: None)
    except InputError:
        return {}
    if any(compression_of(path) for path, _ in files):
        return {}
    sizes = {}
    for path, _ in files:
        with contextlib.suppress(OSError):
            sizes[str(path)] = path.stat().st_size
    return sizes
