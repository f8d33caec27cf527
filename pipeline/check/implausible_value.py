"""implausible_value: an amount that cannot be right for what it is ("a market watchdog fined the company
20 yuan", "the province's GDP of 3 million yuan"): the 万 (10,000) of a Chinese amount dropped in
translation, or a total read as a rate. Bounds per metric and per kind of actor are rules
(rules/checks/value_bounds)."""

from __future__ import annotations

import re

from ..rules.checks import ValueBound
from ..schema import Flag
from . import CheckContext, article_check
from .common import ArticleView, Item, flag

#: How far before a figure the words naming what it is may start.
WINDOW = 40


@article_check("implausible_value")
def implausible_value(article: ArticleView, context: CheckContext) -> list[Flag]:
    """Money figures named by a bound's words right before them ("fined", "GDP of"), with the bound's
    actor named in the sentence when the bound asks for one, below the bound's least plausible amount."""
    rates = context.lexicon.usd_rates
    bounds = [(bound, _ending(bound.before), _anywhere(bound.actor))
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


def _ending(phrases: list[str]) -> re.Pattern[str]:
    words = "|".join(re.escape(phrase).replace(r"\ ", r"\s+") for phrase in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{words or '(?!)'})\s*$", re.IGNORECASE)


def _anywhere(phrases: list[str]) -> re.Pattern[str] | None:
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
