"""claimex's components keep spaCy's contract: what each declares it assigns and requires is true, the
rules they use come in through `initialize` and are saved with the pipeline, and a saved pipeline
loads back with `spacy.load` and gives the same records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
import srsly
from conftest import CORPUS, shared_path

from claimex.errors import RuleError
from claimex.extract import RULE_COMPONENTS
from claimex.extract.component import RuleComponent
from claimex.ingest import read_inputs
from claimex.process import Processor
from claimex.rules import rule_data


def test_analyze_pipes_finds_no_problem(processor: Processor) -> None:
    analysis = processor.nlp.analyze_pipes()
    assert {name for name in RULE_COMPONENTS} <= set(processor.nlp.pipe_names)
    assert analysis["problems"] == {name: [] for name in processor.nlp.pipe_names}


def test_times_require_what_figures_and_the_reference_year_assign(processor: Processor) -> None:
    times = processor.nlp.get_pipe_meta("claimex_times")
    assigned = {attr for name in ("claimex_figures", "claimex_reference_year")
                for attr in processor.nlp.get_pipe_meta(name).assigns}
    assert set(times.requires) == {"span._.fused_year", "doc._.reference_year"} <= assigned


def test_a_saved_pipeline_loads_back_and_gives_the_same_records(processor: Processor, tmp_path: Path) -> None:
    articles = [CORPUS / "xiaohongshu-growth.txt"]
    articles += [shared_path("dev-corpus", "articles", f"{name}.txt") for name in ("d01", "d04", "d09")]
    items = list(read_inputs(articles))
    processor.nlp.to_disk(tmp_path / "pipeline")
    loaded = Processor()
    loaded.nlp = spacy.load(tmp_path / "pipeline")
    assert loaded.nlp.pipe_names == processor.nlp.pipe_names and loaded.nlp.disabled == processor.nlp.disabled
    before = [record.model_dump_json() for record in processor.process(items)]
    after = [record.model_dump_json() for record in loaded.process(items)]
    assert len(after) == 4 and all('"figures":[{' in record for record in after)
    assert after == before


def test_the_saved_rules_are_the_rule_files_and_are_validated_again_on_load(processor: Processor, tmp_path: Path) -> None:
    model = ["tok2vec", "tagger", "parser", "ner", "senter", "lemmatizer", "attribute_ruler"]
    processor.nlp.to_disk(tmp_path / "pipeline", exclude=model)
    scales = tmp_path / "pipeline" / "claimex_figures" / "rules" / "figures" / "scales.jsonl"
    assert '"id": "figures.scale.million"' in scales.read_text(encoding="utf-8")
    assert not (tmp_path / "pipeline" / "claimex_figures" / "rules" / "sources").exists()  # only its own files
    scales.write_text('{"id": "figures.scale.broken", "word": "lakh"}\n', encoding="utf-8")
    with pytest.raises(RuleError, match=r"scales\.jsonl:1: factor: Field required"):
        spacy.load(tmp_path / "pipeline", exclude=model)


def test_components_round_trip_through_bytes(processor: Processor) -> None:
    for name in RULE_COMPONENTS:
        component = processor.nlp.get_pipe(name)
        assert isinstance(component, RuleComponent)
        copy = type(component)(processor.nlp, name).from_bytes(component.to_bytes())
        assert copy.rules.keys() == component.rules.keys() and len(copy.rules) > 0
        assert rule_data(copy.rules) == rule_data(component.rules)


def test_a_spacy_user_adds_a_component_to_their_own_pipeline() -> None:
    nlp = spacy.blank("en")
    figures = nlp.add_pipe("claimex_figures")
    with pytest.raises(ValueError, match=r"claimex_figures has no rules yet: call .*initialize\(\)"):
        nlp("Revenue rose to $2.6 billion.")
    figures.initialize()  # the built-in rules
    doc = nlp("Revenue rose to $2.6 billion.")
    assert [(span.text, span._.figure.value, span._.figure.currency) for span in doc.spans["figures"]] == [
        ("$2.6 billion", 2.6e9, "USD")]


def test_a_config_gives_a_component_its_rules(tmp_path: Path) -> None:
    scales = tmp_path / "figures" / "scales.jsonl"
    scales.parent.mkdir()
    scales.write_text('{"id": "figures.scale.myriad", "word": "myriad", "factor": 10000, "glued": "never"}\n',
                      encoding="utf-8")
    nlp = spacy.blank("en")
    nlp.add_pipe("claimex_figures")
    nlp.config["initialize"]["components"]["claimex_figures"] = {
        "rules": {"@misc": "claimex.rules.v1", "user_dir": str(tmp_path)}}
    nlp.initialize()
    doc = nlp("The army had 3 myriad soldiers.")
    assert [span._.figure.value for span in doc.spans["figures"]] == [30000.0]
    builtin = spacy.blank("en")
    builtin.add_pipe("claimex_figures")
    builtin.initialize()
    doc = builtin("The army had 3 myriad soldiers.")
    assert [span._.figure.value for span in doc.spans["figures"]] == [3.0]


def test_rules_saved_as_bytes_are_validated_again(processor: Processor) -> None:
    figures = processor.nlp.get_pipe("claimex_figures")
    data = json.loads(srsly.msgpack_loads(figures.to_bytes())["rules"])
    data["figures/scales"][0].pop("factor")
    broken = srsly.msgpack_dumps({"rules": json.dumps(data).encode()})
    with pytest.raises(RuleError, match=r"<saved rules>/figures/scales\.jsonl:1: factor: Field required"):
        type(figures)(processor.nlp, "claimex_figures").from_bytes(broken)


def test_spacy_finds_the_components_of_a_saved_pipeline_without_importing_claimex(processor: Processor,
                                                                                    tmp_path: Path) -> None:
    """The `spacy_factories` entry points in setup.cfg: a fresh interpreter that only imports spaCy."""
    import subprocess
    import sys

    processor.nlp.to_disk(tmp_path / "pipeline")
    probe = ("import sys, spacy; nlp = spacy.load(sys.argv[1]); "
             "doc = nlp('Revenue rose to $2.6 billion in 2023.'); "
             "print([span.text for span in doc.spans['figures']], 'claimex' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "pipeline")],
                            capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["['$2.6", "billion']", "True"]
