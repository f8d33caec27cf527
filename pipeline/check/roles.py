"""renamed_person: one office held by several one-off names in one article ("Vice Chairman Shelly Wang" …
"the Vice Chairman of the Kuomintang Party, Mr. Shao Yi"): machine translation guessed the person's
name anew in each sentence.

Names are not compared letter by letter here (name_variant does that): the title tells that two unlike
names are one person. Real people recur: a name mentioned more than a couple of times, or whose words
stand alone elsewhere in the text ("Pence said"), is someone the article follows, not a renaming.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from itertools import combinations

from ..rules.base import alternation
from ..schema import Entity, Flag, Span
from . import CheckContext, article_check
from .common import ArticleView, flag, source_tells
from .names import LATIN_NAME

WORD = re.compile(r"[A-Za-z][\w'’-]*")


@lru_cache(maxsize=8)
def _title_before(titles: tuple[str, ...], modifiers: tuple[str, ...], honorifics: tuple[str, ...],
                  connectors: tuple[str, ...]) -> re.Pattern[str]:
    """A title at the end of the text before a name, with a word that makes it another office: "Vice
    Chairman ", "Director of the State Council of China, ", "State Bureau Director, Mr. ", "Prime Minister "."""
    title = alternation(titles)
    modifier = alternation(modifiers)
    honorific = alternation(honorifics)
    connector = alternation(connectors)
    name_word = rf"(?:[A-Z][\w'’.-]*|{connector})"
    return re.compile(
        rf"(?<![\w-])(?:(?P<modifier>{modifier})\s+)?(?P<title>{title})"
        rf"(?:\s+(?:{connector})\s+{name_word}(?:\s+{name_word})*)?\s*,?\s*(?:(?:{honorific})\s+)?$", re.IGNORECASE)


@article_check("renamed_person")
def renamed_person(article: ArticleView, context: CheckContext) -> list[Flag]:
    """Offices held by two or more rarely named people: all of them never named again, or two sharing a
    surname."""
    lexicon = context.lexicon
    pattern = _title_before(*(lexicon.phrases.get(f"renamed_person.{name}", ())
                              for name in ("title", "modifier", "honorific", "connector")))
    window = int(lexicon.threshold("renamed_person.window"))
    most = int(lexicon.threshold("renamed_person.max_mentions"))
    text = article.text
    people = [entity for entity in article.record.entities
              if entity.label == "PERSON" and LATIN_NAME.match(entity.name) and len(entity.name.split()) >= 2
              and len(entity.mentions) <= most]
    full_names = [(start, end) for entity in article.record.entities if entity.label == "PERSON"
                  for start, end in entity.mentions if " " in text[start:end]]
    holders: dict[str, dict[str, tuple[Entity, list[Span]]]] = defaultdict(dict)
    for person in people:
        for start, end in person.mentions:
            line_start = article.index.line(start)[0]  # not the sentence: "Mr." would end it
            match = pattern.search(text, max(line_start, start - window), start)
            if match is not None:
                office = " ".join(filter(None, (match.group("modifier"), match.group("title")))).lower()
                entry = holders[" ".join(office.split())].setdefault(person.id, (person, []))
                entry[1].append((match.start(), end))
    found = []
    for office, held in holders.items():
        renamed = _renamed_holders(text, list(held.values()), full_names)
        renamed = [holder for holder in renamed
                   if not all(source_tells(article, context, holder[0], other[0]) for other in renamed if other is not holder)]
        if len(renamed) >= 2:
            found.append(_renamed(office, renamed))
    return found


def _renamed_holders(text: str, held: list[tuple[Entity, list[Span]]],
                     full_names: list[Span]) -> list[tuple[Entity, list[Span]]]:
    """The holders of one office that look like one person: those never named again when there are two
    or more, and any two that share a word of their names ("Liu Bei", "Liu Yi")."""
    one_off = [holder for holder in held if not _recurs(text, holder[0], full_names)]
    chosen = {holder[0].id for holder in one_off} if len(one_off) >= 2 else set()
    for first, second in combinations(held, 2):
        if set(first[0].name.split()) & set(second[0].name.split()):
            chosen |= {first[0].id, second[0].id}
    return [holder for holder in held if holder[0].id in chosen]


def _recurs(text: str, person: Entity, full_names: list[Span]) -> bool:
    """Whether a word of the name stands in the text outside the full names of people ("Edwards ran")."""
    for word in {word for word in person.name.split() if len(word) >= 2}:
        for match in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
            if not any(start <= match.start() < end for start, end in full_names):
                return True
    return False


def _renamed(office: str, holders: list[tuple[Entity, list[Span]]]) -> Flag:
    names = [entity.name for entity, _ in holders]
    listed = "”, “".join(names[:-1]) + f"” and “{names[-1]}"
    return flag(
        "renamed_person", "warning",
        f"“{listed}” are each named only once or twice, each as {office}: probably one person whose name the "
        f"translation rendered differently each time, so what one of them says or does is not linked to "
        f"the others.",
        [span for _, spans in holders for span in spans], [entity.id for entity, _ in holders],
        suggestion=f"check the original: probably one {office}; give one name throughout",
    )
