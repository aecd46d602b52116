"""Conditions that keep two facts apart: a figure measured 5-shot is not the same fact as one
measured 0-shot, nor a speed on two linked units the same as on one.

The condition lexicon (`grammars/lexicons/conditions.toml`) names, per aspect, the patterns that
say which condition a claim's sentence (or clause) states; claims are compared only when they
state the same condition for every aspect.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from claims.resources import grammars_dir
from claims.text.punctuation import CHINESE_COMMA, SEMICOLONS, SENTENCE_STOPS, marks
from claims.text.tomlfile import read_toml

_DIGIT = re.compile(r"\d")
_CLAUSE_BREAK = re.compile(rf"[{marks(CHINESE_COMMA, SENTENCE_STOPS, SEMICOLONS)}\n]|,(?!\d{{3}})|\.(?=\s|$)")


@dataclass(frozen=True, slots=True)
class Condition:
    """One entry of `conditions.toml`: an aspect, the id template and its compiled patterns."""

    aspect: str
    id: str
    patterns: tuple[re.Pattern[str], ...]
    anchored: tuple[str, ...] = ()  # patterns around the figure itself: `{quote}` stands for it
    sentence_wide: bool = False  # holds for every figure of a sentence that names it alone

    def found_in(self, text: str) -> list[str]:
        """The condition ids this entry finds in `text`, in order."""
        return [self._id(match) for pattern in self.patterns for match in pattern.finditer(text)]

    def found_around(self, clause: str, quote: str) -> list[str]:
        """The condition ids the anchored patterns find at the figure `quote` in `clause`.

        A pattern is compiled for each figure it is tried on, so it is first tried with any text
        in place of the figure, compiled once: where that finds nothing, neither can the figure
        (most clauses), and no pattern is compiled for it.
        """
        return [
            self._id(match)
            for pattern in self.anchored
            if _anchored(pattern, None).search(clause) is not None
            for match in _anchored(pattern, quote).finditer(clause)
        ]

    def _id(self, match: re.Match[str]) -> str:
        return self.id.replace("{1}", match.group(1)) if match.groups() else self.id


_ANY_FIGURE = r"[\s\S]*?"  # what the figure of an anchored pattern may be when it is not yet known


@lru_cache(maxsize=4096)
def _anchored(pattern: str, quote: str | None) -> re.Pattern[str]:
    """`pattern` with `{quote}` standing for the figure `quote` (for any text when None)."""
    figure = _ANY_FIGURE if quote is None else re.escape(quote)
    return re.compile(pattern.replace("{quote}", figure), re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Conditions:
    """The loaded condition lexicon; `of(sentence, quote)` is a claim's condition key part."""

    entries: tuple[Condition, ...]
    # Every entry's patterns (those not anchored at the figure) as one alternation: a text it finds
    # nothing in holds no condition, and most sentences hold none. One search instead of a search per
    # pattern of every entry, three texts per claim. None: each pattern is searched by itself.
    any_named: re.Pattern[str] | None = None

    def _by_aspect(self, text: str) -> dict[str, set[str]]:
        if self.any_named is not None and self.any_named.search(text) is None:
            return {}
        found: dict[str, set[str]] = {}
        for entry in self.entries:
            for condition_id in entry.found_in(text):
                found.setdefault(entry.aspect, set()).add(condition_id)
        return found

    def of(self, sentence: str | None, quote: str | None) -> str:
        """The conditions a figure holds under, `aspect=id` joined by `;` (empty when none).

        The clause around the figure decides; the whole sentence fills an aspect only when it
        names a single condition of that aspect, so two conditions side by side are not mixed up.

        >>> conditions = load_conditions()
        >>> conditions.of("MMLU 得分 5-shot 为 80%，0-shot 为 70%", "70%")
        'shots=0-shot'
        >>> conditions.of("在 5-shot 设置下，MMLU 得分 80%", "80%")
        'shots=5-shot'
        >>> conditions.of("MMLU 得分 80%", "80%")
        ''
        """
        if not sentence:
            return ""
        clause = _clause_around(sentence, quote)
        local = self._by_aspect(clause)
        for entry in self.entries:
            for condition_id in entry.found_around(clause, quote) if quote else ():
                local.setdefault(entry.aspect, set()).add(condition_id)
        chosen = {aspect: ids for aspect, ids in local.items() if len(ids) == 1}
        # Only clauses that state no figure of their own set the scene for the whole sentence
        # ("在 5-shot 设置下，…"); "AIME 2024 上的 pass@1 为 79.8%" qualifies 79.8% alone.
        parts = _clauses(sentence)
        setting = "".join(part for part in parts if part != clause and not self._has_figure(part))
        sentence_wide = self._by_aspect(sentence)
        for aspect, ids in self._by_aspect(setting).items():
            if aspect not in local and len(ids) == 1 and len(sentence_wide[aspect]) == 1:
                chosen[aspect] = ids
        # A condition of the whole sentence (who serves it: `与 Fireworks 合作提供 … 的免费版本，速度达
        # 200 tok/s`) holds even where its clause states a figure of its own.
        for aspect in self._wide_aspects():
            if aspect not in chosen and len(sentence_wide.get(aspect, ())) == 1:
                chosen[aspect] = sentence_wide[aspect]
        return ";".join(f"{aspect}={next(iter(ids))}" for aspect, ids in sorted(chosen.items()))

    def _wide_aspects(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(entry.aspect for entry in self.entries if entry.sentence_wide))

    def _has_figure(self, clause: str) -> bool:
        """A digit left once the condition names (`5-shot`, `pass@1`) are taken out."""
        if self.any_named is not None and self.any_named.search(clause) is None:
            return bool(_DIGIT.search(clause))  # no name to take out: no pattern would change it
        for entry in self.entries:
            for pattern in entry.patterns:
                clause = pattern.sub(" ", clause)
        return bool(_DIGIT.search(clause))


def _clauses(sentence: str) -> list[str]:
    """The stretches of `sentence` between clause punctuation."""
    parts, start = [], 0
    for match in _CLAUSE_BREAK.finditer(sentence):
        parts.append(sentence[start : match.start()])
        start = match.end()
    parts.append(sentence[start:])
    return parts


def _clause_around(sentence: str, quote: str | None) -> str:
    """The stretch of `sentence` between clause punctuation that holds `quote` (else all of it)."""
    at = sentence.find(quote) if quote else -1
    if at < 0:
        return sentence
    start = 0
    for match in _CLAUSE_BREAK.finditer(sentence):
        if match.end() <= at:
            start = match.end()
        elif match.start() >= at + len(quote):
            return sentence[start : match.start()]
    return sentence[start:]


def load_conditions(path: Path | None = None) -> Conditions:
    """Read and check the condition lexicon (default `grammars/lexicons/conditions.toml`).

    A malformed file raises `ResourceError` naming the file and the entry.
    """
    path = path or grammars_dir() / "lexicons" / "conditions.toml"
    toml = read_toml(path)
    entries = []
    for n, entry in enumerate(toml.data.get("condition", [])):
        where = f"condition[{n}]"
        aspect, condition_id, patterns = entry.get("aspect"), entry.get("id"), entry.get("patterns")
        if not isinstance(aspect, str) or not isinstance(condition_id, str):
            raise toml.error(where, "needs string fields aspect and id")
        if not isinstance(patterns, list) or not patterns or not all(isinstance(p, str) for p in patterns):
            raise toml.error(f"{where}.patterns", "needs a non-empty list of strings")
        compiled, anchored = [], []
        for k, pattern in enumerate(patterns):
            try:
                if "{quote}" in pattern:
                    _anchored(pattern, "1.5B")  # checks the pattern once
                    anchored.append(pattern)
                else:
                    compiled.append(re.compile(pattern, re.IGNORECASE))
            except re.error as error:
                raise toml.error(f"{where}.patterns[{k}]", f"bad pattern: {error}") from None
        scope = entry.get("scope", "clause")
        if scope not in ("clause", "sentence"):
            raise toml.error(f"{where}.scope", f"clause or sentence, not {scope!r}")
        entries.append(Condition(aspect, condition_id, tuple(compiled), tuple(anchored), scope == "sentence"))
    return Conditions(tuple(entries), _alternation(entries))


def _alternation(entries: list[Condition]) -> re.Pattern[str] | None:
    """One pattern finding a match wherever any entry's own pattern finds one (`Conditions.any_named`).

    Each pattern stays a group of its own; none of the lexicon's patterns may use a backreference,
    a named group or a global flag, which an alternation would change (a pattern that does is
    checked by itself and the alternation is not used)."""
    patterns = [pattern.pattern for entry in entries for pattern in entry.patterns]
    if not patterns or any(_UNFIT_IN_ALTERNATION.search(pattern) for pattern in patterns):
        return None
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.IGNORECASE)


# A backreference (`\1`, `(?P=name)`), a named group or an inline global flag: what would read
# differently inside one alternation of every pattern.
_UNFIT_IN_ALTERNATION = re.compile(r"\\[1-9]|\(\?P[<=]|\(\?[aiLmsux]+\)")
