"""Figures that cannot all be right: the same subject, metric and time with different values
(conflicting_figures, within an article and across a run), and a change between two times larger
than the text or common sense allows (implausible_change).
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..rules import RuleSet
from ..schema import ArticleRecord, Figure, Flag, Time
from . import CheckContext, article_check, batch_check
from .common import Item, flag, items, metrics, names_by_id, phrase_regex, sentence_span, threshold, trend_words, words

COMPARABLE_KINDS = {"count", "money", "percent", "quantity", "number"}
LEVEL_KINDS = {"count", "money", "number"}
INFINITY = float("inf")
MAX_RELATED = 20
ISO_POINT = re.compile(r"^(\d{4})(?:-(\d{2}))?")
#: "3 percentage points" is a change of a share, not a share.
PLACE_LABELS = {"GPE", "LOC"}
POINTS = re.compile(r"\bpoints?\b|\bpp\b", re.IGNORECASE)


@dataclass(frozen=True)
class Keyed:
    """A claimed value with what identifies the fact it states."""

    article: str
    item: Item
    subject: str
    metric: str
    time: str | None
    low: float
    high: float
    name: str
    places: frozenset[str] = frozenset()

    @property
    def key(self) -> tuple[str, str, str | None]:
        return self.subject, self.metric, self.time


def keyed_claims(record: ArticleRecord, rules: RuleSet) -> list[Keyed]:
    """Claims whose subject is named in their sentence, with a known metric (rules/checks/metrics),
    stated as fact (no hedge), as value intervals; the time is its ISO value, None when unresolved."""
    names = names_by_id(record)
    times = {time.id: time for time in record.times}
    known = {metric.name.lower() for metric in metrics(rules)}
    mentions = {entity.id: entity.mentions for entity in record.entities}
    tolerance = threshold(rules, "conflict.tolerance")
    approx = threshold(rules, "arithmetic.approx_tolerance")
    found = []
    for item in items(record):
        claim, figure = item.claim, item.figure
        if claim is None or claim.subject is None or (claim.metric or "").lower() not in known or claim.hedge:
            continue
        if not any(claim.start <= start and end <= claim.end for start, end in mentions.get(claim.subject, [])):
            continue  # the owner was inferred from context, not named with the figure: too weak to accuse
        if figure.kind not in COMPARABLE_KINDS or figure.range is not None or POINTS.search(figure.text):
            continue
        low, high = _interval(figure.value, figure.qualifier, approx if figure.qualifier else tolerance)
        time = _own_time(record.article.text, claim.start, times.get(claim.time or ""))
        name = names[claim.subject]
        metric = claim.metric or ""
        places = frozenset(entity.name.lower() for entity in record.entities if entity.label in PLACE_LABELS
                           and any(claim.start <= start and end <= claim.end for start, end in entity.mentions))
        found.append(Keyed(record.article.id, item, name.lower(), metric.lower(), time, low, high, name, places))
    return _headlines_take_body_time(record, found)


def _own_time(text: str, claim_start: int, time: Time | None) -> str | None:
    """The claim's ISO time if it is stated in the claim's own paragraph: a period carried over from
    earlier paragraphs is a guess, too weak to accuse a figure of contradicting another."""
    if time is None or not time.value:
        return None
    paragraph_start = text.rfind("\n", 0, claim_start) + 1
    return time.value if paragraph_start <= time.start else None


def _headlines_take_body_time(record: ArticleRecord, found: list[Keyed]) -> list[Keyed]:
    """A headline states the body's main fact without its date ("In Q1, Xiaomi's … 40%"): an undated
    headline claim takes the one time the body gives for the same subject and metric."""
    title = (record.article.title or "").strip()
    if not title:
        return found
    times: dict[tuple[str, str], set[str]] = defaultdict(set)
    for keyed in found:
        if keyed.time is not None:
            times[(keyed.subject, keyed.metric)].add(keyed.time)
    text = record.article.text
    updated = []
    for keyed in found:
        body_times = times.get((keyed.subject, keyed.metric), set())
        if keyed.time is None and len(body_times) == 1 and _line(text, keyed.item.figure.start) == title:
            keyed = replace(keyed, time=next(iter(body_times)))
        updated.append(keyed)
    return updated


def _line(text: str, offset: int) -> str:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return text[start:end if end != -1 else len(text)].strip()


def _interval(value: float, qualifier: str | None, slack: float) -> tuple[float, float]:
    if qualifier in ("more_than", "at_least"):
        return value * (1 - slack), INFINITY
    if qualifier in ("less_than", "at_most"):
        return -INFINITY, value * (1 + slack)
    return value * (1 - slack), value * (1 + slack)


def _disjoint(a: Keyed, b: Keyed) -> bool:
    return a.high < b.low or b.high < a.low


def _units_match(a: Keyed, b: Keyed) -> bool:
    """Same kind of figure, same currency, and the same places named ("shipments in China" is another
    fact than worldwide shipments)."""
    fa, fb = a.item.figure, b.item.figure
    return fa.kind == fb.kind and (fa.currency == fb.currency or None in (fa.currency, fb.currency)) \
        and a.places == b.places


@article_check("conflicting_figures")
def conflicting_figures(record: ArticleRecord, context: CheckContext) -> list[Flag]:
    """One flag per fact stated with values that cannot all hold, showing every statement of it."""
    groups: dict[tuple[str, str, str | None], list[Keyed]] = defaultdict(list)
    for keyed in keyed_claims(record, context.rules):
        if keyed.time is not None:
            groups[keyed.key].append(keyed)
    found = []
    for (_subject, metric, time), group in groups.items():
        clashing = _clashing(group)
        if clashing:
            found.append(_conflict_flag(clashing[0].name, metric, time, clashing))
    return found


def _clashing(group: list[Keyed]) -> list[Keyed]:
    """Members of `group` that disagree with some other member stated in a different sentence."""
    clashing: dict[int, Keyed] = {}
    for i, a in enumerate(group):
        for b in group[i + 1:]:
            same_sentence = a.item.claim and b.item.claim and a.item.claim.start == b.item.claim.start
            if not same_sentence and _units_match(a, b) and _disjoint(a, b):
                clashing[i] = a
                clashing[group.index(b)] = b
    if not clashing:
        return []
    values = {round(k.item.figure.value, 6) for k in clashing.values()}
    return [k for k in group if round(k.item.figure.value, 6) in values] if len(values) > 1 else []


def _conflict_flag(subject: str, metric: str, time: str | None, group: list[Keyed]) -> Flag:
    stated = _stated(group)
    return flag(
        "conflicting_figures", "warning",
        f"The article gives {_fact(subject, metric, time)} as {stated}: these values cannot all be right."
        + _scale_hint(group),
        [k.item.span for k in group], [ref for k in group for ref in k.item.refs],
        suggestion="check which value the original source gives",
    )


def _scale_hint(group: list[Keyed]) -> str:
    """" The values differ by a factor of 10: one was probably mis-scaled." when they do."""
    values = sorted({k.item.figure.value for k in group if k.item.figure.value > 0})
    if len(values) < 2:
        return ""
    ratio = values[-1] / values[0]
    for power in (10, 100, 1000, 10000):
        if abs(ratio / power - 1) <= 0.02:
            return f" The values differ by a factor of {power:,}: one was probably mis-scaled (亿/万 conversion)."
    return ""


def _fact(subject: str, metric: str, time: str | None) -> str:
    return f"{subject}'s {metric}" + (f" for {time}" if time else "")


def _stated(group: list[Keyed]) -> str:
    counts: dict[str, int] = {}
    for k in group:
        counts[k.item.figure.text] = counts.get(k.item.figure.text, 0) + 1
    parts = [f"“{text}”" + (f" ({n} times)" if n > 1 else "") for text, n in counts.items()]
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]


@batch_check("conflicting_figures_across_articles")
def conflicting_figures_across_articles(records: Sequence[ArticleRecord], context: CheckContext) -> dict[str, list[Flag]]:
    """Facts (subject, metric, time) that two articles of the run state with incompatible values.

    Claims are indexed by their key, then grouped by stated value: the work grows with the number of
    facts and of distinct values per fact, not with articles squared.
    """
    index: dict[tuple[str, str, str | None], dict[Value, dict[str, list[Keyed]]]] = \
        defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for record in records:
        for keyed in keyed_claims(record, context.rules):
            if keyed.time is not None:
                index[keyed.key][_value(keyed)][keyed.article].append(keyed)
    found: dict[str, list[Flag]] = defaultdict(list)
    for (_, metric, time), by_value in index.items():
        if len(by_value) < 2:
            continue  # every article states the same value: the common case, settled at once
        for value, articles in by_value.items():
            others = _disagreeing(value, by_value)
            for article, own in articles.items():
                elsewhere = {other: theirs for other, theirs in others.items() if other != article}
                if elsewhere:
                    found[article].append(_across_flag(own[0].name, metric, time, own, elsewhere))
    return dict(found)


#: A stated value as the batch pass compares it: interval, kind, currency, places named.
Value = tuple[float, float, str, str | None, frozenset[str]]


def _value(keyed: Keyed) -> Value:
    figure = keyed.item.figure
    return keyed.low, keyed.high, figure.kind, figure.currency, keyed.places


def _disagreeing(value: Value, by_value: dict[Value, dict[str, list[Keyed]]]) -> dict[str, list[Keyed]]:
    """Statements, by article, of values that cannot hold together with `value`."""
    mine = next(iter(next(iter(by_value[value].values()))))
    others: dict[str, list[Keyed]] = defaultdict(list)
    for other, articles in by_value.items():
        theirs = next(iter(next(iter(articles.values()))))
        if other != value and _units_match(mine, theirs) and _disjoint(mine, theirs):
            for article, keyed in articles.items():
                others[article].extend(keyed)
    return others


def _across_flag(subject: str, metric: str, time: str | None, own: list[Keyed],
                 others: dict[str, list[Keyed]]) -> Flag:
    shown = dict(list(others.items())[:MAX_RELATED])
    elsewhere = "; ".join(f"article {article} says {_stated(theirs)}" for article, theirs in shown.items())
    if len(others) > len(shown):
        elsewhere += f"; and {len(others) - len(shown)} more articles disagree"
    return flag(
        "conflicting_figures", "warning",
        f"This article gives {_fact(subject, metric, time)} as {_stated(own)}, but {elsewhere}."
        + _scale_hint([*own, *(k for theirs in shown.values() for k in theirs)]),
        [k.item.span for k in own], [ref for k in own for ref in k.item.refs],
        suggestion="check which value the original source gives",
        related=[
            {"article": article, "spans": [list(k.item.span) for k in theirs],
             "refs": [ref for k in theirs for ref in k.item.refs], "text": [k.item.figure.text for k in theirs]}
            for article, theirs in shown.items()
        ],
    )


@article_check("implausible_change")
def implausible_change(record: ArticleRecord, context: CheckContext) -> list[Flag]:
    """The same subject and metric at two times, changing by more than the text or common sense allows."""
    per_year = threshold(context.rules, "change.max_ratio_per_year")
    stagnant = threshold(context.rules, "change.max_ratio_stagnation")
    stagnation = phrase_regex(trend_words(context.rules, "stagnation"))
    text = record.article.text
    series: dict[tuple[str, str], list[tuple[float, Keyed]]] = defaultdict(list)
    for keyed in keyed_claims(record, context.rules):
        point = _time_point(keyed.time)
        if point is not None and keyed.item.figure.kind in LEVEL_KINDS and keyed.item.figure.value > 0:
            series[(keyed.subject, keyed.metric)].append((point, keyed))
    found = []
    for points in series.values():
        points.sort(key=lambda pair: (pair[0], pair[1].item.figure.start))
        for (t1, a), (t2, b) in itertools.pairwise(points):
            if t2 <= t1 or not _units_match(a, b) or a.item.figure.qualifier or b.item.figure.qualifier:
                continue
            years = max(t2 - t1, 1.0)
            words_found = _stagnation_words(text, [a, b], stagnation)
            limit = stagnant if words_found else per_year ** years
            ratio = b.item.figure.value / a.item.figure.value
            if ratio > limit or ratio < 1 / per_year ** years:
                found.append(_change_flag(a, b, ratio, limit, words_found))
    return found


def _time_point(value: str | None) -> float | None:
    """An ISO time as a year with a fraction (2022-12 → 2022.92), None when it is not one point in time."""
    match = ISO_POINT.match(value or "")
    if match is None or "/" in (value or ""):
        return None
    month = int(match.group(2)) if match.group(2) else 12
    return int(match.group(1)) + month / 12


def _stagnation_words(text: str, pair: list[Keyed], pattern: re.Pattern[str]) -> list[str]:
    found: list[str] = []
    for keyed in pair:
        start, end = sentence_span(text, keyed.item.figure.start)
        found.extend(match.group() for match in pattern.finditer(text, start, end))
    return found


def _change_flag(a: Keyed, b: Keyed, ratio: float, limit: float, stagnation: list[str]) -> Flag:
    fa, fb = a.item.figure, b.item.figure
    suspect, other = (b, a) if _suspicion(fb) >= _suspicion(fa) else (a, b)
    reading = _fitting_reading(suspect, other, limit)
    why = (f"while the text says growth is “{stagnation[0]}”" if stagnation
           else f"more than ×{limit:g} between {a.time} and {b.time}")
    return flag(
        "implausible_change", "warning",
        f"{a.name}'s {a.metric}: from “{fa.text}” ({a.time}) to “{fb.text}” ({b.time}) is "
        f"a change of ×{ratio:.3g}, {why}. One of the two values is probably mis-scaled.",
        [a.item.span, b.item.span], [*a.item.refs, *b.item.refs],
        suggestion=f"“{suspect.item.figure.text}” → {reading}?" if reading else None,
    )


def _suspicion(figure: Figure) -> int:
    """Which figure to doubt first: one with a non-standard mantissa ("2600 million")."""
    mantissa = figure.parts.mantissa
    return 1 if figure.parts.scale_word and mantissa is not None and abs(mantissa) >= 1000 else 0


def _fitting_reading(suspect: Keyed, other: Keyed, limit: float) -> str | None:
    """The value off by a power of ten that would make the change plausible."""
    value, base = suspect.item.figure.value, other.item.figure.value
    for factor in (0.1, 10, 0.01, 100):
        candidate = value * factor
        ratio = max(candidate, base) / min(candidate, base)
        if ratio <= limit:
            return words(candidate)
    return None



@article_check("implausible_number")
def implausible_number(record: ArticleRecord, context: CheckContext) -> list[Flag]:
    """Counts of people (users, customers, subscribers) larger than the world's population."""
    most = threshold(context.rules, "people.max_count")
    people = {metric.name.lower() for metric in metrics(context.rules) if metric.people}
    found = []
    for item in items(record):
        claim, figure = item.claim, item.figure
        if claim is None or (claim.metric or "").lower() not in people or figure.kind == "percent" or figure.value <= most:
            continue
        readings = [words(figure.value / factor) for factor in (10, 100, 1000) if figure.value / factor <= most]
        found.append(flag(
            "implausible_number", "warning",
            f"“{figure.text}” {claim.metric} is more than the number of people alive ({words(most)}): the "
            f"scale word or the decimal point is probably wrong.",
            [item.span], item.refs,
            suggestion=f"{' or '.join(readings[:2])}?" if readings else None,
        ))
    return found


@article_check("opposite_changes")
def opposite_changes(record: ArticleRecord, context: CheckContext) -> list[Flag]:
    """One change (same owner, metric and period) stated as a rise in one sentence and a fall in another."""
    decline = phrase_regex(trend_words(context.rules, "decline"))
    growth = phrase_regex(trend_words(context.rules, "growth"))
    known = {metric.name.lower() for metric in metrics(context.rules)}
    times = {time.id: time for time in record.times}
    mentions = {entity.id: entity.mentions for entity in record.entities}
    text = record.article.text
    groups: dict[tuple[str, str, str], dict[int, list[Item]]] = defaultdict(lambda: defaultdict(list))
    for item in items(record):
        claim = item.claim
        if claim is None or item.figure.kind != "percent" or claim.hedge or not claim.subject:
            continue
        base = (claim.metric or "").removesuffix(" change")
        time = _own_time(text, claim.start, times.get(claim.time or ""))
        named = any(claim.start <= start and end <= claim.end for start, end in mentions.get(claim.subject, []))
        if base == claim.metric or base.lower() not in known or time is None or not named:
            continue
        before = text[max(0, item.figure.start - 30):item.figure.start].split(",")[-1]
        direction = -1 if decline.search(before) else 1 if growth.search(before) else 0
        basis = _basis(text[claim.start:claim.end])
        if direction and basis != "other":
            groups[(claim.subject, base, f"{time} {basis}")][direction].append(item)
    found = []
    for (subject, base, period), by_direction in groups.items():
        time = period.split()[0]
        rises, falls = by_direction.get(1, []), by_direction.get(-1, [])
        if rises and falls and {_claim_start(i) for i in rises}.isdisjoint({_claim_start(i) for i in falls}):
            name = next(entity.name for entity in record.entities if entity.id == subject)
            found.append(flag(
                "conflicting_figures", "warning",
                f"{name}'s {base} for {time} is stated as a rise ({', '.join(f'“{i.figure.text}”' for i in rises)}) "
                f"and as a fall ({', '.join(f'“{i.figure.text}”' for i in falls)}): it cannot be both.",
                [i.span for i in [*rises, *falls]], [ref for i in [*rises, *falls] for ref in i.refs],
                suggestion="check the direction of the change in the original",
            ))
    return found


def _basis(sentence: str) -> str:
    """What a change is measured against: "year" ("year-on-year"), "quarter", "month", "" when the
    sentence does not say, "other" when it names another base ("from its peak")."""
    for basis, pattern in CHANGE_BASES:
        if pattern.search(sentence):
            return basis
    return "other" if OTHER_BASE.search(sentence) else ""


CHANGE_BASES = (
    ("year", re.compile(r"year-on-year|year[- ]over[- ]year|from a year (?:earlier|ago|before)|same period (?:of )?last year",
                        re.IGNORECASE)),
    ("quarter", re.compile(r"quarter-on-quarter|sequential|(?:previous|prior|last) quarter", re.IGNORECASE)),
    ("month", re.compile(r"month-on-month|(?:previous|prior|last) month", re.IGNORECASE)),
)
OTHER_BASE = re.compile(r"\b(?:from|since|compared|than|over)\b", re.IGNORECASE)


def _claim_start(item: Item) -> int:
    return item.claim.start if item.claim else item.figure.start
