"""Fixtures for geo tests: the embedded gazetteer, and the shared GeoNames/boundary data when present."""

from __future__ import annotations

from pathlib import Path

import pytest

from jointmap.geo.boundaries import Boundaries, assign_admin, load_boundaries
from jointmap.geo.embedded import embedded_gazetteer, with_supplement
from jointmap.geo.geocoder import Geocoder
from jointmap.geo.geonames import load_geonames_dir

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
GAZETTEER_DIR = SHARED / "gazetteer"
BOUNDARIES = SHARED / "boundaries" / "syria_admin.geojson"


def need_shared(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"shared test data missing: {path} (see ../shared/data/README.md)")


@pytest.fixture(scope="session")
def embedded_geocoder() -> Geocoder:
    return Geocoder(embedded_gazetteer())


@pytest.fixture(scope="session")
def boundaries() -> Boundaries:
    need_shared(BOUNDARIES)
    return load_boundaries(BOUNDARIES, {f"SY.{i:02d}": "" for i in range(1, 15)})


@pytest.fixture(scope="session")
def full_geocoder(boundaries: Boundaries) -> Geocoder:
    need_shared(GAZETTEER_DIR / "SY.txt")
    imported = load_geonames_dir(GAZETTEER_DIR)
    gazetteer, _ = assign_admin(with_supplement(imported.gazetteer()), boundaries)
    return Geocoder(gazetteer)
