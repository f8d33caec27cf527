"""name_variant: one name spelled two ways ("Anxi" … "Anzai"), found by similarity, not by a list of aliases."""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import combinations

from ..schema import Entity, Flag
from . import CheckContext, article_check
from .common import ArticleView, flag, source_tells

#: Labels of names that get misspelled: people, organisations, products. Places and nationalities are
#: left out: "Iraq"/"Iran", "France"/"French" are different words, not variants. A small statistical
#: model confuses these labels for unfamiliar names ("Anxi" PERSON, "Anzai" ORG), so any two compare.
NAME_LABELS = {"PERSON", "ORG", "PRODUCT", "FAC", "WORK_OF_ART", "EVENT"}
LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z .'’-]*$")


@article_check("name_variant")
def name_variant(article: ArticleView, context: CheckContext) -> list[Flag]:
    """Pairs of entities with the same label whose names differ in one near-identical word."""
    minimum = context.lexicon.threshold("name_variant.min_similarity")
    shortest = int(context.lexicon.threshold("name_variant.min_length"))
    rare = int(context.lexicon.threshold("name_variant.max_rare_mentions"))
    edits = context.lexicon.threshold("name_variant.max_edits")
    names = [entity for entity in article.record.entities if entity.label in NAME_LABELS and LATIN_NAME.match(entity.name)]
    if not names or not _english(article.text, context):
        return []
    found = []
    possessives = context.lexicon.phrases.get("name_variant.possessive", ())
    for first, second in _one_word_apart(names, possessives):
        if min(len(first.mentions), len(second.mentions)) > rare or source_tells(article, context, first, second):
            continue
        pair = _differing_words(first, second, possessives)
        if pair is None or min(len(pair[0]), len(pair[1])) < shortest:
            continue
        folded = _fold(pair[0]), _fold(pair[1])
        similarity = jaro_winkler(*folded)
        if folded[0] == folded[1] or (similarity >= minimum and _few_edits(*folded, most=int(edits))
                                      and not _inflection(*folded)):
            found.append(_variant(first, second, similarity))
    found.extend(_run_together(names, context))
    found.extend(_case_variants(names, article.text))
    return found


def _case_variants(names: list[Entity], text: str) -> list[Flag]:
    """One name written with its inner capitals two ways ("WeChat" … "Wechat", "XBox" … "Xbox"): the entity
    stage merged the forms, which differ inside a word, not in a word's first letter (title case, "Henan
    Province" … "Henan province") nor in upper case throughout (headlines, datelines)."""
    found = []
    for entity in names:
        forms: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for start, end in entity.mentions:
            forms[text[start:end]].append((start, end))
        if len(forms) < 2:
            continue  # written one way throughout
        spellings: dict[str, dict[str, str]] = defaultdict(dict)
        for form in forms:
            if not form.isupper():
                spellings[form.casefold()].setdefault(_inner_case(form), form)
        for variants in spellings.values():
            if len(variants) > 1:
                found.append(_case_flag(entity, list(variants.values()), forms))
    return found


def _inner_case(form: str) -> str:
    """Which letters inside the words of a form are capitals, as a key ("WeChat" → "0100000")."""
    return " ".join("".join("1" if char.isupper() else "0" for char in word[1:]) for word in form.split())


def _case_flag(entity: Entity, variants: list[str], forms: dict[str, list[tuple[int, int]]]) -> Flag:
    commonest = max(variants, key=lambda form: len(forms[form]))
    listed = "” and “".join(variants)
    return flag(
        "name_variant", "warning",
        f"“{listed}” are one name written with its capitals two ways: a reader may take them for different "
        f"names, and a search for one misses the other.",
        [span for form in variants for span in forms[form]], [entity.id],
        suggestion=f"one form throughout, probably “{commonest}”",
    )


def _one_word_apart(names: list[Entity], possessives: tuple[str, ...]) -> list[tuple[Entity, Entity]]:
    """The pairs of names (in the order of `names`) with as many words that differ in one word only, and
    that word starting with the same letter: the only pairs that can be one name spelled two ways.
    Names are grouped by their other words, so this does not compare every name with every other."""
    groups: dict[tuple[int, int, tuple[str, ...], str], list[int]] = defaultdict(list)
    for index, entity in enumerate(names):
        words = [word.lower() for word in _words(entity.name, possessives)]
        for position, word in enumerate(words):
            groups[(len(words), position, tuple(words[:position] + words[position + 1:]), word[:1])].append(index)
    pairs = {(first, second) for members in groups.values() for first, second in combinations(members, 2)}
    return [(names[first], names[second]) for first, second in sorted(pairs)]


def _run_together(names: list[Entity], context: CheckContext) -> list[Flag]:
    """A one-off single word that spells most of a recurring two-word name run together and garbled
    ("Huixingxing" for "Yuhui Tongxing"): machine translation of a transliterated name."""
    overlap = context.lexicon.threshold("name_variant.min_compound_overlap")
    cover = context.lexicon.threshold("name_variant.min_compound_cover")
    shortest = int(context.lexicon.threshold("name_variant.min_length"))
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


def _english(text: str, context: CheckContext) -> bool:
    """The English model's entities are noise on other languages: names are compared only in English text.

    Common words are counted until they make the share: more of them cannot change the answer."""
    words = len(text.split())
    share = context.lexicon.threshold("name_variant.min_english_share")
    if words == 0:
        return False
    found = 0
    for found, _ in enumerate(context.lexicon.english_word.finditer(text), start=1):
        if found / words >= share:
            return True
    return found / words >= share


def _differing_words(first: Entity, second: Entity, possessives: tuple[str, ...]) -> tuple[str, str] | None:
    """The one word in which two names of equal length in words differ, else None."""
    if {first.name.lower(), *map(str.lower, first.aliases)} & {second.name.lower(), *map(str.lower, second.aliases)}:
        return None
    left, right = _words(first.name, possessives), _words(second.name, possessives)
    if len(left) != len(right):
        return None
    different = [(a, b) for a, b in zip(left, right) if a.lower() != b.lower()]
    return different[0] if len(different) == 1 else None


def _words(name: str, possessives: tuple[str, ...]) -> list[str]:
    """The words of a name without a possessive ending ("Anzai's" → Anzai)."""
    for possessive in possessives:
        name = name.removesuffix(possessive)
    return name.split()


def _fold(word: str) -> str:
    """A name's word as compared: lower case, without the hyphens and apostrophes that transliterations
    add or drop ("Chun-shan" → chunshan, so "Chunsan" is one letter from it)."""
    return word.lower().replace("-", "").replace("'", "").replace("’", "")


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
