"""Stage 1 of the figures: the numbers of a text as written, before anything around them is read.

Chinese numerals and fractions first, then digits they do not cover, then number words that no
earlier number covers. Stray numbers before a fused year ("1 in 2023The goal of …") are set aside:
they are evidence for the figure that follows (stage 3), never figures themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ...spans import Coverage
from ..extensions import FusedYear
from ..numbers import DIGITS, NumberCore, parse_digits
from .compiled import FigureRules

#: A number's first character is looked for before the look-behind, which a scan would otherwise try at
#: every character of the text (the scan cost five times as much).
DIGIT_NUMBER = re.compile(rf"(?=[\d+\-−.])(?<![\d.,])(?P<sign>[+\-−](?=\d))?(?P<number>{DIGITS})")
#: Digit groups set apart by spaces: "1 234 567" (two groups at least with plain spaces, so that "400 737
#: Max jets" stays two numbers, or one of "000"), "40 000" with a no-break, narrow or thin space.
SPACED_GROUPS = re.compile(
    r"(?=\d)(?<![\d.,])\d{1,3}(?:(?: \d{3}){2,}| 000|(?:[\u00a0\u202f\u2009]\d{3})+)(?:\.\d+)?(?![\d%]|\.\d)")
#: A power written with a caret: "1.1^23", "2.5^-1" (the signs of the exponent multiply: "^--23" is 23).
POWER = re.compile(r"\^(?P<signs>[+\-]*)(?P<exponent>\d{1,3})(?!\d|\.\d)")


@dataclass(frozen=True)
class StrayNumber:
    """A stray number and the year fused after it: `garble` spans both ("1 in 2023"), `start`/`end` the number."""

    start: int
    end: int
    garble: tuple[int, int]
    year: FusedYear
    max_gap: int  # how far after the garble the figure it belongs to may start


@dataclass(frozen=True)
class Cores:
    """What stage 1 finds: the number cores in text order, and the stray numbers set aside."""

    numbers: list[NumberCore]
    strays: list[StrayNumber]


def find_cores(rules: FigureRules, text: str) -> Cores:
    """The number cores of `text` that are not stray numbers, and the stray numbers."""
    strays = stray_numbers(rules, text)
    stray = Coverage((item.start, item.end) for item in strays)
    return Cores([core for core in _numbers(rules, text) if not stray.covers(core.start)], strays)


def _numbers(rules: FigureRules, text: str) -> list[NumberCore]:
    cores = rules.han.find(text) + rules.fractions.find(text)
    cores += [NumberCore(match.start(), match.end(), parse_digits(re.sub(r"\s", "", match.group())), "digits")
              for match in SPACED_GROUPS.finditer(text)]
    taken = Coverage((core.start, core.end) for core in cores)
    for match in DIGIT_NUMBER.finditer(text):
        start, end = match.start("number"), match.end("number")
        if not taken.overlaps((start, end)):
            cores.append(_with_power(text, NumberCore(start, end, parse_digits(match.group("number")), "digits")))
    taken = Coverage((core.start, core.end) for core in cores)
    cores += [core for core in rules.words.find(text) if not taken.overlaps((core.start, core.end))]
    return sorted(cores, key=lambda core: core.start)


def stray_numbers(rules: FigureRules, text: str) -> list[StrayNumber]:
    """Stray numbers before a fused year, by the `stray_before_year` garble rules (in rule order)."""
    strays = []
    for rule, pattern in rules.garbles:
        if rule.shape != "stray_before_year":
            continue
        for match in pattern.finditer(text):
            year = int(match.group("year"))
            if rule.first_year <= year <= rule.last_year:
                strays.append(StrayNumber(match.start("stray"), match.end("stray"), match.span(),
                                          FusedYear(year, *match.span("year")), rule.max_gap))
    return strays


def _with_power(text: str, core: NumberCore) -> NumberCore:
    """'1.1^23' is 1.1 to the 23rd power (the caret and exponent join the number)."""
    power = POWER.match(text, core.end)
    if power is None:
        return core
    exponent = int(power.group("exponent")) * (-1) ** power.group("signs").count("-")
    try:
        value = core.value ** exponent
    except (OverflowError, ZeroDivisionError):
        return core
    return replace(core, end=power.end(), value=value, closed=True)
