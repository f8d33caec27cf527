"""The `claimex` command line: run, schema, rules check.

Exit codes: 0 when every article was processed, 1 when any failed (the others are still written),
2 for usage errors (a missing path, a bad option, a bad rule file). Errors are one clear line; `--debug`
shows the traceback.
"""

from __future__ import annotations

import json
import signal
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from . import BATCH_SIZE, __version__
from .budget import DEFAULT_ARTICLE_TIMEOUT, DEFAULT_MAX_CHARS
from .errors import ClaimexError

if TYPE_CHECKING:
    from tqdm import tqdm

    from .runner import Engine
    from .schema import Failure

#: Failures listed one per line at the end of a run; the rest are counted (all are in the manifest).
SHOWN_FAILURES = 20


class ClaimexGroup(click.Group):
    """Turns claimex's own errors into one line on stderr and the error's exit code."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ClaimexError as error:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"claimex: error: {error}", err=True)
            ctx.exit(error.exit_code)


@click.group(cls=ClaimexGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimex")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """claimex: figures, sources and claims from news articles, with flags for what looks wrong.

    \b
    Typical use:
      claimex run corpus/ -o outputs/      process a folder into outputs/records.jsonl
      claimex schema                       print the JSON Schema of a record
      claimex rules check my-rules/        validate rule files
      claimex review outputs/              review the flags in a browser
      claimex report outputs/ -o r.html    one shareable HTML page about the run
      claimex export outputs/ --to csv     tables for spreadsheets, pandas, SQL tools
    """
    ctx.ensure_object(dict)["debug"] = debug


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--outdir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for records.jsonl, manifest.json and records.schema.json.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: one per core, as many as the input needs).")
@click.option("--model", default=None, metavar="NAME",
              help="spaCy model package, or 'blank' for rules only (default: en_core_web_sm if installed).")
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="A folder of rule files layered over the built-in rules.")
@click.option("--force", is_flag=True,
              help="Process every article again, ignoring the records cached in OUTDIR by earlier runs.")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
              help="Run on this machine's cores, or on a Ray cluster (needs `pip install claimex[ray]`).")
@click.option("--address", default=None, metavar="ADDRESS",
              help="Ray cluster to join with --engine ray (default: start a local Ray instance).")
@click.option("--batch-size", type=click.IntRange(min=1), default=BATCH_SIZE, show_default=True,
              help="Articles per task sent to a worker or Ray actor.")
@click.option("--article-timeout", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_ARTICLE_TIMEOUT,
              show_default=True, metavar="SECONDS",
              help="Time one article may take; one that takes longer is stopped and gets a record with an error.")
@click.option("--max-chars", type=click.IntRange(min=1), default=DEFAULT_MAX_CHARS, show_default=True,
              help="Characters one article may hold; a longer one is not processed and gets a record with an error.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary; failures as one line.")
def run(paths: tuple[Path, ...], outdir: Path, workers: int | None, model: str | None,
        rules_dir: Path | None, force: bool, engine: Engine, address: str | None, batch_size: int,
        article_timeout: float, max_chars: int, quiet: bool) -> None:
    """Process articles (.txt, .md, .html, .jsonl files, each also as .gz, or folders of them) into OUTDIR.

    Articles unchanged since an earlier run into the same OUTDIR are taken from its cache; a run
    that was stopped (Ctrl-C, a kill) finishes when started again.
    """
    from .runner import RunInterrupted, RunOptions
    from .runner import run as run_corpus

    if address and engine != "ray":
        raise click.UsageError("--address needs --engine ray")
    progress = _Progress(quiet)
    previous_handler = signal.signal(signal.SIGTERM, _interrupt)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.simplefilter("ignore", ResourceWarning)  # a file left open by a Ctrl-C is no news to the user
            if quiet:  # Ray's own notices (its actor pool's sizing, its settings) are not about the articles
                warnings.filterwarnings("ignore", module=r"ray(\.|$)")
            warnings.showwarning = _show_warning
            manifest = run_corpus(RunOptions(
                paths=list(paths), outdir=outdir, workers=workers, model=model, rules_dir=rules_dir,
                force=force, engine=engine, address=address, batch_size=batch_size,
                article_timeout=article_timeout, max_chars=max_chars,
                on_start=progress.start, on_article=progress.advance,
            ))
    except RunInterrupted as stopped:
        progress.close()
        click.echo(f"claimex: interrupted: {stopped}", err=True)
        sys.exit(stopped.exit_code)
    finally:
        signal.signal(signal.SIGTERM, previous_handler)
    progress.close()
    counts = manifest.counts
    if not quiet:
        cached = f", {manifest.skipped_unchanged} unchanged (cached)" if manifest.skipped_unchanged else ""
        click.echo(
            f"{counts['articles']} articles ({counts['failed']} failed{cached}), {counts['figures']} figures, "
            f"{counts['flags']} flags -> {outdir / 'records.jsonl'} in {manifest.seconds:.1f}s",
            err=True,
        )
    _report_failures(manifest.failures, outdir, quiet=quiet)
    sys.exit(1 if counts["failed"] else 0)


def _report_failures(failures: list[Failure], outdir: Path, *, quiet: bool) -> None:
    """Each failure on its own line (the first `SHOWN_FAILURES`), or one line for all under --quiet."""
    where = outdir / "manifest.json"
    if quiet:
        if failures:
            click.echo(f"claimex: {len(failures)} articles failed; their reasons are in {where}", err=True)
        return
    for failure in failures[:SHOWN_FAILURES]:
        click.echo(f"claimex: failed: {'; '.join(failure.reasons)}", err=True)
    if len(failures) > SHOWN_FAILURES:
        click.echo(f"claimex: … and {len(failures) - SHOWN_FAILURES} more failures, all in {where}", err=True)


@main.command()
def schema() -> None:
    """Print the JSON Schema of one records.jsonl line."""
    from .schema import record_json_schema

    click.echo(json.dumps(record_json_schema(), indent=2))


@main.group()
def rules() -> None:
    """Work with rule files."""


@rules.command("check")
@click.argument("directory", required=False, type=click.Path(path_type=Path))
def rules_check(directory: Path | None) -> None:
    """Validate the built-in rules, and DIRECTORY layered over them if given."""
    from .rules import load_rules

    ruleset = load_rules(user_dir=directory)
    click.echo(f"ok: {len(ruleset)} rules in {len(ruleset.keys())} files (sha256 {ruleset.sha256[:12]})")


class _Progress:
    """A progress bar on stderr (articles/s and time left) when it is a terminal and not --quiet."""

    def __init__(self, quiet: bool) -> None:
        self.enabled = not quiet and sys.stderr.isatty()
        self.bar: tqdm | None = None

    def start(self, total: int) -> None:
        if self.enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="article", desc="claimex", file=sys.stderr, dynamic_ncols=True)

    def advance(self, article_id: str) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM stops a run the way Ctrl-C does: cleanly, keeping what is done."""
    raise KeyboardInterrupt


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: TextIO | None = None, line: str | None = None) -> None:
    """Warnings (e.g. a missing model) as one `claimex: warning:` line instead of Python's two."""
    click.echo(f"claimex: warning: {message}", err=True)


@main.command()
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on; anything but loopback exposes the app to your network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port (0: any free one).")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Also answer requests for this host name or address (repeatable); loopback names are always "
                   "answered, and the machine's own names too when --host is not loopback.")
def review(outdir: Path, host: str, port: int, allow_hosts: tuple[str, ...]) -> None:
    """Review the flags of the run in OUTDIR in a browser; decisions go to OUTDIR/review.sqlite at once."""
    from .review import LOOPBACK_HOSTS, serve

    if host not in LOOPBACK_HOSTS:
        click.echo(f"claimex review: warning: listening on {host}; anyone who can reach it can read the run "
                   "and record decisions", err=True)

    def announce(url: str) -> None:
        click.echo(f"claimex review: {outdir / 'records.jsonl'} at {url} (Ctrl-C to stop)", err=True)

    try:
        serve(outdir, host=host, port=port, allow_hosts=allow_hosts, on_ready=announce)
    except OSError as error:
        raise click.UsageError(f"cannot listen on {host}:{port}: {error.strerror or error}") from error
    except KeyboardInterrupt:
        click.echo("claimex review: stopped; decisions are saved.", err=True)


@main.command()
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="HTML file to write (default: OUTDIR/report.html).")
def report(outdir: Path, output: Path | None) -> None:
    """Write a self-contained HTML report of the run in OUTDIR, with review decisions."""
    from .report import write_report

    target = write_report(outdir, output or outdir / "report.html")
    click.echo(f"claimex report: {target}", err=True)


@main.command()
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--to", "format_", required=True, type=click.Choice(["csv", "parquet", "sqlite", "label-studio",
                                                                   "claimreview"]),
              help="Target format.")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="File or folder to write (default: inside OUTDIR, named after the format).")
@click.option("--reviewed", is_flag=True, help="Apply review decisions: mark dismissed flags, carry corrections.")
def export(outdir: Path, format_: str, output: Path | None, reviewed: bool) -> None:
    """Export the run in OUTDIR as tables (csv, parquet, sqlite) or for other tools (label-studio, claimreview)."""
    from .export import export_run

    written = export_run(outdir, format_, output, reviewed=reviewed)
    click.echo(f"claimex export: {written}", err=True)
