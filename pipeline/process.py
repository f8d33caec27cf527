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
from .check import CheckContext, check_article, number_flags
from .extract import DocContext, Extraction, build_pipeline, extract
from .ingest import Ingested, article_from_text, read_inputs
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


class Processor:
    """Holds what is loaded once per process (rules, model) and processes articles with it."""

    def __init__(self, *, model: str | None = None, rules_dir: Path | None = None) -> None:
        self.rules = shared_rules(str(rules_dir) if rules_dir else None)
        self.normalizer = Normalizer(self.rules)
        self.nlp, self.model_info = build_pipeline(model=model, rules=self.rules)
        for name in UNUSED_MODEL_COMPONENTS:
            if name in self.nlp.pipe_names:
                self.nlp.disable_pipe(name)
        self.checks = CheckContext(rules=self.rules)
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
        try:
            yield from self._run(batch)
        except Exception:
            for item in batch:
                try:
                    yield from self._run([item])
                except Exception as error:
                    yield self._failed(item.article, "process", f"{type(error).__name__}: {error}")

    def _run(self, batch: list[Ingested]) -> list[ArticleRecord]:
        ready = [item for item in batch if not item.errors]
        normalized = [self.normalizer.normalize(item.article.text) for item in ready]
        contexts = [DocContext(published=item.article.published) for item in ready]
        extractions = extract(self.nlp, zip((n.text for n in normalized), contexts), batch_size=BATCH_SIZE)
        finished = {
            id(item): self._finish(item.article, norm, extraction)
            for item, norm, extraction in zip(ready, normalized, extractions)
        }
        return [
            finished[id(item)] if id(item) in finished else self._record(item.article, errors=item.errors)
            for item in batch
        ]

    def _finish(self, article: Article, normalized: Normalized, extraction: Extraction) -> ArticleRecord:
        doc = extraction.doc
        article = article.model_copy(update={
            "reference_year": doc._.reference_year,
            "reference_year_inferred": doc._.reference_year_inferred,
        })
        mapped = _OriginalOffsets(article.text, normalized.offsets)
        record = self._record(
            article,
            entities=[mapped.entity(entity) for entity in extraction.entities],
            figures=[mapped.spanned(figure) for figure in extraction.figures],
            named_numbers=[mapped.spanned(figure) for figure in extraction.named_numbers],
            times=[mapped.spanned(time) for time in extraction.times],
            sources=[mapped.spanned(source) for source in extraction.sources],
            claims=[mapped.spanned(claim) for claim in link_claims(extraction, self.rules)],
            flags=number_flags([_repair_flag(repair) for repair in normalized.repairs]),
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
        start, end = self.span(item.start, item.end)
        update: dict[str, object] = {"start": start, "end": end}
        if "text" in type(item).model_fields:
            update["text"] = self.text[start:end]
        if isinstance(item, Figure) and item.parts.evidence is not None:
            update["parts"] = item.parts.model_copy(update={"evidence": self.span(*item.parts.evidence)})
        if isinstance(item, Source) and item.covers is not None:
            update["covers"] = self.span(*item.covers)
        return item.model_copy(update=update)

    def entity(self, entity: Entity) -> Entity:
        return entity.model_copy(update={"mentions": [self.span(*mention) for mention in entity.mentions]})


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
