"""Rule models for sources and attributions."""

from __future__ import annotations

from .base import Rule

FILES: dict[str, type[Rule]] = {}
