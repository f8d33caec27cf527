"""Word leads: the words a rule regex's matches must start with, found for many regexes in one scan.

`finditer` tries a regex at every character of a text, and a case-insensitive regex that opens with a
word boundary or a lookbehind gives `re` nothing to skip ahead by: a rule file of such regexes costs a
call into the matcher per character per rule. Most rules can only start at the start of a word that
begins with one of a few strings, read from the regex itself ("19" or "20" of a year, a month's "jan",
"the" of "the end of the year"). `RuleScanner` finds every word start in the folded text that begins
with a lead of any rule, in one scan, and tries each rule only there, with `match`, in text order from
where its last match ended: the same matches as the rule's own `finditer`, as a match can start nowhere
else. A rule without such leads (its first element any digit, or not at a word start) is scanned by its
own `finditer`, as is every rule of a text whose folded form is not as long as the text.

The scan reads the folded text with every whitespace character as a space and every digit as an ASCII
digit ("0" for another script's), so a rule's `\\s` leads with " " and its `\\d` with "0" to "9".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from .gates import GateText, literal_gate

#: A lead shorter than this starts too many words to save a scan; but a digit starts only a number.
MIN_LEAD = 2
#: At most this many leads (or exact strings of a part) are derived for one rule; past it, no leads.
MAX_LEADS = 256
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
_WORD = re.compile(r"\w")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")
_DIGITS = {str(digit) for digit in range(10)}
_ASCII_SPACES = [character for character in map(chr, range(128)) if character.isspace() and character != " "]
Leads = frozenset[str]


class RuleScanner:
    """The matches of many rule regexes in one text, each regex's as its own `finditer` gives them."""

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        self.patterns = list(patterns)
        self.gates = [literal_gate(pattern) for pattern in self.patterns]
        self.leads = [word_leads(pattern) for pattern in self.patterns]
        every = {lead for leads in self.leads if leads for lead in leads}
        # a non-word character, then the longest lead that follows it (looked ahead at: leads may overlap)
        self.scan = re.compile(rf"\W(?=({_trie(every)}))") if every else None
        #: The rules (by number) without leads, scanned by their own `finditer`.
        self.unled = [number for number, leads in enumerate(self.leads) if leads is None]
        #: A lead found → the rules (by number) it opens: those with a lead it begins with.
        self.opens = {found: [number for number, leads in enumerate(self.leads)
                              if leads and any(found.startswith(lead) for lead in leads)] for found in every}

    def matches(self, text: str, gate_text: GateText) -> list[list[re.Match[str]]]:
        """Each pattern's matches in `text` (none where its gate is closed); `gate_text` is `GateText(text)`."""
        found: list[list[re.Match[str]]] = [[] for _ in self.patterns]
        by_leads = self.scan is not None and len(gate_text.folded) == len(text)
        for number in self.unled if by_leads else range(len(self.patterns)):
            if gate_text.may_match(self.gates[number]):
                found[number].extend(self.patterns[number].finditer(text))
        if not by_leads:
            return found
        assert self.scan is not None  # for mypy: by_leads
        ends = [0] * len(self.patterns)
        is_open: list[bool | None] = [None] * len(self.patterns)  # a gate is read when a lead first opens its rule
        for lead in self.scan.finditer(_scanned(gate_text.folded)):
            start = lead.start()  # the padded text's non-word character stands before the word: its index
            for number in self.opens[lead.group(1)]:
                if start < ends[number]:
                    continue
                if is_open[number] is None:
                    is_open[number] = gate_text.may_match(self.gates[number])
                if is_open[number] and (match := self.patterns[number].match(text, start)) is not None:
                    found[number].append(match)
                    ends[number] = match.end()
        return found


def _scanned(folded: str) -> str:
    """The text the leads are looked for in: `folded` after a space (a text's first word follows a non-word
    character too), each whitespace character a space, each digit of another script "0"."""
    for space in _ASCII_SPACES:  # str.replace is a fast scan each
        folded = folded.replace(space, " ")
    return f" {folded if folded.isascii() else _NOT_ASCII.sub(_scanned_character, folded)}"


def _scanned_character(found: re.Match[str]) -> str:
    """A character beyond ASCII as the scan reads it: a space for whitespace (`\\s`), "0" for a digit (`\\d`)."""
    character = found.group()
    return "0" if character.isdecimal() else " " if character.isspace() else character


def word_leads(pattern: re.Pattern[str]) -> Leads | None:
    """The lower-case strings one of which every match of `pattern` starts with, at the start of a word;
    None when the regex gives none (its first element is any letter, or it may match an empty string or
    within a word), or one is shorter than MIN_LEAD (and no digit) or not ASCII."""
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    items = list(parsed.data)
    if parsed.getwidth()[0] == 0 or not _starts_word(items):
        return None
    leads = _sequence(items)
    if not leads or any((len(lead) < MIN_LEAD and not lead.isdigit()) or not _WORD.match(lead[0]) or not lead.isascii()
                        for lead in leads):
        return None  # an ASCII lead is one the scan finds: a case-insensitive regex reads no other character as
        # an ASCII letter but those `folded` maps to it ("ı", "ſ", the Kelvin sign) or that fold longer ("İ")
    return frozenset(leads)


def _trie(strings: set[str]) -> str:
    """A regex matching the longest of `strings` that starts where it is tried, branching one character at a
    time: `re` tries the alternatives of a group one by one, and most fail on their first character."""
    branches = []
    for first in sorted({string[0] for string in strings}):
        rest = {string[1:] for string in strings if string[0] == first}
        tails = {tail for tail in rest if tail}
        inner = f"(?:{_trie(tails)})" if tails else ""
        optional = "?" if tails and "" in rest else ""
        branches.append(f"{re.escape(first)}{inner}{optional}")
    return "|".join(branches)


def _starts_word(items: list[Any]) -> bool:
    """Whether the zero-width assertions the regex opens with put its match at a word's start: a word boundary,
    a lookbehind refusing a word character before it, or lookbehinds each ending in a non-word character."""
    for item in items:
        if not _zero_width(item):
            return False
        if _word_start(item):
            return True
    return False


def _word_start(item: Any) -> bool:
    op, argument = item
    if op is sre.AT:
        return argument is sre.AT_BOUNDARY
    if op is sre.ASSERT_NOT and argument[0] == -1:
        body = list(argument[1])
        return len(body) == 1 and body[0][0] is sre.IN and (sre.CATEGORY, sre.CATEGORY_WORD) in body[0][1]
    if op is sre.ASSERT and argument[0] == -1:
        body = list(argument[1])
        return bool(body) and body[-1][0] is sre.LITERAL and not _WORD.match(chr(body[-1][1]))
    if op is sre.BRANCH:
        return all(len(alternative) == 1 and _word_start(next(iter(alternative))) for alternative in argument[1])
    if op is sre.SUBPATTERN:
        body = list(argument[-1])
        return len(body) == 1 and _word_start(body[0])
    return False


def _zero_width(item: Any) -> bool:
    op, argument = item
    if op in _ZERO_WIDTH:
        return True
    if op is sre.BRANCH:
        return all(all(map(_zero_width, alternative)) for alternative in argument[1])
    if op is sre.SUBPATTERN:
        return all(map(_zero_width, argument[-1]))
    return False


def _sequence(items: list[Any]) -> set[str] | None:
    """Strings one of which every match of the sequence `items` starts with (lower case); None when unbounded."""
    prefixes = {""}
    for index, item in enumerate(items):
        if _zero_width(item):
            continue
        exact = _exact(item)
        if exact is not None and len(prefixes) * len(exact) <= MAX_LEADS:
            prefixes = {prefix + string for prefix in prefixes for string in exact}
            continue
        heads = _heads(item, items[index + 1:])
        if heads is None or len(prefixes) * len(heads) > MAX_LEADS:
            break
        return {prefix + head for prefix in prefixes for head in heads}
    return prefixes


def _heads(item: Any, rest: list[Any]) -> set[str] | None:
    """Strings one of which every match of `item` then `rest` starts with."""
    op, argument = item
    if op is sre.SUBPATTERN:
        return _sequence([*argument[-1], *rest])
    if op is sre.ATOMIC_GROUP:
        return _sequence([*argument, *rest])
    if op is sre.BRANCH:
        heads: set[str] = set()
        for alternative in argument[1]:
            found = _sequence([*alternative, *rest])
            if found is None:
                return None
            heads |= found
        return heads
    if op in _REPEATS:
        low, _, body = argument
        found = _sequence(list(body))
        if low >= 1 or found is None:
            return found
        after = _sequence(rest)
        return None if after is None else found | after
    return None


def _exact(item: Any) -> set[str] | None:
    """Every string `item` can match (lower case), when they are few; zero-width parts match ""."""
    op, argument = item
    if _zero_width(item):
        return {""}
    if op is sre.LITERAL:
        return _characters([item])
    if op is sre.IN:
        return _characters(argument)
    if op is sre.SUBPATTERN:
        return _exact_sequence(list(argument[-1]))
    if op is sre.BRANCH:
        strings: set[str] = set()
        for alternative in argument[1]:
            found = _exact_sequence(list(alternative))
            if found is None:
                return None
            strings |= found
        return strings if len(strings) <= MAX_LEADS else None
    if op in _REPEATS and argument[1] <= 3:
        low, high, body = argument
        one = _exact_sequence(list(body))
        if one is None:
            return None
        strings, repeated = ({""} if low == 0 else set()), {""}
        for count in range(1, high + 1):
            repeated = {prefix + string for prefix in repeated for string in one}
            if len(repeated) > MAX_LEADS:
                return None
            if count >= low:
                strings |= repeated
        return strings
    return None


def _exact_sequence(items: list[Any]) -> set[str] | None:
    strings = {""}
    for item in items:
        exact = _exact(item)
        if exact is None or len(strings) * len(exact) > MAX_LEADS:
            return None
        strings = {prefix + string for prefix in strings for string in exact}
    return strings


def _characters(charset: list[Any]) -> set[str] | None:
    """The characters of a small set of literals and ranges (lower case); None for a class or a negation."""
    characters: set[str] = set()
    for op, argument in charset:
        if op is sre.LITERAL:
            characters.add(chr(argument))
        elif op is sre.RANGE and argument[1] - argument[0] < 16:
            characters |= {chr(code) for code in range(argument[0], argument[1] + 1)}
        elif op is sre.CATEGORY and argument is sre.CATEGORY_DIGIT:
            characters |= _DIGITS
        elif op is sre.CATEGORY and argument is sre.CATEGORY_SPACE:
            characters.add(" ")
        else:
            return None
    lower = {" " if character.isspace() else character.lower() for character in characters}
    return lower if all(len(character) == 1 for character in lower) else None
