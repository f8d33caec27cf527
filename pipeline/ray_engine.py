"""The Ray engine: the same stages on Ray Data, for corpora too large for one machine.

Files are read by Ray's own binary-file datasource, turned into articles by a `flat_map` (the same
ingest code as the local engine), and processed by `map_batches` on a pool of actors, each of
which loads the rules and the model once. Rows come back to the driver in input order
(`preserve_order`), where the runner journals them, runs the batch checks over all records and
writes the one atomic `records.jsonl`, exactly as for the local engine, so both engines write the
same records for the same inputs. (Ray's own file sinks write one file per block and cannot
replace a file atomically, which the output contract needs, so the writing stays on the driver.)
An input Ray cannot read at all (an unreadable folder) gets its error record on the driver, in
its place among the rows. The actors' `Processor` applies the same per-article limits as the
local engine (`--max-chars`, and `--article-timeout` when Ray runs the actor on its main thread).

Ray is an optional extra: `pip install 'claimex[ray]'`.
"""

from __future__ import annotations

import json
import logging
import os
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cache import article_key
from .errors import UsageError
from .ingest import Ingested, InputFile, read_bytes, read_file
from .schema import Article, ArticleRecord, StageError

if TYPE_CHECKING:
    from .process import Processor
    from .runner import Outcome, RunOptions, Work

#: Small enough for a laptop, ignored when joining an existing cluster.
LOCAL_OBJECT_STORE_BYTES = 256 * 1024 * 1024
#: The logger Ray announces the token authentication of a cluster it starts with.
RAY_TOKEN_NOTICES = "ray._private.authentication.authentication_token_setup"


def ray_outcomes(work: Work, options: RunOptions) -> Iterator[Outcome]:
    """Outcomes in input order, computed on Ray (a local instance, or the cluster at `options.address`)."""
    from .runner import Outcome

    ray = _import_ray()
    problems = [(index, item) for index, item in enumerate(work.inputs) if item.problem]
    if len(problems) == len(work.inputs):
        yield from (_problem_outcome(item, work) for _, item in problems)
        return
    started_here = _connect(ray, options.address, actors=options.workers)
    try:
        for row in _dataset(ray, work, options).iter_rows():
            while problems and problems[0][0] < int(row["input"]):
                yield _problem_outcome(problems.pop(0)[1], work)
            yield Outcome(str(row["key"]), str(row["line"]) or None)
        yield from (_problem_outcome(item, work) for _, item in problems)
    finally:
        if started_here:
            ray.shutdown()


def _problem_outcome(item: InputFile, work: Work) -> Outcome:
    """The error record of an input that cannot be read at all, made on the driver."""
    from .runner import Outcome

    (ingested,) = read_file(item)
    record = ArticleRecord(article=ingested.article, errors=ingested.errors, provenance=work.provenance)
    return Outcome(article_key(ingested, work.producer), record.to_json(), record)


def _import_ray() -> Any:
    try:
        import ray
        import ray.data
    except ImportError as error:
        raise UsageError(
            f"--engine ray needs Ray Data, which is not installed ({error}); install it with: pip install 'claimex[ray]'"
        ) from None
    return ray


def _connect(ray: Any, address: str | None, *, actors: int | None) -> bool:
    """Join the cluster at `address`, or start a small local Ray; True when this call started it.

    The local Ray has a CPU more than the `actors` asked for (at least the machine's cores): each actor
    holds one, and with none left over the tasks that read the files never start (`--workers 2` on
    two cores waited forever)."""
    if ray.is_initialized():
        return False
    if address:
        ray.init(address=address, logging_level=logging.WARNING, log_to_driver=False)
    else:
        # The cluster is this run's own, started and stopped by it: Ray's notice that it turned token
        # authentication on for it is not the user's business.
        logging.getLogger(RAY_TOKEN_NOTICES).setLevel(logging.ERROR)
        ray.init(num_cpus=max(os.cpu_count() or 1, (actors or 0) + 1), object_store_memory=LOCAL_OBJECT_STORE_BYTES,
                 include_dashboard=False, logging_level=logging.WARNING, log_to_driver=False)
    return True


def _dataset(ray: Any, work: Work, options: RunOptions) -> Any:
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    # Ray Data warns that progress bars are off: claimex shows its own progress, the notice is noise.
    logging.getLogger("ray.data._internal.progress").setLevel(logging.ERROR)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Ray's own deprecation notices about its settings: not the user's business
        context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    files: dict[str, tuple[str, str, int]] = {}
    for index, item in enumerate(work.inputs):
        if not item.problem:  # a file given twice is read once, in its first place
            files.setdefault(str(item.path.resolve()), (str(item.path), item.id, index))
    actors = options.workers or max(1, int(ray.cluster_resources().get("CPU", 1)) - 1)
    with warnings.catch_warnings():
        # `max_restarts` has no named parameter in Ray Data: it goes through the `**ray_remote_args` that Ray
        # warns are deprecated (removed in 2.64, below which setup.cfg keeps Ray): not the user's business.
        warnings.simplefilter("ignore", DeprecationWarning)
        return _pipeline(ray, files, work, options, actors)


def _pipeline(ray: Any, files: dict[str, tuple[str, str, int]], work: Work, options: RunOptions, actors: int) -> Any:
    return (
        ray.data.read_binary_files(list(files), include_paths=True)
        .flat_map(_read_articles, fn_kwargs={"files": files, "producer": work.producer})
        .map_batches(
            ClaimexActor,
            fn_constructor_kwargs={"model": options.model, "rules_dir": options.rules_dir,
                                   "cached": frozenset(work.cached), "max_chars": options.max_chars,
                                   "article_timeout": options.article_timeout},
            batch_size=options.batch_size,
            compute=ray.data.ActorPoolStrategy(size=actors),
            batch_format="pyarrow",
            # Ray restarts a dead actor forever and retries its batch forever by default (and says so on
            # stderr): an article that kills its worker would loop. An error in an article is caught in the
            # actor and recorded; a worker that dies ends the run with Ray's error instead.
            max_restarts=0,
        )
    )


def _read_articles(row: dict[str, Any], *, files: dict[str, tuple[str, str, int]],
                   producer: str) -> list[dict[str, str | int]]:
    """One file's bytes (from Ray's datasource) → its articles, each with its cache key and input number."""
    resolved = str(Path(row["path"]).resolve())
    if resolved not in files:
        raise UsageError(f"Ray read a file that is not among the inputs: {row['path']}")
    path, article_id, index = files[resolved]
    rows: list[dict[str, str | int]] = []
    for item in read_bytes(InputFile(Path(path), article_id), bytes(row["bytes"])):
        rows.append({
            "key": article_key(item, producer),
            "article": item.article.model_dump_json(),
            "errors": json.dumps([error.model_dump() for error in item.errors]),
            "input": index,
        })
    return rows


class ClaimexActor:
    """A Ray actor: loads the rules and model once (on first use) and processes batches of articles."""

    def __init__(self, *, model: str | None, rules_dir: Path | None, cached: frozenset[str], max_chars: int,
                 article_timeout: float | None) -> None:
        self.model = model
        self.rules_dir = rules_dir
        self.cached = cached
        self.max_chars = max_chars
        self.article_timeout = article_timeout
        self.processor: Processor | None = None

    def __call__(self, batch: Any) -> dict[str, list[str]]:
        keys = batch.column("key").to_pylist()
        inputs = batch.column("input").to_pylist()
        todo = [
            (index, _ingested(article, errors))
            for index, (key, article, errors) in enumerate(
                zip(keys, batch.column("article").to_pylist(), batch.column("errors").to_pylist()))
            if key not in self.cached
        ]
        lines = [""] * len(keys)
        if todo:
            records = self._processor().process([item for _, item in todo])
            for (index, _), record in zip(todo, records):
                lines[index] = record.to_json()
        return {"key": keys, "line": lines, "input": inputs}

    def _processor(self):
        if self.processor is None:
            from .process import Processor

            self.processor = Processor(model=self.model, rules_dir=self.rules_dir, max_chars=self.max_chars,
                                       article_timeout=self.article_timeout, keep_heap=True)
        return self.processor


def _ingested(article: str, errors: str) -> Ingested:
    return Ingested(Article.model_validate_json(article), [StageError(**error) for error in json.loads(errors)])
