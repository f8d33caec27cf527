"""The link stage's sources: which source speaks for a figure (issue 11), read through the public API."""

from __future__ import annotations

from test_link import _claim_of

from claimex import process_text


def test_a_speaker_in_a_side_clause_speaks_for_that_clause_only() -> None:
    """"…, though officials say the risk is low": the officials did not report the cases; "with analysts
    suggesting a 2% drop" speaks for the drop, not for the fall before it. "as the ministry said" reports the
    main clause."""
    record = process_text("Plague\nThree cases of plague were found in the province, though officials say the risk of "
                          "an outbreak is low.\nAll 3 patients are in hospital.")
    assert _claim_of(record, "Three")["source"] is None
    assert _claim_of(record, "3")["source"] is None
    record = process_text("Car sales\nSales fell 4% in March, with Harbor Bank analysts suggesting a further drop of 2% "
                          "in April.")
    assert _claim_of(record, "4%")["source"] is None
    assert _claim_of(record, "2%")["source"] == ("Harbor Bank analysts", "anonymous")
    record = process_text("Exports\nExports fell 5% in May, as the ministry said last week.")
    assert _claim_of(record, "5%")["source"] == ("the ministry", "said")


def test_they_said_is_the_group_cited_before_never_a_person() -> None:
    record = process_text("Dealers\nThe Harbor Dealers Association warned of a slowdown on Monday.\n"
                          "They said sales would fall 3% next year.")
    assert _claim_of(record, "3%")["source"] == ("The Harbor Dealers Association", "said")
    record = process_text("Dealers\n\"Demand is weak,\" said Ana Ruiz, who runs a dealership.\n"
                          "They said sales would fall 3% next year.")
    assert _claim_of(record, "3%")["source"] is None
    record = process_text("Dealers\nThey said sales would fall 3% next year.")
    assert _claim_of(record, "3%")["source"] is None


def test_a_document_or_outlet_cited_later_does_not_report_the_figures_before_it() -> None:
    """The article's document or outlet speaks for figures it comes before, not for those above it; a headline
    figure takes one from the lead below it."""
    record = process_text("Sleep study: 40% of adults sleep too little\nAbout 40% of adults sleep less than 7 hours.\n\n"
                          "Doctors recommend 8 hours.\n\nA new study shows that 12% never exercise.\n\nOnly 5% eat well.")
    study = ("A new study", "data")
    assert _claim_of(record, "40%")["source"] == study  # the headline's, from the lead
    assert [_claim_of(record, text)["source"] for text in ("About 40%", "less than 7", "8")] == [None, None, None]
    assert [_claim_of(record, text)["source"] for text in ("12%", "5%")] == [study, study]
    record = process_text("Rents rise 4%\nRents rose 4% in the city, a report shows.\n\nWages rose 2%.")
    assert [_claim_of(record, text)["source"] for text in ("4%", "2%")] == [("a report", "data")] * 2


def test_a_day_of_an_earlier_paragraph_does_not_date_what_may_be_told_later() -> None:
    """"shown off at the auto show on Tuesday" dates the showing; what may be two paragraphs on ("would offer 335
    horsepower", "could reach 60 mph in 5 seconds") holds at no day. What happened is still of that day, and a
    period carries on."""
    record = process_text("Harbor Motors concept\nHarbor Motors showed the Vela concept at the auto show on Tuesday.\n\n"
                          "The Vela is a large van.\n\nAn electric version would offer 335 horsepower and could reach "
                          "60 mph in 5 seconds.\n\nHarbor Motors shares rose 3% after the show.", published="2023-11-16")
    assert [_claim_of(record, text)["time"] for text in ("335", "60", "5")] == [None, None, None]
    assert _claim_of(record, "3%")["time"] == "2023-11-14"
    record = process_text("Harbor Bank results\nHarbor Bank earned $2 billion in the third quarter of 2023.\n\n"
                          "Its loan book now shows a 5% rise.")
    assert _claim_of(record, "5%")["time"] == "2023-Q3"


def test_the_outlet_that_publishes_the_page_reports_all_of_it_wherever_it_is_named() -> None:
    """"a resident told the Lakeside Ledger" on the Ledger's own site (its URL, site name or the initials of its
    name): the Ledger reports the figures above that line too. On another site, or with no site known, the outlet
    told reports nothing: it only listened."""
    text = ("Ferry fares\nFerry fares will rise 15% in June.\n\nThe line carries 4,000 riders a day.\n\n"
            "\"It is too much,\" a rider told the Lakeside Ledger.\n\nA monthly pass will cost $90.")
    ledger = ("Lakeside Ledger", "outlet")
    own = process_text(text, url="https://www.lakesideledger.com/2024/05/ferry-fares")
    assert [_claim_of(own, figure)["source"] for figure in ("15%", "4,000", "$90")] == [ledger] * 3
    named = process_text(text, site_name="The Lakeside Ledger")
    assert [_claim_of(named, figure)["source"] for figure in ("15%", "4,000", "$90")] == [ledger] * 3
    initials = process_text(text.replace("the Lakeside Ledger", "TLG"), site_name="The Lakeside Gazette")
    assert [_claim_of(initials, figure)["source"] for figure in ("15%", "4,000", "$90")] == [("TLG", "outlet")] * 3
    for other in (process_text(text, url="https://www.harborpost.com/ferry-fares"), process_text(text)):
        assert [_claim_of(other, figure)["source"] for figure in ("15%", "4,000", "$90")] == [None, None, None]


def test_the_outlet_told_is_no_source_the_speaker_is() -> None:
    """"…," Lena Ortiz … tells The Lakeside Ledger: the Ledger is cited (gold annotates it) but only heard what Ortiz
    said; it reports no figure after it, nor the story's others."""
    record = process_text("Harbor Motors\n\"We expect 200 orders,\" Lena Ortiz, head of sales at Harbor Motors, tells "
                          "The Lakeside Ledger. The firm opened 12 stores in May.\n\nA new van will cost $40,000.")
    assert ("Lakeside Ledger", "outlet") in [(source.name, source.kind) for source in record.sources]
    assert _claim_of(record, "200")["source"] == ("Lena Ortiz", "said")
    assert _claim_of(record, "$40,000")["source"] is None


def test_a_figure_before_a_list_of_years_takes_none_of_them() -> None:
    """"won the cup twice, with Harbor in 2004 and Lakeside in 2010": the count is over both years, so neither is its
    time, nor a year carried from before; a list of figures keeps each its own year."""
    record = process_text("Coach\nThe club was founded in 1990.\n\nHe is one of four coaches to have won the cup twice "
                          "with two clubs, Harbor in 2004 and Lakeside in 2010.")
    assert [_claim_of(record, figure)["time"] for figure in ("four", "twice", "two")] == [None, None, None]
    record = process_text("Sales\nHarbor Motors sold 5 million cars in 2004 and 7 million cars in 2010.")
    assert [_claim_of(record, figure)["time"] for figure in ("5 million", "7 million")] == ["2004", "2010"]
    record = process_text("Storm\nA storm dumped about 2 inches of rain on the city on Tuesday and more was expected "
                          "Wednesday.", published="2023-11-16")
    assert _claim_of(record, "about 2")["time"] == "2023-11-14"


def test_an_owner_of_an_estimate_speaks_for_the_estimate_alone() -> None:
    """"rose to 6 million, above the tourism board's earlier estimate of 5 million": the board made the estimate, not
    the count; a source named before in the sentence still reports the count."""
    record = process_text("Visitors\nVisitors reached 6 million, above the tourism board's earlier estimate of 5 million.")
    assert _claim_of(record, "6 million")["source"] is None
    assert _claim_of(record, "5 million")["source"] == ("the tourism board", "said")
    record = process_text("Visitors\nThe latest statistics released by the Harbor Tourism Board show that arrivals rose to "
                          "6.3 million, topping the board's earlier estimate of 5 million.")
    assert _claim_of(record, "6.3 million")["source"] == ("the Harbor Tourism Board", "according_to")


def test_market_moves_are_of_the_day_the_story_tells() -> None:
    """"Harbor stocks were mixed in early trading Tuesday" on a page dated Monday (a time zone behind): the moves told
    in the paragraph after are Tuesday's, a day told as done, not a plan; "down 5% in recent trading" is of the page's
    day, not of the quarter named before, nor of the quarter another 5% is restated in."""
    record = process_text("Markets\nHarbor stocks were mixed in early trading Tuesday after a weak jobs report.\n\n"
                          "The Harbor 100 index declined 0.3%, while the Lakeside index fell 0.5%.", published="2023-03-06")
    assert [_claim_of(record, figure)["time"] for figure in ("0.3%", "0.5%")] == ["2023-03-07"] * 2
    record = process_text("Port\nThe port will reopen on Tuesday, officials said.\n\nShipping volumes fell 4% in the week.",
                          published="2023-03-06")
    assert _claim_of(record, "4%")["time"] is None
    record = process_text("Harbor Bank\nHarbor Bank earned $2 billion in the third quarter. Its shares were down 5% in "
                          "recent trading.\n\nIts third-quarter margin would have been 5% in the third quarter without the "
                          "storm.", published="2023-11-07")
    assert _claim_of(record, "5%")["time"] == "2023-11-07"


def test_an_outlet_cited_first_after_the_lead_reports_what_is_told_with_it() -> None:
    """"According to Reuters, …" in the fourth paragraph: Reuters reports what is told with it, not the history told in
    the paragraphs after, as the source of the whole story would; an outlet whose own reporter tells the story ("A
    Harbor Gazette reporter saw that …") writes all of it."""
    text = ("Storm\nA storm hit the coast on Monday.\n\nRoads were closed.\n\nSchools shut early.\n\n"
            "According to Reuters, 12 boats sank in the harbor.\n\nA storm in 1900 killed 300 people on the same coast.")
    record = process_text(text)
    assert _claim_of(record, "12")["source"] == ("Reuters", "outlet")
    assert _claim_of(record, "300")["source"] is None
    record = process_text(text.replace("According to Reuters,", "A Reuters reporter saw that"))
    assert _claim_of(record, "300")["source"] == ("Reuters", "outlet")
