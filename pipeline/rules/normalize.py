"""Rule models for the normalize stage."""

from __future__ import annotations

from .base import Rule


class KeepCamelCase(Rule):
    """A name written in camel case that must never be split as two fused words ("iPhone")."""

    word: str


class FusedRightWord(Rule):
    """A word that starts sentences; glued after a digit or word it marks a lost space ("2023The")."""

    word: str


FILES: dict[str, type[Rule]] = {
    "normalize/camelcase_names": KeepCamelCase,
    "normalize/fused_right_words": FusedRightWord,
}
