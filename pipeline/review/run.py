"""A finished run as the review app, the report and the exports see it: records, flags and their keys.

A flag's review key is built from its content (article id and sha256, kind, spans), not from its
number: `x3` may become `x4` when a new check adds a flag earlier in the text, but the same
problem at the same place of the same unchanged text keeps its key, so decisions survive re-runs.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import UsageError
from ..output import MANIFEST, RECORDS, read_records
from ..schema import ArticleRecord, Claim, Flag, Span

CONTEXT_CHARS = 160
SENTENCE_END = re.compile(r"[.!?。]\s|\n")


@dataclass(frozen=True)
class LinkedClaim:
    """A claim with its ids resolved to readable text."""

    claim: Claim
    text: str
    figure: str | None
    subject: str | None
    metric: str | None
    time: str | None
    source: str | None
    hedge: str | None


@dataclass(frozen=True)
class FlagItem:
    """One flag of one article, with its review key."""

    record: ArticleRecord
    flag: Flag
    key: str

    @property
    def article_id(self) -> str:
        return self.record.article.id

    @property
    def title(self) -> str:
        return self.record.article.title or self.record.article.id

    @property
    def excerpt(self) -> str:
        """The flagged text itself (first span)."""
        return span_text(self.record, self.flag.spans[0]) if self.flag.spans else ""


@dataclass
class Run:
    """The records and manifest of one output folder."""

    outdir: Path
    records: dict[str, ArticleRecord]
    manifest: dict[str, Any] | None
    items: list[FlagItem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.items = [FlagItem(record, flag, key) for record in self.records.values()
                      for flag, key in keyed_flags(record)]
        self.by_key = {item.key: item for item in self.items}
        self.by_article: dict[str, list[FlagItem]] = {article_id: [] for article_id in self.records}
        for item in self.items:
            self.by_article[item.article_id].append(item)

    def item(self, article_id: str, flag_id: str) -> FlagItem | None:
        return next((item for item in self.items_of(article_id) if item.flag.id == flag_id), None)

    def items_of(self, article_id: str) -> list[FlagItem]:
        return self.by_article.get(article_id, [])

    def counts(self) -> dict[str, int]:
        """Totals over the records (the manifest's counts may predate batch flags)."""
        records = list(self.records.values())
        return {
            "articles": len(records),
            "failed": sum(1 for record in records if record.errors),
            "figures": sum(len(record.figures) for record in records),
            "claims": sum(len(record.claims) for record in records),
            "sources": sum(len(record.sources) for record in records),
            "flags": len(self.items),
        }

    def flags_by(self, attribute: str) -> Counter[str]:
        return Counter(getattr(item.flag, attribute) for item in self.items)


def load_run(outdir: Path) -> Run:
    """The run in `outdir`; a usage error when it holds no records.jsonl."""
    path = outdir / RECORDS
    if not path.is_file():
        raise UsageError(f"{path}: not found; write a run there first with `claimex run PATHS -o {outdir}`")
    try:
        records = {record.article.id: record for record in read_records(path)}
    except ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(part) for part in problem["loc"])
        raise UsageError(f"{path}: a record this claimex version cannot read ({where}: {problem['msg']}); "
                         "re-run `claimex run` with this version") from error
    manifest_path = outdir / MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.is_file() else None
    return Run(outdir=outdir, records=records, manifest=manifest)


def flag_key(record: ArticleRecord, flag: Flag, occurrence: int = 0) -> str:
    """Content key of a flag: same article text, kind and spans give the same key in every run."""
    content = [record.article.id, record.article.sha256, flag.kind, [list(span) for span in flag.spans], occurrence]
    return hashlib.sha256(json.dumps(content).encode("utf-8")).hexdigest()[:32]


def keyed_flags(record: ArticleRecord) -> list[tuple[Flag, str]]:
    """Each flag with its key; two flags of one kind on the same spans are told apart by their order."""
    seen: Counter[tuple[str, str]] = Counter()
    keyed = []
    for flag in record.flags:
        signature = (flag.kind, json.dumps(flag.spans))
        keyed.append((flag, flag_key(record, flag, seen[signature])))
        seen[signature] += 1
    return keyed


def span_text(record: ArticleRecord, span: Span | list[int]) -> str:
    start, end = span
    return record.article.text[start:end]


def context_of(record: ArticleRecord, span: Span | list[int]) -> tuple[str, str, str]:
    """The text before, at and after `span`, cut at sentence ends within a few lines either side."""
    text = record.article.text
    start, end = span
    window_start = max(0, start - CONTEXT_CHARS)
    before = text[window_start:start]
    cuts = list(SENTENCE_END.finditer(before))
    if cuts:
        before = before[cuts[-1].end():]
    elif window_start > 0:
        before = "…" + before[before.find(" ") + 1:]
    after = text[end:end + CONTEXT_CHARS]
    cut = SENTENCE_END.search(after)
    if cut:
        after = after[:cut.start() + 1]
    elif end + CONTEXT_CHARS < len(text):
        after = after[:after.rfind(" ")] + "…"
    return before, text[start:end], after


def linked_claims(record: ArticleRecord, flag: Flag) -> list[LinkedClaim]:
    """Claims the flag refers to, directly (`c…`) or through one of its figures (`f…`)."""
    refs = set(flag.refs)
    claims = [claim for claim in record.claims if claim.id in refs or claim.figure in refs]
    if not claims and flag.spans:
        start, end = flag.spans[0]
        claims = [claim for claim in record.claims
                  if any(figure.id == claim.figure and figure.start < end and start < figure.end
                         for figure in record.figures)]
    return [resolve_claim(record, claim) for claim in claims]


def resolve_claim(record: ArticleRecord, claim: Claim) -> LinkedClaim:
    """The claim with subject, time, source and figure ids replaced by names and text."""
    entities = {entity.id: entity.name for entity in record.entities}
    times = {time.id: f"{time.text} ({time.value})" if time.value else time.text for time in record.times}
    sources = {source.id: source.name or source.text for source in record.sources}
    figures = {figure.id: figure.text for figure in record.figures}
    return LinkedClaim(
        claim=claim,
        text=record.article.text[claim.start:claim.end].strip(),
        figure=figures.get(claim.figure, claim.figure),
        subject=entities.get(claim.subject, claim.subject) if claim.subject else None,
        metric=claim.metric,
        time=times.get(claim.time, claim.time) if claim.time else None,
        source=sources.get(claim.source, claim.source) if claim.source else None,
        hedge=claim.hedge,
    )


def related_evidence(run: Run, flag: Flag) -> list[dict[str, Any]]:
    """The other side of a cross-article flag: each related article's title and context of its spans."""
    evidence = []
    for related in flag.related:
        other = run.records.get(str(related.get("article")))
        if other is None:
            continue
        spans = [span for span in related.get("spans", []) if len(span) == 2]
        evidence.append({
            "article": other.article.id,
            "title": other.article.title or other.article.id,
            "contexts": [context_of(other, span) for span in spans],
            "refs": related.get("refs", []),
        })
    return evidence
