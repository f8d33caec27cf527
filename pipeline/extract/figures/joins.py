"""Stage 3 of the figures: readings joined with their neighbours, in text order.

One figure per stretch of text (the earliest, then the longest), a stray number and its fused year
kept as evidence by the figure after them, a minor unit folded into the amount before it ("3
dollars 50 cents"), hyphenated bare numbers that are scores dropped, and the two ends of a range
("20-30 million") given the range, the scale and the currency they share. Each step looks only at
neighbours, so the stage is linear in the number of readings.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import re
from collections.abc import Callable

from ...schema import Qualifier
from ...spans import keep_non_overlapping
from .compiled import CompiledJoiner, FigureRules
from .cores import StrayNumber
from .reading import BEFORE_WINDOW, Reading

SENTENCE_END = re.compile(r"[.!?;\n](?:\s|$)")
#: Two scale words from this factor up in one amount are a garble ("2 billion 300 million").
GARBLE_FACTOR = 1e6
CLAUSE_TAIL = re.compile(r"\s*(?:[.,;!?]|$)")
SCORE_JOINER = re.compile(r"\s*[-–]\s*")
SCORE_AFTER = re.compile(r",\s*\d+-\d+\b")
#: The rule id of a hyphenated pair kept as a named number.
PAIR_RULE = "figures.pair.hyphen"


def join(rules: FigureRules, text: str, readings: list[Reading], strays: list[StrayNumber],
         named: list[Reading]) -> list[Reading]:
    """The readings that stay figures, joined, in text order; the pairs that are no figures (scores,
    numbered names: "3-1", "the 9-2 consensus") are added to `named`."""
    readings = keep_non_overlapping(sorted(readings, key=lambda reading: (reading.start, -reading.end)),
                                    lambda reading: reading.span)
    readings = _without_periods(text, readings)
    _attach_strays(readings, strays)
    readings = _join_scale_groups(rules, text, readings)
    readings = _join_minor_units(rules, text, readings)
    readings = _without_scores(text, readings, named)
    readings = _join_fractions(rules, text, readings)
    _join_ranges(rules, text, readings)
    return readings


def _without_periods(text: str, readings: list[Reading]) -> list[Reading]:
    """'rose 5% for 3 years': a duration beside an amount (a figure with a unit, scale or currency) of its
    sentence sets that figure's period and is dropped; alone ('2 women trapped for 122 hours') it is a figure."""
    def beside(index: int) -> bool:
        return any(0 <= other < len(readings) and readings[other].marked and not readings[other].period
                   and _same_sentence(text, readings[min(index, other)], readings[max(index, other)])
                   for other in (index - 1, index + 1))

    return [reading for index, reading in enumerate(readings) if not (reading.period and beside(index))]


def _same_sentence(text: str, first: Reading, second: Reading) -> bool:
    return SENTENCE_END.search(text, first.end, second.start) is None


def _attach_strays(readings: list[Reading], strays: list[StrayNumber]) -> None:
    """The figure right after a stray number and its fused year keeps them as evidence."""
    starts = [reading.start for reading in readings]
    for stray in strays:
        index = bisect.bisect_left(starts, stray.garble[1])
        if index < len(readings) and readings[index].start - stray.garble[1] <= stray.max_gap:
            target = readings[index]
            target.evidence = (stray.garble[0], target.end)
            target.fused_year = stray.year


def _join_scale_groups(rules: FigureRules, text: str, readings: list[Reading]) -> list[Reading]:
    """'$2 billion 300 million', '4 thousand 3 hundred and 21', '6 crore and two hundred': one amount whose
    groups fall in scale. Two scale words of a million or more in a row are a garble the checks flag."""
    joined: list[Reading] = []
    smallest = 0.0  # the factor of the last group joined into joined[-1]
    for reading in readings:
        whole = joined[-1] if joined else None
        if whole is not None and _next_group(rules, text, whole, reading, smallest):
            if whole.factor >= GARBLE_FACTOR and reading.factor >= GARBLE_FACTOR:
                whole.garble = "two_scale_words"
            if _is_fraction(reading):  # "3 million and a half": a half of the last scale word
                whole.mantissa += reading.value * smallest / whole.factor
            else:
                whole.mantissa += reading.mantissa * reading.factor / whole.factor
            whole.end, smallest = reading.end, reading.factor
            whole.scale_word = f"{whole.scale_word} {reading.scale_word}" if reading.scale_word else whole.scale_word
            if reading.currency and not whole.currency:
                whole.currency, whole.rule = reading.currency, reading.rule
            continue
        joined.append(reading)
        smallest = reading.factor
    return joined


def _next_group(rules: FigureRules, text: str, whole: Reading, reading: Reading, smallest: float) -> bool:
    """Whether `reading` is the next, smaller group of the amount `whole` (joined by a space or 'and'):
    also the fraction of a bare whole number ('59 and a half')."""
    if reading.sign or reading.qualifier or reading.range or whole.range:
        return False
    if not whole.scale_word:
        return (_is_fraction(reading) and whole.core.source == "digits" and whole.kind == "number"
                and whole.factor == 1.0 and bool(rules.group_and.fullmatch(text, whole.end, reading.start)))
    if whole.kind not in ("number", "money") or reading.kind not in ("number", "money") or reading.minor:
        return False
    if reading.currency and whole.currency and reading.currency != whole.currency:
        return False
    if not text[whole.start:whole.end].endswith(whole.scale_word.rsplit(" ", 1)[-1]):
        return False  # "2 billion yuan 300 million users": a currency or unit closed the amount
    gap = text[whole.end:reading.start]
    if not rules.group_gap.fullmatch(gap):
        return False
    if reading.scale_word:
        return reading.factor < smallest and reading.mantissa * reading.factor < smallest * 1000
    if not rules.group_and.fullmatch(gap) or reading.mantissa >= smallest:
        return False
    if _is_fraction(reading):
        return smallest >= 1000
    return smallest <= 1000 or bool(CLAUSE_TAIL.match(text, reading.end))  # not "5 million and 300 people"


def _is_fraction(reading: Reading) -> bool:
    """A spelled-out fraction below one ('a half', 'three quarters')."""
    return reading.core.source == "words" and reading.core.closed and 0 < reading.value < 1


def _join_minor_units(rules: FigureRules, text: str, readings: list[Reading]) -> list[Reading]:
    """'3 dollars 50 cents', 'thirteen dollars and forty-five cents', 'one kuai and five mao five', and
    'thirteen dollars forty five' (a bare number ending the clause): one amount, 3.50, 13.45, 1.55, 13.45."""
    joined: list[Reading] = []
    implied: float | None = None  # what a bare number right after the last amount is worth, in its unit
    for reading in readings:
        major = joined[-1] if joined else None
        if major is not None and major.currency and not major.scale_word and not reading.sign:
            between = rules.minor_joiner.fullmatch(text, major.end, reading.start)
            if between and reading.minor is not None and not reading.qualifier:
                major.mantissa += reading.value * reading.minor.fraction / major.factor
                major.end, implied = reading.end, reading.minor.implied_next
                continue
            if between and implied and _implied_minor(text, major, reading, implied):
                major.mantissa += reading.value * implied / major.factor
                major.end, implied = reading.end, None
                continue
        joined.append(reading)
        implied = rules.implied_minor if reading.currency and not reading.scale_word else None
    return joined


def _implied_minor(text: str, major: Reading, reading: Reading, fraction: float) -> bool:
    """A bare whole number below one major unit, right after the amount (no comma) and ending its clause."""
    return (not reading.marked and reading.value.is_integer() and 0 < reading.value * fraction < 1
            and "," not in text[major.end:reading.start] and bool(CLAUSE_TAIL.match(text, reading.end)))


def _without_scores(text: str, readings: list[Reading], named: list[Reading]) -> list[Reading]:
    """'6-4', '70-44', '4-2-1': hyphenated bare numbers that do not rise are scores or records, not ranges.
    Each such pair goes to `named` as one number that labels rather than counts (a score, or a numbered name
    such as "the 9-2 consensus")."""
    scores: set[int] = set()
    for low, high in itertools.pairwise(readings):
        if low.marked or high.marked or low.qualifier or high.qualifier:
            continue
        if not SCORE_JOINER.fullmatch(text, low.end, high.start):
            continue
        in_a_list = _after_a_score(text, low.start) or SCORE_AFTER.match(text, high.end)
        if low.value >= high.value or in_a_list:  # "7-5, 3-6, 7-6": a set score, though it rises
            if id(low) not in scores:
                named.append(dataclasses.replace(low, end=high.end, named=True, rule=PAIR_RULE))
            scores.update((id(low), id(high)))
    return [reading for reading in readings if id(reading) not in scores]


def _after_a_score(text: str, position: int) -> bool:
    """Whether a score and a comma end right before `position` ("6-4, ", "7-6 (7-5), "): the regex
    `\\d+-\\d+(?:\\s*\\(\\d+\\))?,\\s*$` read backwards from `position`, so no earlier text is scanned."""
    index = _skip_back(text, position, str.isspace)
    if index == 0 or text[index - 1] != ",":
        return False
    index -= 1
    if index > 0 and text[index - 1] == ")":  # a tie-break score in brackets
        digits = _skip_back(text, index - 1, str.isdecimal)
        if digits == index - 1 or digits == 0 or text[digits - 1] != "(":
            return False
        index = _skip_back(text, digits - 1, str.isspace)
    second = _skip_back(text, index, str.isdecimal)
    return second < index and second > 1 and text[second - 1] == "-" and text[second - 2].isdecimal()


def _skip_back(text: str, position: int, test: Callable[[str], bool]) -> int:
    """Where the run of characters passing `test` (str.isspace, str.isdecimal) that ends at `position` starts."""
    while position > 0 and test(text[position - 1]):
        position -= 1
    return position


def _join_fractions(rules: FigureRules, text: str, readings: list[Reading]) -> list[Reading]:
    """'one over three', '2000 over 3', 'one out of three': two bare numbers, the second ending its clause,
    are one figure, their quotient (a 'more than' read from 'over' goes with the second)."""
    joiners = [joiner for joiner in rules.joiners if joiner.rule.makes == "fraction"]
    joined: list[Reading] = []
    for reading in readings:
        low = joined[-1] if joined else None
        if low is not None and not (low.marked or reading.marked or reading.sign or low.range) and reading.value:
            joiner = next((joiner for joiner in joiners
                           if joiner.between.fullmatch(text, low.end, reading.core.start)), None)
            if joiner is not None and CLAUSE_TAIL.match(text, reading.end):
                low.mantissa, low.end, low.rule, low.marked = low.mantissa / reading.value, reading.end, joiner.rule.id, True
                continue
        joined.append(reading)
    return joined


def _join_ranges(rules: FigureRules, text: str, readings: list[Reading]) -> None:
    """'between 100,000 and 200,000 yuan', '20-30 million': each end is a figure, both carry the range."""
    for low, high in itertools.pairwise(readings):
        joiner = _joiner(rules, text, low, high)
        if joiner is None or low.range or high.range or (low.kind != "number" and high.kind != low.kind):
            continue
        if low.unit and high.unit and low.unit != high.unit:
            continue  # "rose 4.33 percentage points to 18.72%": a change and a level
        if low.currency and high.currency and low.currency != high.currency:
            continue  # "fell 5 pounds to 20 ringgit": two amounts, not one range
        shares_scale = low.factor == 1.0 and high.factor != 1.0 and low.mantissa < high.mantissa
        factor = high.factor if shares_scale else low.factor
        if low.value * (factor / low.factor) >= high.value:
            continue  # "1-1", "6-4": scores, not ranges
        if shares_scale:
            low.factor, low.scale_word = high.factor, high.scale_word
        if low.currency is None and high.currency is not None:
            low.currency = high.currency
        if low.kind == "number" and high.kind in ("percent", "multiple"):
            low.kind, low.unit = high.kind, high.unit
        low.range = high.range = (low.value, high.value)
        low.qualifier = _bound(low.qualifier, "at_least")
        high.qualifier = _bound(high.qualifier, "up_to")
        low.rule = high.rule = joiner.rule.id if low.rule == "figures.number" else low.rule


def _bound(qualifier: Qualifier | None, bound: Qualifier) -> Qualifier:
    """A range end's qualifier: its bound, unless a bound is written ("more than 10 to 20"); an "about" before
    the low end hedges the whole range, and the end is still the bound (the annotation schema's reading)."""
    return bound if qualifier in (None, "approx") else qualifier


def _joiner(rules: FigureRules, text: str, low: Reading, high: Reading) -> CompiledJoiner | None:
    """The range rule that joins `low` and `high`: its joiner stands between them, its opener before."""
    for joiner in rules.joiners:
        if joiner.rule.makes != "range" or not joiner.between.fullmatch(text, low.end, high.start):
            continue
        if joiner.opener:
            if not joiner.opener.search(text[max(0, low.start - BEFORE_WINDOW):low.start]):
                continue
        elif joiner.unless_after and joiner.unless_after.search(text[max(0, low.start - joiner.unless_window):low.start]):
            continue  # "rose from 10% to 20%" is a change, not a range
        return joiner
    return None
