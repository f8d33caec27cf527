"""Stage 5, check: small named checks over finished records, within an article and across a run.

A check is a pure function over `ArticleRecord`s (no spaCy), registered with `@article_check` or
`@batch_check`, so it runs on records read back from disk as well as on fresh ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..rules import RuleSet
from ..schema import ArticleRecord, Flag

ArticleCheck = Callable[[ArticleRecord, "CheckContext"], list[Flag]]
BatchCheck = Callable[[list[ArticleRecord], "CheckContext"], dict[str, list[Flag]]]

ARTICLE_CHECKS: dict[str, ArticleCheck] = {}
BATCH_CHECKS: dict[str, BatchCheck] = {}


@dataclass(frozen=True)
class CheckContext:
    """What checks may read besides the records: the rules (thresholds, word lists)."""

    rules: RuleSet


def article_check(name: str) -> Callable[[ArticleCheck], ArticleCheck]:
    """Register a check that looks at one article's record."""

    def register(function: ArticleCheck) -> ArticleCheck:
        ARTICLE_CHECKS[name] = function
        return function

    return register


def batch_check(name: str) -> Callable[[BatchCheck], BatchCheck]:
    """Register a check that compares the records of a whole run; it returns new flags by article id."""

    def register(function: BatchCheck) -> BatchCheck:
        BATCH_CHECKS[name] = function
        return function

    return register


def check_article(record: ArticleRecord, context: CheckContext) -> ArticleRecord:
    """The record with the flags of every article check added, numbered in text order."""
    flags = list(record.flags)
    for name, check in ARTICLE_CHECKS.items():
        flags.extend(flag.model_copy(update={"check": flag.check or name}) for flag in check(record, context))
    return record.model_copy(update={"flags": number_flags(flags)})


def check_batch(records: Iterable[ArticleRecord], context: CheckContext) -> dict[str, list[Flag]]:
    """New flags from the batch checks, by article id."""
    records = list(records)
    found: dict[str, list[Flag]] = {}
    for name, check in BATCH_CHECKS.items():
        for article_id, flags in check(records, context).items():
            found.setdefault(article_id, []).extend(
                flag.model_copy(update={"check": flag.check or name}) for flag in flags
            )
    return found


def number_flags(flags: list[Flag]) -> list[Flag]:
    """Flags sorted by their first span and kind, numbered x1, x2, …: stable while the article is unchanged."""
    ordered = sorted(flags, key=lambda flag: (flag.spans[0] if flag.spans else (-1, -1), flag.kind, flag.message))
    return [flag.model_copy(update={"id": f"x{number}"}) for number, flag in enumerate(ordered, start=1)]


# The checks register themselves on import: this is the one place that lists them.
from . import arithmetic, attribution, conflicts, fused, magnitude, names, redaction, truncated  # noqa: E402,F401
