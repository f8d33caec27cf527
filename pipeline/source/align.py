"""Which part of the source each English segment translates.

Segments given with the input are used as they are. Otherwise the two texts are cut into sentences
and aligned monotonically (Gale-Church style dynamic programming over 1-1, 1-2, 2-1, 2-2 merges
and skips), scored by how far each pair's length ratio is from the whole texts' and by the figures
and times the two sides share. Each pair keeps its confidence; pairs below the threshold are
marked not sure, and the translation check does not compare figures across them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..schema import Alignment, Span

ENGLISH_BREAK = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[\"'“‘(]?[A-Z0-9])")
SOURCE_BREAK = re.compile(r"(?<=[。！？；!?])[”」』）)]?")
#: (English sentences, source sentences) a pair may join, and what joining more than one costs.
MOVES = {(1, 1): 0.0, (1, 2): 1.0, (2, 1): 1.0, (2, 2): 2.0, (1, 0): 3.0, (0, 1): 3.0}
LENGTH_WEIGHT = 2.0
ANCHOR_WEIGHT = 1.5


@dataclass(frozen=True)
class Anchor:
    """A value on one side (a figure's value, a year or day of a time) at a text offset."""

    offset: int
    value: float


def align(text: str, source: str, segments: Sequence[Sequence[int]] | None,
          english: list[Anchor], chinese: list[Anchor], min_confidence: float) -> list[Alignment]:
    """Aligned segment pairs covering both texts in order."""
    if segments:
        return [Alignment(text=(t0, t1), source=(s0, s1), method="given", confidence=1.0, sure=True)
                for t0, t1, s0, s1 in segments]
    english_units = _lines(text)
    source_units = _lines(source)
    if len(english_units) != len(source_units) or len(english_units) < 2:
        english_units = [piece for line in english_units for piece in _split(text, line, ENGLISH_BREAK)]
        source_units = [piece for line in source_units for piece in _split(source, line, SOURCE_BREAK)]
    if len(english_units) == 1 and len(source_units) == 1:
        return [Alignment(text=english_units[0], source=source_units[0], method="aligned", confidence=1.0, sure=True)]
    ratio = _ratio(english_units, source_units)
    pairs = _dynamic(english_units, source_units, ratio, english, chinese)
    return [Alignment(text=t_span, source=s_span, method="aligned", confidence=round(confidence, 3),
                      sure=confidence >= min_confidence)
            for t_span, s_span, confidence in pairs]


def _lines(text: str) -> list[Span]:
    spans = []
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = offset + line.index(stripped)
            spans.append((start, start + len(stripped)))
        offset += len(line) + 1
    return spans


def _split(text: str, span: Span, breaks: re.Pattern[str]) -> list[Span]:
    start, end = span
    pieces = []
    for match in breaks.finditer(text, start, end):
        if match.end() > start and text[start:match.end()].strip():
            piece_end = match.end()
            while text[piece_end - 1].isspace():
                piece_end -= 1
            pieces.append((start, piece_end))
            start = match.end()
            while start < end and text[start].isspace():
                start += 1
    if text[start:end].strip():
        pieces.append((start, end))
    return pieces


def _ratio(english: list[Span], source: list[Span]) -> float:
    english_length = sum(end - start for start, end in english)
    source_length = sum(end - start for start, end in source)
    return english_length / source_length if source_length else 1.0


def _dynamic(english: list[Span], source: list[Span], ratio: float,
             english_anchors: list[Anchor], source_anchors: list[Anchor]) -> list[tuple[Span, Span, float]]:
    n, m = len(english), len(source)
    infinity = float("inf")
    cost = [[infinity] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, float] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if cost[i][j] == infinity:
                continue
            for (a, b), penalty in MOVES.items():
                if i + a > n or j + b > m:
                    continue
                pair_cost = penalty + _pair_cost(english[i:i + a], source[j:j + b], ratio,
                                                 english_anchors, source_anchors)
                if cost[i][j] + pair_cost < cost[i + a][j + b]:
                    cost[i + a][j + b] = cost[i][j] + pair_cost
                    back[i + a][j + b] = (a, b, pair_cost)
    pairs = []
    i, j = n, m
    while i > 0 or j > 0:
        step = back[i][j]
        if step is None:
            break
        a, b, pair_cost = step
        i, j = i - a, j - b
        if a and b:
            t_span = (english[i][0], english[i + a - 1][1])
            s_span = (source[j][0], source[j + b - 1][1])
            pairs.append((t_span, s_span, min(1.0, math.exp(-max(pair_cost, 0.0) / 2))))
    return pairs[::-1]


def _pair_cost(english: list[Span], source: list[Span], ratio: float,
               english_anchors: list[Anchor], source_anchors: list[Anchor]) -> float:
    if not english or not source:
        return 0.0
    english_length = english[-1][1] - english[0][0]
    source_length = source[-1][1] - source[0][0]
    length = abs(math.log((english_length + 10) / ((source_length + 4) * ratio)))
    ours = _values(english_anchors, english[0][0], english[-1][1])
    theirs = _values(source_anchors, source[0][0], source[-1][1])
    shared = len(ours & theirs)
    differing = len(ours ^ theirs)
    anchors = (differing / (shared + differing)) if shared + differing else 0.0
    return LENGTH_WEIGHT * length + ANCHOR_WEIGHT * anchors - 0.5 * min(shared, 2)


def _values(anchors: list[Anchor], start: int, end: int) -> set[float]:
    return {round(anchor.value, 6) for anchor in anchors if start <= anchor.offset < end}
