"""Word forms from lemmas, so rule files list "say" or "stagnate" once instead of every inflection.

A lookup table (LemmInflect's, MIT, shipped in its wheel) rather than spaCy's lemmatizer: rules are
expanded once when they load, the same with the full model and with `--model blank`, and matching
stays a cheap comparison of lower-case words instead of needing lemmas on every token.

LemmInflect imports spaCy, which costs most of an unchanged re-run's time: the forms a run looked
up are kept with its validated rules (`cache.py`) and handed back to the next run
(`remember_forms`), which then never imports either.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict

PartOfSpeech = Literal["VERB", "NOUN", "ADJ"]
#: Penn Treebank tags of the forms LemmInflect knows: base, past, -ing, past participle, present, third
#: person; singular and plural nouns; adjectives and their comparative and superlative.
PennTag = Literal["VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "NN", "NNS", "JJ", "JJR", "JJS"]
#: What `word_forms` was asked in this process, with its answers: (phrase, pos, tags) → forms.
FormsKey = tuple[str, str, tuple[str, ...]]
_FORMS: dict[FormsKey, tuple[str, ...]] = {}


def word_forms(phrase: str, pos: PartOfSpeech = "VERB", tags: tuple[PennTag, ...] = ()) -> tuple[str, ...]:
    """`phrase` with every inflection of its head word: the first word of a verb phrase ("stand at"
    → stands at, stood at, …), the last word of a noun phrase ("market share" → market shares).

    With `tags`, only the forms of those tags ("VBD", "VBZ": said, says), the lemma itself only as one
    of them ("VB"); without, every form and the lemma."""
    key = (phrase, pos, tuple(tags))
    found = _FORMS.get(key)
    if found is None:
        found = _FORMS[key] = _word_forms(phrase, pos, tags)
    return found


def known_forms() -> list[tuple[FormsKey, tuple[str, ...]]]:
    """Every phrase looked up so far in this process, with its forms (to be handed to `remember_forms`)."""
    return list(_FORMS.items())


def remember_forms(entries: Iterable[tuple[FormsKey, Iterable[str]]]) -> None:
    """Take the forms of phrases looked up by an earlier process, so they are not looked up again."""
    for key, forms in entries:
        _FORMS.setdefault(key, tuple(forms))


def _word_forms(phrase: str, pos: PartOfSpeech, tags: tuple[PennTag, ...]) -> tuple[str, ...]:
    words = phrase.split()
    if not words:
        return ()
    head = 0 if pos == "VERB" else len(words) - 1
    forms = [] if tags else [phrase]
    for form in _inflections(words[head].lower(), pos, tags):
        forms.append(" ".join([*words[:head], form, *words[head + 1:]]))
    return tuple(dict.fromkeys(forms))


def noun_lemma(word: str) -> str:
    """The singular of a noun as written in lower case ("smartphones" → "smartphone"); the word itself
    when the table does not know it."""
    from lemminflect import getLemma

    lemmas = getLemma(word.lower(), upos="NOUN")
    return lemmas[0] if lemmas else word.lower()


def _inflections(word: str, pos: PartOfSpeech, tags: tuple[PennTag, ...]) -> list[str]:
    from lemminflect import getAllInflections, getAllInflectionsOOV  # a table of ~120k lemmas, read on first use

    table = getAllInflections(word, upos=pos) or getAllInflectionsOOV(word, upos=pos)
    return [form for tag, forms in table.items() if not tags or tag in tags for form in forms]


class Inflection(BaseModel):
    """Which forms of a lemma a rule matches: every form of its part of speech, or only those of `tags`."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    pos: PartOfSpeech = "VERB"
    tags: tuple[PennTag, ...] = ()

    def forms(self, lemma: str) -> tuple[str, ...]:
        return word_forms(lemma, self.pos, self.tags)
