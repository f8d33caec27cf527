"""Stage 3, extract: one spaCy `Language` (the statistical model plus rule components) and the
conversion of its `Doc` into record parts (entities, figures, times, sources) in working-text offsets.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from ..rules import RuleSet, load_rules
from ..schema import Entity, Figure, Source, Time
from .attributes import use_table_attribute_ruler
from .component import RuleComponent
from .entities import add_entity_components, read_entities
from .extensions import register_extensions
from .figures import read_figures, read_named_numbers, read_set_aside_numbers, read_unreadable_numbers
from .lines import add_line_sentences
from .model import ModelInfo, load_model
from .sources import Attribution, read_attributions, read_sources
from .times import read_times

#: Rule components added after the model's own, in this order.
RULE_COMPONENTS = ("claimex_figures", "claimex_reference_year", "claimex_times", "claimex_sources")


@dataclass
class Extraction:
    """What the extract stage found in one working text, with offsets into that text."""

    doc: Doc
    entities: list[Entity]
    figures: list[Figure]
    times: list[Time]
    sources: list[Source]
    named_numbers: list[Figure] = field(default_factory=list)
    #: Numbers set aside as no figures (ranks, days, compounds), for the translation check.
    set_aside_numbers: list[Figure] = field(default_factory=list)
    #: Spans of numbers too large to read (no figure): each gets an info flag.
    unreadable_numbers: list[tuple[int, int]] = field(default_factory=list)
    #: Attributions that name no source of their own: pronoun speakers, negated ones (for the link stage).
    attributions: list[Attribution] = field(default_factory=list)


@dataclass(frozen=True)
class DocContext:
    """Article facts the components need: the date relative times resolve against, the title (a web
    page's body often opens with its lead or a first item, not with it), and the site that publishes it."""

    published: str | None = None
    title: str | None = None
    #: What names the site that publishes the article: its site name and its URL (either may be None).
    site: tuple[str | None, str | None] = (None, None)


def build_pipeline(*, model: str | None = None, rules: RuleSet | None = None) -> tuple[Language, ModelInfo]:
    """The model named (or the default one) with claimex's components added, using `rules` (default: built-in),
    and its attribute ruler looking its matches up in a table (`attributes`: same annotations, a tenth of the time)."""
    nlp, info = load_model(model)
    use_table_attribute_ruler(nlp)
    add_components(nlp, rules if rules is not None else load_rules())
    return nlp, info


def add_components(nlp: Language, rules: RuleSet) -> None:
    """Add claimex's components to a spaCy English pipeline (its own or a user's), each with its rules."""
    register_extensions()
    add_line_sentences(nlp)
    add_entity_components(nlp, rules)
    for name in RULE_COMPONENTS:
        component = nlp.add_pipe(name)
        assert isinstance(component, RuleComponent)  # for mypy: add_pipe is typed as returning any component
        component.initialize(rules=rules)


def extract(nlp: Language, items: Iterable[tuple[str, DocContext]], *, batch_size: int) -> Iterator[Extraction]:
    """Run the pipeline over working texts (streaming, in order) and read each finished `Doc`."""
    docs = (_make_doc(nlp, text, context) for text, context in items)
    for doc in nlp.pipe(docs, batch_size=batch_size):
        yield read_doc(doc)


def read_doc(doc: Doc) -> Extraction:
    """The record parts found in a finished `Doc`."""
    return Extraction(
        doc=doc,
        entities=read_entities(doc),
        figures=read_figures(doc),
        times=read_times(doc),
        sources=read_sources(doc),
        named_numbers=read_named_numbers(doc),
        set_aside_numbers=read_set_aside_numbers(doc),
        unreadable_numbers=read_unreadable_numbers(doc),
        attributions=read_attributions(doc),
    )


def _make_doc(nlp: Language, text: str, context: DocContext) -> Doc:
    doc = nlp.make_doc(text)
    doc._.text = text  # the tokenizer keeps every character: it is doc.text, without joining the tokens
    doc._.published = context.published
    doc._.title = context.title
    doc._.site = context.site
    return doc
