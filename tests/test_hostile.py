"""Hostile input (issue 14): nothing hangs, nothing is lost, nothing harms the next tool.

Work is counted, not timed: a stage is linear when twice the input costs about twice the steps.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

import claimex
from claimex.budget import DEFAULT_MAX_CHARS
from claimex.extract.numbers import WordNumbers


def _reader_steps(rules, text: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many words the number-word reader looks up while reading `text`."""
    reader = WordNumbers(rules)
    steps = 0
    role = WordNumbers._role

    def counted(self: WordNumbers, word: str) -> str:
        nonlocal steps
        steps += 1
        return role(self, word)

    monkeypatch.setattr(WordNumbers, "_role", counted)
    reader.find(text)
    return steps


@pytest.mark.parametrize("word", ["a", "million", "half a", "one hundred"])
def test_number_word_reader_is_linear_in_a_run_of_number_words(rules, word: str, monkeypatch) -> None:
    short = _reader_steps(rules, f"{word} " * 300, monkeypatch)
    long = _reader_steps(rules, f"{word} " * 600, monkeypatch)
    assert long <= 2.2 * short, (short, long)


def test_number_word_reader_still_reads_long_numbers(rules) -> None:
    text = ("It cost nine hundred ninety-nine trillion nine hundred ninety-nine billion nine hundred "
            "ninety-nine million nine hundred ninety-nine thousand nine hundred and ninety-nine and a half dollars.")
    (core,) = WordNumbers(rules).find(text)
    assert text[core.start:core.end].startswith("nine hundred") and text[core.start:core.end].endswith("a half")
    assert core.value == pytest.approx(999_999_999_999_999.5)


# The time budget ------------------------------------------------------------------------------

HANGS = Path(__file__).resolve().parent / "hang"
BODY = "Revenue rose to 5 million dollars in 2023, the company said in its annual report on Monday."


def _corpus(folder: Path, texts: list[str]) -> Path:
    folder.mkdir(parents=True)
    for number, text in enumerate(texts):
        (folder / f"article-{number}.txt").write_text(f"Story {number}\n\n{text}\n", encoding="utf-8")
    return folder


def _run_with_hangs(corpus: Path, outdir: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """`claimex run` in a process (and pool workers) where an article marked HANG-… never finishes."""
    environment = {**os.environ, "PYTHONPATH": str(HANGS), "CLAIMEX_TEST_HANGS": "1"}
    command = [sys.executable, "-m", "claimex", "run", str(corpus), "-o", str(outdir), "--model", "blank", *options]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=environment, timeout=600, check=False)


def _errors(outdir: Path) -> list[list[str]]:
    lines = (outdir / "records.jsonl").read_text(encoding="utf-8").splitlines()
    return [[error["message"] for error in json.loads(line)["errors"]] for line in lines]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_an_article_that_hangs_is_stopped_at_its_budget_and_the_run_goes_on(tmp_path: Path, workers: str) -> None:
    corpus = _corpus(tmp_path / "in", [BODY, f"HANG-IN-PYTHON {BODY}", BODY])
    result = _run_with_hangs(corpus, tmp_path / "out", "--article-timeout", "2", "--workers", workers,
                             "--batch-size", "2")
    assert result.returncode == 1, result.stderr
    errors = _errors(tmp_path / "out")
    assert errors[0] == errors[2] == []
    assert len(errors[1]) == 1 and "article-1.txt: stopped after 2 s" in errors[1][0]
    assert "--article-timeout" in errors[1][0] and "Traceback" not in result.stderr


def test_a_worker_stuck_beyond_signals_is_killed_and_only_its_article_fails(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "in", [BODY, f"HANG-BEYOND-SIGNALS {BODY}", BODY, BODY])
    # 2 s, as above: with 1 s a plain article on a worker's first use of its tables timed out on a busy machine
    result = _run_with_hangs(corpus, tmp_path / "out", "--article-timeout", "2", "--workers", "2",
                             "--batch-size", "2")
    assert result.returncode == 1, result.stderr
    errors = _errors(tmp_path / "out")
    assert errors[0] == errors[2] == errors[3] == []
    assert len(errors[1]) == 1 and "article-1.txt: stopped after 2 s" in errors[1][0]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["limits"] == {"article_timeout": 2.0, "max_chars": DEFAULT_MAX_CHARS}


def test_a_catastrophic_user_regex_is_refused_before_any_article_is_read(cli, tmp_path: Path) -> None:
    rules = tmp_path / "my-rules" / "checks"
    rules.mkdir(parents=True)
    (rules / "redaction_marks.jsonl").write_text(
        json.dumps({"id": "checks.redaction.mine", "pattern": "(a+)+$"}) + "\n", encoding="utf-8")
    checked = cli("rules", "check", tmp_path / "my-rules")
    assert checked.exit_code == 2
    assert "redaction_marks.jsonl:1" in checked.stderr and "backtracks catastrophically" in checked.stderr
    corpus = _corpus(tmp_path / "in", ["The ** project " + "a" * 40 + "!"])
    result = cli("run", corpus, "-o", tmp_path / "out", "--rules", tmp_path / "my-rules", "--model", "blank")
    assert result.exit_code == 2 and "backtracks catastrophically" in result.stderr
    assert not (tmp_path / "out" / "records.jsonl").exists()


# The length limit -------------------------------------------------------------------------------

def test_an_article_over_max_chars_is_an_error_naming_its_file_and_length(cli, tmp_path: Path) -> None:
    assert DEFAULT_MAX_CHARS <= 200_000  # well below spaCy's 1,000,000 (a 315 KB article took 1.1 GB)
    corpus = _corpus(tmp_path / "in", [BODY, (BODY + " ") * 11_000])
    result = cli("run", corpus, "-o", tmp_path / "out", "--quiet", "--model", "blank")
    assert result.exit_code == 1
    errors = _errors(tmp_path / "out")
    length = len((corpus / "article-1.txt").read_text(encoding="utf-8"))
    assert errors[0] == [] and length > 1_000_000
    assert errors[1] == [f"{corpus / 'article-1.txt'}: {length:,} characters, more than the limit of "
                         f"{DEFAULT_MAX_CHARS:,} (raise it with --max-chars)"]
    assert cli("run", corpus, "-o", tmp_path / "small", "--quiet", "--model", "blank",
               "--max-chars", "50").exit_code == 1
    assert all("more than the limit of 50 " in messages[0] for messages in _errors(tmp_path / "small"))


def test_over_long_text_through_the_api_gets_our_message_not_spacys(tmp_path: Path) -> None:
    record = claimex.process_text(BODY * 12_000, model="blank", id="long")
    assert [error.message for error in record.errors] == [
        f"long: {len(BODY) * 12_000:,} characters, more than the limit of {DEFAULT_MAX_CHARS:,} "
        "(raise it with --max-chars)"]


# Numbers too large to read -----------------------------------------------------------------------

@pytest.mark.parametrize("number", ["$" + "7" * 300 + " billion", "1" * 400])
def test_a_number_too_large_to_read_gets_an_info_flag(number: str) -> None:
    text = f"The filing put the figure at {number} for the year."
    record = claimex.process_text(text, model="blank")
    assert record.figures == []
    (flag,) = [flag for flag in record.flags if flag.kind == "unreadable_number"]
    assert flag.severity == "info" and text[slice(*flag.spans[0])] == number
    assert "too large a number to read" in flag.message
