"""The form of a number gone wrong in translation: a count of people written as money (unit_on_count:
"monthly users reached 30 million yuan", the template of a money sentence reused for a count), a
colloquial range torn in two (broken_range: "15 or 6 yuan" for 十五六块, 15 to 16), and an amount
written with two scale words or a decimal torn by a space (number_garble, read from `parts.garble`)."""

from __future__ import annotations

import re
from functools import lru_cache

from ..rules.base import alternation
from ..rules.lexicon import Lexicon
from ..schema import Flag
from . import CheckContext, article_check
from .common import ArticleView, Item, flag

#: How far before a figure its metric's name may stand.
WINDOW = 60


@article_check("unit_on_count")
def unit_on_count(article: ArticleView, context: CheckContext) -> list[Flag]:
    """Money figures whose claim counts people, with the people metric named right before the figure,
    joined to it only by a verb of level ("reached", "was", ":") from the rules."""
    lexicon = context.lexicon
    people = lexicon.metric_names(people=True)
    if all(_people_metric(item, people) is None for item in article.items):
        return []  # the patterns below are built from the whole lexicon: not for an article that needs none
    joined = _joined_to_figure(lexicon)
    names = {phrase.lower(): name.lower() for phrase, name in lexicon.metric_phrases}
    per_person = _ending_phrase(tuple(lexicon.phrases.get("unit_on_count.per_person", ())))
    found = []
    previous_end = 0
    for item in article.items:
        figure = item.figure
        start = max(previous_end, figure.start - WINDOW, article.sentence(item)[0])
        previous_end = figure.end
        metric = _people_metric(item, people)
        if metric is None:
            continue
        match = joined.search(article.text, start, figure.start)
        if match is None or names.get(match.group("metric").lower()) != metric:
            continue
        if per_person.search(article.text, max(0, match.start() - 20), match.start()):
            continue  # "revenue per user: $5" prices one person's worth, it does not count people
        found.append(_money_on_count(item, match.group("metric"), lexicon))
    return found


def _people_metric(item: Item, people: frozenset[str]) -> str | None:
    """The lower-case metric of a money figure's claim when it counts people, else None."""
    if item.figure.kind != "money" or item.claim is None:
        return None
    metric = (item.claim.metric or "").lower()
    return metric if metric in people else None


def _joined_to_figure(lexicon: Lexicon) -> re.Pattern[str]:
    """A people metric's phrase, then at most a linking verb, ending where the figure starts."""
    people = lexicon.metric_names(people=True)
    phrases = [phrase for phrase, name in lexicon.metric_phrases if name.lower() in people]
    links = lexicon.phrases.get("unit_on_count.link", ())
    metric, link = alternation(phrases), alternation(links, any_spaces=True)
    return re.compile(rf"(?<![\w-])(?P<metric>{metric})\s*(?:(?:{link})\s*)?$", re.IGNORECASE)


@lru_cache(maxsize=8)
def _ending_phrase(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One of `phrases` ending the text before a figure ("per capita "), built once per rule set."""
    return re.compile(rf"(?<![\w-])(?:{alternation(phrases)})\s+$", re.IGNORECASE)


@lru_cache(maxsize=8)
def _join_words(words: tuple[str, ...]) -> re.Pattern[str]:
    """Nothing but one of `words` between two figures ("15 or 6"), built once per rule set."""
    return re.compile(rf"^\s*(?:{'|'.join(re.escape(word) for word in words) or '(?!)'})\s+$", re.IGNORECASE)


def _money_on_count(item: Item, metric: str, lexicon: Lexicon) -> Flag:
    figure = item.figure
    amount = lexicon.words(figure.value)
    return flag(
        "unit_on_count", "warning",
        f"“{figure.text}” is given as a number of {metric} but written as an amount of money "
        f"({figure.currency or 'a currency'}): people are counted, not priced. Machine translation often "
        f"reuses the template of a money sentence for a count; either the currency is spurious or the figure "
        f"belongs to another metric.",
        [item.span], item.refs,
        suggestion=f"{amount} {metric}",
    )


@article_check("broken_range")
def broken_range(article: ArticleView, context: CheckContext) -> list[Flag]:
    """Two neighbouring figures joined by "or" (rules) where the second is the last digit of the first
    plus one: "15 or 6 yuan" is the Chinese range 十五六 (15 to 16) read as two values."""
    joins = context.lexicon.phrases.get("broken_range.join", ())
    joined = _join_words(tuple(joins))
    text = article.text
    found = []
    for first, second in zip(article.items, article.items[1:]):
        a, b = first.figure, second.figure
        if a.range or b.range or a.parts.scale_word or not (_whole(a.value) and _whole(b.value)):
            continue
        if not (10 <= a.value < 100 and 1 <= b.value <= 9 and b.value == a.value % 10 + 1):
            continue
        if not joined.match(text[a.end:b.start]) or b.text[:1] != str(int(b.value)) or a.text[-1:] != str(int(a.value))[-1]:
            continue
        high = a.value + 1
        found.append(flag(
            "broken_range", "warning",
            f"“{text[a.start:b.end]}” reads as two values, but the second is the last digit of the first plus "
            f"one: the Chinese way of saying a range ({int(a.value)}{int(b.value)}, “{int(a.value)} or "
            f"{int(high)}”) translated digit by digit.",
            [(a.start, b.end)], [*first.refs, *second.refs],
            suggestion=f"{int(a.value)} to {int(high)}{text[b.start + len(str(int(b.value))):b.end]}",
        ))
    return found


def _whole(value: float) -> bool:
    return float(value).is_integer()


@article_check("number_garble")
def number_garble(article: ArticleView, context: CheckContext) -> list[Flag]:
    """Figures whose written form the figures stage found broken though it could read them
    (`parts.garble`): two scale words in a row ("$2 billion 300 million", one figure of 2.3 billion) and
    a decimal torn by a space ("6. 35%")."""
    found = []
    for item in article.items:
        garble = item.figure.parts.garble
        if garble == "two_scale_words":
            found.append(_two_scale_words(item, context.lexicon))
        elif garble == "torn_decimal":
            found.append(_torn_decimal(item))
    return found


def _two_scale_words(item: Item, lexicon: Lexicon) -> Flag:
    figure = item.figure
    amount = lexicon.words(figure.value)
    return flag(
        "number_garble", "error",
        f"“{figure.text}” writes one amount with two scale words, the way a Chinese amount such as 23亿 "
        f"comes out when its digits are translated one unit at a time: read as one figure it is {amount}.",
        [item.span], item.refs,
        suggestion=f"{amount}{' ' + figure.currency if figure.currency else ''}",
    )


def _torn_decimal(item: Item) -> Flag:
    figure = item.figure
    mended = f"{figure.parts.mantissa:g}{'%' if figure.kind == 'percent' else ''}"
    return flag(
        "number_garble", "warning",
        f"“{figure.text}” has a space after its decimal point, so a reader (or a tool) may take it for two "
        f"numbers; it was read as {mended}.",
        [item.span], item.refs,
        suggestion=mended,
    )
