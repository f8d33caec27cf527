"""Physical units through pint's unit registry: which symbols after a number are units ("3.2 GW",
"120 kWh", "20 km²"), and what a value is in the base unit of its dimension ("3.2 GW" is 3.2e9 W).

Which dimensions count, and their base units, are the rules of `figures/physical_units`. The
registry ships with pint (its default definitions file) and is loaded once per process, on the
first unit it is asked about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...quantities import pint_symbol, unit_registry
from ...rules import RuleSet
from ...rules.figures import PhysicalUnit

#: A unit symbol: starts with a letter, µ or °; "km2" is written km² for pint.
SYMBOL = re.compile(r"[A-Za-zµ°][A-Za-z0-9µ°²³]*(?:/[A-Za-zµ°][A-Za-z0-9µ°²³]*)?")


@dataclass(frozen=True)
class BaseValue:
    """A value in the base unit of its dimension: 3.2e9 and "W" for "3.2 GW"."""

    value: float
    unit: str


class PhysicalUnits:
    """Reads unit symbols with pint, for the dimensions the rules allow."""

    def __init__(self, rules: RuleSet) -> None:
        units = rules.get("figures/physical_units", PhysicalUnit)
        self.dimensions = [(rule.dimension, rule.base, rule.label) for rule in units
                           if rule.dimension and rule.base and rule.label]
        self.skips = {rule.skip for rule in units if rule.skip}
        self._factors: dict[str, tuple[float, str] | None] = {}

    def is_symbol(self, token: str) -> bool:
        """Whether `token` is written as a unit symbol ("GW", "kWh", "km2") of an allowed dimension.

        Only symbols with a capital letter, a digit or a slash are asked: lower-case words ("in", "at",
        "bar") are English before they are units, and the hand list `figures/measure_units` names those.
        """
        if len(token) < 2 or token in self.skips or not SYMBOL.fullmatch(token):
            return False
        if token.islower() and token.isalpha():
            return False
        return self._factor(token) is not None

    def base(self, unit: str, value: float) -> BaseValue | None:
        """`value` in `unit` converted to the base unit of its dimension, or None when pint does not know it."""
        factor = self._factor(unit)
        if factor is None:
            return None
        return BaseValue(float(f"{value * factor[0]:.12g}"), factor[1])

    def _factor(self, unit: str) -> tuple[float, str] | None:
        if unit not in self._factors:
            self._factors[unit] = self._look_up(unit)
        return self._factors[unit]

    def _look_up(self, unit: str) -> tuple[float, str] | None:
        if unit in self.skips or not self.dimensions:
            return None
        import pint

        registry = unit_registry()
        written = pint_symbol(unit)
        try:
            parsed = registry.parse_units(written)
        except (pint.PintError, ValueError, AssertionError):  # what pint raises on a word it cannot read
            return None
        for dimension, base, label in self.dimensions:
            if parsed.dimensionality == registry.get_dimensionality(dimension):
                return float(registry.Quantity(1, parsed).to(base).magnitude), label
        return None
