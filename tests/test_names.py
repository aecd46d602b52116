"""Names found by shape in a line of text (`subjects.find_names`): where a name starts and ends."""

from __future__ import annotations

import pytest

from claims.extraction.extract import default_extract_resources
from claims.extraction.name_finder import find_names

CASES = [
    # A hyphen with spaces around it joins a version to its name; between words it is a dash.
    ("Knowing When to Ask - Bridging Kestrel-2 and Tables.", ["Ask"], ["Ask - Bridging"]),
    ("研究团队测评 GPT - 4o 与 Tern-3 两个模型", ["GPT - 4o", "Tern-3"], []),
    # A glued modifier is no part of the name after it.
    ("Norvale-backed Quillbox-2 hit a milestone.", ["Quillbox-2"], ["Norvale-backed Quillbox-2"]),
    # A lower-case identifier right after a release word is a name.
    ("Small but Sturdy: Introducing quill-embed-small.", ["quill-embed-small"], []),
    # A part of a year glued to it says when, never names (entities.toml not_entities: Mid, Early …).
    (
        "The rules apply from mid-2026, the rest by early-2027 for vela-2026.",
        ["vela-2026"],
        ["mid-2026", "early-2027"],
    ),
    # Media joined by -to- name a task (entities.toml task_links).
    ("VelaVid supports Text-to-Video and Image-to-3D.", ["VelaVid"], ["Text-to-Video", "Image-to-3D"]),
]


@pytest.mark.parametrize(("text", "present", "absent"), CASES, ids=[c[0] for c in CASES])
def test_names(text: str, present: list[str], absent: list[str]) -> None:
    lexicon = default_extract_resources().lexicon
    found = [n.text for n in find_names(text, 0, len(text), lexicon, [])]
    for name in present:
        assert name in found, found
    for name in absent:
        assert not any(name in f for f in found), found
