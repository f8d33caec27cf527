"""Figures and times of a Chinese source text, read with the rules in rules/source/.

Dates and years (2023年, 2月10日, 第三季度) become times, never figures; words that hold a numeral
without counting anything (一些, 统一, 第三) and the names of known people (安倍晋三, 马英九) are
skipped; a numeral inside a name ("两个确立", 党的二十大) is kept as a figure that names, so a
translation that counts it can be told apart.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ..rules import RuleSet
from ..rules.base import Threshold
from ..rules.source import (
    SourceCountWord,
    SourceCurrency,
    SourceNotFigure,
    SourceNumeralName,
    SourceQualifier,
    SourceSetPhrases,
    SourceTimePattern,
    SourceUnit,
)
from ..schema import FigureKind, Qualifier, SourceFigure, SourceTime, Span
from .established import established_mentions
from .events import numbered_events
from .numerals import FULLWIDTH_DIGITS, Numeral, find_numerals, read_numeral
from .phrases import set_phrases

RANGE_JOINER = re.compile(r"\s*(?:至|到|-|－|—|–|~|～)\s*")
NUMERAL_CHARS = "0123456789０１２３４５６７８９零〇一二两三四五六七八九十百千万亿"
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
LETTER = re.compile(r"[^\W\d_]")
#: Below zero, right before a number: 零下15 (15 below zero), or a minus sign, which is not the dash of a range (3-5).
BELOW_ZERO = re.compile(r"零下$")
MINUS = re.compile(r"(?<![0-9０-９零〇一二两三四五六七八九十百千万亿.．%％)）A-Za-z])[-－−]$")
CHINESE_DIGIT = {char: str(i) for i, char in enumerate("零一二三四五六七八九")} | {"〇": "0", "两": "2"}
#: 周日/星期天 is the seventh day of the ISO week.
WEEKDAY = {"日": "7", "天": "7"}


@dataclass(frozen=True)
class SourceRules:
    """The rules of rules/source/, arranged for reading: word lists longest first, patterns compiled."""

    currencies: list[SourceCurrency]
    units: list[SourceUnit]
    before: list[SourceQualifier]
    after: list[SourceQualifier]
    times: list[tuple[SourceTimePattern, re.Pattern[str]]]
    not_figures: list[tuple[SourceNotFigure, re.Pattern[str]]]
    #: proper names that hold a numeral (三亚, 百度): the numeral is the name's, not a figure
    numeral_names: list[tuple[SourceNumeralName, re.Pattern[str]]]
    #: words that carry a count with no numeral (双方: two)
    count_words: list[tuple[SourceCountWord, re.Pattern[str]]]
    #: dictionaries of set phrases whose numeral may count nothing (一目了然)
    set_phrases: list[SourceSetPhrases]
    #: the measure words, units and currencies a counting numeral is followed by (三口之家 counts)
    measures: tuple[str, ...]
    thresholds: dict[str, float]


@functools.lru_cache(maxsize=8)
def _source_rules(rules: RuleSet) -> SourceRules:
    def longest(items: list, key: str) -> list:
        return sorted(items, key=lambda item: -len(getattr(item, key)))

    qualifiers = rules.get("source/qualifiers", SourceQualifier)
    currencies = longest(rules.get("source/currencies", SourceCurrency), "word")
    units = longest(rules.get("source/units", SourceUnit), "word")
    return SourceRules(
        currencies=currencies,
        units=units,
        before=longest([q for q in qualifiers if q.position == "before"], "word"),
        after=longest([q for q in qualifiers if q.position == "after"], "word"),
        times=[(rule, re.compile(rule.pattern)) for rule in rules.get("source/times", SourceTimePattern)],
        not_figures=[(rule, re.compile(rule.phrase if rule.regex else re.escape(rule.phrase)))
                     for rule in rules.get("source/not_figures", SourceNotFigure)],
        numeral_names=[(rule, re.compile(rule.pattern))
                       for rule in longest(rules.get("source/numeral_names", SourceNumeralName), "name")],
        count_words=[(rule, re.compile(rule.pattern)) for rule in rules.get("source/count_words", SourceCountWord)
                     if rule.language == "zh"],
        set_phrases=rules.get("source/set_phrases", SourceSetPhrases),
        measures=tuple(unit.word for unit in units) + tuple(currency.word for currency in currencies),
        thresholds={rule.name: rule.value for rule in rules.get("source/thresholds", Threshold)},
    )


def source_rules(rules: RuleSet) -> SourceRules:
    """The source-reading rules of a rule set, built once per rule set."""
    return _source_rules(rules)


def source_threshold(rules: RuleSet, name: str) -> float:
    """A threshold of rules/source/thresholds.jsonl by name."""
    values = source_rules(rules).thresholds
    if name not in values:
        raise KeyError(f"no threshold named {name!r} in source/thresholds")
    return values[name]


@dataclass
class SourceReading:
    """What the source says in figures and times."""

    figures: list[SourceFigure] = field(default_factory=list)
    times: list[SourceTime] = field(default_factory=list)


def chinese_share(text: str) -> float:
    """The share of letters of `text` that are Chinese characters."""
    letters = LETTER.findall(text)
    return sum(1 for char in letters if CJK.match(char)) / len(letters) if letters else 0.0


def read_source(text: str, rules: RuleSet) -> SourceReading:
    """The figures and times of a Chinese text, in text order, numbered sf1…, st1…."""
    arranged = source_rules(rules)
    times = _times(text, arranged)
    blocked, names = _blocked_and_names(text, rules, arranged, times)
    numerals = find_numerals(text, blocked)
    figures = _figures(text, numerals, arranged, names)
    taken = blocked + [span for span, _, _ in names] + [(numeral.start, numeral.end) for numeral in numerals]
    figures = sorted(figures + _count_words(text, arranged, taken), key=lambda figure: figure.start)
    return SourceReading(
        figures=[figure.model_copy(update={"id": f"sf{i}"}) for i, figure in enumerate(figures, start=1)],
        times=[time.model_copy(update={"id": f"st{i}"}) for i, time in enumerate(times, start=1)],
    )


def source_names(text: str, rules: RuleSet) -> list[tuple[Span, str, str]]:
    """The names of a Chinese text whose numeral counts nothing (“两个确立”, 三亚, 一目了然), as (span, name, id of
    the rule that found it): a figure of read_source names by the rule of its unit when it has one (两个 → 个)."""
    arranged = source_rules(rules)
    return _blocked_and_names(text, rules, arranged, _times(text, arranged))[1]


def _blocked_and_names(text: str, rules: RuleSet, arranged: SourceRules, times: list[SourceTime]
                       ) -> tuple[list[Span], list[tuple[Span, str, str]]]:
    """The spans where no numeral is read (times, words that count nothing, known people), and the names that
    hold a numeral."""
    blocked = [(time.start, time.end) for time in times]
    in_times = {i for start, end in blocked for i in range(start, end)}
    names: list[tuple[Span, str, str]] = []
    for rule, pattern in arranged.not_figures:
        for match in pattern.finditer(text):
            if not rule.regex and _inside_numeral(text, *match.span(), in_times):
                continue
            if rule.name:
                names.append((match.span(), match.group(), rule.id))
            else:
                blocked.append(match.span())
    blocked.extend((event.start, event.end) for event in numbered_events(text, rules))  # 十四届全国人大, 十四五: names
    blocked.extend((mention.start, mention.end) for mention in established_mentions(text, rules, text)  # 安倍晋三
                   if mention.rule.kind == "person")
    for name_rule, pattern in arranged.numeral_names:
        names.extend((match.span(), match.group(), name_rule.id) for match in pattern.finditer(text)
                     if not _inside_numeral(text, *match.span(), in_times))
    names.extend(_set_phrases(text, arranged, in_times, blocked + [span for span, _, _ in names]))
    return blocked, names


def _count_words(text: str, arranged: SourceRules, taken: list[Span]) -> list[SourceFigure]:
    """Words that count with no numeral character (双方, both sides: two), outside numerals, names and times."""
    found: list[SourceFigure] = []
    for rule, pattern in arranged.count_words:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end()
                   for start, end in taken + [(figure.start, figure.end) for figure in found]):
                continue
            found.append(SourceFigure(id="sf0", text=match.group(), start=match.start(), end=match.end(),
                                      value=rule.value, kind="count", rule=rule.id))
    return found


def _inside_numeral(text: str, start: int, end: int, in_times: set[int]) -> bool:
    """A word such as 万一 or 千万 read inside a longer numeral (一万一千, 5千万) is part of that numeral;
    a neighbour that belongs to a time (周三一度: Wednesday, once) does not make it one."""
    before = text[start - 1] if start > 0 and start - 1 not in in_times else ""
    after = text[end] if end < len(text) and end not in in_times else ""
    return (before != "" and before in NUMERAL_CHARS) or (after != "" and after in NUMERAL_CHARS)


def _times(text: str, arranged: SourceRules) -> list[SourceTime]:
    found: list[SourceTime] = []
    for rule, pattern in arranged.times:
        for match in pattern.finditer(text):
            if any(match.start() < time.end and time.start < match.end() for time in found):
                continue
            value = _time_value(match)
            if value is not None:
                found.append(SourceTime(id="st0", text=match.group(), start=match.start(), end=match.end(),
                                        value=value, rule=rule.id))
    return sorted(found, key=lambda time: time.start)


def _time_value(match: re.Match[str]) -> str | None:
    parts = {name: _digits(value) for name, value in match.groupdict().items() if value and name not in ("am", "pm")}
    if "weekday" in parts:
        return f"XXXX-WXX-{WEEKDAY.get(parts['weekday'], parts['weekday'])}"
    if "hour" in parts:
        hour = int(parts["hour"]) + (12 if match.groupdict().get("pm") and int(parts["hour"]) < 12 else 0)
        minute = int(parts.get("minute", "30" if match.group().endswith("半") else "0"))  # 两点半: half past two
        return f"T{hour:02d}:{minute:02d}"
    if "decade" in parts:
        decade = parts["decade"]
        return f"{decade[:3] if len(decade) == 4 else '19' + decade[0]}X"
    year = parts.get("year", "XXXX")
    if "year" in parts and len(year) != 4:
        return None
    if "quarter" in parts:
        return f"{year}-Q{parts['quarter']}"
    if "quarters" in parts:  # 前三季度: the first three quarters together
        return f"{year}-Q1/{year}-Q{parts['quarters']}"
    if "months" in parts:  # 前9个月: January to September together
        return f"{year}-01/{year}-{int(parts['months']):02d}" if 2 <= int(parts["months"]) <= 11 else None
    if "half" in match.groupdict() and match.group("half"):
        return f"{year}-H{1 if match.group('half') == '上' else 2}"
    value = year
    for name, most in (("month", 12), ("day", 31)):
        if name not in parts:
            break
        number = int(parts[name])
        if not 1 <= number <= most:
            return None
        value += f"-{number:02d}"
    if "day" in parts and "month" not in parts:
        return f"XXXX-XX-{int(parts['day']):02d}"
    return value


def _digits(value: str) -> str:
    """"二〇二三" → "2023", "十" → "10", "２" → "2": the digits of a date part."""
    value = value.translate(FULLWIDTH_DIGITS)
    if value.isdigit():
        return value
    if "十" in value:
        numeral = read_numeral(value, 0)
        return str(int(numeral.value)) if numeral else value
    return "".join(CHINESE_DIGIT.get(char, char) for char in value)


@dataclass
class _Token:
    numeral: Numeral
    start: int
    end: int
    value: float
    kind: FigureKind = "number"
    unit: str | None = None
    currency: str | None = None
    qualifier: Qualifier | None = None
    rule: str | None = None
    name: str | None = None


def _figures(text: str, numerals: list[Numeral], arranged: SourceRules,
             names: list[tuple[Span, str, str]]) -> list[SourceFigure]:
    tokens = [token for numeral in numerals
              if not ((token := _token(text, numeral, arranged, names)).numeral.bare and token.kind == "number"
                      and token.name is None)]
    merged: list[tuple[_Token, _Token | None]] = []
    for token in tokens:
        if merged and merged[-1][1] is None and _joined(text, merged[-1][0], token):
            merged[-1] = (merged[-1][0], token)
        else:
            merged.append((token, None))
    return [_figure(text, low, high) for low, high in merged]


def _token(text: str, numeral: Numeral, arranged: SourceRules, names: list[tuple[Span, str, str]]) -> _Token:
    token = _Token(numeral, numeral.start, numeral.end, numeral.value,
                   qualifier="more_than" if numeral.more else None)
    if numeral.percent:
        token.kind, token.unit = "percent", "%"
    position = _after_qualifier(text, numeral.end, arranged, token)
    position = _unit(text, position, numeral, arranged, token)
    position = _after_qualifier(text, position, arranged, token)
    sign = BELOW_ZERO.search(text, 0, token.start) or (MINUS.search(text, 0, token.start) if token.unit == "deg" else None)
    if sign is not None:  # a temperature: -5℃; a minus before a rate (-0.5%) is said by a verb ("fell 0.5%")
        token.value, token.start = -token.value, sign.start()
    for qualifier in arranged.before:
        if text.endswith(qualifier.word, 0, token.start):
            token.qualifier = qualifier.qualifier
            token.start -= len(qualifier.word)
            break
    token.end = position
    named = next(((name, rule) for (start, end), name, rule in names if start <= numeral.start < end), None)
    if named is not None:  # the rule that read a name is the not-figure rule that found it
        token.name, token.rule = named[0], token.rule or named[1]
    return token


def _set_phrases(text: str, arranged: SourceRules, in_times: set[int], taken: list[Span]
                 ) -> list[tuple[Span, str, str]]:
    """Set phrases of the dictionary holding a numeral that counts nothing (一目了然), outside the names, times
    and words the rules read already: those rules come first."""
    return [(span, phrase, rule) for span, phrase, rule in set_phrases(text, arranged.set_phrases, arranged.measures)
            if not _inside_numeral(text, *span, in_times) and not any(span[0] < end and start < span[1]
                                                                      for start, end in taken)]


def _after_qualifier(text: str, position: int, arranged: SourceRules, token: _Token) -> int:
    for qualifier in arranged.after:
        if text.startswith(qualifier.word, position):
            token.qualifier = token.qualifier or qualifier.qualifier
            return position + len(qualifier.word)
    return position


def _unit(text: str, position: int, numeral: Numeral, arranged: SourceRules, token: _Token) -> int:
    """The currency or unit right after a number (spaces allowed: "3.70 %"); the position after it."""
    start = position
    while start < len(text) and text[start] == " ":
        start += 1
    for currency in arranged.currencies:
        if text.startswith(currency.word, start):
            token.kind, token.currency, token.rule = "money", currency.currency, currency.id
            return start + len(currency.word)
    if numeral.percent:
        return position
    for unit in arranged.units:
        if text.startswith(unit.word, start):
            token.kind, token.unit, token.rule = unit.kind, unit.unit, unit.id
            token.value = numeral.value * unit.factor
            return start + len(unit.word)
    return position


def _joined(text: str, low: _Token, high: _Token) -> bool:
    """"400万至600万", "3-5": two numbers joined into a range; not two of different units (上升0.3个百分点至5.5%:
    up 0.3 points to 5.5%, a change and the level it reached)."""
    between = text[low.end:high.numeral.start]
    return (low.name is None and high.name is None and RANGE_JOINER.fullmatch(between) is not None
            and (low.kind == "number" or (low.kind == high.kind and low.unit == high.unit)))


def _figure(text: str, low: _Token, high: _Token | None) -> SourceFigure:
    if high is None:
        span_range = low.numeral.range
        return SourceFigure(
            id="sf0", text=text[low.start:low.end], start=low.start, end=low.end, value=low.value,
            kind=low.kind, unit=low.unit, currency=low.currency,
            qualifier="approx" if span_range and low.qualifier is None else low.qualifier,
            range=_scaled_range(span_range, low.value / low.numeral.value if low.numeral.value else 1.0),
            rule=low.rule, name=low.name,
        )
    factor = (_scale_of(text[high.numeral.start:high.numeral.end])
              if not low.numeral.scaled and high.numeral.scaled else 1.0)
    unit_factor = high.value / high.numeral.value if high.numeral.value else 1.0
    bottom = low.numeral.value * factor * (unit_factor if low.kind == "number" else 1.0)
    if low.kind != "number":
        bottom = low.value * factor
    return SourceFigure(
        id="sf0", text=text[low.start:high.end], start=low.start, end=high.end, value=bottom,
        kind=high.kind, unit=high.unit, currency=high.currency, qualifier=low.qualifier,
        range=(bottom, high.value), rule=high.rule,
    )


def _scaled_range(span_range: tuple[float, float] | None, factor: float) -> tuple[float, float] | None:
    return None if span_range is None else (span_range[0] * factor, span_range[1] * factor)


def _scale_of(numeral: str) -> float:
    """The factor the scale word at the end of a numeral applies: 万 → 1e4, 亿 → 1e8, 万亿 → 1e12."""
    core = numeral.rstrip("多余")
    for suffix, factor in (("万亿", 1e12), ("亿", 1e8), ("万", 1e4)):
        if core.endswith(suffix):
            return factor
    return 1.0
