"""Profile: where the claimex pipeline spends its time, on the scale bench's corpus and on mt-news.

Runs `Processor.process` under cProfile (model and rules loaded before the profile starts) with the
full model and rules-only (`--model blank`), and prints for each the top entries by cumulative and
by own time (`tottime`). With `--save LABEL` the tables also go to bench/profiles/<corpus>-<mode>-LABEL.txt,
so a change's profile can be put beside the one before it.

    .venv/bin/python bench/hotspots.py [--articles 100] [--mt-articles 60] [--top 20] [--save after]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import re
import tempfile
from itertools import islice
from pathlib import Path

from scale import DEFAULT_SHARED, build_corpus, source_texts

HERE = Path(__file__).resolve().parent
MODES = (("full", None), ("blank", "blank"))


def profile_table(folder: Path, model: str | None, top: int) -> str:
    """cProfile's top entries, by cumulative and by own time, for processing every article in `folder`."""
    from claimex.ingest import read_inputs
    from claimex.process import Processor

    processor = Processor(model=model)
    list(processor.process(islice(read_inputs([folder]), 1)))  # warm-up: first-use caches stay out of the profile
    profiler = cProfile.Profile()
    profiler.enable()
    count = sum(1 for _ in processor.process(read_inputs([folder])))
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    out.write(f"{count} articles\n")
    for order in ("cumulative", "tottime"):
        out.write(f"\n-- top {top} by {order} --\n")
        stats.sort_stats(order).print_stats(top)
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
    options = arguments.parse_args()
    with tempfile.TemporaryDirectory(prefix="claimex-profile-") as scratch:
        work = Path(scratch)
        build_corpus(work / "bench", source_texts(options.shared), options.articles, options.max_words)
        corpora = {"bench": work / "bench"}
        if (options.shared / "mt-news" / "articles.jsonl").exists():
            corpora["mt-news"] = mt_news_folder(options.shared, work / "mt", options.mt_articles)
        for corpus, folder in corpora.items():
            for mode, model in MODES:
                table = profile_table(folder, model, options.top)
                print(f"\n==== {corpus}, {mode} ====\n{table}")
                if options.save:
                    target = HERE / "profiles" / f"{corpus}-{mode}-{options.save}.txt"
                    target.parent.mkdir(exist_ok=True)
                    target.write_text(short_paths(table), encoding="utf-8")


if __name__ == "__main__":
    main()
