"""What a figure lacks for a reader to trust it: a source (unattributed_figure), a currency for an amount
of money (missing_currency), a base for a multiple (multiple_without_base). Informational: the text may
be fine, but a reviewer should know."""

from __future__ import annotations

import re

from ..schema import Flag
from . import CheckContext, article_check
from .common import ArticleView, flag

#: Where the clause after a figure ends.
CLAUSE_BREAK = re.compile(r"[,;]")


@article_check("unattributed_figure")
def unattributed_figure(article: ArticleView, context: CheckContext) -> list[Flag]:
    """Figures no source in the article stands behind: no attribution, credit line or data source."""
    return [
        flag("unattributed_figure", "info",
             f"No source is given for “{item.figure.text}”: neither the sentence nor the article says where "
             f"this figure comes from.",
             [item.span], item.refs)
        for item in article.items
        if item.claim is not None and item.claim.source is None
        and (item.figure.kind != "number" or item.figure.parts.scale_word)
    ]


@article_check("missing_currency")
def missing_currency(article: ArticleView, context: CheckContext) -> list[Flag]:
    """Money-like metrics (revenue, valuation, GMV…) stated without a currency."""
    money = context.lexicon.metric_names(money=True)
    smallest = context.lexicon.threshold("missing_currency.min_value")
    used = sorted({item.figure.currency for item in article.items if item.figure.currency})
    found = []
    for item in article.items:
        figure, claim = item.figure, item.claim
        if claim is None or (claim.metric or "").lower() not in money or figure.currency:
            continue
        if figure.kind not in ("count", "number", "money") or figure.value < smallest:
            continue
        guess = f"{context.lexicon.words(figure.value)} {used[0]}?" if len(used) == 1 else None
        found.append(flag(
            "missing_currency", "info",
            f"“{figure.text}” is an amount of {claim.metric} but names no currency"
            + (f"; the article's other amounts are in {used[0]}." if guess else
               (f"; the article uses {', '.join(used)} elsewhere." if used else ".")),
            [item.span], item.refs, suggestion=guess,
        ))
    return found


@article_check("multiple_without_base")
def multiple_without_base(article: ArticleView, context: CheckContext) -> list[Flag]:
    """A multiple stated as a level ("orders reached 38 times") with nothing it multiplies."""
    text = article.text
    found = []
    for item in article.items:
        figure = item.figure
        if figure.kind != "multiple" or not context.lexicon.level_before.search(text[max(0, figure.start - 20):figure.start]):
            continue
        start, end = article.sentence(item)
        clause_end = CLAUSE_BREAK.search(text, figure.end, end)
        clause_after = text[figure.end:clause_end.start() if clause_end else max(end, figure.end)]
        clause_before = text[max(start, text.rfind(",", start, figure.start) + 1):figure.start]
        bases = context.lexicon.change_bases
        if bases.any.search(clause_after) or bases.before.search(clause_before):
            continue
        found.append(flag(
            "multiple_without_base", "info",
            f"“{figure.text}” is a multiple with no base: the sentence does not say what it is {figure.text} of "
            f"(last year, another period, a competitor), so the figure cannot be checked.",
            [item.span], item.refs,
            suggestion=f"state the base (e.g. “{figure.text} the previous year's number”)",
        ))
    return found
