"""Reading the number itself: digits with separators, number words, Chinese numerals.

Everything here is built from the rule files `figures/number_words` and `figures/scales`; the
figures component adds what stands around the number (currency, scale, unit, qualifier).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..rules import RuleSet
from ..rules.base import alternation, prefix_tree
from ..rules.figures import LinkWord, NumberWord, Scale

DIGITS = r"(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|(?<![\w.])\.\d+)(?:[eE][+-]?\d{1,3}(?!\w|\.\d))?"
WORD = re.compile(r"[A-Za-z]+")
#: Words one scale group of a spelled-out number holds at most: "a hundred and twenty-one thousand".
GROUP_WORDS = 6
#: Words a reading may run past the first word `_sum` refuses: a decimal after "point" ("two hundred
#: point seventy-one"), a compound denominator ("one one hundred and fifth"), a mixed number's fraction.
FRACTION_SLACK = 6
#: What may follow a fraction for it to stand alone as a quantity: the end of its clause ("a half.").
CLAUSE_END = re.compile(r"\s*(?:[.,;:!?)]|$)")


def _and_allowed(previous: str | None, role: str) -> bool:
    """'one hundred and three', 'two thousand and two hundred', 'one and a half'."""
    if role == "article":
        return previous in ("unit", "tens", "hundred", "scale")
    return previous in ("hundred", "scale") and role in ("unit", "tens")


@dataclass(frozen=True)
class NumberCore:
    """A number as written, before scale words: its value and how it was read."""

    start: int
    end: int
    value: float
    source: str  # "digits", "words", "han"
    factor: float = 1.0  # scale already inside the number ("two million", "1.4亿")
    scale_word: str | None = None
    closed: bool = False  # holds a scale word or fraction already: no scale word may follow


#: The digit looked for before the look-behind, which a scan would otherwise try at every character.
FRACTION = re.compile(r"(?=\d)(?<![\d/.,])(?:(?P<whole>\d+)(?:\s+|-))?(?P<numerator>\d{1,2})/(?P<denominator>\d{1,2})(?![\d/])")
#: Denominators that make "3/4" a fraction ("7/32", "1-1/2"); "5/17" is a date or a score.
FRACTION_DENOMINATORS = {2, 3, 4, 5, 8, 10, 16, 32, 64}


class Fractions:
    """'3/4', '10 1/2', '1/4 mile', '½', '2¾': proper fractions with a common denominator."""

    def __init__(self, rules: RuleSet) -> None:
        self.vulgar = {rule.word: rule.value for rule in rules.get("figures/number_words", NumberWord)
                       if rule.role == "vulgar"}
        self.characters = frozenset("".join(self.vulgar))
        characters = re.escape("".join(self.vulgar))
        self.pattern = re.compile(rf"(?=[\d{characters}])(?<![\d.,])(?P<whole>\d+)?(?P<fraction>[{characters}])") \
            if self.vulgar else None

    def find(self, text: str) -> list[NumberCore]:
        cores = []
        # each scan only where its required character is: most texts have no '½' and no '/'
        if self.pattern is not None and not self.characters.isdisjoint(text):
            for match in self.pattern.finditer(text):
                value = int(match.group("whole") or 0) + self.vulgar[match.group("fraction")]
                cores.append(NumberCore(match.start(), match.end(), value, "digits", closed=True))
        for match in FRACTION.finditer(text) if "/" in text else ():
            numerator, denominator = int(match.group("numerator")), int(match.group("denominator"))
            if denominator not in FRACTION_DENOMINATORS or not 0 < numerator < denominator:
                continue
            whole = int(match.group("whole") or 0)
            cores.append(NumberCore(match.start(), match.end(), whole + numerator / denominator, "digits", closed=True))
        return cores


def parse_digits(text: str) -> float:
    """The value of "1,234.5"."""
    return float(text.replace(",", ""))


class WordNumbers:
    """Reads spelled-out numbers: "twenty-five", "one and a half", "half a million", "two-thirds"."""

    def __init__(self, rules: RuleSet) -> None:
        words = rules.get("figures/number_words", NumberWord)
        self.words = {rule.word.casefold(): rule for rule in words if rule.role not in ("han", "vulgar")}
        self.articles = {word for word, rule in self.words.items() if rule.role == "article"}
        self.everyday_fractions = {word for word, rule in self.words.items() if rule.everyday}
        links = rules.get("figures/link_words", LinkWord)
        self.and_words = {rule.word.casefold() for rule in links if rule.links == "groups"}
        self.of_words = {rule.word.casefold() for rule in links if rule.links == "fraction_of"}
        points = alternation({word for word, rule in self.words.items() if rule.role == "point"})
        # "a third of", "a quarter-point": a fraction, not an ordinal
        self.fraction_follower = re.compile(rf"\s+(?:{alternation(self.of_words)})\b|-(?:{points})s?\b", re.IGNORECASE)
        scales = rules.get("figures/scales", Scale)
        self.scales = {rule.word.casefold(): rule.factor for rule in scales
                       if rule.word.isalpha() and rule.word.isascii() and rule.glued == "never" and not rule.plural_of}
        vocabulary = sorted(set(self.words) | set(self.scales), key=len, reverse=True)
        alternatives = prefix_tree(vocabulary) if all(word.isascii() and word.islower() for word in vocabulary) \
            else "|".join(re.escape(word) for word in vocabulary)
        ands, ofs, articles = (alternation(words) for words in (self.and_words, self.of_words, self.articles))
        self.pattern = re.compile(
            rf"\b(?:{alternatives})(?:(?:\s+(?:{ands})\s+|\s*-\s*|\s+(?:{ofs})\s+(?=(?:{articles})\s)|\s+)"
            rf"(?:{alternatives}))*\b",
            re.IGNORECASE
        )
        # Scale words come largest first, each at most once ("two million three hundred thousand"),
        # then perhaps "and a half": no reading is longer.
        self.longest = GROUP_WORDS * (len(set(self.scales.values())) + 1) + 3

    def find(self, text: str) -> list[NumberCore]:
        """Every spelled-out number in `text` (the longest valid reading of each run of number words).

        Linear in the length of a run: a reading is tried only up to the bound its words allow
        (`_longest`), and never longer than `self.longest` words, so "a a a …" or "million million …"
        costs a few steps per word instead of a cubic search.
        """
        cores: list[NumberCore] = []
        for match in self.pattern.finditer(text):
            tokens = [(m.start() + match.start(), m.end() + match.start(), m.group().casefold())
                      for m in WORD.finditer(match.group()) if m.group().casefold() not in self.and_words | self.of_words]
            words = [word for _, _, word in tokens]
            joins = [text[tokens[i][1]:tokens[i + 1][0]] for i in range(len(tokens) - 1)]
            position = 0
            while position < len(tokens):
                window = slice(position, position + self.longest)
                core, used = self._read(text, tokens[window], words[window], joins[window])
                if core is None:
                    position += 1
                    continue
                cores.append(core)
                position += used
        return cores

    def _read(self, text: str, tokens: list[tuple[int, int, str]], words: list[str],
              joins: list[str]) -> tuple[NumberCore | None, int]:
        """The longest number reading starting at the first token, and how many tokens it used."""
        for count in range(min(self._longest(words, joins), len(words)), 0, -1):
            after = text[tokens[count - 1][1]:tokens[count - 1][1] + 12]
            reading = self._value(words[:count], joins[:count - 1], after)
            if reading is not None:
                value, factor, scale_word = reading
                start, end = tokens[0][0], tokens[count - 1][1]
                closed = any(self._role(word) in ("scale", "fraction") for word in words[:count])
                return NumberCore(start, end, value, "words", factor, scale_word, closed), count
        return None, 0

    def _longest(self, words: list[str], joins: list[str]) -> int:
        """No reading of `words` longer than this can be valid (see `_value`'s three ways to read).

        `_sum` stops at the first word that cannot follow the ones before it, and that word stops
        every longer reading too; "two and a half million" reads one word past it, "half a …"
        one word before it.
        """
        bound = max(2, self._scan(words, joins, "")[1] + 2) + FRACTION_SLACK
        if len(words) > 2 and self._role(words[0]) == "fraction" and words[1] in self.articles:
            bound = max(bound, 1 + self._longest(words[1:], joins[1:]))
        return bound

    def _value(self, words: list[str], joins: list[str], after: str) -> tuple[float, float, str | None] | None:
        """(mantissa, factor, scale word) of a run of number words, or None when it is not one number."""
        of = next((index for index, join in enumerate(joins, start=1) if join.strip().casefold() in self.of_words), None)
        if of is not None:
            return self._fraction_of(words, joins, of, after)
        if len(words) > 2 and self._role(words[0]) == "fraction" and words[1] in self.articles:
            rest = self._value(words[1:], joins[1:], after)  # "half a million", "half a dozen"
            return None if rest is None else (rest[0] * self._number(words[0]), rest[1], rest[2])
        if len(words) == 2 and words[0] in self.everyday_fractions and self._role(words[1]) == "scale":
            factor = self._number(words[1])  # "half million", "quarter million"
            return self._number(words[0]), factor, words[1]
        if (len(words) > 2 and self._role(words[-1]) == "scale" and self._role(words[-2]) == "fraction"
                and not any(self._role(word) == "scale" for word in words[:-1])):
            head = self._sum(words[:-1], joins[:-1], " " + words[-1])  # "two and a half million"
            return None if head is None else (head, self._number(words[-1]), words[-1])
        for read in (self._decimal, self._mixed, self._fraction):
            reading = read(words, joins, after)
            if reading is not None:
                return reading
        value = self._sum(words, joins, after)
        if value is None:
            return None
        scales = [index for index, word in enumerate(words) if self._role(word) == "scale"]
        if len(scales) == 1 and scales[0] == len(words) - 1:
            factor = self._number(words[-1])
            return value / factor, factor, words[-1]
        return value, 1.0, None

    def _fraction_of(self, words: list[str], joins: list[str], of: int,
                     after: str) -> tuple[float, float, str | None] | None:
        """'two thirds of a million' (666,667), 'a quarter of a billion': a fraction of an amount."""
        if self._role(words[of - 1]) != "fraction" or words[of] not in self.articles:
            return None
        whole = self._value(words[of:], joins[of:], after)
        part = (self._number(words[0]), 1.0, None) if of == 1 else self._value(words[:of], joins[:of - 1], " of")
        if part is None or whole is None or whole[2] is None or part[1] != 1.0 or not 0 < part[0] < 1:
            return None
        return part[0] * whole[0], whole[1], whole[2]

    def _decimal(self, words: list[str], joins: list[str], after: str) -> tuple[float, float, str | None] | None:
        """'two hundred point zero three' (200.03), 'nought point eleven' (0.11), 'two point five million'."""
        points = [index for index, word in enumerate(words) if self._role(word) == "point"]
        if len(points) != 1 or not 0 < points[0] < len(words) - 1:
            return None
        point = points[0]
        if len(words) - point > 2 and self._role(words[-1]) == "scale":
            head = self._decimal(words[:-1], joins[:-1], " " + words[-1])
            return None if head is None or head[1] != 1.0 else (head[0], self._number(words[-1]), words[-1])
        whole = self._sum(words[:point], joins[:point - 1], " point")
        digits = self._decimal_digits(words[point + 1:], joins[point + 1:])
        if whole is None or digits is None or not whole.is_integer():
            return None
        return float(f"{whole:.0f}.{digits}"), 1.0, None

    def _decimal_digits(self, words: list[str], joins: list[str]) -> str | None:
        """The digits after a spelled-out point: one digit a word ('zero three'), or one number below a
        hundred ('seventy-one', 'eleven')."""
        if all(self._role(word) == "unit" and self._number(word) < 10 for word in words):
            return "".join(f"{self._number(word):.0f}" for word in words)
        value = self._sum(words, joins, "") if len(words) <= 2 else None
        if value is None or not 10 <= value < 100 or any(self._role(word) not in ("unit", "tens") for word in words):
            return None
        return f"{value:.0f}"

    def _mixed(self, words: list[str], joins: list[str], after: str) -> tuple[float, float, str | None] | None:
        """A whole number, 'and', a fraction: 'one hundred and three quarters' (100.75), 'twenty and three
        fifths', 'five billion and three quarters' (of the last scale word), 'one billion and a half million'."""
        links = [index for index, join in enumerate(joins) if join.strip().casefold() in self.and_words]
        if not links:
            return None
        split = links[-1] + 1
        left, right, right_joins = words[:split], words[split:], joins[split:]
        if self._role(right[0]) not in ("unit", "article") or self._number(right[0]) >= 10:
            return None  # "one hundred and thirty-two fifths" is 132 fifths
        scale = None
        if len(right) > 2 and self._role(right[-1]) == "scale":
            scale, right, right_joins = right[-1], right[:-1], right_joins[:-1]
        fraction = self._fraction(right, right_joins, after, after_and=True)
        whole = self._value(left, joins[:split - 1], " and") if fraction is not None else None
        if fraction is None or whole is None:
            return None
        mantissa, factor, scale_word = whole
        if scale is not None and self._number(scale) >= factor:  # "two and a half million"
            return mantissa * factor + fraction[0], self._number(scale), scale
        part = fraction[0] * (self._number(scale) if scale else factor if factor >= 1000 else 1.0)
        return mantissa + part / factor, factor, scale_word

    def _fraction(self, words: list[str], joins: list[str], after: str, *,
                  after_and: bool = False) -> tuple[float, float, str | None] | None:
        """A numerator and a denominator: 'three fifths', 'a twenty-first', 'one hundred thirty-fifths'
        (100/35), 'one one hundred fifth' (1/105), 'a hundred trillionths'. The longest denominator that
        leaves a numerator wins; a hyphen or 'and' binds the words on its sides into the numerator."""
        if len(words) < 2 or self._role(words[-1]) not in ("fraction", "ordinal"):
            return None
        for split in range(1, len(words)):
            link = joins[split - 1].strip().casefold()
            if link in self.and_words or (link == "-" and split < len(words) - 1):
                continue
            denominator = self._denominator(words[split:], joins[split:])
            if denominator is None:
                continue
            numerator = 1.0 if split == 1 and words[0] in self.articles else self._sum(words[:split], joins[:split - 1], "")
            if numerator is None:
                continue
            compound = len(words) - split > 1
            if not compound and not words[-1].endswith("s") and self._role(words[split - 1]) == "tens":
                return None  # "the twenty fifth anniversary" is a rank
            if not self._fraction_allowed(words[-1], words[split - 1], link, after, join_and=after_and,
                                          compound=compound):
                return None
            return numerator / denominator, 1.0, None
        return None

    def _denominator(self, words: list[str], joins: list[str]) -> float | None:
        """The denominator an ordinal or a compound ordinal names: 'fifths' 5, 'twenty-first' 21,
        'one hundred and fifth' 105, 'one thousand fifths' 1005; None when the words name none."""
        last = words[-1]
        base = round(1 / self._number(last))
        if len(words) == 1:
            return float(base) if self._role(last) == "fraction" else None
        head, link = words[:-1], joins[-1].strip().casefold()
        if base >= 100 or self._role(head[0]) not in ("unit", "tens"):
            return None
        value = self._sum(head, joins[:-1], "")
        tail = self._role(head[-1])
        if value is None:
            return None
        if tail in ("hundred", "scale") or (tail == "tens" and base < 10 and link not in self.and_words):
            return value + base
        return None

    def _sum(self, words: list[str], joins: list[str], after: str) -> float | None:
        """The value of "one hundred and three", "twenty-one trillion three hundred", "two-thirds"."""
        return self._scan(words, joins, after)[0]

    def _scan(self, words: list[str], joins: list[str], after: str) -> tuple[float | None, int]:
        """`_sum`'s value, and the index of the word that made it None (len(words) when none did)."""
        total = current = small = whole = 0.0
        last_scale = float("inf")
        whole_scale = 1.0
        previous: str | None = None
        for index, word in enumerate(words):
            role, value = self._role(word), self._number(word)
            join = joins[index - 1].strip().casefold() if index else ""
            if (join in self.and_words and not _and_allowed(previous, role)) or join in self.of_words:
                return None, index
            if role in ("unit", "tens"):
                if previous in ("unit", "dozen", "fraction") or (previous == "tens" and (role == "tens" or value >= 10)):
                    return None, index  # "five six" is two numbers, not one
                current, small = current + value, small + value
            elif role == "hundred":
                if previous not in ("unit", "tens", "article") or current >= 100:
                    return None, index
                current, small = current * 100, 0.0
            elif role == "scale":
                if previous not in ("unit", "tens", "hundred", "article", "dozen") or value >= last_scale:
                    return None, index
                total, current, small, last_scale = total + current * value, 0.0, 0.0, value
            elif role == "dozen":
                if previous not in ("unit", "tens", "article"):
                    return None, index
                current, small = current - small + small * 12, 0.0
            elif role == "article":
                following = self._role(words[index + 1]) if index + 1 < len(words) else None
                if following not in ("hundred", "scale", "dozen", "fraction"):
                    return None, index
                if join in self.and_words:  # "one and a half": the whole number is done
                    # "one million and a half" is a half of the last scale word
                    whole_scale = last_scale if previous == "scale" else 1.0
                    whole, total, current, last_scale = total + current, 0.0, 0.0, float("inf")
                current, small = current + 1, 1.0
            elif role == "fraction":
                last = index == len(words) - 1
                if previous not in ("unit", "article") or not last:  # "twenty fifth" is a rank
                    return None, index
                after_and = index > 1 and words[index - 1] in self.articles and joins[index - 2].strip().casefold() in self.and_words
                if not self._fraction_allowed(word, words[index - 1], joins[index - 1], after, join_and=after_and):
                    return None, index
                current, small = current - small + small * value, 0.0
            else:  # an ordinal ("first") or a point counts only in a fraction or a decimal
                return None, index
            previous = role
        if previous == "article":
            return None, len(words)
        return whole + (total + current) * whole_scale, len(words)

    def _fraction_allowed(self, word: str, numerator: str, join: str, after: str, *, join_and: bool,
                          compound: bool = False) -> bool:
        """Fractions are also ordinals ("third quarter"): read one only where it cannot be an ordinal.
        A fraction that ends its clause ("a half.", "a twenty-first.") is one."""
        # "a quarter-point" is a fraction, "a sixth-consecutive month" an ordinal
        if join.strip() == "-" or self.fraction_follower.match(after) or join_and:
            return True
        if CLAUSE_END.match(after) and not (numerator in self.articles and self._is_rank_like(word)):
            return True  # but "owning a third." is a rank
        if compound and not word.endswith("s"):
            return False  # "a twenty-first century"; a plural ("thirty-fifths") is never a rank
        if word in self.everyday_fractions:
            return False  # "in a quarter", "three quarters in a row", "an hour and a half"
        # "a fifth" stands alone mostly as an ordinal ("a fifth term"), "two millionth" always
        return numerator not in self.articles and (word.endswith("s") or self._number(numerator) <= 1)

    def _is_rank_like(self, word: str) -> bool:
        """A singular fraction word that is also a plain ordinal: third to ninety-ninth ('a third' one)."""
        return not word.endswith("s") and 2 < round(1 / self._number(word)) < 100

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
        self.characters = frozenset("".join(self.digits) + "".join(self.scales))
        han = re.escape("".join(self.digits) + "".join(self.scales))
        self.pattern = re.compile(rf"(?<![A-Za-z0-9.])(?:{DIGITS})?(?:[{han}]+(?:{DIGITS})?)+") if han else None

    def find(self, text: str) -> list[NumberCore]:
        """Every run of digits and Chinese number characters that holds at least one Chinese character."""
        if self.pattern is None or self.characters.isdisjoint(text):  # no such character: no scan
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
