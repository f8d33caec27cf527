"""The Python API: process_text and process_paths."""

from __future__ import annotations

from pathlib import Path

from conftest import CORPUS

import claimex


def test_process_text_returns_a_record_for_the_text() -> None:
    record = claimex.process_text("The goal was set in 2023The plan failed.", id="demo", title="Demo")
    assert record.article.id == "demo" and record.article.title == "Demo"
    assert record.article.text == "The goal was set in 2023The plan failed."
    (flag,) = [flag for flag in record.flags if flag.kind == "fused_words"]
    assert record.article.text[slice(*flag.spans[0])] == "2023The"


def test_process_paths_streams_records_in_order(tmp_path: Path, rules) -> None:
    (tmp_path / "b.txt").write_text("Profit fell to 3 million.\n", encoding="utf-8")
    (tmp_path / "a.jsonl").write_text('{"id": "one", "text": "Sales rose 5%."}\n', encoding="utf-8")
    records = list(claimex.process_paths([CORPUS, tmp_path]))
    assert [record.article.id for record in records] == ["xiaohongshu-growth", "a#one", "b"]
    assert [[figure.text for figure in record.figures] for record in records[1:]] == [["5%"], ["3 million"]]
    assert {(record.provenance.version, record.provenance.rules_sha256) for record in records} == {
        (claimex.__version__, rules.sha256)}
