"""The lexicon: every word list and phrase pattern the link stage and the checks read, built once per rule set.

Rule files hold words one per line; link and the checks need them as sets and compiled patterns.
`lexicon_for(rules)` builds them once per `RuleSet` (cached by its sha256) and hands the same
`Lexicon` to both stages, so neither builds or caches its own and `link` needs nothing from `check`.
A `Lexicon` holds only plain data and compiled patterns: it pickles, and is cheap to rebuild.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, partial

from . import RuleSet
from .base import alternation
from .checks import SETTINGS, ChangeBase, CheckSetting, ExchangeRate, Hedge, Metric, RedactionMark, TrendWord
from .claims import (
    AgeCue,
    AmountPreposition,
    Anaphor,
    CausativeVerb,
    ChangeCue,
    Country,
    Dateline,
    Distributive,
    EconomicAgency,
    ForecastVerb,
    FundingWord,
    KitchenWord,
    MemberCue,
    MetricJoiner,
    MoneyCue,
    NotMetric,
    NotNarrowing,
    OrganisationMetric,
    OwnerNoun,
    ParentWord,
    PlaceWord,
    PublicBody,
    QuantityNoun,
    RelativePronoun,
    ReporterWord,
    ScopeWord,
    StandingAuxiliary,
    UnitMetric,
)
from .entities import KindWord, KnownEntity, RoleWord
from .figures import Scale
from .inflect import Inflection
from .sources import FILES as SOURCE_FILES
from .sources import SourcePattern
from .times import TimeCue

#: Phrases as regex alternatives, longest first, a space matching any run of spaces.
_phrases = partial(alternation, any_spaces=True)
#: Words a counted noun may take between its figure and the list of its members ("seven classic rock
#: tracks, including …").
MAX_COUNTED_WORDS = 4


def _hyphened(phrases: Iterable[str]) -> str:
    """Phrases as regex alternatives, longest first, a space matching any run of spaces or hyphens
    ("year old": "year-old", "years old")."""
    return _phrases(phrases).replace(r"\s+", r"[-\s]+")


def phrase_regex(phrases: Iterable[str]) -> re.Pattern[str]:
    """One case-insensitive regex matching any of `phrases` as whole words, longest first; a space in a
    phrase matches any run of spaces."""
    return re.compile(rf"(?<![\w-])(?:{_phrases(phrases)})(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class MetricPatterns:
    """The metric phrases, compiled on first use (only the link stage reads them; a run whose articles are
    all cached never does), in vocabulary order (longest first)."""

    #: (phrase, canonical name), longest phrase first.
    phrases: tuple[tuple[str, str], ...]

    @cached_property
    def whole_words(self) -> tuple[tuple[re.Pattern[str], str], ...]:
        """Each phrase as a whole word, with its canonical name."""
        return tuple((re.compile(rf"(?<![\w]){re.escape(phrase)}(?![\w])", re.IGNORECASE), name)
                     for phrase, name in self.phrases)

    @cached_property
    def at(self) -> re.Pattern[str]:
        """Any phrase right at the match position, followed by no letter; group n is phrase n - 1."""
        return re.compile(rf"(?:{self._groups})", re.IGNORECASE)

    @cached_property
    def after_spaces(self) -> re.Pattern[str]:
        """The same after optional spaces."""
        return re.compile(rf"\s*(?:{self._groups})", re.IGNORECASE)

    @cached_property
    def lookup(self) -> tuple[dict[str, str], dict[str, list[tuple[int, int, str, str]]]]:
        """The phrases by their lower case: the metric's name (the first phrase's), and every phrase's (rank,
        words, phrase, name), for the phrases a longer one ends in."""
        exact: dict[str, str] = {}
        endings: dict[str, list[tuple[int, int, str, str]]] = {}
        for rank, (known, name) in enumerate(self.phrases):
            lowered = known.lower()
            exact.setdefault(lowered, name)
            endings.setdefault(lowered, []).append((rank, len(known.split()), lowered, name))
        return exact, endings

    @property
    def _groups(self) -> str:
        return "|".join(rf"({re.escape(phrase)})(?![\w])" for phrase, _ in self.phrases) or "(?!)"


@dataclass(frozen=True)
class ClaimWords:
    """What the link stage reads to name a claim's metric and subject (rules/claims)."""

    not_metrics: frozenset[str]
    not_narrowing: frozenset[str]
    relative_pronouns: frozenset[str]
    #: Quantity noun → the preposition before what it counts ("number" → "of").
    quantity_nouns: dict[str, str]
    #: Quantity nouns that tell a change of their object ("a jump in prices").
    change_nouns: frozenset[str]
    #: A whole subject that points back to the article's company ("the company", "it").
    anaphor: re.Pattern[str]
    #: Titles and roles (rules/entities/role_words: "President", "Chairman"): a capitalised one names a person by
    #: office, not an owner of its own.
    role_words: frozenset[str]
    #: Last words that make a name the name of a kind of thing (rules/entities/kind_words: "disease", "index").
    kind_heads: frozenset[str]
    #: What may stand between a figure and the metric after it, matched at the figure's end.
    metric_joiner: re.Pattern[str]
    #: Ends right before an amount that is a change ("grew by ").
    change_before_amount: re.Pattern[str]
    #: Ends right before the time a past perfect is reckoned up to ("as of ", "by "; times/cues `reckoned`).
    reckoned_before: re.Pattern[str]
    #: Ids of the source rules whose sources, opening a lead sentence, speak for the whole story (`lead`).
    lead_source_rules: frozenset[str]
    own_reporting_rules: frozenset[str]
    #: Found in the clause before a percentage that is a change ("rose", "by").
    change_before_percent: re.Pattern[str]
    #: Matched right after a percentage that is a change ("higher", "year-on-year").
    change_after_percent: re.Pattern[str]
    #: Case-folded names of known outlets and analysts: what they report is about others.
    reporters: frozenset[str]
    #: Case-folded names of known market indices → the market whose shares each measures ("s&p 500" →
    #: "United States"): an index owns none of its moves; its country's market does.
    market_indices: dict[str, str]
    #: Anaphor nouns that point back to a product ("the app"), not to a company.
    product_anaphors: frozenset[str]
    #: Every anaphor noun ("company", "maker"): a place beside one describes it ("the U.S. plane-maker").
    anaphor_nouns: frozenset[str]
    #: The determiners of an anaphor ("the", "this"): "the company said" describes its speaker.
    anaphor_determiners: frozenset[str]
    #: Nouns that, after a determiner, point back to a person named before ("the singer", "the striker").
    person_anaphors: frozenset[str]
    #: Nouns that, after a determiner, point back to a place named before ("the country", "the state").
    place_anaphors: frozenset[str]
    #: Possessives that point to the last person named in the sentence ("his program").
    person_possessives: frozenset[str]
    #: Nouns a person's possessive makes a place or organisation of theirs ("his country" → GPE, "her company" → ORG).
    possessed_kinds: dict[str, str]
    #: Pronouns that point to the last person named before them ("he said he has spent $24,000").
    person_pronouns: frozenset[str]
    #: Pronouns that stand for an organisation ("it"): said by one, of itself ("X said it will spend $5 million").
    organisation_pronouns: frozenset[str]
    #: Forms of verbs by which a speaker reckons figures rather than acts ("expects", "estimated").
    forecast_verbs: frozenset[str]
    #: Forms of verbs whose object does what the infinitive after them says ("caused shares to fall 8%").
    causative_verbs: frozenset[str]
    #: Datelines opening a paragraph ("WASHINGTON (AP) —"), group `place`: rules/claims/datelines.
    datelines: tuple[re.Pattern[str], ...]
    #: Possessives that point to the company named last ("one of its apps").
    company_possessives: frozenset[str]
    #: First-person words ("my", "me") that make a quoted person the owner of the figures they give.
    speaker_words: frozenset[str]
    #: Counted nouns too general to be a metric alone ("people"): with their verb they are one.
    counted_nouns: frozenset[str]
    #: Nouns of complex prepositions ("in front of"): no noun above a figure they govern names its metric.
    preposition_nouns: frozenset[str]
    #: A figure's unit of measure → what it measures ("s" → "duration").
    unit_metrics: dict[str, str]
    #: Ends right before an amount of money and names what it is ("for ", "save "): the match, lower-cased
    #: with single spaces, is a key of `money_metrics`.
    money_before: re.Pattern[str]
    #: Matched right after an amount of money ("off").
    money_after: re.Pattern[str]
    money_metrics: dict[str, str]
    #: Matched right after a figure that is an age ("-year-old", " years old").
    age_after: re.Pattern[str]
    #: Ends right before a figure that is an age ("aged ").
    age_before: re.Pattern[str]
    #: Matched right after a counting figure when its noun opens a list of members ("countries, including").
    members_after: re.Pattern[str]
    #: Found before a name that a list's word cue ("including", "such as") makes a member, not what the text is
    #: about ("Black Friday deals, including PS4 DualShock"); the sign cues (":") open too much else to count here.
    members_before: re.Pattern[str]
    #: Matched right after an amount of money by a preposition whose object names it ("in" of "$5 in fees").
    amount_preposition: re.Pattern[str]
    #: Words that hand figures out to names in order ("respectively").
    distributives: frozenset[str]
    #: Auxiliaries of a state that holds at the writing ("having won", "can give"): rules/claims/standing_auxiliaries.
    standing_auxiliaries: frozenset[str]
    #: Prepositions whose object is a setting ("on Douyin", "in Turkey"), not an owner.
    place_prepositions: frozenset[str]
    #: "during": its object is when something happens; an event named there is no owner
    period_prepositions: frozenset[str]
    #: Words a place name hangs from as a description ("Shanghai-based").
    place_descriptors: frozenset[str]
    #: Forms of common nouns that can own a figure no name owns ("team", "delegation"), and of those
    #: that own through the "of" phrase they group ("batch").
    owner_nouns: frozenset[str]
    collective_nouns: frozenset[str]
    #: Scope word → the market it makes the owner ("worldwide" → "global").
    scopes: dict[str, str]
    #: Words that make a figure the country's: modifiers ("nationwide") and objects of a place
    #: preposition ("across the country").
    national_words: frozenset[str]
    national_places: frozenset[str]
    #: A country's name, alias or demonym, case-folded → its name ("french" → "France").
    countries: dict[str, str]
    #: A country's name → its other names ("United States" → "US", "U.S.", …).
    country_aliases: dict[str, tuple[str, ...]]
    #: A statistics office's, ministry's or central bank's name or alias, case-folded → the country or
    #: region whose economy it reports on ("labor department" → "United States").
    agencies: dict[str, str]
    #: Words that head a public body's name, lower case ("board", "bureau", "ministry"): rules/claims/public_bodies.
    public_bodies: frozenset[str]
    #: A parent company's word after a name it is said of ("Facebook parent", "Google's parent company") and before
    #: one ("the parent company of "): rules/claims/parent_words.
    parent_after: re.Pattern[str]
    parent_before: re.Pattern[str]
    #: Metrics only an organisation has, lower case with single spaces ("market value"): rules/claims/organisation_metrics.
    organisation_metrics: frozenset[str]
    #: Forms of the words of money raised or invested (rules/claims/funding_words), by role: "noun" ("round",
    #: "rounds"), "giver" ("invested", "led"), "taker" ("raised"), "recipient" ("in", "into"), "backer" ("from").
    funding: dict[str, frozenset[str]]
    #: Forms of kitchen measures ("cups", "tsp") and the verbs a recipe's instruction opens with ("preheat").
    kitchen_measures: frozenset[str]
    kitchen_verbs: frozenset[str]
    #: Verbs of wider use ("add", "pour") that open a recipe's instruction only when it names a kitchen measure.
    kitchen_measured_verbs: frozenset[str]
    #: Matched right after a name that a newsroom's writer is of ("Harbor Daily reporters", "Harbor Daily's journalist",
    #: "Harbor Daily/Bay News reporters", "Harbor Daily (journalist: Lin Tao)").
    reporter_after: re.Pattern[str]
    #: Ends right before a person's name that is a newsroom's writer ("(Reporter Lin Tao)").
    reporter_title: re.Pattern[str]
    #: Ends right before a name that is an outlet or its writer ("a reporter from the ", "journalist: ").
    reporter_before: re.Pattern[str]


@dataclass(frozen=True)
class ChangeBases:
    """What a change is measured against (rules/checks/change_bases), for link and the checks alike."""

    #: Each period ("year", "quarter", "month") with the phrases that name it, in that order.
    periods: tuple[tuple[str, re.Pattern[str]], ...]
    #: A word that introduces the base: "from", "than", "compared with".
    introduces: re.Pattern[str]
    #: Any phrase that names a base.
    any: re.Pattern[str]
    #: Before a multiple: a word that introduces a base, or a period that needs none ("year-on-year").
    before: re.Pattern[str]
    #: Phrases that make the percentage right before them a change on their own ("12% year-on-year").
    alone: tuple[str, ...]
    #: Introducing words as regex alternatives, for patterns that need the base to follow.
    introducing: str

    def basis(self, sentence: str) -> str:
        """What a change in `sentence` is measured against: a period, "" when the sentence does not
        say, "other" when it names another base ("from its peak")."""
        for period, pattern in self.periods:
            if pattern.search(sentence):
                return period
        return "other" if self.introduces.search(sentence) else ""


#: Values are worded with scale words from a million up: standard English writes 5,000, not 5 thousand.
WORDED_FROM = 1e6


@dataclass(frozen=True)
class ScaleWords:
    """Spelled-out English scale words of a thousand and up, from rules/figures/scales (their one owner)."""

    #: Lower-case word → factor: "million" → 1e6, "lakh" → 1e5.
    factors: dict[str, float]
    #: Powers of a thousand, largest first, one word each: the words standard English scales by.
    powers: tuple[tuple[float, str], ...]
    #: A decimal comma before a power of a thousand: "2,6 billion" (a thousands comma has three digits after it).
    decimal_comma: re.Pattern[str]

    def words(self, value: float) -> str:
        """`value` in standard English wording: 2600000000 → "2.6 billion", 140000000 → "140 million"."""
        magnitude = abs(value)
        for factor, word in self.powers:
            if factor >= WORDED_FROM and magnitude >= factor:
                return f"{_plain(value / factor)} {word}"
        return _plain(value)


def _plain(number: float) -> str:
    text = f"{number:,.4f}".rstrip("0").rstrip(".")
    return text or "0"


@dataclass(frozen=True)
class ArithmeticWords:
    """Patterns arithmetic_mismatch matches between and around figures (rules/checks/arithmetic_mismatch)."""

    #: Right after a share: "of the total" (an amount stated elsewhere).
    of_total: re.Pattern[str]
    #: All that stands between a share and its amount: "of the".
    of_amount: re.Pattern[str]
    #: All that stands between an amount and its restatement: ", or about".
    restates: re.Pattern[str]
    #: Ends right before a share: "accounts for about".
    share_before: re.Pattern[str]
    #: Right after a share: "market share", "of the market".
    share_after: re.Pattern[str]
    #: All that stands between an amount and the same amount in another currency: " (approximately".
    converts: re.Pattern[str]
    #: Ends right before the old value of a change: "from".
    range_from: re.Pattern[str]
    #: All that stands between the old and the new value: "to".
    range_to: re.Pattern[str]
    #: All that stands between a change and the value it started from: "from", "up 10% compared with the".
    since: re.Pattern[str]
    #: Ends right before the amount of a change: "rose by".
    change_by: re.Pattern[str]
    #: All that opens a clause before a whole its parts follow: "Of its" (matched at the clause start).
    whole_intro: re.Pattern[str]


@dataclass(frozen=True)
class MagnitudeWords:
    """What nonstandard_magnitude reads besides the figures (rules/checks/nonstandard_magnitude)."""

    #: A number followed by a Chinese unit translated word for word: "1.4 100 million".
    unit_word_for_word: re.Pattern[str]
    #: The phrase of such a unit (lower case) → its factor and its Chinese character.
    units: dict[str, tuple[float, str]]


@dataclass(frozen=True)
class Lexicon:
    """What link and the checks look up, from one rule set (`sha256`)."""

    sha256: str
    thresholds: dict[str, float]
    metrics: tuple[Metric, ...]
    #: (phrase, canonical name) for every metric name and synonym, longest phrase first.
    metric_phrases: tuple[tuple[str, str], ...]
    metric_patterns: MetricPatterns
    hedge: re.Pattern[str]
    growth: re.Pattern[str]
    decline: re.Pattern[str]
    stagnation: re.Pattern[str]
    #: A growth or a decline word: the text states a change.
    change: re.Pattern[str]
    usd_rates: dict[str, float]
    redaction_marks: tuple[re.Pattern[str], ...]
    claims: ClaimWords
    change_bases: ChangeBases
    scales: ScaleWords
    #: Each check's phrases (inflections added), by "check.name".
    phrases: dict[str, tuple[str, ...]]
    arithmetic: ArithmeticWords
    magnitude: MagnitudeWords
    #: Common English words: their share tells English text (name_variant).
    english_word: re.Pattern[str]
    #: Ends right before a multiple stated as a level: "reached" (multiple_without_base).
    level_before: re.Pattern[str]
    #: Matches right after a multiple whose base follows it: "the level ...", "as fast as" (multiple_without_base).
    base_after_multiple: re.Pattern[str]

    def threshold(self, name: str) -> float:
        """The threshold "check.name" from rules/checks/<check>.jsonl ("arithmetic_mismatch.tolerance")."""
        if name not in self.thresholds:
            raise KeyError(f"no threshold {name!r} in rules/checks")
        return self.thresholds[name]

    def words(self, value: float) -> str:
        """`value` in standard English wording ("2.6 billion"), with the scale words of the rules."""
        return self.scales.words(value)

    def metric_names(self, *, money: bool = False, people: bool = False) -> frozenset[str]:
        """Lower-case names of the known metrics (only money or people counts when asked)."""
        return self._metric_name_sets[money, people]

    @cached_property
    def _metric_name_sets(self) -> dict[tuple[bool, bool], frozenset[str]]:
        """`metric_names` for each choice, built once: link and the checks ask for them per figure."""
        return {(money, people): frozenset(metric.name.lower() for metric in self.metrics
                                           if (not money or metric.money) and (not people or metric.people))
                for money in (False, True) for people in (False, True)}


_BUILT: dict[str, Lexicon] = {}


def lexicon_for(rules: RuleSet) -> Lexicon:
    """The lexicon of `rules`, built on first use and kept per rule-set hash."""
    found = _BUILT.get(rules.sha256)
    if found is None:
        found = _BUILT[rules.sha256] = build_lexicon(rules)
    return found


def build_lexicon(rules: RuleSet) -> Lexicon:
    metrics = tuple(rules.get("checks/metrics", Metric))
    words: dict[str, list[str]] = {}
    for rule in rules.get("checks/trend_words", TrendWord):
        words.setdefault(rule.trend, []).extend(_forms(rule.word, rule.inflect))
    thresholds, phrases, valued = _check_settings(rules)
    bases = _change_bases(rules.get("checks/change_bases", ChangeBase))
    return Lexicon(
        sha256=rules.sha256,
        thresholds=thresholds,
        metrics=metrics,
        metric_phrases=_metric_phrases(metrics),
        metric_patterns=MetricPatterns(_metric_phrases(metrics)),
        hedge=_hedge_regex([form for rule in rules.get("checks/hedges", Hedge) for form in _forms(rule.phrase, rule.inflect)]),
        growth=phrase_regex(words.get("growth", ())),
        decline=phrase_regex(words.get("decline", ())),
        stagnation=phrase_regex(words.get("stagnation", ())),
        change=phrase_regex([*words.get("growth", ()), *words.get("decline", ())]),
        usd_rates={rule.currency: rule.usd for rule in rules.get("checks/exchange_rates", ExchangeRate)},
        redaction_marks=tuple(re.compile(rule.pattern) for rule in rules.get("checks/redaction_marks", RedactionMark)),
        claims=_claim_words(rules, [*words.get("growth", ()), *words.get("decline", ())], bases),
        change_bases=bases,
        scales=_scale_words(rules),
        phrases=phrases,
        arithmetic=_arithmetic_words(phrases, bases),
        magnitude=_magnitude_words(valued.get("nonstandard_magnitude.unit_word_for_word", []), rules),
        english_word=re.compile(rf"\b(?:{_phrases(phrases.get('name_variant.english_word', ()))})\b", re.IGNORECASE),
        level_before=re.compile(rf"\b(?:{_phrases(phrases.get('multiple_without_base.level_verb', ()))})\s+$",
                                re.IGNORECASE),
        base_after_multiple=re.compile(rf"^\s+(?:{_phrases(phrases.get('multiple_without_base.base_opener', ()))})\b",
                                       re.IGNORECASE),
    )


def _check_settings(rules: RuleSet) -> tuple[dict[str, float], dict[str, tuple[str, ...]], dict[str, list[CheckSetting]]]:
    """Every check's thresholds and phrases (with their inflections) by "check.name", and the phrase
    settings that carry a value."""
    thresholds: dict[str, float] = {}
    phrases: dict[str, list[str]] = {}
    valued: dict[str, list[CheckSetting]] = {}
    for key, model in SETTINGS.items():
        check = key.split("/")[1]
        for setting in rules.get(key, model):
            name = f"{check}.{setting.name}"
            if setting.phrase is None:
                thresholds[name] = float(setting.value or 0)
                continue
            phrases.setdefault(name, []).extend(_forms(setting.phrase, setting.inflect))
            if setting.value is not None:
                valued.setdefault(name, []).append(setting)
    return thresholds, {name: tuple(forms) for name, forms in phrases.items()}, valued


def _scale_words(rules: RuleSet) -> ScaleWords:
    factors: dict[str, float] = {}
    for rule in rules.get("figures/scales", Scale):
        if rule.factor >= 1000 and len(rule.word) > 3 and rule.word.isascii() and rule.word.isalpha() \
                and not rule.case_sensitive and not rule.plural_of:
            factors.setdefault(rule.word.lower(), rule.factor)
    powers: dict[float, str] = {}
    for word, factor in factors.items():
        if _power_of_a_thousand(factor):
            powers.setdefault(factor, word)
    return ScaleWords(
        factors=factors,
        powers=tuple(sorted(powers.items(), reverse=True)),
        decimal_comma=re.compile(rf"(?=\d)(?<![\d,.])(\d{{1,3}}),(\d{{1,2}})(?![\d,])\s*({_phrases(powers.values())})\b",
                                 re.IGNORECASE),
    )


def _power_of_a_thousand(factor: float) -> bool:
    power = 1000.0
    while power < factor:
        power *= 1000
    return power == factor


def _arithmetic_words(phrases: dict[str, tuple[str, ...]], bases: ChangeBases) -> ArithmeticWords:
    def words(name: str) -> str:
        return _phrases(phrases.get(f"arithmetic_mismatch.{name}", ()))

    of, the, whole = words("of"), words("determiner"), words("whole")
    return ArithmeticWords(
        of_total=re.compile(rf"^\s*(?:{of})\s+(?:(?:{the})\s+)?(?:\w+(?:'s|’s)?\s+)?(?:{whole})\b", re.IGNORECASE),
        of_amount=re.compile(rf"^\s*(?:{of})\s+(?:(?:{the})\s+)?$", re.IGNORECASE),
        restates=re.compile(rf"^[\s,(]*(?:{words('restates')})?[\s,]*$", re.IGNORECASE),
        share_before=re.compile(rf"(?:{words('share_verb')})\s+(?:(?:{words('share_approx')})\s+)?$", re.IGNORECASE),
        share_after=re.compile(rf"^\s*(?:{words('share_noun')})\b|^\s*(?:{of})\s+(?:(?:{the})\s+)?(?:{whole})\b",
                               re.IGNORECASE),
        converts=re.compile(rf"^\s*(?:{words('converts')}|\s)*$", re.IGNORECASE),
        range_from=re.compile(rf"(?:{words('range_from')})\s*$", re.IGNORECASE),
        range_to=re.compile(rf"^\s*(?:{words('range_to')})\s+$", re.IGNORECASE),
        since=re.compile(rf"^\s*(?:\w+\s+)?(?:{bases.introducing})\s+(?:(?:{the})\s+)?$", re.IGNORECASE),
        change_by=re.compile(rf"\b(?:{words('change_by')})\s+$", re.IGNORECASE),
        whole_intro=re.compile(rf"\s*(?:{words('whole_intro')})\s+$", re.IGNORECASE),
    )


def _magnitude_words(units: list[CheckSetting], rules: RuleSet) -> MagnitudeWords:
    """Units translated word for word, each with the Chinese scale character of its factor (rules/figures/scales)."""
    han: dict[float, str] = {}
    for scale in rules.get("figures/scales", Scale):
        if not scale.word.isascii():
            han.setdefault(scale.factor, scale.word)
    found = {unit.phrase.lower(): (float(unit.value), han.get(float(unit.value), "")) for unit in units
             if unit.phrase is not None and unit.value is not None}
    return MagnitudeWords(
        unit_word_for_word=re.compile(rf"(?=\d)(?<![\d,.])(\d+(?:\.\d+)?)\s+({_phrases(found)})\b", re.IGNORECASE),
        units=found,
    )


def _change_bases(bases: list[ChangeBase]) -> ChangeBases:
    periods: dict[str, list[str]] = {}
    for base in bases:
        if base.period is not None:
            periods.setdefault(base.period, []).append(base.phrase)
    introducing = [base.phrase for base in bases if base.introduces]
    alone = [base.phrase for base in bases if base.alone]
    return ChangeBases(
        periods=tuple((period, phrase_regex(periods[period])) for period in ("year", "quarter", "month") if period in periods),
        introduces=phrase_regex(introducing),
        any=phrase_regex(base.phrase for base in bases),
        before=phrase_regex([*introducing, *alone]),
        alone=tuple(alone),
        introducing=_phrases(introducing),
    )


def _claim_words(rules: RuleSet, change_words: list[str], bases: ChangeBases) -> ClaimWords:
    anaphors: dict[str, list[str]] = {}
    for anaphor in rules.get("claims/anaphors", Anaphor):
        # "he" points to a person, "the country" to a place: not to the company
        if not (anaphor.role in ("pronoun", "noun") and anaphor.points_to in ("PERSON", "GPE")):
            anaphors.setdefault(anaphor.role, []).append(anaphor.word)
    cues: dict[str, list[str]] = {}
    for cue in rules.get("claims/change_cues", ChangeCue):
        cues.setdefault(cue.where, []).extend(_forms(cue.phrase, cue.inflect))
    joiners = [rule.phrase for rule in rules.get("claims/metric_joiners", MetricJoiner)]
    money: dict[str, list[str]] = {"before": [], "after": []}
    for money_cue in rules.get("claims/money_cues", MoneyCue):
        money[money_cue.where].extend(_forms(money_cue.phrase, money_cue.inflect))
    ages: dict[str, list[str]] = {"before": [], "after": []}
    for age_cue in rules.get("claims/age_cues", AgeCue):
        ages[age_cue.where].append(age_cue.phrase)
    parent_words = [rule.word for rule in rules.get("claims/parent_words", ParentWord)]
    parents = _phrases(parent_words) if parent_words else r"(?!)"
    reporter_words = [form for rule in rules.get("claims/reporter_words", ReporterWord) for form in _forms(rule.word, rule.inflect)]
    reckoned = [form for cue in rules.get("times/cues", TimeCue) if cue.role == "reckoned" for form in _forms(cue.phrase, cue.inflect)]
    return ClaimWords(
        not_metrics=frozenset(form.lower() for rule in rules.get("claims/not_metrics", NotMetric)
                              for form in _forms(rule.word, rule.inflect)),
        not_narrowing=frozenset(rule.word.lower() for rule in rules.get("claims/not_narrowing", NotNarrowing)),
        relative_pronouns=frozenset(rule.word.lower() for rule in rules.get("claims/relative_pronouns", RelativePronoun)),
        quantity_nouns={rule.word.lower(): rule.preposition.lower() for rule in rules.get("claims/quantity_nouns", QuantityNoun)},
        change_nouns=frozenset(rule.word.lower() for rule in rules.get("claims/quantity_nouns", QuantityNoun) if rule.change),
        anaphor=re.compile(rf"^(?:{_phrases(anaphors.get('determiner', []))}) (?:{_phrases(anaphors.get('noun', []))})$"
                           rf"|^(?:{_phrases(anaphors.get('pronoun', []))})$", re.IGNORECASE),
        metric_joiner=re.compile(rf"\s*(?:(?:{_phrases(joiners)})\s+)?", re.IGNORECASE),
        change_before_amount=re.compile(rf"\b(?:{_phrases(cues.get('before_amount', []))})\s+$", re.IGNORECASE),
        reckoned_before=re.compile(rf"\b(?:{_phrases(reckoned)})\s+$", re.IGNORECASE),
        lead_source_rules=frozenset(rule.id for key, model in SOURCE_FILES.items() if model is SourcePattern
                                    for rule in rules.get(key, SourcePattern) if rule.lead),
        own_reporting_rules=frozenset(rule.id for key, model in SOURCE_FILES.items() if model is SourcePattern
                                      for rule in rules.get(key, SourcePattern) if rule.own_reporting),
        change_before_percent=phrase_regex([*change_words, *cues.get("before_percent", [])]),
        change_after_percent=re.compile(rf"[\s,]*(?:\w+\s+)?(?:{_phrases([*cues.get('after_percent', []), *bases.alone])})",
                                        re.IGNORECASE),
        product_anaphors=frozenset(rule.word.lower() for rule in rules.get("claims/anaphors", Anaphor)
                                   if rule.role == "noun" and rule.points_to == "PRODUCT"),
        anaphor_nouns=frozenset(word.lower() for word in anaphors.get("noun", [])),
        anaphor_determiners=frozenset(word.lower() for word in anaphors.get("determiner", [])),
        person_anaphors=frozenset(rule.word.lower() for rule in rules.get("claims/anaphors", Anaphor)
                                  if rule.role == "noun" and rule.points_to == "PERSON"),
        place_anaphors=frozenset(rule.word.lower() for rule in rules.get("claims/anaphors", Anaphor)
                                 if rule.role == "noun" and rule.points_to == "GPE"),
        person_possessives=frozenset(rule.word.lower() for rule in rules.get("claims/anaphors", Anaphor)
                                     if rule.role == "possessive" and rule.points_to == "PERSON"),
        possessed_kinds={rule.word.lower(): rule.points_to for rule in rules.get("claims/anaphors", Anaphor)
                         if rule.role == "possessed"},
        person_pronouns=frozenset(rule.word.lower() for rule in rules.get("claims/anaphors", Anaphor)
                                  if rule.role == "pronoun" and rule.points_to == "PERSON"),
        forecast_verbs=frozenset(form.lower() for rule in rules.get("claims/forecast_verbs", ForecastVerb)
                                 for form in _forms(rule.word, rule.inflect)),
        datelines=tuple(re.compile(rule.regex, re.MULTILINE) for rule in rules.get("claims/datelines", Dateline)),
        causative_verbs=frozenset(form.lower() for rule in rules.get("claims/causative_verbs", CausativeVerb)
                                  for form in _forms(rule.word, rule.inflect)),
        organisation_pronouns=frozenset(rule.word.lower() for rule in rules.get("claims/anaphors", Anaphor)
                                        if rule.role == "pronoun" and rule.points_to == "ORG"),
        company_possessives=frozenset(rule.word.lower() for rule in rules.get("claims/anaphors", Anaphor)
                                      if rule.role == "possessive" and rule.points_to == "ORG"),
        speaker_words=frozenset(word.lower() for word in anaphors.get("speaker", [])),
        distributives=frozenset(rule.word.lower() for rule in rules.get("claims/distributives", Distributive)),
        standing_auxiliaries=frozenset(rule.word.lower()
                                       for rule in rules.get("claims/standing_auxiliaries", StandingAuxiliary)),
        counted_nouns=frozenset(form.lower() for rule in rules.get("claims/not_metrics", NotMetric) if rule.counted
                                for form in _forms(rule.word, rule.inflect)),
        preposition_nouns=frozenset(rule.word.lower() for rule in rules.get("claims/not_metrics", NotMetric)
                                    if rule.preposition),
        money_before=re.compile(rf"(?<![\w-])(?:{_phrases(money['before'])})\s+$", re.IGNORECASE),
        money_after=re.compile(rf"\s+(?:{_phrases(money['after'])})(?![\w-])", re.IGNORECASE),
        money_metrics={" ".join(form.lower().split()): rule.metric for rule in rules.get("claims/money_cues", MoneyCue)
                       for form in _forms(rule.phrase, rule.inflect)},
        unit_metrics={rule.unit: rule.metric for rule in rules.get("claims/unit_metrics", UnitMetric)},
        age_after=re.compile(rf"[-\s]+(?:{_hyphened(ages['after'])})(?!\w)", re.IGNORECASE),
        age_before=re.compile(rf"(?<![\w-])(?:{_phrases(ages['before'])})\s+$", re.IGNORECASE),
        members_after=re.compile(rf"(?:[\s-]+[^\W_][\w'’-]*){{1,{MAX_COUNTED_WORDS}}}?[\s,]*"
                                 rf"(?:{_phrases(rule.phrase for rule in rules.get('claims/member_cues', MemberCue))})(?=\s)",
                                 re.IGNORECASE),
        members_before=phrase_regex(rule.phrase for rule in rules.get("claims/member_cues", MemberCue)
                                    if rule.phrase[0].isalpha()),
        amount_preposition=re.compile(
            rf"\s+(?:{_phrases(rule.word for rule in rules.get('claims/amount_prepositions', AmountPreposition))})\s+",
            re.IGNORECASE),
        role_words=frozenset(rule.word.casefold() for rule in rules.get("entities/role_words", RoleWord)),
        kind_heads=frozenset(rule.word.casefold() for rule in rules.get("entities/kind_words", KindWord)
                             if not rule.before_number),
        place_prepositions=frozenset(rule.word.lower() for rule in rules.get("claims/place_words", PlaceWord)
                                     if rule.role == "preposition"),
        place_descriptors=frozenset(rule.word.lower() for rule in rules.get("claims/place_words", PlaceWord)
                                    if rule.role == "descriptor"),
        period_prepositions=frozenset(rule.word.lower() for rule in rules.get("claims/place_words", PlaceWord)
                                      if rule.role == "period"),
        owner_nouns=frozenset(form.lower() for rule in rules.get("claims/owner_nouns", OwnerNoun) if rule.role == "owner"
                              for form in _forms(rule.word, rule.inflect)),
        collective_nouns=frozenset(form.lower() for rule in rules.get("claims/owner_nouns", OwnerNoun)
                                   if rule.role == "collective" for form in _forms(rule.word, rule.inflect)),
        scopes={rule.word.lower(): rule.scope for rule in rules.get("claims/scope_words", ScopeWord)
                if rule.scope == "global"},
        national_words=frozenset(rule.word.lower() for rule in rules.get("claims/scope_words", ScopeWord)
                                 if rule.scope == "country" and rule.role == "modifier"),
        national_places=frozenset(rule.word.lower() for rule in rules.get("claims/scope_words", ScopeWord)
                                  if rule.scope == "country" and rule.role == "place"),
        countries={form.casefold(): rule.name for rule in rules.get("claims/countries", Country)
                   for form in (rule.name, *rule.aliases, *rule.demonyms)},
        country_aliases={rule.name: tuple(rule.aliases) for rule in rules.get("claims/countries", Country)},
        agencies={form.casefold(): rule.country for rule in rules.get("claims/economic_agencies", EconomicAgency)
                  for form in (rule.name, *rule.aliases)},
        public_bodies=frozenset(rule.word.lower() for rule in rules.get("claims/public_bodies", PublicBody)),
        parent_after=re.compile(rf"(?:['’]s)?\s+(?:{parents})(?![\w-])", re.IGNORECASE),
        organisation_metrics=frozenset(" ".join(rule.phrase.lower().split())
                                       for rule in rules.get("claims/organisation_metrics", OrganisationMetric)),
        parent_before=re.compile(rf"(?<![\w-])(?:{parents})\s+of\s+(?:the\s+)?$", re.IGNORECASE),
        funding=_funding_words(rules.get("claims/funding_words", FundingWord)),
        kitchen_measures=frozenset(form.lower() for rule in rules.get("claims/kitchen_words", KitchenWord)
                                   if rule.role == "measure" for form in _forms(rule.word, rule.inflect)),
        kitchen_verbs=frozenset(form.lower() for rule in rules.get("claims/kitchen_words", KitchenWord)
                                if rule.role == "verb" for form in _forms(rule.word, rule.inflect)),
        kitchen_measured_verbs=frozenset(form.lower() for rule in rules.get("claims/kitchen_words", KitchenWord)
                                         if rule.role == "measured_verb" for form in _forms(rule.word, rule.inflect)),
        reporter_after=re.compile(rf"(?:\s*/\s*[^\W\d_][\w.'’-]*(?:[ \t]+[^\W\d_][\w.'’-]*){{0,3}})?\s*(?:\(\s*)?(?:['’]s\s+)?"
                                  rf"(?:{_phrases(reporter_words)})(?![\w-])", re.IGNORECASE),
        reporter_title=re.compile(rf"(?<![\w-])(?:{_phrases(reporter_words)})[ \t]+$", re.IGNORECASE),
        reporter_before=re.compile(rf"(?<![\w-])(?:{_phrases(reporter_words)})(?:\s+(?:from|of|with|at)(?:\s+the)?\s+|\s*[:：]\s*)$",
                                   re.IGNORECASE),
        reporters=frozenset(form.casefold() for rule in rules.get("entities/organizations", KnownEntity)
                            if rule.outlet or rule.analyst for form in (rule.name, *rule.aliases, *rule.literal)),
        market_indices={rule.name.casefold(): rule.market for rule in rules.get("entities/organizations", KnownEntity)
                        if rule.market is not None},
    )


def _funding_words(rules: Iterable[FundingWord]) -> dict[str, frozenset[str]]:
    roles: dict[str, set[str]] = {role: set() for role in ("noun", "giver", "taker", "recipient", "backer")}
    for rule in rules:
        roles[rule.role].update(form.lower() for form in _forms(rule.word, rule.inflect))
    return {role: frozenset(forms) for role, forms in roles.items()}


def _forms(phrase: str, inflect: Inflection | None) -> tuple[str, ...]:
    """A rule's phrase, or the forms of it its `inflect` asks for."""
    return inflect.forms(phrase) if inflect else (phrase,)



def _metric_phrases(metrics: Iterable[Metric]) -> tuple[tuple[str, str], ...]:
    pairs = [(phrase, metric.name) for metric in metrics for phrase in (metric.name, *metric.synonyms)]
    return tuple(sorted(pairs, key=lambda pair: len(pair[0]), reverse=True))


def _hedge_regex(phrases: list[str]) -> re.Pattern[str]:
    """Hedges as written in lower case, or capitalised at a sentence start ("It can be inferred"), never
    "May" the month."""
    capitalised = {phrase[:1].upper() + phrase[1:] for phrase in phrases if " " in phrase} - set(phrases)
    return re.compile(rf"(?<![\w-])(?:{alternation(phrases)})(?![\w-])"
                      rf"|{SENTENCE_START}(?:{alternation(capitalised)})(?![\w-])")


#: Where a capitalised phrase starts a sentence: at a line start, after a full stop (and a closing
#: quote) and a space, or after an opening quote; not "Action Plan to …" inside a title.
SENTENCE_START = r"(?:(?<![^\n])|(?<=[.!?:]\s)|(?<=[.!?][\"”’)]\s)|(?<=[\"“‘(]))"


