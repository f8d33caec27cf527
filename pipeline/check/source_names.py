"""Names against the source: a person written in pinyin that is not in the Chinese it translates, and a name
with an established English form rendered otherwise.

A second witness for name consistency, for records with a source text (the reading itself is
source/names.py). A pinyin name that no name of its aligned source segment reads as: the translation has
most likely put one person's name on another ("Liu" for 宋涛). Two different English names that read the
same Chinese characters: one person spelled two ways. One English name that reads as two different
Chinese names (王磊 and 王蕾, both "Wang Lei"): two people the record takes for one.
"""

from __future__ import annotations

import re
from itertools import combinations

from ..rules import RuleSet
from ..schema import Alignment, ArticleRecord, Entity, Flag, Span
from ..source import source_threshold
from ..source.agencies import agencies
from ..source.established import (
    EstablishedMention,
    accepted_in,
    carried_rendering,
    established_mentions,
    other_acronym,
    other_person,
    other_rendering,
    rendering_words,
)
from ..source.names import NameReading, Syllable, reads_as, western_surname
from . import CheckContext, article_check
from .common import ArticleView, flag, person_readings

#: A foreign name in Chinese characters, its parts joined by a middle dot (约翰·科比).
FOREIGN_NAME = re.compile(r"[\u3400-\u9fff][·•‧・][\u3400-\u9fff]")


@article_check("source_names")
def source_names(article: ArticleView, context: CheckContext) -> list[Flag]:
    """Person names that are pinyin but not of the source segment, two spellings of one Chinese name, and one
    spelling of two."""
    record = article.record
    if not record.alignment:
        return []
    readings = person_readings(article, context)
    found = [_not_in_source(record, reading.entity, reading.mention, reading.pair.source, reading.syllables)
             for reading in readings if reading.chinese is None]
    found.extend(_surnames_not_in_source(record, context.rules))
    found.extend(_one_name_two_spellings(readings))
    found.extend(_one_spelling_two_names(readings))
    found.extend(_other_agencies(record, context.rules))
    mismatched = [span for kept in found if kept.kind == "source_name_mismatch" for span in kept.spans]
    found.extend(renamed for renamed in _established_names(record, context.rules)
                 if not any(_overlaps(span, other) for span in renamed.spans for other in mismatched))
    return found


def _overlaps(first: Span, second: Span) -> bool:
    return first[0] < second[1] and second[0] < first[1]


def _established_names(record: ArticleRecord, rules: RuleSet) -> list[Flag]:
    """A name with an established English form (rules/source/established_names) that the English segment
    renders otherwise: in pinyin ("Fanlin Group" for 泛林集团, Lam Research), mangled ("John Kobe"), as another
    known person ("Shinzo Abe" for 岸田文雄), or as a word of a wrong rendering the article gave before ("Kobe")."""
    found: list[Flag] = []
    text, source = record.article.text, record.article.source_text or ""
    sound_alike = source_threshold(rules, "established.sound_alike")
    unread: list[tuple[Alignment, EstablishedMention]] = []
    carried: dict[str, set[str]] = {}
    seen: set[Span] = set()
    for pair in record.alignment:
        if not pair.sure:
            continue
        english = text[pair.text[0]:pair.text[1]]
        mentions = established_mentions(source[pair.source[0]:pair.source[1]], rules, source)
        named = {mention.rule.id for mention in mentions}
        for mention in mentions:
            if accepted_in(english, mention.rule, rules):
                continue
            span = (other_rendering(english, mention, sound_alike, rules) or other_person(english, mention, named, rules)
                    or other_acronym(english, source[pair.source[0]:pair.source[1]], mention, named, rules))
            if span is None:
                unread.append((pair, mention))
            elif (pair.text[0] + span[0], pair.text[0] + span[1]) not in seen:
                found.append(_renamed(record, pair, mention, span, seen))
                carried.setdefault(mention.rule.id, set()).update(rendering_words(english[span[0]:span[1]], mention))
    for pair, mention in unread:
        span = carried_rendering(text[pair.text[0]:pair.text[1]], carried.get(mention.rule.id, set()))
        if span is not None and (pair.text[0] + span[0], pair.text[0] + span[1]) not in seen:
            found.append(_renamed(record, pair, mention, span, seen))
    return found


def _renamed(record: ArticleRecord, pair: Alignment, mention: EstablishedMention, span: Span, seen: set[Span]) -> Flag:
    (t0, _), (s0, _) = pair.text, pair.source
    where = (t0 + span[0], t0 + span[1])
    seen.add(where)
    rendered = record.article.text[where[0]:where[1]]
    return flag(
        "established_name_missed", "warning",
        f"the source names {mention.chinese}, known in English as {mention.rule.english_name}; the English "
        f"renders it “{rendered}”, which a reader will not recognise as that {mention.rule.kind}.",
        [where], [], suggestion=mention.rule.english_name, source_spans=[(s0 + mention.start, s0 + mention.end)])


def _other_agencies(record: ArticleRecord, rules: RuleSet) -> list[Flag]:
    """English credits to a news agency that the source segment does not name while it names another
    (据中央社 rendered "according to Xinhua"): the translation put the wrong agency in."""
    found = []
    text, source = record.article.text, record.article.source_text or ""
    for pair in record.alignment:
        if not pair.sure:
            continue
        (t0, t1), (s0, s1) = pair.text, pair.source
        named = agencies(source[s0:s1], rules, "zh")
        ids = {mention.agency.id for mention in named}
        for mention in agencies(text[t0:t1], rules, "en"):
            if not named or mention.agency.id in ids:
                continue
            others = " and ".join(dict.fromkeys(f"{source[s0 + other.start:s0 + other.end]} ({other.agency.english_name})"
                                                for other in named))
            found.append(flag(
                "source_agency_mismatch", "warning",
                f"the English credits {mention.agency.english_name} (“{text[t0 + mention.start:t0 + mention.end]}”); "
                f"the source segment it translates names {others}, not {mention.agency.english_name}.",
                [(t0 + mention.start, t0 + mention.end)], [], suggestion=named[0].agency.english_name,
                source_spans=[(s0 + other.start, s0 + other.end) for other in named]))
    return found


def _not_in_source(record: ArticleRecord, entity: Entity, mention: Span, segment: Span,
                   syllables: list[Syllable]) -> Flag:
    text = record.article.text[mention[0]:mention[1]]
    return flag(
        "source_name_mismatch", "warning",
        f"“{text}” reads as the pinyin {' '.join('/'.join(sorted(syllable)) for syllable in syllables)}, but no name "
        f"in the source segment it translates "
        f"reads so: the translation may have put a different person's name here.",
        [mention], [entity.id], suggestion="the pinyin of the name the source gives in this sentence",
        source_spans=[segment],
    )


def _surnames_not_in_source(record: ArticleRecord, rules: RuleSet) -> list[Flag]:
    """A person written with an English given name and a Chinese surname ("Shelly Wang") whose surname no character
    of the aligned source segment reads as: the name is not the source's (夏立言 rendered "Shelly Wang"); "Andrew
    Hsia" for 夏立言 reads (Hsia is 夏). A segment that names a foreigner (a name joined by ·) is not read: 萨拉·朗
    may be "Sarah Long"."""
    found = []
    text, source = record.article.text, record.article.source_text or ""
    for entity in record.entities:
        surname = western_surname(entity.name, rules) if entity.label == "PERSON" else None
        if surname is None:
            continue
        for mention in entity.mentions:
            pair = next((pair for pair in record.alignment if pair.sure and pair.text[0] <= mention[0] < pair.text[1]), None)
            if pair is None or FOREIGN_NAME.search(source, *pair.source) or reads_as(source, pair.source, surname):
                continue
            rendered = text[mention[0]:mention[1]]
            found.append(flag(
                "source_name_mismatch", "warning",
                f"“{rendered}” gives the Chinese surname {rendered.split()[-1]} ({'/'.join(sorted(surname))}), but no "
                f"character of the source segment it translates reads so: the translation may have put another "
                f"name here.", [mention], [entity.id], suggestion="the name the source gives in this sentence",
                source_spans=[pair.source]))
    return found


def _by_chinese(readings: list[NameReading]) -> dict[str, dict[str, tuple[Entity, list[Span]]]]:
    """For each Chinese name read, the entities that render it and where the source gives it."""
    found: dict[str, dict[str, tuple[Entity, list[Span]]]] = {}
    for reading in readings:
        if reading.chinese is None or reading.source_span is None:
            continue
        _, spans = found.setdefault(reading.chinese, {}).setdefault(reading.entity.id, (reading.entity, []))
        if reading.source_span not in spans:
            spans.append(reading.source_span)
    return found


def _one_name_two_spellings(readings: list[NameReading]) -> list[Flag]:
    found = []
    for chinese, entities in _by_chinese(readings).items():
        for (first, spans), (second, more) in combinations(entities.values(), 2):
            if first.name.lower().replace("-", "").replace(" ", "") == second.name.lower().replace("-", "").replace(" ", ""):
                continue
            found.append(flag(
                "name_variant", "warning",
                f"“{first.name}” and “{second.name}” both render the source name {chinese}: one person spelled two ways.",
                [*first.mentions, *second.mentions], [first.id, second.id],
                suggestion=f"use one spelling of {chinese} throughout", source_spans=sorted({*spans, *more}),
            ))
    return found


def _one_spelling_two_names(readings: list[NameReading]) -> list[Flag]:
    """An English name whose mentions render different Chinese names (王磊 … 王蕾 as "Wang Lei" both times):
    the spelling is right for each, but the record holds two people as one entity."""
    names: dict[str, dict[str, list[Span]]] = {}
    entities: dict[str, Entity] = {}
    for chinese, rendered in _by_chinese(readings).items():
        for entity, spans in rendered.values():
            names.setdefault(entity.id, {})[chinese] = spans
            entities[entity.id] = entity
    found = []
    for entity_id, rendered_names in names.items():
        if len(rendered_names) < 2:
            continue
        entity = entities[entity_id]
        listed = " and ".join(rendered_names)
        found.append(flag(
            "source_names_merged", "info",
            f"“{entity.name}” renders {len(rendered_names)} different source names, {listed}: probably different people "
            f"under one English spelling; the record takes them for one, so what one says or does is linked to "
            f"the other.",
            list(entity.mentions), [entity.id],
            suggestion=f"tell them apart (full names, roles) where {listed} differ",
            source_spans=sorted(span for spans in rendered_names.values() for span in spans),
        ))
    return found
