"""Stage 4, link: every figure becomes a claim — its sentence, subject, metric, time, source, hedge."""

from __future__ import annotations

from spacy.tokens import Doc

from .extract import Extraction
from .schema import Claim, Figure


def link_claims(extraction: Extraction) -> list[Claim]:
    """One claim per figure, numbered c1, c2, … in figure order (working-text offsets)."""
    return [
        _claim_for(extraction.doc, figure, number)
        for number, figure in enumerate(extraction.figures, start=1)
    ]


def _claim_for(doc: Doc, figure: Figure, number: int) -> Claim:
    start, end = _sentence_bounds(doc, figure.start)
    return Claim(id=f"c{number}", figure=figure.id, start=start, end=end)


def _sentence_bounds(doc: Doc, offset: int) -> tuple[int, int]:
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    if span is None or not doc.has_annotation("SENT_START"):
        return 0, len(doc.text)
    sentence = span[0].sent
    return sentence.start_char, sentence.end_char
