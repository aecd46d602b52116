"""All-or-nothing outputs: a file is written under a temporary name beside its target and renamed onto
it only when complete, so a failed or interrupted write leaves the previous output as it was.

A run's folder is built the same way (`staged_folder`, `publish`): every file first goes into a hidden
folder beside the target, then moves into place, and a manifest names the files of that one run.
"""

from __future__ import annotations

import errno
import gc
import json
import os
import re
import shutil
import sys
import tempfile
import traceback
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from claims.errors import OutputError

MANIFEST = "claims-run.json"  # the files of the last complete run in an output folder

_UMASK = os.umask(0)
os.umask(_UMASK)


def cannot_write(target: Path | str, error: OSError) -> OutputError:
    """The one-line error for an output `target` the system refused (`error`): in the output's name,
    with the system's reason, or the file that stands where a folder is needed.

    >>> import tempfile; folder = Path(tempfile.mkdtemp()); (folder / "a.md").write_text("x")
    1
    >>> try:
    ...     (folder / "a.md" / "out").mkdir(parents=True)
    ... except OSError as error:
    ...     print(str(cannot_write(folder / "a.md" / "out" / "c.csv", error)).replace(str(folder), "F"))
    F/a.md/out/c.csv: cannot write: F/a.md is a file, not a folder
    """
    if error.errno in (errno.EEXIST, errno.ENOTDIR) and error.filename:
        culprit = Path(os.fsdecode(error.filename))
        for place in (culprit, *culprit.parents):
            if place.is_file():
                return OutputError(f"cannot write: {place} is a file, not a folder", path=str(target))
    return OutputError(f"cannot write: {error.strerror or error}", path=str(target))


# How the libraries outputs are written with report a refusal of the system other than as an
# OSError: polars names the os error's number, xlsxwriter wraps the OSError's text, SQLite says
# that its disk is full.
_REFUSALS = (
    (re.compile(r"\(os error (\d+)\)"), None),
    (re.compile(r"^\[Errno (\d+)\]"), None),
    (re.compile(r"database or disk is full"), errno.ENOSPC),
)


def refusal(error: BaseException) -> OSError | None:
    """The system's refusal that `error` reports, or None when it reports something else.

    >>> refusal(RuntimeError("parquet: underlying IO error: No space left on device (os error 28)")).errno
    28
    >>> refusal(OSError("No space left on device (os error 28)")).strerror  # polars' own OSError
    'No space left on device'
    >>> refusal(RuntimeError("column 'a' not found")) is None
    True
    """
    if isinstance(error, OSError) and error.errno is not None:
        return error
    for pattern, code in _REFUSALS:
        found = pattern.search(str(error))
        if found:
            number = code if code is not None else int(found.group(1))
            return OSError(number, os.strerror(number))
    return error if isinstance(error, OSError) else None


@contextmanager
def writing_to(target: Path | str) -> Iterator[None]:
    """Where an output is made or written: a refusal of the system (a missing or read-only place, a
    full disk) becomes the output's `OutputError`; any other error goes on as it was."""
    try:
        yield
    except OutputError:
        raise
    except Exception as error:
        refused = refusal(error)
        if refused is None:
            raise
        _let_go(error)
        raise cannot_write(target, refused) from None


def _let_go(error: BaseException) -> None:
    """Close now what the failed write left open (a writer's half-made zip archive, held by the
    error's frames): closed later, at exit, it would fail again on the full disk and print a
    traceback of its own after the one-line error."""
    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None  # the same refusal again, already reported
    try:
        chained: BaseException | None = error
        seen: set[int] = set()
        while chained is not None and id(chained) not in seen:  # the library's error, what it came from
            seen.add(id(chained))
            traceback.clear_frames(chained.__traceback__)
            chained.__traceback__ = None
            chained = chained.__cause__ or chained.__context__
        gc.collect()
    finally:
        sys.unraisablehook = hook


@contextmanager
def replacing(path: Path | str, *, refusals: bool = True) -> Iterator[Path]:
    """A temporary path to write into; it replaces `path` when the block ends without an error.
    A refusal of the system where the file is made, written or put in place (a full disk) is the
    output's `OutputError` (`writing_to`); `refusals=False` leaves the block's own errors as they
    are, for a block whose tools fail in the system's terms for other reasons (a browser).

    >>> import tempfile; folder = Path(tempfile.mkdtemp())
    >>> with replacing(folder / "a.txt") as tmp:
    ...     _ = tmp.write_text("new")
    >>> (folder / "a.txt").read_text()
    'new'
    """
    path = Path(path)
    with writing_to(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = {"prefix": f".{path.name}.", "suffix": f".partial{path.suffix}", "dir": path.parent}
        handle, name = tempfile.mkstemp(**partial)
        os.close(handle)
        tmp = Path(name)
        os.chmod(tmp, 0o666 & ~_UMASK)  # the permissions a plain open() would give, not mkstemp's 0600
    try:
        with writing_to(path) if refusals else nullcontext():
            yield tmp
        with writing_to(path):
            os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text(path: Path | str, text: str) -> Path:
    """`Path.write_text` in UTF-8, all or nothing."""
    with replacing(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


@contextmanager
def staged_folder(target: Path) -> Iterator[Path]:
    """A hidden folder beside `target` to build a run in; removed afterwards, whatever happens."""
    with writing_to(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
        os.chmod(stage, 0o777 & ~_UMASK)  # it may become the output folder itself: not mkdtemp's 0700
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def publish(stage: Path, target: Path) -> list[Path]:
    """Move every file of `stage` into `target` and record them in its manifest; return their paths.

    A missing or empty target is replaced by the stage in one rename. Otherwise each file is renamed
    into place (the target may hold the user's own files, which are kept), files the previous run
    listed and this one did not write are removed, and the manifest is written last.
    """
    with writing_to(target):
        return _published(stage, target)


def _published(stage: Path, target: Path) -> list[Path]:
    files = sorted(p.relative_to(stage) for p in stage.rglob("*") if p.is_file())
    manifest = {"files": [p.as_posix() for p in files]}
    (stage / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    if not target.exists() or (target.is_dir() and not any(target.iterdir())):
        if target.exists():
            target.rmdir()
        os.rename(stage, target)
        return [target / p for p in files]
    previous = listed_outputs(target)
    for relative in files:
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        os.replace(stage / relative, target / relative)
    for stale in sorted(previous - set(manifest["files"])):
        (target / stale).unlink(missing_ok=True)
    os.replace(stage / MANIFEST, target / MANIFEST)
    return [target / p for p in files]


def listed_outputs(folder: Path) -> set[str]:
    """The files the manifest in `folder` names (only plain relative names inside the folder)."""
    try:
        listed = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return set()
    return {
        name
        for name in listed
        if isinstance(name, str) and ".." not in Path(name).parts and not Path(name).is_absolute()
    }
