"""Benchmark of the checks, per family of defects (../shared/MT-DEFECTS.md): flags raised on the dev
corpus, the mt-news tune and report halves and the real-news bodies; recall on the dev-corpus and mt-news
gold anomalies; on mt-news the support of warning/error flags by the experts' marks (as score_mt.py
counts it) and the unsupported ones per 1000 words; on real-news the warning/error and info flags per
1000 words.

The mt-news halves are the `split` field of ../shared/mt-news/articles.jsonl (`tune`/`report`, the ten
translations of one document always in one half). A flag kind maps to its family through `FAMILIES`; a
kind the table does not know goes to the family of the module of the check that raised it, so a new
check shows up without an edit here.

usage: .venv/bin/python bench/checks.py [--model NAME] [--work DIR] [--reuse] [--sample N] [--list]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimex.check import BATCH_CHECKS, CheckContext, article_checks, check_batch
from claimex.output import read_records
from claimex.rules import load_rules
from claimex.runner import RunOptions, run
from claimex.schema import ArticleRecord, Flag, Span

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEV = SHARED / "dev-corpus"
MT = SHARED / "mt-news"
REAL_NEWS = SHARED / "real-news" / "ground-truth.json"
ATTENTION = ("warning", "error")

#: Flag kind → family of MT-DEFECTS.md ("vs source" for the checks that read the Chinese, "info" for
#: notes that say nothing is wrong).
FAMILIES = {
    "nonstandard_magnitude": "magnitude", "fused_number": "magnitude", "truncated_figure": "magnitude",
    "implausible_number": "magnitude", "number_garble": "magnitude", "unit_on_count": "magnitude", "implausible_value": "magnitude",
    "arithmetic_mismatch": "contradiction", "conflicting_figures": "contradiction", "broken_range": "magnitude",
    "implausible_change": "contradiction", "trend_mismatch": "contradiction", "part_above_whole": "contradiction",
    "parts_above_total": "contradiction", "year_out_of_frame": "dates", "impossible_date": "dates",
    "fused_words": "text damage", "redaction_mark": "text damage", "fused_sentence": "text damage",
    "markup_residue": "text damage", "untranslated_text": "text damage", "duplicated_sentence": "text damage",
    "name_variant": "names", "source_name_mismatch": "names", "renamed_person": "names", "numbered_name_variant": "names",
    "translated_name": "names",
    "garbled_dateline": "dates",
    "unattributed_figure": "info", "missing_currency": "info", "multiple_without_base": "info",
}
#: Module of a check (claimex.check.<module>) → family, for kinds `FAMILIES` does not list.
MODULE_FAMILIES = {
    "magnitude": "magnitude", "fused": "magnitude", "truncated": "magnitude", "arithmetic": "contradiction",
    "conflicts": "contradiction", "names": "names", "source_names": "names", "redaction": "text damage",
    "attribution": "info", "translation": "vs source", "implausible_value": "magnitude", "number_form": "magnitude",
    "text_damage": "text damage", "dates": "dates", "roles": "names", "numbered_names": "names",
    "parts": "contradiction", "translated_names": "names",
}
#: Gold anomaly kind (dev-corpus/SCHEMA.md) → family.
GOLD_FAMILIES = {
    "garbled_number": "magnitude", "fused_number": "magnitude", "implausible_number": "magnitude",
    "arithmetic_contradiction": "contradiction", "inconsistent_name": "names", "markup_residue": "text damage",
    "untranslated_text": "text damage", "fused_words": "text damage", "inconsistent_date": "dates",
}


def family(flag: Flag) -> str:
    """The family of a flag: by its kind, else by the module of the check that raised it."""
    if flag.kind in FAMILIES:
        return FAMILIES[flag.kind]
    check = article_checks().get(flag.check or flag.kind) or BATCH_CHECKS.get(flag.check or flag.kind)
    module = check.__module__.rsplit(".", 1)[-1] if check else ""
    if module in MODULE_FAMILIES:
        return MODULE_FAMILIES[module]
    return "vs source" if flag.kind.startswith("source_") else f"other ({flag.kind})"


def overlaps(a: Span | list[int], b: Span | list[int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def attention(flags: Iterable[Flag]) -> list[Flag]:
    return [flag for flag in flags if flag.severity in ATTENTION]


@dataclass
class Tally:
    """One corpus's flags by family: counts, words, and for mt-news the experts' support."""

    words: int = 0
    attention: Counter[str] = field(default_factory=Counter)
    info: Counter[str] = field(default_factory=Counter)
    supported: Counter[str] = field(default_factory=Counter)
    samples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, record: ArticleRecord, marks: list[Span] | None = None) -> None:
        text = record.article.text
        self.words += len(text.split())
        for flag in record.flags:
            name = family(flag)
            if flag.severity not in ATTENTION:
                self.info[name] += 1
                continue
            self.attention[name] += 1
            ok = marks is not None and any(overlaps(span, mark) for span in flag.spans for mark in marks)
            self.supported[name] += ok
            start, end = flag.spans[0] if flag.spans else (0, 0)
            sign = "" if marks is None else ("+ " if ok else "- ")
            self.samples[name].append(f"{sign}{record.article.id[:34]:34s} {flag.kind:22s} "
                                      f"{text[start:end]!r:.40} {flag.message[:90]}")

    def per_1000(self, count: int) -> float:
        return 1000 * count / self.words if self.words else 0.0


@dataclass
class Recall:
    """Gold anomalies found by a warning or error flag, by family."""

    gold: Counter[str] = field(default_factory=Counter)
    hit: Counter[str] = field(default_factory=Counter)
    flagged_clean: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, record: ArticleRecord, anomalies: list[dict[str, Any]]) -> None:
        spans = [span for flag in attention(record.flags) for span in flag.spans]
        if not anomalies:
            self.flagged_clean += len(attention(record.flags))
        for anomaly in anomalies:
            name = GOLD_FAMILIES.get(anomaly["kind"], anomaly["kind"])
            start = anomaly["char_start"]
            span = (start, start + len(anomaly["text"]))
            found = any(overlaps(flagged, span) for flagged in spans)
            self.gold[name] += 1
            self.hit[name] += found
            if not found:
                self.misses.append(f"{name:14s} {record.article.id[:40]:40s} {anomaly['text'][:50]!r}")


def run_corpus(name: str, paths: list[Path], options: argparse.Namespace) -> list[ArticleRecord]:
    """The records of `paths`, from a run into WORK/name (reused with --reuse when it exists)."""
    outdir = options.work / name
    records = outdir / "records.jsonl"
    if not (options.reuse and records.exists()):
        run(RunOptions(paths=paths, outdir=outdir, model=options.model, force=True))
    return list(read_records(records))


def gold(path: Path, record: ArticleRecord) -> list[dict[str, Any]]:
    stem = Path(record.article.path or record.article.id).stem
    return json.loads((path / f"{stem}.json").read_text(encoding="utf-8")).get("anomalies", [])


def expert_marks() -> dict[str, list[Span]]:
    marks: dict[str, list[Span]] = defaultdict(list)
    with (MT / "errors.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            mark = json.loads(line)
            if mark["start"] is not None:
                marks[mark["article"]].append((mark["start"], mark["end"]))
    return marks


def real_news_input(work: Path) -> Path:
    """The real-news bodies as one jsonl under WORK (read from ../shared at run time, never copied in)."""
    truth = json.loads(REAL_NEWS.read_text(encoding="utf-8"))
    path = work / "real-news-input" / "real-news.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps({"id": key[:12], "text": entry["articleBody"]}) + "\n"
                            for key, entry in sorted(truth.items())), encoding="utf-8")
    return path


def batch_seconds(records: list[ArticleRecord], copies: int) -> float:
    """Seconds the cross-article pass takes over `copies` renamed copies of `records`."""
    many = [record.model_copy(update={"article": record.article.model_copy(update={"id": f"{record.article.id}-{n}"})})
            for n in range(copies) for record in records]
    context = CheckContext(rules=load_rules())
    clock = time.perf_counter()
    check_batch(many, context)
    return time.perf_counter() - clock


def score_mt(records: Path, split: str) -> str:
    """score_mt.py's own summary line for one half."""
    done = subprocess.run([sys.executable, str(SHARED / "tools" / "score_mt.py"), str(records), str(MT),
                           "--split", split], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None)
    parser.add_argument("--work", type=Path, default=Path("/tmp/claimex-bench-checks"))
    parser.add_argument("--reuse", action="store_true", help="read WORK's earlier runs instead of running again")
    parser.add_argument("--sample", type=int, default=8, help="flags shown per family and corpus")
    parser.add_argument("--list", action="store_true", help="list every gold anomaly missed")
    options = parser.parse_args()
    options.work.mkdir(parents=True, exist_ok=True)

    dev_recall, dev_tally = Recall(), Tally()
    dev_records = run_corpus("dev", [DEV / "articles"], options)
    for record in dev_records:
        dev_recall.add(record, gold(DEV / "gold", record))
        dev_tally.add(record)
    print("cross-article pass over copies of the dev records: " + ", ".join(
        f"{len(dev_records) * copies} records {batch_seconds(dev_records, copies):.2f} s" for copies in (10, 100)))

    ids = (MT / "gold-articles.txt").read_text(encoding="utf-8").split()
    mt_recall, mt_visible = Recall(), Recall()
    for record in run_corpus("mt-gold", [MT / "articles" / f"{name}.txt" for name in ids], options):
        anomalies = gold(MT / "gold", record)
        mt_recall.add(record, anomalies)
        mt_visible.add(record, [a for a in anomalies if not a.get("explanation", "").startswith("vs source:")])

    split = {json.loads(line)["id"]: json.loads(line)["split"]
             for line in (MT / "articles.jsonl").read_text(encoding="utf-8").splitlines()}
    marks = expert_marks()
    halves = {"tune": Tally(), "report": Tally()}
    for record in run_corpus("mt-news", [MT / "articles.jsonl"], options):
        article = record.article.id.split("#", 1)[-1]
        halves[split[article]].add(record, marks.get(article, []))

    real = Tally()
    for record in run_corpus("real-news", [real_news_input(options.work)], options):
        real.add(record)

    report(dev_recall, dev_tally, mt_recall, mt_visible, halves, real, options)


def report(dev_recall: Recall, dev: Tally, mt_recall: Recall, mt_visible: Recall, halves: dict[str, Tally],
           real: Tally, options: argparse.Namespace) -> None:
    tune, held = halves["tune"], halves["report"]
    names = sorted(set(dev.attention) | set(dev.info) | set(tune.attention) | set(tune.info) | set(held.attention)
                   | set(held.info) | set(real.attention) | set(real.info) | set(dev_recall.gold) | set(mt_recall.gold))
    print(f"words: dev {dev.words}, mt-news tune {tune.words} / report {held.words}, real-news {real.words}")
    print("warning+error flags (info flags in brackets); mt-news halves by the `split` field; "
          "support = share overlapping an expert mark; unsup/kw = unsupported per 1000 words")
    print(f"{'family':16s} {'dev':>8s} {'dev rec':>8s} {'mt gold':>8s} {'visible':>8s} "
          f"{'tune':>9s} {'sup':>5s} {'unsup/kw':>8s} {'report':>9s} {'sup':>5s} {'unsup/kw':>8s} "
          f"{'real':>9s} {'w+e/kw':>7s} {'info/kw':>7s}")
    for name in names:
        print(f"{name:16s} {_count(dev, name):>8s} {_recall(dev_recall, name):>8s} {_recall(mt_recall, name):>8s} "
              f"{_recall(mt_visible, name):>8s} {_count(tune, name):>9s} {_support(tune, name):>5s} "
              f"{_unsupported(tune, name):>8s} {_count(held, name):>9s} {_support(held, name):>5s} "
              f"{_unsupported(held, name):>8s} {_count(real, name):>9s} {real.per_1000(real.attention[name]):7.3f} "
              f"{real.per_1000(real.info[name]):7.3f}")
    print(f"{'all':16s} {sum(dev.attention.values()):>8d} {_recall_all(dev_recall):>8s} {_recall_all(mt_recall):>8s} "
          f"{_recall_all(mt_visible):>8s}")
    print(f"\ndev corpus: warning/error flags on clean articles {dev_recall.flagged_clean} (target 0); "
          f"recall {_recall_all(dev_recall)} (target ≥ 0.95)")
    print(f"mt-news gold: recall of anomalies an English reader can see {_recall_all(mt_visible)} (target ≥ 0.5)")
    for half, tally in halves.items():
        flagged = sum(tally.attention.values())
        unsupported = flagged - sum(tally.supported.values())
        support = sum(tally.supported.values()) / flagged if flagged else float("nan")
        print(f"mt-news {half:6s}: support {support:.3f} (target ≥ 0.90), unsupported per 1000 words "
              f"{tally.per_1000(unsupported):.3f} (target ≤ 0.1); score_mt.py: "
              f"{score_mt(options.work / 'mt-news' / 'records.jsonl', half)}")
    print(f"real-news: warning+error per 1000 words {real.per_1000(sum(real.attention.values())):.3f} "
          f"(target ≤ 0.1), info per 1000 words {real.per_1000(sum(real.info.values())):.3f} (target ≤ 3)")
    random_ = random.Random(0)
    for corpus, tally in (("mt-news tune", tune), ("real-news", real), ("dev", dev)):
        for name, lines in sorted(tally.samples.items()):
            print(f"\n{corpus} · {name} ({len(lines)} warning/error flags; + supported, - not)")
            for line in random_.sample(lines, min(options.sample, len(lines))):
                print(f"  {line}")
    if options.list:
        for title, recall in (("dev", dev_recall), ("mt-news gold", mt_recall)):
            print(f"\n{title} misses:")
            for line in recall.misses:
                print(f"  {line}")


def _count(tally: Tally, name: str) -> str:
    return f"{tally.attention[name]} [{tally.info[name]}]"


def _recall(recall: Recall, name: str) -> str:
    return f"{recall.hit[name]}/{recall.gold[name]}" if recall.gold[name] else "-"


def _recall_all(recall: Recall) -> str:
    total = sum(recall.gold.values())
    return f"{sum(recall.hit.values())}/{total}" if total else "-"


def _support(tally: Tally, name: str) -> str:
    return f"{tally.supported[name] / tally.attention[name]:.2f}" if tally.attention[name] else "-"


def _unsupported(tally: Tally, name: str) -> str:
    return f"{tally.per_1000(tally.attention[name] - tally.supported[name]):.3f}"


if __name__ == "__main__":
    main()
