"""Review of a finished run: the local web app over its output folder (decisions go to `pipeline/results.py`'s store)."""

from __future__ import annotations

import socket
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

__all__ = ["LOOPBACK_HOSTS", "allowed_hosts", "create_app", "serve"]


#: Host names that always reach the app: the loopback ones.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
#: Addresses that mean "every interface": the machine's own names and addresses are then allowed.
ANY_ADDRESS = ("0.0.0.0", "::", "")


def create_app(outdir: Path, *, allowed_hosts: Collection[str] = LOOPBACK_HOSTS) -> Flask:
    """The Flask app reviewing the run in `outdir` (Flask loads here only: the report and exports do without it)."""
    from .app import create_app as build

    return build(outdir, allowed_hosts=allowed_hosts)


def allowed_hosts(host: str, extra: Iterable[str] = ()) -> list[str]:
    """Host names a server listening on `host` answers: loopback, `host` itself, and when `host` is
    not loopback the machine's own names and addresses; plus `extra` (`--allow-host`)."""
    allowed = [*LOOPBACK_HOSTS, *extra]
    if host not in ANY_ADDRESS:
        allowed.append(host)
    if host not in LOOPBACK_HOSTS:
        allowed += machine_names()
    return list(dict.fromkeys(name.lower().strip("[]") for name in allowed))


def machine_names() -> list[str]:
    """This machine's host name, full name, their addresses, and the address it reaches other hosts from."""
    names = [socket.gethostname(), socket.getfqdn()]
    for name in list(names):
        try:
            names += [str(info[4][0]) for info in socket.getaddrinfo(name, None)]
        except OSError:
            continue
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: nothing is sent, the route picks the local address
            names.append(str(probe.getsockname()[0]))
    except OSError:
        pass
    return names


def serve(outdir: Path, *, host: str = "127.0.0.1", port: int = 8765, allow_hosts: Iterable[str] = (),
          on_ready: Callable[[str], None] | None = None) -> None:
    """Serve the review app until interrupted; `on_ready(url)` is called once the socket listens."""
    from werkzeug.serving import make_server

    app = create_app(outdir, allowed_hosts=allowed_hosts(host, allow_hosts))
    server = make_server(host, port, app, threaded=True)
    if on_ready:
        shown = f"[{host}]" if ":" in host else host
        on_ready(f"http://{shown}:{server.server_port}/")
    try:
        server.serve_forever()
    finally:
        server.server_close()
