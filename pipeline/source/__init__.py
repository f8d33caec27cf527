"""Reading the source text of a translation: its figures and times, and how it aligns with the English.

A stage beside normalize/extract for the other language: `read_source` finds the figures and
times of a Chinese text with the rules in rules/source/; `align` pairs English segments with
source segments (the ones given with the input, or its own sentence alignment). `attach_source`
adds both to a record whose article carries a source text.
"""

from __future__ import annotations

from ..rules import RuleSet
from ..schema import ArticleRecord, Figure, SourceFigure, SourceTime, Time
from .align import Anchor, align
from .reader import SourceReading, chinese_share, read_source, source_names, source_threshold

__all__ = ["SourceReading", "align", "attach_source", "chinese_share", "read_source", "source_names",
           "source_problem", "source_threshold"]


def source_problem(text: str, source: str | None, rules: RuleSet) -> str | None:
    """Why a source text cannot be compared with its translation (empty, not Chinese), or None."""
    if source is None:
        return None
    if not source.strip():
        return "the source text is empty"
    share = chinese_share(source)
    if share < source_threshold(rules, "source.min_chinese_share"):
        return f"the source text does not look Chinese (only {share:.0%} of its letters are Chinese characters)"
    return None


def length_ratio(text: str, source: str) -> float:
    """English characters per source character (non-space): about 2 to 5 for Chinese news."""
    source_length = len("".join(source.split()))
    return len("".join(text.split())) / source_length if source_length else float("inf")


def length_mismatch(text: str, source: str, rules: RuleSet) -> bool:
    """Whether one text is much longer than the other: one of them is probably incomplete."""
    ratio = length_ratio(text, source)
    return not (source_threshold(rules, "source.length_ratio_min") <= ratio
                <= source_threshold(rules, "source.length_ratio_max"))


def attach_source(record: ArticleRecord, rules: RuleSet) -> ArticleRecord:
    """The record with the source's figures and times and the alignment, when its article has a usable source."""
    article = record.article
    source = article.source_text
    if source is None or source_problem(article.text, source, rules) is not None:
        return record
    reading = read_source(source, rules)
    alignment = align(
        article.text, source, article.source_segments,
        _english_anchors(record.figures, record.times), _source_anchors(reading.figures, reading.times),
        source_threshold(rules, "align.min_confidence"),
    )
    if length_mismatch(article.text, source, rules):
        alignment = [pair if pair.method == "given" else pair.model_copy(update={"sure": False})
                     for pair in alignment]
    return record.model_copy(update={"source_figures": reading.figures, "source_times": reading.times,
                                     "alignment": alignment})


def _english_anchors(figures: list[Figure], times: list[Time]) -> list[Anchor]:
    anchors = [Anchor(figure.start, figure.value) for figure in figures]
    anchors += [Anchor(time.start, float(part)) for time in times for part in _time_numbers(time.value)]
    return anchors


def _source_anchors(figures: list[SourceFigure], times: list[SourceTime]) -> list[Anchor]:
    anchors = [Anchor(figure.start, figure.value) for figure in figures]
    anchors += [Anchor(time.start, float(part)) for time in times for part in _time_numbers(time.value)]
    return anchors


def _time_numbers(value: str | None) -> list[str]:
    """The year and day of an ISO time value ("2023-02-10" → 2023, 10): what both sides print as digits
    (a weekday, XXXX-WXX-5, prints none)."""
    if not value:
        return []
    parts = value.split("/")[0].split("-")
    numbers = [parts[0]] if parts[0].isdigit() else []
    if len(parts) == 3 and parts[2].isdigit() and not parts[1].startswith("W"):
        numbers.append(parts[2])
    return numbers
