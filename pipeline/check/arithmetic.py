"""arithmetic_mismatch: parts, totals, percentages, changes and currency conversions that do not add up.

"accounts for 80% of the total, about 24 billion" with a total of 30 billion passes; "80% of 20 billion,
or 24 billion" fails; "rose 10% from 100 to 150" fails; "a 120% share" fails; "HK$5.78 trillion
(approximately US$ 74.58 million)" fails.
"""

from __future__ import annotations

import re

from ..rules import RuleSet
from ..schema import ArticleRecord, Flag
from . import CheckContext, article_check
from .common import Item, flag, items, phrase_regex, sentence_span, threshold, trend_words, usd_rates, words

AMOUNT_KINDS = {"count", "money", "quantity", "number"}
OF_TOTAL = re.compile(r"^\s*of\s+(?:the\s+)?(?:\w+(?:'s|’s)?\s+)?(?:total|whole|overall|all)\b", re.IGNORECASE)
OF_AMOUNT = re.compile(r"^\s*of\s+(?:the\s+)?$", re.IGNORECASE)
#: What may stand between a share and the amount it equals: "80% of the total, about 24 billion".
RESTATES = re.compile(r"^[\s,(]*(?:or|i\.e\.|that is|about|around|roughly|reaching|amounting to|equal to|worth)?[\s,]*$",
                      re.IGNORECASE)
SHARE_BEFORE = re.compile(r"(?:accounts?|accounted|accounting)\s+for\s+(?:about\s+|nearly\s+|around\s+)?$", re.IGNORECASE)
SHARE_AFTER = re.compile(r"^\s*(?:market\s+)?share\b|^\s*of\s+(?:the\s+)?(?:total|market|all)\b", re.IGNORECASE)
CONVERTS = re.compile(r"^\s*(?:\(|,|or|about|approximately|approx\.|roughly|around|equivalent to|i\.e\.|\s)*$",
                      re.IGNORECASE)
FROM_TO = re.compile(r"^\s*to\s+$", re.IGNORECASE)


@article_check("arithmetic_mismatch")
def arithmetic_mismatch(record: ArticleRecord, context: CheckContext) -> list[Flag]:
    text = record.article.text
    figures = items(record)
    return [
        *_shares_of_totals(text, figures, context.rules),
        *_changes_from_to(text, figures, context.rules),
        *_shares_above_whole(text, figures),
        *_conversions(text, figures, context.rules),
    ]


def _slack(rules: RuleSet, *parts: Item) -> float:
    approx = any(part.figure.qualifier for part in parts)
    return threshold(rules, "arithmetic.approx_tolerance" if approx else "arithmetic.tolerance")


def _close(value: float, expected: float, slack: float) -> bool:
    return abs(value - expected) <= slack * max(abs(expected), abs(value))


def _between(text: str, a: Item, b: Item) -> str:
    return text[a.figure.end:b.figure.start]


def _same_sentence_after(text: str, figures: list[Item], index: int) -> list[Item]:
    end = sentence_span(text, figures[index].figure.start)[1]
    return [item for item in figures[index + 1:] if item.figure.start < end]


def _shares_of_totals(text: str, figures: list[Item], rules: RuleSet) -> list[Flag]:
    found = []
    for index, share in enumerate(figures):
        if share.figure.kind != "percent" or not 0 < share.figure.value <= 100:
            continue
        after = _same_sentence_after(text, figures, index)
        if len(after) >= 2 and OF_AMOUNT.match(_between(text, share, after[0])) \
                and RESTATES.match(_between(text, after[0], after[1])):
            total, part = after[0], after[1]
            if total.figure.kind in AMOUNT_KINDS and part.figure.kind in AMOUNT_KINDS:
                expected = share.figure.value / 100 * total.figure.value
                if not _close(part.figure.value, expected, _slack(rules, share, total, part)):
                    found.append(_share_flag(share, total, part, expected))
            continue
        if after and OF_TOTAL.match(text[share.figure.end:]) and RESTATES.match(
                re.sub(OF_TOTAL, "", text[share.figure.end:after[0].figure.start], count=1)):
            flagged = _implicit_total(text, figures, share, after[0], rules)
            if flagged:
                found.append(flagged)
    return found


def _implicit_total(text: str, figures: list[Item], share: Item, part: Item, rules: RuleSet) -> Flag | None:
    """"80% of the total, about 24 billion": the total is an earlier figure; flag only if none fits and
    exactly one could be meant."""
    if part.figure.kind not in AMOUNT_KINDS:
        return None
    start = sentence_span(text, share.figure.start)[0]
    window_start = sentence_span(text, max(0, sentence_span(text, max(0, start - 2))[0] - 2))[0]
    candidates = [item for item in figures if window_start <= item.figure.start < share.figure.start
                  and item.figure.kind == part.figure.kind and item.figure.currency == part.figure.currency
                  and item.figure.value > part.figure.value]
    slack = _slack(rules, share, part)
    if not candidates or any(_close(part.figure.value, share.figure.value / 100 * item.figure.value, slack)
                             for item in candidates):
        return None
    if len(candidates) != 1:
        return None
    total = candidates[0]
    return _share_flag(share, total, part, share.figure.value / 100 * total.figure.value)


def _share_flag(share: Item, total: Item, part: Item, expected: float) -> Flag:
    return flag(
        "arithmetic_mismatch", "warning",
        f"“{share.figure.text}” of “{total.figure.text}” is {words(expected)}, but the text gives "
        f"“{part.figure.text}”: the share, the total and the part do not agree.",
        [share.span, total.span, part.span], [*share.refs, *total.refs, *part.refs],
        suggestion=f"{words(expected)}? (or check the share and the total)",
    )


def _changes_from_to(text: str, figures: list[Item], rules: RuleSet) -> list[Flag]:
    """"rose 10% from 100 to 150": the stated change against the one the two values imply."""
    decline = phrase_regex(trend_words(rules, "decline"))
    found = []
    for index, first in enumerate(figures[:-1]):
        second = figures[index + 1]
        if not (text[:first.figure.start].rstrip().lower().endswith("from")
                and FROM_TO.match(_between(text, first, second))):
            continue
        if first.figure.kind != second.figure.kind or first.figure.value == 0 or first.figure.kind == "percent":
            continue
        start, end = sentence_span(text, first.figure.start)
        changes = [item for item in figures if start <= item.figure.start < end and item.figure.kind == "percent"]
        if len(changes) != 1:
            continue
        change = changes[0]
        implied = (second.figure.value - first.figure.value) / first.figure.value * 100
        stated = -change.figure.value if decline.search(text, start, end) else change.figure.value
        if abs(implied - stated) > max(1.0, _slack(rules, change) * abs(stated)):
            found.append(flag(
                "arithmetic_mismatch", "warning",
                f"“{change.figure.text}” does not match the change from “{first.figure.text}” to "
                f"“{second.figure.text}”, which is {implied:+.1f}%.",
                [change.span, first.span, second.span], [*change.refs, *first.refs, *second.refs],
                suggestion=f"{abs(implied):.1f}%?",
            ))
    return found


def _shares_above_whole(text: str, figures: list[Item]) -> list[Flag]:
    found = []
    for item in figures:
        figure = item.figure
        if figure.kind != "percent" or figure.value <= 100:
            continue
        before = text[max(0, figure.start - 40):figure.start]
        if SHARE_BEFORE.search(before) or SHARE_AFTER.match(text[figure.end:figure.end + 30]):
            found.append(flag(
                "arithmetic_mismatch", "warning",
                f"“{figure.text}” is given as a share of a whole, but a share cannot exceed 100%.",
                [item.span], item.refs,
                suggestion=f"{figure.value / 10:g}%? (or a growth rate rather than a share)",
            ))
    return found


def _conversions(text: str, figures: list[Item], rules: RuleSet) -> list[Flag]:
    """"HK$5.78 trillion (approximately US$ 74.58 million)": amounts restated in another currency."""
    rates = usd_rates(rules)
    most = threshold(rules, "conversion.max_factor")
    found = []
    restated: set[str] = set()
    for index, first in enumerate(figures):
        if first.figure.currency not in rates or first.figure.id in restated:
            continue
        previous = first
        for other in figures[index + 1:]:
            between = _between(text, previous, other)
            if not CONVERTS.match(between) or other.figure.currency is None:
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
                    f"usual exchange rates that is about {words(expected)} {other.figure.currency}: "
                    f"the conversion is off by a factor of about {max(in_usd, stated) / min(in_usd, stated):,.0f}.",
                    [first.span, other.span], [*first.refs, *other.refs],
                    suggestion=f"about {words(expected)} {other.figure.currency}?",
                ))
    return found
