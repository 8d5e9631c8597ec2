"""Core subcommands: demo, import, rebuild."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.table import Table

from jointmap.cli.base import Context, cli, err, out, pass_ctx, progress_bar
from jointmap.demo import DemoSummary, build_demo
from jointmap.intake import import_files

__all__ = ["demo", "import_", "rebuild"]


def _print_summary(summary: DemoSummary) -> None:
    out.print(f"[bold]Demo database[/] {summary.path}: {summary.entries} log entries", soft_wrap=True)
    counts = Table(title="Records", show_header=True)
    counts.add_column("table")
    counts.add_column("rows", justify="right")
    for name, n in summary.counts.items():
        counts.add_row(name, str(n))
    out.print(counts)
    if summary.keys:
        out.print(f"Every entry signed; organisations' keys in {summary.keys}", soft_wrap=True)
    if summary.checkpoint is not None:
        joint = "joint" if summary.joint else "not joint"
        cosigned = ", ".join(summary.cosigned_by) or "nobody"
        out.print(f"Checkpoint at size {summary.checkpoint}, cosigned by {cosigned} ({joint})")
    for title, rows in (
        ("Incidents by perpetrator", summary.incidents_by_perpetrator),
        ("Incidents by governorate", summary.incidents_by_governorate),
        ("Verdicts by outcome", summary.verdicts_by_outcome),
        ("Violations by responsible actor", summary.violations_by_actor),
    ):
        if not rows:
            continue
        table = Table(title=title)
        table.add_column(title.split(" by ")[1])
        table.add_column(
            "verdicts" if title.startswith(("Verdicts", "Violations")) else "incidents", justify="right"
        )
        for name, n in rows:
            table.add_row(name, str(n))
        out.print(table)


@cli.command()
@click.option("--scenario", default="syria-2016", show_default=True, help="Bundled scenario to load.")
@click.option("--force", is_flag=True, help="Replace an existing database at that path.")
@click.option(
    "--keys",
    "keys_dir",
    metavar="DIR",
    help="Where the organisations' keys go. Default $JOINTMAP_KEYS, else keys/ beside the database.",
)
@click.option("--serve", "serve_it", is_flag=True, help="Then judge it, add demo accounts and serve the map.")
@click.option("--host", default=None, help="With --serve: address to listen on (default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="With --serve: port (default 8000).")
@pass_ctx
def demo(
    obj: Context,
    scenario: str,
    force: bool,
    keys_dir: str | None,
    serve_it: bool,
    host: str | None,
    port: int | None,
) -> None:
    """Build a demo database from a bundled scenario, print a summary and exit (or, with --serve, serve it).

    Without --db the demo goes to ./jointmap-demo.db (not your working database).
    """
    db = obj.db if obj.db_given else "jointmap-demo.db"
    with progress_bar("Building demo") as (advance, set_total):
        summary = build_demo(
            db, scenario=scenario, force=force, progress=advance, on_total=set_total, keys=keys_dir
        )
    _print_summary(summary)
    if serve_it:
        from jointmap.cli.web import serve_demo

        serve_demo(db, host, port, keys=keys_dir)


@cli.command()
@pass_ctx
def rebuild(obj: Context) -> None:
    """Drop every table derived from the log and replay the log's entries into them."""
    with obj.store() as store, progress_bar("Replaying log", store.entry_count()) as (advance, _):
        n = store.rebuild(progress=advance)
    out.print(f"rebuilt {obj.db} from {n} log entries")


@cli.command(name="import")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--date-format", metavar="FMT", help="strptime format for dates that are not ISO 8601, e.g. %m/%d/%Y."
)
@pass_ctx
def import_(obj: Context, files: tuple[Path, ...], date_format: str | None) -> None:
    """Import reports and incidents from JSON, JSONL, CSV or GeoJSON files (see docs/import-format.md).

    Each bad record is reported as file:line: field: problem and skipped; the good ones are stored. Importing
    the same file again adds nothing. Exits 1 when any record was rejected.
    """
    with obj.store() as store:
        author = store.require_organisation(obj.org)
        with progress_bar("Importing") as (advance, _):
            result = import_files(store, list(files), author, date_format=date_format, progress=advance)
    for error in result.errors:
        err.print(str(error), highlight=False, markup=False, soft_wrap=True)
    out.print(f"{result.stored} stored, {result.unchanged} already present, {len(result.errors)} rejected")
    if result.errors:
        sys.exit(1)
