"""Benchmark of the claims (issue 11): time, subject and source F1 per gold set and per half, the metric's
head-noun agreement, base_time coverage, and the ten most common error kinds.

The metric column is ours, not the scorer's (it scores no metric): of the gold figures with a metric that the
scorer's `match` pairs with a claim, the share whose metric agrees with the gold's by head noun, loosely
(`metric_agrees`): lower case, brackets and "change" dropped, plural -s dropped; the head is the last word
before " of "; agreement is the same head, or either head among the other's words ("jobs" for "jobs cut over
the last year", "profit" for "profit for the period"), or our head the initials of the gold's words ("GMV" for
"gross merchandise volume"). It says whether the right quantity is named, not whether the name is the gold's.

Scoring is ../shared/tools/score_records.py's own: its `score` gives every number printed here, run on
each half's gold files; the error kinds walk the same pairs its `match` and `locate` make, and are
checked to count exactly the misses its summary counts.

The gold articles of each set (../shared/dev-corpus/gold, ../shared/mt-news/gold) are split into two
fixed halves by a stable hash of the article id (`half_of`): tune on half A, quote half B.

usage: .venv/bin/python bench/claims.py [--model NAME] [--dev-records JSONL] [--mt-records JSONL] [--examples N]
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import re
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimex.runner import RunOptions, run

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "tools" / "score_records.py"
FIELDS = ("time_acc", "subject_acc", "source_f1")
HALVES = ("A", "B")


@dataclass(frozen=True)
class GoldSet:
    name: str
    gold: Path
    articles: list[Path]


@dataclass(frozen=True)
class Miss:
    """One field the run got wrong: which field, of what kind, where, and what was expected."""

    field: str
    kind: str
    article: str
    text: str
    expected: str
    got: str


def gold_sets() -> list[GoldSet]:
    dev = SHARED / "dev-corpus"
    mt = SHARED / "mt-news"
    mt_ids = (mt / "gold-articles.txt").read_text(encoding="utf-8").split()
    return [GoldSet("dev-corpus", dev / "gold", sorted((dev / "articles").glob("*.txt"))),
            GoldSet("mt-news gold", mt / "gold", [mt / "articles" / f"{stem}.txt" for stem in mt_ids])]


def half_of(article: str) -> str:
    """"A" or "B", fixed for an article id (its gold file's stem) by the first byte of its SHA-256."""
    return HALVES[hashlib.sha256(article.encode("utf-8")).digest()[0] % 2]


def load_scorer() -> Any:
    """../shared/tools/score_records.py as a module (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("score_records", SCORER)
    assert spec is not None and spec.loader is not None, SCORER
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_records(gold_set: GoldSet, outdir: Path, model: str | None) -> Path:
    run(RunOptions(paths=gold_set.articles, outdir=outdir, workers=1, model=model, force=True))
    return outdir / "records.jsonl"


def half_gold(gold: Path, half: str | None, into: Path) -> Path:
    """A folder of links to the gold files of one half (all of them for None)."""
    into.mkdir(parents=True, exist_ok=True)
    for path in sorted(gold.glob("*.json")):
        if half is None or half_of(path.stem) == half:
            (into / path.name).symlink_to(path)
    return into


def read_records(path: Path) -> dict[str, dict]:
    """Records by the key the scorer uses: the input file's stem, else the article id."""
    records = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            article = record.get("article", {})
            records[Path(article.get("path") or article.get("id") or "").stem or article.get("id")] = record
    return records


def misses(scorer: Any, records: dict[str, dict], gold_dir: Path) -> Iterator[Miss]:
    """Every time, subject and source the scorer counts as wrong, with a kind that says how."""
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        record = records.get(path.stem)
        if record is None:
            continue
        text = record["article"]["text"]
        yield from _claim_misses(scorer, path.stem, record, _gold_spans(scorer, text, gold.get("figures", [])))
        yield from _source_misses(scorer, path.stem, record, _gold_spans(scorer, text, gold.get("sources", [])))


def _gold_spans(scorer: Any, text: str, items: list[dict]) -> list[dict]:
    located = []
    for item in items:
        start = scorer.locate(text, item["text"], item.get("char_start"))
        if start is not None:
            located.append(dict(item, span=(start, start + len(item["text"]))))
    return located


def _claim_misses(scorer: Any, article: str, record: dict, gold: list[dict]) -> Iterator[Miss]:
    figures = [dict(figure, span=(figure["start"], figure["end"])) for figure in record.get("figures", [])]
    claims = {claim.get("figure"): claim for claim in record.get("claims", [])}
    times = {time["id"]: time for time in record.get("times", [])}
    entities = {entity["id"]: entity for entity in record.get("entities", [])}
    for predicted, expected in scorer.match(figures, gold):
        claim = claims.get(predicted.get("id")) or {}
        if expected.get("time"):
            time = times.get(claim.get("time") or "")
            kind = time_miss(expected["time"], str(time.get("value")) if time else "")
            if kind:
                yield Miss("time", kind, article, expected["text"], expected["time"],
                           f"{time['text']!r}={time.get('value')}" if time else "-")
        if expected.get("entity"):
            entity = entities.get(claim.get("subject") or "")
            names = [entity.get("name", ""), *(entity.get("aliases") or [])] if entity else []
            wanted = expected["entity"].lower()
            if not any(name and (name.lower() in wanted or wanted in name.lower()) for name in names):
                kind = f"subject: {entity['label']} instead" if entity else "subject: none"
                yield Miss("subject", kind, article, expected["text"], expected["entity"], entity["name"] if entity else "-")


def metric_words(metric: str) -> list[str]:
    """A metric's words, lower case and singular, without brackets or "change"."""
    words = re.findall(r"[a-z0-9]+", re.sub(r"\([^)]*\)", " ", metric.lower()))
    return [word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word
            for word in words if word != "change"]


def metric_head(metric: str) -> str:
    """The head noun of a metric, loosely: the last of its words before " of "; empty for none."""
    words = metric_words(metric.lower().split(" of ")[0])
    return words[-1] if words else ""


def metric_agrees(got: str, gold: str) -> bool:
    """Whether our metric names the gold's quantity, by head noun, loosely (see the module's docstring)."""
    got_head, gold_head = metric_head(got), metric_head(gold)
    if not got_head or not gold_head:
        return False
    gold_words = metric_words(gold)
    initials = "".join(word[0] for word in gold_words)
    return got_head == gold_head or got_head in gold_words or gold_head in metric_words(got) \
        or (len(got_head) > 1 and got_head in (initials, initials.rstrip("y")))


def metric_agreement(scorer: Any, records: dict[str, dict], gold_dir: Path) -> tuple[int, int]:
    """Gold figures with a metric paired with a claim, and how many of those claims name its head noun."""
    agreed = total = 0
    for path in sorted(gold_dir.glob("*.json")):
        record = records.get(path.stem)
        if record is None:
            continue
        gold = _gold_spans(scorer, record["article"]["text"], json.loads(path.read_text(encoding="utf-8")).get("figures", []))
        figures = [dict(figure, span=(figure["start"], figure["end"])) for figure in record.get("figures", [])]
        claims = {claim.get("figure"): claim for claim in record.get("claims", [])}
        for predicted, expected in scorer.match(figures, gold):
            if expected.get("metric"):
                total += 1
                got = (claims.get(predicted.get("id")) or {}).get("metric") or ""
                agreed += metric_agrees(got, expected["metric"])
    return agreed, total


def time_miss(expected: str, got: str) -> str | None:
    """None when the scorer counts `got` right for `expected`, else what kind of miss it is."""
    if got and (got.startswith(expected) or expected.startswith(got)):
        return None
    if not got or got == "None":
        return "time: none"
    if "XXXX" in got:
        return "time: year unknown"
    if got[:4] != expected.lstrip("FY")[:4] and got[:4].isdigit():
        return "time: other year"
    if "/" in expected or "/" in got:
        return "time: interval vs point"
    return "time: other period, same year"


def _source_misses(scorer: Any, article: str, record: dict, gold: list[dict]) -> Iterator[Miss]:
    predicted = [dict(source, span=(source["start"], source["end"])) for source in record.get("sources", [])]
    pairs = scorer.match(predicted, gold)
    found = {id(expected) for _, expected in pairs}
    used = {id(source) for source, _ in pairs}
    for expected in gold:
        if id(expected) not in found:
            yield Miss("source", f"source missed: {expected['kind']}", article, expected["text"], expected["kind"], "-")
    for source in predicted:
        if id(source) not in used:
            yield Miss("source", f"source spurious: {source['kind']}", article, source["text"], "-", source["kind"])


def base_time_coverage(records: dict[str, dict]) -> tuple[int, int]:
    """Claims whose metric is a change, and how many of them carry a base_time."""
    changes = [claim for record in records.values() for claim in record.get("claims", [])
               if (claim.get("metric") or "").endswith("change")]
    return len(changes), sum(1 for claim in changes if claim.get("base_time"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None)
    parser.add_argument("--dev-records", type=Path, help="score this records.jsonl instead of running the dev corpus")
    parser.add_argument("--mt-records", type=Path, help="score this records.jsonl instead of running mt-news gold")
    parser.add_argument("--examples", type=int, default=0, help="print this many misses of each of the top kinds")
    options = parser.parse_args()
    scorer = load_scorer()
    given = {"dev-corpus": options.dev_records, "mt-news gold": options.mt_records}
    with tempfile.TemporaryDirectory() as temp:
        for gold_set in gold_sets():
            work = Path(temp) / gold_set.name.replace(" ", "-")
            path = given[gold_set.name] or run_records(gold_set, work / "out", options.model)
            report(scorer, gold_set, path, work, options.examples)


def report(scorer: Any, gold_set: GoldSet, path: Path, work: Path, examples: int) -> None:
    records = read_records(path)
    members = {half: sorted(p.stem for p in gold_set.gold.glob("*.json") if half_of(p.stem) == half) for half in HALVES}
    print(f"{gold_set.name}: half A (tune) {len(members['A'])} articles, half B (report) {len(members['B'])}")
    print(f"  {'':12s}" + "".join(f"{field:>13s}" for field in FIELDS) + f"{'metric_head':>18s}")
    found: list[Miss] = []
    for half in (*HALVES, None):
        gold_dir = half_gold(gold_set.gold, half, work / f"gold-{half or 'all'}")
        _, summary = scorer.score(path, gold_dir)
        agreed, total = metric_agreement(scorer, records, gold_dir)
        print(f"  {'half ' + half if half else 'all':12s}" + "".join(f"{_fmt(summary[field]):>13s}" for field in FIELDS)
              + f"{_fmt(agreed / total if total else None):>10s} ({agreed}/{total})")
        if half is None:
            found = list(misses(scorer, records, gold_dir))
    changes, based = base_time_coverage(records)
    print(f"  base_time: {based} of {changes} change claims carry one (no gold for it)")
    print("  most common error kinds (all articles):")
    kinds = Counter(miss.kind for miss in found)
    for kind, count in kinds.most_common(10):
        print(f"    {count:4d}  {kind}")
        for miss in [miss for miss in found if miss.kind == kind][:examples]:
            print(f"          {miss.article:28.28s} {miss.text!r:30.30s} want {miss.expected:12.12s} got {miss.got}")
    print(f"  ({members['A']} are half A)\n")


def _fmt(value: object) -> str:
    return "n/a" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


if __name__ == "__main__":
    main()
