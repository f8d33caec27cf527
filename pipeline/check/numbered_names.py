"""numbered_name_variant: a name made of a number written several ways in one article ("the consensus
of 9/2" … "the 9-2 consensus" … "the '92 Consensus" for 九二共识, the 1992 Consensus): each sentence's
translation spelled the number on its own, and a reader cannot tell the three are one thing.

The numbers are the record's named numbers, which the figures stage found (pairs joined by a slash or a
hyphen, years written short). Only forms with a separator or an apostrophe count, beside the same word:
a plain number next to one such form is usually a score ("1-0" … "10 points") or a ticker, not a variant.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..schema import Figure, Flag, Span
from . import CheckContext, article_check
from .common import ArticleView, flag

#: Apostrophes that stand before a year written short ('92).
APOSTROPHES = "'’‘"
#: A word that can be the rest of the name.
NAME_WORD = re.compile(r"[A-Za-z]{4,}")


@article_check("numbered_name_variant")
def numbered_name_variant(article: ArticleView, context: CheckContext) -> list[Flag]:
    """One number in several separated forms, each beside the same word."""
    least = int(context.lexicon.threshold("numbered_name_variant.min_forms"))
    reach = int(context.lexicon.threshold("numbered_name_variant.reach"))
    text = article.text
    forms: dict[tuple[str, str], dict[str, list[Span]]] = defaultdict(lambda: defaultdict(list))
    for number in article.record.named_numbers:
        written = _separated_form(number, text)
        if written is None:
            continue
        start = number.start - (len(written) - len(number.text))
        digits = re.sub(r"\D", "", number.text)
        words = NAME_WORD.findall(text, max(0, start - reach), start)[-2:]
        words += NAME_WORD.findall(text, number.end, number.end + reach)[:2]
        for word in dict.fromkeys(word.lower() for word in words):
            forms[(digits, word)][written].append((start, number.end))
    best: dict[str, tuple[str, dict[str, list[Span]]]] = {}
    for (digits, word), written_forms in forms.items():
        if len(written_forms) >= least and len(written_forms) > len(best.get(digits, ("", {}))[1]):
            best[digits] = (word, written_forms)
    return [_variant(digits, word, written) for digits, (word, written) in best.items()]


def _separated_form(number: Figure, text: str) -> str | None:
    """The named number as written with its separator ("9/2", "9-2") or its apostrophe ("'92"); None
    for a number written without one (the "two" of a slogan, the 863 of a programme)."""
    if number.start > 0 and text[number.start - 1] in APOSTROPHES and number.text.isdecimal():
        return text[number.start - 1:number.end]
    if re.fullmatch(r"\d{1,2}[/-]\d{1,2}", number.text):
        return number.text
    return None


def _variant(digits: str, word: str, written: dict[str, list[Span]]) -> Flag:
    listed = "”, “".join(written)
    apostrophe = next((form for form in written if form[0] in "'’"), None)
    return flag(
        "numbered_name_variant", "warning",
        f"“{listed}” beside “{word}” look like one name with the number {digits} written "
        f"{len(written)} ways: a translation that spells a numbered name anew in each sentence leaves the "
        f"reader unsure whether these are one thing.",
        [span for spans in written.values() for span in spans], [],
        suggestion=(f"one form throughout, probably “{apostrophe}” (a year)" if apostrophe
                    else "one form throughout"),
    )
