"""The span toolkit: character offsets into a text, shared by every stage.

One definition each of what several stages need: whether spans overlap, which of several
overlapping candidates to keep, and where the line or sentence around an offset starts and ends.
No spaCy and no records here, so any stage (and the review app) can use it. Look-ups go through a
`TextIndex` built once per text, so asking for the line or sentence of every figure stays linear
in the length of the article rather than quadratic.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Generic, Protocol, TypeVar

Span = tuple[int, int]
T = TypeVar("T")


class Located(Protocol):
    """Anything with a start and an end offset: a figure, a time, a source, a mention."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


L = TypeVar("L", bound=Located)

#: Where a sentence ends when there is no parse: a stop (Latin or Chinese) before a capital or a
#: digit, or a line break. Abbreviations ("U.S. officials") are the known cost of a regex.
SENTENCE_END = re.compile(r"(?<=[.!?。])[\"'”’)]?\s+(?=[\"'“‘(]?[A-Z0-9])|\n+")


def overlaps(a: Span, b: Span) -> bool:
    """Whether two half-open spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def overlaps_any(span: Span, others: Iterable[Span]) -> bool:
    return any(overlaps(span, other) for other in others)


def inside(inner: Span, outer: Span) -> bool:
    """Whether `inner` lies within `outer`."""
    return outer[0] <= inner[0] and inner[1] <= outer[1]


class SpanSet:
    """Non-overlapping spans, kept sorted: adding one that overlaps a kept span is refused in O(log n)."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def add(self, span: Span) -> bool:
        """Keep `span` unless it overlaps a span already kept; returns whether it was kept."""
        start, end = span
        index = bisect.bisect_right(self._starts, start)
        if index and self._ends[index - 1] > start:
            return False
        if index < len(self._starts) and self._starts[index] < end:
            return False
        if start == end and index and self._starts[index - 1] == start == self._ends[index - 1]:
            return False  # the same empty span twice
        self._starts.insert(index, start)
        self._ends.insert(index, end)
        return True

    def __contains__(self, span: object) -> bool:
        if not isinstance(span, tuple):
            return False
        index = bisect.bisect_left(self._starts, span[0])
        return index < len(self._starts) and (self._starts[index], self._ends[index]) == span

    def __len__(self) -> int:
        return len(self._starts)


class Coverage:
    """The characters any of some spans cover (the spans may overlap each other), asked about in O(log n).

    Built once from all the spans, then asked whether a span touches them or an offset lies in them.
    Empty spans cover no character.
    """

    def __init__(self, spans: Iterable[Span]) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in sorted(span for span in spans if span[0] < span[1]):
            if self._ends and start < self._ends[-1]:
                self._ends[-1] = max(self._ends[-1], end)
            else:
                self._starts.append(start)
                self._ends.append(end)

    def overlaps(self, span: Span) -> bool:
        """Whether `span` shares a character with any of the spans (an empty span: lies inside one)."""
        start, end = span
        index = bisect.bisect_right(self._starts, max(start, end - 1)) - 1
        return index >= 0 and self._ends[index] > start and (start < end or self._starts[index] < start)

    def covers(self, offset: int) -> bool:
        """Whether the character at `offset` is in any of the spans."""
        index = bisect.bisect_right(self._starts, offset) - 1
        return index >= 0 and self._ends[index] > offset


class ByOffset(Generic[L]):
    """Things with a start and an end, kept in their given order and found by where they lie in
    O(log n + k): what lets a stage ask about the figures, times or mentions near each figure without
    scanning all of them."""

    def __init__(self, items: Sequence[L]) -> None:
        self.items = list(items)
        self._order = sorted(range(len(self.items)), key=lambda index: self.items[index].start)
        self._starts = [self.items[index].start for index in self._order]
        self._longest = max((item.end - item.start for item in self.items), default=0)
        self._positions = {id(item): index for index, item in enumerate(self.items)}

    def starting_in(self, start: int, end: int) -> list[L]:
        """The items that start in [start, end), in their given order."""
        low, high = bisect.bisect_left(self._starts, start), bisect.bisect_left(self._starts, end)
        return [self.items[index] for index in sorted(self._order[low:high])]

    def forward(self, start: int, end: int) -> Iterator[L]:
        """The items that start in [start, end), by start (then given order), lazily."""
        low, high = bisect.bisect_left(self._starts, start), bisect.bisect_left(self._starts, end)
        for position in range(low, high):
            yield self.items[self._order[position]]

    def backward(self, start: int, end: int) -> Iterator[L]:
        """The same items the other way round: the last to start first."""
        low, high = bisect.bisect_left(self._starts, start), bisect.bisect_left(self._starts, end)
        for position in range(high - 1, low - 1, -1):
            yield self.items[self._order[position]]

    @property
    def longest(self) -> int:
        """The length of the longest item."""
        return self._longest

    def position(self, item: L) -> int:
        """Where `item` is in the given order."""
        return self._positions[id(item)]

    def inside(self, start: int, end: int) -> list[L]:
        """The items that lie within [start, end), in their given order."""
        return [item for item in self.starting_in(start, end) if item.end <= end]

    def overlapping(self, start: int, end: int) -> list[L]:
        """The items that share a character with [start, end), in their given order."""
        return [item for item in self.starting_in(start - self._longest, end) if overlaps((item.start, item.end), (start, end))]


def keep_non_overlapping(candidates: Iterable[T], span_of: Callable[[T], Span]) -> list[T]:
    """The candidates (in the order given, which is the order of preference) that overlap no
    earlier kept one, returned in text order."""
    kept: list[T] = []
    taken = SpanSet()
    for candidate in candidates:
        if taken.add(span_of(candidate)):
            kept.append(candidate)
    return sorted(kept, key=span_of)


class TextIndex:
    """Line and sentence bounds of one text, found once and looked up by offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._line_starts = [0, *(match.end() for match in re.finditer("\n", text))]

    @functools.cached_property
    def _sentence_bounds(self) -> tuple[list[int], list[int]]:
        """Where each sentence starts and ends, found on the first look-up (the link stage asks for lines only)."""
        breaks = [(match.start(), match.end()) for match in SENTENCE_END.finditer(self.text)]
        return [0, *(end for _, end in breaks)], [*(start for start, _ in breaks), len(self.text)]

    def line(self, offset: int) -> Span:
        """Bounds of the line around `offset`, without its line break."""
        index = bisect.bisect_right(self._line_starts, offset) - 1
        start = self._line_starts[index]
        end = self._line_starts[index + 1] - 1 if index + 1 < len(self._line_starts) else len(self.text)
        return start, max(start, end)

    def sentence(self, offset: int) -> Span:
        """Bounds of the sentence (or line) around `offset`, found without a parser."""
        starts, ends = self._sentence_bounds
        index = bisect.bisect_right(starts, offset) - 1
        return starts[index], ends[index]

    def sentences(self) -> list[Span]:
        """Bounds of every sentence, in text order (a line break always ends one)."""
        return list(zip(*self._sentence_bounds))


def line_bounds(text: str, offset: int) -> Span:
    """Bounds of the line of `text` around `offset` (one look-up; build a `TextIndex` for many)."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, end if end != -1 else len(text)
