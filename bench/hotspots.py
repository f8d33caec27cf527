"""Profile: where the claimex pipeline spends its time, on the scale bench's corpus and on mt-news.

Runs `Processor.process` under cProfile (model and rules loaded before the profile starts) with the
full model and rules-only (`--model blank`), and prints for each the top entries by cumulative and
by own time (`tottime`). cProfile charges every call a fixed overhead, so code that makes many small
calls (spaCy's `doc[i]`, `Token.head`, `Token.children`) looks far costlier than it is; `--sampled`
instead reads the stack every millisecond of CPU and prints each claimex module's share (spaCy's own
work, the model, as one row) and the functions most often on the stack — undistorted, with the time
of a C call counted to the Python function that made it.
With `--save LABEL` the tables also go to bench/profiles/<corpus>-<mode>-LABEL.txt,
so a change's profile can be put beside the one before it.

    .venv/bin/python bench/hotspots.py [--articles 100] [--mt-articles 60] [--top 20] [--save after] [--sampled]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import re
import signal
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from itertools import islice
from pathlib import Path
from types import FrameType

from scale import DEFAULT_SHARED, build_corpus, source_texts

HERE = Path(__file__).resolve().parent
MODES = (("full", None), ("blank", "blank"))
PACKAGE = HERE.parent / "pipeline"
#: Where spaCy's own work runs (the model's layers in thinc): one row of the sampled table.
SPACY_FOLDERS = ("/spacy/", "/thinc/")
SAMPLE_SECONDS = 0.001
#: Articles processed before a profile starts: enough to reach the rules that load tables on first use.
WARM_UP_ARTICLES = 10


def profile_table(folder: Path, model: str | None, top: int) -> str:
    """cProfile's top entries, by cumulative and by own time, for processing every article in `folder`."""
    process = warmed_processor(folder, model)
    profiler = cProfile.Profile()
    profiler.enable()
    count = process()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    out.write(f"{count} articles\n")
    for order in ("cumulative", "tottime"):
        out.write(f"\n-- top {top} by {order} --\n")
        stats.sort_stats(order).print_stats(top)
    return out.getvalue()


def warmed_processor(folder: Path, model: str | None) -> Callable[[], int]:
    """A call that processes every article in `folder` and returns how many, with a processor that has run
    on a few of them (first-use loads, such as lemminflect's tables, stay out of the profile)."""
    from claimex.ingest import read_inputs
    from claimex.process import Processor

    processor = Processor(model=model)
    list(processor.process(islice(read_inputs([folder]), WARM_UP_ARTICLES)))
    return lambda: sum(1 for _ in processor.process(read_inputs([folder])))


def sampled_table(folder: Path, model: str | None, top: int) -> str:
    """Each claimex module's share of the CPU time of processing every article in `folder`, and the claimex
    functions most often on the stack (inclusive) and running (own), by sampling the stack."""
    process = warmed_processor(folder, model)
    modules: defaultdict[str, float] = defaultdict(float)  # CPU seconds
    inclusive: defaultdict[str, float] = defaultdict(float)
    running: defaultdict[str, float] = defaultdict(float)
    last = [time.process_time()]

    def sample(_signal: int, frame: FrameType | None) -> None:
        # a signal is handled between bytecodes: during a long C call (the model's layers) the ticks merge into
        # one, so each sample weighs the CPU time since the one before
        now = time.process_time()
        weight, last[0] = now - last[0], now
        module = None
        seen = set()
        while frame is not None:
            path = frame.f_code.co_filename
            if path.startswith(str(PACKAGE)):
                name = f"{path[len(str(PACKAGE)) + 1:]}:{frame.f_code.co_name}"
                if module is None:
                    module = path[len(str(PACKAGE)) + 1:]
                    running[name] += weight
                if name not in seen:
                    seen.add(name)
                    inclusive[name] += weight
            elif module is None and any(part in path for part in SPACY_FOLDERS):
                module = "(spaCy: model and tokenizer)"
            frame = frame.f_back
        modules[module or "(other)"] += weight

    previous = signal.signal(signal.SIGPROF, sample)
    signal.setitimer(signal.ITIMER_PROF, SAMPLE_SECONDS, SAMPLE_SECONDS)
    try:
        count = process()
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        signal.signal(signal.SIGPROF, previous)
    total = sum(modules.values()) or 1
    out = io.StringIO()
    out.write(f"{count} articles, {total:.1f} CPU s sampled every {SAMPLE_SECONDS * 1000:g} ms\n\n-- by module --\n")
    for rows, title in ((modules, None), (inclusive, "functions on the stack (inclusive)"),
                        (running, "functions running (own, with the C calls they make)")):
        if title:
            out.write(f"\n-- top {top} {title} --\n")
        for name, hits in sorted(rows.items(), key=lambda row: -row[1])[:top]:
            out.write(f"{hits / total * 100:6.1f}%  {name}\n")
    return out.getvalue()


def short_paths(table: str) -> str:
    """The table with claimex's and the libraries' folders left out of file names, so runs compare."""
    for folder, short in ((HERE.parent / "pipeline", "claimex"), (Path(pstats.__file__).parent, "")):
        table = table.replace(f"{folder}/", f"{short}/" if short else "")
    return re.sub(r"\S*/site-packages/", "", table)


def mt_news_folder(shared: Path, folder: Path, articles: int) -> Path:
    """The first `articles` lines of mt-news as one jsonl file."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = (shared / "mt-news" / "articles.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (folder / "mt-news.jsonl").write_text("".join(lines[:articles]), encoding="utf-8")
    return folder


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    arguments.add_argument("--articles", type=int, default=100)
    arguments.add_argument("--mt-articles", type=int, default=60)
    arguments.add_argument("--max-words", type=int, default=300)
    arguments.add_argument("--top", type=int, default=20)
    arguments.add_argument("--save", metavar="LABEL", help="also write the tables to bench/profiles/")
    arguments.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    arguments.add_argument("--sampled", action="store_true",
                           help="sample the stack instead of cProfile: shares per module, undistorted by call counts")
    options = arguments.parse_args()
    tabulate = sampled_table if options.sampled else profile_table
    with tempfile.TemporaryDirectory(prefix="claimex-profile-") as scratch:
        work = Path(scratch)
        build_corpus(work / "bench", source_texts(options.shared), options.articles, options.max_words)
        corpora = {"bench": work / "bench"}
        if (options.shared / "mt-news" / "articles.jsonl").exists():
            corpora["mt-news"] = mt_news_folder(options.shared, work / "mt", options.mt_articles)
        for corpus, folder in corpora.items():
            for mode, model in MODES:
                table = tabulate(folder, model, options.top)
                print(f"\n==== {corpus}, {mode} ====\n{table}")
                if options.save:
                    kind = "-sampled" if options.sampled else ""
                    target = HERE / "profiles" / f"{corpus}-{mode}{kind}-{options.save}.txt"
                    target.parent.mkdir(exist_ok=True)
                    target.write_text(short_paths(table), encoding="utf-8")


if __name__ == "__main__":
    main()
