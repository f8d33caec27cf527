"""Rule models for the link stage: the words that decide a claim's metric, subject and whether it states a change.

The metric vocabulary, hedges and trend words are shared with the checks and live in `checks.py`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from pydantic import Field, field_validator

from .base import Rule, compile_regex, require_group
from .inflect import Inflection

if TYPE_CHECKING:
    from . import RuleSet


class NotMetric(Rule):
    """A noun that names a unit or stands in for another noun, never a metric ("10 million units",
    "this figure"); with `inflect` ({"pos": "NOUN"}) its plural too. A `counted` noun is what a figure
    counts but too general to be its metric alone: the verb it does or undergoes completes it
    ("15,000 people registered" → "people registered"), and no other noun of the sentence stands in."""

    word: str
    inflect: Inflection | None = None
    counted: bool = False
    preposition: bool = Field(False, description=(
        "the noun of a complex preposition ('in front of', 'in addition to', 'courtesy of'): a figure it governs "
        "measures nothing the clause around it names"))


class NotNarrowing(Rule):
    """A word before a metric that does not make it a narrower one ("the total revenue", "its revenue"),
    unlike "iPhone revenue"."""

    word: str


class Anaphor(Rule):
    """A word of a subject that points back to the company an article is about: a `determiner` with a
    `noun` ("the company", "this firm"), or a `pronoun` alone ("it"; one pointing to a person, "he", to the
    last person named before it); a `speaker` word anywhere in a quoted person's sentence points to that
    person ("in my case, about 8,000 yuan"); a `possessive` ("his") before the noun that governs a figure
    points to the last person named before it in the sentence ("Trump promised that his program would
    lift growth to 4%"), unless the noun it governs is `possessed`: a place or organisation of that person's
    ("his country", "her company"), which is the one of that kind the sentence names before it, or no one."""

    word: str
    role: Literal["determiner", "noun", "pronoun", "speaker", "possessive", "possessed"]
    points_to: Literal["ORG", "PRODUCT", "PERSON", "GPE"] = Field(
        "ORG", description="a noun's kind of antecedent: 'the app' is a product; a possessive's: 'his' is a person; "
                           "a possessed noun's: 'his country' is a place")


class RelativePronoun(Rule):
    """A pronoun that opens a relative clause: its figure belongs to the antecedent ("Samsung, which
    shipped 74.1 million")."""

    word: str


class PlaceWord(Rule):
    """A word that makes the name beside it a place or setting, not the owner of a figure: a `preposition`
    whose object is where something happens ("orders on Douyin", "rescue work in Turkey"), a `period`
    preposition whose object is when ("tourists during the Spring Festival": an event named there owns nothing), or a
    `descriptor` a place name hangs from ("the Shanghai-based maker")."""

    word: str
    role: Literal["preposition", "period", "descriptor"]


class OwnerNoun(Rule):
    """A common noun that can own a figure when no name does ("the Chinese rescue team sent 45 rescuers",
    "IaaS and PaaS services, which grew 30%"), unlike a metric ("revenue", "sales"); a `collective` one
    owns through what it groups ("the first batch of pension products": the whole phrase)."""

    word: str
    role: Literal["owner", "collective"] = "owner"
    inflect: Inflection | None = None


class ScopeWord(Rule):
    """A word that makes a figure the whole market's or the whole country's: with `scope` "global", the
    owner is the global market of what is measured ("worldwide shipments", "global smartphone shipments"
    → "global smartphone market"); with "country", the country the article is about ("600,000
    nationwide"). A `place` word counts as the object of a place preposition ("across the country")."""

    word: str
    scope: Literal["global", "country"]
    role: Literal["modifier", "place"] = "modifier"


class Country(Rule):
    """A country, the other names it goes by and the words for its people: what makes it the country an
    article is about ("French unions", "in France")."""

    name: str
    aliases: list[str] = Field(default_factory=list)
    demonyms: list[str] = Field(default_factory=list)


class EconomicAgency(Rule):
    """A national statistics office or ministry whose reports give an economy's figures:
    when it is the source of a figure whose sentence names no other owner ("the Labor Department said
    consumer prices rose 2.6%"), the figure is its `country`'s: a `name` of claims/countries, or with
    `region` the name of the region a regional agency reports on ("Eurostat" → "euro area"). Figures of
    its own ("the Labor Department's budget") stay its. Central banks are not agencies here: they speak of
    their own figures (policy rates, targets, projections: "Fed officials projected three hikes")."""

    name: str
    aliases: list[str] = Field(default_factory=list)
    country: str = Field(min_length=1)
    region: bool = False


class Distributive(Rule):
    """A word that hands a list of figures out to a list of names in order ("Microsoft and Google hold
    20% and 13% respectively")."""

    word: str


class StandingAuxiliary(Rule):
    """An auxiliary whose clause tells a state that holds at the writing, not an event at a past time ("a case that
    can give 24 hours of battery life", "having won 25 senior trophies"): a time an earlier sentence named long
    before the reference date does not date it (link: `_states_standing`)."""

    word: str = Field(min_length=1)


class QuantityNoun(Rule):
    """A noun that counts what its object names: "the number of orders" is a metric of orders. A `change` noun
    tells how much its object changed ("a 4.4% jump in gasoline prices": gasoline prices change; without an
    object, or with a name or date for one, "a 0.3% gain", "the increase in December": change)."""

    word: str
    preposition: str = "of"
    change: bool = False


class UnitMetric(Rule):
    """What a figure in a unit of measure measures ("16 seconds" → "duration", "540 Nm" → "torque"), the
    metric of a figure whose own noun phrase names nothing but the unit. `unit` is the figure's `unit`
    as the figures stage writes it (case-sensitive: "Nm", "km/h")."""

    unit: str = Field(min_length=1)
    metric: str = Field(min_length=1)


class MoneyCue(Rule):
    """A word right before an amount of money ("for $699", "save $50") or right after it ("$50 off") that
    says what the amount is ("price", "savings", "discount"), when its own noun phrase names nothing.
    With `inflect` its first word stands for its forms ("save": saves, saved, saving)."""

    phrase: str = Field(min_length=1)
    metric: str = Field(min_length=1)
    where: Literal["before", "after"] = "before"
    inflect: Inflection | None = None


class AgeCue(Rule):
    """Words that make the figure beside them an age: right `after` it ("a 55-year-old man", "she is 40
    years old"; a space in `phrase` stands for spaces or hyphens) or right `before` it ("adults aged 26").
    An age's metric is "age" and it belongs to whom it describes, never to who reports it."""

    phrase: str = Field(min_length=1)
    where: Literal["before", "after"] = "after"


class MemberCue(Rule):
    """A word or sign that opens the list of what a counted noun counts ("14 countries, including Canada",
    "two versions: the S and the X"): the names in that list are members of the set, not its owner."""

    phrase: str = Field(min_length=1)


class AmountPreposition(Rule):
    """A preposition right after an amount whose object says what the amount is ("$2.53 in per-share
    earnings", "$449,000 in fees"), unless that object is a setting or a time ("in the US", "in 2019")."""

    word: str = Field(min_length=1)


class FundingWord(Rule):
    """A word of money raised or invested: the amount belongs to whoever raises or receives it, never to the
    investor or bank named beside it ("Brightloop raised $40 million from Sequoia", "a $25 million round led
    by Index Ventures", "Northwind invested $10 million in Brightloop"). A `noun` names a raise ("round",
    "funding"); a `giver` verb's subject hands the money over ("invest", "lead"), so the owner is the object
    of a `recipient` preposition ("in", "into", "for"), else the article's company when the amount is a raise
    (noun) with no one named to receive it ("JP Morgan was brought in to run the $500m raise"); a `giver` as a
    participle names its investors in its agent ("led by Index Ventures"); a `taker` verb's subject raises the
    money ("raise", "secure"), so the object of a `backer` preposition after it or after a noun ("from") is an
    investor."""

    word: str
    role: Literal["noun", "giver", "taker", "recipient", "backer"]
    inflect: Inflection | None = None


class KitchenWord(Rule):
    """A word of a recipe: a kitchen `measure` ("2 cups flour", "1/2 tsp salt") or the `verb` an instruction
    opens with ("Preheat the oven to 350F", "Bake for 45 minutes"); a `measured_verb` is of wider use and opens
    one only in a sentence that names a kitchen measure ("Add 1 1/2 cups honey", not "Add in a 101 hp drive").
    A figure in a recipe's ingredient line or instruction measures the dish, not anything the article names:
    it has no subject."""

    word: str
    role: Literal["measure", "verb", "measured_verb"]
    inflect: Inflection | None = None


class ReporterWord(Rule):
    """A noun for a newsroom's writer: a name right before it ("Harbor Daily reporters saw that …"), after it
    and a preposition ("a reporter from the Harbor Daily found …"), or after it and a colon ("journalist:
    Lin Tao") names an outlet or its writer, who report figures others own; in that article the name owns no
    figure it is not the possessor of."""

    word: str = Field(min_length=1)
    inflect: Inflection | None = None


class PublicBody(Rule):
    """A word that heads the name of a public body ("the Harbor Tourism Board", "the Ministry of Commerce", "the
    Zhengzhou Medical Security Bureau"): such a body publishes and announces the figures of the place it serves,
    which are that place's (the place its name names, else the one the article names most), not its own; what its
    own phrase governs ("the board's budget") or its own act is ("the board will spend $10 million") stays its. The
    head is the name's last word, or the last before "of" or "for" ("Bureau of Statistics")."""

    word: str = Field(min_length=1)


class ForecastVerb(Rule):
    """A verb by which a speaker foresees or reckons figures rather than acts ("The Harbor Tourism Board said it
    expects 14 million visitors"): the pronoun that is its subject ("it") speaks again, of what it reports on,
    while one that acts ("it plans to spend S$110 million") owns what it acts on."""

    word: str = Field(min_length=1)
    inflect: Inflection | None = None


class CausativeVerb(Rule):
    """A verb that makes its object do what the infinitive after it says ("the advert caused Alphabet's shares to
    fall 8.9%", "the lawsuit forced Harbor Steel to cut 400 jobs"): the figures of that infinitive are the
    object's, not the causer's. Only these verbs make the object the infinitive's subject: the parse hangs a
    purpose the same way ("Marta Vidal sued Orbis to recover $5 million": hers)."""

    word: str = Field(min_length=1)
    inflect: Inflection | None = None


class Dateline(Rule):
    """A dateline that opens a paragraph ("WASHINGTON (AP) —", "Dekalb, Ill. —", "BEIJING, Feb. 11 (Xinhua) --"):
    the place it names is where the story was filed, never the owner of the paragraph's figures. A multi-line
    regex matched at a line's start; group `place` is the part a place named in it must lie in."""

    regex: str

    @field_validator("regex")
    @classmethod
    def _has_place(cls, value: str) -> str:
        compile_regex(value, flags=re.MULTILINE)
        return require_group(value, "place", "a dateline regex", flags=re.MULTILINE)


class ParentWord(Rule):
    """A noun for the company that owns another ("parent", "parent company", "holding company"): a name it is said
    of ("Facebook parent Meta", "Google's parent company Alphabet", "Meta, the parent company of Facebook") only
    describes the other name, the listed company, which owns the figures of the phrase (its share price, its market
    value, its revenue); the described name owns none there."""

    word: str = Field(min_length=1)


class OrganisationMetric(Rule):
    """A metric only an organisation has ("market value", "share price", "revenue"): a person the parse or the
    nearest name makes its owner ("Jack Ma saw $40 billion of market value wiped out at Alibaba") gives it to the
    organisation the sentence names instead. Fitted on data: in the mt-news tune half and real-news, every claim of
    these metrics given to a person was wrong; those of "net worth", "price", "cost", "savings" were mostly right."""

    phrase: str = Field(min_length=1)


class MetricJoiner(Rule):
    """Words that may stand between a figure and the metric after it ("30 million of the users")."""

    phrase: str


class ChangeCue(Rule):
    """A word or phrase that makes the figure beside it a change rather than a level: right before an
    amount ("rose by $5 million", "a gain of $649 million"), anywhere in the clause before a percentage
    ("cut by 30%", besides the trend words), or right after a percentage ("12% higher"; one word may
    stand between). With `inflect` its first word stands for its forms ("rise by": rose by, rising by)."""

    phrase: str
    where: Literal["before_amount", "before_percent", "after_percent"]
    inflect: Inflection | None = None


FILES: dict[str, type[Rule]] = {
    "claims/not_metrics": NotMetric,
    "claims/not_narrowing": NotNarrowing,
    "claims/anaphors": Anaphor,
    "claims/relative_pronouns": RelativePronoun,
    "claims/quantity_nouns": QuantityNoun,
    "claims/place_words": PlaceWord,
    "claims/distributives": Distributive,
    "claims/standing_auxiliaries": StandingAuxiliary,
    "claims/owner_nouns": OwnerNoun,
    "claims/scope_words": ScopeWord,
    "claims/countries": Country,
    "claims/economic_agencies": EconomicAgency,
    "claims/metric_joiners": MetricJoiner,
    "claims/change_cues": ChangeCue,
    "claims/unit_metrics": UnitMetric,
    "claims/money_cues": MoneyCue,
    "claims/age_cues": AgeCue,
    "claims/member_cues": MemberCue,
    "claims/amount_prepositions": AmountPreposition,
    "claims/funding_words": FundingWord,
    "claims/kitchen_words": KitchenWord,
    "claims/reporter_words": ReporterWord,
    "claims/public_bodies": PublicBody,
    "claims/forecast_verbs": ForecastVerb,
    "claims/causative_verbs": CausativeVerb,
    "claims/datelines": Dateline,
    "claims/parent_words": ParentWord,
    "claims/organisation_metrics": OrganisationMetric,
}


def check_agency_countries(ruleset: RuleSet) -> list[str]:
    """Every economic agency's country named in claims/countries (unless it is a region), as
    `file:line: message` (a rule set saved for one spaCy component may hold neither file)."""
    present = set(ruleset.keys())
    if not {"claims/economic_agencies", "claims/countries"} <= present:
        return []
    countries = {country.name for country in ruleset.get("claims/countries", Country)}
    return [f"{ruleset.origin(agency.id)}: country {agency.country!r} is not a name in claims/countries.jsonl"
            for agency in ruleset.get("claims/economic_agencies", EconomicAgency)
            if not agency.region and agency.country not in countries]
