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
"""

from __future__ import annotations

import math
import multiprocessing
import os
import signal
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

from . import BATCH_SIZE, __version__
from .cache import Journal, JournalRecords, article_key, fingerprint, is_cacheable
from .check import BatchPass, CheckContext, number_flags
from .errors import ClaimexError
from .ingest import JSONL_SUFFIXES, Ingested, InputFile, discover, read_file
from .models import model_info
from .output import RECORDS, atomic_file, write_manifest, write_schema
from .rules import load_rules
from .schema import ArticleRecord, Failure, Manifest

if TYPE_CHECKING:
    from .process import Processor

#: Batches in flight per worker: enough to keep every worker busy, few enough to bound memory.
BATCHES_IN_FLIGHT = 2
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
    on_start: Callable[[int], None] | None = field(default=None, repr=False)
    on_record: Callable[[ArticleRecord], None] | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Outcome:
    """One article's result as an engine hands it back: its cache key, and its record JSON unless cached."""

    key: str
    line: str | None = None
    record: ArticleRecord | None = None


@dataclass(frozen=True)
class Work:
    """What an engine needs to know besides the options: the inputs and which keys are cached."""

    inputs: list[InputFile]
    producer: str
    cached: Collection[str]
    workers: int


class RunInterrupted(ClaimexError):
    """The run was stopped (Ctrl-C, SIGTERM) before it finished; what was done is journaled."""

    exit_code = 130

    def __init__(self, done: int, total: int, outdir: Path, *, cause: BaseException) -> None:
        self.done = done
        self.total = total
        why = "a worker process died" if isinstance(cause, BrokenProcessPool) else "stopped"
        super().__init__(
            f"{why} after {done} of {total} articles; their records are kept in {outdir}, "
            "run the same command again to finish (previous outputs are untouched)"
        )


def run(options: RunOptions) -> Manifest:
    """Process every article under `options.paths` into `options.outdir`; returns the manifest written."""
    started = datetime.now(UTC)
    clock = time.perf_counter()
    rules = load_rules(user_dir=options.rules_dir)
    model = str(model_info(options.model))
    producer = fingerprint(version=__version__, model=model, rules_sha256=rules.sha256)
    inputs = discover(options.paths)
    total = count_articles(inputs)
    workers = worker_count(options.workers, total, options.batch_size)
    if options.on_start:
        options.on_start(total)
    options.outdir.mkdir(parents=True, exist_ok=True)
    journal = Journal(options.outdir, reuse=not options.force)
    tally = _Tally()
    keys: list[str] = []
    batch = BatchPass(CheckContext(rules=rules))
    run_id = uuid.uuid4().hex
    try:
        work = Work(inputs=inputs, producer=producer, cached=journal, workers=workers)
        for outcome in _engine(options.engine)(work, options):
            key, record = _journaled(outcome, journal, run_id)
            keys.append(key)
            tally.count(record, cached=outcome.line is None)
            batch.add(record)
            if options.on_record:
                options.on_record(record)
        journal.sync()
        extraction_seconds = time.perf_counter() - clock
        tally.counts["flags"] += _write_records(options.outdir, journal, keys, batch)
        journal.compact(keys)
    except (KeyboardInterrupt, BrokenProcessPool) as stop:
        raise RunInterrupted(len(keys), total, options.outdir, cause=stop) from None
    finally:
        journal.close()
    write_schema(options.outdir)
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
    )
    write_manifest(options.outdir, manifest)
    return manifest


def count_articles(inputs: list[InputFile]) -> int:
    """How many articles the inputs hold: one per file, one per non-blank line of a `.jsonl` file."""
    return sum(_articles_in(item.path) for item in inputs)


def worker_count(requested: int | None, articles: int, batch_size: int) -> int:
    """Worker processes for a run: as requested (default: every core), never more than there are batches."""
    wanted = requested if requested is not None else (os.cpu_count() or 1)
    return max(1, min(wanted, math.ceil(articles / max(1, batch_size))))


def _articles_in(path: Path) -> int:
    if path.suffix.lower() not in JSONL_SUFFIXES:
        return 1
    with path.open("rb") as handle:
        return max(1, sum(1 for line in handle if line.strip()))


def _engine(name: Engine) -> Callable[[Work, RunOptions], Iterator[Outcome]]:
    if name == "ray":
        from .ray_engine import ray_outcomes

        return ray_outcomes
    return local_outcomes


def _journaled(outcome: Outcome, journal: Journal, run_id: str) -> tuple[str, ArticleRecord]:
    """The journal key and record of one outcome, journaling it first when it was processed now."""
    if outcome.line is None:
        return outcome.key, journal.record(outcome.key)
    record = outcome.record or ArticleRecord.model_validate_json(outcome.line)
    return journal.store(outcome.key, outcome.line, reusable=is_cacheable(record), run_id=run_id), record


def _write_records(outdir: Path, journal: Journal, keys: list[str], batch: BatchPass) -> int:
    """Write `records.jsonl` in input order with the batch checks' flags merged in; returns how many flags they added."""
    batch_flags = batch.finish(JournalRecords(journal, keys))
    added = 0
    with atomic_file(outdir / RECORDS) as out:
        for key in keys:
            line = journal.line(key)
            if batch_flags:
                record = ArticleRecord.model_validate_json(line)
                extra = batch_flags.get(record.article.id)
                if extra:
                    line = record.model_copy(update={"flags": number_flags([*record.flags, *extra])}).to_json()
                    added += len(extra)
            out.write(line + "\n")
    return added


@dataclass
class _Tally:
    counts: dict[str, int] = field(default_factory=lambda: {"articles": 0, "failed": 0, **dict.fromkeys(COUNTED, 0)})
    failures: list[Failure] = field(default_factory=list)
    skipped: int = 0

    def count(self, record: ArticleRecord, *, cached: bool) -> None:
        self.counts["articles"] += 1
        self.skipped += cached
        if record.errors:
            self.counts["failed"] += 1
            self.failures.append(Failure(article=record.article.id, path=record.article.path,
                                         reasons=[error.message for error in record.errors]))
        for key in COUNTED:
            self.counts[key] += len(getattr(record, key))


# The local engine ---------------------------------------------------------------------------------

Planned = list[tuple[str, Ingested | None]]


def local_outcomes(work: Work, options: RunOptions) -> Iterator[Outcome]:
    """Outcomes in input order: read here, cached articles skipped, the rest processed in this process or on a pool."""
    items = (ingested for item in work.inputs for ingested in read_file(item))
    batches = _batches(_plan(items, work), options.batch_size)
    if work.workers <= 1:
        yield from _inline(batches, options)
    else:
        yield from _on_pool(batches, work.workers, options)


def _plan(items: Iterable[Ingested], work: Work) -> Iterator[tuple[str, Ingested | None]]:
    """Each article's key, with the article itself only when it has to be processed."""
    for item in items:
        key = article_key(item, work.producer)
        yield key, (None if key in work.cached else item)


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

            processor = Processor(model=options.model, rules_dir=options.rules_dir)
        records = iter(processor.process(todo) if processor is not None and todo else ())
        for key, item in batch:
            if item is None:
                yield Outcome(key)
            else:
                record = next(records)
                yield Outcome(key, record.to_json(), record)


def _on_pool(batches: Iterable[Planned], workers: int, options: RunOptions) -> Iterator[Outcome]:
    """Batches go to a pool of spawned workers with a bounded window in flight; results come back in order.

    The pool starts only when a batch has something to process, so a fully cached run loads no model.
    `concurrent.futures` (not `multiprocessing.Pool`) because a worker killed from outside (SIGTERM
    to the process group) makes it fail instead of hang.
    """
    pool: ProcessPoolExecutor | None = None
    pending: deque[tuple[Planned, Future | None]] = deque()
    try:
        for batch in batches:
            todo = [item for _, item in batch if item is not None]
            if todo and pool is None:
                pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                           initializer=_start_worker,
                                           initargs=(options.model, options.rules_dir, os.getpid()))
            pending.append((batch, _submit(pool, todo) if pool is not None and todo else None))
            while pending and (len(pending) > workers * BATCHES_IN_FLIGHT or _ready(pending[0][1])):
                yield from _finished(*pending.popleft())
        while pending:
            yield from _finished(*pending.popleft())
        if pool is not None:
            pool.shutdown()
            pool = None
    finally:
        if pool is not None:
            _stop(pool)


def _submit(pool: ProcessPoolExecutor, todo: list[Ingested]) -> Future:
    """Send a batch to the pool, which may start a worker process for it, with Ctrl-C and SIGTERM held back meanwhile."""
    with _stops_held():
        return pool.submit(_process_in_worker, todo)


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


def _stop(pool: ProcessPoolExecutor) -> None:
    """Shut the pool down; when stopped early, end its workers now rather than after their batches.

    The pool's manager thread is joined too: left running, it closes its wake-up pipe while the
    interpreter's exit hook writes to it, and the run ends with an "Exception ignored" traceback.
    """
    running = list((pool._processes or {}).values())
    manager = cast("threading.Thread | None", pool._executor_manager_thread)  # typeshed types it as the wake-up pipe
    pool.shutdown(wait=False, cancel_futures=True)
    for process in running:
        if process.is_alive():
            process.terminate()
    for process in running:
        process.join()
    if manager is not None:
        manager.join()


def _ready(result: Future | None) -> bool:
    return result is None or result.done()


def _finished(batch: Planned, result: Future | None) -> Iterator[Outcome]:
    lines = iter(result.result() if result is not None else ())
    for key, item in batch:
        yield Outcome(key) if item is None else Outcome(key, next(lines))


_WORKER: Processor | None = None


def _start_worker(model: str | None, rules_dir: Path | None, parent: int) -> None:
    """Load the rules and model once per worker; Ctrl-C is the parent's to handle, and orphans exit."""
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # blocked since birth (see `_submit`)
    threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()
    from .process import Processor

    _WORKER = Processor(model=model, rules_dir=rules_dir)


def _exit_when_orphaned(parent: int) -> None:
    """A worker whose parent was killed (even by kill -9) stops instead of lingering."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _process_in_worker(batch: list[Ingested]) -> list[str]:
    if _WORKER is None:
        raise RuntimeError("worker used before _start_worker")
    return [record.to_json() for record in _WORKER.process(batch)]
