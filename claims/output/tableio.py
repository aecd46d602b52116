"""Reading and writing tables by file extension (.parquet, .csv, .jsonl, .json) — I/O at the edge.

A file that is not a readable table raises `TableError` naming the file, never a library traceback.
"""

from __future__ import annotations

import atexit
import io
import os
import shutil
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from claims.errors import TableError
from claims.model import STDIO
from claims.output.atomic import replacing, writing_to

if TYPE_CHECKING:
    import polars as pl

# polars is imported where a table is first made or read, not with this module: under `--jobs` the
# command starts its workers before it needs a table, and they need not wait for the import.

FORMATS = ("parquet", "csv", "jsonl")
_EXTENSIONS = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


def format_of(path: Path | str, explicit: str | None = None) -> str:
    """The table format named by `explicit` or else by the file's extension.

    >>> format_of("out/claims.parquet")
    'parquet'
    """
    if explicit:
        if explicit not in FORMATS:
            raise TableError(f"unknown format {explicit!r}", hint=f"use one of {', '.join(FORMATS)}")
        named = _EXTENSIONS.get(Path(path).suffix.lower())
        if named is not None and named != explicit:
            raise TableError(
                f"--format {explicit} but the extension says {named}",
                path=str(path),
                hint="drop --format or change the extension",
            )
        return explicit
    fmt = _EXTENSIONS.get(Path(path).suffix.lower())
    if fmt is None:
        raise TableError(
            f"cannot tell the table format from the extension {Path(path).suffix or '(none)'!r}",
            path=str(path),
            hint="use .parquet, .csv or .jsonl, or --format",
        )
    return fmt


Frame = "pl.DataFrame | pl.LazyFrame"

# How each format is written: (a DataFrame's method, a LazyFrame's streaming method).
_WRITERS = {
    "parquet": ("write_parquet", "sink_parquet"),
    "csv": ("write_csv", "sink_csv"),
    "jsonl": ("write_ndjson", "sink_ndjson"),
}


def _write_frame(frame: Frame, fmt: str, target: Path | io.BytesIO, group_rows: int | None = None) -> None:
    """Write `frame` in `fmt` to a file or buffer; a LazyFrame is streamed, never collected whole.

    `group_rows` sets the rows of a streamed Parquet file's row groups: the writer holds one group
    in memory, and its default group (a quarter of a million rows) is far more than a batch."""
    import polars as pl

    if fmt == "csv":
        frame = _flatten_for_csv(frame)
    eager, streaming = _WRITERS[fmt]
    if isinstance(frame, pl.LazyFrame) and fmt == "parquet" and group_rows:
        frame.sink_parquet(target, row_group_size=group_rows)
        return
    getattr(frame, streaming if isinstance(frame, pl.LazyFrame) else eager)(target)


def _flatten_for_csv(df: Frame) -> Frame:
    """CSV has no lists or structs: lists become `a; b` text, structs JSON text."""
    import polars as pl

    out = []
    schema = df.collect_schema() if isinstance(df, pl.LazyFrame) else df.schema
    for name, dtype in schema.items():
        if isinstance(dtype, pl.List):
            out.append(pl.col(name).cast(pl.List(pl.String)).list.join("; ").alias(name))
        elif isinstance(dtype, pl.Struct):
            out.append(pl.col(name).struct.json_encode().alias(name))
    return df.with_columns(out) if out else df


def write_table(df: pl.DataFrame, path: Path | str, fmt: str | None = None) -> Path:
    """Write `df` to `path` in the format its extension (or `fmt`) names (all or nothing)."""
    path = Path(path)
    fmt = format_of(path, fmt)
    with replacing(path) as tmp:
        _write_frame(df, fmt, tmp)
    return path


class TableSink:
    """A table written in batches: each batch goes to a Parquet part beside the target, and `close`
    streams the parts into one file in the target's format (polars' streaming engine), so peak memory
    is one batch, not the whole table. All or nothing, like `write_table`.

    >>> import tempfile; import polars as pl; folder = Path(tempfile.mkdtemp())
    >>> with TableSink(folder / "t.csv") as sink:
    ...     sink.add(pl.DataFrame({"a": [1]})); sink.add(pl.DataFrame({"a": [2]}))
    >>> pl.read_csv(folder / "t.csv")["a"].to_list()
    [1, 2]
    """

    def __init__(self, path: Path | str, fmt: str | None = None) -> None:
        self.path = Path(path)
        self.fmt = format_of(self.path, fmt)
        self.parts: list[Path] = []
        self.folder: Path | None = None
        self.schema: dict | None = None
        self.group_rows = 0  # the largest batch: a row group of the output holds one batch

    def __enter__(self) -> TableSink:
        with writing_to(self.path):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.folder = Path(tempfile.mkdtemp(prefix=f".{self.path.name}.parts-", dir=self.path.parent))
        return self

    def add(self, df: pl.DataFrame) -> None:
        assert self.folder is not None, "use TableSink as a context manager"
        self.schema = self.schema or dict(df.schema)
        if df.height:
            self.group_rows = max(self.group_rows, df.height)
            part = self.folder / f"{len(self.parts):06d}.parquet"
            with writing_to(self.path):  # a part that does not fit fails as the output would
                df.write_parquet(part)
            self.parts.append(part)

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        try:
            if error is None:
                self._finish()
        finally:
            if self.folder is not None:
                shutil.rmtree(self.folder, ignore_errors=True)

    def _finish(self) -> None:
        import polars as pl

        frame = pl.scan_parquet(self.parts) if self.parts else pl.LazyFrame(schema=self.schema or {})
        with replacing(self.path) as tmp:
            _write_frame(frame, self.fmt, tmp, self.group_rows or None)


def table_bytes(df: pl.DataFrame, fmt: str) -> bytes:
    """`df` as the bytes of a file in `fmt`, for standard output."""
    buffer = io.BytesIO()
    _write_frame(df, fmt, buffer)
    return buffer.getvalue()


# The formats whose rows can go out a batch at a time, one after another (Parquet is one whole file).
ROW_FORMATS = ("csv", "jsonl")


def rows_bytes(df: pl.DataFrame, fmt: str, first: bool) -> bytes:
    """The rows of `df` as the bytes that continue a file in `fmt` (a format of `ROW_FORMATS`);
    `first`: the start of the file (a CSV's header line). The batches of a table, written in turn,
    make the bytes of the whole table's file.

    >>> import polars as pl
    >>> rows_bytes(pl.DataFrame({"a": [1]}), "csv", True) + rows_bytes(pl.DataFrame({"a": [2]}), "csv", False)
    b'a\\n1\\n2\\n'
    """
    if fmt == "csv" and not first:
        buffer = io.BytesIO()
        _flatten_for_csv(df).write_csv(buffer, include_header=False)
        return buffer.getvalue()
    return table_bytes(df, fmt)


def spooled_stdin(path: Path | str) -> Path:
    """`path` itself, or for `-` a file holding standard input, named by what its bytes look like
    (Parquet's magic, a JSON object, else CSV), so every reader takes a table from a pipe."""
    return Path(path) if str(path) != STDIO else _stdin_spool()


@cache
def _stdin_spool() -> Path:
    """Standard input saved to a temporary file, once per process (it can be read only once)."""
    data = sys.stdin.buffer.read()
    suffix = (
        ".parquet" if data.startswith(b"PAR1") else ".jsonl" if data.lstrip().startswith(b"{") else ".csv"
    )
    handle, name = tempfile.mkstemp(prefix="claims-stdin-", suffix=suffix)
    with os.fdopen(handle, "wb") as spool:
        spool.write(data)
    atexit.register(os.unlink, name)
    return Path(name)


def read_table(path: Path | str, fmt: str | None = None) -> pl.DataFrame:
    """Read a table written by `write_table` (or by hand); a broken file raises `TableError`."""
    path = spooled_stdin(path)
    if not path.exists():
        raise TableError("no such file", path=str(path))
    if path.is_dir():
        raise TableError("is a folder, not a table file", path=str(path))
    fmt = format_of(path, fmt)
    import polars as pl

    try:
        if fmt == "parquet":
            return pl.read_parquet(path)
        if fmt == "csv":
            return pl.read_csv(path, infer_schema_length=10_000)
        return pl.read_ndjson(path, infer_schema_length=10_000)
    except (pl.exceptions.PolarsError, OSError, ValueError) as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise TableError(f"not a readable {fmt} table: {first_line}", path=str(path)) from None
