"""Stage 2, normalize: repair what breaks NLP into a working text, keeping a map back to the original.

Repairs are edits `(start, end, replacement)` on `article.text`. Applying them gives the working
text that the NLP stage reads; `OffsetMap` turns any span of the working text back into a span of
the original. Every repair that shows damage in the source (a lost space, mojibake) is also
returned as evidence for a flag, with its span in the original text.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import ftfy

from .rules import RuleSet
from .rules.normalize import FusedRightWord, KeepCamelCase

# Characters that are whitespace to a reader but not to a tokenizer, mapped one-for-one.
ODD_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u3000\t\f\v"), " ")
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
QUOTES = {ord("‘"): "'", ord("’"): "'", ord("“"): '"', ord("”"): '"', ord("＂"): '"'}
#: Any character of the three sets above: found by one regex scan, not a Python loop over every character.
_SPACE_OR_QUOTE = re.compile("[" + re.escape("".join(map(chr, [*ODD_SPACES, *QUOTES])) + ZERO_WIDTH) + "]")
TOP_LEVEL_DOMAINS = "com|cn|net|org|io|co|hk|tw|uk|ai"
#: spaCy's tokenizer takes quadratic time on a long run of punctuation or symbols ("$" × 10000 took a
#: minute): such a run is cut into pieces of this length by inserted spaces. No word or figure is that
#: long, so the cut changes no reading; it is a limit, like `--max-chars`, not evidence of damage.
#: ftfy's settings: mojibake and the like repaired, the text's quotes, ligatures, widths and breaks kept.
_FTFY = ftfy.TextFixerConfig(normalization=None, uncurl_quotes=False, fix_latin_ligatures=False,
                             fix_character_width=False, fix_line_breaks=False, remove_control_chars=False,
                             explain=False)
#: What ftfy with `_FTFY` can change in an ASCII line: HTML entities ("&amp;") and terminal escapes; the
#: rest (mojibake, C1 controls, surrogates) needs a character beyond ASCII.
_ASCII_FTFY_FIXES = ("&", "\x1b")
#: A character beyond ASCII and the curly quotes, dashes and ellipsis of English typography. ftfy with
#: `_FTFY` changes a line only through mojibake it sees (every pattern of its badness heuristic needs a
#: character of another kind: an accented letter, a box, a currency or "bad" sign, a C1 control), C1
#: controls, surrogates, entities or escapes: a line of ASCII and these marks only is left as it is.
_BEYOND_TYPOGRAPHY = re.compile(r"[^\x00-\x7f\u2018\u2019\u201c\u201d\u2013\u2014\u2026]")
SYMBOL_RUN_PIECE = 32
SYMBOL_RUN = re.compile(rf"[^\w\s]{{{2 * SYMBOL_RUN_PIECE + 1},}}")


@dataclass(frozen=True)
class Edit:
    """Replace `text[start:end]` with `replacement`; `kind` says which repair it is."""

    start: int
    end: int
    replacement: str
    kind: str


@dataclass(frozen=True)
class Repair:
    """A repair that is evidence of damage, with the affected span of the original text."""

    kind: str
    start: int
    end: int
    message: str
    suggestion: str


@dataclass
class OffsetMap:
    """Maps offsets in the working text back to offsets in the original text."""

    working_starts: list[int] = field(default_factory=list)
    original_starts: list[int] = field(default_factory=list)
    widths: list[tuple[int, int]] = field(default_factory=list)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span covering working `[start, end)`."""
        original_start = self._position(start, edge="start")
        return original_start, max(original_start, self._position(end, edge="end"))

    def _position(self, offset: int, *, edge: str) -> int:
        # A start belongs to the edit that begins at it; an end to the edit that begins before it.
        if edge == "start":
            index = bisect.bisect_right(self.working_starts, offset) - 1
        else:
            index = bisect.bisect_left(self.working_starts, offset) - 1
        if index < 0:
            return offset
        working_start, original_start = self.working_starts[index], self.original_starts[index]
        working_width, original_width = self.widths[index]
        inside = offset - working_start
        if inside >= working_width:
            return original_start + original_width + (inside - working_width)
        if working_width == original_width:
            return original_start + inside
        return original_start if edge == "start" else original_start + original_width


@dataclass
class Normalized:
    """The working text, the map back to the original, and the repairs that are evidence."""

    text: str
    offsets: OffsetMap
    repairs: list[Repair]


class Normalizer:
    """Builds the working text of an article, with the names and words the rules say to respect."""

    def __init__(self, rules: RuleSet) -> None:
        self.keep = {rule.word for rule in rules.get("normalize/camelcase_names", KeepCamelCase)}
        starters = sorted({rule.word for rule in rules.get("normalize/fused_right_words", FusedRightWord)}, key=len, reverse=True)
        right = "|".join(map(re.escape, starters)) or r"(?!x)x"
        self.fused_after_digit = re.compile(rf"(?<=\d)(?=(?:{right})\b)")
        self.fused_after_domain = re.compile(rf"\w\.(?:{TOP_LEVEL_DOMAINS})(?=[A-Z][a-z])")
        self.starters = set(starters)
        self.camel_join = re.compile(r"(?<![\w.])([A-Za-z][a-z]{2,})([A-Z][a-z]+)\b")

    def normalize(self, text: str, source_text: str = "") -> Normalized:
        """Repair `text` into a working text; evidence-bearing repairs come back as `Repair`s. With the
        `source_text` it translates, a word the source itself carries ("teamLab") is never split."""
        edits = sorted(
            [*self._unicode_edits(text), *self._space_edits(text), *self._fused_word_edits(text, source_text),
             *_symbol_run_edits(text)],
            key=lambda edit: (edit.start, edit.end),
        )
        edits = _drop_overlaps(edits)
        working, offsets = _apply(text, edits)
        return Normalized(working, offsets, _repairs(text, edits))

    def _unicode_edits(self, text: str) -> Iterable[Edit]:
        """Mojibake fixed by ftfy, per line, as minimal edits found by diffing the line with its fix."""
        position = 0
        for line in text.splitlines(keepends=True):
            fixed = ftfy.fix_text(line, _FTFY) if _ftfy_may_fix(line) else line
            if fixed != line:
                matcher = difflib.SequenceMatcher(None, line, fixed, autojunk=False)
                for op, i1, i2, j1, j2 in matcher.get_opcodes():
                    if op != "equal":
                        yield Edit(position + i1, position + i2, fixed[j1:j2], "mojibake")
            position += len(line)

    def _space_edits(self, text: str) -> Iterable[Edit]:
        for found in _SPACE_OR_QUOTE.finditer(text):
            index, char = found.start(), found.group()
            if ord(char) in ODD_SPACES:
                yield Edit(index, index + 1, " ", "whitespace")
            elif ord(char) in QUOTES:
                yield Edit(index, index + 1, QUOTES[ord(char)], "quote")
            elif char in ZERO_WIDTH:
                yield Edit(index, index + 1, "", "whitespace")

    def _fused_word_edits(self, text: str, source_text: str) -> Iterable[Edit]:
        """A space inserted where a lost space or line break glued two words ("diverseHow", "2023The")."""
        points = [match.start() for match in self.fused_after_digit.finditer(text)]
        points += [match.end() for match in self.fused_after_domain.finditer(text)]
        points += [match.start(2) for match in self.camel_join.finditer(text) if self._looks_fused(match)]
        for at in sorted(set(points)):
            start, end = _name_around(text, at)
            word = text[start:end]
            if not self._is_kept_name(word, at - start) and not (source_text and word in source_text):
                yield Edit(at, at, " ", "fused_words")

    def _looks_fused(self, match: re.Match[str]) -> bool:
        """"diverseHow" (a lower-case word, then a capital) or "ResearchThe" (then a sentence starter)."""
        left, right = match.group(1), match.group(2)
        return left[0].islower() or right in self.starters

    def _is_kept_name(self, word: str, at: int) -> bool:
        """Whether the point `at` inside `word` falls inside a kept camel-case name ("YouTube")."""
        return any(name in word and word.index(name) <= at < word.index(name) + len(name) for name in self.keep)


def _ftfy_may_fix(line: str) -> bool:
    """Whether ftfy can change `line` at all: most lines of an English text are ASCII, perhaps with curly
    quotes and dashes, and have nothing it repairs, and asking ftfy costs a dozen fixers' passes per line."""
    return _BEYOND_TYPOGRAPHY.search(line) is not None or any(mark in line for mark in _ASCII_FTFY_FIXES)


def _name_around(text: str, at: int) -> tuple[int, int]:
    """The run of letters, digits and apostrophes around `at`."""
    start = at
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "'’"):
        start -= 1
    end = at
    while end < len(text) and (text[end].isalnum() or text[end] in "'’"):
        end += 1
    return start, end


def _symbol_run_edits(text: str) -> Iterable[Edit]:
    """Spaces inserted into every long run of punctuation or symbols, one per `SYMBOL_RUN_PIECE` characters."""
    for match in SYMBOL_RUN.finditer(text):
        for at in range(match.start() + SYMBOL_RUN_PIECE, match.end(), SYMBOL_RUN_PIECE):
            yield Edit(at, at, " ", "symbol_run")


def _drop_overlaps(edits: list[Edit]) -> list[Edit]:
    kept: list[Edit] = []
    for edit in edits:
        if kept and (edit.start < kept[-1].end or (edit.start == kept[-1].start == edit.end == kept[-1].end)):
            continue
        kept.append(edit)
    return kept


def _apply(text: str, edits: list[Edit]) -> tuple[str, OffsetMap]:
    """The edited text and an offset map with one entry per edit (unchanged stretches are implicit)."""
    pieces: list[str] = []
    offsets = OffsetMap()
    cursor = 0
    shift = 0
    for edit in edits:
        pieces.append(text[cursor:edit.start])
        pieces.append(edit.replacement)
        offsets.working_starts.append(edit.start + shift)
        offsets.original_starts.append(edit.start)
        offsets.widths.append((len(edit.replacement), edit.end - edit.start))
        shift += len(edit.replacement) - (edit.end - edit.start)
        cursor = edit.end
    pieces.append(text[cursor:])
    return "".join(pieces), offsets


def _repairs(text: str, edits: list[Edit]) -> list[Repair]:
    repairs = []
    for edit in edits:
        if edit.kind == "fused_words":
            start, end = _word_around(text, edit.start)
            left, right = text[start:edit.start], text[edit.start:end]
            repairs.append(Repair(
                kind="fused_words",
                start=start,
                end=end,
                message=f"'{text[start:end]}' looks like two words glued together by a lost space or line break",
                suggestion=f"{left} {right}",
            ))
        elif edit.kind == "mojibake":
            repairs.append(Repair(
                kind="mojibake",
                start=edit.start,
                end=edit.end,
                message=f"'{text[edit.start:edit.end]}' is garbled text encoding (mojibake)",
                suggestion=edit.replacement,
            ))
    return repairs


def _word_around(text: str, at: int) -> tuple[int, int]:
    start = at
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    end = at
    while end < len(text) and not text[end].isspace():
        end += 1
    while end > at and text[end - 1] in ".,;:!?\"')":
        end -= 1
    return start, end
