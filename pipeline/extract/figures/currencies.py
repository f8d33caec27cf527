"""Currencies around a number: every ISO 4217 code, symbol and English name from CLDR (through Babel),
with the hand rules of `figures/currencies` over them (what CLDR lacks or reads otherwise in news:
"RMB", "kuai", "¥" as yuan, bare "dollars") and the `figures/cldr_skips` texts left out ("ALL", "Gold").

Lookups are dictionary lookups of the few words next to the number, so reading a currency costs the
same whatever the number of currencies.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ...rules import RuleSet
from ...rules.figures import CldrSkip, Currency

#: A run of letters (a word of a currency name) or one other visible character (a symbol).
NAME_TOKEN = re.compile(r"[^\W\d_]+|[^\w\s]")
#: How many words a currency name after a number may have ("Bosnia-Herzegovina convertible marks").
MAX_NAME_WORDS = 4
SPACE = " \t\u00a0"


@dataclass(frozen=True)
class CurrencyEntry:
    """A currency text: its ISO code, the rule that reads it, and whether it is also an English word."""

    iso: str
    rule: str
    ambiguous: bool = False
    unless_next: re.Pattern[str] | None = None


@dataclass(frozen=True)
class CurrencyMatch:
    entry: CurrencyEntry
    start: int
    end: int


@dataclass
class Lookup:
    """Texts that are currencies: `exact` ones match as written, `folded` ones in any case."""

    exact: dict[str, CurrencyEntry]
    folded: dict[str, CurrencyEntry]

    def get(self, text: str) -> CurrencyEntry | None:
        return self.exact.get(text) or self.folded.get(text.casefold())

    def add(self, text: str, entry: CurrencyEntry, *, case_sensitive: bool, replace: bool) -> None:
        table, key = (self.exact, text) if case_sensitive else (self.folded, text.casefold())
        if replace or key not in table:
            table[key] = entry


class CurrencyLexicon:
    """Finds the currency written right before or right after a number."""

    def __init__(self, rules: RuleSet) -> None:
        skips = {rule.text for rule in rules.get("figures/cldr_skips", CldrSkip)}
        self.prefixes = Lookup({}, {})
        self.suffixes = Lookup({}, {})
        for text, iso, position, case_sensitive in _cldr_texts():
            if text in skips:
                continue
            entry = CurrencyEntry(iso, f"figures.currency.cldr.{iso.lower()}")
            lookups = (self.prefixes, self.suffixes) if position == "both" else (
                (self.prefixes,) if position == "prefix" else (self.suffixes,))
            for lookup in lookups:
                lookup.add(text, entry, case_sensitive=case_sensitive, replace=False)
        for rule in rules.get("figures/currencies", Currency):
            lookup = self.prefixes if rule.position == "prefix" else self.suffixes
            unless = re.compile(rf"\s+{re.escape(rule.unless_next)}\b", re.IGNORECASE) if rule.unless_next else None
            lookup.add(rule.text, CurrencyEntry(rule.iso, rule.id, rule.ambiguous, unless),
                       case_sensitive=rule.case_sensitive, replace=True)
        self.longest_prefix = max((len(text) for text in [*self.prefixes.exact, *self.prefixes.folded]), default=0)

    def before(self, text: str, start: int) -> CurrencyMatch | None:
        """The currency that ends right before `start` (one space between allowed): "US$5", "RMB 5", "(€5"."""
        end = start - 1 if start > 0 and text[start - 1] in SPACE else start
        low = max(0, end - self.longest_prefix)
        for begin in range(low, end):
            candidate = text[begin:end]
            if candidate[0].isspace() or "\n" in candidate or (
                    begin > 0 and candidate[0].isalpha() and text[begin - 1].isalpha()):
                continue
            entry = self.prefixes.get(" ".join(candidate.split()))
            if entry is not None:
                return CurrencyMatch(entry, begin, start)
        return None

    def after(self, text: str, end: int) -> CurrencyMatch | None:
        """The currency right after `end`: " Singapore dollars", "-yen" (a one-yen bid), "₾", " RMB"."""
        position = end
        if position < len(text) and text[position] in SPACE + "-":
            position += 1
        ends = []
        cursor = position
        for _ in range(MAX_NAME_WORDS):
            token = NAME_TOKEN.match(text, cursor)
            if token is None:
                break
            ends.append(token.end())
            if not text.startswith(" ", token.end()):
                break
            cursor = token.end() + 1
        for stop in reversed(ends):
            candidate = text[position:stop]
            entry = self.suffixes.get(candidate)
            if entry is None:
                continue
            if text[end:position] == "-" and not candidate[0].islower():
                continue  # "a one-yen bid", not "5-USD"
            return CurrencyMatch(entry, end, stop)
        return None


@functools.cache
def _cldr_texts() -> tuple[tuple[str, str, str, bool], ...]:
    """(text, ISO code, position, case-sensitive) for every currency CLDR knows, current ones first:
    codes on either side, symbols before (and after, when not letters), English names after."""
    from babel.core import get_global
    from babel.numbers import get_currency_name, get_currency_symbol, list_currencies

    current = {code for currencies in get_global("territory_currencies").values()
               for code, _start, stop, tender in currencies if stop is None and tender}
    texts: list[tuple[str, str, str, bool]] = []
    for code in sorted(list_currencies(), key=lambda code: (code not in current, code)):
        texts.append((code, code, "both", True))
        symbol = get_currency_symbol(code, "en")
        if symbol != code:
            texts.append((symbol, code, "prefix" if symbol[-1].isalpha() else "both", True))
        for name in {get_currency_name(code, locale="en"), get_currency_name(code, 1, "en"),
                     get_currency_name(code, 2, "en")}:
            if "(" not in name and name != code:
                texts.append((name, code, "suffix", False))
    return tuple(texts)
