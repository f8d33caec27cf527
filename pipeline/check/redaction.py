"""redaction_mark: placeholder marks left where a name or number was removed ("the ** project")."""

from __future__ import annotations

import bisect
import re

from ..schema import Flag, Span
from . import CheckContext, article_check
from .common import ArticleView, flag

#: Markdown bold ("**word**") is formatting, not a redaction.
MARKDOWN_BOLD = re.compile(r"\*\*(?=\S)[^*\n]*?(?<=\S)\*\*")
#: Deliberate masking, not lost text: a reviewer's name cut to its initials ("– Ni** My**"), a rating
#: ("CCI***"), a censored word ("f**k").
MASKED_WORD = re.compile(r"(?:\b[A-Z][a-z]{0,3}|\b[A-Z]{2,}\d*|\b[a-z]{1,2})$")


@article_check("redaction_mark")
def redaction_mark(article: ArticleView, context: CheckContext) -> list[Flag]:
    """Each placeholder mark, with the words around it so a reviewer sees what is missing."""
    text = article.text
    bold = [match.span() for match in MARKDOWN_BOLD.finditer(text)]
    bold_starts = [start for start, _ in bold]
    found = []
    for pattern in context.lexicon.redaction_marks:
        for match in pattern.finditer(text):
            if _inside_bold(match.span(), bold, bold_starts) or _masked(text, match):
                continue
            found.append(_redaction(text, match.span()))
    return found


def _inside_bold(span: Span, bold: list[Span], starts: list[int]) -> bool:
    """Whether `span` lies inside one of the (sorted, non-overlapping) bold spans."""
    index = bisect.bisect_right(starts, span[0]) - 1
    return index >= 0 and span[1] <= bold[index][1]


def _masked(text: str, match: re.Match[str]) -> bool:
    censored_inside = match.end() < len(text) and text[match.end()].isalpha()
    return censored_inside or MASKED_WORD.search(text, max(0, match.start() - 8), match.start()) is not None


def _redaction(text: str, span: Span) -> Flag:
    context = _context(text, span)
    return flag(
        "redaction_mark", "warning",
        f"“{text[span[0]:span[1]]}” in “{context}” is a redaction or placeholder mark: a name or figure was "
        f"removed or lost here, so the sentence does not say what it refers to.",
        [span], [],
        suggestion="restore the missing name from the original, or remove the mark",
    )


def _context(text: str, span: Span) -> str:
    """A few words either side of the mark, as written."""
    before = re.search(r"(?:\S+\s+){0,3}\S*$", text[max(0, span[0] - 40):span[0]])
    after = re.match(r"\S*(?:\s+\S+){0,3}", text[span[1]:span[1] + 40])
    return ((before.group() if before else "") + text[span[0]:span[1]] + (after.group() if after else "")).strip()
