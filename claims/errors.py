"""Errors of `claims`: one root, each error a record of where and what.

The CLI prints `str(error)` as one line (`path:line: what is wrong (hint)`) and exits non-zero;
library callers catch `ClaimsError` or the builtin each subclass also resembles.
"""

from __future__ import annotations

from collections.abc import Callable


class ClaimsError(Exception):
    """Root of every error `claims` raises on purpose.

    >>> str(ClaimsError("no such file", path="a.md", line=3))
    'a.md:3: no such file'
    """

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{self.message}{hint}"


class InputError(ClaimsError, ValueError):
    """An input file or folder cannot be read as a corpus (missing, undecodable, empty, bad JSON)."""


class ExtractionError(ClaimsError, RuntimeError):
    """A fault inside the extractor while reading one document; that document is skipped, not the run."""


class ResourceError(ClaimsError, ValueError):
    """A grammar, lexicon, rule or table spec file is malformed; names the file and the spot."""


class TableError(ClaimsError, ValueError):
    """A file that should hold a claims or conflicts table is not one (corrupt, missing columns)."""


class ValidationFailed(ClaimsError):
    """A table was read but breaks its schema; carries the failure cases as a polars frame."""

    exit_code = 1

    def __init__(self, message: str, *, failures: object = None, path: str | None = None) -> None:
        super().__init__(message, path=path)
        self.failures = failures


class OutputError(ClaimsError, OSError):
    """An output cannot be written where it was asked for: a place that does not exist or cannot be
    written, a file where a folder should be, a full disk. Names the output, not a temporary file."""


class RenderError(ClaimsError, RuntimeError):
    """Rendering an output (HTML, PNG) failed, e.g. no browser for a PNG export."""


class WorkersStopped(ClaimsError, RuntimeError):
    """Worker processes (`--jobs`) keep stopping abruptly before they finish any document: the run stops."""


# What a table written by claims is, when it is given as news (a JSON Lines table is read as a corpus
# file by its extension: `claims extract news/ -o news/claims.jsonl`, run twice).
NOT_NEWS = "a table, not news text"
TABLES_GO = "claims tables go to `claims conflicts`, `table`, `report` or `check --claims`"
RENDERED_GO = "a comparison table claims wrote; its figures come from the news it cites"


class TableNotNews(InputError):
    """A table claims wrote, where news was expected: an error when the user names it as news; found
    in a folder being read, it is passed over, as a run's own outputs are (`claims extract news/ -o
    news/claims.jsonl` twice must not fail the second time)."""


ProblemHandler = Callable[[InputError], None]  # told of each problem a reader reports and skips
