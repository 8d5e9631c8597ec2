"""The syria-2016 scenario installed in a fresh SQLite store, and helpers to add incidents to it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from jointmap.demo import install_scenario
from jointmap.domain import Incident
from jointmap.scenarios import load_scenario
from jointmap.store import Store

DECIDED = datetime(2016, 10, 1, tzinfo=UTC)


@pytest.fixture(scope="session")
def scenario_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The scenario installed once; each test gets its own copy of the file."""
    path = tmp_path_factory.mktemp("template") / "syria.db"
    with Store.open(path) as store:
        install_scenario(store, load_scenario("syria-2016"))
        with store.engine.connect() as conn:  # fold the WAL into the file so a plain copy is complete
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def scenario_store(scenario_template: Path, tmp_path: Path) -> Iterator[Store]:
    path = tmp_path / "syria.db"
    shutil.copyfile(scenario_template, path)
    with Store.open(path) as store:
        yield store


def strike(
    incident_id: str,
    day: str,
    lat: float,
    lon: float,
    *,
    perpetrators: tuple[str, ...] = ("syaaf",),
    targets: tuple[str, ...] = ("civilians",),
    precision: int = 1,
    area_wkt: str | None = None,
) -> Incident:
    """An air strike incident, as the monitor would record it."""
    location: dict[str, Any] = {"name": "test place", "lat": lat, "lon": lon, "precision": precision}
    if area_wkt is not None:
        location["area_wkt"] = area_wkt
    return Incident.model_validate(
        {
            "id": incident_id,
            "event_type": "Explosions/Remote violence",
            "sub_event_type": "Air/drone strike",
            "when": {"start": day, "end": day},
            "location": location,
            "perpetrators": [{"actor": a} for a in perpetrators],
            "targets": [{"actor": a} for a in targets],
            "credibility": 2,
        }
    )
