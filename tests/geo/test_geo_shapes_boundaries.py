from __future__ import annotations

import json
from pathlib import Path

from shapely.geometry import Point

from jointmap.geo.boundaries import Boundaries, load_boundaries
from jointmap.geo.geocoder import Geocoder
from jointmap.geo.shapes import offset, parse_location


def test_km_south_of_gives_an_area_not_a_point(full_geocoder: Geocoder, boundaries: Boundaries) -> None:
    loc = parse_location("12 km south of Idlib", full_geocoder, boundaries)
    assert loc is not None and loc.precision == 2
    idlib = full_geocoder.geocode("Idlib")[0]
    lat, lon = offset(idlib.lat, idlib.lon, 12, 180)
    assert loc.shape.contains(Point(lon, lat))
    assert loc.shape.contains(Point(*reversed(offset(idlib.lat, idlib.lon, 14, 195))))
    assert not loc.shape.contains(Point(idlib.lon, idlib.lat))  # not the town itself
    assert not loc.shape.contains(Point(*reversed(offset(idlib.lat, idlib.lon, 12, 0))))  # not north
    assert loc.point.y < idlib.lat


def test_phrases(full_geocoder: Geocoder, boundaries: Boundaries) -> None:
    near = parse_location("near Homs", full_geocoder, boundaries)
    assert near is not None and near.precision == 2 and near.shape.area > 0
    countryside = parse_location("the countryside of Aleppo", full_geocoder, boundaries)
    assert countryside is not None and countryside.precision == 4
    aleppo_gov = boundaries.admin1_shape("SY.09")
    assert aleppo_gov is not None and countryside.shape.equals(aleppo_gov)
    province = parse_location("Idlib province", full_geocoder, boundaries)
    assert province is not None and province.precision == 4
    ghouta = parse_location("eastern Ghouta", full_geocoder, boundaries)
    assert ghouta is not None and ghouta.precision == 5 and ghouta.candidate is not None
    assert ghouta.candidate.name == "Eastern Ghouta"
    assert parse_location("near Qwxzzt", full_geocoder, boundaries) is None


def test_point_in_polygon(boundaries: Boundaries) -> None:
    hit = boundaries.locate(36.2037, 37.1726)  # Aleppo city
    assert hit is not None and hit.admin1_code == "SY.09" and hit.admin2_name == "Jebel Saman"
    assert boundaries.locate(0.0, 0.0) is None


def _feature(level: object, name: str, code: object, ring: list[list[float]] | None) -> dict[str, object]:
    geometry = {"type": "Polygon", "coordinates": [ring]} if ring else None
    return {
        "type": "Feature",
        "properties": {"level": level, "name": name, "admin1_code": code},
        "geometry": geometry,
    }


def test_boundary_code_reconciliation_and_errors(tmp_path: Path) -> None:
    square = [[36.0, 35.0], [37.0, 35.0], [37.0, 36.0], [36.0, 36.0], [36.0, 35.0]]
    small = [[36.2, 35.2], [36.4, 35.2], [36.4, 35.4], [36.2, 35.4], [36.2, 35.2]]
    features = [
        _feature(1, "Idlib", "12", square),
        _feature(2, "Ariha", None, small),  # no code: inferred from the governorate around it
        _feature(2, "Broken", "12", None),
        _feature(3, "Odd level", "12", square),
    ]
    path = tmp_path / "b.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    loaded = load_boundaries(path, {"SY.12": "Idlib"})
    assert [(a.level, a.name, a.admin1_code) for a in loaded.areas] == [
        (1, "Idlib", "SY.12"),
        (2, "Ariha", "SY.12"),
    ]
    assert loaded.errors[0].startswith(f"{path}:feature 3: geometry:")
    assert loaded.errors[1] == f"{path}:feature 4: level: 3 is not 1 or 2"
    assert any("12→SY.12" in line for line in loaded.report)
    assert any("Ariha" in line and "inferred SY.12" in line for line in loaded.report)
    hit = loaded.locate(35.3, 36.3)
    assert hit is not None and (hit.admin1_code, hit.admin1_name, hit.admin2_name) == (
        "SY.12",
        "Idlib",
        "Ariha",
    )


def test_shared_boundaries_reconcile(boundaries: Boundaries) -> None:
    assert boundaries.errors == []
    assert len(boundaries.level(1)) == 14 and len(boundaries.level(2)) == 62
    assert {a.admin1_code for a in boundaries.level(1)} == {f"SY.{i:02d}" for i in range(1, 15)}
