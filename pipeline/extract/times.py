"""Time expressions, resolved to ISO 8601 values against the article's reference year.

Expressions are regexes in `rules/times/expressions` whose named groups (year, month, day, half,
quarter, part, rel) say how to build the value. The reference year is the published year; when
the article has no date it is inferred from cues in the text ("2023 is the 10th year", "With the
arrival of 2024", a dateline), else the year the text names most often, and marked as inferred;
a month or quarter whose year stays unknown gets the year "XXXX" ("XXXX-08"). Today's date
is never used. Years fused into figures by the figures component ("1 in 2023400 million") are
emitted as times too. Two components: `claimex_reference_year`, then `claimex_times`.
"""

from __future__ import annotations

import bisect
import calendar
import datetime
import itertools
import re
from collections import Counter
from dataclasses import dataclass, replace

import numpy
from spacy.language import Language
from spacy.tokens import Doc, Token

from ..rules import RuleSet
from ..rules.base import alternation
from ..rules.figures import NumberWord
from ..rules.gates import Gate, GateText, folded, literal_gate, may_match
from ..rules.leads import RuleScanner
from ..rules.times import (
    BaseLevel,
    EventAdjunct,
    GameWord,
    ModelName,
    ModelSpec,
    MonthName,
    Ordinal,
    PeriodNoun,
    ReferenceYearCue,
    TimeCue,
    TimeExpression,
    TimeRange,
    TimeWord,
    Weekday,
    WeekdayDate,
)
from ..schema import ReferenceSource, Time, TimeRole
from ..spans import keep_non_overlapping
from .component import RuleComponent
from .extensions import FusedYear, doc_text
from .spans import exact_chars, place_span, spans_in_text_order

SPANS_KEY = "times"
FIGURES_KEY = "figures"
FUSED_YEAR_RULE = "times.fused_year"
#: Stands for a year the text does not give, as in "XXXX-08" for a bare "August" in an undated text.
UNKNOWN_YEAR = "XXXX"
_BARE_YEAR = re.compile(r"(?=[12])(?<![\w$.,])((?:19|20)\d{2})(?!\d|[.,]\d|s\b)")
#: How far before a time a cue and the words between may start ("compared with the same period of 2022").
CUE_WINDOW = 60
#: How far before a year the words of a level it dates may start: a range may stand between ("the level of
#: approximately 50% to 52% before the coronavirus outbreak in 2019").
BASE_LEVEL_WINDOW = 100
#: How far back the weekday of the day after the reference date lies, counted back: that day is meant instead.
DAYS_BACK_OF_NEXT_DAY = 6
#: Stands for a figure in the text before a time, so cues can see past it ("from 330,600 in 2021").
FIGURE_MARK = "\ue000"
#: Tags of a verb that reports a past fact ("rose", "was reported").
PAST_TAGS = {"VBD", "VBN"}
#: Tags of a verb told in the present ("goes", "starts") or with a modal of the present ("can return").
PRESENT_TAGS = {"VBZ", "VBP", "MD"}
#: Lines (the title included) in which a day-precise date is the article's dateline.
DATELINE_LINES = 4
_DAY = re.compile(r"^(?P<year>\d{4}|XXXX)-(?P<month>\d{2})-(?P<day>\d{2})$")
#: A value that names a month of a known year ("2016-11", "2016-11-04").
_YEAR_MONTH = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})(?:-\d{2})?$")
_WRITTEN_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
#: A time that may be the year of a product's name: "2020", "mid-2019", "2012 through 2015" (a range of models).
_MODEL_YEAR = re.compile(r"(?:(?:early|mid|late)-)?(?:19|20)\d{2}(?:\s*(?:[-\u2013]|to|through)\s*(?:19|20)\d{2})?",
                         re.IGNORECASE)
#: The determiner before a model year of a maker's product: "the 2020 Ford Explorer", not "in 2020 Ford sold".
_DETERMINER_BEFORE = re.compile(r"(?<!\w)(?:the|a|an|my|his|her|its|our|their|your|this|that|new|used)\s+$",
                                re.IGNORECASE)
#: How many different game words (`times/game_words`) make a text a game report. Fitted on the tune halves
#: (real-news half A, mt-news tune, dev corpus): the one game report has 5, every other text at most 1
#: (a score-like "18-34" range, a "quarterback" in an opinion piece).
GAME_WORDS_NEEDED = 2
#: A leap year stands in for an unknown one in day arithmetic ("XXXX-03-01" minus a day is "XXXX-02-29").
_LEAP_YEAR = 2000
#: A year that is no leap year: the shortest a month can be (February's 28 days).
_COMMON_YEAR = 2001
_YEAR_IN_VALUE = re.compile(r"(?<!\d)\d{4}(?!\d)")
_NAMED_GROUP = re.compile(r"\(\?P<\w+>")
_COMMA_AFTER = re.compile(r"[^\S\n]*,")
_POSSESSIVE_END = re.compile(r"['’]s$")
_QUARTER = re.compile(r"^(?P<year>\d{4}|XXXX)-Q(?P<quarter>[1-4])$")
_MONTH = re.compile(r"^(?P<year>\d{4}|XXXX)-(?P<month>\d{2})$")
#: The year and month a time names ("2024-04" of "2024-04-24"); not of a range or a quarter.
_MONTH_OF = re.compile(r"^(?:\d{4}|XXXX)-\d{2}(?=(?:-\d{2})?$)")
#: How a year hangs on the noun it names a thing by ("the 2011 earthquake", "Japan's 2011 quake").
_NAMING_DEPS = frozenset({"nummod", "compound", "amod", "nmod"})
#: The year an unknown year stands for in quarter arithmetic: far from any real one.
_UNKNOWN_QUARTER_YEAR = 100000


class TimeCues:
    """The cues of `times/cues` compiled: what a time is to the figures around it."""

    def __init__(self, cues: list[TimeCue]) -> None:
        def phrases(role: str, words: int | None = 0) -> str:
            forms = {form for cue in cues if cue.role == role and (words is None or cue.words == words)
                     for form in (cue.inflect.forms(cue.phrase) if cue.inflect else (cue.phrase,))}
            return alternation(forms, any_spaces=True)

        between = rf"(?:(?:{phrases('between')})\s+)?"
        gaps = sorted({cue.words for cue in cues if cue.role in ("base", "bound")})
        self.before = [(role, re.compile(rf"(?<!\w)(?:{phrases(role, words)})\s+{between}(?:\S+\s+){{0,{words}}}$",
                                         re.IGNORECASE))
                       for role in ("base", "bound") for words in gaps]
        # up to two words (a counted noun: "330,600 tourists in 2021"), none of them a base cue ("lower than in")
        gap = rf"(?:\s+(?!(?:{phrases('base', None)})(?!\w))[^\s{FIGURE_MARK}]+){{0,2}}?"
        # or nothing but spaces on its line: "$38,373 a year ago", "4.2% last year"
        of_figure = rf"{FIGURE_MARK}(?:{gap}\s+(?:{phrases('of_figure')})\s+|[^\S\n]+){between}$"
        #: A figure and the word that joins it to the time, if any: "330,600 in 2021", "$38,373 a year ago".
        self.of_figure = re.compile(of_figure, re.IGNORECASE)
        #: The same after a base cue: "from 330,600 in 2021", "up from $38,373 a year ago" is the base of the change.
        self.figure_base = re.compile(rf"(?<!\w)(?:{phrases('base', None)})\s+{between}{of_figure}", re.IGNORECASE)
        #: The words before a time that opens its sentence as a start: "From February 10, the price is 4,300 yuan".
        self.opening = re.compile(rf"\s*(?:{phrases('opening')})\s+", re.IGNORECASE)
        self.forecast = re.compile(rf"(?<!\w)(?:{phrases('forecast')})(?!\w)", re.IGNORECASE)
        #: A cue a few words before a year: "since January 2008", "by the end of 2028".
        self.near = re.compile(rf"(?<!\w)(?:{phrases('base', None)}|{phrases('bound', None)})\s+(?:\S+\s+){{0,3}}$",
                               re.IGNORECASE)

    def role(self, window: str) -> TimeRole | None:
        """"base" or "bound" when a cue stands right before the time that `window` ends at (figures in
        the window replaced by `FIGURE_MARK`)."""
        if self.figure_base.search(window):
            return "base"
        found = [(match.start(), role) for role, regex in self.before if (match := regex.search(window))]
        return min(found)[1] if found else None  # type: ignore[return-value]  # the longest cue: "starting from"

    def dates_figure_before(self, window: str) -> bool:
        """Whether the time that `window` ends at is the figure's right before it ("330,600 in 2021")."""
        return self.of_figure.search(window) is not None


@dataclass(frozen=True)
class FoundTime:
    """A time expression found in the text, before it becomes a span: where, its ISO value, which rule."""

    start: int
    end: int
    value: str | None
    rule: str
    #: Characters before `start` that belong to the time's own wording ("from " of "from 2022 to 2023").
    lead: int = 0
    #: Quarters counted from an anchor, for a relative quarter ("last quarter" -1), resolved later.
    quarters: int | None = None
    #: Years counted back from the time named before ("a year earlier" -1), resolved later.
    years: int | None = None
    #: A day of the month named before ("between the 20th and the 24th"), resolved later.
    day: int | None = None


class ReferenceYear(RuleComponent):
    """spaCy component: the year relative times resolve against, in `doc._.reference_year`, and where it
    came from, in `doc._.reference_source`.

    In order: the article's date (`doc._.published`, which the caller sets on the `Doc` with its text
    before the pipeline runs, so no component can declare it as required); a dateline in the text;
    cues that state the text's year ("2023 is the 10th year"); else the latest year the text reports a
    past fact in — not a base or a deadline ("since 2008", "by 2028"), nor a forecast ("projected three
    rate increases in 2017"). Else no year: relative times then keep "XXXX".
    """

    rule_files = ("times/reference_year", "times/cues", "times/expressions", "times/event_adjuncts", "times/months",
                  "times/period_nouns")

    def compile(self, rules: RuleSet) -> None:
        self.cues = [(rule, re.compile(rule.regex, re.IGNORECASE))
                     for rule in rules.get("times/reference_year", ReferenceYearCue)]
        self.cue_gates: dict[re.Pattern[str], Gate] = {regex: literal_gate(regex) for _, regex in self.cues}
        self.time_cues = TimeCues(rules.get("times/cues", TimeCue))
        self.naming_words = NamingWords.of(rules)
        fiscal = [_NAMED_GROUP.sub("(?:", rule.regex) for rule in rules.get("times/expressions", TimeExpression)
                  if not rule.calendar]
        #: A fiscal year ("fiscal 2021 Q1") is no calendar year the text reports in.
        self.fiscal = re.compile("|".join(f"(?:{regex})" for regex in fiscal), re.IGNORECASE) if fiscal else None

    def process(self, doc: Doc) -> Doc:
        year, source = self.reference_year(doc)
        doc._.reference_year, doc._.reference_source = year, source
        doc._.reference_year_inferred = source is not None and source != "published"
        return doc

    def reference_year(self, doc: Doc) -> tuple[int | None, ReferenceSource | None]:
        published: str | None = doc._.published
        if published and re.match(r"\d{4}", published):
            return int(published[:4]), "published"
        text = doc_text(doc)
        folded_text = folded(text)
        cues = [(rule, regex) for rule, regex in self.cues if may_match(self.cue_gates[regex], folded_text)]
        for dateline in (True, False):
            votes = Counter(int(match["year"]) + rule.offset for rule, regex in cues if rule.dateline is dateline
                            for match in regex.finditer(text))
            if votes:
                return max(votes.items(), key=lambda item: (item[1], item[0]))[0], "dateline" if dateline else "text"
        facts, named = self._past_fact_years(doc, text)
        return (max(facts + named), "text") if facts else (None, None)

    def _past_fact_years(self, doc: Doc, text: str) -> tuple[list[int], list[int]]:
        """Years named in sentences that report a past fact, not as a base or a deadline; and apart from them, the
        years of past things those sentences name (`names_thing`: "surpassing Japan's 2011 earthquake"). A named
        thing tells no year the text reports in ("the 1992 Consensus" in a text of 2023), only that the text is no
        earlier: with facts it bounds their year from below (facts of 1999 recalled beside the 2011 earthquake
        are history told in a later year), alone it gives none."""
        past = _past_tags_before(doc) if doc.has_annotation("TAG") else None
        years: list[int] = []
        named: list[int] = []
        for sentence in doc.sents:
            start, end = sentence.start_char, sentence.end_char
            if text.find("19", start, end) < 0 and text.find("20", start, end) < 0:
                continue  # no year (`_BARE_YEAR`) in it: most sentences, passed over without a regex scan
            if self.time_cues.forecast.search(text, start, end):
                continue
            if past is not None and past[sentence.end] == past[sentence.start]:
                continue
            fiscal = [match.span() for match in self.fiscal.finditer(text, start, end)] if self.fiscal else []
            for match in _BARE_YEAR.finditer(text, start, end):
                if self.time_cues.near.search(text[max(start, match.start() - CUE_WINDOW):match.start()]) \
                        or any(low <= match.start() < high for low, high in fiscal):
                    continue
                thing = names_thing(doc, match.start(1), match.end(1), self.naming_words)
                (named if thing else years).append(int(match.group(1)))
        return years, named


class TimeFinder(RuleComponent):
    """spaCy component: one span per time expression in `doc.spans["times"]`, its value in `span._.time_value`."""

    rule_files = ("times/expressions", "times/words", "times/ranges", "times/months", "times/ordinals", "times/cues",
                  "times/weekdays", "times/weekday_dates", "times/model_names", "times/model_specs", "times/game_words",
                  "times/base_levels", "times/event_adjuncts", "times/period_nouns",
                  "figures/number_words")

    def compile(self, rules: RuleSet) -> None:
        expressions = [(rule, re.compile(rule.regex, re.IGNORECASE)) for rule in rules.get("times/expressions", TimeExpression)]
        self.expressions = [(rule, regex) for rule, regex in expressions if not _counts_days(rule, regex)]
        self.quarter_anchors = {rule.id: rule.anchor for rule, _ in expressions if rule.quarter_offset is not None}
        self.narrative_rules = frozenset(rule.id for rule, _ in expressions if rule.narrative)
        self.period_endings = {rule.id: rule.ending for rule, _ in expressions if rule.ending is not None}
        self.game_period_rules = frozenset(rule.id for rule, _ in expressions if rule.game_period)
        self.game_words = [re.compile(rule.regex, re.IGNORECASE) for rule in rules.get("times/game_words", GameWord)]
        #: A year a level is measured at ("67% of pre-pandemic levels in 2019"): what stands before it, what after.
        self.base_levels = [(re.compile(rf"(?:{rule.before})$", re.IGNORECASE), re.compile(rule.after, re.IGNORECASE))
                            for rule in rules.get("times/base_levels", BaseLevel)]
        self.roles = {rule.id: rule.role for rule, _ in expressions if rule.role is not None}
        self.naming_words = NamingWords.of(rules)
        self.day_expressions = [(rule, regex) for rule, regex in expressions if _counts_days(rule, regex)]
        #: Every expression matched in one scan of the text (`RuleScanner`), read by rule id.
        self.rule_ids = [rule.id for rule, _ in expressions]
        self.scanner = RuleScanner([regex for _, regex in expressions])
        words = rules.get("times/words", TimeWord)
        self.months_of_parts = {word.word.casefold(): word.month for word in words if word.year_offset is None}
        self.year_offsets = {word.word.casefold(): word.year_offset for word in words if word.year_offset is not None}
        self.decade_parts = {word.word.casefold(): word.decade for word in words if word.decade is not None}
        self.ranges = [(rule, re.compile(rule.before, re.IGNORECASE), re.compile(rule.between, re.IGNORECASE))
                       for rule in rules.get("times/ranges", TimeRange)]
        self.months = {name.casefold(): rule.month for rule in rules.get("times/months", MonthName) for name in rule.names}
        self.ordinals = {rule.word.casefold(): rule.number for rule in rules.get("times/ordinals", Ordinal)}
        self.cues = TimeCues(rules.get("times/cues", TimeCue))
        self.weekdays = {name.casefold(): rule.weekday for rule in rules.get("times/weekdays", Weekday) for name in rule.names}
        self.weekday_rules = frozenset(rule.id for rule, regex in expressions if "weekday" in regex.groupindex)
        self.weekday_dates = [(rule.date_first, re.compile(rule.between, re.IGNORECASE))
                              for rule in rules.get("times/weekday_dates", WeekdayDate)]
        self.future_words = {cue.phrase.casefold() for cue in rules.get("times/cues", TimeCue) if cue.role == "future"}
        self.past_words = {cue.phrase.casefold() for cue in rules.get("times/cues", TimeCue) if cue.role == "past"}
        self.counts = {word.word.casefold(): int(word.value) for word in rules.get("figures/number_words", NumberWord)
                       if word.role in ("unit", "tens") and word.value == int(word.value)}
        model_names = rules.get("times/model_names", ModelName)
        anywhere = alternation([rule.name for rule in model_names if not rule.after_determiner])
        makers = alternation([rule.name for rule in model_names if rule.after_determiner])
        specs = "|".join(rule.regex for rule in rules.get("times/model_specs", ModelSpec)) or "(?!)"
        between = rf"(?:\s+(?i:{specs}))*"
        #: What follows a year that is part of a product's name, specifications between: "a 2018 model TV",
        #: "the 2020 Audi e-tron", "the 2019 13-inch i7 MacBook Pro".
        self.model_anywhere = re.compile(rf"{between}[\s-]+(?:{anywhere})(?!\w)", re.IGNORECASE)
        self.model_maker = re.compile(rf"{between}\s+(?:{makers})(?![\w-])")

    def process(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        matched = dict(zip(self.rule_ids, self.scanner.matches(text, GateText(text)), strict=True))
        found = self._matches(doc, matched, self.expressions, doc._.reference_year, None)
        if doc._.reference_source == "text":
            found = _days_before_later_facts(text, found, doc._.reference_year)
        doc._.reference_date = _reference_date(doc._.published, text, found)
        found += self._matches(doc, matched, self.day_expressions, doc._.reference_year, doc._.reference_date)
        found = _days_of_named_months(text, _longest_first(found + _fused_years(doc)))
        found = self._without_weekdays_of_dates(text, found)
        figures = sorted(exact_chars(span) for span in doc.spans.get(FIGURES_KEY, []))
        spans = []
        found = [item for item in self._joined_ranges(text, found)
                 if not self._names_model(text, item) and not _is_a_figure(item, figures)]
        if any(item.rule in self.game_period_rules for item in found) and self._reports_game(text):
            found = [item for item in found if item.rule not in self.game_period_rules]
        found = self._relative_periods(found, doc._.reference_date)
        for item in self._periods_ending(self._narrative_months(doc, found, doc._.reference_date)):
            span = place_span(doc, item.start, item.end)
            if span is None:
                continue
            window = _cue_window(text, item.start - item.lead, figures)
            span._.time_value = item.value
            own_role = self.roles.get(item.rule)  # "year-on-year" is a base whatever stands before it
            span._.time_role = own_role or self._cue_role(doc, item, window) or self._base_level(text, item) \
                or ("names" if self._names_thing(doc, item) else None)
            span._.time_of_figure = self._dates_figure_before(_cue_window(text, item.start, figures), own_role) or None
            span._.rule = item.rule
            spans.append(span)
        doc.spans[SPANS_KEY] = spans
        return doc

    def _without_weekdays_of_dates(self, text: str, found: list[FoundTime]) -> list[FoundTime]:
        """"On Friday (February 10)": a weekday beside the date it names (`times/weekday_dates`) is dropped, the date
        is the time (in an undated text the weekday alone would give only the month: `_month_of_week`)."""
        named = set()
        for first, second in itertools.pairwise(found):
            for date_first, between in self.weekday_dates:
                weekday, date = (second, first) if date_first else (first, second)
                if weekday.rule in self.weekday_rules and _DAY.match(date.value or "") \
                        and between.fullmatch(text, first.end, second.start):
                    named.add(id(weekday))
        return [item for item in found if id(item) not in named]

    def _names_thing(self, doc: Doc, item: FoundTime) -> bool:
        """A written year ("the 2011 earthquake") or a time said as a possessor ("on last year's list", "following
        last month's invitation") that names a thing (`names_thing`)."""
        text = doc_text(doc)
        return (_WRITTEN_YEAR.fullmatch(text, item.start, item.end) is not None
                or _POSSESSIVE_END.search(text, item.start, item.end) is not None) \
            and names_thing(doc, item.start, item.end, self.naming_words)

    def _cue_role(self, doc: Doc, item: FoundTime, window: str) -> TimeRole | None:
        """The role a cue before the time gives it; "by" of a passive is no deadline ("31,000 deaths caused by the
        2003 earthquake"), its year names the cause."""
        role = self.cues.role(window)
        if role == "base" and self._opens_sentence(doc, item):
            return "bound"
        if role == "bound" and self._names_thing(doc, item):
            span = doc.char_span(item.start, item.end)
            if span is not None and _first_conjunct(span[0].head).head.dep_ == "agent":
                return None
        return role

    def _opens_sentence(self, doc: Doc, item: FoundTime) -> bool:
        """Whether the time follows an `opening` cue at the start of its sentence (its line without a parse), with a
        comma after it: "From February 10, the price is 4,300 yuan"."""
        text = doc_text(doc)
        span = doc.char_span(item.start, item.end, alignment_mode="expand") if doc.has_annotation("DEP") else None
        start = span.sent.start_char if span is not None else text.rfind("\n", 0, item.start) + 1
        return self.cues.opening.fullmatch(text, start, item.start - item.lead) is not None \
            and _COMMA_AFTER.match(text, item.end) is not None

    def _dates_figure_before(self, window: str, own_role: TimeRole | None) -> bool:
        """Whether the time is the figure's right before it ("330,600 in 2021"). A time that is a base by its
        own words dates a figure only when that figure is the base ("down from 6.2% a year earlier"), never
        the change ("rose 12% year-on-year")."""
        if not self.cues.dates_figure_before(window):
            return False
        return own_role is None or self.cues.figure_base.search(window) is not None

    def _base_level(self, text: str, item: FoundTime) -> TimeRole | None:
        """"base" for the year of a level a figure is measured against ("recovering to 50% of 2019 levels", "75%
        of pre-pandemic levels in 2019"): the level is the base, the figure's own period is another."""
        before = text[max(0, item.start - BASE_LEVEL_WINDOW):item.start]
        found = any(before_level.search(before) and after_level.match(text, item.end)
                    for before_level, after_level in self.base_levels)
        return "base" if found else None

    def _reports_game(self, text: str) -> bool:
        """Whether the text reports a game: it has GAME_WORDS_NEEDED different words of `times/game_words`."""
        found = 0
        for regex in self.game_words:
            found += regex.search(text) is not None
            if found == GAME_WORDS_NEEDED:
                return True
        return False

    def _names_model(self, text: str, item: FoundTime) -> bool:
        """Whether the time is the year of a product's name (`model_year`), which dates no figure."""
        if not _MODEL_YEAR.fullmatch(text, item.start, item.end):
            return False
        return self.model_anywhere.match(text, item.end) is not None or (
            self.model_maker.match(text, item.end) is not None
            and _DETERMINER_BEFORE.search(text, max(0, item.start - 8), item.start) is not None)

    def _matches(self, doc: Doc, matched: dict[str, list[re.Match[str]]],
                 expressions: list[tuple[TimeExpression, re.Pattern[str]]], reference: int | None,
                 day: str | None) -> list[FoundTime]:
        """The times of `expressions` in rule order, each rule's in text order, from the matches of each rule id."""
        found = []
        for rule, regex in expressions:
            counts_days = _counts_days(rule, regex)
            for match in matched[rule.id]:
                if rule.anchor == "context" and rule.quarter_offset is None and rule.year_offset is not None:
                    found.append(FoundTime(match.start(), match.end(), None, rule.id, years=rule.year_offset))
                    continue
                if rule.anchor == "context" and "day" in regex.groupindex and "month" not in regex.groupindex:
                    found.append(FoundTime(match.start(), match.end(), None, rule.id, day=int(match["day"])))
                    continue
                if rule.quarter_offset is not None:
                    count = self._count(match.groupdict().get("count"))
                    quarters = None if count is None else rule.quarter_offset * count
                    found.append(FoundTime(match.start(), match.end(), None, rule.id, quarters=quarters))
                    continue
                value = self._day_value(rule, match, day, doc) if counts_days else self._value(rule, match, reference)
                if rule.id in self.weekday_rules and not _YEAR_MONTH.match(value or "") \
                        and self._dates_saying(doc, *match.span()):
                    continue
                if value is not None or not counts_days or rule.keep_unresolved:  # "said Friday" undated: nothing
                    found.append(FoundTime(match.start(), match.end(), value, rule.id))
        return found

    def _day_value(self, rule: TimeExpression, match: re.Match[str], reference: str | None, doc: Doc) -> str | None:
        """"today", "yesterday", "on Friday", "last month", "three weeks ago": a day or month counted back
        from the reference date, when it is known (a weekday of "XXXX-02-11", of which the day of the week is
        unknown, only by its month: `_month_of_week`). The weekday of the day after the reference date is that day,
        not six days before: a page dated the day before its news (a time zone ahead, a late edition: "Asian markets
        were mixed in early trading Tuesday" on a page dated Monday); a story six days back says "last Tuesday"."""
        parts = _DAY.match(reference or "")
        count = self._count(match.groupdict().get("count"))
        if parts is None or count is None:
            return None
        known = parts["year"] != UNKNOWN_YEAR
        day = datetime.date(int(parts["year"]) if known else _LEAP_YEAR, int(parts["month"]), int(parts["day"]))
        weekday = match.groupdict().get("weekday")
        if weekday is not None:
            if weekday.casefold() not in self.weekdays:
                return None
            if not known:
                return _month_of_week(day, ahead=self._looks_ahead(doc, *match.span()))
            wanted = self.weekdays[weekday.casefold()]
            back = (day.weekday() - wanted) % 7
            looks_back = self._looks_back(doc, match.start())
            if self._looks_ahead(doc, *match.span()) or (not looks_back and (
                    back == DAYS_BACK_OF_NEXT_DAY or (back and self._told_ahead(doc, *match.span(), 7 - back, 7)))):
                ahead = (wanted - day.weekday()) % 7
                day += datetime.timedelta(days=ahead or (7 if _word_before(doc, match.start()) in self.future_words else 0))
            else:  # "last Tuesday" on a Tuesday is a week back, not the reference date itself
                day -= datetime.timedelta(days=back or (7 if looks_back else 0))
        elif rule.month_offset is not None:
            year, month = divmod(day.year * 12 + day.month - 1 + rule.month_offset * count, 12)
            if not known and year != day.year:
                return None  # a month of the year before an unknown one
            day = datetime.date(year, month + 1, 1)
        else:
            day += datetime.timedelta(days=(rule.day_offset or 0) * count)
        value = day.isoformat()[:7] if rule.month_offset is not None or rule.precision == "month" else day.isoformat()
        return value if known else f"{UNKNOWN_YEAR}{value[4:]}"

    def _looks_back(self, doc: Doc, start: int) -> bool:
        """"last Tuesday", "the previous Friday": a `past` cue of `times/cues` right before a weekday."""
        return _word_before(doc, start) in self.past_words

    def _looks_ahead(self, doc: Doc, start: int, end: int) -> bool:
        """"will testify Thursday", "next Tuesday": a weekday the text looks ahead to (a `future` cue of
        `times/cues` right before it or as an auxiliary of its verb), not back."""
        if _word_before(doc, start) in self.future_words:
            return True
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not doc.has_annotation("DEP"):
            return False
        verb = next((token for token in (span.root, *span.root.ancestors) if token.pos_ in ("VERB", "AUX")), None)
        return verb is not None and any(child.dep_ == "aux" and child.lower_ in self.future_words for child in verb.children)

    def _dates_saying(self, doc: Doc, start: int, end: int) -> bool:
        """"…, the government said Friday.", "authorities said Saturday that …": a weekday of a verb with a clause of
        what was said dates the saying, not the facts said. Without a known year it is no time (the figures of the
        clause keep the period the text reports, the weekday adds nothing), as in "Prices rose 2%, the bureau said
        Friday" of an undated text."""
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not doc.has_annotation("DEP"):
            return False
        verb = next((token for token in span.root.ancestors if token.pos_ in ("VERB", "AUX")), None)
        return verb is not None and any(child.dep_ == "ccomp" for child in verb.children)

    def _value(self, rule: TimeExpression, match: re.Match[str], reference: int | None) -> str | None:
        groups = {name: value for name, value in match.groupdict().items() if value is not None}
        if "decade" in groups or "century" in groups:
            return self._years_of(groups)
        year = self._year(rule, groups, reference)
        if year is None and not groups.keys() & {"month", "quarter", "half"} and not self._relative(rule, groups):
            return None
        value = f"{rule.prefix}{UNKNOWN_YEAR if year is None else year}"
        for group, letter in (("quarter", "Q"), ("half", "H")):
            if group in groups:
                number = self._ordinal(groups[group])
                return None if number is None else f"{value}-{letter}{number}"
        month = self._month(groups["month"]) if "month" in groups else self.months_of_parts.get(groups.get("part", "").casefold())
        if month is None:
            return value
        if "day" in groups:
            return f"{value}-{month:02d}-{int(groups['day']):02d}"
        return f"{value}-{month:02d}"

    def _years_of(self, groups: dict[str, str]) -> str | None:
        """"the 1990s" 1990/1999, "the early 2020s" 2020/2023, "the 14th century" 1300/1399: the span of years."""
        if "century" in groups:
            number = self._ordinal(groups["century"])
            return None if not number else f"{(number - 1) * 100}/{(number - 1) * 100 + 99}"
        first = int(groups["decade"])
        low, high = self.decade_parts.get(groups.get("part", "").casefold(), (0, 9))
        return f"{first + low}/{first + high}"

    def _relative(self, rule: TimeExpression, groups: dict[str, str]) -> bool:
        """Whether the year is the reference year's ("this year", "the end of the year"): "XXXX" when unknown."""
        if "rel" in groups:
            return groups["rel"].casefold() in self.year_offsets
        return rule.year_offset is not None

    def _count(self, word: str | None) -> int | None:
        """"eight" → 8, "8" → 8, none → 1 ("a quarter earlier")."""
        if word is None:
            return 1
        return int(word) if word.isdigit() else self.counts.get(word.casefold())

    def _ordinal(self, word: str) -> int | None:
        """"third" → 3, "3" → 3."""
        return int(word) if word.isdigit() else self.ordinals.get(word.casefold())

    def _month(self, name: str) -> int | None:
        """"Sept." → 9, "02" → 2."""
        return int(name) if name.isdigit() else self.months.get(name.casefold().rstrip("."))

    def _year(self, rule: TimeExpression, groups: dict[str, str], reference: int | None) -> int | None:
        if "year" in groups:
            return int(groups["year"])
        offset = self.year_offsets.get(groups["rel"].casefold()) if "rel" in groups else rule.year_offset
        count = self._count(groups.get("count"))
        if offset is None or reference is None or count is None:
            return None
        return reference + offset * count

    def _joined_ranges(self, text: str, found: list[FoundTime]) -> list[FoundTime]:
        """Adjacent times joined by a range rule ("from 2022 to August 2023") become one "A/B" time."""
        joined: list[FoundTime] = []
        for item in found:
            previous = joined[-1] if joined else None
            found_rule = self._range_rule(text, previous, item) if previous else None
            if previous and found_rule and previous.value and item.value:
                rule, lead = found_rule
                joined[-1] = FoundTime(previous.start, item.end, _period_of_months(previous.value, item.value), rule, lead)
            else:
                joined.append(item)
        return joined

    def _range_rule(self, text: str, first: FoundTime, second: FoundTime) -> tuple[str, int] | None:
        """The range rule joining two times, and how many characters of its `before` ("from ") precede them."""
        between = text[first.end:second.start]
        before = text[max(0, first.start - 20):first.start]
        for rule, before_regex, between_regex in self.ranges:
            if between_regex.search(between):
                if not rule.before:
                    return rule.id, 0
                match = before_regex.search(before)
                if match:
                    return rule.id, len(before) - match.start()
        return None

    def _relative_periods(self, found: list[FoundTime], reference: str | None) -> list[FoundTime]:
        """Periods counted from another: "a year earlier" the period named before it, a year back; quarters
        counted from another: "last quarter" from the reference date's (in an undated text, the
        latest quarter it names is the one reported), "eight quarters earlier" from the quarter named
        before it."""
        named = [number for item in found if (number := _quarter_number(item.value)) is not None]
        date = _DAY.match(reference or "")
        current = None if date is None else _quarter_number(f"{date['year']}-Q{(int(date['month']) + 2) // 3}")
        resolved: list[FoundTime] = []
        context = None
        named_before: str | None = None
        for item in found:
            if item.years is not None:
                value = None if named_before is None else _shift_years(named_before, item.years)
                item = FoundTime(item.start, item.end, value, item.rule, item.lead)
            elif item.value is not None:
                named_before = item.value
            if item.quarters is not None:
                if self.quarter_anchors[item.rule] == "context":
                    number = None if context is None else context + item.quarters
                else:
                    number = current + item.quarters if current is not None \
                        else max(named, default=None) if item.quarters in (-1, 0) else None
                item = FoundTime(item.start, item.end, _quarter_value(number), item.rule, item.lead)
            context = _quarter_number(item.value) if _quarter_number(item.value) is not None else context
            resolved.append(item)
        return resolved


    def _told_in_past(self, doc: Doc, item: FoundTime) -> bool:
        """Whether the clause a time stands in is told in the past tense ("by December, they worsened") and its
        sentence looks nowhere ahead ("from October on, they will be released": a modal `future` cue)."""
        span = doc.char_span(item.start, item.end, alignment_mode="expand")
        if span is None or any(token.tag_ == "MD" and token.lower_ in self.future_words for token in span.sent):
            return False
        verb = next((token for token in (span.root, *span.root.ancestors) if token.pos_ in ("VERB", "AUX")), None)
        return verb is not None and (verb.tag_ == "VBD" or any(child.dep_ == "aux" and child.tag_ == "VBD"
                                                                 for child in verb.children))

    def _periods_ending(self, found: list[FoundTime]) -> list[FoundTime]:
        """The periods that end on the date their rule reads (TimeExpression.ending: "the quarter ended Sept. 30" is
        the third quarter), once the date's year is known (`_narrative_months`: a period that ended is past)."""
        resolved = []
        for item in found:
            date = _YEAR_MONTH.match(item.value or "") if item.rule in self.period_endings else None
            period = None if date is None else _period_ending(date["year"], int(date["month"]),
                                                                 self.period_endings[item.rule])
            resolved.append(item if period is None else FoundTime(item.start, item.end, period, item.rule, item.lead))
        return resolved

    def _narrative_months(self, doc: Doc, found: list[FoundTime], reference: str | None) -> list[FoundTime]:
        """Months without a year (`narrative` rules) that a past-tense clause tells of, given the year of
        the story rather than of the writing (TimeExpression.narrative); one before the reference month told as still
        to come (`_told_ahead`: "the 2020 model goes on sale in late January" on a page of November) is the next
        year's."""
        if not doc.has_annotation("TAG"):
            return found
        text = doc_text(doc)
        date = _DAY.match(reference or "")
        latest = (int(date["year"]), int(date["month"])) if date is not None and date["year"] != UNKNOWN_YEAR else None
        resolved = []
        story: tuple[int, int, int] | None = None  # the year and month last written out, and where they end
        for item in found:
            month = _YEAR_MONTH.match(item.value or "")
            if month is not None and item.rule in self.narrative_rules and self._told_in_past(doc, item):
                number = int(month["month"])
                year = int(month["year"])
                if story is not None and text.count("\n", story[2], item.start) <= 1:
                    year = story[0] + (number < story[1])
                if latest is not None and (year, number) > latest:
                    year = latest[0] - (number > latest[1])
                item = FoundTime(item.start, item.end, f"{year}-{number:02d}", item.rule, item.lead)
            elif month is not None and _WRITTEN_YEAR.search(text, item.start, item.end):
                story = (int(month["year"]), int(month["month"]), item.end)
            elif month is not None and item.rule in self.narrative_rules and latest is not None \
                    and (story is None or text.count("\n", story[2], item.start) > 1) \
                    and int(month["year"]) == latest[0] and int(month["month"]) < latest[1] \
                    and self._told_ahead(doc, item.start, item.end, int(month["month"]) + 12 - latest[1], 12):
                item = FoundTime(item.start, item.end, f"{latest[0] + 1}-{month['month']}", item.rule, item.lead)
            resolved.append(item)
        return resolved

    def _told_ahead(self, doc: Doc, start: int, end: int, ahead: int, cycle: int) -> bool:
        """Whether a month or weekday of the cycle of months or days it comes back in, `ahead` of the reference date
        the next time, is told as still to come: its clause has a `future` modal ("will reopen in March") or is told
        in the present ("goes on sale in late January", "is set to expire in February", "can return it by January",
        "the show opens to the public on Friday") with it nearer ahead than back (a headline's present tells of the
        month just gone: "Sales plunge 10 percent in October" on a page of November)."""
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not doc.has_annotation("TAG"):
            return False
        verbs = _verb_chain(span.root)
        auxiliaries = [child for verb in verbs for child in verb.children if child.dep_ in ("aux", "auxpass")]
        if any(token.tag_ in PAST_TAGS - {"VBN"} or token.lemma_ == "have" for token in [*verbs, *auxiliaries]) \
                or any(verb.tag_ == "VBN" and not auxiliaries for verb in verbs):
            return False  # told in the past, the perfect ("have been grounded since March") or as a past participle
        if any(token.lower_ in self.future_words for token in auxiliaries):
            return True
        return ahead < cycle - ahead and any(token.tag_ in PRESENT_TAGS for token in [*verbs, *auxiliaries])


def _days_of_named_months(text: str, found: list[FoundTime]) -> list[FoundTime]:
    """"As of April 24 … between the 20th and the 24th": a day without a month is one of the month named last
    before it, on its line or the line before; with none there it is no time."""
    resolved: list[FoundTime] = []
    named: tuple[str, int] | None = None  # the year and month last named ("2024-04"), and where it ends
    for item in found:
        month = _MONTH_OF.match(item.value or "")
        if item.day is not None:
            if named is None or text.count("\n", named[1], item.start) > 1:
                continue
            item = FoundTime(item.start, item.end, f"{named[0]}-{item.day:02d}", item.rule, item.lead)
        elif month is not None:
            named = (month.group(), item.end)
        resolved.append(item)
    return resolved


@dataclass(frozen=True)
class NamingWords:
    """What `names_thing` reads: the prepositions that make an event a time (`times/event_adjuncts`), and the nouns a
    year makes a period of rather than naming a thing: month names (`times/months`, "on February 10, 2023") and
    `times/period_nouns` ("from spring 2020")."""

    adjuncts: frozenset[str]
    periods: frozenset[str]

    @classmethod
    def of(cls, rules: RuleSet) -> NamingWords:
        months = {name.casefold() for rule in rules.get("times/months", MonthName) for name in rule.names}
        nouns = {rule.word.casefold() for rule in rules.get("times/period_nouns", PeriodNoun)}
        return cls(frozenset(rule.word.casefold() for rule in rules.get("times/event_adjuncts", EventAdjunct)),
                   frozenset(months | nouns))


def names_thing(doc: Doc, start: int, end: int, words: NamingWords) -> bool:
    """Whether the year at `start`..`end` names a thing the sentence compares or refers to ("surpassing Japan's 2011
    earthquake", "since the 2008 financial crisis", "both sides accept the 1992 Consensus"): it modifies a noun that
    is the object of a verb, or of a preposition other than one that makes the thing a time (`times/event_adjuncts`:
    "during the 2022 World Cup"). Such a year dates the figures of that thing only ("31,000 deaths caused by the 2003
    earthquake"), not the sentence's own, and it tells nothing of the year the text is written in. A year that
    modifies the subject ("The 2018 flu season killed 61,000") dates its clause as any time does. So does a time
    said as the noun's possessor ("not on last year's list")."""
    span = doc.char_span(start, end) if doc.has_annotation("DEP") else None
    if span is None or not (span.root.dep_ == "poss" or (len(span) == 1 and span[0].dep_ in _NAMING_DEPS)):
        return False
    head = span.root.head
    if head.pos_ not in ("NOUN", "PROPN") or head.lower_.rstrip(".") in words.periods:
        return False
    noun = _first_conjunct(head)
    return noun.dep_ == "dobj" or (noun.dep_ == "pobj" and noun.head.lower_ not in words.adjuncts)


def _past_tags_before(doc: Doc) -> list[int]:
    """How many tokens before each token index (and the doc's end) have a past tag (PAST_TAGS), from the
    doc's tag array: a sentence has one when the count grows over it, with no Token made for each word."""
    strings = doc.vocab.strings
    past = numpy.isin(doc.to_array("TAG"), numpy.array([strings.add(tag) for tag in PAST_TAGS], dtype=numpy.uint64))
    return [0, *numpy.cumsum(past).tolist()]


def _verb_chain(token: Token) -> list[Token]:
    """The verb a token's clause hangs on and the verbs it is the infinitive of ("set to expire": expire, set)."""
    verb = next((ancestor for ancestor in (token, *token.ancestors) if ancestor.pos_ in ("VERB", "AUX")), None)
    chain = []
    while verb is not None:
        chain.append(verb)
        verb = verb.head if verb.dep_ == "xcomp" and verb.head is not verb else None
    return chain


def _first_conjunct(token: Token) -> Token:
    """"the 2011 earthquake and tsunami": the role of a conjoined noun is its first conjunct's."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token


def _month_of_week(day: datetime.date, *, ahead: bool) -> str | None:
    """"Unions marched on Friday" in a text dated "Feb. 11" of no known year: which day of the week that was is
    unknown, but the last Friday up to it (the next one, `ahead`) falls in the 5th to the 11th, so in February:
    "XXXX-02". None when the week around it may cross into another month ("Feb. 3", "Feb. 27")."""
    low, high = (day.day, day.day + 6) if ahead else (day.day - 6, day.day)
    shortest = calendar.monthrange(_COMMON_YEAR, day.month)[1]
    return f"{UNKNOWN_YEAR}-{day.month:02d}" if low >= 1 and high <= shortest else None


def _shift_years(value: str, years: int) -> str:
    """"2024-Q3" a year back is "2023-Q3"; an unknown year stays unknown."""
    return _YEAR_IN_VALUE.sub(lambda year: str(int(year.group()) + years), value)


def _quarter_number(value: str | None) -> int | None:
    """"2025-Q3" → quarters since year 0 (a year "XXXX" counts as `_UNKNOWN_QUARTER_YEAR`), else None."""
    match = _QUARTER.match(value or "")
    if match is None:
        return None
    year = _UNKNOWN_QUARTER_YEAR if match["year"] == UNKNOWN_YEAR else int(match["year"])
    return year * 4 + int(match["quarter"]) - 1


def _quarter_value(number: int | None) -> str | None:
    if number is None:
        return None
    year, quarter = divmod(number, 4)
    return f"{UNKNOWN_YEAR if year > _UNKNOWN_QUARTER_YEAR // 2 else year}-Q{quarter + 1}"


def _period_ending(year: str, month: int, period: str) -> str | None:
    """The quarter, half or year that ends with `month` of `year` ("2020", 9, "quarter" → "2020-Q3"; a year
    ending in June is the fiscal year "FY2020"), None when no such period ends then (a quarter ending in May)."""
    if period == "year":
        return year if month == 12 else f"FY{year}"
    length, letter = (3, "Q") if period == "quarter" else (6, "H")
    return f"{year}-{letter}{month // length}" if month % length == 0 else None


def _period_of_months(first: str, second: str) -> str:
    """"2024-07/2024-09" is the quarter "2024-Q3", "XXXX-01/XXXX-06" the half "XXXX-H1"; other ranges stay."""
    months = [_MONTH.match(value) for value in (first, second)]
    if months[0] is None or months[1] is None or months[0]["year"] != months[1]["year"]:
        return f"{first}/{second}"
    start, end = int(months[0]["month"]), int(months[1]["month"])
    for length, letter in ((3, "Q"), (6, "H")):
        if end - start == length - 1 and start % length == 1:
            return f"{months[0]['year']}-{letter}{end // length}"
    return f"{first}/{second}"


def _cue_window(text: str, start: int, figures: list[tuple[int, int]]) -> str:
    """The text a cue may stand in before `start`, each figure in it replaced by `FIGURE_MARK`."""
    window_start = max(0, start - CUE_WINDOW)
    first = bisect.bisect_left(figures, (window_start, 0))
    if first > 0 and figures[first - 1][1] > window_start:
        first -= 1
    parts, position = [], window_start
    for figure_start, figure_end in figures[first:]:
        if figure_start >= start:
            break
        parts += [text[position:max(position, figure_start)], FIGURE_MARK]
        position = max(position, min(figure_end, start))
    return "".join(parts) + text[position:start]


def _counts_days(rule: TimeExpression, regex: re.Pattern[str]) -> bool:
    """Whether a rule's times are days counted from the reference date ("today", "on Friday")."""
    return rule.day_offset is not None or rule.month_offset is not None or "weekday" in regex.groupindex


def _days_before_later_facts(text: str, found: list[FoundTime], year: int | None) -> list[FoundTime]:
    """A year read from the text's facts ("in July 2013 the university signed …") is a bound, not the text's date: a
    day written without its year ("on the morning of February 11") that would fall before a time the text names in
    that year with its year written out cannot be of that year, so its year stays unknown ("XXXX-02-11")."""
    if year is None:
        return found
    written = [_month_key(item.value) for item in found
               if item.value and item.value.startswith(str(year)) and str(year) in text[item.start:item.end]]
    latest = max(written, default=None)
    if latest is None:
        return found
    return [replace(item, value="XXXX" + item.value[4:])
            if item.value and _DAY.match(item.value) and item.value.startswith(str(year))
            and str(year) not in text[item.start:item.end] and _month_key(item.value) < latest else item
            for item in found]


def _month_key(value: str) -> str:
    """The month (and day) a value ends in, as "MM" or "MM-DD", for comparing times of one year ("2021-01/2021-09"
    → "09")."""
    return value.rsplit("/", 1)[-1][5:] or "00"


def _reference_date(published: str | None, text: str, found: list[FoundTime]) -> str | None:
    """The day "today" means: the article's date, else a day-precise date in its first lines (its dateline:
    "BEIJING, Feb. 10 (Xinhua)", "On Saturday (February 11)", "2023-02-11 13:07")."""
    if published and _DAY.match(published[:10]):
        return published[:10]
    lines_end = 0
    for _ in range(DATELINE_LINES):
        next_end = text.find("\n", lines_end + 1)
        lines_end = len(text) if next_end < 0 else next_end
    days = [item for item in found if item.start < lines_end and item.value and _DAY.match(item.value)]
    return min(days, key=lambda item: item.start).value if days else None


def _fused_years(doc: Doc) -> list[FoundTime]:
    """Years the figures component found glued into a figure (`span._.fused_year` on the figure spans)."""
    fused: list[FusedYear] = [span._.fused_year for span in doc.spans.get(FIGURES_KEY, []) if span._.fused_year]
    return [FoundTime(year.start, year.end, str(year.year), FUSED_YEAR_RULE) for year in fused]


def _longest_first(found: list[FoundTime]) -> list[FoundTime]:
    """Longest first, then first in the text: each stretch of text is one time (in text order)."""
    by_length = sorted(found, key=lambda item: (-(item.end - item.start), item.start))
    return keep_non_overlapping(by_length, lambda item: (item.start, item.end))


@Language.factory("claimex_reference_year",
                   assigns=["doc._.reference_year", "doc._.reference_year_inferred", "doc._.reference_source"])
def make_reference_year(nlp: Language, name: str) -> ReferenceYear:
    return ReferenceYear(nlp, name)


@Language.factory("claimex_times",
                   assigns=["doc.spans", "doc._.reference_date", "span._.time_value", "span._.time_role",
                            "span._.time_of_figure", "span._.rule", "span._.chars"],
                   requires=["doc._.reference_year", "span._.fused_year"])
def make_time_finder(nlp: Language, name: str) -> TimeFinder:
    return TimeFinder(nlp, name)


def read_times(doc: Doc) -> list[Time]:
    """The doc's times as records (working-text offsets), numbered t1, t2, … in text order."""
    text = doc_text(doc)
    return [
        Time(id=f"t{number}", text=text[start:end], start=start, end=end, value=span._.time_value,
             role=span._.time_role, rule=span._.rule, of_figure=span._.time_of_figure)
        for number, (span, start, end) in enumerate(spans_in_text_order(doc, SPANS_KEY), start=1)
    ]


def _is_a_figure(item: FoundTime, figures: list[tuple[int, int]]) -> bool:
    """Whether the figures stage read the time's very characters as a figure ("1920 pixels", "2020 tonnes"): a
    number it found to be an amount is no year (one detector per fact; what it set aside as a year is no figure)."""
    index = bisect.bisect_left(figures, (item.start, item.end))
    return index < len(figures) and figures[index] == (item.start, item.end)


def _word_before(doc: Doc, start: int) -> str | None:
    """The word right before a character offset, case-folded (a cue word: "last Tuesday", "next Tuesday")."""
    before = doc_text(doc)[max(0, start - CUE_WINDOW):start].split()
    return before[-1].casefold() if before else None
