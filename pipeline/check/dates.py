"""Dates: garbled datelines, and years out of the article's own time frame.

garbled_dateline: a dateline whose day of the month machine translation read as a duration or a word
("(Comprehensive 11 days)" for 综合11日电, "Beijing 10 news" for 北京10日讯): the article's date is lost
and a reader may take "11 days" for a figure.

impossible_date: a date that no calendar has ("February 30", "31 June"): a day or a month misread, or
the two swapped.

year_out_of_frame: a reporting period whose year lies apart from every other date of the article ("the
first quarter of 2021", once, in a piece about 2023's results): a year misread or a relative time ("the
same period last year") resolved against the wrong year. A period that is a base of comparison ("up from
... in October 2015"), a deadline, a plain year ("in 1999", history) or one near the article's own date (its
publication date or dateline) is not one.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from functools import lru_cache

from ..rules.base import alternation
from ..rules.checks import GarbledDateline
from ..schema import Flag, Time
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


#: A time value that gives a year and a reporting period within it (2021-Q1, 2021-H2, 2021-03); a day
#: (2001-09-11) dates an event, which may be long ago ("the September 11, 2001 attacks").
PERIOD_OF_YEAR = re.compile(r"(?P<year>\d{4})-(?:Q[1-4]|H[12]|\d\d)")
YEAR = re.compile(r"\d{4}")


@article_check("year_out_of_frame")
def year_out_of_frame(article: ArticleView, context: CheckContext) -> list[Flag]:
    """Reporting periods of figures whose year is the article's only mention of it, two or more years
    from a frame that most of its dates share."""
    lexicon = context.lexicon
    dated = [(time, int(time.value[:4])) for time in article.record.times if time.value and YEAR.match(time.value)]
    years = Counter(year for _, year in dated)
    if not years:
        return []
    frame = max(years, key=lambda year: (years[year], year))
    in_frame = sorted(year for year in years if abs(year - frame) <= 1)
    count = sum(years[year] for year in in_frame)
    if count < lexicon.threshold("year_out_of_frame.min_in_frame") \
            or count < lexicon.threshold("year_out_of_frame.min_share") * len(dated):
        return []
    periods = {claim.time for claim in article.record.claims if claim.time}
    distance = lexicon.threshold("year_out_of_frame.min_distance")
    comparison = _comparison(tuple(lexicon.phrases.get("year_out_of_frame.comparison", ())))
    return [
        _out_of_frame(time, year, in_frame, article)
        for time, year in dated
        if time.id in periods and time.role is None and years[year] == 1 and abs(year - frame) >= distance
        and not _near_the_article_date(year, article, distance) and PERIOD_OF_YEAR.fullmatch(time.value or "")
        and not _compared(time, article, comparison, int(lexicon.threshold("year_out_of_frame.window")))
    ]


def _near_the_article_date(year: int, article: ArticleView, distance: float) -> bool:
    """Whether the year is close to the date the article itself carries (its publication date or dateline):
    "May of this year" on a page published in 2019 is 2019, however old the other dates it mentions."""
    dated = article.record.article
    return dated.reference_source in ("published", "dateline") and dated.reference_year is not None \
        and abs(year - dated.reference_year) < distance


@lru_cache(maxsize=8)
def _comparison(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """A comparison phrase ("compared with", "than"), built once per rule set rather than per article."""
    return re.compile(rf"(?<![\w-])(?:{alternation(phrases, any_spaces=True)})(?![\w-])", re.IGNORECASE)


def _compared(time: Time, article: ArticleView, comparison: re.Pattern[str], window: int) -> bool:
    """Whether a comparison word stands before the period in its sentence: a base, which may be long ago."""
    start = max(article.index.sentence(time.start)[0], time.start - window)
    return comparison.search(article.text, start, time.start) is not None


def _out_of_frame(time: Time, year: int, in_frame: list[int], article: ArticleView) -> Flag:
    frame = f"{in_frame[0]}" if len(in_frame) == 1 else f"{in_frame[0]}–{in_frame[-1]}"
    closest = min(in_frame, key=lambda other: (abs(other - year), -other))
    return flag(
        "year_out_of_frame", "warning",
        f"“{time.text}” is the article's only mention of {year}, and a figure is reported for it, but every "
        f"other date of the article falls in {frame}: a misread year, or a relative time (\"the same period last "
        f"year\") resolved against the wrong year.",
        [(time.start, time.end)], [time.id, *article.refs_in(article.index.sentence(time.start))],
        suggestion=f"{time.text.replace(str(year), str(closest))}?",
    )


#: A time value that names a day: 2023-02-30, or XXXX-02-30 when the text gives no year.
DAY_VALUE = re.compile(r"(?P<year>\d{4}|XXXX)-(?P<month>\d\d)-(?P<day>\d\d)")
#: A leap year, for a day whose year the text does not give (29 February may then be right).
ANY_LEAP_YEAR = 2000


@article_check("impossible_date")
def impossible_date(article: ArticleView, context: CheckContext) -> list[Flag]:
    """Each date whose day is past the end of its month (or whose month is past December)."""
    found = []
    for time in article.record.times:
        match = DAY_VALUE.fullmatch(time.value or "")
        if match is None:
            continue
        year = ANY_LEAP_YEAR if match.group("year") == "XXXX" else int(match.group("year"))
        month, day = int(match.group("month")), int(match.group("day"))
        if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]:
            continue
        found.append(flag(
            "impossible_date", "warning",
            f"“{time.text}” is a date no calendar has" + (
                f": {calendar.month_name[month]} has {calendar.monthrange(year, month)[1]} days" if 1 <= month <= 12
                else "") + "; a day or a month was misread, or the two swapped, and the event's date is unknown.",
            [(time.start, time.end)], [time.id, *article.refs_in((time.start, time.end))],
            suggestion="the date in the original",
        ))
    return found
