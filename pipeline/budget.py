"""Per-article limits: how long an article may take and how long it may be.

An article over a limit becomes a record with an `errors` entry and the run goes on. The time
budget is an alarm signal in the process running the article: it interrupts Python code and the
`re` engine (which checks for signals as it backtracks), so a slow stage or a catastrophic regex
stops at the budget. A worker stuck where no signal reaches (a C extension that never returns to
Python) is the runner's to kill (see `runner._on_pool`). Off the main thread, where no signal
handler runs (Ray Data calls its actors on a thread of their own), a timer thread raises the
same exception in the article's thread instead: that stops Python code, not a C loop.
"""

from __future__ import annotations

import ctypes
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI reads the defaults here without loading the schema
    from .schema import Article, StageError

#: Seconds one article may take (`--article-timeout`).
DEFAULT_ARTICLE_TIMEOUT = 120.0
#: Characters one article may hold (`--max-chars`): the longest real article in ../shared is about
#: 53,000; a 100,000-character article takes about 0.5 GB in one process, spaCy's own limit 1,000,000.
DEFAULT_MAX_CHARS = 100_000


class ArticleTimeout(BaseException):
    """Raised where an article's processing is when its time is up.

    A `BaseException`, like `KeyboardInterrupt`, so that no `except Exception` in a stage swallows it.
    """


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise `ArticleTimeout` in the block after `seconds` (no limit when None)."""
    if seconds is None:
        yield
    elif threading.current_thread() is threading.main_thread():
        with _alarm(seconds):
            yield
    else:
        with _timer(seconds):
            yield


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    def expired(signum: int, frame: FrameType | None) -> None:
        raise ArticleTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _timer(seconds: float) -> Iterator[None]:
    """The budget of a thread that is not the main one: a timer raises `ArticleTimeout` in it."""
    target = threading.get_ident()
    lock = threading.Lock()
    running = True

    def expired() -> None:
        with lock:
            if running:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target), ctypes.py_object(ArticleTimeout))

    timer = threading.Timer(seconds, expired)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            running = False
        timer.cancel()


def timeout_error(article: Article, seconds: float) -> StageError:
    """The error of an article stopped at its time budget."""
    from .schema import StageError

    return StageError(stage="process", message=f"{where(article)}: stopped after {seconds:g} s, its time budget "
                                                "(raise it with --article-timeout)")


def too_long_error(article: Article, limit: int) -> StageError:
    """The error of an article longer than `limit` characters: it is not processed at all."""
    from .schema import StageError

    return StageError(stage="ingest", message=f"{where(article)}: {len(article.text):,} characters, more than the "
                                               f"limit of {limit:,} (raise it with --max-chars)")


def where(article: Article) -> str:
    """The file, and the article's id when the file holds many (a jsonl line)."""
    if article.path and article.path.endswith(".jsonl"):
        return f"{article.path} ({article.id})"
    return article.path or article.id
