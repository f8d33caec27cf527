"""Sources: credit lines, outlets, speakers, anonymous sources, unnamed data, bylines.

Two kinds of rules find them. Line regexes (`rules/sources/lines`) read credit lines, bylines and
"Name: quote" headlines; their `name` group is the span. Token patterns (the other files, spaCy
Matcher syntax) find the attribution words ("according to", "said", "has learned", "data
shows") and say where the source's name is: the match itself, the name right after or before
it, or the subject of its verb (from the parse; without one, the capitalised words before it).
Each name is then classed by `rules/sources/name_kinds` (anonymous, data, ignored pronouns and
anaphors) or as a known outlet; a credit line records the block above it in `covers`. A source named
as the site that publishes the article (`doc._.site`: "told CNN" on a CNN page) is marked its publisher.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal, cast
from urllib.parse import urlsplit

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from ..rules import RuleSet
from ..rules.base import alternation
from ..rules.entities import KnownEntity
from ..rules.gates import Gate, folded, literal_gate, may_match
from ..rules.inflect import noun_lemma
from ..rules.sources import FILES as RULE_FILES
from ..rules.sources import (
    BridgeWord,
    ChannelWord,
    LeadingWord,
    NameKind,
    RelativePronoun,
    ReportingMark,
    SourceLine,
    SourcePattern,
    SourceWord,
)
from ..schema import Source
from ..spans import keep_non_overlapping, line_bounds
from .component import RuleComponent
from .entities import PLACE_LABELS, NameForms
from .extensions import doc_text
from .spans import place_span, spans_in_text_order

SPANS_KEY = "sources"
#: Attributions that name no source of their own (`Attribution`): pronouns and negations.
ATTRIBUTIONS_KEY = "attributions"
#: How many leading words ("the", "state-run", "new") are stepped over before a source's name.
MAX_LEADING_WORDS = 3
#: The ending of an English present participle ("looking"): after a form of "be" it makes a tense, not a passive.
PRESENT_PARTICIPLE = "ing"
_SUBJECT_DEPS = {"nsubj"}  # a passive subject ("the news was reported by") is not the source
_SPEAKER_LABELS = {"PERSON", "ORG", "NORP", "GPE"}
#: The words that join a document to its publisher ("a report from Kotak", "a study by the bank").
_PUBLISHER_WORDS = frozenset({"from", "by"})
#: The words inside an organisation's name that join its parts ("Department of Commerce", "Centre for Research").
_NAME_JOINS = frozenset({"of", "for"})
_NAME_REACH = 200  # characters after a trigger searched for a described source
#: Token attributes a pattern can read only on a doc the model tagged or parsed.
TAGGED_ATTRS = ("TAG", "POS", "MORPH", "LEMMA", "DEP")
#: Tags of a finite verb: a tense or a modal ("said", "is", "drops", "will").
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
#: Kinds of source that may name the outlet publishing the article: one cited, not a speaker or a document.
PUBLISHER_KINDS = frozenset({"outlet", "according_to"})
#: Host labels that say nothing of a site's name ("www.cnn.com", "m.example.co.uk").
_HOST_PREFIXES = frozenset({"www", "m", "amp", "mobile", "edition"})
#: The fewest letters of a site's initials that name it ("TRD" for "The Real Deal").
MIN_INITIALS = 3
#: Second-level labels under a country's domain ("bbc.co.uk"): the site's name is the label before.
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov"})
#: A domain ending written into a site's name ("CBSSports.com", "POLYGRAPH.info").
_DOMAIN_ENDING = re.compile(r"\.[a-z]{2,4}(?:\.[a-z]{2})?$")


@dataclass(frozen=True)
class FoundSource:
    """A source found in the text, before it becomes a span: where, its kind and name, which rule."""

    start: int
    end: int
    kind: str
    rule: str
    name: str
    covers: tuple[int, int] | None = None
    listener: bool = False


AttributionKind = Literal["negated", "pronoun", "plural"]


@dataclass(frozen=True)
class Attribution:
    """Words that attribute what follows to no source of their own (rules/sources/name_kinds `attribution`): a
    pronoun speaker ("She stressed", `word` the pronoun, which the link stage follows back to whom it means), a
    plural one ("they said": a group or organisation cited before) or a negated one ("No authoritative source
    confirmed", "did not say": nobody is cited)."""

    start: int
    end: int
    kind: AttributionKind
    word: str
    rule: str


class SourceFinder(RuleComponent):
    """spaCy component: one span per attribution in `doc.spans["sources"]`, kind in `span._.source_kind`."""

    rule_files = (*RULE_FILES, "entities/organizations", "entities/possessive_endings")

    def compile(self, rules: RuleSet) -> None:
        self.lines = [(rule, re.compile(rule.regex, re.MULTILINE)) for rule in rules.get("sources/lines", SourceLine)]
        #: The words each line regex needs ("source", "reporter" … "from"): most texts have no credit line.
        self.line_gates: dict[re.Pattern[str], Gate] = {regex: literal_gate(regex) for _, regex in self.lines}
        self.name_kinds = [(rule, re.compile(rule.regex, re.IGNORECASE))
                           for rule in rules.get("sources/name_kinds", NameKind)]
        self.leading_words = _words(rules.get("sources/leading_words", LeadingWord))
        bridges = rules.get("sources/bridge_words", BridgeWord)
        self.bridge_words = _words([rule for rule in bridges if not rule.described_only])
        self.passive_words = _words([rule for rule in bridges if rule.passive])
        self.relative_pronouns = _words(rules.get("sources/relative_pronouns", RelativePronoun))
        self.reporting_marks = _words(rules.get("sources/reporting_marks", ReportingMark))
        bridge = "|".join(re.escape(word) for word in sorted(_words(bridges)))
        self.name_kinds_before = [
            (rule, re.compile(rf"(?<!\w)(?:{rule.regex})(?=(?:\s+(?:{bridge}))*\s*$)", re.IGNORECASE))
            for rule in rules.get("sources/name_kinds", NameKind) if rule.kind != "ignore"]
        self.outlets = _outlet_names(rules)
        self.channel = _channel_regex(rules.get("sources/channels", ChannelWord))
        self.names = NameForms(rules)
        self.patterns: dict[str, SourcePattern] = {}
        for key, model in RULE_FILES.items():
            if model is SourcePattern:
                for rule in rules.get(key, SourcePattern):
                    self.patterns[rule.id] = rule
        # patterns were validated on load (check_token_patterns)
        self.matcher = WindowedMatcher(self.nlp.vocab, ((rule.id, rule.pattern) for rule in self.patterns.values()))

    def process(self, doc: Doc) -> Doc:
        entities = _Entities(doc)
        unnamed: list[FoundSource] = []
        found = self._line_sources(doc, entities) + self._pattern_sources(doc, entities, unnamed)
        site = _site_keys(*doc._.site)
        spans = []
        for item in _first_come(found):
            span = place_span(doc, item.start, item.end)
            if span is None:
                continue
            span._.source_kind = item.kind
            span._.source_name = item.name
            span._.source_publisher = (item.kind in PUBLISHER_KINDS and _name_key(item.name) in site) or None
            span._.source_listener = item.listener or None
            span._.source_covers = item.covers
            span._.rule = item.rule
            spans.append(span)
        doc.spans[SPANS_KEY] = spans
        attributions = []
        for item in _first_come(unnamed):
            span = doc.char_span(item.start, item.end, alignment_mode="expand")
            if span is not None:
                span._.attribution = item.kind
                span._.rule = item.rule
                attributions.append(span)
        doc.spans[ATTRIBUTIONS_KEY] = attributions
        return doc

    def _line_sources(self, doc: Doc, entities: _Entities) -> list[FoundSource]:
        found = []
        text = doc_text(doc)
        folded_text = folded(text)
        for rule, regex in self.lines:
            if not may_match(self.line_gates[regex], folded_text):
                continue
            for match in regex.finditer(text):
                start, end = match.span("name")
                name = text[start:end]
                if rule.unless and re.fullmatch(rule.unless, name.strip()):
                    continue
                if rule.require_entity and not entities.labelled_over(start, end, _SPEAKER_LABELS):
                    continue
                if rule.not_dateline and name.isupper() and entities.labelled_over(start, end, PLACE_LABELS):
                    continue
                if rule.speech_after and not _reads_as_speech(doc, match.end() - 1, line_bounds(text, start)[1]):
                    continue
                covers = _block_above(text, match.start()) if rule.kind == "credit_line" else None
                found.append(FoundSource(start, end, rule.kind, rule.id, name, covers))
        return found

    def _pattern_sources(self, doc: Doc, entities: _Entities, unnamed: list[FoundSource]) -> list[FoundSource]:
        """The sources the token patterns find; attributions that name none (`Attribution`) go to `unnamed`."""
        found = []
        for match_id, start, end in self.matcher(doc):
            rule = self.patterns[doc.vocab.strings[match_id]]
            if rule.name == "subject" and (_noun_trigger(doc[start:end]) or self._passive(doc, start)):
                continue
            if rule.name == "subject" and _negated(doc[start]):  # "the company did not say how many"
                unnamed.append(FoundSource(doc[start].idx, doc[start].idx + len(doc[start]), "negated", rule.id,
                                           doc[start].lower_))
                continue
            if (rule.statement and not self._states_finding(doc[start])) \
                    or (rule.agent and not self._agent_of_finding(doc[start])):
                continue
            owner = self._channel_owner(doc, end) if rule.name == "after" else None
            if owner is not None:
                # "according to news from the website of the Ministry": the channel's owner is cited
                cited = "outlet" if owner.text.casefold() in self.outlets else "according_to"
                found.append(FoundSource(owner.start_char, owner.end_char, cited, rule.id, owner.text))
                continue
            name = _without_leading_verb(self._name(doc, rule, start, end, entities))
            if name is None:
                pronoun = self._pronoun_speaker(doc[start:end], rule.id) if rule.name == "subject" else None
                if pronoun is not None:
                    unnamed.append(pronoun)
                continue
            kind: str | None
            if not self._described(name.text) and self._unowned_document(name):
                # "one study in 24 older adults found that": cited for its own findings, not an article's data
                name = doc[name.start:name.root.i + 1]
                kind = self._kind(name, rule.kind) or "according_to"
            else:
                name = name if self._described(name.text) else _entity_inside(name, entities) or name
                kind = self._kind(name, rule.kind)
            if kind is None and name.start <= name.root.i < name.end - 1:
                # "A doctor on the scene told Ruptly": the phrase up to its head noun names the source
                name = doc[name.start:name.root.i + 1]
                kind = self._kind(name, rule.kind)
            if kind is not None and self._publisher(name) and self._clean_name(name.text).casefold() not in self.outlets:
                # "statistics released by the Harbor Tourism Board show", "figures published by the Harbor Motor
                # Association": a document's publisher is cited, neither a speaker nor a news outlet
                kind = "according_to"
            if rule.listener and kind != "outlet":
                continue
            if kind is not None:
                cleaned = self._clean_name(name.text)
                covers = self._side_clause(doc[start:end]) if rule.name in ("subject", "match") \
                    else _possessed_phrase(doc[start:end]) if rule.name == "before" else None
                begin = name.start_char + max(name.text.find(cleaned), 0)
                found.append(FoundSource(begin, begin + len(cleaned), kind, rule.id, cleaned, covers, rule.listener))
            elif rule.name == "subject" and (attribution := self._attribution(name.text)) is not None:
                unnamed.append(FoundSource(name.start_char, name.end_char, attribution, rule.id, name.text.lower()))
        return found

    def _pronoun_speaker(self, match: Span, rule: str) -> FoundSource | None:
        """The pronoun subject of a verb of speech ("She stressed that …", "'…,' he said"), from the parse."""
        if not match.doc.has_annotation("DEP"):
            return None
        verb = next((token for token in match if token.pos_ in {"VERB", "AUX"}), match[0])
        subject = _subject_token(verb)
        attribution = self._attribution(subject.text) if subject is not None and subject.pos_ == "PRON" else None
        if subject is None or attribution not in ("pronoun", "plural"):
            return None
        return FoundSource(subject.idx, subject.idx + len(subject), attribution, rule, subject.lower_)

    def _side_clause(self, match: Span) -> tuple[int, int] | None:
        """The side clause a verb of speech heads, which its speaker speaks for alone ("Three cases were found, though
        officials say the risk is low", "Sales fell 4%, with analysts suggesting a 2% drop in May"): an adverbial
        clause opened by a word other than a reporting mark ("as the company said": rules/sources/reporting_marks),
        a participle after a preposition (to the sentence's end when the match opens with it), or a clause joined to
        an earlier one ("…, and researchers believe"). None for a main clause's speaker, who speaks for the whole
        sentence, nor for one the parser hangs on the sentence without a mark (". . ., a new study reports."), from
        the parse."""
        if not match.doc.has_annotation("DEP"):
            return None
        verb = next((token for token in match if token.pos_ in {"VERB", "AUX"}), match[0])
        verb = verb.head if verb.dep_ in {"aux", "auxpass"} else verb
        if match[0].pos_ == "ADP" and verb.i > match.start:  # "with analysts suggesting": to the sentence's end
            return match.start_char, match[0].sent.end_char
        if verb.dep_ == "pcomp":
            clause = verb.head
        elif verb.dep_ == "conj" and verb.head.pos_ in {"VERB", "AUX"} and verb.head.i < verb.i:
            clause = verb  # "Loans total $1.5 trillion, and researchers believe they weigh on buyers"
        elif verb.dep_ == "advcl" and any(child.dep_ == "mark" and child.lower_ not in self.reporting_marks
                                         for child in verb.children):
            clause = verb
        else:
            return None
        return clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge)

    def _attribution(self, text: str) -> AttributionKind | None:
        """What a name no source is made of says of its speaker (rules/sources/name_kinds `attribution`)."""
        cleaned = self._clean_name(text)
        rule = next((rule for rule, regex in self.name_kinds if regex.fullmatch(cleaned)), None)
        return rule.attribution if rule is not None else None

    def _states_finding(self, verb: Token) -> bool:
        """Whether a verb of showing states a finding: a clause, a figure in its object, nothing after it, or a
        document or poll showing ("data show that sales fell", "data show a 5% rise", "…, a report shows.", "a new
        poll shows majority support"); not a thing's plain object ("her laptop began to show its age"). Without a
        parse every match counts."""
        if not verb.doc.has_annotation("DEP"):
            return True
        objects = [child for child in verb.children if child.dep_ == "dobj"]
        subject = _subject_token(verb)
        return not objects or any(child.dep_ == "ccomp" for child in verb.children) \
            or any(token.like_num for obj in objects for token in obj.subtree) \
            or (subject is not None and self._described(subject.text))

    def _agent_of_finding(self, participle: Token) -> bool:
        """Whether the agent of a participle ("compiled by", "tracked by") reports figures: the participle describes a
        noun ("economists polled by", "cases tracked by"), or the subject of its passive is a document, a counted
        noun or people described as a source ("the figures were compiled by"); not the agent of what happened to a
        thing ("The object entered the airspace and was tracked by the U.S. military"). Without a parse every
        match counts."""
        if not participle.doc.has_annotation("DEP"):
            return True
        if participle.dep_ == "acl" or not any(child.dep_ == "auxpass" for child in participle.children):
            return True
        subject = _passive_subject(participle)
        return subject is None or self._names_document(subject.text) or self._described(subject.text) \
            or subject.like_num or any(child.dep_ == "nummod" for child in subject.children)

    def _passive(self, doc: Doc, start: int) -> bool:
        """"were told", "was reported": the verb at `start` is passive, so no one before it speaks. A form
        of "be" before a present participle is no passive ("had been looking for")."""
        return start > 0 and doc[start - 1].lower_ in self.passive_words and not doc[start].lower_.endswith(PRESENT_PARTICIPLE)

    def _name(self, doc: Doc, rule: SourcePattern, start: int, end: int, entities: _Entities) -> Span | None:
        if rule.name == "match":
            keep = slice(*rule.keep) if rule.keep else slice(None)
            tokens = list(range(start, end))[keep]
            return doc[tokens[0]:tokens[-1] + 1] if tokens else None
        if rule.name == "after":
            return self._name_after(doc, end, entities)
        if rule.name == "before":  # "the tourism board's estimate": a description, else the name
            return self._described_before(doc, start) or _name_before(doc, start, self.bridge_words)
        before = _name_before(doc, start, self.bridge_words)
        if before is None and rule.name == "subject" and doc.has_annotation("DEP"):
            before = _subject(doc[start:end], self.relative_pronouns, entities)
        return before or self._described_before(doc, start)

    def _described_before(self, doc: Doc, index: int) -> Span | None:
        """A described source ending right before `index` in its sentence ("economists say", "The data also show")."""
        token = doc[index]
        end = token.idx
        begin = max(token.sent.start_char, end - _NAME_REACH)
        window = doc_text(doc)[begin:end]  # the sentence's text up to the token: no Token made for each of its words
        for _, regex in self.name_kinds_before:
            match = regex.search(window)
            if match:
                return doc.char_span(begin + match.start(), begin + match.end(), alignment_mode="expand")
        return None

    def _name_after(self, doc: Doc, index: int, entities: _Entities) -> Span | None:
        """The described source (anonymous people, a document) or the proper name right after `index`."""
        if index >= len(doc):
            return None
        rest = doc[index:index + _NAME_REACH].text[:_NAME_REACH]
        for rule, regex in self.name_kinds:
            match = regex.match(rest)
            if match and rule.kind != "ignore" and (match.end() == len(rest) or not rest[match.end()].isalnum()):
                described = doc.char_span(doc[index].idx, doc[index].idx + match.end(), alignment_mode="expand")
                # "the official Xinhua news agency": the described words only lead into a name
                following = _proper_name(doc, described.end, entities) if described is not None else None
                if described is not None:
                    # "the website of the Ministry of Emergency Management": the document's owner is the source
                    owner = _owner_named(described, entities) if rule.kind == "data" else None
                    return following or owner or described
        skipped, words = index, 0
        while skipped < len(doc) and words < MAX_LEADING_WORDS:
            word_end = _word_end(doc, skipped)
            if doc[skipped:word_end].text.lower() not in self.leading_words:
                break
            skipped, words = word_end, words + 1
        named = _proper_name(doc, skipped, entities) or _proper_name(doc, index, entities)
        if named is None and skipped < len(doc) and doc[skipped].pos_ == "NOUN":
            # "according to a group representing the Harbor Dealers Association": the body the phrase names
            return _owner_named(doc[skipped:skipped + 1], entities)
        return named

    def _channel_owner(self, doc: Doc, index: int) -> Span | None:
        """The organisation whose own channel (rules/sources/channels) a document right after `index` is
        posted on: named after it ("news from the website of the Ministry"), quoted or named before it ("the
        "Harbor Water" WeChat public account", "the Harbor Fire Department's official Weibo")."""
        if index >= len(doc):
            return None
        begin = doc[index].idx
        match = self.channel.match(doc_text(doc)[begin:begin + _NAME_REACH])
        group = "after" if match is not None and match.group("after") else "before"
        if match is None or not match.group(group):
            return None
        name = self._clean_name(match.group(group).strip(_QUOTES))
        start = begin + match.start(group) + match.group(group).find(name)
        return doc.char_span(start, start + len(name), alignment_mode="expand")

    def _publisher(self, name: Span) -> bool:
        """Whether a name is that of a document's publisher: the object of a preposition on a document noun
        (rules/sources/name_kinds, kind data: "data from the Harbor Tourism Board") or the agent of a participle
        describing one ("the statistics released by the Harbor Tourism Board"), from the parse."""
        if not name.doc.has_annotation("DEP") or name.root.dep_ != "pobj":
            return False
        linked = name.root.head
        noun = linked.head.head if linked.dep_ == "agent" and linked.head.dep_ == "acl" else linked.head
        return linked.dep_ in ("prep", "agent") and noun.pos_ == "NOUN" and self._names_document(noun.text)

    def _described_document(self, name: Span) -> bool:
        """Whether a phrase no name rule covers describes a document by its head noun ("One small, 2-month study",
        "one study in 24 older adults", "Several studies"), from the parse."""
        return name.doc.has_annotation("DEP") and name.root.pos_ == "NOUN" and self._names_document(noun_lemma(name.root.text))

    def _unowned_document(self, name: Span) -> bool:
        """A described document no name owns, before its head noun or as its publisher ("Several studies in Harbor
        City"): other names after it say what it is about, not who speaks ("Harbor Bank's study", "a report from
        Harbor Bank" are the bank's)."""
        if not self._described_document(name):  # first: without a parse a token's children are not to be read
            return False
        published = [token for child in name.root.children if child.dep_ in ("prep", "agent")
                     and child.lower_ in _PUBLISHER_WORDS for token in child.subtree]
        return not any(token.ent_type_ in _SPEAKER_LABELS for token in [*name.doc[name.start:name.root.i], *published])

    def _names_document(self, word: str) -> bool:
        return any(rule.kind == "data" and regex.fullmatch(word) for rule, regex in self.name_kinds)

    def _described(self, text: str) -> bool:
        """Whether a name rule covers the whole text ("Fed officials", "The data"): then it stays whole."""
        return any(regex.fullmatch(self._clean_name(text)) for _, regex in self.name_kinds)

    def _kind(self, name: Span, default: str) -> str | None:
        """The kind a name gives (None to drop it): a name rule's, a known outlet's, else the rule's own."""
        text = self._clean_name(name.text)
        if text.casefold() in self.outlets:
            return "outlet"
        acronym = len(name) == 1 and _is_acronym(name[0])  # WHO, IT: a name, not the pronoun it spells
        for rule, regex in self.name_kinds:
            if not acronym and regex.fullmatch(text):
                return None if rule.kind == "ignore" else rule.kind
        if default == "outlet" and name.label_ == "PERSON":
            return None  # the person told ("Cook told Benioff") is a listener, not a source
        if not any(_is_name_token(token) for token in name):
            return None
        return "said" if default in {"data", "anonymous"} else default


    def _clean_name(self, text: str) -> str:
        """The name without punctuation around it or a possessive ending ("Xiaomi's" → "Xiaomi")."""
        return self.names.without_possessive(text.strip(" \t\n.,;:|")).strip()


class WindowedMatcher:
    """spaCy's Matcher for token patterns, run only where a pattern can match: from a token whose
    lower-case form can start it, as far as its longest match reaches, with the patterns that start
    with the same words.

    The Matcher tries every pattern at every token and tests each `IN` set in Python, most of the
    rules-only run's time; on those windows it finds the same matches, returned in the order of a run
    on the whole doc (by end, then start, then pattern). A pattern that may start with any token or
    has no longest match (`+`, `*`) is run on the whole doc. A pattern that reads the tagger's or the
    parser's attributes (`TAGGED_ATTRS`) is run only on a doc that has them: spaCy's Matcher refuses it
    on an untagged doc (the blank model).
    """

    def __init__(self, vocab: Vocab, patterns: Iterable[tuple[str, list[dict[str, Any]]]]) -> None:
        self.order: dict[int, int] = {}
        self.whole = {tagged: Matcher(vocab, validate=True) for tagged in (False, True)}
        self.groups: dict[tuple[frozenset[int], bool], tuple[Matcher, int]] = {}
        for key, pattern in patterns:
            self.order[vocab.strings.add(key)] = len(self.order)
            words, reach = _first_words(pattern[0]), _longest(pattern)
            tagged = any(attribute in token for token in pattern for attribute in TAGGED_ATTRS)
            if words is None or reach is None:
                self.whole[tagged].add(key, [pattern])
                continue
            group = (frozenset(vocab.strings.add(word) for word in words), tagged)
            matcher, longest = self.groups.get(group) or (Matcher(vocab, validate=True), 0)
            matcher.add(key, [pattern])
            self.groups[group] = (matcher, max(longest, reach))
        #: Lower-case form (its hash) → the groups (by number) whose patterns it can start.
        self.starting: dict[int, list[int]] = {}
        for number, (first, _) in enumerate(self.groups):
            for word in first:
                self.starting.setdefault(word, []).append(number)

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        """Every match in `doc` as (match id, start, end)."""
        tagged = doc.has_annotation("TAG")
        found: list[tuple[int, int, int]] = [match for needs_tags, matcher in self.whole.items()
                                             if len(matcher) and (tagged or not needs_tags) for match in matcher(doc)]
        starts: list[list[int]] = [[] for _ in self.groups]
        for index, lower in enumerate(doc.to_array("LOWER").tolist()):
            for number in self.starting.get(lower, ()):
                starts[number].append(index)
        for ((_, needs_tags), (matcher, reach)), group_starts in zip(self.groups.items(), starts, strict=True):
            if needs_tags and not tagged:
                continue
            for begin, end in _windows(group_starts, reach, len(doc)):
                found.extend((match_id, begin + start, begin + stop)
                             for match_id, start, stop in matcher(doc[begin:end]))
        return sorted(found, key=lambda match: (match[2], match[1], self.order[match[0]]))


def _windows(starts: list[int], reach: int, length: int) -> list[tuple[int, int]]:
    """Token ranges of `reach` tokens from each of `starts` (ascending) within `length`, overlapping ones merged."""
    spans: list[tuple[int, int]] = []
    for index in starts:
        end = min(index + reach, length)
        if spans and index <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((index, end))
    return spans


def _first_words(token: dict[str, Any]) -> list[str] | None:
    """The lower-case words a pattern's first token must be, or None when it may be other tokens."""
    lower = token.get("LOWER")
    if "OP" in token or lower is None:
        return None
    if isinstance(lower, str):
        return [lower]
    if isinstance(lower, dict) and set(lower) == {"IN"}:
        return [str(word) for word in lower["IN"]]
    return None


def _longest(pattern: list[dict[str, Any]]) -> int | None:
    """How many tokens a pattern's longest match spans, or None when it has no bound."""
    total = 0
    for token in pattern:
        operator = str(token.get("OP", "1"))
        if operator in {"1", "!", "?"}:
            total += 1
        elif bound := re.fullmatch(r"\{(?:\d*,)?(\d+)\}", operator):
            total += int(bound.group(1))
        else:
            return None
    return total


class _Entities:
    """The doc's entities, read once per doc: spaCy builds `doc.ents` (and a span's `ents`) anew from every
    token on each access, which looked up per match made the stage quadratic in an article's length."""

    def __init__(self, doc: Doc) -> None:
        self.all = doc.ents
        self.starts = [ent.start for ent in self.all]

    def starting_at(self, index: int) -> Span | None:
        """The entity whose first token is `index`."""
        at = bisect_left(self.starts, index)
        return self.all[at] if at < len(self.all) and self.starts[at] == index else None

    def covering(self, index: int) -> Span | None:
        """The entity holding token `index`."""
        at = bisect_left(self.starts, index + 1) - 1
        return self.all[at] if at >= 0 and index < self.all[at].end else None

    def labelled_over(self, start: int, end: int, labels: set[str]) -> bool:
        """Whether an entity of one of `labels` shares a character with [start, end) (character offsets)."""
        return any(ent.start_char < end and start < ent.end_char for ent in self.all if ent.label_ in labels)

    def within(self, span: Span) -> list[Span]:
        """The entities wholly inside `span`, as `span.ents` gives them."""
        inside = []
        at = bisect_left(self.starts, span.start)
        while at < len(self.all) and self.all[at].end <= span.end:
            inside.append(self.all[at])
            at += 1
        return inside


def _owner_named(document: Span, entities: _Entities) -> Span | None:
    """The organisation or person a document is of or from, named in a phrase hanging from its head noun
    ("the website of the Ministry", "a statement from the White House"), from the parse (none without one:
    an unparsed span's root is undefined, and reading it crashed rules-only runs)."""
    if not document.doc.has_annotation("DEP"):
        return None
    for preposition in _owner_prepositions(document.root):
        for noun in preposition.children:
            if noun.dep_ in ("pobj", "dobj") and noun.ent_type_ in _SPEAKER_LABELS:
                entity = entities.covering(noun.i)
                return entity[1:] if entity is not None and len(entity) > 1 and entity[0].dep_ == "det" else entity
    return None


def _owner_prepositions(head: Token) -> Iterator[Token]:
    """The words that can name a document's or a group's owner: its own preposition ("the website of"), the agent
    of a participle describing it ("the statistics released by", "data published by") and a present participle
    whose object it speaks for ("a group representing the dealers' association")."""
    for child in head.children:
        if child.dep_ == "prep":
            yield child
        elif child.dep_ == "acl" and child.tag_ == "VBN":
            yield from (grandchild for grandchild in child.children if grandchild.dep_ == "agent")
        elif child.dep_ == "acl" and child.tag_ == "VBG":
            yield child


_QUOTES = "\"“”"
#: A capitalised word of a name: letters, digits and ".&'’-" inside it ("Harbor", "U.S.", "Department's").
_CAPITALISED = r"[A-Z][\w.&'’-]*"


def _channel_regex(words: list[ChannelWord]) -> re.Pattern[str]:
    """A document on a channel, read from the start of a text ("the news from the "Harbor Water" WeChat public
    account", "a notice published on the official Weibo of the Fire Department"): its owner is group `before`
    or group `after`, quoted or by name."""
    channels, platforms, documents = (alternation((word.word for word in words if word.role == role), any_spaces=True)
                                      for role in ("channel", "platform", "document"))
    word = rf"(?!(?i:{platforms})\b){_CAPITALISED}"  # "the Harbor Water WeChat public account": not WeChat's
    # capitalised words with "of", "and", "for", "the" between them ("Ministry of the Interior"), or a quoted name
    owner = rf"[\"“][^\"”\n]{{2,60}}[\"”]|{word}(?:\s+(?:(?:of|and|for|the)\s+)*{word})*"
    return re.compile(
        rf"(?i:(?:the|a|an)\s+)?(?i:(?:latest|recent|new|official)\s+)?"
        rf"(?i:(?:{documents})\s+(?:(?:published|released|posted|issued|carried)\s+)?(?:from|of|on|in|by|at)\s+(?:the\s+)?)?"
        rf"(?:(?P<before>{owner})(?:['’]s)?\s+)?(?i:official\s+)?(?i:(?:{platforms})\s+)?(?i:official\s+)?(?i:{channels})(?!\w)"
        rf"(?:\s+(?i:of|from)\s+(?i:the\s+)?(?P<after>{owner}))?")


def _word_end(doc: Doc, index: int) -> int:
    """The end of the written word starting at token `index`: tokens glued without a space ("state-run")."""
    end = index + 1
    while end < len(doc) and not doc[end - 1].whitespace_ and doc[end - 1].is_punct != doc[end].is_punct:
        end += 1
    return end


def _words(rules: Iterable[SourceWord]) -> set[str]:
    return {form.casefold() for rule in rules for form in rule.forms()}


def _outlet_names(rules: RuleSet) -> set[str]:
    return {form.casefold() for rule in rules.get("entities/organizations", KnownEntity) if rule.outlet
            for form in [rule.name, *rule.aliases, *rule.literal]}


def _is_name_token(token: Token) -> bool:
    if token.is_punct or token.is_space:
        return False
    if token.doc.has_annotation("TAG"):
        return token.pos_ == "PROPN" or (token.ent_type_ in {"ORG", "PERSON"} and not token.is_stop) or _is_acronym(token)
    return token.is_title or token.is_upper or (any(c.isdigit() for c in token.text) and any(c.isalpha() for c in token.text))


def _is_acronym(token: Token) -> bool:
    """An all-capitals word spelling a common little word ("according to WHO", "the US military"): a name,
    though the tagger reads it as that word. An acronym of a noun ("TV shows") is no name; beside another
    all-capitals word (a shouted headline) it is just a word."""
    if len(token.text) < 2 or not token.is_alpha or not token.is_upper or not token.is_stop:
        return False
    doc = token.doc
    neighbours = (doc[index] for index in (token.i - 1, token.i + 1) if 0 <= index < len(doc))
    return not any(neighbour.is_alpha and neighbour.is_upper for neighbour in neighbours)


def _proper_name(doc: Doc, index: int, entities: _Entities) -> Span | None:
    """The entity at `index` from there to its end ("the Centre for Economic Policy Research" after "by the"), with the
    capitalised words no entity holds right after it ("The Hollywood Reporter", where the model tags "Hollywood" a
    place; "USA TODAY", where a known name tags "USA"); else the run of proper-name tokens starting there."""
    if index >= len(doc) or not _is_name_token(doc[index]):
        return None
    token = doc[index]
    entity = entities.covering(index) if token.ent_iob_ in ("B", "I") else None
    if entity is not None:
        end = entity.end
        while end < len(doc) and doc[end].ent_iob_ == "O" and _capitalised_name_token(doc[end]) \
                and doc[end].sent == token.sent:
            end += 1
        return entity if (index, end) == (entity.start, entity.end) else Span(doc, index, end, label=entity.label_)
    end = index
    while end < len(doc) and _is_name_token(doc[end]) and doc[end].sent == token.sent:
        end += 1
    return doc[index:end]


def _capitalised_name_token(token: Token) -> bool:
    """A capitalised proper-name token that may go on a name ("Reporter" of "Hollywood Reporter"), from the tagger."""
    return token.doc.has_annotation("TAG") and token.pos_ == "PROPN" and (token.is_title or token.is_upper)


def _possessed_phrase(match: Span) -> tuple[int, int] | None:
    """The phrase a possessive match heads ("the board's earlier estimate of 4 to 6 million"), which its owner speaks
    for alone: arrivals that rose "to 6.3 million, surpassing the board's earlier estimate" are not the board's
    figure. From the parse; None when the match is no possessive."""
    if not match.doc.has_annotation("DEP") or match[0].tag_ != "POS":
        return None
    noun = match[-1]
    return match.start_char, noun.right_edge.idx + len(noun.right_edge)


def _without_leading_verb(name: Span | None) -> Span | None:
    """A name without the verb forms it starts with ("surpassing the board's earlier estimate": the board's): a
    source is named by a name or a noun phrase, never by a verb phrase (from the tagger; None when nothing is left)."""
    if name is None or not name.doc.has_annotation("TAG"):
        return name
    start = name.start
    while start < name.end and name.doc[start].tag_.startswith("VB"):
        start += 1
    if start == name.start:
        return name
    return name.doc[start:name.end] if start < name.end else None


def _noun_trigger(match: Span) -> bool:
    """A trigger word used as a noun, not a verb: "the Auto Show", "the United States", "the Los Angeles show"."""
    if not match.doc.has_annotation("TAG") or any(token.pos_ in {"VERB", "AUX"} for token in match):
        return False
    first = match[0]
    previous = match.doc[first.i - 1] if first.i > match.sent.start else None
    return (first.is_title and previous is not None) or (previous is not None and previous.pos_ in {"DET", "PROPN"})


def _negated(verb: Token) -> bool:
    """"The company did not say how many", "has not disclosed": a denied attribution names no source (from the
    parse; without one, none is: an unparsed doc's children must not be read, they crash the process)."""
    return verb.doc.has_annotation("DEP") and any(child.dep_ == "neg" for child in verb.children)


def _passive_subject(participle: Token) -> Token | None:
    """The subject of a passive participle, or of the verb it is joined to ("entered … and was tracked by")."""
    for verb in (participle, participle.head if participle.dep_ == "conj" else None):
        subject = next((child for child in verb.children if child.dep_ in ("nsubjpass", "nsubj")), None) if verb else None
        if subject is not None:
            return subject
    return None


def _entity_inside(name: Span, entities: _Entities) -> Span | None:
    """The person (else organisation) named inside a longer phrase ("executive chair Marcelo Claure in an email");
    none but a person inside one name joined by "of" or "for"."""
    named = [ent for ent in entities.within(name) if ent.label_ in {"PERSON", "ORG"}]
    if not named or (len(named) == 1 and (named[0].start, named[0].end) == (name.start, name.end)):
        return None
    people = [ent for ent in named if ent.label_ == "PERSON"]
    if not people and _joined_name(name):
        return None  # "the Office for the Western District of New York": the whole name, not a part the model tags
    return (people or named)[0]


def _joined_name(name: Span) -> bool:
    """Whether a phrase is one name joined by "of" or "for" ("United Nations High Commissioner for Human Rights")."""
    return any(token.lower_ in _NAME_JOINS for token in name) \
        and all(_is_name_token(token) or token.lower_ in _NAME_JOINS or token.lower_ == "the" for token in name)


def _name_before(doc: Doc, start: int, bridge_words: set[str]) -> Span | None:
    """The capitalised name ending right before `start` (skipping "has", "earlier" and the like)."""
    end = start
    while end > 0 and doc[end - 1].lower_ in bridge_words:
        end -= 1
    begin = _name_start(doc, end)
    # "the US Department of Commerce": a name goes on over "of" or "for" (and "the") to capitalised words before
    while begin < end and (joined := _joined_before(doc, begin)) is not None:
        begin = _name_start(doc, joined)
    return doc[begin:end] if begin < end else None


def _name_start(doc: Doc, end: int) -> int:
    """Where the name ending at `end` starts: the proper-name tokens before it, with the whole entity of the first."""
    begin = end
    while begin > 0 and _is_name_token(doc[begin - 1]) and not doc[begin - 1].is_sent_end:
        begin -= 1
    while 0 < begin < end and doc[begin].ent_iob_ == "I":  # the whole entity: "The Wall Street Journal"
        begin -= 1
    return begin


def _joined_before(doc: Doc, begin: int) -> int | None:
    """The end of a capitalised word that "of" or "for" (then maybe "the") joins to a name starting at `begin`
    ("Department of Commerce", "Ministry of the Interior"), from the tagger; None when there is none."""
    at = begin
    if at > 0 and doc[at - 1].lower_ == "the":
        at -= 1
    if at < 2 or doc[at - 1].lower_ not in _NAME_JOINS or doc[at - 1].is_sent_start:
        return None
    word = doc[at - 2]
    return at - 1 if _capitalised_name_token(word) and word.ent_type_ not in ("PERSON", "DATE") else None


def _subject(match: Span, relative_pronouns: set[str], entities: _Entities) -> Span | None:
    """The subject of the match's verb, as the name it gives: an entity, a proper name, or a noun phrase."""
    verb = next((token for token in match if token.pos_ in {"VERB", "AUX"}), match[0])
    subject = _subject_token(verb)
    if subject is None:
        return None
    if subject.lower_ in relative_pronouns and verb.dep_ == "relcl":
        return _noun_phrase(verb.head, stop=verb, relative_pronouns=relative_pronouns)
    if subject.pos_ == "PRON":
        return None
    subject = _named_in_apposition(subject)
    if subject.ent_type_:
        entity = entities.covering(subject.i)
        if entity is not None:
            return entity
    if subject.pos_ == "PROPN":
        return _compound_run(subject)
    return _noun_phrase(subject, stop=verb, relative_pronouns=relative_pronouns)


def _named_in_apposition(subject: Token) -> Token:
    """"the well-known glass maker, Harbor Glassworks, announced": a described subject's name in apposition."""
    if subject.pos_ != "NOUN":
        return subject
    return next((child for child in subject.children
                 if child.dep_ == "appos" and (child.ent_type_ or child.pos_ == "PROPN")), subject)


def _subject_token(verb: Token) -> Token | None:
    for candidate in (verb, verb.head if verb.dep_ in {"conj", "xcomp", "aux"} else None):
        if candidate is None:
            continue
        subject = next((child for child in candidate.children if child.dep_ in _SUBJECT_DEPS), None)
        if subject is not None:
            return subject
    return None


def _compound_run(token: Token) -> Span:
    """A proper noun with its compound and flat parts ("Mark Vitner", "Labor Department")."""
    start = token.i
    for child in token.lefts:
        if child.dep_ in {"compound", "flat"} and child.pos_ in {"PROPN", "NOUN"}:
            start = min(start, child.left_edge.i)
    end = token.i + 1
    while end < len(token.doc) and token.doc[end].dep_ in {"compound", "flat"} and token.doc[end].head == token:
        end += 1
    return token.doc[start:end]


def _noun_phrase(head: Token, *, stop: Token, relative_pronouns: set[str]) -> Span:
    """`head` with its modifiers, cut at the first comma and before `stop`."""
    doc = head.doc
    start = head.left_edge.i
    end = head.right_edge.i + 1
    if start <= stop.i < end:
        end = stop.i if stop.i > head.i else end
    for index in range(head.i + 1, end):
        if doc[index].text in {",", "(", "—", "–"}:
            end = index
            break
    while end > start + 1 and (doc[end - 1].lower_ in relative_pronouns or doc[end - 1].text == ","):
        end -= 1
    return doc[start:end]


def _block_above(text: str, position: int) -> tuple[int, int] | None:
    """The paragraph above a credit line, with any caption on the credit's own line before it."""
    line_start, _ = line_bounds(text, position)
    caption = text[line_start:position].strip()
    previous_end = line_start - 1
    while previous_end > 0 and text[previous_end - 1] == "\n":
        previous_end -= 1
    if previous_end <= 0:
        return (line_start, position) if caption else None
    previous_start, _ = line_bounds(text, previous_end)
    end = position if caption else previous_end
    while end > previous_start and text[end - 1].isspace():
        end -= 1
    return previous_start, end


def _first_come(found: list[FoundSource]) -> list[FoundSource]:
    """First come, first kept (lines before patterns, file order): each stretch of text is one source."""
    return keep_non_overlapping((item for item in found if item.start < item.end), lambda item: (item.start, item.end))


#: Names come from the entities, subjects from the parse, proper nouns from the part of speech (which
#: spaCy's English pipelines set from `token.tag` in an attribute ruler that declares nothing).
@Language.factory(
    "claimex_sources",
    assigns=["doc.spans", "span._.source_kind", "span._.source_name", "span._.source_publisher", "span._.source_listener",
             "span._.source_covers", "span._.rule", "span._.chars", "span._.attribution"],
    requires=["doc.ents", "token.ent_iob", "token.ent_type", "token.dep", "token.head", "doc.sents", "token.tag"],
)
def make_source_finder(nlp: Language, name: str) -> SourceFinder:
    return SourceFinder(nlp, name)


def _reads_as_speech(doc: Doc, start: int, end: int) -> bool:
    """Whether the text from `start` to `end` reads as what someone says: it holds a quote mark, a first-person word
    or a finite verb ("Lei Jun: Xiaomi will sell 10 million cars"), or opens with a bare verb ("…: Welcome to our
    camp"), not only a list of facts ("Jane Roe: Possession of heroin, held on $5,000 bond"). Without a tagger every
    line reads as speech."""
    if not doc.has_annotation("TAG"):
        return True
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is None or (len(span) > 0 and span[0].tag_ == "VB") or any(
        token.tag_ in FINITE_TAGS or token.text in _QUOTES or "1" in token.morph.get("Person", []) for token in span)


def _site_keys(site_name: str | None, url: str | None) -> set[str]:
    """The keys (`_name_key`) of the names an article's site goes by: its site name, and the name in its URL's host
    ("cnn" of www.cnn.com, "businessinsider" of www.businessinsider.de, "bbc" of www.bbc.co.uk)."""
    keys = {_name_key(site_name), *_initials(site_name)} if site_name else set()
    labels = [label for label in (urlsplit(url).hostname or "").split(".") if label] if url else []
    while labels and labels[0] in _HOST_PREFIXES:
        labels = labels[1:]
    labels = labels[:-1]  # the top-level domain
    if len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
        labels = labels[:-1]
    if labels:
        keys.add(labels[-1])
    keys.discard("")
    return keys


def _initials(site_name: str) -> set[str]:
    """The acronyms a site goes by, from its name's initials: "trd" of "The Real Deal New York" ("told TRD") and the
    longer ones it starts ("trdny"); at least MIN_INITIALS letters, fewer say too little."""
    initials = "".join(word[0] for word in re.findall(r"\w+", site_name.casefold()))
    return {initials[:end] for end in range(MIN_INITIALS, len(initials) + 1)}


def _name_key(name: str) -> str:
    """A name as compared with a site's: lower case, without "the", a domain ending or anything but letters and
    digits ("The Hill" → "hill", "POLYGRAPH.info" → "polygraph", "Fox News" → "foxnews")."""
    folded = _DOMAIN_ENDING.sub("", name.casefold().strip())
    folded = folded.removeprefix("the ")
    return re.sub(r"[\W_]+", "", folded)


def read_attributions(doc: Doc) -> list[Attribution]:
    """The doc's attributions that name no source (`Attribution`), in text order."""
    text = doc_text(doc)
    spans = sorted(doc.spans[ATTRIBUTIONS_KEY], key=lambda span: span.start_char) if ATTRIBUTIONS_KEY in doc.spans else []
    return [Attribution(span.start_char, span.end_char, cast(AttributionKind, span._.attribution),
                        text[span.start_char:span.end_char].lower(), span._.rule or "")
            for span in spans]


def read_sources(doc: Doc) -> list[Source]:
    """The doc's sources as records (working-text offsets), numbered s1, s2, … in text order."""
    text = doc_text(doc)
    return [
        Source(id=f"s{number}", text=text[start:end], start=start, end=end, kind=span._.source_kind,
               name=span._.source_name, covers=span._.source_covers, rule=span._.rule,
               publisher=span._.source_publisher, listener=span._.source_listener)
        for number, (span, start, end) in enumerate(spans_in_text_order(doc, SPANS_KEY), start=1)
    ]
