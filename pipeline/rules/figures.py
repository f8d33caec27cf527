"""Rule models for the figures component (numbers, scales, currencies, units, qualifiers)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from ..schema import FigureKind, Qualifier
from .base import Regex, Rule
from .inflect import Inflection


class NumberWord(Rule):
    """A number written as a word: "seven" (unit), "twenty" (tens), "dozen" (counted), "half" (fraction).

    `fraction` words ("third", "quarter") are also ordinals, so they count only after "a", "one" or a
    number word ("a third", "two-thirds"); their value is one over the denominator. `ordinal` words
    ("first", "second") are denominators only as the last word of a compound ("a twenty-first").
    `point` is the decimal point of spelled-out digits ("nine point nought four"). `article` words
    ("a") are numbers only before a scale word, "dozen" or a fraction ("a million", "a dozen", "a
    third"); `han` ones are Chinese numerals.
    """

    word: str
    value: float
    role: Literal["unit", "tens", "dozen", "fraction", "ordinal", "point", "article", "han", "vulgar"] = "unit"
    #: A fraction named by an everyday word ("half", "quarter"), not by an ordinal: it reads before a
    #: scale word without an article ("half million") but never alone ("in a quarter", "an hour and a half").
    everyday: bool = False


class Scale(Rule):
    """A scale word or suffix that multiplies the number before it: "million", "bn", "M", "万"."""

    word: str
    factor: float
    case_sensitive: bool = False
    glued: Literal["allowed", "required", "never"] = "allowed"
    plural_of: bool = False  # "hundreds of", "tens of thousands": approximate, a range up to the next order


class Currency(Rule):
    """A currency sign, code or name and its ISO 4217 code; `prefix` ones stand before the number."""

    text: str
    iso: str
    position: Literal["prefix", "suffix"]
    case_sensitive: bool = True
    ambiguous: bool = Field(False, description=(
        "the text is also an English word or a unit ('pounds', 'won'): it is money only when the amount has a "
        "scale word or a money word stands before it in the clause ('361 million pounds' of profit, not "
        "'200 pounds', 'the 3 won')"))
    unless_next: str | None = Field(None, description="a word right after the currency that makes it no money: "
                                    "'of' in '5 million pounds of beef'")

    @field_validator("iso")
    @classmethod
    def _iso_code(cls, value: str) -> str:
        if len(value) != 3 or not value.isupper() or not value.isalpha():
            raise ValueError(f"iso {value!r} must be a three-letter ISO 4217 code")
        return value


class UnitWord(Rule):
    """What follows a number and makes it a percentage, percentage points or a multiple ("%", "times").

    `pattern` is a regex matched right after the number (and its scale word), spaces included.
    """

    pattern: Regex
    kind: FigureKind
    unit: str
    position: Literal["after", "before"] = Field("after", description=(
        "`before`: the pattern ends right before the number ('percent of 10' opening a sentence is 10%)"))


class QualifierPhrase(Rule):
    """A word or phrase that qualifies a figure: "about" (approx), "more than", "exceeded" (a verb, outside).

    `before` phrases stand before the number (inside the span unless `in_span` is false); `after`
    phrases follow it ("or more").
    """

    phrase: str
    qualifier: Qualifier
    position: Literal["before", "after"] = "before"
    in_span: bool = True
    inflect: Inflection | None = Field(None, description='the phrase is a lemma: these forms of it ("exceed": exceeds)')
    from_below: bool = Field(False, description='an approximation from below: "nearly 50" is under 50')

    def phrases(self) -> tuple[str, ...]:
        return self.inflect.forms(self.phrase) if self.inflect else (self.phrase,)


class NotFigure(Rule):
    """A context that makes a bare number not a figure: years, dates, model names, ordinals, durations.

    `before` must match the text just before the number (it is searched with the end anchored),
    `after` the text just after it (anchored at the start), `number` the number itself. Every given
    pattern must match. With `bare_only` the rule spares numbers that carry a scale, currency or unit.
    """

    before: Regex | None = None
    after: Regex | None = None
    number: Regex | None = None
    bare_only: bool = True
    reason: str
    name: bool = Field(False, description=(
        "the number is part of a name ('the \"two establishments\"'): no figure, but recorded in the record's "
        "`named_numbers`, so that the translation check can say the source's numbered name was rendered word "
        "for word"))
    name_takes_after: bool = Field(False, description=(
        "with `name`: the named number runs on over the text `after` matched ('9/2' in 'the consensus of 9/2' is "
        "one named number, not 9)"))
    rank: bool = Field(False, description=(
        "the number ranks ('the 16th forum'): its letters are glued to it, so it is read only by these rules; "
        "no figure, but recorded in the record's `set_aside_numbers` when the article has a source text, "
        "so that the translation check can tell a rank from the source's count"))
    alone_is_figure: bool = Field(False, description=(
        "the context makes the number no figure only when another figure stands in its sentence (a period "
        "of that figure: 'rose 5% for 3 years'); alone it measures something ('trapped for 122 hours')"))


    @model_validator(mode="after")
    def _some_pattern(self) -> NotFigure:
        if self.before is None and self.after is None and self.number is None:
            raise ValueError("give at least one of before, after, number")
        if self.name_takes_after and (not self.name or self.after is None):
            raise ValueError("name_takes_after needs name and an after pattern")
        return self


class FixedPhrase(Rule):
    """A figure written as an idiom with no digits: "in half" (0.5 times)."""

    pattern: Regex
    value: float
    kind: FigureKind
    unit: str | None = None


class RangeJoiner(Rule):
    """What joins two numbers into a range: "-", "to", "and" (after "between")."""

    joiner: str
    makes: Literal["range", "fraction"] = Field("range", description=(
        "`fraction`: two bare numbers joined by it, the second ending its clause, are one fraction "
        "('one over three', 'one out of three')"))
    opener: str | None = None  # a word that must stand before the low end ("between")
    unless_after: str | None = None  # a word before the low end that makes it no range ("from 10% to 20%" is a change)


class Garble(Rule):
    """A shape of a number fused with a year by lost spaces, kept as evidence on the figure.

    `year_prefix`: digits that start with a year and go on into a number before a scale word
    ("2023400 million" is 2023 + "400 million"). `stray_before_year`: a bare number, "in" and a year
    ahead of the figure they were fused to ("1 in 2023The goal of 400 million").
    """

    shape: Literal["year_prefix", "stray_before_year"]
    pattern: Regex
    first_year: int = 1950
    last_year: int = 2049
    max_gap: int = 60


class SignWord(Rule):
    """A word before a number that signs it: "minus 5" negates it; "down 3.1%" only records the direction."""

    word: str
    sign: Literal["+", "-"]
    negates: bool = False


class MoneyWord(Rule):
    """A word that makes a bare amount money ("a cost of 200 million") in a story told in one currency."""

    word: str


class CountedNounStop(Rule):
    """A word after a number that is never its counted noun ("of", "in", "and")."""

    word: str


class MeasureUnit(Rule):
    """A unit of measure after a number that makes it a quantity rather than a count ("km", "tons").

    `period` units (days, years) make no quantity of "one" alone ("one day he left").
    """

    word: str
    unit: str
    period: bool = False


class MinorUnit(Rule):
    """The minor unit of a currency after a major amount: "3 dollars 50 cents" is 3.50.

    Alone ("34 cents", "197 pence") the amount is money as written, 34, with `unit` naming the minor unit
    and no currency (which major currency it divides is not said).
    """

    word: str
    fraction: float
    unit: str
    implied_next: float | None = Field(None, description=(
        "the fraction of a bare number right after it ('five mao five': the last five is fen, 0.01)"))
    implied_after_major: bool = Field(False, description=(
        "a bare number ending the clause right after a major amount is in this unit ('thirteen dollars forty five')"))


class CldrSkip(Rule):
    """A currency code, symbol or name from CLDR (through Babel) that is not read as a currency: it is an
    English word or ambiguous in news ("ALL", "TOP"), or a hand rule in `currencies` reads it instead."""

    text: str
    reason: str


class PhysicalUnit(Rule):
    """Units of measure read through pint's registry: a `dimension` pint knows ("[power]") whose symbols
    ("GW", "kWh", "km²") make a quantity, with the `base` unit its value is also given in ("watt", label
    "W"); or a symbol to `skip` that pint reads as a unit of that dimension but news means otherwise
    ("Mb" is megabits, not megabarns)."""

    dimension: str | None = None
    base: str | None = None
    label: str | None = None
    skip: str | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> PhysicalUnit:
        if (self.skip is None) == (self.dimension is None) or (self.dimension and not (self.base and self.label)):
            raise ValueError("give either dimension with base and label, or skip")
        return self


class DiscourseNoun(Rule):
    """A noun that a spelled-out number counts only in discourse, not as a measurement ("two traits")."""

    word: str
    after_the: bool = Field(False, description=(
        "only after 'the', with at most one word between number and noun: 'the two countries', 'the two local "
        "industries' point back to things already named; 'two countries signed' still counts them"))


class LinkWord(Rule):
    """A word that links two parts of one amount: "of" in "hundreds of millions", "and" in "3 dollars and 50 cents",
    "and" in "one hundred and three" or "$3 million and 300 thousand" (`groups`), "of" in "two thirds of a
    million" (`fraction_of`)."""

    word: str = Field(min_length=1)
    links: Literal["plural_scales", "minor_units", "groups", "fraction_of"]


class CountedNounEnding(Rule):
    """A word ending that tells where the counted noun after a number ends, when there is no parse.

    `verb_like` endings ("-ed", "-ly") end the phrase before a word after its first that has them
    and is not tagged a noun; `plural` ones ("-s", `unless` "-ss") end it at the word that has them,
    and make a singular noun a unit ("a 10-game stretch" counts games).
    """

    ending: str = Field(min_length=1)
    role: Literal["verb_like", "plural"]
    unless: str | None = None


FILES: dict[str, type[Rule]] = {
    "figures/number_words": NumberWord,
    "figures/scales": Scale,
    "figures/currencies": Currency,
    "figures/cldr_skips": CldrSkip,
    "figures/units": UnitWord,
    "figures/qualifiers": QualifierPhrase,
    "figures/not_figures": NotFigure,
    "figures/phrases": FixedPhrase,
    "figures/ranges": RangeJoiner,
    "figures/garbles": Garble,
    "figures/signs": SignWord,
    "figures/money_words": MoneyWord,
    "figures/minor_units": MinorUnit,
    "figures/counted_noun_stops": CountedNounStop,
    "figures/measure_units": MeasureUnit,
    "figures/physical_units": PhysicalUnit,
    "figures/discourse_nouns": DiscourseNoun,
    "figures/link_words": LinkWord,
    "figures/counted_noun_endings": CountedNounEnding,
}
