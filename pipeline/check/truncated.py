"""truncated_figure: a line of prose that stops right after a bare number, its unit and the rest lost."""

from __future__ import annotations

import re

from ..schema import Flag
from . import CheckContext, article_check
from .common import ArticleView, flag

#: A line ending on a bare number: "…at an annual rate of 3.5" (no unit, no full stop).
BARE_NUMBER_AT_END = re.compile(r"(?<=\s)(\d+(?:[.,]\d+)?)[ \t]*$", re.MULTILINE)
PROSE_WORD = re.compile(r"\b[a-z]{2,}\b")
YEAR = re.compile(r"(?:19|20)\d{2}")
NEXT_CHARACTER = re.compile(r"\s*(\S)")


def _cut_mid_sentence(text: str, line: str, end: int) -> bool:
    """The number follows a lower-case word ("a rate of 3.5", not "Day 1", "Nov. 19") and the next line
    starts a new sentence."""
    before = line.split()
    following = NEXT_CHARACTER.match(text, end)
    return bool(before) and before[-1][:1].islower() and (following is None or following.group(1).isupper())


def _said_in_full_elsewhere(text: str, line: str, match: re.Match[str]) -> bool:
    """The line's last words and number recur elsewhere with more after them: a headline's deck that
    summarises the lead ("…extend unbeaten streak to 15" above "…their unbeaten streak to 15 games."),
    not a sentence whose end was lost."""
    words = line.split()[-3:]
    if len(words) < 3:
        return False
    continued = re.compile(r"\s+".join(map(re.escape, [*words, match.group(1)])) + r" [^\W\d]")
    return continued.search(text) is not None


@article_check("truncated_figure")
def truncated_figure(article: ArticleView, context: CheckContext) -> list[Flag]:
    """Lines long enough to be sentences that end on a number with no unit and no punctuation."""
    text = article.text
    shortest = int(context.lexicon.threshold("truncated_figure.min_words"))
    found = []
    for match in BARE_NUMBER_AT_END.finditer(text):
        line = text[article.line(match.start())[0]:match.start()]
        if len(PROSE_WORD.findall(line)) < shortest or line.rstrip().endswith((":", "-", "–", "—", "#")):
            continue
        if YEAR.fullmatch(match.group(1)) or not _cut_mid_sentence(text, line, match.end()):
            continue
        if _said_in_full_elsewhere(text, line, match):
            continue
        span = match.span(1)
        refs = article.refs_in(span)
        found.append(flag(
            "truncated_figure", "warning",
            f"This line stops right after the number “{match.group(1)}”, with no unit and no full stop: the "
            f"unit (%, million, …) and the rest of the sentence were probably lost, so the figure cannot be read.",
            [span], refs,
            suggestion=f"restore the end of the sentence (e.g. “{match.group(1)}%”?) from the original",
        ))
    return found
