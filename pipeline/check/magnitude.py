"""nonstandard_magnitude: "2600 million" and "2,6 billion", the marks of a botched 万/亿 conversion."""

from __future__ import annotations

import re

from ..rules.lexicon import Lexicon
from ..schema import Flag
from . import CheckContext, article_check
from .common import ArticleView, flag


@article_check("nonstandard_magnitude")
def nonstandard_magnitude(article: ArticleView, context: CheckContext) -> list[Flag]:
    """A scale word after a mantissa of 1000 or more, a Chinese unit translated word for word after its
    number, or a decimal comma before a scale word."""
    lexicon = context.lexicon
    limit = lexicon.threshold("nonstandard_magnitude.mantissa_min")
    text = article.text
    found = []
    for item in article.items:
        figure, parts = item.figure, item.figure.parts
        if _spelled_scale(parts.scale_word) and parts.mantissa is not None and abs(parts.mantissa) >= limit:
            found.append(_large_mantissa(item.refs, item.span, figure.text, figure.value, lexicon))
    for match in lexicon.magnitude.unit_word_for_word.finditer(text):
        found.append(_word_for_word(article.refs_in(match.span()), match, lexicon))
    for match in lexicon.scales.decimal_comma.finditer(text):
        found.append(_decimal_comma(article.refs_in(match.span()), match, lexicon))
    return found


def _spelled_scale(word: str | None) -> bool:
    """"2600 million", not "5300M": a letter glued to four digits is usually a model name (Radeon Pro 5300M)."""
    return word is not None and len(word) > 2


def _large_mantissa(refs: list[str], span: tuple[int, int], text: str, value: float, lexicon: Lexicon) -> Flag:
    as_written, shifted = lexicon.words(value), lexicon.words(value / 10)
    return flag(
        "nonstandard_magnitude", "error",
        f"“{text}” puts a scale word after a number of 1000 or more; standard English would write "
        f"{as_written}. Amounts like this usually come from converting Chinese 万 (10,000) or 亿 "
        f"(100 million) units, where one digit of shift multiplies the value by ten, so the magnitude "
        f"may be wrong as well as the wording.",
        [span], refs,
        suggestion=f"{as_written} as written; or {shifted} if a 亿 amount was multiplied by ten",
    )


def _word_for_word(refs: list[str], match: re.Match[str], lexicon: Lexicon) -> Flag:
    number, unit = match.groups()
    factor, chinese = lexicon.magnitude.units[" ".join(unit.lower().split())]
    value = float(number) * factor
    return flag(
        "nonstandard_magnitude", "error",
        f"“{match.group()}” puts the Chinese unit {chinese} (“{unit}”) after the number it multiplies, "
        f"word for word: in English the amount is {number} × {unit}.",
        [match.span()], refs,
        suggestion=f"{lexicon.words(value)}",
    )


def _decimal_comma(refs: list[str], match: re.Match[str], lexicon: Lexicon) -> Flag:
    whole, decimals, scale = match.groups()
    value = float(f"{whole}.{decimals}") * lexicon.scales.factors[scale.lower()]
    return flag(
        "nonstandard_magnitude", "warning",
        f"“{match.group()}” mixes separators: a comma with fewer than three digits after it is a decimal "
        f"comma (continental or machine-translated style), not a thousands separator, so English readers "
        f"may misread the amount.",
        [match.span()], refs,
        suggestion=f"{lexicon.words(value)} (decimal point instead of comma)",
    )
