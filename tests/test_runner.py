"""Whole runs through the CLI: the incremental cache, --force, workers, and runs stopped half way."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SEED

from claimex.cache import CACHE_DIR, JOURNAL
from claimex.check import BATCH_CHECKS, CheckContext, check_batch
from claimex.process import Processor
from claimex.schema import ArticleRecord, Flag


def make_corpus(folder: Path, count: int) -> Path:
    """`count` small articles of real text: overlapping runs of two lines of the seed article."""
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        start = number % len(lines)
        body = "\n\n".join(lines[start:start + 2])
        (folder / f"article-{number:03d}.txt").write_text(f"Dispatch {number}\n\n{body}\n", encoding="utf-8")
    return folder


def read_lines(outdir: Path) -> list[str]:
    return (outdir / "records.jsonl").read_text(encoding="utf-8").splitlines()


def manifest(outdir: Path) -> dict:
    return json.loads((outdir / "manifest.json").read_text(encoding="utf-8"))


def journal(outdir: Path) -> Path:
    return outdir / CACHE_DIR / JOURNAL


def test_an_unchanged_rerun_takes_every_record_from_the_cache(cli, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "in", 6)
    out = tmp_path / "out"
    assert cli("run", corpus, "-o", out, "--quiet", "--model", "blank").exit_code == 0
    first = read_lines(out)
    assert manifest(out)["skipped_unchanged"] == 0

    result = cli("run", corpus, "-o", out, "--model", "blank")
    assert result.exit_code == 0
    assert manifest(out)["skipped_unchanged"] == 6 and manifest(out)["counts"]["articles"] == 6
    assert read_lines(out) == first
    assert "6 unchanged (cached)" in result.stderr


def test_an_unchanged_rerun_neither_imports_spacy_nor_validates_a_rule_nor_changes_a_record(cli, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "in", 4)
    out = tmp_path / "out"
    assert cli("run", corpus, "-o", out, "--quiet", "--model", "blank").exit_code == 0
    first, schema = read_lines(out), (out / "records.schema.json").read_bytes()
    saved_rules = out / CACHE_DIR / "rules-data.json"
    saved_rules.unlink()  # an unchanged re-run needs the rules' sha256 only, never the rules

    rerun = ("import runpy, sys\n"
             "sys.argv = ['claimex', *sys.argv[1:]]\n"
             "try:\n    runpy.run_module('claimex', run_name='__main__')\n"
             "except SystemExit as end:\n    assert not end.code, end.code\n"
             "print(sorted(name for name in ('spacy', 'lemminflect', 'thinc', 'jsonlines', 'lxml') if name in sys.modules))\n"
             "from claimex.rules import rule_models\n"
             "from claimex.schema import ArticleRecord\n"
             "print(sum(model.__pydantic_complete__ for model in set(rule_models().values())))\n"
             "print(ArticleRecord.__pydantic_complete__)\n")
    done = subprocess.run([sys.executable, "-c", rerun, "run", str(corpus), "-o", str(out), "--quiet", "--model", "blank"],
                          cwd=ROOT, capture_output=True, text=True, check=True)
    # No rule model was even built, nor the record model: no record was parsed, the schema was copied.
    assert done.stdout.split("\n")[:3] == ["[]", "0", "False"]
    assert manifest(out)["skipped_unchanged"] == 4
    assert read_lines(out) == first and (out / "records.schema.json").read_bytes() == schema
    assert not saved_rules.exists()

    changed = corpus / "article-001.txt"  # the batch checks need the rules again: validated afresh, and saved
    changed.write_text(changed.read_text(encoding="utf-8") + "\nSales rose 12% to 4 million units in 2023.\n")
    subprocess.run([sys.executable, "-m", "claimex", "run", str(corpus), "-o", str(out), "--quiet", "--model", "blank",
                    "--workers", "2", "--batch-size", "1"],  # the article on a worker: the run's process builds no lexicon
                   cwd=ROOT, capture_output=True, text=True, check=True)
    assert manifest(out)["skipped_unchanged"] == 3 and saved_rules.exists()
    assert cli("run", corpus, "-o", tmp_path / "fresh", "--quiet", "--model", "blank").exit_code == 0
    assert read_lines(out) == read_lines(tmp_path / "fresh")


def test_a_rerun_after_claimex_s_own_code_changed_processes_every_article_again(tmp_path: Path) -> None:
    """A checkout whose code changed under the same version number (an edit, a `git pull`) must not
    hand back records the older code produced."""
    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT / "pipeline", checkout / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    (checkout / "rules").symlink_to(ROOT / "rules")
    (tmp_path / "path").mkdir()
    (tmp_path / "path" / "claimex").symlink_to(checkout / "pipeline")
    corpus, out = make_corpus(tmp_path / "in", 2), tmp_path / "out"
    environment = {**os.environ, "PYTHONPATH": str(tmp_path / "path")}

    def run() -> dict:
        subprocess.run([sys.executable, "-m", "claimex", "run", str(corpus), "-o", str(out), "--quiet", "--model", "blank"],
                       cwd=tmp_path, env=environment, capture_output=True, text=True, check=True)
        return manifest(out)

    assert run()["skipped_unchanged"] == 0
    assert run()["skipped_unchanged"] == 2
    module = checkout / "pipeline" / "normalize.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# a developer's edit\n", encoding="utf-8")
    assert run()["skipped_unchanged"] == 0


def test_a_changed_article_is_the_only_one_processed_again(cli, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "in", 5)
    out = tmp_path / "out"
    cli("run", corpus, "-o", out, "--quiet", "--model", "blank")
    first = read_lines(out)
    changed = corpus / "article-002.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nIt rose 2023The end.\n", encoding="utf-8")

    assert cli("run", corpus, "-o", out, "--quiet", "--model", "blank").exit_code == 0
    second = read_lines(out)
    assert manifest(out)["skipped_unchanged"] == 4
    assert [index for index, (a, b) in enumerate(zip(first, second)) if a != b] == [2]
    assert "2023The" in json.loads(second[2])["article"]["text"]


def test_a_translation_whose_source_file_appears_or_changes_is_processed_again(cli, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "in", 2)
    out = tmp_path / "out"
    assert cli("run", corpus, "-o", out, "--quiet", "--model", "blank").exit_code == 0
    source = corpus / "article-001.zh.txt"
    for text in ("集团营收增长了12%。\n", "集团营收增长了15%。\n"):  # the translation's own bytes stay the same
        source.write_text(text, encoding="utf-8")
        assert cli("run", corpus, "-o", out, "--quiet", "--model", "blank").exit_code == 0
        assert manifest(out)["skipped_unchanged"] == 1
        assert json.loads(read_lines(out)[1])["article"]["source_text"] == text
    source.unlink()
    assert cli("run", corpus, "-o", out, "--quiet", "--model", "blank").exit_code == 0
    assert manifest(out)["skipped_unchanged"] == 1 and "source_text" not in json.loads(read_lines(out)[1])["article"]


def test_other_rules_or_model_invalidate_the_cache(cli, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "in", 3)
    out = tmp_path / "out"
    cli("run", corpus, "-o", out, "--quiet", "--model", "blank")
    rules = tmp_path / "rules" / "normalize"
    rules.mkdir(parents=True)
    (rules / "camelcase_names.jsonl").write_text('{"id": "normalize.keep.scale-test", "word": "ScaleTest"}\n')
    assert cli("run", corpus, "-o", out, "--quiet", "--model", "blank", "--rules", tmp_path / "rules").exit_code == 0
    assert manifest(out)["skipped_unchanged"] == 0
    assert cli("run", corpus, "-o", out, "--quiet").exit_code == 0
    assert manifest(out)["skipped_unchanged"] == 0


def test_force_processes_everything_again_with_the_same_result(cli, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "in", 4)
    out = tmp_path / "out"
    cli("run", corpus, "-o", out, "--quiet", "--model", "blank")
    first = read_lines(out)
    assert cli("run", corpus, "-o", out, "--quiet", "--model", "blank", "--force").exit_code == 0
    assert manifest(out)["skipped_unchanged"] == 0
    assert read_lines(out) == first


def test_the_cache_keeps_only_the_last_runs_entries(cli, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "in", 4)
    out = tmp_path / "out"
    cli("run", corpus, "-o", out, "--quiet", "--model", "blank")
    (corpus / "article-000.txt").write_text("Something else entirely, 5 million of it.\n", encoding="utf-8")
    (corpus / "article-003.txt").unlink()
    cli("run", corpus, "-o", out, "--quiet", "--model", "blank")
    entries = [line.split("\t", 3) for line in journal(out).read_text(encoding="utf-8").splitlines()]
    records = [json.loads(record) for _, _, _, record in entries]
    assert [record["article"]["id"] for record in records] == ["article-000", "article-001", "article-002"]
    assert records[0]["article"]["text"] == "Something else entirely, 5 million of it.\n"
    assert [line.encode() for line in read_lines(out)] == [record.encode() for _, _, _, record in entries]


def test_two_workers_write_the_same_records_as_one(cli, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "in", 12)
    assert cli("run", corpus, "-o", tmp_path / "one", "--quiet", "--workers", "1").exit_code == 0
    assert cli("run", corpus, "-o", tmp_path / "two", "--quiet", "--workers", "2", "--batch-size", "3").exit_code == 0
    assert manifest(tmp_path / "two")["workers"] == 2
    assert read_lines(tmp_path / "two") == read_lines(tmp_path / "one")


def test_workers_are_never_more_than_the_batches_to_fill(cli, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "in", 3)
    assert cli("run", corpus, "-o", tmp_path / "out", "--quiet", "--model", "blank", "--workers", "4").exit_code == 0
    assert manifest(tmp_path / "out")["workers"] == 1


def _start_run(corpus: Path, out: Path, *options: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "claimex", "run", str(corpus), "-o", str(out), "--quiet", "--batch-size", "1", *options],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )


def _wait_for_journaled(out: Path, process: subprocess.Popen, entries: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        path = journal(out)
        if path.exists() and path.read_bytes().count(b"\n") >= entries:
            return
        time.sleep(0.01)
    raise AssertionError(f"the run ended (rc={process.poll()}) or stalled before {entries} records were journaled")


def test_a_run_killed_hard_mid_way_finishes_on_rerun_with_every_article_once(cli, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "in", 40)
    out = tmp_path / "out"
    process = _start_run(corpus, out, "--workers", "1")
    _wait_for_journaled(out, process, 2)
    process.kill()
    process.wait()
    assert not (out / "records.jsonl").exists()
    with journal(out).open("ab") as handle:  # what a kill in the middle of a write leaves behind
        handle.write(b'3f2a\t00ff\t{"schema": "claimex.article/1", "article": {"id": "article-0')

    assert cli("run", corpus, "-o", out, "--quiet").exit_code == 0
    resumed = manifest(out)
    assert 0 < resumed["skipped_unchanged"] < 40
    lines = read_lines(out)
    assert (out / "records.jsonl").read_bytes().endswith(b"}\n")
    ids = [json.loads(line)["article"]["id"] for line in lines]
    assert ids == [f"article-{number:03d}" for number in range(40)]
    assert cli("run", corpus, "-o", tmp_path / "clean", "--quiet", "--force").exit_code == 0
    assert lines == read_lines(tmp_path / "clean")


def _wait_for_starting_workers(process: subprocess.Popen, count: int) -> None:
    """Until the run has started `count` worker processes (they then take seconds to load the model)."""
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    if not children.exists():
        pytest.skip("needs Linux /proc/PID/task/PID/children to see the worker processes start")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        pids = children.read_text().split()
        commands = [Path(f"/proc/{pid}/cmdline").read_bytes() if Path(f"/proc/{pid}").exists() else b"" for pid in pids]
        if sum(b"spawn_main" in command for command in commands) >= count:
            return
        time.sleep(0.005)
    raise AssertionError(f"the run ended (rc={process.poll()}) or stalled before {count} workers started")


@pytest.mark.parametrize(("stop", "journaled"), [(signal.SIGINT, 1), (signal.SIGTERM, 1), (signal.SIGINT, 0)],
                         ids=["SIGINT", "SIGTERM", "SIGINT-while-workers-start"])
def test_a_stopped_run_exits_cleanly_with_one_line_and_resumes(cli, tmp_path: Path, stop: signal.Signals,
                                                                journaled: int) -> None:
    """Stopped mid-run, or while the workers are still starting (nothing journaled yet): either way
    one line on stderr, no traceback from the run or its workers, and a rerun finishes the corpus."""
    corpus = make_corpus(tmp_path / "in", 30)
    out = tmp_path / "out"
    process = _start_run(corpus, out, "--workers", "2")
    if journaled:
        _wait_for_journaled(out, process, journaled)
    else:
        _wait_for_starting_workers(process, 2)
    os.killpg(process.pid, stop)  # to the whole process group, as Ctrl-C in a terminal does
    try:
        _stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:  # hung: do not leave it behind
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    (line,) = [line for line in stderr.splitlines() if line.strip()]
    done = re.fullmatch(r"claimex: interrupted: stopped after (\d+) of 30 articles; their records are kept in "
                        r"\S+, run the same command again to finish \(previous outputs are untouched\)", line)
    assert done and int(done.group(1)) >= journaled, line
    assert not (out / "records.jsonl").exists()

    assert cli("run", corpus, "-o", out, "--quiet").exit_code == 0
    assert manifest(out)["skipped_unchanged"] >= int(done.group(1))
    assert [json.loads(line)["article"]["id"] for line in read_lines(out)] == [f"article-{n:03d}" for n in range(30)]


class _SameTitle:
    """A streaming batch check for the tests: flags articles whose title another article has too."""

    def __init__(self, context: CheckContext) -> None:
        self.by_title: dict[str, list[str]] = {}

    def facts(self, record: ArticleRecord) -> list[str]:
        return [record.article.title or "", record.article.id]

    def add(self, facts: list[str]) -> None:
        title, article = facts
        self.by_title.setdefault(title, []).append(article)

    def flags(self) -> dict[str, list[Flag]]:
        return {
            article: [Flag(id="x0", kind="conflicting_figures", severity="info", message=f"title shared by {len(ids)}")]
            for ids in self.by_title.values() if len(ids) > 1 for article in ids
        }


def test_batch_checks_see_every_record_also_when_they_come_from_the_cache(cli, tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(BATCH_CHECKS, "same_title", _SameTitle)
    corpus = tmp_path / "in"
    corpus.mkdir()
    for name in ("a", "b", "c"):
        title = "Same headline" if name != "c" else "Another headline"
        (corpus / f"{name}.txt").write_text(f"{title}\n\nRevenue was 5 million.\n", encoding="utf-8")
    out = tmp_path / "out"
    for _ in range(2):
        assert cli("run", corpus, "-o", out, "--quiet", "--model", "blank").exit_code == 0
        records = [json.loads(line) for line in read_lines(out)]
        flagged = [r["article"]["id"] for r in records for f in r["flags"] if f["check"] == "same_title"]
        assert flagged == ["a", "b"]
    assert manifest(out)["skipped_unchanged"] == 3


def test_check_batch_still_takes_a_plain_list(monkeypatch: pytest.MonkeyPatch, rules) -> None:
    monkeypatch.setitem(BATCH_CHECKS, "same_title", _SameTitle)
    from claimex.ingest import article_from_text
    from claimex.schema import Provenance

    provenance = Provenance(version="0", model="blank", rules_sha256="0")
    records = [ArticleRecord(article=article_from_text("Same\n\ntext", id=name), provenance=provenance)
               for name in ("p", "q")]
    flags = check_batch(iter(records), CheckContext(rules=rules))
    assert sorted(flags) == ["p", "q"] and flags["p"][0].check == "same_title"


def test_a_second_run_into_a_busy_outdir_is_refused(cli, tmp_path: Path) -> None:
    from claimex.cache import Journal

    corpus = make_corpus(tmp_path / "in", 2)
    busy = Journal(tmp_path / "out")
    try:
        result = cli("run", corpus, "-o", tmp_path / "out", "--model", "blank")
    finally:
        busy.close()
    assert result.exit_code == 2 and "another claimex run is writing to this folder" in result.stderr
    assert cli("run", corpus, "-o", tmp_path / "out", "--quiet", "--model", "blank").exit_code == 0


def test_the_model_runs_only_the_components_the_stages_read(processor) -> None:
    assert "lemmatizer" not in processor.nlp.pipe_names
    assert {"ner", "parser", "tagger"} <= set(processor.nlp.pipe_names)


def test_the_same_file_given_twice_gets_two_records_with_ids_of_their_own(cli, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "in", 20)
    article = corpus / "article-007.txt"
    assert cli("run", article, corpus, article, "-o", tmp_path / "out", "--quiet", "--model", "blank",
               "--batch-size", "2").exit_code == 0
    records = [json.loads(line) for line in read_lines(tmp_path / "out")]
    assert len(records) == 22 and len({record["article"]["id"] for record in records}) == 22
    copies = [records[0], records[8], records[21]]
    assert [record["article"].get("renamed_from") for record in copies] == [None, "article-007", "article-007"]
    for record in copies:
        record["article"].pop("id"), record["article"].pop("renamed_from", None)
    assert copies[0] == copies[1] == copies[2]


def test_a_ctrl_c_inside_a_records_serializer_is_still_an_interrupt(cli, tmp_path: Path, monkeypatch) -> None:
    """pydantic-core hands a Ctrl-C that lands inside one of our serializers back as its own error."""
    from pydantic_core import PydanticSerializationError

    import claimex.runner

    def interrupted_key(*args: object, **kwargs: object) -> str:
        raise PydanticSerializationError("Error calling function `_omit_empty`: KeyboardInterrupt: ")

    monkeypatch.setattr(claimex.runner, "article_key", interrupted_key)
    result = cli("run", make_corpus(tmp_path / "in", 3), "-o", tmp_path / "out", "--model", "blank", "--workers", "1")
    assert result.exit_code == 130 and "Traceback" not in result.stderr
    assert result.stderr.startswith("claimex: interrupted: stopped after 0 of 3 articles")


def test_only_a_batch_run_sets_the_process_wide_allocator(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`claimex run` keeps the model's arrays on glibc's heap (claimex.allocation); a `Processor` an application
    makes for itself leaves its process's allocator alone."""
    import claimex.process

    calls: list[str] = []

    def record_call() -> bool:
        calls.append("set")
        return True

    monkeypatch.setattr(claimex.process, "keep_arrays_on_heap", record_call)
    Processor(model="blank")
    assert calls == []
    result = cli("run", SEED, "-o", tmp_path / "out", "--workers", "1", "--quiet", "--model", "blank")
    assert result.exit_code == 0, result.output
    assert calls == ["set"]
