"""Stage 4, link: every figure becomes a claim — its sentence, subject, metric, time, source, hedge.

The dependency parse decides what governs a figure ("Xiaohongshu's monthly active users reached 2600
million, 20 million monthly active creators": both figures hang off "reached", whose subject holds
Xiaohongshu). Without a parse (`--model blank`) the same questions are answered from the sentence:
the nearest entity, metric word and time before the figure.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

import numpy
from spacy.tokens import Doc, Span, Token

from .extract import Extraction
from .extract.extensions import doc_text
from .extract.sources import Attribution
from .rules import RuleSet, shared_rules
from .rules.inflect import noun_lemma
from .rules.lexicon import ClaimWords, Lexicon, lexicon_for
from .schema import Claim, Entity, Figure, Source, Time
from .spans import ByOffset, TextIndex, overlaps

Spanned = TypeVar("Spanned", Time, Source, Attribution)
T = TypeVar("T")

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
#: Auxiliaries, on which the parse sometimes hangs their verb's subject ("The forum was co-hosted by": "co-"
#: splits the verb, and "forum" becomes the subject of "was").
AUX_DEPS = {"aux", "auxpass"}
#: How the parse hangs an infinitive on the verb before it ("forced Acme to cut", "caused shares to fall").
INFINITIVE_DEPS = {"xcomp", "advcl", "ccomp"}
#: What ends a speaker's label before a quote ("Lin Tao, director of the bureau: …"), which the parser may take
#: for the subject of the quote's first verb.
SPEAKER_LABEL_ENDS = frozenset({":", "："})
CLAUSE_DEPS = {"conj", "ccomp", "advcl", "relcl", "acl", "parataxis", "xcomp"}
MODIFIER_DEPS = {"compound", "amod", "nmod"}
#: The fewest letters a metric's head noun has: shorter ones are signs, units or letters ("Rs", "mo", "PS", "A").
MIN_METRIC_LETTERS = 3
#: Clauses that tell of something else than their sentence's fact, with the tags of their heads: a past
#: participle modifying a noun ("a study published Monday"). Not a present participle ("data showing that
#: sales rose in Q1" is the sentence's content), nor a relative clause ("the team that was searching on
#: February 10 had sent 45 rescuers" dates the team's work).
SIDE_CLAUSES = {"acl": {"VBN"}}
#: Children that show a side clause's participle is its sentence's own verb misread as one ("his goal into
#: overtime capped a comeback", "the group formed in May and sent a letter"): a participle describing a noun
#: is passive and takes no object, and a past-tense verb joined to it is finite. Dependency labels with the
#: tags they count with (None: any).
FINITE_VERB_CHILDREN: dict[str, set[str] | None] = {"dobj": None, "conj": {"VBD"}}
#: The times rules of words for the state at the writing ("now", "currently"): they date their own sentence only.
PRESENT_RULES = frozenset({"times.day.now"})
#: The rules of a market move's own time ("down 5% in recent trading"): the reference date, which a restatement of
#: the figure elsewhere ("Q3 comps would have been closer to 5%") does not replace.
MARKET_RULES = frozenset({"times.day.in_trading"})
#: The rules of days and weeks ("today", "on Tuesday", "this week"), as against periods (a month, a quarter, a year).
DAY_RULES = "times.day."
#: Entity labels that can own a figure, best first: a company over the country it operates in.
#: Nationalities ("the Chinese maker") describe an owner named elsewhere, so they are not among them.
SUBJECT_LABELS = ("ORG", "PRODUCT", "PERSON", "FAC", "WORK_OF_ART", "EVENT", "GPE", "LOC")
PLACE_LABELS = {"GPE", "LOC", "FAC"}
#: The words that open a list item leaving out its verb ("…, Jiangsu 3.4 trillion", "and Syria more than 3,500").
ELLIPTIC_OPENERS = frozenset({"and", ",", ";", "while", "whereas"})
#: How many words may stand between such an item's name and its figure ("in Syria it exceeded 3,500").
MAX_ELLIPTIC_GAP = 2
#: Entity labels whose name in a phrase makes it a named owner's, not a common noun's ("Xiaomi's team");
#: a place or nationality only describes ("the Chinese rescue team", "the Hong Kong delegation").
NAMING_LABELS = {"ORG", "PRODUCT", "PERSON"}
#: What a clause's own subject can be to own the figures of its verb's object ("Germany won four World Cup titles").
OWNING_SUBJECT_LABELS = NAMING_LABELS | {"GPE"}
#: An ingredient line is short ("1 stick (8 tablespoons) unsalted butter, softened"); longer lines are prose.
MAX_INGREDIENT_WORDS = 15
#: How a sentence ends, unlike an ingredient line ("Americans drink 3 cups of coffee a day."; the parse is no
#: help: it reads "1 1/2 tablespoons lemon zest" as a verb "lemon").
_SENTENCE_CLOSE = re.compile(r"[.!?][\"'”’)]*\s*$")
#: What may open an ingredient line before its figure: spaces and list marks.
_LINE_OPENING = re.compile(r"[\s\-–—•*·▢□■◦+]*")
#: A step's number before an instruction: "2. ", "Step 3: ".
_STEP_OPENING = re.compile(r"\s*(?:step\s+)?\d+\s*[.):]\s*|\s*[\-–—•*·]\s*", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")
#: The word right after a figure, within its line.
_WORD_AFTER = re.compile(r"[ \t]*([^\W\d_]+)")
#: How many measured amounts make a line an ingredient list wherever it stands in the line.
MIN_LISTED_MEASURES = 2
#: Penn tags of finite verbs: a capitalised word one follows is a subject ("Cook said"), not a command.
FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}
#: How an amount hangs from the noun it measures ("a $25 million round", "the $500m raise").
AMOUNT_DEPS = {"nummod", "compound", "nmod", "amod", "quantmod"}
#: How a scope word hangs from the metric or verb it scopes ("worldwide shipments", "shipped worldwide").
SCOPE_DEPS = {"amod", "advmod", "compound"}
#: Penn tags of plural nouns: a nationality before one names a country's people ("French voters").
PLURAL_TAGS = {"NNS", "NNPS"}
#: Kinds of figure that count the noun they hang from ("10 representatives of the seminar"), unlike a
#: multiple or share ("twice the rate of the industry", "19% of the market").
COUNTING_KINDS = {"count", "number", "quantity"}
#: The label of an owner named by a common noun phrase ("the Chinese rescue team").
PHRASE_LABEL = "PHRASE"
#: Sources whose organisation speaks of its own figures ("Xiaomi said", "Fed officials projected three hikes").
SPEAKING_FOR_OWN = {"said", "anonymous"}
NAMED_SOURCE_KINDS = {"according_to", "said", "outlet"}
OWNING_SOURCE_KINDS = NAMED_SOURCE_KINDS - {"outlet"}  # an outlet reports others' figures
UNNAMED_SOURCE_KINDS = {"data", "anonymous"}
#: Sources that speak for a whole article when a figure has none nearer: the outlet that reports it and a
#: document it is read from ("The plan proposes ..."). Not an anonymous one: "the doctor told me" in one
#: patient's quote, "foreign media reported" or "polls have shown" speak for their own paragraph only
#: (mt-news tune: of 101 figures that took one from another paragraph, about 80 were wrong).
ARTICLE_SOURCE_KINDS = ("data", "outlet")
#: Sources that speak for themselves (not a document, a credit): whom a pronoun speaker may be.
SPEAKING_KINDS = OWNING_SOURCE_KINDS | {"anonymous"}
WORDS_AFTER = 40
#: How a number hangs on the noun it counts ("31,000 deaths", "about 5 million users").
_COUNT_DEPS = frozenset({"nummod", "quantmod"})
#: How a word hangs inside a noun's own phrase, not a clause of it ("revenue of $5 billion", "sales, about 5 million").
_PHRASE_DEPS = frozenset({"prep", "pobj", "dobj", "nummod", "quantmod", "compound", "appos", "amod", "nmod",
                          "npadvmod"})
#: A clause that says more of a noun ("the quake that killed 31,000", "deaths caused by the quake").
_CLAUSE_DEPS = frozenset({"relcl", "acl"})
#: Kinds of figure specific enough that the same value said twice is one statement ("63%", "$107 billion");
#: bare counts ("7 products", "three teams") repeat by chance.
RESTATED_KINDS = {"percent", "money", "multiple", "quantity"}
#: How many other statements of the same figure are read for a time (keeps an article of many "1%" linear).
MAX_RESTATEMENTS = 4
#: How many years before the reference year a time must start to be a look back ("a similar earthquake in
#: 1999 killed 17,000 people", "launched in 2016"), which dates its own sentence only. Counted on the tune
#: halves (mt-news tune, real-news half A): of the times carried from 3 and more years back 49 of 52 dated
#: another topic's figures, and the 3 others a personal story's, whose time opens its sentence (`_sets_scene`);
#: none came from 2 years back, 6 from 1 (4 the story's).
LOOK_BACK_YEARS = 3
#: How many days before the reference date a time still is the story's own, when a state told in the present holds
#: (`_long_before_reference`): the writing's week.
RECENT_DAYS = 7
#: In how many sentences a month must be named, and more often than any other, to be the month an undated
#: report is about ("January: … January's dip … 2.8% higher in January"): a change without a time of its own
#: ("up 2.6% over the past 12 months") is of that month.
REPORTED_MONTH_SENTENCES = 3
#: How many words may open a sentence before a time that sets the scene of a narrative ("In 1999, …",
#: "Back in late 2009, …", "In fact, in December 2016, …").
SCENE_WORDS = 3
_SCENE_END = re.compile(r"\s*,")
#: What stands right before a word inside a sentence: a lower-case letter, a digit or a comma and a space.
_INSIDE_SENTENCE = re.compile(r"[a-z0-9,;]\s$")
#: A short all-capital acronym ("CPI", "GMV") or a word with a digit ("SU7"): a measure or a model, not a name.
_ACRONYM_OR_MODEL = re.compile(r"^[A-Z]{2,4}s?$|\d")
#: Longer governing phrases are never an anaphor like "the company": not worth reading their text.
MAX_ANAPHOR_CHARS = 80
AGE_METRIC = "age"
LINE = re.compile(r"[^\n]+")
_WORD_CHAR = re.compile(r"\w")
_ARTICLE = re.compile(r"^the\s+")
#: A possessor before the agency a name names ("commerce department's census bureau").
_POSSESSOR = re.compile(r"^.*['’]s\s+")
_DAY_VALUE = re.compile(r"-\d{2}-\d{2}$")
_MONTH_VALUE = re.compile(r"^(?:\d{4}|XXXX)-\d{2}$")
#: What joins one period of a list to the next ("Porto in 2004 and Inter in 2010", "2004, 2008 and 2010").
_LIST_JOIN = re.compile(r"[^.;!?\n]{0,40}")
_LIST_WORD = re.compile(r",|\band\b|\bor\b")
#: A unit joined to its number by a hyphen, as an adjective is: "8-inch", "5.0-liter".
_ADJECTIVE_UNIT = re.compile(r"-[^\W\d_]")
#: Where the head of an organisation's name ends: before what it is "of" or "for" ("Bureau of Statistics").
_NAME_QUALIFIER = re.compile(r"\s+(?:of|for)\s+|\s*[,(]")
#: What stands between a parent company's word and the parent's name after it ("Google's parent company, Alphabet"),
#: or between the parent's name and the described name or parent phrase after it ("Alphabet, Google's parent", "Meta,
#: the parent company of Facebook"); how many mentions either side are looked at.
_NAME_AFTER_PARENT = re.compile(r"[ \t]*,?[ \t]*")
_NAME_BEFORE_PARENT = re.compile(r"[ \t]*,[ \t]*(?:the[ \t]+)?", re.IGNORECASE)
PARENT_NEIGHBOURS = 3
#: Penn tags of a finite verb in the present tense, and of one in the past or a modal (`_states_standing`).
_PRESENT_TAGS = frozenset({"VBZ", "VBP"})
_PAST_OR_MODAL_TAGS = frozenset({"VBD", "MD"})
_FINITE_TAGS = frozenset({"VBZ", "VBP", "VBD", "MD"})
#: The forms of the auxiliary of a perfect ("has won"), and of "be": the grammar's, not a lexicon's (the auxiliaries
#: that tell a standing state are rules/claims/standing_auxiliaries). Forms, not lemmas: the lemmatizer does not run
#: (process.UNUSED_MODEL_COMPONENTS).
_PERFECT_AUXILIARIES = frozenset({"have", "has", "had", "'ve", "’ve"})
_FORMS_OF_BE = frozenset({"be", "is", "are", "was", "were", "been", "being", "am", "'s", "’s", "'re", "’re", "'m", "’m"})
#: The subject of a figure whose owner is someone the article does not name ("a man … he was taken to a hospital
#: 185 miles away"): no one, rather than the next name the article offers.
_UNNAMED = "<unnamed>"
#: What joins a writer's name to the newsroom they write for ("Alex Horton of the Washington Post").
_OF_NEWSROOM = re.compile(r",?\s+(?:of|from|at)\s+((?:the\s+)?)", re.IGNORECASE)
#: The start of a calendar time value: "2019", "2019-11", "2019-11-18", "2019-Q4", "2019-H2" (of "A/B", A).
_PERIOD_START = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-Q([1-4])|-H([12]))?(?![\d-])")


@dataclass(frozen=True)
class Linked:
    """The claims of an article, and the owners they name by a common noun phrase rather than a name
    ("the Chinese rescue team"): entities the extract stage does not know, numbered after its own."""

    claims: list[Claim]
    owners: list[Entity]
    #: The extract stage's sources, a described one named by the entity it stands for ("the company said").
    sources: list[Source]


def link_claims(extraction: Extraction, rules: RuleSet | None = None) -> Linked:
    """One claim per figure, numbered c1, c2, … in figure order (working-text offsets)."""
    # `is not None`, not `or`: a RuleSet has no truth value of its own, and its length sums every rule file
    linker = _Linker(extraction, lexicon_for(rules if rules is not None else shared_rules(None)))
    claims: list[Claim] = []
    for number, figure in enumerate(extraction.figures, start=1):
        claims.append(linker.claim(figure, f"c{number}", claims))
    return Linked(claims, linker.phrase_owners.entities(), [linker.named_source(source) for source in extraction.sources])


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    entity: Entity
    in_source: bool  # inside a source's span ("according to CNMO"): a source, not an owner
    #: the speaker of a reported clause ("IDC says 403.5 million shipped"), or a known outlet, analyst or economic
    #: agency wherever it is named ("the Labor Department's report"): not the owner of what it reports
    speaks: bool
    #: "setting" ("orders on Douyin", "in Turkey"), "description" ("China's biggest bank ICBC") or "dateline"
    #: ("WASHINGTON (AP) —"), else None
    located: str | None = None
    root: int = -1  # the index of the mention's head token in the parse, -1 without one


class _Linker:
    def __init__(self, extraction: Extraction, lexicon: Lexicon) -> None:
        self.doc = extraction.doc
        self.text = doc_text(extraction.doc)
        self.lines = TextIndex(self.text)
        self.parsed = extraction.doc.has_annotation("DEP")
        self.figures = extraction.figures
        self.figures_by_offset = ByOffset(extraction.figures)
        self.kinds = {figure.id: figure.kind for figure in extraction.figures}
        self.sources = [source for source in extraction.sources if source.kind != "byline"]
        #: The sources that may speak for figures: not the outlet told ("tells The Daily Courier"), unless it publishes
        #: the article; its speaker speaks for what was said.
        self.citing = [source for source in self.sources if not source.listener or source.publisher]
        self.by_sources = ByOffset(self.citing)
        self.attributions = ByOffset(extraction.attributions)
        self.times = ByOffset(extraction.times)
        self.reference_date: str | None = extraction.doc._.reference_date
        self.reference_inferred: bool = bool(extraction.doc._.reference_year_inferred)
        self.reference_year: int | None = extraction.doc._.reference_year
        self.outlets = _outlets(extraction.entities, self.text, lexicon.claims)
        self.amounts = amounts = _Covered([(figure.start, figure.end) for figure in extraction.figures])
        self.mentions = ByOffset(_mark_located(_mentions(extraction.entities, self.sources, lexicon.claims, self.outlets,
                                                         amounts), extraction.doc, lexicon.claims))
        self.labels = {entity.id: entity.label for entity in extraction.entities}
        self.entity_names = {entity.id: entity.name for entity in extraction.entities}
        #: Entities named outside sources other than as a word describing someone ("InfoNation President Dan McDowell").
        self.acting_outside_sources = {mention.entity.id for mention in self.mentions.items
                                       if not mention.in_source and not self._describes(mention)}
        self.vocabulary = lexicon.metric_phrases
        self.metric_patterns = lexicon.metric_patterns
        self.hedge = lexicon.hedge
        self.words = lexicon.claims
        self.headline = _headline(extraction.doc._.title, self.text, self._paragraph(0)[1], extraction.entities, self.words)
        main = _main_entities(self.mentions, self.headline)
        self.main_organisation, self.main_product, self.main_place, self.dominant = main
        self.main_entity = self.main_organisation or self.main_place
        self.headline_subject = _headline_subject(self.mentions, self.headline)
        self.phrase_owners = _PhraseOwners(len(extraction.entities) + 1)
        self.roots = {figure.id: self._root(figure) for figure in self.figures}
        self.figure_roots = {token for token in self.roots.values() if token is not None}
        self.trees = _Trees(self.doc, self.figure_roots)
        self.sentences = _Sentences(self.doc)
        self.same_figures: dict[tuple[float, str, str | None], list[Figure]] = {}
        for figure in self.figures:
            self.same_figures.setdefault(_figure_key(figure), []).append(figure)
        self.next_figure_start = {figure.id: following.start for figure, following in itertools.pairwise(self.figures)}
        self.time_roots = {time.id: self._span_root(time.start, time.end) for time in extraction.times}
        self.phrases_before = _PhrasesBefore(self.text, self.vocabulary)
        self.present_phrases = [pattern for rank, pattern in enumerate(self.metric_patterns.whole_words)
                                if rank in self.phrases_before.present]
        self.canonical_names = self.metric_patterns.lookup
        self.credit_lines = _CreditLines(self.sources)
        #: The first source of each kind that speaks for more than a side clause.
        self.first_of_kind: dict[str, Source] = {}
        for source in self.citing:
            if source.covers is None:
                self.first_of_kind.setdefault(source.kind, source)
        #: The outlet that publishes the article, when a sentence names it ("told CNN" on a CNN page).
        self.publisher = next((source for source in self.sources if source.publisher), None)
        self._memo: dict[tuple[str, int, int], object] = {}
        self.lead_cited = self._lead_cited()

    def _lead_cited(self) -> Source | None:
        """The source a lead sentence opens with ("According to news from the website of the Ministry on the 11th,
        the team sent 3 squads"): the story is told from it. Not one cited after a figure of its sentence ("dealers
        sold 30,154 cars, according to InfoNation") nor a pollster ("analysts surveyed by Refinitiv"), who speak
        for that figure only."""
        lead_start, lead_end = self._lead()
        for source in self.by_sources.forward(lead_start, lead_end):
            if source.end > lead_end or source.kind != "according_to" or source.rule not in self.words.lead_source_rules:
                continue
            sentence_start = self._sentence_bounds(source.start)[0]
            if next(self.figures_by_offset.forward(sentence_start, source.start), None) is None:
                return source
        return None

    def claim(self, figure: Figure, claim_id: str, earlier: list[Claim]) -> Claim:
        start, end = self._sentence_bounds(figure.start)
        # claims start in text order, so the last one is the only one that can share the paragraph
        last = earlier[-1] if earlier else None
        previous = last if last is not None and last.start >= self._paragraph(figure.start)[0] else None
        root = self.roots[figure.id]
        age = self._age_words(figure)
        # an age is whose it describes, or no one's; never the article's subject or its reporter
        subject: str | None
        metric: str | None
        if age is not None:
            subject, metric = self._aged_owner(age, (start, end)), AGE_METRIC
        elif self._in_recipe(figure, (start, end)):  # "2 cups flour", "Preheat the oven to 350F": the dish's
            subject, metric = None, self._metric(figure, root, (start, end))
        else:
            subject, metric = self._owner_and_metric(figure, root, (start, end), previous, earlier)
        return Claim(
            id=claim_id, figure=figure.id, start=start, end=end,
            subject=subject,
            metric=metric,
            time=self._time(figure, root, (start, end)),
            base_time=self._base_time(figure, (start, end)) if (metric or "").endswith("change") else None,
            source=self._source(figure, (start, end)),
            hedge=self._hedge(start, end),
        )

    def _owner_and_metric(self, figure: Figure, root: Token | None, sentence: tuple[int, int],
                          previous: Claim | None, earlier: list[Claim]) -> tuple[str | None, str | None]:
        sibling = previous.subject if previous is not None and previous.start == sentence[0] else None
        subject = self._subject(figure, root, sentence, sibling)
        if subject is not None and self._market_index(subject):  # "the S&P 500 rose 1.2%": the US market's, not
            return self._index_market(subject, figure), self._index_metric(figure, subject)  # a name further away
        metric = self._metric(figure, root, sentence)
        kin = self._kin(figure, earlier, sentence[0])  # "spent Rs 2 lakh in four attempts and Rs 4 lakh on fees"
        if kin is not None and not metric and kin.metric \
                and kin.metric != AGE_METRIC:  # "the 48-year-old was sentenced to 50 weeks": no age
            metric = kin.metric.removesuffix("change").strip() or None
        if self._states_change(figure) and not (metric or "").endswith("change"):
            metric = f"{metric} change" if metric else "change"
        if subject == _UNNAMED:  # "he was taken to a hospital 185 miles away" of a man the article does not name
            return None, metric
        if subject is None and self._speaks_in_first_person(sentence):
            return None, metric  # a figure of someone the sentence does not name
        if subject is None and previous is not None:
            subject = previous.subject
        subject = subject or self.main_entity
        if subject is not None and self.labels.get(subject) == "PERSON" and self._organisation_metric(metric):
            subject = self._organisation_named(figure, sentence) or subject  # "Jack Ma … Alibaba's market value"
        return subject, metric

    def _describes(self, mention: _Mention) -> bool:
        """Whether a mention is a word that describes another noun, a person's title or employer ("InfoNation
        President Dan McDowell", "Edmunds' executive director"), rather than a name that does or has something."""
        return mention.root >= 0 and self.doc[mention.root].dep_ in MODIFIER_DEPS | {"poss"}

    def _market_index(self, entity: str) -> bool:
        """Whether an entity is a known market index (rules/entities/organizations, `market`)."""
        return self.entity_names.get(entity, "").casefold() in self.words.market_indices

    def _index_market(self, index: str, figure: Figure) -> str | None:
        """The country whose shares an index measures owns the index's moves ("Japan's Nikkei 225 declined 0.3%":
        Japan, metric "Nikkei 225 change"); a market the country lexicon lacks only where the article names it as
        a place ("Hong Kong's Hang Seng"); an index of a region or of the world ("MSCI World") gives none."""
        market = self.words.market_indices[self.entity_names[index].casefold()]
        if market not in self.words.country_aliases:  # "Hong Kong's Hang Seng": a place the article names
            return next((mention.entity.id for mention in self.mentions.items if mention.entity.label in PLACE_LABELS
                         and mention.entity.name.casefold() == market.casefold()), None)
        mentions = [mention for mention in self.mentions.items if mention.entity.id == index]
        before = [mention for mention in mentions if mention.start <= figure.start]
        if not mentions:
            return None
        return self._country_owner(market, before[-1] if before else mentions[0])

    def _index_metric(self, figure: Figure, index: str) -> str:
        """What a figure of a market index measures, named by the index alone: "Nikkei 225 change" of "the Nikkei
        225 lost 1.1%", "Shanghai Composite" of "to 3,050 points"; never the metric of a company's figure the
        sentence tells beside it ("Orbis shares gained 31% while the S&P 500 is up 18%")."""
        name = self.entity_names[index]
        return f"{name} change" if self._states_change(figure) else name

    def _kin(self, figure: Figure, earlier: list[Claim], sentence_start: int) -> Claim | None:
        """The last claim before `figure` in its sentence whose metric it shares when it names none: not a count's for
        money nor money's for a count ("spent Rs 2 lakh in four attempts and Rs 4 lakh on fees": spending), but a
        price's for a percentage ("last at $60.73, down 2.74%")."""
        for claim in reversed(earlier):
            if claim.start != sentence_start:
                return None
            if not _money_and_count(self.kinds[claim.figure], figure.kind):
                return claim
        return None

    def _organisation_metric(self, metric: str | None) -> bool:
        """Whether a metric is one only an organisation has (rules/claims/organisation_metrics), itself or as the
        last words of a longer one ("Alibaba market value", "market value change")."""
        words = (metric or "").removesuffix("change").split()
        return any(" ".join(words[first:]) in self.words.organisation_metrics for first in range(len(words)))

    def _organisation_named(self, figure: Figure, sentence: tuple[int, int]) -> str | None:
        """The organisation the sentence names nearest the figure that can own it: not a source, a speaker of others'
        figures, a setting or a description."""
        named = [m for m in self.mentions.inside(*sentence) if m.entity.label == "ORG"
                 and not (m.in_source or m.speaks or _only_located(m))]
        return min(named, key=lambda m: min(abs(m.end - figure.start), abs(m.start - figure.end))).entity.id if named else None

    # age

    def _age_words(self, figure: Figure) -> tuple[int, int, bool] | None:
        """Where the words are that make the figure an age, and whether they follow it ("-year-old" of "a
        55-year-old man", "aged" of "adults aged 26"); None when it is no age (rules/claims/age_cues)."""
        after = self.words.age_after.match(self.text, figure.end)
        cue = after or self.words.age_before.search(self.text, max(0, figure.start - WORDS_AFTER), figure.start)
        if cue is None:
            return None
        words = cue.group().strip(" -\n")
        start = cue.start() + cue.group().index(words)
        return start, start + len(words), after is not None

    def _aged_owner(self, age: tuple[int, int, bool], sentence: tuple[int, int]) -> str | None:
        """The name an age describes: the noun its word modifies ("22-year-old Mahsa Amini"), that noun's
        appositive ("Lee Park, the 60-year-old chairman"), or the subject it is said of ("Trump is 73
        years old", "she retired at age 62"); no one when that names no one ("a 55-year-old man")."""
        start, end, after = age
        span = self.doc.char_span(start, end, alignment_mode="expand") if self.parsed else None
        if span is None or not len(span):
            return None
        anchor = span[-1] if after else span[0]
        aged = _aged_tokens(anchor) + _clause_subjects(anchor)
        aged += _named_as(aged)
        described = {token.i for token in aged}
        names = [m for m in self.mentions.inside(*sentence) if m.root in described and m.entity.label in SUBJECT_LABELS
                 and m.entity.label not in PLACE_LABELS]
        if names:
            return names[0].entity.id
        # "The 56-year-old said", "the founder died at the age of 65", "the 48-year-old Australian": a definite
        # person; a common noun the age word describes is not one ("the 2,500-year-old monarchy") unless it heads
        # the sentence, a verb misread ("The 23-year-old flew": "flew")
        thing = anchor.head if anchor.head.pos_ == "NOUN" and anchor.head.dep_ != "ROOT" and not anchor.head.ent_type_ \
            and not self._person_noun(anchor.head) else None  # "the 37-year-old mayor's chances" is a person's
        # "he died at the age of 71": a personal pronoun names the person named last, as a definite age does
        named = any(_definite(token) or token.lower_ in self.words.person_pronouns for token in aged if token != thing)
        if not named:
            return None
        # "Barr ordered investigations into the 66-year-old's suicide": a definite age that is not its clause's
        # subject describes no one that sentence names, nor whoever was named last, but the one the article is about
        return self._person_meant(start, sentence) if _describes_subject(anchor, described) else self._person_named_before(sentence)

    def _person_noun(self, noun: Token) -> bool:
        """A noun that names a person by office or trade ("mayor", "singer"), not a thing."""
        return noun.lower_ in self.words.role_words or noun.lower_ in self.words.person_anaphors

    def _person_meant(self, offset: int, sentence: tuple[int, int]) -> str | None:
        """"The 23-year-old flew to London", "the 48-year-old Australian", "he has spent $24,000": a definite age or a
        personal pronoun names someone already named, the person the sentence names nearest before it, else the last
        one named in the recent paragraphs."""
        start = self._recent_paragraphs(sentence[0], count=3)
        before = [m for m in self.mentions.inside(sentence[0], offset) if self._may_be_meant(m)]
        people = before or [m for m in self.mentions.inside(start, sentence[0]) if self._may_be_meant(m)]
        # "Jose is one of the best managers, having coached Manchester United. He has won …": the one the sentences
        # before are about, their subject, before a name deeper in them
        subjects = [m for m in people if m.root >= 0 and self.doc[m.root].dep_ in SUBJECT_DEPS]
        return (subjects or people)[-1].entity.id if people else None

    def _person_named_before(self, sentence: tuple[int, int]) -> str | None:
        """The person the recent paragraphs before the sentence name: the one the article is about when they name
        it, else the only one they name; no one when they name several."""
        start = self._recent_paragraphs(sentence[0], count=3)
        people = {m.entity.id for m in self.mentions.inside(start, sentence[0]) if self._may_be_meant(m)}
        dominant = self._dominant_person()
        if dominant is not None and dominant in people | {m.entity.id for m in self.mentions.inside(*sentence)}:
            return dominant
        return next(iter(people)) if len(people) == 1 else None

    def _may_be_meant(self, mention: _Mention) -> bool:
        """A person a pronoun or a definite age may point to: not a source, nor the article's reporter ("reporter
        Lin Tao … he died at the age of 71": the founder the headline names)."""
        return mention.entity.label == "PERSON" and not mention.in_source and mention.entity.id not in self.outlets

    # recipe

    def _in_recipe(self, figure: Figure, sentence: tuple[int, int]) -> bool:
        """Whether a figure measures a recipe's dish (rules/claims/kitchen_words): it is in an ingredient line
        ("2 cups all-purpose flour", "3 large eggs" among such lines) or in an instruction that opens with a
        kitchen verb ("Preheat the oven to 350F", "Bake for 45 to 50 minutes")."""
        line = self._paragraph(figure.start)
        return self._memoized(("ingredient", *line), lambda: self._ingredient_line(line)) \
            or self._memoized(("instruction", *sentence), lambda: self._instruction(sentence))

    def _ingredient_line(self, line: tuple[int, int]) -> bool:
        """A line that lists two measured amounts or more and ends as no sentence does ("Tomato salad (1/2 cup
        cherry tomatoes, 1/4 cup feta, 1 Tbsp. vinegar)"), or one that opens with a figure, is short, ends as no
        sentence does and names a kitchen measure, or stands beside such a line that does ("3 large eggs" after
        "2 cups flour")."""
        if self._measured_amounts(line) >= MIN_LISTED_MEASURES and not _SENTENCE_CLOSE.search(self.text, *line):
            return True  # not a sentence's ("a study found that drinking 17 ounces (500 ml) of water …")
        if not self._figure_line(line):
            return False
        if self._names_measure(line):
            return True
        return any(self._figure_line(other) and self._names_measure(other) for other in self._lines_beside(line))

    def _measured_amounts(self, line: tuple[int, int]) -> int:
        """How many figures of the line a kitchen measure follows ("1 cup", "4 oz.")."""
        after = (_WORD_AFTER.match(self.text, figure.end, line[1]) for figure in self.figures_by_offset.inside(*line))
        return sum(1 for word in after if word is not None and word.group(1).lower() in self.words.kitchen_measures)

    def _figure_line(self, line: tuple[int, int]) -> bool:
        text = self.text[line[0]:line[1]]
        opening = _LINE_OPENING.match(text)
        first = self.figures_by_offset.inside(*line)
        return opening is not None and bool(first) and first[0].start == line[0] + opening.end() \
            and len(text.split()) <= MAX_INGREDIENT_WORDS and not _SENTENCE_CLOSE.search(text)

    def _names_measure(self, line: tuple[int, int]) -> bool:
        return any(word.lower() in self.words.kitchen_measures for word in _WORD.findall(self.text, *line))

    def _lines_beside(self, line: tuple[int, int]) -> list[tuple[int, int]]:
        """The nearest line with text before `line` and after it."""
        beside = []
        start = line[0]
        while start > 0:
            start, end = self._paragraph(start - 1)
            if self.text[start:end].strip():
                beside.append((start, end))
                break
        end = line[1]
        while end < len(self.text):
            start, end = self._paragraph(end + 1)
            if self.text[start:end].strip():
                beside.append((start, end))
                break
        return beside

    def _instruction(self, sentence: tuple[int, int]) -> bool:
        """A sentence that opens with a kitchen verb as a command, after a step's number if any ("2. Whisk the
        eggs", "Eat every 2-3 hours"; not "Cook said"); with a verb of wider use only when it names a kitchen
        measure ("Add 1 1/2 cups honey"; not "Add in a 101 hp drive")."""
        opening = _STEP_OPENING.match(self.text, sentence[0], sentence[1])
        word = _WORD.match(self.text, opening.end() if opening else sentence[0], sentence[1])
        if word is None:
            return False
        verb = word.group().lower()
        if verb not in self.words.kitchen_verbs and not (verb in self.words.kitchen_measured_verbs and self._names_measure(sentence)):
            return False
        token = self.doc.char_span(word.start(), word.end()) if self.parsed else None
        following = self.doc[token.end] if token is not None and token.end < len(self.doc) else None
        return token is None or not (token.root.dep_ in SUBJECT_DEPS or (following is not None and following.tag_ in FINITE_TAGS))

    # sentence and paragraph

    def _sentence_bounds(self, offset: int) -> tuple[int, int]:
        span = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        if span is None or not self.doc.has_annotation("SENT_START"):
            return self._paragraph(offset)
        sentence = self.sentences.of(span[0])
        line = self._paragraph(offset)
        return max(sentence[0], line[0]), min(sentence[1], line[1])

    def _paragraph(self, offset: int) -> tuple[int, int]:
        return self.lines.line(offset)

    def _root(self, figure: Figure) -> Token | None:
        return self._span_root(figure.start, figure.end)

    def _span_root(self, start: int, end: int) -> Token | None:
        if not self.parsed:
            return None
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span.root if span is not None and len(span) else None

    def _memoized(self, key: tuple[str, int, int], build: Callable[[], T]) -> T:
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]  # type: ignore[return-value]

    # subject

    def _subject(self, figure: Figure, root: Token | None, sentence: tuple[int, int], sibling: str | None) -> str | None:
        """Whose the figure is. `sibling` is the subject of the figure before it in the same sentence: when the
        sentence names no owner for this one, it shares that one's ("403.5 million smartphones shipped
        worldwide, 6.3 percent below the 430.7 million shipped a year before")."""
        speaker = self._first_person_speaker(figure, sentence) or self._respective_owner(figure, sentence)
        if speaker is not None:
            return speaker
        if root is not None:
            funded = self._funded_owner(root) if figure.kind == "money" else None
            if funded is not None:  # "Northwind invested $10 million in Brightloop": Brightloop's
                return funded
            figure_span = self.doc.char_span(figure.start, figure.end, alignment_mode="expand")
            figure_tokens = range(figure_span.start, figure_span.end) if figure_span is not None else range(0)
            elliptic = self._elliptic_owner(figure_tokens)
            if elliptic is not None:  # "The death toll in Turkey stands at 20,665 and in Syria more than 3,500"
                return elliptic
            described = _described_noun(root, figure)
            if described is not None:  # "the 100-person Hong Kong delegation"
                owner = self._phrase_owner(self.doc[described.i:described.i + 1], own=False, figure_tokens=figure_tokens) \
                    or self._named_thing(described, figure)
                if owner is not None:
                    return owner
            phrases = list(_governing_phrases(root, self.words, self.trees))
            named = self._named_clause_subject(root)
            untagged = self._untagged_name_subject(root) if named is None else None
            ranked = named or self._anaphor_clause_subject(root, sentence) or untagged  # "He won titles in four countries
            # (Portugal, …)"; "The Eagles led 14-7 before scoring 24 points"
            for index, phrase in enumerate(phrases):
                owner = self._phrase_owner(phrase, own=index == 0, figure_tokens=figure_tokens,
                                           counted=figure.kind in COUNTING_KINDS)
                if owner is not None:
                    return owner
                found = self._entity_in(phrase.start_char, phrase.end_char, exclude=figure)
                if found is not None:
                    return ranked[0] if ranked is not None and self._outranks(ranked, found, phrase) else found
                # "new energy vehicle sales across the country reached 9.49 million", the Association said: the
                # country's, before the clause that reports it; not "its stores across the country" (its possessor's)
                national = None if _possessed_by_other(phrase.root, self.words) else self._national_of((phrase.root,))
                scope = self._scope_owner(phrase.root, phrase.root) or national
                if scope is not None:
                    return scope
                if ranked is not None and phrase.root.i == ranked[1] and phrase.root.lower_ in self.words.place_anaphors:
                    return ranked[0]  # "the country had admitted 1.4 million refugees": the place named before
                if len(phrase) == 1 and phrase[0].lower_ in self.words.person_pronouns:  # "he said he has spent $24,000"
                    return self._person_meant(phrase.start_char, sentence) or self._dominant_person() or _UNNAMED
                if phrase.end_char - phrase.start_char <= MAX_ANAPHOR_CHARS and self.words.anaphor.match(phrase.text.strip()):
                    if len(phrase) == 1:  # "the object was tracked as it moved at 12,000 meters": the clause above's
                        above = (self._phrase_owner(higher, own=False, figure_tokens=figure_tokens) for higher in phrases[index + 1:])
                        owner = next((found for found in above if found is not None), None)
                        if owner is not None:
                            return owner
                    speaker = self._speaker_of_itself(phrase[0]) if len(phrase) == 1 and phrase[0].pos_ == "PRON" else None
                    if speaker is not None:  # "The Harbor Tourism Board said it will spend S$110 million": the board's
                        return speaker
                    product = phrase.text.strip().split()[-1].lower() in self.words.product_anaphors
                    pronoun = sibling if len(phrase) == 1 and phrase[0].pos_ == "PRON" else None  # "the app has 100
                    # million users; it could reach 1 billion": "it" is whom the sentence's last figure was about
                    antecedent = (self.main_product if product else None) or pronoun or self.main_organisation \
                        or self._organisation_before(figure.start, figure)
                    if antecedent is not None:
                        return antecedent
                person = self._possessor_person(phrase, sentence)
                if person is not None:
                    return person
                meant = named or (ranked if ranked is not None and ranked[0] != _UNNAMED else None)  # "In addition to its order of
                # 30 jets, it announced …": what "it" stands for
                company = self._possessor_company(phrase, figure, sentence, meant) or self._described_possessor(phrase)
                if company is not None:
                    return company
                # "blacklisted six Chinese entities": counted, not owners; "600,000 Israelis live in …": the people
                # a figure counts are its owner's when they are what the clause is about
                people = self._people_of(phrase) if index or phrase.root.dep_ in SUBJECT_DEPS else None
                if people is not None:
                    return people
            scope = self._clause_scope_owner(root, figure) or self._national_owner(root, figure)
            if scope is not None:
                return scope
            if untagged is not None:
                return untagged[0]
        found = self._entity_in(sentence[0], figure.start, exclude=figure, nearest_to=figure.start)
        if found is not None:
            return found
        own = self._source_organisation(figure, sentence)
        if own is not None:
            return own
        if sibling is not None:
            return sibling
        if self._speaks_in_first_person(sentence):  # "as I could only manage two stairs," Taylor added: the
            return self._person_named(sentence)  # speaker's own, never the article's place or company
        if self.dominant is not None:  # the sentence names no owner: the article's subject, when it clearly is one
            return self.dominant
        if self.headline_subject is not None:  # else what the headline is about, when the article comes back to it
            return self.headline_subject
        recent = self._memoized(("reported economy", 0, 0), self._reported_economy) or self._recent_owner(figure, sentence[0])
        return recent if recent is not None else self._memoized(("headline phrase", 0, 0), self._headline_phrase)

    def _elliptic_owner(self, figure_tokens: range) -> str | None:
        """"The death toll in Turkey stands at 20,665 and in Syria more than 3,500", "Guangdong's exports were 5.3
        trillion yuan, Jiangsu 3.4 trillion", "while in Syria it exceeded 3,500": a list item that leaves out its
        verb or its noun, opened by a conjunction or a comma, whose name (after a place preposition, or not) comes
        right before its figure (or before "at", or "it" and a verb), is that name's."""
        if not figure_tokens or figure_tokens.start < 3:
            return None
        for gap in range(MAX_ELLIPTIC_GAP + 1):
            name_end = figure_tokens.start - gap
            if gap and not self._elliptic_gap(self.doc[name_end:figure_tokens.start]):
                continue
            name = self.doc[name_end - 1]
            named = [m for m in self.mentions.inside(name.idx, name.idx + len(name))
                     if m.end == name.idx + len(name) and m.entity.label in SUBJECT_LABELS and not (m.in_source or m.speaks)]
            span = self.doc.char_span(named[0].start, named[0].end, alignment_mode="expand") if named else None
            if span is None:
                continue
            before = span.start - 1
            if before > 0 and self.doc[before].lower_ == "the":
                before -= 1
            if before > 0 and self.doc[before].lower_ in self.words.place_prepositions:
                before -= 1
            return named[0].entity.id if before > 0 and self.doc[before].lower_ in ELLIPTIC_OPENERS else None
        return None

    def _elliptic_gap(self, between: Span) -> bool:
        """What may stand between a list item's name and its figure: "at" ("Syria at 3,500"), or a pronoun and
        its verb ("in Syria it exceeded 3,500")."""
        if len(between) == 1:
            return between[0].lower_ == "at"
        return len(between) == 2 and between[0].lower_ in ("it", "they") and between[1].pos_ in ("VERB", "AUX")

    def _named_clause_subject(self, root: Token) -> tuple[str, int] | None:
        """The entity the clause governing a figure names as its own subject, with that subject's token ("Jose
        Mourinho won three Premier League titles", "Emirates is the biggest buyer of the A380, with 123 of them"):
        None when the subject is no name, a name that reports or forecasts others' figures ("Goldman expects 5%
        growth in China"), or a place said to be where something happened."""
        subject = _clause_subject(root, self.words)
        if subject is None:
            return None
        named = [m for m in self.mentions.inside(subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge))
                 if m.root == subject.i and m.entity.label in OWNING_SUBJECT_LABELS
                 and not m.in_source and not m.speaks and m.located is None]
        return (named[0].entity.id, subject.i) if named else None

    def _untagged_name_subject(self, root: Token) -> tuple[str, int] | None:
        """The clause's own subject when it is a proper name the entity recogniser left untagged ("The Eagles led
        14-7 before scoring 24 points", "Stadia is launching with 22 games"): it owns the figure before a name
        deeper in the clause or one from the sentences before; with that subject's token. None when any entity
        overlaps the subject's name (a tagged name is `_named_clause_subject`'s, a place or a source is no owner),
        and when the model tagged it but the entity stage dropped it as no name ("GMV"); nor a title ("the
        President"), a short acronym or a model number (a measure, a product: "core CPI", "the SU7": whose they are
        the sentences before tell), a kind of thing ("the Consumer Price Index"), or a common word opening its
        sentence."""
        subject = _clause_subject(root, self.words)
        if subject is None or subject.pos_ != "PROPN" or not subject.text[:1].isupper():
            return None
        tokens = [token for token in subject.lefts if token.dep_ == "compound" and token.pos_ == "PROPN"] + [subject]
        start, end = tokens[0].idx, subject.idx + len(subject)
        if self.mentions.overlapping(start, end) or self.words.anaphor.match(self.text[start:end]) \
                or any(token.ent_type_ or token.lower_ in self.words.role_words or _ACRONYM_OR_MODEL.search(token.text)
                       for token in tokens) or subject.lower_ in self.words.kind_heads \
                or (len(tokens) == 1 and subject.is_sent_start and not self._capitalised_inside(subject.text)):
            return None  # "the President had a risk"; "core CPI slipped 0.1%"; "the SU7 had 75,723 orders"; "Jam will set"
        return self.phrase_owners.owner(self.text[start:end], start, end), subject.i

    def _capitalised_inside(self, word: str) -> bool:
        """Whether `word` is written with its capital inside a sentence somewhere in the text (a name, not a common
        word that opens its sentence: "Marijuana has been legalized in 11 states"); looked up once per word, as a
        long text may ask of the same word many times."""
        return self._memoized((f"capitalised {word}", 0, 0), lambda: any(
            _INSIDE_SENTENCE.search(self.text[max(0, match.start() - 3):match.start()])
            for match in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", self.text)))

    def _anaphor_clause_subject(self, root: Token, sentence: tuple[int, int]) -> tuple[str, int] | None:
        """What the clause's own subject points back to when it names no one, with that subject's token, never a
        name of the figure's list or phrase: the person for a personal pronoun ("He has won a title in four countries
        (Portugal, England, Italy and Spain)"; `_UNNAMED` when it points to no one named) and for a word for a person
        ("the 56-year-old", "the singer"), the organisation or thing "it" stands for ("NASA said it was adding five
        companies, from small ventures to Blue Origin": NASA), the company "the company" stands for, and the place
        "the country" or "the state" does (rules/claims/anaphors)."""
        subject = _clause_subject(root, self.words)
        if subject is None:
            return None
        if subject.lower_ in self.words.person_pronouns:
            return self._person_meant(subject.idx, sentence) or self._dominant_person() or _UNNAMED, subject.i
        if subject.lower_ in self.words.organisation_pronouns:
            meant = None if _expletive(subject) else self._speaker_of_itself(subject) or self._thing_meant(subject.idx, sentence)
            return (meant, subject.i) if meant is not None else None
        if not _described(subject, self.words.anaphor_determiners) \
                or any(m.entity.label in NAMING_LABELS for m in self.mentions.inside(subject.left_edge.idx, subject.idx)):
            return None
        if subject.lower_ in self.words.person_anaphors or self._definite_age(subject):
            meant = self._person_meant(subject.idx, sentence) or self._dominant_person()
        elif subject.lower_ in self.words.place_anaphors:
            meant = self._place_meant(subject, sentence)
        elif subject.lower_ in self.words.anaphor_nouns and subject.lower_ not in self.words.product_anaphors:
            meant = self._named_like(subject.lower_, subject.idx) or self._company_meant(subject.idx)
        else:
            return None
        return (meant, subject.i) if meant is not None else None

    def _definite_age(self, noun: Token) -> bool:
        """Whether a noun phrase is a person's age alone ("the 56-year-old"): a number its age words follow."""
        return any(token.like_num and self.words.age_after.match(self.text, token.idx + len(token)) for token in noun.subtree)

    def _thing_meant(self, offset: int, sentence: tuple[int, int]) -> str | None:
        """"Emirates had a fleet of 270 aircraft. … it announced an order of 50 Airbus jets": what "it" stands for, the
        organisation, product or place the sentence names as a subject before it, else the sentences before (the
        recent paragraphs), else the last one named there; not a source, a speaker of others' figures, a setting or a
        word describing another noun ("its order of 30 Boeing jets")."""
        start = self._recent_paragraphs(sentence[0], count=3)

        def meant(mention: _Mention) -> bool:
            return mention.entity.label in OWNING_SUBJECT_LABELS - {"PERSON"} and not (mention.in_source or mention.speaks) \
                and mention.located is None and not self._describes(mention) and mention.entity.id not in self.outlets
        before = [m for m in self.mentions.inside(sentence[0], offset) if meant(m)]
        things = before or [m for m in self.mentions.inside(start, sentence[0]) if meant(m)]
        subjects = [m for m in things if m.root >= 0 and self.doc[m.root].dep_ in SUBJECT_DEPS]
        return (subjects or things)[-1].entity.id if things else None

    def _place_meant(self, noun: Token, sentence: tuple[int, int]) -> str | None:
        """The place "the country", "the state" stands for: the one named last before it in its sentence, else in the
        recent paragraphs; a country by its name or its people's ("According to the Jordanian government, the country
        had admitted 1.4 million refugees": Jordan), a place within one ("the city", "the state") by a name that is no
        country's; not a place describing another noun ("the Minneapolis ad agency")."""
        national = noun.lower_ in self.words.national_places
        start = self._recent_paragraphs(sentence[0], count=3)
        for window in ((sentence[0], noun.idx), (start, sentence[0])):
            for mention in reversed(list(self.mentions.inside(*window))):
                country = self.words.countries.get(mention.entity.name.casefold())
                if mention.entity.label == "GPE" and not mention.in_source and (national or country is None) \
                        and not (mention.root >= 0 and self.doc[mention.root].dep_ in MODIFIER_DEPS):
                    return mention.entity.id
                if national and country is not None and mention.entity.label == "NORP":
                    return self._named_of_kind("GPE", mention.start, mention.end)
        return None

    def _outranks(self, named: tuple[str, int], found: str, phrase: Span) -> bool:
        """Whether the clause's named subject owns a figure before `found`, a name its governing `phrase` holds
        deeper in the object or a prepositional phrase; not when the phrase holds that subject or lies inside it
        ("The Last Hot Time and the two Star Trek novels remained"), nor when `found` possesses what the phrase is
        about ("Acme's 5% stake", "cut Zeta's target by 5%"), is its agent ("a 3-pointer by Paul George") or the
        subject of a clause inside it ("a milder slide than the 4.4 percent drop that Samsung suffered")."""
        entity, token = named
        subject = self.doc[token]
        if entity == found or phrase.start <= token < phrase.end or subject.is_ancestor(phrase.root):
            return False
        owner_nouns = self.words.owner_nouns | self.words.collective_nouns
        if any(above.lower_ in owner_nouns for above in itertools.takewhile(lambda above: above != subject.head,
                                                                             _ancestors(phrase.root))):
            return False  # "organized a Hong Kong delegation of 100 people": the group's members, not the organiser's
        held = [self.doc[m.root] for m in self.mentions.inside(phrase.start_char, phrase.end_char)
                if m.entity.id == found and m.root >= 0]
        return not any(name.dep_ == "poss" or name.dep_ in SUBJECT_DEPS or _agent_of_noun(name, phrase.root)
                       for name in held)

    def _dominant_person(self) -> str | None:
        """The person the article is about, when it clearly is about one: whom "he" points to when no one is
        named near."""
        return self.dominant if self.dominant is not None and self.labels.get(self.dominant) == "PERSON" else None

    def _speaker_of_itself(self, pronoun: Token) -> str | None:
        """The organisation a pronoun stands for when it is the subject of what that organisation says ("The
        Harbor Tourism Board announced that it plans to spend S$110 million"): the speaker speaks of itself."""
        verb = pronoun.head
        if verb.dep_ != "ccomp" or pronoun.lower_ not in self.words.organisation_pronouns \
                or verb.lower_ in self.words.forecast_verbs:  # "it expects 14 million visitors": reported again
            return None
        for subject in (child for child in verb.head.children if child.dep_ in SUBJECT_DEPS):
            start, end = subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge)
            named = [m for m in self.mentions.inside(start, end) if m.entity.label in MAIN_LABELS[0] and not m.in_source]
            if named:
                return named[0].entity.id
        return None

    def _named_thing(self, noun: Token, figure: Figure) -> str | None:
        """"a 65-inch Samsung TV", "Apple's 12-inch MacBook": a size joined by a hyphen describes a thing its noun
        phrase names, whatever else the sentence names (the shop that sells it): the name nearest the noun."""
        named = [m for m in self.mentions.inside(noun.left_edge.idx, noun.idx + len(noun)) if m.entity.label in NAMING_LABELS
                 and not m.in_source and not overlaps((m.start, m.end), (figure.start, figure.end))]
        return max(named, key=lambda mention: mention.end).entity.id if named else None

    def _funded_owner(self, root: Token) -> str | None:
        """Who raises or receives an amount of money given by someone else (rules/claims/funding_words): the
        object of a recipient preposition on the raise it measures or the verb that hands it over
        ("a $25 million round in Brightloop", "Northwind invested $10 million in Brightloop", "the fund was
        readying $500m for the bank": the company "the bank" points to); a raise that a giver leads or runs
        and that names no one to receive it is the article's company's ("JP Morgan was brought in to run the
        $500m raise"), unless that company is the giver."""
        funding = self.words.funding
        noun, verb = _funding_context(root, funding)
        giving = verb is not None and verb.lower_ in funding["giver"]
        if noun is None and not giving:
            return None
        for holder in (noun, verb if giving else None):
            for preposition in holder.children if holder is not None else ():
                if preposition.dep_ == "prep" and preposition.lower_ in funding["recipient"]:
                    recipient = next((self._recipient(obj) for obj in preposition.children if obj.dep_ == "pobj"), None)
                    if recipient is not None:
                        return recipient
        if not giving or noun is None or verb is None or self.main_organisation is None:
            return None
        givers = _subjects_up(verb)
        given = {m.entity.id for giver in givers
                 for m in self.mentions.inside(giver.left_edge.idx, giver.right_edge.idx + len(giver.right_edge))}
        return self.main_organisation if self.main_organisation not in given else None

    def _recipient(self, obj: Token) -> str | None:
        """The company the object of a recipient preposition names ("in Brightloop"), or points to ("for the
        bank", "into it": the article's company); not a country ("invested $1 billion in India": where)."""
        start, end = obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge)
        named = [m for m in self.mentions.inside(start, end) if m.entity.label in SUBJECT_LABELS and not m.in_source
                 and m.entity.name.casefold() not in self.words.countries]
        if named:
            return named[0].entity.id
        words = self.text[start:end].strip()
        if len(words) > MAX_ANAPHOR_CHARS or not self.words.anaphor.match(words):
            return None
        product = words.split()[-1].lower() in self.words.product_anaphors
        return (self.main_product if product else None) or self.main_organisation

    def _investors(self, figure: Figure) -> frozenset[int]:
        """The tokens that name who gives a raised amount, never its owner (rules/claims/funding_words): the
        agent of a giver participle on the raise ("a $25 million round led by Index Ventures") and the object
        of a backer preposition on the raise or the verb that takes it ("raised $40 million from Sequoia")."""
        root = self.roots[figure.id]
        if root is None or figure.kind != "money":
            return frozenset()
        funding = self.words.funding
        noun, verb = _funding_context(root, funding)
        taking = verb is not None and verb.lower_ in funding["taker"]
        if noun is None and not taking:
            return frozenset()
        tokens: set[int] = set()
        for holder in (root, noun, verb if taking else None):
            for child in holder.children if holder is not None else ():
                if child.dep_ == "prep" and child.lower_ in funding["backer"]:
                    tokens.update(token.i for token in child.subtree)
                elif child.dep_ in ("acl", "relcl") and child.lower_ in funding["giver"]:
                    tokens.update(token.i for agent in child.children if agent.dep_ == "agent" for token in agent.subtree)
        return frozenset(tokens)

    def _reporters(self, figure: Figure) -> frozenset[int]:
        """The tokens that name who reports a count of what a reported clause is about, never its owner: the
        subject of the verb whose complement the counted noun is the subject of ("Harbor police reported 5,000
        people entered the hall", "the institute estimated that 964,000 people used it", "Lin said 30 people
        died"). The speaker counts others; what a speaker says of itself names it again ("said it sold 30,000")."""
        root = self.roots[figure.id]
        if root is None or figure.kind not in COUNTING_KINDS:
            return frozenset()
        counted = root.head if root.dep_ in _COUNT_DEPS and root.head != root else root
        clause = counted.head
        if counted.dep_ not in SUBJECT_DEPS or clause.dep_ != "ccomp" or clause.head == clause:
            return frozenset()
        return frozenset(token.i for child in clause.head.children if child.dep_ in SUBJECT_DEPS for token in child.subtree)

    def _counted_peers(self, figure: Figure) -> frozenset[int]:
        """The tokens that name what is listed beside a counted noun, never its owner: "legal in 11 states and the
        District of Columbia" (counted with the states), "5 hospitals and the Mayo Clinic"."""
        root = self.roots[figure.id]
        if root is None or figure.kind not in COUNTING_KINDS:
            return frozenset()
        counted = root.head if root.dep_ in _COUNT_DEPS and root.head != root else None
        if counted is None or counted.pos_ != "NOUN":
            return frozenset()
        return frozenset(token.i for child in counted.children if child.dep_ == "conj" for token in child.subtree)

    def _recent_owner(self, figure: Figure, offset: int) -> str | None:
        """The owner named nearest before `offset` in the recent paragraphs: a name, or an owner phrase
        found there for an earlier figure when it comes later ("the Chinese rescue team sent 45 rescuers.
        So far, four people have been rescued")."""
        start = self._recent_paragraphs(offset, count=3)
        named = self._entity_in(start, offset, exclude=figure, nearest_to=offset)
        phrase = self.phrase_owners.last_before(start, offset)
        if phrase is None:
            return named
        named_mentions = [m for m in self.mentions.inside(start, offset) if m.entity.id == named]
        if any(m.entity.label in PLACE_LABELS for m in named_mentions):
            return phrase[1]  # an owner beats a place ("… a block on Vodabasch Avenue. So far, four people …")
        return phrase[1] if phrase[0] > max((m.end for m in named_mentions), default=-1) else named

    def _phrase_owner(self, phrase: Span, *, own: bool, figure_tokens: range, counted: bool = False) -> str | None:
        """"The Chinese rescue team that was searching in Turkey had sent 45 rescuers": a phrase headed by an
        owner noun that names no organisation, product or person owns the figure under it, whatever its
        relative clause mentions. Of the figure's own phrase, what it counts is never the owner; what that
        is "of" can be ("10 representatives of the seminar")."""
        head: Token | None = phrase.root
        if own:  # only a counted noun's: "19% of the market" is a share of it, "twice the rate of the industry" a base
            counts = counted and phrase.root.i not in figure_tokens and \
                any(child.dep_ == "nummod" and child.i in figure_tokens for child in phrase.root.children)
            head = _of_object(phrase.root) if counts else None
        owner_nouns = self.words.owner_nouns | self.words.collective_nouns
        first = head
        if head is not None and head.lower_ not in owner_nouns:  # "IaaS and PaaS services, which grew 30%"
            head = next((child for child in head.children if child.dep_ == "conj" and child.lower_ in owner_nouns), None)
        if head is None or first is None or head.lower_ not in owner_nouns \
                or any(child.dep_ in ("poss", "nummod") for child in head.children):
            return None  # "Singapore's tourism industry" is Singapore's; "two search teams" are counted, not owners
        tokens = _owner_tokens(head, self.words)
        if first is not head and tokens:
            tokens = list(self.doc[min(_owner_tokens(first, self.words)[0].i, tokens[0].i):tokens[-1].i + 1])
        if not tokens or self.words.anaphor.match(" ".join(token.text for token in tokens)) \
                or any(token.i in figure_tokens for token in tokens):  # "the first batch of 56 stocks" for 56
            return None
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        if self._names_owner(phrase.start_char, phrase.end_char, _clause_children(head)):
            return None
        return self.phrase_owners.owner(self.text[start:end], start, end)

    def _headline_phrase(self) -> str | None:
        """"Chinese rescue team continues operation in Turkey": the owner phrase the headline's first
        clause is about, when its head noun comes back in the article below."""
        title_end = self.headline.end
        title = self.doc.char_span(0, title_end, alignment_mode="contract") if title_end else None
        if not self.parsed or title is None or not len(title):
            return None
        top = title[0].sent.root
        subjects = [child for child in top.children if child.dep_ in SUBJECT_DEPS] or ([top] if top.pos_ == "NOUN" else [])
        if not subjects or subjects[0].i >= title.end:
            return None
        head = subjects[0]
        if not re.search(rf"(?<!\w){re.escape(head.text)}(?!\w)", self.text[title_end:], re.IGNORECASE):
            return None
        phrase = self.doc[head.left_edge.i:min(head.right_edge.i + 1, title.end)]
        return self._phrase_owner(phrase, own=False, figure_tokens=range(0))

    def _names_owner(self, start: int, end: int, skipped: list[Token]) -> bool:
        """Whether an organisation, product or person that can own a figure is named in [start, end),
        outside the `skipped` subtrees (a relative clause says where or with whom, not whose)."""
        outside = [(token.left_edge.idx, token.right_edge.idx + len(token.right_edge)) for token in skipped]
        return any(m.entity.label in NAMING_LABELS and not m.in_source and not _only_located(m)
                   and not any(overlaps((m.start, m.end), bounds) for bounds in outside)
                   for m in self.mentions.inside(start, end))

    def _scope_owner(self, noun: Token, counted: Token | None) -> str | None:
        """"worldwide shipments of mobile phones", "global smartphone shipments": a metric scoped to the
        whole world belongs to the global market of what it measures ("global smartphone market")."""
        scoping = [child for child in noun.children if child.lower_ in self.words.scopes and child.dep_ in SCOPE_DEPS]
        if not scoping or any(child.dep_ == "poss" for child in noun.children):  # "their worldwide shares": theirs
            return None
        scope = self.words.scopes[scoping[0].lower_]
        product = _product_words(noun, set(self.words.scopes)) or \
            (_product_words(counted, set(self.words.scopes), itself=True) if counted is not None and counted != noun else [])
        name = " ".join([scope, *product, "market"])
        start, end = noun.left_edge.idx, noun.idx + len(noun)
        return self.phrase_owners.owner(name, start, end, aliases=[f"{scope} market"] if product else [])

    def _clause_scope_owner(self, root: Token, figure: Figure) -> str | None:
        """"403.5 million smartphones shipped worldwide": the scope word on the verb the figure's noun
        hangs from, the counted noun as what the market sells."""
        counted = _head_noun(root, figure)
        verb = next((token for token in counted.ancestors if token.pos_ in ("VERB", "AUX")), None) if counted else None
        if verb is None or counted is None:
            return None
        return self._scope_owner(verb, counted)

    def _national_owner(self, root: Token, figure: Figure) -> str | None:
        """"police expect between 600,000 and 800,000 nationwide", "2.5 million people across the country":
        a figure of the whole country belongs to the country the article is about."""
        counted = _head_noun(root, figure)
        listed = root.head if root.dep_ == "conj" else None  # "between 90,000 and 120,000 in the Paris area"
        verb = next((token for token in root.ancestors if token.pos_ in ("VERB", "AUX")), None)
        return self._national_of((root, listed, counted, verb))

    def _national_of(self, tokens: Iterable[Token | None]) -> str | None:
        """The country the article is about, when one of `tokens` is scoped to the whole of it: a national word
        among its modifiers ("nationwide", "the national box office"; not a name's "National Bureau"), a national
        place its preposition governs ("sales across the country") or its possessor ("our country's exports");
        None when a narrower place is named there ("in the Paris area")."""
        for token in tokens:
            if token is None:
                continue
            modifiers = token.doc[token.left_edge.i:token.i] if token.pos_ in ("NOUN", "PROPN") else ()
            national = next((word for word in modifiers if word.lower_ in self.words.national_words and not word.ent_type_), None)
            for child in (national, *token.children):
                if child is None:
                    continue
                place = next((grand for grand in child.children if grand.dep_ == "pobj"), None) \
                    if child.dep_ == "prep" and child.lower_ in self.words.place_prepositions else \
                    child if child.dep_ == "poss" and child.lower_ in self.words.national_places else None
                if place is not None and place.lower_ not in self.words.national_places:
                    if any(word.ent_type_ in PLACE_LABELS for word in place.subtree):
                        return None  # a nearer, narrower place
                    continue
                if child.lower_ in self.words.national_words or place is not None:
                    country = self._memoized(("country", 0, 0), self._main_country)
                    if country is None:
                        return None
                    name, entity = country
                    return entity or self.phrase_owners.owner(name, child.idx, child.idx + len(child))
        return None

    def _possessor_company(self, phrase: Span, figure: Figure, sentence: tuple[int, int],
                           clause_subject: tuple[str, int] | None) -> str | None:
        """"The number of people using one of its apps has reached 3.9 billion": a company's possessive in
        the governing phrase points to the clause's named subject ("Emirates is the biggest buyer of the A380, with
        123 in its fleet"), else to the owner named before it in the sentence ("Portugal converted half
        of its chances"; not a setting: "its listing in Hong Kong, pricing its shares": the company's), else to the
        organisation named last, else the article's."""
        if not any(token.dep_ == "poss" and token.lower_ in self.words.company_possessives for token in phrase):
            return None
        if clause_subject is not None and self.labels.get(clause_subject[0]) != "PERSON":
            return clause_subject[0]
        named = [m for m in self.mentions.inside(sentence[0], phrase.start_char) if m.entity.label in SUBJECT_LABELS
                 and m.entity.label != "PERSON" and not (m.in_source or m.speaks or m.located)]
        if named:
            return max(named, key=lambda mention: mention.end).entity.id
        return self._organisation_before(phrase.start_char, figure) or self.main_organisation

    def _described_possessor(self, phrase: Span) -> str | None:
        """"the company's revenue", "the bank's profit": a possessor described by a word that points back to a company
        (rules/claims/anaphors) is the organisation it stands for, as when it speaks ("the company said": `named_source`)."""
        possessor = next((child for child in phrase.root.children if child.dep_ == "poss" and child.pos_ == "NOUN"
                          and child.lower_ in self.words.anaphor_nouns), None)  # not "the state's" nor "the Lakers'"
        if possessor is None or not any(child.dep_ == "det" and child.lower_ in self.words.anaphor_determiners
                                        for child in possessor.children):
            return None
        return self._named_like(possessor.lower_, possessor.idx) or self._company_meant(possessor.idx)

    def _people_of(self, phrase: Span) -> str | None:
        """"a majority of French people do not support raising the age from 62 to 64": a governing phrase
        that names no owner but a country's people stands for that country."""
        people = [phrase.root, _of_object(phrase.root)]
        for mention in self.mentions.inside(phrase.start_char, phrase.end_char):
            country = self.words.countries.get(mention.entity.name.casefold()) if mention.entity.label == "NORP" else None
            named = self.doc[mention.root] if mention.root >= 0 else None
            # "French people", "a majority of French voters", "70% of Americans"; not "the Chinese maker" nor "the
            # five Chinese companies" (companies named elsewhere), nor "the French duo" (people named elsewhere)
            described = named if named is not None and named in people else named.head if named is not None else None
            if country is not None and described is not None and described in people and described.tag_ in PLURAL_TAGS \
                    and noun_lemma(described.lower_) not in self.words.anaphor_nouns \
                    and described.lower_ not in self.words.anaphor_nouns:
                places = [m.entity.id for m in self.mentions.items if m.entity.label in PLACE_LABELS
                          and self.words.countries.get(m.entity.name.casefold()) == country]
                return places[0] if places else self.phrase_owners.owner(country, mention.start, mention.end)
        return None

    def _main_country(self) -> tuple[str, str | None] | None:
        """The country the article names most, by its names and its people's ("French unions"), with the
        id of the place entity that names it, if one does."""
        counts: Counter[str] = Counter()
        places: dict[str, str] = {}
        for mention in self.mentions.items:
            country = next((self.words.countries[form.casefold()] for form in (mention.entity.name, *mention.entity.aliases)
                            if form.casefold() in self.words.countries), None)
            if country is None:
                continue
            counts[country] += 1
            if mention.entity.label in PLACE_LABELS:
                places.setdefault(country, mention.entity.id)
        if not counts:
            return None
        country = counts.most_common(1)[0][0]
        return country, places.get(country)

    def _possessor_person(self, phrase: Span, sentence: tuple[int, int]) -> str | None:
        """"Trump promised that his program would lift growth to 4%": a person's possessive before the
        governing noun points to the last person named before it in the sentence, speaker or not."""
        if not any(child.dep_ == "poss" and child.lower_ in self.words.person_possessives for child in phrase.root.children):
            return None
        kind = self.words.possessed_kinds.get(noun_lemma(phrase.root.lower_))
        if kind is not None:  # "Modi pledged that his country would double its capacity": the country's
            return self._named_of_kind(kind, sentence[0], phrase.start_char) or _UNNAMED
        people = [m for m in self.mentions.inside(sentence[0], phrase.start_char)
                  if m.entity.label == "PERSON" and not m.in_source]
        return people[-1].entity.id if people else None

    def _named_of_kind(self, kind: str, start: int, end: int) -> str | None:
        """The place (kind GPE: by its name or its people's, "Indian Prime Minister …") or organisation (ORG, not
        one cited) named last in [start, end)."""
        for mention in reversed(list(self.mentions.inside(start, end))):
            if mention.entity.label == kind and not mention.in_source:
                return mention.entity.id
            country = self.words.countries.get(mention.entity.name.casefold()) if kind == "GPE" else None
            if country is not None and mention.entity.label == "NORP":
                places = [m.entity.id for m in self.mentions.items if m.entity.label in PLACE_LABELS
                          and self.words.countries.get(m.entity.name.casefold()) == country]
                return places[0] if places else self.phrase_owners.owner(country, mention.start, mention.end)
        return None

    def _source_organisation(self, figure: Figure, sentence: tuple[int, int]) -> str | None:
        """"Reporters learned from the First Affiliated Hospital that an implant costs about 16,000 yuan":
        a sentence that names no owner but an organisation as its source (not an outlet or analyst, nor one
        whose reporters saw them: "Harbor Daily reporters saw that 4 of the 5 new funds are from Acme", an
        outlet source) reports that organisation's own figures. Not one cited after them that the article
        names nowhere but as a source or a word describing someone ("dealers sold 30,154 cars, according to
        InfoNation", "InfoNation President Dan McDowell said"): a data firm's count of others."""
        source = _nearest_in(self.by_sources, sentence, figure, lambda source: source.kind in OWNING_SOURCE_KINDS)
        if source is None:
            return None
        reporters = self._memoized(("reporters", figure.start, figure.end), lambda: self._reporters(figure))
        inside = [m for m in self.mentions.inside(source.start, source.end)
                  if m.entity.label == "ORG" and m.entity.name.casefold() not in self.words.reporters
                  and m.entity.id not in self.outlets and m.root not in reporters]
        if not inside:  # "…, according to the company", "the firm said": the organisation it describes
            described = self.named_source(source).entity
            return described if described is not None and self.labels.get(described) == "ORG" else None
        if source.kind == "according_to" and source.start >= figure.end and inside[0].entity.id not in self.acting_outside_sources:
            return None
        country = _agency_country(inside[0].entity, self.words)  # "the Labor Department said": the economy's
        if country is not None:
            return self._country_owner(country, inside[0])
        if _public_body(inside[0].entity, self.words):  # "statistics released by the Harbor Tourism Board show"
            return self._served_place(inside[0])
        return inside[0].entity.id

    def _served_place(self, body: _Mention) -> str | None:
        """The place a public body serves: a country its name names ("the Singapore Tourism Board"), else a place
        the article names that its name holds ("the Zhengzhou Medical Security Bureau"); None when it names none
        (the Department of Energy of an article about South Korea's solar industry serves no place it names)."""
        forms = (body.entity.name, *body.entity.aliases)
        country = next((found for found in (_place_words(form, self.words) for form in forms) if found is not None), None)
        if country is not None:
            return self._country_owner(country, body)
        folded = [f" {_folded(form)} " for form in forms]
        places = [m.entity for m in self.mentions.items if m.entity.label in PLACE_LABELS
                  and any(f" {_folded(m.entity.name)} " in name for name in folded)]
        return max(places, key=lambda place: len(place.name)).id if places else None

    def _reported_economy(self) -> str | None:
        """The country whose economy the article reports on from the first economic agency it names ("the
        Labor Department said"; "according to the Census Bureau"): the owner of figures whose sentences
        name none."""
        for mention in self.mentions.items:
            country = _agency_country(mention.entity, self.words)
            if country is not None:
                return self._country_owner(country, mention)
        return None

    def _country_owner(self, country: str, agency: _Mention) -> str:
        """The place entity that names `country`, else an owner called by its name (found at the agency's
        mention) with its other names."""
        for mention in self.mentions.items:
            if mention.entity.label in PLACE_LABELS and any(self.words.countries.get(form.casefold()) == country
                                                            for form in (mention.entity.name, *mention.entity.aliases)):
                return mention.entity.id
        return self.phrase_owners.owner(country, agency.start, agency.end, aliases=self.words.country_aliases.get(country, ()))

    def _respective_owner(self, figure: Figure, sentence: tuple[int, int]) -> str | None:
        """"Microsoft and Google hold 20% and 13% of the market respectively": as many owners named
        before the figures as figures of the kind, handed out in order."""
        figures, owners = self._memoized(("respectively", *sentence), lambda: self._distributed(sentence))
        same_kind = [item.id for item in figures if item.kind == figure.kind]
        if figure.id not in same_kind or len(same_kind) != len(owners):
            return None
        return owners[same_kind.index(figure.id)]

    def _distributed(self, sentence: tuple[int, int]) -> tuple[list[Figure], list[str]]:
        """The figures of a sentence with a distributive word, and the distinct owners named before the first."""
        span = self.doc.char_span(*sentence, alignment_mode="expand")
        if span is None or not self._names_distributive(span):
            return [], []
        figures = self.figures_by_offset.inside(*sentence)
        if len(figures) < 2:
            return [], []
        owners = self._owners_named(sentence[0], figures[0].start)
        if not owners and span[0].sent.start > 0:  # "… Microsoft and Google. Their respective shares came to 20% and 13%."
            previous = self.doc[span[0].sent.start - 1].sent
            if previous.start_char >= self._paragraph(sentence[0])[0]:
                owners = self._owners_named(previous.start_char, previous.end_char)
        return figures, owners

    def _names_distributive(self, span: Span) -> bool:
        """Whether a token of `span` is a distributive word ("respectively"). Most sentences hold none even
        inside a longer word, which their lower-cased text tells without making a Token for every word (an
        ASCII word is a token's lower case only where it stands in the lower-cased text)."""
        words = self.words.distributives
        if all(word.isascii() for word in words):
            lowered = self.text[span.start_char:span.end_char].lower()
            if not any(word in lowered for word in words):
                return False
        return any(token.lower_ in words for token in span)

    def _owners_named(self, start: int, end: int) -> list[str]:
        """The distinct entities in [start, end) that can own a figure, in the order they are first named."""
        owners: list[str] = []
        for mention in self.mentions.inside(start, end):
            if mention.entity.label in SUBJECT_LABELS and not mention.in_source and mention.entity.id not in owners:
                owners.append(mention.entity.id)
        return owners

    def _first_person_speaker(self, figure: Figure, sentence: tuple[int, int]) -> str | None:
        """"Patient He Ying: the doctor told me that in my case it would be about 8,000 yuan": a person
        quoted in the first person owns the figures of their own case."""
        if not self._speaks_in_first_person(sentence):
            return None
        source = _nearest_in(self.by_sources, sentence, figure, lambda source: source.kind == "said")
        if source is None:
            return None
        people = [m for m in self.mentions.inside(source.start, source.end) if m.entity.label == "PERSON"]
        return people[0].entity.id if people else None

    def _person_named(self, sentence: tuple[int, int]) -> str | None:
        """The person a sentence names outside sources, nearest its end (where "…," Taylor added names the speaker)."""
        people = [m for m in self.mentions.inside(*sentence) if m.entity.label == "PERSON" and not m.in_source]
        return people[-1].entity.id if people else None

    def _speaks_in_first_person(self, sentence: tuple[int, int]) -> bool:
        def find() -> bool:
            span = self.doc.char_span(*sentence, alignment_mode="expand")
            if span is None:
                return False
            before = self._memoized(("speaker words", 0, 0), lambda: _words_before(self.doc, self.words.speaker_words))
            return before[span.end] > before[span.start]
        return self._memoized(("first person", *sentence), find)

    def _organisation_before(self, offset: int, figure: Figure) -> str | None:
        """The organisation named last before `offset` in the recent paragraphs: what "the company" points to."""
        start = self._recent_paragraphs(offset, count=3)
        mentions = [m for m in self.mentions.inside(start, offset) if m.entity.label in MAIN_LABELS[0]
                    and not m.in_source and not m.speaks and not overlaps((m.start, m.end), (figure.start, figure.end))]
        return max(mentions, key=lambda mention: mention.end).entity.id if mentions else None

    def _recent_paragraphs(self, offset: int, *, count: int) -> int:
        """Where the `count` paragraphs ending at `offset` start: the context a figure's owner or time
        is usually named in."""
        return self._memoized(("paragraphs", offset, count), lambda: self._paragraphs_back(offset, count))

    def _paragraphs_back(self, offset: int, count: int) -> int:
        start = offset
        for _ in range(count):
            start = self._paragraph(max(0, start - 1))[0]
            while start > 0 and not self.text[self._paragraph(start - 1)[0]:start].strip():
                start = self._paragraph(start - 1)[0]
        return start

    def _entity_in(self, start: int, end: int, *, exclude: Figure, nearest_to: int | None = None) -> str | None:
        """The owner among the entities named in [start, end): not a source ("according to CNMO"), a
        company before a place, then the nearest."""
        members = self._memoized(("members", exclude.start, exclude.end), lambda: self._members_of(exclude))
        investors = self._memoized(("investors", exclude.start, exclude.end), lambda: self._investors(exclude))
        investors |= self._memoized(("reporters", exclude.start, exclude.end), lambda: self._reporters(exclude))
        investors |= self._memoized(("peers", exclude.start, exclude.end), lambda: self._counted_peers(exclude))
        inside = [m for m in self.mentions.inside(start, end) if m.entity.label in SUBJECT_LABELS
                  and not overlaps((m.start, m.end), (exclude.start, exclude.end)) and not m.in_source
                  and not members[0] <= m.start < members[1] and m.root not in investors
                  and not _only_located(m)
                  and not (nearest_to is not None and m.speaks)]
        if not inside:
            return None

        def rank(mention: _Mention) -> tuple[int, int, int]:
            # inside a governing phrase, the name nearest its head, then a company before a person
            # ("Zheng Yonggang, the founder of Shanshan": Zheng Yonggang); in free text, nearness decides
            if nearest_to is None:
                depth = self.trees.depth[mention.root] if mention.root >= 0 else 0
                return depth, SUBJECT_LABELS.index(mention.entity.label), mention.start
            return int(mention.entity.label in PLACE_LABELS), abs(nearest_to - mention.end), 0

        return min(inside, key=rank).entity.id

    def _members_of(self, figure: Figure) -> tuple[int, int]:
        """Where the names are that a counting figure's noun lists as its members ("launches in 14 countries,
        including Canada and Mexico": to the end of the sentence), an empty span if it lists none
        (rules/claims/member_cues)."""
        listed = self.words.members_after.match(self.text, figure.end) if figure.kind in COUNTING_KINDS else None
        if listed is None:
            return figure.end, figure.end
        return listed.end(), self._sentence_bounds(figure.start)[1]

    # metric

    def _metric(self, figure: Figure, root: Token | None, sentence: tuple[int, int]) -> str | None:
        after = self._vocabulary_after(figure.end) or self._amount_named_after(figure)
        if after:
            return after
        # "16 seconds" measures a duration; "a 16-inch laptop" describes the laptop
        measured = None if self.text.startswith("-", figure.end) else self.words.unit_metrics.get(figure.unit or "")
        if root is not None:
            head = _head_noun(root, figure)
            own = self._phrase_metric(self.doc[head.left_edge.i:head.i + 1]) if head is not None else None
            if own and not (measured and head is not None and head.idx <= figure.end + 1):  # the unit is no metric
                return own
            quantity = _quantity_phrase(root)
            named = self._phrase_metric(quantity) if quantity is not None else None
            counted = head if head is not None and head.lower_ in self.words.counted_nouns else None
            if counted is not None and (named or _verb_of(counted) is not None):  # "a delegation of 100 people"
                return named or _with_verb(counted)
            if measured:  # "drivers close it in 16 seconds": a duration, not the drivers
                return named or measured
            paid = self._money_metric(figure)
            for span in _subject_phrases(root, self.words, self.trees):
                if span.root.lower_ in self.words.preposition_nouns:
                    break  # "won in front of 18,200", "comes courtesy of an 8-inch screen": not the clause's
                if self._in_amount(span.root):
                    continue
                subject = self.doc[span.start:span.root.i + 1]
                known = self._vocabulary_in(subject.start_char, subject.end_char)
                if known:
                    return self._canonical(known)
                phrase = _noun_phrase(subject, self.words)
                if paid and not (phrase or "").endswith(paid.split()[-1]):  # "shares closed at $9": the price
                    return paid
                if phrase:
                    return self._canonical(phrase)
            if paid:
                return paid
            if counted is not None:
                return counted.lower_
        return measured or self.phrases_before.last(sentence[0], figure.start)

    def _amount_named_after(self, figure: Figure) -> str | None:
        """"reported $2.53 in per-share earnings", "$21 billion in tourism revenue": an amount of money is what
        the object of the preposition after it names, when that is no setting, time or pronoun ("$6 million
        in both cases", "$5 billion in the US", "in 2019"; rules/claims/amount_prepositions)."""
        joined = self.words.amount_preposition.match(self.text, figure.end) if figure.kind == "money" else None
        preposition = self._span_root(joined.start() + 1, joined.end() - 1) if joined is not None else None
        noun = next((child for child in preposition.children if child.dep_ == "pobj"), None) if preposition else None
        if noun is None:
            return None
        phrase = self.doc[noun.left_edge.i:noun.i + 1]
        if any(token.pos_ in ("DET", "PRON", "NUM") or token.ent_type_ for token in phrase):
            return None
        return self._phrase_metric(phrase)

    def _money_metric(self, figure: Figure) -> str | None:
        """"for $235" price, "save $100" savings, "$10 off" discount: an amount of money named by the word
        right before or after it (rules/claims/money_cues)."""
        if figure.kind != "money":
            return None
        before = self.words.money_before.search(self.text, max(0, figure.start - WORDS_AFTER), figure.start)
        if before is not None:
            return self.words.money_metrics.get(" ".join(before.group().lower().split()))
        after = self.words.money_after.match(self.text, figure.end)
        return self.words.money_metrics.get(after.group().strip().lower()) if after is not None else None

    def _phrase_metric(self, phrase: Span) -> str | None:
        """The metric a noun phrase names, up to its head: a known metric in it, else its head and modifiers."""
        if self._in_amount(phrase.root):
            return None
        span = self.doc[phrase.start:phrase.root.i + 1]
        found = self._vocabulary_in(span.start_char, span.end_char) or _noun_phrase(span, self.words)
        return self._canonical(found) if found else None

    def _in_amount(self, head: Token) -> bool:
        """Whether a noun is a word of a figure ("Rs 24 lakh and Rs 40 lakh": "lakh", "Rs"), which measures nothing."""
        return self.amounts.covers(head.idx, head.idx + len(head))

    def _vocabulary_in(self, start: int, end: int) -> str | None:
        """The longest known metric phrase inside a noun phrase ("Xiaohongshu's monthly active users"),
        with the word that narrows it ("iPhone revenue" is not the company's revenue)."""
        return self._memoized(("vocabulary", start, end), lambda: self._find_vocabulary(self.text[start:end]))

    def _find_vocabulary(self, window: str) -> str | None:
        for pattern, name in self.present_phrases:  # a phrase not in the text is in none of its windows
            match = pattern.search(window)
            if match:
                narrower = re.search(r"([A-Za-z][\w-]*)\s+$", window[:match.start()])
                if narrower and narrower.group(1).lower() not in self.words.not_narrowing:
                    return f"{narrower.group(1).lower()} {name}"
                return name
        return None

    def _vocabulary_after(self, offset: int) -> str | None:
        following = self.text[offset:offset + WORDS_AFTER]
        joiner = self.words.metric_joiner.match(following)
        rest = following[joiner.end():] if joiner else following
        found = [match.lastindex for match in (self.metric_patterns.at.match(rest),
                                               self.metric_patterns.after_spaces.match(following))
                 if match is not None and match.lastindex is not None]
        return self.vocabulary[min(found) - 1][1] if found else None

    def _canonical(self, phrase: str) -> str:
        """The metric's name for a phrase: the known phrase it is (the first in the vocabulary), else the first
        known phrase it ends in after at most one more word ("quarterly revenue"), else the phrase in lower case."""
        lowered = phrase.lower()
        exact, endings = self.canonical_names
        if lowered in exact:
            return exact[lowered]
        words = len(lowered.split())
        ending = min((found for start in range(len(lowered)) if lowered[start] == " "
                      for found in endings.get(lowered[start + 1:], ()) if words <= found[1] + 1), default=None)
        if ending is None:
            return lowered
        _, _, known, name = ending
        return lowered if name.lower() == known else name

    def _states_change(self, figure: Figure) -> bool:
        """"rose 30%", "up 12%", "a rise of 30%", "12% higher year-on-year": a percentage that is a change."""
        before = self.text[max(0, figure.start - 30):figure.start]
        after = self.text[figure.end:figure.end + 25]
        if figure.kind != "percent":
            return self.words.change_before_amount.search(before) is not None
        return bool(self.words.change_before_percent.search(before.split(",")[-1])
                    or self.words.change_after_percent.match(after))

    # time

    def _time(self, figure: Figure, root: Token | None, sentence: tuple[int, int]) -> str | None:
        own = self._sentence_time(figure, root, sentence)
        if own is not None and self._is_reference_day(own):
            own = self._restated_time(figure) or own
        if own is not None and self._listed_after(own, figure):
            return None  # nor one carried from before: the sentence gives the figure several
        if own is not None:
            return own.id
        if self._describes_thing(figure):
            return None
        earlier = self._carried_time(figure, root, sentence)
        if earlier is not None:
            return earlier.id
        restated = self._restated_time(figure)
        if restated is not None:
            return restated.id
        reported = self._reported_month() if self._states_change(figure) else None
        if figure.start >= self._paragraph(0)[1]:
            return reported.id if reported else None
        lead_start, lead_end = self._lead()
        leads = [time for time in self.times.forward(lead_start, lead_end)
                 if time.end <= lead_end and self._usable_time(time, figure, root) and not self._dates_own_sentence_only(time)
                 and not self._told_as_before(time)]
        lead = next((time for time in leads if _is_period(time)), leads[0] if leads else None)
        return lead.id if lead else reported.id if reported else None

    def _listed_after(self, time: Time, figure: Figure) -> bool:
        """"won the cup twice, with Porto in 2004 and Inter in 2010": a time after the figure that is one of a list of
        periods, with no other figure or verb between them, is one of those the figure counts over; none of them alone
        is its time. ("sold 5 million in 2004 and 7 million in 2010" lists figures, each with its own year; "on Tuesday
        and more was expected Wednesday" goes on to another clause.)"""
        if time.start < figure.end or time.value is None:
            return False
        end = self._sentence_bounds(time.start)[1]
        following = next((other for other in self.times.forward(time.end, end) if other.start >= time.end), None)
        if following is None or following.value in (None, time.value):
            return False
        between = self.text[time.end:following.start]
        if _LIST_JOIN.fullmatch(between) is None or _LIST_WORD.search(between) is None \
                or any(other.start < following.start for other in self.figures_by_offset.forward(time.end, end)):
            return False
        words = self.doc.char_span(time.end, following.start, alignment_mode="contract")
        return words is None or not any(token.pos_ in ("VERB", "AUX") for token in words)

    def _reported_month(self) -> Time | None:
        """The month an undated report is about (`REPORTED_MONTH_SENTENCES`): its first mention."""
        return self._memoized(("reported month", 0, 0), self._find_reported_month)

    def _find_reported_month(self) -> Time | None:
        sentences: dict[str, set[tuple[int, int]]] = {}
        first: dict[str, Time] = {}
        for time in self.times.items:
            if time.value is not None and time.role is None and _MONTH_VALUE.match(time.value):
                sentences.setdefault(time.value, set()).add(self._sentence_bounds(time.start))
                first.setdefault(time.value, time)
        counts = sorted(((len(found), value) for value, found in sentences.items()), reverse=True)
        if not counts or counts[0][0] < REPORTED_MONTH_SENTENCES or (len(counts) > 1 and counts[1][0] == counts[0][0]):
            return None
        return first[counts[0][1]]

    def _describes_thing(self, figure: Figure) -> bool:
        """"an 8-inch touchscreen", "the 5.0-liter V8": a physical measure written as an adjective says what kind
        of thing its noun is, not what happened when; it takes a time only from its own sentence."""
        return figure.parts.base_unit is not None and _ADJECTIVE_UNIT.match(self.text, figure.end) is not None

    def _is_reference_day(self, time: Time) -> bool:
        """"now", "today", "so far", the weekday of the writing: a word for the reference date itself. A
        restatement of the figure that names its period says which ("now hold 63%" … "in the third quarter …
        held 63%"). A date written out ("October 28", a dateline) is the day of the facts it opens, and a market move
        "in recent trading" is of that day (MARKET_RULES)."""
        return time.value is not None and time.value == self.reference_date and time.rule not in MARKET_RULES \
            and not any(character.isdigit() for character in time.text)

    def _carried_time(self, figure: Figure, root: Token | None, sentence: tuple[int, int]) -> Time | None:
        """The time of the paragraphs before that carries to a sentence without one: the nearest usable one,
        unless it sits in a side clause (`_in_side_clause`) or looks back (`_looks_back`), or a "now"
        (PRESENT_RULES) comes after it, even one
        dating a base before the figure ("from 20% now to 24%"): then none, as the time the text moved on to is not the
        sentence's, and one from before it is older still. "Now" sets
        the state at the writing against the story, which goes on in the past ("Now that the trial has
        ended, the police released the video. A friend had called 911"); "today" is the story's day. A time long
        before the reference date does not carry to a figure told as a standing state or as what may be
        (`_states_standing`, `_told_as_possible`), nor a day or a week of an earlier paragraph to one told as what
        may be (`_day_of_another_paragraph`)."""
        context = self._recent_paragraphs(sentence[0], count=4)
        earlier = next((time for time in self.times.backward(context, figure.start)
                        if time.end <= figure.start and (time.rule in PRESENT_RULES or (
                            time.end <= sentence[0] and self._usable_time(time, figure, root)
                            and not self._dates_own_sentence_only(time) and not self._told_as_before(time)))), None)
        return None if earlier is None or self._in_side_clause(earlier) or earlier.rule in PRESENT_RULES \
            or self._looks_back(earlier) or (self._long_before_reference(earlier) and (
                _states_standing(root, self.words.standing_auxiliaries)
                or (_told_as_possible(root) and not self._holds_reference(earlier)))) \
            or (self._day_of_another_paragraph(earlier, figure) and _told_as_possible(root)) else earlier

    def _day_of_another_paragraph(self, time: Time, figure: Figure) -> bool:
        """A day or a week (DAY_RULES, a date) named in a paragraph before the figure's: it dates what happened then
        ("shown off at the LA Auto Show this week"), not what may be or will be, told in a later paragraph ("the 4Motion
        would offer 335 horsepower"). (A state told in the present still holds that week: "sent a petition on Monday.
        ¶ The petition carries 400 signatures".)"""
        return (_is_day(time) or (time.rule or "").startswith(DAY_RULES)) and time.end <= self._paragraph(figure.start)[0]

    def _told_as_before(self, time: Time) -> bool:
        return self._memoized(("told before", time.start, time.end), lambda: self._find_told_as_before(time))

    def _find_told_as_before(self, time: Time) -> bool:
        """"The increase in December had been 2.7%.": a sentence told in the past perfect, not as anyone's
        report of it, states what came before the story; its time is not the story's, which the sentences
        after take up again from before it. Not a time the perfect is reckoned up to ("As of April 24, it had
        sold 75,723", "by May"), one of a clause inside it ("the team that was searching on February 10 had
        sent …"), nor one of a sentence with a source ("According to the ministry, the team had sent …"): there
        the past perfect is the report's, shifted back."""
        time_root = self.time_roots[time.id]
        if time_root is None or self.words.reckoned_before.search(self.text, max(0, time.start - 12), time.start):
            return False
        verb = next((token for token in (time_root, *time_root.ancestors) if token.pos_ in ("VERB", "AUX")), None)
        sentence = self._sentence_bounds(time.start)
        return verb is not None and verb.dep_ == "ROOT" and verb.tag_ == "VBN" \
            and any(child.dep_ == "aux" and child.lower_ in ("had", "'d") for child in verb.children) \
            and not self.by_sources.overlapping(*sentence)

    def _dates_own_sentence_only(self, time: Time) -> bool:
        """A plan or deadline (`_after_reference`), a day a rule starts or ends ("starting from February 10,
        the price cap is 4,300 yuan"), or a few days between two ("6,000 were added between the 20th and the
        24th"): it dates its own sentence's figures, not those of the sentences after."""
        return self._after_reference(time) or (time.role == "bound" and _is_day(time)) or _is_days(time)

    def _looks_back(self, time: Time) -> bool:
        """"A similar earthquake in 1999 killed 17,000 people.", "Since the AirPods launched in 2016, …": a time
        LOOK_BACK_YEARS or more before the reference year recalls an earlier event beside the story. It dates its
        own sentence only, and the sentences after it take no time from before it either: they are no longer
        about that earlier event, and the story's own time is further back still."""
        start = _period_start(time.value)
        return start is not None and self.reference_year is not None \
            and start[0] <= self.reference_year - LOOK_BACK_YEARS and not self._sets_scene(time)

    def _sets_scene(self, time: Time) -> bool:
        """"In 1999, Shanshan began to transform. … Finally, we set two strategic directions.": a time that opens its
        sentence (SCENE_WORDS at most before it, a comma after it) sets the scene of a narrative that goes on in the
        sentences after, however long ago it was."""
        opening = self.text[self._sentence_bounds(time.start)[0]:time.start]
        return len(opening.split()) <= SCENE_WORDS and _SCENE_END.match(self.text, time.end) is not None

    def _in_side_clause(self, time: Time) -> bool:
        """"… wrote Taylor in a case study published Monday": a time in a clause about something else than its
        sentence's fact (SIDE_CLAUSES) dates that clause, not the sentences after."""
        time_root = self.time_roots[time.id]
        return time_root is not None and self.trees.in_side_clause[time_root.i]

    def _after_reference(self, time: Time) -> bool:
        """A time that starts after the reference date is a plan or a deadline ("will be terminated on
        Dec. 9", "by 2023"): it dates its own sentence's figures only, never those of the sentences after.
        A year inferred from the text is only known to be no earlier than its facts: then years alone count. The day
        after the reference date told as done is no plan (`_next_day_told_as_done`)."""
        start, reference = _period_start(time.value), _period_start(self.reference_date)
        if start is None or reference is None:
            return False
        if self.reference_inferred:
            return start[0] > reference[0]
        return start > reference and not self._next_day_told_as_done(time, reference)

    def _next_day_told_as_done(self, time: Time, reference: tuple[int, int, int]) -> bool:
        """"The major Asian market indexes were mixed in early trading Tuesday" on a page dated Monday (a time zone
        behind its news): the day after the reference date, told in the past tense, is the news' own day, no plan; the
        market moves of the paragraphs after are of that day."""
        if not _is_day(time) or _period_start(time.value) != _day_after(reference):
            return False
        time_root = self.time_roots[time.id]
        verb = next((token for token in (time_root, *time_root.ancestors) if token.pos_ in ("VERB", "AUX")), None) \
            if time_root is not None else None
        return verb is not None and (verb.tag_ == "VBD" or any(
            child.dep_ in ("aux", "auxpass") and child.tag_ == "VBD" for child in verb.children))

    def _holds_reference(self, time: Time) -> bool:
        """A year or month the reference date falls in ("2025" of 2025-03-01): what will be then is still ahead
        ("The port expects 3 million passengers in 2025. Cargo will return to about 90%")."""
        return bool(time.value and self.reference_date and self.reference_date.startswith(time.value))

    def _long_before_reference(self, time: Time) -> bool:
        """A time that starts more than RECENT_DAYS before the reference date (of an inferred year, before that
        year). A day of the writing's week is the story's own time, when a state told in the present still holds
        ("sent a petition to the council on Monday. The petition carries 400 signatures")."""
        start, reference = _period_start(time.value), _period_start(self.reference_date)
        if start is None or reference is None:
            return False
        if self.reference_inferred:
            return start[0] < reference[0]
        return datetime.date(*start) < datetime.date(*reference) - datetime.timedelta(days=RECENT_DAYS)

    def _usable_time(self, time: Time, figure: Figure, root: Token | None) -> bool:
        return (time.role != "base" or self._clause_of_time(time, root)) \
            and (time.role != "names" or self._of_named_thing(time, root)) \
            and not overlaps((time.start, time.end), (figure.start, figure.end)) \
            and not self._dates_another_figure(time, root)

    def _sentence_time(self, figure: Figure, root: Token | None, sentence: tuple[int, int]) -> Time | None:
        """The time the figure's own sentence gives it. A time without a value ("recently") counts only when the
        sentence has no dated one ("The board recently said 14 million visitors are expected in 2023")."""
        return self._time_of_figure(figure) or self._sentence_time_of(figure, root, sentence, dated=True) \
            or self._sentence_time_of(figure, root, sentence, dated=False)

    def _sentence_time_of(self, figure: Figure, root: Token | None, sentence: tuple[int, int], *,
                          dated: bool) -> Time | None:
        """The time the figure's own sentence gives it: its own phrase's, its clause's, else the nearest;
        only those with a value when `dated`."""
        def usable(time: Time) -> bool:
            return (time.value is not None or not dated) and self._usable_time(time, figure, root)

        statement_end = self._statement_end(figure, sentence)
        if root is not None:
            phrase = (root.left_edge.idx, root.right_edge.idx + len(root.right_edge))
            own = [time for time in self.times.overlapping(*phrase) if usable(time) and self._inside_phrase_of(time, root)]
            if own:
                return _nearest(own, figure)
            for clause in self._memoized(("clauses", root.i, 0), lambda: list(_clauses(root))):
                inside = [time for time in self.times.inside(clause[0], min(clause[1], statement_end))
                          if usable(time) and self._in_clause(time, root)]
                if inside:
                    return _nearest(inside, figure)
        preceding = _nearest_in(self.times, sentence, figure, lambda time: time.end <= figure.start and usable(time),
                                after=False)
        return preceding or _nearest_in(self.times, (sentence[0], statement_end), figure, usable, before=False)

    def _statement_end(self, figure: Figure, sentence: tuple[int, int]) -> int:
        """"… will recover to 67% of pre-pandemic levels in 2019; there is a high probability that tourism will
        fully recover in 2024": a semicolon after a figure ends its statement; a time after it is the next one's. (One
        before it still dates the figure: "sales were 5 billion in 2022; profit was 1 billion".)"""
        semicolon = self.text.find(";", figure.end, sentence[1])
        return sentence[1] if semicolon < 0 else semicolon

    def _restated_time(self, figure: Figure) -> Time | None:
        """A figure neither its sentence nor the paragraphs before give a time, stated again elsewhere
        with one (a headline or summary restating the body: "hold 63% of the market" … "in the third
        quarter … 63%"), takes that time."""
        if figure.kind not in RESTATED_KINDS:
            return None
        others = [other for other in self.same_figures.get(_figure_key(figure), []) if other.id != figure.id]
        for other in others[:MAX_RESTATEMENTS]:
            found = self._sentence_time(other, self.roots[other.id], self._sentence_bounds(other.start))
            if found is not None:
                return found
        return None

    def _time_of_figure(self, figure: Figure) -> Time | None:
        """The time the times stage found dating this figure alone ("330,600 in 2021"): the first time
        after it, when it is marked so and no other figure stands between."""
        following = next(self.times.forward(figure.end, figure.end + WORDS_AFTER), None)
        if following is None or not following.of_figure:
            return None
        next_start = self.next_figure_start.get(figure.id)
        return following if next_start is None or next_start >= following.start else None

    def _base_time(self, figure: Figure, sentence: tuple[int, int]) -> str | None:
        """The base a change is measured against: the nearest base time of its sentence ("down 4.2% from
        the same period last year"), the first one after the figure when there is one."""
        def base(time: Time) -> bool:
            return time.role == "base"

        found = _nearest_in(self.times, sentence, figure, base, before=False) \
            or _nearest_in(self.times, sentence, figure, base, after=False)
        return found.id if found else None

    def _lead(self) -> tuple[int, int]:
        """A headline states the lead's fact: an undated headline figure takes the first time of the
        dateline or lead below it (the first three paragraphs, whose bounds this is)."""
        title_end = self._paragraph(0)[1]
        return self._memoized(("lead", title_end, 0), lambda: (title_end, self._lead_end(title_end)))

    def _lead_end(self, title_end: int) -> int:
        lead_end, paragraphs = title_end, 0
        for line in LINE.finditer(self.text, title_end):
            if line.group().strip():
                paragraphs += 1
                lead_end = line.end()
            if paragraphs == 3:
                break
        return lead_end

    def _clause_of_time(self, time: Time, root: Token | None) -> bool:
        """"the weakest since September, when the rate stood at 1.5%": the figure is said of the time."""
        time_root = self.time_roots[time.id]
        return root is not None and time_root is not None and time_root != root and self.trees.is_ancestor(time_root, root)

    def _of_named_thing(self, time: Time, root: Token | None) -> bool:
        """"31,000 deaths caused by the 2003 earthquake", "posted 2022 revenue of $5 billion": a year that names a thing
        (role "names") dates a figure of that thing's phrase, or whose phrase holds the thing; no other."""
        time_root = self.time_roots[time.id]
        if root is None or time_root is None:
            return False
        counted = root.head if root.dep_ in _COUNT_DEPS else root  # "31,000 deaths": the deaths
        return self.trees.is_ancestor(counted, time_root) or _in_phrase_of(root, time_root.head)

    def _inside_phrase_of(self, time: Time, root: Token) -> bool:
        """"the 430.7 million shipped in Q4 2016": the time belongs to the figure's own phrase."""
        time_root = self.time_roots[time.id]
        return time_root is not None and time_root != root and self.trees.is_ancestor(root, time_root)

    def _dates_another_figure(self, time: Time, root: Token | None) -> bool:
        """"the 430.7 million shipped in Q4 2016": a time inside another figure's phrase dates that figure."""
        time_root = self.time_roots[time.id]
        return time_root is not None and self.trees.dates_another_figure(time_root, root)

    def _in_clause(self, time: Time, root: Token) -> bool:
        time_root = self.time_roots[time.id]
        return time_root is None or self.trees.in_clause(time_root, root)

    # source

    def _source(self, figure: Figure, sentence: tuple[int, int]) -> str | None:
        def speaks_for(source: Source) -> bool:
            return _applies_to(source, figure)

        named = _nearest_in(self.by_sources, sentence, figure,
                            lambda source: source.kind in NAMED_SOURCE_KINDS and speaks_for(source))
        pronoun = _nearest_in(self.attributions, sentence, figure, self._points_back)
        if pronoun is not None and (named is None or _distance(pronoun, figure) < _distance(named, figure)):
            # "She stressed that sales reached 5 million": the speaker named before, not the source before; a speaker
            # never cited is reported by the article's outlet only ("NEW YORK (Reuters) -"), not by a document
            return self._source_meant(pronoun) or self._article_source(figure, sentence, kinds=("outlet",))
        if named is not None:
            return named.id
        credited = self.credit_lines.covering(figure.start)
        if credited is not None:
            return credited
        in_sentence = _nearest_in(self.by_sources, sentence, figure, speaks_for)
        if in_sentence is not None:
            return in_sentence.id
        if any(attribution.kind == "negated" for attribution in self.attributions.inside(*sentence)):
            return None  # "No authoritative source confirmed the 20% cut": nobody cited, none carried either
        paragraph = self._paragraph(figure.start)
        earlier = next((source for source in self.by_sources.backward(paragraph[0], figure.start)
                        if source.end <= figure.start and source.kind in NAMED_SOURCE_KINDS | UNNAMED_SOURCE_KINDS
                        and source.covers is None), None)
        if earlier is not None:
            return earlier.id
        if self.lead_cited is not None and self._told_before(self.lead_cited, figure, sentence):
            return self.lead_cited.id
        return self._article_source(figure, sentence)

    def _article_source(self, figure: Figure, sentence: tuple[int, int], *,
                        kinds: tuple[str, ...] = ARTICLE_SOURCE_KINDS) -> str | None:
        """The source of a whole article (ARTICLE_SOURCE_KINDS: its document, else its outlet) for a figure no nearer
        one speaks for: the first one the article cites ("NEW YORK (Reuters) -", "A new study shows …"), when it is
        told before the figure (`_told_before`); for its outlet, the one that publishes it when a sentence names it."""
        for kind in kinds:
            found = (self.publisher if kind == "outlet" else None) or self.first_of_kind.get(kind)
            if found is not None and self._told_before(found, figure, sentence) and self._reports_story(found):
                return found.id
        return None

    def _reports_story(self, source: Source) -> bool:
        """Whether a source may report the whole story: a document cited anywhere, an outlet cited in the lead (the
        dateline's wire, "According to Reuters" in the lead), the outlet that publishes the page, or one whose own
        reporter tells it ("A Beijing Youth Daily reporter saw that …"). An outlet cited first further on ("According
        to AFP, one user on Weibo …" in the ninth paragraph) reports what is told with it, not the history of the
        plague told after it."""
        return source.kind != "outlet" or bool(source.publisher) or source.start < self._lead()[1] \
            or source.rule in self.words.own_reporting_rules

    def _told_before(self, source: Source, figure: Figure, sentence: tuple[int, int]) -> bool:
        """Whether a source of the whole story comes before a figure, so may speak for it: in the figure's sentence or
        before it, or for a headline figure in the lead below it (a source cited further on does not report what the
        text told before it); the outlet that publishes the article reports all of it, wherever it is named."""
        reach = self._lead()[1] if figure.start < self._paragraph(0)[1] else sentence[1]
        return source.start < reach or bool(source.publisher)

    def _points_back(self, attribution: Attribution) -> bool:
        """Whether an attribution is a pronoun that points back to a person or an organisation, or a plural one
        ("they said") that points back to a group."""
        return attribution.kind == "plural" or (attribution.kind == "pronoun" and (
            attribution.word in self.words.person_pronouns or attribution.word in self.words.organisation_pronouns))

    def _source_meant(self, attribution: Attribution) -> str | None:
        """The source that named the speaker a pronoun points to (`_person_speaking`, `_organisation_speaking`,
        `_group_speaking`), none when that speaker was never cited: a source before it is someone else's."""
        if attribution.kind == "plural":
            return self._group_speaking(attribution.start)
        if attribution.word in self.words.person_pronouns:
            return self._person_speaking(attribution.start)
        return self._organisation_speaking(attribution.start)

    def _group_speaking(self, offset: int) -> str | None:
        """The source "they" at `offset` speaks as ("Analysts at Harbor Bank expect … They said prices would rise 3%"):
        the last one in the recent paragraphs that speaks and names no person (a group, people unnamed, an
        organisation); none when the last speaker was a person ("they" are never one person) or there is none."""
        start = self._recent_paragraphs(offset, count=3)
        speaker = next((source for source in self.by_sources.backward(start, offset) if source.end <= offset
                        and source.kind in SPEAKING_KINDS), None)
        return speaker.id if speaker is not None and not self._names_person(speaker) else None

    def _person_speaking(self, offset: int) -> str | None:
        """The source a personal pronoun at `offset` speaks as ("…," said Ana Ruiz. … She stressed that …"): the last
        one before it that names a person, unless another person is named in a sentence after its own (then the pronoun
        is that one's, whom no source names; one named beside the speaker, "X, who represents Y, said", is not)."""
        speaker = next((source for source in self.by_sources.backward(0, offset)
                        if source.end <= offset and source.kind in OWNING_SOURCE_KINDS and self._names_person(source)), None)
        if speaker is None:
            return None
        cited = {m.entity.id for m in self.mentions.inside(speaker.start, speaker.end)}
        own_sentence_end = self._sentence_bounds(speaker.start)[1]
        later = [m for m in self.mentions.inside(max(speaker.end, own_sentence_end), offset) if m.entity.label == "PERSON"
                 and m.entity.id not in cited and m.entity.id not in self.outlets]
        return None if later else speaker.id

    def _names_person(self, source: Source) -> bool:
        """A source naming a person: one the entities call a person, or a capitalised name they do not know."""
        named = self.mentions.inside(source.start, source.end)
        if named:
            return any(m.entity.label == "PERSON" and m.entity.id not in self.outlets for m in named)
        return source.kind == "said" and source.entity is None and all(word[:1].isupper() for word in source.text.split())

    def _organisation_speaking(self, offset: int) -> str | None:
        """The source "it" at `offset` speaks as ("Boeing confirmed … In a statement released the day proposals were
        due to NASA, it said …", "The report … It said"): the last one in the recent paragraphs that names no person,
        whatever organisations are named after it (they are seldom the speaker); none when there is none."""
        start = self._recent_paragraphs(offset, count=3)
        return next((source.id for source in self.by_sources.backward(start, offset) if source.end <= offset and (
            source.kind == "data" or (source.kind in OWNING_SOURCE_KINDS and not self._names_person(source)))), None)

    def named_source(self, source: Source) -> Source:
        """`source`, named by the organisation it describes when it is one described, not named ("the company
        said", "the German automaker says", "according to the ministry"): the one named last before it whose
        name holds the description's words ("the ministry" → "Ministry of Trade", "the bank" → "Harbor Bank"),
        else, for a word that points back to a company (rules/claims/anaphors: "the company", "the automaker"),
        the company it stands for (`_company_meant`)."""
        if source.kind == "data":
            return self._document_owner(source)
        words = source.text.split()
        if source.kind in OWNING_SOURCE_KINDS and len(words) > 1 and words[0].lower() in self.words.person_possessives:
            person = self._person_before(source.start)  # "His office said": the person it speaks for
            return source if person is None else source.model_copy(update={"name": self.entity_names[person], "entity": person})
        if source.kind not in OWNING_SOURCE_KINDS or len(words) < 2 or words[0].lower() not in self.words.anaphor_determiners \
                or not words[-1].isalpha() or not words[-1].islower() \
                or any(m.entity.label in NAMING_LABELS for m in self.mentions.inside(source.start, source.end)):
            return source
        head = words[-1]
        entity = self._named_like(" ".join(words[1:]), source.start)
        if entity is None and head in self.words.anaphor_nouns:
            entity = self._company_meant(source.start)
        if entity is None:
            return source
        return source.model_copy(update={"name": self.entity_names[entity], "entity": entity})

    def _person_before(self, offset: int) -> str | None:
        """The person named last before `offset` in the recent paragraphs, cited or not: whom "his", "her" stand for."""
        start = self._recent_paragraphs(offset, count=3)
        people = [m for m in self.mentions.inside(start, offset) if m.entity.label == "PERSON" and m.entity.id not in self.outlets]
        return people[-1].entity.id if people else None

    def _company_meant(self, offset: int) -> str | None:
        """The company "the company" before `offset` stands for: the one named last in the recent paragraphs that
        the article names again (one named once in passing, "at the American Music Awards", is seldom meant), else
        the article's, else the one named last. A company, not a product ("Stadia is Google's attempt …, and the
        company has promised")."""
        start = self._recent_paragraphs(offset, count=3)
        named = [m for m in self.mentions.inside(start, offset) if m.entity.label == "ORG" and not m.in_source and not m.speaks]
        recurring = [m for m in named if len(m.entity.mentions) > 1]
        main = self.main_organisation if self.labels.get(self.main_organisation or "") == "ORG" else None
        if recurring:
            return max(recurring, key=lambda mention: mention.end).entity.id
        return main or (max(named, key=lambda mention: mention.end).entity.id if named else None)

    def _document_owner(self, source: Source) -> Source:
        """A document with the organisation or person whose it is named in it ("Harbor Bank's annual report"), with
        that owner as its entity; its name stays the document's."""
        owner = next((m.entity.id for m in self.mentions.inside(source.start, source.end) if m.entity.label in NAMING_LABELS), None)
        return source if owner is None else source.model_copy(update={"entity": owner})

    def _named_like(self, description: str, offset: int) -> str | None:
        """The organisation named last before `offset` whose name or alias holds `description`'s words ("central
        bank" in "European Central Bank")."""
        words = re.compile(rf"(?<!\w){re.escape(description)}(?!\w)", re.IGNORECASE)
        for mention in self.mentions.backward(0, offset):
            entity = mention.entity
            if entity.label == "ORG" and not mention.speaks and any(words.search(name) for name in [entity.name, *entity.aliases]):
                return entity.id
        return None

    # hedge

    def _hedge(self, start: int, end: int) -> str | None:
        return self._memoized(("hedge", start, end), lambda: self._find_hedge(start, end))

    def _find_hedge(self, start: int, end: int) -> str | None:
        match = self.hedge.search(self.text, start, end)
        return match.group().lower() if match else None


class _Sentences:
    """The parser's sentences (with the line breaks the lines component adds), by token in O(log n)."""

    def __init__(self, doc: Doc) -> None:
        sentences = list(doc.sents) if doc.has_annotation("SENT_START") else []
        self._starts = [sentence.start for sentence in sentences]
        self._bounds = [(sentence.start_char, sentence.end_char) for sentence in sentences]

    def of(self, token: Token) -> tuple[int, int]:
        return self._bounds[bisect.bisect_right(self._starts, token.i) - 1]


#: The characters besides ASCII ones that a case-insensitive regex matches with an ASCII letter, as that
#: letter: an ASCII phrase absent from the text with these replaced and lower-cased is absent from the text.
_NOT_ASCII_IN_IGNORECASE = "\u0130\u0131\u017f\u212a"
_ASCII_IN_IGNORECASE = str.maketrans(dict(zip(_NOT_ASCII_IN_IGNORECASE, "iisk")))


class _PhrasesBefore:
    """Every metric phrase of the text, found once: the last one in a window is looked up in O(log n)."""

    def __init__(self, text: str, vocabulary: Sequence[tuple[str, str]]) -> None:
        self.text = text
        # translating costs a dict lookup per character: only a text that has one of those letters needs it
        folded = (text.translate(_ASCII_IN_IGNORECASE) if any(char in text for char in _NOT_ASCII_IN_IGNORECASE)
                  else text).lower()
        #: The ranks of the phrases that may be in the text: most are not in it at all.
        self.present = {rank for rank, (phrase, _) in enumerate(vocabulary) if not phrase.isascii() or phrase.lower() in folded}
        found = [(match.end(), -rank, match.start(), name)
                 for rank, (phrase, name) in enumerate(vocabulary) if rank in self.present
                 for match in re.finditer(re.escape(phrase), text, re.IGNORECASE)]
        found.sort()
        self._found = found
        self._ends = [end for end, *_ in found]

    def last(self, start: int, end: int) -> str | None:
        """The metric of the phrase in [start, end) that ends last (on a tie, the earliest in the
        vocabulary, which lists longer phrases first), as a whole word within the window."""
        index = bisect.bisect_right(self._ends, end) - 1
        while index >= 0 and self._found[index][0] > start:
            phrase_end, _, phrase_start, name = self._found[index]
            if phrase_start >= start and self._whole_word(phrase_start, phrase_end, start, end):
                return name
            index -= 1
        return None

    def _whole_word(self, phrase_start: int, phrase_end: int, start: int, end: int) -> bool:
        """No letter or digit right before or after the phrase inside the window (its edges count as
        boundaries, as when the window is searched on its own)."""
        before_ok = phrase_start == start or not _WORD_CHAR.match(self.text, phrase_start - 1)
        after_ok = phrase_end == end or not _WORD_CHAR.match(self.text, phrase_end)
        return before_ok and after_ok


class _CreditLines:
    """Credit lines ("Source: Wu Xiaobo Channel") with the text they cover, looked up by offset."""

    def __init__(self, sources: list[Source]) -> None:
        lines = [(source.covers[0], source.covers[1], index, source.id)
                 for index, source in enumerate(sources) if source.kind == "credit_line" and source.covers]
        lines.sort()
        self._lines = lines
        self._starts = [start for start, *_ in lines]
        reach, furthest = [], -1
        for _, end, _, _ in lines:
            furthest = max(furthest, end)
            reach.append(furthest)
        self._reach = reach

    def covering(self, offset: int) -> str | None:
        """The first credit line (in source order) whose covered text holds `offset`."""
        best: tuple[int, str] | None = None
        index = bisect.bisect_right(self._starts, offset) - 1
        while index >= 0 and self._reach[index] > offset:
            _, end, order, source_id = self._lines[index]
            if offset < end and (best is None or order < best[0]):
                best = (order, source_id)
            index -= 1
        return best[1] if best else None


class _PhraseOwners:
    """Owners named by a common noun phrase, one entity per name (compared case-insensitively), numbered
    from `first_number` on, each with the places it was found."""

    def __init__(self, first_number: int) -> None:
        self.first_number = first_number
        self.found: dict[str, Entity] = {}

    def owner(self, name: str, start: int, end: int, *, aliases: Sequence[str] = ()) -> str:
        """The id of the owner called `name` (also called `aliases`), found again at [start, end)."""
        key = name.casefold()
        if key not in self.found:
            self.found[key] = Entity(id=f"e{self.first_number + len(self.found)}", name=name, label=PHRASE_LABEL,
                                     aliases=list(aliases))
        entity = self.found[key]
        if (start, end) not in entity.mentions:
            entity.mentions.append((start, end))
        return entity.id

    def last_before(self, start: int, end: int) -> tuple[int, str] | None:
        """The end and id of the last owner phrase found inside [start, end)."""
        inside = [(found_end, entity.id) for entity in self.found.values() for found_start, found_end in entity.mentions
                  if start <= found_start and found_end <= end]
        return max(inside, default=None)

    def entities(self) -> list[Entity]:
        return [entity.model_copy(update={"mentions": sorted(entity.mentions)}) for entity in self.found.values()]


def _in_phrase_of(token: Token, noun: Token) -> bool:
    """Whether `token` is inside `noun`'s own phrase or a clause of it told in the past: "2022 revenue of $5 billion",
    "the 2003 quake that killed 31,000 people", but not "the 1992 Consensus, which 60% of voters back" (the state
    now)."""
    while token != noun:
        past_clause = token.dep_ in _CLAUSE_DEPS and token.tag_ in ("VBD", "VBN")
        if not (token.dep_ in _PHRASE_DEPS or past_clause) or token.head == token:
            return False
        token = token.head
    return True


def _of_object(noun: Token) -> Token | None:
    """"10 representatives of the seminar" → "seminar"."""
    return next((child for prep in noun.children if prep.dep_ == "prep" and prep.lower_ == "of"
                 for child in prep.children if child.dep_ == "pobj"), None)


def _clause_children(noun: Token) -> list[Token]:
    return [child for child in noun.children if child.dep_ in ("relcl", "acl")]


def _owner_tokens(head: Token, words: ClaimWords) -> list[Token]:
    """The words that name an owner phrase: its head and the words right before it, back to a determiner,
    possessive, number or hyphenated word ("the 100-person large-scale Hong Kong delegation" → "Hong
    Kong delegation"); a collective head with what it groups ("first batch of … products")."""
    doc = head.doc
    first = head.i
    while first > head.left_edge.i and _name_word(doc[first - 1]):
        first -= 1
    last = head.i
    if head.lower_ in words.collective_nouns:
        grouped = _of_object(head)
        if grouped is None:
            return []
        last = grouped.i
    return list(doc[first:last + 1])


def _name_word(token: Token) -> bool:
    """A word that can stand in an owner's name: not a determiner, possessive or number, nor part of a
    hyphenated word ("large-scale")."""
    doc = token.doc
    hyphenated = (any(0 <= index < len(doc) and doc[index].text == "-" and not doc[index].whitespace_
                     for index in (token.i - 1, token.i + 1)) and not token.whitespace_) or \
        (token.i > 0 and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_)
    # an ordinal stays ("the first batch"); a count does not ("the two teams")
    return not hyphenated and _wordlike(token) and token.dep_ not in ("det", "poss", "predet", "nummod", "quantmod")


def _product_words(noun: Token, scopes: set[str], *, itself: bool = False) -> list[str]:
    """What a market metric measures: the nouns compounded with it or the object of its "of"
    ("smartphone shipments", "shipments of mobile phones" → "mobile phone"); with `itself`, the noun
    ("403.5 million smartphones shipped worldwide")."""
    target = noun if itself else _of_object(noun)
    if target is None:
        compounds = _contiguous([child for child in noun.lefts if child.dep_ == "compound" and _wordlike(child)], noun)
        return [token.lower_ for token in compounds]
    if target.pos_ != "NOUN":
        return []
    compounds = _contiguous([child for child in target.lefts if child.dep_ in ("compound", "amod") and _wordlike(child)
                             and child.lower_ not in scopes], target)
    return [token.lower_ for token in compounds] + [noun_lemma(target.lower_)]


def _mentions(entities: list[Entity], sources: list[Source], words: ClaimWords, outlets: frozenset[str],
              amounts: _Covered) -> list[_Mention]:
    """Every mention of every entity, in text order, marked when it lies inside a source other than a
    "said" one, or speaks in a "said" one about others' figures: a person, an outlet or an analyst
    ("Mark Zuckerberg said the app has 100 million users"; a company speaks of its own); a known outlet or
    analyst reports others' figures, and an economic agency an economy's, wherever it is named ("according to
    Alex Horton of the Washington Post, he was taken to a hospital around 185 miles away"; "the Labor
    Department's report showed prices up 2.6%"), and owns only those its own phrase governs ("the Census
    Bureau's budget"). So does a name the article calls a newsroom by (`outlets`), and a public body whose name
    names the place it serves ("the Singapore Tourism Board": the figures it publishes are Singapore's). A name
    inside a figure is the figure's unit ("59.95 Euro", "US$5"): no mention of anything that could own one."""
    places = [_folded(form) for entity in entities if entity.label in PLACE_LABELS for form in (entity.name, *entity.aliases)]
    cited = _Covered([(source.start, source.end) for source in sources if source.kind not in SPEAKING_FOR_OWN])
    speakers = _Covered([(source.start, source.end) for source in sources if source.kind == "said"])
    every = sorted(((start, end, owner) for owner in entities for start, end in owner.mentions
                    if not amounts.covers(start, end)), key=lambda found: found[0])
    # what an entity is (a reporter, an outlet, an agency, a public body of a place) holds for all its mentions
    reporting = {owner.id: _reports_on_others(owner, words) for owner in entities}
    speaking = {owner.id: owner.name.casefold() in words.reporters or owner.id in outlets
                or _agency_country(owner, words) is not None
                or (_public_body(owner, words) and _names_place(owner, words, places)) for owner in entities}
    return [_Mention(start, end, owner, in_source=cited.covers(start, end),
                     speaks=(speakers.covers(start, end) and reporting[owner.id]) or speaking[owner.id])
            for start, end, owner in every]


def _outlets(entities: list[Entity], text: str, words: ClaimWords) -> frozenset[str]:
    """The entities an article names as a newsroom or its writer (rules/claims/reporter_words): a name right
    before a reporter word ("Harbor Daily reporters saw that …", "Harbor Daily/Bay News reporters", "Harbor Daily
    (journalist: Lin Tao)"), right after one and a preposition or a colon ("a reporter from the Harbor Daily",
    "journalist: Lin Tao"), a person right after one ("(Reporter Lin Tao)") or of a known outlet ("Alex Horton of
    the Washington Post"), or ending in one ("The Harbor Journalist")."""
    found = set()
    for entity in entities:
        last = entity.name.split()[-1:]
        if (last and words.reporter_after.fullmatch(last[0])) or any(
                words.reporter_after.match(text, end) or words.reporter_before.search(text, max(0, start - WORDS_AFTER), start)
                or (entity.label == "PERSON" and words.reporter_title.search(text, max(0, start - WORDS_AFTER), start))
                for start, end in entity.mentions):
            found.add(entity.id)
    newsrooms = {start for entity in entities if entity.id in found or entity.name.casefold() in words.reporters
                 for start, _ in entity.mentions}
    for entity in entities:  # "according to Alex Horton of the Washington Post": the newsroom's writer
        if entity.label == "PERSON" and any(
                (after := _OF_NEWSROOM.match(text, end)) is not None and not newsrooms.isdisjoint(after.span(1))
                for _, end in entity.mentions):
            found.add(entity.id)
    return frozenset(found)


def _mark_located(mentions: list[_Mention], doc: Doc, words: ClaimWords) -> list[_Mention]:
    """The mentions that name a setting or describe another name rather than own anything, marked from
    the parse (without one, none is)."""
    if not doc.has_annotation("DEP"):
        return mentions
    text = doc_text(doc)
    described = _parent_described(mentions, text, words)
    filed = _Covered([match.span("place") for regex in words.datelines for match in regex.finditer(text)])
    marked = []
    for index, mention in enumerate(mentions):
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or not len(span):
            marked.append(replace(mention, located="description") if index in described else mention)
            continue
        located = "description" if index in described else "dateline" if _filed_from(mention, filed, text) \
            else _located(mention, span, words)
        marked.append(_Mention(mention.start, mention.end, mention.entity, mention.in_source, mention.speaks, located,
                               span.root.i))
    return marked


def _filed_from(mention: _Mention, filed: _Covered, text: str) -> bool:
    """Whether a mention is the place a dateline names (rules/claims/datelines): a place, or a name written in
    capitals ("LAGOS, Nigeria —", which the model may take for an organisation), not a person who opens a
    paragraph before a dash ("Mike Glass — the quarterback — threw")."""
    return filed.covers(mention.start, mention.end) \
        and (mention.entity.label in PLACE_LABELS or text[mention.start:mention.end].isupper())


def _parent_described(mentions: list[_Mention], text: str, words: ClaimWords) -> set[int]:
    """The mentions (by index) that a parent company's word is said of, beside the parent's name (rules/claims/
    parent_words): "Facebook parent Meta", "Google's parent company, Alphabet", "Alphabet, Google's parent", "Meta, the
    parent company of Facebook". Such a name describes the parent, which owns the phrase's figures (its shares, its
    market value); it owns none there. Found in the text, as the parse often makes the described name the owner."""
    described = set()
    for index, mention in enumerate(mentions):
        if mention.entity.label not in NAMING_LABELS:
            continue
        before = mentions[max(0, index - PARENT_NEIGHBOURS):index]
        after = mentions[index + 1:index + 1 + PARENT_NEIGHBOURS]
        word_after = words.parent_after.match(text, mention.end)
        word_before = words.parent_before.search(text, max(0, mention.start - WORDS_AFTER), mention.start)
        said_of = word_after is not None and (_beside(after, mention, word_after.end(), text, _NAME_AFTER_PARENT, after=True)
                                              or _beside(before, mention, mention.start, text, _NAME_BEFORE_PARENT, after=False))
        said_of = said_of or (word_before is not None and (
            _beside(before, mention, word_before.start(), text, _NAME_BEFORE_PARENT, after=False)
            or _beside(after, mention, mention.end, text, _NAME_BEFORE_PARENT, after=True)))
        if said_of:
            described.add(index)
    return described


def _beside(others: list[_Mention], mention: _Mention, offset: int, text: str, gap: re.Pattern[str], *, after: bool) -> bool:
    """Whether another entity that can own a figure is named right after `offset` (or right before it), with only
    what `gap` matches between."""
    for other in others:
        if other.entity.id == mention.entity.id or other.entity.label not in NAMING_LABELS:
            continue
        between = text[offset:other.start] if after else text[other.end:offset]
        if (other.start >= offset if after else other.end <= offset) and gap.fullmatch(between):
            return True
    return False


def _located(mention: _Mention, span: Span, words: ClaimWords) -> str | None:
    """"orders on Douyin", "the operation in Turkey": the object of a place preposition; "the
    Shanghai-based maker", "the U.S. plane-maker": a place hanging from a descriptor or describing a
    company noun; "China's biggest bank ICBC": a place owning a phrase that names another entity; "their London close": a place
    modifying what a possessor owns."""
    root = span.root
    head = root.head
    if root.i + 1 < len(root.doc) and _stranded_subject(root.doc[root.i + 1]) == root:
        return None  # "… for Eastern Michigan and Arthur Jackson caught two passes": a subject the parse strands
    if mention.entity.label in PLACE_LABELS and _modifies_possessed(root):
        return "description"
    if _in_setting(root, words) or (mention.entity.label == "EVENT" and _in_period(root, words)):
        return "setting"
    if mention.entity.label not in PLACE_LABELS:
        return None
    if head.lower_ in words.place_descriptors or (root.dep_ == "poss" and _names_another(head, span)) \
            or (root.dep_ in MODIFIER_DEPS | {"poss"} and head.lower_ in words.anaphor_nouns):
        return "description"
    return None


def _modifies_possessed(root: Token) -> bool:
    """"its China sales", "their London close", "Orbis's Frankfurt debut price": a place that modifies a noun a
    possessor owns says where, and the possessor whose."""
    noun = root
    while noun.dep_ in MODIFIER_DEPS and noun.head != noun:
        noun = noun.head
    return noun != root and any(child.dep_ == "poss" and child.i < root.i for child in noun.children)


def _in_setting(token: Token, words: ClaimWords) -> bool:
    """Whether a noun phrase is, or lies inside, the object of a place preposition, up to its clause:
    "orders on Douyin, the sister app of TikTok" holds two settings and no owner."""
    for _, ancestor in zip(range(SETTING_DEPTH), _ancestors(token)):
        if ancestor.pos_ in ("VERB", "AUX") or ancestor.head == ancestor:
            return False
        if ancestor.dep_ == "pobj" and ancestor.head.lower_ in words.place_prepositions:
            return True
        if ancestor.dep_ == "appos" and _follows_setting(ancestor, words):
            return True
    return False


def _in_period(token: Token, words: ClaimWords) -> bool:
    """Whether a name is, or modifies, the object of a period preposition: "during the Spring Festival holiday"."""
    while token.dep_ in MODIFIER_DEPS and token.head != token:
        token = token.head
    return token.dep_ == "pobj" and token.head.lower_ in words.period_prepositions


def _follows_setting(appositive: Token, words: ClaimWords) -> bool:
    """"orders on Douyin, the sister app of TikTok": a common-noun appositive right after a place
    preposition's object describes that setting, wherever the parse hangs it."""
    before = appositive.left_edge.i - 1
    if before >= 0 and appositive.doc[before].is_punct:
        before -= 1
    if before < 0:
        return False
    token = appositive.doc[before]
    # a description ("the sister app of TikTok"), not names ("in the race — Sens. Booker and Harris")
    return appositive.pos_ == "NOUN" and token.dep_ == "pobj" and token.head.lower_ in words.place_prepositions


def _only_located(mention: _Mention) -> bool:
    """A description or a dateline's place never owns a figure; a setting does only when it is a place ("prices
    in Henan")."""
    return mention.located in ("description", "dateline") \
        or (mention.located == "setting" and mention.entity.label not in PLACE_LABELS)


def _names_another(noun: Token, owner: Span) -> bool:
    """Whether `noun` (or the name it stands beside) is a named entity other than `owner`."""
    beside = [noun, *(child for child in noun.children if child.dep_ == "appos")]
    if noun.dep_ == "appos":
        beside.append(noun.head)
    return any(token.ent_type_ and not (owner.start <= token.i < owner.end) for token in beside)


def _reports_on_others(entity: Entity, words: ClaimWords) -> bool:
    return entity.label == "PERSON" or entity.name.casefold() in words.reporters


def _public_body(entity: Entity, words: ClaimWords) -> bool:
    """Whether an organisation's name is headed by a public body's word (rules/claims/public_bodies): its last
    word, or the last before "of" or "for" ("the Harbor Tourism Board", "Ministry of Commerce")."""
    if entity.label != "ORG":
        return False
    for form in (entity.name, *entity.aliases):
        named = _NAME_QUALIFIER.split(form, maxsplit=1)[0].split()
        if named and named[-1].casefold() in words.public_bodies:
            return True
    return False


def _names_place(entity: Entity, words: ClaimWords, places: list[str]) -> bool:
    """Whether an entity's name holds a country's name (rules/claims/countries) or a place the article names."""
    return any(_place_words(form, words) is not None or any(f" {place} " in f" {_folded(form)} " for place in places if place)
               for form in (entity.name, *entity.aliases))


def _place_words(name: str, words: ClaimWords) -> str | None:
    """The country one or two words of a name name ("Singapore Tourism Board" → "Singapore"), if any."""
    tokens = name.split()
    spans = [tokens[first:first + size] for size in (2, 1) for first in range(len(tokens) - size + 1)]
    return next((words.countries[key] for key in (" ".join(span).strip(",.()").casefold() for span in spans)
                 if key in words.countries), None)


def _agency_country(entity: Entity, words: ClaimWords) -> str | None:
    """The country whose economy an agency entity reports on ("The Labor Department", "the Commerce
    Department's Census Bureau" → "United States")."""
    for form in (entity.name, *entity.aliases):
        named = _ARTICLE.sub("", form.casefold())
        country = words.agencies.get(named) or words.agencies.get(_POSSESSOR.sub("", named))
        if country is not None:
            return country
    return None


class _Covered:
    """Spans looked up by offset: whether one of them covers a stretch, in O(log n)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self._starts = [start for start, _ in spans]
        self._reach: list[int] = []
        furthest = -1
        for _, end in spans:
            furthest = max(furthest, end)
            self._reach.append(furthest)

    def covers(self, start: int, end: int) -> bool:
        index = bisect.bisect_right(self._starts, start) - 1
        return index >= 0 and self._reach[index] >= end


#: Entity labels of what an article is about: an organisation, else a place.
MAIN_LABELS = (("ORG", "PRODUCT"), ("GPE",))
#: How many mentions make an entity the article's main subject; a mention in the headline counts this much more.
MAIN_MENTIONS = 3
HEADLINE_WEIGHT = 2
#: How far up a name's noun phrase a place preposition is looked for.
SETTING_DEPTH = 6
#: Entity labels a headline's subject can have, and how often the article must name it (headline included).
HEADLINE_LABELS = frozenset({"ORG", "PRODUCT", "GPE"})
HEADLINE_MENTIONS = 2
#: How many times the weight of any other organisation or place the article's dominant subject has.
DOMINANCE = 2.0


@dataclass(frozen=True)
class _Headline:
    """The article's headline: its text's first line, or the page's title when the text does not open with it
    (a web page's body often starts with its lead or a first deal, which is no headline)."""

    end: int  # where the headline ends in the text; 0 when it is a title outside the text
    outside: Counter[str]  # of a title outside the text: how often it names each entity (by id)
    listed: frozenset[str]  # the entities it names only as members of a list ("deals, including PS4 DualShock")
    #: of a title outside the text: the entities it names only as a setting ("MacBook sale at Amazon"), as a
    #: place preposition's object in the text is (`_Mention.located`)
    settings: frozenset[str] = frozenset()


def _headline(title: str | None, text: str, first_line_end: int, entities: list[Entity], words: ClaimWords) -> _Headline:
    """The text's first line is the headline unless the article's title is known and is not that line (a title
    may add the site's name: "… | ZDNet"); the names a title outside the text gives are found by their forms."""
    first_line, title_words = _folded(text[:first_line_end]), _folded(title or "")
    if title is None or not title_words or not first_line or first_line in title_words or title_words in first_line:
        listing = words.members_before.search(text, 0, first_line_end)
        listed = {entity.id for entity in entities if listing is not None
                  and any(start < first_line_end for start, _ in entity.mentions)
                  and all(start >= listing.end() for start, _ in entity.mentions if start < first_line_end)}
        return _Headline(first_line_end, Counter(), frozenset(listed))
    listing = words.members_before.search(title)
    setting = re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, words.place_prepositions))})\s+(?:the\s+)?$", re.IGNORECASE)
    outside: Counter[str] = Counter()
    listed, settings = set(), set()
    for entity in entities:
        found = [match.start() for form in (entity.name, *entity.aliases)
                 for match in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", title)]
        if not found:
            continue
        outside[entity.id] = len(found)
        if listing is not None and min(found) >= listing.end():
            listed.add(entity.id)
        if all(setting.search(title, 0, start) for start in found):
            settings.add(entity.id)
    return _Headline(0, outside, frozenset(listed), frozenset(settings))


def _folded(line: str) -> str:
    """A line's words, lower case, single-spaced: a title and the text's first line compared."""
    return " ".join(re.findall(r"\w+", line.casefold()))


def _main_entities(mentions: ByOffset[_Mention], headline: _Headline) -> tuple[str | None, str | None, str | None, str | None]:
    """The organisation, the product and the place the article is about, each when one stands out:
    mentioned three times or more outside sources, a mention in the headline (not as a list's member)
    counting thrice; and the one that dominates the article (weighs at least twice as much as any other), if any."""
    counts: Counter[str] = Counter()
    weights: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for mention in mentions.items:
        if mention.in_source or mention.speaks:
            continue
        counts[mention.entity.id] += 1
        in_headline = mention.start < headline.end and mention.entity.id not in headline.listed
        weights[mention.entity.id] += 1 + (HEADLINE_WEIGHT if in_headline else 0)
        labels[mention.entity.id] = mention.entity.label
    for entity, times in headline.outside.items():
        if entity in labels:  # named in the text too, outside sources
            counts[entity] += times
            weights[entity] += times * (1 + (HEADLINE_WEIGHT if entity not in headline.listed else 0))

    def dominant(wanted: tuple[str, ...]) -> str | None:
        candidates = [entity for entity in weights if labels[entity] in wanted]
        top = max(candidates, key=lambda entity: (weights[entity], counts[entity]), default=None)
        return top if top is not None and counts[top] >= MAIN_MENTIONS else None

    organisation, place = (dominant(labels) for labels in MAIN_LABELS)
    product = dominant(("PRODUCT",))
    ranked = sorted((entity for entity in weights if any(labels[entity] in wanted for wanted in MAIN_LABELS)),
                    key=lambda entity: weights[entity], reverse=True)
    clear = bool(ranked) and counts[ranked[0]] >= MAIN_MENTIONS and \
        (len(ranked) == 1 or weights[ranked[0]] >= DOMINANCE * weights[ranked[1]])
    return organisation, product, place, ranked[0] if clear else None


def _headline_subject(mentions: ByOffset[_Mention], headline: _Headline) -> str | None:
    """The organisation or place the headline names as a possible owner (not a source, speaker, setting,
    description or a member of a list: "Black Friday deals, including PS4 DualShock") that the article names
    again below it, twice as often as any other the headline names."""
    counts = Counter(mention.entity.id for mention in mentions.items if not mention.in_source and not mention.speaks)
    counts.update(headline.outside)
    labels = {mention.entity.id: mention.entity.label for mention in mentions.items}
    named = {mention.entity.id for mention in mentions.inside(0, headline.end)
             if mention.entity.label in HEADLINE_LABELS and not (mention.in_source or mention.speaks or mention.located)}
    named |= {entity for entity in headline.outside if labels.get(entity) in HEADLINE_LABELS}
    named -= headline.listed | headline.settings
    ranked = sorted(named, key=lambda entity: counts[entity], reverse=True)
    if not ranked or counts[ranked[0]] < HEADLINE_MENTIONS:
        return None
    # a roundup ("Toyota, Volkswagen and Ford show new cars") has no one subject
    return ranked[0] if len(ranked) == 1 or counts[ranked[0]] >= DOMINANCE * counts[ranked[1]] else None


def _funding_context(root: Token, funding: dict[str, frozenset[str]]) -> tuple[Token | None, Token | None]:
    """The raise an amount measures ("a $25 million round", "the $500m raise as well as a $1bn loan": the
    loan), and the verb whose object it or the amount is ("led", "invested $10 million"), directly or through
    a preposition ("committed to a $9.5 billion lifeline")."""
    noun = root.head if root.dep_ in AMOUNT_DEPS and root.head != root and root.head.lower_ in funding["noun"] else None
    carrier = noun or root
    while carrier.dep_ == "conj" and carrier.head.lower_ in funding["noun"]:
        carrier = carrier.head
    if carrier.dep_ == "pobj" and noun is not None and carrier.head.dep_ == "prep":  # "committed to a $9.5 billion lifeline"
        carrier = carrier.head
    verb = carrier.head if carrier.dep_ in ("dobj", "prep") and carrier.head.pos_ in ("VERB", "AUX") else None
    return noun, verb


def _subjects_up(verb: Token) -> list[Token]:
    """The subject of a verb, or of the verb it is the complement or purpose of when it has none ("JP Morgan
    had been brought in to run the raise": JP Morgan)."""
    while True:
        subjects = [child for child in verb.children if child.dep_ in SUBJECT_DEPS]
        if subjects or verb.dep_ not in ("xcomp", "advcl") or verb.head == verb:
            return subjects
        verb = verb.head


def _clause_subject(root: Token, words: ClaimWords) -> Token | None:
    """The subject of the verb nearest above a figure, following a conjoined verb or a complement without one up
    to the verb that has one ("Mourinho joined Chelsea and won three titles": Mourinho), and from a gerund after a
    preposition to the verb it hangs on ("led 14-7 before scoring 24 points"); a relative pronoun stands
    for what it refers to. None under a verb by which a speaker reckons figures ("expects 5% growth"), and for an
    infinitive whose subject is the object before it ("asked Acme to cut 400 jobs")."""
    below, verb = next(((below, token) for below, token in itertools.pairwise(_ancestors(root))
                        if token.pos_ in ("VERB", "AUX")), (None, None))
    if below is None or below.dep_ in SUBJECT_DEPS:  # the figure is in a subject: it is what the clause is about
        return None
    while verb is not None and verb.lower_ not in words.forecast_verbs:
        subject = next((child for child in verb.children if child.dep_ in SUBJECT_DEPS), None) or _stranded_subject(verb)
        if subject is not None:
            return verb.head if subject.lower_ in words.relative_pronouns and verb.dep_ == "relcl" else subject
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in ("VERB", "AUX"):
            verb = verb.head.head  # "led 14-7 before scoring 24 points": the gerund's subject is its verb's
            continue
        if verb.dep_ not in ("conj", "xcomp") or verb.head == verb \
                or any(child.dep_ == "dobj" and child.i < verb.i for child in verb.head.children):
            return None
        verb = verb.head
    return None


def _stranded_subject(verb: Token) -> Token | None:
    """"Vann rushed for 101 yards for Eastern Michigan and Arthur Jackson caught two passes": the parse hangs the
    name that opens a conjoined clause on the noun before "and", leaving the clause's verb with no subject. A
    name right before a conjoined verb without one, itself conjoined after "and"/"but", is that verb's subject."""
    if verb.dep_ != "conj" or verb.pos_ != "VERB" or verb.i == 0 or any(child.dep_ in SUBJECT_DEPS for child in verb.children):
        return None
    name = verb.doc[verb.i - 1]
    if name.pos_ != "PROPN" or not name.ent_type_ or name.dep_ != "conj" or not verb.head.i < name.head.i < name.i:
        return None
    first = name.left_edge
    joiner = verb.doc[first.i - 1] if first.i > 0 else None
    return name if joiner is not None and joiner.dep_ == "cc" and joiner.head == name.head else None


def _agent_of_noun(name: Token, head: Token) -> bool:
    """"a last-minute 3-pointer by Paul George": a name in a "by" phrase of a noun is who did what the noun says;
    "7 pension products of ICBC Wealth": in an "of" phrase of a phrase's `head`, whose it is."""
    preposition = name.head if name.dep_ == "pobj" else None
    return preposition is not None and preposition.head.pos_ in ("NOUN", "PROPN") \
        and (preposition.lower_ == "by" or (preposition.lower_ == "of" and preposition.head == head))


def _ancestors(root: Token) -> Iterable[Token]:
    yield root
    yield from root.ancestors


def _governing_phrases(root: Token, words: ClaimWords, trees: _Trees) -> Iterable[Span]:
    """Where the owner of a figure is named, nearest first: the figure's own noun phrase, then the
    subjects of the verbs it hangs from."""
    head = root.head if root.dep_ in ("nummod", "quantmod", "compound", "amod") and root.head != root else root
    yield root.doc[head.left_edge.i:head.right_edge.i + 1]
    owned = _possessed_object(head)
    if owned is not None:
        yield root.doc[owned.left_edge.i:owned.i + 1]  # not what follows it: "its exports to China"
    yield from _subject_phrases(root, words, trees)


def _possessed_object(noun: Token) -> Token | None:
    """"Tesla's price war forced Zeta to cut its sales forecast to 40,000 cars", "regulators cut Zeta's target
    by 5%": the object of the verb a figure's preposition hangs from, when a possessor says whose it is; it
    owns the figure before the verb's subject does. Up to the clause's subject, through a verb the parse hangs
    inside the object ("he puts Xiaomi's odds of reaching the top five at 10%": "at" under "reaching"), not
    through another noun."""
    preposition = noun.head if noun.dep_ == "pobj" else None
    if preposition is None or preposition.dep_ != "prep":
        return None
    for token in preposition.ancestors:
        if token.pos_ in ("NOUN", "PROPN"):  # "despite the deaths of three children": the deaths', not the verb's
            return token if token.dep_ == "dobj" and _possessed(token) else None
        if token.pos_ in ("VERB", "AUX"):
            owned = next((child for child in token.children if child.dep_ == "dobj" and _possessed(child)), None)
            if owned is not None or any(child.dep_ in SUBJECT_DEPS for child in token.children):
                return owned
    return None


def _possessed(noun: Token) -> bool:
    return any(child.dep_ == "poss" for child in noun.children)


def _possessed_by_other(noun: Token, words: ClaimWords) -> bool:
    """Whether a possessor other than the whole country says whose `noun` is ("its stores", "Acme's sales"; not
    "our country's exports")."""
    return any(child.dep_ == "poss" and child.lower_ not in words.national_places for child in noun.children)


def _subject_phrases(root: Token, words: ClaimWords, trees: _Trees) -> Iterable[Span]:
    """Subjects of the verbs a figure hangs from, nearest first, up to the clause a reporting verb
    introduces ("Canalys published a report showing that shipments grew 11%": not Canalys). An infinitive's
    subject is the object before it ("the lawsuit forced Harbor Steel to cut 400 jobs": Harbor Steel's), and a
    subject the parse hangs on an auxiliary is its verb's ("The forum was co-hosted by …": "was" holds it)."""
    below: Token | None = None
    for token in _ancestors(root):
        controller = _controlling_object(token, below, words)
        below = token
        if controller is not None:
            yield root.doc[controller.left_edge.i:controller.right_edge.i + 1]
        for child in itertools.chain(token.children, *(aux.children for aux in token.children if aux.dep_ in AUX_DEPS)):
            if child.dep_ in SUBJECT_DEPS and not trees.is_ancestor(child, root):
                if child.right_edge.text in SPEAKER_LABEL_ENDS:
                    continue  # "Lin Tao, director of the bureau: costs will halve": who speaks, not what halves
                if child.lower_ in words.relative_pronouns and token.dep_ == "relcl":
                    child = token.head  # "Samsung, which shipped 74.1 million": the antecedent
                yield root.doc[child.left_edge.i:child.right_edge.i + 1]
        stranded = _stranded_subject(token) if token.pos_ == "VERB" else None
        if stranded is not None:  # "… for Eastern Michigan and Arthur Jackson caught two passes"
            yield root.doc[stranded.left_edge.i:stranded.i + 1]
        if token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.head.pos_ in ("NOUN", "PROPN"):
            noun = token.head.head
            yield root.doc[noun.left_edge.i:noun.right_edge.i + 1]
        if token.dep_ == "ccomp":
            return


def _controlling_object(verb: Token, clause: Token | None, words: ClaimWords) -> Token | None:
    """The object of a causative `verb` (rules/claims/causative_verbs) that is the subject of its infinitive
    `clause` ("forced Harbor Steel to cut 400 jobs", "caused the stock price of Alphabet to plummet 8.9%"); None
    for another verb ("sued Orbis to recover $5 million": the parse makes a purpose a complement too) or a clause
    with a subject of its own."""
    if clause is None or clause.head != verb or clause.i < verb.i or clause.tag_ != "VB" \
            or clause.dep_ not in INFINITIVE_DEPS or verb.lower_ not in words.causative_verbs \
            or any(child.dep_ in SUBJECT_DEPS for child in clause.children):
        return None
    return next((child for child in verb.children if child.dep_ == "dobj" and child.i < clause.i), None)


def _aged_tokens(anchor: Token) -> list[Token]:
    """The tokens an age word describes: the noun it modifies or, said of a subject ("is 73 years old",
    "retired at age 62"), that subject; with what that noun is in apposition to and its other appositives."""
    if any(child.dep_ == "case" for child in anchor.children):  # "the 66-year-old's suicide": the age names its owner
        nouns = [anchor]
    elif anchor.dep_ in ("acomp", "attr", "oprd", "prep"):  # "is 73 years old", "died at the age of 96"
        nouns = [child for child in _subject_bearer(_governing_verb(anchor)).children if child.dep_ in SUBJECT_DEPS]
    elif anchor.dep_ in ("amod", "acl", "compound", "nmod", "npadvmod") and anchor.head != anchor:
        nouns = [anchor.head]
    else:
        nouns = [anchor]
    nouns += [noun.head for noun in nouns if noun.dep_ == "appos"]  # "Lee Park, the 60-year-old son of …"
    return [*nouns, *(child for noun in nouns for child in noun.children if child.dep_ == "appos")]


def _describes_subject(anchor: Token, described: set[int]) -> bool:
    """Whether an age describes the subject of the clause it is told in ("The 56-year-old said", "he died at the age
    of 71"), not a noun deeper in it ("Barr put Sawyer in charge and ordered investigations into the 66-year-old's
    suicide": a conjoined verb's subject is the first verb's)."""
    verb = next((token for token in _ancestors(anchor) if token.pos_ in ("VERB", "AUX")), None)
    verb = _subject_bearer(verb) if verb is not None else None
    while verb is not None and verb.dep_ == "conj" and not any(child.dep_ in SUBJECT_DEPS for child in verb.children):
        verb = verb.head
    return verb is None or any(child.i in described for child in verb.children if child.dep_ in SUBJECT_DEPS)


def _governing_verb(prep: Token) -> Token:
    """The verb a phrase like "at the age of 9" is said of, through the nouns it may hang from ("falling into a coma
    at the age of 9", "died September 19 at the age of 96"); its head when it hangs from no such chain."""
    head = prep.head
    while head.pos_ not in ("VERB", "AUX") and head.dep_ in ("pobj", "prep", "npadvmod", "dobj") and head.head != head:
        head = head.head
    return head if head.pos_ in ("VERB", "AUX") else prep.head


def _subject_bearer(verb: Token) -> Token:
    """The verb whose subject a subjectless gerund shares ("after falling into a coma at the age of 9, he was
    diagnosed": "diagnosed"); the verb itself otherwise."""
    if verb.tag_ != "VBG" or any(child.dep_ in SUBJECT_DEPS for child in verb.children):
        return verb
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
        return verb.head.head
    return verb.head if verb.dep_ == "advcl" else verb


def _clause_subjects(anchor: Token) -> list[Token]:
    """"Zheng Yonggang, the founder, passed away on February 10, 2023, aged 65": an age word closing a
    clause, hung from its verb or from a date in it, describes the subject of that clause."""
    head = anchor.head
    if anchor.dep_ not in ("acl", "advcl") or not (head.pos_ in ("VERB", "AUX") or head.ent_type_ in ("DATE", "TIME")):
        return []
    verb = next((token for token in _ancestors(head) if token.pos_ in ("VERB", "AUX")), None)
    subjects = [child for child in verb.children if child.dep_ in SUBJECT_DEPS] if verb is not None else []
    return [*subjects, *(child for noun in subjects for child in noun.children if child.dep_ == "appos")]


def _named_as(nouns: list[Token]) -> list[Token]:
    """"a 55-year-old man, identified as Masallah Cicek", "the man was identified as …", "a woman named
    Ann Bo": the name a participle of the noun, or the passive verb it is the subject of, gives it."""
    verbs = [child for noun in nouns for child in noun.children if child.dep_ == "acl"] \
        + [noun.head for noun in nouns if noun.dep_ == "nsubjpass"]
    given = [child for verb in verbs for child in verb.children if child.dep_ == "oprd"]
    return given + [child for verb in verbs for prep in verb.children if prep.dep_ == "prep" and prep.lower_ == "as"
                    for child in prep.children if child.dep_ == "pobj"]


def _expletive(pronoun: Token) -> bool:
    """Whether "it" is no one's but holds a clause told after its verb ("it took eight hours to complete the series",
    "it is likely that …"): what follows is the subject."""
    verb = pronoun.head
    return pronoun.dep_ == "expl" or any(child.dep_ in ("xcomp", "ccomp", "csubj") and child.i > verb.i
                                         and child.left_edge.lower_ in ("to", "that") for child in verb.children)


def _described(noun: Token, determiners: frozenset[str]) -> bool:
    """Whether a noun is a bare description that points back ("the company", "the Dutch bank"): it opens with a
    determiner that does, and nothing possesses it or follows it ("the company's", "the state of Ohio")."""
    return noun.left_edge.lower_ in determiners and noun.right_edge == noun \
        and not any(child.dep_ == "poss" for child in noun.children)


def _definite(noun: Token) -> bool:
    """"the 37-year-old", "The 48-year-old Australian": a noun with a definite article; a possessive takes its own
    from the noun it is hung on ("the 66-year-old's suicide")."""
    possessed = [noun.head] if any(child.dep_ == "case" for child in noun.children) else []
    return any(child.dep_ == "det" and child.lower_ == "the" and child.i < noun.i
               for owner in (noun, *possessed) for child in owner.children)


def _described_noun(root: Token, figure: Figure) -> Token | None:
    """"the 100-person delegation", "a 15-storey block": a figure joined by a hyphen to its unit describes
    the noun that unit hangs from, which owns it."""
    following = root.doc.char_span(figure.end, figure.end + 1)
    if following is None or following.text != "-":
        return None
    noun = root
    while noun.dep_ in ("nummod", "quantmod", "compound", "nmod", "amod", "npadvmod") and noun.head != noun:
        noun = noun.head
    return noun if noun != root and noun.pos_ in ("NOUN", "PROPN") else None


def _head_noun(root: Token, figure: Figure) -> Token | None:
    """"20 million monthly active creators" → "creators": the noun the figure counts."""
    if root.dep_ not in ("nummod", "quantmod", "compound", "amod", "npadvmod") or root.head == root:
        return None
    head = root.head
    if head.idx < figure.end or head.pos_ not in ("NOUN", "PROPN"):
        return None
    return head


def _noun_phrase(phrase: Span, words: ClaimWords) -> str | None:
    """A short metric phrase from a noun phrase: its head and the modifiers before it, without owners,
    determiners or numbers; "the number of orders" → "orders"."""
    head = phrase.root
    if head.lower_ in words.quantity_nouns:
        preposition = words.quantity_nouns[head.lower_]
        objects = [child for prep in head.children if prep.dep_ == "prep" and prep.lower_ == preposition
                   for child in prep.children if child.dep_ == "pobj"]
        if objects:
            head = objects[0]
    if head.pos_ not in ("NOUN", "PROPN") or head.lower_ in words.not_metrics or head.ent_type_ or not _wordlike(head) \
            or len(head.text) < MIN_METRIC_LETTERS:  # "Rs 40 lakh", "$4.99/mo", "151 PS", "A: …": a sign or a letter
        return None
    modifiers = [token for token in head.lefts if token.dep_ in MODIFIER_DEPS and not token.ent_type_
                 and not token.like_num and token.pos_ in ("NOUN", "ADJ", "PROPN", "VERB") and _wordlike(token)
                 and not _after_number(token)]  # "5G base stations": not "g base stations"
    modifiers = _contiguous(modifiers, head)
    kept = [token.text for token in modifiers] + [_hyphenated(head)]
    return " ".join(kept[-4:]).lower()


def _after_number(token: Token) -> bool:
    """Whether a word is the tail of a number written together with it ("5G", "4K": the tokenizer splits them)."""
    return token.i > 0 and token.doc[token.i - 1].like_num and not token.doc[token.i - 1].whitespace_


def _hyphenated(head: Token) -> str:
    """A word and the words hyphenated to it after it, which the tokenizer splits off ("four sub-forums", whose
    parse may make "sub" the head): the whole word."""
    end = head.i
    doc = head.doc
    while end + 2 < len(doc) and not doc[end].whitespace_ and doc[end + 1].text == "-" and not doc[end + 1].whitespace_ \
            and _wordlike(doc[end + 2]):
        end += 2
    return doc[head.i:end + 1].text


def _wordlike(token: Token) -> bool:
    """A word of letters (hyphens allowed), not a unit sign, quote or number ("70\"+")."""
    return re.fullmatch(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", token.text) is not None


def _contiguous(modifiers: list[Token], head: Token) -> list[Token]:
    kept: list[Token] = []
    expected = head.i - 1
    for token in sorted(modifiers, key=lambda token: token.i, reverse=True):
        if token.i != expected:
            break
        kept.insert(0, token)
        expected -= 1
    return kept


def _clauses(root: Token) -> Iterable[tuple[int, int]]:
    """Character bounds of the clauses around a figure, innermost first."""
    for token in _ancestors(root):
        if token.pos_ in ("VERB", "AUX") or token.dep_ == "ROOT":
            yield token.left_edge.idx, token.right_edge.idx + len(token.right_edge)


def _nearest_in(items: ByOffset[Spanned], window: tuple[int, int], figure: Figure, accept: Callable[[Spanned], bool],
                *, before: bool = True, after: bool = True) -> Spanned | None:
    """What `_nearest` would choose among the accepted items inside `window`, looking outwards from the
    figure only as far as a nearer one could still be (items come in text order)."""
    best: tuple[int, int, Spanned] | None = None
    scans = []
    if before:
        scans.append((items.backward(window[0], min(figure.start, window[1])),
                      lambda item: figure.start - item.start - items.longest))
    if after:
        scans.append((items.forward(max(figure.start, window[0]), window[1]), lambda item: item.start - figure.end))
    for scan, closest_possible in scans:
        for item in scan:
            if best is not None and closest_possible(item) > best[0]:
                break
            if item.end <= window[1] and accept(item):
                candidate = (_distance(item, figure), items.position(item), item)
                if best is None or candidate[:2] < best[:2]:
                    best = candidate
    return best[2] if best else None


def _distance(item: Spanned, figure: Figure) -> int:
    return min(abs(item.end - figure.start), abs(item.start - figure.end))


def _money_and_count(kind: str, other: str) -> bool:
    """Whether of two figure kinds one is money and the other a count or quantity."""
    return "money" in (kind, other) and bool({kind, other} & COUNTING_KINDS)


def _figure_key(figure: Figure) -> tuple[float, str, str | None]:
    """What makes two figures the same statement of a number: value, kind and currency."""
    return figure.value, figure.kind, figure.currency


def _quantity_phrase(root: Token) -> Span | None:
    """The noun phrase a measure is the amount of: "a diameter of 3,200 miles", "the top speed is 109 mph"."""
    unit = root.head if root.dep_ in ("nummod", "quantmod", "compound") and root.head != root else root
    if unit.dep_ == "pobj" and unit.head.lower_ == "of" and unit.head.head.pos_ == "NOUN":
        noun = unit.head.head
        return root.doc[noun.left_edge.i:noun.i + 1]
    if unit.dep_ == "attr" and unit.head.lower_ in _FORMS_OF_BE:
        subject = next((child for child in unit.head.children if child.dep_ == "nsubj"), None)
        return root.doc[subject.left_edge.i:subject.i + 1] if subject is not None else None
    return None


def _verb_of(noun: Token) -> Token | None:
    """The verb a counted noun does or undergoes: the participle that describes it ("people registered"),
    else the verb it is the subject of ("28 people were quarantined")."""
    verb = next((child for child in noun.children if child.dep_ == "acl" and child.pos_ == "VERB"), None)
    if verb is None and noun.dep_ in ("nsubj", "nsubjpass") and noun.head.pos_ == "VERB":
        verb = noun.head
    return verb if verb is not None and _wordlike(verb) else None


def _with_verb(noun: Token) -> str:
    """"15,000 people registered": a counted noun and its verb, the noun alone without one."""
    verb = _verb_of(noun)
    return f"{noun.lower_} {verb.lower_}" if verb is not None else noun.lower_



def _states_standing(root: Token | None, standing_auxiliaries: frozenset[str]) -> bool:
    """"the same V8 engine, which produces 471 horsepower", "Other features include three sets of tips", "a case that
    can give 24 hours of battery life", "having won 25 senior trophies": a figure whose clause is in the simple
    present, says what can be, or is a perfect participle's states what holds at the writing (a spec, a career
    total), not what happened at a past time an earlier sentence named. The clause is that of the first verb above
    the figure that is finite or has an auxiliary; a past tense, another modal or a perfect there is no standing
    state ("would reach $2 billion", "had sold 75,723"; "In 1999, the firm began to change. … We have set two
    strategic directions": the perfect tells the story's events)."""
    if root is None:
        return False
    for token in (root, *root.ancestors):
        if token.pos_ not in ("VERB", "AUX"):
            continue
        auxiliaries = [child for child in token.children if child.dep_ in ("aux", "auxpass")]
        # first: the tagger may read the participle after "having" as a past tense (VBD)
        if any(child.lower_ in standing_auxiliaries for child in auxiliaries):
            return True
        tags = {token.tag_, *(child.tag_ for child in auxiliaries)}
        if tags & _PAST_OR_MODAL_TAGS or any(child.lower_ in _PERFECT_AUXILIARIES for child in auxiliaries):
            return False
        if tags & _PRESENT_TAGS:
            return True
    return False


def _told_as_possible(root: Token | None) -> bool:
    """"He was arrested in June. He could face up to five years in prison", "It would cut 300 jobs": a figure whose
    clause has a modal is what may or will be, not what happened at the past time an earlier sentence named; with a
    perfect it is what should or could have happened then ("the officers should have conducted five counts"). The
    clause is that of the first verb above the figure that is finite or has an auxiliary."""
    for token in () if root is None else (root, *root.ancestors):
        if token.pos_ not in ("VERB", "AUX"):
            continue
        auxiliaries = [child for child in token.children if child.dep_ in ("aux", "auxpass")]
        if token.tag_ == "MD" or any(child.tag_ == "MD" for child in auxiliaries):
            return not any(child.lower_ in _PERFECT_AUXILIARIES for child in auxiliaries)
        if auxiliaries or token.tag_ in _FINITE_TAGS:
            return False
    return False


def _day_after(day: tuple[int, int, int]) -> tuple[int, int, int]:
    following = datetime.date(*day) + datetime.timedelta(days=1)
    return following.year, following.month, following.day


def _period_start(value: str | None) -> tuple[int, int, int] | None:
    """The first day of a calendar period ("2019-Q4" → 2019, 10, 1; "2019-11-18/2019-11-22" → its first
    day), None for an unknown year ("XXXX-08") or a fiscal period, whose calendar dates are not known."""
    match = _PERIOD_START.match(value or "")
    if match is None:
        return None
    year, month, day, quarter, half = match.groups()
    first_month = int(month) if month else (int(quarter) - 1) * 3 + 1 if quarter else (int(half) - 1) * 6 + 1 if half else 1
    return int(year), first_month, int(day) if day else 1


def _applies_to(source: Source, figure: Figure) -> bool:
    """Whether a source may speak for a figure of its sentence: any but one that covers a side clause the figure is
    not in ("Three cases were found, though officials say the risk is low"); a credit line's block is read apart."""
    return source.kind == "credit_line" or source.covers is None or source.covers[0] <= figure.start < source.covers[1]


def _is_day(time: Time) -> bool:
    return time.value is not None and _DAY_VALUE.search(time.value) is not None


def _is_days(time: Time) -> bool:
    """"XXXX-04-20/XXXX-04-24": a range from one day to another."""
    return time.value is not None and "/" in time.value \
        and all(_DAY_VALUE.search(end) for end in time.value.split("/"))


def _is_period(time: Time) -> bool:
    """A period a figure can report (a year, quarter, month), not a day such as a dateline's or a deadline."""
    return time.role is None and time.value is not None and _DAY_VALUE.search(time.value) is None


def _words_before(doc: Doc, words: frozenset[str]) -> list[int]:
    """How many tokens before each token index (and the doc's end) are one of `words` (lower case), from the
    doc's array: whether a stretch of tokens holds one is a subtraction, with no Token made for each."""
    strings = doc.vocab.strings
    wanted = numpy.array([strings.add(word) for word in words], dtype=numpy.uint64)
    return [0, *numpy.cumsum(numpy.isin(doc.to_array("LOWER"), wanted)).tolist()]


def _nearest(items: Sequence[Spanned], figure: Figure) -> Spanned:
    return min(items, key=lambda item: min(abs(item.end - figure.start), abs(item.start - figure.end)))


def _head_indices(doc: Doc) -> numpy.ndarray:
    """Each token's head's index (its own when unparsed), read from the doc's array: no Token objects made."""
    if not doc.has_annotation("DEP"):
        return numpy.arange(len(doc), dtype=numpy.int64)
    offsets = doc.to_array("HEAD").astype(numpy.int64)  # head minus token index, stored unsigned
    return offsets + numpy.arange(len(doc), dtype=numpy.int64)


def _side_clause_heads(doc: Doc, heads: numpy.ndarray) -> numpy.ndarray:
    """Whether each token heads a side clause (SIDE_CLAUSES) and is not a finite verb misread as one
    (FINITE_VERB_CHILDREN), read from the doc's arrays: no Token objects made."""
    side = numpy.zeros(len(doc), dtype=bool)
    if not doc.has_annotation("DEP"):
        return side
    strings = doc.vocab.strings
    labels = doc.to_array(["DEP", "TAG"])
    deps, tags = labels[:, 0], labels[:, 1]
    for dep, dep_tags in SIDE_CLAUSES.items():
        side |= (deps == strings.add(dep)) & _any_equal(tags, [strings.add(tag) for tag in dep_tags])
    if side.any():
        # a child that shows the verb is finite unmarks its head, whatever its siblings
        finite = numpy.zeros(len(doc), dtype=bool)
        for dep, child_tags in FINITE_VERB_CHILDREN.items():
            children = deps == strings.add(dep)
            finite |= children if child_tags is None else children & _any_equal(tags, [strings.add(tag) for tag in child_tags])
        side[heads[finite]] = False
    return side


def _any_equal(values: numpy.ndarray, wanted: list[int]) -> numpy.ndarray:
    """Whether each value is one of `wanted` (a few ids: comparisons cost less than numpy.isin's set-up)."""
    found = numpy.zeros(len(values), dtype=bool)
    for value in wanted:
        found |= values == value
    return found


class _Trees:
    """The parse trees of a doc, indexed once so that ancestor questions cost O(log n) instead of a walk up
    the tree (a long run-on sentence parses as a chain as deep as the text is long).

    Built by pointer doubling over the doc's head array in numpy (what a token's ancestors hold is summed
    over jumps of 1, 2, 4 … levels): O(n log depth) array operations, no Python loop over the tokens."""

    def __init__(self, doc: Doc, figure_roots: set[Token]) -> None:
        size = len(doc)
        heads = _head_indices(doc)
        own = numpy.arange(size, dtype=numpy.int64)
        below_top = heads != own
        is_figure = numpy.zeros(size, dtype=bool)
        is_figure[[token.i for token in figure_roots]] = True
        # over the path from a token (exclusive) up to its jump (inclusive): levels, figure roots, the nearest
        # figure root (-1: none); from the token (inclusive) to its jump below the top: whether a side clause
        jump, depth = heads, below_top.astype(numpy.int64)
        figures = (is_figure[heads] & below_top).astype(numpy.int64)
        nearest = numpy.where(figures > 0, heads, -1)
        side = _side_clause_heads(doc, heads) & below_top
        inside = side | side[heads]
        jumps = [heads]
        while True:
            further = jump[jump]
            depth, figures = depth + depth[jump], figures + figures[jump]
            nearest = numpy.where(nearest >= 0, nearest, nearest[jump])
            inside = inside | inside[jump]
            if numpy.array_equal(further, jump):
                break
            jump = further
            jumps.append(jump)
        self.doc = doc
        self.depth: list[int] = depth.tolist()
        self.top: list[int] = jump.tolist()
        #: How many figure roots are among each token's ancestors, and the nearest of them (-1: none).
        self.figure_ancestors: list[int] = figures.tolist()
        self.nearest_figure: list[int] = nearest.tolist()
        self.is_figure: list[bool] = is_figure.tolist()
        #: Whether a token is inside a side clause of its sentence (SIDE_CLAUSES), itself or an ancestor.
        self.in_side_clause: list[bool] = inside.tolist()
        #: jumps[k][i]: the ancestor 2**k levels above token i (a tree's top for itself).
        self.jumps: list[list[int]] = [level.tolist() for level in jumps]

    def is_ancestor(self, above: Token, below: Token) -> bool:
        """Whether `above` is `below` or one of its ancestors."""
        level = self.depth[above.i]
        return level <= self.depth[below.i] and self._ancestor_at(below.i, level) == above.i

    def dates_another_figure(self, time_root: Token, root: Token | None) -> bool:
        """Whether a figure root other than `root` is among the ancestors of `time_root`."""
        count = self.figure_ancestors[time_root.i]
        return count > 1 or (count == 1 and (root is None or self.nearest_figure[time_root.i] != root.i))

    def in_clause(self, time_root: Token, root: Token) -> bool:
        """A time inside the figure's clause but not inside a sibling clause the figure is not part of
        ("revenue in 2021 reached 20 billion, and in 2022 … jumped to 30 billion") nor attached to
        another figure ("403.5 million …, below the 430.7 million shipped in Q4 2016"): on the way up
        from the time to the figure's path, no figure root, and no clause hanging from that path."""
        if time_root != root and self.is_ancestor(root, time_root):
            return True
        with_self = self.figure_ancestors[time_root.i] + self.is_figure[time_root.i]
        if self.top[time_root.i] != self.top[root.i]:
            return with_self == 0
        meeting = self._meeting(time_root, root)
        if meeting == time_root.i:
            return True
        figures_below = with_self - self.figure_ancestors[meeting] - self.is_figure[meeting]
        below = self.doc[self._ancestor_at(time_root.i, self.depth[meeting] + 1)]
        return figures_below == 0 and below.dep_ not in CLAUSE_DEPS

    def bounds(self, token: Token) -> tuple[int, int]:
        """Character bounds of the whole tree `token` is in."""
        top = self.doc[self.top[token.i]]
        return top.left_edge.idx, top.right_edge.idx + len(top.right_edge)

    def _meeting(self, first: Token, second: Token) -> int:
        """The deepest common ancestor (or self) of two tokens of one tree."""
        level = min(self.depth[first.i], self.depth[second.i])
        one, other = self._ancestor_at(first.i, level), self._ancestor_at(second.i, level)
        if one == other:
            return one
        for jump in reversed(self.jumps):
            if jump[one] != jump[other]:
                one, other = jump[one], jump[other]
        return self.jumps[0][one]

    def _ancestor_at(self, node: int, depth: int) -> int:
        """The ancestor (or self) of `node` at `depth`."""
        steps, power = self.depth[node] - depth, 0
        while steps:
            if steps & 1:
                node = self.jumps[power][node]
            steps >>= 1
            power += 1
        return node
