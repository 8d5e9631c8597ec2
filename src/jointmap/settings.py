"""Server settings: one table of name, default and help; each overridable by ``JOINTMAP_<NAME>`` and a flag.

Precedence, lowest first: the default in ``SETTINGS``, the environment variable, the command-line flag
(``jointmap serve --port 9000``). ``jointmap serve --help`` and ``docs/deploy.md`` list the same table.
The keys directory follows the rule every command uses (``jointmap.ledger.keyring.resolve_keys_dir``):
``--keys``, else ``$JOINTMAP_KEYS``, else ``keys/`` beside the SQLite database.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from jointmap.databases import DATABASE_ENV, DEFAULT_DB
from jointmap.ledger.keyring import KEYS_ENV, resolve_keys_dir

__all__ = ["SETTINGS", "Setting", "Settings", "env_name", "export_settings", "load_settings"]


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | int | float | bool | None
    help: str
    kind: type = str
    #: environment variable, when not ``JOINTMAP_<NAME>``
    env: str | None = None
    #: command-line flag, when not ``--<name>``
    flag: str | None = None


#: The settings table. Add a row here and a field to ``Settings``; flags and env vars follow.
SETTINGS: tuple[Setting, ...] = (
    Setting("host", "127.0.0.1", "Address to listen on (0.0.0.0 behind a reverse proxy only)."),
    Setting("port", 8000, "TCP port to listen on.", int),
    Setting("database", DEFAULT_DB, "SQLite path or SQLAlchemy URL (postgresql://…) of the store."),
    Setting(
        "tile_url",
        "",
        "XYZ tile URL template for a basemap, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png; "
        "empty: offline outlines only.",
    ),
    Setting("tile_attribution", "", "Attribution shown under the tile basemap (required by most providers)."),
    Setting(
        "keys_dir",
        "",
        "Keys directory: private keys of organisations that chose custodial signing and of the log "
        "organisation (signs checkpoints); empty: keys/ beside the SQLite database.",
        env=KEYS_ENV,
        flag="--keys",
    ),
    Setting(
        "log_origin",
        "",
        "Origin line of new checkpoints (the log's name); empty: the log's own, set by its first checkpoint.",
    ),
    Setting("workers", 1, "Worker processes for uvicorn (use several with PostgreSQL).", int),
    Setting("secure_cookies", False, "Send session cookies only over HTTPS (set behind TLS).", bool),
    Setting("session_hours", 12, "Lifetime of a browser session in hours.", int),
    Setting("login_attempts", 5, "Failed logins allowed per user and per client address per window.", int),
    Setting("login_window_seconds", 300, "Window of the login rate limit, in seconds.", int),
    Setting("aggregate_above", 2000, "Map: above this many incidents in view, send grid counts.", int),
)


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    database: str = DEFAULT_DB
    tile_url: str = ""
    tile_attribution: str = ""
    keys_dir: str = ""
    log_origin: str = ""
    workers: int = 1
    secure_cookies: bool = False
    session_hours: int = 12
    login_attempts: int = 5
    login_window_seconds: int = 300
    aggregate_above: int = 2000

    @property
    def keys_path(self) -> Path:
        """``keys_dir``, or (empty) ``$JOINTMAP_KEYS``, else ``keys/`` beside the SQLite database."""
        return resolve_keys_dir(self.keys_dir or None, self.database)


def env_name(name: str) -> str:
    """The environment variable of setting ``name``."""
    for setting in SETTINGS:
        if setting.name == name and setting.env:
            return setting.env
    return f"JOINTMAP_{name.upper()}"


def _convert(setting: Setting, raw: Any) -> Any:
    if raw is None:
        return None
    if setting.kind is bool:
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in {"1", "true", "yes", "on"}:
            return True
        if text in {"0", "false", "no", "off", ""}:
            return False
        raise ValueError(f"{env_name(setting.name)}: expected true or false, got {raw!r}")
    try:
        return setting.kind(raw)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{env_name(setting.name)}: expected {setting.kind.__name__}, got {raw!r}") from exc


def load_settings(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Defaults ← ``JOINTMAP_<NAME>`` environment variables ← ``overrides`` (flags; None means not given)."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        value: Any = setting.default
        if env_name(setting.name) in env:
            value = _convert(setting, env[env_name(setting.name)])
        given = (overrides or {}).get(setting.name)
        if given is not None:
            value = _convert(setting, given)
        values[setting.name] = value
    # JOINTMAP_DB is what every other command reads; honour it when JOINTMAP_DATABASE is not set.
    if env_name("database") not in env and DATABASE_ENV in env and (overrides or {}).get("database") is None:
        values["database"] = env[DATABASE_ENV]
    known = {f.name for f in fields(Settings)}
    assert known == {s.name for s in SETTINGS}, "SETTINGS and Settings disagree"
    return Settings(**values)


def export_settings(settings: Settings, environ: dict[str, str] | None = None) -> None:
    """Write every setting into the environment (default ``os.environ``), for worker processes that call
    ``load_settings()`` themselves (``jointmap serve --workers N``)."""
    env = os.environ if environ is None else environ
    for setting in SETTINGS:
        value = getattr(settings, setting.name)
        if value is not None:
            env[env_name(setting.name)] = str(value).lower() if isinstance(value, bool) else str(value)
