"""Rule models for the link stage and the checks: thresholds, word lists, metric vocabulary, exchange rates."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Regex, Rule


class Threshold(Rule):
    """A number a check compares against, named by the check that reads it (`name`)."""

    name: str
    value: float


class Hedge(Rule):
    """A phrase that makes a claim tentative ("may", "is expected to", "according to insiders")."""

    phrase: str


class TrendWord(Rule):
    """A word that tells which way a metric moves: growth ("jumped"), stagnation ("stagnating"), decline."""

    word: str
    trend: Literal["growth", "stagnation", "decline"]


class Metric(Rule):
    """A metric's normalised name, the phrases that name it, and whether it is an amount of money."""

    name: str
    synonyms: list[str] = Field(default_factory=list)
    money: bool = False
    people: bool = Field(False, description="counts people (users, customers): cannot exceed the world's population")


class ExchangeRate(Rule):
    """Roughly how many US dollars one unit of `currency` buys: enough to spot a conversion off by ×10."""

    currency: str = Field(pattern=r"^[A-Z]{3}$")
    usd: float = Field(gt=0)


class RedactionMark(Rule):
    """A regex for a redaction or placeholder mark left in the text ("the ** project")."""

    pattern: Regex


FILES: dict[str, type[Rule]] = {
    "checks/thresholds": Threshold,
    "checks/hedges": Hedge,
    "checks/trend_words": TrendWord,
    "checks/metrics": Metric,
    "checks/exchange_rates": ExchangeRate,
    "checks/redaction_marks": RedactionMark,
}
