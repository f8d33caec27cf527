"""Numbered events named in a Chinese source (第十六届中日节能环保综合论坛: the 16th China-Japan …
Forum), read with rules/source/numbered_events.jsonl, so the English renderings of one name can be compared."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..rules import RuleSet
from ..rules.source import SourceNumberedEvent
from .numerals import read_numeral


@dataclass(frozen=True)
class NumberedEvent:
    """A numbered event's name in the source: where, its whole text, its number, and the English head noun."""

    start: int
    end: int
    name: str
    number: int
    english: re.Pattern[str]


@functools.lru_cache(maxsize=8)
def _patterns(rules: RuleSet) -> tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]:
    return tuple((re.compile(rule.pattern), re.compile(rule.english))
                 for rule in rules.get("source/numbered_events", SourceNumberedEvent))


def numbered_events(text: str, rules: RuleSet) -> list[NumberedEvent]:
    """The numbered event names of a Chinese text, in text order."""
    found: list[NumberedEvent] = []
    for pattern, english in _patterns(rules):  # a name two rules find is the first rule's
        for match in pattern.finditer(text):
            if any(match.start() < event.end and event.start < match.end() for event in found):
                continue
            numeral = read_numeral(match.group("number"), match.start("number"))
            if numeral is not None and numeral.value == int(numeral.value):
                found.append(NumberedEvent(match.start(), match.end(), match.group(), int(numeral.value), english))
    return sorted(found, key=lambda event: event.start)


def event_heads(rules: RuleSet) -> tuple[re.Pattern[str], ...]:
    """The English head nouns of every kind of numbered event ("Forum", "Games", "session")."""
    return tuple(dict.fromkeys(english for _, english in _patterns(rules)))
