"""`claimex export`: a run's records as flat tables (csv, parquet, sqlite) or for other tools (Label Studio, ClaimReview).

Every table has one row per item with its `article_id` and fixed, typed columns, so an empty run
still gives the same columns. `--reviewed` adds the review decisions: flags get the decision, the
correction, note and reviewer; figures and claims get the corrections of the flags that refer to them.

CSV cells are for spreadsheets, which run a cell that starts with `=`, `+`, `-`, `@`, a tab or a
carriage return as a formula: such a text cell gets a leading `'` (OWASP's advice against CSV
injection); numbers, and text that is just a number ("-3.5"), stay as they are.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .errors import UsageError
from .output import atomic_file, refuse_run_file, write_json
from .results import Decision, FlagItem, Results, linked_claims, load_results, read_decisions
from .schema import ArticleRecord, Claim, Figure

ColumnType = Literal["str", "int", "float"]
Columns = dict[str, ColumnType]
FORMATS = ("csv", "parquet", "sqlite", "label-studio", "claimreview")
DEFAULT_NAMES = {"csv": "export-csv", "parquet": "export-parquet", "sqlite": "claimex.sqlite",
                 "label-studio": "label-studio", "claimreview": "claimreview.jsonld"}

ARTICLE_COLUMNS: Columns = {"article_id": "str", "sha256": "str", "title": "str", "author": "str", "published": "str",
                   "url": "str", "path": "str", "chars": "int", "figures": "int", "claims": "int", "sources": "int",
                   "flags": "int", "errors": "str"}
FIGURE_COLUMNS: Columns = {"article_id": "str", "id": "str", "text": "str", "start": "int", "end": "int", "value": "float",
                  "kind": "str", "unit": "str", "currency": "str", "qualifier": "str", "range_low": "float",
                  "range_high": "float", "mantissa": "float", "scale_word": "str", "rule": "str"}
CLAIM_COLUMNS: Columns = {"article_id": "str", "id": "str", "figure": "str", "figure_text": "str", "value": "float",
                 "start": "int", "end": "int", "sentence": "str", "subject": "str", "subject_name": "str",
                 "metric": "str", "time": "str", "time_value": "str", "base_time": "str", "base_time_value": "str",
                 "source": "str", "source_name": "str", "hedge": "str"}
SOURCE_COLUMNS: Columns = {"article_id": "str", "id": "str", "text": "str", "start": "int", "end": "int", "kind": "str",
                  "name": "str", "entity": "str"}
FLAG_COLUMNS: Columns = {"article_id": "str", "id": "str", "kind": "str", "severity": "str", "message": "str",
                "suggestion": "str", "text": "str", "start": "int", "end": "int", "spans": "str", "refs": "str",
                "related_articles": "str", "check": "str", "review_key": "str",
                "source_text": "str", "source_spans": "str"}
#: What a spreadsheet reads as the start of a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)*|\.\d+)%?")
REVIEW_COLUMNS: Columns = {"review": "str", "correction": "str", "review_note": "str", "reviewer": "str", "reviewed_at": "str"}
CORRECTION_COLUMNS: Columns = {"review": "str", "corrected": "str"}


@dataclass
class Table:
    name: str
    columns: dict[str, ColumnType]
    rows: list[dict[str, Any]]

    def values(self) -> Iterator[list[Any]]:
        for row in self.rows:
            yield [row.get(column) for column in self.columns]


def build_tables(results: Results, decisions: dict[str, Decision] | None) -> list[Table]:
    """The articles, figures, claims, sources and flags tables; decisions add review columns when given."""
    reviewed = decisions is not None
    decisions = decisions or {}
    corrections = refs_decisions(results, decisions) if reviewed else {}
    tables = [
        Table("articles", dict(ARTICLE_COLUMNS), [article_row(results, article_id) for article_id in results.records]),
        Table("figures", {**FIGURE_COLUMNS, **(CORRECTION_COLUMNS if reviewed else {})},
              [figure_row(record.article.id, figure, corrections) for record in results.records.values()
               for figure in record.figures]),
        Table("claims", {**CLAIM_COLUMNS, **(CORRECTION_COLUMNS if reviewed else {})},
              [claim_row(record, claim, corrections) for record in results.records.values() for claim in record.claims]),
        Table("sources", dict(SOURCE_COLUMNS),
              [{"article_id": record.article.id, **source.model_dump(exclude={"covers", "rule"})}
               for record in results.records.values() for source in record.sources]),
        Table("flags", {**FLAG_COLUMNS, **(REVIEW_COLUMNS if reviewed else {})},
              [flag_row(item, decisions.get(item.key), reviewed) for item in results.items]),
    ]
    return tables


def article_row(results: Results, article_id: str) -> dict[str, Any]:
    record = results.records[article_id]
    article = record.article
    return {"article_id": article.id, "sha256": article.sha256, "title": article.title, "author": article.author,
            "published": article.published, "url": article.url, "path": article.path, "chars": len(article.text),
            "figures": len(record.figures), "claims": len(record.claims), "sources": len(record.sources),
            "flags": len(record.flags),
            "errors": "; ".join(f"{error.stage}: {error.message}" for error in record.errors) or None}


def figure_row(article_id: str, figure: Figure, corrections: dict[tuple[str, str], Decision]) -> dict[str, Any]:
    low, high = figure.range or (None, None)
    row = {"article_id": article_id, "id": figure.id, "text": figure.text, "start": figure.start, "end": figure.end,
           "value": figure.value, "kind": figure.kind, "unit": figure.unit, "currency": figure.currency,
           "qualifier": figure.qualifier, "range_low": low, "range_high": high, "mantissa": figure.parts.mantissa,
           "scale_word": figure.parts.scale_word, "rule": figure.parts.rule}
    return {**row, **correction_cells(corrections.get((article_id, figure.id)))}


def claim_row(record: ArticleRecord, claim: Claim, corrections: dict[tuple[str, str], Decision]) -> dict[str, Any]:
    figure = next((figure for figure in record.figures if figure.id == claim.figure), None)
    entities = {entity.id: entity.name for entity in record.entities}
    times = {time.id: time.value for time in record.times}
    sources = {source.id: source.name or source.text for source in record.sources}
    decision = corrections.get((record.article.id, claim.id)) or corrections.get((record.article.id, claim.figure))
    row = {"article_id": record.article.id, "id": claim.id, "figure": claim.figure,
           "figure_text": figure.text if figure else None, "value": figure.value if figure else None,
           "start": claim.start, "end": claim.end, "sentence": record.article.text[claim.start:claim.end].strip(),
           "subject": claim.subject, "subject_name": entities.get(claim.subject or ""), "metric": claim.metric,
           "time": claim.time, "time_value": times.get(claim.time or ""), "base_time": claim.base_time,
           "base_time_value": times.get(claim.base_time or ""), "source": claim.source,
           "source_name": sources.get(claim.source or ""), "hedge": claim.hedge}
    return {**row, **correction_cells(decision)}


def flag_row(item: FlagItem, decision: Decision | None, reviewed: bool) -> dict[str, Any]:
    flag = item.flag
    start, end = flag.spans[0] if flag.spans else (None, None)
    row = {"article_id": item.article_id, "id": flag.id, "kind": flag.kind, "severity": flag.severity,
           "message": flag.message, "suggestion": flag.suggestion, "text": item.excerpt or None, "start": start,
           "end": end, "spans": json.dumps(flag.spans), "refs": " ".join(flag.refs) or None,
           "related_articles": " ".join(str(related.get("article")) for related in flag.related) or None,
           "check": flag.check, "review_key": item.key,
           "source_text": " | ".join((item.record.article.source_text or "")[start:end] for start, end in flag.source_spans)
           or None, "source_spans": json.dumps(flag.source_spans) if flag.source_spans else None}
    if reviewed:
        row |= {"review": decision.action if decision else None, "correction": decision.correction if decision else None,
                "review_note": decision.note if decision else None,
                "reviewer": decision.reviewer if decision else None,
                "reviewed_at": decision.decided_at if decision else None}
    return row


def refs_decisions(results: Results, decisions: dict[str, Decision]) -> dict[tuple[str, str], Decision]:
    """Decisions by (article id, figure or claim id) of the flags that refer to them; corrections win."""
    found: dict[tuple[str, str], Decision] = {}
    for item in results.items:
        decision = decisions.get(item.key)
        if decision is None:
            continue
        for ref in item.flag.refs:
            current = found.get((item.article_id, ref))
            if current is None or (decision.action == "corrected" and current.action != "corrected"):
                found[(item.article_id, ref)] = decision
    return found


def correction_cells(decision: Decision | None) -> dict[str, Any]:
    return {"review": decision.action if decision else None, "corrected": decision.correction if decision else None}


def csv_text(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows([spreadsheet_safe(value) for value in row] for row in table.values())
    return buffer.getvalue()


def spreadsheet_safe(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula, made plain text with a leading `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def write_csv(tables: list[Table], target: Path) -> Path:
    """One `<table>.csv` per table in folder `target`, or inside a zip when `target` ends with .zip."""
    if target.suffix == ".zip":
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.tmp")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for table in tables:
                archive.writestr(f"{table.name}.csv", csv_text(table))
        partial.replace(target)
        return target
    target.mkdir(parents=True, exist_ok=True)
    for table in tables:
        with atomic_file(target / f"{table.name}.csv") as handle:
            handle.write(csv_text(table))
    return target


def write_parquet(tables: list[Table], target: Path) -> Path:
    """One `<table>.parquet` per table in folder `target`, typed by the column specs."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow_types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64()}
    target.mkdir(parents=True, exist_ok=True)
    for table in tables:
        schema = pa.schema([(name, arrow_types[kind]) for name, kind in table.columns.items()])
        columns = {name: [row.get(name) for row in table.rows] for name in table.columns}
        pq.write_table(pa.Table.from_pydict(columns, schema=schema), target / f"{table.name}.parquet")
    return target


def write_sqlite(tables: list[Table], target: Path) -> Path:
    """All tables in one SQLite file (replaced whole), with indexes on article_id."""
    sql_types = {"str": "TEXT", "int": "INTEGER", "float": "REAL"}
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.tmp")
    partial.unlink(missing_ok=True)
    connection = sqlite3.connect(partial)
    try:
        with connection:
            for table in tables:
                columns = ", ".join(f'"{name}" {sql_types[kind]}' for name, kind in table.columns.items())
                connection.execute(f'CREATE TABLE "{table.name}" ({columns})')
                marks = ", ".join("?" for _ in table.columns)
                connection.executemany(f'INSERT INTO "{table.name}" VALUES ({marks})', table.values())
                connection.execute(f'CREATE INDEX "{table.name}_article" ON "{table.name}" (article_id)')
    finally:
        connection.close()
    partial.replace(target)
    return target


def label_studio_config(labels: list[str]) -> str:
    """The labelling config matching the tasks: one Labels control over the article text."""
    from xml.sax.saxutils import quoteattr

    lines = ['<View>', '  <Header value="$title"/>', '  <Labels name="label" toName="text">']
    lines += [f"    <Label value={quoteattr(label)}/>" for label in labels]
    lines += ['  </Labels>', '  <Text name="text" value="$text"/>', '</View>', '']
    return "\n".join(lines)


def label_studio_tasks(results: Results, decisions: dict[str, Decision] | None) -> tuple[list[dict[str, Any]], list[str]]:
    """Tasks with pre-annotations (figures, sources, flags as labelled spans) and the labels they use."""
    labels = {"Figure", "Source"}
    tasks = []
    for record in results.records.values():
        regions = [region(f"{record.article.id}-{figure.id}", figure.start, figure.end, record.article.text, "Figure")
                   for figure in record.figures]
        regions += [region(f"{record.article.id}-{source.id}", source.start, source.end, record.article.text, "Source")
                    for source in record.sources]
        reviews = []
        for item in results.items_of(record.article.id):
            decision = (decisions or {}).get(item.key)
            if decisions is not None and decision is not None:
                reviews.append({"flag": item.flag.id, "kind": item.flag.kind, "review": decision.action,
                                "correction": decision.correction, "note": decision.note})
            if decision is not None and decision.action == "dismissed":
                continue
            label = f"Flag: {item.flag.kind}"
            labels.add(label)
            regions += [region(f"{record.article.id}-{item.flag.id}-{number}", start, end, record.article.text, label)
                        for number, (start, end) in enumerate(item.flag.spans, start=1)]
        data: dict[str, Any] = {"text": record.article.text, "title": record.article.title or record.article.id,
                "article_id": record.article.id, "sha256": record.article.sha256}
        if decisions is not None:
            data["reviews"] = reviews
        tasks.append({"data": data,
                      "predictions": [{"model_version": f"claimex-{record.provenance.version}", "result": regions}]})
    return tasks, sorted(labels)


def region(region_id: str, start: int, end: int, text: str, label: str) -> dict[str, Any]:
    return {"id": region_id, "from_name": "label", "to_name": "text", "type": "labels",
            "value": {"start": start, "end": end, "text": text[start:end], "labels": [label]}}


def write_label_studio(results: Results, decisions: dict[str, Decision] | None, target: Path) -> Path:
    """`tasks.json` and the matching `config.xml` in folder `target`."""
    tasks, labels = label_studio_tasks(results, decisions)
    target.mkdir(parents=True, exist_ok=True)
    write_json(target / "tasks.json", tasks)
    with atomic_file(target / "config.xml") as handle:
        handle.write(label_studio_config(labels))
    return target


RATINGS = {"confirmed": (1, "Flagged as wrong"), "corrected": (2, "Corrected")}


def claim_reviews(results: Results, decisions: dict[str, Decision]) -> list[dict[str, Any]]:
    """schema.org ClaimReview objects for the flags a reviewer confirmed or corrected."""
    reviews = []
    for item in results.items:
        decision = decisions.get(item.key)
        if decision is None or decision.action not in RATINGS:
            continue
        reviews.append(claim_review(item, decision))
    return reviews


def claim_review(item: FlagItem, decision: Decision) -> dict[str, Any]:
    article = item.record.article
    claims = linked_claims(item.record, item.flag)
    claimed = claims[0].text if claims else (item.excerpt or item.flag.message)
    value, name = RATINGS[decision.action]
    body = item.flag.message
    if decision.correction:
        body += f" Corrected: {decision.correction}."
    if decision.note:
        body += f" Note: {decision.note}"
    appearance: dict[str, Any] = {"@type": "NewsArticle", "headline": article.title or article.id}
    appearance |= {key: value for key, value in (("url", article.url), ("datePublished", article.published)) if value}
    if article.author:
        appearance["author"] = {"@type": "Person", "name": article.author}
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": f"{article.id}/{item.key}",
        "datePublished": decision.decided_at[:10],
        "claimReviewed": claimed,
        "itemReviewed": {"@type": "Claim", "appearance": appearance},
        "reviewRating": {"@type": "Rating", "ratingValue": value, "bestRating": 2, "worstRating": 1,
                         "alternateName": f"{name}: {decision.correction}" if decision.correction else name},
        "reviewBody": body,
        "author": {"@type": "Person" if decision.reviewer else "Organization",
                   "name": decision.reviewer or "claimex review"},
    }
    if article.url:
        review["url"] = article.url
    return review


def write_claimreview(results: Results, decisions: dict[str, Decision], target: Path) -> Path:
    write_json(target, claim_reviews(results, decisions))
    return target


def export_run(outdir: Path, format_: str, target: Path | None = None, *, reviewed: bool = False) -> Path:
    """Export the run in `outdir` as `format_` to `target` (default: inside `outdir`); returns what was written."""
    if format_ not in FORMATS:
        raise UsageError(f"unknown export format {format_!r}; expected one of {', '.join(FORMATS)}")
    target = target or outdir / DEFAULT_NAMES[format_]
    refuse_run_file(outdir, target)
    results = load_results(outdir)
    decisions = read_decisions(outdir) if reviewed or format_ == "claimreview" else None
    if format_ == "claimreview":
        return write_claimreview(results, decisions or {}, target)
    if format_ == "label-studio":
        return write_label_studio(results, decisions, target)
    writers: dict[str, Callable[[list[Table], Path], Path]] = {
        "csv": write_csv, "parquet": write_parquet, "sqlite": write_sqlite}
    return writers[format_](build_tables(results, decisions), target)
