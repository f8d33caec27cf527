"""Every custom attribute claimex sets on spaCy objects, registered in this one place."""

from __future__ import annotations

from typing import NamedTuple

from spacy.tokens import Doc, Span


class FusedYear(NamedTuple):
    """A year glued into a figure ("2023" in "1 in 2023400 million"): its value and exact characters."""

    year: int
    start: int
    end: int


DOC_EXTENSIONS: dict[str, object] = {
    "published": None,  # ISO date of the article, when known (set before the pipeline runs)
    "title": None,  # the article's title, when known (set before the pipeline runs; a page's may not open its text)
    "site": (None, None),  # the article's site name and URL, when known (set before the pipeline runs)
    "reference_year": None,  # year that relative times resolve against
    "reference_year_inferred": False,
    "reference_date": None,  # the day "today" means: the published date or a dateline's (ISO, maybe "XXXX-02-10")
    "reference_source": None,  # where the reference year came from: published, dateline or text
    "entities": None,  # list of schema.Entity: doc.ents grouped by name, one label each
    "text": None,  # doc.text, read once (see `doc_text`)
}
SPAN_EXTENSIONS: dict[str, object] = {
    "figure": None,  # the schema.Figure read, for spans in doc.spans["figures"]
    "fused_year": None,  # a FusedYear glued into the figure, for spans in doc.spans["figures"]
    "time_value": None,  # ISO value for spans in doc.spans["times"]
    "time_role": None,  # "base" or "bound" for a time that is a change's base or a deadline
    "time_of_figure": None,  # True for a time that dates the figure right before it ("330,600 in 2021")
    "source_kind": None,  # schema.SourceKind for spans in doc.spans["sources"]
    "source_name": None,
    "source_publisher": None,  # True for a source that names the outlet publishing the article
    "source_listener": None,  # True for an outlet told ("tells The Daily Courier"): cited, speaks for no figure
    "source_covers": None,  # (start, end) of the text a credit line applies to
    "rule": None,  # id of the rule that produced the span
    "attribution": None,  # "negated", "pronoun" or "plural" for spans in doc.spans["attributions"] (sources.Attribution)
    "chars": None,  # exact (start, end) of a time or source whose text does not fall on token edges
}


def register_extensions() -> None:
    """Register the extensions (idempotent, so every worker process can call it)."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


def doc_text(doc: Doc) -> str:
    """`doc.text`, kept on the doc: spaCy joins it from every token (a Python object each) on each access."""
    text = doc._.text
    if text is None:
        text = doc._.text = doc.text
    return text
