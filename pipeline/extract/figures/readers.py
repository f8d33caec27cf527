"""Stage 2 of the figures: each number core read with what stands around it.

Reading walks outward from the number: to its right first (scale words, a year fused into its
digits, a unit, a currency after it, a glued unit of measure), then a check that it does not run
into letters, then to its left (a currency before it, a printed sign), then the qualifiers on both
sides and a sign word before it. Each reader widens the span and fills the fields it owns. A number
in a context that makes it no figure (a year, a date, a model name) is dropped here. Figures
without a number core (a scale word used as an adjective, "hundreds of millions", fixed phrases)
are read here too, where no number already stands.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar

from ...rules.gates import any_of, folded, literal_gate, may_match
from ...spans import Coverage
from ..extensions import FusedYear
from ..numbers import NumberCore, parse_digits
from .compiled import FigureRules
from .reading import AFTER_WINDOW, BEFORE_WINDOW, SIGNS, Reading

COUNTED_NOUN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
SPACED_UNIT = re.compile(r"[ \t]+(?P<unit>[A-Za-z°]+)\b")
GLUED_UNIT = re.compile(r"-?(?P<unit>[A-Za-z°]+)(?![A-Za-z])")
SCALE_ADJECTIVE = re.compile(r"-[A-Za-z]")
TORN_DECIMAL = re.compile(r"(?<![\d.,])(?P<whole>\d{1,3})\. $")
UNIT_SYMBOL = re.compile(r"[ \t]?(?P<unit>[A-Za-zµ°][A-Za-z0-9µ°²³]*(?:/[A-Za-zµ°][A-Za-z0-9µ°²³]*)?)(?![\w])")
PER_UNIT = re.compile(r"/(?P<unit>[A-Za-zµ°][A-Za-z0-9µ°²³]*)(?![\w])")
MINOR_UNIT_WORD = re.compile(r"[ \t-](?P<word>[A-Za-z]+)\b")
DEFINITE_BEFORE = re.compile(r"(?<![\w-])[Tt]he\s+$")
TWO_WORDS_AFTER = re.compile(r"\s+(?P<first>[A-Za-z][A-Za-z-]*)(?:\s+(?P<second>[A-Za-z][A-Za-z-]*))?")
RuleT = TypeVar("RuleT")


class NumberReader:
    """Reads every number core into a figure (or drops it), and adds the figures without a core."""

    def __init__(self, rules: FigureRules) -> None:
        self.rules = rules
        self.phrase_gates = {pattern: literal_gate(pattern) for _, pattern in rules.phrases}
        # Each rule list joined into one regex: most numbers have no scale word, unit, qualifier or sign
        # word, and one failed test of the join replaces a failed test of every rule in the list.
        self.any_scale = _joined(rules.scales)
        self.any_unit = _joined(rules.units)
        self.any_unit_before = _joined(rules.units_before)
        self.any_qualifier_before = _joined(rules.qualifiers_before)
        self.any_qualifier_after = _joined(rules.qualifiers_after)
        self.any_sign = _joined(rules.signs)
        self.any_rank = _joined(rules.ranks)

    def read_all(self, text: str, cores: list[NumberCore]) -> tuple[list[Reading], list[Reading], list[Reading]]:
        """The readings of `cores` that are figures, then the figures without a core where no number stands;
        the numbers that are part of a name (no figures); and the other numbers set aside as no figures
        (a rank, a date, a compound), each with the id of the rule that set it aside."""
        readings, named, set_aside = [], [], []
        for core in cores:
            reading = self.read(text, core)
            if reading is None:
                rank = self._rank(text, core)
                if rank is not None:
                    set_aside.append(rank)
                continue
            if not self.excluded(text, reading):
                readings.append(reading)
            elif reading.named:
                named.append(reading)
            else:
                set_aside.append(reading)
        readings += self._standalone_scales(text, readings)
        readings += self._plural_compounds(text, readings)
        readings += self._fixed_phrases(text, readings)
        return readings, named, set_aside

    def _rank(self, text: str, core: NumberCore) -> Reading | None:
        """A number glued to the letters of a rank ("the 16th forum"): no figure, set aside with its rule."""
        reading = Reading(core=core, start=core.start, end=core.end, mantissa=core.value, factor=core.factor)
        after = text[core.end:core.end + AFTER_WINDOW]
        if self.any_rank is not None and not self.any_rank.match(after):
            return None
        for rule, pattern in self.rules.ranks:
            if pattern.match(after):
                reading.rule = rule.id
                return reading
        return None

    def read(self, text: str, core: NumberCore) -> Reading | None:
        """The number with what stands around it, or None when it is part of a word."""
        reading = Reading(core=core, start=core.start, end=core.end, mantissa=core.value, factor=core.factor,
                          scale_word=core.scale_word, marked=core.factor != 1.0)
        if core.scale_word:
            if SCALE_ADJECTIVE.match(text[core.end:core.end + 2]):
                return None  # "a billion-person app": read as a scale adjective
            reading.rule = f"figures.{core.source}.scaled"
        self._read_scales(text, reading)
        if core.source == "digits" and reading.scale_word:
            self._split_fused_year(text, reading)
        self._read_unit(text, reading)
        self._mend_torn_decimal(text, reading)
        self._read_suffix_currency(text, reading)
        self._read_glued_measure(text, reading)
        if not self._boundary_ok(text, reading):
            return None
        self._read_sign_and_prefix(text, reading)
        if reading.currency:
            self._read_per_unit(text, reading)
        if core.source == "digits" and core.start > 0 and text[core.start - 1].isalpha() and reading.currency is None:
            return None  # "Q4", "SU7", "midian182": part of a word, not a number
        self.read_qualifier(text, reading)
        self._read_sign_word(text, reading)
        return reading

    # -- to the right of the number -----------------------------------------------------------

    def _read_scales(self, text: str, reading: Reading) -> None:
        if reading.core.closed:
            return
        position = reading.end
        words = [reading.scale_word] if reading.scale_word else []
        while True:
            best = None
            if self.any_scale is not None and not self.any_scale.match(text, position):
                break
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
                year = reading.core.start + match.start("year")
                reading.fused_year = FusedYear(int(match.group("year")), year, year + len(match.group("year")))
                reading.core = replace(reading.core, start=split, value=parse_digits(match.group("number")))
                reading.start, reading.mantissa, reading.rule = split, reading.core.value, rule.id
                return

    def _read_unit(self, text: str, reading: Reading) -> None:
        best = None
        if self.any_unit is not None and not self.any_unit.match(text, reading.end):
            self._read_unit_before(text, reading)
            return
        for rule, pattern in self.rules.units:
            match = pattern.match(text, reading.end)
            if match and (best is None or match.end() > best[1].end()):
                best = (rule, match)
        if best is None:
            self._read_unit_before(text, reading)
            return
        rule, match = best
        if rule.unit == "pp" and match.group().startswith("-") and reading.core.source != "words":
            return  # "-point" only after a word fraction: "a quarter-point"
        reading.kind, reading.unit, reading.end, reading.rule, reading.marked = rule.kind, rule.unit, match.end(), rule.id, True

    def _read_unit_before(self, text: str, reading: Reading) -> None:
        """'percent of 10' opening a sentence: a unit written before the number (in the span)."""
        window = text[max(0, reading.start - BEFORE_WINDOW):reading.start]
        if self.any_unit_before is not None and not self.any_unit_before.search(window):
            return
        for rule, pattern in self.rules.units_before:
            match = pattern.search(window)
            if match:
                reading.kind, reading.unit, reading.rule, reading.marked = rule.kind, rule.unit, rule.id, True
                reading.start -= len(window) - match.start() - (len(match.group()) - len(match.group().lstrip()))
                return

    def _mend_torn_decimal(self, text: str, reading: Reading) -> None:
        """'6. 35%': a percentage whose decimal a space tore after the point is 6.35% (the parts say so);
        not at a line start, where '1. 35%' is a list item."""
        if reading.kind != "percent" or reading.core.source != "digits" or reading.scale_word:
            return
        digits = text[reading.core.start:reading.core.end]
        torn = TORN_DECIMAL.search(text, max(0, reading.start - 6), reading.start)
        if torn is None or not digits.isdigit() or torn.start() == 0 or text[torn.start() - 1] == "\n":
            return
        reading.mantissa = parse_digits(f"{torn.group('whole')}.{digits}")
        reading.start, reading.garble = torn.start(), "torn_decimal"

    def _read_suffix_currency(self, text: str, reading: Reading) -> None:
        if reading.kind in ("percent", "multiple"):
            return
        found = self.rules.currencies.after(text, reading.end)
        if found is None:
            self._read_minor_unit(text, reading)
            return
        if found.entry.unless_next and found.entry.unless_next.match(text, found.end):
            return  # "5 million pounds of beef"
        if found.entry.ambiguous and not (reading.scale_word or self.rules.money_word_before(text, reading.start, phrase=True)):
            return  # "200 pounds", "the 3 won their matches"
        reading.currency, reading.end, reading.rule, reading.marked = found.entry.iso, found.end, found.entry.rule, True

    def _read_minor_unit(self, text: str, reading: Reading) -> None:
        """'34 cents', '197 pence', 'a 12-cent dividend': money as written, the minor unit as its unit."""
        if reading.scale_word:
            return
        match = MINOR_UNIT_WORD.match(text, reading.end)
        rule = self.rules.minor_units.get(match.group("word").casefold()) if match else None
        if match is None or rule is None:
            return
        reading.kind, reading.unit, reading.minor = "money", rule.unit, rule
        reading.end, reading.rule, reading.marked = match.end(), rule.id, True

    def _read_glued_measure(self, text: str, reading: Reading) -> None:
        """'3.2 GW', '120kWh': a unit symbol pint reads (inside the span, the base value in the parts);
        '200lbs', '75ml', '3-inch': a unit of the hand list glued to the number (it stays outside the span)."""
        if reading.kind != "number" or reading.currency:
            return
        symbol = UNIT_SYMBOL.match(text, reading.end)
        if symbol and self.rules.physical.is_symbol(symbol.group("unit")):
            reading.kind, reading.unit, reading.end = "quantity", symbol.group("unit"), symbol.end()
            reading.marked, reading.rule = True, "figures.physical.symbol"
            return
        match = GLUED_UNIT.match(text, reading.end)
        if match and match.group("unit").casefold() in self.rules.measures and _same_case(match.group("unit"), self.rules):
            reading.kind, reading.unit = "quantity", self.rules.measures[match.group("unit").casefold()]
            reading.marked = True
            return
        spaced = SPACED_UNIT.match(text, reading.end)
        word = spaced.group("unit").casefold() if spaced else None
        if word in self.rules.measures and word not in self.rules.periods:
            reading.marked = True  # "one mile" states a quantity; "one day" does not

    def _read_per_unit(self, text: str, reading: Reading) -> None:
        """'$0.25/W': a price per unit of measure, the unit in the span."""
        per = PER_UNIT.match(text, reading.end)
        if per and self.rules.physical.base(per.group("unit"), 1.0) is not None:
            reading.unit, reading.end = f"/{per.group('unit')}", per.end()

    def _boundary_ok(self, text: str, reading: Reading) -> bool:
        """A number glued to letters it cannot read ("36kr", "5G", "20th") is part of a word."""
        end = reading.end
        if reading.kind == "quantity" and GLUED_UNIT.match(text, end):
            return True
        return end >= len(text) or not (text[end].isalnum() and text[end].isascii())

    # -- to the left of the number, and around it ---------------------------------------------

    def _read_sign_and_prefix(self, text: str, reading: Reading) -> None:
        start = reading.start
        if reading.kind not in ("percent", "multiple") and reading.minor is None:
            found = self.rules.currencies.before(text, start)
            if found is not None:
                if reading.currency is None:
                    reading.currency, reading.rule = found.entry.iso, found.entry.rule
                start = found.start
                reading.marked = True
        if start > 0 and text[start - 1] in SIGNS and (start == 1 or _opens_a_number(text[start - 2])):
            reading.sign = SIGNS[text[start - 1]]
            start -= 1
        reading.start = start

    def read_qualifier(self, text: str, reading: Reading) -> None:
        """'nearly', 'more than' before the number (in the span unless a verb: 'exceeded'), 'or more' after it."""
        window = text[max(0, reading.start - BEFORE_WINDOW):reading.start]
        for rule, pattern in _may_match(self.rules.qualifiers_before, self.any_qualifier_before, window):
            match = pattern.search(window)
            if match:
                reading.qualifier = rule.qualifier
                if rule.in_span:
                    reading.start -= len(match.group())
                break
        if self.any_qualifier_after is not None and not self.any_qualifier_after.match(text, reading.end):
            return
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
        for rule, pattern in _may_match(self.rules.signs, self.any_sign, window):
            match = pattern.search(window)
            if match is None:
                continue
            if rule.negates:
                reading.sign = rule.sign
                reading.start -= len(match.group())
            else:
                reading.direction = "down" if rule.sign == "-" else "up"
            return

    # -- what is not a figure -----------------------------------------------------------------

    def excluded(self, text: str, reading: Reading) -> bool:
        """Whether the number's context makes it no figure (a not_figures rule, or a discourse noun)."""
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
            after_match = after_pattern.match(after) if after_pattern else None
            if after_pattern and after_match is None:
                continue
            if before_pattern and not before_pattern.search(before):  # last: a search, not an anchored match
                continue
            if rule.alone_is_figure:
                reading.period = True
                continue
            reading.named, reading.rule = rule.name, rule.id
            if rule.name_takes_after and after_match is not None:
                reading.end = core.end + after_match.end()
            return True
        if core.source == "words" and not reading.marked:
            noun = COUNTED_NOUN_WORD.match(after.lstrip())
            if noun and noun.group().casefold() in self.rules.discourse:
                return True
            pointing_back = self._points_back(before, after)
            if pointing_back is not None:
                reading.rule = pointing_back
                return True
        return False

    def _points_back(self, before: str, after: str) -> str | None:
        """The rule id when the number points back to things already named ('the two countries', 'the two
        local industries'): no measurement, but the translation check compares it with the source's 两国."""
        words = TWO_WORDS_AFTER.match(after)
        if not words or not DEFINITE_BEFORE.search(before):
            return None
        return next((self.rules.referring[word.casefold()] for word in words.group("first", "second")
                     if word and word.casefold() in self.rules.referring), None)

    # -- figures without a number core --------------------------------------------------------

    def _standalone_scales(self, text: str, readings: list[Reading]) -> list[Reading]:
        """'a billion-person app': a scale word used as an adjective states a quantity."""
        found = []
        taken = Coverage(reading.span for reading in readings)
        for match in self.rules.standalone_scale.finditer(text):
            if taken.covers(match.start()):
                continue
            factor = next(rule.factor for rule, _ in self.rules.scales
                          if rule.word.casefold() == match.group("scale").casefold())
            core = NumberCore(match.start(), match.end(), 1.0, "words")
            noun = match.group("noun")
            found.append(Reading(core=core, start=match.start(), end=match.end(), mantissa=1.0, factor=factor,
                                 scale_word=match.group("scale"), kind="count", unit=self.rules.plural(noun),
                                 rule="figures.scale.adjective", marked=True))
        return found

    def _plural_compounds(self, text: str, readings: list[Reading]) -> list[Reading]:
        """'hundreds of millions', 'tens of thousands': approximate, with a range up to the next order."""
        if self.rules.plural_compound is None:
            return []
        found = []
        taken = Coverage(reading.span for reading in readings)
        for match in self.rules.plural_compound.finditer(text):
            if taken.overlaps(match.span()):
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
        """'cut in half', 'twice as many': idioms with no digits that state a figure (the rules give its value)."""
        found = []
        taken = Coverage(reading.span for reading in readings)
        folded_text = folded(text)
        for rule, pattern in self.rules.phrases:
            if not may_match(self.phrase_gates[pattern], folded_text):
                continue
            for match in pattern.finditer(text):
                if taken.overlaps(match.span()):
                    continue
                core = NumberCore(match.start(), match.end(), rule.value, "words")
                reading = Reading(core=core, start=match.start(), end=match.end(), mantissa=rule.value,
                                  kind=rule.kind, unit=rule.unit, rule=rule.id, marked=True)
                self.read_qualifier(text, reading)  # "more than half of"
                found.append(reading)
        return found


def _joined(rules: Sequence[tuple[object, re.Pattern[str]]]) -> re.Pattern[str] | None:
    return any_of([pattern for _, pattern in rules])


def _may_match(rules: list[RuleT], joined: re.Pattern[str] | None, window: str) -> list[RuleT]:
    """`rules` to search `window` with one by one, or none when their joined regex finds nothing there."""
    return rules if joined is None or joined.search(window) else []


def _opens_a_number(char: str) -> bool:
    """Whether a sign after `char` belongs to the number: after a space or an opening bracket, not after
    the end of another figure ("3.70%-4.20%" is a range, "-4.20%" no negative)."""
    return char.isspace() or char in "([{'\"‘“:=/"


def _same_case(unit: str, rules: FigureRules) -> bool:
    """A glued unit of one or two letters counts only as the rules write it: '5g' is grams, '5G' a network."""
    return len(unit) > 2 or unit in rules.measure_words
