"""Rule models for the checks (thresholds and word lists)."""

from __future__ import annotations

from .base import Rule

FILES: dict[str, type[Rule]] = {}
