"""Translation QA: a translation read with its Chinese source, through the CLI and the Python API."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from claimex.process import Processor
from claimex.rules import load_rules
from claimex.schema import ArticleRecord
from claimex.source import read_source
from claimex.source.align import Anchor, align

ENGLISH = ("Harbour City posts record year\n"
           "Harbour City Group said on February 10 that its revenue rose to 1.26 billion yuan last year.\n"
           "The group now runs 3,500 stores in 12 provinces.\n")
CHINESE = "港城集团业绩创新高\n港城集团2月10日表示，去年营收增至12.6亿元。\n集团目前在12个省份经营3500家门店。\n"
TRANSLATION_KINDS = {"source_scale_mismatch", "source_value_mismatch", "source_range_misread", "source_currency_mismatch",
                     "source_date_extra", "source_date_mismatch", "source_date_format",
                     "source_date_as_number", "source_figure_extra", "source_figure_missing", "source_numbered_name",
                     "source_name_mismatch", "source_rank_for_count", "source_magnitude_made_exact",
                     "source_counted_noun", "source_relative_day", "source_name_renderings", "source_event_ordinal",
                     "source_change_turned", "source_unit_mismatch", "source_rank_mismatch", "source_names_merged",
                     "source_unusable", "source_length_mismatch", "alignment_unsure", "established_name_missed"}


def _segments(english: str, chinese: str) -> list[list[int]]:
    """[t_start, t_end, s_start, s_end] for each pair of lines."""
    spans = []
    t = s = 0
    for t_line, s_line in zip(english.split("\n"), chinese.split("\n")):
        if t_line:
            spans.append([t, t + len(t_line), s, s + len(s_line)])
        t += len(t_line) + 1
        s += len(s_line) + 1
    return spans


def _jsonl(path: Path, *lines: dict) -> Path:
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return path


def _records(outdir: Path) -> list[dict]:
    return [json.loads(line) for line in (outdir / "records.jsonl").read_text(encoding="utf-8").splitlines()]


def _kinds(record: ArticleRecord) -> list[str]:
    return [flag.kind for flag in record.flags if flag.kind in TRANSLATION_KINDS]


def test_a_faithful_translation_raises_no_translation_flag(processor: Processor) -> None:
    record = processor.process_text(ENGLISH, source_text=CHINESE)
    assert [figure.text for figure in record.source_figures] == ["12.6亿元", "12个", "3500家"]
    assert [time.value for time in record.source_times] == ["XXXX-02-10"]
    assert [pair.method for pair in record.alignment] == ["aligned"] * 3 and all(pair.sure for pair in record.alignment)
    assert _kinds(record) == []


def test_a_slipped_magnitude_is_flagged_with_both_sides_and_the_implied_rendering(processor: Processor) -> None:
    english = ENGLISH.replace("1.26 billion yuan", "126 million yuan")
    record = processor.process_text(english, source_text=CHINESE)
    (flag,) = [flag for flag in record.flags if flag.kind == "source_scale_mismatch"]
    assert flag.severity == "error"
    assert english[slice(*flag.spans[0])] == "126 million yuan"
    assert CHINESE[slice(*flag.source_spans[0])] == "12.6亿元"
    assert "12.6亿元 is 1.26 billion yuan; the English says “126 million yuan”" in flag.message
    assert any(ref.startswith("sf") for ref in flag.refs) and any(ref.startswith("f") for ref in flag.refs)


def test_wrong_values_currencies_dates_and_extra_figures_are_told_apart(processor: Processor) -> None:
    cases = {
        "revenue rose to 1.26 billion yuan": ("revenue rose to 1.62 billion yuan", "source_value_mismatch"),
        "rose to 1.26 billion yuan": ("rose to $1.26 billion", "source_currency_mismatch"),
        "now runs 3,500 stores in 12 provinces": ("now runs 3,500 stores in 12 provinces and 40 cities",
                                                  "source_figure_extra"),
        "said on February 10 that": ("said 10 that", "source_date_as_number"),
    }
    for old, (new, kind) in cases.items():
        record = processor.process_text(ENGLISH.replace(old, new), source_text=CHINESE)
        assert kind in _kinds(record), (new, _kinds(record))


def test_a_figure_the_translation_repeats_is_an_addition_of_the_given_figure(processor: Processor) -> None:
    english = ("The group now runs 3,500 stores in 12 provinces. It runs 3,500 stores.\n")
    record = processor.process_text(english, source_text="集团目前在12个省份经营3500家门店。\n")
    (extra,) = [flag for flag in record.flags if flag.kind == "source_figure_extra"]
    assert english[slice(*extra.spans[0])] == "3,500" and extra.spans[0][0] > english.index("It runs")
    assert "3500家 once" in extra.message and "repeats it" in extra.message
    assert "集团目前在12个省份经营3500家门店。"[slice(*extra.source_spans[0])] == "3500家"


def test_rounding_is_fine_but_a_different_digit_is_not(processor: Processor) -> None:
    chinese = "公司去年净利润为4.82亿元。"
    assert _kinds(processor.process_text("Its net profit was 480 million yuan last year.", source_text=chinese)) == []
    assert _kinds(processor.process_text("Its net profit was 420 million yuan last year.",
                                         source_text=chinese)) == ["source_value_mismatch"]


def test_a_wrong_end_of_a_range_is_flagged_on_itself_not_on_the_right_end(processor: Processor) -> None:
    chinese = "公司预计今年销售额为52亿至57亿元。"
    english = "The company expects sales of 4.2 billion to 5.7 billion yuan this year."
    record = processor.process_text(english, source_text=chinese)
    (flag,) = [flag for flag in record.flags if flag.kind in TRANSLATION_KINDS]
    assert flag.kind in ("source_value_mismatch", "source_figure_extra")
    assert [english[slice(*span)] for span in flag.spans] == ["4.2 billion"]
    fine = processor.process_text(english.replace("4.2", "5.2"), source_text=chinese)
    assert _kinds(fine) == []


def test_a_range_in_one_numeral_read_as_one_number_is_flagged(processor: Processor) -> None:
    chinese = "种植牙的费用大概要一万六七千元。"
    record = processor.process_text("A dental implant costs about 167,000 yuan.", source_text=chinese)
    (flag,) = [flag for flag in record.flags if flag.kind in TRANSLATION_KINDS]
    assert flag.kind == "source_range_misread" and "16,000 to 17,000 yuan" in flag.message
    fine = processor.process_text("A dental implant costs about 16,000 to 17,000 yuan.", source_text=chinese)
    assert _kinds(fine) == []


def test_both_ends_of_a_range_that_slipped_are_one_flag_with_both_spans(processor: Processor) -> None:
    chinese = "今年春节到访古镇的游客预计为3万至5万人次。"
    english = "The old town expects 3 to 5 million visitors this Spring Festival."
    record = processor.process_text(english, source_text=chinese)
    (flag,) = [flag for flag in record.flags if flag.kind in TRANSLATION_KINDS]
    assert flag.kind == "source_scale_mismatch"
    assert [english[slice(*span)] for span in flag.spans] == ["3", "5 million"]
    assert "“3 to 5 million”" in flag.message and len([ref for ref in flag.refs if ref.startswith("f")]) == 2
    fine = processor.process_text("The old town expects 30,000 to 50,000 visitors this Spring Festival.", source_text=chinese)
    assert _kinds(fine) == []


def test_a_range_in_one_numeral_spelled_word_for_word_is_judged_once(processor: Processor) -> None:
    """"sixteen or seven thousand" for 一万六七千: the leading "sixteen" is part of the rendering, not a
    figure of its own and not a magnitude slip; the "seven thousand" is the wrong value."""
    chinese = "种植牙的费用大概要一万六七千元。"
    record = processor.process_text("A dental implant costs about sixteen or seven thousand yuan.", source_text=chinese)
    assert _kinds(record) == ["source_value_mismatch"]


def test_a_numbered_slogan_rendered_as_a_count_is_flagged(processor: Processor) -> None:
    record = processor.process_text('Officials pledged to uphold the "three priorities" this year.',
                                    source_text="官员们表示今年要坚持“三个优先”。")
    assert _kinds(record) == ["source_numbered_name"]


def test_a_rank_in_place_of_a_source_count_is_flagged_and_a_rank_for_a_rank_is_not(processor: Processor) -> None:
    chinese = "二百人的代表团周二抵达杭州。"
    wrong = processor.process_text("The 200th delegation arrived in Hangzhou on Tuesday.", source_text=chinese)
    assert _kinds(wrong) == ["source_rank_for_count"]
    assert "the English ranks it (“200th”)" in wrong.flags[0].message
    assert [number.text for number in wrong.set_aside_numbers] == ["200"]
    ranked = processor.process_text("The 12th trade fair opened in Hangzhou on Tuesday.",
                                    source_text="第十二届贸易博览会周二在杭州开幕。")
    assert _kinds(ranked) == []


def test_a_numbered_name_rendered_as_a_span_of_years_is_flagged(processor: Processor) -> None:
    record = processor.process_text('Both parties said the "92-year Consensus" still held.',
                                    source_text="两党表示“九二共识”依然有效。")
    assert "source_numbered_name" in _kinds(record)
    fine = processor.process_text('Both parties said the "1992 Consensus" still held.',
                                  source_text="两党表示“九二共识”依然有效。")
    assert "source_numbered_name" not in _kinds(fine)


def test_a_person_renamed_in_pinyin_is_flagged(processor: Processor) -> None:
    chinese = "市长陈建华周一在发布会上宣布了这项计划。"
    wrong = processor.process_text("Mayor Liu Jianhua announced the plan at a press conference on Monday.",
                                   source_text=chinese)
    assert "source_name_mismatch" in _kinds(wrong)
    right = processor.process_text("Mayor Chen Jianhua announced the plan at a press conference on Monday.",
                                   source_text=chinese)
    assert "source_name_mismatch" not in _kinds(right)


def test_two_spellings_of_one_source_name_are_one_flag_with_the_characters(processor: Processor) -> None:
    english = ("Chairwoman Gao Dongmei said the mill would hire 300 workers.\n"
               "Chairwoman Gao Tongmei added that wages would rise 6%.\n")
    chinese = "董事长高冬梅表示，工厂将招聘300名工人。\n董事长高冬梅还表示，工资将上涨6%。\n"
    alone = processor.process_text(english)
    assert "renamed_person" in [flag.kind for flag in alone.flags]
    record = processor.process_text(english, source_text=chinese)
    (variant,) = [flag for flag in record.flags if flag.kind in {"name_variant", "renamed_person"}]
    assert variant.kind == "name_variant" and "both render the source name 高冬梅" in variant.message
    assert [chinese[slice(*span)] for span in variant.source_spans] == ["高冬梅", "高冬梅"]


def test_two_people_the_source_tells_apart_are_not_one_person_renamed(processor: Processor) -> None:
    english = ("Vice Governor Tang Haoping said 25 new schools would open.\n"
               "Vice Governor Tang Haobing said the province would build 900 kilometres of road.\n")
    chinese = "副省长唐浩平表示，将新开25所学校。\n副省长唐浩兵表示，全省将修建900公里道路。\n"
    assert "renamed_person" in [flag.kind for flag in processor.process_text(english).flags]
    record = processor.process_text(english, source_text=chinese)
    assert not {"renamed_person", "name_variant"} & {flag.kind for flag in record.flags}


def test_one_spelling_of_two_source_names_is_said(processor: Processor) -> None:
    english = ("Zhou Jing, head of the city library, said it lent 48,000 books last year.\n"
               "The reading room is run by Zhou Jing, a retired teacher, who said 70 people came each day.\n")
    chinese = "市图书馆馆长周静表示，去年借出图书4.8万册。\n阅览室由退休教师周晶管理，她说每天有70人前来。\n"
    record = processor.process_text(english, source_text=chinese)
    (merged,) = [flag for flag in record.flags if flag.kind == "source_names_merged"]
    assert "周静 and 周晶" in merged.message and merged.severity == "info"
    assert [english[slice(*span)] for span in merged.spans] == ["Zhou Jing", "Zhou Jing"]
    same = processor.process_text(english, source_text=chinese.replace("周晶", "周静"))
    assert "source_names_merged" not in _kinds(same)


def test_a_wrong_rendering_of_an_established_name_is_followed_through_the_article(processor: Processor) -> None:
    english = ("White House spokesman John Cobb said on Friday that 3 objects had been shot down.\n"
               "Cobb said the 2 smaller objects carried no payload, unlike the balloon.\n")
    chinese = "白宫发言人约翰·科比周五表示，已有3个物体被击落。\n科比说，2个较小的物体与气球不同，没有携带载荷。\n"
    record = processor.process_text(english, source_text=chinese)
    renamed = [flag for flag in record.flags if flag.kind == "established_name_missed"]
    assert [english[slice(*flag.spans[0])] for flag in renamed] == ["John Cobb", "Cobb"]
    assert {flag.suggestion for flag in renamed} == {"John Kirby"}
    assert [chinese[slice(*flag.source_spans[0])] for flag in renamed] == ["约翰·科比", "科比"]
    right = processor.process_text(english.replace("Cobb", "Kirby"), source_text=chinese)
    assert "established_name_missed" not in _kinds(right)
    player = processor.process_text("Kobe scored 81 points in the game.", source_text="科比在比赛中得了81分。")
    assert "established_name_missed" not in _kinds(player)


def test_english_only_records_are_unchanged(processor: Processor) -> None:
    plain = processor.process_text(ENGLISH, id="same")
    data = json.loads(plain.to_json())
    assert not {"alignment", "source_figures", "source_times", "set_aside_numbers"} & data.keys()
    assert not {"source_text", "source_language", "source_segments"} & data["article"].keys()
    assert all("source_spans" not in flag for flag in data["flags"])
    assert not set(_kinds(plain))
    with_source = processor.process_text(ENGLISH, id="same", source_text=CHINESE)
    checks_before = [(flag.kind, flag.spans) for flag in plain.flags]
    assert [(flag.kind, flag.spans) for flag in with_source.flags if flag.kind not in TRANSLATION_KINDS] == checks_before


def test_records_with_a_source_validate_against_the_schema_and_read_back(processor: Processor, cli) -> None:
    record = processor.process_text(ENGLISH.replace("1.26 billion", "126 million"), source_text=CHINESE)
    schema = json.loads(cli("schema").output)
    data = json.loads(record.to_json())
    jsonschema.validate(data, schema)
    assert ArticleRecord.model_validate(data) == record


def test_jsonl_with_source_and_segments_uses_the_given_segments(cli, tmp_path: Path) -> None:
    english = ENGLISH.rstrip("\n")
    chinese = CHINESE.rstrip("\n")
    path = _jsonl(tmp_path / "in.jsonl", {"id": "a", "text": english, "source_text": chinese,
                                          "segments": _segments(english, chinese)})
    result = cli("run", path, "-o", tmp_path / "out", "--quiet")
    assert result.exit_code == 0, result.output
    (record,) = _records(tmp_path / "out")
    assert record["article"]["source_text"] == chinese and record["article"]["source_language"] == "zh"
    assert [pair["method"] for pair in record["alignment"]] == ["given"] * 3
    assert record["alignment"][1]["source"] == _segments(english, chinese)[1][2:]


def test_a_sibling_zh_file_is_the_source_of_its_translation_not_an_article(cli, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "story.txt").write_text(ENGLISH.replace("1.26 billion", "126 million"), encoding="utf-8")
    (folder / "story.zh.txt").write_text(CHINESE, encoding="utf-8")
    (folder / "other.txt").write_text("Sales rose 5% to $2 billion.\n", encoding="utf-8")
    result = cli("run", folder, "-o", tmp_path / "out", "--quiet")
    assert result.exit_code == 0, result.output
    records = {record["article"]["id"]: record for record in _records(tmp_path / "out")}
    assert sorted(records) == ["other", "story"]
    assert records["story"]["article"]["source_text"] == CHINESE
    assert "source_scale_mismatch" in [flag["kind"] for flag in records["story"]["flags"]]
    assert "source_text" not in records["other"]["article"]


def test_a_source_file_named_on_the_command_line_reads_its_translation(cli, tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(ENGLISH.replace("1.26 billion", "126 million"), encoding="utf-8")
    (tmp_path / "story.zh.txt").write_text(CHINESE, encoding="utf-8")
    for number, paths in enumerate(([tmp_path / "story.zh.txt"], [tmp_path / "story.zh.txt", tmp_path / "story.txt"])):
        result = cli("run", *paths, "-o", tmp_path / f"out{number}", "--quiet")
        assert result.exit_code == 0, result.output
        (record,) = _records(tmp_path / f"out{number}")
        assert record["article"]["id"] == "story" and record["article"]["source_text"] == CHINESE


def test_bad_segments_fail_the_line_with_file_and_line(cli, tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "in.jsonl",
                  {"id": "ok", "text": "Sales rose 5%.", "source_text": "销售额增长5%。"},
                  {"id": "bad", "text": "Sales rose 5%.", "source_text": "销售额增长5%。", "segments": [[0, 14, 0, 99]]},
                  {"id": "odd", "text": "Sales rose 5%.", "segments": [[0, 14, 0, 8]]},
                  {"id": "turned", "text": "Sales rose 5%.", "source_text": "销售额增长5%。", "segments": [[9, 3, 0, 8]]})
    result = cli("run", path, "-o", tmp_path / "out", "--quiet")
    assert result.exit_code == 1
    records = {record["article"]["id"]: record for record in _records(tmp_path / "out")}
    assert records["in#ok"]["errors"] == []
    assert records["in#bad"]["errors"][0]["message"] == (
        f"{path}:2: segment 1: source offsets 0..99 fall outside source_text (length 8)")
    assert f"{path}:3: 'segments' given without 'source_text'" == records["in#odd"]["errors"][0]["message"]
    assert records["in#turned"]["errors"][0]["message"] == f"{path}:4: segment 1: text offsets 9..3 end before they start"


def test_an_orphan_source_file_is_an_error(cli, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "lonely.zh.txt").write_text(CHINESE, encoding="utf-8")
    result = cli("run", folder, "-o", tmp_path / "out", "--quiet")
    assert result.exit_code == 1
    (record,) = _records(tmp_path / "out")
    assert "a source text without its translation lonely.txt beside it" in record["errors"][0]["message"]


def test_unusable_sources_are_said_on_the_record_and_not_compared(processor: Processor) -> None:
    empty = processor.process_text(ENGLISH, source_text="  ")
    (flag,) = [flag for flag in empty.flags if flag.kind in TRANSLATION_KINDS]
    assert flag.kind == "source_unusable" and flag.message.startswith("the source text is empty")
    english = processor.process_text(ENGLISH, source_text="Harbour City Group said its revenue rose.")
    assert _kinds(english) == ["source_unusable"] and english.source_figures == []
    short = processor.process_text(ENGLISH * 4, source_text="港城集团业绩创新高。")
    assert "source_length_mismatch" in _kinds(short)
    assert not {"source_scale_mismatch", "source_figure_extra"} & set(_kinds(short))


def test_alignment_merges_sentences_monotonically() -> None:
    english = "Sales rose 5% to 300 million yuan. Profit doubled. The firm hired 120 people in Shenzhen."
    chinese = "销售额增长5%，达到3亿元，利润翻了一番。公司在深圳招聘了120人。"
    reading = read_source(chinese, load_rules())
    pairs = align(english, chinese, None, [Anchor(11, 5), Anchor(17, 3e8), Anchor(66, 120)],
                  [Anchor(figure.start, figure.value) for figure in reading.figures], 0.5)
    texts = [(english[slice(*pair.text)], chinese[slice(*pair.source)]) for pair in pairs]
    assert texts == [("Sales rose 5% to 300 million yuan. Profit doubled.", "销售额增长5%，达到3亿元，利润翻了一番。"),
                     ("The firm hired 120 people in Shenzhen.", "公司在深圳招聘了120人。")]
    assert all(pair.method == "aligned" and 0 <= pair.confidence <= 1 for pair in pairs)


def test_review_report_and_exports_show_the_source_figure(cli, tmp_path: Path) -> None:
    from urllib.parse import quote

    from claimex.review import create_app

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "story.txt").write_text(ENGLISH.replace("1.26 billion", "126 million"), encoding="utf-8")
    (folder / "story.zh.txt").write_text(CHINESE, encoding="utf-8")
    out = tmp_path / "out"
    assert cli("run", folder, "-o", out, "--quiet").exit_code == 0
    (record,) = _records(out)
    (flag,) = [flag for flag in record["flags"] if flag["kind"] == "source_scale_mismatch"]
    page = create_app(out).test_client().get(f"/article/{quote('story')}?flag={flag['id']}").get_data(as_text=True)
    assert "Against the source" in page and "<mark>12.6亿元</mark>" in page and "<mark>126 million yuan</mark>" in page
    assert cli("report", out, "-o", tmp_path / "report.html").exit_code == 0
    assert "<mark>12.6亿元</mark>" in (tmp_path / "report.html").read_text(encoding="utf-8")
    assert cli("export", out, "--to", "csv", "-o", tmp_path / "csv").exit_code == 0
    flags_csv = (tmp_path / "csv" / "flags.csv").read_text(encoding="utf-8")
    assert "12.6亿元" in flags_csv and "source_spans" in flags_csv.splitlines()[0]


def test_english_dates_are_compared_with_the_source_segment(processor: Processor) -> None:
    english = ENGLISH.replace("said on February 10 that", "said on February 10, 2020 that")
    record = processor.process_text(english, source_text=CHINESE)
    (extra,) = [flag for flag in record.flags if flag.kind == "source_date_extra"]
    assert english[slice(*extra.spans[0])] == "February 10, 2020"
    assert CHINESE[slice(*extra.source_spans[0])] == "港城集团2月10日表示，去年营收增至12.6亿元。"
    wrong_day = processor.process_text(ENGLISH.replace("February 10", "February 12"), source_text=CHINESE)
    assert [flag.kind for flag in wrong_day.flags if flag.kind.startswith("source_date")] == ["source_date_mismatch"]


def test_a_weekday_is_a_time_and_leaves_the_numeral_after_it_alone(processor: Processor) -> None:
    reading = read_source("股价周三一度急挫8.9%，周五收于94.57美元。", load_rules())
    assert [time.value for time in reading.times] == ["XXXX-WXX-3", "XXXX-WXX-5"]
    assert [figure.text for figure in reading.figures] == ["8.9%", "94.57美元"]


def test_a_weekday_is_no_day_of_the_month(processor: Processor) -> None:
    record = processor.process_text("The company said on 5 that it would cut jobs.", source_text="公司周五表示将裁员。")
    assert "source_date_as_number" not in _kinds(record) and "source_figure_extra" in _kinds(record)


def test_a_word_the_source_carries_as_is_is_not_read_as_two_fused_words(processor: Processor) -> None:
    english = "Visitors toured the dreamHall gallery at the resort on Sunday.\n"
    alone = processor.process_text(english)
    assert [english[start:end] for flag in alone.flags if flag.kind == "fused_words" for start, end in flag.spans] \
        == ["dreamHall"]
    with_source = processor.process_text(english, source_text="游客周日参观了度假村的dreamHall展馆。\n")
    assert "fused_words" not in [flag.kind for flag in with_source.flags]


def test_a_range_inside_one_numeral_printed_as_its_first_digit_and_its_upper_end_is_misread(
        processor: Processor) -> None:
    chinese = "周末的集市吸引了两三百名摊主。"
    cases = {"Two or 300 stallholders came to the weekend market.": "Two or 300",
             "A total of 2 to 300 stallholders came to the weekend market.": "2 to 300",
             "Two or three hundred stallholders came to the weekend market.": None,
             "200 or 300 stallholders came to the weekend market.": None,
             "2 or 3 hundred stallholders came to the weekend market.": None}
    for english, misread in cases.items():
        record = processor.process_text(english, source_text=chinese)
        found = [english[slice(*flag.spans[0])] for flag in record.flags if flag.kind == "source_range_misread"]
        assert found == ([misread] if misread else []), english
        assert "source_figure_extra" not in _kinds(record), english


def test_a_fraction_said_as_one_in_four_is_the_source_fraction(processor: Processor) -> None:
    chinese = "调查显示，约四分之一的受访者每周网购三次以上。"
    right = processor.process_text("The survey found that about one in four respondents shop online more than "
                                   "three times a week.", source_text=chinese)
    assert _kinds(right) == []
    english = "The survey found that about one in three respondents shop online more than three times a week."
    wrong = processor.process_text(english, source_text=chinese)
    (flag,) = [flag for flag in wrong.flags if flag.kind in TRANSLATION_KINDS]
    assert flag.kind == "source_value_mismatch" and english[slice(*flag.spans[0])] == "one in three"
    assert chinese[slice(*flag.source_spans[0])] == "约四分之一"


def test_a_chinese_decimal_with_its_scale_words_and_a_clock_time_are_read_apart(rules) -> None:
    reading = read_source("下午三点五十分，统计局公布全年社会消费品零售总额为四十三点五万亿元。", rules)
    assert [(figure.text, figure.value) for figure in reading.figures] == [("四十三点五万亿元", 43.5e12)]
    assert [(time.text, time.value) for time in reading.times] == [("下午三点五十分", "T15:50")]  # in the afternoon


def test_a_sum_said_as_a_bare_magnitude_printed_as_an_exact_amount_is_flagged(processor: Processor) -> None:
    chinese = "消息传出后，该集团市值一天内蒸发千亿美元。"
    cases = {"After the news, the group's market value lost $100 billion in a day.": ["$100 billion"],
             "After the news, the group's market value lost about $100 billion in a day.": [],
             "After the news, the group's market value lost a hundred billion dollars in a day.": []}
    for english, expected in cases.items():
        record = processor.process_text(english, source_text=chinese)
        found = [english[slice(*flag.spans[0])] for flag in record.flags if flag.kind == "source_magnitude_made_exact"]
        assert found == expected, english
    counted = processor.process_text("After the news, the group's market value lost $100 billion in a day.",
                                     source_text="消息传出后，该集团市值一天内蒸发一千亿美元。")
    assert "source_magnitude_made_exact" not in _kinds(counted)
