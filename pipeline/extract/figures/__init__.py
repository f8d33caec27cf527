"""Figures: every number that states a quantity, read into value, kind, unit, currency, qualifier, range.

The reading is rule-driven and works on the text alone (so it runs with `--model blank`), in four
stages, each linear in the length of the text:

1. `cores`: the numbers as written (digits, words, Chinese numerals, fractions);
2. `readers`: what stands around each number, from the rule files `rules/figures/*.jsonl` — scale
   words to its right ("million", "bn", "万"), a unit ("%", "times"), a currency sign, code or
   name on either side, a qualifier ("nearly", "more than", or a verb such as "exceeded" outside
   the span), a sign; contexts that make a number not a figure (years, dates, model names,
   durations) are rules too;
3. `joins`: one figure per stretch of text, stray-year evidence, minor units, scores, ranges;
4. `kinds`: money, percent, count or quantity of the noun it counts, a story's implied currency.
When the statistical model is there, its part-of-speech tags help find the counted noun ("20
million monthly active creators").
"""

from __future__ import annotations

import math

from spacy.language import Language
from spacy.tokens import Doc, Span

from ...rules import RuleSet
from ...rules.figures import FILES as FIGURE_RULE_FILES
from ...schema import Figure
from ...spans import Coverage
from ..component import RuleComponent
from ..extensions import doc_text
from .compiled import compile_rules
from .cores import find_cores
from .joins import join
from .kinds import Classifier
from .readers import NumberReader
from .reading import Reading

SPANS_KEY = "figures"
#: Numbers that are part of a name ("the \"two establishments\""): no figures, kept for the translation check.
NAMED_KEY = "named_numbers"
#: Numbers set aside as no figures (a rank, a day, a compound): kept for the translation check.
SET_ASIDE_KEY = "set_aside_numbers"
#: Numbers found but too large to hold (overflowing a float): reported as info flags, not figures.
UNREADABLE_KEY = "unreadable_numbers"


class FigureReader:
    """Finds every figure in a text with the compiled figures rules."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = compile_rules(rules)
        self.numbers = NumberReader(self.rules)
        self.classifier = Classifier(self.rules)

    def read(self, text: str, doc: Doc | None = None) -> list[Figure]:
        """The figures of `text` in text order (ids f1, f2, …), offsets into `text`."""
        figures = [reading.to_figure(text) for reading in self.readings(text, doc)]
        return [figure.model_copy(update={"id": f"f{number}"}) for number, figure in enumerate(figures, start=1)]

    def readings(self, text: str, doc: Doc | None = None) -> list[Reading]:
        """How each figure of `text` was read, in text order: the four stages."""
        return [reading for reading in self.all_readings(text, doc)[0] if math.isfinite(reading.value)]

    def all_readings(self, text: str, doc: Doc | None = None) -> tuple[list[Reading], list[Reading], list[Reading]]:
        """`readings` and those of numbers too large to hold (their value overflows a float); the
        numbers that are part of a name; and the other numbers set aside as no figures."""
        cores = find_cores(self.rules, text)
        readings, named, set_aside = self.numbers.read_all(text, cores.numbers)
        readings = join(self.rules, text, readings, cores.strays, named)
        self.classifier.classify(text, readings, doc)
        return readings, named, set_aside


class FigureFinder(RuleComponent):
    """spaCy component: puts one span per figure in `doc.spans["figures"]`, its record in `span._.figure`
    and the year glued into it, if any, in `span._.fused_year`."""

    rule_files = tuple(FIGURE_RULE_FILES)

    def compile(self, rules: RuleSet) -> None:
        self.reader = FigureReader(rules)

    def process(self, doc: Doc) -> Doc:
        unreadable: list[Span] = []
        text = doc_text(doc)
        readings, named, set_aside = self.reader.all_readings(text, doc)
        by_token: dict[tuple[int, int], Span] = {}
        for reading in readings:
            span = doc.char_span(reading.start, reading.end, alignment_mode="expand")
            if span is None:
                continue
            if not math.isfinite(reading.value):
                unreadable.append(span)
                continue
            # spaCy keys `span._.figure` by offsets and a number's span expands to its whole token: of two
            # figures in one token ("60–90 minutes") the last is kept, once; it is the one a unit follows.
            span._.figure = reading.to_figure(text)
            span._.fused_year = reading.fused_year
            span._.rule = reading.rule
            by_token[(span.start, span.end)] = span
        doc.spans[SPANS_KEY] = list(by_token.values())
        taken = set(by_token)
        doc.spans[NAMED_KEY] = _named_spans(doc, named, taken)
        named_cover = Coverage(reading.span for reading in named)
        # The tail of a named pair ("5" of "8/5") is part of the name; its own span would expand to the
        # pair's token and overwrite the name's `span._.figure`, which spaCy keys by offsets.
        doc.spans[SET_ASIDE_KEY] = _named_spans(doc, [reading for reading in set_aside
                                                      if not named_cover.overlaps(reading.span)], taken)
        doc.spans[UNREADABLE_KEY] = unreadable
        return doc


#: Part of speech helps find the counted noun: spaCy's English pipelines set `token.pos` from the
#: tagger's `token.tag` in an attribute ruler that declares nothing, so the tag is what is required.
@Language.factory("claimex_figures", assigns=["doc.spans", "span._.figure", "span._.fused_year", "span._.rule"],
                   requires=["token.tag"])
def make_figure_finder(nlp: Language, name: str) -> FigureFinder:
    return FigureFinder(nlp, name)


def read_figures(doc: Doc) -> list[Figure]:
    """The doc's figures as records (working-text offsets), numbered f1, f2, … in text order."""
    readings = sorted((span._.figure for span in doc.spans.get(SPANS_KEY, [])), key=lambda f: (f.start, f.end))
    return [figure.model_copy(update={"id": f"f{number}"}) for number, figure in enumerate(readings, start=1)]


def read_named_numbers(doc: Doc) -> list[Figure]:
    """The numbers that are part of a name, as figure records (working-text offsets), numbered n1, n2, …"""
    found = sorted((span._.figure for span in doc.spans.get(NAMED_KEY, [])), key=lambda f: (f.start, f.end))
    return [figure.model_copy(update={"id": f"n{number}"}) for number, figure in enumerate(found, start=1)]


def read_set_aside_numbers(doc: Doc) -> list[Figure]:
    """The numbers set aside as no figures (`parts.rule`: the rule that set each aside), numbered a1, a2, …"""
    found = sorted((span._.figure for span in doc.spans.get(SET_ASIDE_KEY, [])), key=lambda f: (f.start, f.end))
    return [figure.model_copy(update={"id": f"a{number}"}) for number, figure in enumerate(found, start=1)]


def _named_spans(doc: Doc, readings: list[Reading], taken: set[tuple[int, int]]) -> list[Span]:
    """Spans for `readings` on tokens no figure or earlier reading took (updates `taken`): a number set aside
    in a figure's token ("2022" of "2022/23") must not overwrite the figure's record, see `process`."""
    spans = []
    for reading in readings:
        span = doc.char_span(reading.start, reading.end, alignment_mode="expand")
        if span is not None and math.isfinite(reading.value) and (span.start, span.end) not in taken:
            span._.figure = reading.to_figure(doc_text(doc))
            span._.rule = reading.rule
            spans.append(span)
            taken.add((span.start, span.end))
    return spans


def read_unreadable_numbers(doc: Doc) -> list[tuple[int, int]]:
    """Character spans (working text) of the numbers too large to read."""
    return [(span.start_char, span.end_char) for span in doc.spans.get(UNREADABLE_KEY, [])]
