"""What the bulk path reads of each incident: typed columns, never its JSON.

A run reads a million incidents; each is an ``IncidentRow`` made straight from the cursor's tuple, and the
columns the judge needs for all rows at once (map days, situation keys, shapes) are read with C-level loops
(``map`` over the field getters below) rather than per-row Python.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from itertools import repeat
from operator import is_, itemgetter
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import Connection

from jointmap.adjudicate.shapes import shape_of
from jointmap.domain import LocationPrecision, situation_of
from jointmap.store import schema as s

__all__ = [
    "AREA",
    "PRECISION",
    "SITUATION",
    "WHEN",
    "IncidentRow",
    "geometries",
    "incident_row",
    "incident_rows",
    "shape_of_row",
]


class IncidentRow(NamedTuple):
    """What the bulk path reads of an incident: its columns and the hash of the fields rules read. (A
    named tuple: a million are made per run, and a frozen dataclass costs several times more to build.)"""

    id: str
    event_type: str
    sub_event_type: str
    #: the first day, ISO (parsed once per distinct value when map days are found)
    start: str
    lat: float
    lon: float
    precision: int
    area_wkt: str | None
    situation: str


#: Field getters for C-level loops over many rows. ``WHEN``: what a row's map day depends on (event type,
#: sub-event type, first day).
WHEN = itemgetter(1, 2, 3)
PRECISION, AREA, SITUATION = itemgetter(6), itemgetter(7), itemgetter(8)
_LAT, _LON = itemgetter(4), itemgetter(5)

#: The columns of an ``IncidentRow``, in its field order (rows are made from the tuples as they come), read
#: through the index that covers them.
_ROWS = f"SELECT {', '.join(s.INCIDENT_ROW_COLUMNS)} FROM incidents WHERE id > ? ORDER BY id LIMIT ?"


def incident_rows(conn: Connection, chunk: int = 20_000) -> Iterator[list[IncidentRow]]:
    """Every incident as an ``IncidentRow``, ``chunk`` at a time, in id order (typed columns only: the
    situation hash is stored on the row, so no incident's JSON is parsed).

    Each chunk is its own query, starting after the last id of the one before: no statement stays open
    between chunks, so the run's own verdict writes can be checkpointed out of the WAL while it reads (one
    query open for the whole run kept a million verdicts' pages in the WAL)."""
    # The DB-API cursor of the caller's connection: plain tuples, without a Row object per incident.
    cursor = conn.connection.cursor()
    last = ""
    try:
        while part := cursor.execute(_ROWS, (last, chunk)).fetchall():
            last = part[-1][0]
            yield list(map(_as_row, part))  # the columns are the fields, in order
    finally:
        cursor.close()


#: A cursor tuple as an ``IncidentRow``: ``tuple.__new__`` called from C (``_make`` is a Python call per row).
_as_row: Callable[[tuple[Any, ...]], IncidentRow] = partial(tuple.__new__, IncidentRow)


def incident_row(data: dict[str, Any]) -> IncidentRow:
    """The ``IncidentRow`` of an incident's JSON form (as the store would read it)."""
    location = data["location"]
    return IncidentRow(
        data["id"],
        data["event_type"],
        data["sub_event_type"],
        data["when"]["start"],
        location["lat"],
        location["lon"],
        location.get("precision", 1),
        location.get("area_wkt"),
        situation_of(data),
    )


def shape_of_row(r: IncidentRow) -> tuple[BaseGeometry | None, str]:
    return shape_of(r.lat, r.lon, LocationPrecision(r.precision), r.area_wkt)


def geometries(rows: list[IncidentRow]) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.intp]]:
    """Each row's shape (exact points made in one vectorised call), and the rows that have one."""
    n = len(rows)
    geoms = np.empty(n, dtype=object)
    precise = np.fromiter(map(PRECISION, rows), np.int64, n) == 1
    exact = precise & np.fromiter(map(is_, map(AREA, rows), repeat(None)), bool, n)
    at = np.flatnonzero(exact)
    if len(at):
        lon = np.fromiter(map(_LON, rows), float, n)
        lat = np.fromiter(map(_LAT, rows), float, n)
        geoms[at] = shapely.points(lon[at], lat[at])
    has = exact.copy()
    for i in np.flatnonzero(~exact).tolist():
        shape = shape_of_row(rows[i])[0]
        geoms[i] = shape
        has[i] = shape is not None
    return geoms, np.flatnonzero(has)
