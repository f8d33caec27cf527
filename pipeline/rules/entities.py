"""Rule models for entities (known organisations, products, outlets, aliases)."""

from __future__ import annotations

from .base import Rule

FILES: dict[str, type[Rule]] = {}
