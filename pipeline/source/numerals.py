"""Chinese and Arabic numerals as values: 三千五百, 两万五, 1.4亿, 1.2万亿, 三点五万亿, 33.06万, 百分之三十, 三分之一, 一万六七千.

cn2an (MIT) reads the numerals; this module finds where a numeral starts and ends, splits off the
words around it that cn2an does not take (多, 余), and reads "six or seven thousand" (六七千) and
"thirteen or fourteen" (十三四) as the ranges they are.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")
DIGIT_CHARS = "零〇一二两三四五六七八九"
PLACE_CHARS = "十百千万亿"
SCALE_CHARS = "万亿"
BARE_PLACES = {"百": 100.0, "千": 1000.0, "万": 10000.0}
#: A numeral: Arabic digits (with thousands commas and a decimal point, and Chinese place words
#: after them: 1.4亿, 5千万) or Chinese numeral characters; 多/余 may sit inside (100多万).
NUMERAL = re.compile(
    r"(?:[0-9０-９]+(?:,[0-9]{3})*(?:[.．][0-9０-９]+)?(?:[十百千万亿多余]*[万亿千百])?"
    r"|[零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?[多余]?(?:万亿|[万亿])?)"
)
#: Half of something: 一半, 半数, 过半 (more than half), 大半 (most), 减半 (halved); 半年 and 半导体 are not figures.
HALF = re.compile(r"一半|半数|过半|大半|近半|减半")
PERCENT_PREFIX = "百分之"
#: A fraction, denominator first: 三分之一 (a third), 千分之五 (five per thousand: 0.5%), 万分之三 (three per ten
#: thousand: 0.03%). 百分之 is a percentage (above).
FRACTION = re.compile(r"(?<![零〇一二两三四五六七八九十百千万亿0-9０-９])(?P<denominator>[零〇一二两三四五六七八九十千万0-9０-９]+)"
                      r"分之(?P<numerator>[零〇一二两三四五六七八九十0-9０-９]+(?:[.．点][0-9０-９零〇一二三四五六七八九]+)?)")
#: Denominators read as a rate, in percent: 千分之五 is 0.5%, 万分之三 0.03%.
RATE_DENOMINATORS = (1000.0, 10000.0)
#: An Arabic mantissa with place words after it that cn2an does not read together (1.2万亿, 2.5千万): the
#: mantissa times each place word's factor.
DECIMAL_PLACES = re.compile(r"([0-9]+(?:\.[0-9]+)?)([十百千万亿]{2,})")
#: A decimal in Chinese numerals with place words after it (三点五万亿: 3.5 trillion), which cn2an does not read:
#: the decimal times each place word's factor.
CHINESE_DECIMAL_PLACES = re.compile(r"([零〇一二两三四五六七八九十]+点[零〇一二三四五六七八九]+)([万亿]+)")
PLACE_FACTORS = {"十": 10.0, "百": 100.0, "千": 1000.0, "万": 1e4, "亿": 1e8}
#: A digit and the next one (两三百: two or three hundred, 两 as the 2 before a place word or a measure word).
CONSECUTIVE = {a: b for a, b in zip("一二三四五六七八", "二三四五六七八九")} | {"两": "三"}
APPROX_SUFFIX = re.compile(r"[多余]")


@dataclass(frozen=True)
class Numeral:
    """A numeral read from the source: its value, or its range when it names two ("六七千")."""

    start: int
    end: int
    value: float
    low: float | None = None
    high: float | None = None
    more: bool = False
    scaled: bool = False
    percent: bool = False
    #: A place word alone (百人: a hundred people): a figure only when a unit or currency follows.
    bare: bool = False

    @property
    def range(self) -> tuple[float, float] | None:
        return (self.low, self.high) if self.low is not None and self.high is not None else None


def find_numerals(text: str, blocked: list[tuple[int, int]]) -> list[Numeral]:
    """Every numeral of `text` outside the `blocked` spans (times, names, words like 一些)."""
    found = [Numeral(match.start(), match.end(), 0.5, more=match.group() == "过半")
             for match in HALF.finditer(text)
             if not any(match.start() < b_end and b_start < match.end() for b_start, b_end in blocked)]
    found += _fractions(text, blocked + [(numeral.start, numeral.end) for numeral in found])
    blocked = blocked + [(numeral.start, numeral.end) for numeral in found]
    for match in NUMERAL.finditer(text):
        start, end = match.span()
        if any(start < b_end and b_start < end for b_start, b_end in blocked):
            start, end = _trim_to_free(start, end, blocked)
            if start >= end:
                continue
        percent = text.startswith(PERCENT_PREFIX, max(0, start - len(PERCENT_PREFIX))) and start >= len(PERCENT_PREFIX)
        numeral = read_numeral(text[start:end], start)
        if numeral is None:
            continue
        if percent:
            numeral = Numeral(start - len(PERCENT_PREFIX), numeral.end, numeral.value, numeral.low, numeral.high,
                              numeral.more, numeral.scaled, percent=True)
        found.append(numeral)
    return sorted(found, key=lambda numeral: numeral.start)


def _fractions(text: str, blocked: list[tuple[int, int]]) -> list[Numeral]:
    """Fractions outside the `blocked` spans, each as one numeral: 三分之一 is 1/3, 千分之五 the rate 0.5%, 万分之三
    the rate 0.03%."""
    found = []
    for match in FRACTION.finditer(text):
        if any(match.start() < b_end and b_start < match.end() for b_start, b_end in blocked):
            continue
        denominator = read_numeral(match.group("denominator"), match.start())
        numerator = read_numeral(match.group("numerator").replace("点", "."), match.start("numerator"))
        if denominator is None or numerator is None or not denominator.value or numerator.range is not None:
            continue
        rate = denominator.value in RATE_DENOMINATORS
        value = numerator.value * (100 if rate else 1) / denominator.value
        found.append(Numeral(match.start(), match.end(), value, percent=rate))
    return found


def _trim_to_free(start: int, end: int, blocked: list[tuple[int, int]]) -> tuple[int, int]:
    """The longest part of start..end that no blocked span touches."""
    free = [True] * (end - start)
    for b_start, b_end in blocked:
        for i in range(max(start, b_start), min(end, b_end)):
            free[i - start] = False
    best = (start, start)
    run_start = None
    for i, ok in enumerate([*free, False]):
        if ok and run_start is None:
            run_start = i
        elif not ok and run_start is not None:
            if i - run_start > best[1] - best[0]:
                best = (start + run_start, start + i)
            run_start = None
    return best


def read_numeral(raw: str, start: int) -> Numeral | None:
    """The value of one numeral string, or None when it is no number (a lone 万, a word like 一二)."""
    text = raw.translate(FULLWIDTH_DIGITS)
    more = bool(APPROX_SUFFIX.search(text))
    core = APPROX_SUFFIX.sub("", text).replace(",", "")
    if core in BARE_PLACES:
        return Numeral(start, start + len(raw), BARE_PLACES[core], more=more, scaled=core in SCALE_CHARS, bare=True)
    if _places_only(core):
        value = _value("一" + core)
        scaled = any(char in SCALE_CHARS for char in core)
        return None if value is None else Numeral(start, start + len(raw), value, more=more, scaled=scaled, bare=True)
    if not any(char.isdigit() or char in DIGIT_CHARS or char == "十" for char in core):
        return None
    if core and core[0] in "零〇" and len(core) == 1:
        return None
    end = start + len(raw)
    scaled = any(char in SCALE_CHARS for char in core)
    pair = _consecutive_digits(core)
    if pair is not None:
        low, high = _value(core[:pair + 1] + core[pair + 2:]), _value(core[:pair] + core[pair + 1:])
        if low is not None and high is not None:
            return Numeral(start, end, low, low, high, more, scaled)
    value = _value(core)
    return None if value is None else Numeral(start, end, value, more=more, scaled=scaled)


def _places_only(core: str) -> bool:
    """Place words with their leading one left out (千亿 for 一千亿, 万亿 for 一万亿): a bare amount."""
    return len(core) > 1 and core[0] in BARE_PLACES and all(char in PLACE_CHARS for char in core)


def _consecutive_digits(core: str) -> int | None:
    """Where two consecutive digits stand for "this or the next" (六七千, 十三四, 三四十), else None."""
    for i in range(len(core) - 1):
        a, b = core[i], core[i + 1]
        if CONSECUTIVE.get(a) != b:
            continue
        after = core[i + 2] if i + 2 < len(core) else ""
        before = core[i - 1] if i > 0 else ""
        if after in PLACE_CHARS or before == "十" or (after == "" and before in PLACE_CHARS):
            return i
    return None


def _value(core: str) -> float | None:
    import cn2an  # its tables take seconds to import: only when an article has a source to read

    places = DECIMAL_PLACES.fullmatch(core)
    if places is not None:
        return float(places.group(1)) * math.prod(PLACE_FACTORS[char] for char in places.group(2))
    places = CHINESE_DECIMAL_PLACES.fullmatch(core)
    if places is not None:
        mantissa = _value(places.group(1))
        return None if mantissa is None else mantissa * math.prod(PLACE_FACTORS[char] for char in places.group(2))
    try:
        return float(cn2an.cn2an(core, "smart"))
    except (ValueError, KeyError, IndexError):
        return None
