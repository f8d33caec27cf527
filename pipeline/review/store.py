"""Review decisions in `OUTDIR/review.sqlite`, written at once so a closed browser or killed server loses nothing.

`decisions` holds the current decision per flag key (see `run.flag_key`); `history` keeps every
decision ever taken, so a changed mind is still on record. Each call opens its own connection,
which keeps the store safe under a threaded server.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from ..errors import UsageError
from ..output import REVIEW_STORE as STORE
from .run import FlagItem

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
