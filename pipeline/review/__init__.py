"""Review of a finished run: the local web app over its output folder (decisions go to `pipeline/results.py`'s store)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

__all__ = ["create_app", "serve"]


def create_app(outdir: Path, *, loopback_only: bool = True) -> Flask:
    """The Flask app reviewing the run in `outdir` (Flask loads here only: the report and exports do without it)."""
    from .app import create_app as build

    return build(outdir, loopback_only=loopback_only)


def serve(outdir: Path, *, host: str = "127.0.0.1", port: int = 8765,
          on_ready: Callable[[str], None] | None = None) -> None:
    """Serve the review app until interrupted; `on_ready(url)` is called once the socket listens."""
    from werkzeug.serving import make_server

    loopback = host in ("127.0.0.1", "localhost", "::1")
    server = make_server(host, port, create_app(outdir, loopback_only=loopback), threaded=True)
    if on_ready:
        shown = f"[{host}]" if ":" in host else host
        on_ready(f"http://{shown}:{server.server_port}/")
    try:
        server.serve_forever()
    finally:
        server.server_close()
