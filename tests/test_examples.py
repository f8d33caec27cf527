"""Every rule file has a corpus of examples beside the tests, and every example must hold.

`tests/examples/<area>/<name>.jsonl` mirrors `rules/<area>/<name>.jsonl`. One example per line:
`{"text": ..., "expect": [{field: value, ...}, ...]}`; `"expect": []` is a negative example and
`"xfail": "why"` marks a known gap (strict: it fails the suite once it starts passing). The
number of results must equal the number expected, and each expected field must match.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable

import pytest
from conftest import EXAMPLES

from claimex.normalize import Normalizer
from claimex.process import Processor
from claimex.rules import builtin_rules_dir, load_rules
from claimex.source import read_source

RULES = builtin_rules_dir()


def _rule_files() -> set[str]:
    return {path.relative_to(RULES).with_suffix("").as_posix() for path in RULES.rglob("*.jsonl")}


def _example_files() -> set[str]:
    return {path.relative_to(EXAMPLES).with_suffix("").as_posix() for path in EXAMPLES.rglob("*.jsonl")}


def test_every_rule_file_has_examples_and_every_example_file_a_rule_file() -> None:
    assert _rule_files() - _example_files() == set(), "rule files without examples"
    assert _example_files() - _rule_files() == set(), "example files without a rule file"


def _params() -> list:
    params = []
    for key in sorted(_example_files()):
        lines = (EXAMPLES / f"{key}.jsonl").read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            example = json.loads(line)
            marks = [pytest.mark.xfail(reason=example["xfail"], strict=True)] if "xfail" in example else []
            params.append(pytest.param(key, example, id=f"{key}:{number}", marks=marks))
    return params


def _normalize_results(text: str, processor: Processor) -> list[dict]:
    normalized = Normalizer(load_rules()).normalize(text)
    return [
        {"text": text[repair.start:repair.end], "suggestion": repair.suggestion, "kind": repair.kind}
        for repair in normalized.repairs
    ]


def _language_results(text: str, processor: Processor) -> list[dict]:
    """The language of a text claimex does not read, with the record's errors and whether anything was read."""
    record = processor.process_text(text)
    if record.article.language == "en":
        return []
    return [{"language": record.article.language, "errors": [error.stage for error in record.errors],
             "read": bool(record.figures or record.claims or record.entities)}]


def _entity_results(text: str, processor: Processor) -> list[dict]:
    record = processor.process_text(text)
    return [{"name": entity.name, "label": entity.label, "aliases": entity.aliases, "count": len(entity.mentions)}
            for entity in record.entities]


def _time_results(text: str, processor: Processor) -> list[dict]:
    return [{"text": time.text, "value": time.value, "role": time.role, "rule": time.rule}
            for time in processor.process_text(text).times]


def _source_results(text: str, processor: Processor) -> list[dict]:
    """Sources with the entity a described one stands for, by its name, and the text they cover."""
    record = processor.process_text(text)
    names = {entity.id: entity.name for entity in record.entities}
    return [{"text": source.text, "kind": source.kind, "name": source.name, "rule": source.rule,
             "entity": names.get(source.entity or ""),
             "covers": text[source.covers[0]:source.covers[1]] if source.covers else None}
            for source in record.sources]


def _figure_results(text: str, processor: Processor) -> list[dict]:
    record = processor.process_text(text)
    results = []
    for figure in record.figures:
        parts = figure.parts.model_dump()
        evidence = parts.pop("evidence")
        results.append({**figure.model_dump(exclude={"parts"}), **parts,
                        "evidence_text": text[evidence[0]:evidence[1]] if evidence else None})
    return results


def _claim_results(text: str, processor: Processor) -> list[dict]:
    """Claims with their figure's text and their ids resolved to what a reader sees (a source by its name)."""
    record = processor.process_text(text)
    figures = {figure.id: figure.text for figure in record.figures}
    names = {entity.id: entity.name for entity in record.entities}
    times = {time.id: time.value for time in record.times}
    sources = {source.id: source.name for source in record.sources}
    return [{"figure": figures[claim.figure], "subject": names.get(claim.subject or ""), "metric": claim.metric,
             "time": times.get(claim.time or ""), "base_time": times.get(claim.base_time or ""), "hedge": claim.hedge,
             "source": sources.get(claim.source or "")}
            for claim in record.claims]


def _check_results(text: str, processor: Processor) -> list[dict]:
    """Flags raised by the checks (normalize's own repairs are tested under normalize), with the claim
    they point at, so examples can also state a claim's metric or hedge."""
    record = processor.process_text(text)
    claims = {claim.id: claim for claim in record.claims}
    results = []
    for flag in record.flags:
        if flag.check == "normalize":
            continue
        claim = next((claims[ref] for ref in flag.refs if ref in claims), None)
        results.append({
            "kind": flag.kind, "severity": flag.severity, "suggestion": flag.suggestion,
            "text": text[flag.spans[0][0]:flag.spans[0][1]] if flag.spans else None,
            "texts": [text[start:end] for start, end in flag.spans],
            "metric": claim.metric if claim else None, "hedge": claim.hedge if claim else None,
        })
    return results


def _translation_results(example: dict, processor: Processor) -> list[dict]:
    """The figures and times read from a Chinese `text`; or, when the example gives the `english`
    translation of it, the flags of the checks that compare the two."""
    if "english" not in example:
        reading = read_source(example["text"], load_rules())
        found = [figure.model_dump() for figure in reading.figures]
        found += [{**time.model_dump(), "kind": "time"} for time in reading.times]
        return sorted(found, key=lambda item: item["start"])
    english = example["english"]
    record = processor.process_text(english, source_text=example["text"])
    return [{"kind": flag.kind, "severity": flag.severity, "suggestion": flag.suggestion,
             "text": english[flag.spans[0][0]:flag.spans[0][1]] if flag.spans else None}
            for flag in record.flags if flag.check in ("translation", "source_names")]


#: How to read the results of each rule area from a text, as dicts comparable with `expect`.
AREA_READERS: dict[str, Callable[[str, Processor], list[dict]]] = {
    "ingest": _language_results,
    "normalize": _normalize_results,
    "entities": _entity_results,
    "times": _time_results,
    "sources": _source_results,
    "figures": _figure_results,
    "claims": _claim_results,
    "checks": _check_results,
}


@pytest.mark.parametrize(("key", "example"), _params())
def test_example(key: str, example: dict, processor: Processor) -> None:
    area = key.split("/")[0]
    results = _translation_results(example, processor) if area == "source" else AREA_READERS[area](example["text"], processor)
    expected = example["expect"]
    assert len(results) == len(expected), f"expected {expected}, got {results}"
    for want, got in zip(expected, results):
        for field, value in want.items():
            assert _same(got.get(field), value), f"{field}: expected {value!r}, got {got.get(field)!r} in {got}"


def _same(got: object, want: object) -> bool:
    if isinstance(want, (int, float)) and isinstance(got, (int, float)) and not isinstance(want, bool):
        return math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(want, list) and isinstance(got, (list, tuple)):
        return len(want) == len(got) and all(_same(g, w) for g, w in zip(got, want))
    return got == want
