"""Names with an established English form (rules/source/established_names) read on both sides of a segment
pair: where the source names one, whether the English gives an accepted form, and if not, where the English
renders the name otherwise.

The other rendering is found by three witnesses, in order: the pinyin of two or more of the name's characters
written as English letters (泛林 → "Fanlin", "Fan Lin"), a run of capitalised words that shares a word with
the established name ("John Kobe" for John Kirby, "Southern Observatory in Europe" for the European Southern
Observatory), or a capitalised word spelled much like the name or its pinyin ("Vanderleien", "PanLin"). A
segment that gives none, because it leaves the name out or calls it "the company", is not read: without a
rendering to point at there is nothing to flag.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..rules import RuleSet
from ..rules.entities import OrgSuffix
from ..rules.figures import Currency
from ..rules.source import SourceEstablishedName

HAN_RUN = re.compile(r"[\u3400-\u9fff]{2,}")
#: a capitalised word (or a number with an ordinal ending) and the lower-case words that may join two of them
CAPITALISED = re.compile(r"(?:[A-Z][\w'’.&-]*|\d+(?:st|nd|rd|th)?)")
JOINERS = frozenset({"of", "and", "on", "in", "for", "de", "du", "la", "von", "van", "der", "&"})
#: words too common in names to say which name an English run renders
GENERIC = frozenset({
    "the", "of", "and", "for", "on", "in", "group", "company", "corporation", "corp", "inc", "co", "ltd", "limited",
    "china", "chinese", "japan", "japanese", "us", "u.s.", "united", "states", "america", "american", "national",
    "international", "new", "world", "global", "general", "state", "office", "department", "ministry", "bank",
    "council", "committee", "association", "organization", "organisation", "agency", "institute", "center",
    "centre", "mr", "ms", "mrs", "dr", "president", "minister", "secretary", "commission", "administration",
    "bureau", "beijing", "shanghai", "shenzhen", "guangzhou", "hong", "kong", "taiwan", "macao", "macau",
    "people's", "republic", "central", "motor", "motors", "electric", "sports", "holdings", "holding",
})
MIN_SHARED_PREFIX = 5
#: an acronym: three to five capitals standing alone ("BSE", "CBEX"; not "EU", nor "BEIJING" of a dateline)
ACRONYM = re.compile(r"(?<![\w.&'’-])[A-Z]{3,5}(?![\w&'’-])")
#: a word a title-case headline capitalises (articles and short prepositions stay lower-case)
TITLE_WORD = re.compile(r"\b[^\W\d_]{4,}\b")


@dataclass(frozen=True)
class EstablishedMention:
    """A source mention of a name with an established English form (`start`/`end` in the text read)."""

    start: int
    end: int
    chinese: str
    rule: SourceEstablishedName


@dataclass(frozen=True)
class _Patterns:
    """The rules' Chinese names (full and short forms) as patterns, and each rule's accepted English forms."""

    chinese: re.Pattern[str]
    short: re.Pattern[str]
    by_name: dict[str, SourceEstablishedName]
    english: dict[str, re.Pattern[str]]
    rules: tuple[SourceEstablishedName, ...]
    #: currency codes and signs of the English reader (rules/figures/currencies: "USD", "RMB"): no body's acronym
    currencies: frozenset[str]
    #: last words of an organisation's name (rules/entities/org_suffixes: "Group", "Holdings"), folded, no dot
    org_suffixes: frozenset[str]


def _alternatives(names: Iterable[str]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, sorted(names, key=len, reverse=True))) or r"(?!)")


@functools.lru_cache(maxsize=8)
def _patterns(rules: RuleSet) -> _Patterns:
    known = tuple(rules.get("source/established_names", SourceEstablishedName))
    by_name = {name: rule for rule in known for name in rule.names}
    shorts = {name: rule for rule in known for name in rule.short}
    currencies = frozenset(text for rule in rules.get("figures/currencies", Currency) for text in (rule.text, rule.iso))
    suffixes = frozenset(rule.word.casefold().rstrip(".") for rule in rules.get("entities/org_suffixes", OrgSuffix))
    return _Patterns(_alternatives(by_name), _alternatives(shorts), {**shorts, **by_name},
                     {rule.id: re.compile(rule.english) for rule in known}, known, currencies, suffixes)


def established_mentions(source: str, rules: RuleSet, whole: str = "") -> list[EstablishedMention]:
    """The names of `source` that have an established English form, longest first where two overlap; a short
    form (科比) only when `whole`, the text `source` is part of, also gives the name in full (约翰·科比)."""
    patterns = _patterns(rules)
    found = [EstablishedMention(match.start(), match.end(), match.group(), patterns.by_name[match.group()])
             for match in patterns.chinese.finditer(source)]
    for match in patterns.short.finditer(source):
        rule = patterns.by_name[match.group()]
        if (any(name in whole for name in rule.names)
                and not any(other.start <= match.start() < other.end for other in found)):
            found.append(EstablishedMention(match.start(), match.end(), match.group(), rule))
    return sorted(found, key=lambda mention: mention.start)


def other_person(english: str, mention: EstablishedMention, named: set[str], rules: RuleSet) -> tuple[int, int] | None:
    """Another known person the English names where the source names `mention` and not them ("Prime Minister
    Shinzo Abe" for 岸田文雄): the translation has put in the wrong person. `named` holds the ids of the rules
    the source segment names."""
    if mention.rule.kind != "person":
        return None
    patterns = _patterns(rules)
    for rule in patterns.rules:
        if rule.kind != "person" or rule.id in named:
            continue
        for match in patterns.english[rule.id].finditer(english):
            if match.group()[:1].isupper():
                return _name_in_run(english, match.span(), _content_words(rule.english_name))
    return None


def other_acronym(english: str, source: str, mention: EstablishedMention, named: set[str],
                  rules: RuleSet) -> tuple[int, int] | None:
    """An acronym the English gives where the source names a body or firm with an established English form and
    none of its accepted forms is there ("CBEX", "NSE" for 北交所, the BSE): made up by the translation, or
    another body's. Only for a name known by an acronym, and only an acronym with a letter of that one (a made-up
    acronym abbreviates some of the same words: Exchange, Securities), so that "CPC" for 中共 beside 国民党 (KMT)
    is left alone; acronyms the source itself writes, currency codes ("USD"), and accepted forms of a name the
    source segment gives are not renderings of it."""
    known = set("".join(ACRONYM.findall(mention.rule.english_name)))
    if mention.rule.kind == "person" or not known:
        return None
    patterns = _patterns(rules)
    for match in ACRONYM.finditer(english):
        if (match.group() in source or match.group() in patterns.currencies or not known & set(match.group())
                or any(patterns.english[rule].fullmatch(match.group()) for rule in named)):
            continue
        return match.span()
    return None


def _name_in_run(english: str, span: tuple[int, int], words: set[str]) -> tuple[int, int]:
    """The capitalised run around `span`, from its first word in `words` ("Shinzo Abe" of "Japanese Prime
    Minister Shinzo Abe")."""
    for start, end, run in _runs(english, frozenset()):
        if start <= span[0] and span[1] <= end:
            first = next((english.index(word, start) for word in run if word.lower().removesuffix("'s") in words), span[0])
            return min(first, span[0]), end
    return span


def carried_rendering(english: str, words: set[str]) -> tuple[int, int] | None:
    """A capitalised word the article gave elsewhere in a wrong rendering of the same name ("Kobe" after "John
    Kobe"), with the words after it in its run."""
    for start, end, run in _runs(english, frozenset()):
        for word in run:
            if word in words:
                return english.index(word, start), end
    return None


def rendering_words(rendered: str, mention: EstablishedMention) -> set[str]:
    """The words of a wrong rendering of a person's name that may stand for it alone later ("Kobe" of "John
    Kobe"; not "John", which the right name has too)."""
    if mention.rule.kind != "person":
        return set()
    right = _content_words(mention.rule.english_name)
    return {word for word in re.findall(r"[A-Z][\w'’-]+", rendered)
            if word.lower() not in GENERIC and word.lower() not in right and len(word) >= 3}


def accepted_in(english: str, rule: SourceEstablishedName, rules: RuleSet) -> bool:
    """Whether an English text gives an accepted form of the name."""
    return _patterns(rules).english[rule.id].search(english) is not None


def other_rendering(english: str, mention: EstablishedMention, sound_alike: float,
                    rules: RuleSet) -> tuple[int, int] | None:
    """Where an English segment that gives no accepted form renders the name otherwise: its pinyin, else a
    capitalised run sharing a word with the established name, else one with a word spelled like the name (a
    `sound_alike` share of letters in common, difflib's ratio); None when it gives none."""
    joiners = frozenset() if mention.rule.kind == "person" else JOINERS
    title = mention.rule.kind != "person" and _title_case(english)  # a person's run is their name alone
    pinyin = _pinyin_rendering(english, mention.chinese)
    if pinyin is not None:  # on to the end of the name it starts: "Fanlin Group"
        end = next((end for start, end, _ in _runs(english, joiners) if start <= pinyin[0] and pinyin[1] <= end),
                   pinyin[1])
        end = _with_suffix(english, pinyin[1], _patterns(rules).org_suffixes) if title else end
        return _without_possessive(english, (pinyin[0], end))
    shared = (_shared_word_run(english, mention.rule.english_name, joiners, title)
              or _sound_alike_run(english, mention, joiners, sound_alike, title))
    return _without_possessive(english, shared) if shared is not None else None


def _with_suffix(english: str, end: int, suffixes: frozenset[str]) -> int:
    """`end`, moved past a firm's suffix that follows it ("Fanlin Group", "Fanlin Holdings Ltd")."""
    while (match := re.match(r"\s+([A-Z][a-z]+\.?)", english[end:])) and match.group(1).casefold().rstrip(".") in suffixes:
        end += match.end()
    return end


def _title_case(english: str) -> bool:
    """Whether a segment is written in title case (most of its longer words capitalised, as in a headline): there
    a capitalised run is the whole line, not a name, and a rendering ends at the last word that witnesses it."""
    words = TITLE_WORD.findall(english)
    return len(words) >= 4 and sum(word[0].isupper() for word in words) >= 0.8 * len(words)


def _sound_alike_run(english: str, mention: EstablishedMention, joiners: frozenset[str],
                     least: float, title: bool) -> tuple[int, int] | None:
    """The capitalised run with words spelled like words of the established name or like the name's pinyin
    ("Vanderleien" for von der Leyen, "PanLin" for 泛林, fanlin): the name heard, not recognised; in a title-case
    segment, up to the word spelled so."""
    targets = _spellings(mention)
    for start, end, words in _runs(english, joiners):
        for first in range(len(words)):
            for last in range(first + 1, min(first + 3, len(words)) + 1):
                plain = "".join(words[first:last]).lower().removesuffix("'s").removesuffix("’s")
                if (len(plain) >= MIN_SHARED_PREFIX and plain.isalpha() and plain not in GENERIC
                        and any(SequenceMatcher(None, plain, target).ratio() >= least for target in targets)):
                    last_end = english.index(words[last - 1], english.index(words[first], start)) + len(words[last - 1])
                    return (english.index(words[first], start) if not joiners else start), last_end if title else end
    return None


def _spellings(mention: EstablishedMention) -> set[str]:
    """How the name may be spelled by ear: runs of its English words joined ("vonderleyen") and the pinyin of runs
    of two or more of its characters ("fanlin"), each of five letters or more."""
    from pypinyin import lazy_pinyin  # seconds to import: only when an article has a source

    words = [word for word in (part.strip("().,'’") for part in re.split(r"[\s-]+", mention.rule.english_name.lower()))
             if word.isalpha() and word not in GENERIC]
    spellings = {"".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}
    for run in HAN_RUN.findall(mention.chinese):
        syllables = lazy_pinyin(run)
        spellings.update("".join(syllables[i:j]) for i in range(len(run)) for j in range(i + 2, len(run) + 1))
    return {spelling for spelling in spellings if len(spelling) >= MIN_SHARED_PREFIX}


def _without_possessive(english: str, span: tuple[int, int]) -> tuple[int, int]:
    start, end = span
    return (start, end - 2) if english[start:end].endswith(("'s", "’s")) else span


def _pinyin_rendering(english: str, chinese: str) -> tuple[int, int] | None:
    """The longest run of two or more of the name's characters that the English writes in pinyin, capitalised."""
    from pypinyin import lazy_pinyin  # seconds to import: only when an article has a source

    best: tuple[int, int] | None = None
    for run in HAN_RUN.findall(chinese):
        syllables = lazy_pinyin(run, v_to_u=True)
        for size in range(len(run), 1, -1):
            for first in range(len(run) - size + 1):
                pattern = r"(?<![\w-])" + r"[\s'’-]?".join(syllables[first:first + size]) + r"(?![\w-])"
                for match in re.finditer(pattern, english, re.IGNORECASE):
                    if match.group()[0].isupper() and (best is None or match.end() - match.start() > best[1] - best[0]):
                        best = match.span()
            if best is not None:
                return best
    return best


def _runs(english: str, joiners: frozenset[str] = JOINERS) -> list[tuple[int, int, list[str]]]:
    """Runs of capitalised words, with lower-case `joiners` inside them ("Southern Observatory in Europe"; a
    person's name takes none: "Xia Liyan and Song Tao" are two)."""
    runs: list[tuple[int, int, list[str]]] = []
    words = list(re.finditer(r"[\w'’.&-]+", english))
    current: list[re.Match[str]] = []
    for match in [*words, None]:
        word = match.group() if match is not None else ""
        if match is not None and CAPITALISED.fullmatch(word):
            if current and not _adjacent(english, current[-1], match):
                runs.append(_run(current))
                current = []
            current.append(match)
            continue
        if match is not None and current and word in joiners and _adjacent(english, current[-1], match):
            current.append(match)
            continue
        if current:
            runs.append(_run(current))
            current = []
    return runs


def _adjacent(english: str, before: re.Match[str], after: re.Match[str]) -> bool:
    return re.fullmatch(r"\s+", english[before.end():after.start()]) is not None


def _run(words: list[re.Match[str]]) -> tuple[int, int, list[str]]:
    while words and not CAPITALISED.fullmatch(words[-1].group()):
        words = words[:-1]
    if words and words[0].group() in ("The", "A", "An"):
        words = words[1:]
    if not words:
        return 0, 0, []
    last = words[-1].group()
    end = words[-1].end() - (last.endswith(".") and "." not in last[:-1] and len(last) > 3)  # a full stop, not "Mr."
    return words[0].start(), end, [word.group() for word in words]


def _content_words(name: str) -> set[str]:
    words = (word.strip("().,'’") for word in re.split(r"[\s-]+", name.lower()))
    return {word for word in words if len(word) >= 3 and word not in GENERIC}


def _shares(word: str, content: set[str]) -> bool:
    word = word.lower().rstrip(".'’s").replace("’", "'")
    return word not in GENERIC and any(
        word == other or (min(len(word), len(other)) >= MIN_SHARED_PREFIX and (word.startswith(other) or other.startswith(word)))
        for other in content)


def _shared_word_run(english: str, english_name: str, joiners: frozenset[str], title: bool) -> tuple[int, int] | None:
    """The capitalised run of the English that shares most words with the established name (at least one); in a
    title-case segment, up to its last shared word ("North Exchange" of "North Exchange Financing Bond Trading
    Business Starts Next Week")."""
    content = _content_words(english_name)
    best, most = None, 0
    for start, end, words in _runs(english, joiners):
        hits = [any(_shares(part, content) for part in word.split("-")) for word in words]
        if sum(hits) > most:  # a person from the first shared word: "Pham Minh Thanh", not "Prime Minister Pham …"
            first = english.index(words[hits.index(True)], start) if not joiners else start
            best, most = (first, _word_end(english, words, hits, start) if title else end), sum(hits)
    return best


def _word_end(english: str, words: list[str], hits: list[bool], start: int) -> int:
    """Where the last word of a run that `hits` marks ends in the English."""
    at = start
    end = start
    for word, hit in zip(words, hits, strict=True):
        at = english.index(word, at)
        if hit:
            end = at + len(word)
        at += len(word)
    return end
