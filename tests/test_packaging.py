"""Packaging: the package is `claimex` (source folder pipeline/), complete in a wheel, and the only copy.

The wheel is built from this checkout and unpacked into a folder of its own, outside the checkout,
so the checks below run claimex exactly as a `pip install claimex` would, with no `pipeline` on
the path; the editable install used by the other tests is checked the same way.
"""

from __future__ import annotations

import configparser
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SEED

#: Run in a fresh interpreter by the tests below: where claimex comes from, its rules and templates, one record.
PROBE = """
import json, sys
import claimex
from claimex.rules import builtin_rules_dir
record = claimex.process_text("Revenue rose to $2.6 billion in 2023.", model="blank", id="probe")
try:
    import pipeline
    pipeline_import = "imported"
except ImportError as error:
    pipeline_import = type(error).__name__
print(json.dumps({"claimex": claimex.__file__, "rules": str(builtin_rules_dir()), "version": claimex.__version__,
                  "figures": [(figure.text, figure.value) for figure in record.figures],
                  "pipeline": pipeline_import}))
"""


def folders_as_packages(name: str, root: Path) -> set[str]:
    """The dotted package name of `root` and of every folder under it: code and data folders alike, as
    setuptools installs (and warns about) each folder that is not listed."""
    folders = [root, *(path for path in root.rglob("*") if path.is_dir() and path.name != "__pycache__")]
    return {".".join((name, *folder.relative_to(root).parts)) for folder in folders}


def test_setup_cfg_lists_every_package_under_the_claimex_name() -> None:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    listed = set(config["options"]["packages"].split())
    assert listed == folders_as_packages("claimex", ROOT / "pipeline") | folders_as_packages("claimex_rules", ROOT / "rules")
    assert config["options"]["package_dir"].split() == ["claimex", "=", "pipeline", "claimex_rules", "=", "rules"]
    assert config["options.entry_points"]["console_scripts"].split() == ["claimex", "=", "claimex.cli:main"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel of this checkout, built offline with the environment's setuptools from a copy of what
    goes into it (an in-tree build would leave build/ behind, and stale files in the next wheel)."""
    source = tmp_path_factory.mktemp("source")
    for name in ("setup.cfg", "pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for folder in ("pipeline", "rules"):
        shutil.copytree(ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    target = tmp_path_factory.mktemp("wheel")
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                            "--wheel-dir", str(target), str(source)], check=True, capture_output=True, text=True)
    (built,) = target.glob("claimex-*.whl")
    (target / "build.log").write_text(build.stdout + build.stderr, encoding="utf-8")
    return built


def test_the_wheel_builds_without_setuptools_warning_of_unlisted_folders(wheel: Path) -> None:
    log = (wheel.parent / "build.log").read_text(encoding="utf-8")
    assert "would be ignored" not in log and "absent from the `packages` configuration" not in log


def test_the_wheel_holds_claimex_and_its_rules_and_no_pipeline(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert {name.split("/")[0] for name in names} == {"claimex", "claimex_rules", "claimex-0.1.0.dist-info"}
    packaged = {name.removeprefix("claimex/") for name in names if name.startswith("claimex/")}
    in_checkout = {path.relative_to(ROOT / "pipeline").as_posix() for path in (ROOT / "pipeline").rglob("*")
                   if path.is_file() and "__pycache__" not in path.parts}
    assert packaged == in_checkout
    rules = {name.removeprefix("claimex_rules/") for name in names if name.startswith("claimex_rules/")}
    assert rules == {path.relative_to(ROOT / "rules").as_posix() for path in (ROOT / "rules").rglob("*.jsonl")}
    entry_points = zipfile.ZipFile(wheel).read("claimex-0.1.0.dist-info/entry_points.txt").decode()
    assert "claimex = claimex.cli:main" in entry_points


def _run(args: list[str], *, cwd: Path, path: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(path)} if path else {key: value for key, value in os.environ.items()
                                                                 if key != "PYTHONPATH"}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)


def test_claimex_from_the_installed_wheel_imports_runs_and_reports(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "installed" / "site-packages"
    zipfile.ZipFile(wheel).extractall(site)
    probe = _run(["-c", PROBE], cwd=tmp_path, path=site)
    assert probe.returncode == 0, probe.stderr
    assert json.loads(probe.stdout) == {
        "claimex": str(site / "claimex" / "__init__.py"), "rules": str(site / "claimex_rules"), "version": "0.1.0",
        "figures": [["$2.6 billion", 2600000000.0]], "pipeline": "ModuleNotFoundError",
    }
    run = _run(["-m", "claimex", "run", str(SEED), "-o", str(tmp_path / "out"), "--model", "blank", "--quiet"],
               cwd=tmp_path, path=site)
    assert run.returncode == 0, run.stderr
    report = _run(["-m", "claimex", "report", str(tmp_path / "out")], cwd=tmp_path, path=site)
    assert report.returncode == 0, report.stderr
    assert "xiaohongshu-growth" in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")


def test_the_editable_install_imports_claimex_from_the_pipeline_folder(tmp_path: Path) -> None:
    probe = _run(["-c", PROBE], cwd=tmp_path)
    assert probe.returncode == 0, probe.stderr
    assert json.loads(probe.stdout) == {
        "claimex": str(ROOT / "pipeline" / "__init__.py"), "rules": str(ROOT / "rules"), "version": "0.1.0",
        "figures": [["$2.6 billion", 2600000000.0]], "pipeline": "ModuleNotFoundError",
    }


def test_the_folder_name_is_refused_as_an_import_name_in_the_checkout() -> None:
    """In the checkout `pipeline/` is on the path; importing it would load a second claimex."""
    result = _run(["-m", "pipeline", "--version"], cwd=ROOT)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "ImportError: claimex is imported as `claimex` (`import claimex`, `python -m claimex`), not as `pipeline`; "
        "pipeline/ is only the folder its source lives in")
    assert _run(["-m", "claimex", "--version"], cwd=ROOT).stdout == "claimex, version 0.1.0\n"
