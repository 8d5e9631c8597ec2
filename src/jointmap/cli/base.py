"""The ``jointmap`` command group and what every subcommand shares: database, organisation, progress, errors.

Subcommands live beside this module, one module per stage of the flow, each a thin wrapper over library
functions; ``jointmap.cli`` imports them so they register on ``cli``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from jointmap import __version__
from jointmap.databases import DATABASE_ENV, DEFAULT_DB, chosen_database
from jointmap.errors import JointmapError
from jointmap.store import Store

__all__ = ["Context", "cli", "err", "out", "pass_ctx", "progress_bar"]

err = Console(stderr=True)
out = Console()


class Context:
    """What the group options resolve to: the database and the organisation making writes."""

    def __init__(self, db: str | None, org: str | None) -> None:
        self.db_given = db is not None or DATABASE_ENV in os.environ
        self.db = chosen_database(db)
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


_DB_HELP = f"Database: a SQLite path or a URL. Default $JOINTMAP_DB, else ./{DEFAULT_DB}."
_AS_HELP = "Organisation making the writes. Default $JOINTMAP_ORG."


def _set_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        obj = ctx.find_object(Context)
        if obj is not None:
            obj.db, obj.db_given = value, True


def _set_org(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        obj = ctx.find_object(Context)
        if obj is not None:
            obj.org = value


def _with_common_options(command: click.Command) -> None:
    """Let every subcommand take --db and --as too (``jointmap demo --db X.db`` reads naturally)."""
    names = {p.name for p in command.params}
    if "db" not in names:
        command.params.append(
            click.Option(
                ["--db"],
                metavar="PATH|URL",
                expose_value=False,
                callback=_set_db,
                is_eager=True,
                help=_DB_HELP,
            )
        )
    if "org" not in names and "as_" not in names:
        command.params.append(
            click.Option(
                ["--as", "as_"],
                metavar="ORG",
                expose_value=False,
                callback=_set_org,
                is_eager=True,
                help=_AS_HELP,
            )
        )
    for sub in getattr(command, "commands", {}).values():
        _with_common_options(sub)


class JointmapGroup(click.Group):
    """Turns a JointmapError into a clear one-line message and its exit code, instead of a traceback."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        if parent is None:  # the top-level group: subcommands are all registered by now
            for sub in self.commands.values():
                _with_common_options(sub)
        return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except JointmapError as exc:
            err.print(f"[bold red]error:[/] {exc}", highlight=False, markup=True, soft_wrap=True)
            sys.exit(exc.exit_code)


@click.group(cls=JointmapGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jointmap")
@click.option("--db", metavar="PATH|URL", help=_DB_HELP)
@click.option("--as", "org", metavar="ORG", help=_AS_HELP)
@click.pass_context
def cli(ctx: click.Context, db: str | None, org: str | None) -> None:
    """jointmap: one shared, verifiable record of a ceasefire.

    Reports become located incidents, judged against the agreement and the map of who held what that day;
    every write is appended to a log that can be replayed and verified.
    """
    ctx.obj = Context(db, org)
