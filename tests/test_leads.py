"""Word leads (claimex.rules.leads): the time expressions are found in one scan of the text for the words
their matches start with, then tried only there; every regex must give exactly its own `finditer`'s matches."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from claimex.process import Processor
from claimex.rules import load_rules
from claimex.rules.gates import GateText
from claimex.rules.leads import RuleScanner, word_leads
from claimex.rules.times import TimeExpression

#: Texts written for the edges of the scan: a time that opens the text or a line, whitespace other than a
#: space inside a time, a digit of another script, a letter whose lower case is longer (the scan steps
#: aside), overlapping leads ("year-on-year" after "year"), a time glued to a word.
EDGE_TEXTS = [
    "2019 was the start; by the close of 2021 output had doubled.",
    "Output fell.\nMarch 3, 2020 was the low point\tand\u00a0the second\nhalf of 2020 the turn.",
    "Orders rose 4% year-on-year and 2% y/y, the\u2003first quarter of 2024 being the best.",
    "İstanbul's sales in Q3 2022 rose; in FY2021 they fell, and ٣ days ago in mid-2023 again.",
    "Revenue for the 3rd quarter of 2018 beat the 2nd, while pre2020 data and x2021 codes are no times.",
    "THE END OF THE YEAR, Last Month, NEXT WEEK and two weeks ago all count; so far, so good.",
    "It ended on the 20th, or the 24th. Four quarters ago, and a year earlier, a quarter before.",
]


EXAMPLES = Path(__file__).parent / "examples"


def _example_texts() -> list[str]:
    return [json.loads(line)["text"] for path in sorted(EXAMPLES.glob("*/*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and '"text"' in line]


def _time_patterns() -> list[re.Pattern[str]]:
    return [re.compile(rule.regex, re.IGNORECASE) for rule in load_rules().get("times/expressions", TimeExpression)]


@pytest.fixture(scope="module")
def patterns() -> list[re.Pattern[str]]:
    return _time_patterns()


def _spans(matches: list[re.Match[str]]) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(match.span(), match.groupdict()) for match in matches]


def test_the_scan_gives_every_time_regex_its_own_matches(patterns: list[re.Pattern[str]]) -> None:
    scanner = RuleScanner(patterns)
    texts = [*_example_texts(), *EDGE_TEXTS]
    found = 0
    for text in texts:
        for pattern, matches in zip(patterns, scanner.matches(text, GateText(text)), strict=True):
            assert _spans(matches) == _spans(list(pattern.finditer(text))), (pattern.pattern, text)
            found += len(matches)
    assert found > 200


def test_most_time_regexes_are_scanned_by_their_leads(patterns: list[re.Pattern[str]]) -> None:
    leads = [word_leads(pattern) for pattern in patterns]
    assert sum(lead is not None for lead in leads) >= 0.9 * len(leads)


@pytest.mark.parametrize(("pattern", "leads"), [
    (r"\b(?:the\s+)?(?P<part>end|start)\s+of\s+(?P<year>(?:19|20)\d{2})", {"the ", "end ", "start "}),
    (r"(?<![\w$.,])(?P<year>(?:19|20)\d)", {f"{century}{digit}" for century in ("19", "20") for digit in range(10)}),
    (r"\bQ(?P<quarter>[1-4])\b", {"q1", "q2", "q3", "q4"}),
])
def test_the_leads_are_read_from_the_regex(pattern: str, leads: set[str]) -> None:
    assert word_leads(re.compile(pattern, re.IGNORECASE)) == leads


@pytest.mark.parametrize("pattern", [
    r"quarter",  # may start inside a word
    r"\b\w+\s+ago",  # any word
    r"\b[ai]\b",  # a one-letter lead starts too many words
    r"\b(?:now)?",  # may match nothing
])
def test_a_regex_without_word_leads_is_scanned_whole(pattern: str) -> None:
    assert word_leads(re.compile(pattern, re.IGNORECASE)) is None


def test_times_at_the_edges_of_the_scan_are_found() -> None:
    record = Processor(model="blank").process_text(EDGE_TEXTS[1], published="2021-06-01")
    assert [(time.text, time.value) for time in record.times] == [
        ("March 3, 2020", "2020-03-03"), ("the second\nhalf of 2020", "2020-H2")]
