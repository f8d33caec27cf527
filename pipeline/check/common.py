"""What several checks share: figure/claim look-ups, number wording, sentence bounds."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..schema import ArticleRecord, Claim, Figure, Flag, Severity, Span

SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand"))
SENTENCE_END = re.compile(r"(?<=[.!?。])[\"'”’)]?\s+(?=[\"'“‘(]?[A-Z0-9])|\n+")


def words(value: float) -> str:
    """A value in standard English wording: 2600000000 → "2.6 billion", 140000000 → "140 million"."""
    magnitude = abs(value)
    for factor, word in SCALES[:-1]:
        if magnitude >= factor:
            return f"{_plain(value / factor)} {word}"
    return _plain(value)


def _plain(number: float) -> str:
    text = f"{number:,.4f}".rstrip("0").rstrip(".")
    return text or "0"


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


def overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]
