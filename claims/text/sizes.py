"""Model sizes as news writes them beside a model's name (`7B`, `1.3B`, `405B`, `A3B`), one place.

A size names a variant (`Llama 3.1 8B`), lists a family's members (`1.5B、7B 和 32B`) and keys a
parameter count's identity; extraction, subjects and conflicts all read sizes with these patterns.
"""

from __future__ import annotations

import re

# A mixture of experts writes its experts' count before the size of one (`8x7B`, `8×22B`).
_EXPERTS = r"(?:\d+[x×])?"
# A size as a piece of a larger pattern (no word boundary: `1.5B到70B` glues Chinese to it).
ATOM = rf"{_EXPERTS}\d+(?:\.\d+)?\s?[BMT]"
# The figure is exactly a size glued to its scale letter: `70B`, `1.3B`, `8x7B`.
GLUED = re.compile(rf"{_EXPERTS}\d+(?:\.\d+)?[BMTb]")  # `70b` as English news also writes it
# The figure opens with a size: `7B`, `40B parameter`.
LEADING = re.compile(rf"{_EXPERTS}\d+(?:\.\d+)?\s?[BMT]\b")
# A size inside a name or a figure: `Llama 3.1 8B`, `Sarvam-30B`, `from 3B to 14B`, `Mixtral 8x7B`.
IN_TEXT = re.compile(rf"(?<![\w.]){_EXPERTS}\d+(?:\.\d+)?\s?[BMT]\b|(?<=-)\d+(?:\.\d+)?[BMT]\b")
# A size or size code standing alone (`30B`, `A3B`, `8B-MoT`): a variant of something named elsewhere.
CODE = re.compile(rf"[A-Z]?{_EXPERTS}\d+(?:\.\d+)?[BMKT](?:-[A-Za-z]+)?")
