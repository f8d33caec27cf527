"""Time expressions, resolved to ISO 8601 values against the article's reference year.

Expressions are regexes in `rules/times/expressions` whose named groups (year, month, day, half,
quarter, part, rel) say how to build the value. The reference year is the published year; when
the article has no date it is inferred from cues in the text ("2023 is the 10th year", "With the
arrival of 2024", a dateline), else the year the text names most often, and marked as inferred;
a month or quarter whose year stays unknown gets the year "XXXX" ("XXXX-08"). Today's date
is never used. Years fused into figures by the figures component ("1 in 2023400 million") are
emitted as times too.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from ..rules import RuleSet, shared_rules
from ..rules.times import ReferenceYearCue, TimeExpression, TimeRange, TimeWord
from ..schema import Time
from .spans import place_span, spans_in_text_order

SPANS_KEY = "times"
FIGURES_KEY = "figures"
FUSED_YEAR_RULE = "times.fused_year"
_ORDINALS = {"first": 1, "1st": 1, "1": 1, "second": 2, "2nd": 2, "2": 2, "third": 3, "3rd": 3, "3": 3,
             "fourth": 4, "4th": 4, "4": 4, "final": 4, "closing": 4}
#: Stands for a year the text does not give, as in "XXXX-08" for a bare "August" in an undated text.
UNKNOWN_YEAR = "XXXX"
_MONTHS = {name: number for number, name in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_BARE_YEAR = re.compile(r"(?<![\w$.,])((?:19|20)\d{2})(?!\d|[.,]\d)")


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    value: str | None
    rule: str


class TimeFinder:
    """spaCy component: one span per time expression in `doc.spans["times"]`, its value in `span._.time_value`."""

    def __init__(self, rules: RuleSet) -> None:
        self.expressions = [(rule, re.compile(rule.regex, re.IGNORECASE))
                            for rule in rules.get("times/expressions", TimeExpression)]
        words = rules.get("times/words", TimeWord)
        self.months_of_parts = {word.word.casefold(): word.month for word in words if word.year_offset is None}
        self.year_offsets = {word.word.casefold(): word.year_offset for word in words if word.year_offset is not None}
        self.ranges = [(rule, re.compile(rule.before, re.IGNORECASE), re.compile(rule.between, re.IGNORECASE))
                       for rule in rules.get("times/ranges", TimeRange)]
        self.cues = [(rule, re.compile(rule.regex, re.IGNORECASE))
                     for rule in rules.get("times/reference_year", ReferenceYearCue)]

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # built from the tokens on every access: read it once
        year, inferred = self.reference_year(doc._.published, text)
        doc._.reference_year = year
        doc._.reference_year_inferred = inferred
        found = _without_overlaps(self._matches(text, year) + _fused_years(doc))
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

    def _matches(self, text: str, reference: int | None) -> list[_Found]:
        found = []
        for rule, regex in self.expressions:
            for match in regex.finditer(text):
                found.append(_Found(match.start(), match.end(), self._value(rule, match, reference), rule.id))
        return found

    def _value(self, rule: TimeExpression, match: re.Match[str], reference: int | None) -> str | None:
        groups = {name: value for name, value in match.groupdict().items() if value is not None}
        year = self._year(rule, groups, reference)
        if year is None and not groups.keys() & {"month", "quarter", "half"}:
            return None
        value = f"{rule.prefix}{UNKNOWN_YEAR if year is None else year}"
        if "quarter" in groups:
            return f"{value}-Q{_ORDINALS[groups['quarter'].casefold()]}"
        if "half" in groups:
            return f"{value}-H{_ORDINALS[groups['half'].casefold()]}"
        month = _month(groups["month"]) if "month" in groups else self.months_of_parts.get(groups.get("part", "").casefold())
        if month is None:
            return value
        if "day" in groups:
            return f"{value}-{month:02d}-{int(groups['day']):02d}"
        return f"{value}-{month:02d}"

    def _year(self, rule: TimeExpression, groups: dict[str, str], reference: int | None) -> int | None:
        if "year" in groups:
            return int(groups["year"])
        offset = self.year_offsets.get(groups["rel"].casefold()) if "rel" in groups else rule.year_offset
        if offset is None or reference is None:
            return None
        return reference + offset

    def _joined_ranges(self, text: str, found: list[_Found]) -> list[_Found]:
        """Adjacent times joined by a range rule ("from 2022 to August 2023") become one "A/B" time."""
        joined: list[_Found] = []
        for item in found:
            previous = joined[-1] if joined else None
            rule = self._range_rule(text, previous, item) if previous else None
            if previous and rule and previous.value and item.value:
                joined[-1] = _Found(previous.start, item.end, f"{previous.value}/{item.value}", rule)
            else:
                joined.append(item)
        return joined

    def _range_rule(self, text: str, first: _Found, second: _Found) -> str | None:
        between = text[first.end:second.start]
        before = text[max(0, first.start - 20):first.start]
        for rule, before_regex, between_regex in self.ranges:
            if between_regex.search(between) and (not rule.before or before_regex.search(before)):
                return rule.id
        return None


def _month(name: str) -> int | None:
    return _MONTHS.get(name.casefold()[:3])


def _fused_years(doc: Doc) -> list[_Found]:
    """Years the figures component found fused into a figure (`parts.fused_year` inside `parts.evidence`)."""
    found = []
    for span in doc.spans.get(FIGURES_KEY, []):
        figure = span._.figure
        parts = getattr(figure, "parts", None)
        if parts is None or parts.fused_year is None or parts.evidence is None:
            continue
        start, end = parts.evidence
        offset = doc.text.find(str(parts.fused_year), start, end)
        if offset >= 0:
            found.append(_Found(offset, offset + 4, str(parts.fused_year), FUSED_YEAR_RULE))
    return found


def _without_overlaps(found: list[_Found]) -> list[_Found]:
    """Longest first, then rule order: each stretch of text is one time."""
    kept: list[_Found] = []
    for item in sorted(found, key=lambda item: (-(item.end - item.start), item.start)):
        if all(item.end <= other.start or other.end <= item.start for other in kept):
            kept.append(item)
    return sorted(kept, key=lambda item: item.start)


@Language.factory("claimex_times", assigns=["doc.spans", "doc._.reference_year"],
                   default_config={"rules_dir": None})
def make_time_finder(nlp: Language, name: str, rules_dir: str | None) -> TimeFinder:
    return TimeFinder(shared_rules(rules_dir))


def read_times(doc: Doc) -> list[Time]:
    """The doc's times as records (working-text offsets), numbered t1, t2, … in text order."""
    text = doc.text
    return [
        Time(id=f"t{number}", text=text[start:end], start=start, end=end, value=span._.time_value, rule=span._.rule)
        for number, (span, start, end) in enumerate(spans_in_text_order(doc, SPANS_KEY), start=1)
    ]
