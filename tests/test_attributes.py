"""The model's attribute ruler with its matches looked up in a table: the same matches and annotations as
spaCy's Matcher-based ruler, on texts that reach each kind of pattern (one token, two tokens, a regex)."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.pipeline import AttributeRuler

from claimex.extract.attributes import MODEL_RULER, TableAttributeRuler
from claimex.extract.model import load_model
from claimex.process import Processor

TEXTS = [
    "The company said it sold 4.5 million phones in 2023, up 12% from a year earlier.",
    "There's no doubt: we ain't gonna stop, y'all, and I'm sure you've got nothin' to fear.",
    "Let's see whether it is what it is. Gotta go -- c'mon! He gets what he got, doesn't he?",
    "  Two spaces lead this line.\n\nThen a paragraph; they'd have done it if they could've.",
    "It was I who told her; she told it to me and you, not him.",
    "",
]
ANNOTATIONS = ["POS", "TAG", "MORPH", "LEMMA", "DEP"]


@pytest.fixture(scope="module")
def model() -> Language:
    nlp, info = load_model()
    if MODEL_RULER not in nlp.pipe_names:
        pytest.skip(f"{info} has no attribute ruler")
    return nlp


def test_the_table_finds_the_matchers_matches(model: Language):
    spacy_ruler = model.get_pipe(MODEL_RULER)
    assert type(spacy_ruler) is AttributeRuler
    table = TableAttributeRuler(model.vocab)
    table.add_patterns(spacy_ruler.patterns)
    with model.select_pipes(disable=model.pipe_names[model.pipe_names.index(MODEL_RULER):]):
        docs = list(model.pipe(TEXTS))
    assert sum(len(doc) for doc in docs) > 100
    for doc in docs:
        assert sorted(set(table.match(doc))) == sorted(set(spacy_ruler.match(doc))), doc.text
    # the two-token patterns ("gon" "na") and a regex one ("nothin'") are among the matches
    numbers = {number for doc in docs for number, _, start, end in table.match(doc)}
    assert any(len(pattern) > 1 for number in numbers for pattern in spacy_ruler.matcher.get(str(number))[1])
    assert any("REGEX" in str(spacy_ruler.matcher.get(str(number))[1]) for number in numbers)


def test_claimex_pipeline_annotates_as_the_model_does(model: Language):
    processor = Processor()
    assert isinstance(processor.nlp.get_pipe(MODEL_RULER), TableAttributeRuler)
    with model.select_pipes(disable=["lemmatizer"] if "lemmatizer" in model.pipe_names else []):
        expected = list(model.pipe(TEXTS))
    with processor.nlp.select_pipes(disable=[name for name in processor.nlp.pipe_names if name.startswith("claimex")]):
        found = list(processor.nlp.pipe(TEXTS))
    for want, got in zip(expected, found, strict=True):
        assert [token.text for token in got] == [token.text for token in want]
        assert got.to_array(ANNOTATIONS).tolist() == want.to_array(ANNOTATIONS).tolist(), want.text
