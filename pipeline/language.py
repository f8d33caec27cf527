"""Which language an article is written in, so that one the rules cannot read is not read at all.

py3langid (a maintained fork of langid.py, with its model inside the package) ranks the languages of
the text's start. A text is judged to be in another language only when each language claimex reads
gets less than a small probability: English with many names and numbers scores low, but not that low.
A start dense with words only the read languages write ("the", "of", "which") is read without asking the
identifier: it is what nearly every article gets, and asking costs about 2 ms a text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .rules import RuleSet
from .rules.ingest import LanguageSetting

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier


@dataclass(frozen=True)
class ForeignText:
    """A text in none of the languages claimex reads: the likeliest language and the best read one's odds."""

    language: str
    read_probability: float


def language_setting(rules: RuleSet) -> LanguageSetting | None:
    """The language setting of the rule files (None when they have none: every text is read)."""
    settings = rules.get("ingest/language", LanguageSetting)
    return settings[0] if settings else None


def foreign_language(text: str, setting: LanguageSetting) -> ForeignText | None:
    """The language `text` is in when claimex does not read it; None when it does or the text is too short."""
    sample = text[:setting.sample_chars]
    letters = "".join(filter(str.isalpha, sample))
    if len(letters) < setting.min_letters or len(set(map(str.casefold, set(letters)))) < setting.min_distinct_letters:
        return None
    if _telltale_count(sample, tuple(setting.telltale_words)) * 100 >= setting.min_telltale_per_100_letters * len(letters):
        return None
    ranking = dict(_identifier().rank(sample))
    read_probability = max(ranking.get(code, 0.0) for code in setting.reads)
    if read_probability >= setting.max_probability:
        return None
    return ForeignText(language=max(ranking, key=ranking.__getitem__), read_probability=read_probability)


def _telltale_count(sample: str, words: tuple[str, ...]) -> int:
    """How many of `words` `sample` holds, as words of their own in any case."""
    return len(_telltale_pattern(words).findall(sample)) if words else 0


@functools.cache
def _telltale_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)", re.IGNORECASE)


@functools.cache
def _identifier() -> LanguageIdentifier:
    """The identifier with probabilities normalised to sum to one, loaded once per process."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
