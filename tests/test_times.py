"""Times in the Xiaohongshu article, and the reference year they resolve against."""

from __future__ import annotations

from claimex.process import Processor

EXPECTED_SEED_TIMES = {
    "the end of 2022": "2022-12",
    "this year": "2023",
    "the beginning of 2023": "2023-01",
    "the second half of 2024": "2024-H2",
    "April of this year": "2023-04",
    "December 28": "2023-12-28",
    "2022 to August 2023": "2022/2023-08",
    "last year's": "2022",
    "a few days ago": None,
}


def test_seed_reference_year_is_inferred_from_the_text(seed_record) -> None:
    assert seed_record.article.published is None
    assert (seed_record.article.reference_year, seed_record.article.reference_year_inferred) == (2023, True)


def test_seed_times_resolve_to_iso_values(seed_record) -> None:
    values = {time.text: time.value for time in seed_record.times}
    for text, value in EXPECTED_SEED_TIMES.items():
        assert text in values, f"{text!r} not found in {sorted(values)}"
        assert values[text] == value, text


def test_seed_time_offsets_index_the_original_text(seed_record) -> None:
    for time in seed_record.times:
        assert seed_record.article.text[time.start:time.end] == time.text


def test_published_date_wins_over_the_text(processor: Processor) -> None:
    record = processor.process_text("2023 is the 10th year of the app. This year it grew.", published="2025-03-01")
    assert (record.article.reference_year, record.article.reference_year_inferred) == (2025, False)
    assert [time.value for time in record.times] == ["2023", "2025"]


def test_no_year_in_an_undated_text_leaves_the_year_of_relative_times_unknown(processor: Processor) -> None:
    record = processor.process_text("This year the app grew fast.")
    assert (record.article.reference_year, record.article.reference_source) == (None, None)
    assert [(time.text, time.value) for time in record.times] == [("This year", "XXXX")]


def test_the_reference_year_says_where_it_came_from(processor: Processor) -> None:
    dated = processor.process_text("Sales fell in 2019. Sales this year rose.", published="2024-05-02")
    dateline = processor.process_text("Sales rose\nDec. 9, 2025 | 3 min read\nSales fell in 2021.")
    text = processor.process_text("Sales fell in 2019 and rose in 2021. Sales this year rose.")
    assert [(record.article.reference_year, record.article.reference_source) for record in (dated, dateline, text)] \
        == [(2024, "published"), (2025, "dateline"), (2021, "text")]


def test_a_target_a_forecast_or_a_comparison_year_never_dates_an_undated_text(processor: Processor) -> None:
    record = processor.process_text("The firm aims to double sales by 2028. Officials projected two hikes in 2025. "
                                    "Prices saw their largest rise since January 2008. Prices this year rose.")
    assert record.article.reference_year is None
    assert [time.value for time in record.times][-1] == "XXXX"


def test_weekdays_and_today_resolve_against_the_published_date(processor: Processor) -> None:
    record = processor.process_text("Prices rose 2% today, after a 1% fall on Friday, the bureau said Monday.",
                                    published="2019-11-20")
    assert record.article.reference_date == "2019-11-20"
    assert [(time.text, time.value) for time in record.times] == [
        ("today", "2019-11-20"), ("Friday", "2019-11-15"), ("Monday", "2019-11-18")]


def test_a_change_is_dated_by_its_period_and_measured_against_its_base(processor: Processor) -> None:
    record = processor.process_text("Acme's net profit was 85 million yuan in the first half of 2023, "
                                    "down 4.2% from the same period last year.")
    times = {time.id: time.value for time in record.times}
    claims = [(times.get(claim.time or ""), times.get(claim.base_time or "")) for claim in record.claims]
    assert claims == [("2023-H1", None), ("2023-H1", "2022")]


def test_the_blank_model_resolves_times_too() -> None:
    record = Processor(model="blank").process_text("By the end of 2022 users doubled; in Q3 2021 they fell.")
    assert [time.value for time in record.times] == ["2022-12", "2021-Q3"]


def test_a_year_fused_into_a_figure_is_a_time() -> None:
    from claimex.extract import build_pipeline, read_times
    from claimex.extract.extensions import FusedYear

    nlp, _ = build_pipeline(model="blank")
    text = "The platform set a goal of 1 in 2023400 million daily users."
    doc = nlp.make_doc(text)
    span = doc.char_span(text.index("2023400"), text.index(" million") + len(" million"))
    span._.fused_year = FusedYear(2023, text.index("2023"), text.index("2023") + 4)
    doc.spans["figures"] = [span]
    doc = nlp.get_pipe("claimex_times")(doc)
    assert [(time.text, time.value, time.rule) for time in read_times(doc)] == [("2023", "2023", "times.fused_year")]


def test_the_figures_component_hands_times_the_year_it_found_glued_into_a_figure() -> None:
    from claimex.extract import build_pipeline, read_figures, read_times

    nlp, _ = build_pipeline(model="blank")
    text = "Its target was 2023400 million users, up from 1 in 2022The plan of 80 million."
    doc = nlp(text)
    fused = [(span.text, span._.fused_year) for span in doc.spans["figures"] if span._.fused_year]
    assert [(name, year.year, text[year.start:year.end]) for name, year in fused] == [
        ("2023400 million", 2023, "2023"), ("80 million", 2022, "2022")]
    assert [figure.parts.fused_year for figure in read_figures(doc)] == [2023, 2022]
    assert [(time.text, time.rule) for time in read_times(doc)] == [
        ("2023", "times.fused_year"), ("2022", "times.year.bare")]  # a bare year the times rules read themselves


def test_a_month_told_in_the_past_is_no_future_month(processor: Processor) -> None:
    text = ("In December, the brewer bought a rival for $3 million, it said.\n"
            "The brewer will open a new hall in December, it said.")
    record = processor.process_text(text, published="2021-03-03")
    assert [(time.text, time.value) for time in record.times] == [("December", "2020-12"), ("December", "2021-12")]


def test_a_number_the_figures_read_as_an_amount_is_no_year(processor: Processor) -> None:
    """One detector per fact: '1920 pixels' is a figure with a unit, so the times stage does not date the
    phone's other figures to 1920; a bare year beside it is still a year."""
    record = processor.process_text("The phone shows 1080 pixels by 1920 pixels. In 2020 its sales rose 5%.")
    assert [(figure.text, figure.unit) for figure in record.figures] == [("1080", "px"), ("1920", "px"), ("5%", "%")]
    assert [time.value for time in record.times] == ["2020"]
