"""The link stage: every figure becomes a claim with its sentence, subject, metric, time, source, hedge."""

from __future__ import annotations

import pytest

from claimex import process_text
from claimex.schema import ArticleRecord


def _claim_of(record: ArticleRecord, figure_text: str, occurrence: int = 0) -> dict:
    """The claim of a figure, with its ids resolved to what a reader sees."""
    figures = [figure for figure in record.figures if figure.text == figure_text]
    figure = figures[occurrence]
    (claim,) = [claim for claim in record.claims if claim.figure == figure.id]
    entities = {entity.id: entity.name for entity in record.entities}
    times = {time.id: time.value for time in record.times}
    sources = {source.id: (source.name, source.kind) for source in record.sources}
    return {
        "sentence": record.article.text[claim.start:claim.end],
        "subject": entities.get(claim.subject),
        "metric": claim.metric,
        "time": times.get(claim.time),
        "base_time": times.get(claim.base_time),
        "source": sources.get(claim.source),
        "hedge": claim.hedge,
    }


def test_every_figure_becomes_one_claim(seed_record) -> None:
    assert [(claim.id, claim.figure) for claim in seed_record.claims] == \
        [(f"c{number}", figure.id) for number, figure in enumerate(seed_record.figures, start=1)]


def test_seed_monthly_active_users(seed_record) -> None:
    claim = _claim_of(seed_record, "2600 million")
    assert claim["subject"] == "Xiaohongshu"
    assert claim["metric"] == "monthly active users"
    assert claim["time"] == "2022-12"
    assert claim["source"] == ("Wu Xiaobo Channel", "credit_line")
    assert claim["sentence"].startswith("Data shows that by the end of 2022")
    assert claim["hedge"] is None


def test_subject_carries_into_a_following_clause(seed_record) -> None:
    claim = _claim_of(seed_record, "20 million")
    assert (claim["subject"], claim["metric"], claim["time"]) == ("Xiaohongshu", "monthly active creators", "2022-12")


def test_each_figure_takes_the_time_of_its_own_clause(seed_record) -> None:
    assert _claim_of(seed_record, "about 20 billion")["time"] == "2021"
    assert _claim_of(seed_record, "30 billion")["time"] == "2022"
    assert _claim_of(seed_record, "30 billion")["metric"] == "revenue"
    assert _claim_of(seed_record, "about 24 billion")["metric"] == "advertising revenue"


def test_hedges(seed_record) -> None:
    assert _claim_of(seed_record, "more than 100 million", 0)["hedge"] == "according to insiders"
    assert _claim_of(seed_record, "400 million")["hedge"] == "goal of"


def test_metric_of_a_counted_noun_and_of_the_number_of(seed_record) -> None:
    assert _claim_of(seed_record, "38 times")["metric"] == "orders"
    assert _claim_of(seed_record, "$16 billion")["metric"] == "valuation"


@pytest.mark.parametrize(("text", "figure", "expected"), [
    ("According to Reuters, Acme's revenue may reach $5 billion in 2025.", "$5 billion",
     {"subject": "Acme", "metric": "revenue", "time": "2025", "hedge": "may"}),
    ("Acme's daily active users reached 30 million in May 2023, the company said.", "30 million",
     {"subject": "Acme", "metric": "daily active users", "time": "2023-05", "hedge": None}),
    ("Acme's revenue hit $5 billion\n\nIn the first quarter of 2024, Acme grew fast, according to Reuters.",
     "$5 billion", {"subject": "Acme", "metric": "revenue", "time": "2024-Q1"}),
])
def test_claims_of_short_texts(text: str, figure: str, expected: dict) -> None:
    claim = _claim_of(process_text(text), figure)
    assert {key: claim[key] for key in expected} == expected


def test_a_known_metric_that_only_describes_the_head_is_not_the_metric() -> None:
    assert _claim_of(process_text("Vantor's share price fell below the $40 mark on Friday."), "$40")["metric"] \
        == "share price"


@pytest.mark.parametrize("text", [
    "Nine funds opened to savers on Monday. Apart from 1 fund that holds stocks, they buy bonds.",
    "Only 1 fund holds stocks. Nine funds opened to savers on Monday.",
])
def test_a_count_is_named_one_way_in_an_article_in_the_plural(text: str) -> None:
    record = process_text(text)
    assert {_claim_of(record, figure)["metric"] for figure in ("Nine", "1")} == {"funds"}


def test_each_figure_of_a_change_takes_its_own_year() -> None:
    record = process_text("Visitors to the island in 2022 rose from 330,600 in 2021 to 6.3 million, beating "
                          "the forecast of 4 million.")
    assert _claim_of(record, "330,600")["time"] == "2021"
    assert _claim_of(record, "6.3 million")["time"] == "2022"
    assert _claim_of(record, "4 million")["time"] == "2022"


def test_a_share_of_an_earlier_level_is_of_the_period_reported() -> None:
    record = process_text("In 2022, spending on the island recovered to about 52% of the level before the "
                          "pandemic in 2019.")
    assert _claim_of(record, "about 52%")["time"] == "2022"


def test_a_headline_figure_takes_the_time_its_restatement_gives() -> None:
    text = ("Three firms now hold 63% of the cloud market\n\nMain points\n\nThe market keeps growing.\n\n"
            "Cloud demand was strong.\n\nOther providers lag.\n\nIn the third quarter of 2025, the three "
            "firms held 63% of the market, Synergy said.")
    assert _claim_of(process_text(text), "63%")["time"] == "2025-Q3"


def test_a_plan_dates_its_own_sentence_only() -> None:
    record = process_text("The mill will shut on Dec. 9 and lay off 300 workers, the owner said.\n\n"
                          "It employs 1,200 people across the county.", published="2019-11-18")
    assert _claim_of(record, "300")["time"] == "2019-12-09"
    assert _claim_of(record, "1,200")["time"] is None


def test_the_day_a_rule_starts_dates_its_own_sentence_only() -> None:
    record = process_text("Starting from March 3, the fee for a city parking permit is capped at 120 euros.\n\n"
                          "Drivers told the paper they had paid about 300 euros.")
    assert _claim_of(record, "120 euros")["time"] == "XXXX-03-03"
    assert _claim_of(record, "about 300 euros")["time"] is None


def test_a_day_that_opens_its_sentence_after_from_is_when_a_rule_starts_not_a_base() -> None:
    record = process_text("From March 3, a single tram ride in Harbor City costs 2 yuan.\n\n"
                          "Last year 80,000 people rode the tram each day.")
    assert _claim_of(record, "2 yuan")["time"] == "XXXX-03-03"
    assert _claim_of(record, "80,000")["time"] == "XXXX"


def test_a_time_said_as_a_possessor_names_a_thing_and_dates_no_sentence_after() -> None:
    record = process_text("Harbor Space named 9 new suppliers on Monday, three of which were missing from the plan. "
                          "None of them was on last year's shortlist.\n\nThe agency works with 14 suppliers.",
                          published="2019-11-20")
    assert _claim_of(record, "9")["time"] == "2019-11-18"
    assert _claim_of(record, "14")["time"] == "2019-11-18"


def test_a_found_or_a_document_described_by_its_head_noun_is_the_source_of_its_findings() -> None:
    record = process_text("One small, 6-week study in 40 adults found that walking daily cut blood pressure by 5%.\n\n"
                          "The Harbor Heart Fund has 12 clinics.")
    assert _claim_of(record, "5%")["source"] == ("One small, 6-week study", "according_to")
    assert _claim_of(record, "12")["source"] is None


def test_the_agent_of_what_happened_to_a_thing_is_no_source() -> None:
    record = process_text("The drone, the ministry said, crossed the border on Friday and was tracked by the Harbor "
                          "coast guard as it flew at 3,000 meters.")
    assert _claim_of(record, "3,000")["source"] == ("the ministry", "said")


def test_a_time_without_a_value_yields_to_a_dated_one_of_its_sentence() -> None:
    record = process_text("The port authority recently said that 8 million containers are expected to pass "
                          "through the harbour in 2026.\n\nRecently the harbour handled 20 ships a day.")
    assert _claim_of(record, "8 million")["time"] == "2026"
    assert _claim_of(record, "20")["time"] is None


def test_last_month_and_a_weekday_ahead_resolve_against_the_publication_date() -> None:
    record = process_text("Exports rose 4% last month. The council will vote on a $2 million grant on Thursday.",
                          published="2019-11-18")
    assert _claim_of(record, "4%")["time"] == "2019-10"
    assert _claim_of(record, "$2 million")["time"] == "2019-11-21"


def test_a_base_figure_takes_the_time_written_right_after_it_and_the_main_figure_its_own() -> None:
    record = process_text("The average rent of a flat let in March was $2,140, up from $1,985 a year ago.\n\n"
                          "The vacancy rate fell to 3.1% in March from 4.6% a year earlier.", published="2021-04-02")
    assert _claim_of(record, "$2,140")["time"] == "2021-03"
    assert _claim_of(record, "$1,985")["time"] == "2020"
    assert _claim_of(record, "3.1%")["time"] == "2021-03"
    assert _claim_of(record, "4.6%")["time"] == "2020-03"


def test_a_change_measured_year_on_year_is_not_dated_by_its_base() -> None:
    record = process_text("Retail sales rose 4.4% year-on-year in May 2021.")
    assert _claim_of(record, "4.4%")["time"] == "2021-05"


def test_a_size_written_as_an_adjective_takes_no_time_from_the_sentences_before() -> None:
    record = process_text("The maker showed its new tablet in March 2021.\n\nIt has an 11-inch screen and a battery "
                          "that weighs 180 grams.")
    assert _claim_of(record, "11")["time"] is None
    assert _claim_of(record, "180")["time"] == "2021-03"


def test_quarters_counted_back_from_the_quarter_named() -> None:
    record = process_text("The market grew to $107 billion in the third quarter of 2025, compared with "
                          "$68 billion eight quarters earlier.")
    assert _claim_of(record, "$107 billion")["time"] == "2025-Q3"
    assert _claim_of(record, "$68 billion")["time"] == "2023-Q3"


def test_without_a_parse_claims_still_get_sentence_metric_and_time() -> None:
    text = "Acme grew fast in 2021. By the end of 2022, monthly active users reached 30 million, data shows."
    record = process_text(text, model="blank")
    claim = _claim_of(record, "30 million")
    assert claim["sentence"].startswith("By the end of 2022")
    assert claim["metric"] == "monthly active users"
    assert claim["time"] == "2022-12"


def test_link_reads_nothing_of_the_check_stage() -> None:
    """Data flows one way: link (stage 4) gets its words from the shared lexicon, not from check (stage 5)."""
    import ast

    from conftest import ROOT

    tree = ast.parse((ROOT / "pipeline" / "link.py").read_text(encoding="utf-8"))
    imported = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert "rules.lexicon" in imported and not [module for module in imported if module.startswith("check")]


def test_an_organisation_cited_as_source_owns_the_figures_of_a_sentence_that_names_no_owner() -> None:
    record = process_text("Implants get cheaper\nHenan Province capped implant prices. Henan Province set new rules.\n"
                          "Reporters learned from the Riverside Dental Hospital that a single implant now costs about 6,000 yuan.")
    assert _claim_of(record, "about 6,000 yuan")["subject"] == "Riverside Dental Hospital"


def test_a_data_firm_cited_after_the_figures_does_not_own_them() -> None:
    text = ("Car sales slow\nHouston dealers had a slow month. Houston prices rose.\n"
            "Local dealers sold 30,154 new cars in October, according to {firm}.{more}")
    record = process_text(text.format(firm="Carfax Data", more=""))
    assert _claim_of(record, "30,154")["subject"] == "Houston"
    # an organisation the article names outside sources too reports its own figures
    record = process_text(text.format(firm="Maple Motors", more=" Maple Motors opened two showrooms."))
    assert _claim_of(record, "30,154")["subject"] == "Maple Motors"


def test_an_outlet_cited_as_source_owns_nothing() -> None:
    record = process_text("Implants get cheaper\nHenan Province capped implant prices. Henan Province set new rules.\n"
                          "According to Reuters, a single implant now costs about 6,000 yuan.")
    assert _claim_of(record, "about 6,000 yuan")["subject"] == "Henan Province"


def test_a_page_whose_text_does_not_open_with_its_title_takes_the_title_as_headline() -> None:
    """A web page's body often opens with its lead, not its headline: the name its first line gives is no headline
    subject, the title's is."""
    text = ("Tarnwell Bank shares slipped on Monday as Tarnwell Bank traders waited for the recall news.\n"
            "Kestrel Motors said the fault affects the batteries of its scooters. Kestrel Motors will replace them.\n"
            "The repairs will take about 3 weeks.\n")
    assert _claim_of(process_text(text), "about 3")["subject"] == "Tarnwell Bank"  # no title: the first line is it
    titled = process_text(text, title="Kestrel Motors recalls 40,000 scooters")
    assert _claim_of(titled, "about 3")["subject"] == "Kestrel Motors"


def test_an_outlet_named_beside_its_reporter_owns_nothing() -> None:
    record = process_text("Ferry sinks off Norland\nThe Norland coast guard searched the sea all night.\n"
                          "The ferry, according to Dana Wells of Reuters, sank around 40 miles off the coast.\n")
    assert _claim_of(record, "around 40")["subject"] != "Reuters"


def test_a_figure_the_sentence_names_no_owner_for_shares_its_neighbours() -> None:
    record = process_text("Tablet sales cool\n\nVarden Research says 58.4 million tablets shipped worldwide in the second "
                          "quarter, 4.1 percent below the 60.9 million shipped a year earlier. Orbik remained the "
                          "largest vendor with 17.2 million units.\n")
    assert [_claim_of(record, figure)["subject"] for figure in ("58.4 million", "4.1 percent", "60.9 million")] == \
        ["global tablet market"] * 3
    assert _claim_of(record, "17.2 million")["subject"] == "Orbik"


def test_a_time_in_a_participle_phrase_dates_that_phrase_only() -> None:
    side = process_text("The nurse described her illness in a report published on Monday by the institute.\n\n"
                        "Four clinics had turned her away.", published="2019-11-20")
    main = process_text("The nurse described her illness in a report on Monday.\n\n"
                        "Four clinics had turned her away.", published="2019-11-20")
    assert _claim_of(side, "Four")["time"] is None
    assert _claim_of(main, "Four")["time"] == "2019-11-18"


def test_a_verb_misread_as_a_participle_phrase_still_dates_the_sentences_after() -> None:
    record = process_text("The tenants group, Rent Watch, formed in the spring and sent a petition to the council "
                          "on Monday.\n\nThe petition carries 400 signatures.", published="2019-11-20")
    assert _claim_of(record, "400")["time"] == "2019-11-18"


def test_now_dates_its_sentence_not_the_time_an_earlier_one_named() -> None:
    record = process_text("The singer left the band in April after a long tour.\n\n"
                          "Now she plays 40 concerts a year on her own.", published="2019-11-18")
    assert _claim_of(record, "40")["time"] == "2019-11-18"


def test_a_now_that_dates_a_base_figure_still_stops_the_carry() -> None:
    record = process_text("The ministry opened its first wind farm in May 2018.\n\nIt wants to lift the share of wind "
                          "power from about 12% now to 30% by 2030.\n\nThe country has 400 wind farms.",
                          published="2019-11-18")
    assert _claim_of(record, "about 12%")["time"] == "2019-11-18"
    assert _claim_of(record, "400")["time"] is None
    same_sentence = process_text("The ministry opened its first solar farm in May 2018.\n\nIt wants to raise the "
                                 "share of solar from 3% now to 9%.", published="2019-11-18")
    assert _claim_of(same_sentence, "9%")["time"] is None


def test_a_headline_now_takes_the_period_its_restatement_names() -> None:
    text = ("Two ferry lines now carry 58% of the island's visitors\n\nThe season was busy.\n\n"
            "In the second quarter of 2024, the two lines carried 58% of visitors, the port said.")
    assert _claim_of(process_text(text, published="2024-08-01"), "58%")["time"] == "2024-Q2"


def test_now_does_not_date_the_sentences_after() -> None:
    record = process_text("The ferry sank on Tuesday.\n\nNow that the inquiry has ended, the police released "
                          "the film. A fisherman had pulled 12 people from the water.", published="2019-11-18")
    assert _claim_of(record, "12")["time"] is None


def test_a_year_long_before_the_story_dates_its_own_sentence_only() -> None:
    record = process_text("The storm flooded the river town on Monday.\n\nA similar storm in 2004 destroyed 300 homes "
                          "in the valley.\n\nVolunteers carried 45 families to the school hall.", published="2019-11-20")
    assert _claim_of(record, "300")["time"] == "2004"
    assert _claim_of(record, "45")["time"] is None
    recent = process_text("The storm flooded the river town on Monday.\n\nA similar storm in 2018 destroyed 300 homes "
                          "in the valley.\n\nVolunteers carried 45 families to the school hall.", published="2019-11-20")
    assert _claim_of(recent, "45")["time"] == "2018"


def test_a_time_long_before_does_not_date_a_state_told_in_the_present() -> None:
    """A spec or a career total holds at the writing: a month or a year an earlier sentence named is not its time;
    a past event after it still takes that time, and a day of the writing's week still dates a present state."""
    spec = process_text("The coupe was shown in January at the Detroit show.\n\nUnder the hood, it is the same "
                        "4.0-liter engine, which produces 410 horsepower. The maker sold 4,000 coupes.",
                        published="2019-11-20")
    assert _claim_of(spec, "410")["time"] is None
    assert _claim_of(spec, "4,000")["time"] == "2019-01"
    career = process_text("The coach was sacked by the club in December 2018.\n\n"
                          "The board called him a proven winner, having won 19 senior titles.", published="2019-11-20")
    assert _claim_of(career, "19")["time"] is None
    ability = process_text("The earbuds went on sale in January.\n\nTheir case can give up to 24 hours of battery "
                           "life.", published="2019-11-20")
    assert _claim_of(ability, "up to 24")["time"] is None
    recent = process_text("The ferry company opened a new route on Monday.\n\nIts boats carry 300 passengers each.",
                          published="2019-11-20")
    assert _claim_of(recent, "300")["time"] == "2019-11-18"


def test_a_time_long_before_does_not_date_what_may_or_will_be() -> None:
    """A figure under a modal is a possibility or a plan, not an event of the past time an earlier sentence named;
    under a modal perfect ("should have conducted") it is what should have happened then."""
    record = process_text("Jail review\n\nThe inmate died on Aug. 9.\n\nThe guard could face up to five years in "
                          "prison. The officers should have conducted six separate counts. They conducted two.",
                          published="2019-11-20")
    assert _claim_of(record, "up to five")["time"] is None
    assert _claim_of(record, "six")["time"] == "2019-08-09"
    assert _claim_of(record, "two")["time"] == "2019-08-09"


def test_a_period_the_issue_names_dates_its_figures() -> None:
    """"in the first half" is the reported year's half, "last year" the base of the change; "the quarter ended
    September 30, 2020" is that quarter, not the day."""
    half = process_text("Harbor Foods results\n\nHarbor Foods said net profit was 85 million yuan in the first half, "
                        "down 4.2% from the same period last year.", published="2024-08-20")
    assert _claim_of(half, "85 million yuan")["time"] == "2024-H1"
    assert _claim_of(half, "4.2%")["base_time"] == "2023"
    quarter = process_text("Orbis results\n\nFor the quarter ended Dec. 31, Orbis posted revenue of $3.1 billion.",
                           published="2021-02-05")
    assert _claim_of(quarter, "$3.1 billion")["time"] == "2020-Q4"


def test_a_year_long_ago_that_opens_its_sentence_sets_the_scene_of_a_narrative() -> None:
    record = process_text("The bakery is now a chain.\n\nBack in 2009, the founder sold bread from a van.\n\n"
                          "She baked 80 loaves a night.", published="2019-11-20")
    assert _claim_of(record, "80")["time"] == "2009"


def test_a_time_after_a_semicolon_belongs_to_the_next_statement() -> None:
    text = ("The port expects 3 million passengers in 2025. Cargo will return to about 90% of its pre-strike "
            "volume; there is a good chance that the port will fully recover in 2027.")
    assert _claim_of(process_text(text, published="2025-03-01"), "about 90%")["time"] == "2025"
    before = process_text("Sales were 5 billion yuan in 2022; profit was 1 billion yuan.", published="2024-11-20")
    assert _claim_of(before, "1 billion yuan")["time"] == "2022"


def test_an_outlet_whose_reporters_saw_the_figures_does_not_own_them() -> None:
    record = process_text("Harbor Daily reporters saw that 4 of the 5 new funds are from Acme Capital.\n\n"
                          "Reporters learned from the Lakeside Hospital that an implant costs about 16,000 yuan.")
    assert _claim_of(record, "5")["subject"] != "Harbor Daily"
    assert _claim_of(record, "about 16,000 yuan")["subject"] == "Lakeside Hospital"


@pytest.mark.parametrize(("sentence", "figure"), [
    ("Tesla's price war forced Zeta Motors to cut its sales forecast to 40,000 cars.", "40,000"),
    ("Regulators in Texas cut Zeta Motors' sales target by 5%.", "5%"),
    ("Ann Bo expects a shakeout; for now, she puts Zeta Motors' chances of reaching the top three at 15%.", "15%"),
])
def test_the_possessor_of_a_verbs_object_owns_the_figure_its_preposition_gives(sentence: str, figure: str) -> None:
    record = process_text(f"Acme Corp hired staff. Acme Corp grew. Acme Corp paid.\n\n{sentence}")
    assert _claim_of(record, figure)["subject"] == "Zeta Motors"


def test_a_size_joined_by_a_hyphen_is_the_named_things_not_the_shops() -> None:
    record = process_text("Acme Corp hired staff. Acme Corp grew. Acme Corp paid.\n\n"
                          "Today only, Best Buy sells a 65-inch Samsung TV for $500.")
    assert _claim_of(record, "65")["subject"] == "Samsung"


def test_a_few_days_between_two_date_their_own_sentence_only() -> None:
    record = process_text("As of May 9, the bakery had sold 4,200 loaves, and 800 of them were sold between the 5th "
                          "and the 9th. In the weeks since it opened, 310 customers had signed up.")
    assert _claim_of(record, "800")["time"] == "XXXX-05-05/XXXX-05-09"
    assert _claim_of(record, "310")["time"] == "XXXX-05-09"


@pytest.mark.parametrize("cue", ["As of", "Up to", "Through"])
def test_a_time_a_past_perfect_is_reckoned_up_to_is_the_storys(cue: str) -> None:
    """The `reckoned` cues of rules/times/cues: the perfect counts up to the story's time, which the next
    sentence keeps."""
    record = process_text(f"{cue} May 9, the bakery had sold 4,200 loaves.\n\nIts new oven bakes 310 loaves a day.")
    assert _claim_of(record, "310")["time"] == "XXXX-05-09"


def test_a_time_told_in_the_past_perfect_is_not_carried_to_the_sentences_after() -> None:
    record = process_text("Ferry traffic grew in the third quarter of 2021.\n\n"
                          "The operator had cut fares in June 2021. Tickets sold rose 8% to 41,000.")
    assert _claim_of(record, "8%")["time"] == "2021-Q3"


def test_an_undated_change_is_of_the_month_the_report_is_about() -> None:
    record = process_text("Import prices up 3.1%\n\n"
                          "Import prices were 3.1% higher than a year before, the agency said.\n\n"
                          "In April alone, prices rose 0.4%. Fuel drove April's rise, and food fell 1% in April.\n\n"
                          "The April figures came out on Friday.")
    assert _claim_of(record, "3.1%", 1)["time"] == "XXXX-04"
    assert _claim_of(record, "0.4%")["time"] == "XXXX-04"


def test_a_speakers_label_before_a_colon_is_not_the_subject_of_the_quote() -> None:
    """"Name, title: quote": the parser may take the label for the subject of the quote's first verb; the quote's
    figure is of what it is about, unless the speaker speaks of their own case."""
    opening = "Henan cuts implant prices\nHenan province has set a price cap for dental implants. Henan hospitals agreed.\n"
    quoted = process_text(opening + "Zhengzhou hospitals cut prices too.\nLi Yunjie, director of the Zhengzhou Medical "
                                    "Security Bureau: the cost of an implant will fall by half or more.\n")
    assert _claim_of(quoted, "half or more")["subject"] == "Henan"
    assert _claim_of(quoted, "half or more")["source"] == ("Li Yunjie", "said")
    own = process_text(opening + "Li Yunjie, a dentist: my own implant cost me 9,000 yuan.\n")
    assert _claim_of(own, "9,000 yuan")["subject"] == "Li Yunjie"


def test_an_anonymous_source_speaks_for_its_own_paragraph_only() -> None:
    """"Polls have shown ..." or "my doctor told me" in one paragraph is no source for figures of another; the
    outlet that reports the article still is."""
    record = process_text("Stadium plan\nPolls have shown that most residents oppose the stadium, which would seat 40,000 "
                          "people.\nThe city council approved a budget of 2 billion dollars for it on Monday.")
    assert _claim_of(record, "40,000")["source"] == ("Polls", "anonymous")
    assert _claim_of(record, "2 billion dollars")["source"] is None
    record = process_text("Stadium plan\nNEW YORK (Reuters) - Polls have shown that most residents oppose the stadium.\n"
                          "The city council approved a budget of 2 billion dollars for it on Monday.")
    assert _claim_of(record, "2 billion dollars")["source"] == ("Reuters", "outlet")


def test_each_forecaster_is_the_source_of_its_own_figures() -> None:
    record = process_text("Marathon\nThe organisers hope more than 50,000 runners will take part on Sunday, while the "
                          "police expect the crowd along the route to be between 20,000 and 30,000.")
    assert _claim_of(record, "more than 50,000")["source"] == ("The organisers", "said")
    assert _claim_of(record, "20,000")["source"] == ("the police", "said")


def test_a_document_on_an_organisations_own_channel_is_cited_from_the_organisation() -> None:
    record = process_text("Reservoir checks\nAccording to news from the website of the Harbor Ministry of Water Resources "
                          "on the 9th, 42 reservoirs were inspected.")
    assert _claim_of(record, "42")["source"] == ("Harbor Ministry of Water Resources", "according_to")


def test_whom_the_lead_cites_is_the_source_of_the_story() -> None:
    """A story that opens "According to news from the website of the Ministry" reports the ministry's figures
    throughout; an anonymous source later on speaks for its own sentence only."""
    record = process_text("Rescue teams save four\nAccording to news from the website of the Harbor Ministry of Emergencies "
                          "on the 11th, the rescue team sent 3 squads and 45 rescuers.\nSo far, four trapped people have "
                          "been rescued.\nThe team also inspected 25 buildings.\nAnalysts said the team needs 30 more dogs.")
    ministry = ("Harbor Ministry of Emergencies", "according_to")
    assert [_claim_of(record, text)["source"] for text in ("3", "25")] == [ministry, ministry]
    assert _claim_of(record, "30")["source"] == ("Analysts", "anonymous")
    # one cited after a figure of its sentence speaks for that figure only
    record = process_text("Car sales slow\nLocal dealers sold 30,154 new cars in October, according to Harbor Auto Data.\n"
                          "Nationally, dealers sold 17.3 million cars last year.")
    assert _claim_of(record, "30,154")["source"] == ("Harbor Auto Data", "according_to")
    assert _claim_of(record, "17.3 million")["source"] is None
    record = process_text("Visitors return\nThe latest statistics released by the Harbor Tourism Board show that visitors "
                          "rose to 6 million last year.\nHotel occupancy reached 80%.\n"
                          "According to local media, the mayor wants 9 million visitors.\nThe city has 120 hotels.")
    board = ("the Harbor Tourism Board", "according_to")
    assert [_claim_of(record, text)["source"] for text in ("6 million", "80%", "120")] == [board, board, board]


def _time_of(record: ArticleRecord, figure_text: str) -> tuple[str, str | None] | None:
    """The text and value of the time a figure's claim takes."""
    (figure,) = [figure for figure in record.figures if figure.text == figure_text]
    (claim,) = [claim for claim in record.claims if claim.figure == figure.id]
    times = {time.id: (time.text, time.value) for time in record.times}
    return times.get(claim.time) if claim.time else None


def test_a_weekday_of_an_undated_text_dates_its_figures_by_name() -> None:
    """With no date to count back from, "on Wednesday" is still the figure's time (value null, as "recently"), and the
    other day of the sentence is the figure's beside it ("closing at $41.20 on Friday")."""
    record = process_text("Norvik shares sink\n\nNorvik shares fell 8% on Wednesday and closed at $41.20 on Friday.\n\n"
                          "The board meets in May.")
    assert _time_of(record, "8%") == ("Wednesday", None)
    assert _time_of(record, "$41.20") == ("Friday", None)


def test_a_weekday_of_a_dateline_without_a_year_is_of_its_month() -> None:
    record = process_text("HAVEN, March 17 -- The port handled 5,200 containers on Tuesday.")
    assert _time_of(record, "5,200") == ("Tuesday", "XXXX-03")
    bracketed = process_text("HAVEN, March 17 -- On Tuesday (March 14), the port handled 5,200 containers.")
    assert _time_of(bracketed, "5,200") == ("March 14", "XXXX-03-14")


def test_the_weekday_of_a_saying_in_an_undated_text_dates_no_figure_it_reports() -> None:
    """"…, the bureau said Friday.": the day of the saying, not of the facts said; the figures keep the month the
    report is about."""
    record = process_text("Bread costs more\n\nBread prices rose 3.1% in March from a year before, the bureau said "
                          "Friday.\n\nMilk prices rose 1.2%, it said.")
    assert _time_of(record, "3.1%") == ("March", "XXXX-03")


def test_a_year_that_names_a_thing_dates_only_the_figures_of_that_thing() -> None:
    """"surpassing the 2009 storm": the year names what the sentence compares with; it dates that storm's own figures
    ("the 2009 storm that flooded 4,000 homes"), not the sentence's (the wind speed of this week's storm)."""
    record = process_text("Storm hits coast\n\nThe storm brought winds of 190 km/h on Monday, surpassing the 2009 storm "
                          "that flooded 4,000 homes.\n\nIt cut power to 20,000 homes.")
    assert _time_of(record, "190 km/h") == ("Monday", None)
    assert _time_of(record, "4,000")[1] == "2009"
    assert _time_of(record, "20,000") == ("Monday", None)
    during = process_text("Jersey sales rose 20% during the 2022 World Cup.")
    assert _time_of(during, "20%") == ("2022", "2022")


def test_a_year_that_names_a_thing_is_not_the_year_the_text_reports_in() -> None:
    """"reject the 1992 Consensus": a text of any later year may say so. Alone it gives no reference year; beside facts
    told of earlier years it bounds their year from below (the text is no earlier than the 2011 flood it names)."""
    alone = process_text("Talks stall\n\nBoth parties rejected the 1992 Consensus. Trade fell 4% this year.")
    assert alone.article.reference_year is None
    assert _claim_of(alone, "4%")["time"] == "XXXX"
    floor = process_text("Floods return\n\nThe river rose past the mark of the 2011 flood. A flood in 1998 covered "
                         "300 farms. Trade fell 4% this year.")
    assert floor.article.reference_year == 2011


def test_a_subject_the_parse_hangs_on_an_auxiliary_is_its_verbs() -> None:
    """"co-hosted" splits in the parse and "was" takes the subject: the forum's sub-forums, not a co-host's."""
    record = process_text("The 9th Harbor Trade Forum opens in Lisbon\nThe forum was co-hosted by the Lisbon Chamber of "
                          "Commerce and the Ministry of Trade of Angola, including a main forum and five sub-forums on "
                          "shipping, ports and tariffs.")
    assert _claim_of(record, "five")["subject"] == "forum"


def test_a_name_inside_an_amount_owns_no_figure() -> None:
    """The model may tag the currency word of an amount as a name ("Euro" of "19.99 Euro"); it is the
    amount's unit, not an owner of the amount beside it."""
    record = process_text("Tested by: Ann Lee RRP: 19.99 Euro (£17)")
    assert _claim_of(record, "£17")["subject"] != "Euro"
    inside = [(figure.start, figure.end) for figure in record.figures]
    owners = {claim.subject for claim in record.claims}
    assert all(not any(start <= first and last <= end for start, end in inside)
               for entity in record.entities if entity.id in owners for first, last in entity.mentions)


def test_a_company_described_as_the_speaker_is_the_source_of_its_figures() -> None:
    """"the company said" names the company the article is about, "the ministry said" the ministry named before
    it; a body no name is given for stays described."""
    record = process_text("Norvik Motors expands\nNorvik Motors opened a plant in Ohio. Norvik Motors hired 400 staff.\n\n"
                          "Exports rose 4% in June, the Ministry of Trade reported. Norvik Motors' sales rose 12% in "
                          "March, the company said.\n\nShipments fell 3% in May, the ministry said.")
    assert _claim_of(record, "12%")["source"] == ("Norvik Motors", "said")
    assert _claim_of(record, "3%")["source"] == ("Ministry of Trade", "said")
    unnamed = process_text("Prices rose\n\nImport prices rose 3.1% in May, the agency said.")
    assert _claim_of(unnamed, "3.1%")["source"] == ("the agency", "said")


def test_a_denied_statement_is_no_source() -> None:
    record = process_text("Norvik Motors cuts jobs\nNorvik Motors will cut jobs. The company did not say how many of "
                          "its 3,000 workers would go.")
    assert _claim_of(record, "3,000")["source"] is None


@pytest.mark.parametrize("sentence", [
    "The Lakeside Water Authority said 40 households lost service.",
    "The Riverside Health Institute estimated that 964,000 adults used the drug.",
    "Mayor Lin Tao said 30 people died in the flood.",
])
def test_a_speaker_does_not_own_a_count_of_what_it_reports(sentence: str) -> None:
    record = process_text(f"Flood hits the coast\n{sentence}")
    figure = next(figure.text for figure in record.figures if figure.kind in ("count", "number", "quantity"))
    assert _claim_of(record, figure)["subject"] is None


def test_a_speaker_still_owns_what_it_says_of_itself() -> None:
    record = process_text("Acme Corp said it sold 30,000 cars in May. Acme Corp said revenue rose 5%.")
    assert _claim_of(record, "30,000")["subject"] == "Acme Corp"
    assert _claim_of(record, "5%")["subject"] == "Acme Corp"


def test_a_negated_attribution_cites_nobody_and_stops_the_source_carried_from_before() -> None:
    """"No authoritative source confirmed the 20% cut": the figure is nobody's report; neither the source of the
    sentence before nor the article's outlet speaks for it. A source the sentence itself names still does."""
    record = process_text("Mill cuts\nNEW YORK (Reuters) - Harbor Mills cut prices in March, the company said. No "
                          "authoritative source confirmed the 20% cut in staff.\n\nThe board did not say how many of its "
                          "900 workers would go.")
    assert _claim_of(record, "20%")["source"] is None
    assert _claim_of(record, "900")["source"] is None
    record = process_text("Mill cuts\nThe company did not say how many of its 900 workers would go, Reuters reported.")
    assert _claim_of(record, "900")["source"] == ("Reuters", "outlet")


def test_a_pronoun_speaker_speaks_as_the_one_cited_before() -> None:
    record = process_text("Mill cuts\nHarbor Mills cut prices, Tom Weller, its chief, said on Monday. Analysts say demand "
                          "is weak.\nHe added that exports would fall 5% next year.")
    assert _claim_of(record, "5%")["source"] == ("Tom Weller", "said")


@pytest.mark.parametrize(("text", "figure", "owner"), [
    ("Orbis Corp said its China sales rose 5% last year.", "5%", "Orbis Corp"),
    ("Velmar shares closed at $12, below their Frankfurt debut price of $15.", "$15", "Velmar"),
])
def test_a_place_modifying_a_possessed_noun_says_where_not_whose(text: str, figure: str, owner: str) -> None:
    """"its China sales", "their Frankfurt debut price": the possessor's, not the place's."""
    assert _claim_of(process_text(text), figure)["subject"] == owner


def test_a_setting_is_not_what_its_points_to() -> None:
    """"its listing in Hong Kong, pricing its shares at a discount": the company's shares, not Hong Kong's."""
    record = process_text("Orbis Group is set to raise $3 billion from its second listing in Hong Kong, "
                          "pricing its shares at a 3 per cent discount.")
    assert _claim_of(record, "3 per cent")["subject"] == "Orbis Group"


def test_what_is_listed_beside_the_counted_noun_does_not_own_the_count() -> None:
    """"legal in 11 states and the District of Columbia": the district is counted with the states."""
    record = process_text("Recreational cannabis is now legal in 11 states and the District of Columbia.")
    assert _claim_of(record, "11")["subject"] != "District of Columbia"


def test_he_of_a_man_the_article_does_not_name_is_no_one() -> None:
    """The writer cited for the story ("Mara Dell of the Washington Post") is not whom "he" points to, and with no
    one else named "he" is an unnamed man's, not the company the article named before."""
    record = process_text("The board of Harbor Steel met on Monday. A second case was reported in a man from Inner "
                          "Mongolia. He had, according to Mara Dell of the Washington Post, walked to a clinic 40 miles away.")
    assert _claim_of(record, "40")["subject"] is None
    record = process_text("Lin Tao of Harbor Steel met the board. He has spent $24,000 on the project.")
    assert _claim_of(record, "$24,000")["subject"] == "Lin Tao"


@pytest.mark.parametrize(("text", "figure", "owner"), [
    ("Kestrel Oil grew. Kestrel Oil hired. Kestrel Oil paid.\nPresident Lena Hart of Chile said her country would "
     "import 2 million tonnes of wheat.", "2 million", "Chile"),
    ("Kestrel Oil grew. Kestrel Oil hired. Kestrel Oil paid.\nTomas Weil, chief of Harbor Mills, said his firm "
     "spent $8 million on research.", "$8 million", "Harbor Mills"),
    ("Kestrel Oil grew. Kestrel Oil hired. Kestrel Oil paid.\nTomas Weil said his firm spent $8 million on research.",
     "$8 million", None),
])
def test_his_country_or_her_company_is_the_one_named_with_the_person(text: str, figure: str, owner: str | None) -> None:
    """"her country", "his firm": the place or organisation of that kind named before it in the sentence, not the
    person and not the article's company; no one when none is named."""
    assert _claim_of(process_text(text), figure)["subject"] == owner


def test_a_company_described_not_named_owns_as_the_company_it_stands_for() -> None:
    """"the firm's profit", "…, according to the company": the company named last and again, not the headline's."""
    opening = ("Dunmore Foods sells rice\nDunmore Foods hired staff. Dunmore Foods paid bonuses. Dunmore Foods grew.\n\n"
               "Harbor Mills grinds wheat. Harbor Mills opened a plant in May.\n\n")
    record = process_text(opening + "The firm's profit doubled to $30 million last year.")
    assert _claim_of(record, "$30 million")["subject"] == "Harbor Mills"
    record = process_text(opening + "Some 9 million bags were shipped in June, according to the company.")
    assert _claim_of(record, "Some 9 million")["subject"] == "Harbor Mills"


def test_a_metric_is_a_word_not_a_sign_a_unit_or_a_preposition() -> None:
    """"Rs 40 lakh", "$9.99/mo", "in front of 12,000": no metric from the figure's own words ("Rs 30 lakh" shares the
    spending of the amount before it), a one- or two-letter head or a complex preposition's noun (nor from the
    subject above it)."""
    record = process_text("She spent Rs 12 lakh on rent and Rs 30 lakh on fees. The plan costs $9.99/mo. "
                          "The Harbor Hawks won in front of 12,000 at home.")
    assert _claim_of(record, "Rs 30 lakh")["metric"] == "spending"
    assert _claim_of(record, "$9.99")["metric"] == "cost"
    assert _claim_of(record, "12,000")["metric"] is None


@pytest.mark.parametrize(("text", "figure", "subject"), [
    # the clause's own named subject owns what its verb's object counts or holds
    ("Season review\nMarco Bellini won four Ligue Nationale trophies in charge of Corvale FC.", "four", "Marco Bellini"),
    ("Lander contracts\nThe Orbital Agency picked proposals from three younger firms, Selene Works and Tidal Orbit.",
     "three", "The Orbital Agency"),
    ("Jet orders\nQantara Airways is the largest customer of the Vireo V9, with 48 of the jets in its fleet.", "48",
     "Qantara Airways"),
    # not when the name in the phrase possesses what the figure is, did it, or the figure is in the subject
    ("Target cut\nMerrow Capital cut Zeta Foods' price target by 5%.", "5%", "Zeta Foods"),
    ("Late win\nThe Falcons lost the game after a last-second 3-pointer by guard Milo Crane.", "3", "Milo Crane"),
    ("Growth outlook\nMerrow Capital expects 5% growth in Brazil next year.", "5%", "Brazil"),
    ("Pension products\nFenwick Finance Network listed 7 pension products of Corvale Wealth Management.", "7",
     "Corvale Wealth Management"),
])
def test_the_clause_named_subject_owns_figures_before_a_name_in_its_object(text: str, figure: str, subject: str) -> None:
    assert _claim_of(process_text(text), figure)["subject"] == subject


def test_a_market_index_owns_no_figure_its_country_does_and_the_metric_names_it() -> None:
    record = process_text("Orbis Mining shares have gained 31 percent this year, while the S&P 500 is up 18 percent.\n"
                          "In Hong Kong the Hang Seng gained 0.8% and the Shanghai Composite Index fell 0.5% to 3,050 points. "
                          "The MSCI World index rose 0.2%.")
    assert _claim_of(record, "31 percent")["subject"] == "Orbis Mining"
    assert [(_claim_of(record, figure)["subject"], _claim_of(record, figure)["metric"])
            for figure in ("18 percent", "0.8%", "0.5%", "3,050", "0.2%")] == [
        ("United States", "S&P 500 change"), ("Hong Kong", "Hang Seng Index change"), ("China", "Shanghai Composite change"),
        ("China", "Shanghai Composite"), (None, "MSCI World change")]


def test_a_firm_cited_after_a_figure_is_its_source_not_its_owner() -> None:
    record = process_text("Car sales slump in Harbor City\nCar sales in Harbor City fell 8 percent in May. Harbor City "
                          "dealers sold 12,400 cars, according to a report from MotorStat. Dealers sold 151,000 cars "
                          "last year, according to MotorStat.\n\"Buyers are waiting,\" MotorStat President Dana Loy said.")
    claim = _claim_of(record, "151,000")
    assert (claim["subject"], claim["source"]) == ("Harbor City", ("MotorStat", "according_to"))


def test_a_clause_after_and_is_owned_by_its_own_name() -> None:
    # the parse hangs "Arthur Jackson" on the place before "and", leaving "caught" without a subject
    record = process_text("Shaq Vann rushed for 101 yards and a touchdown on 14 carries for Eastern Michigan and "
                          "Arthur Jackson caught two TD passes.")
    assert [_claim_of(record, figure)["subject"] for figure in ("101", "two")] == ["Shaq Vann", "Arthur Jackson"]
    # an elliptic clause names its own place: "and in Syria more than 3,500"
    record = process_text("The death toll in Turkey stands at 20,665 and in Syria more than 3,500.")
    assert [_claim_of(record, figure)["subject"] for figure in ("20,665", "more than 3,500")] == ["Turkey", "Syria"]
    # the same list as translations word it: the item's name with no preposition, or with its own pronoun and verb
    record = process_text("Floods hit two provinces\nHenan has 1.2 million people affected and Hubei more than 800,000.")
    assert [_claim_of(record, figure)["subject"] for figure in ("1.2 million", "more than 800,000")] == ["Henan", "Hubei"]
    record = process_text("The number of people affected in Henan was 1.2 million, while in Hubei it exceeded 800,000.")
    assert [_claim_of(record, figure)["subject"] for figure in ("1.2 million", "800,000")] == ["Henan", "Hubei"]


def test_an_untagged_name_that_is_the_clause_subject_owns_its_figure() -> None:
    # the recogniser tags no entity on "Charging Case": the clause's own proper-name subject still owns the figure,
    # not the reviewer named in the sentence before
    record = process_text("Ann Roe reviewed the earbuds. The Charging Case delivers more than 24 hours of battery life.")
    assert _claim_of(record, "more than 24")["subject"] == "Charging Case"


@pytest.mark.parametrize(("text", "figure", "subject"), [
    # a title's place (the model runs it into the name: 'Peru Daniel Okafor') is not the holder's figure's owner
    ("Former U.S. envoy to Peru Daniel Okafor has a fortune of about $4 million, according to a wealth tracker. He "
     "was posted to Peru in 2012.", "about $4 million", "Daniel Okafor"),
    ("Former British ambassador to Chile Helen Marsh earns about $200,000 a year from speeches. She left Chile in "
     "2015.", "about $200,000", "Helen Marsh"),
    # the town after a person's age is where the person lives (the model tags it an organisation), not an owner
    ("Officers arrested Tomas R. Delgado, 29, of Fairview, on charges including three warrants.", "three",
     "Tomas R. Delgado"),
    ("Police said they arrested Kyle J. Brandt, 35, of Lincoln, on 4 counts of fraud.", "4", "Kyle J. Brandt"),
])
def test_a_person_named_with_a_title_or_home_owns_the_figure_not_the_place(text: str, figure: str, subject: str) -> None:
    assert _claim_of(process_text(text), figure)["subject"] == subject
