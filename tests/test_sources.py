"""Sources: every attribution in the Xiaohongshu article with its kind, bad patterns, the blank model."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from claimex.errors import RuleError
from claimex.process import Processor

EXPECTED_SEED_SOURCES = [
    ("Leifeng.com", "outlet"),
    ("people familiar with the matter", "anonymous"),
    ("Screenshot of Xiaohongshu app", "credit_line"),
    ("Data", "data"),
    ("Wu Xiaobo Channel", "credit_line"),
    ("insiders", "anonymous"),
    ("Data", "data"),
    ("Crowley", "credit_line"),
    ("Xiaohongshu", "credit_line"),
    ("Think Tank for the Future", "credit_line"),
    ("Li Xiang", "byline"),
]


def test_seed_sources_are_all_found_with_their_kind(seed_record) -> None:
    found = [(source.text, source.kind) for source in seed_record.sources]
    remaining = list(found)
    for expected in EXPECTED_SEED_SOURCES:
        assert expected in remaining, f"{expected} not in {found}"
        remaining.remove(expected)


def test_seed_source_offsets_index_the_original_text(seed_record) -> None:
    text = seed_record.article.text
    for source in seed_record.sources:
        assert text[source.start:source.end] == source.text


def test_credit_line_covers_the_paragraph_above_it(seed_record) -> None:
    text = seed_record.article.text
    credit = next(source for source in seed_record.sources if source.name == "Wu Xiaobo Channel")
    covered = text[credit.covers[0]:credit.covers[1]]
    assert covered.startswith("Unfortunately, despite Kappa's various measures")
    assert covered.endswith("more than 3 million daily notes.")


def test_inline_credit_covers_its_caption(seed_record) -> None:
    text = seed_record.article.text
    credit = next(source for source in seed_record.sources if source.name == "Crowley")
    assert text[credit.covers[0]:credit.covers[1]].endswith("Xiaohongshu's past commercial layout")


def test_a_bad_token_pattern_is_reported_with_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "said.jsonl").write_text(
        '{"id": "sources.said.bad", "kind": "said", "pattern": [{"LOWERR": "said"}], "name": "subject"}\n',
        encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        Processor(model="blank", rules_dir=tmp_path)
    assert f"{folder / 'said.jsonl'}:1: pattern" in str(caught.value)


def test_rules_check_reports_a_bad_token_pattern(cli, tmp_path: Path) -> None:
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "data.jsonl").write_text(
        '{"id": "sources.data.bad", "kind": "data", "pattern": [{"LOWER": "data", "OP": "most"}]}\n', encoding="utf-8")
    result = cli("rules", "check", tmp_path)
    assert result.exit_code != 0
    assert f"{folder / 'data.jsonl'}:1: pattern" in result.output + (result.stderr or "")


def test_the_blank_model_still_finds_rule_sources() -> None:
    record = Processor(model="blank").process_text(
        "Revenue rose.\nSource: Wu Xiaobo Channel.\nAccording to Reuters, Canalys said shipments fell.\nAuthor |Li Xiang.")
    assert [(source.text, source.kind) for source in record.sources] == [
        ("Wu Xiaobo Channel", "credit_line"), ("Reuters", "outlet"), ("Canalys", "said"), ("Li Xiang", "byline")]


def test_the_blank_model_reads_no_parse_for_studies_showing_and_tracking() -> None:
    """The rules that look at a parse (a described study, 'show' with an object, 'tracked by' a passive agent)
    stand aside without one: an unparsed doc's children must not be read (it crashed the process)."""
    record = Processor(model="blank").process_text(
        "Sleep study\n\nThe Harbor Chronicle says police are looking into whether 3 shops were robbed. One small "
        "study found that 40% of adults slept badly. The balloon was tracked by the coast guard at 12,000 meters. "
        "Data show a 5% rise in rents, according to WHO.\n")
    assert [(source.text, source.kind) for source in record.sources] == [
        ("The Harbor Chronicle", "said"), ("study", "data"), ("Data", "data"), ("WHO", "according_to")]


def test_the_blank_model_reads_no_parse_for_a_denied_statement() -> None:
    """'Officials say' after a dateline and a time line: whether the statement is denied ('did not say') is read from
    the parse; reading an unparsed doc's children crashed a rules-only run (segmentation fault). In a process of its
    own, so a crash fails this test instead of the whole run."""
    text = ("SPRINGFIELD, Ill. (AP) — The latest on a fire at a downtown warehouse (all times local):\n\n9 a.m.\n\n"
            "Officials say a fire that destroyed a warehouse near the river may have started after a worker left a "
            "heater on.\n\nThe Springfield Gazette says firefighters are looking into whether the alarm failed.\n")
    script = ("import sys; from claimex.process import Processor; "
              "record = Processor(model='blank').process_text(sys.stdin.read()); "
              "print([(source.text, source.kind) for source in record.sources])")
    result = subprocess.run([sys.executable, "-c", script], input=text, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == str([("AP", "outlet"), ("Officials", "anonymous"), ("The Springfield Gazette", "said")])
