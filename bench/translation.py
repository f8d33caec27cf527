"""Translation QA on mt-news: figure-error recall, flag support and unsupported flags per 1000 words
(../shared/tools/score_mt.py) for claimex with the Chinese source and for the CAT-tool number check
(the peer), on the tune half and the report half; and the recall of the gold anomalies marked
"vs source:" (the problems only visible against the Chinese).

The peer row is the number check of CAT-tool QA (Xbench, Trados, memoQ): in each segment, every
digit string of the source must appear in the target and every digit string of the target in the
source; a number missing from the target is flagged on the target segment, an extra target number
on itself.

usage: .venv/bin/python bench/translation.py [--records OUT/records.jsonl] [--list]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from claimex.runner import RunOptions, run

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
MT = SHARED / "mt-news"
SCORER = SHARED / "tools" / "score_mt.py"
DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
ATTENTION = ("warning", "error")


def digit_strings(text: str) -> Iterator[tuple[str, int, int]]:
    """Digit strings as CAT tools compare them: thousands separators dropped ("16,700" = "16700")."""
    for match in DIGITS.finditer(text.translate(FULLWIDTH)):
        number = match.group()
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", number):
            number = number.replace(",", "")
        yield number, match.start(), match.end()


def cat_flags(article: dict) -> list[dict]:
    """The CAT-tool number check over one article's segments."""
    flags = []
    text, source = article["text"], article["source_text"]
    for t_start, t_end, s_start, s_end in article["segments"]:
        ours = list(digit_strings(text[t_start:t_end]))
        theirs = [number for number, _, _ in digit_strings(source[s_start:s_end])]
        remaining = list(theirs)
        for number, start, end in ours:
            if number in remaining:
                remaining.remove(number)
            else:
                flags.append({"kind": "number_not_in_source", "severity": "warning",
                              "spans": [[t_start + start, t_start + end]]})
        if remaining:
            flags.append({"kind": "number_missing", "severity": "warning", "spans": [[t_start, t_end]]})
    return flags


def articles() -> list[dict]:
    return [json.loads(line) for line in (MT / "articles.jsonl").read_text(encoding="utf-8").splitlines() if line]


def score(records: Path, split: str) -> dict:
    result = subprocess.run([sys.executable, str(SCORER), str(records), str(MT), "--split", split, "--json"],
                            check=True, capture_output=True, text=True)
    return json.loads(result.stdout)


def vs_source_recall(records_by_id: dict[str, dict]) -> tuple[int, int]:
    """Gold anomalies explained "vs source:" that a warning/error flag overlaps, and their number."""
    found = total = 0
    for path in sorted((MT / "gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        record = records_by_id.get(path.stem)
        spans = [span for flag in (record or {}).get("flags", []) if flag.get("severity") in ATTENTION
                 for span in flag.get("spans", [])]
        for anomaly in gold.get("anomalies", []):
            if not anomaly.get("explanation", "").startswith("vs source:"):
                continue
            total += 1
            start = anomaly["char_start"]
            end = start + len(anomaly["text"])
            found += any(s < end and start < e for s, e in spans)
    return found, total


def by_id(path: Path) -> dict[str, dict]:
    records = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            records[record["article"]["id"].split("#", 1)[-1]] = record
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=Path, help="records.jsonl of a claimex run on mt-news/articles.jsonl")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        records = arguments.records
        if records is None:
            run(RunOptions(paths=[MT / "articles.jsonl"], outdir=out / "claimex"))
            records = out / "claimex" / "records.jsonl"
        peer = out / "cat.jsonl"
        peer.write_text("".join(json.dumps({"article": {"id": article["id"]}, "flags": cat_flags(article)}) + "\n"
                                for article in articles()), encoding="utf-8")
        rows = [(name, split, score(path, split)) for split in ("tune", "report")
                for name, path in (("claimex", records), ("CAT number check", peer))]
        claimex_found, total = vs_source_recall(by_id(records))
        peer_found, _ = vs_source_recall(by_id(peer))
    print(f"{'half':7} {'tool':18} {'errors':>6} {'recall':>7} {'flags':>6} {'support':>8} {'unsup/1000w':>12}")
    for name, split, result in rows:
        print(f"{split:7} {name:18} {result['figure_errors']:6d} {result['figure_error_recall']:7.3f} "
              f"{result['attention_flags']:6d} {result['flag_support'] or 0:8.3f} "
              f"{result['unsupported_per_1000_words']:12.3f}")
    print(f"\ngold anomalies marked 'vs source:' ({total}, 16 gold articles): "
          f"claimex {claimex_found}/{total} = {claimex_found / total:.2f}, "
          f"CAT number check {peer_found}/{total} = {peer_found / total:.2f}")


if __name__ == "__main__":
    main()
