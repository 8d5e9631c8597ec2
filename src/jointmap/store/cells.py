"""Incident counts per day and grid cell, kept by triggers: what the map draws at low zoom.

``incident_cells`` holds, for each of a few zoom levels (``LEVELS``), one row per (day, cell, status, event
type, span) with the number of incidents, their fatalities, how many have a current ``violation`` verdict and
the sums of their coordinates (for the cell's centre of mass). A cell at zoom ``z`` is ``cell_degrees(z)``
degrees square, numbered from (-180, -90); the grids nest (a cell at ``z`` is 2 x 2 cells at ``z + 1``), so a
request at a zoom between two stored levels groups the finer level's cells by ``cell_x >> k``. ``day`` is the
incident's first day (an integer: ``CAST(julianday(date_start) AS INTEGER)``) and ``span`` its length in days
minus one, so a date filter can select the rows of incidents overlapping a window exactly.

Like the R*Tree of ``jointmap.store.spatial`` it is derived data, outside the SQLAlchemy metadata (no
migration; ``rebuild`` never touches it directly). Triggers keep it in step:

* on ``incidents`` (insert, update, delete): the old row's contribution is taken out, the new one's added;
* on ``verdicts`` (insert, update, delete): when an incident gains its first current ``violation`` verdict or
  loses its last one, its cells' ``violations`` change by one. So the map's colours follow verdicts. Rows of
  ``batch_verdicts`` are written in bulk only, and shift the cells set-based (``violations_set_based``); a
  run of verdict entries in one transaction gathers its shifts and applies them once
  (``deferred_violation_shifts``, used by ``apply_in_order``).

``ensure_incident_cells`` creates the table and triggers when missing and refills the table (one
``INSERT ... SELECT ... GROUP BY`` per level, the finest from ``incidents``, each coarser one from the level
below). It runs at server start and, through ``after_create`` hooks on ``incidents`` and ``verdicts``,
whenever ``rebuild`` re-creates those tables in a process that imported this module; dropping a table drops
its triggers, and missing triggers are what tells ``ensure`` to refill. ``has_incident_cells`` is false while
any trigger is missing, and readers then use the incidents table. PostgreSQL: a no-op (not built there yet).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress

from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.exc import SQLAlchemyError

from jointmap.store import schema as s
from jointmap.store.engine import fill_temp_ids, on_sqlite

__all__ = [
    "CELLS",
    "CELL_PIXELS",
    "DAY",
    "GRAINS",
    "LEVELS",
    "MONTH",
    "TRIGGERS",
    "YEAR",
    "cell_degrees",
    "deferred_violation_shifts",
    "ensure_incident_cells",
    "has_incident_cells",
    "incidents_set_based",
    "shift_violations",
    "violations_set_based",
]

CELLS = "incident_cells"

#: Zoom levels stored. A request at zoom ``z`` reads the smallest stored level >= ``z``; above the last one
#: the view is small enough for the incidents table (and its R*Tree).
LEVELS = (2, 4, 6, 8)

#: Screen pixels per cell side (256-pixel tiles).
CELL_PIXELS = 48

#: Time grains: rows per first day (with the span), per first month and per first year (span 0). A date
#: window is answered with years and months where it covers them whole, and days at its edges.
DAY, MONTH, YEAR = 0, 1, 2
GRAINS = (DAY, MONTH, YEAR)
_GRAIN_START = {MONTH: "start of month", YEAR: "start of year"}

_KEY = ("zoom_level", "grain", "day", "cell_x", "cell_y", "status", "event_type", "span")

_DDL = f"""
    CREATE TABLE IF NOT EXISTS {CELLS} (
      zoom_level INTEGER NOT NULL,
      grain INTEGER NOT NULL,
      day INTEGER NOT NULL,
      cell_x INTEGER NOT NULL,
      cell_y INTEGER NOT NULL,
      status TEXT NOT NULL,
      event_type TEXT NOT NULL,
      span INTEGER NOT NULL,
      n INTEGER NOT NULL,
      fatalities INTEGER NOT NULL,
      violations INTEGER NOT NULL,
      sum_lon REAL NOT NULL,
      sum_lat REAL NOT NULL,
      PRIMARY KEY ({", ".join(_KEY)})
    ) WITHOUT ROWID"""

_SPAN_INDEX = f"CREATE INDEX IF NOT EXISTS {CELLS}_span ON {CELLS} (zoom_level, grain, span)"


def cell_degrees(zoom: int) -> float:
    """Side of a grid cell at ``zoom``: ``CELL_PIXELS`` screen pixels (exact in binary: 67.5 / 2**zoom)."""
    return CELL_PIXELS * 360.0 / (256 * 2.0**zoom)


def _violation(subject: str, other_than: str | None = None) -> str:
    """SQL: does ``subject`` have a current violation verdict, whole or batch (optionally ignoring one
    ``verdicts`` rowid)?"""
    extra = f" AND v.rowid != {other_than}" if other_than else ""
    return (
        f"(EXISTS (SELECT 1 FROM verdicts v WHERE v.subject = {subject} AND v.current "
        f"AND v.outcome = 'violation'{extra}) OR EXISTS (SELECT 1 FROM batch_verdicts b "
        f"JOIN verdict_templates t ON t.id = b.template WHERE b.subject = {subject} AND b.current "
        "AND t.outcome = 'violation'))"
    )


def _key_columns(row: str, level: int, grain: int = DAY) -> list[str]:
    deg = repr(cell_degrees(level))
    start = f"{row}.date_start" if grain == DAY else f"date({row}.date_start, {_GRAIN_START[grain]!r})"
    span = (
        f"CAST(julianday({row}.date_end) - julianday({row}.date_start) AS INTEGER)" if grain == DAY else "0"
    )
    return [
        str(level),
        str(grain),
        f"CAST(julianday({start}) AS INTEGER)",
        f"CAST(({row}.lon + 180.0) / {deg} AS INTEGER)",
        f"CAST(({row}.lat + 90.0) / {deg} AS INTEGER)",
        f"{row}.status",
        f"{row}.event_type",
        span,
    ]


def _key_values(row: str, level: int, grain: int = DAY) -> str:
    return ", ".join(_key_columns(row, level, grain))


def _key_match(row: str, level: int, grain: int = DAY) -> str:
    return f"({', '.join(_KEY)}) = ({_key_values(row, level, grain)})"


def _add(level: int, grain: int) -> str:
    return f"""
          INSERT INTO {CELLS} VALUES ({_key_values("new", level, grain)}, 1, new.fatalities_best,
                                      {_violation("new.id")}, new.lon, new.lat)
          ON CONFLICT ({", ".join(_KEY)}) DO UPDATE SET n = n + 1,
            fatalities = fatalities + excluded.fatalities, violations = violations + excluded.violations,
            sum_lon = sum_lon + excluded.sum_lon,
            sum_lat = sum_lat + excluded.sum_lat;"""


def _remove(level: int, grain: int) -> str:
    return f"""
          UPDATE {CELLS} SET n = n - 1, fatalities = fatalities - old.fatalities_best,
            violations = violations - {_violation("old.id")}, sum_lon = sum_lon - old.lon,
            sum_lat = sum_lat - old.lat
          WHERE {_key_match("old", level, grain)};
          DELETE FROM {CELLS} WHERE {_key_match("old", level, grain)} AND n <= 0;"""


def _shift(subject: str, delta: str) -> str:
    """Statements adding ``delta`` (an SQL expression) to the violations of ``subject``'s cells."""
    return "".join(
        f"""
          UPDATE {CELLS} SET violations = violations + ({delta})
          WHERE ({delta}) != 0 AND ({", ".join(_KEY)}) =
            (SELECT {_key_values("i", level, grain)} FROM incidents i WHERE i.id = {subject});"""
        for level in LEVELS
        for grain in GRAINS
    )


_IS_CV_OLD = "(old.current AND old.outcome = 'violation')"
_IS_CV_NEW = "(new.current AND new.outcome = 'violation')"

#: Trigger names used before the pause existed: dropped on install so two versions never both count.
_RETIRED = tuple(f"{CELLS}_{x}" for x in ("ai", "ad", "au", "vi", "vd", "vu"))

_TRIGGERS = {
    f"{CELLS}_incident_i": f"""
        CREATE TRIGGER {CELLS}_incident_i AFTER INSERT ON incidents BEGIN
          {"".join(_add(lv, g) for lv in LEVELS for g in GRAINS)}
        END""",
    f"{CELLS}_incident_d": f"""
        CREATE TRIGGER {CELLS}_incident_d AFTER DELETE ON incidents BEGIN
          {"".join(_remove(lv, g) for lv in LEVELS for g in GRAINS)}
        END""",
    f"{CELLS}_incident_u": f"""
        CREATE TRIGGER {CELLS}_incident_u AFTER UPDATE ON incidents BEGIN
          {"".join(_remove(lv, g) for lv in LEVELS for g in GRAINS)}
          {"".join(_add(lv, g) for lv in LEVELS for g in GRAINS)}
        END""",
    # An incident's violation flag changes only when its first current violation verdict appears or its last
    # one goes; the WHEN clauses skip every other verdict write.
    f"{CELLS}_verdict_i": f"""
        CREATE TRIGGER {CELLS}_verdict_i AFTER INSERT ON verdicts
        WHEN {_IS_CV_NEW} AND NOT {_violation("new.subject", "new.rowid")} BEGIN
          {_shift("new.subject", "1")}
        END""",
    f"{CELLS}_verdict_d": f"""
        CREATE TRIGGER {CELLS}_verdict_d AFTER DELETE ON verdicts
        WHEN {_IS_CV_OLD} AND NOT {_violation("old.subject")} BEGIN
          {_shift("old.subject", "-1")}
        END""",
    f"{CELLS}_verdict_u": f"""
        CREATE TRIGGER {CELLS}_verdict_u AFTER UPDATE ON verdicts
        WHEN {_IS_CV_OLD} IS NOT {_IS_CV_NEW} OR old.subject IS NOT new.subject BEGIN
          {
        _shift(
            "old.subject",
            f"{_violation('old.subject')} - ({_IS_CV_OLD} OR {_violation('old.subject', 'new.rowid')})",
        )
    }
          {
        _shift(
            "new.subject",
            f"CASE WHEN old.subject IS new.subject THEN 0 ELSE "
            f"{_violation('new.subject')} - {_violation('new.subject', 'new.rowid')} END",
        )
    }
        END""",
}


#: Names of the triggers (a bulk load may drop them; ``ensure_incident_cells`` then refills the table).
TRIGGERS = tuple(_TRIGGERS)


def _refill(conn: Connection) -> None:
    conn.execute(text(f"DELETE FROM {CELLS}"))
    finest = LEVELS[-1]
    conn.execute(
        text(
            f"""INSERT INTO {CELLS}
            SELECT {_key_values("i", finest)}, count(*), sum(i.fatalities_best),
                   sum({_violation("i.id")}),
                   sum(i.lon), sum(i.lat)
            FROM incidents i GROUP BY 1, 2, 3, 4, 5, 6, 7, 8"""
        )
    )
    _coarsen(conn, CELLS, "sum(n), sum(fatalities), sum(violations), sum(sum_lon), sum(sum_lat)")


def _coarsen(conn: Connection, table: str, sums: str) -> None:
    """Fill ``table`` (keyed like the cells) from its finest level's day rows, summing ``sums``: the month
    and year rows of that level, then each coarser level from the level below (the grids nest)."""
    finest = LEVELS[-1]
    for coarse, finer in ((MONTH, DAY), (YEAR, MONTH)):
        start = f"CAST(julianday(date(day + 0.5, {_GRAIN_START[coarse]!r})) AS INTEGER)"
        conn.execute(
            text(
                f"""INSERT INTO {table}
                SELECT zoom_level, {coarse}, {start}, cell_x, cell_y, status, event_type, 0, {sums}
                FROM {table} WHERE zoom_level = {finest} AND grain = {finer} GROUP BY 3, 4, 5, 6, 7"""
            )
        )
    for finer, level in zip(LEVELS[::-1], LEVELS[-2::-1], strict=False):
        k = finer - level
        conn.execute(
            text(
                f"""INSERT INTO {table}
                SELECT {level}, grain, day, cell_x >> {k}, cell_y >> {k}, status, event_type, span, {sums}
                FROM {table} WHERE zoom_level = {finer} GROUP BY 2, 3, 4, 5, 6, 7, 8"""
            )
        )


def _existing(conn: Connection, kind: str) -> set[str]:
    rows = conn.execute(text("SELECT name FROM sqlite_master WHERE type = :k"), {"k": kind}).fetchall()
    return {r[0] for r in rows}


def _install(conn: Connection) -> None:
    tables = _existing(conn, "table")
    if not {s.incidents.name, s.verdict_records.name, s.batch_verdicts.name} <= tables:
        return  # rebuild creates one before the other: the second one's hook installs everything
    fresh = CELLS not in tables
    conn.execute(text(_DDL))
    conn.execute(text(_SPAN_INDEX))
    triggers = _existing(conn, "trigger")
    if not fresh and set(_TRIGGERS) <= triggers and not triggers & set(_RETIRED):
        return
    # Triggers were missing (a new table, or incidents/verdicts re-created by rebuild): refill from incidents.
    for name in (*_TRIGGERS, *_RETIRED):
        conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
    _refill(conn)
    for ddl in _TRIGGERS.values():
        conn.execute(text(ddl))


def ensure_incident_cells(target: Engine | Connection) -> None:
    """Create ``incident_cells`` and its triggers if missing, refilling it (SQLite only; else a no-op)."""
    on_sqlite(target, _install)


def has_incident_cells(conn: Connection) -> bool:
    """True when the cells exist and every trigger keeps them current (SQLite only)."""
    if conn.dialect.name != "sqlite":
        return False
    found = conn.execute(
        text(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN "
            f"({', '.join(repr(n) for n in _TRIGGERS)})"
        )
    ).scalar_one()
    return int(found) == len(_TRIGGERS)


def _flagged(conn: Connection, ids: str) -> set[tuple[str, str]]:
    """(subject, agreement) of the current violation verdicts on the subjects in ``temp.<ids>``."""
    # Two queries, not one over the all_verdicts view: SQLite would materialise a compound view in a join.
    whole = text(
        f"SELECT v.subject, v.agreement FROM temp.{ids} c CROSS JOIN verdicts v ON v.subject = c.id "
        "WHERE v.current AND v.outcome = 'violation'"
    )
    batch = text(
        f"SELECT b.subject, b.agreement FROM temp.{ids} c CROSS JOIN batch_verdicts b ON b.subject = c.id "
        "JOIN verdict_templates t ON t.id = b.template WHERE b.current AND t.outcome = 'violation'"
    )
    return {(r[0], r[1]) for r in conn.execute(whole)} | {(r[0], r[1]) for r in conn.execute(batch)}


# The small temporary table goes first in every join below (CROSS JOIN fixes SQLite's join order): the
# planner, without statistics, would otherwise scan incidents or verdicts once per batch.
@contextmanager
def _without_triggers(conn: Connection, table: str) -> Iterator[None]:
    """Drop the per-row triggers on ``table`` ("incident" or "verdict") for the body, then create them
    again, all inside the caller's transaction (other connections never see them missing). Even with a
    WHEN clause that skips them, SQLite pays for a trigger on every row: a third of a bulk insert."""
    names = [n for n in _TRIGGERS if n.startswith(f"{CELLS}_{table}_")]
    for name in names:
        conn.execute(text(f"DROP TRIGGER {name}"))
    try:
        yield
    finally:
        for name in names:
            conn.execute(text(_TRIGGERS[name]))


#: What the cells need of each incident of a bulk write, read once into ``temp.cells_rows`` (with its
#: violation flag, and for a verdict write the shift of that flag): the twelve statements per level and
#: grain then aggregate a small in-memory table instead of looking every incident up twelve times.
_ROW_COLUMNS = "date_start, date_end, lon, lat, status, event_type, fatalities_best"


def _materialise(conn: Connection, source: str, extra: str) -> None:
    """``temp.cells_rows``: the incidents joined by ``source`` (a FROM clause naming incidents ``i``),
    their ``_ROW_COLUMNS`` and ``extra`` (``violating`` and ``delta`` expressions)."""
    conn.execute(text("DROP TABLE IF EXISTS temp.cells_rows"))
    columns = ", ".join(f"i.{c}" for c in _ROW_COLUMNS.split(", "))
    conn.execute(text(f"CREATE TEMP TABLE cells_rows AS SELECT {columns}, {extra} FROM {source}"))


def _aggregates(level: int, grain: int, measures: str) -> tuple[str, str]:
    """(SELECT of ``measures`` per cell over temp.cells_rows, its key column names)."""
    columns = _key_columns("i", level, grain)
    keys = ", ".join(f"k{n}" for n in range(len(columns)))
    select = (
        f"SELECT {', '.join(f'{c} AS k{n}' for n, c in enumerate(columns))}, {measures} "
        f"FROM temp.cells_rows i WHERE true GROUP BY {keys}"
    )
    return select, keys


_COUNTS = (
    "count(*) AS dn, sum(i.fatalities_best) AS df, sum(i.violating) AS dv, sum(i.lon) AS dx, sum(i.lat) AS dy"
)


@contextmanager
def incidents_set_based(conn: Connection, ids: Sequence[str]) -> Iterator[None]:
    """Around a bulk write of incidents ``ids`` (old rows deleted, new ones inserted): the per-row incident
    triggers stand aside; the old rows leave their cells before the write, the new rows join theirs after
    it, in one statement per level and grain. Same cells as the triggers would give."""
    if not has_incident_cells(conn):
        yield
        return
    fill_temp_ids(conn, "cells_ids", ids)
    cells_key = ", ".join(f"{CELLS}.{k}" for k in _KEY)
    present = "SELECT 1 FROM temp.cells_ids c CROSS JOIN incidents i ON i.id = c.id LIMIT 1"
    source = "temp.cells_ids c CROSS JOIN incidents i ON i.id = c.id"
    extra = f"{_violation('i.id')} AS violating"
    if conn.execute(text(present)).first():
        _materialise(conn, source, extra)
        for level in LEVELS:
            for grain in GRAINS:
                select, keys = _aggregates(level, grain, _COUNTS)
                conn.execute(
                    text(
                        f"""UPDATE {CELLS} SET n = n - d.dn, fatalities = fatalities - d.df,
                          violations = violations - d.dv, sum_lon = sum_lon - d.dx, sum_lat = sum_lat - d.dy
                        FROM ({select}) AS d WHERE ({cells_key}) = ({keys})"""
                    )
                )
        conn.execute(text(f"DELETE FROM {CELLS} WHERE n <= 0"))
    with _without_triggers(conn, "incident"):
        yield
    _materialise(conn, source, extra)
    for level in LEVELS:
        for grain in GRAINS:
            select, _ = _aggregates(level, grain, _COUNTS)
            conn.execute(
                text(
                    f"""INSERT INTO {CELLS} {select}
                    ON CONFLICT ({", ".join(_KEY)}) DO UPDATE SET n = n + excluded.n,
                      fatalities = fatalities + excluded.fatalities,
                      violations = violations + excluded.violations,
                      sum_lon = sum_lon + excluded.sum_lon, sum_lat = sum_lat + excluded.sum_lat"""
                )
            )
    conn.execute(text("DELETE FROM temp.cells_ids"))


@contextmanager
def violations_set_based(
    conn: Connection,
    subjects: Sequence[str],
    *,
    ids_table: str | None = None,
    replacing: tuple[str, set[str]] | None = None,
    pause: bool = True,
) -> Iterator[None]:
    """Around a bulk write of verdicts on ``subjects``: the per-row verdict triggers stand aside, and after
    the write each incident whose "has a current violation" flag changed shifts its cells
    (``shift_violations``: now, or at the end of a run of verdict entries). Same cells as the triggers would
    give; a no-op when the cells are not kept.

    ``ids_table``: a temporary table the caller filled with ``subjects`` already. ``replacing``: (agreement,
    subjects whose new verdict is a violation) when the write gives every subject a new current verdict
    under that agreement and touches no other: the flags after it follow without asking the tables again.
    ``pause`` False: the write changes no ``verdicts`` row, so its triggers need not stand aside.
    """
    if not has_incident_cells(conn):
        yield
        return
    if ids_table is None:
        ids_table = "cells_ids"
        fill_temp_ids(conn, ids_table, subjects)
    pairs = _flagged(conn, ids_table)
    before = {s for s, _ in pairs}
    if pause:
        with _without_triggers(conn, "verdict"):
            yield
    else:
        yield
    if replacing is not None:
        agreement, violating = replacing
        after = {s for s, a in pairs if a != agreement} | violating
    else:
        after = {s for s, _ in _flagged(conn, ids_table)}
    shift_violations(conn, [(x, 1) for x in after - before] + [(x, -1) for x in before - after])


#: ``Connection.info`` key: set while ``deferred_violation_shifts`` gathers shifts.
_DEFERRED = "jointmap.cells.deferred"


@contextmanager
def deferred_violation_shifts(conn: Connection) -> Iterator[None]:
    """Inside: ``shift_violations`` only gathers (subject, delta) pairs, and they shift the cells once, on
    leaving. For a run of verdict writes, which read no cell: the cells are updated once per run instead of
    once per entry. A shift is the change of a subject's flag across one write, so shifts add up in any order;
    the incidents must not change inside (a deferred shift goes to the cells of the incident as it is then).
    On an error nothing is shifted: the caller's transaction is being rolled back."""
    if conn.info.get(_DEFERRED) or conn.dialect.name != "sqlite":
        yield
        return
    conn.info[_DEFERRED] = True
    try:
        yield
    except BaseException:
        conn.info.pop(_DEFERRED, None)
        # Normally rolled back with the caller's transaction; emptied here too (best effort), so a caller
        # that goes on after the error cannot carry these shifts into its next write.
        with suppress(SQLAlchemyError):
            conn.exec_driver_sql("DELETE FROM temp.cells_shift")
        raise
    conn.info.pop(_DEFERRED, None)
    _apply_shifts(conn)


#: Where shifts are gathered (per connection): subject → the sum of its deltas.
_SHIFT_TABLE = (
    "CREATE TEMP TABLE IF NOT EXISTS cells_shift (subject TEXT PRIMARY KEY, delta INTEGER NOT NULL)"
)


def shift_violations(conn: Connection, changes: Sequence[tuple[str, int]]) -> None:
    """Add each delta (+1: the subject gained its first current violation verdict, -1: lost its last) to
    the violations of the subject's cells: now, or when ``deferred_violation_shifts`` ends. A no-op when the
    cells are not kept."""
    if not changes or not has_incident_cells(conn):
        return
    conn.exec_driver_sql(_SHIFT_TABLE)
    conn.exec_driver_sql(
        "INSERT INTO temp.cells_shift VALUES (?, ?) "
        "ON CONFLICT (subject) DO UPDATE SET delta = delta + excluded.delta",
        list(changes),
    )
    if not conn.info.get(_DEFERRED):
        _apply_shifts(conn)


def _apply_shifts(conn: Connection) -> None:
    """The gathered shifts added to the cells' violations; the gathering table is emptied."""
    conn.exec_driver_sql(_SHIFT_TABLE)
    if conn.exec_driver_sql("SELECT 1 FROM temp.cells_shift WHERE delta != 0 LIMIT 1").first() is None:
        conn.exec_driver_sql("DELETE FROM temp.cells_shift")
        return
    # The finest level's day rows from the incidents, every other level and grain from those (as a refill
    # does): one pass over the incidents instead of one per level and grain.
    conn.exec_driver_sql("DROP TABLE IF EXISTS temp.cells_delta")
    conn.exec_driver_sql(
        f"""CREATE TEMP TABLE cells_delta AS
        SELECT {", ".join(f"{c} AS {k}" for c, k in zip(_key_columns("i", LEVELS[-1]), _KEY, strict=True))},
               sum(c.delta) AS delta
        FROM temp.cells_shift c CROSS JOIN incidents i ON i.id = c.subject
        WHERE c.delta != 0 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8"""
    )
    conn.exec_driver_sql("DELETE FROM temp.cells_shift")
    _coarsen(conn, "temp.cells_delta", "sum(delta)")
    cells_key = ", ".join(f"{CELLS}.{k}" for k in _KEY)
    conn.exec_driver_sql(
        f"""UPDATE {CELLS} SET violations = violations + d.delta
        FROM (SELECT * FROM temp.cells_delta WHERE delta != 0) AS d
        WHERE ({cells_key}) = ({", ".join(f"d.{k}" for k in _KEY)})"""
    )
    conn.exec_driver_sql("DROP TABLE temp.cells_delta")


@event.listens_for(s.incidents, "after_create")
@event.listens_for(s.verdict_records, "after_create")
@event.listens_for(s.batch_verdicts, "after_create")
def _after_create(_table: object, connection: Connection, **_kw: object) -> None:
    ensure_incident_cells(connection)
