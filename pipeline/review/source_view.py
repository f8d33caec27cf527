"""The source side of a translation flag: the aligned English and Chinese segments, each with its figure marked."""

from __future__ import annotations

from ..schema import ArticleRecord, Flag, Span

Marked = tuple[str, str, str]


def source_evidence(record: ArticleRecord, flag: Flag) -> list[dict[str, Marked]]:
    """For each source span of the flag: the English segment with the flag's span marked beside the source
    segment with the source span marked (both split into before, marked, after)."""
    source = record.article.source_text or ""
    pairs = []
    for source_span in flag.source_spans:
        pair = next((pair for pair in record.alignment
                     if pair.source[0] <= source_span[0] and source_span[1] <= pair.source[1]), None)
        segment = pair.source if pair else source_span
        english_segment = pair.text if pair else (flag.spans[0] if flag.spans else (0, 0))
        english_span = next((span for span in flag.spans if english_segment[0] <= span[0] < english_segment[1]),
                            english_segment)
        pairs.append({"english": _marked(record.article.text, english_segment, english_span),
                      "source": _marked(source, segment, source_span)})
    return pairs


def _marked(text: str, segment: Span, span: Span) -> Marked:
    start, end = max(segment[0], span[0]), min(segment[1], span[1])
    if start >= end:
        return text[segment[0]:segment[1]], "", ""
    return text[segment[0]:start], text[start:end], text[end:segment[1]]
