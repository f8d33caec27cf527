"""The review app: a Flask app over one run folder, server-rendered, decisions stored at once.

Safe by default: Jinja2 autoescapes every article string; every state-changing request is a POST
carrying the session's CSRF token (and, when the browser sends one, an Origin of this host); only
the run's own files are served, by name from a fixed list; the CLI binds to 127.0.0.1 unless told
otherwise, and every request must name an allowed host (loopback names, plus the machine's own
names and addresses when it listens beyond loopback, plus `--allow-host`), so DNS rebinding gets
nowhere. The session cookie is named after the run's secret, so two review servers on one
machine keep their sessions apart. Any article id can be opened: one that a browser or server
would change in a URL path ("../", a newline) travels base64-encoded.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from flask import Flask, Response, abort, redirect, render_template, request, send_from_directory, session, url_for
from flask.typing import ResponseReturnValue
from werkzeug.routing import BaseConverter, ValidationError

from ..errors import UsageError
from ..output import MANIFEST, RECORDS, SCHEMA
from ..results import (
    ACTIONS,
    Decision,
    DecisionStore,
    FlagItem,
    Results,
    context_of,
    linked_claims,
    load_results,
    related_evidence,
    source_evidence,
)
from . import LOOPBACK_HOSTS
from .highlight import article_segments

SERVED_FILES = (RECORDS, MANIFEST, SCHEMA)
PAGE_SIZE = 100
STATES = ("open", "reviewed", *ACTIONS)
#: An article id in a URL path after this mark is base64url (ids a browser would alter: "../", newlines).
ENCODED_ID = "~"
HOST_HEADER = re.compile(r"\[(?P<ipv6>[0-9a-fA-F:.]+)\](?::\d+)?|(?P<name>[^:]+)(?::\d+)?")


class ArticleIdConverter(BaseConverter):
    """Any article id in a URL path: readable when it survives as a path, base64url after `~` when not."""

    regex = r"[^/].*?"
    part_isolating = False

    def to_url(self, value: str) -> str:
        if _plain_in_path(value):
            return quote(value, safe="/")
        return ENCODED_ID + base64.urlsafe_b64encode(value.encode("utf-8")).decode("ascii").rstrip("=")

    def to_python(self, value: str) -> str:
        if not value.startswith(ENCODED_ID):
            return value
        encoded = value[len(ENCODED_ID):]
        try:
            return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise ValidationError() from None


def _plain_in_path(article_id: str) -> bool:
    """Whether an id reaches the app unchanged as a URL path: no dot segments, empty segments,
    backslashes or control characters, and not starting with the encoding mark."""
    segments = article_id.split("/")
    return (not article_id.startswith(ENCODED_ID) and "\\" not in article_id and article_id.isprintable()
            and all(segment not in ("", ".", "..") for segment in segments) and unquote(article_id) == article_id)


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    severity: str = ""
    article: str = ""
    state: str = ""

    def matches(self, item: FlagItem, decision: Decision | None) -> bool:
        return ((not self.kind or item.flag.kind == self.kind)
                and (not self.severity or item.flag.severity == self.severity)
                and (not self.article or item.article_id == self.article)
                and (not self.state or state_matches(self.state, decision)))

    def query(self) -> dict[str, str]:
        return {name: value for name, value in vars(self).items() if value}


def state_matches(state: str, decision: Decision | None) -> bool:
    if state == "open":
        return decision is None
    if state == "reviewed":
        return decision is not None
    return decision is not None and decision.action == state


def create_app(outdir: Path, *, allowed_hosts: Collection[str] = LOOPBACK_HOSTS) -> Flask:
    """The review app for the run in `outdir` (which must hold records.jsonl), answering `allowed_hosts` only."""
    results = load_results(outdir)
    store = DecisionStore(outdir)
    secret = store.secret()
    app = Flask(__name__)
    app.url_map.converters["article_id"] = ArticleIdConverter
    app.config.update(SECRET_KEY=secret, SESSION_COOKIE_SAMESITE="Strict", SESSION_COOKIE_HTTPONLY=True,
                      SESSION_COOKIE_NAME=f"claimex-{hashlib.sha256(secret.encode()).hexdigest()[:12]}",
                      MAX_CONTENT_LENGTH=64 * 1024)
    allowed = {host.lower().strip("[]") for host in allowed_hosts}

    @app.before_request
    def check_host() -> None:
        if host_name(request.headers.get("Host", "")) not in allowed:
            abort(400, description="this host name is not allowed; start the review with --allow-host NAME to use it")

    @app.context_processor
    def page_globals() -> dict[str, object]:
        return {"csrf_token": csrf_token(), "run_name": outdir.resolve().name, "reviewer": session.get("reviewer", "")}

    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; "
            "frame-ancestors 'none'; base-uri 'none'")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    @app.get("/")
    def queue() -> str:
        decisions = store.all()
        filters = Filters(**{name: request.args.get(name, "") for name in ("kind", "severity", "article", "state")})
        matching = [item for item in results.items if filters.matches(item, decisions.get(item.key))]
        page = max(1, request.args.get("page", 1, type=int))
        return render_template(
            "queue.html", results=results, filters=filters, facets=facets(results, decisions, filters), decisions=decisions,
            items=matching[(page - 1) * PAGE_SIZE:page * PAGE_SIZE], matching=len(matching), page=page,
            pages=max(1, -(-len(matching) // PAGE_SIZE)), reviewed=sum(1 for item in results.items if item.key in decisions),
            states=STATES, stale=sum(1 for key in decisions if key not in results.by_key),
        )

    @app.get("/article/<article_id:article_id>")
    def article(article_id: str) -> str:
        record = results.records.get(article_id) or abort(404)
        decisions = store.all()
        items = results.items_of(article_id)
        focus = next((item for item in items if item.flag.id == request.args.get("flag")), None)
        if focus is None:
            focus = next((item for item in items if item.key not in decisions), items[0] if items else None)
        return render_template(
            "article.html", record=record, items=items, focus=focus, decisions=decisions,
            segments=article_segments(record, items, focus.flag.id if focus else None),
            details=flag_details(results, focus) if focus else None,
            next_article=next_open_article(results, decisions, after=article_id),
        )

    @app.post("/decide")
    def decide() -> ResponseReturnValue:
        check_csrf()
        item = results.item(request.form.get("article", ""), request.form.get("flag", "")) or abort(404)
        action = request.form.get("action", "")
        reviewer = request.form.get("reviewer", "").strip()[:200]
        session["reviewer"] = reviewer
        if action == "clear":
            store.clear(item, reviewer=reviewer)
            return redirect(url_for("article", article_id=item.article_id, flag=item.flag.id))
        try:
            store.decide(item, action, correction=request.form.get("correction"), note=request.form.get("note"),
                         reviewer=reviewer)
        except UsageError as error:
            abort(400, description=str(error))
        return redirect(next_flag_url(results, store.all(), item))

    @app.get("/run/<name>")
    def run_file(name: str) -> Response:
        if name not in SERVED_FILES:
            abort(404)
        return send_from_directory(outdir.resolve(), name, mimetype="application/json")

    return app


def host_name(header: str) -> str:
    """The host of a Host header, lower-case, without port or IPv6 brackets ("[::1]:8765" → "::1")."""
    match = HOST_HEADER.fullmatch(header.strip())
    if match is None:
        return ""
    return (match.group("ipv6") or match.group("name")).lower()


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf() -> None:
    """Refuse a POST without this session's token, or from a page of another origin."""
    origin = request.headers.get("Origin")
    if origin and urlsplit(origin).netloc != request.host:
        abort(403, description="cross-origin request refused")
    sent = request.form.get("csrf_token", "")
    expected = session.get("csrf", "")
    if not expected or not secrets.compare_digest(sent, expected):
        abort(403, description="missing or stale form token; reload the page and try again")


def facets(results: Results, decisions: dict[str, Decision], filters: Filters) -> dict[str, list[tuple[str, str, int]]]:
    """Filter options with their counts over the whole run: (value, label, count).

    A filter value the run does not have (a kind no check raised) stays selectable, with count 0,
    so the form never shows "all" while filtering on it.
    """
    kinds = results.flags_by("kind")
    severities = results.flags_by("severity")
    articles: dict[str, int] = {}
    for item in results.items:
        articles[item.article_id] = articles.get(item.article_id, 0) + 1
    states = {state: sum(1 for item in results.items if state_matches(state, decisions.get(item.key))) for state in STATES}
    options = {
        "kind": [(kind, kind.replace("_", " "), count) for kind, count in sorted(kinds.items())],
        "severity": [(name, name, severities[name]) for name in ("error", "warning", "info") if severities[name]],
        "article": [(article_id, results.records[article_id].article.title or article_id, count)
                    for article_id, count in articles.items()],
        "state": [(state, state, count) for state, count in states.items()],
    }
    for name, chosen in filters.query().items():
        if chosen not in {value for value, _, _ in options[name]}:
            options[name].append((chosen, chosen, 0))
    return options


def flag_details(results: Results, item: FlagItem) -> dict[str, object]:
    """What the focused flag's panel shows: evidence with context, other articles' side, claims."""
    return {
        "evidence": [context_of(item.record, span) for span in item.flag.spans],
        "related": related_evidence(results, item.flag),
        "source": source_evidence(item.record, item.flag),
        "claims": linked_claims(item.record, item.flag),
    }


def next_flag_url(results: Results, decisions: dict[str, Decision], item: FlagItem) -> str:
    """After a decision: the next open flag of the same article, else of the next article, else the queue."""
    items = results.items
    start = items.index(item)
    for candidate in [*items[start + 1:], *items[:start]]:
        if candidate.key not in decisions:
            return url_for("article", article_id=candidate.article_id, flag=candidate.flag.id,
                           _anchor=f"flag-{candidate.flag.id}")
    return url_for("queue")


def next_open_article(results: Results, decisions: dict[str, Decision], *, after: str) -> str | None:
    ids = list(results.records)
    position = ids.index(after)
    for article_id in [*ids[position + 1:], *ids[:position]]:
        if any(item.key not in decisions for item in results.items_of(article_id)):
            return article_id
    return None
