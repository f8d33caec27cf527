"""Stage 4 of the figures: what each figure counts.

Money when it has a currency, a percentage or multiple by its unit word, else a count or a quantity
of the noun after it ("20 million monthly active creators", "a 3-inch thickness"). Then, in a story
told in one currency, a large bare amount after a money word ("at a cost of 200 million") is
money in that currency, marked as inferred.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from .compiled import FigureRules
from .reading import Reading

COUNTED_NOUN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
HYPHENED_NOUN = re.compile(r"\s?-\s?(?P<noun>[A-Za-z]+)\b")
SPACES = re.compile(r"[ \t]*")
#: Parts of speech a word of a counted noun phrase may have, and those of its head.
NOUN_PHRASE_POS = ("NOUN", "PROPN", "ADJ", "VERB", "X")
NOUN_POS = ("NOUN", "PROPN")


class Classifier:
    """Sets each figure's kind and unit, then the currency a one-currency story implies."""

    def __init__(self, rules: FigureRules) -> None:
        self.rules = rules

    def classify(self, text: str, readings: list[Reading], doc: Doc | None) -> None:
        for reading in readings:
            self._classify(text, reading, doc)
            if reading.kind == "quantity" and reading.unit:
                reading.base = self.rules.physical.base(reading.unit, reading.value)
        self._imply_currency(text, readings)

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
                return self.rules.plural(noun), False  # "a 10-game stretch", "the 30,000 - vehicle club"
        words: list[re.Match[str]] = []
        position = end
        for _ in range(4):
            gap = _spaces_after(text, position)
            word = COUNTED_NOUN_WORD.match(text, position + gap) if gap else None
            if word is None:
                break
            lowered = word.group().casefold()
            if lowered in self.rules.stops or not _tagged(doc, word.start(), NOUN_PHRASE_POS, untagged=True):
                break
            if words and lowered.endswith(self.rules.verb_like_endings) and not _tagged(doc, word.start(), NOUN_POS):
                break
            words.append(word)
            position = word.end()
            pair = f"{words[-2].group().casefold()} {lowered}" if len(words) > 1 else None
            if pair in self.rules.measures:
                return self.rules.measures[pair], True  # "30 square metres"
            if lowered in self.rules.measures:
                return self.rules.measures[lowered], True
            if self.rules.is_plural(lowered):
                break
        if doc is not None and doc.has_annotation("POS"):
            while words and not _tagged(doc, words[-1].start(), NOUN_POS):
                words.pop()
        return (words[-1].group() if words else None), False

    def _imply_currency(self, text: str, readings: list[Reading]) -> None:
        """'part ways at a cost of 200 million' in a story told in yuan: 200 million yuan (marked as inferred)."""
        currencies = {reading.currency for reading in readings if reading.currency}
        if len(currencies) != 1:
            return
        (currency,) = currencies
        for reading in readings:
            if reading.kind != "number" or reading.factor < 1000 or reading.unit:
                continue
            if self.rules.money_word_before(text, reading.start):
                reading.currency, reading.kind, reading.currency_inferred = currency, "money", True


def _tagged(doc: Doc | None, char: int, pos: tuple[str, ...], *, untagged: bool = False) -> bool:
    """Whether the token at `char` has one of the parts of speech `pos`; `untagged` when there are no tags
    (or no token there, when `untagged` is true)."""
    if doc is None or not doc.has_annotation("POS"):
        return untagged
    token = _token_at(doc, char)
    return untagged if token is None else token.pos_ in pos


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _spaces_after(text: str, position: int) -> int:
    """How many spaces and tabs follow `position`."""
    match = SPACES.match(text, position)
    return match.end() - position if match else 0
