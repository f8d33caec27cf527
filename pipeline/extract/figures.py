"""Figures: every number that states a quantity, read into value, kind, unit, currency, qualifier, range.

The reading is rule-driven and works on the text alone (so it runs with `--model blank`): a number
(digits, words or Chinese numerals) is found first, then what stands around it is read from the
rule files `rules/figures/*.jsonl` — scale words to its right ("million", "bn", "万"), a unit
("%", "times"), a currency sign, code or name on either side, a qualifier before it ("nearly",
"more than", or a verb such as "exceeded" outside the span). Contexts that make a number not a
figure (years, dates, model names, durations) are rules too. When the statistical model is there,
its part-of-speech tags help find the counted noun ("20 million monthly active creators").
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..rules import RuleSet, shared_rules
from ..rules.figures import Garble, RangeJoiner
from ..schema import Figure, FigureParts
from .figure_rules import compile_rules
from .numbers import DIGITS, NumberCore, parse_digits

SPANS_KEY = "figures"
#: Numbers found but too large to hold (overflowing a float): reported as info flags, not figures.
UNREADABLE_KEY = "unreadable_numbers"
DIGIT_NUMBER = re.compile(rf"(?<![\d.,])(?P<sign>[+\-−](?=\d))?(?P<number>{DIGITS})")
BEFORE_WINDOW = 48
AFTER_WINDOW = 48
COUNTED_NOUN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
SPACES = re.compile(r"[ \t]*")
MINOR_JOINER = re.compile(r"\s*,?\s*(?:and\s+)?")
MINOR_WORD = re.compile(r"\s+(?P<word>[A-Za-z]+)\b")
SCORE_JOINER = re.compile(r"\s*[-–]\s*")
SCORE_BEFORE = re.compile(r"\d+-\d+(?:\s*\(\d+\))?,\s*$")
SCORE_AFTER = re.compile(r",\s*\d+-\d+\b")
HYPHENED_NOUN = re.compile(r"\s?-\s?(?P<noun>[A-Za-z]+)\b")
SPACED_UNIT = re.compile(r"[ \t]+(?P<unit>[A-Za-z°]+)\b")
GLUED_UNIT = re.compile(r"-?(?P<unit>[A-Za-z°]+)(?![A-Za-z])")


@dataclass
class Reading:
    """A figure being assembled: the number, then what was read around it."""

    core: NumberCore
    start: int
    end: int
    mantissa: float
    factor: float = 1.0
    scale_word: str | None = None
    kind: str = "number"
    unit: str | None = None
    currency: str | None = None
    qualifier: str | None = None
    range: tuple[float, float] | None = None
    sign: str | None = None
    direction: str | None = None
    rule: str = "figures.number"
    evidence: tuple[int, int] | None = None
    fused_year: int | None = None
    currency_inferred: bool = False
    marked: bool = False  # carries a scale, currency or unit: never a bare year or model number

    @property
    def value(self) -> float:
        value = float(f"{self.mantissa * self.factor:.12g}")  # 4.1 billion is 4100000000, not 4099999999.9999995
        return -value if self.sign in ("-", "−") else value

    def to_figure(self, text: str) -> Figure:
        return Figure(
            id="f0", text=text[self.start:self.end], start=self.start, end=self.end, value=self.value,
            kind=self.kind, unit=self.unit, currency=self.currency, qualifier=self.qualifier, range=self.range,
            parts=FigureParts(mantissa=self.mantissa, scale_word=self.scale_word,
                              factor=self.factor if self.scale_word else None, sign=self.sign,
                              direction=self.direction, rule=self.rule, currency_inferred=self.currency_inferred,
                              evidence=self.evidence, fused_year=self.fused_year),
        )


class FigureReader:
    """Finds every figure in a text with the compiled figures rules."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = compile_rules(rules)

    def read(self, text: str, doc: Doc | None = None) -> list[Figure]:
        """The figures of `text` in text order (ids f1, f2, …), offsets into `text`."""
        return self.read_all(text, doc)[0]

    def read_all(self, text: str, doc: Doc | None = None) -> tuple[list[Figure], list[tuple[int, int]]]:
        """The figures, and the spans of numbers too large to hold (their value overflows a float)."""
        readings = self._readings(text, doc)
        unreadable = [(reading.start, reading.end) for reading in readings if not math.isfinite(reading.value)]
        figures = [reading.to_figure(text) for reading in readings if math.isfinite(reading.value)]
        numbered = [figure.model_copy(update={"id": f"f{number}"}) for number, figure in enumerate(figures, start=1)]
        return numbered, unreadable

    def _readings(self, text: str, doc: Doc | None) -> list[Reading]:
        strays = self._stray_numbers(text)
        readings: list[Reading] = []
        for core in self._cores(text):
            if any(start <= core.start < end for start, end, _ in strays):
                continue
            reading = self._assemble(text, core)
            if reading is not None and not self._excluded(text, reading):
                readings.append(reading)
        readings += self._standalone_scales(text, readings)
        readings += self._plural_compounds(text, readings)
        readings += self._fixed_phrases(text, readings)
        readings.sort(key=lambda reading: (reading.start, -reading.end))
        readings = _drop_overlaps(readings)
        self._attach_strays(readings, strays)
        readings = self._join_minor_units(text, readings)
        readings = _without_scores(text, readings)
        self._join_ranges(text, readings)
        for reading in readings:
            self._classify(text, reading, doc)
        self._imply_currency(text, readings)
        return readings

    # -- numbers -------------------------------------------------------------------------------

    def _cores(self, text: str) -> list[NumberCore]:
        cores = self.rules.han.find(text) + self.rules.fractions.find(text)
        taken = [(core.start, core.end) for core in cores]
        for match in DIGIT_NUMBER.finditer(text):
            start, end = match.start("number"), match.end("number")
            if not _overlaps(start, end, taken):
                cores.append(NumberCore(start, end, parse_digits(match.group("number")), "digits"))
        taken = [(core.start, core.end) for core in cores]
        cores += [core for core in self.rules.words.find(text) if not _overlaps(core.start, core.end, taken)]
        return sorted(cores, key=lambda core: core.start)

    def _assemble(self, text: str, core: NumberCore) -> Reading | None:
        reading = Reading(core=core, start=core.start, end=core.end, mantissa=core.value, factor=core.factor,
                          scale_word=core.scale_word, marked=core.factor != 1.0)
        if core.scale_word:
            if re.match(r"-[A-Za-z]", text[core.end:core.end + 2]):
                return None  # "a billion-person app": read as a scale adjective
            reading.rule = f"figures.{core.source}.scaled"
        self._read_scales(text, reading)
        if core.source == "digits" and reading.scale_word:
            self._split_fused_year(text, reading)
        self._read_unit(text, reading)
        self._read_suffix_currency(text, reading)
        self._read_glued_measure(text, reading)
        if not self._boundary_ok(text, reading):
            return None
        self._read_sign_and_prefix(text, reading)
        if core.source == "digits" and core.start > 0 and text[core.start - 1].isalpha() and reading.currency is None:
            return None  # "Q4", "SU7", "midian182": part of a word, not a number
        self._read_qualifier(text, reading)
        self._read_sign_word(text, reading)
        return reading

    def _read_scales(self, text: str, reading: Reading) -> None:
        if reading.core.closed:
            return
        position = reading.end
        words = [reading.scale_word] if reading.scale_word else []
        while True:
            best = None
            for rule, pattern in self.rules.scales:
                match = pattern.match(text, position)
                if match and (best is None or match.end() > best[1].end()):
                    best = (rule, match)
            if best is None or (best[0].glued == "never" and reading.core.source == "words" and best[0].factor < 1000):
                break
            rule, match = best
            reading.factor *= rule.factor
            words.append(match.group().strip())
            position = reading.end = match.end()
            reading.rule = rule.id
            reading.marked = True
        if words:
            reading.scale_word = " ".join(words)

    def _split_fused_year(self, text: str, reading: Reading) -> None:
        """'2023400 million' is the year 2023 glued to '400 million': the figure is 400 million, the year evidence."""
        digits = text[reading.core.start:reading.core.end]
        if "," in digits or len(digits.split(".")[0]) < 5:
            return
        for rule, pattern in self.rules.garbles:
            if rule.shape != "year_prefix":
                continue
            match = pattern.fullmatch(digits)
            if match and rule.first_year <= int(match.group("year")) <= rule.last_year:
                split = reading.core.start + match.start("number")
                reading.evidence = (reading.core.start, reading.end)
                reading.fused_year = int(match.group("year"))
                reading.core = replace(reading.core, start=split, value=parse_digits(match.group("number")))
                reading.start, reading.mantissa, reading.rule = split, reading.core.value, rule.id
                return

    def _read_unit(self, text: str, reading: Reading) -> None:
        best = None
        for rule, pattern in self.rules.units:
            match = pattern.match(text, reading.end)
            if match and (best is None or match.end() > best[1].end()):
                best = (rule, match)
        if best is None:
            return
        rule, match = best
        if rule.unit == "pp" and match.group().startswith("-") and reading.core.source != "words":
            return  # "-point" only after a word fraction: "a quarter-point"
        reading.kind, reading.unit, reading.end, reading.rule, reading.marked = rule.kind, rule.unit, match.end(), rule.id, True

    def _read_suffix_currency(self, text: str, reading: Reading) -> None:
        if reading.kind in ("percent", "multiple"):
            return
        for rule, pattern in self.rules.suffixes:
            match = pattern.match(text, reading.end)
            if match:
                reading.currency, reading.end, reading.rule, reading.marked = rule.iso, match.end(), rule.id, True
                return

    def _read_glued_measure(self, text: str, reading: Reading) -> None:
        """'200lbs', '75ml', '3-inch': a unit of measure glued to the number (it stays outside the span)."""
        if reading.kind != "number" or reading.currency:
            return
        match = GLUED_UNIT.match(text, reading.end)
        if match and match.group("unit").casefold() in self.rules.measures:
            reading.kind, reading.unit = "quantity", self.rules.measures[match.group("unit").casefold()]
            reading.marked = True
            return
        spaced = SPACED_UNIT.match(text, reading.end)
        word = spaced.group("unit").casefold() if spaced else None
        if word in self.rules.measures and word not in self.rules.periods:
            reading.marked = True  # "one mile" states a quantity; "one day" does not

    def _boundary_ok(self, text: str, reading: Reading) -> bool:
        """A number glued to letters it cannot read ("36kr", "5G", "20th") is part of a word."""
        end = reading.end
        if reading.kind == "quantity" and GLUED_UNIT.match(text, end):
            return True
        return end >= len(text) or not (text[end].isalnum() and text[end].isascii())

    def _read_sign_and_prefix(self, text: str, reading: Reading) -> None:
        start = reading.start
        window = text[max(0, start - BEFORE_WINDOW):start]
        if reading.kind not in ("percent", "multiple"):
            for rule, pattern in self.rules.prefixes:
                match = pattern.search(window)
                if match:
                    if reading.currency is None:
                        reading.currency, reading.rule = rule.iso, rule.id
                    start -= len(match.group())
                    reading.marked = True
                    break
        if start > 0 and text[start - 1] in "+-−" and (start == 1 or not text[start - 2].isalnum()):
            reading.sign = text[start - 1]
            start -= 1
        reading.start = start

    def _read_qualifier(self, text: str, reading: Reading) -> None:
        window = text[max(0, reading.start - BEFORE_WINDOW):reading.start]
        for rule, pattern in self.rules.qualifiers_before:
            match = pattern.search(window)
            if match:
                reading.qualifier = rule.qualifier
                if rule.in_span:
                    reading.start -= len(match.group())
                break
        for rule, pattern in self.rules.qualifiers_after:
            match = pattern.match(text, reading.end)
            if match:
                reading.qualifier = reading.qualifier or rule.qualifier
                reading.end = match.end()
                break

    def _read_sign_word(self, text: str, reading: Reading) -> None:
        """'minus 5' is -5; 'down 3.1%' keeps 3.1 and records the direction."""
        if reading.sign:
            return
        window = text[max(0, reading.start - BEFORE_WINDOW):reading.start]
        for rule, pattern in self.rules.signs:
            match = pattern.search(window)
            if match is None:
                continue
            if rule.negates:
                reading.sign = rule.sign
                reading.start -= len(match.group())
            else:
                reading.direction = "down" if rule.sign == "-" else "up"
            return

    # -- what is not a figure --------------------------------------------------------------------

    def _excluded(self, text: str, reading: Reading) -> bool:
        core = reading.core
        number = text[core.start:core.end]
        before = text[max(0, core.start - BEFORE_WINDOW):core.start]
        after = text[core.end:core.end + AFTER_WINDOW]
        if reading.sign and before.endswith(reading.sign):
            before = before[:-1]
        for rule, before_pattern, after_pattern, number_pattern in self.rules.not_figures:
            if rule.bare_only and (reading.marked or reading.sign):
                continue
            if number_pattern and not number_pattern.fullmatch(number):
                continue
            if before_pattern and not before_pattern.search(before):
                continue
            if after_pattern and not after_pattern.match(after):
                continue
            return True
        if core.source == "words" and not reading.marked:
            noun = COUNTED_NOUN_WORD.match(after.lstrip())
            if noun and noun.group().casefold() in self.rules.discourse:
                return True
        return False

    # -- figures without a number core -----------------------------------------------------------

    def _standalone_scales(self, text: str, readings: list[Reading]) -> list[Reading]:
        """'a billion-person app': a scale word used as an adjective states a quantity."""
        found = []
        for match in self.rules.standalone_scale.finditer(text):
            if any(r.start <= match.start() < r.end for r in readings):
                continue
            factor = next(rule.factor for rule, _ in self.rules.scales
                          if rule.word.casefold() == match.group("scale").casefold())
            core = NumberCore(match.start(), match.end(), 1.0, "words")
            noun = match.group("noun")
            found.append(Reading(core=core, start=match.start(), end=match.end(), mantissa=1.0, factor=factor,
                                 scale_word=match.group("scale"), kind="count", unit=_plural(noun),
                                 rule="figures.scale.adjective", marked=True))
        return found

    def _plural_compounds(self, text: str, readings: list[Reading]) -> list[Reading]:
        """'hundreds of millions', 'tens of thousands': approximate, with a range up to the next order."""
        if self.rules.plural_compound is None:
            return []
        found = []
        for match in self.rules.plural_compound.finditer(text):
            if any(_overlaps(match.start(), match.end(), [(r.start, r.end)]) for r in readings):
                continue
            first = self.rules.plural_scales[match.group("first").casefold()]
            second = self.rules.plural_scales[match.group("second").casefold()]
            low = first.factor * second.factor
            high = low * (10 if first.factor < 1000 else 1000)
            core = NumberCore(match.start(), match.end(), first.factor, "words")
            found.append(Reading(core=core, start=match.start(), end=match.end(), mantissa=first.factor,
                                 factor=second.factor, scale_word=match.group("second"), qualifier="approx",
                                 range=(low, high), rule=first.id, marked=True))
        return found

    def _fixed_phrases(self, text: str, readings: list[Reading]) -> list[Reading]:
        found = []
        for rule, pattern in self.rules.phrases:
            for match in pattern.finditer(text):
                if any(_overlaps(match.start(), match.end(), [(r.start, r.end)]) for r in readings):
                    continue
                core = NumberCore(match.start(), match.end(), rule.value, "words")
                reading = Reading(core=core, start=match.start(), end=match.end(), mantissa=rule.value,
                                  kind=rule.kind, unit=rule.unit, rule=rule.id, marked=True)
                self._read_qualifier(text, reading)  # "more than half of"
                found.append(reading)
        return found

    # -- garbles, ranges, units ------------------------------------------------------------------

    def _stray_numbers(self, text: str) -> list[tuple[int, int, tuple[Garble, re.Match[str]]]]:
        """Stray numbers before a fused year ("1 in 2023The goal of …"): evidence, never figures."""
        strays = []
        for rule, pattern in self.rules.garbles:
            if rule.shape != "stray_before_year":
                continue
            for match in pattern.finditer(text):
                if rule.first_year <= int(match.group("year")) <= rule.last_year:
                    strays.append((match.start("stray"), match.end("stray"), (rule, match)))
        return strays

    def _attach_strays(self, readings: list[Reading], strays: list[tuple[int, int, tuple[Garble, re.Match[str]]]]) -> None:
        """The figure right after a stray number and its fused year keeps them as evidence."""
        for _, _, (rule, match) in strays:
            following = [r for r in readings if r.start >= match.end()]
            if following and following[0].start - match.end() <= rule.max_gap:
                target = following[0]
                target.evidence = (match.start(), target.end)
                target.fused_year = int(match.group("year"))

    def _join_minor_units(self, text: str, readings: list[Reading]) -> list[Reading]:
        """'3 dollars 50 cents', 'thirteen dollars and forty-five cents': one amount, 3.50 and 13.45."""
        joined: list[Reading] = []
        for reading in readings:
            major = joined[-1] if joined else None
            if major is not None and major.currency and not major.scale_word and not reading.marked:
                between = MINOR_JOINER.fullmatch(text, major.end, reading.start)
                minor = MINOR_WORD.match(text, reading.end)
                if between and minor and minor.group("word").casefold() in self.rules.minor_units:
                    fraction = self.rules.minor_units[minor.group("word").casefold()]
                    major.mantissa += reading.value * fraction
                    major.end = minor.end()
                    continue
            joined.append(reading)
        return joined

    def _join_ranges(self, text: str, readings: list[Reading]) -> None:
        """'between 100,000 and 200,000 yuan', '20-30 million': each end is a figure, both carry the range."""
        for low, high in itertools.pairwise(readings):
            between = text[low.end:high.start]
            joiner = self._joiner(text, low, between)
            if joiner is None or low.range or high.range or (low.kind != "number" and high.kind != low.kind):
                continue
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
            low.qualifier = low.qualifier or "at_least"
            high.qualifier = high.qualifier or "up_to"
            low.rule = high.rule = joiner.id if low.rule == "figures.number" else low.rule

    def _joiner(self, text: str, low: Reading, between: str) -> RangeJoiner | None:
        for rule in self.rules.joiners:
            spaced = rule.joiner.isalpha()
            pattern = rf"\s+{re.escape(rule.joiner)}\s+" if spaced else rf"\s*{re.escape(rule.joiner)}\s*"
            if not re.fullmatch(pattern, between):
                continue
            if rule.opener:
                before = text[max(0, low.start - BEFORE_WINDOW):low.start]
                if not re.search(rf"\b{re.escape(rule.opener)}\s+$", before, re.IGNORECASE):
                    continue
            elif rule.joiner == "to" and re.search(r"\bfrom\s+$", text[max(0, low.start - 8):low.start], re.IGNORECASE):
                continue  # "rose from 10% to 20%" is a change, not a range
            return rule
        return None

    def _imply_currency(self, text: str, readings: list[Reading]) -> None:
        """'part ways at a cost of 200 million' in a story told in yuan: 200 million yuan (marked as inferred)."""
        currencies = {reading.currency for reading in readings if reading.currency}
        if len(currencies) != 1:
            return
        (currency,) = currencies
        for reading in readings:
            if reading.kind != "number" or reading.factor < 1000:
                continue
            clause = re.split(r"[.;!?\n]", text[max(0, reading.start - BEFORE_WINDOW):reading.start])[-1]
            if self.rules.money_words.search(clause):
                reading.currency, reading.kind, reading.currency_inferred = currency, "money", True

    def _classify(self, text: str, reading: Reading, doc: Doc | None) -> None:
        """Kind and unit: money by currency, percent/multiple by unit word, else the counted noun."""
        if reading.currency:
            reading.kind = "money"
            return
        if reading.kind in ("percent", "multiple") or reading.unit:
            return
        unit, is_measure = self._counted_noun(text, reading.end, doc)
        if unit:
            reading.unit = unit
            reading.kind = "quantity" if is_measure else "count"

    def _counted_noun(self, text: str, end: int, doc: Doc | None) -> tuple[str | None, bool]:
        """The noun a figure counts: the head of the noun phrase right after it ("monthly active creators").

        Returns (unit, is_measure). Without a parse the phrase ends at a stop word, at a plural, or at a
        verb-like word ("-ed", "-ly") after its first word; with one, it ends at the last noun.
        """
        hyphened = HYPHENED_NOUN.match(text, end)
        if hyphened:
            noun = hyphened.group("noun").casefold()
            if noun in self.rules.measures:
                return self.rules.measures[noun], True  # "a 3-inch thickness"
            if noun not in self.rules.stops:
                return _plural(noun), False  # "a 10-game stretch", "the 30,000 - vehicle club"
        words: list[re.Match[str]] = []
        position = end
        for _ in range(4):
            gap = _spaces_after(text, position)
            word = COUNTED_NOUN_WORD.match(text, position + gap) if gap else None
            if word is None:
                break
            lowered = word.group().casefold()
            if lowered in self.rules.stops or not _can_be_noun_part(doc, word.start()):
                break
            if words and lowered.endswith(("ed", "ly")) and not _is_noun(doc, word.start()):
                break
            words.append(word)
            position = word.end()
            if lowered in self.rules.measures:
                return self.rules.measures[lowered], True
            if lowered.endswith("s") and not lowered.endswith("ss"):
                break
        if doc is not None and doc.has_annotation("POS"):
            while words and not _is_noun(doc, words[-1].start()):
                words.pop()
        return (words[-1].group() if words else None), False


def _is_noun(doc: Doc | None, char: int) -> bool:
    if doc is None or not doc.has_annotation("POS"):
        return False
    token = _token_at(doc, char)
    return token is not None and token.pos_ in ("NOUN", "PROPN")


def _can_be_noun_part(doc: Doc | None, char: int) -> bool:
    if doc is None or not doc.has_annotation("POS"):
        return True
    token = _token_at(doc, char)
    return token is None or token.pos_ in ("NOUN", "PROPN", "ADJ", "VERB", "X")


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _plural(noun: str) -> str:
    return noun if noun.endswith("s") else noun + "s"


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in spans)


def _without_scores(text: str, readings: list[Reading]) -> list[Reading]:
    """'6-4', '70-44', '4-2-1': hyphenated bare numbers that do not rise are scores or records, not ranges."""
    scores: set[int] = set()
    for low, high in itertools.pairwise(readings):
        if low.marked or high.marked or low.qualifier or high.qualifier:
            continue
        if not SCORE_JOINER.fullmatch(text, low.end, high.start):
            continue
        in_a_list = SCORE_BEFORE.search(text, 0, low.start) or SCORE_AFTER.match(text, high.end)
        if low.value >= high.value or in_a_list:  # "7-5, 3-6, 7-6": a set score, though it rises
            scores.update((id(low), id(high)))
    return [reading for reading in readings if id(reading) not in scores]


def _drop_overlaps(readings: list[Reading]) -> list[Reading]:
    kept: list[Reading] = []
    for reading in readings:
        if kept and reading.start < kept[-1].end:
            continue
        kept.append(reading)
    return kept


class FigureFinder:
    """spaCy component: puts one span per figure in `doc.spans["figures"]`, its reading in `span._.figure`."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        self.reader = FigureReader(rules)

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        figures, unreadable = self.reader.read_all(doc.text, doc)
        for figure in figures:
            span = doc.char_span(figure.start, figure.end, alignment_mode="expand")
            if span is None:
                continue
            span._.figure = figure
            span._.rule = figure.parts.rule
            spans.append(span)
        doc.spans[SPANS_KEY] = spans
        doc.spans[UNREADABLE_KEY] = [span for start, end in unreadable
                                     if (span := doc.char_span(start, end, alignment_mode="expand")) is not None]
        return doc


@Language.factory("claimex_figures", assigns=["doc.spans"], requires=["token.text"],
                   default_config={"rules_dir": None})
def make_figure_finder(nlp: Language, name: str, rules_dir: str | None) -> FigureFinder:
    return FigureFinder(shared_rules(rules_dir))


def read_figures(doc: Doc) -> list[Figure]:
    """The doc's figures as records (working-text offsets), numbered f1, f2, … in text order."""
    readings = sorted((span._.figure for span in doc.spans.get(SPANS_KEY, [])), key=lambda f: (f.start, f.end))
    return [figure.model_copy(update={"id": f"f{number}"}) for number, figure in enumerate(readings, start=1)]


def read_unreadable_numbers(doc: Doc) -> list[tuple[int, int]]:
    """Character spans (working text) of the numbers too large to read."""
    return [(span.start_char, span.end_char) for span in doc.spans.get(UNREADABLE_KEY, [])]


def _spaces_after(text: str, position: int) -> int:
    """How many spaces and tabs follow `position`."""
    match = SPACES.match(text, position)
    return match.end() - position if match else 0
