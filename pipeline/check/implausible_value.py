"""implausible_value: an amount that cannot be right for what it is ("a market watchdog fined the company
20 yuan", "the province's GDP of 3 million yuan"): the 万 (10,000) of a Chinese amount dropped in
translation, or a total read as a rate. Bounds per metric and per kind of actor are rules
(rules/checks/value_bounds)."""

from __future__ import annotations

import re
from functools import lru_cache

from ..rules.checks import ValueBound
from ..schema import Flag
from . import CheckContext, article_check
from .common import ArticleView, Item, flag

#: How far before a figure the words naming what it is may start.
WINDOW = 40


@article_check("implausible_value")
def implausible_value(article: ArticleView, context: CheckContext) -> list[Flag]:
    """Amounts too small for what they are, and a rate per day equal to a period's total."""
    return [*_below_bounds(article, context), *_rates_equal_to_totals(article, context)]


def _below_bounds(article: ArticleView, context: CheckContext) -> list[Flag]:
    """Money figures named by a bound's words right before them ("fined", "GDP of"), with the bound's
    actor named in the sentence when the bound asks for one, below the bound's least plausible amount."""
    rates = context.lexicon.usd_rates
    bounds = [(bound, _ending(tuple(bound.before)), _anywhere(tuple(bound.actor)))
              for bound in context.rules.get("checks/value_bounds", ValueBound)]
    text = article.text
    found = []
    for item in article.items:
        figure = item.figure
        if figure.kind != "money" or figure.currency not in rates or figure.range \
                or figure.qualifier in ("less_than", "at_most", "up_to"):
            continue
        usd = figure.value * rates[figure.currency]
        start, end = article.sentence(item)
        before = text[max(start, figure.start - WINDOW):figure.start]
        for bound, named, actor in bounds:
            if usd >= bound.min_usd or not named.search(before):
                continue
            if actor is not None and not actor.search(text, start, end):
                continue
            found.append(_too_small(item, bound, context))
            break
    return found


@lru_cache(maxsize=64)  # built once per rule set, not per article (as the others below)
def _ending(phrases: tuple[str, ...]) -> re.Pattern[str]:
    words = "|".join(re.escape(phrase).replace(r"\ ", r"\s+") for phrase in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{words or '(?!)'})\s*$", re.IGNORECASE)


@lru_cache(maxsize=64)
def _anywhere(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    words = "|".join(re.escape(phrase).replace(r"\ ", r"\s+") for phrase in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{words})(?![\w-])", re.IGNORECASE)


def _too_small(item: Item, bound: ValueBound, context: CheckContext) -> Flag:
    figure = item.figure
    lexicon = context.lexicon
    return flag(
        "implausible_value", "warning",
        f"“{figure.text}” is too small for {bound.what} (less than about "
        f"{lexicon.words(bound.min_usd)} US dollars): a Chinese amount in 万 (10,000) probably lost its unit "
        f"in translation.",
        [item.span], item.refs,
        suggestion=f"{lexicon.words(figure.value * 10_000)} {figure.currency}? (if 万 was dropped)",
    )


def _rates_equal_to_totals(article: ArticleView, context: CheckContext) -> list[Flag]:
    """"1.2 million orders a day" and, for the quarter, "1.2 million orders": a figure marked as a rate per
    day (rules/checks/implausible_value `per_day`, right beside it) with the same value as one in a
    sentence about a longer period (`period`) that names no daily rate: one of them read a total as a
    rate or the reverse."""
    text = article.text
    per_day = _after_or_before(context.lexicon.phrases.get("implausible_value.per_day", ()))
    period = _anywhere(tuple(context.lexicon.phrases.get("implausible_value.period", ())))
    smallest = context.lexicon.threshold("implausible_value.min_equal_value")
    rates: dict[tuple[float, str, str | None], Item] = {}
    totals: dict[tuple[float, str, str | None], Item] = {}
    for item in article.items:
        figure = item.figure
        if figure.kind not in ("count", "money", "quantity", "number") or figure.value < smallest or figure.range:
            continue
        key = (figure.value, str(figure.kind), figure.currency)
        if _marked(per_day, text[max(0, figure.start - 30):figure.start], text[figure.end:figure.end + 30]):
            rates.setdefault(key, item)
            continue
        sentence = article.sentence(item)
        if period is not None and period.search(text, *sentence) and not per_day[2].search(text, *sentence):
            totals.setdefault(key, item)
    found = []
    for fact, rate in rates.items():
        total = totals.get(fact)
        if total is not None:
            found.append(flag(
                "implausible_value", "warning",
                f"“{rate.figure.text}” is given as a rate per day and “{total.figure.text}” as the total of a "
                f"longer period, with the same value: a period's total cannot equal one day's. One of them "
                f"probably read a total as a daily figure or the reverse.",
                [rate.span, total.span], [*rate.refs, *total.refs],
                suggestion="check which figure is the daily one",
            ))
    return found


@lru_cache(maxsize=8)
def _after_or_before(phrases: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Patterns for a marker right after a figure ("a day"), right before it ("daily"), and anywhere."""
    words = "|".join(re.escape(phrase).replace(r"\ ", r"\s+") for phrase in sorted(phrases, key=len, reverse=True))
    words = words or "(?!)"
    return (re.compile(rf"^\s*(?:\w+\s+)?(?:{words})(?![\w-])", re.IGNORECASE),
            re.compile(rf"(?<![\w-])(?:{words})\s+(?:\w+\s+)?(?:of\s+)?$", re.IGNORECASE),
            re.compile(rf"(?<![\w-])(?:{words})(?![\w-])", re.IGNORECASE))


def _marked(patterns: tuple[re.Pattern[str], ...], before: str, after: str) -> bool:
    return bool(patterns[0].search(after) or patterns[1].search(before))
