"""Stage 5, check: small named checks over finished records, within an article and across a run.

A check is a pure function over `ArticleRecord`s (no spaCy), so it runs on records read back from disk
as well as on fresh ones. An article check (`@article_check`) reads one record through an
`ArticleView`, indexed once per article and shared by all of them; a batch check (`@batch_check`) is a
collector fed every record of a run in turn, keeping only what it compares. One check owns each flag
kind.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from ..rules import RuleSet
from ..schema import ArticleRecord, Flag
from .common import ArticleView

if TYPE_CHECKING:
    from ..rules.lexicon import Lexicon

ArticleCheck = Callable[[ArticleView, "CheckContext"], list[Flag]]

#: The modules of the checks, which register themselves on import: this is the one place that lists them.
CHECK_MODULES = ("arithmetic", "attribution", "conflicts", "dates", "fused", "implausible_value", "magnitude", "names",
                 "number_form", "numbered_names", "parts", "redaction", "roles", "source_names", "text_damage",
                 "translated_names", "translation", "truncated")
#: Those of them holding batch checks, imported with this package: a run whose records all come from the
#: cache runs the batch checks but no article check, and importing every check (and the rule models they
#: read) would be a good part of its time.
BATCH_CHECK_MODULES = ("conflicts",)
_ARTICLE_CHECKS: dict[str, ArticleCheck] = {}


@dataclass(frozen=True)
class CheckContext:
    """What checks may read besides the records: the rules, and their lexicon (thresholds, word lists,
    patterns) built once per rule set and shared with the link stage."""

    rules: RuleSet

    @functools.cached_property
    def lexicon(self) -> Lexicon:
        """Built on first use: a batch pass over cached records only may never need it."""
        from ..rules.lexicon import lexicon_for

        return lexicon_for(self.rules)


def article_check(name: str) -> Callable[[ArticleCheck], ArticleCheck]:
    """Register a check that looks at one article's record."""

    def register(function: ArticleCheck) -> ArticleCheck:
        _ARTICLE_CHECKS[name] = function
        return function

    return register


@functools.cache
def article_checks() -> dict[str, ArticleCheck]:
    """Every article check by name, in the order of `CHECK_MODULES` (their modules imported on first use)."""
    for module in CHECK_MODULES:
        importlib.import_module(f"{__name__}.{module}")
    rank = {f"{__name__}.{module}": number for number, module in enumerate(CHECK_MODULES)}
    return dict(sorted(_ARTICLE_CHECKS.items(), key=lambda item: rank.get(item[1].__module__, len(rank))))


def check_article(record: ArticleRecord, context: CheckContext) -> ArticleRecord:
    """The record with the flags of every article check added, numbered in text order."""
    flags = list(record.flags)
    article = ArticleView(record)
    for name, check in article_checks().items():
        flags.extend(flag.model_copy(update={"check": flag.check or name}) for flag in check(article, context))
    return record.model_copy(update={"flags": number_flags(flags)})


class BatchCollector(Protocol):
    """One batch check's state over a run: told what it keeps of every record of the run (`facts`), in
    input order, then asked for its new flags by article id.

    It keeps only what it compares (e.g. one entry per subject/metric/time key and stated value), not
    the records, so a run's batch pass grows with the number of distinct facts rather than articles.
    The facts of a record are JSON data, journaled with it: an article whose record comes from the
    cache is fed its facts as they were, without parsing the record again.
    """

    def facts(self, record: ArticleRecord) -> Facts: ...

    def add(self, facts: Facts) -> None: ...

    def flags(self) -> dict[str, list[Flag]]: ...


#: What a batch check keeps of one record, as JSON data (lists, dicts, strings, numbers).
Facts = Any
BatchCheck = Callable[[CheckContext], BatchCollector]
BATCH_CHECKS: dict[str, BatchCheck] = {}


def batch_check(name: str) -> Callable[[BatchCheck], BatchCheck]:
    """Register a check that compares the records of a whole run, as a factory of `BatchCollector`s."""

    def register(factory: BatchCheck) -> BatchCheck:
        BATCH_CHECKS[name] = factory
        return factory

    return register


class BatchPass:
    """Every batch check over a run, fed record by record (or, for a cached record, its facts as journaled)."""

    def __init__(self, context: CheckContext) -> None:
        self.collectors = {name: factory(context) for name, factory in BATCH_CHECKS.items()}

    def facts(self, record: ArticleRecord) -> dict[str, Facts]:
        """What every batch check keeps of `record`, by check name."""
        return {name: collector.facts(record) for name, collector in self.collectors.items()}

    def add(self, facts: dict[str, Facts]) -> None:
        for name, collector in self.collectors.items():
            collector.add(facts[name])

    def finish(self) -> dict[str, list[Flag]]:
        """New flags by article id, each marked with the check that raised it."""
        found: dict[str, list[Flag]] = {}
        for name, collector in self.collectors.items():
            for article_id, flags in collector.flags().items():
                found.setdefault(article_id, []).extend(
                    flag.model_copy(update={"check": flag.check or name}) for flag in flags
                )
        return found


def check_batch(records: Iterable[ArticleRecord], context: CheckContext) -> dict[str, list[Flag]]:
    """New flags from the batch checks over `records`, by article id."""
    batch = BatchPass(context)
    for record in records:
        batch.add(batch.facts(record))
    return batch.finish()


def number_flags(flags: list[Flag]) -> list[Flag]:
    """Flags sorted by their first span and kind, numbered x1, x2, …: stable while the article is unchanged."""
    ordered = sorted(flags, key=lambda flag: (flag.spans[0] if flag.spans else (-1, -1), flag.kind, flag.message))
    return [flag.model_copy(update={"id": f"x{number}"}) for number, flag in enumerate(ordered, start=1)]


for _module in BATCH_CHECK_MODULES:
    importlib.import_module(f"{__name__}.{_module}")
