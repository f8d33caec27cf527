"""Reading the number itself: digits with separators, number words, Chinese numerals.

Everything here is built from the rule files `figures/number_words` and `figures/scales`; the
figures component adds what stands around the number (currency, scale, unit, qualifier).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..rules import RuleSet
from ..rules.figures import NumberWord, Scale

DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
WORD_JOINER = re.compile(r"(?:\s+and\s+|\s+|-)", re.IGNORECASE)
WORD = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class NumberCore:
    """A number as written, before scale words: its value and how it was read."""

    start: int
    end: int
    value: float
    source: str  # "digits", "words", "han"
    factor: float = 1.0  # scale already inside the number ("two million", "1.4亿")
    scale_word: str | None = None


def parse_digits(text: str) -> float:
    """The value of "1,234.5"."""
    return float(text.replace(",", ""))


class WordNumbers:
    """Reads spelled-out numbers: "twenty-five", "one and a half", "half a million", "two-thirds"."""

    def __init__(self, rules: RuleSet) -> None:
        words = rules.get("figures/number_words", NumberWord)
        self.words = {rule.word.casefold(): rule for rule in words if rule.role != "han"}
        scales = rules.get("figures/scales", Scale)
        self.scales = {rule.word.casefold(): rule.factor for rule in scales
                       if rule.word.isalpha() and rule.word.isascii() and rule.glued == "never" and not rule.plural_of}
        vocabulary = sorted(set(self.words) | set(self.scales), key=len, reverse=True)
        alternatives = "|".join(re.escape(word) for word in vocabulary)
        self.pattern = re.compile(
            rf"\b(?:{alternatives})(?:(?:\s+and\s+|\s+|-)(?:{alternatives}))*\b", re.IGNORECASE
        )

    def find(self, text: str) -> list[NumberCore]:
        """Every spelled-out number in `text` (the longest valid reading of each run of number words)."""
        cores: list[NumberCore] = []
        for match in self.pattern.finditer(text):
            tokens = [(m.start() + match.start(), m.end() + match.start(), m.group().casefold())
                      for m in WORD.finditer(match.group()) if m.group().casefold() != "and"]
            position = 0
            while position < len(tokens):
                core, used = self._read(text, tokens[position:])
                if core is None:
                    position += 1
                    continue
                cores.append(core)
                position += used
        return cores

    def _read(self, text: str, tokens: list[tuple[int, int, str]]) -> tuple[NumberCore | None, int]:
        """The longest number reading starting at the first token, and how many tokens it used."""
        best: tuple[NumberCore | None, int] = (None, 0)
        for count in range(len(tokens), 0, -1):
            words = [word for _, _, word in tokens[:count]]
            joins = [text[tokens[i][1]:tokens[i + 1][0]] for i in range(count - 1)]
            after = text[tokens[count - 1][1]:tokens[count - 1][1] + 12]
            reading = self._value(words, joins, after)
            if reading is not None:
                value, factor, scale_word = reading
                start, end = tokens[0][0], tokens[count - 1][1]
                return NumberCore(start, end, value, "words", factor, scale_word), count
        return best

    def _value(self, words: list[str], joins: list[str], after: str) -> tuple[float, float, str | None] | None:
        """(mantissa, factor, scale word) of a run of number words, or None when it is not a number."""
        scale_words = [w for w in words if w in self.scales and self.scales[w] >= 1000]
        if scale_words and words[-1] not in self.scales:
            return None
        # split off trailing big scale words: "two hundred million" -> "two hundred" + "million"
        tail = len(words)
        factor = 1.0
        while tail > 0 and words[tail - 1] in self.scales and self.scales[words[tail - 1]] >= 1000:
            factor *= self.scales[words[tail - 1]]
            tail -= 1
        head, head_joins = words[:tail], joins[:max(tail - 1, 0)]
        scale_word = " ".join(words[tail:]) or None
        if not head:
            return None  # a scale word alone ("million") is read by the figures component when it is one
        if head[-1] in ("a", "an") and head[:-1] and head[-2] == "half":
            mantissa = 0.5 if len(head) == 2 else None  # "half a million"
            return (mantissa, factor, scale_word) if mantissa is not None and scale_word else None
        mantissa = self._head_value(head, head_joins, after, scaled=scale_word is not None)
        if mantissa is None:
            return None
        return mantissa, factor, scale_word

    def _head_value(self, head: list[str], joins: list[str], after: str, *, scaled: bool) -> float | None:
        roles = [self._role(word) for word in head]
        if roles[0] == "article":
            if len(head) == 1:
                return 1.0 if scaled else None
            if roles[1] not in ("dozen", "fraction", "hundred"):
                return None
        if roles[-1] == "fraction":
            return self._fraction(head, roles, joins, after, scaled=scaled)
        if "article" in roles[1:] or "fraction" in roles:
            return None
        total, current = 0.0, 0.0
        previous = None
        for word, role in zip(head, roles):
            value = self._number(word)
            if role in ("unit", "tens"):
                if previous in ("unit",) or (previous == "tens" and role == "tens"):
                    return None  # "five six" is two numbers, not one
                current += value
            elif role == "article":
                current += 1
            elif role == "hundred":
                current = (current or 1) * 100
            elif role == "dozen":
                current = (current or 1) * 12
            previous = role
        return total + current

    def _fraction(self, head: list[str], roles: list[str], joins: list[str], after: str, *, scaled: bool) -> float | None:
        """'a third', 'two-thirds', 'one and a half', 'three quarters of': ordinals otherwise ('third quarter')."""
        fraction = self._number(head[-1])
        if len(head) == 1:
            return None
        if head[-2] in ("a", "an"):
            if len(head) >= 3 and joins[-2].strip().casefold() == "and":  # "one and a half"
                whole = self._head_value(head[:-2], joins[:-3], "", scaled=False)
                return None if whole is None else whole + fraction
            if len(head) == 2:
                followed = re.match(r"\s+of\b|-\w|\s+(?:million|billion|trillion|thousand)\b", after, re.IGNORECASE)
                return fraction if (followed or scaled) else None
            return None
        if len(head) == 2 and roles[0] == "unit":
            hyphenated = joins[-1] == "-"
            followed = re.match(r"\s+of\b", after, re.IGNORECASE)
            return self._number(head[0]) * fraction if (hyphenated or followed) else None
        return None

    def _role(self, word: str) -> str:
        if word in self.words:
            return self.words[word].role
        return "hundred" if self.scales.get(word) == 100 else "scale"

    def _number(self, word: str) -> float:
        if word in self.words:
            return self.words[word].value
        return self.scales.get(word, 1.0)


class HanNumbers:
    """Reads Chinese numerals and scale characters in English text: 万, 亿, "1.4亿", "3万4000", "三万"."""

    def __init__(self, rules: RuleSet) -> None:
        self.digits = {rule.word: rule.value for rule in rules.get("figures/number_words", NumberWord) if rule.role == "han"}
        self.scales = {rule.word: rule.factor for rule in rules.get("figures/scales", Scale)
                       if len(rule.word) == 1 and not rule.word.isascii()}
        han = re.escape("".join(self.digits) + "".join(self.scales))
        self.pattern = re.compile(rf"(?<![A-Za-z0-9.])(?:{DIGITS})?(?:[{han}]+(?:{DIGITS})?)+") if han else None

    def find(self, text: str) -> list[NumberCore]:
        """Every run of digits and Chinese number characters that holds at least one Chinese character."""
        if self.pattern is None:
            return []
        cores = []
        for match in self.pattern.finditer(text):
            if not any(char.isascii() or char in self.scales for char in match.group()):
                continue  # a lone 一 or 三 inside a Chinese name is not a number
            reading = self.value(match.group())
            if reading is not None:
                value, factor, scale_word = reading
                cores.append(NumberCore(match.start(), match.end(), value / factor, "han", factor, scale_word))
        return cores

    def value(self, run: str) -> tuple[float, float, str | None] | None:
        """(value, largest scale factor, its character) of a run, or None when nothing in it is a number."""
        total, section, number = 0.0, 0.0, None
        biggest, biggest_word = 1.0, None
        for piece in re.findall(rf"{DIGITS}|.", run):
            if piece[0].isdigit():
                number = parse_digits(piece)
            elif piece in self.digits:
                number = self.digits[piece]
            elif piece in self.scales:
                factor = self.scales[piece]
                if factor > biggest:
                    biggest, biggest_word = factor, piece
                if factor < 1e4:
                    section += (1 if number is None else number) * factor
                else:
                    total = (total + section + (number or 0)) * factor
                    section = 0
                number = None
        value = total + section + (number or 0)
        return (value, biggest, biggest_word) if value else None
