"""A space-time index of incidents: an SQLite R*Tree over (lon, lat, julian day), kept by triggers.

``incidents_rtree`` holds one box per incident row (keyed by the incidents table's rowid): its bounding box
and its date interval. Triggers on ``incidents`` keep it in step with every insert, replace and delete, so the
log-first write path needs to know nothing about it. A bounding-box + time query then touches only the
matching rows instead of scanning one side of a date range.

The index is derived data: ``ensure_spatial_index`` creates (or repairs) it; it is called by migration 0003,
by the HTTP server at start and, through an ``after_create`` hook on the incidents table, whenever ``rebuild``
re-creates that table in a process that imported this module. PostgreSQL needs none of this (a btree on
dates plus a GiST index under PostGIS does the same job); there the functions do nothing.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, event, text

from jointmap.store import schema as s
from jointmap.store.engine import on_sqlite

__all__ = ["RTREE", "ensure_spatial_index", "has_rtree"]

RTREE = "incidents_rtree"

_TRIGGERS = {
    f"{RTREE}_ai": f"""
        CREATE TRIGGER IF NOT EXISTS {RTREE}_ai AFTER INSERT ON incidents BEGIN
          INSERT INTO {RTREE} VALUES (new.rowid, new.minx, new.maxx, new.miny, new.maxy,
                                      julianday(new.date_start), julianday(new.date_end));
        END""",
    f"{RTREE}_ad": f"""
        CREATE TRIGGER IF NOT EXISTS {RTREE}_ad AFTER DELETE ON incidents BEGIN
          DELETE FROM {RTREE} WHERE id = old.rowid;
        END""",
    f"{RTREE}_au": f"""
        CREATE TRIGGER IF NOT EXISTS {RTREE}_au AFTER UPDATE ON incidents BEGIN
          DELETE FROM {RTREE} WHERE id = old.rowid;
          INSERT INTO {RTREE} VALUES (new.rowid, new.minx, new.maxx, new.miny, new.maxy,
                                      julianday(new.date_start), julianday(new.date_end));
        END""",
}


def _install(conn: Connection) -> None:
    conn.execute(
        text(f"CREATE VIRTUAL TABLE IF NOT EXISTS {RTREE} USING rtree(id, minx, maxx, miny, maxy, t0, t1)")
    )
    existing = {
        r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).fetchall()
    }
    missing = [name for name in _TRIGGERS if name not in existing]
    if not missing:
        return
    # Triggers were missing (a fresh table, or one re-created by rebuild): refill the index from the table.
    for name in _TRIGGERS:
        conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
    conn.execute(text(f"DELETE FROM {RTREE}"))
    conn.execute(
        text(
            f"INSERT INTO {RTREE} SELECT rowid, minx, maxx, miny, maxy, julianday(date_start), "
            "julianday(date_end) FROM incidents"
        )
    )
    for ddl in _TRIGGERS.values():
        conn.execute(text(ddl))


def ensure_spatial_index(target: Engine | Connection) -> None:
    """Create the incidents R*Tree and its triggers if missing (SQLite only; a no-op elsewhere)."""
    on_sqlite(target, _install)


def has_rtree(conn: Connection) -> bool:
    if conn.dialect.name != "sqlite":
        return False
    found = conn.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = :n"), {"n": f"{RTREE}_ai"}
    ).first()
    return found is not None


@event.listens_for(s.incidents, "after_create")
def _after_create(_table: object, connection: Connection, **_kw: object) -> None:
    ensure_spatial_index(connection)
