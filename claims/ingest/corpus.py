"""Corpus ingestion: files and folders -> documents -> segments (one news item or article each).

This module reads the files; `claims.ingest.segmentation` splits each document into its segments.

Text is kept exactly as read (a UTF-8 BOM removed, CRLF kept), so every offset indexes what the user
sees in the file. Bad input raises or reports an `InputError` naming the file (and line).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from claims.errors import NOT_NEWS, RENDERED_GO, TABLES_GO, InputError, ProblemHandler, TableNotNews
from claims.ingest.compression import (
    COMPRESSED_SUFFIXES,
    inner_suffix,
    read_bytes,
    without_compression,
)
from claims.ingest.decoding import decode
from claims.ingest.jsonl import GivenNames, jsonl_file
from claims.ingest.metadata import front_matter, str_or_none
from claims.ingest.segmentation import segment_document
from claims.ingest.standard_input import stdin_documents
from claims.model import RENDERED_TABLE_MARK, STDIO, Document, Segment
from claims.output.atomic import MANIFEST, listed_outputs

TEXT_SUFFIXES = (".md", ".markdown", ".txt")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
READABLE_SUFFIXES = TEXT_SUFFIXES + JSONL_SUFFIXES  # each also compressed (`news.jsonl.gz`)
# Files named to a reading command that hold tables (a claims table given to `run` by mistake).
TABLE_SUFFIXES = (".csv", ".tsv", ".parquet", ".pq", ".xlsx", ".xls", ".db", ".sqlite")


@dataclass(frozen=True, slots=True)
class Corpus:
    """What was read: documents, their segments, and the problems reported and skipped."""

    documents: tuple[Document, ...]
    segments: tuple[Segment, ...]
    problems: tuple[InputError, ...]


# --- files ---------------------------------------------------------------------------------


def find_files(
    paths: Iterable[Path | str], on_problem: ProblemHandler | None = None, beside: int = 0
) -> list[tuple[Path, Path]]:
    """Every readable file under `paths` as (file, root it is named relative to), sorted per root.

    Symlinked folders are followed once (a link back up the tree is not walked twice); a folder
    that cannot be listed goes to `on_problem`. A path that names nothing to read (missing, neither
    a file nor a folder, a folder with no readable files) goes to `on_problem` too when other inputs
    were given (the other `paths`, or `beside` more, such as standard input): a mistyped name costs
    one line, not the run. Alone, or with no `on_problem`, it raises `InputError`.
    """
    paths = list(paths)

    def skip_or_raise(problem: InputError) -> None:
        if on_problem is None or len(paths) + beside == 1:
            raise problem  # the only input: its problem is the run's
        on_problem(problem)

    found: list[tuple[Path, Path]] = []
    for raw in paths:
        path = Path(raw)
        problem = _nothing_to_read(path)
        if problem is not None:
            skip_or_raise(problem)
            continue
        if path.is_file():
            if inner_suffix(path) in TABLE_SUFFIXES:
                problem = TableNotNews(NOT_NEWS, path=str(path), hint=TABLES_GO)
                if on_problem is None:
                    raise problem
                on_problem(problem)
                continue
            found.append((path, path.parent))
            continue
        files = sorted(_walk(path, on_problem))
        if not files:
            skip_or_raise(
                InputError(
                    "folder holds no readable files",
                    path=str(path),
                    hint=f"looked for {' '.join(READABLE_SUFFIXES)}, also {'/'.join(COMPRESSED_SUFFIXES)}",
                )
            )
        found.extend((p, path) for p in files)
    return found


def _nothing_to_read(path: Path) -> InputError | None:
    """Why a path given to read names nothing that can be read, or None: it names a file or a folder."""
    if not path.exists():
        return InputError("no such file or folder", path=str(path))
    if not path.is_file() and not path.is_dir():
        # a device, a pipe or a socket: it has no end to read to (`-` reads standard input)
        return InputError("neither a file nor a folder", path=str(path), hint="name a file, a folder or -")
    return None


def _walk(root: Path, on_problem: ProblemHandler | None) -> Iterator[Path]:
    """Readable files under `root`, hidden names left out, each real folder visited once. What
    `claims run` wrote is no news: its Markdown tables would come back as documents (`claims run .`
    writes into ./claims-output/). A folder below `root` that holds a run's manifest is left out
    whole; in `root` itself, the files its manifest lists."""
    seen: set[str] = set()

    def unreadable(error: OSError) -> None:
        if on_problem is not None:
            reason = error.strerror or type(error).__name__
            on_problem(InputError(f"cannot list folder ({reason})", path=str(error.filename)))

    outputs = listed_outputs(root)  # a run written into the corpus folder itself (else none)
    for folder, folders, names in os.walk(root, onerror=unreadable, followlinks=True):
        real = os.path.realpath(folder)
        if real in seen:  # a symlink loop or a second link to a folder already read
            folders.clear()
            continue
        seen.add(real)
        if MANIFEST in names and Path(folder) != root:
            folders.clear()
            continue
        # real folders before links to them, so a file is named by its real place when it can be
        visible = (name for name in folders if not name.startswith("."))
        folders[:] = sorted(visible, key=lambda name: (os.path.islink(os.path.join(folder, name)), name))
        for name in names:
            file = Path(folder, name)
            if name.startswith(".") or inner_suffix(file) not in READABLE_SUFFIXES or not file.is_file():
                continue
            if not outputs or file.relative_to(root).as_posix() not in outputs:
                yield file


def read_file(
    path: Path,
    root: Path,
    on_problem: ProblemHandler,
    names: tuple[str, str] | None = None,
    taken: GivenNames | None = None,
) -> Iterable[Document]:
    """The documents of one file: one for .md/.txt, one per line for .jsonl (given as they are
    read, `claims.ingest.jsonl.jsonl_file`); a compressed one's (`news.jsonl.gz`) as the file inside.

    `names` is (doc_id, identity) when the caller has made them unique over a run (`file_names`).
    `taken` holds the identities articles have given themselves so far in the run: an article saved
    twice (`a/vela.md` and `b/vela.md`, one `url:`) gave two claims one claim id, so the first keeps
    its own and a later one is told apart by its file's identity (`url@b/vela.md`), as a repeated
    JSON line is by its line.
    """
    shown = str(path)
    doc_id, identity = names or (path.relative_to(root).as_posix() if path != root else path.name,) * 2
    if inner_suffix(path) in JSONL_SUFFIXES:  # a document a line: read as they are asked for
        return jsonl_file(path, doc_id, shown, on_problem, identity)
    try:
        data = read_bytes(path, shown)
    except OSError as error:
        raise InputError(f"cannot read file ({error.strerror})", path=shown) from None
    text = decode(data, shown)
    if text.startswith(RENDERED_TABLE_MARK):  # a comparison table claims wrote: it quotes the news
        on_problem(TableNotNews(NOT_NEWS, path=shown, hint=RENDERED_GO))
        return []
    # an article that names itself (front matter `id:` or `url:`) keeps its ids wherever it is filed
    meta, _ = front_matter(text)
    own = str_or_none(meta.get("id")) or str_or_none(meta.get("url"))
    if own is not None and taken is not None:
        own = taken.named(own, identity)
    return [Document(doc_id=doc_id, path=shown, text=text, identity=own or identity)]


def file_names(files: list[tuple[Path, Path]]) -> dict[Path, tuple[str, str]]:
    """Each file's doc_id and identity over one run.

    The doc_id is the path relative to the root it was found under; where two roots give one name
    (`a/x.md` and `b/x.md` given as `a` and `b`), the clash is told apart by the identity. The
    identity is the shortest end of the real path that no other file shares (`x.md`, or `2024/x.md`
    beside `2025/x.md`), the same whichever folder the corpus is named from.

    A compressed file is known by the file inside (`x.md.gz` as `x.md`), so its claims keep their
    ids when a corpus is compressed; beside that very file (`x.md` and `x.md.gz`), by its own name.

    >>> names = file_names([(Path("/c/2024/x.md"), Path("/c")), (Path("/c/2025/x.md"), Path("/c")),
    ...                     (Path("/c/y.md.gz"), Path("/c"))])
    >>> [names[p][1] for p in names]
    ['2024/x.md', '2025/x.md', 'y.md']
    """
    inside = {path: Path(os.path.abspath(without_compression(path))).parts for path, _ in files}
    shared = Counter(inside.values())
    real = {
        path: parts if shared[parts] == 1 else Path(os.path.abspath(path)).parts
        for path, parts in inside.items()
    }
    identity: dict[Path, str] = {}
    for depth in range(1, max((len(parts) for parts in real.values()), default=0) + 1):
        ends = Counter(parts[-depth:] for path, parts in real.items() if path not in identity)
        for path, parts in real.items():
            if path not in identity and (ends[parts[-depth:]] == 1 or depth == len(parts)):
                identity[path] = "/".join(parts[-depth:]).lstrip("/")
    relative = {
        path: path.relative_to(root).as_posix() if path != root else path.name for path, root in files
    }
    clashes = Counter(relative.values())
    return {
        path: (relative[path] if clashes[relative[path]] == 1 else identity[path], identity[path])
        for path, _ in files
    }


# --- corpus --------------------------------------------------------------------------------


def _once(files: list[tuple[Path, Path]]) -> list[tuple[Path, Path]]:
    """Each real file once, though it was named twice (`a.md a.md`, or a file and its folder)."""
    seen: set[str] = set()
    kept = []
    for path, root in files:
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            kept.append((path, root))
    return kept


def read_corpus(
    paths: Iterable[Path | str],
    *,
    strict: bool = False,
    on_problem: ProblemHandler | None = None,
) -> Corpus:
    """Read files and folders into documents and segments.

    A bad file (undecodable, empty, a bad JSON line) is reported through `on_problem` and skipped;
    with `strict=True` it raises instead. Nothing readable at all raises `InputError`: when the one
    file given cannot be read, its own problem, raised without being reported first (it is said
    once); otherwise a summary of what was skipped.
    """
    problems: list[InputError] = []
    documents: list[Document] = []
    segments: list[Segment] = []
    for doc, found in iter_documents(paths, strict=strict, on_problem=on_problem, problems=problems):
        documents.append(doc)
        segments.extend(found)
    return Corpus(tuple(documents), tuple(segments), tuple(problems))


def iter_documents(
    paths: Iterable[Path | str],
    *,
    strict: bool = False,
    on_problem: ProblemHandler | None = None,
    problems: list[InputError] | None = None,
    split: bool = True,
) -> Iterator[tuple[Document, list[Segment]]]:
    """Each readable document with its segments, read one file at a time, so a long corpus is never
    held whole (what `claims extract` streams). Problems go to `on_problem` (and `problems`) as in
    `read_corpus`; nothing readable at all raises `InputError` (as `read_corpus` says).
    Without `split`, each document comes with no segments and unsplit: its reader splits it
    (`split_document`) where it reads it, in a worker process perhaps, and reports what fails there.
    """
    problems = [] if problems is None else problems

    def report(problem: InputError) -> None:
        if strict:
            raise problem
        problems.append(problem)
        if on_problem is not None:
            on_problem(problem)

    paths = list(paths)
    yielded = 0
    piped = any(str(p) == STDIO for p in paths)
    if piped:  # read once, however often it is named
        for pair in _segmented(stdin_documents(report), report, split):
            yielded += 1
            yield pair
        paths = [p for p in paths if str(p) != STDIO]
    files = _once(find_files(paths, report, beside=int(piped))) if paths else []
    names = file_names(files)
    named = {Path(p) for p in paths}
    own_identities = GivenNames()  # the identities articles give themselves (`read_file`)

    def report_unless_table(problem: InputError) -> None:  # for a file found in a folder
        if not isinstance(problem, TableNotNews):
            report(problem)

    try:
        for path, root in files:
            try:
                told = report if path in named else report_unless_table
                documents = read_file(path, root, told, names[path], own_identities)
            except InputError as problem:
                problem.path = problem.path or str(path)
                if len(files) == 1 and not yielded and not strict:
                    raise problem from None  # the one file read: its problem is the run's, said once
                report(problem)
                continue
            except Exception as error:  # one unreadable file must not lose the others
                report(InputError(f"cannot read: {type(error).__name__}: {error}", path=str(path)))
                continue
            for pair in _segmented(_guarded(documents, path, report), report, split):
                yielded += 1
                yield pair
    finally:
        own_identities.close()
    if not yielded:  # what was skipped has been reported: this sums it up
        raise InputError(
            "no readable documents",
            path=", ".join(str(p) for p in paths) or STDIO,
            hint=f"{len(problems)} skipped, each said above" if problems else None,
        )


def _guarded(documents: Iterable[Document], path: Path, report: ProblemHandler) -> Iterator[Document]:
    """The documents of the file `path` as its reader gives them; a fault of the reader ends that
    file alone, reported (the documents it gave are kept; under `strict`, `report` raises it)."""
    found = iter(documents)
    while True:
        try:
            doc = next(found)
        except StopIteration:
            return
        except InputError as problem:
            report(problem)
            return
        except Exception as error:  # one unreadable file must not lose the others
            report(InputError(f"cannot read: {type(error).__name__}: {error}", path=str(path)))
            return
        yield doc


def _segmented(
    documents: Iterable[Document], report: ProblemHandler, split: bool = True
) -> Iterator[tuple[Document, list[Segment]]]:
    """Each document with its segments; one that cannot be split is reported and skipped alone.
    Without `split`, each document with no segments, unsplit."""
    for doc in documents:
        if not split:
            yield doc, []
            continue
        found = split_document(doc)
        if isinstance(found, InputError):
            report(found)
            continue
        yield doc, found


def split_document(doc: Document) -> list[Segment] | InputError:
    """The segments of `doc`, or the problem (naming its file and line) that keeps it from being split."""
    try:
        return segment_document(doc)
    except InputError as problem:
        problem.path = problem.path or doc.path
        problem.line = doc.line_offset or problem.line
        return problem
    except Exception as error:  # a document that cannot be split is skipped alone
        message = f"cannot split into items: {type(error).__name__}: {error}"
        return InputError(message, path=doc.path, line=doc.line_offset or None)
