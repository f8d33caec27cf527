"""Rule models for entities: known organisations (with aliases), label cues and junk filters."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .base import Regex, Rule

EntityLabel = Literal["PERSON", "ORG", "GPE", "NORP", "PRODUCT", "FAC", "LOC", "EVENT", "WORK_OF_ART", "LAW"]


class KnownEntity(Rule):
    """A name the entity ruler tags before the model sees it, so "Xiaohongshu" is never a PERSON.

    Aliases are merged into one entity ("Little Red Book", "RED"). A form matches in any case
    ("xiaomi", "XIAOMI": translation and headlines change case) unless it is listed in `exact`, for
    forms that are also common words or name something else in lower case ("RED", "Apple", "Meta").
    `outlet` marks news media and data sites: a source they give is kind `outlet`. `analyst` marks
    research firms and banks whose figures are about others ("IDC says 403.5 million smartphones
    shipped"): like an outlet, it is never the owner of the figures it reports. `market` marks a market index
    ("the S&P 500 rose 1.2%") by the country whose shares it measures: an index is never a figure's owner.
    """

    name: str = Field(min_length=1)
    label: EntityLabel = "ORG"
    aliases: list[str] = Field(default_factory=list)
    outlet: bool = False
    analyst: bool = False
    market: str | None = Field(None, description="a market index: the country whose shares it measures")
    exact: list[str] = Field(default_factory=list, description="forms that match only as spelled")
    literal: list[str] = Field(default_factory=list, description=(
        "renderings of the name by its meaning or its pinyin that machine translation gives ('Millet' for "
        "Xiaomi, 'American Group' for Meituan, 'Ningde Times' for CATL): matched only as spelled, merged into "
        "the entity, and flagged by the check translated_name"))

    @model_validator(mode="after")
    def _exact_forms_are_forms(self) -> KnownEntity:
        unknown = [form for form in self.exact if form not in (self.name, *self.aliases)]
        unknown += [form for form in self.literal if form in (self.name, *self.aliases)]
        if unknown:
            raise ValueError(f"exact lists forms that are neither the name nor an alias, or literal lists a name "
                             f"or an alias: {unknown}")
        return self


class PersonCue(Rule):
    """Text right before or after a name that makes it a PERSON ("(pseudonym)", "chief executive").

    `after`/`before` are regexes matched against the text right after/before the mention.
    """

    after: Regex | None = None
    before: Regex | None = None
    finds_names: bool = Field(False, description="a capitalised word before the cue is a person even if the model missed it")


class OrgSuffix(Rule):
    """A last word that makes a name an organisation ("Wu Xiaobo Channel", "Qianzhan Network"); an `outlet` word makes
    it a newsroom's, which a place's name never is ("China News", "Shenzhen Daily": not China, not Shenzhen)."""

    word: str = Field(min_length=1)
    outlet: bool = False


class JunkEntity(Rule):
    """Model entities to drop: exact names ("IPO") or a regex the whole name matches."""

    text: str | None = None
    regex: Regex | None = None
    labels: list[EntityLabel] = Field(default_factory=list, description="only for these labels; empty = any")


class KindWord(Rule):
    """A word that makes a name the name of a kind of thing, not of anyone who can own a figure: a condition
    ("Cannabis Use Disorder", "Lyme Disease": the name's last word) or, `before_number`, a class label
    ("Schedule IV", "Phase 3": the word and a numeral or a single capital letter, nothing else). The model
    tags such names as people or organisations; they are dropped. Compared case-insensitively."""

    word: str = Field(min_length=1)
    before_number: bool = Field(False, description="the word names a class only followed by a number or a letter")


class NameSuffix(Rule):
    """A word that closes a person's full name after the surname ("Patrick Carlineo Jr"): the surname is the word
    before it, so "Carlineo" alone is that person."""

    word: str = Field(min_length=1)


class EntityLeadingWord(Rule):
    """A word the model takes into an entity that is not part of the name ("the European Union").

    Matched as written (case-sensitive) at the start of a mention, followed by a space.
    """

    word: str = Field(min_length=1)


class RoleWord(Rule):
    """A word that names a title or role, never a part of a name: a name the model cut short is widened to
    its whole proper-noun compound ("UHD Smart" of "UHD Smart HDTV"), but not when the compound goes on
    into a role ("European Commission President", "China News Financial Reporter"). Compared case-insensitively."""

    word: str = Field(min_length=1)


class PossessiveEnding(Rule):
    """An ending that is no part of a name ("Xiaomi's", "analysts’"): names are shown and compared without it."""

    ending: str = Field(min_length=1)


FILES: dict[str, type[Rule]] = {
    "entities/organizations": KnownEntity,
    "entities/person_cues": PersonCue,
    "entities/junk": JunkEntity,
    "entities/kind_words": KindWord,
    "entities/org_suffixes": OrgSuffix,
    "entities/leading_words": EntityLeadingWord,
    "entities/name_suffixes": NameSuffix,
    "entities/possessive_endings": PossessiveEnding,
    "entities/role_words": RoleWord,
}
