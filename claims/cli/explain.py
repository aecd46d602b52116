"""`claims explain`: why each figure of a text became the claim it is, or none.

For every quantity the scanner reads, in text order: the rule that decided it (a claim rule, or a
`none.*` rule that vetoed it), and for a claim its kind, value and unit, the subject with the
strategy that chose it (`claims.model.SUBJECT_SOURCES`), the attribute, object, baseline and
modality, and the names set apart as something else than the subject (a source, a recipient, a
setting, a baseline …). Debugging a miss needs no debugger.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import typer

from claims.cli.app import OUTPUT, app
from claims.cli.quantities import _read
from claims.extraction.extract import explain_document
from claims.extraction.item import Decision
from claims.ingest.compression import inner_suffix
from claims.ingest.corpus import JSONL_SUFFIXES, read_corpus
from claims.model import STDIO, Claim, Document
from claims.quantities.find import find_quantities


def _claim_lines(claim: Claim, decision: Decision | None) -> list[str]:
    head = f"{claim.quote}  ->  {claim.kind} {claim.value:g} {claim.unit or '(no unit)'}  [{claim.rule_id}]"
    strategy = decision.subject_strategy if decision is not None else None
    how = f"{claim.subject_source}, by {strategy}" if strategy else claim.subject_source
    if claim.subject and claim.subject != claim.subject_key:
        how = f"written {claim.subject}; {how}"  # an alias, or a member keyed with its family
    subject = f"{claim.subject_key} ({how})" if claim.subject_key else "none"
    if not claim.subject_key and strategy:
        subject = f"none (by {strategy})"  # a strategy that decided there is no subject
    parts = [f"subject {subject}", f"attribute {claim.attribute_key or 'none'}"]
    if claim.object:
        parts.append(f"object {claim.object}")
    if claim.baseline:
        parts.append(f"baseline {claim.baseline}")
    parts.append(f"{claim.qualifier}, {claim.modality}")
    lines = [head, "    " + " · ".join(parts)]
    if decision is not None and decision.set_apart:
        # the names a part other than the subject's set aside (a source, a recipient, a setting …)
        lines.append("    set apart: " + ", ".join(f"{text} ({role})" for text, role in decision.set_apart))
    return lines


def explain_text(text: str, title: str | None = None) -> list[str]:
    """The lines `claims explain` prints for `text`: one block per quantity, in text order."""
    return explained(Document("text", "text", text, title=title))


def explained(doc: Document) -> list[str]:
    """The lines `claims explain` prints for one document (`explain_text`)."""
    text = doc.text
    claims, decisions = explain_document(doc)
    by_span = {(c.start, c.end): c for c in claims}
    claimed = [(c.start, c.end) for c in claims]
    spans = {
        (q.start, q.end): q.text
        for q in find_quantities(text)
        if not any(a < q.end and q.start < b for a, b in claimed)  # read anew as the claims' figures
    }
    spans |= {(c.start, c.end): c.quote for c in claims}
    lines: list[str] = []
    for span in sorted(spans):
        claim = by_span.get(span)
        if claim is not None:
            lines += _claim_lines(claim, decisions.get(span))
            continue
        decision = decisions.get(span)
        why = f"vetoed by {decision.rule}" if decision else "no rule matched"
        lines.append(f"{spans[span]}  ->  no claim  [{why}]")
    return lines or ["no quantity in the text"]


def _names_a_file(text: str) -> bool:
    """Whether TEXT is the path of a file; a sentence too long or odd for a path is text."""
    try:
        return Path(text).is_file()
    except (OSError, ValueError):
        return False  # `File name too long`, an embedded NUL: not a path


@app.command()
def explain(
    text: str = typer.Argument(..., help="The text to explain, a file path, or - for standard input."),
    title: str | None = typer.Option(None, "--title", help="A title for the text (the last-resort subject)."),
) -> None:
    """Show, for each figure of TEXT, the rule that made it a claim (or none) and how its subject,
    attribute and kind were chosen."""
    if text == STDIO or (_names_a_file(text) and inner_suffix(Path(text)) in JSONL_SUFFIXES):
        documents = _documents(text, title)
    else:
        documents = [Document("text", "text", _read(text) if _names_a_file(text) else text, title=title)]
    for number, doc in enumerate(documents):
        if len(documents) > 1:  # each document of JSON Lines on its own, as `claims extract` reads it
            OUTPUT.say(f"{chr(10) if number else ''}[{doc.doc_id}]")
        for line in explained(doc):
            OUTPUT.say(line)


def _documents(source: str, title: str | None) -> list[Document]:
    """The documents of a JSON Lines file or of standard input (a document a line when it holds
    JSON Lines, else one text), read as `claims extract` reads them: a bad line is warned of and
    skipped; `title` for those without their own."""
    corpus = read_corpus([source], on_problem=OUTPUT.skip)
    return [replace(doc, title=doc.title or title) for doc in corpus.documents]
