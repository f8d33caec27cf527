"""Changes by a fraction as a text says them (增加近半, "half as many"), read with
rules/source/change_relations.jsonl, and the direction a change word gives a figure (增长5%: up; rules/source/change_words.jsonl),
so a translation that turns a change around can be told."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..rules import RuleSet
from ..rules.source import SourceChangeRelation, SourceChangeWord


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


@dataclass(frozen=True)
class FigureChange:
    """The direction a text gives a figure (增长5%: up; "a 5% drop": down) and where the word that gives it is."""

    start: int
    end: int
    direction: str


@functools.lru_cache(maxsize=8)
def _change_words(rules: RuleSet, language: str) -> tuple[tuple[SourceChangeWord, re.Pattern[str]], ...]:
    return tuple((rule, _anchored(rule.before, "{}$") if rule.before else _anchored(rule.after or "", "^{}"))
                 for rule in rules.get("source/change_words", SourceChangeWord) if rule.language == language)


def _anchored(pattern: str, form: str) -> re.Pattern[str]:
    """`pattern` inside `form` ("{}$"), its leading inline flags ("(?i)") kept in front."""
    flags = re.match(r"\(\?[aiLmsux]+\)", pattern)
    head = flags.group() if flags else ""
    return re.compile(head + form.format(f"(?:{pattern[len(head):]})"))


#: How far before or after a figure its change word is looked for, in characters.
CHANGE_REACH = 60


def figure_change(text: str, start: int, end: int, rules: RuleSet, language: str) -> FigureChange | None:
    """The change the words right before or after text[start:end] give the figure there, or None."""
    before, after = text[max(0, start - CHANGE_REACH):start], text[end:end + CHANGE_REACH]
    for rule, pattern in _change_words(rules, language):
        if rule.before is not None and (match := pattern.search(before)) is not None:
            return FigureChange(start - len(before) + match.start(), start, rule.direction)
        if rule.after is not None and (match := pattern.match(after)) is not None:
            return FigureChange(end, end + match.end(), rule.direction)
    return None
