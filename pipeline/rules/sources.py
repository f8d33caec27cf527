"""Rule models for sources: token patterns around attributions, line regexes, and name classes."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, field_validator

from .base import Regex, Rule, compile_regex

if TYPE_CHECKING:
    from . import RuleSet

SourceKind = Literal["credit_line", "according_to", "said", "outlet", "anonymous", "data", "byline"]


#: Where the source's name is, relative to a pattern match:


#: match - the match itself (sliced by `keep`); after / before - the name right after / before it;


#: subject - the grammatical subject of the match's verb (else the name before it).
NameSide = Literal["match", "after", "before", "subject"]


class SourcePattern(Rule):
    """A spaCy Matcher token pattern that signals a source, and where the source's name is."""

    kind: SourceKind
    pattern: list[dict[str, Any]] = Field(min_length=1)
    name: NameSide = "match"
    keep: tuple[int, int] | None = Field(None, description="token slice of the match kept as the span (name=match)")


class SourceLine(Rule):
    """A line-level regex (credit lines, bylines, "Name: quote" headlines); group `name` is the span.

    `unless` is a regex the whole name must not match ("Note", "Update").
    """

    kind: SourceKind
    regex: str
    unless: Regex | None = None
    require_entity: bool = Field(False, description="the name must be a person or organisation entity")

    @field_validator("regex")
    @classmethod
    def _has_name(cls, value: str) -> str:
        compile_regex(value, flags=re.MULTILINE)
        if "name" not in re.compile(value, re.MULTILINE).groupindex:
            raise ValueError("a source line regex needs a named group 'name'")
        return value


class NameKind(Rule):
    """What a found name is: a regex the whole name matches (case-insensitive) and the kind it gives.

    `ignore` drops the source: pronouns and anaphors ("he", "the company") are not annotated.
    """

    regex: str
    kind: SourceKind | Literal["ignore"]

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str) -> str:
        return compile_regex(value, flags=re.IGNORECASE)


FILES: dict[str, type[Rule]] = {
    "sources/lines": SourceLine,
    "sources/according_to": SourcePattern,
    "sources/said": SourcePattern,
    "sources/outlets": SourcePattern,
    "sources/anonymous": SourcePattern,
    "sources/data": SourcePattern,
    "sources/name_kinds": NameKind,
}


def check_token_patterns(ruleset: RuleSet) -> list[str]:
    """Let spaCy validate every token pattern (unknown attributes, bad operators), as `file:line: message`."""
    from spacy.errors import MatchPatternError
    from spacy.matcher import Matcher
    from spacy.vocab import Vocab

    matcher = Matcher(Vocab(), validate=True)
    problems = []
    for key, model in FILES.items():
        if model is not SourcePattern:
            continue
        for rule in ruleset.get(key, SourcePattern):
            try:
                matcher.add(rule.id, [rule.pattern])
            except MatchPatternError as error:
                message = " ".join(str(error).split())
                problems.append(f"{ruleset.origin(rule.id)}: pattern: {message}")
    return problems
