"""A whole run: read every input, process on one or more worker processes, write the outputs.

Records are written as they finish, in input order. After the per-article pass, the batch checks
(cross-article conflicts) run over the written records and their flags are merged in; only then
do `records.jsonl` and `manifest.json` replace the previous run's.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import islice
from pathlib import Path

from . import __version__
from .check import CheckContext, check_batch, number_flags
from .ingest import Ingested, discover, read_file
from .output import RECORDS, atomic_file, read_records, record_line, write_manifest, write_schema
from .process import Processor
from .rules import RuleSet, load_rules
from .schema import ArticleRecord, Failure, Manifest

WORKER_BATCH = 16


@dataclass
class RunOptions:
    paths: list[Path]
    outdir: Path
    workers: int | None = None
    model: str | None = None
    rules_dir: Path | None = None
    on_record: Callable[[ArticleRecord], None] | None = field(default=None, repr=False)


def run(options: RunOptions) -> Manifest:
    """Process every article under `options.paths` into `options.outdir`; returns the manifest written."""
    started = datetime.now(timezone.utc)
    clock = time.perf_counter()
    rules = load_rules(user_dir=options.rules_dir)
    inputs = discover(options.paths)
    items = (ingested for item in inputs for ingested in read_file(item))
    workers = _worker_count(options.workers, len(inputs))
    counts = {"articles": 0, "failed": 0, "figures": 0, "claims": 0, "flags": 0, "sources": 0, "times": 0,
              "entities": 0}
    failures: list[Failure] = []
    first_pass = options.outdir / f".{RECORDS}.pass1"
    options.outdir.mkdir(parents=True, exist_ok=True)
    model_name = ""
    with first_pass.open("w", encoding="utf-8") as handle:
        for record in _records(items, rules, workers, options):
            model_name = record.provenance.model
            handle.write(record_line(record))
            _count(record, counts, failures)
            if options.on_record:
                options.on_record(record)
    extraction_seconds = time.perf_counter() - clock
    batch_flags = check_batch(read_records(first_pass), CheckContext(rules=rules))
    with atomic_file(options.outdir / RECORDS) as out:
        for record in read_records(first_pass):
            extra = batch_flags.get(record.article.id)
            if extra:
                record = record.model_copy(update={"flags": number_flags([*record.flags, *extra])})
                counts["flags"] += len(extra)
            out.write(record_line(record))
    first_pass.unlink()
    write_schema(options.outdir)
    manifest = Manifest(
        version=__version__,
        model=model_name,
        rules_sha256=rules.sha256,
        started=started.isoformat(timespec="seconds"),
        finished=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        seconds=round(time.perf_counter() - clock, 3),
        inputs=[str(path) for path in options.paths],
        counts=counts,
        failures=failures,
        workers=workers,
        timings={"articles": round(extraction_seconds, 3)},
    )
    write_manifest(options.outdir, manifest)
    return manifest


def _records(items: Iterable[Ingested], rules: RuleSet, workers: int, options: RunOptions) -> Iterator[ArticleRecord]:
    if workers <= 1:
        yield from Processor(model=options.model, rules_dir=options.rules_dir).process(items)
        return
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_start_worker, initargs=(options.model, options.rules_dir)) as pool:
        for lines in pool.imap(_process_in_worker, _batches(items, WORKER_BATCH)):
            for line in lines:
                yield ArticleRecord.model_validate_json(line)


_WORKER: Processor | None = None


def _start_worker(model: str | None, rules_dir: Path | None) -> None:
    global _WORKER
    _WORKER = Processor(model=model, rules_dir=rules_dir)


def _process_in_worker(batch: list[Ingested]) -> list[str]:
    if _WORKER is None:
        raise RuntimeError("worker used before _start_worker")
    return [record.to_json() for record in _WORKER.process(batch)]


def _batches(items: Iterable[Ingested], size: int) -> Iterator[list[Ingested]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _worker_count(requested: int | None, files: int) -> int:
    if requested is not None:
        return max(1, requested)
    return max(1, min(os.cpu_count() or 1, -(-files // WORKER_BATCH)))


def _count(record: ArticleRecord, counts: dict[str, int], failures: list[Failure]) -> None:
    counts["articles"] += 1
    if record.errors:
        counts["failed"] += 1
        failures.append(Failure(article=record.article.id, path=record.article.path,
                                reasons=[error.message for error in record.errors]))
    for key in ("figures", "claims", "flags", "sources", "times", "entities"):
        counts[key] += len(getattr(record, key))
