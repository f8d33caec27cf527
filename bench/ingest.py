"""Benchmark: how well ingest extracts article text from real HTML pages.

Reads the 181 pages of ../shared/real-news (gzipped HTML with human-extracted bodies), runs
claimex's HTML ingest on each, and scores the extracted text against the human body with the
token-shingle measure of the article-extraction benchmark those pages come from: multiset
precision/recall/F1 over 4-token shingles of lower-cased word tokens. Trafilatura's own default
extraction is scored side by side. Prints one table.

    .venv/bin/python bench/ingest.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import time
from collections import Counter
from pathlib import Path

import trafilatura

from claimex.ingest import extract_html

SHINGLE = 4


def shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = re.findall(r"\w+", text.lower())
    return Counter(tuple(tokens[i:i + SHINGLE]) for i in range(max(0, len(tokens) - SHINGLE + 1)))


def shingle_prf(predicted: str, expected: str) -> tuple[float, float, float]:
    got, want = shingles(predicted), shingles(expected)
    if not got and not want:
        return 1.0, 1.0, 1.0
    overlap = sum((got & want).values())
    precision = overlap / sum(got.values()) if got else 0.0
    recall = overlap / sum(want.values()) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score(extractor, pages: list[tuple[str, str]]) -> dict[str, float]:
    rows, empty = [], 0
    started = time.perf_counter()
    for html, body in pages:
        text = extractor(html) or ""
        empty += not text.strip()
        rows.append(shingle_prf(text, body))
    seconds = time.perf_counter() - started
    return {
        "precision": statistics.mean(r[0] for r in rows),
        "recall": statistics.mean(r[1] for r in rows),
        "f1": statistics.mean(r[2] for r in rows),
        "empty": empty,
        "pages/s": len(pages) / seconds,
    }


def load_pages(shared: Path) -> list[tuple[str, str]]:
    folder = shared / "real-news"
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key, item in sorted(truth.items()):
        raw = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        pages.append((raw.decode("utf-8", errors="replace"), item["articleBody"]))
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    args = parser.parse_args()
    pages = load_pages(args.shared)
    results = {
        "claimex ingest": score(lambda html: extract_html(html).text, pages),
        "trafilatura defaults": score(trafilatura.extract, pages),
    }
    print(f"HTML ingest on {len(pages)} real-news pages (4-token shingle P/R/F1, mean over pages)")
    print(f"{'extractor':24s} {'P':>6s} {'R':>6s} {'F1':>6s} {'empty':>6s} {'pages/s':>8s}")
    for name, r in results.items():
        print(f"{name:24s} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} {r['empty']:6d} {r['pages/s']:8.1f}")


if __name__ == "__main__":
    main()
