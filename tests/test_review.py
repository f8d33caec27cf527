"""The review app through its HTTP interface (Flask's test client) on a synthetic run and the corpus."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from conftest import CORPUS
from runs import ALPHA_TEXT, alpha_record, beta_record, write_run

from claimex.results import DecisionStore, load_results, read_decisions
from claimex.review import create_app


@pytest.fixture
def outdir(tmp_path: Path) -> Path:
    write_run(tmp_path)
    return tmp_path


@pytest.fixture
def client(outdir: Path):
    return create_app(outdir).test_client()


def token_of(page: bytes) -> str:
    match = re.search(rb'name="csrf_token" value="([^"]+)"', page)
    assert match, "the page has no decision form"
    return match.group(1).decode()


def decide(client, article: str, flag: str, action: str, **fields: str):
    page = client.get(f"/article/{article}?flag={flag}").data
    return client.post("/decide", data={"csrf_token": token_of(page), "article": article, "flag": flag,
                                        "action": action, **fields})


def rows(page: str) -> list[tuple[str, str, str]]:
    """(severity, article id, flag id) of each row of the queue, in order."""
    return re.findall(r'<tr class="row sev-(\w+)" data-flag="([^"]+)" data-article="([^"]+)">', page)


def test_queue_lists_every_flag_with_progress_and_facet_counts(client) -> None:
    page = client.get("/").get_data(as_text=True)
    assert "0 of 3 reviewed" in page
    assert "conflicting figures (2)" in page and "nonstandard magnitude (1)" in page
    assert rows(page) == [("error", "x1", "alpha"), ("warning", "x2", "alpha"), ("warning", "x1", "beta")]


def test_queue_filters_by_kind_severity_article_and_state(client) -> None:
    def shown(query: str) -> list[tuple[str, str]]:
        return [(article, flag) for _, flag, article in rows(client.get(query).get_data(as_text=True))]

    assert shown("/?kind=conflicting_figures") == [("alpha", "x2"), ("beta", "x1")]
    assert shown("/?severity=error") == [("alpha", "x1")]
    assert shown("/?article=beta") == [("beta", "x1")]
    absent = client.get("/?kind=name_variant").get_data(as_text=True)
    assert rows(absent) == [] and '<option value="name_variant" selected>name_variant (0)' in absent
    decide(client, "alpha", "x1", "confirmed")
    assert shown("/?state=confirmed") == [("alpha", "x1")]
    page = client.get("/?state=open").get_data(as_text=True)
    assert [(article, flag) for _, flag, article in rows(page)] == [("alpha", "x2"), ("beta", "x1")]
    assert "1 of 3 reviewed" in page


def test_article_view_shows_evidence_of_both_sides_and_the_linked_claim(client) -> None:
    page = client.get("/article/alpha?flag=x2").get_data(as_text=True)
    assert "Acme Corp revenue 2023 is $16 billion here" in page
    assert "<mark>$16 billion</mark>" in page and "<mark>$12 billion</mark>" in page
    assert 'href="/article/beta"' in page
    claim = re.search(r'<dl class="claim">(.*?)</dl>', page, re.S).group(1)
    assert all(part in claim for part in ("Acme Corp", "revenue", "2023 (2023)", "Reuters"))


def test_article_text_is_escaped_and_highlights_cover_figures_sources_and_flags(client) -> None:
    page = client.get("/article/alpha").get_data(as_text=True)
    assert "<script>window.__pwned" not in page
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert re.search(r'class="fig flag sev-error[^"]*"[^>]*>2600 million<', page)
    assert re.search(r'class="src"[^>]*>according to Reuters<', page)
    assert "Content-Security-Policy" in client.get("/article/alpha").headers


def test_decisions_are_stored_at_once_and_survive_a_new_app(outdir: Path, client) -> None:
    assert decide(client, "alpha", "x1", "corrected", correction="260 million", note="MT error",
                  reviewer="Ann").status_code == 302
    assert decide(client, "beta", "x1", "dismissed").status_code == 302
    rows = sqlite3.connect(outdir / "review.sqlite").execute(
        "SELECT article_id, flag_id, action, correction, note, reviewer FROM decisions ORDER BY article_id").fetchall()
    assert rows == [("alpha", "x1", "corrected", "260 million", "MT error", "Ann"),
                    ("beta", "x1", "dismissed", None, None, None)]
    page = create_app(outdir).test_client().get("/article/alpha?flag=x1").get_data(as_text=True)
    assert "state-corrected" in page and "260 million" in page and "by Ann" in page


def test_undo_reopens_a_flag_and_history_keeps_both_steps(outdir: Path, client) -> None:
    decide(client, "alpha", "x1", "confirmed")
    decide(client, "alpha", "x1", "clear")
    assert read_decisions(outdir) == {}
    actions = [row[0] for row in sqlite3.connect(outdir / "review.sqlite").execute("SELECT action FROM history")]
    assert actions == ["confirmed", "cleared"]


def test_a_correction_needs_a_value(client) -> None:
    assert decide(client, "alpha", "x1", "corrected", correction="  ").status_code == 400


def test_post_without_token_or_from_another_origin_is_refused(outdir: Path, client) -> None:
    client.get("/article/alpha")
    refused = client.post("/decide", data={"article": "alpha", "flag": "x1", "action": "confirmed"})
    assert refused.status_code == 403
    page = client.get("/article/alpha").data
    cross = client.post("/decide", headers={"Origin": "http://evil.example"},
                        data={"csrf_token": token_of(page), "article": "alpha", "flag": "x1", "action": "confirmed"})
    assert cross.status_code == 403
    assert client.get("/decide").status_code == 405
    assert read_decisions(outdir) == {}


def test_only_the_runs_own_files_are_served(outdir: Path, client) -> None:
    (outdir / "secret.txt").write_text("no")
    assert client.get("/run/manifest.json").status_code == 200
    assert client.get("/run/records.jsonl").data.startswith(b'{"schema"')
    for path in ("/run/secret.txt", "/run/review.sqlite", "/run/..%2Fsecret.txt", "/run/../secret.txt",
                 "/static/../../output.py", "/article/..%2F..%2Fetc%2Fpasswd"):
        assert client.get(path).status_code == 404, path


def test_only_loopback_host_names_are_answered(client) -> None:
    assert client.get("/", headers={"Host": "attacker.example"}).status_code == 400
    assert client.get("/", headers={"Host": "localhost:8765"}).status_code == 200


def test_decisions_follow_the_flag_when_its_number_changes_but_not_when_the_text_does(outdir: Path) -> None:
    results = load_results(outdir)
    DecisionStore(outdir).decide(results.item("alpha", "x2"), "confirmed", note="checked")
    renumbered = alpha_record()
    renumbered.flags[0].id, renumbered.flags[1].id = "x2", "x3"
    write_run(outdir, [renumbered, beta_record()])
    rerun = load_results(outdir)
    decisions = read_decisions(outdir)
    assert decisions[rerun.item("alpha", "x3").key].note == "checked"
    write_run(outdir, [alpha_record(ALPHA_TEXT + "A new paragraph.\n"), beta_record()])
    changed = load_results(outdir)
    assert all(item.key not in decisions for item in changed.items_of("alpha"))
    assert "1 earlier decision matches no flag" in create_app(outdir).test_client().get("/").get_data(as_text=True)


def test_review_on_a_folder_without_records_is_a_usage_error(cli, tmp_path: Path) -> None:
    result = cli("review", tmp_path)
    assert result.exit_code == 2 and "records.jsonl" in result.stderr


def test_corpus_run_opens_in_the_review_app(cli, tmp_path: Path) -> None:
    assert cli("run", CORPUS, "-o", tmp_path, "--quiet").exit_code == 0
    app_client = create_app(tmp_path).test_client()
    queue = app_client.get("/").get_data(as_text=True)
    results = load_results(tmp_path)
    assert f"0 of {len(results.items)} reviewed" in queue
    assert rows(queue) == [(item.flag.severity, item.flag.id, item.article_id) for item in results.items]
    assert ("nonstandard_magnitude", "2600 million") in {(item.flag.kind, item.excerpt) for item in results.items}
    page = app_client.get("/article/xiaohongshu-growth").get_data(as_text=True)
    cards = re.findall(r'class="flag-card sev-\w+(?: focused)?" data-flag="([^"]+)"', page)
    assert "Xiaohongshu" in page and cards == [item.flag.id for item in results.items_of("xiaohongshu-growth")]


def test_where_flags_overlap_the_text_takes_the_most_severe_colour(tmp_path: Path) -> None:
    record = alpha_record()
    info = record.flags[0].model_copy(update={"id": "x3", "kind": "unattributed_figure", "severity": "info"})
    record.flags.append(info)
    write_run(tmp_path, [record, beta_record()])
    page = create_app(tmp_path).test_client().get("/article/alpha?flag=x2").get_data(as_text=True)
    piece = re.search(r'<a class="([^"]*)"[^>]*>2600 million</a>', page).group(1).split()
    assert "sev-error" in piece and "sev-info" not in piece


def test_records_of_another_schema_are_a_one_line_usage_error(cli, tmp_path: Path) -> None:
    write_run(tmp_path)
    records = tmp_path / "records.jsonl"
    alpha, beta = records.read_text().splitlines()
    unknown_kind = alpha.replace('"kind":"count"', '"kind":"galaxies"')
    records.write_text(f"{beta}\n\n{unknown_kind}\n")
    result = cli("report", tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"claimex: error: {records}:3: a record this claimex version cannot read "
                                    "(figures.0.kind: Input should be ")
    assert result.stderr.endswith("re-run `claimex run` with this version\n") and result.stderr.count("\n") == 1


def _flag_id_at(outdir: Path, article_id: str, text: str) -> str:
    """The id of the flag whose first span covers `text` (ids follow text order, so they move as checks are added)."""
    for line in (outdir / "records.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["article"]["id"] == article_id:
            return next(flag["id"] for flag in record["flags"]
                        if record["article"]["text"][slice(*flag["spans"][0])] == text)
    raise LookupError(article_id)


def test_decisions_survive_claimex_run_again_over_unchanged_articles(cli, tmp_path: Path) -> None:
    assert cli("run", CORPUS, "-o", tmp_path, "--quiet").exit_code == 0
    client = create_app(tmp_path).test_client()
    flag_id = _flag_id_at(tmp_path, "xiaohongshu-growth", "2023The")
    assert decide(client, "xiaohongshu-growth", flag_id, "corrected", correction="2023. The").status_code == 302
    assert cli("run", CORPUS, "-o", tmp_path, "--quiet").exit_code == 0
    page = create_app(tmp_path).test_client().get("/?state=corrected").get_data(as_text=True)
    assert [(article, flag) for _, flag, article in rows(page)] == [("xiaohongshu-growth", flag_id)]
    assert "2023The" in page


# Hostile input (issue 14) ---------------------------------------------------------------------

def test_listening_on_every_interface_still_answers_only_allowed_host_names(outdir: Path) -> None:
    import socket

    from claimex.review import allowed_hosts

    client = create_app(outdir, allowed_hosts=allowed_hosts("0.0.0.0", ["review.example"])).test_client()
    assert client.get("/", headers={"Host": "attacker.example"}).status_code == 400
    assert client.get("/", headers={"Host": "attacker.example:8765"}).status_code == 400
    for host in ("review.example:8765", "localhost", f"{socket.gethostname()}:8765", "127.0.0.1:8765"):
        assert client.get("/", headers={"Host": host}).status_code == 200, host


def test_the_ipv6_loopback_is_answered(outdir: Path) -> None:
    from claimex.review import allowed_hosts

    client = create_app(outdir, allowed_hosts=allowed_hosts("::1")).test_client()
    assert client.get("/", headers={"Host": "[::1]:8765"}).status_code == 200
    assert client.get("/", headers={"Host": "[::2]:8765"}).status_code == 400


def test_two_review_servers_on_one_machine_keep_their_sessions_apart(tmp_path: Path) -> None:
    cookies = []
    for name in ("first", "second"):
        write_run(tmp_path / name)
        response = create_app(tmp_path / name).test_client().get("/article/alpha")
        cookies.append(response.headers["Set-Cookie"].split("=", 1)[0])
    assert cookies[0] != cookies[1] and all(cookie.startswith("claimex-") for cookie in cookies)
    again = create_app(tmp_path / "first").test_client().get("/article/alpha")
    assert again.headers["Set-Cookie"].split("=", 1)[0] == cookies[0]


@pytest.mark.parametrize("article_id", ["../../etc/passwd", "a/./b", "two\nlines", "back\\slash", "~tilde",
                                        "100%25", "space and ?query#hash", "plain/nested"])
def test_every_article_id_opens_from_the_queue(tmp_path: Path, article_id: str) -> None:
    record = alpha_record()
    write_run(tmp_path, [record.model_copy(update={"article": record.article.model_copy(update={"id": article_id})})])
    client = create_app(tmp_path).test_client()
    queue = client.get("/").get_data(as_text=True)
    links = set(re.findall(r'href="(/article/[^"#]+)', queue))
    assert links
    for link in links:
        assert _unchanged_by_a_browser(link), link
        page = client.get(link.replace("&amp;", "&"))
        assert page.status_code == 200 and "Acme Corp growth" in page.get_data(as_text=True), link
    if article_id == "plain/nested":
        assert "/article/plain/nested?" in queue


def _unchanged_by_a_browser(link: str) -> bool:
    """Whether a browser sends the link's path as written (the URL standard drops dot segments, also
    percent-encoded ones, and reads a backslash as a slash)."""
    path = link.split("?", 1)[0]
    dots = {".", "..", "%2e", "%2e%2e", ".%2e", "%2e."}
    return "\\" not in path and not any(segment.lower() in dots for segment in path.split("/"))


def test_queue_starts_with_errors_and_warnings_and_ends_with_info_notes(tmp_path: Path) -> None:
    alpha = alpha_record()
    note = alpha.flags[0].model_copy(update={"id": "x0", "kind": "unattributed_figure", "severity": "info"})
    alpha.flags.insert(0, note)
    write_run(tmp_path, [alpha, beta_record()])
    page = create_app(tmp_path).test_client().get("/").get_data(as_text=True)
    assert rows(page) == [("error", "x1", "alpha"), ("warning", "x2", "alpha"), ("warning", "x1", "beta"),
                          ("info", "x0", "alpha")]
    article = create_app(tmp_path).test_client().get("/article/alpha").get_data(as_text=True)
    assert re.findall(r'data-flag="(x\d)"', article)[:3] == ["x0", "x1", "x2"]
