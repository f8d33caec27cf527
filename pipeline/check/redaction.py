"""redaction_mark: placeholder marks left where a name or number was removed ("the ** project")."""

from __future__ import annotations

import re

from ..schema import ArticleRecord, Flag, Span
from . import CheckContext, article_check
from .common import flag, redaction_patterns

#: Markdown bold ("**word**") is formatting, not a redaction.
MARKDOWN_BOLD = re.compile(r"\*\*(?=\S)[^*\n]*?(?<=\S)\*\*")


@article_check("redaction_mark")
def redaction_mark(record: ArticleRecord, context: CheckContext) -> list[Flag]:
    """Each placeholder mark, with the words around it so a reviewer sees what is missing."""
    text = record.article.text
    bold = [match.span() for match in MARKDOWN_BOLD.finditer(text)]
    found = []
    for pattern in redaction_patterns(context.rules):
        for match in pattern.finditer(text):
            if any(start <= match.start() and match.end() <= end for start, end in bold):
                continue
            found.append(_redaction(text, match.span()))
    return found


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
    before = text[max(0, span[0] - 30):span[0]].split()[-3:]
    after = text[span[1]:span[1] + 30].split()[:3]
    return " ".join([*before, text[span[0]:span[1]], *after]).strip()
