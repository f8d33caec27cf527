"""arithmetic_mismatch: parts, totals, percentages, changes and currency conversions that do not add up.

"accounts for 80% of the total, about 24 billion" with a total of 30 billion passes; "80% of 20 billion,
or 24 billion" fails; "rose 10% from 100 to 150" fails; "a 120% share" fails; "HK$5.78 trillion
(approximately US$ 74.58 million)" fails.
"""

from __future__ import annotations

import re

from ..rules.lexicon import ArithmeticWords, Lexicon
from ..schema import ArticleRecord, Flag, Span
from . import CheckContext, article_check
from .common import UPPER_BOUNDS, ArticleView, Item, flag

AMOUNT_KINDS = {"count", "money", "quantity", "number"}
#: How far before a figure the word that introduces it is looked for.
WINDOW = 60
#: The most figures after a share that can restate it (its amount and the part).
MAX_IN_SENTENCE = 2


@article_check("arithmetic_mismatch")
def arithmetic_mismatch(article: ArticleView, context: CheckContext) -> list[Flag]:
    """Every arithmetic relation the text states between its figures, recomputed."""
    text = article.text
    figures = article.items
    return [
        *_shares_of_totals(article, context.lexicon),
        *_changes_from_to(article, context.lexicon),
        *_shares_above_whole(text, figures, context.lexicon.arithmetic),
        *_shares_summing_above_whole(article.record, figures),
        *_conversions(text, figures, context.lexicon),
        *_rises_above_level(article, context.lexicon),
        *_parts_above_whole(article, context.lexicon),
    ]


def _slack(lexicon: Lexicon, *parts: Item) -> float:
    approx = any(part.figure.qualifier for part in parts)
    return lexicon.threshold("arithmetic_mismatch.approx_tolerance" if approx else "arithmetic_mismatch.tolerance")


def _close(value: float, expected: float, slack: float) -> bool:
    return abs(value - expected) <= slack * max(abs(expected), abs(value))


def _between(text: str, a: Item, b: Item) -> str:
    return text[a.figure.end:b.figure.start]


def _same_sentence_after(article: ArticleView, index: int) -> list[Item]:
    """The figures after the one at `index` in its sentence, in text order."""
    end = article.sentence(article.items[index])[1]
    found = []
    for item in article.items[index + 1:index + 1 + MAX_IN_SENTENCE]:
        if item.figure.start >= end:
            break
        found.append(item)
    return found


def _shares_of_totals(article: ArticleView, lexicon: Lexicon) -> list[Flag]:
    text, words = article.text, lexicon.arithmetic
    found = []
    for index, share in enumerate(article.items):
        if share.figure.kind != "percent" or not 0 < share.figure.value <= 100:
            continue
        after = _same_sentence_after(article, index)
        if len(after) >= 2 and words.of_amount.match(_between(text, share, after[0])) \
                and words.restates.match(_between(text, after[0], after[1])):
            total, part = after[0], after[1]
            if total.figure.kind in AMOUNT_KINDS and part.figure.kind in AMOUNT_KINDS:
                expected = share.figure.value / 100 * total.figure.value
                if not _close(part.figure.value, expected, _slack(lexicon, share, total, part)):
                    found.append(_share_flag(share, total, part, expected, lexicon))
            continue
        between = text[share.figure.end:after[0].figure.start] if after else ""
        if after and words.of_total.match(between) and words.restates.match(words.of_total.sub("", between, count=1)):
            flagged = _implicit_total(article, share, after[0], lexicon)
            if flagged:
                found.append(flagged)
    return found


def _implicit_total(article: ArticleView, share: Item, part: Item, lexicon: Lexicon) -> Flag | None:
    """"80% of the total, about 24 billion": the total is an earlier figure; flag only if none fits and
    exactly one could be meant."""
    if part.figure.kind not in AMOUNT_KINDS:
        return None
    window_start = article.sentences_back(share.figure.start, 2)
    candidates = [item for item in article.figures.starting_in(window_start, share.figure.start)
                  if item.figure.kind == part.figure.kind and item.figure.currency == part.figure.currency]
    slack = _slack(lexicon, share, part)
    if not candidates or any(_close(part.figure.value, share.figure.value / 100 * item.figure.value, slack)
                             for item in candidates):
        return None
    if len(candidates) != 1:
        return None
    total = candidates[0]
    return _share_flag(share, total, part, share.figure.value / 100 * total.figure.value, lexicon)


def _share_flag(share: Item, total: Item, part: Item, expected: float, lexicon: Lexicon) -> Flag:
    return flag(
        "arithmetic_mismatch", "warning",
        f"“{share.figure.text}” of “{total.figure.text}” is {lexicon.words(expected)}, but the text gives "
        f"“{part.figure.text}”: the share, the total and the part do not agree.",
        [share.span, total.span, part.span], [*share.refs, *total.refs, *part.refs],
        suggestion=f"{lexicon.words(expected)}? (or check the share and the total)",
    )


def _changes_from_to(article: ArticleView, lexicon: Lexicon) -> list[Flag]:
    """"rose 10% from 100 to 150", "150, up 10% from 100": the stated change against the one the two
    values imply."""
    declines: dict[Span, bool] = {}
    found = []
    text, figures = article.text, article.items
    for change, old, new in [*_from_to_triples(article, lexicon.arithmetic),
                             *_restated_triples(text, figures, lexicon)]:
        if old.figure.kind != new.figure.kind or old.figure.value == 0 or old.figure.kind == "percent":
            continue
        sentence = article.sentence(change)
        if sentence not in declines:
            declines[sentence] = lexicon.decline.search(text, *sentence) is not None
        implied = (new.figure.value - old.figure.value) / old.figure.value * 100
        stated = -change.figure.value if declines[sentence] else change.figure.value
        if abs(implied - stated) > max(1.0, _slack(lexicon, change) * abs(stated)):
            found.append(flag(
                "arithmetic_mismatch", "warning",
                f"“{change.figure.text}” does not match the change from “{old.figure.text}” to "
                f"“{new.figure.text}”, which is {implied:+.1f}%.",
                [change.span, old.span, new.span], [*change.refs, *old.refs, *new.refs],
                suggestion=f"{'up' if implied > 0 else 'down'} {abs(implied):.1f}%?",
            ))
    return found


def _from_to_triples(article: ArticleView, words: ArithmeticWords) -> list[tuple[Item, Item, Item]]:
    """"rose 10% from 100 to 150": the one percentage of the sentence, the old and the new value."""
    text, figures = article.text, article.items
    percentages: dict[Span, list[Item]] = {}
    triples = []
    for index, old in enumerate(figures[:-1]):
        new = figures[index + 1]
        if not (words.range_from.search(text, max(0, old.figure.start - WINDOW), old.figure.start)
                and words.range_to.match(_between(text, old, new))):
            continue
        sentence = article.sentence(old)
        if sentence not in percentages:
            percentages[sentence] = [item for item in article.figures.starting_in(*sentence) if item.figure.kind == "percent"]
        changes = percentages[sentence]
        if len(changes) == 1:
            triples.append((changes[0], old, new))
    return triples


def _restated_triples(text: str, figures: list[Item], lexicon: Lexicon) -> list[tuple[Item, Item, Item]]:
    """"150 million, up 10% from 100 million": the new value, the change, then the old value."""
    triples = []
    for new, change, old in zip(figures, figures[1:], figures[2:]):
        if change.figure.kind != "percent" or new.figure.kind == "percent":
            continue
        between_new = _between(text, new, change)
        if len(between_new) > 25 or not lexicon.change.search(between_new) \
                or not lexicon.arithmetic.since.match(_between(text, change, old)):
            continue
        triples.append((change, old, new))
    return triples


def _shares_above_whole(text: str, figures: list[Item], words: ArithmeticWords) -> list[Flag]:
    found = []
    for item in figures:
        figure = item.figure
        if figure.kind != "percent" or figure.value <= 100:
            continue
        before = text[max(0, figure.start - 40):figure.start]
        if words.share_before.search(before) or words.share_after.match(text[figure.end:figure.end + 30]):
            found.append(flag(
                "arithmetic_mismatch", "warning",
                f"“{figure.text}” is given as a share of a whole, but a share cannot exceed 100%.",
                [item.span], item.refs,
                suggestion=f"{figure.value / 10:g}%? (or a growth rate rather than a share)",
            ))
    return found


def _shares_summing_above_whole(record: ArticleRecord, figures: list[Item]) -> list[Flag]:
    """Market shares of different owners at the same time that add up to more than the whole market."""
    groups: dict[tuple[str, str], dict[str, Item]] = {}
    times = {time.id: time.value for time in record.times}
    for item in figures:
        claim = item.claim
        if item.figure.kind != "percent" or claim is None or claim.metric != "share" or not claim.subject \
                or not claim.time or claim.hedge or item.figure.qualifier in UPPER_BOUNDS:
            continue
        time = times.get(claim.time)
        if time:
            groups.setdefault((time, claim.metric), {}).setdefault(claim.subject, item)
    found = []
    for (time, _), by_subject in groups.items():
        total = sum(item.figure.value for item in by_subject.values())
        if len(by_subject) > 1 and total > 100.5:
            parts = list(by_subject.values())
            found.append(flag(
                "arithmetic_mismatch", "warning",
                f"The shares given for {time} ({', '.join(f'“{item.figure.text}”' for item in parts)}) belong to "
                f"different companies but add up to {total:g}%, more than the whole market.",
                [item.span for item in parts], [ref for item in parts for ref in item.refs],
                suggestion="check whether one share is of a different market or period",
            ))
    return found


def _conversions(text: str, figures: list[Item], lexicon: Lexicon) -> list[Flag]:
    """"HK$5.78 trillion (approximately US$ 74.58 million)": amounts restated in another currency."""
    rates = lexicon.usd_rates
    most = lexicon.threshold("arithmetic_mismatch.max_conversion_factor")
    found = []
    restated: set[str] = set()
    for index, first in enumerate(figures):
        if first.figure.currency not in rates or first.figure.id in restated:
            continue
        previous = first
        for other in figures[index + 1:]:
            between = _between(text, previous, other)
            if not lexicon.arithmetic.converts.match(between) or other.figure.currency is None:
                break
            if previous is first and not re.search(r"[(A-Za-z]", between):
                break
            previous = other
            restated.add(other.figure.id)
            if other.figure.currency == first.figure.currency or other.figure.currency not in rates:
                continue
            in_usd = first.figure.value * rates[first.figure.currency]
            stated = other.figure.value * rates[other.figure.currency]
            if stated > 0 and max(in_usd, stated) / min(in_usd, stated) > most:
                expected = in_usd / rates[other.figure.currency]
                found.append(flag(
                    "arithmetic_mismatch", "warning",
                    f"“{other.figure.text}” is given as the same amount as “{first.figure.text}”, but at "
                    f"usual exchange rates that is about {lexicon.words(expected)} {other.figure.currency}: "
                    f"the conversion is off by a factor of about {max(in_usd, stated) / min(in_usd, stated):,.0f}.",
                    [first.span, other.span], [*first.refs, *other.refs],
                    suggestion=f"about {lexicon.words(expected)} {other.figure.currency}?",
                ))
    return found


def _rises_above_level(article: ArticleView, lexicon: Lexicon) -> list[Flag]:
    """"sales rose by 40 billion to 12 billion": a rise larger than the level it leads to means the level
    before it was below zero, which an amount cannot be."""
    text, words = article.text, lexicon.arithmetic
    found = []
    for change, level in zip(article.items, article.items[1:]):
        a, b = change.figure, level.figure
        if a.kind not in AMOUNT_KINDS or a.kind != b.kind or a.currency != b.currency or a.value <= b.value \
                or a.qualifier or b.qualifier or b.value <= 0:
            continue
        before = text[max(article.sentence(change)[0], a.start - WINDOW):a.start]
        if not (words.change_by.search(before) and words.range_to.match(_between(text, change, level))):
            continue
        verb = lexicon.growth.search(before)
        if verb is None or lexicon.decline.search(before, verb.end()):
            continue
        found.append(flag(
            "arithmetic_mismatch", "warning",
            f"“{verb.group()} by {a.text} to {b.text}” gives a rise larger than the level it leads to: the value "
            f"before it would have been below zero. One of the two amounts is probably mis-scaled, or the level "
            f"and the change belong to different things.",
            [change.span, level.span], [*change.refs, *level.refs],
            suggestion=f"check the scale of “{a.text}” and “{b.text}”",
        ))
    return found


def _parts_above_whole(article: ArticleView, lexicon: Lexicon) -> list[Flag]:
    """"Of its 5,000 staff, 6,200 are engineers": a clause that opens on a whole and names a part of it
    right after the comma, the part larger than the whole."""
    text, words = article.text, lexicon.arithmetic
    found = []
    for whole, part in zip(article.items, article.items[1:]):
        a, b = whole.figure, part.figure
        if a.kind not in ("count", "number") or b.kind not in ("count", "number") or b.value <= a.value \
                or a.qualifier or b.qualifier or a.range or b.range:
            continue
        start = article.sentence(whole)[0]
        clause = max(start, text.rfind(",", start, a.start) + 1)
        if not words.whole_intro.match(text, clause, a.start):
            continue
        between = _between(text, whole, part)
        if not re.fullmatch(r"[^\W\d][^,.;:\d]{0,40},\s*", between.lstrip()):
            continue
        found.append(flag(
            "arithmetic_mismatch", "warning",
            f"“{b.text}” is given as a part of “{a.text}{between.split(',')[0]}”, but it is larger than the whole: "
            f"one of the two figures is probably wrong (mis-scaled, or a different total).",
            [whole.span, part.span], [*whole.refs, *part.refs],
            suggestion="check the whole and the part against the original",
        ))
    return found


@article_check("trend_mismatch")
def trend_mismatch(article: ArticleView, context: CheckContext) -> list[Flag]:
    """"surged from 2.1 billion to 1.9 billion", "fell from 30 to 45": a growth or decline word right
    before a change "from" one value "to" another that goes the other way, or nowhere."""
    lexicon = context.lexicon
    words, text = lexicon.arithmetic, article.text
    found = []
    for old, new in zip(article.items, article.items[1:]):
        a, b = old.figure, new.figure
        if a.kind != b.kind or a.currency != b.currency or a.kind not in {*AMOUNT_KINDS, "percent"} \
                or a.qualifier or b.qualifier or a.value <= 0 or b.value < 0 or a.range or b.range:
            continue
        clause = text[max(article.sentence(old)[0], a.start - WINDOW):a.start].split(",")[-1]
        from_word = words.range_from.search(clause)
        if from_word is None or not words.range_to.match(_between(text, old, new)):
            continue
        verb = clause[:from_word.start()].rstrip()
        rise, fall = lexicon.growth.search(verb), lexicon.decline.search(verb)
        said = rise or fall
        if said is None or (rise and fall) or not verb.endswith(said.group()):
            continue
        if (rise and b.value <= a.value) or (fall and b.value >= a.value):
            went = "stays the same" if b.value == a.value else ("falls" if b.value < a.value else "rises")
            found.append(flag(
                "trend_mismatch", "warning",
                f"The text says the value “{said.group()}” from “{a.text}” to “{b.text}”, but it {went}: the word and "
                f"the numbers disagree, so one of the values (or the verb) was probably mistranslated.",
                [old.span, new.span], [*old.refs, *new.refs],
                suggestion="check both values and the direction of the change",
            ))
    return found
