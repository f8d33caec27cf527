"""Stage 4, link: every figure becomes a claim — its sentence, subject, metric, time, source, hedge.

The dependency parse decides what governs a figure ("Xiaohongshu's monthly active users reached 2600
million, 20 million monthly active creators": both figures hang off "reached", whose subject holds
Xiaohongshu). Without a parse (`--model blank`) the same questions are answered from the sentence:
the nearest entity, metric word and time before the figure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from spacy.tokens import Doc, Span, Token

from .check.common import hedges, metrics, phrase_regex, trend_words
from .extract import Extraction
from .rules import RuleSet, shared_rules
from .rules.checks import Metric
from .schema import Claim, Entity, Figure, Source, Time

Spanned = TypeVar("Spanned", Time, Source)

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
CLAUSE_DEPS = {"conj", "ccomp", "advcl", "relcl", "acl", "parataxis", "xcomp"}
RELATIVE_PRONOUNS = {"which", "who", "that", "whose"}
MODIFIER_DEPS = {"compound", "amod", "nmod"}
#: Entity labels that can own a figure, best first: a company over the country it operates in.
#: Nationalities ("the Chinese maker") describe an owner named elsewhere, so they are not among them.
SUBJECT_LABELS = ("ORG", "PRODUCT", "PERSON", "FAC", "WORK_OF_ART", "EVENT", "GPE", "LOC")
PLACE_LABELS = {"GPE", "LOC", "FAC"}
#: Nouns that name a unit or stand in for another noun, not a metric ("10 million units", "this figure").
NOT_METRICS = {"unit", "units", "yuan", "dollar", "dollars", "yen", "euro", "euros", "time", "times", "year",
               "years", "month", "months", "day", "days", "figure", "number", "it", "this", "that", "which",
               "percent", "%", "people", "one", "total", "amount", "pound", "pounds", "rmb", "won", "rupees",
               "quarter", "week", "weeks", "hour", "hours", "minute", "minutes", "point", "points", "company",
               "firm", "group", "platform", "companies"}
#: Words before a metric that do not make it a different metric ("the total revenue", "its revenue").
NOT_NARROWING = {"the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "these", "those", "total",
                 "overall", "annual", "quarterly", "yearly", "net", "whose", "of", "in", "and", "s", "company",
                 "group", "firm", "platform", "global", "worldwide", "combined", "average", "reported"}
#: Subjects that point back to the company the article is about.
ANAPHORS = re.compile(r"^(?:the|this|that|our|its) (?:company|firm|group|platform|brand|app|startup|business|giant|"
                      r"maker|carmaker|automaker|retailer|bank)$|^(?:it|its)$", re.IGNORECASE)
NAMED_SOURCE_KINDS = {"according_to", "said", "outlet"}
UNNAMED_SOURCE_KINDS = {"data", "anonymous"}
ARTICLE_SOURCE_KINDS = ("data", "anonymous", "outlet")
WORDS_AFTER = 40
#: "grew by US$550 million", "a net gain of $649 million": an amount that is a change, not a level.
AMOUNT_OF_CHANGE = re.compile(r"\b(?:(?:rose|grew|increased|decreased|fell|dropped|declined|jumped|climbed|up|down)\s+by"
                              r"|(?:gain|increase|decrease|rise|drop|decline|growth|loss)\s+of)\s+$", re.IGNORECASE)


def link_claims(extraction: Extraction, rules: RuleSet | None = None) -> list[Claim]:
    """One claim per figure, numbered c1, c2, … in figure order (working-text offsets)."""
    linker = _Linker(extraction, rules or shared_rules(None))
    claims: list[Claim] = []
    for number, figure in enumerate(extraction.figures, start=1):
        claims.append(linker.claim(figure, f"c{number}", claims))
    return claims


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    entity: Entity


class _Linker:
    def __init__(self, extraction: Extraction, rules: RuleSet) -> None:
        self.doc = extraction.doc
        self.text = extraction.doc.text
        self.parsed = extraction.doc.has_annotation("DEP")
        self.figures = extraction.figures
        self.times = extraction.times
        self.sources = [source for source in extraction.sources if source.kind != "byline"]
        self.mentions = sorted(
            (_Mention(start, end, entity) for entity in extraction.entities for start, end in entity.mentions),
            key=lambda mention: mention.start,
        )
        self.vocabulary = _vocabulary(metrics(rules))
        self.hedge = _hedge_regex(hedges(rules))
        self.trend = phrase_regex([*trend_words(rules, "growth"), *trend_words(rules, "decline"), "by", "up", "down"])
        self.main_entity = _main_entity(extraction.entities)
        self.figure_roots = {token for token in (self._root(figure) for figure in self.figures) if token is not None}

    def claim(self, figure: Figure, claim_id: str, earlier: list[Claim]) -> Claim:
        start, end = self._sentence_bounds(figure.start)
        previous = next((claim for claim in reversed(earlier) if claim.start >= self._paragraph(figure.start)[0]), None)
        root = self._root(figure)
        subject = self._subject(figure, root, (start, end))
        metric = self._metric(figure, root, (start, end))
        if previous is not None and previous.start == start and not metric and previous.metric:
            metric = previous.metric.removesuffix("change").strip() or None
        if self._states_change(figure) and not (metric or "").endswith("change"):
            metric = f"{metric} change" if metric else "change"
        if subject is None and previous is not None:
            subject = previous.subject
        return Claim(
            id=claim_id, figure=figure.id, start=start, end=end,
            subject=subject or self.main_entity,
            metric=metric,
            time=self._time(figure, root, (start, end)),
            source=self._source(figure, (start, end)),
            hedge=self._hedge(start, end),
        )

    # sentence and paragraph

    def _sentence_bounds(self, offset: int) -> tuple[int, int]:
        span = self.doc.char_span(offset, offset + 1, alignment_mode="expand")
        if span is None or not self.doc.has_annotation("SENT_START"):
            return self._paragraph(offset)
        sentence = span[0].sent
        line = self._paragraph(offset)
        return max(sentence.start_char, line[0]), min(sentence.end_char, line[1])

    def _paragraph(self, offset: int) -> tuple[int, int]:
        start = self.text.rfind("\n", 0, offset) + 1
        end = self.text.find("\n", offset)
        return start, end if end != -1 else len(self.text)

    def _root(self, figure: Figure) -> Token | None:
        if not self.parsed:
            return None
        span = self.doc.char_span(figure.start, figure.end, alignment_mode="expand")
        return span.root if span is not None and len(span) else None

    # subject

    def _subject(self, figure: Figure, root: Token | None, sentence: tuple[int, int]) -> str | None:
        if root is not None:
            for phrase in _governing_phrases(root):
                found = self._entity_in(phrase.start_char, phrase.end_char, exclude=figure)
                if found is not None:
                    return found
                if ANAPHORS.match(phrase.text.strip()) and self.main_entity:
                    return self.main_entity
        found = self._entity_in(sentence[0], figure.start, exclude=figure, nearest_to=figure.start)
        if found is not None:
            return found
        return self._entity_in(self._recent_paragraphs(sentence[0], count=3), sentence[0], exclude=figure,
                               nearest_to=sentence[0])

    def _recent_paragraphs(self, offset: int, *, count: int) -> int:
        """Where the `count` paragraphs ending at `offset` start: the context a figure's owner or time
        is usually named in."""
        start = offset
        for _ in range(count):
            start = self._paragraph(max(0, start - 1))[0]
            while start > 0 and not self.text[self._paragraph(start - 1)[0]:start].strip():
                start = self._paragraph(start - 1)[0]
        return start

    def _entity_in(self, start: int, end: int, *, exclude: Figure, nearest_to: int | None = None) -> str | None:
        """The owner among the entities named in [start, end): not a source ("according to CNMO"), a
        company before a place, then the nearest."""
        inside = [m for m in self.mentions if start <= m.start and m.end <= end and m.entity.label in SUBJECT_LABELS
                  and not (m.start < exclude.end and exclude.start < m.end) and not self._is_source(m)]
        if not inside:
            return None

        def rank(mention: _Mention) -> tuple[int, int]:
            # inside a governing phrase, a company beats a person; in free text, nearness decides
            label = SUBJECT_LABELS.index(mention.entity.label) if nearest_to is None \
                else int(mention.entity.label in PLACE_LABELS)
            distance = abs(nearest_to - mention.end) if nearest_to is not None else mention.start
            return label, distance

        return min(inside, key=rank).entity.id

    def _is_source(self, mention: _Mention) -> bool:
        return any(source.start <= mention.start and mention.end <= source.end and source.kind != "said"
                   for source in self.sources)

    # metric

    def _metric(self, figure: Figure, root: Token | None, sentence: tuple[int, int]) -> str | None:
        after = self._vocabulary_after(figure.end)
        if after:
            return after
        if root is not None:
            head = _head_noun(root, figure)
            spans = ([self.doc[head.left_edge.i:head.i + 1]] if head is not None else []) + list(_subject_phrases(root))
            for span in (self.doc[span.start:span.root.i + 1] for span in spans):
                phrase = self._vocabulary_in(span.start_char, span.end_char) or _noun_phrase(span)
                if phrase:
                    return self._canonical(phrase)
        return self._vocabulary_before(sentence[0], figure.start)

    def _vocabulary_in(self, start: int, end: int) -> str | None:
        """The longest known metric phrase inside a noun phrase ("Xiaohongshu's monthly active users"),
        with the word that narrows it ("iPhone revenue" is not the company's revenue)."""
        window = self.text[start:end]
        for phrase, name in self.vocabulary:
            match = re.search(rf"(?<![\w]){re.escape(phrase)}(?![\w])", window, re.IGNORECASE)
            if match:
                narrower = re.search(r"([A-Za-z][\w-]*)\s+$", window[:match.start()])
                if narrower and narrower.group(1).lower() not in NOT_NARROWING:
                    return f"{narrower.group(1).lower()} {name}"
                return name
        return None

    def _vocabulary_after(self, offset: int) -> str | None:
        following = self.text[offset:offset + WORDS_AFTER]
        match = re.match(r"\s*(?:of\s+)?(?:the\s+)?", following)
        rest = following[match.end():] if match else following
        for phrase, name in self.vocabulary:
            if re.match(rf"{re.escape(phrase)}(?![\w])", rest, re.IGNORECASE) or \
                    re.match(rf"\s*{re.escape(phrase)}(?![\w])", following, re.IGNORECASE):
                return name
        return None

    def _vocabulary_before(self, start: int, end: int) -> str | None:
        best: tuple[int, str] | None = None
        window = self.text[start:end]
        for phrase, name in self.vocabulary:
            for match in re.finditer(rf"(?<![\w]){re.escape(phrase)}(?![\w])", window, re.IGNORECASE):
                if best is None or match.end() > best[0]:
                    best = (match.end(), name)
        return best[1] if best else None

    def _canonical(self, phrase: str) -> str:
        lowered = phrase.lower()
        for known, name in self.vocabulary:
            if lowered == known.lower():
                return name
        for known, name in self.vocabulary:
            if lowered.endswith(" " + known.lower()) and len(lowered.split()) <= len(known.split()) + 1:
                return lowered if name.lower() == known.lower() else name
        return lowered

    def _states_change(self, figure: Figure) -> bool:
        """"rose 30%", "up 12%", "a rise of 30%", "12% higher year-on-year": a percentage that is a change."""
        before = self.text[max(0, figure.start - 30):figure.start]
        after = self.text[figure.end:figure.end + 25]
        if figure.kind != "percent":
            return AMOUNT_OF_CHANGE.search(before) is not None
        return bool(self.trend.search(before.split(",")[-1]) or re.match(r"[\s,]*(?:\w+\s+)?(?:higher|lower|more|less|increase|"
                                                                  r"decrease|growth|rise|drop|year-on-year|on the year)",
                                                                  after, re.IGNORECASE))

    # time

    def _time(self, figure: Figure, root: Token | None, sentence: tuple[int, int]) -> str | None:
        candidates = [time for time in self.times if not (time.start < figure.end and figure.start < time.end)
                      and not self._dates_another_figure(time, root)]
        if root is not None:
            own = [time for time in candidates if self._inside_phrase_of(time, root)]
            if own:
                return _nearest(own, figure).id
            for clause in _clauses(root):
                inside = [time for time in candidates if clause[0] <= time.start and time.end <= clause[1]
                          and _in_clause(self.doc, time, root, self.figure_roots - {root})]
                if inside:
                    return _nearest(inside, figure).id
        in_sentence = [time for time in candidates if sentence[0] <= time.start and time.end <= sentence[1]]
        preceding = [time for time in in_sentence if time.end <= figure.start]
        if preceding:
            return _nearest(preceding, figure).id
        if in_sentence:
            return _nearest(in_sentence, figure).id
        context = self._recent_paragraphs(sentence[0], count=4)
        earlier = [time for time in candidates if context <= time.start and time.end <= sentence[0]]
        if earlier:
            return earlier[-1].id
        return self._lead_time(candidates) if figure.start < self._paragraph(0)[1] else None

    def _lead_time(self, candidates: list[Time]) -> str | None:
        """A headline states the lead's fact: an undated headline figure takes the first time of the
        dateline or lead below it (the first three paragraphs)."""
        title_end = self._paragraph(0)[1]
        lead_end, paragraphs = title_end, 0
        for line in re.finditer(r"[^\n]+", self.text[title_end:]):
            if line.group().strip():
                paragraphs += 1
                lead_end = title_end + line.end()
            if paragraphs == 3:
                break
        lead = [time for time in candidates if title_end <= time.start and time.end <= lead_end]
        return lead[0].id if lead else None

    def _inside_phrase_of(self, time: Time, root: Token) -> bool:
        """"the 430.7 million shipped in Q4 2016": the time belongs to the figure's own phrase."""
        span = self.doc.char_span(time.start, time.end, alignment_mode="expand")
        return span is not None and root in span.root.ancestors

    def _dates_another_figure(self, time: Time, root: Token | None) -> bool:
        """"the 430.7 million shipped in Q4 2016": a time inside another figure's phrase dates that figure."""
        if not self.parsed:
            return False
        span = self.doc.char_span(time.start, time.end, alignment_mode="expand")
        if span is None:
            return False
        return any(ancestor in self.figure_roots and ancestor != root for ancestor in span.root.ancestors)

    # source

    def _source(self, figure: Figure, sentence: tuple[int, int]) -> str | None:
        in_sentence = [source for source in self.sources if sentence[0] <= source.start and source.end <= sentence[1]]
        named = [source for source in in_sentence if source.kind in NAMED_SOURCE_KINDS]
        if named:
            return _nearest(named, figure).id
        for source in self.sources:
            if source.kind == "credit_line" and source.covers and source.covers[0] <= figure.start < source.covers[1]:
                return source.id
        if in_sentence:
            return _nearest(in_sentence, figure).id
        paragraph = self._paragraph(figure.start)
        earlier = [source for source in self.sources if paragraph[0] <= source.start and source.end <= figure.start
                   and source.kind in NAMED_SOURCE_KINDS | UNNAMED_SOURCE_KINDS]
        if earlier:
            return earlier[-1].id
        for kind in ARTICLE_SOURCE_KINDS:
            for source in self.sources:
                if source.kind == kind:
                    return source.id
        return None

    # hedge

    def _hedge(self, start: int, end: int) -> str | None:
        match = self.hedge.search(self.text, start, end)
        return match.group().lower() if match else None


def _vocabulary(known: list[Metric]) -> list[tuple[str, str]]:
    """(phrase, canonical name) for every metric name and synonym, longest phrase first."""
    pairs = [(phrase, metric.name) for metric in known for phrase in (metric.name, *metric.synonyms)]
    return sorted(pairs, key=lambda pair: len(pair[0]), reverse=True)


def _hedge_regex(phrases: list[str]) -> re.Pattern[str]:
    """Hedges as written in lower case, or capitalised at a sentence start ("It can be inferred"), never
    "May" the month."""
    forms = {phrase for phrase in phrases} | {phrase[:1].upper() + phrase[1:] for phrase in phrases if " " in phrase}
    alternatives = "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True)) or "(?!)"
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def _main_entity(entities: list[Entity]) -> str | None:
    """The organisation the article is about, when one clearly dominates (three mentions or more)."""
    organisations = [entity for entity in entities if entity.label in ("ORG", "PRODUCT")]
    if not organisations:
        return None
    top = max(organisations, key=lambda entity: len(entity.mentions))
    return top.id if len(top.mentions) >= 3 else None


def _ancestors(root: Token) -> Iterable[Token]:
    yield root
    yield from root.ancestors


def _governing_phrases(root: Token) -> Iterable[Span]:
    """Where the owner of a figure is named, nearest first: the figure's own noun phrase, then the
    subjects of the verbs it hangs from."""
    head = root.head if root.dep_ in ("nummod", "quantmod", "compound", "amod") and root.head != root else root
    yield root.doc[head.left_edge.i:head.right_edge.i + 1]
    yield from _subject_phrases(root)


def _subject_phrases(root: Token) -> Iterable[Span]:
    """Subjects of the verbs a figure hangs from, nearest first, up to the clause a reporting verb
    introduces ("Canalys published a report showing that shipments grew 11%": not Canalys)."""
    path = set(_ancestors(root))
    for token in _ancestors(root):
        for child in token.children:
            if child.dep_ in SUBJECT_DEPS and child not in path:
                if child.lower_ in RELATIVE_PRONOUNS and token.dep_ == "relcl":
                    child = token.head  # "Samsung, which shipped 74.1 million": the antecedent
                yield root.doc[child.left_edge.i:child.right_edge.i + 1]
        if token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.head.pos_ in ("NOUN", "PROPN"):
            noun = token.head.head
            yield root.doc[noun.left_edge.i:noun.right_edge.i + 1]
        if token.dep_ == "ccomp":
            return


def _head_noun(root: Token, figure: Figure) -> Token | None:
    """"20 million monthly active creators" → "creators": the noun the figure counts."""
    if root.dep_ not in ("nummod", "quantmod", "compound", "amod", "npadvmod") or root.head == root:
        return None
    head = root.head
    if head.idx < figure.end or head.pos_ not in ("NOUN", "PROPN"):
        return None
    return head


def _noun_phrase(phrase: Span) -> str | None:
    """A short metric phrase from a noun phrase: its head and the modifiers before it, without owners,
    determiners or numbers; "the number of orders" → "orders"."""
    head = phrase.root
    if head.lower_ in ("number", "amount"):
        objects = [child for prep in head.children if prep.dep_ == "prep" and prep.lower_ == "of"
                   for child in prep.children if child.dep_ == "pobj"]
        if objects:
            head = objects[0]
    if head.pos_ not in ("NOUN", "PROPN") or head.lower_ in NOT_METRICS or head.ent_type_ or not _wordlike(head):
        return None
    modifiers = [token for token in head.lefts if token.dep_ in MODIFIER_DEPS and not token.ent_type_
                 and not token.like_num and token.pos_ in ("NOUN", "ADJ", "PROPN", "VERB") and _wordlike(token)]
    modifiers = _contiguous(modifiers, head)
    words = [token.text for token in modifiers] + [head.text]
    return " ".join(words[-4:]).lower()


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


def _in_clause(doc: Doc, time: Time, root: Token, other_figures: set[Token]) -> bool:
    """A time inside the figure's clause but not inside a sibling clause the figure is not part of
    ("revenue in 2021 reached 20 billion, and in 2022 … jumped to 30 billion") nor attached to another
    figure ("403.5 million …, below the 430.7 million shipped in Q4 2016")."""
    span = doc.char_span(time.start, time.end, alignment_mode="expand")
    if span is None:
        return True
    if root in span.root.ancestors:
        return True
    figure_path = set(_ancestors(root))
    for ancestor in _ancestors(span.root):
        if ancestor in figure_path:
            return True
        if ancestor in other_figures:
            return False
        if ancestor.dep_ in CLAUSE_DEPS and ancestor.head in figure_path:
            return False
    return True


def _nearest(items: Sequence[Spanned], figure: Figure) -> Spanned:
    return min(items, key=lambda item: min(abs(item.end - figure.start), abs(item.start - figure.end)))
