"""The Ray engine writes the same records.jsonl as the local engine (on a small local Ray instance)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from conftest import CORPUS
from test_runner import make_corpus, manifest, read_lines


@pytest.fixture(scope="module")
def local_ray():
    """A small Ray on this machine (2 CPUs, a small object store), shut down after the module."""
    ray = pytest.importorskip("ray", reason="Ray is not installed: pip install -e '.[ray]' to run the Ray engine tests")
    pytest.importorskip("ray.data", reason="Ray Data is not installed: pip install -e '.[ray]'")
    ray.init(num_cpus=2, object_store_memory=100 * 1024 * 1024, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


def _mixed_corpus(folder: Path) -> Path:
    """Plain-text articles, a JSON Lines file of three, an unreadable file and the seed article."""
    make_corpus(folder, 8)
    lines = [{"id": f"n{number}", "title": f"Note {number}", "published": "2023-05-0{number}",
              "text": f"Sales reached {number * 3}.5 million units in 2022, the company said."} for number in (1, 2, 3)]
    (folder / "notes.jsonl").write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\xff\xfd not utf-8 \x00")  # not \xff\xfe: that is a UTF-16 BOM
    (folder / "seed.txt").write_text((CORPUS / "xiaohongshu-growth.txt").read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def test_ray_engine_writes_the_same_records_as_the_local_engine(cli, tmp_path: Path, local_ray) -> None:
    corpus = _mixed_corpus(tmp_path / "in")
    assert cli("run", corpus, "-o", tmp_path / "local", "--quiet", "--workers", "2", "--batch-size", "3").exit_code == 1
    assert cli("run", corpus, "-o", tmp_path / "ray", "--quiet", "--engine", "ray", "--batch-size", "3").exit_code == 1
    assert manifest(tmp_path / "ray")["engine"] == "ray"
    assert manifest(tmp_path / "ray")["counts"] == manifest(tmp_path / "local")["counts"]
    assert read_lines(tmp_path / "ray") == read_lines(tmp_path / "local")
    assert len(read_lines(tmp_path / "ray")) == 13


def test_ray_engine_skips_cached_articles_too(cli, tmp_path: Path, local_ray, capfd: pytest.CaptureFixture[str]) -> None:
    corpus = make_corpus(tmp_path / "in", 5)
    out = tmp_path / "out"
    assert cli("run", corpus, "-o", out, "--quiet", "--model", "blank").exit_code == 0
    first = read_lines(out)
    (corpus / "article-004.txt").write_text("Profit fell to 2600 million yuan.\n", encoding="utf-8")
    result = cli("run", corpus, "-o", out, "--quiet", "--model", "blank", "--engine", "ray")
    assert result.exit_code == 0 and result.stderr == ""  # --quiet: none of Ray's own notices either
    written = capfd.readouterr().err  # what Ray's C++ core and its own log handlers write to the real stderr
    assert "max_restarts" not in written and "Progress bars" not in written, written
    assert manifest(out)["skipped_unchanged"] == 4
    assert read_lines(out)[:4] == first[:4]


def test_engine_ray_without_ray_installed_is_a_one_line_usage_error(cli, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # what `import ray` sees when Ray is not installed
    result = cli("run", CORPUS, "-o", tmp_path, "--engine", "ray")
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "pip install 'claimex[ray]'" in result.stderr


def test_address_without_engine_ray_is_a_usage_error(cli, tmp_path: Path) -> None:
    result = cli("run", CORPUS, "-o", tmp_path, "--address", "ray://head:10001")
    assert result.exit_code == 2 and "--address needs --engine ray" in result.output


def test_ray_engine_keeps_the_limits_and_an_unreadable_folder_in_its_place(cli, tmp_path: Path, local_ray,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = make_corpus(tmp_path / "in", 4)
    (corpus / "article-001x").mkdir()
    (corpus / "article-001x" / "inside.txt").write_text("Sales rose 5% in 2023.\n", encoding="utf-8")
    (corpus / "article-003.txt").write_text("Sales rose. " * 40, encoding="utf-8")
    scandir = os.scandir

    def locked(path):  # what listing the folder does without the permission to (the tests may run as root)
        if str(path).endswith("article-001x"):
            raise PermissionError(13, "Permission denied")
        return scandir(path)

    monkeypatch.setattr(os, "scandir", locked)
    options = ("--quiet", "--model", "blank", "--max-chars", "300", "--batch-size", "2")
    assert cli("run", corpus, "-o", tmp_path / "local", *options, "--workers", "2").exit_code == 1
    assert cli("run", corpus, "-o", tmp_path / "ray", *options, "--engine", "ray").exit_code == 1
    assert read_lines(tmp_path / "ray") == read_lines(tmp_path / "local")
    records = [json.loads(line) for line in read_lines(tmp_path / "ray")]
    assert [record["article"]["id"] for record in records] == [
        "article-000", "article-001", "article-001x", "article-002", "article-003"]
    assert "cannot read folder: Permission denied" in records[2]["errors"][0]["message"]
    assert "more than the limit of 300" in records[4]["errors"][0]["message"]
