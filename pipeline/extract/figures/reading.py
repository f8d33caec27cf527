"""A figure as the figures stages build it, typed with the record's own literals."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ...rules.figures import MinorUnit
from ...schema import Figure, FigureKind, FigureParts, Garbling, Qualifier
from ..extensions import FusedYear
from ..numbers import NumberCore
from .units import BaseValue

#: A sign printed before a number (ASCII hyphen-minus or the minus sign) or given by a word.
Sign = Literal["+", "-", "−"]
SIGNS: dict[str, Sign] = {"+": "+", "-": "-", "−": "−"}
#: A change stated by a word before the number ("down 3.1%"), the value kept as printed.
Direction = Literal["up", "down"]
#: How far before and after a number its readers look, in characters.
BEFORE_WINDOW = 48
AFTER_WINDOW = 48


@dataclass
class Reading:
    """One figure: the number core (stage 1), what the readers found around it (stage 2: span, scale,
    unit, currency, qualifier, sign), what the joins added (stage 3: minor units, range, stray-year
    evidence) and its classification (stage 4: kind and unit from the counted noun, inferred currency)."""

    core: NumberCore
    start: int
    end: int
    mantissa: float
    factor: float = 1.0
    scale_word: str | None = None
    kind: FigureKind = "number"
    unit: str | None = None
    currency: str | None = None
    qualifier: Qualifier | None = None
    range: tuple[float, float] | None = None
    sign: Sign | None = None
    direction: Direction | None = None
    rule: str = "figures.number"
    evidence: tuple[int, int] | None = None
    fused_year: FusedYear | None = None
    currency_inferred: bool = False
    marked: bool = False  # carries a scale, currency or unit: never a bare year or model number
    named: bool = False  # part of a name ("the \"two establishments\""): no figure, kept as a named number
    period: bool = False  # a duration that is no figure when another figure stands in its sentence
    base: BaseValue | None = None  # a quantity in the base unit of its dimension (stage 4)
    minor: MinorUnit | None = None  # an amount in a minor unit ("34 cents")
    garble: Garbling | None = None  # how the written form is broken ("$2 billion 300 million", "6. 35%")

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end

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
                              evidence=self.evidence, fused_year=self.fused_year.year if self.fused_year else None,
                              garble=self.garble, base_value=self.base.value if self.base else None,
                              base_unit=self.base.unit if self.base else None),
        )
