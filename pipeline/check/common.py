"""What several checks share: rule look-ups, figure/claim look-ups, number wording, sentence bounds."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from ..rules import RuleSet
from ..rules.checks import ExchangeRate, Hedge, Metric, RedactionMark, Threshold, TrendWord
from ..schema import ArticleRecord, Claim, Figure, Flag, Severity, Span

T = TypeVar("T")

SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand"))
SENTENCE_END = re.compile(r"(?<=[.!?。])[\"'”’)]?\s+(?=[\"'“‘(]?[A-Z0-9])|\n+")


def threshold(rules: RuleSet, name: str) -> float:
    """The value of the threshold `name` from rules/checks/thresholds.jsonl."""
    values = _thresholds(rules)
    if name not in values:
        raise KeyError(f"no threshold named {name!r} in checks/thresholds")
    return values[name]


def _thresholds(rules: RuleSet) -> dict[str, float]:
    return _cached(rules, "thresholds", lambda: {rule.name: rule.value for rule in rules.get("checks/thresholds", Threshold)})


def hedges(rules: RuleSet) -> list[str]:
    return _cached(rules, "hedges", lambda: [rule.phrase for rule in rules.get("checks/hedges", Hedge)])


def trend_words(rules: RuleSet, trend: str) -> list[str]:
    return _cached(rules, f"trend:{trend}",
                   lambda: [rule.word for rule in rules.get("checks/trend_words", TrendWord) if rule.trend == trend])


def metrics(rules: RuleSet) -> list[Metric]:
    return rules.get("checks/metrics", Metric)


def money_metrics(rules: RuleSet) -> set[str]:
    return _cached(rules, "money", lambda: {rule.name for rule in metrics(rules) if rule.money})


def usd_rates(rules: RuleSet) -> dict[str, float]:
    return _cached(rules, "rates", lambda: {rule.currency: rule.usd for rule in rules.get("checks/exchange_rates", ExchangeRate)})


def redaction_patterns(rules: RuleSet) -> list[re.Pattern[str]]:
    return _cached(rules, "redaction",
                   lambda: [re.compile(rule.pattern) for rule in rules.get("checks/redaction_marks", RedactionMark)])


_CACHE: dict[tuple[str, str], object] = {}


def _cached(rules: RuleSet, key: str, build: Callable[[], T]) -> T:
    """Word lists are rebuilt once per rule set, not once per article."""
    slot = (rules.sha256, key)
    if slot not in _CACHE:
        _CACHE[slot] = build()
    return _CACHE[slot]  # type: ignore[return-value]


def phrase_regex(phrases: list[str]) -> re.Pattern[str]:
    """One case-insensitive regex matching any of `phrases` as whole words, longest first."""
    return _phrase_regex(tuple(sorted(set(phrases), key=len, reverse=True)))


@functools.lru_cache(maxsize=64)
def _phrase_regex(phrases: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(phrase).replace(r"\ ", r"\s+") for phrase in phrases) or "(?!)"
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def words(value: float) -> str:
    """A value in standard English wording: 2600000000 → "2.6 billion", 140000000 → "140 million"."""
    magnitude = abs(value)
    for factor, word in SCALES[:-1]:
        if magnitude >= factor:
            return f"{_plain(value / factor)} {word}"
    return _plain(value)


def _plain(number: float) -> str:
    text = f"{number:,.4f}".rstrip("0").rstrip(".")
    return text or "0"


def sentence_span(text: str, offset: int) -> Span:
    """Bounds of the sentence (or line) of `text` around `offset`, found without a parser."""
    start = 0
    for match in SENTENCE_END.finditer(text, 0, offset):
        start = match.end()
    following = SENTENCE_END.search(text, offset)
    return start, following.start() if following else len(text)


def paragraph_span(text: str, offset: int) -> Span:
    """Bounds of the line of `text` around `offset`."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, end if end != -1 else len(text)


@dataclass(frozen=True)
class Item:
    """A figure with its claim (when linked): what most checks iterate over."""

    figure: Figure
    claim: Claim | None

    @property
    def refs(self) -> list[str]:
        return [self.figure.id] + ([self.claim.id] if self.claim else [])

    @property
    def span(self) -> Span:
        return self.figure.start, self.figure.end


def items(record: ArticleRecord) -> list[Item]:
    """Every figure of the record with its claim, in text order."""
    claims = {claim.figure: claim for claim in record.claims}
    figures = sorted(record.figures, key=lambda figure: figure.start)
    return [Item(figure, claims.get(figure.id)) for figure in figures]


def names_by_id(record: ArticleRecord) -> dict[str, str]:
    """Entity, time and source ids to what a reader recognises: name, ISO value or text."""
    found = {entity.id: entity.name for entity in record.entities}
    found.update({time.id: time.value or time.text for time in record.times})
    found.update({source.id: source.name or source.text for source in record.sources})
    return found


def flag(kind: str, severity: Severity, message: str, spans: list[Span], refs: list[str],
         suggestion: str | None = None, **extra: object) -> Flag:
    """A flag numbered later by `number_flags`; spans sorted and deduplicated."""
    unique = sorted({(int(start), int(end)) for start, end in spans})
    return Flag(id="x0", kind=kind, severity=severity, message=message, spans=unique,
                refs=list(dict.fromkeys(refs)), suggestion=suggestion, **extra)


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]
