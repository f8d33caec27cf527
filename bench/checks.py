"""Benchmark of the checks: anomaly recall and defect-flag precision on the dev corpus, and the rate of
error/warning defect flags on professionally edited real news (false alarms per 1000 words).

usage: .venv/bin/python bench/checks.py [--model NAME] [--sample N]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from claimex.check import CheckContext, check_batch
from claimex.ingest import Ingested, article_from_text
from claimex.output import read_records
from claimex.process import Processor
from claimex.rules import load_rules
from claimex.runner import RunOptions, run
from claimex.schema import ArticleRecord, Flag

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEV = SHARED / "dev-corpus"
REAL_NEWS = SHARED / "real-news" / "ground-truth.json"
SCORER = SHARED / "tools" / "score_records.py"


def load_scorer() -> Any:
    """../shared/tools/score_records.py as a module (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("score_records", SCORER)
    assert spec is not None and spec.loader is not None, SCORER
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def dev_corpus(model: str | None) -> tuple[dict, Any, list[ArticleRecord]]:
    scorer = load_scorer()
    with tempfile.TemporaryDirectory() as out:
        run(RunOptions(paths=[DEV / "articles"], outdir=Path(out), workers=1, model=model))
        _, summary = scorer.score(Path(out) / "records.jsonl", DEV / "gold")
        records = list(read_records(Path(out) / "records.jsonl"))
    return summary, scorer, records


def batch_seconds(records: list[ArticleRecord], copies: int) -> float:
    """Seconds the cross-article pass takes over `copies` renamed copies of `records`."""
    many = [record.model_copy(update={"article": record.article.model_copy(update={"id": f"{record.article.id}-{n}"})})
            for n in range(copies) for record in records]
    context = CheckContext(rules=load_rules())
    clock = time.perf_counter()
    check_batch(many, context)
    return time.perf_counter() - clock


def real_news(model: str | None, defect_kinds: set[str]) -> tuple[int, list[tuple[str, Flag]], Counter]:
    """Words, error/warning defect flags (with their text), and every flag counted by kind and severity."""
    truth = json.loads(REAL_NEWS.read_text(encoding="utf-8"))
    items = [Ingested(article_from_text(entry["articleBody"], id=key[:12])) for key, entry in sorted(truth.items())]
    words = sum(len(item.article.text.split()) for item in items)
    flagged = []
    every: Counter = Counter()
    for record in Processor(model=model).process(items):
        for flag in record.flags:
            every[(flag.kind, flag.severity)] += 1
            if flag.kind in defect_kinds and flag.severity in ("error", "warning"):
                flagged.append((record.article.text, flag))
    return words, flagged, every


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None)
    parser.add_argument("--sample", type=int, default=15)
    options = parser.parse_args()

    summary, scorer, records = dev_corpus(options.model)
    print("dev corpus (../shared/dev-corpus, 12 articles)")
    print(f"  {'anomaly recall':28s} {_fmt(summary['anomaly_recall'])}   (target ≥ 0.9)")
    print(f"  {'defect-flag precision':28s} {_fmt(summary['defect_flag_precision'])}   (target ≥ 0.8)")
    for key in ("time_acc", "subject_acc", "figure_f1", "source_f1"):
        print(f"  {key:28s} {_fmt(summary.get(key))}")

    print("\ncross-article conflicts pass (copies of the dev records)")
    for copies in (10, 100):
        print(f"  {len(records) * copies:6d} records {batch_seconds(records, copies):8.2f} s")

    words, flagged, every = real_news(options.model, scorer.DEFECT_KINDS)
    rate = 1000 * len(flagged) / words if words else 0.0
    print(f"\nreal news (../shared/real-news, 181 edited bodies, {words} words)")
    print(f"  {'error/warning defect flags':28s} {len(flagged)}")
    print(f"  {'per 1000 words':28s} {rate:.3f}   (target ≤ 0.5)")
    for kind, count in Counter(flag.kind for _, flag in flagged).most_common():
        print(f"    {kind:26s} {count}")
    print("  all flags by kind and severity:")
    for (kind, severity), count in sorted(every.items()):
        print(f"    {kind:26s} {severity:8s} {count}")
    sample = random.Random(0).sample(flagged, min(options.sample, len(flagged)))
    if sample:
        print("  sample:")
    for text, flag in sample:
        start, end = flag.spans[0] if flag.spans else (0, 0)
        print(f"    {flag.kind:22s} {text[start:end]!r:32.32s} {flag.message[:110]}")


def _fmt(value: object) -> str:
    return "n/a" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


if __name__ == "__main__":
    main()
