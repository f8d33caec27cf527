"""ingest: every input gives a record; what cannot be read says why, and the batch goes on."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SEED, shared_path

from claimex.ingest import InputFile, read_file, read_inputs

PAGE = """<html><head><title>Shipments rise | Example News</title>
<meta name="author" content="Jane Doe"><meta property="article:published_time" content="2024-03-05">
<meta property="og:site_name" content="Example News"><meta property="og:url" content="https://www.example.com/shipments"></head>
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
    assert (article.site_name, article.url) == ("Example News", "https://www.example.com/shipments")


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


def test_gzip_compressed_pages_text_and_jsonl_read_as_their_uncompressed_selves(cli, tmp_path: Path) -> None:
    plain, packed = tmp_path / "plain", tmp_path / "packed"
    plain.mkdir()
    packed.mkdir()
    files = {"page.html": PAGE, "note.txt": "Sales rose\n\nSales rose 12% to 3.4 million units in 2023.\n",
             "feed.jsonl": json.dumps({"id": "w1", "text": "Exports fell 6% to 41 billion dollars in May."}) + "\n"}
    for name, content in files.items():
        (plain / name).write_text(content, encoding="utf-8")
        (packed / f"{name}.gz").write_bytes(gzip.compress(content.encode("utf-8")))
    assert cli("run", plain, "-o", tmp_path / "out-plain", "--quiet", "--model", "blank").exit_code == 0
    assert cli("run", packed, "-o", tmp_path / "out-packed", "--quiet", "--model", "blank").exit_code == 0
    records = {name: [json.loads(line) for line in (tmp_path / name / "records.jsonl").read_text().splitlines()]
               for name in ("out-plain", "out-packed")}
    for record in records["out-plain"] + records["out-packed"]:
        record["article"].pop("path")
    assert [record["article"]["id"] for record in records["out-packed"]] == ["feed#w1", "note", "page"]
    assert records["out-packed"] == records["out-plain"]
    assert [figure["text"] for figure in records["out-packed"][2]["figures"]][:2] == ["8%", "289 million"]


def test_a_broken_or_bomb_gzip_is_an_error_record_naming_the_file(tmp_path: Path, monkeypatch) -> None:
    import claimex.ingest

    (tmp_path / "cut.txt.gz").write_bytes(gzip.compress(b"Revenue rose 5% in 2023. " * 50)[:40])
    (tmp_path / "huge.txt.gz").write_bytes(gzip.compress(b"9" * 5000))
    (tmp_path / "slides.pptx.gz").write_bytes(gzip.compress(b"PK\x03\x04"))
    monkeypatch.setattr(claimex.ingest, "MAX_DECOMPRESSED_BYTES", 4096)
    items = {item.article.id: item.errors[0].message for item in read_inputs([tmp_path])}
    assert items["cut"].startswith(f"{tmp_path / 'cut.txt.gz'}: not a readable gzip file")
    assert items["huge"] == f"{tmp_path / 'huge.txt.gz'}: decompresses to more than 4,096 bytes"
    assert "unsupported file type '.pptx'" in items["slides"] and "gzip-compressed as .gz" in items["slides"]


# Hostile input (issue 14) ---------------------------------------------------------------------

BODY = "Revenue rose to 5 million dollars in 2023, the company said in its annual report on Monday."


def _run_records(cli, inputs: list[Path], outdir: Path, *options: str) -> tuple[object, list[dict]]:
    result = cli("run", *inputs, "-o", outdir, "--quiet", "--model", "blank", *options)
    lines = (outdir / "records.jsonl").read_text(encoding="utf-8").splitlines()
    return result, [json.loads(line) for line in lines]


def _as_unprivileged(command: list[str]) -> list[str]:
    """Root reads every folder: run `command` without the capabilities that let it (as root only)."""
    if os.geteuid() != 0:
        return command
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-all", *command]


def test_inputs_with_one_id_all_keep_their_records_with_stable_ids(cli, tmp_path: Path) -> None:
    corpus, other = tmp_path / "in", tmp_path / "other"
    for folder in (corpus, other):
        folder.mkdir()
        (folder / "a.txt").write_text(f"Story A\n\n{BODY}\n")
    (corpus / "a.md").write_text(f"Story A, markdown\n\n{BODY}\n")
    (corpus / "lines.jsonl").write_text("".join(
        json.dumps({"id": "x", "text": f"Line {number}. {BODY}"}) + "\n" for number in range(25)))
    result, records = _run_records(cli, [corpus, other], tmp_path / "out")
    assert result.exit_code == 0
    ids = [record["article"]["id"] for record in records]
    assert len(records) == 28 and len(set(ids)) == 28
    assert ids[:3] == ["a", "a~" + ids[1].split("~")[1], "lines#x"] and ids[1] != "a"
    assert {record["article"].get("renamed_from") for record in records[1:2] + records[3:]} == {"a", "lines#x"}
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert len(manifest["renamed_ids"]) == 26
    assert manifest["renamed_ids"][0] == {"id": ids[1], "renamed_from": "a", "path": str(corpus / "a.txt")}
    _, again = _run_records(cli, [corpus, other], tmp_path / "again", "--force")
    assert [record["article"]["id"] for record in again] == ids
    assert cli("export", tmp_path / "out", "--to", "csv").exit_code == 0
    rows = (tmp_path / "out" / "export-csv" / "articles.csv").read_text().splitlines()
    assert len(rows) == 1 + 28


def test_outdir_and_earlier_runs_inside_the_input_are_not_read_back(cli, tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "story.txt").write_text(f"Story\n\n{BODY}\n")
    for outdir in (corpus / "out", corpus / "out", corpus / "second"):
        result, records = _run_records(cli, [corpus], outdir)
        assert result.exit_code == 0 and [record["article"]["id"] for record in records] == ["story"]
    assert cli("report", corpus / "out", "-o", corpus / "report.html").exit_code == 0
    result, records = _run_records(cli, [corpus], corpus / "out")
    assert [record["article"]["id"] for record in records] == ["story"]
    manifest = json.loads((corpus / "out" / "manifest.json").read_text())
    assert sorted(Path(path).name for path in manifest["skipped_outputs"]) == ["out", "report.html", "second"]


def test_an_unreadable_sub_folder_is_an_error_record_and_the_run_exits_1(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    (corpus / "locked").mkdir(parents=True)
    (corpus / "locked" / "hidden.txt").write_text(f"Hidden\n\n{BODY}\n")
    (corpus / "open.txt").write_text(f"Open\n\n{BODY}\n")
    (corpus / "locked").chmod(0)
    try:
        command = [sys.executable, "-m", "claimex", "run", str(corpus), "-o", str(tmp_path / "out"),
                   "--model", "blank"]
        result = subprocess.run(_as_unprivileged(command), capture_output=True, text=True, cwd=ROOT, check=False)
    finally:
        (corpus / "locked").chmod(0o755)
    assert result.returncode == 1, result.stderr
    assert "locked: cannot read folder: Permission denied" in result.stderr
    records = [json.loads(line) for line in (tmp_path / "out" / "records.jsonl").read_text().splitlines()]
    assert [(record["article"]["id"], bool(record["errors"])) for record in records] == [("locked", True),
                                                                                         ("open", False)]


def test_utf16_and_utf32_files_with_a_bom_are_read_as_text(tmp_path: Path) -> None:
    text = f"Café report\n\n{BODY}"
    for name, encoding in (("le16", "utf-16-le"), ("be16", "utf-16-be"), ("le32", "utf-32-le")):
        bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff", "utf-32-le": b"\xff\xfe\x00\x00"}[encoding]
        (tmp_path / f"{name}.txt").write_bytes(bom + text.encode(encoding))
    items = list(read_inputs([tmp_path]))
    assert [(item.article.id, item.errors, item.article.text) for item in items] == [
        ("be16", [], text), ("le16", [], text), ("le32", [], text)]


def test_a_nul_byte_anywhere_makes_the_input_binary(tmp_path: Path) -> None:
    (tmp_path / "late.txt").write_bytes(f"Story\n\n{BODY}\n".encode() * 200 + b"\0tail")
    (tmp_path / "lines.jsonl").write_text(json.dumps({"text": f"{BODY}\u0000"}) + "\n")
    late, line = read_inputs([tmp_path])
    assert len(f"Story\n\n{BODY}\n".encode() * 200) > 8192
    assert late.article.text == "" and "binary file (contains NUL bytes)" in late.errors[0].message
    assert line.article.text == "" and "NUL" in line.errors[0].message


def test_html_nested_300_levels_deep_keeps_its_text(tmp_path: Path) -> None:
    body = "".join(f"<p>{BODY} Paragraph {number}.</p>" for number in range(4))
    page = tmp_path / "deep.html"
    page.write_text(f"<html><head><title>Deep</title></head><body>{'<div>' * 300}{body}{'</div>' * 300}</body></html>")
    (ingested,) = read_file(InputFile(page, "deep"))
    assert not ingested.errors and "Paragraph 3." in ingested.article.text


def test_jsonl_lines_with_non_string_ids_or_titles_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in [
        {"id": 7, "text": BODY, "title": "Seven"},
        {"id": {"nested": 1}, "text": BODY},
        {"id": True, "text": BODY},
        {"id": "ok", "text": BODY, "title": ["a", "list"]},
        {"id": "fine", "text": BODY, "published": None},
    ]) + "\n")
    items = list(read_inputs([path]))
    assert [item.article.id for item in items if not item.errors] == ["batch#7", "batch#fine"]
    messages = [item.errors[0].message for item in items if item.errors]
    assert [message.split(": ", 1)[1] for message in messages] == [
        "field 'id' must be a string or an integer, not {\"nested\": 1}",
        "field 'id' must be a string or an integer, not true",
        "field 'title' must be a string, not [\"a\", \"list\"]",
    ]
    assert all("{'nested'" not in item.article.id for item in items)


def test_an_empty_input_folder_warns(cli, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = cli("run", tmp_path / "empty", "-o", tmp_path / "out", "--model", "blank")
    assert result.exit_code == 0
    assert "claimex: warning:" in result.stderr and "no files to read" in result.stderr


GERMAN = ("Die Stadtwerke haben im vergangenen Jahr deutlich mehr Strom aus Wind und Sonne erzeugt als je zuvor. "
          "Nach Angaben des Unternehmens stieg der Anteil erneuerbarer Energien auf 62 Prozent, während der "
          "Verbrauch der Haushalte um 3 Prozent zurückging. Für das kommende Jahr plant der Versorger neue Speicher.")


def test_an_article_in_another_language_is_not_read_and_says_so(cli, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-english.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "b-german.txt").write_text(GERMAN, encoding="utf-8")
    result = cli("run", folder, "-o", tmp_path / "out", "--quiet", "--model", "blank")
    assert result.exit_code == 1 and "1 articles failed" in result.stderr
    english, german = [json.loads(line) for line in (tmp_path / "out" / "records.jsonl").read_text().splitlines()]
    assert english["article"]["language"] == "en" and english["figures"] and not english.get("errors")
    assert german["article"]["language"] == "de" and german["article"]["text"] == GERMAN
    assert not german.get("figures") and not german.get("claims") and not german.get("flags")
    [error] = german["errors"]
    assert error["stage"] == "ingest"
    assert error["message"].startswith(f"{folder / 'b-german.txt'}: not read: the text looks like de, not en")
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["counts"]["failed"] == 1 and "b-german" in json.dumps(manifest["failures"])


ENGLISH = ("The water board said on Tuesday that the level of the northern reservoir had fallen by a third since "
           "March, and that the pumps which were installed last year have been running at half their capacity. "
           "Its engineers expect the level to recover with the autumn rains, the board said.")


def test_an_article_plainly_in_english_is_read_without_asking_the_language_identifier() -> None:
    """A start dense with words only English writes ('the', 'which', 'been') is read without py3langid (about
    2 ms a text and its model's loading): the process never imports it, and a German text still is not read."""
    code = ("import sys\n"
            "from claimex import process_text\n"
            "english = process_text(sys.argv[1], model='blank')\n"
            "print(english.article.language, not english.errors, 'py3langid' in sys.modules)\n"
            "german = process_text(sys.argv[2], model='blank')\n"
            "print(german.article.language, 'py3langid' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code, ENGLISH, GERMAN], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == ["en True False", "de True"]


def test_the_language_found_and_its_odds_are_py3langid_s_own() -> None:
    """claimex scores py3langid's model its own faster way: the language and probability it reports are
    the library's, to the bit."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from claimex.language import foreign_language, language_setting
    from claimex.rules import load_rules

    setting = language_setting(load_rules())
    assert setting is not None
    library = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    for text in (GERMAN, GERMAN.upper(), GERMAN.replace("Prozent", "% der Kunden, 1,5 Mio. Euro")):
        found = foreign_language(text, setting)
        ranking = library.rank(text[:setting.sample_chars])
        assert found is not None and found.language == ranking[0][0] == "de"
        assert found.read_probability == dict(ranking)["en"]
