"""Rule models for time expressions."""

from __future__ import annotations

from .base import Rule

FILES: dict[str, type[Rule]] = {}
