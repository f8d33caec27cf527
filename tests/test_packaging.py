"""Packaging: the package list in setup.cfg covers every sub-package, so a wheel is complete."""

from __future__ import annotations

import configparser

from conftest import ROOT


def test_setup_cfg_lists_every_pipeline_package() -> None:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    listed = set(config["options"]["packages"].split())
    on_disk = {
        ".".join(path.parent.relative_to(ROOT).parts)
        for path in (ROOT / "pipeline").rglob("__init__.py")
    }
    assert on_disk <= listed
    assert "claimex_rules" in listed and "claimex_rules = rules" in config["options"]["package_dir"]
