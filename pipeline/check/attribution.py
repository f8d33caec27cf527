"""What a figure lacks for a reader to trust it: a source (unattributed_figure), a currency for an amount
of money (missing_currency), a base for a multiple (multiple_without_base). Informational: the text may
be fine, but a reviewer should know."""

from __future__ import annotations

import re

from ..schema import Flag, Source
from . import CheckContext, article_check
from .common import ArticleView, Item, flag

#: Where the clause after a figure ends.
CLAUSE_BREAK = re.compile(r"[,;]")


@article_check("unattributed_figure")
def unattributed_figure(article: ArticleView, context: CheckContext) -> list[Flag]:
    """One note per article listing the figures no source stands behind. A source named once covers the
    figures that follow it (an outlet, a report or a speaker named in the lead speaks for the piece), a
    credit line the block it covers; what is left before any source is listed, when there is enough of
    it to matter."""
    fewest = context.lexicon.threshold("unattributed_figure.min_figures")
    shown = int(context.lexicon.threshold("unattributed_figure.max_listed"))
    left = [item for item in article.items
            if item.claim is not None and item.claim.source is None
            and (item.figure.kind != "number" or item.figure.parts.scale_word)
            and not _covered(item, article.record.sources)]
    if not left or len(left) < fewest:
        return []
    names = ", ".join(f"“{item.figure.text}”" for item in left[:shown]) + (
        f" and {len(left) - shown} more" if len(left) > shown else "")
    return [flag("unattributed_figure", "info",
                 f"No source is given for {names}: the article names no source before "
                 f"{'this figure' if len(left) == 1 else 'these figures'} and their sentences attribute "
                 f"them to no one.",
                 [item.span for item in left], [ref for item in left for ref in item.refs])]


def _covered(item: Item, sources: list[Source]) -> bool:
    """Whether a source of the article stands behind the figure: one named before it, or a credit line
    whose block holds it."""
    for source in sources:
        if source.kind == "byline":
            continue
        if source.covers is not None and source.covers[0] <= item.start < source.covers[1]:
            return True
        if source.start < item.start:
            return True
    return False


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
    for item, written_end in _with_range_ends(article.items):
        figure = item.figure
        if figure.kind != "multiple" or not context.lexicon.level_before.search(text[max(0, figure.start - 20):figure.start]):
            continue
        start, end = article.sentence(item)
        clause_end = CLAUSE_BREAK.search(text, written_end, end)
        clause_after = text[written_end:clause_end.start() if clause_end else max(end, written_end)]
        clause_before = text[max(start, text.rfind(",", start, figure.start) + 1):figure.start]
        bases = context.lexicon.change_bases
        if (bases.any.search(clause_after) or bases.before.search(clause_before)
                or context.lexicon.base_after_multiple.match(clause_after)):
            continue
        found.append(flag(
            "multiple_without_base", "info",
            f"“{figure.text}” is a multiple with no base: the sentence does not say what it is {figure.text} of "
            f"(last year, another period, a competitor), so the figure cannot be checked.",
            [item.span], item.refs,
            suggestion=f"state the base (e.g. “{figure.text} the previous year's number”)",
        ))
    return found


def _with_range_ends(items: list[Item]) -> list[tuple[Item, int]]:
    """Each figure with where its written form ends; a range ("1-2x as fast as …") is one figure at its
    low end that ends where its high end does, so the words after the range are what follows it."""
    ends: list[tuple[Item, int]] = []
    for index, item in enumerate(items):
        if ends and item.figure.range is not None and ends[-1][1] == item.end and _same_range(items[index - 1], item):
            continue
        high = items[index + 1] if index + 1 < len(items) else None
        joined = high is not None and _same_range(item, high) and high.start - item.end <= 3
        ends.append((item, high.end if joined and high is not None else item.end))
    return ends


def _same_range(low: Item, high: Item) -> bool:
    return low.figure.range is not None and low.figure.range == high.figure.range
