"""The model's attribute ruler (part of speech, morphology and some lemmas from the tagger's tags), with the
same matches found through a look-up table instead of spaCy's token Matcher.

spaCy's English pipelines map the tagger's tags to parts of speech in an `attribute_ruler` of about 180
patterns ({"TAG": "NN"}, {"TAG": "VBZ", "LOWER": {"IN": ["is", "'s"]}}, a few of two tokens). Its Matcher
tries every pattern at every token: about a tenth of the whole model's time, more than any stage of
claimex's own. A token's part of a pattern (equality, IN / NOT_IN or a regex on a token attribute) depends
only on that token's attribute values, and a value no pattern names acts like any other such value; so
which pattern tokens a token satisfies is decided once per distinct tuple of (named) values, such as a tag,
a lower-case form the patterns list and a dependency label, and looked up for every other token with the
same tuple; a pattern of several tokens matches where its tokens follow each other. A pattern with anything
else (an operator, another attribute or predicate) still goes through a Matcher of its own.
The matches, and so every annotation the ruler sets, are the same as the Matcher's (tests/test_attributes.py);
the patterns are the ruler's own, so a saved pipeline writes and reads them as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, cast

import numpy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc

MODEL_RULER = "attribute_ruler"
FACTORY = "claimex_attribute_ruler"
#: Token attributes a pattern may test and still be looked up: those `Doc.to_array` gives as the Matcher sees
#: them (string ids; 0 or 1 for a flag).
LOOKED_UP_ATTRS = ("ORTH", "LOWER", "NORM", "TAG", "DEP", "IS_SPACE")
#: What an attribute's value becomes when no pattern names it (no string's id in practice: ids are 64-bit hashes).
OTHER_VALUE = numpy.uint64(2**64 - 1)

#: A condition on one column of a token's row: the ids it accepts (wanted) or refuses (not wanted).
_Condition = tuple[int, frozenset[int], bool]


@dataclass
class _Columns:
    """The columns of a token's row: attribute values (those no pattern names made alike) and regex results."""

    attrs: list[str] = field(default_factory=list)
    named: dict[str, set[int]] = field(default_factory=dict)
    regexes: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)

    def attr(self, name: str, ids: set[int]) -> int:
        if name not in self.named:
            self.attrs.append(name)
            self.named[name] = set()
        self.named[name] |= ids
        return self.attrs.index(name)

    def regex(self, name: str, pattern: str) -> int:
        """The column of whether `name`'s value matches `pattern` (after the attribute columns)."""
        key = (name, re.compile(pattern))
        if key not in self.regexes:
            self.regexes.append(key)
        return -1 - self.regexes.index(key)  # placed once the attribute columns are known


class TableAttributeRuler(AttributeRuler):
    """spaCy's AttributeRuler, finding the matches of its patterns through a look-up table."""

    def __init__(self, vocab: Any, name: str = MODEL_RULER, **options: Any) -> None:
        super().__init__(vocab, name, **options)
        self._compiled_for = -1

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """The matches `AttributeRuler.match` gives: (pattern number, key, start, end), in its order."""
        if self._compiled_for != len(self.attrs):
            self._compile()
        matches = self._table_matches(doc)
        if len(self._rest):
            matches += [(int(self.vocab.strings[key]), key, start, end)
                        for key, start, end in self._rest(doc, allow_missing=True, as_spans=False)]
        matches.sort()
        return matches

    def _compile(self) -> None:
        self._keys = [self.vocab.strings.add(str(number)) for number in range(len(self.attrs))]
        self._rest = Matcher(self.vocab, validate=False)
        columns = _Columns()
        #: Each looked-up pattern number with its alternatives, each a list of token conditions.
        looked_up: list[tuple[int, list[list[list[_Condition]]]]] = []
        for number in range(len(self.attrs)):
            _, patterns = self.matcher.get(str(number))
            alternatives = [_pattern_conditions(pattern, columns) for pattern in patterns]
            readable = [alternative for alternative in alternatives if alternative is not None]
            if len(readable) == len(alternatives):
                looked_up.append((number, readable))
            else:
                self._rest.add(str(number), patterns)
        width = len(columns.attrs)
        self._attr_names: list[int | str] = list(columns.attrs)
        self._named = [numpy.array(sorted(columns.named[name]), dtype=numpy.uint64) for name in columns.attrs]
        self._regexes: list[tuple[int, re.Pattern[str], dict[int, int]]] = [
            (columns.attrs.index(name), regex, {}) for name, regex in columns.regexes]
        #: Every distinct token of a pattern (its conditions, columns placed), and per pattern its tokens' numbers.
        self._token_conditions: list[list[_Condition]] = []
        self._patterns: list[tuple[int, list[int]]] = []
        for number, readable_patterns in looked_up:
            for pattern_tokens in readable_patterns:
                placed = [[(column if column >= 0 else width - 1 - column, ids, wanted)
                           for column, ids, wanted in token] for token in pattern_tokens]
                self._patterns.append((number, [self._token_number(token) for token in placed]))
        self._single: dict[int, set[int]] = {}  # token number -> pattern numbers of one token
        for number, token_numbers in self._patterns:
            if len(token_numbers) == 1:
                self._single.setdefault(token_numbers[0], set()).add(number)
        self._longer = [(number, tokens) for number, tokens in self._patterns if len(tokens) > 1]
        self._in_longer = frozenset(token for _, tokens in self._longer for token in tokens)
        self._table: dict[tuple[int, ...], tuple[tuple[int, ...], tuple[int, ...]]] = {}
        self._compiled_for = len(self.attrs)

    def _token_number(self, conditions: list[_Condition]) -> int:
        if conditions not in self._token_conditions:
            self._token_conditions.append(conditions)
        return self._token_conditions.index(conditions)

    def _rows(self, doc: Doc) -> list[tuple[int, ...]]:
        """Each token's row: its attribute values (those no pattern names as OTHER_VALUE), then its regex results."""
        values = doc.to_array(self._attr_names).reshape(len(doc), -1)
        regex_columns = []
        for column, regex, known in self._regexes:
            column_values = values[:, column].tolist()
            for value in set(column_values).difference(known):
                known[value] = int(regex.search(self.vocab.strings[value]) is not None)
            regex_columns.append([known[value] for value in column_values])
        for column, named in enumerate(self._named):
            column_values = values[:, column]
            if not len(named):
                values[:, column] = OTHER_VALUE
                continue
            # named is sorted: a value is named when the one at its place is itself (numpy.isin sorts both each time)
            at = numpy.minimum(numpy.searchsorted(named, column_values), len(named) - 1)
            values[:, column] = numpy.where(named[at] == column_values, column_values, OTHER_VALUE)
        rows = cast("list[list[int]]", values.tolist())
        return [tuple(row + [found[token] for found in regex_columns]) for token, row in enumerate(rows)] \
            if regex_columns else list(map(tuple, rows))

    def _table_matches(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """The matches of the looked-up patterns: (pattern number, key, start, end)."""
        if not len(doc) or not self._patterns:
            return []
        table, entry, keys = self._table, self._entry, self._keys
        entries = [table.get(row) or entry(row) for row in self._rows(doc)]
        found = [(number, keys[number], token, token + 1) for token, (_, numbers) in enumerate(entries) for number in numbers]
        if self._longer:
            at: dict[int, set[int]] = {}  # a token of a longer pattern -> where it is satisfied
            for position, (in_longer, _) in enumerate(entries):
                for token in in_longer:
                    at.setdefault(token, set()).add(position)
            for number, tokens in self._longer:
                starts = set.intersection(*({position - offset for position in at.get(token, ())}
                                            for offset, token in enumerate(tokens)))
                found += [(number, keys[number], start, start + len(tokens)) for start in sorted(starts)]
        return found

    def _entry(self, row: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Which tokens of longer patterns a token with this row satisfies, and which one-token patterns it matches."""
        satisfied = [number for number, conditions in enumerate(self._token_conditions)
                     if all((row[column] in ids) == wanted for column, ids, wanted in conditions)]
        in_longer = tuple(token for token in satisfied if token in self._in_longer)
        numbers = tuple(sorted({number for token in satisfied for number in self._single.get(token, ())}))
        self._table[row] = (in_longer, numbers)
        return in_longer, numbers


def _pattern_conditions(pattern: list[dict[str, Any]], columns: _Columns) -> list[list[_Condition]] | None:
    """Each token's conditions, or None when the pattern must go to the Matcher."""
    tokens = [_token_conditions(token, columns) for token in pattern]
    return None if not tokens or any(token is None for token in tokens) else tokens  # type: ignore[return-value]


def _token_conditions(token: dict[str, Any], columns: _Columns) -> list[_Condition] | None:
    conditions = []
    for name, value in token.items():
        attr = name.upper()
        if attr not in LOOKED_UP_ATTRS:
            return None
        if isinstance(value, (str, bool)):
            ids = frozenset({_id(value)})
            conditions.append((columns.attr(attr, set(ids)), ids, True))
            continue
        if not isinstance(value, dict) or len(value) != 1:
            return None
        (predicate, argument), = value.items()
        if predicate in ("IN", "NOT_IN") and isinstance(argument, list) and all(isinstance(item, str) for item in argument):
            ids = frozenset(_id(item) for item in argument)
            conditions.append((columns.attr(attr, set(ids)), ids, predicate == "IN"))
        elif predicate == "REGEX" and isinstance(argument, str) and attr != "IS_SPACE":
            columns.attr(attr, set())
            conditions.append((columns.regex(attr, argument), frozenset({1}), True))
        else:
            return None
    return conditions


def _id(value: str | bool) -> int:
    """The id the Matcher compares an attribute's value by: a string's hash, a flag's 0 or 1."""
    return int(value) if isinstance(value, bool) else get_string_id(value)


@Language.factory(FACTORY, default_config={"validate": False,
                                           "scorer": {"@scorers": "spacy.attribute_ruler_scorer.v1"}})
def make_table_attribute_ruler(nlp: Language, name: str, validate: bool, scorer: Any) -> TableAttributeRuler:
    return TableAttributeRuler(nlp.vocab, name, validate=validate, scorer=scorer)


def use_table_attribute_ruler(nlp: Language) -> None:
    """Put a `TableAttributeRuler` with the same patterns in place of the model's attribute ruler, if it has one."""
    ruler = nlp.get_pipe(MODEL_RULER) if MODEL_RULER in nlp.pipe_names else None
    if not isinstance(ruler, AttributeRuler) or type(ruler) is not AttributeRuler:
        return
    patterns = ruler.patterns
    table = nlp.replace_pipe(MODEL_RULER, FACTORY)
    assert isinstance(table, TableAttributeRuler)
    table.add_patterns(patterns)
