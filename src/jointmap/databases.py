"""Which database a command works on: the one rule every entry point (CLI, store, key directory) follows."""

from __future__ import annotations

import os

__all__ = ["DATABASE_ENV", "DEFAULT_DB", "chosen_database"]

DEFAULT_DB = "jointmap.db"
DATABASE_ENV = "JOINTMAP_DB"


def chosen_database(db: str | os.PathLike[str] | None) -> str:
    """``db`` if given (and not empty), else ``$JOINTMAP_DB``, else ``./jointmap.db`` (a SQLite path or a
    URL)."""
    return (str(db) if db is not None else "") or os.environ.get(DATABASE_ENV) or DEFAULT_DB
