"""Spans whose exact characters may fall inside tokens ("2023" in "2023400 million").

A component stores the token-aligned span spaCy needs and the exact characters in `span._.chars`;
readers take the exact characters back.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span


def place_span(doc: Doc, start: int, end: int) -> Span | None:
    """The smallest token span covering `[start, end)`, remembering the exact characters."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is not None:
        span._.chars = (start, end)
    return span


def exact_chars(span: Span) -> tuple[int, int]:
    return span._.chars or (span.start_char, span.end_char)


def spans_in_text_order(doc: Doc, key: str) -> list[tuple[Span, int, int]]:
    """The spans of `doc.spans[key]` with their exact characters, in text order."""
    found = [(span, *exact_chars(span)) for span in doc.spans.get(key, [])]
    return sorted(found, key=lambda item: (item[1], item[2]))
