"""The figures rule files compiled into the matchers the figures stages use (once per rule set)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...rules import RuleSet
from ...rules.base import alternation
from ...rules.figures import (
    CountedNounEnding,
    CountedNounStop,
    DiscourseNoun,
    FixedPhrase,
    Garble,
    LinkWord,
    MeasureUnit,
    MinorUnit,
    MoneyWord,
    NotFigure,
    QualifierPhrase,
    RangeJoiner,
    Scale,
    SignWord,
    UnitWord,
)
from ..numbers import Fractions, HanNumbers, WordNumbers
from .currencies import CurrencyLexicon
from .units import PhysicalUnits

QUOTES = "'\"‘’“”"
NEVER = re.compile(r"(?!)")
CLAUSE_END = re.compile(r"[.;!?\n]")
PHRASE_END = re.compile(r"[.,;:!?\n]")
#: How far before a figure a money word may stand (the readers' window).
MONEY_WINDOW = 48


@dataclass
class FigureRules:
    """The figures rules, compiled once per rule set."""

    words: WordNumbers
    han: HanNumbers
    fractions: Fractions
    scales: list[tuple[Scale, re.Pattern[str]]]
    plural_scales: dict[str, Scale]
    units: list[tuple[UnitWord, re.Pattern[str]]]
    units_before: list[tuple[UnitWord, re.Pattern[str]]]
    currencies: CurrencyLexicon
    physical: PhysicalUnits
    qualifiers_before: list[tuple[QualifierPhrase, re.Pattern[str]]]
    qualifiers_after: list[tuple[QualifierPhrase, re.Pattern[str]]]
    not_figures: list[tuple[NotFigure, re.Pattern[str] | None, re.Pattern[str] | None, re.Pattern[str] | None]]
    ranks: list[tuple[NotFigure, re.Pattern[str]]]
    phrases: list[tuple[FixedPhrase, re.Pattern[str]]]
    joiners: list[CompiledJoiner]
    garbles: list[tuple[Garble, re.Pattern[str]]]
    signs: list[tuple[SignWord, re.Pattern[str]]]
    money_words: re.Pattern[str]
    stops: set[str]
    measures: dict[str, str]
    measure_words: set[str]
    periods: set[str]
    minor_units: dict[str, MinorUnit]
    discourse: set[str]
    #: nouns that a spelled-out number after "the" points back to ('the two countries'), with their rule ids
    referring: dict[str, str]
    standalone_scale: re.Pattern[str]
    minor_joiner: re.Pattern[str]
    group_and: re.Pattern[str]
    group_gap: re.Pattern[str]
    implied_minor: float | None
    verb_like_endings: tuple[str, ...]
    plural_endings: list[CountedNounEnding]
    plural_compound: re.Pattern[str] | None = None

    def money_word_before(self, text: str, start: int, *, phrase: bool = False) -> bool:
        """Whether a money word ("cost", "paid") stands before `start` in its clause (or, with `phrase`,
        with no comma between)."""
        clause = (PHRASE_END if phrase else CLAUSE_END).split(text[max(0, start - MONEY_WINDOW):start])[-1]
        return bool(self.money_words.search(clause))

    def is_plural(self, word: str) -> bool:
        """Whether a lower-case word has a plural ending ("creators", not "glass")."""
        return any(word.endswith(rule.ending) and not (rule.unless and word.endswith(rule.unless))
                   for rule in self.plural_endings)

    def plural(self, noun: str) -> str:
        """The noun as a unit: "person" → "persons" (the first plural ending added unless it ends the noun)."""
        if not self.plural_endings:
            return noun
        ending = self.plural_endings[0].ending
        return noun if noun.endswith(ending) else noun + ending


@dataclass(frozen=True)
class CompiledJoiner:
    """A range joiner with its patterns: what must stand between the ends, before the low end, or not."""

    rule: RangeJoiner
    between: re.Pattern[str]
    opener: re.Pattern[str] | None
    unless_after: re.Pattern[str] | None
    unless_window: int


def _compile_joiner(rule: RangeJoiner) -> CompiledJoiner:
    joiner = re.escape(rule.joiner)
    between = rf"\s+{joiner}\s+" if rule.joiner.isalpha() else rf"\s*{joiner}\s*"
    opener = re.compile(rf"\b{re.escape(rule.opener)}\s+$", re.IGNORECASE) if rule.opener else None
    unless = re.compile(rf"\b{re.escape(rule.unless_after)}\s+$", re.IGNORECASE) if rule.unless_after else None
    return CompiledJoiner(rule, re.compile(between), opener, unless, len(rule.unless_after or "") + 4)


def compile_rules(rules: RuleSet) -> FigureRules:
    """Compile the figures rule files into the matchers the reader uses."""
    scales = sorted(rules.get("figures/scales", Scale), key=lambda rule: len(rule.word), reverse=True)
    word_scales = [rule for rule in scales if rule.word.isalpha() and rule.word.isascii()
                   and rule.glued == "never" and not rule.plural_of and rule.factor >= 1000]
    plural = {rule.word.casefold(): rule for rule in scales if rule.plural_of}
    qualifiers = sorted(rules.get("figures/qualifiers", QualifierPhrase), key=lambda rule: len(rule.phrase), reverse=True)
    links: dict[str, list[str]] = {"plural_scales": [], "minor_units": [], "groups": [], "fraction_of": []}
    for word in rules.get("figures/link_words", LinkWord):
        links[word.links].append(word.word)
    endings = rules.get("figures/counted_noun_endings", CountedNounEnding)
    compiled = FigureRules(
        words=WordNumbers(rules),
        fractions=Fractions(rules),
        han=HanNumbers(rules),
        scales=[(rule, _scale_pattern(rule)) for rule in scales if not rule.plural_of],
        plural_scales=plural,
        units=[(rule, re.compile(rule.pattern, re.IGNORECASE)) for rule in rules.get("figures/units", UnitWord)
               if rule.position == "after"],
        units_before=[(rule, re.compile(rule.pattern)) for rule in rules.get("figures/units", UnitWord)
                      if rule.position == "before"],
        currencies=CurrencyLexicon(rules),
        physical=PhysicalUnits(rules),
        qualifiers_before=[(rule, _qualifier_before(rule)) for rule in qualifiers if rule.position == "before"],
        qualifiers_after=[(rule, _qualifier_after(rule)) for rule in qualifiers if rule.position == "after"],
        not_figures=[(rule, _optional(rule.before), _optional(rule.after), _optional(rule.number))
                     for rule in rules.get("figures/not_figures", NotFigure)],
        ranks=[(rule, re.compile(rule.after)) for rule in rules.get("figures/not_figures", NotFigure)
               if rule.rank and rule.after],
        phrases=[(rule, re.compile(rule.pattern, re.IGNORECASE)) for rule in rules.get("figures/phrases", FixedPhrase)],
        joiners=[_compile_joiner(rule) for rule in rules.get("figures/ranges", RangeJoiner)],
        garbles=[(rule, re.compile(rule.pattern)) for rule in rules.get("figures/garbles", Garble)],
        money_words=_word_list_pattern([rule.word for rule in rules.get("figures/money_words", MoneyWord)]),
        signs=[(rule, re.compile(rf"(?<![\w]){re.escape(rule.word)}\s+$", re.IGNORECASE))
               for rule in rules.get("figures/signs", SignWord)],
        stops={rule.word.casefold() for rule in rules.get("figures/counted_noun_stops", CountedNounStop)},
        measures={rule.word.casefold(): rule.unit for rule in rules.get("figures/measure_units", MeasureUnit)},
        measure_words={rule.word for rule in rules.get("figures/measure_units", MeasureUnit)},
        periods={rule.word.casefold() for rule in rules.get("figures/measure_units", MeasureUnit) if rule.period},
        minor_units={rule.word.casefold(): rule for rule in rules.get("figures/minor_units", MinorUnit)},
        discourse={rule.word.casefold() for rule in rules.get("figures/discourse_nouns", DiscourseNoun)
                   if not rule.after_the},
        referring={rule.word.casefold(): rule.id for rule in rules.get("figures/discourse_nouns", DiscourseNoun)
                   if rule.after_the},
        standalone_scale=re.compile(
            r"\b(?P<scale>" + "|".join(re.escape(rule.word) for rule in word_scales) + r")-(?P<noun>[a-z]+)\b",
            re.IGNORECASE) if word_scales else NEVER,
        implied_minor=next((rule.fraction for rule in rules.get("figures/minor_units", MinorUnit)
                            if rule.implied_after_major), None),
        minor_joiner=re.compile(rf"\s*,?\s*(?:(?:{alternation(links['minor_units'])})\s+)?"),
        group_and=re.compile(rf"\s+(?:{alternation(links['groups'])})\s+", re.IGNORECASE),
        group_gap=re.compile(rf"\s+(?:(?:{alternation(links['groups'])})\s+)?", re.IGNORECASE),
        verb_like_endings=tuple(rule.ending for rule in endings if rule.role == "verb_like"),
        plural_endings=[rule for rule in endings if rule.role == "plural"],
    )
    if plural and links["plural_scales"]:
        words = "|".join(re.escape(word) for word in plural)
        joiner = alternation(links["plural_scales"])
        compiled.plural_compound = re.compile(rf"\b(?P<first>{words})\s+(?:{joiner})\s+(?P<second>{words})\b",
                                              re.IGNORECASE)
    return compiled



def _word_list_pattern(words: list[str]) -> re.Pattern[str]:
    if not words:
        return NEVER
    return re.compile(r"\b(?:" + "|".join(re.escape(word) for word in words) + r")\b", re.IGNORECASE)


def _scale_pattern(rule: Scale) -> re.Pattern[str]:
    flags = 0 if rule.case_sensitive else re.IGNORECASE
    word = re.escape(rule.word)
    tail = r"(?![A-Za-z0-9])" if rule.word.isascii() else ""
    space = {"required": "", "allowed": r"\s?", "never": r"\s+"}[rule.glued]
    if not rule.word.isascii():
        space = r"\s?"
    return re.compile(space + word + tail, flags)


def _phrase_pattern(rule: QualifierPhrase) -> str:
    """The rule's phrase (or each of its forms) as a regex in which any run of spaces matches a space."""
    forms = [re.escape(form).replace(r"\ ", r"\s+") for form in rule.phrases()]
    return forms[0] if len(forms) == 1 else "(?:" + "|".join(forms) + ")"


def _qualifier_before(rule: QualifierPhrase) -> re.Pattern[str]:
    phrase = _phrase_pattern(rule)
    if rule.in_span:
        return re.compile(rf"(?<![\w])[{QUOTES}]?{phrase}[{QUOTES}]?\s+$", re.IGNORECASE)
    return re.compile(rf"(?<![\w]){phrase}\s+$", re.IGNORECASE)


def _qualifier_after(rule: QualifierPhrase) -> re.Pattern[str]:
    phrase = _phrase_pattern(rule)
    lead = r"\s+" if rule.phrase[0].isalpha() else ""
    tail = r"(?![\w])" if rule.phrase[-1].isalnum() else r"(?![\d])"
    return re.compile(lead + phrase + tail, re.IGNORECASE)


def _optional(pattern: str | None) -> re.Pattern[str] | None:
    return re.compile(pattern) if pattern else None
