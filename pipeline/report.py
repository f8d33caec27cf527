"""`claimex report`: one self-contained HTML page about a run, to read or send to a colleague.

Everything is inline (CSS, an SVG bar chart of flags per kind), nothing is fetched, and every
article string goes through Jinja2's autoescape, so the file opens anywhere and runs no script.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from . import __version__
from .output import atomic_file, refuse_run_file
from .results import (
    Decision,
    FlagItem,
    Results,
    context_of,
    linked_claims,
    load_results,
    read_decisions,
    related_evidence,
    source_evidence,
)

SEVERITIES = ("error", "warning", "info")
CHART_WIDTH = 300
BAR_HEIGHT = 22


@dataclass(frozen=True)
class ChartRow:
    kind: str
    total: int
    y: int
    bars: list[tuple[str, float, float]]  # (severity, x, width)


def chart_rows(results: Results) -> list[ChartRow]:
    """Flags per kind as stacked horizontal bars (one segment per severity), longest first."""
    by_kind: dict[str, Counter[str]] = {}
    for item in results.items:
        by_kind.setdefault(item.flag.kind, Counter())[item.flag.severity] += 1
    top = max((sum(counts.values()) for counts in by_kind.values()), default=1)
    rows = []
    ordered = sorted(by_kind.items(), key=lambda pair: (-sum(pair[1].values()), pair[0]))
    for index, (kind, counts) in enumerate(ordered):
        x = 0.0
        bars = []
        for severity in SEVERITIES:
            width = CHART_WIDTH * counts[severity] / top
            if width:
                bars.append((severity, round(x, 1), round(width, 1)))
                x += width
        rows.append(ChartRow(kind=kind, total=sum(counts.values()), y=index * (BAR_HEIGHT + 6), bars=bars))
    return rows


def flag_view(results: Results, item: FlagItem, decision: Decision | None) -> dict[str, object]:
    return {
        "item": item,
        "contexts": [context_of(item.record, span) for span in item.flag.spans],
        "claims": linked_claims(item.record, item.flag),
        "related": related_evidence(results, item.flag),
        "source": source_evidence(item.record, item.flag),
        "decision": decision,
        "quiet": item.flag.severity == "info" and decision is None,
    }


def render_report(outdir: Path) -> str:
    """The report page of the run in `outdir` as an HTML string."""
    results = load_results(outdir)
    decisions = read_decisions(outdir)
    environment = Environment(loader=PackageLoader("claimex", "templates"), autoescape=select_autoescape(["html"]),
                              trim_blocks=True, lstrip_blocks=True)
    kinds = sorted(results.flags_by("kind"))
    by_kind_severity = Counter((item.flag.kind, item.flag.severity) for item in results.items)
    states = Counter(decisions[item.key].action for item in results.items if item.key in decisions)
    articles = [
        (record, [flag_view(results, item, decisions.get(item.key)) for item in results.items_of(article_id)])
        for article_id, record in results.records.items()
    ]
    return environment.get_template("report.html").render(
        results=results, name=outdir.resolve().name, manifest=results.manifest or {}, counts=results.counts(),
        kinds=kinds, severities=SEVERITIES, by_kind_severity=by_kind_severity, states=states,
        reviewed=sum(states.values()), chart=chart_rows(results), chart_width=CHART_WIDTH, bar_height=BAR_HEIGHT,
        articles=[(record, flags) for record, flags in articles if flags],
        failed=[record for record in results.records.values() if record.errors],
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), version=__version__,
    )


def write_report(outdir: Path, target: Path) -> Path:
    """Write the report of `outdir` to `target` (atomically, readable by all: it is meant to be passed on)."""
    refuse_run_file(outdir, target)
    html = render_report(outdir)
    with atomic_file(target) as handle:
        handle.write(html)
    return target
