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

import re
from collections import Counter
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from ..rules import RuleSet
from ..rules.times import MonthName, Ordinal, ReferenceYearCue, TimeExpression, TimeRange, TimeWord
from ..schema import Time
from ..spans import keep_non_overlapping
from .component import RuleComponent
from .extensions import FusedYear, doc_text
from .spans import place_span, spans_in_text_order

SPANS_KEY = "times"
FIGURES_KEY = "figures"
FUSED_YEAR_RULE = "times.fused_year"
#: Stands for a year the text does not give, as in "XXXX-08" for a bare "August" in an undated text.
UNKNOWN_YEAR = "XXXX"
_BARE_YEAR = re.compile(r"(?<![\w$.,])((?:19|20)\d{2})(?!\d|[.,]\d)")


@dataclass(frozen=True)
class FoundTime:
    """A time expression found in the text, before it becomes a span: where, its ISO value, which rule."""

    start: int
    end: int
    value: str | None
    rule: str


class ReferenceYear(RuleComponent):
    """spaCy component: the year relative times resolve against, in `doc._.reference_year` (and whether it
    was inferred from the text, in `doc._.reference_year_inferred`).

    It reads `doc._.published`, the article's date, which the caller sets on the `Doc` with its text
    before the pipeline runs (no component assigns it, so none can declare it as required).
    """

    rule_files = ("times/reference_year",)

    def compile(self, rules: RuleSet) -> None:
        self.cues = [(rule, re.compile(rule.regex, re.IGNORECASE))
                     for rule in rules.get("times/reference_year", ReferenceYearCue)]

    def process(self, doc: Doc) -> Doc:
        doc._.reference_year, doc._.reference_year_inferred = self.reference_year(doc._.published, doc_text(doc))
        return doc

    def reference_year(self, published: str | None, text: str) -> tuple[int | None, bool]:
        """The published year; else the year cues in the text vote for; else the year named most often."""
        if published and re.match(r"\d{4}", published):
            return int(published[:4]), False
        votes = Counter(int(match["year"]) + rule.offset for rule, regex in self.cues for match in regex.finditer(text))
        if not votes:
            votes = Counter(int(match.group(1)) for match in _BARE_YEAR.finditer(text))
        if not votes:
            return None, False
        return max(votes.items(), key=lambda item: (item[1], item[0]))[0], True


class TimeFinder(RuleComponent):
    """spaCy component: one span per time expression in `doc.spans["times"]`, its value in `span._.time_value`."""

    rule_files = ("times/expressions", "times/words", "times/ranges", "times/months", "times/ordinals")

    def compile(self, rules: RuleSet) -> None:
        self.expressions = [(rule, re.compile(rule.regex, re.IGNORECASE))
                            for rule in rules.get("times/expressions", TimeExpression)]
        words = rules.get("times/words", TimeWord)
        self.months_of_parts = {word.word.casefold(): word.month for word in words if word.year_offset is None}
        self.year_offsets = {word.word.casefold(): word.year_offset for word in words if word.year_offset is not None}
        self.ranges = [(rule, re.compile(rule.before, re.IGNORECASE), re.compile(rule.between, re.IGNORECASE))
                       for rule in rules.get("times/ranges", TimeRange)]
        self.months = {name.casefold(): rule.month for rule in rules.get("times/months", MonthName) for name in rule.names}
        self.ordinals = {rule.word.casefold(): rule.number for rule in rules.get("times/ordinals", Ordinal)}

    def process(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        found = _longest_first(self._matches(text, doc._.reference_year) + _fused_years(doc))
        spans = []
        for item in self._joined_ranges(text, found):
            span = place_span(doc, item.start, item.end)
            if span is None:
                continue
            span._.time_value = item.value
            span._.rule = item.rule
            spans.append(span)
        doc.spans[SPANS_KEY] = spans
        return doc

    def _matches(self, text: str, reference: int | None) -> list[FoundTime]:
        found = []
        for rule, regex in self.expressions:
            for match in regex.finditer(text):
                found.append(FoundTime(match.start(), match.end(), self._value(rule, match, reference), rule.id))
        return found

    def _value(self, rule: TimeExpression, match: re.Match[str], reference: int | None) -> str | None:
        groups = {name: value for name, value in match.groupdict().items() if value is not None}
        year = self._year(rule, groups, reference)
        if year is None and not groups.keys() & {"month", "quarter", "half"}:
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

    def _ordinal(self, word: str) -> int | None:
        """"third" → 3, "3" → 3."""
        return int(word) if word.isdigit() else self.ordinals.get(word.casefold())

    def _month(self, name: str) -> int | None:
        """"Sept." → 9."""
        return self.months.get(name.casefold().rstrip("."))

    def _year(self, rule: TimeExpression, groups: dict[str, str], reference: int | None) -> int | None:
        if "year" in groups:
            return int(groups["year"])
        offset = self.year_offsets.get(groups["rel"].casefold()) if "rel" in groups else rule.year_offset
        if offset is None or reference is None:
            return None
        return reference + offset

    def _joined_ranges(self, text: str, found: list[FoundTime]) -> list[FoundTime]:
        """Adjacent times joined by a range rule ("from 2022 to August 2023") become one "A/B" time."""
        joined: list[FoundTime] = []
        for item in found:
            previous = joined[-1] if joined else None
            rule = self._range_rule(text, previous, item) if previous else None
            if previous and rule and previous.value and item.value:
                joined[-1] = FoundTime(previous.start, item.end, f"{previous.value}/{item.value}", rule)
            else:
                joined.append(item)
        return joined

    def _range_rule(self, text: str, first: FoundTime, second: FoundTime) -> str | None:
        between = text[first.end:second.start]
        before = text[max(0, first.start - 20):first.start]
        for rule, before_regex, between_regex in self.ranges:
            if between_regex.search(between) and (not rule.before or before_regex.search(before)):
                return rule.id
        return None


def _fused_years(doc: Doc) -> list[FoundTime]:
    """Years the figures component found glued into a figure (`span._.fused_year` on the figure spans)."""
    fused: list[FusedYear] = [span._.fused_year for span in doc.spans.get(FIGURES_KEY, []) if span._.fused_year]
    return [FoundTime(year.start, year.end, str(year.year), FUSED_YEAR_RULE) for year in fused]


def _longest_first(found: list[FoundTime]) -> list[FoundTime]:
    """Longest first, then first in the text: each stretch of text is one time (in text order)."""
    by_length = sorted(found, key=lambda item: (-(item.end - item.start), item.start))
    return keep_non_overlapping(by_length, lambda item: (item.start, item.end))


@Language.factory("claimex_reference_year", assigns=["doc._.reference_year", "doc._.reference_year_inferred"])
def make_reference_year(nlp: Language, name: str) -> ReferenceYear:
    return ReferenceYear(nlp, name)


@Language.factory("claimex_times", assigns=["doc.spans", "span._.time_value", "span._.rule", "span._.chars"],
                   requires=["doc._.reference_year", "span._.fused_year"])
def make_time_finder(nlp: Language, name: str) -> TimeFinder:
    return TimeFinder(nlp, name)


def read_times(doc: Doc) -> list[Time]:
    """The doc's times as records (working-text offsets), numbered t1, t2, … in text order."""
    text = doc_text(doc)
    return [
        Time(id=f"t{number}", text=text[start:end], start=start, end=end, value=span._.time_value, rule=span._.rule)
        for number, (span, start, end) in enumerate(spans_in_text_order(doc, SPANS_KEY), start=1)
    ]
