"""A whole run: discover → read → process on workers → journal → batch checks → records.jsonl + manifest.

The run streams: articles are read lazily, a bounded number of batches is in flight on the
workers, and each finished record goes straight to the journal on disk (`cache.py`), so
memory does not grow with the corpus. Articles whose key (content, version, model, rules) is in
the journal already are not processed again; that is both the incremental cache and what makes a
killed run resumable. When every article has a record, the batch checks (cross-article
conflicts) pass over the journaled records, and `records.jsonl` is written in input order from the
journal, atomically, followed by the schema and `manifest.json`.

An engine turns the discovered inputs into `Outcome`s in input order: the local engine
(this module: one process, or a pool of worker processes) or the Ray engine (`ray_engine.py`).

Limits (`pipeline.budget`): every engine's `Processor` refuses articles over `max_chars` and stops
one over `article_timeout` with an alarm signal. A worker of the local pool that does not come back
even then (stuck where no signal reaches it) is killed: the pool starts afresh, the stuck batch is
retried one article at a time, and an article that stalls a worker alone gets an error record.
OUTDIR is checked to be writable before anything is read; a write that fails later (a full disk)
stops the run with one line, what was journaled kept.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gzip
import json
import math
import os
import queue
import signal
import tempfile
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import BrokenExecutor, Future
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from pydantic_core import PydanticSerializationError

from . import BATCH_SIZE, __version__
from .budget import DEFAULT_ARTICLE_TIMEOUT, DEFAULT_MAX_CHARS, timeout_error
from .cache import (
    Journal,
    ValidatedRules,
    article_key,
    code_version,
    file_key,
    fingerprint,
    is_cacheable,
    read_file_keys,
    read_saved_rules,
    read_validated_rules,
    write_file_keys,
    write_saved_rules,
    write_schema_copy,
    write_validated_rules,
)
from .check import BATCH_CHECKS, BatchPass, CheckContext, number_flags
from .errors import ClaimexError
from .ingest import GZIP_SUFFIX, JSONL_SUFFIXES, Ingested, InputFile, content_suffix, discover, read_bytes, read_file
from .models import model_info
from .output import RECORDS, atomic_file, write_manifest
from .rules import DeferredRuleSet, RuleSet, load_rules, restored_rules, rules_sha256, saved_rules
from .rules.inflect import known_forms, remember_forms
from .schema import ArticleRecord, Failure, Manifest, Provenance, RenamedId

if TYPE_CHECKING:  # the pool's modules are imported when it starts: a run whose articles are all cached needs none
    import multiprocessing.queues
    from concurrent.futures import ProcessPoolExecutor

    from .process import Processor

#: Batches in flight per worker: enough to keep every worker busy, few enough to bound memory.
BATCHES_IN_FLIGHT = 2
#: How often the parent looks whether a worker's batch is past its hard deadline.
POLL_SECONDS = 1.0
COUNTED = ("figures", "claims", "flags", "sources", "times", "entities")
#: What stops a run (Ctrl-C, and SIGTERM through the CLI's handler): held back while a worker starts.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)

Engine = Literal["local", "ray"]


@dataclass
class RunOptions:
    paths: list[Path]
    outdir: Path
    workers: int | None = None
    model: str | None = None
    rules_dir: Path | None = None
    force: bool = False
    engine: Engine = "local"
    address: str | None = None
    batch_size: int = BATCH_SIZE
    article_timeout: float | None = DEFAULT_ARTICLE_TIMEOUT
    max_chars: int = DEFAULT_MAX_CHARS
    on_start: Callable[[int], None] | None = field(default=None, repr=False)
    #: Called with each article's id as its record is done (from the cache or processed).
    on_article: Callable[[str], None] | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Outcome:
    """One article's result as an engine hands it back: its cache key, and its record JSON unless cached."""

    key: str
    line: str | None = None
    record: ArticleRecord | None = None


@dataclass(frozen=True)
class Summary:
    """What a run reads of a record besides its bytes: its article, errors and counts, and the facts the
    batch checks keep of it (`BatchPass.facts`). Journaled with the record, so that a cached article is
    counted and checked without parsing its record again."""

    article: str
    path: str | None
    renamed_from: str | None
    errors: list[str]
    counts: dict[str, int]
    facts: dict[str, Any]

    @classmethod
    def of(cls, record: ArticleRecord, facts: dict[str, Any]) -> Summary:
        article = record.article
        return cls(article.id, article.path, article.renamed_from, [error.message for error in record.errors],
                   {key: len(getattr(record, key)) for key in COUNTED}, facts)

    @classmethod
    def from_json(cls, text: bytes) -> Summary:
        return cls(**json.loads(text))

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self))


@dataclass(frozen=True)
class Work:
    """What an engine needs to know besides the options: the inputs and which keys are cached."""

    inputs: list[InputFile]
    producer: str
    cached: Collection[str]
    workers: int
    provenance: Provenance
    #: The article keys of text files by `file_key`, as the last run found them (read) and as this run does
    #: (filled by the local engine).
    file_keys: dict[str, list[str]] = field(default_factory=dict)
    new_file_keys: dict[str, list[str]] = field(default_factory=dict)


class OutputError(ClaimexError):
    """OUTDIR cannot be written (missing, read-only, under a file, a full disk): one line, exit code 2."""

    exit_code = 2


class RunInterrupted(ClaimexError):
    """The run was stopped (Ctrl-C, SIGTERM) before it finished; what was done is journaled."""

    exit_code = 130

    def __init__(self, done: int, total: int, outdir: Path, *, cause: BaseException) -> None:
        self.done = done
        self.total = total
        why = "a worker process died" if isinstance(cause, BrokenExecutor) else "stopped"
        super().__init__(
            f"{why} after {done} of {total} articles; their records are kept in {outdir}, "
            "run the same command again to finish (previous outputs are untouched)"
        )


def run(options: RunOptions) -> Manifest:
    """Process every article under `options.paths` into `options.outdir`; returns the manifest written."""
    started = datetime.now(UTC)
    clock = time.perf_counter()
    check_writable(options.outdir)
    validated = None if options.force else read_validated_rules(options.outdir)
    if validated:
        remember_forms(validated.forms)  # LemmInflect's answers, whatever the rules: its version is in the stamp
    rules = _rules(options, validated)
    model = str(model_info(options.model))
    producer = fingerprint(version=code_version(), model=model, rules_sha256=rules.sha256, batch_checks=BATCH_CHECKS)
    discovery = discover(options.paths, outdir=options.outdir)
    inputs = discovery.files
    total = count_articles(inputs)
    workers = worker_count(options.workers, total, options.batch_size)
    if options.on_start:
        options.on_start(total)
    try:
        journal = Journal(options.outdir, reuse=not options.force)
    except OSError as error:
        raise _output_error(options.outdir, error) from None
    tally = _Tally()
    keys: list[str] = []
    article_ids: list[str] = []
    batch = BatchPass(CheckContext(rules=rules))
    run_id = uuid.uuid4().hex
    provenance = Provenance(version=__version__, model=model, rules_sha256=rules.sha256)
    try:
        work = Work(inputs=inputs, producer=producer, cached=journal, workers=workers, provenance=provenance,
                    file_keys={} if options.force else read_file_keys(options.outdir))
        for outcome in _engine(options.engine)(work, options):
            key, summary = _journaled(outcome, journal, run_id, batch)
            keys.append(key)
            article_ids.append(summary.article)
            tally.count(summary, cached=outcome.line is None)
            batch.add(summary.facts)
            if options.on_article:
                options.on_article(summary.article)
        journal.sync()
        extraction_seconds = time.perf_counter() - clock
        tally.counts["flags"] += _write_records(options.outdir, journal, list(zip(keys, article_ids, strict=True)), batch)
        journal.compact(keys)
        write_schema_copy(options.outdir)
        if work.new_file_keys and work.new_file_keys != work.file_keys:
            write_file_keys(options.outdir, work.new_file_keys)
        manifest = Manifest(
            version=__version__,
            model=model,
            rules_sha256=rules.sha256,
            started=started.isoformat(timespec="seconds"),
            finished=datetime.now(UTC).isoformat(timespec="seconds"),
            seconds=round(time.perf_counter() - clock, 3),
            inputs=[str(path) for path in options.paths],
            counts=tally.counts,
            failures=tally.failures,
            workers=workers,
            timings={"articles": round(extraction_seconds, 3),
                     "batch_and_write": round(time.perf_counter() - clock - extraction_seconds, 3)},
            skipped_unchanged=tally.skipped,
            engine=options.engine,
            limits={"article_timeout": options.article_timeout, "max_chars": options.max_chars},
            renamed_ids=tally.renamed,
            skipped_outputs=[str(path) for path in discovery.skipped],
        )
        write_manifest(options.outdir, manifest)
        _save_validated_rules(options.outdir, validated, rules)
        journal.close()
    except (KeyboardInterrupt, BrokenExecutor) as stop:  # a BrokenProcessPool: a worker died
        _close_quietly(journal)
        raise RunInterrupted(len(keys), total, options.outdir, cause=stop) from None
    except PydanticSerializationError as error:
        _close_quietly(journal)
        if not _interrupted_while_serializing(error):
            raise
        raise RunInterrupted(len(keys), total, options.outdir, cause=KeyboardInterrupt()) from None
    except OSError as error:
        _close_quietly(journal)
        raise _output_error(options.outdir, error, done=len(keys)) from None
    except BaseException:
        _close_quietly(journal)
        raise
    return manifest


def _interrupted_while_serializing(error: PydanticSerializationError) -> bool:
    """A Ctrl-C that lands while pydantic-core runs one of our serializers (a record's `_omit_empty`) reaches
    us as pydantic-core's own error, with the interrupt only in its message: it is still the user's Ctrl-C."""
    return "KeyboardInterrupt" in str(error)


def _rules(options: RunOptions, validated: ValidatedRules | None) -> RuleSet:
    """The run's rules: when the rule files are those an earlier run validated, deferred until a rule is
    read (then restored from the data it saved); else loaded and validated now, so a bad rule stops the run
    before any article is read."""
    if validated is not None:
        sha256 = rules_sha256(user_dir=options.rules_dir)
        if sha256 == validated.sha256:
            return DeferredRuleSet(sha256, lambda: _restored_rules(options, sha256))
    return load_rules(user_dir=options.rules_dir, trusted=validated.sha256 if validated else None)


def _restored_rules(options: RunOptions, sha256: str) -> RuleSet:
    """The rules of `sha256` (validated by an earlier run) from the data it saved, or validated again (but for
    the checks they passed then) and saved when that data is gone."""
    saved = read_saved_rules(options.outdir, sha256)
    restored = restored_rules(saved, sha256) if saved is not None else None
    if restored is None:
        restored = load_rules(user_dir=options.rules_dir, trusted=sha256)
        write_saved_rules(options.outdir, sha256, saved_rules(restored))
    return restored


def _save_validated_rules(outdir: Path, validated: ValidatedRules | None, rules: RuleSet) -> None:
    """Keep the rules' sha256 and the word forms looked up (when they changed), and the rules as data when
    they were validated in this run."""
    now = ValidatedRules(rules.sha256, known_forms())
    if now != validated:
        write_validated_rules(outdir, now)
    if not isinstance(rules, DeferredRuleSet):
        write_saved_rules(outdir, rules.sha256, saved_rules(rules))


def _close_quietly(journal: Journal) -> None:
    """Close the journal of a run that stops anyway: keep what can be kept, add no second error."""
    with contextlib.suppress(OSError):
        journal.close()


def check_writable(outdir: Path) -> None:
    """Make OUTDIR if needed and write a file in it, so a run that cannot write fails before reading anything."""
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=outdir, prefix=".claimex-probe-") as probe:
            probe.write(b"\0" * 4096)
            probe.flush()
            os.fsync(probe.fileno())
    except OSError as error:
        raise _output_error(outdir, error) from None


def _output_error(outdir: Path, error: OSError, *, done: int = 0) -> OutputError:
    kept = f"; the articles done ({done}) are kept in its cache: run the same command again to finish" if done else ""
    return OutputError(f"cannot write to {outdir}: {error.strerror or error}{kept}")


def count_articles(inputs: list[InputFile]) -> int:
    """How many articles the inputs hold: one per file, one per non-blank line of a `.jsonl` file."""
    return sum(_articles_in(item.path) for item in inputs)


def worker_count(requested: int | None, articles: int, batch_size: int) -> int:
    """Worker processes for a run: as requested (default: every core), never more than there are batches."""
    wanted = requested if requested is not None else (os.cpu_count() or 1)
    return max(1, min(wanted, math.ceil(articles / max(1, batch_size))))


def _articles_in(path: Path) -> int:
    if content_suffix(path) not in JSONL_SUFFIXES:
        return 1
    try:
        with (gzip.open(path) if path.suffix.lower() == GZIP_SUFFIX else path.open("rb")) as handle:
            return max(1, sum(1 for line in handle if line.strip()))
    except (OSError, EOFError):
        return 1  # reading it will fail and say why, as one record


def _engine(name: Engine) -> Callable[[Work, RunOptions], Iterator[Outcome]]:
    if name == "ray":
        from .ray_engine import ray_outcomes

        return ray_outcomes
    return local_outcomes


def _journaled(outcome: Outcome, journal: Journal, run_id: str, batch: BatchPass) -> tuple[str, Summary]:
    """The journal key and summary of one outcome, journaling it first when it was processed now."""
    if outcome.line is None:
        return outcome.key, Summary.from_json(journal.summary(outcome.key))
    record = outcome.record or ArticleRecord.model_validate_json(outcome.line)
    summary = Summary.of(record, batch.facts(record))
    key = journal.store(outcome.key, outcome.line, summary.to_json(), reusable=is_cacheable(record), run_id=run_id)
    return key, summary


def _write_records(outdir: Path, journal: Journal, keys: list[tuple[str, str]], batch: BatchPass) -> int:
    """Write `records.jsonl` in input order (journal key, article id) with the batch checks' flags merged in;
    returns how many flags they added. Only a record that gets flags is parsed again."""
    batch_flags = batch.finish()
    added = 0
    with atomic_file(outdir / RECORDS, binary=True) as out:
        for key, article_id in keys:
            line = journal.line(key)
            extra = batch_flags.get(article_id)
            if extra:
                record = ArticleRecord.model_validate_json(line)
                line = record.model_copy(update={"flags": number_flags([*record.flags, *extra])}).to_json().encode("utf-8")
                added += len(extra)
            out.write(line + b"\n")
    return added


@dataclass
class _Tally:
    counts: dict[str, int] = field(default_factory=lambda: {"articles": 0, "failed": 0, **dict.fromkeys(COUNTED, 0)})
    failures: list[Failure] = field(default_factory=list)
    skipped: int = 0
    renamed: list[RenamedId] = field(default_factory=list)

    def count(self, summary: Summary, *, cached: bool) -> None:
        self.counts["articles"] += 1
        self.skipped += cached
        if summary.renamed_from:
            self.renamed.append(RenamedId(id=summary.article, renamed_from=summary.renamed_from, path=summary.path))
        if summary.errors:
            self.counts["failed"] += 1
            self.failures.append(Failure(article=summary.article, path=summary.path, reasons=summary.errors))
        for key in COUNTED:
            self.counts[key] += summary.counts[key]


# The local engine ---------------------------------------------------------------------------------

Planned = list[tuple[str, Ingested | None]]


def local_outcomes(work: Work, options: RunOptions) -> Iterator[Outcome]:
    """Outcomes in input order: read here, cached articles skipped, the rest processed in this process or on a pool."""
    batches = _batches((planned for item in work.inputs for planned in _plan(item, work)), options.batch_size)
    if work.workers <= 1:
        yield from _inline(batches, options)
    else:
        yield from _on_pool(batches, work, options)


def _plan(item: InputFile, work: Work) -> Iterator[tuple[str, Ingested | None]]:
    """Each article of one input file with its key, the article itself only when it has to be processed. A text
    file whose bytes (`file_key`) gave keys that are all cached is not read into an article."""
    try:
        raw = item.path.read_bytes() if not item.problem else None
    except OSError:
        raw = None  # reading it again says why, as a record
    key = file_key(item, raw, work.producer) if raw is not None else None
    known = work.file_keys.get(key) if key is not None else None
    if key is not None and known is not None and all(article in work.cached for article in known):
        work.new_file_keys[key] = known
        yield from ((article, None) for article in known)
        return
    found = []
    for ingested in read_file(item) if raw is None else read_bytes(item, raw):
        article = article_key(ingested, work.producer)
        found.append(article)
        yield article, (None if article in work.cached else ingested)
    if key is not None:
        work.new_file_keys[key] = found


def _batches(planned: Iterable[tuple[str, Ingested | None]], size: int) -> Iterator[Planned]:
    iterator = iter(planned)
    while batch := list(islice(iterator, size)):
        yield batch


def _inline(batches: Iterable[Planned], options: RunOptions) -> Iterator[Outcome]:
    processor: Processor | None = None
    for batch in batches:
        todo = [item for _, item in batch if item is not None]
        if todo and processor is None:
            from .process import Processor  # imports spaCy: only when an article needs processing

            processor = Processor(model=options.model, rules_dir=options.rules_dir, max_chars=options.max_chars,
                                  article_timeout=options.article_timeout, keep_heap=True)
        records = iter(processor.process(todo) if processor is not None and todo else ())
        for key, item in batch:
            if item is None:
                yield Outcome(key)
            else:
                record = next(records)
                yield Outcome(key, record.to_json(), record)


@dataclass
class _Task:
    """A batch sent to the pool (its future is None when every article of it is cached)."""

    number: int
    batch: Planned
    future: Future | None = None

    @property
    def todo(self) -> list[Ingested]:
        return [item for _, item in self.batch if item is not None]


class _Pool:
    """Spawned worker processes, started when a batch needs them, restarted when one is stuck.

    `concurrent.futures` (not `multiprocessing.Pool`) because a worker killed from outside (SIGTERM
    to the process group) makes it fail instead of hang. Each worker reports when it starts a
    batch, so a batch's hard deadline counts from then, not from the model loading before it.
    """

    def __init__(self, workers: int, options: RunOptions) -> None:
        self.workers = workers
        self.options = options
        self.executor: ProcessPoolExecutor | None = None
        self.starts: dict[int, float] = {}
        self.started: multiprocessing.queues.Queue | None = None
        self.numbers = 0

    def task(self, batch: Planned) -> _Task:
        self.numbers += 1
        task = _Task(self.numbers, batch)
        self.submit(task)
        return task

    def submit(self, task: _Task) -> None:
        if not task.todo:
            return
        if self.executor is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            context = multiprocessing.get_context("spawn")
            self.started = context.Queue() if self.options.article_timeout is not None else None
            self.executor = ProcessPoolExecutor(
                self.workers, mp_context=context, initializer=_start_worker,
                initargs=(self.options.model, self.options.rules_dir, self.options.max_chars,
                          self.options.article_timeout, os.getpid(), self.started))
        with _stops_held():  # submitting may start a worker process (see `_stops_held`)
            task.future = self.executor.submit(_process_in_worker, task.number, task.todo)

    def lines(self, task: _Task) -> list[str] | None:
        """The task's record lines, waiting for them; None when it overran its hard deadline."""
        if task.future is None:
            return []
        timeout = self.options.article_timeout
        while True:
            self._collect_starts()
            try:
                lines: list[str] = task.future.result(timeout=None if timeout is None else POLL_SECONDS)
            except FutureTimeout:
                began = self.starts.get(task.number)
                if began is not None and time.monotonic() - began > hard_limit(len(task.todo), timeout or 0):
                    return None
                continue
            self.starts = {number: began for number, began in self.starts.items() if number > task.number}
            return lines

    def restart(self) -> None:
        """Kill every worker (one is stuck beyond signals) and start afresh on the next submit."""
        if self.executor is not None:
            _stop(self.executor, kill=True)
        self.executor = None
        self.started = None

    def close(self, *, finished: bool) -> None:
        if self.executor is not None:
            if finished:
                self.executor.shutdown()
            else:
                _stop(self.executor)
            self.executor = None

    def _collect_starts(self) -> None:
        while self.started is not None:
            try:
                number, began = self.started.get_nowait()
            except queue.Empty:
                return
            self.starts[number] = began


def hard_limit(articles: int, timeout: float) -> float:
    """Seconds after which a batch stuck on a worker is killed: its budget tried whole, then per
    article (`Processor._process_batch`), plus one budget to spare."""
    return timeout * (articles + (2 if articles > 1 else 1))


def _on_pool(batches: Iterable[Planned], work: Work, options: RunOptions) -> Iterator[Outcome]:
    """Batches go to the pool with a bounded window in flight; results come back in order.

    The pool starts only when a batch has something to process, so a fully cached run loads no model.
    """
    pool = _Pool(work.workers, options)
    pending: deque[_Task] = deque()
    finished = False
    try:
        for batch in batches:
            pending.append(pool.task(batch))
            while pending and (len(pending) > work.workers * BATCHES_IN_FLIGHT or _ready(pending[0].future)):
                yield from _next_outcomes(pending, pool, work)
        while pending:
            yield from _next_outcomes(pending, pool, work)
        finished = True
    finally:
        pool.close(finished=finished)


def _next_outcomes(pending: deque[_Task], pool: _Pool, work: Work) -> Iterator[Outcome]:
    """The outcomes of the oldest task; a stuck one restarts the pool and is retried article by article."""
    task = pending[0]
    lines = pool.lines(task)
    if lines is not None:
        pending.popleft()
        yield from _finished(task.batch, iter(lines))
        return
    pool.restart()
    pending.popleft()
    if len(task.todo) > 1:
        pending.extendleft(reversed([_Task(0, [planned]) for planned in task.batch]))
    else:
        yield from _finished(task.batch, iter([_stalled_line(task.todo[0], work, pool.options)]))
    for waiting in pending:
        if not _has_result(waiting.future):
            waiting.number = pool.numbers = pool.numbers + 1
            pool.submit(waiting)


def _has_result(future: Future | None) -> bool:
    """Whether a task's future came back with its lines before the pool was killed."""
    return (future is not None and future.done() and not future.cancelled()
            and future.exception() is None)


def _stalled_line(item: Ingested, work: Work, options: RunOptions) -> str:
    """The record of an article whose worker had to be killed: its error and nothing else."""
    error = timeout_error(item.article, options.article_timeout or 0)
    return ArticleRecord(article=item.article, errors=[*item.errors, error], provenance=work.provenance).to_json()


@contextmanager
def _stops_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM arriving in this block take effect when it ends: held back, not lost.

    Starting a worker is not atomic: the parent spawns it, then writes it its start-up data. A
    Ctrl-C in between (it may reach a library's native thread and be raised in the main thread at
    any point) left a worker reading an empty pipe and printing a traceback. The worker inherits
    the mask of the thread that starts it, so it is also born with Ctrl-C blocked: a Ctrl-C during
    its start-up (seconds, under load) waits until `_start_worker` has made it ignore Ctrl-C.
    (CPython starts its resource tracker process the same way.)
    """
    held: list[int] = []
    in_main_thread = threading.current_thread() is threading.main_thread()  # the only one signals interrupt
    previous = {stop: signal.signal(stop, lambda number, frame: held.append(number))
                for stop in STOP_SIGNALS if in_main_thread}
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        for stop, handler in previous.items():
            signal.signal(stop, handler)
        for number in held:
            signal.raise_signal(number)


def _stop(pool: ProcessPoolExecutor, *, kill: bool = False) -> None:
    """Shut the pool down; when stopped early, end its workers now rather than after their batches
    (`kill`: at once, for a worker stuck where no signal reaches it).

    The pool's manager thread is joined too: left running, it closes its wake-up pipe while the
    interpreter's exit hook writes to it, and the run ends with an "Exception ignored" traceback.
    """
    running = list((pool._processes or {}).values())
    manager = cast("threading.Thread | None", pool._executor_manager_thread)  # typeshed types it as the wake-up pipe
    pool.shutdown(wait=False, cancel_futures=True)
    for process in running:
        if process.is_alive():
            if kill:
                process.kill()
            else:
                process.terminate()
    for process in running:
        process.join()
    if manager is not None:
        manager.join()


def _ready(result: Future | None) -> bool:
    return result is None or result.done()


def _finished(batch: Planned, lines: Iterator[str]) -> Iterator[Outcome]:
    for key, item in batch:
        yield Outcome(key) if item is None else Outcome(key, next(lines))


_WORKER: Processor | None = None
_STARTED: multiprocessing.queues.Queue | None = None


def _start_worker(model: str | None, rules_dir: Path | None, max_chars: int, article_timeout: float | None,
                  parent: int, started: multiprocessing.queues.Queue | None) -> None:
    """Load the rules and model once per worker; Ctrl-C is the parent's to handle, and orphans exit."""
    global _WORKER, _STARTED
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # blocked since birth (see `_submit`)
    threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()
    from .process import Processor

    if started is not None:
        started.cancel_join_thread()  # a worker never waits at exit for the parent to read its reports
    _STARTED = started
    _WORKER = Processor(model=model, rules_dir=rules_dir, max_chars=max_chars, article_timeout=article_timeout,
                        keep_heap=True)


def _exit_when_orphaned(parent: int) -> None:
    """A worker whose parent was killed (even by kill -9) stops instead of lingering."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _process_in_worker(number: int, batch: list[Ingested]) -> list[str]:
    if _WORKER is None:
        raise RuntimeError("worker used before _start_worker")
    if _STARTED is not None:
        _STARTED.put((number, time.monotonic()))
    return [record.to_json() for record in _WORKER.process(batch)]
