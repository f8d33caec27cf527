"""The stages wired together: ingest → normalize → extract → link → check, one article at a time.

`Processor` loads the rules and the model once and turns `Ingested` articles into finished
`ArticleRecord`s, streaming. An article that fails any stage becomes a record with `errors`;
the others go on.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from . import BATCH_SIZE, __version__
from .allocation import keep_arrays_on_heap
from .budget import DEFAULT_MAX_CHARS, ArticleTimeout, time_limit, timeout_error, too_long_error, where
from .check import CheckContext, check_article, number_flags
from .extract import DocContext, Extraction, build_pipeline, extract
from .ingest import Ingested, article_from_text, read_inputs
from .language import foreign_language, language_setting
from .link import link_claims
from .normalize import Normalized, Normalizer, OffsetMap, Repair
from .rules import shared_rules
from .schema import Article, ArticleRecord, Claim, Entity, Figure, Flag, Provenance, Source, StageError, Time
from .source import attach_source

REPAIR_SEVERITY = {"fused_words": "warning", "mojibake": "warning"}
#: Model components whose output no stage reads (no rule matches on LEMMA, no code reads `lemma_`):
#: disabled so every article runs only what the stages need. spaCy's Matcher refuses LEMMA
#: patterns on docs without lemmas, so a rule that starts needing one fails loudly.
UNUSED_MODEL_COMPONENTS = ("lemmatizer",)
#: spaCy's own length limit, as a multiple of `max_chars`: normalizing may lengthen a text (a space
#: put back between fused words), and past our limit the article never reaches spaCy anyway.
SPACY_LENGTH_MARGIN = 2


class Processor:
    """Holds what is loaded once per process (rules, model) and processes articles with it.

    An article longer than `max_chars` is refused; one that takes longer than `article_timeout`
    seconds is stopped; both become records with an error and the others go on. With `keep_heap`
    (batch runs: `claimex run` and its workers) glibc's malloc keeps the model's arrays on its heap
    (`claimex.allocation`), a setting of the whole process that an embedding application does not get
    unless it asks.
    """

    def __init__(self, *, model: str | None = None, rules_dir: Path | None = None,
                 max_chars: int = DEFAULT_MAX_CHARS, article_timeout: float | None = None,
                 keep_heap: bool = False) -> None:
        if keep_heap:  # a process-wide setting: only batch runs, which own their process, ask for it
            keep_arrays_on_heap()  # a long article's arrays cost no more per word than a short one's
        self.rules = shared_rules(str(rules_dir) if rules_dir else None)
        self.normalizer = Normalizer(self.rules)
        self.nlp, self.model_info = build_pipeline(model=model, rules=self.rules)
        self.nlp.max_length = max(self.nlp.max_length, SPACY_LENGTH_MARGIN * max_chars)
        self.max_chars = max_chars
        self.article_timeout = article_timeout
        for name in UNUSED_MODEL_COMPONENTS:
            if name in self.nlp.pipe_names:
                self.nlp.disable_pipe(name)
        self.checks = CheckContext(rules=self.rules)
        self.language = language_setting(self.rules)
        self.provenance = Provenance(version=__version__, model=str(self.model_info), rules_sha256=self.rules.sha256)

    def process(self, items: Iterable[Ingested]) -> Iterator[ArticleRecord]:
        """Finished records for `items`, in the same order, streaming in small batches."""
        iterator = iter(items)
        while batch := list(islice(iterator, BATCH_SIZE)):
            yield from self._process_batch(batch)

    def process_text(self, text: str, **metadata: str | None) -> ArticleRecord:
        """The finished record of one text."""
        return next(self.process([Ingested(article_from_text(text, **metadata))]))

    def _process_batch(self, batch: list[Ingested]) -> Iterator[ArticleRecord]:
        """The batch's records; when it fails or overruns one article's budget, each article alone."""
        try:
            with time_limit(self.article_timeout):
                records = self._run(batch)
        except ArticleTimeout:
            records = [self._timed_out(batch[0])] if len(batch) == 1 else [self._alone(item) for item in batch]
        except Exception:
            records = [self._alone(item) for item in batch]
        yield from records

    def _alone(self, item: Ingested) -> ArticleRecord:
        try:
            with time_limit(self.article_timeout):
                return self._run([item])[0]
        except ArticleTimeout:
            return self._timed_out(item)
        except Exception as error:
            return self._failed(item.article, "process", f"{type(error).__name__}: {error}")

    def _timed_out(self, item: Ingested) -> ArticleRecord:
        return self._record(item.article, errors=[timeout_error(item.article, self.article_timeout or 0)])

    def _run(self, batch: list[Ingested]) -> list[ArticleRecord]:
        batch = [self._in_read_language(self._within_limits(item)) for item in batch]
        ready = [item for item in batch if not item.errors]
        normalized = [self.normalizer.normalize(item.article.text, item.article.source_text or "") for item in ready]
        contexts = [DocContext(published=item.article.published, title=item.article.title,
                               site=(item.article.site_name, item.article.url)) for item in ready]
        extractions = extract(self.nlp, zip((n.text for n in normalized), contexts), batch_size=BATCH_SIZE)
        finished = {
            id(item): self._finish(item.article, norm, extraction)
            for item, norm, extraction in zip(ready, normalized, extractions)
        }
        return [
            finished[id(item)] if id(item) in finished else self._record(item.article, errors=item.errors)
            for item in batch
        ]

    def _within_limits(self, item: Ingested) -> Ingested:
        """`item`, or a copy with an error when its text is longer than `max_chars`."""
        if item.errors or len(item.article.text) <= self.max_chars:
            return item
        return Ingested(item.article, [too_long_error(item.article, self.max_chars)])

    def _in_read_language(self, item: Ingested) -> Ingested:
        """`item`, or a copy with its language and an error when its text is in a language the rules do not read."""
        if item.errors or self.language is None:
            return item
        foreign = foreign_language(item.article.text, self.language)
        if foreign is None:
            return item
        read = ", ".join(self.language.reads)
        message = (f"{where(item.article)}: not read: the text looks like {foreign.language}, not {read} "
                   f"(the language identifier gives {read} a probability of {foreign.read_probability:.1e}); "
                   f"claimex's rules read {read} only")
        return Ingested(item.article.model_copy(update={"language": foreign.language}),
                        [StageError(stage="ingest", message=message)])

    def _finish(self, article: Article, normalized: Normalized, extraction: Extraction) -> ArticleRecord:
        doc = extraction.doc
        article = article.model_copy(update={
            "reference_year": doc._.reference_year,
            "reference_year_inferred": doc._.reference_year_inferred,
            "reference_source": doc._.reference_source,
            "reference_date": doc._.reference_date,
        })
        mapped = _OriginalOffsets(article.text, normalized.offsets)
        linked = link_claims(extraction, self.rules)
        record = self._record(
            article,
            entities=[mapped.entity(entity) for entity in [*extraction.entities, *linked.owners]],
            figures=[mapped.spanned(figure) for figure in extraction.figures],
            named_numbers=[mapped.spanned(figure) for figure in extraction.named_numbers],
            set_aside_numbers=[mapped.spanned(figure) for figure in extraction.set_aside_numbers]
            if article.source_text is not None else [],
            times=[mapped.spanned(time) for time in extraction.times],
            sources=[mapped.spanned(source) for source in linked.sources],
            claims=[mapped.spanned(claim) for claim in linked.claims],
            flags=number_flags([_repair_flag(repair) for repair in normalized.repairs]
                               + [_unreadable_flag(article.text, mapped.span(*span))
                                  for span in extraction.unreadable_numbers]),
        )
        return check_article(attach_source(record, self.rules), self.checks)

    def _record(self, article: Article, **parts: object) -> ArticleRecord:
        return ArticleRecord(article=article, provenance=self.provenance, **parts)

    def _failed(self, article: Article, stage: str, message: str) -> ArticleRecord:
        return self._record(article, errors=[StageError(stage=stage, message=message)])


class _OriginalOffsets:
    """Moves spans found in the working text back onto `article.text`."""

    def __init__(self, text: str, offsets: OffsetMap) -> None:
        self.text = text
        self.offsets = offsets

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets.to_original(start, end)

    def spanned(self, item: Figure | Time | Source | Claim):
        """`item` on the original text: itself when nothing moves (most texts need no repair), else a copy."""
        start, end = self.span(item.start, item.end)
        update: dict[str, object] = {"start": start, "end": end}
        if "text" in type(item).model_fields:
            update["text"] = self.text[start:end]
        if isinstance(item, Figure) and item.parts.evidence is not None:
            evidence = self.span(*item.parts.evidence)
            if evidence != item.parts.evidence:
                update["parts"] = item.parts.model_copy(update={"evidence": evidence})
        if isinstance(item, Source) and item.covers is not None:
            update["covers"] = self.span(*item.covers)
        if all(getattr(item, name) == value for name, value in update.items()):
            return item
        return item.model_copy(update=update)

    def entity(self, entity: Entity) -> Entity:
        mentions = [self.span(*mention) for mention in entity.mentions]
        return entity if mentions == entity.mentions else entity.model_copy(update={"mentions": mentions})


def _repair_flag(repair: Repair) -> Flag:
    return Flag(
        id="x0",
        kind=repair.kind,
        severity=REPAIR_SEVERITY.get(repair.kind, "info"),
        message=repair.message,
        spans=[(repair.start, repair.end)],
        suggestion=repair.suggestion,
        check="normalize",
    )


def _unreadable_flag(text: str, span: tuple[int, int]) -> Flag:
    """A number the figures reader found but cannot hold (its value is beyond a float's range)."""
    number = text[span[0]:span[1]]
    shown = number if len(number) <= 24 else f"{number[:10]}…{number[-10:]}"
    return Flag(
        id="x0",
        kind="unreadable_number",
        severity="info",
        message=f"“{shown}” ({len(number)} characters) is too large a number to read; it is not among the figures.",
        spans=[span],
        check="extract",
    )


def process_paths(paths: Iterable[Path | str], *, model: str | None = None,
                  rules_dir: Path | None = None) -> Iterator[ArticleRecord]:
    """Finished records for every article under `paths` (files or folders), in a stable order."""
    yield from _processor(model, rules_dir).process(read_inputs([Path(path) for path in paths]))


def process_text(text: str, *, model: str | None = None, rules_dir: Path | None = None,
                 **metadata: str | None) -> ArticleRecord:
    """The finished record of one text; metadata (id, title, author, published, url) is optional."""
    return _processor(model, rules_dir).process_text(text, **metadata)


@functools.lru_cache(maxsize=4)
def _processor(model: str | None, rules_dir: Path | None) -> Processor:
    """One `Processor` per model and rules folder per process: loading the model is the slow part."""
    return Processor(model=model, rules_dir=rules_dir)
