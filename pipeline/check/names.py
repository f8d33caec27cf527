"""name_variant: one name spelled two ways ("Anxi" … "Anzai"), found by similarity, not by a list of aliases."""

from __future__ import annotations

from itertools import combinations

from ..schema import ArticleRecord, Entity, Flag
from . import CheckContext, article_check
from .common import flag, threshold


@article_check("name_variant")
def name_variant(record: ArticleRecord, context: CheckContext) -> list[Flag]:
    """Pairs of entities with the same label whose names differ in one near-identical word."""
    minimum = threshold(context.rules, "names.min_similarity")
    shortest = int(threshold(context.rules, "names.min_length"))
    rare = int(threshold(context.rules, "names.max_rare_mentions"))
    found = []
    for first, second in combinations(record.entities, 2):
        if first.label != second.label or min(len(first.mentions), len(second.mentions)) > rare:
            continue
        pair = _differing_words(first, second)
        if pair is None or min(len(pair[0]), len(pair[1])) < shortest:
            continue
        similarity = jaro_winkler(pair[0].lower(), pair[1].lower())
        if similarity >= minimum and not _inflection(*pair):
            found.append(_variant(first, second, similarity))
    return found


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


def _inflection(first: str, second: str) -> bool:
    """"Apple"/"Apples", "Zhang"/"Zhangs": one word is the other plus an ending, not a misspelling."""
    shorter, longer = sorted((first.lower(), second.lower()), key=len)
    return longer.startswith(shorter)


def _variant(first: Entity, second: Entity, similarity: float) -> Flag:
    spans = [*first.mentions, *second.mentions]
    rarer, commoner = sorted((first, second), key=lambda entity: len(entity.mentions))
    return flag(
        "name_variant", "warning",
        f"“{first.name}” and “{second.name}” look like one {first.label.lower()} name spelled two ways "
        f"(similarity {similarity:.2f}); they are treated as different names, so facts about one may be "
        f"missed for the other.",
        spans, [first.id, second.id],
        suggestion=f"use one spelling throughout, e.g. “{commoner.name}” instead of “{rarer.name}”",
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
