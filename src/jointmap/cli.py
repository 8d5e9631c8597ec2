"""The ``jointmap`` command: thin wrappers over the library's public functions."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from jointmap import __version__
from jointmap.demo import DemoSummary, build_demo
from jointmap.errors import JointmapError
from jointmap.intake import import_files
from jointmap.store import DEFAULT_DB, Store

__all__ = ["main"]

err = Console(stderr=True)
out = Console()


class Context:
    def __init__(self, db: str | None, org: str | None) -> None:
        self.db = db or os.environ.get("JOINTMAP_DB") or DEFAULT_DB
        self.org = org or os.environ.get("JOINTMAP_ORG")

    def store(self) -> Store:
        return Store.open(self.db)


pass_ctx = click.make_pass_decorator(Context)


@contextmanager
def progress_bar(
    label: str, total: int | None = None
) -> Iterator[tuple[Callable[[int], None], Callable[[int], None]]]:
    """(advance, set_total) for a rich progress bar on stderr; silent when stderr is not a terminal."""
    with Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=not err.is_terminal,
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=total)

        def advance(n: int) -> None:
            bar.advance(task, n)

        def set_total(n: int) -> None:
            bar.update(task, total=n)

        yield advance, set_total


class JointmapGroup(click.Group):
    """Turns a JointmapError into a clear one-line message and its exit code, instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except JointmapError as exc:
            err.print(f"[bold red]error:[/] {exc}", highlight=False, markup=True, soft_wrap=True)
            sys.exit(exc.exit_code)


@click.group(cls=JointmapGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jointmap")
@click.option(
    "--db",
    metavar="PATH|URL",
    help=f"Database: a SQLite path or a URL. Default $JOINTMAP_DB, else ./{DEFAULT_DB}.",
)
@click.option("--as", "org", metavar="ORG", help="Organisation making the writes. Default $JOINTMAP_ORG.")
@click.pass_context
def cli(ctx: click.Context, db: str | None, org: str | None) -> None:
    """jointmap: one shared, verifiable record of a ceasefire.

    Reports become located incidents, judged against the agreement and the map of who held what that day;
    every write is appended to a log that can be replayed and verified.
    """
    ctx.obj = Context(db, org)


def _print_summary(summary: DemoSummary) -> None:
    out.print(f"[bold]Demo database[/] {summary.path}: {summary.entries} log entries")
    counts = Table(title="Records", show_header=True)
    counts.add_column("table")
    counts.add_column("rows", justify="right")
    for name, n in summary.counts.items():
        counts.add_row(name, str(n))
    out.print(counts)
    for title, rows in (
        ("Incidents by perpetrator", summary.incidents_by_perpetrator),
        ("Incidents by governorate", summary.incidents_by_governorate),
    ):
        table = Table(title=title)
        table.add_column(title.split(" by ")[1])
        table.add_column("incidents", justify="right")
        for name, n in rows:
            table.add_row(name, str(n))
        out.print(table)


@cli.command()
@click.option("--scenario", default="syria-2016", show_default=True, help="Bundled scenario to load.")
@click.option("--force", is_flag=True, help="Replace an existing database at that path.")
@pass_ctx
def demo(obj: Context, scenario: str, force: bool) -> None:
    """Build a demo database from a bundled scenario, print a summary and exit.

    Without --db the demo goes to ./jointmap-demo.db (not your working database).
    """
    db = obj.db if obj.db != DEFAULT_DB or "JOINTMAP_DB" in os.environ else "jointmap-demo.db"
    with progress_bar("Building demo") as (advance, set_total):
        summary = build_demo(db, scenario=scenario, force=force, progress=advance, on_total=set_total)
    _print_summary(summary)


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


def main() -> None:
    cli(prog_name="jointmap")
