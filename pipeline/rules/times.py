"""Rule models for time expressions: regexes with named parts, part-of-year words, ranges, year cues."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator

from .base import Regex, Rule, compile_regex, require_group
from .inflect import Inflection

#: Named groups a time regex may use; the resolver builds the ISO value from them.
TIME_GROUPS = {"year", "month", "day", "half", "quarter", "part", "rel", "weekday", "count", "decade", "century"}


class TimeExpression(Rule):
    """A time expression found by `regex` (case-insensitive) and resolved from its named groups.

    Groups: `year` (four digits), `month` (a month name), `day`, `half` (first/second/1/2),
    `quarter` (first…fourth/1…4), `part` (a word of `times/words` with a month: "end" → 12),
    `rel` (a word of `times/words` with a year offset: "last" → -1), `weekday` (a name of
    `times/weekdays`: the last such day up to the reference date, "said Friday"), `count` (a
    number, in digits or words, that multiplies the offsets: "three weeks ago"). Without `year` or
    `rel` the year is the reference year plus `year_offset`; `day_offset` makes the time a day
    counted from the reference date ("today" 0, "yesterday" -1), `month_offset` a month counted from
    its month ("last month" -1); with none of them the time is kept with value null ("recently").
    `prefix` goes before the value ("FY" for fiscal years). A `month` written in digits
    ("2023-02-11") is read as its number. `decade` (its first year: "the 1990s") and `century` (its
    number: "the 14th century") make the value the span of their years ("1990/1999", "1300/1399"),
    a `part` of the decade its years of `times/words` ("the early 2020s" 2020/2023).
    """

    regex: str
    year_offset: int | None = None
    day_offset: int | None = None
    month_offset: int | None = None
    #: How much of a day counted from the reference date the value keeps: "last week" is seven days
    #: back, but only its month is known ("2019-11"), as only the month is of "last month".
    precision: Literal["day", "month"] = "day"
    #: Kept with value null when the text has no reference date ("last month" in an undated text still
    #: dates its sentence's figures, to nothing known); else such a time is dropped ("said Friday").
    keep_unresolved: bool = False
    prefix: str = ""
    #: A quarter counted from an anchor ("last quarter" -1, "eight quarters earlier" -8 per `count`):
    #: `reference` counts from the reference date's quarter (in an undated text, the latest quarter the
    #: text names is the one reported); `context` from the nearest quarter named before it.
    quarter_offset: int | None = None
    #: With `context`, `year_offset` too counts from the time named before ("a year earlier": that
    #: period a year back, "2024-Q3" → "2023-Q3").
    anchor: Literal["reference", "context"] = "reference"
    #: A month without a year that a past-tense clause tells of ("by December, his symptoms worsened")
    #: takes the year of the dated month named just before it (on its line or the line before), or, with
    #: none, is the last such month up to the reference date: a month told in the past is no future one.
    narrative: bool = False
    #: A role the wording itself gives, whatever cue stands before ("year-on-year" is always a base).
    role: Literal["base"] | None = None
    #: False when the year is a fiscal year's label ("fiscal 2021"), which says nothing of the calendar
    #: year the text is written in.
    calendar: bool = True
    #: A period of play in a text that reports a game (`times/game_words`): "scored 24 points in the third
    #: quarter" is no quarter of a year, so there the time is dropped.
    game_period: bool = False
    #: The period that ends on the date the regex reads ("the quarter ended September 30, 2020" is 2020-Q3, "the
    #: six months ended June 30" the first half, "the year ended March 31, 2021" the fiscal year FY2021): the
    #: quarter or half whose last month is the `month` group's; a year ending in another month than December is a
    #: fiscal year. A date that ends no such period keeps its day.
    ending: Literal["quarter", "half", "year"] | None = None

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str) -> str:
        compile_regex(value, flags=re.IGNORECASE)
        unknown = set(re.compile(value).groupindex) - TIME_GROUPS
        if unknown:
            raise ValueError(f"unknown group(s) {sorted(unknown)}; known: {sorted(TIME_GROUPS)}")
        return value


class TimeWord(Rule):
    """A word a time regex captures: a part of the year and its month ("end" → 12, "the end of
    2022" → 2022-12; null keeps the bare year), or a relative year and its offset ("last" → -1)."""

    word: str = Field(min_length=1)
    month: int | None = Field(None, ge=1, le=12)
    year_offset: int | None = None
    #: The years of a decade the part stands for, counted from its first ("early" [0, 3]: "the early 2020s" is
    #: 2020/2023); without them the part is the whole decade.
    decade: tuple[int, int] | None = None

    @field_validator("decade")
    @classmethod
    def _within_decade(cls, value: tuple[int, int] | None) -> tuple[int, int] | None:
        if value is not None and not 0 <= value[0] <= value[1] <= 9:
            raise ValueError("decade years must be 0 <= first <= last <= 9")
        return value


class TimeRange(Rule):
    """Two times joined into one span "A/B": `before` must end right before A, `between` span A..B."""

    before: str = ""
    between: str

    @field_validator("before", "between")
    @classmethod
    def _compiles(cls, value: str) -> str:
        return compile_regex(value, flags=re.IGNORECASE)


class MonthName(Rule):
    """A month and the spellings a time regex's `month` group captures ("September", "Sept", "Sep").

    Names match case-insensitively, without a final full stop ("Sept." is "Sept").
    """

    month: int = Field(ge=1, le=12)
    names: list[str] = Field(min_length=1)


class Weekday(Rule):
    """A day of the week and its spellings ("Tuesday", "Tues."), 0 for Monday as in `date.weekday()`."""

    weekday: int = Field(ge=0, le=6)
    names: list[str] = Field(min_length=1)


class WeekdayDate(Rule):
    """What may stand between a weekday and the date it names ("on Friday (February 10)", "Saturday, Feb. 11",
    "February 10 (Friday)"): `between` (case-insensitive) must span the text between them, the weekday first
    unless `date_first`. The date is then the time; the weekday adds nothing and is dropped."""

    between: Regex
    date_first: bool = False


class Ordinal(Rule):
    """A word a time regex captures as the number of a quarter or a half: "third" → 3, "final" → 4.

    Digits ("Q3", "H1") are read as numbers and need no rule.
    """

    word: str = Field(min_length=1)
    number: int = Field(ge=1, le=4)


class ReferenceYearCue(Rule):
    """A sentence that tells the article's year when it has no date ("2023 is the 10th year").

    The regex's `year` group plus `offset` is a vote for the reference year ("With the arrival of
    2024" → 2024 - 1). A `dateline` cue is the article's own date line and outranks the others.
    """

    regex: str
    offset: int = 0
    dateline: bool = False

    @field_validator("regex")
    @classmethod
    def _has_year(cls, value: str) -> str:
        compile_regex(value, flags=re.IGNORECASE)
        return require_group(value, "year", "a reference-year cue")


class TimeCue(Rule):
    """A word that says what a time is to the figures around it.

    Right before a time: `base` makes it the base of a change, not the period reported ("down 4% from
    last year", "compared with 2022", "the steepest fall since December 1982"); `bound` makes it a
    deadline ("by 2028", "until 2030"); `between` may stand between such a cue and its time ("from
    the same period last year"). Anywhere in a sentence, `forecast` makes its years plans or
    forecasts ("projected three rate increases in 2017"). Bases, bounds and forecasts never tell the
    year an undated article reports. `future` (an auxiliary of the weekday's verb, or the word right
    before it) makes a weekday the next such day, not the last ("will testify Thursday", "next
    Tuesday"); `past`, the word right before it, the last such day even when that is six days back ("last
    Tuesday", where a bare "Tuesday" on a page dated Monday is the next day). `reckoned` (right before a
    time) makes it the time a past perfect is reckoned up to ("As of April 24, it had sold 75,723"): the
    story's own time, not a look back. `opening` (a phrase that opens its
    sentence right before a time with a comma after it) makes the time the start of what the sentence states
    ("From February 10, the price is 4,300 yuan"): a bound, not the base a base cue of the same words makes it
    elsewhere ("down 4% from last year"). With `inflect` the phrase's first word stands for its forms.
    `of_figure` joins a figure to its own time ("330,600 in 2021"): after a base cue the time is the
    base of the change ("rose from 330,600 in 2021 to 6.3 million"), and it dates that figure alone.
    """

    phrase: str = Field(min_length=1)
    role: Literal["base", "bound", "between", "forecast", "of_figure", "future", "past", "reckoned", "opening"]
    inflect: Inflection | None = None
    #: How many words may stand between the cue and its time ("the level before the pandemic in 2019").
    words: int = Field(0, ge=0, le=6)


class ModelName(Rule):
    """A word that, right after a year, makes the year part of a product's name ("the 2020 Audi e-tron",
    "a 2018 model TV"): the year names the product, it does not date the figures. A maker's name
    (`after_determiner`) counts only after a determiner ("the 2020 Ford Explorer", not "in 2020 Ford
    sold"); "model" counts anywhere."""

    name: str = Field(min_length=1)
    after_determiner: bool = True


class ModelSpec(Rule):
    """A specification (`regex`, case-insensitive) that may stand between a model year and the product's name
    (`ModelName`): "the 2019 13-inch i7 MacBook Pro", "a 2017 256GB iPhone"."""

    regex: Regex


class BaseLevel(Rule):
    """The words around a year that make it the year of a level a figure is measured against, not the figure's
    ("67% of pre-pandemic levels in 2019", "recovering to about 50% of 2019 levels"): `before` must end right
    before the time, `after` start right after it (case-insensitive; either may be empty)."""

    before: str = ""
    after: str = ""

    @field_validator("before", "after")
    @classmethod
    def _compiles(cls, value: str) -> str:
        return compile_regex(value, flags=re.IGNORECASE)


class EventAdjunct(Rule):
    """A preposition that makes an event it governs the time of its sentence ("sales rose 20% during the 2022 World
    Cup"). After any other ("surpassing the 2011 earthquake", "higher than at the 2019 Olympics") a year that names
    the event dates only figures of that event (`TimeRole` "names")."""

    word: str = Field(min_length=1)


class PeriodNoun(Rule):
    """A noun a year before it makes a period, not the name of a thing ("from spring 2020", "the 2021 season", "the
    2023 fiscal year"): such a year dates its sentence wherever the noun stands."""

    word: str = Field(min_length=1)


class GameWord(Rule):
    """A word or pattern (`regex`, case-insensitive) that marks a report of a game: "halftime", "power play",
    a score ("24-17"). A text with enough different ones reads a bare "third quarter" as a period of play
    (`TimeExpression.game_period`)."""

    regex: Regex


FILES: dict[str, type[Rule]] = {
    "times/expressions": TimeExpression,
    "times/words": TimeWord,
    "times/ranges": TimeRange,
    "times/reference_year": ReferenceYearCue,
    "times/months": MonthName,
    "times/ordinals": Ordinal,
    "times/cues": TimeCue,
    "times/weekdays": Weekday,
    "times/weekday_dates": WeekdayDate,
    "times/model_names": ModelName,
    "times/model_specs": ModelSpec,
    "times/game_words": GameWord,
    "times/base_levels": BaseLevel,
    "times/event_adjuncts": EventAdjunct,
    "times/period_nouns": PeriodNoun,
}
