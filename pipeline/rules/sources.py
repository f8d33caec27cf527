"""Rule models for sources: token patterns around attributions, line regexes, and name classes."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, ValidationError, field_validator

from ..schema import SourceKind
from .base import Regex, Rule, compile_regex, require_group
from .inflect import Inflection

if TYPE_CHECKING:
    from . import RuleSet



#: Where the source's name is, relative to a pattern match:


#: match - the match itself (sliced by `keep`); after / before - the name right after / before it;


#: subject - the grammatical subject of the match's verb (else the name before it).
NameSide = Literal["match", "after", "before", "subject"]


class InflectedWords(Inflection):
    """Forms of lemmas a token may take: `{"lemmas": ["say", "tell"], "tags": ["VBD", "VBZ"]}` is said, says,
    told, tells."""

    lemmas: list[str] = Field(min_length=1)

    def all_forms(self) -> list[str]:
        return [form for lemma in self.lemmas for form in self.forms(lemma)]


class SourcePattern(Rule):
    """A spaCy Matcher token pattern that signals a source, and where the source's name is.

    Besides Matcher syntax a token may give `"INFLECT"`: one or a list of `InflectedWords`, expanded
    when the rules load into `"LOWER": {"IN": [...]}` (the forms of each lemma, so rules list lemmas).
    """

    kind: SourceKind
    pattern: list[dict[str, Any]] = Field(min_length=1)
    name: NameSide = "match"
    keep: tuple[int, int] | None = Field(None, description="token slice of the match kept as the span (name=match)")
    #: A named source of this rule that a lead sentence opens with speaks for the whole story ("According to the
    #: ministry's website, ..."; "Statistics released by X show ..."), not for its paragraph only.
    lead: bool = False
    #: The matched verb states a finding only with a clause or a figure after it, or nothing ("data show that …",
    #: "data show a 5% rise", "…, a report shows."): a plain object makes it no report ("began to show its age").
    statement: bool = False
    #: The name is the agent of the matched participle: a source where the participle describes a noun ("economists
    #: polled by", "data compiled by") or the passive subject is a document, figures or people asked; not the agent
    #: of what happened to a thing ("the object was tracked by the U.S. military").
    agent: bool = False
    #: The name is who was told: a source only as a news outlet (a known outlet, or a proper name no name rule
    #: describes: "told CNBC"); a body or people a name rule describes only listened ("told the court", "told
    #: lawmakers").
    listener: bool = False
    #: The outlet's own reporting ("a Beijing Youth Daily reporter saw that …", "36kr has learned"): the outlet writes
    #: the story, so it reports the whole of it wherever it is named, like the site that publishes it.
    own_reporting: bool = False

    @field_validator("pattern")
    @classmethod
    def _inflected(cls, pattern: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [_expand_inflect(token) for token in pattern]


class SourceLine(Rule):
    """A line-level regex (credit lines, bylines, "Name: quote" headlines); group `name` is the span.

    `unless` is a regex the whole name must not match ("Note", "Update").
    """

    kind: SourceKind
    regex: str
    unless: Regex | None = None
    require_entity: bool = Field(False, description="the name must be a person or organisation entity")
    not_dateline: bool = Field(False, description=(
        "a place written wholly in capitals is the dateline the story was filed from ('NEW DELHI: Nearly 150 …'), "
        "no speaker"))
    speech_after: bool = Field(False, description=(
        "what follows the name on its line must read as speech (a quote mark, a first-person word or a finite verb), "
        "not a list of facts ('Jane Roe: Possession of heroin, held on $5,000 bond')"))

    @field_validator("regex")
    @classmethod
    def _has_name(cls, value: str) -> str:
        compile_regex(value, flags=re.MULTILINE)
        return require_group(value, "name", "a source line regex", flags=re.MULTILINE)


def _expand_inflect(token: dict[str, Any]) -> dict[str, Any]:
    if "INFLECT" not in token:
        return token
    if "LOWER" in token:
        raise ValueError("a token gives INFLECT or LOWER, not both")
    specs = token["INFLECT"] if isinstance(token["INFLECT"], list) else [token["INFLECT"]]
    try:
        forms = [form for spec in specs for form in InflectedWords.model_validate(spec).all_forms()]
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ValueError(f"INFLECT.{where}: {first['msg']} (got {first['input']!r})") from None
    rest = {key: value for key, value in token.items() if key != "INFLECT"}
    return {"LOWER": {"IN": list(dict.fromkeys(forms))}, **rest}


class SourceWord(Rule):
    """A word, or with `inflect` every form of a lemma ("have" → has, had, having)."""

    word: str = Field(min_length=1)
    inflect: Inflection | None = None

    def forms(self) -> tuple[str, ...]:
        return self.inflect.forms(self.word) if self.inflect else (self.word,)


class LeadingWord(SourceWord):
    """A word stepped over between a trigger and the name after it ("according to a fresh Synergy report")."""


class BridgeWord(SourceWord):
    """A word stepped over between a name and its verb when there is no parse ("Citi had earlier forecast").

    `described_only` words bridge only a described source and its verb ("most economists are skeptical").
    `passive` words right before a verb of speech make it passive: the noun before is who was told or
    what was reported ("employees were told"), not a source.
    """

    described_only: bool = False
    passive: bool = False


class RelativePronoun(SourceWord):
    """A subject that stands for the noun before it ("analysts who expect"): the noun is the source."""


class ReportingMark(SourceWord):
    """A word opening a side clause of speech that reports the main clause ("Sales fell 5%, as the company said";
    "As Reuters reported, …"): its speaker speaks for the whole sentence. In any other side clause ("…, though
    officials say the risk is low", "with analysts suggesting a 2% drop") the speaker speaks for that clause only."""


class ChannelWord(SourceWord):
    """A word of a document posted on an organisation's own channel ("according to news from the website of the
    Ministry", "a notice on the official Weibo of the Fire Department"): the organisation is the source.

    `role` channel: where it is posted (website, public account, Weibo); platform: whose channel it is
    ("WeChat" public account), never the owner; document: what is posted (news, a notice, an article), read
    only before a channel.
    """

    role: Literal["channel", "platform", "document"]


class NameKind(Rule):
    """What a found name is: a regex the whole name matches (case-insensitive) and the kind it gives.

    `ignore` drops the source: pronouns and anaphors ("he", "the company") are not annotated.
    """

    regex: str
    kind: SourceKind | Literal["ignore"]
    #: A speaker this name stands for is no source of its own, but says who is cited: `negated` nobody ("no
    #: authoritative source confirmed": the figures it speaks of have no source, not the one before); `pronoun`
    #: someone named before ("She stressed": the link stage finds whom it points to); `plural` a group or organisation
    #: cited before ("they said"), never one person.
    attribution: Literal["negated", "pronoun", "plural"] | None = None

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
    "sources/leading_words": LeadingWord,
    "sources/bridge_words": BridgeWord,
    "sources/relative_pronouns": RelativePronoun,
    "sources/reporting_marks": ReportingMark,
    "sources/channels": ChannelWord,
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
