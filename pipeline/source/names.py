"""Person names of a translation read against its source: which Chinese name each pinyin name renders.

An English person name whose words are all pinyin syllables ("Liu Yi", "Xia Liyan") should be the reading
(pypinyin) of a run of characters in the aligned source segment. Names written in Wade-Giles or Tongyong
("Hsia Li-yen", "Chen Chi-mai"), also in Western order ("Li-yen Hsia"), are read back through the spellings
of rules/source/romanizations ("hs" is x); English names such as "John" are not Chinese names and are not read.
The checks read the result: a name no character of its segment reads as (source_names), two spellings of
one Chinese name, one spelling of two, and the English-only name checks, which leave a pair of people to
this witness when the source reads both.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from ..rules import RuleSet
from ..rules.source import SourceRomanization, SourceSurname
from ..schema import Alignment, ArticleRecord, Entity, Span

HAN = re.compile(r"[\u3400-\u9fff]")
MAX_SYLLABLES_PER_WORD = 3
#: one syllable of a name and the pinyin syllables it may stand for
Syllable = frozenset[str]


@dataclass(frozen=True)
class NameReading:
    """One mention of a person with a Chinese name, in a sure aligned pair: the source characters that read
    as it (`chinese` and `source_span`), or None for both when no name of the segment reads so."""

    entity: Entity
    mention: Span
    pair: Alignment
    syllables: list[Syllable]
    chinese: str | None
    source_span: Span | None


def read_person_names(record: ArticleRecord, rules: RuleSet) -> list[NameReading]:
    """Every mention of a person whose name is a romanised Chinese name, read against its aligned segment."""
    if not record.alignment:
        return []
    surnames, spellings = _surname_set(rules), _romanization_table(rules)
    source = record.article.source_text or ""
    found = []
    for entity in record.entities:
        if entity.label != "PERSON":
            continue
        syllables = name_syllables(entity.name, surnames, spellings)
        if syllables is None:
            continue
        for mention in entity.mentions:
            pair = _pair_of(record.alignment, mention)
            if pair is None:
                continue
            reading = _find_reading(source, pair.source, syllables)
            chinese, span = reading if reading is not None else (None, None)
            found.append(NameReading(entity, mention, pair, syllables, chinese, span))
    return found


def western_surname(name: str, rules: RuleSet) -> Syllable | None:
    """The surname of a Chinese person written in Western order with an English given name ("Andrew Hsia", "Shelly
    Wang": the last of two words is a Chinese surname, the first no pinyin name of its own), as the pinyin it may
    stand for; None for any other name (one the pinyin reading takes, "Xia Liyan", "Li-yen Hsia", or not Chinese)."""
    surnames, spellings = _surname_set(rules), _romanization_table(rules)
    words = name.strip().removesuffix("'s").removesuffix("’s").split()
    if len(words) != 2 or not words[0].isalpha() or name_syllables(name, surnames, spellings) is not None:
        return None
    surname = _syllable(words[1].lower(), spellings) & surnames
    return surname or None


def reads_as(source: str, segment: Span, syllable: Syllable) -> bool:
    """Whether some character of the source segment reads as the syllable (any of its readings)."""
    return _find_reading(source, segment, [syllable]) is not None


def source_names_by_entity(readings: list[NameReading]) -> dict[str, frozenset[str]]:
    """The Chinese names each person entity's mentions read as, by entity id (entities read as none left out)."""
    names: dict[str, set[str]] = {}
    for reading in readings:
        if reading.chinese is not None:
            names.setdefault(reading.entity.id, set()).add(reading.chinese)
    return {entity: frozenset(chinese) for entity, chinese in names.items()}


@functools.lru_cache(maxsize=4)
def _surname_set(rules: RuleSet) -> frozenset[str]:
    return frozenset(rule.pinyin for rule in rules.get("source/surnames", SourceSurname))


@dataclass(frozen=True)
class Romanizations:
    """The spellings of rules/source/romanizations by part: initial, final and whole syllable → pinyin."""

    initials: dict[str, tuple[str, ...]]
    finals: dict[str, tuple[str, ...]]
    syllables: dict[str, tuple[str, ...]]


@functools.lru_cache(maxsize=4)
def _romanization_table(rules: RuleSet) -> Romanizations:
    parts: dict[str, dict[str, list[str]]] = {"initial": {}, "final": {}, "syllable": {}}
    for rule in rules.get("source/romanizations", SourceRomanization):
        parts[rule.part].setdefault(rule.spelling, []).extend(rule.pinyin)
    initials, finals, syllables = ({spelling: tuple(dict.fromkeys(pinyin)) for spelling, pinyin in parts[part].items()}
                                   for part in ("initial", "final", "syllable"))
    return Romanizations(initials, finals, syllables)


def name_syllables(name: str, surnames: frozenset[str], spellings: Romanizations) -> list[Syllable] | None:
    """The syllables of a Chinese name written in pinyin, Wade-Giles or Tongyong, each as the pinyin it may
    stand for ("Hsia Li-yen" → xia, li, yan), surname first; else None.

    A Chinese name in English is a surname word ("Liu") or a surname word and a given name
    ("Xia Liyan", "Zhao Chun-shan"), or in Western order a hyphenated given name and a surname
    ("Li-yen Hsia"); a single word of several syllables ("Biden") is not one.
    """
    words = name.strip().removesuffix("'s").removesuffix("’s").split()
    if not words:
        return None
    surname = _syllable(words[0].lower(), spellings)
    if not surname & surnames and len(words) == 2 and "-" in words[0]:
        words = [words[1], words[0]]  # "Li-yen Hsia": the given name first
        surname = _syllable(words[0].lower(), spellings)
    if not surname & surnames:
        return None
    syllables: list[Syllable] = [surname & surnames]
    for word in re.split(r"[\s\-’']+", " ".join(words[1:])) if len(words) > 1 else []:
        if not word.isalpha():
            return None
        split = _split_syllables(word.lower(), spellings)
        if split is None:
            return None
        syllables.extend(split)
    return syllables


def _syllable(spelled: str, spellings: Romanizations) -> Syllable:
    """The pinyin syllables one spelled syllable may stand for: itself when it is pinyin, and its readings as
    Wade-Giles or Tongyong (a whole syllable, or an initial and a final: "hsia" → xia)."""
    known = _syllables()
    found = {spelled} & known
    found.update(spellings.syllables.get(spelled, ()))
    for initial, initial_pinyin in spellings.initials.items():
        if not spelled.startswith(initial) or len(spelled) == len(initial):
            continue
        final = spelled[len(initial):]
        finals = (final, *spellings.finals.get(final, ()))
        found.update(head + tail for head in initial_pinyin for tail in finals if head + tail in known)
    for final, final_pinyin in spellings.finals.items():  # a syllable with a plain initial: "lien" → lian
        if spelled.endswith(final) and len(spelled) > len(final):
            head = spelled[:-len(final)]
            found.update(head + tail for tail in final_pinyin if head + tail in known)
    return frozenset(found)


def _split_syllables(word: str, spellings: Romanizations) -> list[Syllable] | None:
    """A word cut into syllables (pinyin, or one romanised syllable), preferring fewer; None when it cannot be cut."""
    whole = _syllable(word, spellings)
    if whole:
        return [whole]
    best: list[list[Syllable] | None] = [None] * (len(word) + 1)
    best[0] = []
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 6), end):
            head = best[start]
            if head is None:
                continue
            options = _syllable(word[start:end], spellings)
            if options:
                candidate = [*head, options]
                if best[end] is None or len(candidate) < len(best[end] or []):
                    best[end] = candidate
    result = best[len(word)]
    return result if result is not None and len(result) <= MAX_SYLLABLES_PER_WORD else None


@functools.lru_cache(maxsize=1)
def _syllables() -> frozenset[str]:
    """Every toneless pinyin syllable, from pypinyin's dictionary (ü written u and v)."""
    from pypinyin.pinyin_dict import pinyin_dict  # seconds to import: only when an article has a source

    found = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            plain = "".join(char for char in unicodedata.normalize("NFKD", reading)
                            if not unicodedata.combining(char)).lower()
            if plain.isalpha():
                found.add(plain)
                found.add(plain.replace("ü", "v"))
                found.add(plain.replace("ü", "u"))
    return frozenset(found)


def _pair_of(alignment: list[Alignment], span: Span) -> Alignment | None:
    for pair in alignment:
        if pair.sure and pair.text[0] <= span[0] < pair.text[1]:
            return pair
    return None


def _find_reading(source: str, segment: Span, syllables: list[Syllable]) -> tuple[str, Span] | None:
    """The characters of the source segment that read as `syllables` (any of their readings), with their span."""
    start, end = segment
    from pypinyin import Style, pinyin

    chars = [(offset, char) for offset, char in enumerate(source[start:end], start=start) if HAN.match(char)]
    readings = [set(options) for options in pinyin("".join(char for _, char in chars), style=Style.NORMAL,
                                                   heteronym=True, v_to_u=True)]
    size = len(syllables)
    for i in range(len(chars) - size + 1):
        window = chars[i:i + size]
        if window[-1][0] - window[0][0] != size - 1:
            continue
        if all(any(option in here or option.replace("v", "u") in here for option in syllable)
               for syllable, here in zip(syllables, readings[i:i + size])):
            return "".join(char for _, char in window), (window[0][0], window[-1][0] + 1)
    return None
