"""Incident queries for the API and the map: filters, paging, GeoJSON and server-side grid aggregation.

On SQLite a bounding-box + time filter over a small box (at most ``RTREE_MAX_AREA`` square degrees, about a
governorate) goes through the ``incidents_rtree`` space-time index (see ``jointmap.store.spatial``); the exact
comparison is repeated on the table (the R*Tree stores 32-bit floats, rounded outwards) so results are exact.
A wide box (a country) selects most of the index, and there the date index or a plain scan is faster than
the R*Tree's row-by-row join, so the index is not used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Float,
    Integer,
    MetaData,
    Select,
    and_,
    exists,
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy import Table as SATable
from sqlalchemy.sql.elements import ColumnElement

from jointmap.store import schema as s
from jointmap.store.cells import CELLS, DAY, LEVELS, MONTH, YEAR, cell_degrees, has_incident_cells
from jointmap.store.spatial import RTREE, has_rtree
from jointmap.store.verdicts import has_current_verdict, read_verdicts

__all__ = [
    "OUTCOME_ORDER",
    "RTREE_MAX_AREA",
    "IncidentFilter",
    "count_incidents",
    "count_up_to",
    "grid_counts",
    "incident_page",
    "incident_rows",
    "summary_grid",
    "verdicts_by_subject",
]

#: Boxes up to this many square degrees use the R*Tree (measured on 1,000,000 incidents over Syria: a
#: 0.25 deg² box with a month is faster through it; the whole country is ~4x slower through it).
RTREE_MAX_AREA = 4.0

_rtree = SATable(
    RTREE,
    MetaData(),
    Column("id", Integer),
    Column("minx", Float),
    Column("maxx", Float),
    Column("miny", Float),
    Column("maxy", Float),
    Column("t0", Float),
    Column("t1", Float),
)

ONE_DAY = timedelta(days=1)

#: Most severe first: an incident judged under several agreements shows its most severe outcome.
OUTCOME_ORDER = ("violation", "indeterminate", "no_violation", "not_covered")


@dataclass(frozen=True)
class IncidentFilter:
    bbox: tuple[float, float, float, float] | None = None
    start: date | None = None
    end: date | None = None
    actor: str | None = None
    side: str | None = None
    event_types: tuple[str, ...] = ()
    outcome: str | None = None
    max_credibility: int | None = None
    statuses: tuple[str, ...] = ("reviewed",)


def _julian(day: date) -> float:
    # Julian day number of midnight at the start of ``day`` (what SQLite's julianday() gives for a date).
    return day.toordinal() + 1721424.5


def _where(f: IncidentFilter, use_rtree: bool) -> tuple[list[ColumnElement[bool]], bool]:
    i = s.incidents.c
    clauses: list[ColumnElement[bool]] = []
    join_rtree = False
    if f.bbox is not None:
        minx, miny, maxx, maxy = f.bbox
        clauses += [i.minx <= maxx, i.maxx >= minx, i.miny <= maxy, i.maxy >= miny]
        if use_rtree:
            join_rtree = True
            clauses += [
                _rtree.c.minx <= maxx,
                _rtree.c.maxx >= minx,
                _rtree.c.miny <= maxy,
                _rtree.c.maxy >= miny,
            ]
    if f.start is not None:
        clauses.append(i.date_end >= f.start.isoformat())
        if use_rtree:
            join_rtree = True
            clauses.append(_rtree.c.t1 >= _julian(f.start))
    if f.end is not None:
        clauses.append(i.date_start <= f.end.isoformat())
        if use_rtree:
            join_rtree = True
            clauses.append(_rtree.c.t0 <= _julian(f.end))
    if f.statuses:
        clauses.append(i.status.in_(f.statuses))
    if f.event_types:
        clauses.append(i.event_type.in_(f.event_types))
    if f.max_credibility is not None:
        clauses.append(i.credibility <= f.max_credibility)
    if f.actor is not None:
        a = s.incident_actors.c
        cond = and_(a.incident_id == i.id, a.actor_id == f.actor)
        if f.side is not None:
            cond = and_(cond, a.side == f.side)
        clauses.append(exists().where(cond))
    if f.outcome is not None:
        clauses.append(
            has_current_verdict(i.id, f.outcome) if f.outcome != "none" else ~has_current_verdict(i.id)
        )
    return clauses, join_rtree


def _use_rtree(conn: Connection, f: IncidentFilter) -> bool:
    if f.bbox is None:
        return False
    minx, miny, maxx, maxy = f.bbox
    return (maxx - minx) * (maxy - miny) <= RTREE_MAX_AREA and has_rtree(conn)


def _apply(query: Select[Any], conn: Connection, f: IncidentFilter) -> Select[Any]:
    clauses, join_rtree = _where(f, _use_rtree(conn, f))
    if join_rtree:
        query = query.select_from(
            s.incidents.join(_rtree, _rtree.c.id == literal_column(f"{s.incidents.name}.rowid"))
        )
    else:
        query = query.select_from(s.incidents)
    return query.where(*clauses) if clauses else query


def count_incidents(conn: Connection, f: IncidentFilter) -> int:
    return int(conn.execute(_apply(select(func.count()), conn, f)).scalar_one())


def count_up_to(conn: Connection, f: IncidentFilter, cap: int) -> int:
    """How many incidents match, counting no further than ``cap`` (cheap when far more match)."""
    inner = _apply(select(literal_column("1").label("one")), conn, f).limit(cap).subquery()
    return int(conn.execute(select(func.count()).select_from(inner)).scalar_one())


def incident_rows(conn: Connection, f: IncidentFilter, limit: int, offset: int) -> list[dict[str, Any]]:
    """One page of incidents (oldest first), each as the stored domain JSON plus summary columns."""
    i = s.incidents.c
    query = _apply(select(i.id, i.data), conn, f).order_by(i.date_start, i.id).limit(limit).offset(offset)
    return [json.loads(data) for _id, data in conn.execute(query)]


def incident_page(
    conn: Connection, f: IncidentFilter, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """One page of incidents and the total matching, in one pass (a window count beside the page)."""
    i = s.incidents.c
    total_col = func.count().over().label("total")
    query = (
        _apply(select(i.data, total_col), conn, f).order_by(i.date_start, i.id).limit(limit).offset(offset)
    )
    rows = conn.execute(query).all()
    if not rows:
        return [], count_incidents(conn, f) if offset else 0
    return [json.loads(r.data) for r in rows], int(rows[0].total)


def verdicts_by_subject(conn: Connection, subjects: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Current verdicts of each subject, most severe first."""
    found: dict[str, list[dict[str, Any]]] = {}
    v = s.verdicts.c
    for start in range(0, len(subjects), 500):
        part = subjects[start : start + 500]
        for verdict in read_verdicts(conn, v.subject.in_(part), v.current.is_(True)):
            found.setdefault(verdict.subject, []).append(verdict.model_dump(mode="json"))
    for items in found.values():
        items.sort(key=lambda d: OUTCOME_ORDER.index(d["outcome"]) if d["outcome"] in OUTCOME_ORDER else 9)
    return found


def grid_counts(conn: Connection, f: IncidentFilter, cell_deg: float) -> list[dict[str, Any]]:
    """Incidents counted per square grid cell of ``cell_deg`` degrees: count, fatalities, violations."""
    i = s.incidents.c
    gx = func.cast((i.lon + 180.0) / cell_deg, Integer).label("gx")
    gy = func.cast((i.lat + 90.0) / cell_deg, Integer).label("gy")
    violation = has_current_verdict(i.id, "violation")
    query = _apply(
        select(
            gx,
            gy,
            func.count().label("n"),
            func.sum(i.fatalities_best).label("fatalities"),
            func.sum(func.cast(violation, Integer)).label("violations"),
            func.avg(i.lon).label("lon"),
            func.avg(i.lat).label("lat"),
        ),
        conn,
        f,
    ).group_by(gx, gy)
    cells = []
    for row in conn.execute(query):
        x0 = row.gx * cell_deg - 180.0
        y0 = row.gy * cell_deg - 90.0
        cells.append(
            {
                "bounds": [x0, y0, x0 + cell_deg, y0 + cell_deg],
                "count": int(row.n),
                "fatalities": int(row.fatalities or 0),
                "violations": int(row.violations or 0),
                "lon": float(row.lon),
                "lat": float(row.lat),
            }
        )
    return cells


def _grain_ranges(first: date, last: date) -> list[tuple[int, int, int]]:
    """[first, last] as (grain, lo, hi) ranges of ``incident_cells.day``: whole years and months, days at
    the edges (at most five ranges)."""
    ranges: list[tuple[int, int, int]] = []
    day = first
    while day <= last:
        if day.month == 1 and day.day == 1 and date(day.year, 12, 31) <= last:
            grain, following = YEAR, date(day.year + 1, 1, 1)
        elif (
            day.day == 1
            and (nxt := date(day.year + day.month // 12, day.month % 12 + 1, 1)) - ONE_DAY <= last
        ):
            grain, following = MONTH, nxt
        else:
            grain, following = DAY, day + ONE_DAY
        j = int(_julian(day))
        if ranges and ranges[-1][0] == grain:
            ranges[-1] = (grain, ranges[-1][1], j)
        else:
            ranges.append((grain, j, j))
        day = following
    return ranges


def summary_grid(conn: Connection, f: IncidentFilter, zoom: int) -> list[dict[str, Any]] | None:
    """Grid counts at ``zoom`` from the ``incident_cells`` summary, or None when it cannot answer (a filter
    it does not carry: actor, verdict, grade; a zoom above its finest level; no summary on this database).

    Cells are whole: every cell that meets ``f.bbox`` is counted in full (the raw ``grid_counts`` clips them
    to the box), so a cell's numbers do not change as the map pans. Dates are exact: an incident counts when
    its interval overlaps [start, end], as in ``_where``: those starting inside the window come from year,
    month and day rows; those starting before it and reaching into it from the day rows (with their span).
    """
    if f.actor is not None or f.outcome is not None or f.max_credibility is not None:
        return None
    level = next((lv for lv in LEVELS if lv >= zoom), None)
    if level is None or not has_incident_cells(conn):
        return None
    shift, cell_deg = level - zoom, cell_degrees(zoom)
    params: dict[str, Any] = {"level": level, "day_grain": DAY}
    # Three queries, not one: SQLite answers a lone min() or max() from the index, several by a scan.
    bounds = [
        conn.execute(
            text(f"SELECT {agg} FROM {CELLS} WHERE zoom_level = :level AND grain = :g"),
            {"level": level, "g": DAY},
        ).scalar_one()
        for agg in ("min(day)", "max(day)", "max(span)")
    ]
    if bounds[0] is None:
        return []
    # An open end reaches the whole year of the first (last) stored day: no incident lies beyond it.
    first = f.start or date(date.fromordinal(int(bounds[0]) - 1721424).year, 1, 1)
    last = f.end or date(date.fromordinal(int(bounds[1]) + int(bounds[2] or 0) - 1721424).year, 12, 31)
    windows = []
    for k, (grain, lo, hi) in enumerate(_grain_ranges(first, last)):
        windows.append(f"grain = :g{k} AND day BETWEEN :lo{k} AND :hi{k}")
        params |= {f"g{k}": grain, f"lo{k}": lo, f"hi{k}": hi}
    if f.start is not None and bounds[2]:
        windows.append("grain = :day_grain AND day BETWEEN :before AND :start - 1 AND day + span >= :start")
        params |= {"start": int(_julian(f.start)), "before": int(_julian(f.start)) - int(bounds[2])}
    if not windows:
        return []
    where = ["zoom_level = :level"]
    if f.bbox is not None:
        minx, miny, maxx, maxy = f.bbox
        for axis, lo_deg, hi_deg, origin in (("cell_x", minx, maxx, 180.0), ("cell_y", miny, maxy, 90.0)):
            where.append(f"{axis} BETWEEN :{axis}_lo AND :{axis}_hi")
            params[f"{axis}_lo"] = int((lo_deg + origin) / cell_deg) << shift
            params[f"{axis}_hi"] = ((int((hi_deg + origin) / cell_deg) + 1) << shift) - 1
    for column, values in (("status", f.statuses), ("event_type", f.event_types)):
        if values:
            names = [f"{column}_{k}" for k in range(len(values))]
            where.append(f"{column} IN ({', '.join(':' + n for n in names)})")
            params |= dict(zip(names, values, strict=True))
    # One range scan of the primary key (zoom_level, grain, day, ...) per window, added up per cell.
    parts = " UNION ALL ".join(
        f"SELECT cell_x, cell_y, n, fatalities, violations, sum_lon, sum_lat FROM {CELLS}"
        f" WHERE {' AND '.join(where)} AND {window}"
        for window in windows
    )
    query = text(
        f"SELECT cell_x >> {shift} AS gx, cell_y >> {shift} AS gy, sum(n) AS n,"
        " sum(fatalities) AS fatalities, sum(violations) AS violations,"
        " sum(sum_lon) AS sum_lon, sum(sum_lat) AS sum_lat"
        f" FROM ({parts}) GROUP BY gx, gy HAVING sum(n) > 0 ORDER BY gx, gy"
    )
    cells = []
    for row in conn.execute(query, params):
        x0 = row.gx * cell_deg - 180.0
        y0 = row.gy * cell_deg - 90.0
        cells.append(
            {
                "bounds": [x0, y0, x0 + cell_deg, y0 + cell_deg],
                "count": int(row.n),
                "fatalities": int(row.fatalities),
                "violations": int(row.violations),
                "lon": float(row.sum_lon) / row.n,
                "lat": float(row.sum_lat) / row.n,
            }
        )
    return cells
