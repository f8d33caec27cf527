"""Time expressions, resolved to ISO 8601 values against the article's reference year."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..rules import RuleSet, shared_rules
from ..schema import Time

SPANS_KEY = "times"


class TimeFinder:
    """spaCy component: one span per time expression in `doc.spans["times"]`, its value in `span._.time_value`."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[SPANS_KEY] = []
        return doc


@Language.factory("claimex_times", assigns=["doc.spans"], requires=["token.text"],
                   default_config={"rules_dir": None})
def make_time_finder(nlp: Language, name: str, rules_dir: str | None) -> TimeFinder:
    return TimeFinder(shared_rules(rules_dir))


def read_times(doc: Doc) -> list[Time]:
    """The doc's times as records (working-text offsets), numbered t1, t2, … in text order."""
    spans = sorted(doc.spans.get(SPANS_KEY, []), key=lambda span: (span.start_char, span.end_char))
    return [
        Time(id=f"t{number}", text=span.text, start=span.start_char, end=span.end_char,
             value=span._.time_value, rule=span._.rule)
        for number, span in enumerate(spans, start=1)
    ]
