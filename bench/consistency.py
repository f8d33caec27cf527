"""Consistency of the claims across translations (issue 11), a measure without gold.

mt-news holds each Chinese article translated by 10 systems. The claim of one source figure should get
the same time, the same kind of source, the same source and the same subject in every translation;
where the translations disagree, at least one of them linked wrongly. This bench runs claimex on
../shared/mt-news/articles.jsonl (or reads --records), groups each document's claims by the source
figure they render, and prints per half (`split`: tune / report) how often two translations of one
figure agree.

Grouping: within each given segment pair (`article.source_segments`), an English figure is matched
one to one to the source figure of nearest value (within 2 %, or to an end of its range); one that
matches none is keyed by its segment and its value to two significant digits. The source text is the
same for all 10 systems, so a key names one figure of the document.

Agreement is pairwise: over every two translations of one figure (both with a claim),
- time: the same time value (`2023-02`, `XXXX`, or both none);
- source kind: the same kind (`said`, `outlet`, …, or both none);
- source name: of pairs where both have a source, names that share a word after light normalising
  (lower case, no "the"/"'s"/punctuation);
- subject: both none, or the two entities' names and aliases share a content word ("Chinese
  government" and "China's government" share "government"; "yuan" and "Hubei" share none). Renderings
  differ ("State Council" / "the State Council of China"), so a shared word is all that is asked.
A translation disagrees with the majority when it agrees with fewer than half of the others; --examples N
prints N of those per field and half.

usage: .venv/bin/python bench/consistency.py [--records JSONL] [--examples N]
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from claimex.runner import RunOptions, run

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT.parent / "shared" / "mt-news" / "articles.jsonl"
STOPWORDS = frozenset({"the", "a", "an", "of", "and", "in", "on", "for", "to", "s", "by", "at", "from", "with", "its",
                       "their"})
TOLERANCE = 0.02


@dataclass(frozen=True)
class Rendering:
    """One translation's claim of a source figure: what it linked, and where, for the examples."""

    article: str
    figure: str
    sentence: str
    time: str
    source_kind: str
    source_name: str
    subject: frozenset[str]
    subject_name: str


def words(name: str) -> frozenset[str]:
    """Lower-case content words of a name, without possessives and punctuation."""
    tokens = re.findall(r"[a-z0-9]+", name.lower().replace("'s", " "))
    return frozenset(token for token in tokens if token not in STOPWORDS)


def same_time(a: Rendering, b: Rendering) -> bool | None:
    return a.time == b.time


def same_kind(a: Rendering, b: Rendering) -> bool | None:
    return a.source_kind == b.source_kind


def same_name(a: Rendering, b: Rendering) -> bool | None:
    if not a.source_name or not b.source_name:
        return None
    return bool(words(a.source_name) & words(b.source_name))


def same_subject(a: Rendering, b: Rendering) -> bool | None:
    return a.subject == b.subject if not a.subject or not b.subject else bool(a.subject & b.subject)


FIELDS: dict[str, Callable[[Rendering, Rendering], bool | None]] = {
    "time": same_time, "source kind": same_kind, "source name": same_name, "subject": same_subject}


def source_key(figure: dict, record: dict, taken: set[str]) -> str:
    """The source figure an English figure renders (its id), else its segment and rounded value."""
    segment = next((source for t0, t1, *source in record["article"].get("source_segments") or []
                    if t0 <= figure["start"] < t1), None)
    if segment is None:
        return f"?:{figure['value']:.2g}"
    s0, s1 = segment
    best, distance = None, TOLERANCE
    for source in record.get("source_figures", []):
        if s0 <= source["start"] < s1 and source["id"] not in taken:
            ends = [source["value"], *(source.get("range") or [])]
            gap = min(abs(figure["value"] - end) / max(abs(end), 1e-9) for end in ends)
            if gap <= distance:
                best, distance = source["id"], gap
    if best is not None:
        taken.add(best)
        return best
    return f"{s0}:{figure['value']:.2g}"


def renderings(record: dict) -> dict[str, Rendering]:
    """Each claim of the record by the key of the source figure it renders."""
    figures = {figure["id"]: figure for figure in record.get("figures", [])}
    times = {time["id"]: time for time in record.get("times", [])}
    sources = {source["id"]: source for source in record.get("sources", [])}
    entities = {entity["id"]: entity for entity in record.get("entities", [])}
    text, taken = record["article"]["text"], set[str]()
    found: dict[str, Rendering] = {}
    for claim in sorted(record.get("claims", []), key=lambda claim: figures[claim["figure"]]["start"]):
        figure = figures[claim["figure"]]
        time, source = times.get(claim.get("time") or ""), sources.get(claim.get("source") or "")
        entity = entities.get(claim.get("subject") or "")
        names = [entity["name"], *(entity.get("aliases") or [])] if entity else []
        found.setdefault(source_key(figure, record, taken), Rendering(
            record["article"]["id"].split("#")[-1], figure["text"], text[claim["start"]:claim["end"]],
            str(time["value"] or "unresolved") if time else "-", source["kind"] if source else "-",
            (source.get("name") or source["text"]) if source else "",
            frozenset().union(*(words(name) for name in names)), entity["name"] if entity else "-"))
    return found


def groups(records: list[dict], meta: dict[str, dict]) -> dict[str, list[list[Rendering]]]:
    """Per half, the renderings of each source figure that at least two translations claim."""
    by_figure: dict[tuple[str, str, str], list[Rendering]] = defaultdict(list)
    for record in records:
        article = meta[record["article"]["id"].split("#")[-1]]
        for key, rendering in renderings(record).items():
            by_figure[article["split"], article["doc"], key].append(rendering)
    halves: dict[str, list[list[Rendering]]] = defaultdict(list)
    for (split, _, _), members in sorted(by_figure.items()):
        if len(members) >= 2:
            halves[split].append(members)
    return halves


def agreement(members: list[Rendering], same: Callable[[Rendering, Rendering], bool | None]) -> tuple[int, int]:
    """Pairs that agree, and pairs compared."""
    verdicts = [same(a, b) for a, b in combinations(members, 2)]
    return sum(1 for verdict in verdicts if verdict), sum(1 for verdict in verdicts if verdict is not None)


def dissenters(members: list[Rendering], same: Callable[[Rendering, Rendering], bool | None]) -> list[Rendering]:
    """Members that agree with fewer than half of the others they can be compared with."""
    found = []
    for member in members:
        verdicts = [verdict for other in members if other is not member
                    for verdict in [same(member, other)] if verdict is not None]
        if verdicts and sum(verdicts) * 2 < len(verdicts):
            found.append(member)
    return found


def describe(field: str, rendering: Rendering) -> str:
    return {"time": rendering.time, "source kind": rendering.source_kind, "source name": rendering.source_name,
            "subject": rendering.subject_name}[field]


def report(halves: dict[str, list[list[Rendering]]], examples: int) -> None:
    print(f"{'':8s}{'figures':>8s}" + "".join(f"{field:>13s}" for field in FIELDS))
    for split in ("tune", "report"):
        rates = []
        for same in FIELDS.values():
            agreed, compared = map(sum, zip(*(agreement(members, same) for members in halves[split]), strict=True))
            rates.append(f"{agreed / compared:.3f}" if compared else "n/a")
        print(f"{split:8s}{len(halves[split]):8d}" + "".join(f"{rate:>13s}" for rate in rates))
    for split in ("tune", "report") if examples else ():
        for field, same in FIELDS.items():
            print(f"\n{split}: {field}, translations that disagree with the majority")
            shown = 0
            for members in halves[split]:
                odd = dissenters(members, same)
                if odd and shown < examples:
                    shown += 1
                    majority = sorted({describe(field, m) for m in members if m not in odd})
                    print(f"  {odd[0].article} {odd[0].figure!r}: {describe(field, odd[0])!r}"
                          f" (others: {', '.join(map(repr, majority))[:80]})")
                    print(f"      {' '.join(odd[0].sentence.split())[:220]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=Path, help="read this records.jsonl of mt-news instead of running claimex")
    parser.add_argument("--examples", type=int, default=0, help="print this many disagreeing claims per field and half")
    options = parser.parse_args()
    meta = {article["id"]: article for line in ARTICLES.read_text(encoding="utf-8").splitlines()
            if line.strip() for article in [json.loads(line)]}
    with tempfile.TemporaryDirectory() as temp:
        path = options.records
        if path is None:
            run(RunOptions(paths=[ARTICLES], outdir=Path(temp), force=True))
            path = Path(temp) / "records.jsonl"
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    report(groups(records, meta), options.examples)


if __name__ == "__main__":
    main()
