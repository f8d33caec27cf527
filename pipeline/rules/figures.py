"""Rule models for the figures component (numbers, scales, currencies, units, qualifiers)."""

from __future__ import annotations

from .base import Rule

FILES: dict[str, type[Rule]] = {}
