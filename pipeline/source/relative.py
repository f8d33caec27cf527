"""Days a Chinese source names relative to the report's day (昨天, 昨今两天, 明日), read with
rules/source/relative_days.jsonl, so a translation that moves the day ("two days ago" for 昨今) can be told."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..rules import RuleSet
from ..rules.source import SourceRelativeDay


@dataclass(frozen=True)
class RelativeDay:
    """A relative day in a text: where it is, its days (offsets from the report's day) and what it says."""

    start: int
    end: int
    offsets: tuple[int, ...]
    says: str


@functools.lru_cache(maxsize=8)
def _patterns(rules: RuleSet, language: str) -> tuple[tuple[SourceRelativeDay, re.Pattern[str]], ...]:
    return tuple((rule, re.compile(rule.pattern)) for rule in rules.get("source/relative_days", SourceRelativeDay)
                 if rule.language == language)


def source_relative_days(text: str, rules: RuleSet) -> list[RelativeDay]:
    """The relative days of a Chinese text, the longest first where two overlap (昨今 before 昨)."""
    found = [RelativeDay(match.start(), match.end(), tuple(rule.offsets), rule.says)
             for rule, pattern in _patterns(rules, "zh") for match in pattern.finditer(text)]
    kept: list[RelativeDay] = []
    for day in sorted(found, key=lambda day: (day.start, -(day.end - day.start))):
        if not kept or day.start >= kept[-1].end:
            kept.append(day)
    return kept


def english_relative_day(text: str, rules: RuleSet) -> RelativeDay | None:
    """The relative day an English time's whole text names ("yesterday", "two days ago"), or None."""
    for rule, pattern in _patterns(rules, "en"):
        if pattern.fullmatch(text.strip()):
            return RelativeDay(0, len(text), tuple(rule.offsets), rule.says)
    return None
