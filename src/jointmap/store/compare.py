"""Comparing two stores' derived tables: used by ``rebuild`` checks and ``verify --db``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from jointmap.store import schema as s

__all__ = ["table_contents"]


def table_contents(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every derived table's rows, sorted, as plain tuples: equal dicts mean equal content."""
    contents: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        for table in s.view_tables():
            rows = [tuple(r) for r in conn.execute(select(table))]
            contents[table.name] = sorted(rows, key=repr)
    return contents
