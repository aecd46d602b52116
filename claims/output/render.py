"""Render a built comparison table: great-tables HTML, Markdown, CSV, and PNG through Chromium.

Everything shown comes from untrusted text (titles, links, figures), so HTML is escaped here, cell
by cell; links are kept only when they are http(s). Output is deterministic (fixed table id, no
dates), so snapshot tests can compare it byte for byte.

>>> from claims.output.tables import parse_spec, build_table
>>> from claims.model import claims_frame
>>> spec = parse_spec('title = "T"\\nsubjects = ["A"]\\n[[columns]]\\nattributes = ["m"]\\n', "t.toml")
>>> to_markdown(build_table(spec, claims_frame([]), strict=False)).splitlines()[:3]
['<!-- a comparison table written by claims: not news -->', '', '**T**']
"""

from __future__ import annotations

import html
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl
from great_tables import GT, loc, style
from great_tables import html as gt_html

from claims.errors import OutputError, RenderError
from claims.model import RENDERED_TABLE_MARK, STATUSES
from claims.output.atomic import replacing, write_text
from claims.output.tableio import write_table
from claims.output.tables import ComparisonTable

FORMATS = {".html": "html", ".htm": "html", ".md": "markdown", ".csv": "csv", ".png": "png"}
# Cell colours by status: fill, text. Red for a conflict, amber for rumour vs announcement.
STATUS_COLOURS = {
    "conflict": ("#fde8e8", "#9b1c1c"),
    "rumour": ("#fff3d6", "#8a4b00"),
    "tension": ("#fefbe6", "#6b5a00"),
    "differs": ("#eef2f6", "#3d4a5c"),
    "resolved": ("#e7f5ec", "#1e6b3a"),
}
MARK = "⚠"
MARKS = {**dict.fromkeys(STATUSES, MARK), "differs": "≠"}
ROW = "__row"
EMPTY = "—"
CSS = """
.claims-cell .refs { color: #6b7280; font-size: 75%; vertical-align: 0.35em; margin-left: 2px; }
.claims-cell .fig { display: block; white-space: nowrap; }
.claims-cell .mark { margin-right: 3px; }
.claims-cell.empty { color: #b0b4bb; }
.claims-sources { display: block; line-height: 1.6; }
.claims-sources a { color: #0969da; text-decoration: none; }
.claims-cell .fig.spec { font-style: italic; }
.claims-cell.agreed .fig.spec { color: #57606a; }
"""


def safe_url(url: str | None) -> str | None:
    """`url` when it is an http(s) link, else None (a `javascript:` link is never written out).

    >>> safe_url("https://example.com/a?b=1"), safe_url("javascript:alert(1)")
    ('https://example.com/a?b=1', None)
    """
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def _refs(refs: list[int]) -> str:
    return f'<span class="refs">[{",".join(map(str, refs))}]</span>' if refs else ""


def cell_html(cell: dict | None) -> str:
    """The HTML of one body cell: each figure (escaped) with its source numbers; `—` when empty."""
    if cell is None:
        return f'<span class="claims-cell empty">{EMPTY}</span>'
    marked = cell["status"] in MARKS
    lines = []
    for figure, refs, hedged in zip(
        cell["figures"], cell["figure_refs"], cell["figure_speculative"], strict=True
    ):
        css = "fig spec" if hedged else "fig"
        lines.append(f'<span class="{css}">{html.escape(figure)}{_refs(refs)}</span>')
    mark = (
        f'<span class="mark" aria-label="{cell["status"]}">{MARKS[cell["status"]]}</span>' if marked else ""
    )
    if mark:
        lines[0] = re.sub(r'(<span class="fig[^"]*">)', lambda m: m.group(1) + mark, lines[0], count=1)
    trace = "claims: " + ", ".join(cell["claim_ids"])
    if cell["speculative"]:
        trace = "speculative sources only; " + trace
    css = f"claims-cell {cell['status']}" + (" speculative" if cell["speculative"] else "")
    return f'<span class="{css}" title="{html.escape(trace, quote=True)}">{"".join(lines)}</span>'


def _source_html(source: dict) -> str:
    title = html.escape(source["title"] or source["segment_id"] or "untitled")
    url = safe_url(source["source_url"])
    linked = f'<a href="{html.escape(url, quote=True)}">{title}</a>' if url else title
    date = f", {html.escape(source['published'])}" if source["published"] else ""
    return f"[{source['ref']}] {linked}{date}"


def _cell_index(table: ComparisonTable) -> dict[tuple[str, str], dict]:
    return {(c["row"], c["column"]): c for c in table.cells.iter_rows(named=True)}


def to_gt(table: ComparisonTable) -> GT:
    """The table as a great-tables object: marked conflict cells, footnotes, numbered sources."""
    spec = table.spec
    cells = _cell_index(table)
    data = {ROW: list(table.rows)}
    for column in table.columns:
        data[column.key] = [cell_html(cells.get((row, column.key))) for row in table.rows]
    frame = pl.DataFrame(data, schema={name: pl.String for name in data})
    gt = (
        GT(frame, rowname_col=ROW, id=f"claims-{spec.name}")
        .tab_header(title=spec.title, subtitle=spec.subtitle)
        .tab_stubhead(spec.row_label)
        .cols_label(**{c.key: c.label for c in table.columns})
        .fmt(lambda value: value, columns=[c.key for c in table.columns])  # cells are escaped HTML already
        .cols_align("right", columns=[c.key for c in table.columns])
        .opt_footnote_marks("letters")
        .opt_table_font(stack="system-ui")
        .tab_options(
            heading_align="left",
            heading_title_font_size="18px",
            heading_subtitle_font_size="13px",
            table_font_size="14px",
            column_labels_font_weight="600",
            stub_font_weight="600",
            source_notes_font_size="12px",
            data_row_padding="6px",
            table_additional_css=CSS,
        )
    )
    for index, row in enumerate(table.rows):
        for column in table.columns:
            cell = cells.get((row, column.key))
            if cell is None:
                continue
            where = loc.body(columns=column.key, rows=[index])
            if cell["status"] in STATUS_COLOURS:
                fill, ink = STATUS_COLOURS[cell["status"]]
                gt = gt.tab_style([style.fill(color=fill), style.text(color=ink, weight="600")], where)
            if cell["note"]:
                gt = gt.tab_footnote(cell["note"], locations=where, placement="right")
    legend = (
        f"{MARK} marks a cell whose sources disagree: red, conflicting figures; amber, a rumour against"
        " an announcement; yellow, figures that differ within rounding. ≠ on grey: figures that differ"
        " but were not compared as one fact. Italic: only speculative sources (expected, rumoured)."
        " [n] numbers the sources below."
    )
    gt = gt.tab_source_note(legend)
    for note in table.notes:
        gt = gt.tab_source_note(note)
    if spec.source_notes and table.sources.height:
        lines = "<br>".join(_source_html(source) for source in table.sources.iter_rows(named=True))
        gt = gt.tab_source_note(gt_html(f'<span class="claims-sources">{lines}</span>'))
    return gt


def to_html(table: ComparisonTable) -> str:
    """A complete HTML page holding the table (UTF-8, no scripts, no external resources)."""
    body = to_gt(table).as_raw_html()
    title = html.escape(table.spec.title)
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
        f'</head>\n<body style="margin:24px;background:#fff">\n{body}\n</body>\n</html>\n'
    )


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell: no pipes, no line breaks, no raw HTML."""
    text = " ".join(text.split())
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def to_markdown(table: ComparisonTable) -> str:
    """A pipe table with the marked cells lettered and explained below, then the numbered sources;
    its first line says that claims wrote it (`RENDERED_TABLE_MARK`), so it is never read as news."""
    spec = table.spec
    cells = _cell_index(table)
    lines = [RENDERED_TABLE_MARK, "", f"**{_md(spec.title)}**", ""]
    if spec.subtitle:
        lines += [f"_{_md(spec.subtitle)}_", ""]
    lines.append("| " + " | ".join([_md(spec.row_label)] + [_md(c.label) for c in table.columns]) + " |")
    lines.append("|" + "---|" + "---:|" * len(table.columns))
    notes: list[str] = []
    for row in table.rows:
        out = [_md(row)]
        for column in table.columns:
            cell = cells.get((row, column.key))
            if cell is None:
                out.append(EMPTY)
                continue
            parts = [
                (f"_{_md(f)}_" if hedged else _md(f)) + f" [{','.join(map(str, r))}]"
                for f, r, hedged in zip(
                    cell["figures"], cell["figure_refs"], cell["figure_speculative"], strict=True
                )
            ]
            text = " / ".join(parts)
            if cell["status"] in MARKS:
                text = f"{MARKS[cell['status']]} {text}"
            if cell["note"]:
                notes.append(cell["note"])
                text += f" ({chr(ord('a') + len(notes) - 1)})"
            out.append(text)
        lines.append("| " + " | ".join(out) + " |")
    lines.append("")
    if any(any(flags) for flags in table.cells["figure_speculative"]):
        lines += ["_Italic_: only speculative sources (expected, rumoured).", ""]
    lines += [f"({chr(ord('a') + i)}) {_md(note)}" for i, note in enumerate(notes)]
    if notes:
        lines.append("")
    lines += [f"- {_md(note)}" for note in table.notes]
    if table.notes:
        lines.append("")
    if spec.source_notes and table.sources.height:
        lines.append("Sources:")
        for source in table.sources.iter_rows(named=True):
            date = f", {source['published']}" if source["published"] else ""
            url = safe_url(source["source_url"])
            title = _md(source["title"] or source["segment_id"] or "untitled")
            lines.append(f"{source['ref']}. {title}{_md(date)}" + (f" <{_md(url)}>" if url else ""))
        lines.append("")
    return "\n".join(lines)


def to_frame(table: ComparisonTable) -> pl.DataFrame:
    """One row per cell (tidy): row, column label, status, shown text, value, claim ids, sources."""
    labels = {c.key: c.label for c in table.columns}
    urls = dict(table.sources.select("ref", "source_url").iter_rows())
    return table.cells.select(
        pl.lit(table.spec.name).alias("table"),
        "row",
        pl.col("column").replace_strict(labels, return_dtype=pl.String).alias("column"),
        "status",
        "text",
        "value",
        "unit",
        "verdict",
        "note",
        "claim_ids",
        "source_refs",
        pl.col("source_refs")
        .list.eval(pl.element().replace_strict(urls, default=None, return_dtype=pl.String))
        .alias("source_urls"),
    )


def find_browser() -> str | None:
    """The Chromium or Chrome to drive: `CHROME_PATH` when it names a file, else one on PATH."""
    named = os.environ.get("CHROME_PATH")
    if named and Path(named).is_file():
        return named
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


@contextmanager
def browser_for_export(browser: str) -> Iterator[None]:
    """Point `CHROME_PATH` at a wrapper that adds `--no-sandbox` (needed as root) and a private profile.

    The previous `CHROME_PATH` is restored afterwards, and the browser great-tables started is closed.
    """
    import nokap

    folder = tempfile.mkdtemp(prefix="claims-chrome-")
    try:
        wrapper = Path(folder) / "chrome"
        profile = Path(folder) / "profile"
        sandbox = " --no-sandbox" if hasattr(os, "geteuid") and os.geteuid() == 0 else ""
        wrapper.write_text(
            f"#!/bin/sh\nexec '{browser}'{sandbox} --user-data-dir='{profile}' \"$@\"\n", encoding="utf-8"
        )
        wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
        previous = os.environ.get("CHROME_PATH")
        os.environ["CHROME_PATH"] = str(wrapper)
        try:
            yield
        finally:
            nokap.close()
            if previous is None:
                os.environ.pop("CHROME_PATH", None)
            else:
                os.environ["CHROME_PATH"] = previous
    finally:
        remove_profile(folder)


_REMOVAL_WAITS = (0.0, 0.2, 0.5, 1.0)  # seconds before each try


def remove_profile(folder: str) -> bool:
    """Remove the browser's private folder; True when it is gone. A browser still closing may write
    into its profile for a moment after it was told to close (`Directory not empty: 'Default'`), so
    the folder is tried again a few times, then left to the system's temporary files: the PNG is
    written either way, and a leftover folder is no reason to fail."""
    for wait in _REMOVAL_WAITS:
        time.sleep(wait)
        try:
            shutil.rmtree(folder)
        except FileNotFoundError:
            return True
        except OSError:
            continue
        return True
    return False


def to_png(table: ComparisonTable, path: Path | str, *, browser: str | None = None) -> Path:
    """Save the table as a PNG with great-tables' `gtsave` in headless Chromium.

    Without a browser raises `RenderError` naming the file; HTML, Markdown and CSV need none.
    """
    path = Path(path)
    browser = browser or find_browser()
    if browser is None:
        raise RenderError(
            "cannot write a PNG: no Chromium or Chrome found",
            path=str(path),
            hint="install Debian's chromium package or set CHROME_PATH; .html, .md and .csv need no browser",
        )
    try:
        with browser_for_export(browser), replacing(path, refusals=False) as tmp:
            to_gt(table).gtsave(str(tmp), expand=16, zoom=2, vwidth=1100)
    except OutputError:
        raise  # the place cannot be written: no fault of the browser's
    except Exception as error:  # nokap and Chromium fail in many ways; the user needs one line
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise RenderError(f"cannot write a PNG with {browser}: {first}", path=str(path)) from None
    return path


def write_rendered(table: ComparisonTable, path: Path | str) -> Path:
    """Write `table` in the format its extension names (.html .md .csv .png)."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise RenderError(
            f"cannot tell the output format from {path.suffix or '(no extension)'!r}",
            path=str(path),
            hint="use .html, .md, .csv or .png",
        )
    if fmt == "png":
        return to_png(table, path)
    if fmt == "csv":
        return write_table(to_frame(table), path)
    return write_text(path, to_html(table) if fmt == "html" else to_markdown(table))


def write_shipped_tables(
    claims: pl.DataFrame,
    conflicts: pl.DataFrame | None,
    out_dir: Path | str,
    *,
    specs: Path | str | None = None,
    formats: tuple[str, ...] = (".html", ".md", ".csv"),
) -> list[Path]:
    """Build every spec in `specs` (default: the shipped `tables/`) and write each in `formats`.

    Tables are built leniently (a column no claim fills is left out and noted; a table whose
    subjects take no claim is still written, empty, with a note), so one thin corpus never stops
    the main job. Returns the files written, `out_dir/<spec name><suffix>`.
    """
    from claims.output.tables import build_table, load_specs
    from claims.resources import tables_dir

    out = Path(out_dir)
    written = []
    for spec in load_specs(specs if specs is not None else tables_dir()):
        built = build_table(spec, claims, conflicts, strict=False)
        for suffix in formats:
            written.append(write_rendered(built, out / f"{spec.name}{suffix}"))
    return written
