"""Rule models for the checks (and the vocabulary the link stage shares with them): each check's own
settings, metric vocabulary, hedges, trend words, exchange rates, redaction marks."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

from pydantic import Field, model_validator

from .base import Regex, Rule
from .inflect import Inflection

if TYPE_CHECKING:
    from . import RuleSet


class CheckSetting(Rule):
    """One setting of one check, in the check's own file (rules/checks/<check>.jsonl), named by what it
    is for: a threshold the check compares against (`value`), or a word or phrase it looks for
    (`phrase`, with a `value` when the phrase stands for a number). With `inflect` the phrase is a
    lemma standing for its forms ("reach": reaches, reached, reaching)."""

    name: str
    value: float | None = None
    phrase: str | None = None
    inflect: Inflection | None = None

    #: Names that are thresholds: a value and no phrase, defined exactly once.
    THRESHOLDS: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="after")
    def _threshold_or_phrase(self) -> CheckSetting:
        if self.name in self.THRESHOLDS:
            if self.value is None or self.phrase is not None or self.inflect is not None:
                raise ValueError(f"{self.name!r} is a threshold: give a value and no phrase")
        elif self.phrase is None:
            raise ValueError(f"{self.name!r} is a phrase setting: give a phrase")
        return self


class MagnitudeSetting(CheckSetting):
    """nonstandard_magnitude: how large a mantissa before a scale word is non-standard, and the Chinese
    units that machine translation renders word for word after their number (`value`: the factor)."""

    name: Literal["mantissa_min", "unit_word_for_word"]
    THRESHOLDS = frozenset({"mantissa_min"})


class ArithmeticSetting(CheckSetting):
    """arithmetic_mismatch: tolerances, and the words that state how figures relate: a share "of the
    total", an amount restated ("or", "about"), a share ("accounts for", "market share"), a conversion
    into another currency, a change "from" one value "to" another, a rise "by" an amount "to" a level, a
    whole that opens a clause before its part ("Of its")."""

    name: Literal["tolerance", "approx_tolerance", "max_conversion_factor", "of", "determiner", "whole", "restates",
                  "share_verb", "share_approx", "share_noun", "converts", "range_from", "range_to", "change_by",
                  "whole_intro"]
    THRESHOLDS = frozenset({"tolerance", "approx_tolerance", "max_conversion_factor"})


class ConflictSetting(CheckSetting):
    """conflicting_figures: how far apart two values of one fact may be before they conflict, and the
    words after a place that make it a description of the owner ("Shanghai-based"), not part of the fact."""

    name: Literal["tolerance", "place_modifier"]
    THRESHOLDS = frozenset({"tolerance"})


class ChangeSetting(CheckSetting):
    """implausible_change: the largest ratio per year, and while the text says growth stagnates."""

    name: Literal["max_ratio_per_year", "max_ratio_stagnation"]
    THRESHOLDS = frozenset({"max_ratio_per_year", "max_ratio_stagnation"})


class PeopleSetting(CheckSetting):
    """implausible_number: the most people a count of users or customers can hold."""

    name: Literal["max_people"]
    THRESHOLDS = frozenset({"max_people"})


class CurrencySetting(CheckSetting):
    """missing_currency: the smallest amount of a money metric that needs a currency."""

    name: Literal["min_value"]
    THRESHOLDS = frozenset({"min_value"})


class TruncatedSetting(CheckSetting):
    """truncated_figure: how many words a line needs to be prose rather than a heading or table cell."""

    name: Literal["min_words"]
    THRESHOLDS = frozenset({"min_words"})


class NameVariantSetting(CheckSetting):
    """name_variant: how alike two names must be, and the common words that tell English text (the
    only text whose entities are compared)."""

    name: Literal["min_similarity", "min_length", "max_rare_mentions", "max_edits", "min_compound_overlap",
                  "min_compound_cover", "min_english_share", "english_word", "possessive"]
    THRESHOLDS = frozenset({"min_similarity", "min_length", "max_rare_mentions", "max_edits", "min_compound_overlap",
                            "min_compound_cover", "min_english_share"})


class FusedSentenceSetting(CheckSetting):
    """fused_sentence: the words that open a sentence and are not capitalised inside one ("The", "It"):
    after a lower-case word with no punctuation between they mark two sentences run together."""

    name: Literal["opener"]


class DuplicatedSentenceSetting(CheckSetting):
    """duplicated_sentence: how many words a repeated sentence needs to be a duplicate rather than a
    short refrain ("Read more.")."""

    name: Literal["min_words"]
    THRESHOLDS = frozenset({"min_words"})


class UntranslatedSetting(CheckSetting):
    """untranslated_text: how many English words a line needs around source-script characters for them
    to be left-over source text in an English sentence rather than a line in another language."""

    name: Literal["min_english_words", "max_script_share"]
    THRESHOLDS = frozenset({"min_english_words", "max_script_share"})


class RenamedPersonSetting(CheckSetting):
    """renamed_person: the titles that name one office, the words that make a title another office, the
    honorifics and lower-case connecting words
    that may stand between a title and a name, how far before a name its title may start, and how often
    a renamed person's name recurs at most."""

    name: Literal["title", "modifier", "honorific", "connector", "window", "max_mentions"]
    THRESHOLDS = frozenset({"window", "max_mentions"})


class NumberedNameSetting(CheckSetting):
    """numbered_name_variant: how many separated forms of one number beside one word make a name
    rendered several ways, and how far from the number the word may stand."""

    name: Literal["min_forms", "reach"]
    THRESHOLDS = frozenset({"min_forms", "reach"})


class AttributionSetting(CheckSetting):
    """unattributed_figure: how many figures no source stands behind make an article's note, and how
    many of them the note names."""

    name: Literal["min_figures", "max_listed"]
    THRESHOLDS = frozenset({"min_figures", "max_listed"})


class UnitOnCountSetting(CheckSetting):
    """unit_on_count: the words that may join a count's metric to its figure ("users reached", "DAU:"), and
    those before a metric that make it a per-person amount ("revenue per user: $5")."""

    name: Literal["link", "per_person"]


class BrokenRangeSetting(CheckSetting):
    """broken_range: the words that join the two halves of a colloquial range read as two values ("15 or 6")."""

    name: Literal["join"]


class ImplausibleValueSetting(CheckSetting):
    """implausible_value: the words that mark a figure as a rate per day ("a day", "daily") or as a
    longer period's total ("in the quarter", "annual"), and the least value two such figures must share
    to be compared (small numbers coincide)."""

    name: Literal["per_day", "period", "min_equal_value"]
    THRESHOLDS = frozenset({"min_equal_value"})


class PartsSettings(CheckSetting):
    """parts_above_total: how many parts of one metric in the sentence right after a total make a
    breakdown of it ("The toll was 20,665 in Turkey and 3,500 in Syria" after "the toll rose to 24,150")."""

    name: Literal["min_parts"]
    THRESHOLDS = frozenset({"min_parts"})


class YearFrameSetting(CheckSetting):
    """year_out_of_frame: how many dated mentions make an article's time frame, how much of them must
    fall in it, how many years from it a reporting period must lie to be out of it, and the words before
    a period (within `window` characters of its sentence) that make it a comparison ("up from $34,410 in
    October 2015"), which may lie anywhere in the past."""

    name: Literal["min_in_frame", "min_share", "min_distance", "window", "comparison"]
    THRESHOLDS = frozenset({"min_in_frame", "min_share", "min_distance", "window"})


class MultipleSetting(CheckSetting):
    """multiple_without_base: verbs that state a multiple as a level ("orders reached 38 times"), and the
    words that open the base right after a multiple ("50 times the safe level", "twice as fast as")."""

    name: Literal["level_verb", "base_opener"]


class Hedge(Rule):
    """A phrase that makes a claim tentative ("may", "is expected to", "according to insiders"); with
    `inflect` its first word is a lemma standing for its forms ("plan to": plans to, planned to)."""

    phrase: str
    inflect: Inflection | None = None


class TrendWord(Rule):
    """A word that tells which way a metric moves: growth ("jumped"), stagnation ("stagnating"), decline."""

    word: str
    trend: Literal["growth", "stagnation", "decline"]
    inflect: Inflection | None = Field(None, description='the word is a lemma: these forms of it ("rise": rose, rising)')


class Metric(Rule):
    """A metric's normalised name, the phrases that name it, and whether it is an amount of money."""

    name: str
    synonyms: list[str] = Field(default_factory=list)
    money: bool = False
    people: bool = Field(False, description="counts people (users, customers): cannot exceed the world's population")


class ValueBound(Rule):
    """The least plausible amount of money for a kind of figure (implausible_value): the words that name
    it right before the figure (`before`: "fined", "GDP of"), the kinds of actor the sentence must name for
    the bound to hold (`actor`: a regulator fines a business more than a few dollars, a court may fine a
    person less), and the bound in US dollars (converted with rules/checks/exchange_rates)."""

    what: str
    before: list[str] = Field(min_length=1)
    actor: list[str] = Field(default_factory=list)
    min_usd: float = Field(gt=0)


class MetricPart(Rule):
    """A metric that is part of another for one owner and period (part_above_whole): daily active users
    of the monthly ones, net profit of revenue. Names as in rules/checks/metrics."""

    part: str
    whole: str


class ChangeBase(Rule):
    """What a change is measured against, for the link stage and every check alike: a `period`
    ("year-on-year", "from a year earlier", "previous quarter"), a word that `introduces` the value or
    time compared with ("from 100", "than last year"), or another word naming a base ("38 times that
    of last year"). `alone`: right after a percentage the phrase alone makes it a change ("12%
    year-on-year")."""

    phrase: str
    period: Literal["year", "quarter", "month"] | None = None
    introduces: bool = False
    alone: bool = False


class ExchangeRate(Rule):
    """Roughly how many US dollars one unit of `currency` buys: enough to spot a conversion off by ×10."""

    currency: str = Field(pattern=r"^[A-Z]{3}$")
    usd: float = Field(gt=0)


class RedactionMark(Rule):
    """A regex for a redaction or placeholder mark left in the text ("the ** project")."""

    pattern: Regex


class MarkupResidue(Rule):
    """A regex for markup left in the text as words: tags, also with spaces inside ("< / p >"),
    character entities ("&nbsp;"), forum codes ("[img]")."""

    pattern: Regex


class GarbledDateline(Rule):
    """A regex for a dateline whose day of the month was translated as a duration or a word
    ("(Comprehensive 11 days)" for 综合11日电), with the day as group `day`."""

    pattern: Regex


class SourceScript(Rule):
    """A regex for characters of the source language or its punctuation (CJK ideographs, full-width
    stops and brackets) that have no place in an English sentence."""

    pattern: Regex


#: Each check's own settings, by the check's name.
SETTINGS: dict[str, type[CheckSetting]] = {
    "checks/nonstandard_magnitude": MagnitudeSetting,
    "checks/arithmetic_mismatch": ArithmeticSetting,
    "checks/conflicting_figures": ConflictSetting,
    "checks/implausible_change": ChangeSetting,
    "checks/implausible_number": PeopleSetting,
    "checks/missing_currency": CurrencySetting,
    "checks/truncated_figure": TruncatedSetting,
    "checks/name_variant": NameVariantSetting,
    "checks/multiple_without_base": MultipleSetting,
    "checks/fused_sentence": FusedSentenceSetting,
    "checks/duplicated_sentence": DuplicatedSentenceSetting,
    "checks/untranslated_text": UntranslatedSetting,
    "checks/renamed_person": RenamedPersonSetting,
    "checks/numbered_name_variant": NumberedNameSetting,
    "checks/unattributed_figure": AttributionSetting,
    "checks/unit_on_count": UnitOnCountSetting,
    "checks/broken_range": BrokenRangeSetting,
    "checks/implausible_value": ImplausibleValueSetting,
    "checks/parts_above_total": PartsSettings,
    "checks/year_out_of_frame": YearFrameSetting,
}

FILES: dict[str, type[Rule]] = {
    **SETTINGS,
    "checks/hedges": Hedge,
    "checks/trend_words": TrendWord,
    "checks/metrics": Metric,
    "checks/exchange_rates": ExchangeRate,
    "checks/change_bases": ChangeBase,
    "checks/redaction_marks": RedactionMark,
    "checks/markup_residue": MarkupResidue,
    "checks/source_script": SourceScript,
    "checks/garbled_dateline": GarbledDateline,
    "checks/value_bounds": ValueBound,
    "checks/metric_parts": MetricPart,
}


def check_thresholds(ruleset: RuleSet) -> list[str]:
    """Every threshold of every check's file defined exactly once, as `file:line: message` (a rule set
    saved for one spaCy component holds only its own files)."""
    problems = []
    present = set(ruleset.keys())
    for key, model in SETTINGS.items():
        if key not in present:
            continue
        settings = ruleset.get(key, model)
        for name in sorted(model.THRESHOLDS):
            defined = [setting for setting in settings if setting.name == name]
            if not defined:
                problems.append(f"{key}.jsonl:1: no threshold {name!r} (the check reads it)")
            for extra in defined[1:]:
                problems.append(f"{ruleset.origin(extra.id)}: threshold {name!r} defined twice "
                                f"(first at {ruleset.origin(defined[0].id)})")
    return problems
