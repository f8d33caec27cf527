"""The `claimex` command as a user runs it: outputs, exit codes, one-line errors."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from conftest import CORPUS, ROOT, SEED

from claimex import __version__


def _records(outdir: Path) -> list[dict]:
    return [json.loads(line) for line in (outdir / "records.jsonl").read_text(encoding="utf-8").splitlines()]


def test_run_on_corpus_writes_valid_records_manifest_and_schema(cli, tmp_path: Path) -> None:
    result = cli("run", CORPUS, "-o", tmp_path, "--quiet")
    assert result.exit_code == 0, result.output
    schema = json.loads((tmp_path / "records.schema.json").read_text())
    (record,) = _records(tmp_path)
    jsonschema.validate(record, schema)
    article = record["article"]
    assert article["text"] == SEED.read_text(encoding="utf-8")
    assert article["title"] == "Xiaohongshu's user growth fell short of expectations"
    assert article["author"] == "Li Xiang"
    assert record["provenance"]["model"]
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["counts"]["articles"] == 1 and manifest["counts"]["failed"] == 0
    assert manifest["model"] == record["provenance"]["model"]
    assert manifest["rules_sha256"] == record["provenance"]["rules_sha256"]


def test_fused_words_flags_sit_exactly_on_the_three_glued_words(cli, tmp_path: Path) -> None:
    cli("run", CORPUS, "-o", tmp_path, "--quiet")
    (record,) = _records(tmp_path)
    text = record["article"]["text"]
    fused = [text[slice(*flag["spans"][0])] for flag in record["flags"] if flag["kind"] == "fused_words"]
    assert fused == ["Leifeng.comKappa", "2023The", "diverseHow"]


def test_schema_command_prints_the_generated_schema(cli) -> None:
    result = cli("schema")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert {"article", "figures", "claims", "flags", "provenance"} <= set(schema["properties"])


def test_version(cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0 and __version__ in result.output


def test_missing_path_is_a_usage_error_in_one_line(cli, tmp_path: Path) -> None:
    result = cli("run", tmp_path / "nope", "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "no such file or folder" in result.stderr


def test_unknown_option_is_a_usage_error(cli, tmp_path: Path) -> None:
    result = cli("run", CORPUS, "-o", tmp_path, "--frobnicate")
    assert result.exit_code == 2 and "No such option" in result.output


def test_unknown_model_is_a_usage_error(cli, tmp_path: Path) -> None:
    result = cli("run", CORPUS, "-o", tmp_path, "--model", "xx_no_such_model")
    assert result.exit_code == 2 and "xx_no_such_model" in result.stderr


def test_blank_model_runs_on_rules_alone(cli, tmp_path: Path) -> None:
    result = cli("run", CORPUS, "-o", tmp_path, "--model", "blank", "--quiet")
    assert result.exit_code == 0
    (record,) = _records(tmp_path)
    assert record["provenance"]["model"].startswith("blank")
    assert _fused_words(record) == ["Leifeng.comKappa", "2023The", "diverseHow"]


def test_a_failed_rerun_keeps_the_previous_complete_outputs(cli, tmp_path: Path) -> None:
    assert cli("run", CORPUS, "-o", tmp_path, "--quiet").exit_code == 0
    before = (tmp_path / "records.jsonl").read_bytes()
    bad_rules = tmp_path / "rules" / "normalize"
    bad_rules.mkdir(parents=True)
    (bad_rules / "camelcase_names.jsonl").write_text('{"id": "normalize.keep.x"}\n')
    assert cli("run", CORPUS, "-o", tmp_path, "--rules", tmp_path / "rules").exit_code == 2
    assert (tmp_path / "records.jsonl").read_bytes() == before
    assert not list(tmp_path.glob(".*tmp"))


def test_python_dash_m_claimex_is_the_claimex_command() -> None:
    result = subprocess.run([sys.executable, "-m", "claimex", "--help"], capture_output=True, text=True,
                            cwd=ROOT, check=False)
    assert result.returncode == 0 and "claimex run corpus/" in result.stdout


def test_no_installed_model_falls_back_to_blank_with_one_warning(cli, tmp_path: Path, monkeypatch) -> None:
    import claimex.models

    monkeypatch.setattr(claimex.models, "DEFAULT_MODELS", ("xx_not_installed_a", "xx_not_installed_b"))
    from claimex.process import _processor

    _processor.cache_clear()
    result = cli("run", CORPUS, "-o", tmp_path, "--quiet", "--workers", "1")
    _processor.cache_clear()
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("claimex: warning:")]
    assert len(warnings) == 1 and "blank English pipeline" in warnings[0]
    (record,) = _records(tmp_path)
    assert record["provenance"]["model"].startswith("blank")
    assert _fused_words(record) == ["Leifeng.comKappa", "2023The", "diverseHow"]


def _fused_words(record: dict) -> list[str]:
    """The text of each fused_words flag of a record, in order."""
    return [record["article"]["text"][slice(*flag["spans"][0])] for flag in record["flags"] if flag["kind"] == "fused_words"]


# Hostile input and hand-off safety (issue 14) ---------------------------------------------------

def _unprivileged(command: list[str]) -> list[str]:
    """Root writes everywhere: run `command` without the capabilities that let it (as root only)."""
    if os.geteuid() != 0:
        return command
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-all", *command]


def test_outdir_under_a_file_is_one_line_and_exit_2_before_anything_is_read(cli, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    result = cli("run", tmp_path / "no-such-input", "-o", tmp_path / "a-file" / "out")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert f"claimex: error: cannot write to {tmp_path / 'a-file' / 'out'}: Not a directory" in result.stderr


def test_a_read_only_outdir_is_one_line_and_exit_2(tmp_path: Path) -> None:
    outdir = tmp_path / "out"
    outdir.mkdir()
    outdir.chmod(0o555)
    try:
        command = [sys.executable, "-m", "claimex", "run", str(CORPUS), "-o", str(outdir), "--model", "blank"]
        result = subprocess.run(_unprivileged(command), capture_output=True, text=True, cwd=ROOT, check=False)
    finally:
        outdir.chmod(0o755)
    assert result.returncode == 2 and result.stderr == f"claimex: error: cannot write to {outdir}: Permission denied\n"


def test_a_disk_that_fills_up_during_the_run_is_one_line_and_exit_2(cli, tmp_path: Path, monkeypatch) -> None:
    import claimex.cache

    corpus = tmp_path / "in"
    corpus.mkdir()
    for number in range(3):
        (corpus / f"a{number}.txt").write_text(f"Story {number}\n\nRevenue rose {number}% in 2023.\n")
    store = claimex.cache.Journal.store
    calls = []

    def store_until_full(self, *args, **kwargs):
        calls.append(1)
        if len(calls) > 1:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return store(self, *args, **kwargs)

    monkeypatch.setattr(claimex.cache.Journal, "store", store_until_full)
    result = cli("run", corpus, "-o", tmp_path / "out", "--model", "blank", "--quiet")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert f"cannot write to {tmp_path / 'out'}: No space left on device; the articles done (1) are kept" in result.stderr


def test_a_real_full_disk_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """A 64 KB tmpfs as OUTDIR in a mount namespace of its own (needs root; skipped elsewhere)."""
    if os.geteuid() != 0 or subprocess.run(["unshare", "-m", "true"], capture_output=True, check=False).returncode:
        pytest.skip("mounting a small tmpfs needs root and unshare")
    corpus = tmp_path / "in"
    corpus.mkdir()
    for number in range(60):
        (corpus / f"a{number:02d}.txt").write_text(f"Story {number}\n\n" + "Revenue rose 5% in 2023. " * 40 + "\n")
    outdir = tmp_path / "out"
    outdir.mkdir()
    script = (f"mount -t tmpfs -o size=64k tmpfs {outdir} && exec {sys.executable} -m claimex run {corpus} "
              f"-o {outdir} --model blank --quiet")
    try:  # a run that hangs on a full disk fails this test instead of stalling the whole suite
        result = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, cwd=ROOT,
                                check=False, timeout=300)
    except subprocess.TimeoutExpired as hung:
        pytest.fail(f"the run on a full disk did not end in 300 s: {hung.stderr!r}")
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert f"claimex: error: cannot write to {outdir}: No space left on device" in result.stderr


def test_quiet_sums_failures_up_in_one_line(cli, tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    for number in range(25):
        (corpus / f"empty-{number:02d}.txt").write_text("")
    quiet = cli("run", corpus, "-o", tmp_path / "quiet", "--quiet", "--model", "blank")
    assert quiet.exit_code == 1
    assert quiet.stderr == f"claimex: 25 articles failed; their reasons are in {tmp_path / 'quiet' / 'manifest.json'}\n"
    loud = cli("run", corpus, "-o", tmp_path / "loud", "--model", "blank")
    failed = [line for line in loud.stderr.splitlines() if line.startswith("claimex: failed:")]
    assert len(failed) == 20 and "… and 5 more failures" in loud.stderr


@pytest.mark.parametrize("name", ["records.jsonl", "manifest.json", "records.schema.json", "review.sqlite",
                                  ".claimex-cache/records.journal"])
def test_report_and_export_refuse_to_write_over_the_runs_own_files(cli, tmp_path: Path, name: str) -> None:
    outdir = tmp_path / "out"
    assert cli("run", CORPUS, "-o", outdir, "--quiet", "--model", "blank").exit_code == 0
    before = {path: path.read_bytes() for path in outdir.rglob("*") if path.is_file()}
    for command in (("report", outdir, "-o", outdir / name), ("export", outdir, "--to", "claimreview", "-o",
                                                              outdir / name)):
        result = cli(*command)
        assert result.exit_code == 2 and "part of the run itself" in result.stderr
    assert {path: path.read_bytes() for path in outdir.rglob("*") if path.is_file()} == before


def test_outputs_are_readable_by_all_and_the_review_store_by_its_owner_only(cli, tmp_path: Path) -> None:
    from claimex.results import DecisionStore

    outdir = tmp_path / "out"
    assert cli("run", CORPUS, "-o", outdir, "--quiet", "--model", "blank").exit_code == 0
    DecisionStore(outdir)
    modes = {name: stat.S_IMODE((outdir / name).stat().st_mode)
             for name in ("records.jsonl", "manifest.json", "records.schema.json", "review.sqlite")}
    assert modes == {"records.jsonl": 0o644, "manifest.json": 0o644, "records.schema.json": 0o644,
                     "review.sqlite": 0o600}
