"""The fields every rule shares, whatever its file."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, field_validator

RULE_ID = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_\-]+)+$")


class Rule(BaseModel):
    """One line of a rule file: a dotted unique `id` and an optional `note` instead of comments."""

    # Built on first validation: an unchanged re-run restores validated rules without it (`restored_rules`).
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: str
    note: str | None = None

    @field_validator("id")
    @classmethod
    def _dotted_id(cls, value: str) -> str:
        if not RULE_ID.match(value):
            raise ValueError(f"id {value!r} must be dotted lower-case, like 'figures.scale.million'")
        return value


class Threshold(Rule):
    """A number a stage compares against, named by what reads it (`name`)."""

    name: str
    value: float


#: Probe strings for catastrophic backtracking: runs of one character (these, and the letters and
#: digits the pattern names) ending in one that breaks the match, at growing lengths.
PROBE_CHARACTERS = "a1 ."
PROBE_ENDS = ("!", "\n")
PROBE_LENGTHS = (12, 20, 21)
PROBE_MAX_CHARACTERS = 8
#: A pattern is suspect when a 20-character probe takes this long (a linear one takes microseconds,
#: `(a+)+$` about 0.1 s), and refused when the time grows exponentially with the length: x8 from 12
#: to 20 characters, x1.5 from 20 to 21 (each the fastest of two timings: a pause of the machine
#: does not count).
PROBE_SLOW_SECONDS = 0.005


def alternation(phrases: Iterable[str], *, any_spaces: bool = False) -> str:
    """Phrases as one regex alternation, longest first (so a longer phrase wins over its own start), a space
    matching any run of spaces when `any_spaces`; an alternation that never matches when there are none."""
    escaped = (re.escape(phrase) for phrase in sorted(set(phrases), key=lambda phrase: (-len(phrase), phrase)))
    return "|".join(item.replace(r"\ ", r"\s+") if any_spaces else item for item in escaped) or "(?!)"


def prefix_tree(words: Iterable[str]) -> str:
    """Lower-case ASCII words as one regex that shares their common starts ('eight', 'eighteen', 'eighty'
    → 'eight(?:een|y)?'): it matches what `alternation` of them matches, trying the longer of two words
    first, but tests each character once instead of once per word (case-insensitive alternatives are
    tried one by one)."""
    tree: _Tree = {}
    for word in set(words):
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branches(tree) or "(?!)"


_Tree = dict[str, "_Tree"]


def _branches(node: _Tree) -> str:
    parts = [re.escape(char) + _branches(child) for char, child in sorted(node.items()) if char]
    if not parts:
        return ""
    joined = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
    if "" not in node:
        return joined
    return f"{joined}?" if len(parts) > 1 else f"(?:{joined})?"


def compile_regex(value: str, *, flags: int = 0) -> str:
    """Validate that `value` compiles and does not backtrack catastrophically; raise ValueError otherwise.

    A pattern like `(a+)+$` passes the compiler but takes exponential time on a run of "a"s that
    does not match: it is refused here, before any article is read, rather than hang a run.
    (Patterns slow in subtler ways are stopped by the article time budget, `--article-timeout`.)
    """
    try:
        pattern = re.compile(value, flags)
    except re.error as error:
        raise ValueError(f"regex does not compile: {error}") from None
    problem = catastrophic_backtracking(pattern)
    if problem:
        raise ValueError(problem)
    return value


def require_group(value: str, group: str, what: str, *, flags: int = 0) -> str:
    """`value` when its regex has the named group `group`; a ValueError saying `what` needs it otherwise."""
    if group not in re.compile(value, flags).groupindex:
        raise ValueError(f"{what} needs a named group '{group}'")
    return value


def catastrophic_backtracking(pattern: re.Pattern[str]) -> str | None:
    """Why `pattern` takes exponential time on a short probe string, or None when it does not."""
    named = [char for char in dict.fromkeys(pattern.pattern) if char.isascii() and char.isalnum()]
    middle, longest = PROBE_LENGTHS[1:]
    for char in [*PROBE_CHARACTERS, *named][:PROBE_MAX_CHARACTERS]:
        for end in PROBE_ENDS:
            if _search_time(pattern, char * middle + end, repeats=1) <= PROBE_SLOW_SECONDS:
                continue
            times = [_search_time(pattern, char * length + end) for length in PROBE_LENGTHS]
            if times[1] > PROBE_SLOW_SECONDS and times[1] > 8 * times[0] and times[2] > 1.5 * times[1]:
                return (f"regex backtracks catastrophically: {middle} × {char!r} take {times[1] * 1000:.0f} ms, "
                        f"{longest} take {times[2] * 1000:.0f} ms, growing exponentially (a nested "
                        "quantifier like (a+)+ is the usual cause); rewrite it")
    return None


def _search_time(pattern: re.Pattern[str], text: str, *, repeats: int = 2) -> float:
    """The shortest of `repeats` timings of one search."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        pattern.search(text)
        times.append(time.perf_counter() - started)
    return min(times)


#: A rule field holding a regular expression, checked to compile when the rule file loads.
Regex = Annotated[str, AfterValidator(compile_regex)]
