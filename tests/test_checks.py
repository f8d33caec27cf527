"""The checks: pure functions over records, tested on hand-built records, on the seed article, and
through the CLI for the cross-article pass."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from claimex.check import BATCH_CHECKS, CheckContext, article_checks, check_article, check_batch
from claimex.check.names import jaro_winkler, levenshtein
from claimex.schema import Article, ArticleRecord, Claim, Entity, Figure, FigureParts, Flag, Provenance, Source, Time

PROVENANCE = Provenance(version="test", model="none", rules_sha256="0")


@pytest.fixture(scope="module")
def context(rules) -> CheckContext:
    return CheckContext(rules=rules)


def _record(text: str, *, article_id: str = "a1", figures: list[dict] = (), claims: list[dict] = (),
            entities: list[Entity] = (), times: list[Time] = (), sources: list[Source] = ()) -> ArticleRecord:
    """A record whose figures are given by their surface text (the first occurrence after the previous one)."""
    built, position = [], 0
    for number, spec in enumerate(figures, start=1):
        start = text.index(spec["text"], position)
        position = start + len(spec["text"])
        parts = FigureParts(**spec.get("parts", {}))
        built.append(Figure(id=f"f{number}", start=start, end=position, kind=spec.get("kind", "count"),
                            **{key: value for key, value in spec.items() if key not in ("parts", "kind")}, parts=parts))
    linked = [Claim(id=f"c{number}", figure=f"f{number}", **{"start": 0, "end": len(text), **spec})
              for number, spec in enumerate(claims, start=1)]
    return ArticleRecord(article=Article(id=article_id, sha256="0", text=text), figures=built, claims=linked,
                         entities=list(entities), times=list(times), sources=list(sources), provenance=PROVENANCE)


def _texts(record: ArticleRecord, flag: Flag) -> list[str]:
    return [record.article.text[start:end] for start, end in flag.spans]


def _kinds(record: ArticleRecord, context: CheckContext) -> list[str]:
    return [flag.kind for flag in check_article(record, context).flags]


def test_checks_are_registered_in_one_place() -> None:
    assert {"nonstandard_magnitude", "fused_number", "implausible_change", "arithmetic_mismatch",
            "conflicting_figures", "name_variant", "redaction_mark", "multiple_without_base",
            "missing_currency", "unattributed_figure"} <= set(article_checks())
    assert set(BATCH_CHECKS) == {"conflicting_figures"}


def test_large_mantissa_before_a_scale_word_is_flagged_with_both_readings(context) -> None:
    text = "Monthly active users reached 2600 million."
    record = _record(text, figures=[{"text": "2600 million", "value": 2.6e9,
                                     "parts": {"mantissa": 2600, "scale_word": "million"}}])
    (flag,) = [f for f in check_article(record, context).flags if f.kind == "nonstandard_magnitude"]
    assert flag.severity == "error" and flag.spans == [(29, 41)] and flag.refs == ["f1"]
    assert "2.6 billion" in flag.suggestion and "260 million" in flag.suggestion
    assert "亿" in flag.message


def test_standard_magnitude_passes(context) -> None:
    record = _record("Users reached 2.6 billion.", figures=[
        {"text": "2.6 billion", "value": 2.6e9, "parts": {"mantissa": 2.6, "scale_word": "billion"}}])
    assert "nonstandard_magnitude" not in _kinds(record, context)


def test_decimal_comma_before_a_scale_word(context) -> None:
    flags = check_article(_record("Sales were 2,6 billion euros."), context).flags
    (flag,) = [f for f in flags if f.kind == "nonstandard_magnitude"]
    assert flag.suggestion.startswith("2.6 billion")
    assert "nonstandard_magnitude" not in _kinds(_record("Sales were 2,600 million euros."), context)


def test_year_glued_into_a_figure_gives_both_readings(processor) -> None:
    text = "The platform set a goal of 1 in 2023400 million daily active users."
    (flag,) = [f for f in processor.process_text(text).flags if f.kind == "fused_number"]
    assert text[slice(*flag.spans[0])] == "1 in 2023400 million"
    assert flag.suggestion == ("400 million in 2023; or 140 million in 2023 (the stray “1” and “400 million” "
                               "read as one 1.4亿 amount)")


def test_year_glued_to_the_digits_of_a_figure(processor) -> None:
    text = "The platform set a goal of 2023400 million daily active users."
    (flag,) = [f for f in processor.process_text(text).flags if f.kind == "fused_number"]
    assert text[slice(*flag.spans[0])] == "2023400 million" and flag.suggestion == "400 million in 2023"
    assert "reads as 2.0234 trillion" in flag.message


def test_the_check_reads_the_fused_year_the_figures_stage_found(context) -> None:
    """The check words what figures found (parts.fused_year, parts.evidence); it does not search the text."""
    text = "The platform set a goal of 2023400 million daily active users."
    assert "fused_number" not in _kinds(_record(text), context)
    record = _record(text, figures=[{"text": "400 million", "value": 4e8, "parts": {
        "mantissa": 400, "scale_word": "million", "factor": 1e6, "fused_year": 2023, "evidence": (27, 42)}}])
    (flag,) = [f for f in check_article(record, context).flags if f.kind == "fused_number"]
    assert flag.spans == [(27, 42)] and flag.refs == ["f1"]


def test_ordinary_year_and_figure_pass(context) -> None:
    assert "fused_number" not in _kinds(_record("In 2023, 400 million people used it."), context)


def test_redaction_marks_but_not_markdown_bold(context) -> None:
    text = "The failure of the ** project. This is **bold** text. The shares** deal."
    flags = [f for f in check_article(_record(text), context).flags if f.kind == "redaction_mark"]
    assert [text[slice(*f.spans[0])] for f in flags] == ["**", "**"]
    assert flags[0].spans[0][0] == text.index("** project")


def test_name_variant_by_similarity_not_by_alias_list(context) -> None:
    text = "Anxi was moved to sales. Kappa took over Anzai's job and the news was reported by the press."
    entities = [Entity(id="e1", name="Anxi", label="PERSON", mentions=[(0, 4)]),
                Entity(id="e2", name="Anzai", label="ORG", mentions=[(41, 46)]),
                Entity(id="e3", name="Kappa", label="PERSON", mentions=[(25, 30)])]
    (flag,) = [f for f in check_article(_record(text, entities=entities), context).flags if f.kind == "name_variant"]
    assert flag.spans == [(0, 4), (41, 46)] and flag.refs == ["e1", "e2"]


def test_similarity_measures() -> None:
    assert jaro_winkler("anxi", "anzai") > 0.82 > jaro_winkler("kaola", "kappa")
    assert levenshtein("anxi", "anzai") == 2


def _growth_record(later: str, later_value: float, words: str = "and its growth is stagnating") -> ArticleRecord:
    text = f"At the end of 2021, Acme's monthly active users reached 200 million, {words}. " \
           f"At the end of 2022, Acme's monthly active users reached {later}."
    times = [Time(id="t1", text="the end of 2021", start=3, end=18, value="2021-12"),
             Time(id="t2", text="the end of 2022", start=text.index("the end of 2022"), end=0, value="2022-12")]
    entity = Entity(id="e1", name="Acme", label="ORG", mentions=[(20, 24)])
    claim = {"subject": "e1", "metric": "monthly active users"}
    return _record(text, figures=[{"text": "200 million", "value": 2e8},
                                  {"text": later, "value": later_value,
                                   "parts": {"mantissa": later_value / 1e6, "scale_word": "million"}}],
                   claims=[{**claim, "time": "t1"}, {**claim, "time": "t2"}], entities=[entity], times=times)


def test_implausible_change_against_stagnation_suggests_the_fitting_reading(context) -> None:
    flags = check_article(_growth_record("2600 million", 2.6e9), context).flags
    (flag,) = [f for f in flags if f.kind == "implausible_change"]
    record = _growth_record("2600 million", 2.6e9)
    assert _texts(record, flag) == ["200 million", "2600 million"] and flag.refs == ["f1", "c1", "f2", "c2"]
    assert flag.suggestion == "“2600 million” → 260 million?"
    assert "stagnating" in flag.message


def test_plausible_change_passes(context) -> None:
    assert "implausible_change" not in _kinds(_growth_record("260 million", 2.6e8), context)
    assert "implausible_change" not in _kinds(_growth_record("600 million", 6e8, "and it kept growing"), context)


def test_share_of_total_that_adds_up_passes_and_one_that_does_not_fails(context) -> None:
    good = "Revenue was 30 billion. Advertising revenue accounts for 80% of the total, about 24 billion."
    record = _record(good, figures=[{"text": "30 billion", "value": 3e10}, {"text": "80%", "value": 80, "kind": "percent"},
                                    {"text": "about 24 billion", "value": 2.4e10, "qualifier": "approx"}])
    assert "arithmetic_mismatch" not in _kinds(record, context)
    bad = "Advertising revenue was 80% of 20 billion, or 24 billion."
    record = _record(bad, figures=[{"text": "80%", "value": 80, "kind": "percent"}, {"text": "20 billion", "value": 2e10},
                                   {"text": "24 billion", "value": 2.4e10}])
    (flag,) = [f for f in check_article(record, context).flags if f.kind == "arithmetic_mismatch"]
    assert _texts(record, flag) == ["80%", "20 billion", "24 billion"] and flag.suggestion.startswith("16 billion")


def test_share_above_a_whole(context) -> None:
    record = _record("Xiaomi accounted for 140% of the market.", figures=[{"text": "140%", "value": 140, "kind": "percent"}])
    assert "arithmetic_mismatch" in _kinds(record, context)
    growth = _record("Store broadcasts increased by 700%.", figures=[{"text": "700%", "value": 700, "kind": "percent"}])
    assert "arithmetic_mismatch" not in _kinds(growth, context)


def test_info_checks(context) -> None:
    text = "Revenue reached about 20 billion. The number of orders reached 38 times."
    record = _record(text, figures=[{"text": "about 20 billion", "value": 2e10, "kind": "number"},
                                    {"text": "38 times", "value": 38, "kind": "multiple"}],
                     claims=[{"metric": "revenue"}, {"metric": "orders"}])
    flags = check_article(record, context).flags
    assert {(f.kind, f.severity) for f in flags} == {
        ("missing_currency", "info"), ("multiple_without_base", "info"), ("unattributed_figure", "info")}
    sourced = record.model_copy(update={
        "sources": [Source(id="s1", text="Data", start=0, end=4, kind="data")],
        "claims": [claim.model_copy(update={"source": "s1"}) for claim in record.claims]})
    assert "unattributed_figure" not in _kinds(sourced, context)


def _fact_record(article_id: str, text: str, value: float) -> ArticleRecord:
    figure = re.search(r"\d+ million", text).group()
    start = text.index("the end of 2022")
    return _record(text, article_id=article_id, figures=[{"text": figure, "value": value}],
                   claims=[{"subject": "e1", "metric": "monthly active users", "time": "t1"}],
                   entities=[Entity(id="e1", name="Xiaohongshu", label="ORG", mentions=[(0, 11)])],
                   times=[Time(id="t1", text="the end of 2022", start=start, end=start + 15, value="2022-12")])


def test_conflicts_across_articles_flag_both_and_point_at_each_other(context) -> None:
    first = _fact_record("a", "Xiaohongshu had 2600 million monthly active users at the end of 2022.", 2.6e9)
    second = _fact_record("b", "Xiaohongshu had 260 million monthly active users at the end of 2022.", 2.6e8)
    agreeing = _fact_record("c", "Xiaohongshu had 260 million monthly active users at the end of 2022.", 2.6e8)
    found = check_batch([first, second, agreeing], context)
    assert set(found) == {"a", "b", "c"}
    (flag_a,) = found["a"]
    assert flag_a.kind == "conflicting_figures" and {r["article"] for r in flag_a.related} == {"b", "c"}
    assert found["b"][0].related[0]["article"] == "a"
    assert check_batch([second, agreeing], context) == {}


def test_conflict_within_an_article(context) -> None:
    text = "At the end of 2022 Acme had 30 million users. Acme had 90 million users at the end of 2022."
    starts = [match.start() for match in re.finditer("the end of 2022", text)]
    record = _record(text, figures=[{"text": "30 million", "value": 3e7}, {"text": "90 million", "value": 9e7}],
                     claims=[{"subject": "e1", "metric": "users", "time": "t1", "start": 0, "end": 45},
                             {"subject": "e1", "metric": "users", "time": "t2", "start": 46, "end": len(text)}],
                     entities=[Entity(id="e1", name="Acme", label="ORG", mentions=[(19, 23), (46, 50)])],
                     times=[Time(id=f"t{n}", text="x", start=s, end=s + 15, value="2022-12") for n, s in enumerate(starts, 1)])
    (flag,) = [f for f in check_article(record, context).flags if f.kind == "conflicting_figures"]
    assert _texts(record, flag) == ["30 million", "90 million"] and flag.refs == ["f1", "c1", "f2", "c2"]
    assert flag.message.startswith("The article gives Acme's users for 2022-12 as “30 million” and “90 million”")


# The seed article: the done criteria of the claims-and-checks issue.

def _flags_at(record: ArticleRecord, kind: str, text: str) -> list:
    return [flag for flag in record.flags if flag.kind == kind
            and any(record.article.text[start:end] == text for start, end in flag.spans)]


def test_seed_flags_the_garbled_magnitude_and_the_implausible_growth(seed_record) -> None:
    (magnitude,) = _flags_at(seed_record, "nonstandard_magnitude", "2600 million")
    assert "260 million" in magnitude.suggestion
    (change,) = _flags_at(seed_record, "implausible_change", "2600 million")
    assert "260 million" in change.suggestion


def test_seed_flags_the_torn_goal_with_both_readings(seed_record) -> None:
    (flag,) = _flags_at(seed_record, "fused_number", "1 in 2023The goal of 400 million")
    assert "400 million in 2023" in flag.suggestion and "140 million in 2023" in flag.suggestion


def test_seed_flags_redactions_names_and_fused_words(seed_record) -> None:
    text = seed_record.article.text
    redactions = [flag.spans[0] for flag in seed_record.flags if flag.kind == "redaction_mark"]
    assert [text[start:end] for start, end in redactions] == ["**", "**"]
    (variant,) = [flag for flag in seed_record.flags if flag.kind == "name_variant"]
    assert sorted(text[start:end] for start, end in variant.spans) == ["Anxi", "Anzai"]
    fused = {text[start:end] for flag in seed_record.flags if flag.kind == "fused_words" for start, end in flag.spans}
    assert {"2023The", "diverseHow"} <= fused and any("Kappa" in word for word in fused)


def test_seed_has_no_arithmetic_mismatch_for_a_share_that_adds_up(seed_record) -> None:
    assert not [flag for flag in seed_record.flags if flag.kind == "arithmetic_mismatch"]


def test_every_seed_flag_is_complete(seed_record) -> None:
    for flag in seed_record.flags:
        assert flag.severity in ("error", "warning", "info") and flag.message and flag.spans
        for start, end in flag.spans:
            assert 0 <= start < end <= len(seed_record.article.text)


def test_a_run_over_two_disagreeing_articles_flags_both(cli, tmp_path: Path) -> None:
    from conftest import SEED

    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (inputs / "other.txt").write_text(
        "Xiaohongshu keeps growing\n\nData shows that by the end of 2022, Xiaohongshu's monthly active users "
        "reached 260 million.\n", encoding="utf-8")
    result = cli("run", inputs, "-o", tmp_path / "out", "--quiet")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in (tmp_path / "out" / "records.jsonl").read_text().splitlines()]
    conflicts = {record["article"]["id"]: [flag for flag in record["flags"] if flag["kind"] == "conflicting_figures"]
                 for record in records}
    texts = {record["article"]["id"]: record["article"]["text"] for record in records}
    assert {article_id: [[texts[article_id][start:end] for start, end in flag["spans"]] for flag in flags]
            for article_id, flags in conflicts.items()} == {"seed": [["2600 million"]], "other": [["260 million"]]}
    for article_id, (flag,) in conflicts.items():
        (other,) = set(conflicts) - {article_id}
        assert [related["article"] for related in flag["related"]] == [other]
        assert flag["check"] == "conflicting_figures" and "differ by a factor of 10" in flag["message"]


def test_shares_of_one_market_above_the_whole(context) -> None:
    text = "In 2023 Acme held 60% of the market and Bolt held 55%."
    entities = [Entity(id="e1", name="Acme", label="ORG", mentions=[(8, 12)]),
                Entity(id="e2", name="Bolt", label="ORG", mentions=[(40, 44)])]
    claims = [{"subject": "e1", "metric": "share", "time": "t1"}, {"subject": "e2", "metric": "share", "time": "t1"}]
    record = _record(text, figures=[{"text": "60%", "value": 60, "kind": "percent"},
                                    {"text": "55%", "value": 55, "kind": "percent"}], claims=claims,
                     entities=entities, times=[Time(id="t1", text="2023", start=3, end=7, value="2023")])
    (flag,) = [f for f in check_article(record, context).flags if f.kind == "arithmetic_mismatch"]
    assert _texts(record, flag) == ["60%", "55%"] and "add up to 115%" in flag.message
    smaller = record.model_copy(update={"figures": [record.figures[0], record.figures[1].model_copy(update={"value": 35})]})
    assert "arithmetic_mismatch" not in _kinds(smaller, context)


def test_seed_informational_flags(seed_record) -> None:
    (multiple,) = _flags_at(seed_record, "multiple_without_base", "38 times")
    assert multiple.severity == "info"
    (currency,) = _flags_at(seed_record, "missing_currency", "about 20 billion")
    assert currency.severity == "info"


def test_every_threshold_a_check_reads_is_defined(context) -> None:
    from conftest import ROOT

    source = "".join(path.read_text(encoding="utf-8") for path in (ROOT / "pipeline" / "check").glob("*.py"))
    read = set(re.findall(r'threshold\("([^"]+)"\)', source))
    assert len(read) > 10 and read <= set(context.lexicon.thresholds), read - set(context.lexicon.thresholds)


def test_a_missing_or_doubled_threshold_is_a_rule_error(tmp_path: Path) -> None:
    import shutil

    from claimex.errors import RuleError
    from claimex.rules import builtin_rules_dir, load_rules

    builtin = tmp_path / "builtin"
    shutil.copytree(builtin_rules_dir(), builtin)
    magnitude = builtin / "checks" / "nonstandard_magnitude.jsonl"
    magnitude.write_text("".join(line for line in magnitude.read_text(encoding="utf-8").splitlines(keepends=True)
                                 if '"mantissa_min"' not in line), encoding="utf-8")
    user = tmp_path / "user" / "checks"
    user.mkdir(parents=True)
    (user / "conflicting_figures.jsonl").write_text(
        '{"id": "checks.conflicting_figures.looser", "name": "tolerance", "value": 0.1}\n', encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_rules(builtin_dir=builtin, user_dir=tmp_path / "user")
    problems = "\n".join(caught.value.problems)
    assert "no threshold 'mantissa_min'" in problems
    assert f"{user / 'conflicting_figures.jsonl'}:1: threshold 'tolerance' defined twice" in problems


def test_a_figure_for_one_place_does_not_conflict_with_the_worldwide_one(context) -> None:
    text = "At the end of 2022 Acme had 30 million users. Acme had 9 million users in China at the end of 2022."
    starts = [match.start() for match in re.finditer("the end of 2022", text)]
    china = text.index("China")
    record = _record(text, figures=[{"text": "30 million", "value": 3e7}, {"text": "9 million", "value": 9e6}],
                     claims=[{"subject": "e1", "metric": "users", "time": "t1", "start": 0, "end": 45},
                             {"subject": "e1", "metric": "users", "time": "t2", "start": 46, "end": len(text)}],
                     entities=[Entity(id="e1", name="Acme", label="ORG", mentions=[(19, 23), (46, 50)]),
                               Entity(id="e2", name="China", label="GPE", mentions=[(china, china + 5)])],
                     times=[Time(id=f"t{n}", text="x", start=s, end=s + 15, value="2022-12") for n, s in enumerate(starts, 1)])
    assert "conflicting_figures" not in _kinds(record, context)


def test_a_scale_word_added_to_the_figures_rules_reaches_the_checks(tmp_path: Path) -> None:
    from claimex.rules import load_rules

    scales = tmp_path / "figures" / "scales.jsonl"
    scales.parent.mkdir()
    scales.write_text('{"id": "figures.scale.quadrillion", "word": "quadrillion", "factor": 1e15, "glued": "never"}\n',
                      encoding="utf-8")
    context = CheckContext(rules=load_rules(user_dir=tmp_path))
    text = "The fund held 2600 trillion yuan. Another held 2,6 quadrillion yuan."
    record = _record(text, figures=[{"text": "2600 trillion yuan", "value": 2.6e15, "kind": "money",
                                     "parts": {"mantissa": 2600, "scale_word": "trillion"}}])
    flags = [flag for flag in check_article(record, context).flags if flag.kind == "nonstandard_magnitude"]
    assert [(text[slice(*flag.spans[0])], flag.suggestion) for flag in flags] == [
        ("2600 trillion yuan", "2.6 quadrillion as written; or 260 trillion if a 亿 amount was multiplied by ten"),
        ("2,6 quadrillion", "2.6 quadrillion (decimal point instead of comma)"),
    ]
    assert check_article(record, CheckContext(rules=load_rules())).flags[0].suggestion.startswith("2,600 trillion")


def test_the_lexicon_is_built_once_per_rule_set_and_pickles(rules) -> None:
    import pickle

    from claimex.rules.lexicon import lexicon_for

    lexicon = lexicon_for(rules)
    assert lexicon_for(rules) is lexicon and CheckContext(rules=rules).lexicon is lexicon
    copy = pickle.loads(pickle.dumps(lexicon))
    assert copy == lexicon and copy.words(2.6e9) == "2.6 billion"
    assert copy.hedge.search("Revenue was expected to rise").group() == "was expected to"


def test_a_company_called_by_its_name_translated_word_for_word_is_flagged_beside_its_english_name(processor) -> None:
    record = processor.process_text("Millet shipped 40 million phones, the firm said. Xiaomi also sells cars.")
    (found,) = [flag for flag in record.flags if flag.kind == "translated_name"]
    assert found.severity == "warning" and found.suggestion == "Xiaomi"
    assert [record.article.text[start:end] for start, end in found.spans] == ["Millet", "Xiaomi"]
    assert "also calls it Xiaomi" in found.message


def test_parts_above_their_total_are_a_note_when_the_source_states_the_same_figures(processor) -> None:
    english = "The death toll rose to 1,210 by Sunday.\nThe death toll was 860 in Assam and more than 400 in Bihar."
    chinese = "死亡人数周日升至1210人。\n阿萨姆邦死亡860人，比哈尔邦超过400人。"
    alone = [flag for flag in processor.process_text(english).flags if flag.kind == "parts_above_total"]
    with_source = [flag for flag in processor.process_text(english, source_text=chinese).flags
                   if flag.kind == "parts_above_total"]
    assert [flag.severity for flag in alone] == ["warning"]
    assert [flag.severity for flag in with_source] == ["info"] and "the original's" in with_source[0].message


def test_a_date_no_calendar_has_is_flagged_and_a_leap_day_is_not(processor) -> None:
    record = processor.process_text("On February 30, 2023 the firm opened its plant. On 29 February 2024 it closed.")
    found = [flag for flag in record.flags if flag.kind == "impossible_date"]
    assert [record.article.text[start:end] for flag in found for start, end in flag.spans] == ["February 30, 2023"]
    assert "February has 28 days" in found[0].message


YEARS_AGO = ("Lumo Foods grew fast in 2015, when it opened 40 stores, and in 2016, when revenue rose 12% to 3.1 "
             "billion euros. In 2016 it also hired 900 people. Revenue rose 8% to 4.5 billion euros in May of this "
             "year, the company said.")


def test_a_period_of_the_publication_year_is_in_the_articles_frame(processor) -> None:
    undated = processor.process_text(YEARS_AGO, id="undated")
    published = processor.process_text(YEARS_AGO, id="published", published="2019-11-18")
    assert published.article.reference_source == "published"
    assert [time.value for time in published.times if time.text == "May of this year"] == ["2019-05"]
    assert not [flag for flag in published.flags if flag.kind == "year_out_of_frame"]
    # The same text without its date: nothing to judge "this year" by, so no period in 2019 to flag either.
    assert not [flag for flag in undated.flags if flag.kind == "year_out_of_frame"]
