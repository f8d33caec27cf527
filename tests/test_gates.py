"""Literal gates (claimex.rules.gates): a regex skipped for a text because none of its gate words is in
it must have had no match there; the time stages rely on this to skip most of their regexes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from claimex.rules import load_rules
from claimex.rules.base import alternation, prefix_tree
from claimex.rules.gates import any_of, folded, literal_gate, may_match
from claimex.rules.times import ReferenceYearCue, TimeExpression

EXAMPLES = Path(__file__).parent / "examples"


def _time_regexes() -> list[re.Pattern[str]]:
    rules = load_rules()
    return [re.compile(rule.regex, re.IGNORECASE) for rule in [*rules.get("times/expressions", TimeExpression),
                                                               *rules.get("times/reference_year", ReferenceYearCue)]]


def _example_texts() -> list[str]:
    return [json.loads(line)["text"] for path in sorted(EXAMPLES.glob("*/*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and '"text"' in line]


def test_no_time_regex_is_skipped_for_an_example_it_matches() -> None:
    regexes = _time_regexes()
    texts = _example_texts()
    assert len(texts) > 100
    for text in texts:
        for regex in regexes:
            if regex.search(text):
                assert may_match(literal_gate(regex), folded(text)), (regex.pattern, text)


def test_most_time_regexes_have_a_gate() -> None:
    gates = [literal_gate(regex) for regex in _time_regexes()]
    assert sum(bool(gate) for gate in gates) >= 0.9 * len(gates)


@pytest.mark.parametrize(("pattern", "text"), [
    (r"\b\w+\s+quarters\s+ago\b", "two quarterſ ago"),  # long s: a case-insensitive 's'
    (r"\bfiscal\b", "FıSCAL"),  # dotless i: a case-insensitive 'i'
])
def test_the_gate_reads_letters_as_a_case_insensitive_regex_does(pattern: str, text: str) -> None:
    regex = re.compile(pattern, re.IGNORECASE)
    assert regex.search(text)
    assert may_match(literal_gate(regex), folded(text))


def test_a_text_without_the_gate_words_is_skipped() -> None:
    regex = re.compile(r"\b(?:first|second)\s+half\s+of\s+(?:19|20)\d{2}", re.IGNORECASE)
    assert not may_match(literal_gate(regex), folded("Sales rose 5% in 2023."))
    assert may_match(literal_gate(regex), folded("Sales rose in the SECOND half of 2023."))


def test_every_required_part_must_have_a_word_in_the_text() -> None:
    regex = re.compile(r"\b(?:spending|budgets)\s+per\s+capita\b", re.IGNORECASE)
    assert not may_match(literal_gate(regex), folded("Spending rose 4% per year."))  # no "capita"
    assert may_match(literal_gate(regex), folded("Budgets per capita fell."))


def _figure_rule_lists() -> dict[str, list[re.Pattern[str]]]:
    from claimex.extract.figures.compiled import compile_rules

    compiled = compile_rules(load_rules())
    lists = {"scales": compiled.scales, "units": compiled.units, "units_before": compiled.units_before,
             "qualifiers_before": compiled.qualifiers_before, "qualifiers_after": compiled.qualifiers_after,
             "signs": compiled.signs, "ranks": compiled.ranks}
    return {name: [pattern for _, pattern in rules] for name, rules in lists.items()}


def test_a_joined_rule_list_finds_a_match_exactly_where_one_of_its_rules_does() -> None:
    texts = _example_texts()
    for name, patterns in _figure_rule_lists().items():
        joined = any_of(patterns)
        assert joined is not None, name
        for text in texts:
            for number in re.finditer(r"\d+", text):
                window, end = text[max(0, number.start() - 48):number.start()], number.end()
                assert bool(joined.search(window)) == any(p.search(window) for p in patterns), (name, window)
                assert bool(joined.match(text, end)) == any(p.match(text, end) for p in patterns), (name, text[end:])


def test_patterns_with_a_group_reference_are_not_joined() -> None:
    assert any_of([re.compile(r"(a)\1"), re.compile("b")]) is None
    assert any_of([re.compile("a", re.MULTILINE), re.compile("b")]) is None


def test_a_prefix_tree_matches_what_the_alternation_of_its_words_matches() -> None:
    words = ["a", "an", "eight", "eighteen", "eighteenth", "eighty", "one", "ones", "on"]
    tree = re.compile(rf"\b(?:{prefix_tree(words)})\b", re.IGNORECASE)
    listed = re.compile(rf"\b(?:{alternation(words)})\b", re.IGNORECASE)
    for text in ["An eighteenth of EIGHTY-one ones on a one-on-one", "eighteens anon eigh", *_example_texts()]:
        assert [m.span() for m in tree.finditer(text)] == [m.span() for m in listed.finditer(text)], text
