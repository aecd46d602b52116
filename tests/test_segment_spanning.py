"""`Segment.spanning` builds the same segment over other offsets by hand, for speed: it must carry
every other field as `dataclasses.replace` does, whatever fields the segment gains."""

from __future__ import annotations

from dataclasses import fields, replace

from claims.model import Segment


def test_spanning_carries_every_other_field() -> None:
    # a distinct value for each field, so a field dropped or two swapped shows
    numbered = enumerate(fields(Segment))
    segment = Segment(**{f.name: index if f.type == "int" else f"value {index}" for index, f in numbered})
    assert segment.spanning(101, 202) == replace(segment, start=101, end=202)
