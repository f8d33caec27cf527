"""The incremental cache: a crash-safe journal of finished records in `OUTDIR/.claimex-cache/`.

Every record a run finishes is appended to the journal at once (and synced batch by batch), keyed
by a hash of the article (content and metadata) and of what produced the record (claimex version
and its own source files, model, rules). A later run into the same OUTDIR takes an article's record from the journal when
its key is there, so an unchanged article is never processed twice, and a run killed at any point
(even by `kill -9`) resumes where it stopped.

A journal line is `KEY <tab> CHECKSUM <tab> SUMMARY-JSON <tab> RECORD-JSON <newline>`, the summary
being what a run reads of the record besides its bytes (its counts, and what the batch checks keep
of it: `runner.Summary`), so a cached article is counted and checked without parsing its record.
Reading keeps only complete lines whose checksum matches, and cuts a torn last line off before
appending, so a line half written when the process died is never read back. At the end of a run the
journal is rewritten (atomically) with exactly the entries that run used, so it does not grow from
run to run; a journal that holds exactly those already is left as it is.

The journal is deliberately not JSON Lines (which claimex reads with jsonlines everywhere else):
opening it indexes every entry by key, offset and checksum without parsing a record, and
`records.jsonl` is assembled by copying each record's bytes from their offset, so the output
stage writes exactly the bytes the worker produced. Wrapping each record in a JSON object would
make every resume parse every record, and the checksum would then cover a re-serialization.

Beside the journal, `rules.json` keeps which rules the last finished run validated (their sha256)
and the word forms it looked up for them, and `rules-data.json` the validated rules themselves.
Validating ends with spaCy checking every token pattern, and the word forms come from LemmInflect:
both import spaCy, most of an unchanged re-run's time. A run whose rule files hash the same takes
the validated rules from there as plain data, built without validating or compiling a regex
(`rules.restored_rules`) and only when it reads a rule, and the forms too (they depend on
LemmInflect's version only), so when every article is cached it never imports spaCy. Any difference
(a rule file, claimex, spaCy or LemmInflect) and the rules are validated afresh. `schema.json` keeps
`records.schema.json` as this code generated it, and `files.json` the article keys of each text file
by the hash of its bytes (`file_key`), so an unchanged file is not read into an article to find them.

"claimex" there means its version and the bytes of its own modules (`code_version`): a checkout whose
code changed under an unchanged version number (a developer's edit, a `git pull`) never reuses records
or validated rules that older code produced.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import importlib.metadata
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO

from . import __version__
from .errors import UsageError
from .ingest import TEXT_SUFFIXES, Ingested, InputFile, source_of, translation_of
from .output import CACHE_DIR, SCHEMA, atomic_file, schema_text
from .rules.inflect import FormsKey
from .schema import ArticleRecord

JOURNAL = "records.journal"
VALIDATED_RULES = "rules.json"
SAVED_RULES = "rules-data.json"
SCHEMA_COPY = "schema.json"
FILE_KEYS = "files.json"
#: Bumped when what `file_key` hashes changes.
FILE_KEY_FORMAT = "claimex.file-keys/1"
#: Bumped when what `rules.json` holds changes.
VALIDATED_FORMAT = "claimex.validated-rules/3"
LOCK = "lock"
#: Bumped when the journal's line format or the key's recipe changes.
CACHE_FORMAT = "claimex.cache/2"
CHECKSUM_CHARS = 16
KEY_CHARS = 64
#: Entries appended between two fsyncs: a crash of the machine loses at most these (they are redone).
SYNC_EVERY = 16


@functools.cache
def code_version() -> str:
    """claimex's version and a digest of its own modules' bytes (a few hundred KB, hashed in milliseconds)."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return f"{__version__}+{digest.hexdigest()[:16]}"


def fingerprint(*, version: str, model: str, rules_sha256: str, batch_checks: Iterable[str]) -> str:
    """What, besides the article, decides its record and its summary: claimex version, model, rules and
    which batch checks keep facts of it."""
    return _digest(json.dumps([CACHE_FORMAT, version, model, rules_sha256, sorted(batch_checks)]).encode())


def article_key(item: Ingested, producer: str) -> str:
    """The cache key of one read article: its content and metadata, its read errors, and `producer`."""
    errors = [error.model_dump() for error in item.errors]
    payload = f"{producer}\0{item.article.model_dump_json()}\0{json.dumps(errors, sort_keys=True)}"
    return _digest(payload.encode("utf-8"))


def file_key(item: InputFile, raw: bytes, producer: str) -> str | None:
    """The cache key of a text file as read (`raw`), from everything its article is made of: its bytes, path
    and id, and `producer`; None for a file read with more than that (HTML and JSON Lines go through
    libraries of their own, a translation has its source file beside it) or not read at all.

    A run records the article keys each file gave (`read_file_keys`), so that the next run, finding the
    file unchanged and its articles cached, neither reads it into an article nor hashes that again."""
    if item.problem or item.path.suffix.lower() not in TEXT_SUFFIXES or translation_of(item.path) is not None \
            or source_of(item.path) is not None:
        return None
    head = json.dumps([FILE_KEY_FORMAT, producer, str(item.path), item.id, item.renamed_from]).encode("utf-8")
    return _digest(head + b"\0" + raw)


def read_file_keys(outdir: Path) -> dict[str, list[str]]:
    """The article keys each text file gave in the last run into OUTDIR, by `file_key`."""
    try:
        data = json.loads((outdir / CACHE_DIR / FILE_KEYS).read_text(encoding="utf-8"))
        return {str(key): [str(article) for article in articles] for key, articles in data["files"].items()} \
            if data["format"] == FILE_KEY_FORMAT else {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def write_file_keys(outdir: Path, files: dict[str, list[str]]) -> None:
    with atomic_file(outdir / CACHE_DIR / FILE_KEYS) as out:
        out.write(json.dumps({"format": FILE_KEY_FORMAT, "files": files}))


def is_cacheable(record: ArticleRecord) -> bool:
    """Records with errors are redone by the next run: the failure may have been transient."""
    return not record.errors


class Journal:
    """Finished records and their summaries by key, appended as they come and read back by key."""

    def __init__(self, outdir: Path, *, reuse: bool = True) -> None:
        self.folder = outdir / CACHE_DIR
        self.path = self.folder / JOURNAL
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock = _exclusive_lock(self.folder / LOCK, outdir)
        #: Where each entry's summary starts, its length and its record's length (the record follows the summary).
        self._where: dict[str, tuple[int, int, int]] = {}
        #: Whether the file holds nothing but the entries of `_where` (no corrupt or repeated lines).
        self._clean = True
        if reuse:
            self._index()
        if not reuse:
            self.path.unlink(missing_ok=True)
        self._append: BinaryIO = self.path.open("ab")
        self._read: BinaryIO = self.path.open("rb")
        self._unsynced = 0

    def __contains__(self, key: object) -> bool:
        return key in self._where

    def __len__(self) -> int:
        return len(self._where)

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def line(self, key: str) -> bytes:
        """The record JSON stored under `key`, as the worker encoded it."""
        offset, summary, length = self._where[key]
        return self._bytes(offset + summary + 1, length)

    def summary(self, key: str) -> bytes:
        """The summary JSON stored under `key`."""
        offset, summary, _ = self._where[key]
        return self._bytes(offset, summary)

    def _bytes(self, offset: int, length: int) -> bytes:
        self._append.flush()  # an entry added in this run may still sit in the write buffer
        self._read.seek(offset)
        return self._read.read(length)

    def store(self, key: str, line: str, summary: str, *, reusable: bool, run_id: str) -> str:
        """Journal one record JSON with its summary; returns the key it is stored under.

        A record that must not be reused by a later run (see `is_cacheable`) is stored under a key
        private to this run (`run_id`), so it is still read back for this run's output.
        """
        stored = key if reusable else _digest(f"{key}\0{run_id}".encode())
        self.add(stored, line, summary)
        if self._unsynced >= SYNC_EVERY:
            self.sync()
        return stored

    def add(self, key: str, line: str, summary: str) -> None:
        """Append a record's JSON and its summary under `key` (no-op when the key is stored already)."""
        if key in self._where:
            return
        self._where[key] = _write_entry(self._append, key, summary.encode("utf-8"), line.encode("utf-8"))
        self._unsynced += 1

    def sync(self) -> None:
        """Make what was added so far survive a crash of the process or the machine."""
        if self._unsynced:
            self._append.flush()
            os.fsync(self._append.fileno())
            self._unsynced = 0

    def compact(self, keys: Iterable[str]) -> None:
        """Rewrite the journal with only the entries of `keys` (the ones the finished run used), unless it
        holds exactly those already."""
        self.sync()
        used = dict.fromkeys(key for key in keys if key in self._where)
        if self._clean and len(used) == len(self._where):
            return
        kept: dict[str, tuple[int, int, int]] = {}
        with atomic_file(self.path, binary=True) as out:
            for key in used:
                kept[key] = _write_entry(out, key, self.summary(key), self.line(key))
        self.sync()
        self._append.close()
        self._read.close()
        self._where = kept
        self._clean = True
        self._append = self.path.open("ab")
        self._read = self.path.open("rb")

    def close(self) -> None:
        """Sync and close; the files and the lock are let go even when syncing fails (a full disk)."""
        try:
            self.sync()
        finally:
            for handle in (self._append, self._read, self._lock):
                with contextlib.suppress(OSError):  # a flush failing again: the sync above said why
                    handle.close()

    def _index(self) -> None:
        """Offsets of every intact entry; a torn or corrupt tail is cut off so appends start clean."""
        if not self.path.exists():
            return
        intact_end = 0
        with self.path.open("rb") as handle:
            offset = 0
            for raw in handle:
                entry = _parse(raw, offset)
                offset += len(raw)
                if entry is None or entry[0] in self._where:
                    self._clean = False
                    continue
                key, span = entry
                self._where[key] = span
                intact_end = offset
        if intact_end < self.path.stat().st_size:
            with self.path.open("r+b") as handle:
                handle.truncate(intact_end)


def _exclusive_lock(path: Path, outdir: Path) -> BinaryIO:
    """Held while a run uses the journal: two runs into one OUTDIR would interleave their entries."""
    handle = path.open("ab")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise UsageError(f"{outdir}: another claimex run is writing to this folder") from None
    return handle


def _write_entry(out: IO[bytes], key: str, summary: bytes, record: bytes) -> tuple[int, int, int]:
    """Write one journal line; returns where its summary starts, its length and its record's length."""
    data = summary + b"\t" + record
    prefix = f"{key}\t{_digest(data)[:CHECKSUM_CHARS]}\t".encode()
    offset = out.tell() + len(prefix)
    out.write(prefix + data + b"\n")
    return offset, len(summary), len(record)


def _parse(raw: bytes, offset: int) -> tuple[str, tuple[int, int, int]] | None:
    if not raw.endswith(b"\n"):
        return None
    parts = raw[:-1].split(b"\t", 2)
    if len(parts) != 3:
        return None
    key, checksum, data = parts
    if len(key) != KEY_CHARS or not key.isalnum():
        return None
    if _digest(data)[:CHECKSUM_CHARS].encode() != checksum:
        return None
    summary = data.find(b"\t")
    if summary < 0:
        return None
    return key.decode("ascii"), (offset + len(key) + len(checksum) + 2, summary, len(data) - summary - 1)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# Validated rules -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ValidatedRules:
    """Rules a finished run validated (by sha256), with the word forms it looked up for them."""

    sha256: str
    forms: list[tuple[FormsKey, tuple[str, ...]]]


def read_validated_rules(outdir: Path) -> ValidatedRules | None:
    """What the last finished run into OUTDIR validated, when its versions are this run's."""
    try:
        data = json.loads((outdir / CACHE_DIR / VALIDATED_RULES).read_text(encoding="utf-8"))
        if data["stamp"] != _validator_stamp():
            return None
        forms = [((phrase, pos, tuple(tags)), tuple(found)) for (phrase, pos, tags), found in data["forms"]]
        return ValidatedRules(str(data["sha256"]), forms)
    except (OSError, ValueError, KeyError, TypeError):
        return None  # none yet, or not one this run can trust: the rules are validated afresh


def write_validated_rules(outdir: Path, rules: ValidatedRules) -> None:
    """Record that the rules of `rules.sha256` passed validation, with the word forms looked up for them."""
    data = {"stamp": _validator_stamp(), "sha256": rules.sha256,
            "forms": [[list(key), list(found)] for key, found in rules.forms]}
    with atomic_file(outdir / CACHE_DIR / VALIDATED_RULES) as out:
        out.write(json.dumps(data, ensure_ascii=False))


def read_saved_rules(outdir: Path, sha256: str) -> dict[str, Any] | None:
    """The validated rules of `sha256` as plain data (`rules.saved_rules`), when a run of these versions saved them.

    They are a file of their own, read only when a run needs the rules themselves (an unchanged re-run
    needs only their sha256)."""
    try:
        data = json.loads((outdir / CACHE_DIR / SAVED_RULES).read_text(encoding="utf-8"))
        return dict(data["rules"]) if data["stamp"] == _validator_stamp() and data["sha256"] == sha256 else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_saved_rules(outdir: Path, sha256: str, rules: dict[str, Any]) -> None:
    data = {"stamp": _validator_stamp(), "sha256": sha256, "rules": rules}
    with atomic_file(outdir / CACHE_DIR / SAVED_RULES) as out:
        out.write(json.dumps(data, ensure_ascii=False))


def write_schema_copy(outdir: Path) -> None:
    """`records.schema.json`, copied from the cache when this code generated it before: generating it builds
    every record model, which an unchanged re-run otherwise never needs."""
    saved = outdir / CACHE_DIR / SCHEMA_COPY
    try:
        data = json.loads(saved.read_text(encoding="utf-8"))
        text = str(data["text"]) if data["code"] == code_version() else None
    except (OSError, ValueError, KeyError, TypeError):
        text = None
    if text is None:
        text = schema_text()
        with atomic_file(saved) as out:
            out.write(json.dumps({"code": code_version(), "text": text}))
    with atomic_file(outdir / SCHEMA) as out:
        out.write(text)


def _validator_stamp() -> list[str]:
    """What validated the rules and looked up their forms: the versions of claimex (and its code), spaCy and
    LemmInflect."""
    return [VALIDATED_FORMAT, code_version(), *(_version(name) for name in ("spacy", "lemminflect"))]


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "-"
