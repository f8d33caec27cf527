"""Figures that cannot all be right: the same subject, metric and time with different values
(conflicting_figures, within an article and across a run), and a change between two times larger
than the text or common sense allows (implausible_change).
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ..schema import ArticleRecord, Figure, Flag, Span, Time
from . import CheckContext, article_check, batch_check
from .common import LOWER_BOUNDS, UPPER_BOUNDS, ArticleView, Item, flag, names_by_id

if TYPE_CHECKING:  # a batch pass over cached records reads no rule: their models are imported when one is read
    from ..rules.lexicon import Lexicon

COMPARABLE_KINDS = {"count", "money", "percent", "quantity", "number"}
LEVEL_KINDS = {"count", "money", "number"}
INFINITY = float("inf")
MAX_RELATED = 20
ISO_POINT = re.compile(r"^(\d{4})(?:-(\d{2}))?")
PLACE_LABELS = {"GPE", "LOC"}
#: "3 percentage points", "25 basis points": a change of a share or rate, not a share (units the figures
#: stage gives them, rules/figures/units).
POINT_UNITS = {"pp", "bp"}
#: Between a place and the name it describes: "China's Pinduoduo".
POSSESSIVE = re.compile(r"['’]s\s+")


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
    #: The metric is in rules/checks/metrics; any other metric the link stage named conflicts only by a
    #: power of ten (the mark of a mis-scaled 万/亿 amount), never by a plain difference.
    known: bool = True

    @property
    def key(self) -> tuple[str, str, str | None]:
        return self.subject, self.metric, self.time


def keyed_claims(article: ArticleView, lexicon: Lexicon) -> list[Keyed]:
    """Claims whose subject is named in their sentence, with a metric (a known one, rules/checks/metrics,
    or, for levels, any the link stage named), stated as fact (no hedge), as value intervals; the time is
    its ISO value, None when unresolved.
    Found once per article, whichever check asks first."""
    return article.shared("keyed_claims", lambda: _keyed_claims(article, lexicon))


def _keyed_claims(article: ArticleView, lexicon: Lexicon) -> list[Keyed]:
    record = article.record
    names = names_by_id(record)
    times = {time.id: time for time in record.times}
    known = lexicon.metric_names()
    tolerance = lexicon.threshold("conflicting_figures.tolerance")
    approx = lexicon.threshold("arithmetic_mismatch.approx_tolerance")
    modifiers = tuple(phrase.lower() for phrase in lexicon.phrases.get("conflicting_figures.place_modifier", ()))
    found = []
    for item in article.items:
        claim, figure = item.claim, item.figure
        if claim is None or claim.subject is None or not claim.metric or claim.hedge:
            continue
        is_known = claim.metric.lower() in known
        if not is_known and figure.kind not in LEVEL_KINDS:
            continue
        if not article.names(claim.subject, (claim.start, claim.end)):
            continue  # the owner was inferred from context, not named with the figure: too weak to accuse
        if figure.kind not in COMPARABLE_KINDS or figure.range is not None or figure.unit in POINT_UNITS:
            continue
        low, high = _interval(figure.value, figure.qualifier, approx if figure.qualifier else tolerance)
        time = _own_time(article, claim.start, times.get(claim.time or ""))
        name = names[claim.subject]
        metric = claim.metric or ""
        places = _places(article, (claim.start, claim.end), claim.subject, modifiers)
        found.append(Keyed(record.article.id, item, name.lower(), metric.lower(), time, low, high, name, places,
                           is_known))
    return _headlines_take_body_time(article, found)


def _places(article: ArticleView, span: Span, subject: str, modifiers: tuple[str, ...]) -> frozenset[str]:
    """The places a claim names as part of its fact ("shipments in China"), not those that only describe
    its owner: a place before a word of rules/checks/conflicting_figures `place_modifier` ("Shanghai-based"),
    or a place whose possessive is the owner's name ("China's Pinduoduo")."""
    text = article.text
    mentions = article.mentions.inside(*span)
    places = []
    for index, mention in enumerate(mentions):
        if mention.entity.label not in PLACE_LABELS:
            continue
        after = text[mention.end:mention.end + 20].lower()
        following = mentions[index + 1] if index + 1 < len(mentions) else None
        owner_next = following is not None and following.entity.id == subject \
            and POSSESSIVE.fullmatch(text[mention.end:following.start]) is not None
        if not (after.startswith(modifiers) or owner_next):
            places.append(mention.entity.name.lower())
    return frozenset(places)


def _own_time(article: ArticleView, claim_start: int, time: Time | None) -> str | None:
    """The claim's ISO time if it is stated in the claim's own paragraph: a period carried over from
    earlier paragraphs is a guess, too weak to accuse a figure of contradicting another."""
    if time is None or not time.value:
        return None
    return time.value if article.line(claim_start)[0] <= time.start else None


def _headlines_take_body_time(article: ArticleView, found: list[Keyed]) -> list[Keyed]:
    """A headline states the body's main fact without its date ("In Q1, Xiaomi's … 40%"): an undated
    headline claim takes the one time the body gives for the same subject and metric."""
    title = (article.record.article.title or "").strip()
    if not title:
        return found
    times: dict[tuple[str, str], set[str]] = defaultdict(set)
    for keyed in found:
        if keyed.time is not None:
            times[(keyed.subject, keyed.metric)].add(keyed.time)
    headline: dict[Span, bool] = {}
    updated = []
    for keyed in found:
        body_times = times.get((keyed.subject, keyed.metric), set())
        line = article.line(keyed.item.figure.start)
        if line not in headline:
            headline[line] = article.text[line[0]:line[1]].strip() == title
        if keyed.time is None and len(body_times) == 1 and headline[line]:
            keyed = replace(keyed, time=next(iter(body_times)))
        updated.append(keyed)
    return updated


def _interval(value: float, qualifier: str | None, slack: float) -> tuple[float, float]:
    if qualifier in LOWER_BOUNDS:
        return value * (1 - slack), INFINITY
    if qualifier in UPPER_BOUNDS:
        return -INFINITY, value * (1 + slack)
    return value * (1 - slack), value * (1 + slack)


def _disjoint(a: Keyed, b: Keyed) -> bool:
    return _values_disjoint(_value(a), _value(b))


def _units_match(a: Keyed, b: Keyed) -> bool:
    """Same kind of figure, same currency, and the same places named ("shipments in China" is another
    fact than worldwide shipments)."""
    return _values_match(_value(a), _value(b))


@article_check("conflicting_figures")
def conflicting_figures(article: ArticleView, context: CheckContext) -> list[Flag]:
    """One flag per fact stated with values that cannot all hold, showing every statement of it, and
    per change stated as a rise in one sentence and a fall in another."""
    return [*_conflicting_values(article, context), *_opposite_changes(article, context)]


def _conflicting_values(article: ArticleView, context: CheckContext) -> list[Flag]:
    groups: dict[tuple[str, str, str | None], list[Keyed]] = defaultdict(list)
    for keyed in keyed_claims(article, context.lexicon):
        if keyed.time is not None:
            groups[keyed.key].append(keyed)
    found = []
    for (_subject, metric, time), group in groups.items():
        clashing = _clashing(group)
        if clashing and not group[0].known:
            clashing = [keyed for keyed in clashing
                        if any(_tenfold(keyed.item.figure.value, other.item.figure.value) for other in clashing)]
        if clashing:
            found.append(_conflict_flag(clashing[0].name, metric, time, clashing))
    return found


def _clashing(group: list[Keyed]) -> list[Keyed]:
    """Members of `group` that disagree with some other member stated in a different sentence."""
    extremes = _Extremes(group)
    clashing = [keyed for index, keyed in enumerate(group) if extremes.disagree(index)]
    if not clashing:
        return []
    values = {round(k.item.figure.value, 6) for k in clashing}
    return [k for k in group if round(k.item.figure.value, 6) in values] if len(values) > 1 else []


class _Extremes:
    """For each kind of value (kind and places, then currency) in a group, the two lowest upper bounds
    and the two highest lower bounds from different sentences: whether a member disagrees with any
    other is then a look-up, not a comparison with every other member."""

    def __init__(self, group: list[Keyed]) -> None:
        self.group = group
        self.sentences = [_sentence_key(keyed, index) for index, keyed in enumerate(group)]
        self.buckets: dict[tuple[str, frozenset[str]], dict[str | None, tuple[_Two, _Two]]] = {}
        for keyed, sentence in zip(group, self.sentences):
            by_currency = self.buckets.setdefault((keyed.item.figure.kind, keyed.places), {})
            highs, lows = by_currency.setdefault(keyed.item.figure.currency, ([], []))
            _keep_two(highs, (keyed.high, sentence))
            _keep_two(lows, (-keyed.low, sentence))

    def disagree(self, index: int) -> bool:
        """Whether member `index` disagrees with a member of another sentence in the same units."""
        keyed, sentence = self.group[index], self.sentences[index]
        currency = keyed.item.figure.currency
        for other_currency, (highs, lows) in self.buckets[(keyed.item.figure.kind, keyed.places)].items():
            if None not in (currency, other_currency) and currency != other_currency:
                continue
            high, low = _other_than(highs, sentence), _other_than(lows, sentence)
            if (high is not None and high < keyed.low) or (low is not None and -low > keyed.high):
                return True
        return False


#: The lowest value and the lowest from another sentence than its, each with its sentence.
_Two = list[tuple[float, object]]


def _sentence_key(keyed: Keyed, index: int) -> object:
    """Members stated in one sentence do not contradict each other; a member without a claim has a
    sentence of its own."""
    return keyed.item.claim.start if keyed.item.claim else ("alone", index)


def _keep_two(best: _Two, candidate: tuple[float, object]) -> None:
    """Keep in `best` the lowest value, and the lowest from another sentence than the first's."""
    entries = sorted([*best, candidate], key=lambda entry: entry[0])
    first = entries[0]
    second = next((entry for entry in entries[1:] if entry[1] != first[1]), None)
    best[:] = [first] + ([second] if second is not None else [])


def _other_than(best: _Two, sentence: object) -> float | None:
    """The lowest value of `best` stated in another sentence than `sentence`."""
    return next((value for value, where in best if where != sentence), None)


def _conflict_flag(subject: str, metric: str, time: str | None, group: list[Keyed]) -> Flag:
    stated = _stated([k.item.figure.text for k in group])
    return flag(
        "conflicting_figures", "warning",
        f"The article gives {_fact(subject, metric, time)} as {stated}: these values cannot all be right."
        + _scale_hint([k.item.figure.value for k in group]),
        [k.item.span for k in group], [ref for k in group for ref in k.item.refs],
        suggestion="check which value the original source gives",
    )


def _tenfold(a: float, b: float) -> bool:
    """Whether one value is 10, 100, 1000 or 10,000 times the other (within 2%)."""
    if a <= 0 or b <= 0:
        return False
    ratio = max(a, b) / min(a, b)
    return any(abs(ratio / power - 1) <= 0.02 for power in (10, 100, 1000, 10000))


def _scale_hint(stated: list[float]) -> str:
    """" The values differ by a factor of 10: one was probably mis-scaled." when they do."""
    values = sorted({value for value in stated if value > 0})
    if len(values) < 2:
        return ""
    ratio = values[-1] / values[0]
    for power in (10, 100, 1000, 10000):
        if abs(ratio / power - 1) <= 0.02:
            return f" The values differ by a factor of {power:,}: one was probably mis-scaled (亿/万 conversion)."
    return ""


def _fact(subject: str, metric: str, time: str | None) -> str:
    return f"{subject}'s {metric}" + (f" for {time}" if time else "")


def _stated(texts: list[str]) -> str:
    counts: dict[str, int] = {}
    for text in texts:
        counts[text] = counts.get(text, 0) + 1
    parts = [f"“{text}”" + (f" ({n} times)" if n > 1 else "") for text, n in counts.items()]
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]


@batch_check("conflicting_figures")
class ConflictsAcrossArticles:
    """Facts (subject, metric, time) that two articles of the run state with incompatible values.

    Statements are indexed by their key, then by stated value, then by article, keeping only what a
    flag shows of each (its text, spans, refs); the work grows with the number of facts and of
    distinct values per fact, not with articles squared.
    """

    def __init__(self, context: CheckContext) -> None:
        self.context = context
        self.index: dict[tuple[str, str, str | None], dict[Value, dict[str, list[Statement]]]] = \
            defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
        #: Whether each fact's metric is one of rules/checks/metrics (`Keyed.known`).
        self.known: dict[tuple[str, str, str | None], bool] = {}

    def facts(self, record: ArticleRecord) -> list[list[Any]]:
        """Every dated statement of a fact in `record`, as a row of JSON data (`_row`)."""
        return [_row(keyed) for keyed in keyed_claims(ArticleView(record), self.context.lexicon) if keyed.time is not None]

    def add(self, facts: list[list[Any]]) -> None:
        for (article, subject, metric, time, low, high, kind, currency, places, known,
             name, span, refs, text, value) in facts:
            key = (subject, metric, time)
            self.known[key] = known
            statement = Statement(name, (span[0], span[1]), tuple(refs), text, value)
            self.index[key][(low, high, kind, currency, frozenset(places))][article].append(statement)

    def flags(self) -> dict[str, list[Flag]]:
        found: dict[str, list[Flag]] = defaultdict(list)
        for key, by_value in self.index.items():
            if len(by_value) < 2:
                continue  # every article states the same value: the common case, settled at once
            _, metric, time = key
            for value, articles in by_value.items():
                others = _disagreeing(value, by_value)
                if not self.known[key]:
                    others = _tenfold_only(value, others)
                for article, own in articles.items():
                    elsewhere = {other: theirs for other, theirs in others.items() if other != article}
                    if elsewhere:
                        found[article].append(_across_flag(own[0].name, metric, time, own, elsewhere))
        return dict(found)


def _row(keyed: Keyed) -> list[Any]:
    """What the batch pass keeps of one statement: its article, key, value, and what a flag shows of it."""
    figure = keyed.item.figure
    return [keyed.article, keyed.subject, keyed.metric, keyed.time, keyed.low, keyed.high, figure.kind,
            figure.currency, sorted(keyed.places), keyed.known, keyed.name, list(keyed.item.span),
            keyed.item.refs, figure.text, figure.value]


@dataclass(frozen=True)
class Statement:
    """What a cross-article flag shows of one statement of a fact."""

    name: str
    span: Span
    refs: tuple[str, ...]
    text: str
    value: float


#: A stated value as the batch pass compares it: interval, kind, currency, places named.
Value = tuple[float, float, str, str | None, frozenset[str]]


def _value(keyed: Keyed) -> Value:
    figure = keyed.item.figure
    return keyed.low, keyed.high, figure.kind, figure.currency, keyed.places


def _disagreeing(value: Value, by_value: dict[Value, dict[str, list[Statement]]]) -> dict[str, list[Statement]]:
    """Statements, by article, of values that cannot hold together with `value`."""
    others: dict[str, list[Statement]] = defaultdict(list)
    for other, articles in by_value.items():
        if other != value and _values_match(value, other) and _values_disjoint(value, other):
            for article, statements in articles.items():
                others[article].extend(statements)
    return others


def _tenfold_only(value: Value, others: dict[str, list[Statement]]) -> dict[str, list[Statement]]:
    """Of the statements that disagree with `value`, those off from it by a power of ten."""
    middle = (value[0] + value[1]) / 2
    kept = {article: [s for s in statements if _tenfold(middle, s.value)] for article, statements in others.items()}
    return {article: statements for article, statements in kept.items() if statements}


def _values_match(a: Value, b: Value) -> bool:
    """Same kind, same currency (or one unknown), same places named."""
    return a[2] == b[2] and (a[3] == b[3] or None in (a[3], b[3])) and a[4] == b[4]


def _values_disjoint(a: Value, b: Value) -> bool:
    return a[1] < b[0] or b[1] < a[0]


def _across_flag(subject: str, metric: str, time: str | None, own: list[Statement],
                 others: dict[str, list[Statement]]) -> Flag:
    shown = dict(list(others.items())[:MAX_RELATED])
    elsewhere = "; ".join(f"article {article} says {_stated([s.text for s in theirs])}" for article, theirs in shown.items())
    if len(others) > len(shown):
        elsewhere += f"; and {len(others) - len(shown)} more articles disagree"
    return flag(
        "conflicting_figures", "warning",
        f"This article gives {_fact(subject, metric, time)} as {_stated([s.text for s in own])}, but {elsewhere}."
        + _scale_hint([s.value for s in [*own, *(s for theirs in shown.values() for s in theirs)]]),
        [s.span for s in own], [ref for s in own for ref in s.refs],
        suggestion="check which value the original source gives",
        related=[
            {"article": article, "spans": [list(s.span) for s in theirs],
             "refs": [ref for s in theirs for ref in s.refs], "text": [s.text for s in theirs]}
            for article, theirs in shown.items()
        ],
    )


@article_check("implausible_change")
def implausible_change(article: ArticleView, context: CheckContext) -> list[Flag]:
    """The same subject and metric at two times, changing by more than the text or common sense allows."""
    per_year = context.lexicon.threshold("implausible_change.max_ratio_per_year")
    stagnant = context.lexicon.threshold("implausible_change.max_ratio_stagnation")
    stagnation = context.lexicon.stagnation
    searched: dict[Span, list[str]] = {}
    series: dict[tuple[str, str], list[tuple[float, Keyed]]] = defaultdict(list)
    for keyed in keyed_claims(article, context.lexicon):
        point = _time_point(keyed.time)
        if point is not None and keyed.known and keyed.item.figure.kind in LEVEL_KINDS and keyed.item.figure.value > 0:
            series[(keyed.subject, keyed.metric)].append((point, keyed))
    found = []
    for points in series.values():
        points.sort(key=lambda pair: (pair[0], pair[1].item.figure.start))
        for (t1, a), (t2, b) in itertools.pairwise(points):
            if t2 <= t1 or not _units_match(a, b) or a.item.figure.qualifier or b.item.figure.qualifier:
                continue
            years = max(t2 - t1, 1.0)
            words_found = _stagnation_words(article, [a, b], stagnation, searched)
            limit = stagnant if words_found else per_year ** years
            ratio = b.item.figure.value / a.item.figure.value
            if ratio > limit or ratio < 1 / per_year ** years:
                found.append(_change_flag(a, b, ratio, limit, words_found, context.lexicon))
    return found


def _time_point(value: str | None) -> float | None:
    """An ISO time as a year with a fraction (2022-12 → 2022.92), None when it is not one point in time."""
    match = ISO_POINT.match(value or "")
    if match is None or "/" in (value or ""):
        return None
    month = int(match.group(2)) if match.group(2) else 12
    return int(match.group(1)) + month / 12


def _stagnation_words(article: ArticleView, pair: list[Keyed], pattern: re.Pattern[str],
                      searched: dict[Span, list[str]]) -> list[str]:
    """The stagnation words of the two figures' sentences (each sentence searched once)."""
    found: list[str] = []
    for keyed in pair:
        sentence = article.sentence(keyed.item)
        if sentence not in searched:
            searched[sentence] = [match.group() for match in pattern.finditer(article.text, *sentence)]
        found.extend(searched[sentence])
    return found


def _change_flag(a: Keyed, b: Keyed, ratio: float, limit: float, stagnation: list[str], lexicon: Lexicon) -> Flag:
    fa, fb = a.item.figure, b.item.figure
    suspect, other = (b, a) if _suspicion(fb) >= _suspicion(fa) else (a, b)
    reading = _fitting_reading(suspect, other, limit, lexicon)
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


def _fitting_reading(suspect: Keyed, other: Keyed, limit: float, lexicon: Lexicon) -> str | None:
    """The value off by a power of ten that would make the change plausible."""
    value, base = suspect.item.figure.value, other.item.figure.value
    for factor in (0.1, 10, 0.01, 100):
        candidate = value * factor
        ratio = max(candidate, base) / min(candidate, base)
        if ratio <= limit:
            return lexicon.words(candidate)
    return None



@article_check("part_above_whole")
def part_above_whole(article: ArticleView, context: CheckContext) -> list[Flag]:
    """One owner's part metric larger than its whole for the same period (rules/checks/metric_parts):
    daily active users above the monthly ones, a net profit above revenue."""
    from ..rules.checks import MetricPart

    pairs = {(rule.part.lower(), rule.whole.lower()) for rule in context.rules.get("checks/metric_parts", MetricPart)}
    by_fact: dict[tuple[str, str | None, str], list[Keyed]] = defaultdict(list)
    for keyed in keyed_claims(article, context.lexicon):
        if keyed.time is not None and keyed.known and keyed.item.figure.kind in LEVEL_KINDS and not keyed.item.figure.qualifier:
            by_fact[(keyed.subject, keyed.time, keyed.metric)].append(keyed)
    found = []
    for (subject, time, metric), parts in by_fact.items():
        for part_metric, whole_metric in pairs:
            wholes = by_fact.get((subject, time, whole_metric), []) if metric == part_metric else []
            for part in parts:
                larger = [whole for whole in wholes if _units_match(part, whole) and part.low > whole.high]
                if larger:
                    found.append(_part_flag(part, larger[0]))
    return found


def _part_flag(part: Keyed, whole: Keyed) -> Flag:
    fp, fw = part.item.figure, whole.item.figure
    return flag(
        "part_above_whole", "warning",
        f"{part.name}'s {part.metric} for {part.time} (“{fp.text}”) is larger than its {whole.metric} "
        f"(“{fw.text}”), of which it is a part: one of the two values is probably mis-scaled."
        + _scale_hint([fp.value, fw.value]),
        [part.item.span, whole.item.span], [*part.item.refs, *whole.item.refs],
        suggestion="check both values against the original",
    )


@article_check("implausible_number")
def implausible_number(article: ArticleView, context: CheckContext) -> list[Flag]:
    """Counts of people (users, customers, subscribers) larger than the world's population."""
    most = context.lexicon.threshold("implausible_number.max_people")
    people = context.lexicon.metric_names(people=True)
    found = []
    for item in article.items:
        claim, figure = item.claim, item.figure
        if claim is None or (claim.metric or "").lower() not in people or figure.kind == "percent" or figure.value <= most:
            continue
        readings = [context.lexicon.words(figure.value / factor) for factor in (10, 100, 1000) if figure.value / factor <= most]
        found.append(flag(
            "implausible_number", "warning",
            f"“{figure.text}” {claim.metric} is more than the number of people alive ({context.lexicon.words(most)}): the "
            f"scale word or the decimal point is probably wrong.",
            [item.span], item.refs,
            suggestion=f"{' or '.join(readings[:2])}?" if readings else None,
        ))
    return found


def _opposite_changes(article: ArticleView, context: CheckContext) -> list[Flag]:
    """One change (same owner, metric and period) stated as a rise in one sentence and a fall in another."""
    decline, growth = context.lexicon.decline, context.lexicon.growth
    known = context.lexicon.metric_names()
    record = article.record
    times = {time.id: time for time in record.times}
    text = article.text
    bases: dict[Span, str] = {}
    groups: dict[tuple[str, str, str], dict[int, list[Item]]] = defaultdict(lambda: defaultdict(list))
    for item in article.items:
        claim = item.claim
        if claim is None or item.figure.kind != "percent" or claim.hedge or not claim.subject:
            continue
        base = (claim.metric or "").removesuffix(" change")
        time = _own_time(article, claim.start, times.get(claim.time or ""))
        named = article.names(claim.subject, (claim.start, claim.end))
        if base == claim.metric or base.lower() not in known or time is None or not named:
            continue
        before = text[max(0, item.figure.start - 30):item.figure.start].split(",")[-1]
        direction = -1 if decline.search(before) else 1 if growth.search(before) else 0
        if (claim.start, claim.end) not in bases:
            bases[(claim.start, claim.end)] = context.lexicon.change_bases.basis(text[claim.start:claim.end])
        basis = bases[(claim.start, claim.end)]
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


def _claim_start(item: Item) -> int:
    return item.claim.start if item.claim else item.figure.start
