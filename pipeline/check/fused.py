"""fused_number: a year glued to a number or a word, or a figure torn around a year.

"a goal of 1 in 2023400 million" and "a daily active user of 1 in 2023The goal of 400 million" are what
machine translation makes of "2023年1.4亿的目标": the year moved into the figure and tore it in two.
"""

from __future__ import annotations

import re

from ..rules.figures import Garble
from ..rules.lexicon import Lexicon
from ..schema import Figure, Flag
from ..spans import overlaps
from . import CheckContext, article_check
from .common import ArticleView, Item, flag, sentence_span

YEAR = r"(?:19|20)\d{2}"
#: "2024.fieldResignation": a year glued to a stray word and the next sentence.
YEAR_GLUED_TO_WORD = re.compile(rf"(?<![\d.,])({YEAR})\.([a-z]+)([A-Z][a-z]+)")
YI = 1e8  # 亿: the unit whose decimal gets torn off


@article_check("fused_number")
def fused_number(article: ArticleView, context: CheckContext) -> list[Flag]:
    """Years glued into figures or words, and figures torn around a year."""
    lexicon = context.lexicon
    found: list[Flag] = []
    candidates = [*_torn_around_year(article, _stray_patterns(context), lexicon),
                  *_glued_to_number(article, lexicon), *_glued_to_word(article)]
    for candidate in candidates:
        if not any(overlaps(span, seen) for span in candidate.spans for known in found for seen in known.spans):
            found.append(candidate)
    found.extend(_from_figure_parts(article, found, lexicon))
    return found


def _stray_patterns(context: CheckContext) -> list[re.Pattern[str]]:
    """"1 in 2023The …" shapes, from the same garble rules the figures stage reads (groups `stray`, `year`)."""
    return [re.compile(rule.pattern) for rule in context.rules.get("figures/garbles", Garble)
            if rule.shape == "stray_before_year"]


def _torn_around_year(article: ArticleView, patterns: list[re.Pattern[str]], lexicon: Lexicon) -> list[Flag]:
    """A stray number, then "in YEAR" glued to the next word or digits, then the amount it was torn from."""
    text = article.text
    matches = sorted((match for pattern in patterns for match in pattern.finditer(text)), key=lambda m: m.start())
    flags = []
    for match in matches:
        stray, year = match.group("stray"), match.group("year")
        following = _next_figure(article, match.end())
        if following is None:
            continue
        figure = following.figure
        readings = [f"{figure.text} in {year}"]
        joined = _joined_reading(stray, figure.value)
        if joined is not None:
            readings.append(f"{lexicon.words(joined)} in {year} (the stray “{stray}” and “{figure.text}” read as "
                            f"one {stray}.{_yi_digits(figure.value)}亿 amount)")
        span = (match.start(), figure.end)
        flags.append(flag(
            "fused_number", "error",
            f"“{text[span[0]:span[1]]}” looks torn: a stray “{stray}” stands before the year {year}, which is "
            f"glued to the next word, and the amount comes after it. Machine translation of a Chinese "
            f"“{year}年{stray}.x亿” figure often splits it like this, so the amount is uncertain.",
            [span], [*article.refs_in(span), *following.refs],
            suggestion="; or ".join(readings),
        ))
    return flags


def _glued_to_number(article: ArticleView, lexicon: Lexicon) -> list[Flag]:
    """"2023400 million": a year glued to the digits of a scaled number."""
    text, scales = article.text, lexicon.scales.factors
    if not scales:
        return []
    names = "|".join(sorted(map(re.escape, scales), key=len, reverse=True))
    pattern = re.compile(rf"(?<![\d.,])({YEAR})(\d{{1,4}}(?:\.\d+)?)\s*({names})\b", re.IGNORECASE)
    flags = []
    for match in pattern.finditer(text):
        year, digits, scale = match.groups()
        value = float(digits) * scales[scale.lower()]
        readings = [f"{lexicon.words(value)} in {year}"]
        start = match.start()
        stray = re.search(r"(?<![\w.,])(\d{1,3})\s+in\s+$", text[max(0, start - 12):start])
        if stray:
            start -= len(stray.group())
            joined = _joined_reading(stray.group(1), value)
            if joined is not None:
                readings.append(f"{lexicon.words(joined)} in {year} "
                                f"(a {stray.group(1)}.{_yi_digits(value)}亿 amount torn by the year)")
        span = (start, match.end())
        flags.append(flag(
            "fused_number", "error",
            f"“{text[span[0]:span[1]]}” glues the year {year} to the digits of an amount, so the number reads "
            f"as {lexicon.words(float(year + digits) * scales[scale.lower()])}; a space or word was lost between them.",
            [span], article.refs_in(span),
            suggestion="; or ".join(readings),
        ))
    return flags


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


def _from_figure_parts(article: ArticleView, already: list[Flag], lexicon: Lexicon) -> list[Flag]:
    """Fused years the figures stage noticed that no text pattern above caught."""
    flags = []
    covered = [span for found in already for span in found.spans]
    for item in article.items:
        parts = item.figure.parts
        if parts.fused_year is None:
            continue
        spans = [item.span] + ([parts.evidence] if parts.evidence else [])
        if any(overlaps(span, seen) for span in spans for seen in covered):
            continue
        flags.append(flag(
            "fused_number", "error",
            f"“{item.figure.text}” has the year {parts.fused_year} glued to it; the amount was read without the "
            f"year, but the text around it is garbled.",
            spans, item.refs,
            suggestion=f"{lexicon.words(item.figure.value)} in {parts.fused_year}",
        ))
    return flags


def _next_figure(article: ArticleView, offset: int) -> Item | None:
    """The first figure after `offset` in the same sentence, skipping bare years."""
    sentence_end = sentence_span(article.text, offset)[1]
    for item in article.items:
        if offset <= item.figure.start < max(sentence_end, offset + 80) and not _is_year(item.figure):
            return item
    return None


def _is_year(figure: Figure) -> bool:
    return figure.kind == "number" and re.fullmatch(YEAR, figure.text.strip()) is not None


def _yi_digits(value: float) -> str:
    return f"{value / YI:.6f}".rstrip("0").rstrip(".").replace(".", "")


def _joined_reading(stray: str, value: float) -> float | None:
    """“1” + “400 million” read as 1.4亿 = 140 million, when the amount is a whole number of 亿 below 10."""
    in_yi = value / YI
    if not (0 < in_yi < 10) or abs(in_yi - round(in_yi, 2)) > 1e-9:
        return None
    return float(f"{stray}.{_yi_digits(value)}") * YI
