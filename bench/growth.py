"""Benchmark: does any part of the pipeline cost more per word on a longer article? Counts that noise does not move.

Wall and CPU seconds of one long article against its copies move 10–40% between runs on a shared machine
(bench/scale.py's ×50 row read 1.13–1.63 over rounds), too much to tell a quadratic scan from a busy neighbour.
This bench repeats one article 1×, 10×, 25× and 50× (paragraphs appended, as bench/scale.py does), runs the
full pipeline on each under cProfile and prints, per length, against the one copy:

- calls: functions whose number of calls grows faster than the copies (a scan per pair of claims, per
  entity per sentence): exact counts, the same in every run;
- minor page faults per copy (`getrusage`): fresh memory the process touched, a count too, nearly the same in
  every run; it grows when the model's arrays outgrow memory the process reuses (see `claimex.allocation`);
- CPU seconds per copy (median of `--rounds`, without the profiler) and own CPU time by module under the profiler,
  per copy against the one copy: noisy, but a module that grows 3× stands out of 20% noise.

Articles: the first of bench/scale.py's corpus (its length rows), the first real-news body and the first mt-news
article claimex reads.

    .venv/bin/python bench/growth.py [--lengths 1 10 25 50] [--rounds 3] [--top 12] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import resource
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from scale import DEFAULT_SHARED, cut, source_texts

PACKAGE = Path(__file__).resolve().parents[1] / "pipeline"
#: A function whose calls grow more than this many times the copies is listed.
CALL_GROWTH = 1.2
#: The real-news article is the first with at least this many words (bench/scale.py's articles have about 300).
MIN_WORDS = 250
#: Functions with fewer calls than this at the longest length are left out of the call table.
MIN_CALLS = 100


@dataclass
class Length:
    """One length of the article: its profile's calls and own seconds per function, faults and CPU s per copy."""

    copies: int
    calls: dict[str, int]
    own: dict[str, float]
    faults: float
    cpu: float


def function_name(key: tuple[str, int, str]) -> str:
    """`package/file.py:line:function`, claimex's files under `claimex/`, a library's from its package folder."""
    path = key[0]
    if path.startswith(f"{PACKAGE}/"):
        path = f"claimex/{path[len(str(PACKAGE)) + 1:]}"
    return f"{path.split('site-packages/')[-1]}:{key[1]}:{key[2]}"


def module_name(function: str) -> str:
    """The group a function's own time counts to: claimex's module, or the library's top package."""
    path = function.split(":", 1)[0]
    if path.startswith("claimex/"):
        return path
    if path.startswith(("~", "<")):
        return "(builtins)"
    return path.split("/", 1)[0] if "/" in path and not path.startswith("/") else "(standard library)"


def measure(run: Callable[[int], None], copies: int, rounds: int) -> Length:
    """The profile of the article `copies` times, and its faults and median CPU seconds per copy over `rounds` runs."""
    profiler = cProfile.Profile(time.process_time)  # CPU seconds: a wait for a core is charged to no function
    profiler.enable()
    run(copies)
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    calls = {function_name(key): value[1] for key, value in stats.items()}
    own = {function_name(key): value[2] for key, value in stats.items()}
    faults, seconds = [], []
    for _ in range(rounds):
        before, started = resource.getrusage(resource.RUSAGE_SELF).ru_minflt, time.process_time()
        run(copies)
        seconds.append((time.process_time() - started) / copies)
        faults.append((resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / copies)
    return Length(copies, calls, own, statistics.median(faults), statistics.median(seconds))


def article_runner(text: str, longest: int) -> Callable[[int], None]:
    """A call that runs the full pipeline on `text` repeated n times, with the model loaded and warm at each length."""
    from claimex.ingest import Ingested, article_from_text
    from claimex.process import Processor

    def scaled(times: int) -> str:
        return "\n\n".join([text] * times)

    processor = Processor(max_chars=len(scaled(longest)), keep_heap=True)  # as `claimex run` does

    def run(times: int) -> None:
        (record,) = processor.process([Ingested(article_from_text(scaled(times), id="scaled"))])
        if record.errors:
            raise SystemExit(f"one article × {times}: {record.errors[0].message}")

    return run


def growth_table(name: str, text: str, lengths: list[int], rounds: int, top: int) -> str:
    """The article's three tables: per length, calls growing faster than copies, own time per module."""
    run = article_runner(text, max(lengths))
    for times in lengths:
        run(times)  # warm-up: first-use loads and caches
    measured = [measure(run, times, rounds) for times in lengths]
    one, longest = measured[0], measured[-1]
    lines = [f"==== {name}: {len(text.split())} words ====",
             f"{'copies':>7} {'CPU s/copy':>11} {'/ ×1':>6} {'faults/copy':>12} {'profiled calls/copy':>20}"]
    for length in measured:
        lines.append(f"{length.copies:>7} {length.cpu:>11.3f} {length.cpu / one.cpu:>6.2f} {length.faults:>12.0f} "
                     f"{sum(length.calls.values()) / length.copies:>20,.0f}")
    lines.append(f"\n-- calls growing faster than the copies (×{longest.copies} calls / (×1 calls × {longest.copies})"
                 f" > {CALL_GROWTH}) --")
    growing = []
    for function, calls in longest.calls.items():
        ratio = calls / (max(one.calls.get(function, 0), 1) * longest.copies)
        if ratio > CALL_GROWTH and calls >= MIN_CALLS:
            growing.append((ratio, function))
    for ratio, function in sorted(growing, reverse=True)[:top] or [(0.0, "(none)")]:
        counts = " → ".join(f"{length.calls.get(function, 0):,}" for length in measured)
        lines.append(f"{ratio:8.1f}  {counts}  {function}")
    lines.append(f"\n-- own CPU s per copy by module under the profiler, the costliest at ×{longest.copies} (×{longest.copies}"
                 " / ×1; noisy) --")
    per_module = []
    modules: dict[int, defaultdict[str, float]] = {}
    for length in (one, longest):
        modules[length.copies] = defaultdict(float)
        for function, seconds in length.own.items():
            modules[length.copies][module_name(function)] += seconds / length.copies
    for module, seconds in modules[longest.copies].items():
        base = modules[1].get(module, 0.0)
        per_module.append((seconds - base, module, base, seconds))
    for excess, module, base, seconds in sorted(per_module, key=lambda row: -row[3])[:top]:
        lines.append(f"{base * 1000:9.2f} ms → {seconds * 1000:9.2f} ms  {seconds / base if base else float('inf'):6.2f}"
                     f"  (+{excess * 1000:.2f} ms)  {module}")
    return "\n".join(lines)


def articles(shared: Path) -> dict[str, str]:
    """The scale bench's first article, the first real-news body of `MIN_WORDS` and the first mt-news article claimex reads."""
    texts = source_texts(shared)
    chosen = {"bench/scale.py's article": "Dispatch 1 (edition 1)\n\n" + cut(texts[0], 300)}
    truth = shared / "real-news" / "ground-truth.json"
    if truth.exists():
        bodies = json.loads(truth.read_text(encoding="utf-8"))
        readable = set(texts)
        key = next(key for key in sorted(bodies) if bodies[key]["articleBody"] in readable
                   and len(bodies[key]["articleBody"].split()) >= MIN_WORDS)
        chosen[f"real-news {key}"] = cut(bodies[key]["articleBody"], 300)
    mt_news = shared / "mt-news" / "articles.jsonl"
    if mt_news.exists():
        first = json.loads(mt_news.read_text(encoding="utf-8").splitlines()[0])
        chosen[f"mt-news {first['id']}"] = cut(first["text"], 300)
    return chosen


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    arguments.add_argument("--lengths", type=int, nargs="+", default=[1, 10, 25, 50],
                           help="copies of the article; the first is the base the others are compared with")
    arguments.add_argument("--rounds", type=int, default=3, help="unprofiled runs per length for CPU s and faults")
    arguments.add_argument("--top", type=int, default=12)
    arguments.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    options = arguments.parse_args()
    for name, text in articles(options.shared).items():
        print(growth_table(name, text, options.lengths, options.rounds, options.top), end="\n\n", flush=True)


if __name__ == "__main__":
    main()
