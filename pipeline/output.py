"""Stage 6, output: `records.jsonl`, `manifest.json` and the JSON Schema, written atomically.

Records stream into a temporary file beside the target; only a finished run renames it into
place, so a crash or Ctrl-C mid-run leaves the previous complete outputs untouched. Outputs are
readable by all (0644), like any file meant for the next tool; only the review store, which holds
the session secret, is private (0600, `review.store`).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from .errors import UsageError
from .jsonl import read_lines
from .schema import ArticleRecord, Manifest, record_json_schema

RECORDS = "records.jsonl"
MANIFEST = "manifest.json"
SCHEMA = "records.schema.json"
REVIEW_STORE = "review.sqlite"
CACHE_DIR = ".claimex-cache"
#: What a run folder holds that `report -o` and `export -o` must never write over.
RUN_FILES = (RECORDS, MANIFEST, SCHEMA, REVIEW_STORE, CACHE_DIR)
#: Mode of every output file: readable by the next tool.
OUTPUT_MODE = 0o644


@contextmanager
def atomic_file(path: Path, *, binary: bool = False) -> Iterator[IO]:
    """A file (text, or bytes when `binary`) that appears at `path` (mode 0644) only when the block finishes
    without an exception."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, then renamed into place
        mode="wb" if binary else "w", encoding=None if binary else "utf-8",
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False,
    )
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, OUTPUT_MODE)  # the temporary file was private
        os.replace(handle.name, path)
    finally:
        if os.path.exists(handle.name):
            os.unlink(handle.name)


def write_json(path: Path, data: object) -> None:
    with atomic_file(path) as handle:
        json.dump(data, handle, ensure_ascii=False, indent=2)
        handle.write("\n")


def write_manifest(outdir: Path, manifest: Manifest) -> None:
    write_json(outdir / MANIFEST, manifest.model_dump(mode="json", by_alias=True))


def schema_text() -> str:
    """`records.schema.json` as `write_json` writes it."""
    return json.dumps(record_json_schema(), ensure_ascii=False, indent=2) + "\n"


def refuse_run_file(outdir: Path, target: Path) -> None:
    """Stop `report -o`/`export -o` from writing over the run's own files (records, manifest, review store, cache)."""
    resolved = target.resolve()
    for name in RUN_FILES:
        own = (outdir / name).resolve()
        if resolved == own or own in resolved.parents:
            raise UsageError(f"{target} is {outdir / name}, part of the run itself; write somewhere else with -o")


def read_records(path: Path) -> Iterator[ArticleRecord]:
    """Records of a finished run, validated against the schema; a line this version cannot read is a usage error."""
    with path.open(encoding="utf-8") as handle:
        for line in read_lines(handle, loads=ArticleRecord.model_validate_json):
            if line.problem:
                raise UsageError(f"{path}:{line.number}: a record this claimex version cannot read ({line.problem}); "
                                 "re-run `claimex run` with this version")
            yield line.value
