"""Benchmark: hostile inputs (issue 14) — each one's time and peak memory against a stated limit.

Every input is generated here (nothing is committed) and run through `claimex run` in a process
of its own, with one worker so the process is the whole run: wall time (model loading included),
the manifest's time for the articles themselves, and peak memory (the child's maximum resident
set, from `wait4`). A run must end within the limits and with the exit code it should have; the
rows marked `FAIL` are over. Inputs:

- runs of number-like words ("a a a …", "million million …"), once cubic in the number-word reader;
- "$" × 10000 and a dense 43 KB table of figures (quadratic in tokenizing and linking, issue 14);
- numbers too large to read (300 and 400 digits), a 300-digit one with a scale word;
- an article just under `--max-chars` and one of 315 KB (refused, with its file and length);
- HTML nested 300 and 100,000 levels deep, UTF-16, a NUL byte past 8 KB, 1,000 jsonl lines with one id;
- a user rule folder with a catastrophic regex (`(a+)+$`), refused before any article is read.

    .venv/bin/python bench/hostile.py [--only NAME] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
#: Limits of one run of one hostile input, model loading included (it takes 3-10 s and ~250 MB alone).
SECONDS = 60.0
MEGABYTES = 1024
SENTENCE = "Revenue rose to 5 million dollars in 2023, the company said in its annual report on Monday. "


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path], list[str]]  # writes the input under a folder, returns the command's arguments
    exit_code: int = 0
    seconds: float = SECONDS
    megabytes: int = MEGABYTES


def text_file(name: str, text: str, encoding: str = "utf-8") -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        path = folder / name
        path.write_bytes(text.encode(encoding))
        return [str(path)]

    return make


def bytes_file(name: str, data: bytes) -> Callable[[Path], list[str]]:
    def make(folder: Path) -> list[str]:
        path = folder / name
        path.write_bytes(data)
        return [str(path)]

    return make


def dense_table(target_bytes: int) -> str:
    """A table of figures as a news page pastes it: years, counts, money, shares, changes."""
    rows = ["Year | Users | Revenue | Share | Change"]
    number = 0
    while sum(len(row) + 1 for row in rows) < target_bytes:
        number += 1
        rows.append(f"{2000 + number % 25} | {number * 37 % 9000 + 100} million | ${number % 97 + 1}.{number % 10} "
                    f"billion | {number % 60 + 1}.{number % 10}% | up {number % 40 + 1}%")
    return "Quarterly figures\n\n" + "\n".join(rows) + "\n"


def deep_html(depth: int) -> str:
    body = "".join(f"<p>{SENTENCE}Paragraph {number}.</p>" for number in range(5))
    return f"<html><head><title>Deep</title></head><body>{'<div>' * depth}{body}{'</div>' * depth}</body></html>"


def same_ids(folder: Path) -> list[str]:
    path = folder / "lines.jsonl"
    path.write_text("".join(json.dumps({"id": "same", "text": f"Line {n}. {SENTENCE}"}) + "\n" for n in range(1000)))
    return [str(path)]


def catastrophic_rules(folder: Path) -> list[str]:
    rules = folder / "rules" / "checks"
    rules.mkdir(parents=True)
    (rules / "redaction_marks.jsonl").write_text(json.dumps({"id": "checks.redaction.mine", "pattern": "(a+)+$"}) + "\n")
    article = folder / "a.txt"
    article.write_text("The ** deal " + "a" * 40 + "!\n")
    return [str(article), "--rules", str(folder / "rules")]


def long_article(chars: int, shared: Path) -> Callable[[Path], list[str]]:
    """Real text (the real-news bodies, cycled) cut to `chars` characters."""
    def make(folder: Path) -> list[str]:
        truth = shared / "real-news" / "ground-truth.json"
        bodies = json.loads(truth.read_text(encoding="utf-8")) if truth.exists() else {}
        text = "\n\n".join(bodies[key]["articleBody"] for key in sorted(bodies)) or SENTENCE * 100
        text = (text * (chars // len(text) + 1))[:chars]
        path = folder / f"long-{chars}.txt"
        path.write_text(text, encoding="utf-8")
        return [str(path)]

    return make


def cases(shared: Path) -> list[Case]:
    return [
        Case("a a a … (4 KB)", text_file("a.txt", "a " * 2000)),
        Case("a a a … (40 KB)", text_file("a40.txt", "a " * 20000)),
        Case("million × 1000", text_file("million.txt", "million " * 1000)),
        Case("one hundred × 2000", text_file("hundred.txt", "one hundred " * 2000)),
        Case("$ × 10000", text_file("dollars.txt", "$" * 10000)),
        Case("dense table (43 KB)", text_file("table.txt", dense_table(43_000))),
        Case("300-digit number", text_file("digits300.txt", f"It had {'7' * 300} users.\n")),
        Case("300 digits + billion", text_file("digits300b.txt", f"It cost ${'7' * 300} billion.\n")),
        Case("400-digit number", text_file("digits400.txt", f"It had {'1' * 400} users.\n")),
        Case("article of 95,000 chars", long_article(95_000, shared)),
        Case("article of 315 KB", long_article(315_000, shared), exit_code=1),
        Case("HTML nested 300 deep", text_file("deep.html", deep_html(300))),
        Case("HTML nested 100,000 deep", text_file("deeper.html", deep_html(100_000))),
        Case("UTF-16 with BOM", bytes_file("utf16.txt", b"\xff\xfe" + (SENTENCE * 20).encode("utf-16-le"))),
        Case("NUL byte after 8 KB", bytes_file("nul.txt", (SENTENCE * 100).encode() + b"\0"), exit_code=1),
        Case("1,000 jsonl lines, one id", same_ids),
        Case("catastrophic user regex", catastrophic_rules, exit_code=2),
    ]


def measure(case: Case, folder: Path) -> tuple[int, float, float | None, float]:
    """Exit code, wall seconds, the manifest's seconds for the articles, peak megabytes of one run."""
    folder.mkdir()
    arguments = case.make(folder)
    outdir = folder / "out"
    command = [sys.executable, "-m", "claimex", "run", *arguments, "-o", str(outdir), "--quiet", "--workers", "1"]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    manifest = outdir / "manifest.json"
    articles = json.loads(manifest.read_text())["timings"]["articles"] if manifest.exists() else None
    return os.waitstatus_to_exitcode(status), seconds, articles, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=None, help="run the inputs whose name contains this")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    options = parser.parse_args()
    chosen = [case for case in cases(options.shared) if not options.only or options.only in case.name]
    print(f"{'input':28} {'exit':>4} {'wall s':>7} {'articles s':>10} {'peak MB':>8}  limits         ")
    over = 0
    with tempfile.TemporaryDirectory(prefix="claimex-hostile-") as scratch:
        for number, case in enumerate(chosen):
            code, seconds, articles, megabytes = measure(case, Path(scratch) / f"case{number}")
            ok = code == case.exit_code and seconds <= case.seconds and megabytes <= case.megabytes
            over += not ok
            shown = f"{articles:10.2f}" if articles is not None else f"{'-':>10}"
            print(f"{case.name:28} {code:>4} {seconds:7.1f} {shown} {megabytes:8.0f}  "
                  f"{case.seconds:.0f} s, {case.megabytes} MB, exit {case.exit_code}{'' if ok else '  FAIL'}",
                  flush=True)
    print(f"\n{len(chosen) - over} of {len(chosen)} inputs within their limits "
          f"(defaults: --article-timeout 120 s, --max-chars 100,000)")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
