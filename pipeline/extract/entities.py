"""Entities: the model's named entities, corrected by rules and grouped into one entity per name.

Known organisations from `rules/entities/organizations` are tagged by an entity ruler placed
before the model's "ner", so "Xiaohongshu" is never a PERSON; their aliases merge into one entity.
Each group gets one label: a known entity's, else PERSON when a person cue ("(pseudonym)", a job
title) or a near-identical PERSON name ("Anzai" beside "Anxi") says so, else the majority label.
Near-identical names stay separate entities: that is the evidence a name_variant check needs.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import EntityRuler
from spacy.pipeline.entityruler import DEFAULT_ENT_ID_SEP, PatternType
from spacy.tokens import Doc, Span, Token

from ..rules import RuleSet
from ..rules.entities import FILES as ENTITY_RULE_FILES
from ..rules.entities import (
    EntityLeadingWord,
    JunkEntity,
    KindWord,
    KnownEntity,
    NameSuffix,
    OrgSuffix,
    PersonCue,
    PossessiveEnding,
    RoleWord,
)
from ..rules.gates import folded
from ..schema import Entity
from ..spans import Coverage, SpanSet
from .component import RuleComponent
from .extensions import doc_text

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "PRODUCT", "FAC", "LOC", "EVENT", "WORK_OF_ART", "LAW"}
#: The labels of a place: a newsroom named after one ("China News") is not it.
PLACE_LABELS = {"GPE", "LOC"}
RULER_NAME = "claimex_entity_ruler"
#: How similar an unlabelled name must be to a PERSON name to be read as a person too ("Anzai"/"Anxi").
PERSON_VARIANT_SIMILARITY = 0.6
#: How far around a mention person cues are looked for, in characters.
CUE_WINDOW = 60
_INNER = re.compile(r"\w(?:.*\w)?", re.DOTALL)
#: What follows a class word in a class label: a number, a Roman numeral or one capital letter ("Phase 3", "Schedule IV").
_CLASS_NUMBER = re.compile(r"\d+[A-Za-z]?|[IVX]+|[A-Z]")
#: A number a name runs on into: a count or a score ("Dquendo 4 points", "Uchiyama 6-2"), not a year.
_RUN_ON_NUMBER = re.compile(r"(?!(?:19|20)\d\d$)\d+(?:[-–]\d+)?")
#: An acronym defined in parentheses after the words it stands for ("binge eating disorder (BED)").
_DEFINED_ACRONYM = re.compile(r"\(([A-Z]{2,6})s?\)")
_DEFINING_WORD = re.compile(r"[^\W\d_][\w'’-]*")
#: Words an acronym's letters skip ("Department of Labor (DOL)").
_ACRONYM_SKIPS = frozenset({"of", "and", "the", "for", "in", "on", "to", "a", "an", "&"})


def add_entity_components(nlp: Language, rules: RuleSet) -> None:
    """The known-entity ruler before the model's "ner" (or last without one), and the grouping after it."""
    ruler = nlp.add_pipe(RULER_NAME, before="ner" if "ner" in nlp.pipe_names else None)
    assert isinstance(ruler, KnownEntityRuler)  # for mypy: add_pipe is typed as returning any component
    with nlp.select_pipes(enable=[]):  # phrase patterns need only the tokenizer: no tagged docs, no W012
        ruler.add_patterns(known_entity_patterns(nlp, rules))
    grouper = nlp.add_pipe("claimex_entities")
    assert isinstance(grouper, EntityGrouper)
    grouper.initialize(rules=rules)


class KnownEntityRuler(EntityRuler):
    """spaCy's entity ruler, with the patterns that are exact token texts (`[{"ORTH": ...}, ...]`) looked up
    by a PhraseMatcher on ORTH instead of its token Matcher.

    The token Matcher tries every pattern at every token: with the known names' exact forms it cost more
    than all of claimex's other rules in rules-only mode. The matches are the same; the patterns are still
    the ruler's `token_patterns`, so a saved pipeline writes and reads them as before."""

    def __init__(self, nlp: Language, name: str, **options: Any) -> None:
        super().__init__(nlp, name, **options)
        self.exact_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")

    def clear(self) -> None:
        super().clear()
        self.exact_matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")

    def add_patterns(self, patterns: list[PatternType]) -> None:
        super().add_patterns(patterns)
        for key, token_patterns in self.token_patterns.items():
            if key in self.matcher and all(_exact_words(pattern) is not None for pattern in token_patterns):
                self.matcher.remove(key)
                if key in self.exact_matcher:
                    self.exact_matcher.remove(key)
                self.exact_matcher.add(key, [Doc(self.nlp.vocab, words=_exact_words(pattern))
                                             for pattern in token_patterns])

    def match(self, doc: Doc) -> list[tuple[int, int, int]]:
        self._require_patterns()
        matchers = [matcher for matcher in (self.matcher, self.phrase_matcher, self.exact_matcher) if len(matcher)]
        found = {match for matcher in matchers for match in matcher(doc) if match[1] != match[2]}
        return sorted(found, key=lambda match: (match[2] - match[1], -match[1]), reverse=True)


def _exact_words(pattern: object) -> list[str] | None:
    """The token texts of a token pattern that only spells tokens out (`[{"ORTH": "RED"}]`), else None."""
    if not isinstance(pattern, list) or not pattern:
        return None
    words = [token.get("ORTH") if isinstance(token, dict) and len(token) == 1 else None for token in pattern]
    return words if all(isinstance(word, str) for word in words) else None  # type: ignore[return-value]


@Language.factory(RULER_NAME, assigns=["doc.ents", "token.ent_type", "token.ent_iob"],
                  default_config={"phrase_matcher_attr": "LOWER", "validate": True, "overwrite_ents": False,
                                  "ent_id_sep": DEFAULT_ENT_ID_SEP})
def make_known_entity_ruler(nlp: Language, name: str, phrase_matcher_attr: str | None, validate: bool,
                            overwrite_ents: bool, ent_id_sep: str) -> KnownEntityRuler:
    return KnownEntityRuler(nlp, name, phrase_matcher_attr=phrase_matcher_attr, validate=validate,
                            overwrite_ents=overwrite_ents, ent_id_sep=ent_id_sep)


class EntityGrouper(RuleComponent):
    """spaCy component: groups `doc.ents` into one labelled entity per name in `doc._.entities`."""

    rule_files = tuple(ENTITY_RULE_FILES)

    def compile(self, rules: RuleSet) -> None:
        self.known = {rule.id: rule for rule in rules.get("entities/organizations", KnownEntity)}
        self.junk = [_CompiledJunk(rule, re.compile(rule.regex) if rule.regex is not None else None)
                     for rule in rules.get("entities/junk", JunkEntity)]
        self.cues = rules.get("entities/person_cues", PersonCue)
        #: The cues' regexes compiled once (`re.search(pattern, ...)` looked each up in re's cache on every mention).
        self.cue_regexes = [(re.compile(cue.after) if cue.after is not None else None,
                             re.compile(cue.before) if cue.before is not None else None) for cue in self.cues]
        #: Capitalised words right before a cue that finds names ("Anxi (pseudonym)").
        self.cued_names = [re.compile(rf"(?<![\w.])([A-Z][a-z]+(?: [A-Z][a-z]+){{0,2}})(?={cue.after.removeprefix('^')})")
                           for cue in self.cues if cue.after is not None and cue.finds_names]
        self.org_suffixes = {rule.word for rule in rules.get("entities/org_suffixes", OrgSuffix)}
        self.outlet_suffixes = frozenset(rule.word for rule in rules.get("entities/org_suffixes", OrgSuffix) if rule.outlet)
        self.name_suffixes = frozenset(rule.word for rule in rules.get("entities/name_suffixes", NameSuffix))
        self.leading_words = [rule.word + " " for rule in rules.get("entities/leading_words", EntityLeadingWord)]
        self.role_words = frozenset(rule.word.casefold() for rule in rules.get("entities/role_words", RoleWord))
        self.names = NameForms(rules)
        kinds = rules.get("entities/kind_words", KindWord)
        self.kind_heads = frozenset(rule.word.casefold() for rule in kinds if not rule.before_number)
        self.class_words = frozenset(rule.word.casefold() for rule in kinds if rule.before_number)

    def names_kind(self, name: str) -> bool:
        """Whether a name is a kind of thing's (rules/entities/kind_words): headed by a condition's word
        ("Cannabis Use Disorder") or a class word and its number ("Schedule IV")."""
        words = name.split()
        if not words:
            return False
        if len(words) == 2 and words[0].casefold() in self.class_words and _CLASS_NUMBER.fullmatch(words[1]):
            return True
        return words[-1].casefold() in self.kind_heads

    def process(self, doc: Doc) -> Doc:
        doc._.entities = group_entities(doc, self)
        return doc


@Language.factory("claimex_entities", assigns=["doc._.entities"], requires=["doc.ents"])
def make_entity_grouper(nlp: Language, name: str) -> EntityGrouper:
    return EntityGrouper(nlp, name)


def known_entity_patterns(nlp: Language, rules: RuleSet) -> list[dict]:
    """Entity-ruler patterns for every known name and alias, each carrying the rule id.

    Names match in any case: phrase patterns, which the ruler's PhraseMatcher compares on LOWER, looking
    each token up once instead of trying every pattern at every token. A rule's `exact` forms ("RED",
    "Apple") and its literal renderings ("Millet") match only as spelled, through ORTH token patterns."""
    patterns: list[dict] = []
    for rule in rules.get("entities/organizations", KnownEntity):
        for form in [rule.name, *rule.aliases, *rule.literal]:
            if form in rule.exact or form in rule.literal:
                pattern: str | list[dict] = [{"ORTH": token.text} for token in nlp.make_doc(form)]
            else:
                pattern = form
            patterns.append({"label": rule.label, "pattern": pattern, "id": rule.id})
    return patterns


@dataclass
class _Group:
    name: str
    known: KnownEntity | None = None
    labels: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    forms: set[str] = field(default_factory=set)


def read_entities(doc: Doc) -> list[Entity]:
    """The doc's entities (working-text offsets), numbered e1, e2, … by first mention."""
    return list(doc._.entities or [])


def group_entities(doc: Doc, grouper: EntityGrouper) -> list[Entity]:
    """Named entities grouped by name and alias, one label each, in order of first mention."""
    known, junk = grouper.known, grouper.junk
    text = doc_text(doc)
    groups: dict[str, _Group] = {}
    ents = doc.ents  # spaCy builds every Span anew on each access
    named = {index for ent in ents for index in range(ent.start, ent.end)}
    common_terms = _common_acronyms(text)
    for model_ent in _titled_place_split(ents, grouper.role_words, grouper.org_suffixes):
        ent = _without_run_on_number(model_ent)
        whole, label = _after_model_number(_whole_name(ent, named, grouper.role_words), ent.label_, grouper.class_words)
        mention = _trimmed(whole, grouper.leading_words)
        if mention is None or label not in ENTITY_LABELS:
            continue
        surface = text[mention[0]:mention[1]]
        name = grouper.names.display(surface)
        rule = known.get(ent.ent_id_)
        if rule is None and (_is_junk(name, label, junk) or grouper.names_kind(name) or name in common_terms):
            continue  # a known name is never junk, whatever its case ("xiaomi")
        key = rule.id if rule else name.casefold()
        group = groups.setdefault(key, _Group(name=rule.name if rule else name, known=rule))
        group.labels.append(label)
        group.mentions.append(mention)
        group.forms.add(name)
    for key in [key for key, group in groups.items() if _common_word(doc, text, group, groups)]:
        del groups[key]
    _add_cued_people(doc, text, groups, grouper)
    _add_unlabelled_mentions(text, groups, any_case=set())
    labels = _vote_labels(text, groups, grouper)
    _merge_short_forms(groups, labels, grouper)
    _add_unlabelled_mentions(text, groups, any_case={key for key, group in groups.items() if labels[id(group)] == "PERSON"})
    ordered = sorted(groups.values(), key=lambda group: min(group.mentions))
    return [
        Entity(id=f"e{number}", name=group.name, label=labels[id(group)],
               aliases=sorted(form for form in group.forms if form != group.name),
               mentions=sorted(set(group.mentions)))
        for number, group in enumerate(ordered, start=1)
    ]


def _titled_place_split(ents: Sequence[Span], role_words: frozenset[str], org_suffixes: set[str]) -> Iterator[Span]:
    """The model's entities, with a title's place and the person it comes before taken apart: after a role word
    and its preposition ("ambassador to Ukraine Jane Doe", "President of Chile Juan Perez") the model may tag the
    place and the name as one organisation. The last two words (three with a middle initial) are the person's
    name, the words before the title's place (or employer: it keeps the model's label, unless the text tags it a
    place elsewhere). Only where the text bears it out: the place is tagged a place elsewhere, or the surname a
    person's, and the name is no organisation's word nor words the text writes in lower case ("Head of Life Care
    Solutions Europe", "CEO of New Media Investment Group", "director of China Policy Watch" stay whole)."""
    if not ents:
        return
    places = {ent.text for ent in ents if ent.label_ in PLACE_LABELS}
    surnames = {ent[-1].text for ent in ents if ent.label_ == "PERSON"}
    common = {token.text for token in ents[0].doc if token.is_lower}
    for ent in ents:
        doc = ent.doc
        size = 3 if len(ent) >= 4 and _INITIAL.fullmatch(ent[-2].text) else 2
        if ent.label_ in SPLIT_LABELS and len(ent) > size and ent.start >= 2 \
                and doc[ent.start - 1].lower_ in TITLE_PREPOSITIONS and doc[ent.start - 2].lower_ in role_words \
                and all(token.text[:1].isupper() for token in ent) and ent[-size].tag_ in PROPER_TAGS \
                and (ent[:-size].text in places or ent[-1].text in surnames) and ent[-1].text not in org_suffixes \
                and not any(token.lower_ in common for token in ent[-size:]):
            place = ent[:-size].text in places or ent.label_ not in ("ORG", "GPE")
            yield Span(doc, ent.start, ent.end - size, label="GPE" if place else ent.label_)
            yield Span(doc, ent.end - size, ent.end, label="PERSON")
        else:
            yield ent


#: What the model may run a title's place and the person's name together as; the prepositions that join a title
#: to its place ("ambassador to", "Minister of").
SPLIT_LABELS = {"ORG", "PERSON", "GPE", "FAC", "LOC"}
TITLE_PREPOSITIONS = {"to", "of", "for", "in"}
_INITIAL = re.compile(r"[A-Z]\.")


def _without_run_on_number(ent: Span) -> Span:
    """A person's name holds no number. One the model ran on into a figure ("Z. Nielsen 1 goal", "Dquendo 4"
    before "points", "Uchiyama 6-2") is cut before it; any other holding a digit names a thing, a product: a
    digit inside a word or a year ("Dell G3 15", "Tomb Raider 2013"), or a name the text repeats with the same
    number ("Thunderbolt 3 ports … Thunderbolt 3 docks": a model's name, where a player's score is told once)."""
    if ent.label_ != "PERSON":
        return ent
    first = next((token for token in ent if any(char.isdigit() for char in token.text)), None)
    if first is None:
        return ent
    doc = ent.doc
    before = doc[ent.start:first.i]
    text = doc_text(doc)
    numbered = text[ent.start_char:first.idx + len(first)]
    if len(before) and _RUN_ON_NUMBER.fullmatch(first.text) and before[0].text[:1].isupper() \
            and all(token.text[:1].isupper() or token.is_punct for token in before) \
            and len(list(itertools.islice(_occurrences(text, numbered), 2))) < 2:
        return Span(doc, before.start, before.end, label="PERSON")
    return Span(doc, ent.start, ent.end, label="PRODUCT")


def _after_model_number(whole: Span, label: str, class_words: frozenset[str]) -> tuple[Span, str]:
    """A name the model takes for a person's, right after a model number that hangs on it or on the noun it
    names ("the 737 Max jet", "Element 4K UHD Smart HDTV"), is a product's, number and all: with its label.
    The number is one word, digits and letters run together ("737", "4K"), on the name's line; not a date
    or year ("In 2019 Smith"), a score a verb or preposition governs ("beat 6-2 Smith") nor a class label's
    number ("No. 3 Garcia", rules/entities/kind_words)."""
    doc = whole.doc
    if label != "PERSON" or whole.start == 0:
        return whole, label
    last = doc[whole.start - 1]
    if not last.whitespace_ or last.dep_ not in NAME_DEPS or last.head.i < whole.start:
        return whole, label
    first = last.i
    while first > 0 and not doc[first - 1].whitespace_:
        first -= 1
    number = doc[first:whole.start]
    if _word_before(doc, first).casefold() in class_words or not all(token.text.isalnum() for token in number) \
            or not any(char.isdigit() for char in number.text) or _YEAR.fullmatch(number.text) \
            or any(token.ent_type_ and token.ent_type_ not in NUMBER_LABELS for token in number):
        return whole, label
    return doc[first:whole.end], "PRODUCT"


def _word_before(doc: Doc, end: int) -> str:
    """The word (tokens with no space between them) that ends right before token `end`: "No." of "No. 3"."""
    start = end - 1
    while start > 0 and not doc[start - 1].whitespace_:
        start -= 1
    return doc[start:end].text if end > 0 else ""


#: The model's labels of a bare number: a model number may carry one ("737" CARDINAL), not a date's or a name's.
NUMBER_LABELS = {"CARDINAL", "QUANTITY"}
_YEAR = re.compile(r"(?:19|20)\d\d")


def _common_acronyms(text: str) -> frozenset[str]:
    """Acronyms the text defines as common terms: after words written in lower case whose initials they spell
    ("Binge eating disorder (BED)", "a body mass index (BMI)"); not a name's ("the Food and Drug Administration
    (FDA)"). The model tags such acronyms as organisations; they name no one."""
    found = set()
    for match in _DEFINED_ACRONYM.finditer(text):
        acronym = match.group(1)
        window = max(0, match.start() - ACRONYM_WINDOW)
        start = max(text.rfind("\n", window, match.start()) + 1, window)
        words = [(word.start(), word.group()) for word in _DEFINING_WORD.finditer(text, start, match.start())]
        spelled = _spelled_by(words, acronym)
        if spelled is not None and all(word.islower() for _, word in spelled[1:]) \
                and (spelled[0][1].islower() or _opens_sentence(text, spelled[0][0])):
            found.add(acronym)
    return frozenset(found)


#: How far before an acronym in parentheses the words it stands for are looked for, in characters.
ACRONYM_WINDOW = 120


def _spelled_by(words: list[tuple[int, str]], acronym: str) -> list[tuple[int, str]] | None:
    """The last words before an acronym whose initials spell it (skipping "of", "and", …), else None."""
    letters = list(acronym.lower())
    spelled: list[tuple[int, str]] = []
    for at, word in reversed(words):
        if not letters:
            break
        if word.lower() in _ACRONYM_SKIPS and spelled:
            continue
        if word[0].lower() != letters[-1]:
            return None
        letters.pop()
        spelled.insert(0, (at, word))
    return spelled if not letters else None


def _opens_sentence(text: str, at: int) -> bool:
    """Whether the word at `at` opens its line or follows a sentence's end."""
    before = at
    while before > 0 and text[before - 1] in " \t":
        before -= 1
    return before == 0 or text[before - 1] in "\n.!?:"


#: Labels of names a model may cut short ("UHD Smart" of "UHD Smart HDTV"), and how the rest hangs on them.
NAME_LABELS = {"ORG", "PRODUCT", "PERSON"}
NAME_DEPS = {"compound", "nummod", "nmod"}
PROPER_TAGS = ("NNP", "NNPS")


def _whole_name(ent: Span, named: set[int], role_words: frozenset[str]) -> Span:
    """The whole proper-noun compound a name is a fragment of: "Wireless" of "the Wireless Charging Case"
    (on to the compound's proper-noun head), "Max" of "737 Max jets" (back over the model number). A
    person's name takes no title before it ("President Tim Clark"), only a number; words inside another
    entity are never taken, nor a compound that goes on into a role ("European Commission President")
    or across a line (a byline or dateline under a headline); a known name is never widened."""
    doc = ent.doc
    if ent.label_ not in NAME_LABELS or not doc.has_annotation("DEP") or ent[0].tag_ not in PROPER_TAGS or ent.ent_id_:
        return ent  # a known name (entities/organizations) is whole: "Apple AirPods" is a product of Apple's
    if _in_title_case_line(ent):
        return ent  # in "Hong Kong Expedition Visits Macau" every word is capitalised: no sign of where a name ends
    end = ent.end
    while ent[-1].dep_ == "compound" and end < len(doc) and end not in named and doc[end].tag_ in PROPER_TAGS \
            and doc[end - 1].head.i >= end:
        end += 1
    start = ent.start
    left = ("CD",) if ent.label_ == "PERSON" else ("CD", *PROPER_TAGS)
    while start > 0 and start - 1 not in named and doc[start - 1].tag_ in left \
            and doc[start - 1].dep_ in NAME_DEPS and start <= doc[start - 1].head.i < end + 1 \
            and doc[start - 1].head.i != start - 1:
        start -= 1
    whole = doc[start:end]
    added = [token for token in whole if not ent.start <= token.i < ent.end]
    if not added or "\n" in whole.text or any(token.lower_ in role_words or not _name_like(token) for token in added):
        return ent
    return whole


def _in_title_case_line(ent: Span) -> bool:
    """Whether the name stands in a headline written in title case: most of its line's longer words capitalised."""
    text = doc_text(ent.doc)  # not ent.doc.text: spaCy joins that from every token on each access
    end = text.find("\n", ent.end_char)
    return _title_case_line(text, text.rfind("\n", 0, ent.start_char) + 1, end if end >= 0 else len(text))


@lru_cache(maxsize=64)
def _title_case_line(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` is written in title case; cached, as a paragraph's names all ask of the
    same line (a str keeps its hash, so the key costs no pass over the text)."""
    words = TITLE_WORD.findall(text, start, end)
    return len(words) >= 4 and sum(word[0].isupper() for word in words) >= 0.8 * len(words)


#: Words a title-case headline capitalises (articles and short prepositions are left lower-case).
TITLE_WORD = re.compile(r"\b[^\W\d_]{4,}\b")


def _name_like(token: Token) -> bool:
    """A word that can stand in a name: capitalised ("Smart", "HDTV") or holding a digit ("737", "R6700")."""
    return token.text[:1].isupper() or any(char.isdigit() for char in token.text)


def _trimmed(ent: Span, leading_words: list[str]) -> tuple[int, int] | None:
    """Character offsets of the entity without punctuation at its edges ("|Li Xiang" → "Li Xiang") and
    without a leading word that is no part of the name ("the European Union")."""
    match = _INNER.search(ent.text)
    if match is None:
        return None
    start = match.start()
    leading = next((word for word in leading_words if ent.text.startswith(word, start)), "")
    return ent.start_char + start + len(leading), ent.start_char + match.end()


def _common_word(doc: Doc, text: str, group: _Group, groups: dict[str, _Group]) -> bool:
    """A single capitalised word the model took for a name that is a common word: the text also writes
    it in lower case ("New Price Drop:" beside "to drop prices", "Veggie" beside "a veggie"), or, taken
    for an organisation, product or person, it is capitalised only where a sentence or line opens and
    the tagger reads no proper noun there ("Specs include …", "Naturally, I took …"; not "Edmunds
    expects …" beside "Jessica Caldwell, Edmunds' …", nor a place opening a dateline, "Hanoi (VNA)").
    A known name, a nationality and the short form of a longer name ("Cook" of "Tim Cook") never are."""
    name = group.name
    if group.known is not None or not (name.isalpha() and name.istitle()) or "NORP" in group.labels \
            or any(name in other.name.split() for other in groups.values() if other is not group):
        return False
    if next(_occurrences(text, name.lower()), None) is not None:
        return True
    spans = [doc.char_span(start, end, alignment_mode="expand") for start, end in _occurrences(text, name)]
    firsts = [span[0] for span in spans if span is not None and len(span)]
    return bool(firsts) and not set(group.labels) - NAME_LABELS \
        and all(token.is_sent_start and token.tag_ not in PROPER_TAGS for token in firsts)


@dataclass(frozen=True)
class _CompiledJunk:
    rule: JunkEntity
    regex: re.Pattern[str] | None


def _is_junk(name: str, label: str, junk: list[_CompiledJunk]) -> bool:
    for compiled in junk:
        rule = compiled.rule
        if rule.labels and label not in rule.labels:
            continue
        if rule.text is not None and name == rule.text:
            return True
        if compiled.regex is not None and compiled.regex.fullmatch(name):
            return True
    return False


def _add_cued_people(doc: Doc, text: str, groups: dict[str, _Group], grouper: EntityGrouper) -> None:
    """Capitalised names right before a person cue ("Anxi (pseudonym)") that the model missed."""
    taken, added = _taken(groups)
    for cued_name in grouper.cued_names:
        for match in cued_name.finditer(text):
            mention = match.span(1)
            span = doc.char_span(*mention)
            if span is None or span[0].is_stop:
                continue
            if taken.overlaps(mention) or not added.add(mention):
                continue
            name = match.group(1)
            group = groups.setdefault(grouper.names.display(name).casefold(), _Group(name=name))
            group.labels.append("PERSON")
            group.mentions.append(mention)
            group.forms.add(name)


def _add_unlabelled_mentions(text: str, groups: dict[str, _Group], *, any_case: set[str]) -> None:
    """Occurrences of a grouped name the model missed, when no entity covers them.

    People's names match in any case ("kappa" beside "Kappa": translation lower-cases them);
    other names only as spelled, so "Future" does not collect every "future".
    """
    taken, added = _taken(groups)
    folded_text = _folded_same_length(text) if any_case else None
    for key, group in groups.items():
        for form in sorted(group.forms):
            if len(form) < 3:
                continue
            found = _any_case_occurrences(text, form, folded_text) if key in any_case else _occurrences(text, form)
            for mention in found:
                if taken.overlaps(mention) or not added.add(mention):
                    continue
                group.mentions.append(mention)


def _taken(groups: dict[str, _Group]) -> tuple[Coverage, SpanSet]:
    """The groups' mentions so far (which may overlap), and an empty set for the ones added next, which
    overlap neither those nor each other: each asked about in O(log n), where a list scanned per
    occurrence made the stage quadratic in an article's length."""
    return Coverage(mention for group in groups.values() for mention in group.mentions), SpanSet()


def _occurrences(text: str, form: str, searched: str | None = None) -> Iterator[tuple[int, int]]:
    """Where `form` stands in `text` as spelled, as a whole name: no letter, digit or dot before it, no
    letter or digit and no dot before one after it (a plain `find`: a regex compiled for every name cost
    more than the rest of the entity stage). With `searched` (a text as long as `text`, offset for offset),
    `form` is looked for in it and the bounds are read in `text`."""
    searched = text if searched is None else searched
    start = searched.find(form)
    while start >= 0:
        end = start + len(form)
        if _stands_alone(text, start, end):
            yield start, end
            start = searched.find(form, end)
        else:
            start = searched.find(form, start + 1)


def _folded_same_length(text: str) -> str | None:
    """`text` folded as a case-insensitive regex reads ASCII letters (`folded`), when folding keeps every
    offset (it does unless the text holds a letter whose lower case is longer, "İ"); else None."""
    folded_text = folded(text)
    return folded_text if len(folded_text) == len(text) else None


def _any_case_occurrences(text: str, form: str, folded_text: str | None) -> Iterator[tuple[int, int]]:
    """Where `form` stands in `text` in any case, as a whole name (the bounds of `_occurrences`).

    An ASCII form is looked for in the folded text (`folded_text`), where a character matches an ASCII
    letter exactly when re's IGNORECASE matches it (checked over every code point): the same spans as
    the regex, without compiling one for every name; any other form through the regex."""
    if folded_text is not None and form.isascii():
        yield from _occurrences(text, form.lower(), folded_text)
        return
    for match in re.finditer(rf"(?<![\w.]){re.escape(form)}(?![\w]|\.\w)", text, flags=re.IGNORECASE):
        yield match.span()


def _stands_alone(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else ""
    if before and (_is_word_char(before) or before == "."):
        return False
    after = text[end] if end < len(text) else ""
    if after and _is_word_char(after):
        return False
    return not (after == "." and end + 1 < len(text) and _is_word_char(text[end + 1]))


def _is_word_char(char: str) -> bool:
    """What a regex's `\\w` matches."""
    return char.isalnum() or char == "_"


def _vote_labels(text: str, groups: dict[str, _Group], grouper: EntityGrouper) -> dict[int, str]:
    """One label per group: known label, else a person cue or an organisation's last word, else the
    majority; then names near-identical to a PERSON's are people too."""
    labels: dict[int, str] = {}
    undecided: list[_Group] = []
    for group in groups.values():
        if group.known is not None:
            labels[id(group)] = group.known.label
        elif any(_has_person_cue(text, mention, grouper.cue_regexes) for mention in group.mentions):
            labels[id(group)] = "PERSON"
        elif " " in group.name and any(group.name.endswith(" " + word) for word in grouper.org_suffixes):
            labels[id(group)] = "ORG"
        else:
            labels[id(group)] = Counter(group.labels).most_common(1)[0][0] if group.labels else "ORG"
            undecided.append(group)
    people = [group.name for group in groups.values() if labels[id(group)] == "PERSON" and group not in undecided]
    for group in undecided:
        if any(_near_variant(group.name, person) for person in people):
            labels[id(group)] = "PERSON"
    return labels


def _merge_short_forms(groups: dict[str, _Group], labels: dict[int, str], grouper: EntityGrouper) -> None:
    """Fold a short form into the full name it abbreviates: a surname into the one person who bears it
    ("Zuckerberg" → "Mark Zuckerberg", "Carlineo" → "Patrick Carlineo Jr"), else a first name the model takes
    for a person into the one person named in full before it ("LeBron James … LeBron"; not "Indiana" into "Indiana
    Statehouse"), a company's full legal name into its short one
    ("East Buy Holding Ltd" → "East Buy"), but not a newsroom's into a place's: "China News" is an outlet, not China.
    Near-identical spellings ("Anzai"/"Anxi") are not short forms: they stay."""
    people = [group for group in groups.values() if labels[id(group)] == "PERSON" and " " in group.name]
    for key, group in list(groups.items()):
        if group.known is not None:
            continue
        if " " not in group.name:
            bearers = [person for person in people if _surname(person.name, grouper.name_suffixes) == group.name] \
                or [person for person in people if labels[id(group)] == "PERSON" and person.name.split()[0] == group.name
                    and min(person.mentions) < min(group.mentions, default=(0, 0))]
            if len(bearers) == 1:
                _fold(groups, key, into=bearers[0])
            continue
        for other in groups.values():
            rest = group.name.removeprefix(other.name + " ").split() if other is not group else []
            if rest and group.name.startswith(other.name + " ") and all(word in grouper.org_suffixes for word in rest) \
                    and not (labels[id(other)] in PLACE_LABELS and rest[-1] in grouper.outlet_suffixes):
                labels[id(other)] = "ORG"
                _fold(groups, key, into=other)
                break


def _surname(name: str, name_suffixes: frozenset[str]) -> str:
    """The last word of a person's name before any closing suffix ("Patrick Carlineo Jr" → "Carlineo")."""
    words = name.split()
    while len(words) > 2 and words[-1] in name_suffixes:
        words.pop()
    return words[-1]


def _fold(groups: dict[str, _Group], key: str, *, into: _Group) -> None:
    group = groups.pop(key)
    into.mentions.extend(group.mentions)
    into.forms.update(group.forms)
    into.labels.extend(group.labels)


def _has_person_cue(text: str, mention: tuple[int, int],
                    cues: list[tuple[re.Pattern[str] | None, re.Pattern[str] | None]]) -> bool:
    start, end = mention
    after = text[end:end + CUE_WINDOW]
    before = text[max(0, start - CUE_WINDOW):start]
    return any(
        (cue_after is not None and cue_after.search(after)) or (cue_before is not None and cue_before.search(before))
        for cue_after, cue_before in cues
    )


def _near_variant(name: str, other: str) -> bool:
    """Near-identical single names of the same shape ("Anzai" / "Anxi"), not the same name."""
    if name.casefold() == other.casefold() or " " in name or " " in other:
        return False
    return name[:2].casefold() == other[:2].casefold() and SequenceMatcher(None, name, other).ratio() >= PERSON_VARIANT_SIMILARITY


class NameForms:
    """How a name is shown and compared: without spaces around it or a possessive ending ("Xiaomi's")."""

    def __init__(self, rules: RuleSet) -> None:
        endings = [rule.ending for rule in rules.get("entities/possessive_endings", PossessiveEnding)]
        self.possessives = tuple(sorted(endings, key=len, reverse=True))

    def display(self, text: str) -> str:
        """The name without spaces at its edges or a possessive ending."""
        return self.without_possessive(text.strip()).strip()

    def without_possessive(self, text: str) -> str:
        ending = next((ending for ending in self.possessives if text.endswith(ending)), "")
        return text[:len(text) - len(ending)]
