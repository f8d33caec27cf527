"""The span toolkit: one definition of overlap, line and sentence for every stage."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from claimex.spans import SpanSet, TextIndex, keep_non_overlapping, line_bounds, overlaps

TEXTS = st.text(alphabet=st.sampled_from(list("ab A1.?!\n \"”。")), max_size=60)


def test_overlap_is_half_open() -> None:
    assert overlaps((0, 5), (4, 9)) and not overlaps((0, 5), (5, 9))


def test_first_candidate_wins_and_result_is_in_text_order() -> None:
    candidates = [(10, 20), (0, 12), (18, 25), (25, 30), (0, 5)]
    assert keep_non_overlapping(candidates, lambda span: span) == [(0, 5), (10, 20), (25, 30)]


def test_a_span_set_refuses_overlaps_and_knows_its_members() -> None:
    taken = SpanSet()
    assert taken.add((5, 8)) and taken.add((0, 5)) and taken.add((8, 8))
    assert not taken.add((7, 9)) and not taken.add((1, 2)) and not taken.add((8, 8))
    assert (5, 8) in taken and (5, 9) not in taken and len(taken) == 3


@given(TEXTS, st.data())
def test_line_bounds_agree_with_the_one_off_look_up(text: str, data: st.DataObject) -> None:
    offset = data.draw(st.integers(0, len(text)))
    assert TextIndex(text).line(offset) == line_bounds(text, offset)


def test_sentences_end_at_a_stop_before_a_capital_or_at_a_line_break() -> None:
    text = "Revenue rose 5% to 3.2 billion. Profit fell.\nNew line here"
    index = TextIndex(text)
    assert text[slice(*index.sentence(text.index("3.2")))] == "Revenue rose 5% to 3.2 billion."
    assert text[slice(*index.sentence(text.index("fell")))] == "Profit fell."
    assert text[slice(*index.sentence(len(text) - 1))] == "New line here"


def test_rule_words_are_expanded_from_their_lemma() -> None:
    from claimex.rules.inflect import word_forms

    assert set(word_forms("say")) == {"say", "says", "said", "saying"}
    assert "stood at" in word_forms("stand at") and "market shares" in word_forms("market share", "NOUN")


SPANS = st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)).map(sorted).map(tuple), max_size=8)


@given(SPANS, st.tuples(st.integers(0, 30), st.integers(0, 30)).map(sorted).map(tuple))
def test_coverage_answers_as_a_scan_of_every_span_would(spans: list, query: tuple) -> None:
    from claimex.spans import Coverage

    coverage = Coverage(spans)
    covering = [span for span in spans if span[0] < span[1]]
    assert coverage.overlaps(query) == any(overlaps(query, span) for span in covering)
    assert coverage.covers(query[0]) == any(start <= query[0] < end for start, end in covering)


@given(SPANS, st.tuples(st.integers(0, 30), st.integers(0, 30)).map(sorted).map(tuple))
def test_by_offset_answers_as_a_scan_of_every_item_would(spans: list, query: tuple) -> None:
    from claimex.schema import Time
    from claimex.spans import ByOffset

    times = [Time(id=f"t{n}", text="x", start=start, end=end) for n, (start, end) in enumerate(spans)]
    index = ByOffset(times)
    start, end = query
    assert index.starting_in(start, end) == [time for time in times if start <= time.start < end]
    assert index.inside(start, end) == [time for time in times if start <= time.start < end and time.end <= end]
    assert index.overlapping(start, end) == [time for time in times if overlaps((time.start, time.end), query)]
