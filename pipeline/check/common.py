"""What several checks share: figure/claim look-ups, flags, sentence bounds."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..schema import ArticleRecord, Claim, Figure, Flag, Severity, Span
from ..spans import overlaps

T = TypeVar("T")

SENTENCE_END = re.compile(r"(?<=[.!?。])[\"'”’)]?\s+(?=[\"'“‘(]?[A-Z0-9])|\n+")


def sentence_span(text: str, offset: int) -> Span:
    """Bounds of the sentence (or line) of `text` around `offset`, found without a parser."""
    start = 0
    for match in SENTENCE_END.finditer(text, 0, offset):
        start = match.end()
    following = SENTENCE_END.search(text, offset)
    return start, following.start() if following else len(text)


def paragraph_span(text: str, offset: int) -> Span:
    """Bounds of the line of `text` around `offset`."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, end if end != -1 else len(text)


@dataclass(frozen=True)
class Item:
    """A figure with its claim (when linked): what most checks iterate over."""

    figure: Figure
    claim: Claim | None

    @property
    def refs(self) -> list[str]:
        return [self.figure.id] + ([self.claim.id] if self.claim else [])

    @property
    def span(self) -> Span:
        return self.figure.start, self.figure.end


def items(record: ArticleRecord) -> list[Item]:
    """Every figure of the record with its claim, in text order."""
    claims = {claim.figure: claim for claim in record.claims}
    figures = sorted(record.figures, key=lambda figure: figure.start)
    return [Item(figure, claims.get(figure.id)) for figure in figures]


@dataclass
class ArticleView:
    """One record as the checks read it, indexed once per article: its figures with their claims in
    text order, looked up by offset in O(log n), and what several checks derive from it (`shared`)."""

    record: ArticleRecord
    items: list[Item] = field(init=False)
    _starts: list[int] = field(init=False, repr=False)
    _reach: list[int] = field(init=False, repr=False)
    _shared: dict[str, Any] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.items = items(self.record)
        self._starts = [item.figure.start for item in self.items]
        reach, furthest = [], -1
        for item in self.items:
            furthest = max(furthest, item.figure.end)
            reach.append(furthest)
        self._reach = reach  # the furthest end of any figure up to each one: overlap look-ups stop early

    @property
    def text(self) -> str:
        return self.record.article.text

    def overlapping(self, span: Span) -> list[Item]:
        """The figures that share a character with `span`, in text order."""
        found = []
        index = bisect.bisect_left(self._starts, span[1]) - 1
        while index >= 0 and self._reach[index] > span[0]:
            if overlaps(self.items[index].span, span):
                found.append(self.items[index])
            index -= 1
        return found[::-1]

    def refs_in(self, span: Span) -> list[str]:
        """Ids of the figures (and their claims) that overlap `span`."""
        return [ref for item in self.overlapping(span) for ref in item.refs]

    def starting_from(self, offset: int) -> Iterator[Item]:
        """The figures that start at `offset` or later, in text order."""
        for index in range(bisect.bisect_left(self._starts, offset), len(self.items)):
            yield self.items[index]

    def shared(self, key: str, build: Callable[[], T]) -> T:
        """What several checks derive from this article (e.g. its keyed claims), built once."""
        if key not in self._shared:
            self._shared[key] = build()
        return self._shared[key]


def names_by_id(record: ArticleRecord) -> dict[str, str]:
    """Entity, time and source ids to what a reader recognises: name, ISO value or text."""
    found = {entity.id: entity.name for entity in record.entities}
    found.update({time.id: time.value or time.text for time in record.times})
    found.update({source.id: source.name or source.text for source in record.sources})
    return found


def flag(kind: str, severity: Severity, message: str, spans: list[Span], refs: list[str],
         suggestion: str | None = None, **extra: object) -> Flag:
    """A flag numbered later by `number_flags`; spans sorted and deduplicated."""
    unique = sorted({(int(start), int(end)) for start, end in spans})
    return Flag(id="x0", kind=kind, severity=severity, message=message, spans=unique,
                refs=list(dict.fromkeys(refs)), suggestion=suggestion, **extra)

