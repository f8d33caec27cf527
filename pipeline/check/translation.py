"""Translation QA: each English figure against the source figures of its aligned segment.

Runs only on records whose article carries a source text. Within each aligned segment pair the
check matches English figures to source figures one to one: first by value (with the tolerance of
the English rounding: "4.8 billion" for 4.82亿 is fine, "4.2 billion" is not), then by a shift of a
power of ten (the 亿/万 slip), then as a misread range (一万六七千 printed as 16,700). What is left
is a wrong value, an English figure the source does not have, or a source figure the English lost.
A number that is a date in the source (10日, "the 10th") printed as a bare number, and a count for a
numeral that is part of a name ("两个确立" → "two establishments") are flagged too.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial

from ..rules.lexicon import Lexicon
from ..schema import Alignment, ArticleRecord, Figure, Flag, SourceFigure, SourceTime, Span, Time
from ..source import length_mismatch, length_ratio, source_problem, source_threshold
from ..spans import ByOffset
from . import CheckContext, article_check
from .common import ArticleView, flag

NUMBER = re.compile(r"\d[\d,]*(?:\.(\d+))?")
CURRENCY_WORDS = {"CNY": "yuan", "USD": "US dollars", "HKD": "Hong Kong dollars", "EUR": "euros", "JPY": "yen",
                  "GBP": "pounds", "SGD": "Singapore dollars", "TWD": "New Taiwan dollars", "MOP": "patacas"}
SCALE_SHIFTS = (1, 2, 3, 4)


@dataclass
class _Slot:
    """One value a source figure stands for: its value, or one end of its range."""

    figure: SourceFigure
    value: float
    used: bool = False


@dataclass
class _Segment:
    pair: Alignment
    english: list[Figure]
    slots: list[_Slot]
    times: list[SourceTime]
    english_times: list[Time]
    lexicon: Lexicon
    named: list[Figure] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)


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
    for segment in _segments(record, context.lexicon):
        found.extend(_compare(segment, context))
    return found


def _segments(record: ArticleRecord, lexicon: Lexicon) -> Iterator[_Segment]:
    english, sources = ByOffset(record.figures), ByOffset(record.source_figures)
    english_times, times = ByOffset(record.times), ByOffset(record.source_times)
    named = ByOffset(record.named_numbers)
    for pair in record.alignment:
        if not pair.sure:
            continue
        (t0, t1), (s0, s1) = pair.text, pair.source
        slots = [_Slot(figure, value) for figure in sources.starting_in(s0, s1) for value in _ends(figure)]
        yield _Segment(pair, sorted(english.starting_in(t0, t1), key=lambda figure: figure.start), slots,
                       times.starting_in(s0, s1), english_times.starting_in(t0, t1), lexicon,
                       named.starting_in(t0, t1))


def _ends(figure: SourceFigure) -> list[float]:
    if figure.range is not None and figure.range[0] != figure.range[1]:
        return list(figure.range)
    return [figure.value]


def _adjacent(figure: SourceFigure) -> bool:
    """一万六七千, 十三四: a range inside one numeral ("sixteen or seventeen thousand")."""
    return figure.range is not None and not any(joiner in figure.text for joiner in "至到-－—–~～")


def _compare(segment: _Segment, context: CheckContext) -> list[Flag]:
    slack = source_threshold(context.rules, "translation.rounding_slack")
    pending: list[Figure] = []
    for strict in (True, False):
        waiting, pending = pending if not strict else segment.english, []
        for figure in waiting:
            slot = _take(segment, partial(_exact, figure, slack, strict))
            if slot is None:
                pending.append(figure)
            elif slot.figure.name is not None:
                segment.flags.append(_numbered_name(figure, slot.figure))
            elif _adjacent(slot.figure) and _inside(figure.value, slot.figure):
                segment.flags.append(_range_misread(figure, slot.figure, 0, segment.lexicon))
    for figure in segment.named:  # a number the English reader found part of a name ("two establishments")
        slot = _take(segment, partial(_named_slot, figure, slack))
        if slot is not None:
            segment.flags.append(_numbered_name(figure, slot.figure))
    pending = [figure for figure in pending if _date_flag(figure, segment) is None]
    for figure in pending:
        slot = _take(segment, partial(_same_value, figure, slack))
        if slot is not None:
            segment.flags.append(_currency(figure, slot.figure, segment.lexicon))
            continue
        shift = _shifted(figure, segment, slack)
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
        else:
            segment.flags.append(_extra(figure, segment))
    used = {slot.figure.id for slot in segment.slots if slot.used}
    for source in {slot.figure.id: slot.figure for slot in segment.slots}.values():
        if source.id not in used and source.name is None:
            segment.flags.append(_missing(source, segment))
    return segment.flags


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


def _exact(figure: Figure, slack: float, strict: bool, slot: _Slot) -> bool:
    """The slot holds the English figure's value (as rounded), in its currency, and (when strict) of its kind."""
    return (_rounds_to(figure, slot.value, slack) and _same_currency(figure, slot.figure)
            and (not strict or _same_kind(figure, slot.figure)))


def _same_value(figure: Figure, slack: float, slot: _Slot) -> bool:
    return slot.figure.name is None and _rounds_to(figure, slot.value, slack)


def _named_slot(figure: Figure, slack: float, slot: _Slot) -> bool:
    return slot.figure.name is not None and _rounds_to(figure, slot.value, slack)


def _comparable_slot(figure: Figure, slot: _Slot) -> bool:
    return slot.figure.name is None and _comparable(figure, slot.figure)


def _shift_of(figure: Figure, slack: float, scale: float, slot: _Slot) -> bool:
    return _scaled(slot.figure) and _same_currency(figure, slot.figure) and _rounds_to(figure, slot.value, slack, scale)


def _take(segment: _Segment, fits: Callable[[_Slot], bool]) -> _Slot | None:
    for slot in segment.slots:
        if not slot.used and fits(slot):
            slot.used = True
            return slot
    return None


def _tolerance(figure: Figure, target: float, slack: float) -> float:
    """How far the English figure may be from `target` and still be its rounding.

    A decimal is read to its last digit ("4.8 billion" for 4.82亿, not "4.2 billion"); a whole number
    with trailing zeros may round to them ("17,000" for 16,700), but by no more than 5%.
    """
    match = NUMBER.search(figure.text)
    factor = figure.parts.factor or 1.0
    if match is None:
        return 0.0
    if match.group(1):
        return slack * 10 ** -len(match.group(1)) * factor
    digits = match.group().replace(",", "")
    trailing = min(len(digits) - len(digits.rstrip("0")), max(len(digits) - 1, 0))
    if trailing == 0:
        return slack * factor * 0.999
    return min(0.5 * 10 ** trailing * factor, 0.05 * abs(target))


def _rounds_to(figure: Figure, value: float, slack: float, scale: float = 1.0) -> bool:
    """Whether the English figure is `value` (times `scale`) as rounded to the English's printed digits."""
    target = value * scale
    values = [figure.value] + (list(figure.range) if figure.range else [])
    values += [abs(value) for value in values if value < 0]  # "3.70% -4.20%": a range's dash read as a sign
    tolerance = _tolerance(figure, target, slack)
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
    return figure.kind == source.kind and figure.kind in ("money", "quantity") and figure.unit == source.unit


def _inside(value: float, source: SourceFigure) -> bool:
    assert source.range is not None
    low, high = source.range
    return low < value < high and not math.isclose(value, low) and not math.isclose(value, high)


def _shifted(figure: Figure, segment: _Segment, slack: float) -> Flag | None:
    for power in SCALE_SHIFTS:
        for scale in (10.0 ** power, 10.0 ** -power):
            slot = _take(segment, partial(_shift_of, figure, slack, scale))
            if slot is not None:
                return _scale(figure, slot.figure, scale, segment.lexicon)
    return None


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
        if time.value.count("-") == 2 and day.isdigit() and int(day) == figure.value and day not in days:
            return flag(
                "source_date_as_number", "warning",
                f"{time.text} in the source is a date (the {_ordinal(int(day))} of the month); the English prints "
                f"it as the number “{figure.text}”.",
                [(figure.start, figure.end)], [figure.id], suggestion=f"on the {_ordinal(int(day))}",
                source_spans=[(time.start, time.end)],
            )
    return None


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def rendering(source: SourceFigure, lexicon: Lexicon, value: float | None = None) -> str:
    """The English the source figure implies: 12.6亿元 → "1.26 billion yuan", 30% → "30%"."""
    amount = source.value if value is None else value
    words = lexicon.words
    text = f"{words(source.range[0])} to {words(source.range[1])}" if source.range is not None and value is None else words(amount)
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
    times = f"{scale:g}" if scale >= 1 else f"1/{1 / scale:g}"
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


def _numbered_name(figure: Figure, source: SourceFigure) -> Flag:
    return _source_flag(
        "source_numbered_name", "warning",
        f"the numeral in “{source.name}” is part of a name, not a count; the English renders it word for word "
        f"as “{figure.text}”.",
        figure, source, suggestion=f"the established English name of “{source.name}”")


def _extra(figure: Figure, segment: _Segment) -> Flag:
    (s0, s1) = segment.pair.source
    return flag(
        "source_figure_extra", "warning",
        f"“{figure.text}” has no counterpart among the figures of the source segment it translates.",
        [(figure.start, figure.end)], [figure.id], source_spans=[(s0, s1)])


def _missing(source: SourceFigure, segment: _Segment) -> Flag:
    span: Span = segment.pair.text
    return flag(
        "source_figure_missing", "info",
        f"{source.text} ({rendering(source, segment.lexicon)}) in the source has no counterpart in the English segment.",
        [span], [source.id], source_spans=[(source.start, source.end)])
