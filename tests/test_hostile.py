"""Hostile input (issue 14): nothing hangs, nothing is lost, nothing harms the next tool.

Work is counted, not timed: a stage is linear when twice the input costs about twice the steps.
"""

from __future__ import annotations

import pytest

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
