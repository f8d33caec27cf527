"""What several checks share: one indexed view of an article (figures with their claims, sentences, lines), flags."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from ..schema import ArticleRecord, Claim, Entity, Figure, Flag, Severity, Span
from ..spans import ByOffset, TextIndex

if TYPE_CHECKING:
    from ..source.names import NameReading
    from . import CheckContext

T = TypeVar("T")

#: Qualifiers that make a figure a lower bound ("more than 4,000") or an upper bound ("up to 5").
LOWER_BOUNDS = frozenset({"more_than", "at_least"})
UPPER_BOUNDS = frozenset({"less_than", "at_most"})


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

    @property
    def start(self) -> int:
        return self.figure.start

    @property
    def end(self) -> int:
        return self.figure.end


def items(record: ArticleRecord) -> list[Item]:
    """Every figure of the record with its claim, in text order."""
    claims = {claim.figure: claim for claim in record.claims}
    figures = sorted(record.figures, key=lambda figure: figure.start)
    return [Item(figure, claims.get(figure.id)) for figure in figures]


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    entity: Entity


@dataclass
class ArticleView:
    """One record as the checks read it, indexed once per article: its figures with their claims in
    text order (`items`, found by offset through `figures`), its lines and sentences, its entity
    mentions, and what several checks derive from it (`shared`)."""

    record: ArticleRecord
    items: list[Item] = field(init=False)
    figures: ByOffset[Item] = field(init=False, repr=False)
    _shared: dict[str, Any] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.items = items(self.record)
        self.figures = ByOffset(self.items)

    @property
    def text(self) -> str:
        return self.record.article.text

    @functools.cached_property
    def index(self) -> TextIndex:
        """Lines and sentences of the text, by offset."""
        return TextIndex(self.text)

    @functools.cached_property
    def mentions(self) -> ByOffset[Mention]:
        return ByOffset(sorted((Mention(start, end, entity) for entity in self.record.entities
                                for start, end in entity.mentions), key=lambda mention: mention.start))

    def sentence(self, item: Item) -> Span:
        """The sentence of a figure: its claim's (the sentence the link stage found), else the one
        around it without a parser."""
        return (item.claim.start, item.claim.end) if item.claim else self.index.sentence(item.figure.start)

    def line(self, offset: int) -> Span:
        """Bounds of the line around `offset`."""
        return self.index.line(offset)

    def entities_within(self, span: Span) -> list[Entity]:
        """The entities mentioned inside `span` (once per mention), in text order."""
        return [mention.entity for mention in self.mentions.inside(*span)]

    def names(self, entity_id: str, span: Span) -> bool:
        """Whether the entity `entity_id` is mentioned inside `span`."""
        return any(entity.id == entity_id for entity in self.entities_within(span))

    def sentences_back(self, offset: int, count: int) -> int:
        """Where the sentence `count` sentences before the one at `offset` starts."""
        start = self.index.sentence(offset)[0]
        for _ in range(count):
            if start == 0:
                break
            start = self.index.sentence(max(0, start - 2))[0]
        return start

    def refs_in(self, span: Span) -> list[str]:
        """Ids of the figures (and their claims) that overlap `span`."""
        return [ref for item in self.figures.overlapping(*span) for ref in item.refs]

    def shared(self, key: str, build: Callable[[], T]) -> T:
        """What several checks derive from this article (e.g. its keyed claims), built once."""
        if key not in self._shared:
            self._shared[key] = build()
        return self._shared[key]


def person_readings(article: ArticleView, context: CheckContext) -> list[NameReading]:
    """The article's person names read against its source (source/names.py), once per article; none without
    a source."""
    from ..source.names import read_person_names  # pypinyin: only for records with a source

    return article.shared("person_readings", lambda: read_person_names(article.record, context.rules))


def source_tells(article: ArticleView, context: CheckContext, first: Entity, second: Entity) -> bool:
    """Whether the source reads both people as Chinese names, and so says whether they are one person (one
    name, flagged by source_names with its characters) or two: the English-only guess by spelling or office
    then stands aside ("Zhang Wei" and "Zhang Wen" for 张伟 and 张文 are two people, not a misspelling)."""
    if not article.record.alignment:
        return False
    from ..source.names import source_names_by_entity

    names = article.shared("source_names", lambda: source_names_by_entity(person_readings(article, context)))
    return first.id in names and second.id in names


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

