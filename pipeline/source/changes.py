"""Changes by a fraction as a text says them (增加近半, "half as many"), read with
rules/source/change_relations.jsonl, so a translation that turns a change around can be told."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..rules import RuleSet
from ..rules.source import SourceChangeRelation


@dataclass(frozen=True)
class ChangeRelation:
    """A change in a text: where, which way the amount went, and what it says."""

    start: int
    end: int
    direction: str
    says: str


@functools.lru_cache(maxsize=8)
def _patterns(rules: RuleSet, language: str) -> tuple[tuple[SourceChangeRelation, re.Pattern[str]], ...]:
    return tuple((rule, re.compile(rule.pattern)) for rule in rules.get("source/change_relations", SourceChangeRelation)
                 if rule.language == language)


def change_relations(text: str, rules: RuleSet, language: str) -> list[ChangeRelation]:
    """The changes by a fraction of a text in `language` (zh or en), in text order."""
    found = [ChangeRelation(match.start(), match.end(), rule.direction, rule.says)
             for rule, pattern in _patterns(rules, language) for match in pattern.finditer(text)]
    return sorted(found, key=lambda change: change.start)
