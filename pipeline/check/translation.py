"""Translation QA: each English figure against the source figures of its aligned segment.

Runs only on records whose article carries a source text. Within each aligned segment pair the
check matches English figures to source figures one to one: first by value (with the tolerance of
the English rounding: "4.8 billion" for 4.82亿 is fine, "4.2 billion" is not), then by a shift of a
power of ten (the 亿/万 slip), then as a misread range (一万六七千 printed as 16,700). What is left
is a wrong value, an English figure the source does not have, or a source figure the English lost.
A number that is a date in the source (10日, "the 10th") printed as a bare number, a count for a
numeral that is part of a name ("两个确立" → "two establishments"), a right number that counts what another
measure word counts (15栋 → "15-storey") and a day named relative to the report's day that the English
moves (昨今两天 → "two days ago") are flagged too.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial

from ..quantities import pint_symbol, unit_registry
from ..rules import RuleSet
from ..rules.figures import DiscourseNoun, NotFigure, NumberWord, QualifierPhrase, Scale
from ..rules.inflect import word_forms
from ..rules.lexicon import Lexicon
from ..rules.source import (
    SourceClassifierNouns,
    SourceCountWord,
    SourceDateOrder,
    SourceFigureAnchor,
    SourceLiteralReading,
    SourceNotFigure,
    SourceNumberContext,
    SourceNumeralName,
    SourceOrdinalWord,
    SourceQualifier,
    SourceRank,
    SourceRateRendering,
    SourceSetPhrases,
    SourceSuperlative,
    SourceUnit,
    SourceYearEvent,
)
from ..rules.times import MonthName, Weekday
from ..schema import Alignment, Figure, Flag, Severity, SourceFigure, SourceTime, Span, Time
from ..source import length_mismatch, length_ratio, source_problem, source_threshold
from ..source.changes import FigureChange, change_relations, figure_change
from ..source.events import NumberedEvent, event_heads, numbered_events
from ..source.numerals import read_numeral
from ..source.relative import english_relative_day, source_relative_days
from ..spans import ByOffset
from . import CheckContext, article_check
from .common import ArticleView, Mention, flag

NUMBER = re.compile(r"\d[\d,]*(?:\.(\d+))?")
YEAR = re.compile(r"(?<![\d.,])(?:1[89]|20)\d\d(?![\d.,])")
DIGITS = re.compile(r"\d+")
#: Place words with no number before them (千亿, 万亿, 百万): a magnitude, not a count.
BARE_MAGNITUDE = re.compile(r"[百千万][百千万亿]+")
#: What joins the two ends of an English range said in words ("two or 300", "2 to 300").
RANGE_OR = re.compile(r"\s*(?:or|to|-|–)\s*")
#: A fraction said as a count of a count, before its denominator: "one in four", "two out of every three".
#: "more" right after an English number, not "more than": "100 more volunteers" (an addition).
MORE_AFTER = re.compile(r"\s+more\b(?!\s+than\b)")
#: An English time of day on the twelve-hour clock ("3 p.m.", "3:50 am"); the source times it is compared with.
CLOCK_12H = re.compile(r"(?i)(?<![\d:.])(?P<hour>1[0-2]|0?[1-9])(?::[0-5]\d)?\s*(?P<half>[ap])\.?\s?m\b\.?")
#: An English hour with its part of the day in words ("three in the morning", "9 o'clock at night").
CLOCK_WORDS = re.compile(r"(?i)\b(?P<hour>\d{1,2}|[a-z]+)(?:\s+o['’]clock)?\s+"
                         r"(?:in\s+the\s+(?P<part>morning|afternoon|evening)|at\s+night)\b")
DAYPART_RULE = "source.time.clock_daypart"
#: The sign of a temperature said after it: "15 degrees below zero", "15°C below freezing".
BELOW_ZERO = re.compile(r"(?i)\s*(?:(?:degrees?\s+|°\s*)(?:(?:Celsius|centigrade|C)\s+)?|°C\s+)?"
                        r"(?P<sign>below\s+(?:zero|freezing))\b")
#: An English temperature in degrees Fahrenheit, said after its number: "59 degrees Fahrenheit", "59°F", "59 ° F".
FAHRENHEIT = re.compile(r"(?i)\s*(?:degrees?\s+Fahrenheit\b|°\s*F\b|Fahrenheit\b)")
#: What stands between a temperature and the same one on the other scale in brackets after it: "15°C (", "15 degrees (".
TEMPERATURE_GLOSS = re.compile(r"(?i)\s*(?:degrees?(?:\s+(?:Celsius|centigrade|Fahrenheit))?|°\s*[CF]?)?\s*\(\s*")
#: A denominator said in a word after a count: "five per thousand", "3 in every hundred", "two in a million".
DENOMINATOR_WORDS = re.compile(r"(?i)\s+(?:in|out\s+of|per)(?:\s+(?:every|a))?\s+(?P<denominator>hundred|thousand|million)\b")
FRACTION_WORDS = re.compile(r"(?i)\b(?P<numerator>\d+|[a-z]+)\s+(?:in|out\s+of|per)(?:\s+every)?\s+$")
MONTH_DAY = re.compile(r"^(?:\d{4}|XXXX)-(\d\d|XX)-(\d\d)")
#: The month of an ISO time value (2023-03, XXXX-03-10), and its quarter or half (XXXX-Q3, 2022-H1).
MONTH_PART = re.compile(r"^(?:\d{4}|XXXX)-(\d\d)(?:-|$)")
PERIOD_PART = re.compile(r"^(?:\d{4}|XXXX)-([QH]\d)$")
#: The first quarters or months of a year together (前三季度: XXXX-Q1/XXXX-Q3; 前9个月: XXXX-01/XXXX-09), by the last.
TO_DATE = re.compile(r"^(?:\d{4}|XXXX)-(?:Q1|01)/(?:\d{4}|XXXX)-(Q\d|\d\d)$")
MONTHS = ["", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
WEEKDAYS = ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
#: What says, before an English quarter or month, that the time runs up to it: "through the third quarter", "until September".
UP_TO = re.compile(r"(?i)\b(?:through|thru|up\s+to|until|till|to|(?:by|to|at)\s+the\s+end\s+of|end(?:ing|ed)?(?:\s+in)?)\s+$")
#: The first quarters of a year together, in words, by the last of them (前三季度: "the first three quarters").
QUARTERS_TO_DATE = {"Q2": "the first two quarters", "Q3": "the first three quarters"}
PERIOD_WORDS = {"Q1": "the first quarter", "Q2": "the second quarter", "Q3": "the third quarter", "Q4": "the fourth quarter",
                "H1": "the first half", "H2": "the second half"}
CURRENCY_WORDS = {"CNY": "yuan", "USD": "US dollars", "HKD": "Hong Kong dollars", "EUR": "euros", "JPY": "yen",
                  "GBP": "pounds", "SGD": "Singapore dollars", "TWD": "New Taiwan dollars", "MOP": "patacas"}
SCALE_SHIFTS = (1, 2, 3, 4)
RATE_WORDS = {"pp": "percentage points", "bp": "basis points"}
#: A unit symbol ending in a power digit ("m2", "km3"), written with its superscript for pint.
#: The unit word right after a number ("10 acres", "35 square miles"; "25%" has its unit in the number).
UNIT_WORD = re.compile(r"[ \u00a0-]?(?:square |cubic )?[A-Za-z]+")


@dataclass(frozen=True)
class Conversions:
    """How a source figure may be rendered in another English unit."""

    #: (source rate unit, English rate unit) → the (factor, offset) of each accepted rendering (rules/source/rate_renderings)
    rates: dict[tuple[str, str], list[tuple[float, float]]]
    #: a source quantity unit in pint's terms (source.unit.mu: "666.6667 m²"), by its rule id
    measures: dict[str, str]
ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)\b")
#: What ends a clause of the source, before a list (荷兰、日本) starts.
#: a number and the capitalised words of the name it starts ("20th Party Congress")
NAME_AFTER_NUMBER = re.compile(r"\d+(?:st|nd|rd|th)?(?:\s+[A-Z][\w'’-]*)*")
CLAUSE_BREAK = re.compile(r"[，。；：！？—…“”（）,;:!?()\s]")


@dataclass(frozen=True)
class Rounding:
    """How far an English figure may be from the source's and still be its rounding: `slack` units of
    its last printed decimal, and at most `cap` (a share of the value) for a whole number that ends in zeros."""

    slack: float
    cap: float


@dataclass
class _Slot:
    """One value a source figure stands for: its value, or one end of its range."""

    figure: SourceFigure
    value: float
    used: bool = False


@dataclass(frozen=True)
class _Rules:
    """What the comparison reads from the rules, once per article."""

    lexicon: Lexicon
    date_orders: dict[str, SourceDateOrder]
    ordinals: dict[str, int]
    #: ids of the English reader's rank rules ("16th"), and of all its not-figure rules
    ranks: frozenset[str]
    not_figures: frozenset[str]
    #: ids of the English reader's rules for numbers that point back ('the two countries'): no figures of the
    #: record, but renderings of the source's counts (两国), compared like figures
    referring: frozenset[str]
    #: the source's name rules that say what the established English name holds (二十大: "Congress")
    names: dict[str, SourceNotFigure]
    #: the source's idioms by phrase (一目了然: "clear at a glance"): their numerals count nothing
    idioms: dict[str, SourceNotFigure]
    #: ids of the rules that find set phrases in a dictionary (rules/source/set_phrases): idioms with no entry
    set_phrases: frozenset[str]
    #: what each measure word counts, by its unit rule (source.unit.dong: buildings)
    classifiers: dict[str, SourceClassifierNouns]
    #: an English counted noun (any form) → the unit rules of the measure words that count it
    noun_owners: dict[str, frozenset[str]]
    #: source words just before a number that the English may misread as the number's (疫情前 → "top")
    number_contexts: list[SourceNumberContext]
    #: source words the English may render by their everyday meaning (家机构 → "home institutions")
    literal_readings: list[SourceLiteralReading]
    #: proper names holding a numeral (三亚: Sanya), by name, with the regex of their accepted English renderings
    numeral_names: dict[str, tuple[SourceNumeralName, re.Pattern[str], tuple[re.Pattern[str], ...]]]
    #: English words for a number, by value (3: "three"; 100: "hundred")
    number_words: dict[float, frozenset[str]]
    #: ids of the source's count words (双方): often rendered with no number ("both sides"), never missed
    count_words: frozenset[str]
    #: English words that say a number without a numeral ("both": 2), by value
    english_counts: dict[float, re.Pattern[str]]
    #: any English number: digits, a number word, a scale word, a count word ("both")
    english_number: re.Pattern[str]
    #: English words that render what a source figure counts, by the figure's unit or currency rule ("yuan" for 元)
    anchors: dict[str, re.Pattern[str]]
    #: English words that render the source words before a figure (增长5%: "grew"), by the source pattern
    anchors_before: list[tuple[re.Pattern[str], re.Pattern[str]]]
    #: how a source rate or measure may be rendered in another English unit
    conversions: Conversions
    #: an English month name (rules/times/months), to tell "March 10" from "last month"
    month_name: re.Pattern[str]
    #: English weekday names (rules/times/weekdays) → their ISO number (Monday 1 … Sunday 7)
    weekdays: dict[str, int]
    weekday_name: re.Pattern[str]
    #: the source's rank patterns (rules/source/ranks: 第四)
    source_ranks: list[re.Pattern[str]]
    source: RuleSet

    @classmethod
    def of(cls, context: CheckContext) -> _Rules:
        not_figures = context.rules.get("figures/not_figures", NotFigure)
        source_not_figures = context.rules.get("source/not_figures", SourceNotFigure)
        classifiers = context.rules.get("source/classifier_nouns", SourceClassifierNouns)
        month_name, weekdays, weekday_name = _calendar_words(context.rules)
        return cls(
            context.lexicon,
            {order.time_rule: order for order in context.rules.get("source/date_orders", SourceDateOrder)},
            {word.word: word.number for word in context.rules.get("source/ordinal_words", SourceOrdinalWord)},
            frozenset(rule.id for rule in not_figures if rule.rank), frozenset(rule.id for rule in not_figures),
            frozenset(rule.id for rule in context.rules.get("figures/discourse_nouns", DiscourseNoun) if rule.after_the),
            {rule.id: rule for rule in source_not_figures if rule.english},
            {rule.phrase: rule for rule in source_not_figures if rule.idiom},
            frozenset(rule.id for rule in context.rules.get("source/set_phrases", SourceSetPhrases)),
            {rule.unit_rule: rule for rule in classifiers}, _noun_owners(classifiers),
            context.rules.get("source/number_contexts", SourceNumberContext),
            context.rules.get("source/literal_readings", SourceLiteralReading), _numeral_names(context.rules),
            _number_words(context.rules),
            frozenset(rule.id for rule in context.rules.get("source/count_words", SourceCountWord) if rule.language == "zh"),
            *_english_numbers(context.rules), *_anchors(context.rules, classifiers),
            Conversions(_rates(context.rules), _measures(context.rules)),
            month_name, weekdays, weekday_name,
            [re.compile(rule.pattern) for rule in context.rules.get("source/ranks", SourceRank)], context.rules,
        )


def _calendar_words(rules: RuleSet) -> tuple[re.Pattern[str], dict[str, int], re.Pattern[str]]:
    """English month names, and weekday names written out ("Friday"; "Fri", "Sun" and "Wed" are other words
    too) with their ISO numbers."""
    months = {name for rule in rules.get("times/months", MonthName) for name in rule.names}
    weekdays = {name: rule.weekday + 1 for rule in rules.get("times/weekdays", Weekday) for name in rule.names
                if name.endswith("day")}
    def words(names: Iterable[str]) -> re.Pattern[str]:
        return re.compile(r"(?i)\b(?:" + "|".join(sorted(map(re.escape, names), key=len, reverse=True)) + r")\b")
    return words(months), weekdays, words(weekdays)


def _measures(rules: RuleSet) -> dict[str, str]:
    """Each quantity unit of the source in pint's terms, by its rule id: its `pint` expression (亩: 666.6667 m²),
    else its unit (km, kg; m2 written m²)."""
    return {rule.id: rule.pint or pint_symbol(rule.unit or "")
            for rule in rules.get("source/units", SourceUnit) if rule.kind == "quantity" and (rule.pint or rule.unit)}


def _rates(rules: RuleSet) -> dict[tuple[str, str], list[tuple[float, float]]]:
    rates: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for rule in rules.get("source/rate_renderings", SourceRateRendering):
        rates.setdefault((rule.source_unit, rule.english_unit), []).append((rule.factor, rule.offset))
    return rates


def _numeral_names(rules: RuleSet) -> dict[str, tuple[SourceNumeralName, re.Pattern[str], tuple[re.Pattern[str], ...]]]:
    return {rule.name: (rule, re.compile(rule.pattern),
                        tuple(re.compile(accepted) for accepted in (re.escape(rule.english), rule.accepted) if accepted))
            for rule in sorted(rules.get("source/numeral_names", SourceNumeralName), key=lambda rule: -len(rule.name))}


def _number_words(rules: RuleSet) -> dict[float, frozenset[str]]:
    words: dict[float, set[str]] = {}
    for word in rules.get("figures/number_words", NumberWord):
        if word.role in ("unit", "tens"):
            words.setdefault(word.value, set()).add(word.word)
    scales = [scale for scale in rules.get("figures/scales", Scale) if scale.word.isalpha() and scale.word.islower()
              and scale.glued != "required" and not scale.plural_of]
    for scale in scales:
        words.setdefault(scale.factor, set()).add(scale.word)
    for scale in scales:  # 万: "ten thousand"
        for value, unit_words in list(words.items()):
            if 1 < value < 100 and value == int(value):
                words.setdefault(value * scale.factor, set()).update(f"{word} {scale.word}" for word in unit_words)
    return {value: frozenset(found) for value, found in words.items()}


def _any_of(patterns: list[str]) -> re.Pattern[str]:
    """One pattern for several, each with its own leading flags ("(?i)…" becomes "(?i:…)")."""
    scoped = [f"(?{match.group(1)}:{pattern[match.end():]})" if (match := re.match(r"\(\?([aiLmsux]+)\)", pattern))
              else f"(?:{pattern})" for pattern in patterns]
    return re.compile("|".join(scoped))


def _english_numbers(rules: RuleSet) -> tuple[dict[float, re.Pattern[str]], re.Pattern[str]]:
    """English count words by value, and one pattern for any English number (digits, words, scales, count words)."""
    counts: dict[float, list[str]] = {}
    for rule in rules.get("source/count_words", SourceCountWord):
        if rule.language == "en":
            counts.setdefault(rule.value, []).append(rule.pattern)
    words = {word.word for word in rules.get("figures/number_words", NumberWord)  # cardinals: "first quarter" is no number
             if word.role in ("unit", "tens", "dozen") and word.word.isascii() and word.word.isalpha()}
    words |= {scale.word for scale in rules.get("figures/scales", Scale) if scale.word.isalpha() and scale.word.islower()
              and len(scale.word) > 2}
    spelled = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    every = [r"\d", rf"(?i:\b(?:{spelled})\b)"] + [pattern for patterns in counts.values() for pattern in patterns]
    return {value: _any_of(patterns) for value, patterns in counts.items()}, _any_of(every)


def _anchors(rules: RuleSet, classifiers: list[SourceClassifierNouns]
             ) -> tuple[dict[str, re.Pattern[str]], list[tuple[re.Pattern[str], re.Pattern[str]]]]:
    """The anchors of source figures: the nouns a measure word counts (classifier_nouns) and rules/source/
    figure_anchors, by unit or currency rule; and the anchors of the words before a figure."""
    by_rule: dict[str, list[str]] = {}
    for classifier in classifiers:
        forms = {form for noun in classifier.nouns for form in word_forms(noun, "NOUN")}
        by_rule.setdefault(classifier.unit_rule, []).append(
            r"(?i)\b(?:" + "|".join(sorted(map(re.escape, forms), key=len, reverse=True)) + r")\b")
    before = []
    for anchor in rules.get("source/figure_anchors", SourceFigureAnchor):
        for rule in anchor.unit_rules:
            by_rule.setdefault(rule, []).append(anchor.english)
        if anchor.before is not None:
            before.append((re.compile(anchor.before), re.compile(anchor.english)))
    return {rule: _any_of(patterns) for rule, patterns in by_rule.items()}, before


def _noun_owners(classifiers: list[SourceClassifierNouns]) -> dict[str, frozenset[str]]:
    owners: dict[str, set[str]] = {}
    for rule in classifiers:
        for noun in rule.nouns:
            for form in word_forms(noun, "NOUN"):
                owners.setdefault(form.lower(), set()).add(rule.unit_rule)
    return {form: frozenset(rules) for form, rules in owners.items()}


@dataclass
class _Segment:
    pair: Alignment
    english: list[Figure]
    slots: list[_Slot]
    times: list[SourceTime]
    english_times: list[Time]
    rules: _Rules
    source: str
    text: str
    mentions: list[Mention]
    named: list[Figure] = field(default_factory=list)
    set_aside: list[Figure] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    #: the English figures matched to a source figure of the same value, with it
    matched: list[tuple[Figure, SourceFigure]] = field(default_factory=list)

    @property
    def lexicon(self) -> Lexicon:
        return self.rules.lexicon

    @property
    def lexicon_words(self) -> dict[float, frozenset[str]]:
        """English words for a number, by value."""
        return self.rules.number_words


@article_check("translation")
def translation(view: ArticleView, context: CheckContext) -> list[Flag]:
    """Figures and dates of the translation compared with its source, segment by segment."""
    record = view.record
    article = record.article
    if article.source_text is None:
        return []
    problem = source_problem(article.text, article.source_text, context.rules)
    if problem is not None:
        return [flag("source_unusable", "warning", f"{problem}: the translation's figures were not compared with it.",
                     [], [])]
    found = []
    if length_mismatch(article.text, article.source_text, context.rules):
        ratio = length_ratio(article.text, article.source_text)
        found.append(flag(
            "source_length_mismatch", "warning",
            f"the translation has {ratio:.1f} characters per source character (Chinese news translates at "
            f"about 2 to 5): one of the texts is probably incomplete; segments aligned by claimex were not "
            f"compared figure by figure.", [], []))
    unsure = [pair for pair in record.alignment if not pair.sure]
    if unsure:
        found.append(flag(
            "alignment_unsure", "info",
            f"{len(unsure)} of {len(record.alignment)} segment pairs were aligned with low confidence; "
            f"their figures were not compared with the source.", [pair.text for pair in unsure], []))
    segments = list(_segments(view, _Rules.of(context)))
    for segment in segments:
        found.extend(_compare(segment, context))
        found.extend(_dates(segment))
        found.extend(_calendar(segment))
        found.extend(_clock(segment))
        found.extend(_repeated_days(segment))
        found.extend(_relative_days(segment))
        found.extend(_turned_changes(segment))
        found.extend(_turned_figures(segment))
        found.extend(_one_of_added(segment))
        found.extend(_literal_readings(segment))
        found.extend(_numeral_name_words(segment))
        found.extend(_year_events(segment))
    reach = source_threshold(context.rules, "translation.event_name_reach")
    found.extend(_event_renderings(segments, reach))
    for segment in segments:
        found.extend(_event_ordinals(segment, int(reach)))
        found.extend(_rank_mismatches(segment))
    return found


def _segments(view: ArticleView, rules: _Rules) -> Iterator[_Segment]:
    """The sure segment pairs with what each side holds."""
    record = view.record
    pointing_back = [number for number in record.set_aside_numbers if number.parts.rule in rules.referring]
    english = ByOffset([*record.figures, *pointing_back])
    sources = ByOffset(record.source_figures)
    english_times, times = ByOffset(record.times), ByOffset(record.source_times)
    named = ByOffset(record.named_numbers)
    set_aside = ByOffset([number for number in record.set_aside_numbers if number.parts.rule not in rules.referring])
    for pair in record.alignment:
        if not pair.sure:
            continue
        (t0, t1), (s0, s1) = pair.text, pair.source
        slots = [_Slot(figure, value) for figure in sources.starting_in(s0, s1) for value in _ends(figure)]
        text = record.article.text[t0:t1]
        figures = _changes_not_ranges(sorted(english.starting_in(t0, t1), key=lambda figure: figure.start), text, t0,
                                      rules.source)
        yield _Segment(pair, figures, slots,
                       times.starting_in(s0, s1), english_times.starting_in(t0, t1), rules,
                       record.article.source_text[s0:s1] if record.article.source_text else "",
                       text, view.mentions.starting_in(t0, t1), named.starting_in(t0, t1),
                       set_aside.starting_in(t0, t1))


def _changes_not_ranges(figures: list[Figure], text: str, t0: int, rules: RuleSet) -> list[Figure]:
    """The English figures with a change and the level it reached read apart: "rose 0.3% to 5.5%" is up by 0.3
    to 5.5, which the English reader takes for the range 0.3–5.5 (then 5.5% would match the source's 0.3)."""
    kept = list(figures)
    for i, first in enumerate(figures[:-1]):
        second = figures[i + 1]
        if (first.range is None or first.range != second.range
                or not re.fullmatch(r"\s+to\s+", text[first.end - t0:second.start - t0])
                or figure_change(text, first.start - t0, first.end - t0, rules, "en") is None):
            continue
        kept[i], kept[i + 1] = first.model_copy(update={"range": None}), second.model_copy(update={"range": None})
    return kept


def _ends(figure: SourceFigure) -> list[float]:
    if figure.range is not None and figure.range[0] != figure.range[1]:
        return list(figure.range)
    return [figure.value]


def _adjacent(figure: SourceFigure) -> bool:
    """一万六七千, 十三四: a range inside one numeral ("sixteen or seventeen thousand")."""
    return figure.range is not None and not any(joiner in figure.text for joiner in "至到-－—–~～")


def _compare(segment: _Segment, context: CheckContext) -> list[Flag]:
    rounding = Rounding(source_threshold(context.rules, "translation.rounding_slack"),
                        source_threshold(context.rules, "translation.rounding_cap"))
    pending: list[Figure] = []
    _fractions_in_words(segment)
    _below_zero(segment)
    _fahrenheit(segment)
    _split_ranges(segment)
    # each end of an English range by its own value first: "12.8 billion to 14.3 billion" for 138亿至143亿 must not
    # give the 14.3 billion slot to the wrong low end through the range it shares, leaving the right high end flagged
    for step, (strict, ends) in enumerate(((True, False), (True, True), (False, False), (False, True))):
        waiting, pending = pending if step else segment.english, []
        for figure in waiting:
            rates = segment.rules.conversions
            slot = (_take(segment, partial(_exact_unnamed, figure, rounding, strict, rates, ends))
                    or _take(segment, partial(_exact, figure, rounding, strict, rates, ends)))
            if slot is None:
                pending.append(figure)
            elif slot.figure.name is not None:
                segment.flags.extend(_name_rendered(figure, slot.figure, segment))
            elif _adjacent(slot.figure) and _inside(figure.value, slot.figure):
                segment.flags.append(_range_misread(figure, slot.figure, 0, segment.lexicon))
            else:
                segment.matched.append((figure, slot.figure))
                segment.flags.extend(_counted_noun(figure, slot.figure, segment.rules))
                segment.flags.extend(_context_misread(figure, slot.figure, segment))
                segment.flags.extend(_qualifier_turned(figure, slot.figure, segment))
                segment.flags.extend(_qualifier_loosened(figure, slot.figure, segment))
                segment.flags.extend(_bound_as_addition(figure, slot.figure, segment))
                segment.flags.extend(_magnitude_made_exact(figure, slot.figure, segment))
    for figure in segment.named:  # a number the English reader found part of a name ("two establishments")
        slot = _take(segment, partial(_named_slot, figure, rounding))
        if slot is not None:
            segment.flags.extend(_name_rendered(figure, slot.figure, segment))
    pending = [figure for figure in pending if _date_flag(figure, segment) is None and not _clock_hour(figure, segment)]
    for number in segment.set_aside:  # numbers the English reader set aside as no figures
        _set_aside(number, segment, rounding)
    for figure in pending:
        slot = _take(segment, partial(_unit_slot, figure, rounding, segment.rules.conversions))
        if slot is not None:
            segment.flags.append(_unit(figure, slot.figure, segment))
            continue
        slot = _take(segment, partial(_same_value, figure, rounding))
        if slot is not None:
            segment.flags.append(_currency(figure, slot.figure, segment.lexicon))
            continue
        shift = _shifted(figure, segment, rounding)
        if shift is not None:
            segment.flags.append(shift)
            continue
        misread = _misread(figure, segment)
        if misread is not None:
            segment.flags.append(misread)
            continue
        slot = _take(segment, partial(_comparable_slot, figure))
        if slot is not None:
            segment.flags.append(_mismatch(figure, slot.figure, segment.lexicon))
        elif not _leading_digits(figure, segment) and not _in_event_noun(figure, segment):
            segment.flags.append(_extra(figure, segment, rounding))
    used = {slot.figure.id for slot in segment.slots if slot.used}
    least = source_threshold(context.rules, "translation.missing_min_count")
    for source in {slot.figure.id: slot.figure for slot in segment.slots}.values():
        if source.id not in used and source.name is None:
            if (not _rendered_as_article(source, least) and not _listed_before(source, segment)
                    and source.rule not in segment.rules.count_words):
                anchor = _anchor(source, segment, rounding, context)
                segment.flags.append(_missing(source, segment, _unsaid(source, segment, rounding)) if anchor is None
                                     else _missing_at(source, segment, anchor))
        elif source.id not in used:
            segment.flags.extend(_renamed_number(source, segment))
    return _one_per_range(segment.flags, segment)


def _fractions_in_words(segment: _Segment) -> None:
    """A source fraction (四分之一, 万分之三, 千分之五) rendered as "one in four", "two out of three", "3 per 10,000" or
    "five per thousand": the English reader sees the denominator (and a numerator in digits or words) as counts; they
    are the fraction, matched to it and compared no further."""
    t0 = segment.pair.text[0]
    for figure in list(segment.english):
        said = FRACTION_WORDS.search(segment.text, 0, figure.start - t0)
        numerator = _word_value(said.group("numerator"), segment) if said else None
        if said is None or numerator is None or not figure.value or figure.value != int(figure.value):
            continue
        start = t0 + said.start("numerator")
        if _said_fraction(numerator / figure.value, start, figure, segment):
            segment.english = [other for other in segment.english  # the numerator, with its qualifier ("about 3")
                               if other is figure or not (other.start < figure.start and start < other.end)]
            segment.english.remove(figure)
    for figure in list(segment.english):
        said = DENOMINATOR_WORDS.match(segment.text, figure.end - t0)
        denominator = _word_value(said.group("denominator"), segment) if said else None
        if said is not None and denominator and _said_fraction(figure.value / denominator, figure.start,
                                                               figure.model_copy(update={"end": t0 + said.end()}),
                                                               segment):
            segment.english.remove(figure)


def _said_fraction(share: float, start: int, figure: Figure, segment: _Segment) -> bool:
    """The source fraction the English `share` (said from `start` to the figure's end) renders, flagged when its share
    differs; False when the segment has no fraction for it."""
    t0 = segment.pair.text[0]
    slot = _take(segment, partial(_fraction_of, share)) or _take(segment, _fraction)
    if slot is None:
        return False
    if not math.isclose(_share(slot), share, rel_tol=1e-6):
        text = segment.text[start - t0:figure.end - t0]
        segment.flags.append(flag(
            "source_value_mismatch", "error",
            f"{slot.figure.text} is {_share_words(_share(slot))}; the English “{text}” says {_share_words(share)}.",
            [(start, figure.end)], [figure.id, slot.figure.id], suggestion=_share_words(_share(slot)),
            source_spans=[(slot.figure.start, slot.figure.end)]))
    return True


def _below_zero(segment: _Segment) -> None:
    """An English figure followed by "below zero" ("15 degrees below zero" for 零下15度) is the negative number; the
    English reader reads "below zero" as a number of its own, which is the sign, not a figure."""
    t0 = segment.pair.text[0]
    for figure in list(segment.english):
        said = BELOW_ZERO.match(segment.text, figure.end - t0)
        if said is None or figure.range is not None or not figure.value or figure.value < 0:
            continue
        segment.english = [other for other in segment.english if not t0 + said.start("sign") <= other.start < t0 + said.end()]
        segment.english[segment.english.index(figure)] = figure.model_copy(update={"value": -figure.value})


def _fahrenheit(segment: _Segment) -> None:
    """An English temperature in degrees Fahrenheit takes pint's unit for it, so a source temperature in degrees
    Celsius is compared in it (15摄氏度 as "59 degrees Fahrenheit"; the English reader gives the figure the unit
    of "degrees"); the same temperature given again on the other scale in brackets ("15°C (59°F)") is a gloss, no
    figure of its own."""
    t0 = segment.pair.text[0]
    english = segment.english
    for i, figure in enumerate(english):
        if figure.kind == "quantity" and (figure.unit == "F" or FAHRENHEIT.match(segment.text, figure.end - t0)):
            english[i] = figure.model_copy(update={"unit": "degF"})
    for first, second in zip(list(english), list(english[1:])):
        if (first.kind == second.kind == "quantity" and (first.unit == "degF") != (second.unit == "degF")
                and TEMPERATURE_GLOSS.fullmatch(segment.text, first.end - t0, second.start - t0)
                and _same_temperature(first, second)):
            english.remove(second)


def _same_temperature(first: Figure, second: Figure) -> bool:
    """One temperature on both scales, to the degree: 15 and 59 (°C and °F), either way round."""
    celsius, fahrenheit = (second, first) if first.unit == "degF" else (first, second)
    return abs(celsius.value * 9 / 5 + 32 - fahrenheit.value) < 1


def _fraction_of(share: float, slot: _Slot) -> bool:
    return _fraction(slot) and math.isclose(_share(slot), share, rel_tol=1e-6)


def _fraction(slot: _Slot) -> bool:
    return slot.figure.name is None and "分之" in slot.figure.text and 0 < _share(slot) < 1


def _share(slot: _Slot) -> float:
    """A source fraction as a share of one: 三分之一 is 1/3; a rate (千分之五, 0.5%) is read in percent."""
    return slot.value / 100 if slot.figure.kind == "percent" else slot.value


def _share_words(share: float) -> str:
    """A share as a percentage, for a message: 0.25 → "25%"."""
    return f"{share * 100:.3g}%"


def _word_value(word: str, segment: _Segment) -> float | None:
    """The value of an English number in digits or in one word ("one", "3"), or None."""
    if word.isdigit():
        return float(word)
    lowered = word.lower()
    return next((value for value, words in segment.lexicon_words.items() if lowered in words), None)


def _one_per_range(flags: list[Flag], segment: _Segment) -> list[Flag]:
    """The flags of one English range's two ends against one source figure, of one kind, joined into one
    flag with both spans ("3 to 5 million" for 3万至5万人: one magnitude slip, not two)."""
    ranges = {figure.id: figure for figure in segment.english if figure.range is not None}
    kept: list[Flag] = []
    joined: dict[tuple[str, str, tuple[float, float]], int] = {}
    for found in flags:
        figure = ranges.get(found.refs[0]) if len(found.refs) == 2 else None
        if figure is None or figure.range is None:
            kept.append(found)
            continue
        key = (found.kind, found.refs[1], figure.range)
        if key not in joined:
            joined[key] = len(kept)
            kept.append(found)
            continue
        first = kept[joined[key]]
        spans = sorted(first.spans + found.spans)
        text = segment.text[spans[0][0] - segment.pair.text[0]:spans[-1][1] - segment.pair.text[0]]
        quoted = segment.text[first.spans[0][0] - segment.pair.text[0]:first.spans[0][1] - segment.pair.text[0]]
        kept[joined[key]] = first.model_copy(update={
            "spans": spans, "refs": list(dict.fromkeys(first.refs + found.refs)),
            "message": first.message.replace(f"“{quoted}”", f"“{text}”")})
    return kept


def _counted_noun(figure: Figure, source: SourceFigure, rules: _Rules) -> list[Flag]:
    """The English counts its number with a noun of another measure word, not of the source's (15栋,
    buildings, → "15-storey"): the number is right, what it counts is not."""
    classifier = rules.classifiers.get(source.rule or "")
    noun = (figure.unit or "").lower().split()[-1:] or [""]
    owners = rules.noun_owners.get(noun[0].strip("-"), frozenset())
    if classifier is None or not owners or classifier.unit_rule in owners:
        return []
    others = sorted({rules.classifiers[owner].counts for owner in owners})
    return [_source_flag(
        "source_counted_noun", "warning",
        f"{source.text} counts {classifier.counts}; the English counts {figure.unit} with “{figure.text}”, what "
        f"another measure word counts ({', '.join(others)}): the number is right, what it counts is not.",
        figure, source, suggestion=f"{figure.text} {classifier.counts}")]


@dataclass(frozen=True)
class _Rendering:
    """One English rendering of a numbered source event name: from its rank ("16th") to its head noun."""

    span: Span
    source_span: Span
    text: str

    @property
    def words(self) -> str:
        return " ".join(re.findall(r"[a-z0-9]+", self.text.lower()))


def _event_renderings(segments: list[_Segment], reach: float) -> list[Flag]:
    """A numbered event the source names the same way twice or more (第十六届中日节能环保综合论坛) that the
    English names in different words ("… Energy Conservation … Forum", "… Energy Saving … Forum"): one
    event reads as several, and at most one of the renderings is its name."""
    renderings: dict[str, list[_Rendering]] = {}
    for segment in segments:
        (t0, _), (s0, _) = segment.pair.text, segment.pair.source
        ranks = [number for number in segment.set_aside if number.parts.rule in segment.rules.ranks]
        for event in numbered_events(segment.source, segment.rules.source):
            rank = next((number for number in ranks if number.value == event.number), None)
            if rank is None:
                continue
            ranks.remove(rank)
            head = event.english.search(segment.text, rank.start - t0, rank.start - t0 + int(reach))
            if head is not None:
                renderings.setdefault(event.name, []).append(_Rendering(
                    (rank.start, t0 + head.end()), (s0 + event.start, s0 + event.end),
                    segment.text[rank.start - t0:head.end()]))
    flags = []
    for name, found in renderings.items():
        distinct = list(dict.fromkeys(rendering.words for rendering in found))
        if len(distinct) < 2:
            continue
        written = "”, “".join(dict.fromkeys(rendering.text for rendering in found))
        flags.append(flag(
            "source_name_renderings", "warning",
            f"“{name}” is one name in the source ({len(found)} times); the English renders it {len(distinct)} ways "
            f"(“{written}”): a reader takes them for different events, and at most one is the event's name.",
            [rendering.span for rendering in found], [], suggestion="one rendering throughout: the event's established English name",
            source_spans=[rendering.source_span for rendering in found]))
    return flags


@dataclass(frozen=True)
class _Rank:
    """An English rank in a segment ("14th", "fourteenth"): where, and its number."""

    start: int
    end: int
    number: int


def _english_ranks(segment: _Segment) -> list[_Rank]:
    """The ranks of an English segment, digits ("14th", set aside by the figure reader) and words ("first")."""
    t0 = segment.pair.text[0]
    ranks = [_Rank(number.start - t0, number.end - t0 + len(suffix.group()) if (suffix := ORDINAL_SUFFIX.match(
                 segment.text, number.end - t0)) else number.end - t0, int(number.value))
             for number in segment.set_aside
             if number.parts.rule in segment.rules.ranks and number.value == int(number.value)]
    words = "|".join(sorted(segment.rules.ordinals, key=len, reverse=True))
    ranks += [_Rank(match.start(), match.end(), segment.rules.ordinals[match.group().lower()])
              for match in re.finditer(rf"(?i)\b(?:{words})\b", segment.text)]
    return sorted(ranks, key=lambda rank: rank.start)


def _head_after(rank: _Rank, segment: _Segment, heads: tuple[re.Pattern[str], ...], reach: int) -> re.Match[str] | None:
    """The first head noun of any numbered event ("Games", "session") within reach after the rank."""
    found = [match for head in heads if (match := head.search(segment.text, rank.end, rank.end + reach)) is not None]
    return min(found, key=lambda match: match.start(), default=None)


def _event_ordinals(segment: _Segment, reach: int) -> list[Flag]:
    """Each numbered event of the source segment (第十四届全运会, 十四届全国人大一次会议) against the English ranks:
    its rank given to another event's noun ("the 14th session" for 十四届全国人大 in "the first National People's
    Congress of the 14th session"), another rank on its noun ("the 13th National Games"), or its noun with no
    rank and no number of its value at all: the English has moved, changed or dropped the event's number."""
    events = numbered_events(segment.source, segment.rules.source)
    if not events:
        return []
    heads = event_heads(segment.rules.source)
    ranks = _english_ranks(segment)
    placed = {id(rank): _head_after(rank, segment, heads, reach) for rank in ranks}
    flags = []
    for event in events:
        own = next((rank for rank in ranks if rank.number == event.number), None)
        if own is not None:
            ranks.remove(own)
            head = placed[id(own)]
            if head is not None and not event.english.fullmatch(head.group()):
                flags.append(_event_flag(event, segment, (own.start, head.end()), (
                    f"the English puts the rank “{segment.text[own.start:own.end]}” on “{head.group()}”, another "
                    f"noun than the event's")))
            continue
        other = next((rank for rank in ranks if (head := placed[id(rank)]) is not None
                      and event.english.fullmatch(head.group())), None)
        if other is not None:
            ranks.remove(other)
            flags.append(_event_flag(event, segment, (other.start, other.end), (
                f"the English ranks it “{segment.text[other.start:other.end]}” ({other.number})")))
            continue
        noun = event.english.search(segment.text)
        if noun is not None and not _says_number(event.number, segment):
            flags.append(_event_flag(event, segment, noun.span(), (
                f"the English names it (“{noun.group()}”) without its number")))
    return flags


def _rank_mismatches(segment: _Segment) -> list[Flag]:
    """Ranks of the source segment (第四个行动日, 第七大) against the English ranks: an English rank of another
    number ("the fifth day of action") where the source's number is said nowhere in the English, as a rank or a
    number, has changed the order. Ranks of numbered events, days of dates ("the 10th" for 10日) and ranks inside
    English times are left to their own checks."""
    (t0, _), (s0, _) = segment.pair.text, segment.pair.source
    events = numbered_events(segment.source, segment.rules.source)
    taken = [(event.start, event.end) for event in events] + [(time.start - s0, time.end - s0) for time in segment.times]
    ranks: list[tuple[re.Match[str], int]] = []
    for pattern in segment.rules.source_ranks:
        for match in pattern.finditer(segment.source):
            numeral = read_numeral(match.group("number"), 0)
            if (numeral is not None and numeral.value == int(numeral.value) and numeral.value > 0
                    and not any(match.start() < end and start < match.end() for start, end in taken)):
                ranks.append((match, int(numeral.value)))
    if not ranks:
        return []
    days = {int(day.group(2)) for time in segment.times if (day := MONTH_DAY.match(time.value or ""))}
    skipped = days | {event.number for event in events}
    english = [rank for rank in _english_ranks(segment) if rank.number not in skipped
               and not any(time.start <= t0 + rank.start < time.end for time in segment.english_times)]
    given = {number for _, number in ranks}
    said = {rank.number for rank in english}
    lost = [(match, number) for match, number in ranks if number not in said and not _says_number(number, segment)]
    other = [rank for rank in english if rank.number not in given]
    return [flag(
        "source_rank_mismatch", "error",
        f"the source ranks this {_ordinal(number)} (“{match.group()}”); the English says “{segment.text[rank.start:rank.end]}”.",
        [(t0 + rank.start, t0 + rank.end)], [], suggestion=_ordinal(number),
        source_spans=[(s0 + match.start(), s0 + match.end())])
        for rank, (match, number) in zip(other, lost)]


def _says_number(number: int, segment: _Segment) -> bool:
    """Whether the English segment gives `number` anywhere: as digits or as a number word."""
    words = segment.rules.number_words.get(float(number), frozenset())
    spelled = "|".join([re.escape(str(number)), *map(re.escape, words)])
    return re.search(rf"(?i)(?<![\w.]){'(?:' + spelled + ')'}(?![\w.])", segment.text) is not None


def _event_flag(event: NumberedEvent, segment: _Segment, span: tuple[int, int], what: str) -> Flag:
    (t0, _), (s0, _) = segment.pair.text, segment.pair.source
    return flag(
        "source_event_ordinal", "warning",
        f"“{event.name}” in the source is numbered {event.number} (the {_ordinal(event.number)}); {what}.",
        [(t0 + span[0], t0 + span[1])], [], suggestion=f"the {_ordinal(event.number)} … as in the source",
        source_spans=[(s0 + event.start, s0 + event.end)])


def _context_misread(figure: Figure, source: SourceFigure, segment: _Segment) -> list[Flag]:
    """The English reads the source word just before a right number as part of it (疫情前33% → "the top
    33%": 前 closes 疫情前, before the pandemic, it does not make 前33%, the top 33%)."""
    source_before = segment.source[:source.start - segment.pair.source[0]]
    english_before = segment.text[:figure.start - segment.pair.text[0]]
    for rule in segment.rules.number_contexts:
        said = re.search(rule.before, source_before)
        misread = re.search(rule.misread, english_before)
        if said is None or misread is None:
            continue
        start = segment.pair.text[0] + misread.start()
        return [flag(
            "source_context_misread", "warning",
            f"“{said.group()}” is {rule.says}; the English reads it with the number {source.text} as "
            f"{rule.misread_as}: “{segment.text[misread.start():figure.end - segment.pair.text[0]]}”.",
            [(start, figure.end)], [figure.id, source.id], suggestion=rule.says,
            source_spans=[(segment.pair.source[0] + said.start(), source.end)])]
    return []


@functools.lru_cache(maxsize=8)
def _from_below(rules: RuleSet) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The qualifiers that approximate from below ("nearly", 近): English phrases, source words."""
    english = tuple(phrase.lower() for rule in rules.get("figures/qualifiers", QualifierPhrase) if rule.from_below
                    for phrase in rule.phrases())
    return english, tuple(rule.word for rule in rules.get("source/qualifiers", SourceQualifier) if rule.from_below)


def _side(qualifier: str | None, text: str, from_below: tuple[str, ...]) -> str | None:
    """Which side of its number a qualified figure lies: "above" (more than, 超过, 多), "below" (less than,
    不到, and the approximations from below: nearly, 近), or None (about, 约, up to, none)."""
    if qualifier in ("more_than", "at_least"):
        return "above"
    if qualifier in ("less_than", "at_most") or (qualifier == "approx" and text.lower().startswith(from_below)):
        return "below"
    return None


def _qualifier_turned(figure: Figure, source: SourceFigure, segment: _Segment) -> list[Flag]:
    """A right number with its bound turned round: 8000多元 (more than 8,000) as "almost 8,000 yuan", 近5万
    (nearly 50,000) as "more than 50,000". Only when the two cannot both hold ("more than 4.8" for 近4.82 can)."""
    if figure.range is not None or source.range is not None:
        return []
    english_words, source_words = _from_below(segment.rules.source)
    english = _side(figure.qualifier, figure.text, english_words)
    said = _side(source.qualifier, source.text, source_words)
    if english is None or said is None or english == said:
        return []
    if (figure.value < source.value) if english == "above" else (figure.value > source.value):
        return []
    says = {"above": "more than", "below": "under"}
    return [_source_flag(
        "source_qualifier_turned", "warning",
        f"{source.text} in the source is {says[said]} {rendering(source, segment.lexicon)}; the English "
        f"“{figure.text}” puts it {english} that number: the number is right, the side of it is not.",
        figure, source, suggestion=f"{says[said]} {rendering(source, segment.lexicon)}")]


#: The source qualifiers that put a figure on one side of its number, as English says them.
ONE_SIDED = {"more_than": "more than", "at_least": "at least", "less_than": "under", "at_most": "at most"}


def _qualifier_loosened(figure: Figure, source: SourceFigure, segment: _Segment) -> list[Flag]:
    """A right number whose bound became an estimate: 8000多元 (more than 8,000) as "about 8,000 yuan", 不到600
    (under 600) as "around 600": the source puts the figure on one side of its number, the English lets it lie on
    either. The source's approximations (约, 近: about, nearly) are no bound."""
    bound = ONE_SIDED.get(source.qualifier or "")
    if figure.range is not None or source.range is not None or figure.qualifier != "approx" or bound is None:
        return []
    english_words, _ = _from_below(segment.rules.source)
    if figure.text.lower().startswith(english_words):  # "nearly 8,000" for 8000多元 is a turned bound, not a loose one
        return []
    return _bound_lost(figure, source, f"{bound} {rendering(source, segment.lexicon)}",
                       f"“{figure.text}” makes it an estimate that may lie on either side: the number is right, the bound "
                       f"is lost.")


def _bound_as_addition(figure: Figure, source: SourceFigure, segment: _Segment) -> list[Flag]:
    """A bound read as an addition: 100余名志愿者 (more than 100 volunteers) as "100 more volunteers", which says
    100 on top of others the English has not counted."""
    t0 = segment.pair.text[0]
    if source.qualifier not in ("more_than", "at_least") or figure.qualifier is not None or figure.range is not None:
        return []
    if MORE_AFTER.match(segment.text, figure.end - t0) is None:
        return []
    return _bound_lost(figure, source, f"{ONE_SIDED[source.qualifier]} {rendering(source, segment.lexicon)}",
                       f"“{figure.text} more” adds {figure.text} to others instead: the number is right, the bound "
                       f"became an addition.")


def _bound_lost(figure: Figure, source: SourceFigure, said: str, english: str) -> list[Flag]:
    """The flag of a source bound (`said`: "more than 8,000 yuan") that the English wording lost as `english` tells."""
    return [_source_flag("source_qualifier_loosened", "warning", f"{source.text} in the source is {said}; the English "
                         f"{english}", figure, source, suggestion=said)]


def _magnitude_made_exact(figure: Figure, source: SourceFigure, segment: _Segment) -> list[Flag]:
    """A sum of money said as a bare magnitude, place words with no number before them (蒸发千亿美元: on the
    order of a hundred billion dollars), printed in digits with no qualifier ("$100 billion"): the English
    states an exact amount the source does not give. "About $100 billion" or "a hundred billion" keep it loose."""
    if (source.qualifier is not None or figure.qualifier is not None or source.kind != "money"
            or not BARE_MAGNITUDE.match(source.text) or not re.match(r"\W?\d", figure.text)):
        return []
    loose = f"about {rendering(source, segment.lexicon)}"
    return [_source_flag(
        "source_magnitude_made_exact", "warning",
        f"{source.text} in the source is a magnitude with no number before it (on the order of "
        f"{rendering(source, segment.lexicon)}); the English “{figure.text}” prints it as an exact amount.",
        figure, source, suggestion=loose)]


def _literal_readings(segment: _Segment) -> list[Flag]:
    """A source word the English renders by its everyday meaning where it means something else (家 of
    家机构, the measure word of institutions, rendered "home institutions")."""
    (t0, _), (s0, _) = segment.pair.text, segment.pair.source
    flags: list[Flag] = []
    for rule in segment.rules.literal_readings:
        said = re.search(rule.source, segment.source)
        if said is None:
            continue
        flags.extend(flag(
            "source_literal_reading", "warning",
            f"“{said.group()}” in the source: {rule.means}; the English “{english.group()}” renders it by its "
            f"everyday meaning.", [(t0 + english.start(), t0 + english.end())], [],
            source_spans=[(s0 + said.start(), s0 + said.end())])
            for english in re.finditer(rule.english, segment.text))
    return flags


def _year_events(segment: _Segment) -> list[Flag]:
    """A year's role in the source moved onto the year in the English: a period word that closes an event after
    the year (2019年疫情前, before the pandemic, in 2019) as "pre-2019 levels", the base of a change (比2021年增长,
    up on 2021) as its time ("up 19 times in 2021"): the English dates another time."""
    (t0, _), (s0, _) = segment.pair.text, segment.pair.source
    flags: list[Flag] = []
    for rule in segment.rules.source.get("source/year_events", SourceYearEvent):
        for said in re.finditer(rule.source, segment.source):
            year = said.group("year")
            says = rule.says.replace("{year}", year)
            flags.extend(flag(
                "source_period_moved", "warning",
                f"“{said.group()}” in the source is {says}; the English “{english.group()}” {rule.moved}.",
                [(t0 + english.start(), t0 + english.end())], [], suggestion=says,
                source_spans=[(s0 + said.start(), s0 + said.end())])
                for english in re.finditer(rule.english.replace("{year}", re.escape(year)), segment.text))
    return flags


def _turned_changes(segment: _Segment) -> list[Flag]:
    """An English ratio that goes the other way from the source segment's change (增加近半, up by nearly half,
    rendered "almost half as many", fewer): the number survived, the relation did not."""
    source = change_relations(segment.source, segment.rules.source, "zh")
    if not source:
        return []
    (t0, _), (s0, _) = segment.pair.text, segment.pair.source
    flags = []
    for english in change_relations(segment.text, segment.rules.source, "en"):
        change = next((change for change in source if change.direction != english.direction), None)
        if change is None:
            continue
        flags.append(flag(
            "source_change_turned", "error",
            f"{segment.source[change.start:change.end]} in the source is {change.says}; the English "
            f"“{segment.text[english.start:english.end]}” is {english.says}.",
            [(t0 + english.start, t0 + english.end)], [], suggestion=change.says,
            source_spans=[(s0 + change.start, s0 + change.end)]))
    return flags


def _turned_figures(segment: _Segment) -> list[Flag]:
    """A figure the source says went one way (增长5%, up 5%) rendered with the right number going the other
    ("fell 5%"): the direction is read beside each figure on both sides, and the English figures of one value said
    to go one way are counted against the source's of that value said to go that way, so a rise and a fall told in
    the other order (出口增长5%，进口下降5% as "imports fell 5% and exports rose 5%") are not mixed up."""
    (t0, _), (s0, _) = segment.pair.text, segment.pair.source
    said: dict[str, tuple[SourceFigure, FigureChange]] = {}
    for slot in segment.slots:
        change = figure_change(segment.source, slot.figure.start - s0, slot.figure.end - s0, segment.rules.source, "zh")
        if change is not None:
            said[slot.figure.id] = (slot.figure, change)
    available = Counter((round(source.value, 9), change.direction) for source, change in said.values())
    flags = []
    for figure, matched in segment.matched:
        english = figure_change(segment.text, figure.start - t0, figure.end - t0, segment.rules.source, "en")
        if english is None or matched.id not in said:
            continue
        key = (round(matched.value, 9), english.direction)
        if available[key] > 0:
            available[key] -= 1
            continue
        turned = next(((source, change) for source, change in said.values()
                       if math.isclose(source.value, matched.value) and change.direction != english.direction), None)
        if turned is not None:
            flags.append(_turned_flag(figure, english, *turned, segment))
    return flags


def _turned_flag(figure: Figure, english: FigureChange, source: SourceFigure, said: FigureChange,
                 segment: _Segment) -> Flag:
    (t0, _), (s0, _) = segment.pair.text, segment.pair.source
    words = {"up": "an increase", "down": "a decrease"}
    start, end = min(english.start, figure.start - t0), max(english.end, figure.end - t0)
    source_start = min(said.start, source.start - s0)
    return flag(
        "source_change_turned", "error",
        f"{segment.source[source_start:source.end - s0]} in the source is {words[said.direction]}; the English "
        f"“{segment.text[start:end]}” makes it {words[english.direction]}: the number is right, its direction is not.",
        [(t0 + start, t0 + end)], [figure.id, source.id], suggestion=f"{words[said.direction]} of {figure.text}",
        source_spans=[(s0 + source_start, source.end)])


def _split_ranges(segment: _Segment) -> None:
    """A range inside one source numeral (两三百, two or three hundred) printed as its first digit and its upper
    end ("two or 300", "2 to 300"): the scale word no longer reaches the first number, which now says 2. Flagged
    once, on both numbers, which are compared no further. "Two or three hundred" and "2 or 3 million" keep the
    scale (the upper end is in words or has a scale word); "200 or 300" is right."""
    t0 = segment.pair.text[0]
    for low, high in zip(segment.english, segment.english[1:], strict=False):
        if (high.parts.factor or high.parts.scale_word or not re.match(r"\W?\d", high.text)
                or not RANGE_OR.fullmatch(segment.text[low.end - t0:high.start - t0])):
            continue
        slot = _take(segment, partial(_split_range_of, low.value, high.value))
        if slot is None:
            continue
        source = slot.figure
        for other in segment.slots:  # both ends of the source range are rendered (wrongly) here
            other.used = other.used or other.figure.id == source.id
        text = segment.text[low.start - t0:high.end - t0]
        segment.flags.append(flag(
            "source_range_misread", "error",
            f"{source.text} is a range, {rendering(source, segment.lexicon)} (two neighbouring digits mean “this or the "
            f"next”); the English “{text}” gives the first end as {low.text}, without its scale.",
            [(low.start, high.end)], [low.id, source.id, high.id], suggestion=rendering(source, segment.lexicon),
            source_spans=[(source.start, source.end)]))
        segment.english = [figure for figure in segment.english if figure.id not in (low.id, high.id)]


def _split_range_of(low: float, high: float, slot: _Slot) -> bool:
    """A range inside one source numeral whose upper end is `high` and whose lower end is `low` times a power of ten."""
    source = slot.figure
    return (source.name is None and _adjacent(source) and source.range is not None
            and math.isclose(high, source.range[1])
            and any(math.isclose(low * 10 ** power, source.range[0]) for power in SCALE_SHIFTS))


def _one_of_added(segment: _Segment) -> list[Flag]:
    """An English "one of the closest" where the source segment says "the most" (最接近) and nowhere "one of"
    (之一): the one thing the source singles out is made one of several."""
    rules = [(rule, re.compile(rule.pattern)) for rule in segment.rules.source.get("source/superlatives", SourceSuperlative)]
    said = [match for rule, pattern in rules if rule.language == "zh" and rule.role == "superlative"
            for match in pattern.finditer(segment.source)]
    if not said or any(pattern.search(segment.source) for rule, pattern in rules if rule.language == "zh" and rule.role == "one_of"):
        return []
    (t0, _), (s0, _) = segment.pair.text, segment.pair.source
    found = [match for rule, pattern in rules if rule.language == "en" and rule.role == "one_of"
             for match in pattern.finditer(segment.text)
             if match.groupdict().get("adjective") is None or _superlative(match.group("adjective"))]
    return [flag(
        "source_one_of_added", "warning",
        f"the source segment singles one out (“{said[0].group()}”, the most) and nowhere says “one of” (之一); the "
        f"English “{match.group()}” makes it one of several.",
        [(t0 + match.start(), t0 + match.end())], [], suggestion="the … (as the source: the one, not one of several)",
        source_spans=[(s0 + found.start(), s0 + found.end()) for found in said])
        for match in found]


@functools.lru_cache(maxsize=1024)
def _superlative(word: str) -> bool:
    """Whether `word` is an adjective's superlative ("closest", "best"), not a word that only ends like one
    ("interest", "request"): LemmInflect's lemma of it, inflected as a superlative, gives it back."""
    from lemminflect import getInflection, getLemma

    word = word.lower()
    return any(len(lemma) > 2 and lemma != word and word in getInflection(lemma, "JJS")
               for lemma in getLemma(word, "ADJ"))


def _relative_days(segment: _Segment) -> list[Flag]:
    """An English day named relative to the report's day (yesterday, two days ago) that is none of the
    days the source segment names so (昨今两天 is yesterday and today, not "two days ago")."""
    days = source_relative_days(segment.source, segment.rules.source)
    if not days:
        return []
    offsets = {offset for day in days for offset in day.offsets}
    s0 = segment.pair.source[0]
    flags = []
    for time in segment.english_times:
        english = english_relative_day(time.text, segment.rules.source)
        if english is None or set(english.offsets) & offsets:
            continue
        says = " and ".join(dict.fromkeys(f"{segment.source[day.start:day.end]} ({day.says})" for day in days))
        flags.append(flag(
            "source_relative_day", "error",
            f"the source segment names {says}; the English “{time.text}” is {english.says}.",
            [(time.start, time.end)], [time.id], suggestion=days[0].says,
            source_spans=[(s0 + day.start, s0 + day.end) for day in days]))
    return flags


def _rendered_as_article(source: SourceFigure, least: float) -> bool:
    """一个, 一项, 一周: one of something, which English renders with "a" ("a week"), not with a figure."""
    return source.kind in ("count", "number", "quantity") and source.currency is None and source.range is None and source.value < least


def _listed_before(source: SourceFigure, segment: _Segment) -> bool:
    """荷兰、日本两国: a count right after a list of as many items joined by the enumeration comma, items that
    hold no figure (新发产品5只、存续产品2只 is a list of counts), is that list summed up (the two countries just
    named); an English that gives the list has rendered it."""
    if source.kind not in ("count", "number") or source.range is not None:
        return False
    clause = CLAUSE_BREAK.split(segment.source[:source.start - segment.pair.source[0]])[-1]
    items = clause.split("、")
    counted = any(source.start - len(clause) <= slot.figure.start < source.start for slot in segment.slots)
    return len(items) >= 2 and all(items) and len(items) == source.value and not counted


def _unsaid(source: SourceFigure, segment: _Segment, rounding: Rounding) -> bool:
    """A source figure written in digits (1095天, 约67%至75%) whose value no number of the English segment
    gives, as a figure, a name's number or a number set aside: the English dropped it, it did not reword
    it. Figures in words (两国, 四方, 二级) are often rendered without a number ("the Netherlands and Japan",
    "secondary"), and stay notes."""
    if not DIGITS.search(source.text):
        return False
    numbers = segment.english + segment.named + segment.set_aside
    return not any(_rounds_to(number, end, rounding) for number in numbers for end in _ends(source))


def _anchor(source: SourceFigure, segment: _Segment, rounding: Rounding, context: CheckContext) -> re.Match[str] | None:
    """Where the English segment renders what a source figure it lost counts or measures: an anchor word
    ("institutions" for 5家机构) with no number in the words before it, near the figure's place in the segment,
    in a segment that gives the figure's value nowhere. None when there is none, or the figure may be said
    with no number (a figure in words when the thresholds say so)."""
    if not DIGITS.search(source.text) and not source_threshold(context.rules, "translation.anchor_word_figures"):
        return None
    if _said_anywhere(source, segment, rounding):
        return None
    (s0, s1) = segment.pair.source
    patterns = [pattern for before, pattern in segment.rules.anchors_before
                if before.search(segment.source[:source.start - s0]) is not None]
    if source.rule in segment.rules.anchors:
        patterns.append(segment.rules.anchors[source.rule])
    window = int(source_threshold(context.rules, "translation.anchor_window"))
    place = (source.start - s0) / max(1, s1 - s0)
    found = [match for pattern in patterns for match in pattern.finditer(segment.text)
             if not _counted(match, segment.text, window, segment.rules.english_number)]
    reach = source_threshold(context.rules, "translation.anchor_position")
    near = [match for match in found if abs(match.start() / max(1, len(segment.text)) - place) <= reach]
    return min(near, key=lambda match: abs(match.start() / max(1, len(segment.text)) - place), default=None)


def _counted(match: re.Match[str], text: str, window: int, number: re.Pattern[str]) -> bool:
    """Whether a number stands among the `window` words before an English anchor ("5 institutions",
    "tens of thousands of yuan") or in the anchor itself ("two-way")."""
    before = " ".join(text[:match.start()].split()[-window:]) if window else ""
    return number.search(before) is not None or number.search(match.group()) is not None


def _said_anywhere(source: SourceFigure, segment: _Segment, rounding: Rounding) -> bool:
    """Whether the English segment gives the source figure's value anywhere: as a number it read (a figure,
    a name's number, a number set aside), in digits or words, or as a count word ("both" for 两)."""
    numbers = segment.english + segment.named + segment.set_aside
    if any(_rounds_to(number, end, rounding) for number in numbers for end in _ends(source)):
        return True
    for end in _ends(source):
        count = segment.rules.english_counts.get(end)
        if (count is not None and count.search(segment.text)) or (end == int(end) and _says_number(int(end), segment)):
            return True
    return False


def _set_aside(number: Figure, segment: _Segment, rounding: Rounding) -> None:
    """A rank ("16th") may render a numbered source name (第十六届 is read as no figure at all); a rank
    that takes the place of a source count (百人 → "the 100th delegation") is flagged. Any other number set
    aside is compared with the source's numbered names, when it measures or counts something ("92-year",
    "Four things"; "one-stop" does neither) or renders an idiom's numeral (一目了然 → "in one place"), and
    with its dates ("10 news" for 10日消息) unless it is part of an English date already."""
    if any(time.start <= number.start < time.end for time in segment.english_times):
        return
    if number.parts.rule in segment.rules.ranks:
        slot = _take(segment, partial(_named_slot, number, rounding))
        if slot is not None:
            segment.flags.extend(_established_name(number, slot.figure, segment))
            return
        slot = _take(segment, partial(_counted_slot, number))
        if slot is not None:
            segment.flags.append(_rank(number, slot.figure, segment))
        return
    slot = _take(segment, partial(_named_slot, number, rounding))
    if slot is None:
        _date_flag(number, segment)
    elif (number.unit is not None or number.parts.rule not in segment.rules.not_figures
          or slot.figure.name in segment.rules.idioms or slot.figure.rule in segment.rules.set_phrases):
        segment.flags.extend(_name_rendered(number, slot.figure, segment))


def _name_rendered(number: Figure, source: SourceFigure, segment: _Segment) -> list[Flag]:
    """An English number that renders the numeral of a numbered source name: flagged, unless it is part of an
    accepted English rendering of a proper name (三峡 → "the Three Gorges")."""
    if _in_accepted_rendering(number.start, number.end, source.name, segment):
        return []
    return [_numbered_name(number, source, segment.rules)]


def _in_accepted_rendering(start: int, end: int, name: str | None, segment: _Segment) -> bool:
    entry = segment.rules.numeral_names.get(name or "")
    if entry is None:
        return False
    t0 = segment.pair.text[0]
    return any(match.start() <= start - t0 and end - t0 <= match.end()
               for accepted in entry[2] for match in accepted.finditer(segment.text))


def _numeral_name_words(segment: _Segment) -> list[Flag]:
    """English number words for the numeral of a proper name in the source segment ("hundred degrees" for 百度,
    Baidu) that the English reader took for no figure: the name translated word for word. Numbers it read as
    figures are judged against the source figures (an English "Three" for the 三 of 三亚); "one" is too common
    in English to tell a name's 一 by."""
    (t0, _), (s0, _) = segment.pair.text, segment.pair.source
    read = [(number.start - t0, number.end - t0) for number in segment.english + segment.named + segment.set_aside]
    flags = []
    named: list[tuple[int, int]] = []  # a name inside a longer one (九龙 of 九龙江) is the longer one's
    for name, (rule, pattern, _) in segment.rules.numeral_names.items():  # longest first
        found = next((match for match in pattern.finditer(segment.source)
                      if not any(start <= match.start() and match.end() <= end for start, end in named)), None)
        if found is None:
            continue
        named.append(found.span())
        values = {numeral.value for char in name if (numeral := read_numeral(char, 0)) is not None} - {1.0}
        words = {word for value in values for word in segment.rules.number_words.get(value, ())}
        if not words:
            continue
        english = re.compile(r"(?i)\b(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")\b")
        for match in english.finditer(segment.text):
            if (any(start < match.end() and match.start() < end for start, end in read)
                    or _in_accepted_rendering(t0 + match.start(), t0 + match.end(), name, segment)):
                continue
            flags.append(flag(
                "source_numbered_name", "warning",
                f"“{name}” is a {rule.kind} name ({rule.english}); its numeral counts nothing, and the English "
                f"renders it word for word as “{match.group()}”.",
                [(t0 + match.start(), t0 + match.end())], [], suggestion=rule.english,
                source_spans=[(s0 + found.start(), s0 + found.end())]))
    return flags


def _established_name(number: Figure, source: SourceFigure, segment: _Segment) -> list[Flag]:
    """A rank that renders a numbered source name (二十大 → "20th") in a segment without what the name's
    established English rendering holds ("20th CPC General Assembly", not "Congress")."""
    rule = segment.rules.names.get(source.rule or "")
    if rule is None or rule.english is None or re.search(rule.english, segment.text):
        return []
    t0 = segment.pair.text[0]
    named = NAME_AFTER_NUMBER.match(segment.text, number.start - t0)
    end = t0 + named.end() if named is not None else number.end
    rendered = segment.text[number.start - t0:end - t0]
    return [flag(
        "source_numbered_name", "warning",
        f"“{source.name}” is a name with an established English rendering ({rule.english_name}); the English "
        f"renders it word for word as “{rendered}”.",
        [(number.start, end)], [number.id, source.id], suggestion=rule.english_name,
        source_spans=[(source.start, source.end)])]


def _counted_slot(number: Figure, slot: _Slot) -> bool:
    """A source count of something (百人, 3个; not a bare 1) of the rank's number, not a range's end."""
    return (slot.figure.name is None and slot.figure.kind == "count" and slot.figure.range is None
            and slot.value == number.value)


def _renamed_number(source: SourceFigure, segment: _Segment) -> list[Flag]:
    """English names in the segment that give a numbered source name's number as another ordinal
    (九二共识 → "Ninth Conciliation"): the name was translated word for word, and wrongly."""
    found = []
    flagged = {span for kept in segment.flags if kept.kind == "source_numbered_name" for span in kept.spans}
    for mention in segment.mentions:
        name = mention.entity.name
        numbers = [segment.rules.ordinals[word] for word in re.findall(r"[a-z]+", name.lower()) if word in segment.rules.ordinals]
        if not numbers or any(number in (source.value, source.value % 100) for number in numbers):
            continue
        if (mention.start, mention.end) in flagged:
            continue
        found.append(flag(
            "source_numbered_name", "warning",
            f"“{source.name}” is a name numbered {source.text} ({source.value:g}); the English name "
            f"“{name}” gives it as {numbers[0]}.",
            [(mention.start, mention.end)], [mention.entity.id, source.id],
            suggestion=f"the established English name of “{source.name}”", source_spans=[(source.start, source.end)]))
        flagged.add((mention.start, mention.end))
    return found


def _date_flag(figure: Figure, segment: _Segment) -> Flag | None:
    """The flag for an English bare number that is a source date's day, added to the segment's flags."""
    found = _date(figure, segment)
    if found is not None:
        segment.flags.append(found)
    return found


def _same_kind(figure: Figure, source: SourceFigure) -> bool:
    """Same kind of figure on both sides; a bare English number goes with a bare or counted source number."""
    if figure.kind == source.kind:
        return figure.kind != "quantity" or figure.unit == source.unit or figure.unit is None or source.unit is None
    return {figure.kind, source.kind} <= {"number", "count"}


def _exact_unnamed(figure: Figure, rounding: Rounding, strict: bool, rates: Conversions, ends: bool,
                   slot: _Slot) -> bool:
    """An exact slot that is no name's numeral: a count the English renders goes to a count before a name
    that holds the same numeral ("three airports" is 三个机场, not the 三 of 三亚)."""
    return slot.figure.name is None and _exact(figure, rounding, strict, rates, ends, slot)


def _exact(figure: Figure, rounding: Rounding, strict: bool, rates: Conversions, ends: bool, slot: _Slot) -> bool:
    """The slot holds the English figure's value (as rounded, and in the English figure's rate unit: 25个基点 as
    "0.25 percentage points"), in its currency, and (when strict) of its kind; with `ends`, the ends of the range
    the English figure belongs to count as its values too."""
    return (any(_rounds_to(figure, value, rounding, ends=ends) for value in _renderings(figure, slot, rates) or [])
            and _same_currency(figure, slot.figure) and (not strict or _same_kind(figure, slot.figure)))


def _rate_unit(kind: str, unit: str | None, value: float) -> str | None:
    """The rate unit of a figure (%, pp, bp; x for a multiple; 1 for a bare number below one), or None."""
    if kind == "percent":
        return unit or "%"
    if kind == "multiple":
        return "x"
    return "1" if kind == "number" and 0 < abs(value) < 1 else None


def _renderings(figure: Figure, slot: _Slot, rates: Conversions) -> list[float] | None:
    """The values the English figure may print for the slot, in its own unit: the slot's value, or its
    conversions (3倍 → 300% or 200%, 10亩 → 6,667 square metres); None when both are rate units that say different
    things (个百分点 → %)."""
    measured = _measured(figure, slot, rates)
    if measured is not None:
        return [measured]
    english = _rate_unit(figure.kind, figure.unit, figure.value)
    source = _rate_unit(slot.figure.kind, slot.figure.unit, slot.value)
    if english is None or source is None or english == source:
        return [slot.value]
    converted = [slot.value * factor + offset for factor, offset in rates.rates.get((source, english), [])]
    if "1" in (english, source):
        return [slot.value, *converted]
    return converted or None


def _measured(figure: Figure, slot: _Slot, conversions: Conversions) -> float | None:
    """The slot's quantity in the English figure's unit, when both are quantities in different units of one
    dimension (10亩 in m²: 6,666.7; 10斤 in kg: 5), else None."""
    if figure.kind != "quantity" or slot.figure.kind != "quantity" or not figure.unit or figure.unit == slot.figure.unit:
        return None
    source = conversions.measures.get(slot.figure.rule or "")
    return None if source is None else _converted(slot.value, source, pint_symbol(figure.unit))


@functools.lru_cache(maxsize=1024)
def _converted(value: float, source: str, english: str) -> float | None:
    """`value` of the pint expression `source` in the unit `english`; None when pint cannot read one or their
    dimensions differ."""
    import pint

    registry = unit_registry()
    try:
        quantity = registry.parse_expression(source)  # a Quantity built from its unit, so an offset unit (°C) converts
        return float(registry.Quantity(value * quantity.magnitude, quantity.units).to(registry.parse_units(english)).magnitude)
    except (pint.PintError, ValueError, AssertionError, TypeError, AttributeError):
        return None


def _unit_slot(figure: Figure, rounding: Rounding, rates: Conversions, slot: _Slot) -> bool:
    """A slot of the English figure's number in a unit that says another thing (2个百分点 → "2%", 3倍 → "3%",
    10斤 → "10 kg")."""
    measured = _measured(figure, slot, rates)
    if measured is not None:
        return (slot.figure.name is None and _rounds_to(figure, slot.value, rounding)
                and not _rounds_to(figure, measured, rounding))
    english = _rate_unit(figure.kind, figure.unit, figure.value)
    source = _rate_unit(slot.figure.kind, slot.figure.unit, slot.value)
    return (slot.figure.name is None and None not in (english, source) and english != source and "1" not in (english, source)
            and _rounds_to(figure, slot.value, rounding)
            and not any(_rounds_to(figure, value, rounding) for value in _renderings(figure, slot, rates) or []))


def _same_value(figure: Figure, rounding: Rounding, slot: _Slot) -> bool:
    return slot.figure.name is None and _rounds_to(figure, slot.value, rounding)


def _named_slot(figure: Figure, rounding: Rounding, slot: _Slot) -> bool:
    return slot.figure.name is not None and _rounds_to(figure, slot.value, rounding)


def _comparable_slot(figure: Figure, slot: _Slot) -> bool:
    return slot.figure.name is None and _comparable(figure, slot.figure)


def _shift_of(figure: Figure, rounding: Rounding, scale: float, slot: _Slot) -> bool:
    return _scaled(slot.figure) and _same_currency(figure, slot.figure) and _rounds_to(figure, slot.value, rounding, scale)


def _take(segment: _Segment, fits: Callable[[_Slot], bool]) -> _Slot | None:
    for slot in segment.slots:
        if not slot.used and fits(slot):
            slot.used = True
            return slot
    return None


def _tolerance(figure: Figure, target: float, rounding: Rounding) -> float:
    """How far the English figure may be from `target` and still be its rounding.

    A decimal is read to its last digit ("4.8 billion" for 4.82亿, not "4.2 billion"); a whole number
    with trailing zeros may round to them ("17,000" for 16,700), but by no more than the cap (5%).
    """
    match = NUMBER.search(figure.text)
    factor = figure.parts.factor or 1.0
    if match is None:
        return 0.0
    if match.group(1):
        return rounding.slack * 10 ** -len(match.group(1)) * factor
    digits = match.group().replace(",", "")
    trailing = min(len(digits) - len(digits.rstrip("0")), max(len(digits) - 1, 0))
    if trailing == 0:
        return rounding.slack * factor * 0.999
    return min(0.5 * 10 ** trailing * factor, rounding.cap * abs(target))


def _rounds_to(figure: Figure, value: float, rounding: Rounding, scale: float = 1.0, ends: bool = True) -> bool:
    """Whether the English figure (or, with `ends`, an end of its range) is `value` (times `scale`) as rounded to
    the English's printed digits."""
    target = value * scale
    values = [figure.value] + (list(figure.range) if figure.range and ends else [])
    values += [abs(value) for value in values if value < 0]  # "3.70% -4.20%": a range's dash read as a sign
    tolerance = _tolerance(figure, target, rounding)
    return target != 0 and any(math.isclose(english, target, rel_tol=1e-9) or abs(english - target) <= tolerance
                               for english in values)


def _same_currency(figure: Figure, source: SourceFigure) -> bool:
    english = None if figure.parts.currency_inferred else figure.currency
    return english is None or source.currency is None or english == source.currency


def _comparable(figure: Figure, source: SourceFigure) -> bool:
    """Whether a differing English figure is plausibly the rendering of this source figure."""
    if figure.kind == "percent" or source.kind == "percent":
        return figure.kind == source.kind
    if figure.currency and source.currency:
        return True
    return (figure.kind == source.kind and figure.kind in ("money", "quantity")
            and (figure.unit == source.unit or (figure.unit, source.unit) == ("degF", "deg")))  # 15摄氏度: "51°F"


def _inside(value: float, source: SourceFigure) -> bool:
    assert source.range is not None
    low, high = source.range
    return low < value < high and not math.isclose(value, low) and not math.isclose(value, high)


def _shifted(figure: Figure, segment: _Segment, rounding: Rounding) -> Flag | None:
    if not _has_magnitude(figure):
        return None
    for power in SCALE_SHIFTS:
        for scale in (10.0 ** power, 10.0 ** -power):
            slot = _take(segment, partial(_shift_of, figure, rounding, scale))
            if slot is not None:
                return _scale(figure, slot.figure, scale, segment.lexicon)
    return None


def _leading_digits(figure: Figure, segment: _Segment) -> bool:
    """A small bare English number that is the leading digits of a range inside one source numeral
    ("sixteen or seven thousand" for 一万六七千): part of a word-for-word rendering, judged with the rest."""
    return not _has_magnitude(figure) and any(
        _adjacent(slot.figure) and any(math.isclose(figure.value * 10 ** power, end) for end in _ends(slot.figure)
                                       for power in SCALE_SHIFTS)
        for slot in segment.slots)


def _in_event_noun(figure: Figure, segment: _Segment) -> bool:
    """An English number inside the head noun of a numbered event the source segment names ("Five" of the
    "Five-Year Plan" for 十四五规划): part of the event's name, not a figure of its own."""
    t0 = segment.pair.text[0]
    return any(match.start() <= figure.start - t0 and figure.end - t0 <= match.end()
               for event in numbered_events(segment.source, segment.rules.source)
               for match in event.english.finditer(segment.text))


def _has_magnitude(figure: Figure) -> bool:
    """Whether an English figure states a magnitude that can have slipped: a scale word ("1.6 billion"), a
    currency, or four digits or more ("167,000"). A small bare number ("about sixteen" for 一万六七千) has
    lost its magnitude, or renders part of a numeral; it has not shifted it."""
    return bool(figure.parts.factor) or figure.currency is not None or abs(figure.value) >= 1000


def _scaled(source: SourceFigure) -> bool:
    """A source amount whose magnitude can slip: written with 万/亿/千 or at least a thousand (not 一家 or 30%)."""
    return (source.name is None and source.kind not in ("percent", "multiple")
            and (any(char in source.text for char in "万亿千") or abs(source.value) >= 1000))


def _misread(figure: Figure, segment: _Segment) -> Flag | None:
    for slot in segment.slots:
        if slot.figure.name is None and _adjacent(slot.figure):
            for power in range(0, 4):
                if _inside(figure.value / 10 ** power, slot.figure):
                    slot.used = True
                    return _range_misread(figure, slot.figure, power, segment.lexicon)
    return None


def _date(figure: Figure, segment: _Segment) -> Flag | None:
    """An English bare number that is the day of a source date (10日电 → "reporter 10")."""
    if figure.kind not in ("number", "count") or figure.value != int(figure.value) or not 1 <= figure.value <= 31:
        return None
    days = {time.value.split("/")[0].split("-")[-1] for time in segment.english_times if time.value}
    for time in segment.times:
        day = time.value.rsplit("-", 1)[-1]
        if MONTH_DAY.match(time.value or "") and int(day) == figure.value and day not in days:
            return flag(
                "source_date_as_number", "warning",
                f"{time.text} in the source is a date (the {_ordinal(int(day))} of the month); the English prints "
                f"it as the number “{figure.text}”.",
                [(figure.start, figure.end)], [figure.id], suggestion=f"on the {_ordinal(int(day))}",
                source_spans=[(time.start, time.end)],
            )
    return None


def _dates(segment: _Segment) -> list[Flag]:
    """English dates against the source segment's: a year the source does not print anywhere in the
    segment (an addition), and a day of a month the source dates otherwise (a wrong day), unless the source
    gives that day without its month too ("2月11日电 … 10日消息" for "February 11 … on the 10th")."""
    flags = []
    source_days = {match.groups() for time in segment.times if (match := MONTH_DAY.match(time.value or ""))}
    for time in segment.english_times:
        order = segment.rules.date_orders.get(time.rule or "")
        if order is not None and source_days:
            flags.append(_time_flag(
                "source_date_format", "warning", time, segment,
                f"the source writes this date month-day; the English “{time.text}” puts the day first, against "
                f"the en-US convention of the translation.", suggestion=order.suggestion))
        year = YEAR.search(time.text)
        if year is not None and not _source_has_year(int(year.group()), segment):
            flags.append(_time_flag(
                "source_date_extra", "warning", time, segment,
                f"the English dates this {year.group()} (“{time.text}”); the source segment it translates "
                f"gives no such year."))
            continue
        match = MONTH_DAY.match(time.value or "")
        if match is None or str(int(match.group(2))) not in DIGITS.findall(time.text):
            continue
        days = sorted(day for month, day in source_days if month == match.group(1))
        if days and match.group(2) not in days and ("XX", match.group(2)) not in source_days:
            flags.append(_time_flag(
                "source_date_mismatch", "error", time, segment,
                f"the source dates this day {int(days[0])} of month {int(match.group(1))}; the English says "
                f"“{time.text}”."))
    return flags


def _calendar(segment: _Segment) -> list[Flag]:
    """English months, quarters, halves and weekdays against the source segment's: a month the segment dates
    nothing in (3月10日 → "April 10"), a quarter or half it does not name (第三季度 → "the second quarter"), a
    weekday it does not give (周五 → "Thursday"). Only when the source segment names some of its kind: a month
    the source leaves out ("February 10" for 10日) or a relative month ("last month") is not compared."""
    to_date = {match.group(1) for time in segment.times if (match := TO_DATE.match(time.value or ""))}
    source = [part for time in segment.times if not TO_DATE.match(time.value or "") for part in (time.value or "").split("/")]
    months = {match.group(1) for part in source if (match := MONTH_PART.match(part))}
    periods = {match.group(1) for part in source if (match := PERIOD_PART.match(part))}
    weekdays = {int(part[-1]) for part in source if part.startswith("XXXX-WXX-")}
    english = {match.group(1) for time in segment.english_times for part in (time.value or "").split("/")
               if (match := MONTH_PART.match(part) or PERIOD_PART.match(part))}
    flags = []
    for time in segment.english_times:
        parts = (time.value or "").split("/")
        said = {match.group(1) for part in parts if (match := MONTH_PART.match(part))}
        if months and said - months and segment.rules.month_name.search(time.text):
            given = ", ".join(MONTHS[int(month)] for month in sorted(months))
            flags.append(_time_flag("source_date_mismatch", "error", time, segment,
                                    f"the source segment dates this in {given}; the English says “{time.text}”."))
            continue
        named = {match.group(1) for part in parts if (match := PERIOD_PART.match(part))}
        last = (said | named) & to_date
        if (last and len(said | named) == 1 and not (said | named) & (months | periods)
                and not english & _to_date_parts(min(last)) - last
                and not UP_TO.search(segment.text, 0, time.start - segment.pair.text[0])):
            span = _to_date_words(last.pop())
            flags.append(_time_flag(
                "source_date_mismatch", "error", time, segment,
                f"the source segment gives {span} together; the English “{time.text}” names only the last of them.",
                suggestion=span))
            continue
        other = {period for period in named - periods if any(given[0] == period[0] for given in periods)}
        if other:
            given = ", ".join(PERIOD_WORDS[period] for period in sorted(periods))
            flags.append(_time_flag("source_date_mismatch", "error", time, segment,
                                    f"the source segment names {given}; the English says “{time.text}”."))
    t0 = segment.pair.text[0]
    for match in segment.rules.weekday_name.finditer(segment.text) if weekdays else ():
        if segment.rules.weekdays[match.group().lower()] not in weekdays:
            given = ", ".join(WEEKDAYS[day] for day in sorted(weekdays))
            flags.append(flag("source_date_mismatch", "error",
                              f"the source segment gives the day of the week as {given}; the English says "
                              f"“{match.group()}”.", [(t0 + match.start(), t0 + match.end())], [],
                              suggestion=given, source_spans=[segment.pair.source]))
    return flags


def _clock(segment: _Segment) -> list[Flag]:
    """An English "3 a.m." or "three in the morning" where the source segment gives the hour with its part of the day
    (下午三点, 15:00), so the other half of the day: the hour is right, the time twelve hours off. A source hour with no
    part of the day (9点) may be either, and is not compared."""
    hours = _daypart_hours(segment)
    t0 = segment.pair.text[0]
    flags = []
    for start, end, hour, evening in _english_clock(segment) if hours else ():
        said, other = hour + 12 * evening, hour + 12 * (not evening)
        given = hours.get(other)
        if said in hours or given is None:
            continue
        flags.append(flag(
            "source_date_mismatch", "error",
            f"the source gives this time as {given.text} ({given.value[1:]}); the English “{segment.text[start:end]}” is "
            f"twelve hours off.", [(t0 + start, t0 + end)], [], suggestion=_twelve_hour(other, given.value),
            source_spans=[(given.start, given.end)]))
    return flags


def _daypart_hours(segment: _Segment) -> dict[int, SourceTime]:
    """The source segment's hours given with their part of the day (下午三点: 15), on the 24-hour clock."""
    return {int(time.value[1:3]): time for time in segment.times
            if time.rule == DAYPART_RULE and time.value and time.value.startswith("T")}


def _english_clock(segment: _Segment) -> Iterator[tuple[int, int, int, bool]]:
    """The English times of day that say their half of the day, as (start, end, hour on the 12-hour clock, whether
    p.m.) in the segment's text: "3 p.m.", "3:50 am", "three in the morning", "9 o'clock at night"."""
    for match in CLOCK_12H.finditer(segment.text):
        yield match.start(), match.end(), int(match.group("hour")) % 12, match.group("half").lower() == "p"
    for match in CLOCK_WORDS.finditer(segment.text):
        hour = _word_value(match.group("hour"), segment)
        if hour is not None and hour == int(hour) and 1 <= hour <= 12:
            yield match.start(), match.end(), int(hour) % 12, match.group("part") != "morning"


def _clock_hour(figure: Figure, segment: _Segment) -> bool:
    """An English number that is the hour of a time of day in words ("three in the morning") where the source gives
    its hours with their part of the day: a time, compared as one (_clock), no figure the source lacks."""
    t0 = segment.pair.text[0]
    return bool(_daypart_hours(segment)) and any(
        start <= figure.start - t0 and figure.end - t0 <= end for start, end, _, _ in _english_clock(segment))


def _to_date_words(last: str) -> str:
    """The first quarters or months of a year up to `last` ("Q3", "09"), in words: "the first three quarters",
    "January to September"."""
    return QUARTERS_TO_DATE.get(last) or f"{MONTHS[1]} to {MONTHS[int(last)]}"


def _to_date_parts(last: str) -> set[str]:
    """The quarters or months of the first ones of a year up to `last`: "Q3" → Q1, Q2, Q3; "02" → 01, 02. An English
    "January and February" names them all, which renders 前两个月."""
    if last.startswith("Q"):
        return {f"Q{quarter}" for quarter in range(1, int(last[1:]) + 1)}
    return {f"{month:02d}" for month in range(1, int(last) + 1)}


def _twelve_hour(hour: int, value: str) -> str:
    """15 and "T15:50" → "3:50 p.m."."""
    return f"{hour % 12 or 12}{value[3:] if value[4:6] != '00' else ''} {'p.m.' if hour >= 12 else 'a.m.'}"


def _repeated_days(segment: _Segment) -> list[Flag]:
    """An English day of the month given more often than the source segment gives it (a dateline the
    translation added: "Hanoi, February 11 (VNA) – … on February 11" for one 2月11日): one is an addition."""
    source = Counter(match.group(2) for time in segment.times if (match := MONTH_DAY.match(time.value or "")))
    english: dict[str, list[Time]] = {}
    for time in segment.english_times:
        if (match := MONTH_DAY.match(time.value or "")) is not None:
            english.setdefault(match.group(2), []).append(time)
    return [flag(
        "source_date_extra", "warning",
        f"the English gives the {_ordinal(int(day))} {len(times)} times (“{'”, “'.join(time.text for time in times)}”); "
        f"the source segment it translates gives it {source[day]} time{'s' if source[day] > 1 else ''}: one was added.",
        [(time.start, time.end) for time in times], [time.id for time in times], source_spans=[segment.pair.source])
        for day, times in english.items() if 0 < source[day] < len(times)]


def _source_has_year(year: int, segment: _Segment) -> bool:
    """The year printed in the source segment, as a date or decade, a number, or two digits naming it (九二共识: '92)."""
    return (str(year) in segment.source or any(_in_time(year, time.value or "") for time in segment.times)
            or any(slot.value in (year, year % 100) for slot in segment.slots))


def _in_time(year: int, value: str) -> bool:
    """A year in an ISO time value: 2023-02 holds 2023, the decade 198X holds 1980 to 1989."""
    digits = value.split("-")[0]
    return digits == str(year) or (len(digits) == 4 and digits.endswith("X") and str(year).startswith(digits[:3]))


def _time_flag(kind: str, severity: Severity, time: Time, segment: _Segment, message: str,
               suggestion: str | None = None) -> Flag:
    return flag(kind, severity, message, [(time.start, time.end)], [time.id], suggestion=suggestion,
                source_spans=[segment.pair.source])


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def rendering(source: SourceFigure, lexicon: Lexicon, value: float | None = None) -> str:
    """The English the source figure implies: 12.6亿元 → "1.26 billion yuan", 30% → "30%"."""
    amount = source.value if value is None else value
    words = lexicon.words
    text = f"{words(source.range[0])} to {words(source.range[1])}" if source.range is not None and value is None else words(amount)
    if source.kind == "percent" and source.unit in RATE_WORDS:
        return f"{text} {RATE_WORDS[source.unit]}"
    if source.kind == "percent":
        return text.replace(" to ", "% to ") + "%"
    if source.kind == "multiple":
        return f"{text} times"
    if source.currency:
        return f"{text} {CURRENCY_WORDS.get(source.currency, source.currency)}"
    if source.unit and source.kind == "quantity":
        return f"{text} {source.unit}"
    return text


def _source_flag(kind: str, severity: str, message: str, figure: Figure, source: SourceFigure,
                 suggestion: str | None = None) -> Flag:
    return flag(kind, severity, message, [(figure.start, figure.end)], [figure.id, source.id],  # type: ignore[arg-type]
                suggestion=suggestion, source_spans=[(source.start, source.end)])


def _scale(figure: Figure, source: SourceFigure, scale: float, lexicon: Lexicon) -> Flag:
    times = f"{scale:g} times" if scale >= 1 else f"1/{1 / scale:g} of"
    return _source_flag(
        "source_scale_mismatch", "error",
        f"{source.text} is {rendering(source, lexicon)}; the English says “{figure.text}”, {times} that: the magnitude "
        f"slipped in translation (万/亿 conversion).",
        figure, source, suggestion=rendering(source, lexicon))


def _range_misread(figure: Figure, source: SourceFigure, power: int, lexicon: Lexicon) -> Flag:
    return _source_flag(
        "source_range_misread", "error",
        f"{source.text} is a range, {rendering(source, lexicon)} (two neighbouring digits mean “this or the next”); "
        f"the English reads it as one number, “{figure.text}”.",
        figure, source, suggestion=rendering(source, lexicon))


def _unit(figure: Figure, source: SourceFigure, segment: _Segment) -> Flag:
    """The flag of a number kept in another unit, on the number and the unit word after it ("10 acres"): the unit
    is what is wrong."""
    lexicon = segment.lexicon
    t0 = segment.pair.text[0]
    word = UNIT_WORD.match(segment.text, figure.end - t0) if figure.kind == "quantity" else None
    if word is not None and not re.search(r"[A-Za-z%]", figure.text):
        figure = figure.model_copy(update={"end": t0 + word.end(), "text": segment.text[figure.start - t0:word.end()]})
    return _source_flag(
        "source_unit_mismatch", "error",
        f"the source says {rendering(source, lexicon)} ({source.text}); the English “{figure.text}” keeps the number in "
        f"another unit, which says another thing.",
        figure, source, suggestion=rendering(source, lexicon))


def _currency(figure: Figure, source: SourceFigure, lexicon: Lexicon) -> Flag:
    return _source_flag(
        "source_currency_mismatch", "warning",
        f"{source.text} is {rendering(source, lexicon)}; the English gives the amount in {figure.currency} (“{figure.text}”).",
        figure, source, suggestion=rendering(source, lexicon))


def _mismatch(figure: Figure, source: SourceFigure, lexicon: Lexicon) -> Flag:
    return _source_flag(
        "source_value_mismatch", "error",
        f"{source.text} is {rendering(source, lexicon)}; the English says “{figure.text}”.",
        figure, source, suggestion=rendering(source, lexicon))


def _numbered_name(figure: Figure, source: SourceFigure, rules: _Rules) -> Flag:
    proper = rules.numeral_names.get(source.name or "")
    if proper is not None:
        return _source_flag(
            "source_numbered_name", "warning",
            f"“{source.name}” is a {proper[0].kind} name ({proper[0].english}); its numeral counts nothing, and the "
            f"English renders it word for word as “{figure.text}”.",
            figure, source, suggestion=proper[0].english)
    idiom = rules.idioms.get(source.name or "")
    if idiom is not None:
        return _source_flag(
            "source_idiom_numeral", "warning",
            f"“{source.name}” is an idiom ({idiom.english_name}); its numeral counts nothing, and the English renders "
            f"it word for word as “{figure.text}”.",
            figure, source, suggestion=idiom.english_name)
    if source.rule in rules.set_phrases:
        return _source_flag(
            "source_idiom_numeral", "warning",
            f"“{source.name}” is a set phrase (a dictionary word); its numeral counts nothing, and the English "
            f"renders it word for word as “{figure.text}”.",
            figure, source, suggestion=f"what “{source.name}” means, with no number")
    return _source_flag(
        "source_numbered_name", "warning",
        f"the numeral in “{source.name}” is part of a name, not a count; the English renders it word for word "
        f"as “{figure.text}”.",
        figure, source, suggestion=f"the established English name of “{source.name}”")


def _rank(number: Figure, source: SourceFigure, segment: _Segment) -> Flag:
    t0 = segment.pair.text[0]
    suffix = ORDINAL_SUFFIX.match(segment.text, number.end - t0)
    english = number.text + (suffix.group() if suffix else "")  # the rank as written: "100th", not the figure's "100"
    return _source_flag(
        "source_rank_for_count", "warning",
        f"{source.text} counts {rendering(source, segment.lexicon)}; the English ranks it (“{english}”).",
        number, source, suggestion=rendering(source, segment.lexicon))


def _extra(figure: Figure, segment: _Segment, rounding: Rounding) -> Flag:
    """An English figure left over. When the source has its value but another English figure already
    renders it, the translation repeats it ("The benchmarks are 3.70% …" twice for one 3.70%)."""
    (s0, s1) = segment.pair.source
    given = next((slot.figure for slot in segment.slots if slot.used and _same_value(figure, rounding, slot)), None)
    message = (f"“{figure.text}” has no counterpart among the figures of the source segment it translates." if given is None
               else f"the source segment gives {given.text} once and the English has already rendered it; “{figure.text}” "
                    f"here repeats it: the repeat is an addition.")
    return flag("source_figure_extra", "warning", message, [(figure.start, figure.end)], [figure.id],
                source_spans=[(given.start, given.end) if given is not None else (s0, s1)])


def _missing_at(source: SourceFigure, segment: _Segment, anchor: re.Match[str]) -> Flag:
    t0 = segment.pair.text[0]
    return flag("source_figure_missing", "warning",
                f"the source gives {source.text} ({rendering(source, segment.lexicon)}); the English "
                f"“{anchor.group()}” renders what it {'measures' if source.kind != 'count' else 'counts'} with no number.",
                [(t0 + anchor.start(), t0 + anchor.end())], [source.id], suggestion=rendering(source, segment.lexicon),
                source_spans=[(source.start, source.end)])


def _missing(source: SourceFigure, segment: _Segment, unsaid: bool) -> Flag:
    span: Span = segment.pair.text
    message = f"{source.text} ({rendering(source, segment.lexicon)}) in the source has no counterpart in the English segment"
    if unsaid:
        return flag("source_figure_missing", "warning", f"{message}: no number of the segment has its value.",
                    [span], [source.id], source_spans=[(source.start, source.end)])
    return flag("source_figure_missing", "info", f"{message}.", [span], [source.id],
                source_spans=[(source.start, source.end)])
