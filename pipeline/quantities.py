"""pint, shared by the stages that read units: its registry, loaded once per process on first use (about a
second, so never on a run that needs no unit), and unit symbols written the way pint reads them."""

from __future__ import annotations

import functools
import re
from typing import Any

POWER_DIGIT = re.compile(r"(?<=[A-Za-z])([23])$")
SUPERSCRIPT = {"2": "²", "3": "³"}


def pint_symbol(unit: str) -> str:
    """"km2" → "km²": a power written as a digit, as pint wants it written."""
    return POWER_DIGIT.sub(lambda match: SUPERSCRIPT[match.group(1)], unit)


@functools.cache
def unit_registry() -> Any:
    """pint's default unit registry (its own definitions file), built once per process."""
    import pint

    return pint.UnitRegistry()
