"""The Python API: process_text and process_paths."""

from __future__ import annotations

from conftest import CORPUS

import claimex


def test_process_text_returns_a_record_for_the_text() -> None:
    record = claimex.process_text("The goal was set in 2023The plan failed.", id="demo", title="Demo")
    assert record.article.id == "demo" and record.article.title == "Demo"
    assert record.article.text == "The goal was set in 2023The plan failed."
    (flag,) = [flag for flag in record.flags if flag.kind == "fused_words"]
    assert record.article.text[slice(*flag.spans[0])] == "2023The"


def test_process_paths_streams_records_in_order() -> None:
    records = list(claimex.process_paths([CORPUS]))
    assert [record.article.id for record in records] == ["xiaohongshu-growth"]
    assert records[0].provenance.rules_sha256
