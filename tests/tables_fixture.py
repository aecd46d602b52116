"""Load the hand-made claims and conflicts in tests/fixtures/tables/ as the real tables."""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

import polars as pl

from claims.conflicts.find import CONFLICT_COLUMNS
from claims.model import Claim, claims_frame

FOLDER = Path(__file__).resolve().parent / "fixtures" / "tables"


def _claim_id(doc: str, quote: str) -> str:
    return hashlib.sha1(f"{doc}:{quote}".encode()).hexdigest()[:12]


def claims_fixture() -> pl.DataFrame:
    """The claims of claims.toml as a claims table (`CLAIM_COLUMNS`)."""
    raw = tomllib.loads((FOLDER / "claims.toml").read_text(encoding="utf-8"))
    claims = []
    for n, item in enumerate(raw["claim"]):
        doc = raw["doc"][item["doc"]]
        offset = 1000 * n
        start = offset + item["sentence"].index(item["quote"])
        value = float(item["value"])
        claims.append(
            Claim(
                claim_id=_claim_id(item["doc"], item["quote"]),
                doc_id=f"{item['doc']}.md",
                segment_id=f"{item['doc']}.md#0",
                title=doc["title"],
                source_url=doc["source_url"],
                published=doc["published"],
                start=start,
                end=start + len(item["quote"]),
                quote=item["quote"],
                sentence=item["sentence"],
                kind=item["kind"],
                subject=item["subject"],
                subject_key=item["subject_key"],
                attribute=item.get("attribute", item["attribute_key"]),
                attribute_key=item["attribute_key"],
                object=item.get("object"),
                baseline=None,
                value=value,
                lo=float(item.get("lo", value)),
                hi=float(item.get("hi", value)),
                unit=item["unit"],
                qualifier=item.get("qualifier", "exact"),
                modality=item.get("modality", "asserted"),
                lang=item.get("lang", "zh"),
                rule_id=f"test.{item['kind']}",
            )
        )
    return claims_frame(claims)


def conflicts_fixture() -> pl.DataFrame:
    """The conflicts of conflicts.toml as a conflicts table."""
    raw = tomllib.loads((FOLDER / "conflicts.toml").read_text(encoding="utf-8"))
    rows = []
    for item in raw["conflict"]:
        ids = sorted(_claim_id(*ref.split(":", 1)) for ref in item["claims"])
        rows.append(
            {
                "conflict_id": hashlib.sha1("|".join(ids).encode()).hexdigest()[:12],
                "subject_key": item["subject_key"],
                "attribute_key": item["attribute_key"],
                "object": item.get("object"),
                "unit": item["unit"],
                "status": item["status"],
                "severity": item["severity"],
                "claim_ids": ids,
                "values": item["values"],
                "n_sources": len({ref.split(":", 1)[0] for ref in item["claims"]}),
                "explanation": item["explanation"],
                "verdict": item.get("verdict"),
                "review_note": item.get("review_note"),
                "correct_value": item.get("correct_value"),
            }
        )
    return pl.DataFrame(rows, schema=CONFLICT_COLUMNS)
