"""Web subcommands: ``serve`` (the map, dashboard, review queue and API) and ``user`` accounts."""

from __future__ import annotations

from typing import Any

import click

from jointmap.cli.base import Context, cli, err, out, pass_ctx
from jointmap.settings import SETTINGS, Settings, env_name, export_settings, load_settings
from jointmap.store.accounts import Role, create_api_key, create_user

__all__ = ["run_server", "serve", "serve_demo", "setting_options", "user"]


def setting_options(func: Any) -> Any:
    """One ``--<name>`` flag per row of the settings table (database comes from the group's --db)."""
    for setting in reversed(SETTINGS):
        if setting.name == "database":
            continue
        flag = setting.flag or "--" + setting.name.replace("_", "-")
        help_text = f"{setting.help} [env {env_name(setting.name)}; default {setting.default!r}]"
        if setting.kind is bool:
            func = click.option(
                f"{flag}/--no-{setting.name.replace('_', '-')}", setting.name, default=None, help=help_text
            )(func)
        else:
            func = click.option(flag, setting.name, type=setting.kind, default=None, help=help_text)(func)
    return func


def run_server(settings: Settings) -> None:
    """Serve until Ctrl-C (uvicorn; several workers re-open the store from ``settings.database``)."""
    import uvicorn

    from jointmap.api import create_app

    out.print(
        f"jointmap serving {settings.database} at [bold]http://{settings.host}:{settings.port}/map[/]"
        " (Ctrl-C stops)",
        soft_wrap=True,
    )
    if settings.workers > 1:
        export_settings(settings)  # each worker process builds its app from the environment
        uvicorn.run(
            "jointmap.api.serve:app",
            host=settings.host,
            port=settings.port,
            workers=settings.workers,
            log_level="warning",
        )
    else:
        uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="warning")
    out.print("jointmap stopped")


@cli.command()
@setting_options
@pass_ctx
def serve(obj: Context, /, **flags: Any) -> None:
    """Serve the HTTP API (OpenAPI at /docs), the map, the dashboard and the review queue.

    Every option can also be set with an environment variable JOINTMAP_<NAME>; see docs/deploy.md.
    """
    flags["database"] = obj.db if obj.db_given else None
    run_server(load_settings(flags))


@cli.group()
def user() -> None:
    """User accounts and API keys of this server (kept outside the log)."""


@user.command("add")
@click.argument("username")
@click.option("--org", "organisation", required=True, help="Organisation the user acts for.")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.password_option(help="Password (prompted when not given).")
@pass_ctx
def user_add(obj: Context, username: str, organisation: str, role: str, password: str) -> None:
    """Add a user; the password is stored as an argon2id hash."""
    with obj.store() as store:
        created = create_user(store.engine, username, password, organisation, Role(role))
    out.print(f"added {created.username} ({created.role.value} for {created.organisation})")


@user.command("key")
@click.option("--org", "organisation", required=True, help="Organisation the key acts for.")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--label", default="", help="What the key is for.")
@pass_ctx
def user_key(obj: Context, organisation: str, role: str, label: str) -> None:
    """Create an API key for an organisation; the secret is printed once."""
    with obj.store() as store:
        secret, key = create_api_key(store.engine, organisation, Role(role), label)
    err.print(f"API key {key.id} for {organisation} ({role}); keep the secret, it is not shown again:")
    out.print(secret, markup=False, highlight=False)


def serve_demo(db: str, host: str | None, port: int | None, keys: str | None = None) -> None:
    """Judge the demo, queue extraction candidates, add demo accounts, print them and serve until Ctrl-C."""
    from rich.table import Table

    from jointmap.api.demo import prepare_demo
    from jointmap.store import Store

    settings = load_settings({"database": db, "host": host, "port": port, "keys_dir": keys})
    with Store.open(db, keys=settings.keys_path) as store:
        accounts = prepare_demo(store)
    if accounts:
        table = Table(title="Demo accounts (passwords shown once)")
        for column in ("username", "password", "organisation", "role"):
            table.add_column(column)
        for a in accounts:
            table.add_row(a.username, a.password, a.organisation, a.role.value)
        out.print(table)
    run_server(settings)
