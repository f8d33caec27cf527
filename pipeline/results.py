"""A finished run's output folder as review, report and export read it: the records, the manifest,
every flag with its review key, and the reviewers' decisions (`review.sqlite`).

None of the three owns it: the review app writes decisions through `DecisionStore`, the report and
the exports read them with `read_decisions`, and all three see the records through `Results`.

A flag's review key is built from its content (article id and sha256, kind, spans), not from its
number: `x3` may become `x4` when a new check adds a flag earlier in the text, but the same
problem at the same place of the same unchanged text keeps its key, so decisions survive re-runs.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import secrets
import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from .errors import UsageError
from .output import MANIFEST, RECORDS, REVIEW_STORE, read_records
from .schema import ArticleRecord, Claim, Flag, Span
from .spans import TextIndex

CONTEXT_CHARS = 160


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


#: The order of the run's flag queue: errors first, info notes last.
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass
class Results:
    """The records, manifest and flags of one finished run's output folder."""

    outdir: Path
    records: dict[str, ArticleRecord]
    manifest: dict[str, Any] | None
    items: list[FlagItem] = field(default_factory=list)

    def __post_init__(self) -> None:
        in_text_order = [FlagItem(record, flag, key) for record in self.records.values()
                         for flag, key in keyed_flags(record)]
        self.by_key = {item.key: item for item in in_text_order}
        self.by_article: dict[str, list[FlagItem]] = {article_id: [] for article_id in self.records}
        for item in in_text_order:
            self.by_article[item.article_id].append(item)
        # The run's queue: what needs attention first (errors, then warnings), notes last; each article's
        # own flags stay in text order.
        self.items = sorted(in_text_order, key=lambda item: SEVERITY_ORDER.get(item.flag.severity, len(SEVERITY_ORDER)))

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


def load_results(outdir: Path) -> Results:
    """The results in `outdir`; a usage error when it holds no records.jsonl."""
    path = outdir / RECORDS
    if not path.is_file():
        raise UsageError(f"{path}: not found; write a run there first with `claimex run PATHS -o {outdir}`")
    records = {record.article.id: record for record in read_records(path)}
    manifest_path = outdir / MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.is_file() else None
    return Results(outdir=outdir, records=records, manifest=manifest)


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
    """The text before, at and after `span`: the rest of its sentence, at most `CONTEXT_CHARS` either side."""
    text = record.article.text
    start, end = span
    sentences = _sentences(text)
    sentence_start = sentences.sentence(start)[0]
    sentence_end = max(end, sentences.sentence(end - 1 if end > start else start)[1])
    before = text[max(sentence_start, start - CONTEXT_CHARS):start]
    if start - CONTEXT_CHARS > sentence_start:
        before = "…" + before[before.find(" ") + 1:]
    after = text[end:min(sentence_end, end + CONTEXT_CHARS)]
    if end + CONTEXT_CHARS < sentence_end:
        after = after[:after.rfind(" ")] + "…"
    return before, text[start:end], after


@functools.lru_cache(maxsize=64)
def _sentences(text: str) -> TextIndex:
    """One sentence index per article text, reused for every flag in it."""
    return TextIndex(text)


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


def related_evidence(results: Results, flag: Flag) -> list[dict[str, Any]]:
    """The other side of a cross-article flag: each related article's title and context of its spans."""
    evidence = []
    for related in flag.related:
        other = results.records.get(str(related.get("article")))
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


Marked = tuple[str, str, str]


def source_evidence(record: ArticleRecord, flag: Flag) -> list[dict[str, Marked]]:
    """For each source span of the flag: the English segment with the flag's span marked beside the source
    segment with the source span marked (both split into before, marked, after)."""
    source = record.article.source_text or ""
    pairs = []
    for source_span in flag.source_spans:
        pair = next((pair for pair in record.alignment
                     if pair.source[0] <= source_span[0] and source_span[1] <= pair.source[1]), None)
        segment = pair.source if pair else source_span
        english_segment = pair.text if pair else (flag.spans[0] if flag.spans else (0, 0))
        english_span = next((span for span in flag.spans if english_segment[0] <= span[0] < english_segment[1]),
                            english_segment)
        pairs.append({"english": _marked(record.article.text, english_segment, english_span),
                      "source": _marked(source, segment, source_span)})
    return pairs


def _marked(text: str, segment: Span, span: Span) -> Marked:
    start, end = max(segment[0], span[0]), min(segment[1], span[1])
    if start >= end:
        return text[segment[0]:segment[1]], "", ""
    return text[segment[0]:start], text[start:end], text[end:segment[1]]


# Review decisions -----------------------------------------------------------------------------------
# In `OUTDIR/review.sqlite`, written at once so a closed browser or killed server loses nothing.
# `decisions` holds the current decision per flag key (see `flag_key`); `history` keeps every
# decision ever taken, so a changed mind is still on record. Each call opens its own connection,
# which keeps the store safe under a threaded server.

STORE = REVIEW_STORE
#: The store holds the session-signing secret: only its owner may read it.
STORE_MODE = 0o600
Action = Literal["confirmed", "dismissed", "corrected"]
ACTIONS: tuple[Action, ...] = ("confirmed", "dismissed", "corrected")

SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    key TEXT PRIMARY KEY,
    article_id TEXT NOT NULL,
    article_sha256 TEXT NOT NULL,
    flag_id TEXT NOT NULL,
    flag_kind TEXT NOT NULL,
    spans TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('confirmed', 'dismissed', 'corrected')),
    correction TEXT,
    note TEXT,
    reviewer TEXT,
    decided_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS history (
    key TEXT NOT NULL,
    article_id TEXT NOT NULL,
    flag_id TEXT NOT NULL,
    action TEXT NOT NULL,
    correction TEXT,
    note TEXT,
    reviewer TEXT,
    decided_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True)
class Decision:
    key: str
    article_id: str
    flag_id: str
    action: Action
    correction: str | None
    note: str | None
    reviewer: str | None
    decided_at: str


class DecisionStore:
    """Reads and writes the decisions of one run folder."""

    def __init__(self, outdir: Path) -> None:
        self.path = outdir / STORE
        _make_private(self.path)
        with self._connect() as connection:
            connection.executescript(SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        connection = sqlite3.connect(self.path, timeout=10)
        try:
            with connection:
                yield connection
        finally:
            connection.close()

    def decide(self, item: FlagItem, action: str, *, correction: str | None = None, note: str | None = None,
               reviewer: str | None = None) -> Decision:
        """Record `action` on the flag, replacing any earlier decision on it."""
        if action not in ACTIONS:
            raise UsageError(f"unknown review action {action!r}; expected one of {', '.join(ACTIONS)}")
        if action == "corrected" and not (correction or "").strip():
            raise UsageError("a correction needs the corrected value or text")
        decision = Decision(
            key=item.key, article_id=item.article_id, flag_id=item.flag.id, action=action,
            correction=_clean(correction) if action == "corrected" else None, note=_clean(note),
            reviewer=_clean(reviewer), decided_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        with self._connect() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (decision.key, decision.article_id, item.record.article.sha256, decision.flag_id, item.flag.kind,
                 json.dumps(item.flag.spans), decision.action, decision.correction, decision.note,
                 decision.reviewer, decision.decided_at),
            )
            self._log(connection, decision)
        return decision

    def clear(self, item: FlagItem, *, reviewer: str | None = None) -> None:
        """Take back the decision on a flag (it is open again); the history keeps the withdrawal."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._connect() as connection:
            connection.execute("DELETE FROM decisions WHERE key = ?", (item.key,))
            connection.execute("INSERT INTO history VALUES (?, ?, ?, 'cleared', NULL, NULL, ?, ?)",
                               (item.key, item.article_id, item.flag.id, _clean(reviewer), now))

    def all(self) -> dict[str, Decision]:
        """Current decisions by flag key."""
        with self._connect() as connection:
            rows = connection.execute(
                "SELECT key, article_id, flag_id, action, correction, note, reviewer, decided_at FROM decisions"
            ).fetchall()
        return {row[0]: Decision(*row) for row in rows}

    def secret(self) -> str:
        """The session-signing secret of this run folder, made once, so tokens outlive a server restart."""
        with self._connect() as connection:
            row = connection.execute("SELECT value FROM meta WHERE name = 'secret'").fetchone()
            if row:
                return row[0]
            value = secrets.token_hex(32)
            connection.execute("INSERT INTO meta VALUES ('secret', ?)", (value,))
            return value

    @staticmethod
    def _log(connection: sqlite3.Connection, decision: Decision) -> None:
        connection.execute(
            "INSERT INTO history VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (decision.key, decision.article_id, decision.flag_id, decision.action, decision.correction,
             decision.note, decision.reviewer, decision.decided_at),
        )


def _make_private(path: Path) -> None:
    """Create the store readable by its owner only, and close up one an older version left open."""
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, STORE_MODE))
    elif path.stat().st_uid == os.getuid() and path.stat().st_mode & 0o077:
        path.chmod(STORE_MODE)


def read_decisions(outdir: Path) -> dict[str, Decision]:
    """Decisions of a run folder, empty when nobody has reviewed it (no store is created)."""
    if not (outdir / STORE).is_file():
        return {}
    return DecisionStore(outdir).all()


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None
