"""Entities: known organisations win over the model, one entity per name, variants kept apart."""

from __future__ import annotations

from claimex.process import Processor


def _entity(record, name: str):
    return next(entity for entity in record.entities if entity.name == name)


def test_xiaohongshu_is_one_org_with_all_its_mentions(seed_record) -> None:
    text = seed_record.article.text
    groups = [entity for entity in seed_record.entities if entity.name.casefold() == "xiaohongshu"]
    assert len(groups) == 1 and groups[0].label == "ORG"
    assert len(groups[0].mentions) == text.count("Xiaohongshu")
    assert all(text[start:end].startswith("Xiaohongshu") for start, end in groups[0].mentions)


def test_pseudonymous_names_are_people_and_variants_stay_apart(seed_record) -> None:
    assert _entity(seed_record, "Anxi").label == "PERSON"
    assert _entity(seed_record, "Anzai").label == "PERSON"
    kappa = _entity(seed_record, "Kappa")
    assert kappa.label == "PERSON"
    texts = {seed_record.article.text[start:end] for start, end in kappa.mentions}
    assert {"Kappa", "kappa"} <= texts


def test_model_junk_is_filtered(seed_record) -> None:
    names = {entity.name for entity in seed_record.entities}
    assert not names & {"IPO", "cooperatives", "GMV"}


def test_aliases_merge_into_the_known_name(processor: Processor) -> None:
    record = processor.process_text("Xiaohongshu, known as Little Red Book or RED, grew. Little Red Book's users are young.")
    entity = _entity(record, "Xiaohongshu")
    assert entity.label == "ORG" and len(entity.mentions) == 4
    assert set(entity.aliases) == {"Little Red Book", "RED"}


def test_the_blank_model_still_tags_known_organisations() -> None:
    record = Processor(model="blank").process_text("Douyin and Kuaishou lead; Douyin's users grew.")
    assert [(entity.name, entity.label, len(entity.mentions)) for entity in record.entities] == [
        ("Douyin", "ORG", 2), ("Kuaishou", "ORG", 1)]
