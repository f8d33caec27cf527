"""Literal gates for rule regexes: sets of words, every match of a regex containing a word of each set,
read from the regex itself, so a text that lacks all the words of one set is not scanned by it at all.

A rule regex scanned over a whole article costs its time at every character even where it cannot
match; checking a few literal words in the folded text first is one fast substring search each.
Every part a regex requires gives a set ("end|close" and then "year" in "(?:end|close) of the year"):
one common word ("end" is in "spend") does not open the gate while another part's words are missing.
The gate is derived, never written: a rule file stays a plain regex.
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

#: Characters a case-insensitive regex matches to an ASCII letter that `str.lower` does not map to it.
_IGNORECASE_LETTERS = {"ı": "i", "ſ": "s"}
_IGNORECASE_EXTRA = str.maketrans(_IGNORECASE_LETTERS)
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)

#: Sets of lower-case ASCII words: every match contains one word of each set. Empty: no gate.
Gate = tuple[frozenset[str], ...]


def literal_gate(regex: re.Pattern[str]) -> Gate:
    """The word sets every match of `regex` contains a word of, the most selective first; none when the
    regex gives none (then it is always scanned)."""
    required = _sequence_gates(sre_parse.parse(regex.pattern, regex.flags))
    return tuple(sorted(set(required), key=_selectivity, reverse=True))


def folded(text: str) -> str:
    """`text` as gates compare it: lower case, with the letters a case-insensitive regex also reads as ASCII."""
    lowered = text.lower()
    # translating costs a dict lookup per character; most texts have none of the letters, and need none
    return lowered.translate(_IGNORECASE_EXTRA) if any(letter in lowered for letter in _IGNORECASE_LETTERS) else lowered


def may_match(gate: Gate, folded_text: str) -> bool:
    """Whether a regex with `gate` can match the text `folded_text` was folded from."""
    return all(any(word in folded_text for word in words) for words in gate)


class GateText:
    """A text folded once for many gates, each gate word looked for in it once: the regexes of a rule file
    share words (month names, "19" and "20" of a year), which `may_match` looked for again for each."""

    def __init__(self, text: str) -> None:
        self.folded = folded(text)
        self._found: dict[str, bool] = {}

    def may_match(self, gate: Gate) -> bool:
        """`may_match(gate, folded(text))`."""
        return all(any(self._has(word) for word in words) for words in gate)

    def _has(self, word: str) -> bool:
        found = self._found.get(word)
        if found is None:
            found = self._found[word] = word in self.folded
        return found


def _selectivity(words: frozenset[str]) -> tuple[int, int]:
    """Longer words and fewer of them rule out more texts."""
    return min(map(len, words)), -len(words)


def _sequence_gates(items: Any) -> list[frozenset[str]]:
    """The word sets of the parts a sequence requires: its literal runs and required groups."""
    gates: list[frozenset[str]] = []
    run: list[str] = []
    for op, argument in items:
        if op is sre.LITERAL and argument < 128:
            run.append(chr(argument))
            continue
        if run:
            gates.append(frozenset({"".join(run).lower()}))
            run = []
        gates += _part_gates(op, argument)
    if run:
        gates.append(frozenset({"".join(run).lower()}))
    return gates


def _part_gates(op: Any, argument: Any) -> list[frozenset[str]]:
    if op is sre.SUBPATTERN:
        return _sequence_gates(argument[-1])
    if op is sre.ATOMIC_GROUP:
        return _sequence_gates(argument)
    if op in _REPEATS and argument[0] >= 1:
        return _sequence_gates(argument[2])
    if op is sre.BRANCH:
        # every alternative must give a set: the union of each one's most selective set is required
        alternatives = [_sequence_gates(alternative) for alternative in argument[1]]
        if all(alternatives):
            return [frozenset().union(*(max(gates, key=_selectivity) for gates in alternatives))]
    return []


def any_of(patterns: list[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One regex that matches at a position (or finds a match in a text) exactly when one of `patterns`
    does, to test a list of rule regexes in one call before trying them one by one in rule order; None
    when they cannot be joined (no patterns, flags other than case that differ, or a group reference that
    joining would renumber)."""
    if not patterns or len({pattern.flags & ~re.IGNORECASE for pattern in patterns}) > 1:
        return None
    if any(_REFERS_TO_GROUP.search(pattern.pattern) for pattern in patterns):
        return None
    # An assertion every pattern opens with is tested once per position, before the alternatives.
    leads = {found.group() if (found := _LEADING_ASSERTION.match(pattern.pattern)) else "" for pattern in patterns}
    lead = leads.pop() if len(leads) == 1 else ""
    case = {"(?i:" if pattern.flags & re.IGNORECASE else "(?-i:" for pattern in patterns}
    scoped = [f"{'(?i:' if pattern.flags & re.IGNORECASE else '(?-i:'}{pattern.pattern[len(lead):]})" if len(case) > 1
              else f"(?:{pattern.pattern[len(lead):]})" for pattern in patterns]
    flags = patterns[0].flags if len(case) == 1 else patterns[0].flags & ~re.IGNORECASE
    try:
        return re.compile(f"{lead}(?:{'|'.join(scoped)})", flags)
    except re.error:  # a global inline flag, or a group name used twice
        return None


_REFERS_TO_GROUP = re.compile(r"\\\d|\(\?P=|\(\?\(")
#: A lookaround without groups inside, or a word boundary, opening a pattern.
_LEADING_ASSERTION = re.compile(r"\(\?<?[!=][^()]*\)|\\b")
