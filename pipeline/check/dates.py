"""garbled_dateline: a dateline whose day of the month machine translation read as a duration or a word
("(Comprehensive 11 days)" for 综合11日电, "Beijing 10 news" for 北京10日讯): the article's date is lost
and a reader may take "11 days" for a figure."""

from __future__ import annotations

import re

from ..rules.checks import GarbledDateline
from ..schema import Flag
from . import CheckContext, article_check
from .common import ArticleView, flag


@article_check("garbled_dateline")
def garbled_dateline(article: ArticleView, context: CheckContext) -> list[Flag]:
    """Each line that is a dateline with its day garbled."""
    text = article.text
    found = []
    for rule in context.rules.get("checks/garbled_dateline", GarbledDateline):
        for match in re.finditer(rule.pattern, text):
            day = int(match.group("day"))
            words = match.group().strip()
            found.append(flag(
                "garbled_dateline", "warning",
                f"“{words}” is a dateline whose day of the month was translated as a duration or a word: the "
                f"article was filed on the {_ordinal(day)}, and “{day}” is not a figure.",
                [(match.start() + len(match.group()) - len(match.group().lstrip()), match.end())],
                article.refs_in(match.span()),
                suggestion=f"a dateline: {_compiled(words)}dated the {_ordinal(day)}",
            ))
    return found


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _compiled(words: str) -> str:
    return "(compiled report), " if words.lower().lstrip("([（").startswith("comprehensive") else ""
