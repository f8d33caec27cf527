"""The `claimex` command as a user runs it: outputs, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
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
