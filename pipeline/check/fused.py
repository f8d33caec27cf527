"""fused_number: a year glued to a number or a word, or a figure torn around a year.

"a goal of 1 in 2023400 million" and "a daily active user of 1 in 2023The goal of 400 million" are what
machine translation makes of "2023年1.4亿的目标": the year moved into the figure and tore it in two.
The figures stage finds these (`parts.fused_year`, with the garbled text as `parts.evidence`); this
check says what they mean and offers the readings, it does not look for them again.
"""

from __future__ import annotations

import re

from ..rules.figures import Garble
from ..rules.lexicon import Lexicon
from ..schema import Flag, Span
from ..spans import SpanSet
from . import CheckContext, article_check
from .common import ArticleView, Item, flag

#: "2024.fieldResignation": a year glued to a stray word and the next sentence (no figure involved).
YEAR_GLUED_TO_WORD = re.compile(r"(?=[12])(?<![\d.,])((?:19|20)\d{2})\.([a-z]+)([A-Z][a-z]+)")
YI = 1e8  # 亿: the unit whose decimal gets torn off


@article_check("fused_number")
def fused_number(article: ArticleView, context: CheckContext) -> list[Flag]:
    """Figures the figures stage found fused with a year, and years glued to words."""
    strays = _stray_patterns(context)
    candidates = [_fused_figure(article, item, strays, context.lexicon)
                  for item in article.items if item.figure.parts.fused_year is not None]
    taken = SpanSet()
    return [candidate for candidate in [*candidates, *_glued_to_word(article)] if taken.add(_cover(candidate.spans))]


def _cover(spans: list[Span]) -> Span:
    return min(start for start, _ in spans), max(end for _, end in spans)


def _stray_patterns(context: CheckContext) -> list[re.Pattern[str]]:
    """"1 in 2023The …" shapes, the garble rules the figures stage found them with (groups `stray`, `year`)."""
    return [re.compile(rule.pattern) for rule in context.rules.get("figures/garbles", Garble)
            if rule.shape == "stray_before_year"]


def _fused_figure(article: ArticleView, item: Item, strays: list[re.Pattern[str]], lexicon: Lexicon) -> Flag:
    """The flag for a figure with a fused year: torn around the year, the year glued to its digits, or
    (a shape neither) the year noticed around it."""
    figure, year = item.figure, item.figure.parts.fused_year
    evidence = figure.parts.evidence or item.span
    text = article.text
    if evidence[0] + 4 == figure.start and text[evidence[0]:figure.start] == str(year):
        return _glued_to_number(article, item, evidence, lexicon)
    torn = next((match for pattern in strays if (match := pattern.match(text, evidence[0]))), None)
    if torn is not None and torn.group("year") == str(year):
        return _torn_around_year(article, item, torn, lexicon)
    spans = [item.span] + ([figure.parts.evidence] if figure.parts.evidence else [])
    return flag(
        "fused_number", "error",
        f"“{figure.text}” has the year {year} glued to it; the amount was read without the "
        f"year, but the text around it is garbled.",
        spans, item.refs,
        suggestion=f"{lexicon.words(figure.value)} in {year}",
    )


def _torn_around_year(article: ArticleView, item: Item, torn: re.Match[str], lexicon: Lexicon) -> Flag:
    """A stray number, then "in YEAR" glued to the next word or digits, then the amount it was torn from."""
    figure, text = item.figure, article.text
    stray, year = torn.group("stray"), torn.group("year")
    readings = [f"{figure.text} in {year}"]
    joined = _joined_reading(stray, figure.value)
    if joined is not None:
        readings.append(f"{lexicon.words(joined)} in {year} (the stray “{stray}” and “{figure.text}” read as "
                        f"one {stray}.{_yi_digits(figure.value)}亿 amount)")
    span = (torn.start(), figure.end)
    return flag(
        "fused_number", "error",
        f"“{text[span[0]:span[1]]}” looks torn: a stray “{stray}” stands before the year {year}, which is "
        f"glued to the next word, and the amount comes after it. Machine translation of a Chinese "
        f"“{year}年{stray}.x亿” figure often splits it like this, so the amount is uncertain.",
        [span], [*article.refs_in(span), *item.refs],
        suggestion="; or ".join(readings),
    )


def _glued_to_number(article: ArticleView, item: Item, evidence: Span, lexicon: Lexicon) -> Flag:
    """"2023400 million": a year glued to the digits of a scaled number."""
    parts, year = item.figure.parts, item.figure.parts.fused_year
    mantissa, factor = parts.mantissa or 0.0, parts.factor or 1.0
    as_glued = float(f"{year}{mantissa:.12g}") * factor
    return flag(
        "fused_number", "error",
        f"“{article.text[evidence[0]:evidence[1]]}” glues the year {year} to the digits of an amount, so the "
        f"number reads as {lexicon.words(as_glued)}; a space or word was lost between them.",
        [evidence], article.refs_in(evidence),
        suggestion=f"{lexicon.words(mantissa * factor)} in {year}",
    )


def _glued_to_word(article: ArticleView) -> list[Flag]:
    flags = []
    for match in YEAR_GLUED_TO_WORD.finditer(article.text):
        year, word, following = match.groups()
        flags.append(flag(
            "fused_number", "warning",
            f"“{match.group()}” glues the year {year} to a stray “{word}” and to the next word “{following}”: "
            f"spaces were lost in extraction or translation, and words may be missing.",
            [match.span()], article.refs_in(match.span()),
            suggestion=f"{year}. {following} (check the original for “{word}”)",
        ))
    return flags


def _yi_digits(value: float) -> str:
    return f"{value / YI:.6f}".rstrip("0").rstrip(".").replace(".", "")


def _joined_reading(stray: str, value: float) -> float | None:
    """“1” + “400 million” read as 1.4亿 = 140 million, when the amount is a whole number of 亿 below 10."""
    in_yi = value / YI
    if not (0 < in_yi < 10) or abs(in_yi - round(in_yi, 2)) > 1e-9:
        return None
    return float(f"{stray}.{_yi_digits(value)}") * YI
