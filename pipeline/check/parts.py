"""parts_above_total: a total in one sentence and its breakdown in the next that add up to more ("the
death toll rose to 24,150." then "The toll was 20,665 in Turkey and more than 3,500 in Syria."): one of
the figures is wrong, or the total is out of date, and a reader cannot tell which.

The parts are the figures the link stage gave the total's metric in the very next sentence; their sum
counts a part "more than" as at least its value and lets an unqualified part be off by half a unit of
its last written digit (3,500 may be 3,450), so rounded parts never make a false sum.
"""

from __future__ import annotations

import math
from itertools import pairwise

from ..rules.lexicon import Lexicon
from ..schema import Flag, Span
from . import CheckContext, article_check
from .common import LOWER_BOUNDS, ArticleView, Item, flag

COUNTABLE = {"count", "number", "money"}


@article_check("parts_above_total")
def parts_above_total(article: ArticleView, context: CheckContext) -> list[Flag]:
    """Each total followed by a sentence whose figures of its metric add up to more than it."""
    least = int(context.lexicon.threshold("parts_above_total.min_parts"))
    sentences = _by_sentence(article)
    found = []
    for (span, items), (next_span, next_items) in pairwise(sentences):
        if article.text[span[1]:next_span[0]].strip():
            continue
        totals = [item for item in items if _usable(item)]
        if len(totals) != 1:
            continue
        total = totals[0]
        assert total.claim is not None
        parts = [item for item in next_items if item.claim and item.claim.metric == total.claim.metric]
        if len(parts) >= least and len(parts) == len(next_items) and all(_is_part_of(part, total) for part in parts):
            excess = _flag_if_above(total, parts, context.lexicon)
            if excess:
                found.append(_in_source(excess, [total, *parts], article) if article.record.source_figures else excess)
    return found


def _in_source(found: Flag, items: list[Item], article: ArticleView) -> Flag:
    """The flag as a note when the source states every one of the figures too: the contradiction is the
    original's, which the translation carried over faithfully."""
    stated = {figure.value for figure in article.record.source_figures}
    if any(item.figure.value not in stated for item in items):
        return found
    return found.model_copy(update={
        "severity": "info",
        "message": f"{found.message} The source gives the same figures: the contradiction is the original's, "
                   f"not the translation's.",
    })


def _by_sentence(article: ArticleView) -> list[tuple[Span, list[Item]]]:
    """The sentences that hold figures, each with its figures, in text order."""
    grouped: dict[Span, list[Item]] = {}
    for item in article.items:
        grouped.setdefault(article.sentence(item), []).append(item)
    return sorted(grouped.items())


def _usable(item: Item) -> bool:
    """A figure that can be a total: linked to a metric, an exact amount (no range, no bound)."""
    figure = item.figure
    return bool(item.claim and item.claim.metric and not item.claim.hedge) and figure.kind in COUNTABLE \
        and figure.range is None and figure.qualifier is None and figure.value > 0


def _is_part_of(part: Item, total: Item) -> bool:
    a, b = part.figure, total.figure
    assert part.claim is not None and total.claim is not None
    return a.kind == b.kind and a.unit == b.unit and a.currency == b.currency and a.range is None \
        and a.qualifier in (None, *LOWER_BOUNDS) and 0 < a.value < b.value and not part.claim.hedge \
        and part.claim.time in (None, total.claim.time)


def _least(item: Item) -> float:
    """The least value the figure can stand for: itself after "more than", else less half a unit of its
    last written digit."""
    figure = item.figure
    if figure.qualifier in LOWER_BOUNDS:
        return figure.value
    return figure.value - _half_unit(figure.parts.mantissa or figure.value) * (figure.parts.factor or 1.0)


def _half_unit(mantissa: float) -> float:
    """Half a unit of the last significant digit of a number as written: 20665 → 0.5, 3500 → 50, 3.5 → 0.05."""
    written = f"{mantissa:.6f}".rstrip("0")
    if not written.endswith("."):
        return 0.5 * 10 ** -len(written.split(".")[1])
    digits = written[:-1].lstrip("-")
    zeros = len(digits) - len(digits.rstrip("0")) if digits.strip("0") else 0
    return 0.5 * math.pow(10, zeros)


def _flag_if_above(total: Item, parts: list[Item], lexicon: Lexicon) -> Flag | None:
    least = sum(_least(part) for part in parts)
    if least <= total.figure.value:
        return None
    stated = lexicon.words(sum(part.figure.value for part in parts))
    bound = "at least " if any(part.figure.qualifier in LOWER_BOUNDS for part in parts) else ""
    listed = " + ".join(f"“{part.figure.text}”" for part in parts)
    metric = total.claim.metric if total.claim else "total"
    return flag(
        "parts_above_total", "warning",
        f"The sentence after “{total.figure.text}” breaks that {metric} down into {listed}, which add up to "
        f"{bound}{stated}, more than the total: one of the figures is wrong, or the total is older than its parts.",
        [total.span, *(part.span for part in parts)], [ref for item in (total, *parts) for ref in item.refs],
        suggestion=f"a total of {bound}{stated}, or parts that add up to {total.figure.text}",
    )
