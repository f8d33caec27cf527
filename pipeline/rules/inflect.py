"""Word forms from lemmas, so rule files list "say" or "stagnate" once instead of every inflection.

A lookup table (LemmInflect's, MIT, shipped in its wheel) rather than spaCy's lemmatizer: rules are
expanded once when they load, the same with the full model and with `--model blank`, and matching
stays a cheap comparison of lower-case words instead of needing lemmas on every token.
"""

from __future__ import annotations

import functools
from typing import Literal

PartOfSpeech = Literal["VERB", "NOUN", "ADJ"]


@functools.lru_cache(maxsize=4096)
def word_forms(phrase: str, pos: PartOfSpeech = "VERB") -> tuple[str, ...]:
    """`phrase` with every inflection of its head word: the first word of a verb phrase ("stand at"
    → stands at, stood at, …), the last word of a noun phrase ("market share" → market shares)."""
    words = phrase.split()
    if not words:
        return ()
    head = 0 if pos == "VERB" else len(words) - 1
    forms = [phrase]
    for form in _inflections(words[head].lower(), pos):
        forms.append(" ".join([*words[:head], form, *words[head + 1:]]))
    return tuple(dict.fromkeys(forms))


def _inflections(word: str, pos: PartOfSpeech) -> list[str]:
    from lemminflect import getAllInflections, getAllInflectionsOOV  # a table of ~120k lemmas, read on first use

    table = getAllInflections(word, upos=pos) or getAllInflectionsOOV(word, upos=pos)
    return [form for forms in table.values() for form in forms]
