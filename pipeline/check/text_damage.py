"""Text damage: what extraction or machine translation left in the words rather than the figures.

- fused_sentence: two sentences run together mid-line ("after raising the fee The company said"): a
  sentence opener capitalised right after a lower-case word, no stop between.
- markup_residue: HTML read as text ("< / p >", "&nbsp;", "[img]").
- untranslated_text: source-language characters or full-width punctuation inside an English line
  (not a name's original given in parentheses, "Meituan (美团)").
- duplicated_sentence: the same sentence twice in a row.

The words and patterns are rule data (rules/checks/<check>.jsonl); these functions only say where
they stand and what was probably meant.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..rules.base import alternation
from ..rules.checks import MarkupResidue, SourceScript
from ..schema import Flag, Span
from . import CheckContext, article_check
from .common import ArticleView, flag

#: An English word: letters of the Latin alphabet, at least two of them.
ENGLISH_WORD = re.compile(r"\b[A-Za-z][a-z]+\b")
LATIN_LETTER = re.compile(r"[A-Za-z]")
#: Words between two whitespace runs, for comparing sentences as written.
SPACES = re.compile(r"\s+")


@lru_cache(maxsize=8)
def _opener_after_lower(openers: tuple[str, ...]) -> re.Pattern[str]:
    """A lower-case word (or a compound ending in one, "Chinese-style"), one space, an opener, one space,
    a lower-case word: "fee The company"."""
    alternatives = alternation(openers)
    return re.compile(rf"(?<![\w'’.-])([a-z][a-z'’]*|[A-Za-z]+-[a-z]+) ({alternatives}) (?=[a-z])")


@article_check("fused_sentence")
def fused_sentence(article: ArticleView, context: CheckContext) -> list[Flag]:
    """Each place where a sentence opener follows a lower-case word without a stop."""
    openers = context.lexicon.phrases.get("fused_sentence.opener", ())
    text = article.text
    found = []
    for match in _opener_after_lower(tuple(openers)).finditer(text):
        before, opener = match.group(1), match.group(2)
        span = (match.start(1), match.end(2))
        found.append(flag(
            "fused_sentence", "warning",
            f"“{before} {opener}” runs two sentences together: “{opener}” opens a sentence but follows the "
            f"lower-case “{before}” with no stop between, so a line break or full stop was lost (or words "
            f"dropped) where two segments were joined; the sentences may be read as one claim.",
            [span], article.refs_in(article.index.sentence(match.start(2))),
            suggestion=f"{before}. {opener} …",
        ))
    return found


@article_check("markup_residue")
def markup_residue(article: ArticleView, context: CheckContext) -> list[Flag]:
    """Each run of markup on a line (tags, entities, codes next to each other make one flag)."""
    text = article.text
    spans = sorted(match.span() for rule in context.rules.get("checks/markup_residue", MarkupResidue)
                   for match in re.finditer(rule.pattern, text))
    return [flag(
        "markup_residue", "warning",
        f"“{text[start:end]}” is markup left in the text: the page's HTML was read as words, so text "
        f"around it may be missing or doubled.",
        [(start, end)], [], suggestion="remove the markup",
    ) for start, end in _runs(text, spans)]


@article_check("untranslated_text")
def untranslated_text(article: ArticleView, context: CheckContext) -> list[Flag]:
    """Source-script characters in a line that is otherwise English, one flag per line."""
    text = article.text
    least = int(context.lexicon.threshold("untranslated_text.min_english_words"))
    most = context.lexicon.threshold("untranslated_text.max_script_share")
    by_line: dict[Span, list[Span]] = {}
    for rule in context.rules.get("checks/source_script", SourceScript):
        for match in re.finditer(rule.pattern, text):
            if not _original_of_a_name(text, match.span()):
                by_line.setdefault(article.index.line(match.start()), []).append(match.span())
    found = []
    for (start, end), spans in sorted(by_line.items()):
        script = sum(b - a for a, b in spans)
        latin = len(LATIN_LETTER.findall(text, start, end))
        if len(ENGLISH_WORD.findall(text, start, end)) < least or script > most * (script + latin):
            continue
        pieces = "”, “".join(dict.fromkeys(text[a:b] for a, b in sorted(spans)))
        found.append(flag(
            "untranslated_text", "warning",
            f"“{pieces}” in an English sentence is source text left untranslated (Chinese characters or "
            f"full-width punctuation): a reader of the English cannot tell what it says.",
            sorted(spans), [],
            suggestion="translate it, or give the English for it (full-width ， 。 、 as , . ,)",
        ))
    return found


@article_check("duplicated_sentence")
def duplicated_sentence(article: ArticleView, context: CheckContext) -> list[Flag]:
    """A sentence (or line) repeated right after itself."""
    least = int(context.lexicon.threshold("duplicated_sentence.min_words"))
    text = article.text
    found = []
    previous: tuple[str, Span] | None = None
    for span in _sentences(article):
        words = SPACES.sub(" ", text[span[0]:span[1]]).strip()
        if previous is not None and words == previous[0] and len(words.split()) >= least:
            found.append(flag(
                "duplicated_sentence", "warning",
                f"“{_clip(words)}” is repeated right after itself: a page template or the translation doubled "
                f"it, and its figures would be counted twice.",
                [previous[1], span], article.refs_in(span), suggestion="keep one of the two",
            ))
        previous = (words, span)
    return found


def _sentences(article: ArticleView) -> list[Span]:
    """The non-empty sentences of the text in order, without surrounding spaces."""
    text, spans = article.text, []
    for start, end in article.index.sentences():
        chunk = text[start:end]
        if chunk.strip():
            spans.append((start + len(chunk) - len(chunk.lstrip()), start + len(chunk.rstrip())))
    return spans


def _original_of_a_name(text: str, span: Span) -> bool:
    """"Meituan (美团)": source characters given on purpose, in parentheses right after a name."""
    start, end = span
    before = text[max(0, start - 3):start].rstrip()
    after = text[end:end + 2].lstrip()
    return before.endswith(("(", "（")) and after.startswith((")", "）"))


def _runs(text: str, spans: list[Span]) -> list[Span]:
    """Spans next to each other (only spaces between) merged into runs."""
    runs: list[Span] = []
    for start, end in spans:
        if runs and (start <= runs[-1][1] or not text[runs[-1][1]:start].strip(" ")):
            runs[-1] = (runs[-1][0], max(runs[-1][1], end))
        else:
            runs.append((start, end))
    return runs


def _clip(words: str, most: int = 80) -> str:
    return words if len(words) <= most else words[:most].rsplit(" ", 1)[0] + " …"
