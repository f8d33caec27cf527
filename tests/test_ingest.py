"""ingest: every input gives a record; what cannot be read says why, and the batch goes on."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

from conftest import SEED, shared_path

from claimex.ingest import InputFile, read_file, read_inputs

PAGE = """<html><head><title>Shipments rise | Example News</title>
<meta name="author" content="Jane Doe"><meta property="article:published_time" content="2024-03-05"></head>
<body><nav>Home | World | Business</nav><article><h1>Shipments rise</h1>
<p>Smartphone shipments rose 8% in the first quarter to 289 million units, according to IDC.</p>
<p>Analysts said demand in China recovered faster than expected after two weak years.</p>
<p>The report counted 41,270 new cars sold in March, a record for the month.</p></article>
<footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>"""


def _mixed_folder(root: Path) -> Path:
    root.mkdir()
    (root / "a-valid.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (root / "b-empty.txt").write_text("")
    (root / "c-page.html").write_text(PAGE, encoding="utf-8")
    (root / "d-picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    return root


def test_folder_with_binary_empty_html_and_valid_article(cli, tmp_path: Path) -> None:
    folder = _mixed_folder(tmp_path / "in")
    result = cli("run", folder, "-o", tmp_path / "out", "--quiet")
    assert result.exit_code == 1
    records = [json.loads(line) for line in (tmp_path / "out" / "records.jsonl").read_text().splitlines()]
    assert [r["article"]["id"] for r in records] == ["a-valid", "b-empty", "c-page", "d-picture"]
    errors = {r["article"]["id"]: [e["message"] for e in r["errors"]] for r in records}
    assert errors["a-valid"] == [] and errors["c-page"] == []
    assert "empty file" in errors["b-empty"][0] and "b-empty.txt" in errors["b-empty"][0]
    assert "binary" in errors["d-picture"][0] and "d-picture.txt" in errors["d-picture"][0]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["counts"]["failed"] == 2
    assert [(failure["article"], failure["reasons"]) for failure in manifest["failures"]] == [
        ("b-empty", errors["b-empty"]), ("d-picture", errors["d-picture"])]


def test_html_is_reduced_to_the_article_text_with_metadata(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    (ingested,) = read_file(InputFile(page, "page"))
    article = ingested.article
    assert "289 million units" in article.text and "41,270 new cars" in article.text
    assert "Home | World" not in article.text and "All rights reserved" not in article.text
    assert article.author == "Jane Doe" and article.published == "2024-03-05"
    assert article.title.startswith("Shipments rise")


def test_jsonl_articles_and_malformed_lines_are_numbered_as_an_editor_numbers_them(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "one", "text": "Revenue rose 5%.", "title": "One", "published": "2024-01-02"}),
        "",
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps({"text": "Profit fell.\u2028It was 3% lower.", "author": "Li Xiang"}, ensure_ascii=False),
    ]) + "\n", encoding="utf-8")
    items = list(read_inputs([path]))
    assert [item.article.id for item in items] == ["batch#one", "batch#3", "batch#4", "batch#5"]
    assert [error.message for item in items for error in item.errors] == [
        f"{path}:3: invalid JSON: Expecting property name enclosed in double quotes (column 2)",
        f"{path}:4: each line needs a non-empty string field 'text'",
    ]
    assert (items[0].article.text, items[0].article.title, items[0].article.published) == ("Revenue rose 5%.", "One", "2024-01-02")
    assert items[1].article.text == "" and items[1].article.sha256 == hashlib.sha256(b"{not json").hexdigest()
    assert items[3].article.text == "Profit fell.\u2028It was 3% lower." and items[3].article.author == "Li Xiang"


def test_unknown_extension_and_undecodable_text(tmp_path: Path) -> None:
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04 stuff")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 prices rose".encode("latin-1"))
    items = {item.article.id: item for item in read_inputs([tmp_path])}
    assert "unsupported file type '.docx'" in items["notes"].errors[0].message
    assert "not UTF-8" in items["latin1"].errors[0].message


def test_bom_is_removed_and_ids_follow_relative_paths(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "story.md").write_bytes("\ufeffHeadline\n\nBody text with 3 figures.".encode("utf-8"))
    (ingested,) = read_inputs([tmp_path])
    assert ingested.article.id == "sub/story"
    assert ingested.article.text.startswith("Headline")


def test_real_news_pages_all_give_text(tmp_path: Path) -> None:
    folder = shared_path("real-news", "html")
    pages = sorted(folder.glob("*.html.gz"))[:12]
    for page in pages:
        target = tmp_path / page.name.removesuffix(".gz")
        target.write_bytes(gzip.decompress(page.read_bytes()))
    items = list(read_inputs([tmp_path]))
    assert [item.article.id for item in items] == [page.name.removesuffix(".html.gz") for page in pages]
    assert [item.errors for item in items] == [[] for _ in pages]
    assert all(len(item.article.text) > 200 for item in items)
