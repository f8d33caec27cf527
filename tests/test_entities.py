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


def _named(processor: Processor, text: str) -> list[tuple[str, str]]:
    return [(entity.name, entity.label) for entity in processor.process_text(text).entities]


def test_a_person_name_run_on_into_a_figure_is_cut_before_it(processor: Processor) -> None:
    record = processor.process_text("Harbor (5-1): R. Okafor 2 goals. T. Lindqvist 1 goal. M. Duarte 3 saves.")
    people = {entity.name for entity in record.entities if entity.label == "PERSON"}
    assert not any(char.isdigit() for name in people for char in name)
    assert "M. Duarte" in people
    owners = {entity.id: entity.name for entity in record.entities}
    saves = next(claim for claim in record.claims if record.article.text[claim.start:claim.end].startswith("M. Duarte"))
    assert owners[saves.subject] == "M. Duarte"


def test_an_acronym_the_text_defines_by_common_words_names_no_one(processor: Processor) -> None:
    record = processor.process_text("Chronic fatigue syndrome (CFS) affects many adults. In one trial, 40 people with CFS "
                                    "walked daily.\nThe Bureau of Labor Statistics (BLS) counted 12 million openings.")
    names = {entity.name for entity in record.entities}
    assert "CFS" not in names
    assert names & {"BLS", "The Bureau of Labor Statistics"}  # a name's acronym stays a name


def test_a_name_after_a_model_number_is_a_product_not_a_person(processor: Processor) -> None:
    """"the 5000 Max drone": the model's "person" after a model number is a product with it; a rank's number
    ("No. 2 Alvarez") leaves the person alone."""
    assert _named(processor, "The 5000 Max drone sells for $900.") == [("5000 Max", "PRODUCT")]
    assert ("Alvarez", "PERSON") in _named(processor, "Seeded No. 2 Alvarez won the final in three sets.")
