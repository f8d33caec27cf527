"""Figures: every number that states a quantity, read into value, kind, unit, currency, qualifier, range."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..rules import RuleSet, shared_rules
from ..schema import Figure

SPANS_KEY = "figures"


class FigureFinder:
    """spaCy component: puts one span per figure in `doc.spans["figures"]`, its reading in `span._.figure`."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[SPANS_KEY] = []
        return doc


@Language.factory("claimex_figures", assigns=["doc.spans"], requires=["token.text"],
                   default_config={"rules_dir": None})
def make_figure_finder(nlp: Language, name: str, rules_dir: str | None) -> FigureFinder:
    return FigureFinder(shared_rules(rules_dir))


def read_figures(doc: Doc) -> list[Figure]:
    """The doc's figures as records (working-text offsets), numbered f1, f2, … in text order."""
    readings = sorted((span._.figure for span in doc.spans.get(SPANS_KEY, [])), key=lambda f: (f.start, f.end))
    return [figure.model_copy(update={"id": f"f{number}"}) for number, figure in enumerate(readings, start=1)]
