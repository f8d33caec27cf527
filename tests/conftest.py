"""Shared fixtures: the loaded pipeline (once per session), paths to the corpus and ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from claimex.cli import main
from claimex.process import Processor
from claimex.rules import load_rules

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SEED = CORPUS / "xiaohongshu-growth.txt"
SHARED = ROOT.parent / "shared"
EXAMPLES = Path(__file__).resolve().parent / "examples"


@pytest.fixture(scope="session")
def processor() -> Processor:
    return Processor()


@pytest.fixture(scope="session")
def rules():
    return load_rules()


@pytest.fixture(scope="session")
def seed_record(processor: Processor):
    """The finished record of the Xiaohongshu article, processed once."""
    from claimex.ingest import InputFile, read_file

    (ingested,) = read_file(InputFile(SEED, SEED.stem))
    return next(processor.process([ingested]))


@pytest.fixture
def cli():
    """Invoke the `claimex` command; returns click's Result (exit_code, stdout, stderr)."""
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, [str(arg) for arg in args], catch_exceptions=False)

    return invoke


def shared_path(*parts: str) -> Path:
    """A path under ../shared, skipping the test when the checkout has no ../shared beside it."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not present beside the checkout")
    return path
