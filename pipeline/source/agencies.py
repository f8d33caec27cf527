"""News agencies a text names (中央社; "Central News Agency"), read with rules/source/agencies.jsonl, so a
translation that credits another agency than its source can be told."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..rules import RuleSet
from ..rules.source import SourceAgency


@dataclass(frozen=True)
class AgencyMention:
    """Where a text names an agency, and which (the id of its rule)."""

    start: int
    end: int
    agency: SourceAgency


@functools.lru_cache(maxsize=8)
def _patterns(rules: RuleSet) -> tuple[tuple[SourceAgency, re.Pattern[str], re.Pattern[str]], ...]:
    return tuple((rule, re.compile("|".join(map(re.escape, sorted(rule.names, key=len, reverse=True)))),
                  re.compile(rule.english)) for rule in rules.get("source/agencies", SourceAgency))


def agencies(text: str, rules: RuleSet, language: str) -> list[AgencyMention]:
    """The agencies a text in `language` (zh: by their Chinese names, en: by their English ones) names, in text order."""
    found = [AgencyMention(match.start(), match.end(), rule)
             for rule, chinese, english in _patterns(rules)
             for match in (chinese if language == "zh" else english).finditer(text)]
    return sorted(found, key=lambda mention: mention.start)
