"""Stage 5, check: small named checks over finished records, within an article and across a run.

A check is a pure function over `ArticleRecord`s (no spaCy), registered with `@article_check` or
`@batch_check`, so it runs on records read back from disk as well as on fresh ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from ..rules import RuleSet
from ..schema import ArticleRecord, Flag

ArticleCheck = Callable[[ArticleRecord, "CheckContext"], list[Flag]]
BatchCheck = Callable[[Sequence[ArticleRecord], "CheckContext"], dict[str, list[Flag]]]

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
    """New flags from the batch checks, by article id.

    A `Sequence` of records (such as the runner's view of records kept on disk) is passed to the
    checks as it is, without being copied into memory.
    """
    view = records if isinstance(records, Sequence) else list(records)
    batch = BatchPass(context)
    for record in view:
        batch.add(record)
    return batch.finish(view)


class BatchCollector(Protocol):
    """One streaming batch check's state over a run: fed every record once, then asked for its flags.

    It keeps only what it compares (e.g. one entry per subject/metric/time key), not the records,
    so a run's batch pass grows with the number of distinct keys rather than with the articles.
    """

    def add(self, record: ArticleRecord) -> None: ...

    def flags(self) -> dict[str, list[Flag]]: ...


StreamingBatchCheck = Callable[["CheckContext"], BatchCollector]
STREAMING_BATCH_CHECKS: dict[str, StreamingBatchCheck] = {}


def streaming_batch_check(name: str) -> Callable[[StreamingBatchCheck], StreamingBatchCheck]:
    """Register a batch check as a factory of `BatchCollector`s (context -> collector)."""

    def register(factory: StreamingBatchCheck) -> StreamingBatchCheck:
        STREAMING_BATCH_CHECKS[name] = factory
        return factory

    return register


class BatchPass:
    """Every batch check over a run: streaming ones fed record by record, the others given all records at the end."""

    def __init__(self, context: CheckContext) -> None:
        self.context = context
        self.collectors = {name: factory(context) for name, factory in STREAMING_BATCH_CHECKS.items()}

    def add(self, record: ArticleRecord) -> None:
        for collector in self.collectors.values():
            collector.add(record)

    def finish(self, records: Sequence[ArticleRecord]) -> dict[str, list[Flag]]:
        """New flags by article id; `records` (every record added, in order) goes to the non-streaming checks."""
        found: dict[str, list[Flag]] = {}
        results = [(name, collector.flags()) for name, collector in self.collectors.items()]
        results += [(name, check(records, self.context)) for name, check in BATCH_CHECKS.items()]
        for name, by_article in results:
            for article_id, flags in by_article.items():
                found.setdefault(article_id, []).extend(
                    flag.model_copy(update={"check": flag.check or name}) for flag in flags
                )
        return found


def number_flags(flags: list[Flag]) -> list[Flag]:
    """Flags sorted by their first span and kind, numbered x1, x2, …: stable while the article is unchanged."""
    ordered = sorted(flags, key=lambda flag: (flag.spans[0] if flag.spans else (-1, -1), flag.kind, flag.message))
    return [flag.model_copy(update={"id": f"x{number}"}) for number, flag in enumerate(ordered, start=1)]


# The checks register themselves on import: this is the one place that lists them.
from . import arithmetic, attribution, conflicts, fused, magnitude, names, redaction, source_names, translation, truncated  # noqa: E402,F401
