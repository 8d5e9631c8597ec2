"""The map's grid from the ``incident_cells`` summary equals the grid counted from the incidents table."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from jointmap.api import create_app
from jointmap.api.queries import IncidentFilter, grid_counts, summary_grid
from jointmap.settings import Settings
from jointmap.store import Store
from jointmap.store.cells import cell_degrees


@pytest.fixture
def grid_client(store: Store, tmp_path: Path) -> Iterator[TestClient]:
    """The demo with ``aggregate_above=1``: the map always answers with grid counts."""
    settings = Settings(database=str(store.engine.url), keys_dir=str(tmp_path / "keys"), aggregate_above=1)
    with TestClient(create_app(settings, store)) as c:
        yield c


def _cells(cells: list[dict[str, Any]]) -> list[tuple[object, ...]]:
    return sorted(
        (
            tuple(c["bounds"]),
            c["count"],
            c["fatalities"],
            c["violations"],
            round(c["lon"], 9),
            round(c["lat"], 9),
        )
        for c in cells
    )


def _aligned(zoom: int, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """``box`` widened to whole cells (the summary counts whole cells; the raw query clips to the box)."""
    d = cell_degrees(zoom)
    minx, miny, maxx, maxy = box
    return (
        int((minx + 180) / d) * d - 180,
        int((miny + 90) / d) * d - 90,
        (int((maxx + 180) / d) + 1) * d - 180 - 1e-9,
        (int((maxy + 90) / d) + 1) * d - 90 - 1e-9,
    )


@pytest.mark.parametrize("zoom", [2, 3, 5, 6, 7, 8])
@pytest.mark.parametrize(
    "window",
    [(None, None), (date(2016, 1, 1), None), (None, date(2016, 6, 30)), (date(2016, 2, 3), date(2016, 3, 9))],
)
def test_summary_equals_the_raw_grid(
    store: Store, zoom: int, window: tuple[date | None, date | None]
) -> None:
    start, end = window
    for statuses in [("reviewed",), ("candidate",), ()]:
        for box in [None, _aligned(zoom, (35.0, 32.0, 38.5, 35.0))]:
            f = IncidentFilter(bbox=box, start=start, end=end, statuses=statuses)
            with store.engine.connect() as conn:
                summary = summary_grid(conn, f, zoom)
                raw = grid_counts(conn, f, cell_degrees(zoom))
            assert summary is not None
            assert _cells(summary) == _cells(raw)
    with store.engine.connect() as conn:
        assert sum(c["count"] for c in summary_grid(conn, IncidentFilter(statuses=()), zoom) or []) > 0


def test_filters_the_summary_does_not_carry_fall_back_to_the_table(store: Store) -> None:
    with store.engine.connect() as conn:
        assert summary_grid(conn, IncidentFilter(actor="saa"), 6) is None
        assert summary_grid(conn, IncidentFilter(outcome="violation"), 6) is None
        assert summary_grid(conn, IncidentFilter(max_credibility=2), 6) is None
        assert summary_grid(conn, IncidentFilter(), 9) is None  # finer than the finest level


def test_map_endpoint_grid_matches_the_raw_query(grid_client: TestClient, store: Store) -> None:
    for zoom, params in [(6, ""), (4, "&start=2016-01-01&end=2016-12-31"), (11, "")]:
        body = grid_client.get(f"/api/map/incidents?zoom={zoom}{params}").json()
        assert body["mode"] == "grid"
        start = date(2016, 1, 1) if params else None
        end = date(2016, 12, 31) if params else None
        with store.engine.connect() as conn:
            raw = grid_counts(conn, IncidentFilter(start=start, end=end), cell_degrees(zoom))
        assert _cells(body["cells"]) == _cells(raw)
        assert body["total"] == sum(c["count"] for c in raw) > 0
    # A verdict filter is answered from the incidents table, still as a grid.
    body = grid_client.get("/api/map/incidents?zoom=6&verdict=violation").json()
    assert body["mode"] == "grid" and body["total"] > 0
