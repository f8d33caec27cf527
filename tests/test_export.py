"""`claimex export`: every format read back with the library or schema its consumers use."""

from __future__ import annotations

import csv
import json
import sqlite3
import xml.etree.ElementTree as ElementTree
import zipfile
from pathlib import Path

import jsonschema
import pyarrow.parquet as pq
import pytest
from conftest import CORPUS
from runs import alpha_record, write_run

from claimex.export import spreadsheet_safe
from claimex.results import DecisionStore, load_results
from claimex.schema import Flag

TABLES = {"articles", "figures", "claims", "sources", "flags"}

# The parts of Label Studio's task import format the export relies on (labels pre-annotations on a Text tag).
LABEL_STUDIO_TASKS = {
    "type": "array",
    "items": {
        "type": "object", "required": ["data", "predictions"],
        "properties": {
            "data": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}},
            "predictions": {"type": "array", "items": {
                "type": "object", "required": ["result"],
                "properties": {"model_version": {"type": "string"}, "result": {"type": "array", "items": {
                    "type": "object", "required": ["id", "from_name", "to_name", "type", "value"],
                    "properties": {
                        "type": {"const": "labels"},
                        "value": {"type": "object", "required": ["start", "end", "text", "labels"], "properties": {
                            "start": {"type": "integer", "minimum": 0}, "end": {"type": "integer"},
                            "text": {"type": "string"},
                            "labels": {"type": "array", "items": {"type": "string"}, "minItems": 1}}},
                    }}}},
            }},
        },
    },
}

# schema.org ClaimReview as fact-check markup consumers read it (required and recommended properties).
CLAIM_REVIEW = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["@context", "@type", "claimReviewed", "reviewRating", "itemReviewed", "author", "datePublished"],
        "properties": {
            "@context": {"const": "https://schema.org"},
            "@type": {"const": "ClaimReview"},
            "claimReviewed": {"type": "string", "minLength": 1},
            "datePublished": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
            "author": {"type": "object", "required": ["@type", "name"]},
            "itemReviewed": {"type": "object", "required": ["@type", "appearance"], "properties": {
                "@type": {"const": "Claim"},
                "appearance": {"type": "object", "required": ["@type", "headline"]}}},
            "reviewRating": {"type": "object", "required": ["@type", "ratingValue", "bestRating", "worstRating",
                                                            "alternateName"],
                             "properties": {"@type": {"const": "Rating"}, "ratingValue": {"type": "integer"}}},
        },
    },
}


@pytest.fixture
def reviewed_run(tmp_path: Path) -> Path:
    outdir = tmp_path / "run"
    write_run(outdir)
    results = load_results(outdir)
    store = DecisionStore(outdir)
    store.decide(results.item("alpha", "x1"), "corrected", correction="260 million", reviewer="Ann")
    store.decide(results.item("alpha", "x2"), "confirmed", note="annual report says $12 billion")
    store.decide(results.item("beta", "x1"), "dismissed")
    return outdir


def export(cli, outdir: Path, format_: str, target: Path, *flags: str) -> Path:
    result = cli("export", outdir, "--to", format_, "-o", target, *flags)
    assert result.exit_code == 0, result.output
    return target


def test_csv_folder_has_one_table_per_file_with_article_ids(cli, reviewed_run: Path, tmp_path: Path) -> None:
    folder = export(cli, reviewed_run, "csv", tmp_path / "csv")
    assert {path.stem for path in folder.glob("*.csv")} == TABLES
    with (folder / "figures.csv").open(newline="", encoding="utf-8") as handle:
        figures = list(csv.DictReader(handle))
    assert [(row["article_id"], row["id"], row["text"], float(row["value"])) for row in figures] == [
        ("alpha", "f1", "2600 million", 2.6e9), ("alpha", "f2", "$16 billion", 1.6e10), ("beta", "f1", "$12 billion", 1.2e10)]
    assert "review" not in figures[0]


def test_csv_zip_holds_the_same_tables(cli, reviewed_run: Path, tmp_path: Path) -> None:
    archive = export(cli, reviewed_run, "csv", tmp_path / "tables.zip")
    with zipfile.ZipFile(archive) as opened:
        assert set(opened.namelist()) == {f"{name}.csv" for name in TABLES}
        flags = list(csv.DictReader(opened.read("flags.csv").decode("utf-8").splitlines()))
    assert [row["kind"] for row in flags] == ["nonstandard_magnitude", "conflicting_figures", "conflicting_figures"]


def test_parquet_tables_are_typed_and_reviewed_columns_carry_decisions(cli, reviewed_run: Path, tmp_path: Path) -> None:
    folder = export(cli, reviewed_run, "parquet", tmp_path / "parquet", "--reviewed")
    figures = pq.read_table(folder / "figures.parquet")
    assert str(figures.schema.field("value").type) == "double" and str(figures.schema.field("start").type) == "int64"
    rows = figures.to_pylist()
    assert rows[0]["corrected"] == "260 million" and rows[0]["value"] == 2.6e9 and rows[0]["review"] == "corrected"
    flags = pq.read_table(folder / "flags.parquet").to_pylist()
    assert [(row["article_id"], row["review"], row["correction"]) for row in flags] == [
        ("alpha", "corrected", "260 million"), ("alpha", "confirmed", None), ("beta", "dismissed", None)]
    claims = pq.read_table(folder / "claims.parquet").to_pylist()
    assert claims[0]["corrected"] == "260 million" and claims[1]["subject_name"] == "Acme Corp"
    assert pq.read_table(folder / "sources.parquet").column("name").to_pylist() == ["Reuters", "Acme Corp"]


def test_sqlite_database_has_the_tables_sql_tools_query(cli, reviewed_run: Path, tmp_path: Path) -> None:
    database = export(cli, reviewed_run, "sqlite", tmp_path / "run.sqlite", "--reviewed")
    connection = sqlite3.connect(database)
    names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert names == TABLES
    joined = connection.execute(
        "SELECT f.article_id, f.text, c.metric, x.kind, x.review FROM flags x "
        "JOIN figures f ON f.article_id = x.article_id AND f.start = x.start "
        "JOIN claims c ON c.article_id = f.article_id AND c.figure = f.id ORDER BY x.article_id, x.id").fetchall()
    assert joined == [("alpha", "2600 million", "monthly active users", "nonstandard_magnitude", "corrected"),
                      ("alpha", "$16 billion", "revenue", "conflicting_figures", "confirmed"),
                      ("beta", "$12 billion", "revenue", "conflicting_figures", "dismissed")]
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_label_studio_tasks_and_config_match(cli, reviewed_run: Path, tmp_path: Path) -> None:
    folder = export(cli, reviewed_run, "label-studio", tmp_path / "ls", "--reviewed")
    tasks = json.loads((folder / "tasks.json").read_text(encoding="utf-8"))
    jsonschema.validate(tasks, LABEL_STUDIO_TASKS)
    config = ElementTree.fromstring((folder / "config.xml").read_text(encoding="utf-8"))
    labels = config.find("Labels")
    text_tag = config.find("Text")
    assert labels.get("toName") == text_tag.get("name") and text_tag.get("value") == "$text"
    allowed = {label.get("value") for label in labels.findall("Label")}
    regions = [(task, region) for task in tasks for prediction in task["predictions"] for region in prediction["result"]]
    for task, region in regions:
        value = region["value"]
        assert region["from_name"] == labels.get("name") and region["to_name"] == text_tag.get("name")
        assert task["data"]["text"][value["start"]:value["end"]] == value["text"]
        assert set(value["labels"]) <= allowed
    assert len({region["id"] for _, region in regions}) == len(regions)
    by_article = {task["data"]["article_id"]: [region["value"]["labels"][0] for region in task["predictions"][0]["result"]]
                  for task in tasks}
    assert sorted(by_article["alpha"]) == ["Figure", "Figure", "Flag: conflicting_figures", "Flag: nonstandard_magnitude",
                                           "Source"]
    assert "Flag: conflicting_figures" not in by_article["beta"]
    assert tasks[1]["data"]["reviews"] == [{"flag": "x1", "kind": "conflicting_figures", "review": "dismissed",
                                            "correction": None, "note": None}]


def test_claimreview_has_one_review_per_confirmed_or_corrected_claim(cli, reviewed_run: Path, tmp_path: Path) -> None:
    target = export(cli, reviewed_run, "claimreview", tmp_path / "reviews.jsonld")
    reviews = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.validate(reviews, CLAIM_REVIEW)
    assert [review["claimReviewed"] for review in reviews] == [
        "Acme Corp said monthly active users reached 2600 million in 2023.",
        "Revenue rose to $16 billion, according to Reuters."]
    corrected, confirmed = reviews
    assert corrected["reviewRating"]["alternateName"] == "Corrected: 260 million"
    assert corrected["author"] == {"@type": "Person", "name": "Ann"}
    assert corrected["itemReviewed"]["appearance"]["url"] == "https://example.org/alpha"
    assert "annual report says $12 billion" in confirmed["reviewBody"]


def test_every_format_exports_the_corpus_run(cli, tmp_path: Path) -> None:
    outdir = tmp_path / "run"
    assert cli("run", CORPUS, "-o", outdir, "--quiet").exit_code == 0
    results = load_results(outdir)
    flags = [(item.article_id, item.flag.id, item.flag.kind, item.excerpt) for item in results.items]
    for format_ in ("csv", "parquet", "sqlite", "label-studio", "claimreview"):
        result = cli("export", outdir, "--to", format_)
        assert result.exit_code == 0, result.output
    parquet = pq.read_table(outdir / "export-parquet" / "flags.parquet").to_pylist()
    assert [(row["article_id"], row["id"], row["kind"], row["text"]) for row in parquet] == flags
    with (outdir / "export-csv" / "flags.csv").open(encoding="utf-8", newline="") as handle:
        assert [(row["article_id"], row["id"], row["kind"], row["text"]) for row in csv.DictReader(handle)] == flags
    database = sqlite3.connect(outdir / "claimex.sqlite")
    assert database.execute("SELECT article_id, id, kind, text FROM flags ORDER BY rowid").fetchall() == flags
    tasks = json.loads((outdir / "label-studio" / "tasks.json").read_text(encoding="utf-8"))
    assert [task["data"]["article_id"] for task in tasks] == list(results.records) == ["xiaohongshu-growth"]
    assert json.loads((outdir / "claimreview.jsonld").read_text()) == []


def test_export_of_a_folder_without_records_is_a_usage_error(cli, tmp_path: Path) -> None:
    result = cli("export", tmp_path, "--to", "csv")
    assert result.exit_code == 2 and "records.jsonl" in result.stderr


def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_plain_text(cli, tmp_path: Path) -> None:
    text = "=HYPERLINK(\"http://evil.example\", \"click\") was in the text.\n@SUM(A1:A9) too.\n"
    record = alpha_record()
    article = record.article.model_copy(update={"title": "=cmd|' /C calc'!A0", "author": "+1-555", "text": text})
    record = record.model_copy(update={"article": article, "figures": [], "claims": [], "sources": [],
                                       "entities": [], "times": [], "flags": [
        Flag(id="x1", kind="redaction_mark", severity="info", spans=[(0, 10)], message="-2+3 cells", check="t")]})
    outdir = tmp_path / "run"
    write_run(outdir, [record])
    DecisionStore(outdir).decide(load_results(outdir).item("alpha", "x1"), "confirmed", note="=1+1",
                                 reviewer="@admin")
    folder = export(cli, outdir, "csv", tmp_path / "csv", "--reviewed")
    with (folder / "articles.csv").open(newline="", encoding="utf-8") as handle:
        (row,) = csv.DictReader(handle)
    assert row["title"] == "'=cmd|' /C calc'!A0" and row["author"] == "'+1-555" and row["chars"] == str(len(text))
    with (folder / "flags.csv").open(newline="", encoding="utf-8") as handle:
        (flag,) = csv.DictReader(handle)
    assert flag["text"] == "'=HYPERLINK" and flag["message"] == "'-2+3 cells"
    assert flag["review_note"] == "'=1+1" and flag["reviewer"] == "'@admin" and flag["start"] == "0"
    for cell in ("\tTabbed", "\rReturned", "-3.5", "+12%", "1,234.5", "plain"):
        assert spreadsheet_safe(cell) == (cell if cell[0] not in "\t\r" else "'" + cell)
    assert spreadsheet_safe(-3.5) == -3.5 and spreadsheet_safe("-3-4") == "'-3-4"


def test_claims_carry_their_base_time_and_sources_the_entity_they_stand_for(cli, tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "brightwell.txt").write_text(
        "Brightwell Foods posts a smaller profit\n\nBrightwell Foods Ltd. reported its results on Friday.\n\n"
        "Net profit was 85 million yuan in the first half of 2024, down 4.2% from the same period last year, "
        "the company said.\n", encoding="utf-8")
    outdir = tmp_path / "run"
    assert cli("run", corpus, "-o", outdir, "--quiet").exit_code == 0
    folder = export(cli, outdir, "csv", tmp_path / "csv")
    with (folder / "claims.csv").open(newline="", encoding="utf-8") as handle:
        change = next(row for row in csv.DictReader(handle) if row["figure_text"] == "4.2%")
    assert (change["time_value"], change["base_time_value"]) == ("2024-H1", "2023")
    with (folder / "sources.csv").open(newline="", encoding="utf-8") as handle:
        company = next(row for row in csv.DictReader(handle) if row["text"] == "the company")
    assert company["name"] == "Brightwell Foods" and company["entity"].startswith("e")
