"""`claimex report`: one self-contained HTML page with the run's summary, chart, flagged claims and decisions."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from conftest import CORPUS
from runs import alpha_record, beta_record, write_run

from claimex.results import DecisionStore, load_results


class Resources(HTMLParser):
    """Collects every attribute that could make a browser fetch something."""

    def __init__(self) -> None:
        super().__init__()
        self.fetches: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.scripts += tag == "script"
        self.fetches += [f"{tag} {name}={value}" for name, value in attrs if name in ("src", "href", "srcset")]
        if tag == "link":
            self.fetches.append("link")


def test_report_summarises_the_run_and_shows_each_flag_with_context_and_decision(cli, tmp_path: Path) -> None:
    write_run(tmp_path)
    results = load_results(tmp_path)
    store = DecisionStore(tmp_path)
    store.decide(results.item("alpha", "x1"), "corrected", correction="260 million", reviewer="Ann", note="MT slip")
    store.decide(results.item("beta", "x1"), "dismissed")
    target = tmp_path / "report.html"
    result = cli("report", tmp_path, "-o", target)
    assert result.exit_code == 0, result.output
    html = target.read_text(encoding="utf-8")
    summary = re.sub(r"\s+", " ", re.search(r'<div class="cards" id="summary">(.*?)</p>', html, re.S).group(1))
    for number, label in ((2, "articles"), (3, "figures"), (3, "claims"), (2, "sources"), (3, "flags")):
        assert f"<b>{number}</b><span>{label}" in summary
    assert "<b>2/3</b><span>reviewed" in summary
    assert "<b>0</b> confirmed, <b>1</b> corrected, <b>1</b> dismissed, <b>1</b> not reviewed" in summary
    chart = re.search(r'<svg id="chart".*?</svg>', html, re.S).group(0)
    assert re.findall(r'<rect class="(\w+)" x="[\d.]+" y="\d+" width="([\d.]+)" height="22"><title>([^<]*)</title>', chart) == [
        ("warning", "300.0", "conflicting_figures: 2 warning"), ("error", "150.0", "nonstandard_magnitude: 1 error")]
    assert _flag_sections(html) == [("error", "alpha", "x1"), ("warning", "alpha", "x2"), ("warning dismissed", "beta", "x1")]
    assert "corrected to <b class=\"correction\">260 million</b> by Ann" in html and "MT slip" in html
    assert "In “Acme revenue”:" in html and "<mark>$12 billion</mark>" in html
    assert "metric <b>revenue</b>" in html and "source <b>Reuters</b>" in html


def test_report_is_self_contained_and_escapes_article_text(tmp_path: Path, cli) -> None:
    hostile = alpha_record()
    hostile.article.title = "<script>alert(1)</script> growth"
    write_run(tmp_path, [hostile, beta_record()])
    assert cli("report", tmp_path).exit_code == 0
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    parser = Resources()
    parser.feed(html)
    assert parser.fetches == [] and parser.scripts == 0
    assert "&lt;script&gt;alert(1)&lt;/script&gt; growth" in html


def test_report_of_the_corpus_lists_its_flags(cli, tmp_path: Path) -> None:
    assert cli("run", CORPUS, "-o", tmp_path, "--quiet").exit_code == 0
    assert cli("report", tmp_path).exit_code == 0
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    results = load_results(tmp_path)
    shown = [(item.flag.severity, item.article_id, item.flag.id) for item in results.items]
    assert sorted(_flag_sections(html)) == sorted(shown) and shown  # info-level ones folded to the end
    assert ("nonstandard_magnitude", "2600 million") in {(item.flag.kind, item.excerpt) for item in results.items}
    assert "Xiaohongshu" in html and "not reviewed" in html


def test_unreviewed_info_flags_fold_away_while_reviewed_ones_stay_in_view(tmp_path: Path, cli) -> None:
    quiet, reviewed = alpha_record(), beta_record()
    quiet.flags[1].severity = reviewed.flags[0].severity = "info"
    write_run(tmp_path, [quiet, reviewed])
    results = load_results(tmp_path)
    DecisionStore(tmp_path).decide(results.item("beta", "x1"), "confirmed")
    assert cli("report", tmp_path).exit_code == 0
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    (folded,) = re.findall(r"<details>.*?</details>", html, re.S)
    assert "1 more info-level flag, not reviewed" in folded
    assert _flag_sections(folded) == [("info", "alpha", "x2")]


def _flag_sections(html: str) -> list[tuple[str, str, str]]:
    """(classes after "flag", article id, flag id) of each flagged-claim section, in page order."""
    return re.findall(r'<section class="flag ([^"]*)" data-article="([^"]*)" data-flag="([^"]*)"', html)
