"""A small synthetic run folder for the review, report and export tests.

Two articles whose records carry every part the exports and the review app show: entities,
figures, times, sources, claims, a single-article flag and a cross-article conflicting_figures
pair, plus article text with markup that must stay text (`<script>`, `<img onerror=…>`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from claimex.output import RECORDS, write_manifest
from claimex.schema import Article, ArticleRecord, Claim, Entity, Figure, FigureParts, Flag, Manifest, Provenance, Source, Time

ALPHA_TEXT = (
    "Acme Corp growth\n\n"
    "Acme Corp said monthly active users reached 2600 million in 2023. "
    "Revenue rose to $16 billion, according to Reuters.\n"
    "Analysts wrote <script>window.__pwned = 1</script> in their notes.\n"
)
BETA_TEXT = (
    "Acme revenue\n\n"
    "Acme Corp's revenue was $12 billion in 2023, the company said.\n"
    "A reader pasted <img src=x onerror=\"window.__pwned = 2\"> here.\n"
)
PROVENANCE = Provenance(version="0.1.0", model="blank", rules_sha256="0" * 64)


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def alpha_record(text: str = ALPHA_TEXT) -> ArticleRecord:
    f1, f2 = span(text, "2600 million"), span(text, "$16 billion")
    sentence1 = span(text, "Acme Corp said monthly active users reached 2600 million in 2023.")
    sentence2 = span(text, "Revenue rose to $16 billion, according to Reuters.")
    return ArticleRecord(
        article=Article(id="alpha", sha256=hashlib.sha256(text.encode()).hexdigest(), title="Acme Corp growth",
                        author="A. Writer", published="2024-01-05", text=text, url="https://example.org/alpha"),
        entities=[Entity(id="e1", name="Acme Corp", label="ORG", mentions=[span(text, "Acme Corp")])],
        figures=[
            Figure(id="f1", text="2600 million", start=f1[0], end=f1[1], value=2.6e9, kind="count", unit="users",
                   parts=FigureParts(mantissa=2600, scale_word="million", factor=1e6, rule="figures.scale.million")),
            Figure(id="f2", text="$16 billion", start=f2[0], end=f2[1], value=1.6e10, kind="money", currency="USD"),
        ],
        times=[Time(id="t1", text="2023", start=span(text, "2023")[0], end=span(text, "2023")[1], value="2023")],
        sources=[Source(id="s1", text="according to Reuters", start=span(text, "according to Reuters")[0],
                        end=span(text, "according to Reuters")[1], kind="according_to", name="Reuters")],
        claims=[
            Claim(id="c1", figure="f1", start=sentence1[0], end=sentence1[1], subject="e1",
                  metric="monthly active users", time="t1"),
            Claim(id="c2", figure="f2", start=sentence2[0], end=sentence2[1], subject="e1", metric="revenue",
                  time="t1", source="s1"),
        ],
        flags=[
            Flag(id="x1", kind="nonstandard_magnitude", severity="error", spans=[f1], refs=["f1", "c1"],
                 message="'2600 million' has a mantissa of 1000 or more before a scale word",
                 suggestion="260 million?", check="nonstandard_magnitude"),
            Flag(id="x2", kind="conflicting_figures", severity="warning", spans=[f2], refs=["f2", "c2"],
                 message="Acme Corp revenue 2023 is $16 billion here but $12 billion in another article",
                 check="conflicting_figures",
                 related=[{"article": "beta", "spans": [list(span(BETA_TEXT, "$12 billion"))], "refs": ["f1", "c1"]}]),
        ],
        provenance=PROVENANCE,
    )


def beta_record() -> ArticleRecord:
    text = BETA_TEXT
    f1 = span(text, "$12 billion")
    sentence = span(text, "Acme Corp's revenue was $12 billion in 2023, the company said.")
    return ArticleRecord(
        article=Article(id="beta", sha256=hashlib.sha256(text.encode()).hexdigest(), title="Acme revenue", text=text),
        figures=[Figure(id="f1", text="$12 billion", start=f1[0], end=f1[1], value=1.2e10, kind="money",
                        currency="USD")],
        sources=[Source(id="s1", text="the company said", start=span(text, "the company said")[0],
                        end=span(text, "the company said")[1], kind="said", name="Acme Corp")],
        claims=[Claim(id="c1", figure="f1", start=sentence[0], end=sentence[1], metric="revenue", source="s1")],
        flags=[
            Flag(id="x1", kind="conflicting_figures", severity="warning", spans=[f1], refs=["f1", "c1"],
                 message="Acme Corp revenue 2023 is $12 billion here but $16 billion in another article",
                 related=[{"article": "alpha", "spans": [list(span(ALPHA_TEXT, "$16 billion"))], "refs": ["f2"]}]),
        ],
        provenance=PROVENANCE,
    )


def write_run(outdir: Path, records: list[ArticleRecord] | None = None) -> list[ArticleRecord]:
    """Write `records` (default: alpha and beta) as a finished run in `outdir`."""
    records = records if records is not None else [alpha_record(), beta_record()]
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / RECORDS).write_text("".join(record.to_json() + "\n" for record in records), encoding="utf-8")
    write_manifest(outdir, Manifest(
        version="0.1.0", model="blank", rules_sha256="0" * 64, started="2024-01-05T00:00:00+00:00",
        finished="2024-01-05T00:00:01+00:00", seconds=1.0, inputs=["synthetic"],
        counts={"articles": len(records), "failed": 0, "figures": sum(len(r.figures) for r in records),
                "flags": sum(len(r.flags) for r in records)},
    ))
    return records
