"""name_variant: one name spelled two ways ("Anxi" … "Anzai"), found by similarity, not by a list of aliases."""

from __future__ import annotations

import re
from itertools import combinations

from ..schema import ArticleRecord, Entity, Flag
from . import CheckContext, article_check
from .common import flag, threshold

#: Labels of names that get misspelled: people, organisations, products. Places and nationalities are
#: left out: "Iraq"/"Iran", "France"/"French" are different words, not variants. A small statistical
#: model confuses these labels for unfamiliar names ("Anxi" PERSON, "Anzai" ORG), so any two compare.
NAME_LABELS = {"PERSON", "ORG", "PRODUCT", "FAC", "WORK_OF_ART", "EVENT"}
LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z .'’-]*$")
#: The English model's entities are noise on other languages: compare names only in English text.
ENGLISH_WORDS = re.compile(r"\b(?:the|and|of|to|in|is|that|for|with|was|on|as|by|at)\b", re.IGNORECASE)
MIN_ENGLISH_SHARE = 0.12


@article_check("name_variant")
def name_variant(record: ArticleRecord, context: CheckContext) -> list[Flag]:
    """Pairs of entities with the same label whose names differ in one near-identical word."""
    minimum = threshold(context.rules, "names.min_similarity")
    shortest = int(threshold(context.rules, "names.min_length"))
    rare = int(threshold(context.rules, "names.max_rare_mentions"))
    edits = threshold(context.rules, "names.max_edits")
    if not _english(record.article.text):
        return []
    names = [entity for entity in record.entities if entity.label in NAME_LABELS and LATIN_NAME.match(entity.name)]
    found = []
    for first, second in combinations(names, 2):
        if min(len(first.mentions), len(second.mentions)) > rare:
            continue
        pair = _differing_words(first, second)
        if pair is None or min(len(pair[0]), len(pair[1])) < shortest:
            continue
        similarity = jaro_winkler(pair[0].lower(), pair[1].lower())
        if similarity >= minimum and _few_edits(*pair, most=int(edits)) and not _inflection(*pair):
            found.append(_variant(first, second, similarity))
    found.extend(_run_together(names, context))
    return found


def _run_together(names: list[Entity], context: CheckContext) -> list[Flag]:
    """A one-off single word that spells most of a recurring two-word name run together and garbled
    ("Huixingxing" for "Yuhui Tongxing"): machine translation of a transliterated name."""
    overlap = threshold(context.rules, "names.min_compound_overlap")
    cover = threshold(context.rules, "names.min_compound_cover")
    shortest = int(threshold(context.rules, "names.min_length"))
    found = []
    for single in names:
        word = single.name.lower()
        if " " in word or len(single.mentions) > 1 or len(word) < shortest + 2:
            continue
        for compound in names:
            joined = compound.name.lower().replace(" ", "")
            if " " not in compound.name or len(compound.mentions) < 2 or abs(len(joined) - len(word)) > 3:
                continue
            if _common_prefix(word, joined) >= len(word) - 2 or word in joined:
                continue  # "MacBooks" and "MacBook Pro" share a stem, not a garbling
            common = _common_letters(word, joined)
            if common / len(word) >= overlap and common / len(joined) >= cover:
                found.append(_variant(single, compound, common / len(word)))
    return found


def _common_letters(first: str, second: str) -> int:
    """Length of the longest common subsequence: letters both names have, in the same order."""
    previous = [0] * (len(second) + 1)
    for a in first:
        current = [0]
        for j, b in enumerate(second, start=1):
            current.append(previous[j - 1] + 1 if a == b else max(previous[j], current[j - 1]))
        previous = current
    return previous[-1]


def _english(text: str) -> bool:
    words = len(text.split())
    return words > 0 and len(ENGLISH_WORDS.findall(text)) / words >= MIN_ENGLISH_SHARE


def _differing_words(first: Entity, second: Entity) -> tuple[str, str] | None:
    """The one word in which two names of equal length in words differ, else None."""
    if {first.name.lower(), *map(str.lower, first.aliases)} & {second.name.lower(), *map(str.lower, second.aliases)}:
        return None
    left, right = _words(first.name), _words(second.name)
    if len(left) != len(right):
        return None
    different = [(a, b) for a, b in zip(left, right) if a.lower() != b.lower()]
    return different[0] if len(different) == 1 else None


def _words(name: str) -> list[str]:
    return name.removesuffix("'s").removesuffix("’s").split()


def _few_edits(first: str, second: str, *, most: int) -> bool:
    """Same first letter, lengths within one, and at most `most` letters changed, added or dropped."""
    a, b = first.lower(), second.lower()
    return a[0] == b[0] and abs(len(a) - len(b)) <= 1 and 0 < levenshtein(a, b) <= most


def levenshtein(first: str, second: str) -> int:
    """The number of single-letter edits that turn one word into the other."""
    previous = list(range(len(second) + 1))
    for i, a in enumerate(first, start=1):
        current = [i]
        for j, b in enumerate(second, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return previous[-1]


def _inflection(first: str, second: str) -> bool:
    """"Apples"/"Apple", "Democrats"/"Democratic": the words differ only in their last two letters."""
    a, b = first.lower(), second.lower()
    common = _common_prefix(a, b)
    return max(len(a), len(b)) - common <= 2


def _variant(first: Entity, second: Entity, similarity: float) -> Flag:
    spans = [*first.mentions, *second.mentions]
    rarer, commoner = sorted((first, second), key=lambda entity: len(entity.mentions))
    return flag(
        "name_variant", "warning",
        f"“{first.name}” and “{second.name}” look like one name spelled two ways "
        f"(similarity {similarity:.2f}); they are treated as different names, so facts about one may be "
        f"missed for the other.",
        spans, [first.id, second.id],
        suggestion=(f"use one spelling throughout, probably “{commoner.name}” (not “{rarer.name}”)"
                    if len(commoner.mentions) > len(rarer.mentions)
                    else f"check which spelling is right and use it throughout: “{first.name}” or “{second.name}”"),
    )


def jaro_winkler(first: str, second: str, *, prefix_weight: float = 0.1) -> float:
    """Jaro-Winkler similarity in [0, 1]: high for names sharing most letters, in order, and a prefix."""
    if first == second:
        return 1.0
    if not first or not second:
        return 0.0
    window = max(max(len(first), len(second)) // 2 - 1, 0)
    matched_second = [False] * len(second)
    matches_first = []
    for i, char in enumerate(first):
        for j in range(max(0, i - window), min(len(second), i + window + 1)):
            if not matched_second[j] and second[j] == char:
                matched_second[j] = True
                matches_first.append(char)
                break
    if not matches_first:
        return 0.0
    matches_second = [char for char, used in zip(second, matched_second) if used]
    transpositions = sum(a != b for a, b in zip(matches_first, matches_second)) / 2
    count = len(matches_first)
    jaro = (count / len(first) + count / len(second) + (count - transpositions) / count) / 3
    prefix = 0
    for a, b in zip(first[:4], second[:4]):
        if a != b:
            break
        prefix += 1
    return jaro + prefix * prefix_weight * (1 - jaro)


def _common_prefix(first: str, second: str) -> int:
    """How many leading characters two words share."""
    return next((index for index, (a, b) in enumerate(zip(first, second)) if a != b), min(len(first), len(second)))
