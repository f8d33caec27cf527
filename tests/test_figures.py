"""Figures through the public entry points: the seed article, garbled numbers, the blank model."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import claimex
from claimex.process import Processor

#: Every figure of the Xiaohongshu article, in text order: (text, value, kind, unit, currency, qualifier).
SEED_FIGURES = [
    ("2600 million", 2.6e9, "number", None, None, None),
    ("20 million", 2e7, "count", "creators", None, None),
    ("more than 3 million", 3e6, "count", "notes", None, "more_than"),
    ("200 million", 2e8, "number", None, None, None),
    ("100 million", 1e8, "number", None, None, "more_than"),
    ("400 million", 4e8, "number", None, None, None),
    ("more than 100 million", 1e8, "number", None, None, "more_than"),
    ("about 20 billion", 2e10, "number", None, None, "approx"),
    ("30 billion", 3e10, "number", None, None, None),
    ("80%", 80, "percent", "%", None, None),
    ("about 24 billion", 2.4e10, "number", None, None, "approx"),
    ("$16 billion", 1.6e10, "money", None, "USD", None),
    ("nearly $10 billion", 1e10, "money", None, "USD", "approx"),
    ("27 times", 27, "multiple", "x", None, None),
    ("more than 10 times", 10, "multiple", "x", None, "more_than"),
    ("12 times", 12, "multiple", "x", None, None),
    ("38 times", 38, "multiple", "x", None, None),
    ("700%", 700, "percent", "%", None, None),
    ("more than 100 million", 1e8, "count", "GMVs", None, "more_than"),
    ("300 million yuan", 3e8, "money", None, "CNY", "more_than"),
]


def test_seed_article_yields_every_figure_with_its_value(seed_record) -> None:
    got = [(f.text, f.value, f.kind, f.unit, f.currency, f.qualifier) for f in seed_record.figures]
    assert got == SEED_FIGURES
    assert [f.id for f in seed_record.figures] == [f"f{n}" for n in range(1, len(SEED_FIGURES) + 1)]


def test_seed_offsets_index_the_original_text(seed_record) -> None:
    text = seed_record.article.text
    assert all(text[f.start:f.end] == f.text for f in seed_record.figures)


def test_seed_garbled_magnitude_keeps_its_parts(seed_record) -> None:
    figure = next(f for f in seed_record.figures if f.text == "2600 million")
    assert (figure.parts.mantissa, figure.parts.scale_word, figure.parts.factor) == (2600, "million", 1e6)


def test_seed_fused_year_is_evidence_not_a_figure(seed_record) -> None:
    text = seed_record.article.text
    goal = next(f for f in seed_record.figures if f.text == "400 million")
    assert goal.parts.fused_year == 2023
    start, end = goal.parts.evidence
    assert text[start:end] == "1 in 2023The goal of 400 million"
    assert not any(f.value in (1, 2023) for f in seed_record.figures)


def test_year_glued_to_a_number_never_becomes_one_number() -> None:
    record = claimex.process_text("The platform set a goal of 1 in 2023400 million daily active users.")
    (figure,) = record.figures
    assert (figure.text, figure.value, figure.parts.fused_year) == ("400 million", 4e8, 2023)
    start, end = figure.parts.evidence
    assert record.article.text[start:end] == "1 in 2023400 million"


def test_figures_work_with_the_blank_model() -> None:
    blank = Processor(model="blank")
    record = blank.process_text("About 20 million monthly active creators posted 3.5 pct. more, worth US$ 74.58 million.")
    got = [(f.text, f.value, f.unit, f.currency, f.qualifier) for f in record.figures]
    assert got == [
        ("About 20 million", 2e7, "creators", None, "approx"),
        ("3.5 pct.", 3.5, "%", None, None),
        ("US$ 74.58 million", 74.58e6, None, "USD", None),
    ]


def test_figure_spans_are_in_the_doc_with_their_rule(processor: Processor) -> None:
    doc = processor.nlp("Revenue rose 12% to $2.6 billion.")
    spans = doc.spans["figures"]
    assert [span.text for span in spans] == ["12%", "$2.6 billion"]
    assert [span._.rule for span in spans] == ["figures.unit.percent_sign", "figures.currency.usd_sign"]


@pytest.mark.parametrize(("text", "value"), [
    ("Profit fell 97.5% to a mere 61.9 million yuan.", 61.9e6),
    ("Revenue fell 4.1 billion yuan.", 4.1e9),
])
def test_values_are_exact_in_base_units(text: str, value: float) -> None:
    record = claimex.process_text(text)
    assert record.figures[-1].value == value


NUMBERISH = st.lists(st.sampled_from([
    *"0123456789 ,.-–%$¥€万亿一三\n",
    " million", " billion", "bn", "m", " times", " percent", " yuan", "US$", "HK$", " about ", " more than ",
    " between ", " and ", " to ", "twenty", "-five", " a half", " one", " in ", "2023", "The", "9" * 400,
]), max_size=30).map("".join)


@settings(max_examples=200, deadline=None)
@given(text=NUMBERISH)
def test_any_text_gives_figures_whose_span_is_their_text(text: str, processor: Processor) -> None:
    doc = processor.nlp(text)
    for span in doc.spans["figures"]:
        reading = span._.figure
        assert text[reading.start:reading.end] == reading.text and reading.start < reading.end
        assert reading.value == reading.value and abs(reading.value) != float("inf")


def test_a_number_inside_a_quoted_name_is_a_named_number_not_a_figure(processor: Processor) -> None:
    record = processor.process_text('Cadres must uphold the "two establishments" and raise output 5%.')
    assert [figure.text for figure in record.figures] == ["5%"]
    assert [(named.id, named.text, named.value) for named in record.named_numbers] == [("n1", "two", 2.0)]
    assert '"named_numbers"' not in processor.process_text("Output rose 5%.").to_json()  # records without stay as they were


def test_two_numbers_in_one_token_give_one_figure_record_and_no_stray_year() -> None:
    """spaCy keys a span's figure by offsets and a number's span covers its whole token ('60–90', '2022/23'):
    each token yields one figure at most, and a number set aside in it never replaces a figure's record."""
    text = ("Eat 60–90 minutes before training. Revenue in the 2022/23 season rose 7%. "
            "Drink 13–17 ounces of water.")
    record = claimex.process_text(text)
    offsets = [(figure.start, figure.end) for figure in record.figures]
    assert len(offsets) == len(set(offsets))
    assert [figure.text for figure in record.figures] == ["90", "7%", "17"]
