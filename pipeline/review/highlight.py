"""Article text cut into segments, each knowing which figures, sources, entities, times and flags cover it.

Annotations overlap (a figure inside a flagged span inside an entity mention), so instead of nesting
tags the text is split at every annotation boundary; each piece carries the classes of all the
annotations covering it. The template escapes the text of every piece.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from ..results import FlagItem
from ..schema import ArticleRecord, Figure

SEVERITY_CLASSES = ["sev-error", "sev-warning", "sev-info"]


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    css: str
    label: str
    flag: str | None = None


@dataclass
class Segment:
    text: str
    classes: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    @property
    def css(self) -> str:
        """Classes of the piece; where flags overlap, only the most severe one's colour."""
        severities = [css for css in self.classes if css.startswith("sev-")]
        worst = min(severities, key=SEVERITY_CLASSES.index) if severities else None
        return " ".join(dict.fromkeys(css for css in self.classes if not css.startswith("sev-") or css == worst))

    @property
    def title(self) -> str:
        return "\n".join(dict.fromkeys(self.labels))


def record_marks(record: ArticleRecord, items: list[FlagItem], focus: str | None) -> list[Mark]:
    """Every annotation of the record as a mark over `article.text`."""
    marks = [Mark(figure.start, figure.end, "fig", figure_label(figure)) for figure in record.figures]
    marks += [Mark(source.start, source.end, "src", f"{source.id} source ({source.kind}): {source.name or source.text}")
              for source in record.sources]
    marks += [Mark(time.start, time.end, "time", f"{time.id} time: {time.value or '?'}") for time in record.times]
    marks += [Mark(start, end, "ent", f"{entity.id} {entity.label}: {entity.name}")
              for entity in record.entities for start, end in entity.mentions]
    for item in sorted(items, key=lambda item: SEVERITY_CLASSES.index(f"sev-{item.flag.severity}")):
        flag = item.flag
        css = f"flag sev-{flag.severity}" + (" focus" if flag.id == focus else "")
        marks += [Mark(start, end, css, f"{flag.id} {flag.kind}: {flag.message}", flag.id) for start, end in flag.spans]
    length = len(record.article.text)
    return [mark for mark in marks if 0 <= mark.start < mark.end <= length]


def figure_label(figure: Figure) -> str:
    details = [figure.kind, f"{figure.value:,.6g}"]
    details += [part for part in (figure.currency, figure.unit, figure.qualifier) if part]
    return f"{figure.id} figure: " + ", ".join(details)


def article_segments(record: ArticleRecord, items: list[FlagItem], focus: str | None) -> list[Segment]:
    """The article text split at annotation boundaries, in order, covering the whole text."""
    text = record.article.text
    marks = record_marks(record, items, focus)
    bounds = sorted({0, len(text), *(mark.start for mark in marks), *(mark.end for mark in marks)})
    segments = []
    for start, end in itertools.pairwise(bounds):
        covering = [mark for mark in marks if mark.start <= start and end <= mark.end]
        segments.append(Segment(
            text=text[start:end],
            classes=[css for mark in covering for css in mark.css.split()],
            labels=[mark.label for mark in covering],
            flags=[mark.flag for mark in covering if mark.flag],
        ))
    return segments
