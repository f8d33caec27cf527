"""Entities: the model's named entities, grouped by name so each entity lists all its mentions."""

from __future__ import annotations

from spacy.tokens import Doc

from ..schema import Entity

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "PRODUCT", "FAC", "LOC", "EVENT", "WORK_OF_ART", "LAW"}


def read_entities(doc: Doc) -> list[Entity]:
    """Named entities grouped by normalised name, numbered e1, e2, … by first mention."""
    groups: dict[str, Entity] = {}
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        key = _group_key(ent.text)
        if not key:
            continue
        entity = groups.get(key)
        if entity is None:
            entity = groups[key] = Entity(id=f"e{len(groups) + 1}", name=_display_name(ent.text), label=ent.label_)
        entity.mentions.append((ent.start_char, ent.end_char))
    return list(groups.values())


def _display_name(text: str) -> str:
    return text.removesuffix("'s").removesuffix("’s").strip()


def _group_key(text: str) -> str:
    return _display_name(text).casefold()
