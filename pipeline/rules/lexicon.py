"""The lexicon: every word list and phrase pattern the link stage and the checks read, built once per rule set.

Rule files hold words one per line; link and the checks need them as sets and compiled patterns.
`lexicon_for(rules)` builds them once per `RuleSet` (cached by its sha256) and hands the same
`Lexicon` to both stages, so neither builds or caches its own and `link` needs nothing from `check`.
A `Lexicon` holds only plain data and compiled patterns: it pickles, and is cheap to rebuild.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from . import RuleSet
from .checks import ExchangeRate, Hedge, Metric, RedactionMark, Threshold, TrendWord

Trend = str  # "growth", "stagnation" or "decline" (rules/checks/trend_words)


def phrase_regex(phrases: Iterable[str]) -> re.Pattern[str]:
    """One case-insensitive regex matching any of `phrases` as whole words, longest first; a space in a
    phrase matches any run of spaces."""
    ordered = sorted(set(phrases), key=lambda phrase: (-len(phrase), phrase))
    alternatives = "|".join(re.escape(phrase).replace(r"\ ", r"\s+") for phrase in ordered) or "(?!)"
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class Lexicon:
    """What link and the checks look up, from one rule set (`sha256`)."""

    sha256: str
    thresholds: dict[str, float]
    metrics: tuple[Metric, ...]
    #: (phrase, canonical name) for every metric name and synonym, longest phrase first.
    metric_phrases: tuple[tuple[str, str], ...]
    hedge: re.Pattern[str]
    trend_words: dict[Trend, tuple[str, ...]]
    growth: re.Pattern[str]
    decline: re.Pattern[str]
    stagnation: re.Pattern[str]
    #: A growth or a decline word: the text states a change.
    change: re.Pattern[str]
    usd_rates: dict[str, float]
    redaction_marks: tuple[re.Pattern[str], ...]

    def threshold(self, name: str) -> float:
        """The value of the threshold `name` from rules/checks/thresholds.jsonl."""
        if name not in self.thresholds:
            raise KeyError(f"no threshold named {name!r} in checks/thresholds")
        return self.thresholds[name]

    def metric_names(self, *, money: bool = False, people: bool = False) -> frozenset[str]:
        """Lower-case names of the known metrics (only money or people counts when asked)."""
        return frozenset(metric.name.lower() for metric in self.metrics
                         if (not money or metric.money) and (not people or metric.people))


_BUILT: dict[str, Lexicon] = {}


def lexicon_for(rules: RuleSet) -> Lexicon:
    """The lexicon of `rules`, built on first use and kept per rule-set hash."""
    found = _BUILT.get(rules.sha256)
    if found is None:
        found = _BUILT[rules.sha256] = build_lexicon(rules)
    return found


def build_lexicon(rules: RuleSet) -> Lexicon:
    metrics = tuple(rules.get("checks/metrics", Metric))
    trend_words: dict[Trend, list[str]] = {}
    for rule in rules.get("checks/trend_words", TrendWord):
        trend_words.setdefault(rule.trend, []).append(rule.word)
    words = {trend: tuple(found) for trend, found in trend_words.items()}
    return Lexicon(
        sha256=rules.sha256,
        thresholds={rule.name: rule.value for rule in rules.get("checks/thresholds", Threshold)},
        metrics=metrics,
        metric_phrases=_metric_phrases(metrics),
        hedge=_hedge_regex([rule.phrase for rule in rules.get("checks/hedges", Hedge)]),
        trend_words=words,
        growth=phrase_regex(words.get("growth", ())),
        decline=phrase_regex(words.get("decline", ())),
        stagnation=phrase_regex(words.get("stagnation", ())),
        change=phrase_regex([*words.get("growth", ()), *words.get("decline", ())]),
        usd_rates={rule.currency: rule.usd for rule in rules.get("checks/exchange_rates", ExchangeRate)},
        redaction_marks=tuple(re.compile(rule.pattern) for rule in rules.get("checks/redaction_marks", RedactionMark)),
    )


def _metric_phrases(metrics: Iterable[Metric]) -> tuple[tuple[str, str], ...]:
    pairs = [(phrase, metric.name) for metric in metrics for phrase in (metric.name, *metric.synonyms)]
    return tuple(sorted(pairs, key=lambda pair: len(pair[0]), reverse=True))


def _hedge_regex(phrases: list[str]) -> re.Pattern[str]:
    """Hedges as written in lower case, or capitalised at a sentence start ("It can be inferred"), never
    "May" the month."""
    forms = set(phrases) | {phrase[:1].upper() + phrase[1:] for phrase in phrases if " " in phrase}
    alternatives = "|".join(re.escape(form) for form in sorted(forms, key=lambda form: (-len(form), form))) or "(?!)"
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")
