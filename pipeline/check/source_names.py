"""Names against the source: a person written in pinyin that is not in the Chinese it translates.

A second witness for name consistency, for records with a source text. An English person name whose
words are all pinyin syllables ("Liu Yi", "Xia Liyan") should be the reading (pypinyin) of a run of
characters in the aligned source segment; when it is not, the translation has most likely put one
person's name on another ("Liu" for 宋涛). Two different English names that read the same Chinese
characters are one person spelled two ways. Names written in Wade-Giles or Tongyong ("Hsia Li-yen",
"Chen Chi-mai"), also in Western order ("Li-yen Hsia"), are read back through the spellings of
rules/source/romanizations ("hs" is x); English names such as "John" are left alone.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from itertools import combinations

from ..rules import RuleSet
from ..rules.source import SourceRomanization, SourceSurname
from ..schema import Alignment, ArticleRecord, Entity, Flag, Span
from ..source.agencies import agencies
from . import CheckContext, article_check
from .common import ArticleView, flag

HAN = re.compile(r"[\u3400-\u9fff]")
MAX_SYLLABLES_PER_WORD = 3


@article_check("source_names")
def source_names(article: ArticleView, context: CheckContext) -> list[Flag]:
    """Person names that are pinyin but not of the source segment, and two spellings of one Chinese name."""
    record = article.record
    if not record.alignment:
        return []
    found = []
    readings: dict[str, list[tuple[Entity, Span]]] = {}
    for entity in record.entities:
        if entity.label != "PERSON":
            continue
        syllables = name_syllables(entity.name, _surnames(context), _romanizations(context.rules))
        if syllables is None:
            continue
        for mention in entity.mentions:
            pair = _pair_of(record.alignment, mention)
            if pair is None:
                continue
            chinese = _find_reading(record.article.source_text or "", pair.source, syllables)
            if chinese is None:
                found.append(_not_in_source(record, entity, mention, pair, syllables))
            else:
                readings.setdefault(chinese[0], []).append((entity, chinese[1]))
    found.extend(_one_name_two_spellings(readings))
    found.extend(_other_agencies(record, context.rules))
    return found


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


def _surnames(context: CheckContext) -> frozenset[str]:
    return _surname_set(context.rules)


@functools.lru_cache(maxsize=4)
def _surname_set(rules: RuleSet) -> frozenset[str]:
    return frozenset(rule.pinyin for rule in rules.get("source/surnames", SourceSurname))


#: one syllable of a name and the pinyin syllables it may stand for
Syllable = frozenset[str]


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


def _romanizations(rules: RuleSet) -> Romanizations:
    return _romanization_table(rules)


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


def _not_in_source(record: ArticleRecord, entity: Entity, mention: Span, pair: Alignment,
                   syllables: list[Syllable]) -> Flag:
    text = record.article.text[mention[0]:mention[1]]
    return flag(
        "source_name_mismatch", "warning",
        f"“{text}” reads as the pinyin {' '.join('/'.join(sorted(syllable)) for syllable in syllables)}, but no name "
        f"in the source segment it translates "
        f"reads so: the translation may have put a different person's name here.",
        [mention], [entity.id], suggestion="the pinyin of the name the source gives in this sentence",
        source_spans=[pair.source],
    )


def _one_name_two_spellings(readings: dict[str, list[tuple[Entity, Span]]]) -> list[Flag]:
    found = []
    for chinese, uses in readings.items():
        entities = {entity.id: (entity, span) for entity, span in uses}
        for (first, span), (second, _) in combinations(entities.values(), 2):
            if first.name.lower().replace("-", "").replace(" ", "") == second.name.lower().replace("-", "").replace(" ", ""):
                continue
            found.append(flag(
                "name_variant", "warning",
                f"“{first.name}” and “{second.name}” both render the source name {chinese}: one person spelled two ways.",
                [*first.mentions, *second.mentions], [first.id, second.id],
                suggestion=f"use one spelling of {chinese} throughout", source_spans=[span],
            ))
    return found
