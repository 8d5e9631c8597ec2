"""Administrative boundaries (governorates = level 1, districts = level 2) and point-in-polygon.

GeoJSON features need ``level`` (1 or 2), ``name`` and a Polygon/MultiPolygon geometry; ``admin1_code`` may
be bare (``"09"``) or full (``"SY.09"``) and is reconciled to the gazetteer's full form on import. Every
decision is reported (:attr:`Boundaries.report`); malformed features become errors
``file:feature N: field: problem`` and the rest load.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from jointmap.geo.normalize import loose_key
from jointmap.geo.places import Gazetteer, Place

__all__ = ["AdminArea", "AdminMatch", "Boundaries", "assign_admin", "load_boundaries", "locate_admin"]


@dataclass(frozen=True, slots=True)
class AdminArea:
    level: int
    name: str
    admin1_code: str  # full form, "SY.09"
    admin1_name: str
    geometry: BaseGeometry


@dataclass(frozen=True, slots=True)
class AdminMatch:
    admin1_code: str
    admin1_name: str
    admin2_name: str
    #: "boundaries" (point in polygon), "gazetteer" (the place's own codes) or "nearest place"
    method: str = "boundaries"


@dataclass
class Boundaries:
    """Loaded areas with STRtrees per level; ``errors`` for rejected features, ``report`` for matching."""

    areas: list[AdminArea] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    report: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._levels: dict[int, list[AdminArea]] = {1: [], 2: []}
        for area in self.areas:
            shapely.prepare(area.geometry)  # makes the many point-in-polygon tests cheap
            self._levels[area.level].append(area)

    def level(self, level: int) -> list[AdminArea]:
        return list(self._levels.get(level, []))

    def _hits(self, level: int, lons: Any, lats: Any) -> list[AdminArea | None]:
        found: list[AdminArea | None] = [None] * len(lons)
        # Per polygon, one vectorised test of every point in its bounding box against the prepared
        # polygon: far cheaper than an STRtree query that prepares each point instead.
        for area in self._levels.get(level, []):
            minx, miny, maxx, maxy = area.geometry.bounds
            box = (lons >= minx) & (lons <= maxx) & (lats >= miny) & (lats <= maxy)
            index = box.nonzero()[0]
            if not len(index):
                continue
            inside = shapely.contains_xy(area.geometry, lons[index], lats[index])
            inside |= shapely.intersects_xy(area.geometry, lons[index], lats[index])  # on the border
            for i in index[inside]:
                if found[i] is None:  # a point on a shared border takes the first area
                    found[i] = area
        return found

    def locate_many(self, points: Sequence[tuple[float, float]]) -> list[AdminMatch | None]:
        """(lat, lon) pairs → admin1/admin2 of the polygons containing them."""
        import numpy as np

        lats = np.array([p[0] for p in points], dtype=float)
        lons = np.array([p[1] for p in points], dtype=float)
        level1, level2 = self._hits(1, lons, lats), self._hits(2, lons, lats)
        out: list[AdminMatch | None] = []
        for gov, district in zip(level1, level2, strict=True):
            if gov is None and district is None:
                out.append(None)
                continue
            # The district's governorate wins only when no governorate polygon contains the point.
            base = gov or district
            assert base is not None
            out.append(AdminMatch(base.admin1_code, base.admin1_name, district.name if district else ""))
        return out

    def locate(self, lat: float, lon: float) -> AdminMatch | None:
        return self.locate_many([(lat, lon)])[0]

    def admin1_shape(self, code: str) -> BaseGeometry | None:
        shapes = [a.geometry for a in self._levels[1] if a.admin1_code == code]
        return shapely.union_all(shapes) if shapes else None


def _full_code(raw: str, country: str) -> str:
    raw = raw.strip()
    if not raw:
        return ""
    if "." in raw:
        return raw
    return f"{country}.{raw.zfill(2)}" if raw.isdigit() else f"{country}.{raw}"


def _read_feature(
    number: int, feature: Any, where: str
) -> tuple[tuple[int, str, str, str, BaseGeometry] | None, str]:
    """One raw feature → (level, name, raw code, admin1 name, geometry) or an error message."""
    if not isinstance(feature, dict):
        return None, f"{where}:feature {number}: feature: not a JSON object"
    props = feature.get("properties") or {}
    level = props.get("level")
    if level not in (1, 2, "1", "2"):
        return None, f"{where}:feature {number}: level: {level!r} is not 1 or 2"
    name = str(props.get("name") or "").strip()
    if not name:
        return None, f"{where}:feature {number}: name: missing"
    try:
        geometry = shape(feature["geometry"])
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        return None, f"{where}:feature {number}: geometry: unreadable ({exc!s:.80})"
    if geometry.geom_type not in ("Polygon", "MultiPolygon") or geometry.is_empty:
        return None, f"{where}:feature {number}: geometry: {geometry.geom_type} is not a polygon"
    if not geometry.is_valid:
        geometry = shapely.make_valid(geometry)  # e.g. a self-touching ring from simplification
    code = str(props.get("admin1_code") or "").strip()
    return (int(level), name, code, str(props.get("admin1_name") or "").strip(), geometry), ""


def load_boundaries(
    path: Path | str, admin1_names: Mapping[str, str] | None = None, country: str = "SY"
) -> Boundaries:
    """Load ``path``; reconcile codes with ``admin1_names`` (``{"SY.09": "Aleppo"}``) and report."""
    path = Path(path)
    areas: list[AdminArea] = []
    errors: list[str] = []
    report: list[str] = []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        features = data["features"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return Boundaries(errors=[f"{path}:feature 0: file: not a GeoJSON FeatureCollection ({exc!s:.80})"])
    names = dict(admin1_names or {})
    by_name = {loose_key(v): k for k, v in names.items()}
    raw_rows = []
    for number, feature in enumerate(features, start=1):
        row, problem = _read_feature(number, feature, str(path))
        if row is None:
            errors.append(problem)
        else:
            raw_rows.append((number, *row))
    matched: dict[str, str] = {}
    pending: list[tuple[int, int, str, str, BaseGeometry]] = []
    for number, level, name, raw_code, admin1_name, geometry in raw_rows:
        code = _full_code(raw_code, country)
        if not code:
            code = by_name.get(loose_key(admin1_name or (name if level == 1 else "")), "")
            if code:
                report.append(f"feature {number} ({name}): no admin1_code; matched {code} by name")
        if not code and level == 2:
            pending.append((number, level, name, admin1_name, geometry))
            continue
        if names and code not in names:
            report.append(f"feature {number} ({name}): admin1_code {raw_code!r} → {code} not in gazetteer")
        elif names and level == 1 and loose_key(names[code]) != loose_key(name):
            report.append(f"feature {number}: {code} is '{name}' here, '{names[code]}' in the gazetteer")
        if raw_code and raw_code != code:
            matched[raw_code] = code
        label = names.get(code) or admin1_name or (name if level == 1 else "")
        areas.append(AdminArea(level, name, code, label, geometry))
    if matched:
        pairs = ", ".join(f"{k}→{v}" for k, v in sorted(matched.items()))
        report.append(f"codes reconciled to gazetteer form: {pairs}")
    level1 = [a for a in areas if a.level == 1]
    for number, level, name, _admin1_name, geometry in pending:
        # No code and no usable name: take the governorate polygon holding most of the district.
        point = geometry.representative_point()
        home = next((a for a in level1 if a.geometry.intersects(point)), None)
        if home is None:
            errors.append(f"{path}:feature {number}: admin1_code: missing and not inside any governorate")
            continue
        report.append(f"feature {number} ({name}): no admin1_code; inferred {home.admin1_code} by location")
        areas.append(AdminArea(level, name, home.admin1_code, home.admin1_name, geometry))
    report.append(f"loaded {len(level1)} governorates and {len(areas) - len(level1)} districts")
    return Boundaries(areas=areas, errors=errors, report=report)


def assign_admin(gazetteer: Gazetteer, boundaries: Boundaries) -> tuple[Gazetteer, list[str]]:
    """Set each settlement's admin1/admin2 by point-in-polygon; places outside every polygon keep theirs.

    Areas (governorates, regions, the country) keep their codes: their centre says little about them.
    """
    places = [p for p in gazetteer if p.feature_class in ("P", "S")]
    areas = [p for p in gazetteer if p.feature_class not in ("P", "S")]
    hits = boundaries.locate_many([(p.lat, p.lon) for p in places])
    out: list[Place] = list(areas)
    changed = outside = 0
    for place, hit in zip(places, hits, strict=True):
        if hit is None:
            outside += 1
            out.append(place)
            continue
        if hit.admin1_code != place.admin1_code:
            changed += 1
        out.append(replace(place, admin1_code=hit.admin1_code, admin2_name=hit.admin2_name))
    report = [
        f"{len(places) - outside} places located in boundaries ({changed} changed governorate code), "
        f"{outside} outside every polygon kept their gazetteer code"
    ]
    names = dict(gazetteer.admin1_names)
    for area in boundaries.level(1):
        names.setdefault(area.admin1_code, area.admin1_name)
    return Gazetteer(places={p.geonameid: p for p in out}, admin1_names=names), report


def locate_admin(
    lat: float,
    lon: float,
    boundaries: Boundaries | None,
    gazetteer: Gazetteer | None = None,
    admin1_code: str = "",
    max_km: float = 25.0,
) -> AdminMatch | None:
    """admin1/admin2 for a point: by point-in-polygon when ``boundaries`` hold it, else from the gazetteer.

    The fallback takes ``admin1_code`` when the caller knows it (the geocoded place's code), else the code of
    the nearest gazetteer settlement within ``max_km``; ``None`` when nothing says. Pure and cheap: callers
    (import, extraction, adjudication) call it per incident.
    """
    if boundaries is not None:
        hit = boundaries.locate(lat, lon)
        if hit is not None:
            return hit
    names = gazetteer.admin1_names if gazetteer is not None else {}
    if admin1_code:
        return AdminMatch(admin1_code, names.get(admin1_code, ""), "", "gazetteer")
    if gazetteer is None:
        return None
    near = gazetteer.nearest(lat, lon, max_km)
    if near is None or not near.admin1_code:
        return None
    return AdminMatch(near.admin1_code, names.get(near.admin1_code, ""), near.admin2_name, "nearest place")
