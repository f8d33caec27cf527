"""Browser fixtures: Debian's Chromium driven by Playwright, and `claimex review` served from a subprocess.

No browser is downloaded: Playwright launches /usr/bin/chromium (`make test` installs it with apt
when missing; CLAIMEX_CHROMIUM points elsewhere). Without it the tests skip with the reason, except in CI (CI=true), where they fail.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT

CHROMIUM = Path(os.environ.get("CLAIMEX_CHROMIUM", "/usr/bin/chromium"))  # another build of Chromium, if you must
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
HOSTILE_ARTICLE = (
    "Hostile <script>window.__pwned = 1</script> title\n\n"
    "A reader pasted <img src=x onerror=\"window.__pwned = 2\"> into the comments in 2023.\n"
    "The total reached 2023The numbers were <b>bold</b> and <script>document.title = 'pwned'</script> stayed text.\n"
)


def missing(reason: str) -> None:
    """Fail in CI, where a missing browser is a broken setup; skip with the reason elsewhere."""
    if os.environ.get("CI", "").lower() not in ("", "0", "false"):
        pytest.fail(f"{reason} (CI=true: browser tests must run; `make test` installs chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        missing(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium) to run browser tests")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture(scope="session")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`claimex run` over the corpus plus an article full of markup; the pristine outputs, never reviewed."""
    inputs = tmp_path_factory.mktemp("inputs")
    (inputs / "xiaohongshu-growth.txt").write_bytes((CORPUS / "xiaohongshu-growth.txt").read_bytes())
    (inputs / "hostile.txt").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    outdir = tmp_path_factory.mktemp("run")
    subprocess.run([sys.executable, "-m", "claimex", "run", str(inputs), "-o", str(outdir), "--quiet"],
                   check=True, cwd=ROOT)
    return outdir


@pytest.fixture
def run_copy(corpus_run: Path, tmp_path: Path) -> Path:
    """A fresh copy of the corpus run for one test, so decisions never leak between tests."""
    outdir = tmp_path / "run"
    outdir.mkdir()
    for path in corpus_run.iterdir():
        if path.is_file():  # not the run's cache folder
            (outdir / path.name).write_bytes(path.read_bytes())
    return outdir


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def review_server(outdir: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """`claimex review OUTDIR` on a free loopback port; yields its URL, killed (not stopped politely) after."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "claimex", "review", str(outdir), "--port", str(port)],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process)
        yield url, process
    finally:
        process.kill()
        process.communicate(timeout=10)


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"claimex review exited early: {process.stderr.read().decode()}")
        try:
            with urllib.request.urlopen(url + "/", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"claimex review did not answer at {url} within {seconds}s")
