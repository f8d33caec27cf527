"""Rule files: validated on load, every problem reported as file:line, user folders layer over."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimex.errors import RuleError
from claimex.rules import load_rules, restored_rules, rule_models, rules_sha256, saved_rules
from claimex.rules.normalize import KeepCamelCase
from claimex.rules.sources import SourcePattern


def _user_rules(tmp_path: Path, lines: list[str], name: str = "normalize/camelcase_names") -> Path:
    path = tmp_path / f"{name}.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


def test_builtin_rules_load(rules) -> None:
    assert len(rules) > 50 and len(rules.sha256) == 64


def test_all_problems_are_reported_at_once_with_file_and_line(tmp_path: Path) -> None:
    folder = _user_rules(tmp_path, [
        '{"id": "normalize.keep.ok", "word": "OkName"}',
        '{"id": "Bad Id", "word": "X"}',
        '{"id": "normalize.keep.missing"}',
        '{"id": "normalize.keep.extra", "word": "Y", "colour": "red"}',
        "{broken",
        '{"id": "normalize.keep.ok", "word": "Again"}',
    ])
    with pytest.raises(RuleError) as caught:
        load_rules(user_dir=folder)
    problems = caught.value.problems
    path = str(folder / "normalize" / "camelcase_names.jsonl")
    assert [p.split(": ")[0] for p in problems] == [f"{path}:{n}" for n in (2, 3, 4, 5, 6)]
    assert "word" in problems[1] and "colour" in problems[2] and "invalid JSON" in problems[3]
    assert "duplicate id" in problems[4]


def test_unknown_rule_file_is_an_error(tmp_path: Path) -> None:
    folder = _user_rules(tmp_path, ['{"id": "x.y"}'], name="normalize/typo_names")
    with pytest.raises(RuleError, match=r"unknown rule file 'normalize/typo_names\.jsonl'"):
        load_rules(user_dir=folder)


def test_user_rules_layer_over_builtin_ones(tmp_path: Path, rules) -> None:
    folder = _user_rules(tmp_path, [
        '{"id": "normalize.keep.iphone", "word": "iPhoneX", "note": "replaces the built-in rule"}',
        '{"id": "normalize.keep.newbrand", "word": "NewBrand"}',
    ])
    layered = load_rules(user_dir=folder)
    words = {rule.id: rule.word for rule in layered.get("normalize/camelcase_names", KeepCamelCase)}
    assert words["normalize.keep.iphone"] == "iPhoneX" and words["normalize.keep.newbrand"] == "NewBrand"
    assert len(layered) == len(rules) + 1 and layered.sha256 != rules.sha256


def test_validated_rules_saved_as_data_come_back_equal_and_only_for_their_files(tmp_path: Path, rules) -> None:
    saved = json.loads(json.dumps(saved_rules(rules)))
    restored = restored_rules(saved, rules_sha256())
    assert restored is not None and restored.sha256 == rules.sha256 and restored.origins() == rules.origins()
    keys = rules.keys()
    for key in keys:
        assert restored.get(key, rule_models()[key]) == rules.get(key, rule_models()[key]), key
    said = {rule.id: rule for rule in restored.get("sources/said", SourcePattern)}
    assert isinstance(said["sources.said.verb"].pattern[0]["LOWER"]["IN"], list)  # INFLECT expanded when saved
    changed = _user_rules(tmp_path, ['{"id": "normalize.keep.newbrand", "word": "NewBrand"}'])
    assert restored_rules(saved, rules_sha256(user_dir=changed)) is None


def test_rules_check_command(cli, tmp_path: Path) -> None:
    ok = cli("rules", "check")
    assert ok.exit_code == 0 and ok.output.startswith("ok:")
    folder = _user_rules(tmp_path, ['{"id": "normalize.keep.x", "word": 3}'])
    bad = cli("rules", "check", folder)
    assert bad.exit_code == 2 and "camelcase_names.jsonl:1: word" in bad.stderr


def test_token_patterns_list_lemmas_and_load_with_their_forms(tmp_path: Path) -> None:
    from claimex.rules.sources import SourcePattern

    folder = _user_rules(tmp_path, [
        '{"id": "sources.said.mumbled", "kind": "said", "name": "subject",'
        ' "pattern": [{"INFLECT": {"lemmas": ["mumble", "tell"], "tags": ["VBD", "VBZ"]}}]}',
        '{"id": "sources.said.both", "kind": "said", "pattern": [{"INFLECT": {"lemmas": ["say"]}, "LOWER": "say"}]}',
        '{"id": "sources.said.badtag", "kind": "said", "pattern": [{"INFLECT": {"lemmas": ["say"], "tags": ["PAST"]}}]}',
    ], name="sources/said")
    with pytest.raises(RuleError) as caught:
        load_rules(user_dir=folder)
    assert [problem.split(": ")[0].rsplit(":", 1)[1] for problem in caught.value.problems] == ["2", "3"]
    assert "INFLECT or LOWER" in caught.value.problems[0] and "PAST" in caught.value.problems[1]
    folder = _user_rules(tmp_path, [
        '{"id": "sources.said.mumbled", "kind": "said", "name": "subject",'
        ' "pattern": [{"INFLECT": {"lemmas": ["mumble", "tell"], "tags": ["VBD", "VBZ"]}}, {"LOWER": "that", "OP": "?"}]}',
    ], name="sources/said")
    (rule,) = [rule for rule in load_rules(user_dir=folder).get("sources/said", SourcePattern) if rule.id.endswith("mumbled")]
    assert sorted(rule.pattern[0]["LOWER"]["IN"]) == ["mumbled", "mumbles", "tells", "told"]
    assert rule.pattern[1] == {"LOWER": "that", "OP": "?"}


def test_an_agency_reports_on_a_country_of_claims_countries_unless_it_is_a_region(tmp_path: Path) -> None:
    folder = _user_rules(tmp_path, [
        '{"id": "claims.economic_agency.statistics_elbonia", "name": "Statistics Elbonia", "country": "Elbonia"}',
        '{"id": "claims.economic_agency.nordic_council", "name": "Nordic Statistics", "country": "Nordic countries", "region": true}',
    ], name="claims/economic_agencies")
    with pytest.raises(RuleError) as caught:
        load_rules(user_dir=folder)
    assert len(caught.value.problems) == 1
    assert "economic_agencies.jsonl:1:" in caught.value.problems[0] and "'Elbonia'" in caught.value.problems[0]
