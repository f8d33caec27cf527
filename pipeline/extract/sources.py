"""Sources: credit lines, outlets, speakers, anonymous sources, unnamed data, bylines."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..rules import RuleSet, shared_rules
from ..schema import Source

SPANS_KEY = "sources"


class SourceFinder:
    """spaCy component: one span per attribution in `doc.spans["sources"]`, kind in `span._.source_kind`."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[SPANS_KEY] = []
        return doc


@Language.factory("claimex_sources", assigns=["doc.spans"], requires=["token.text"],
                   default_config={"rules_dir": None})
def make_source_finder(nlp: Language, name: str, rules_dir: str | None) -> SourceFinder:
    return SourceFinder(shared_rules(rules_dir))


def read_sources(doc: Doc) -> list[Source]:
    """The doc's sources as records (working-text offsets), numbered s1, s2, … in text order."""
    spans = sorted(doc.spans.get(SPANS_KEY, []), key=lambda span: (span.start_char, span.end_char))
    return [
        Source(id=f"s{number}", text=span.text, start=span.start_char, end=span.end_char,
               kind=span._.source_kind, name=span._.source_name, covers=span._.source_covers, rule=span._.rule)
        for number, span in enumerate(spans, start=1)
    ]
