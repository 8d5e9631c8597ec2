"""Imprecise location phrases → a shape that holds every place the phrase allows.

``"12 km south of Idlib"`` is not a point: it is an annular sector around Idlib (distance ± 25 %, at least
± 3 km; bearing ± 30°). Phrases handled: ``N km|miles DIRECTION of X``, ``N km from X``, ``near|close to|
around|outside X``, ``outskirts|suburbs of X``, ``[northern] countryside of X`` / ``X countryside`` /
``X province``, ``northern|eastern ... X``, and plain names (regions such as Eastern Ghouta are coarse
circles from our data, governorates are boundary polygons when boundaries are loaded).

Distances use a local equirectangular projection (kilometres = degrees × 111.32, longitude scaled by
cos(latitude)); over the < 300 km of a Syrian phrase the error is well under 1 %. No pyproj needed.

Precision is UCDP ``where_prec``: 1 exact place, 2 within ~25 km of a named place, 3 district,
4 governorate, 5 named region larger than a district, 6 country, 7 international waters/airspace.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import shapely
from shapely.geometry import Point, Polygon
from shapely.geometry.base import BaseGeometry

from jointmap.geo.boundaries import Boundaries
from jointmap.geo.geocoder import Candidate, Geocoder
from jointmap.geo.normalize import loose_key

__all__ = ["BEARINGS", "Location", "circle", "offset", "parse_location", "sector"]

_KM_PER_DEG = 111.32
BEARINGS: dict[str, float] = {
    "north": 0.0,
    "northeast": 45.0,
    "east": 90.0,
    "southeast": 135.0,
    "south": 180.0,
    "southwest": 225.0,
    "west": 270.0,
    "northwest": 315.0,
}
_DIR = r"(?P<dir>(?:north|south)?[\s-]?(?:east|west)|north|south)(?:ern)?"
_OFFSET_RE = re.compile(
    rf"^(?:about\s+|some\s+|around\s+)?(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>km|kms|kilometers?|kilometres?|miles?|mi)"
    rf"\s+(?:to\s+the\s+)?(?:{_DIR}\s+(?:of|from)|(?P<from>from|of|outside|away\s+from))\s+(?P<place>.+)$",
    re.I,
)
_NEAR_RE = re.compile(
    r"^(?:near|close\s+to|around|outside|in\s+the\s+vicinity\s+of|next\s+to)\s+(?P<place>.+)$", re.I
)
_OUTSKIRTS_RE = re.compile(r"^(?:the\s+)?(?:outskirts|suburbs|edge|periphery)\s+of\s+(?P<place>.+)$", re.I)
_COUNTRYSIDE_RE = re.compile(
    rf"^(?:the\s+)?(?:{_DIR}\s+)?(?:countryside|province|governorate|region|part|parts|rural\s+areas?)\s+of\s+"
    r"(?P<place>.+)$",
    re.I,
)
_COUNTRYSIDE_SUFFIX_RE = re.compile(
    rf"^(?:the\s+)?(?:{_DIR}\s+)?(?P<place>.+?)\s+(?:countryside|province|governorate)$", re.I
)
_DIRECTIONAL_RE = re.compile(rf"^(?:the\s+)?{_DIR}\s+(?P<place>.+)$", re.I)
_LEAD_RE = re.compile(
    r"^(?:in|at|on|inside|within|the\s+city\s+of|the\s+town\s+of|the\s+village\s+of)\s+", re.I
)


@dataclass(frozen=True, slots=True)
class Location:
    """Where a phrase puts an event: a representative point, the allowed area, precision and reason."""

    name: str
    point: Point
    shape: BaseGeometry
    precision: int
    why: str
    candidate: Candidate | None = None


def _bearing(word: str) -> float:
    return BEARINGS[re.sub(r"[\s-]", "", word.lower())]


def offset(lat: float, lon: float, distance_km: float, bearing_deg: float) -> tuple[float, float]:
    """The (lat, lon) ``distance_km`` away on ``bearing_deg`` (0 = north, clockwise)."""
    rad = math.radians(bearing_deg)
    dlat = distance_km * math.cos(rad) / _KM_PER_DEG
    dlon = distance_km * math.sin(rad) / (_KM_PER_DEG * math.cos(math.radians(lat)))
    return lat + dlat, lon + dlon


def sector(
    lat: float, lon: float, inner_km: float, outer_km: float, bearing_deg: float, half_width_deg: float
) -> Polygon:
    """Annular sector around (lat, lon); ``half_width_deg`` ≥ 180 gives a full annulus/disc."""
    if half_width_deg >= 180:
        steps = [i * 5.0 for i in range(73)]
    else:
        n = max(4, int(half_width_deg / 5) * 2)
        steps = [bearing_deg - half_width_deg + i * (2 * half_width_deg / n) for i in range(n + 1)]
    outer = [offset(lat, lon, outer_km, b) for b in steps]
    inner = [offset(lat, lon, inner_km, b) for b in reversed(steps)] if inner_km > 0 else [(lat, lon)]
    if half_width_deg >= 180 and inner_km > 0:
        return Polygon([(x, y) for y, x in outer], [[(x, y) for y, x in inner]])
    return Polygon([(x, y) for y, x in outer + inner])


def circle(lat: float, lon: float, radius_km: float) -> Polygon:
    """A disc of ``radius_km`` (a 72-gon in the local projection)."""
    return sector(lat, lon, 0.0, radius_km, 0.0, 180.0)


def _area_of(candidate: Candidate, geocoder: Geocoder, boundaries: Boundaries | None) -> BaseGeometry:
    """The candidate's own extent: governorate polygon, coarse circle, or the point itself."""
    place = geocoder.gazetteer.get(candidate.geonameid)
    if candidate.feature_code == "ADM1" and boundaries is not None:
        found = boundaries.admin1_shape(candidate.admin1_code)
        if found is not None:
            return found
    if candidate.feature_code == "PCLI" and boundaries is not None and boundaries.level(1):
        return shapely.union_all([a.geometry for a in boundaries.level(1)])
    if place is not None and place.radius_km:
        return circle(place.lat, place.lon, place.radius_km)
    if candidate.precision == 2:
        return circle(candidate.lat, candidate.lon, 2.0)  # approximate neighbourhood centre
    return Point(candidate.lon, candidate.lat)


def _half(area: BaseGeometry, lat: float, lon: float, bearing: float) -> BaseGeometry:
    # "northern X": the part of X within ±67.5° of the bearing, seen from X's centre.
    wedge = sector(lat, lon, 0.0, 600.0, bearing, 67.5)
    part = area.intersection(wedge)
    return part if not part.is_empty else area


def _lookup(name: str, geocoder: Geocoder, context: str | None, governorate: str | None) -> Candidate | None:
    found = geocoder.geocode(name.strip(" ,.;"), context=context, governorate=governorate, limit=1)
    return found[0] if found else None


def parse_location(
    phrase: str,
    geocoder: Geocoder,
    boundaries: Boundaries | None = None,
    context: str | None = None,
    governorate: str | None = None,
) -> Location | None:
    """Parse a location phrase; ``None`` when its place is unknown."""
    text = _LEAD_RE.sub("", phrase.strip().rstrip(".,;"))
    area: BaseGeometry
    if match := _OFFSET_RE.match(text):
        cand = _lookup(match["place"], geocoder, context, governorate)
        if cand is None:
            return None
        dist = float(match["n"]) * (1.609 if match["unit"].lower().startswith("mi") else 1.0)
        slack = max(3.0, 0.25 * dist)  # reported distances are rounded, and measured from the centre
        inner, outer = max(0.0, dist - slack), dist + slack
        if match["dir"]:
            bearing = _bearing(match["dir"])
            area = sector(cand.lat, cand.lon, inner, outer, bearing, 30.0)
            lat, lon = offset(cand.lat, cand.lon, dist, bearing)
            why = f"{dist:g} km {match['dir']} of {cand.name}: sector {inner:g}-{outer:g} km, bearing ±30°"
        else:
            area = sector(cand.lat, cand.lon, inner, outer, 0.0, 180.0)
            lat, lon = cand.lat, cand.lon
            why = f"{dist:g} km from {cand.name}, direction unknown: ring {inner:g}-{outer:g} km"
        precision = 2 if outer <= 30 else 3
        return Location(text, Point(lon, lat), area, precision, why, cand)
    if match := _OUTSKIRTS_RE.match(text) or _NEAR_RE.match(text):
        cand = _lookup(match["place"], geocoder, context, governorate)
        if cand is None:
            return None
        own = _area_of(cand, geocoder, boundaries)
        if isinstance(own, Point):
            area = circle(cand.lat, cand.lon, 10.0)
            why = f"{text}: within 10 km of {cand.name}"
            precision = 2
        else:
            area = own.buffer(0.05)  # ~5 km of slack around an area
            why = f"{text}: {cand.name} and about 5 km around it"
            precision = cand.precision
        return Location(text, Point(cand.lon, cand.lat), area, precision, why, cand)
    if match := _COUNTRYSIDE_RE.match(text) or _COUNTRYSIDE_SUFFIX_RE.match(text):
        return _governorate_part(text, match["place"], match["dir"], geocoder, boundaries, context)
    whole = _lookup(text, geocoder, context, governorate)
    if whole is not None and loose_key(whole.matched_name) == loose_key(text):
        # A name that merely starts with a direction ("Eastern Ghouta") is a place of its own.
        own = _area_of(whole, geocoder, boundaries)
        return Location(text, Point(whole.lon, whole.lat), own, whole.precision, whole.why, whole)
    if match := _DIRECTIONAL_RE.match(text):
        cand = _lookup(match["place"], geocoder, context, governorate)
        if cand is None:
            return None
        own = _area_of(cand, geocoder, boundaries)
        bearing = _bearing(match["dir"])
        if isinstance(own, Point):
            # "eastern Aleppo" (a city): the city's part on that side, within ~10 km.
            area = sector(cand.lat, cand.lon, 0.0, 10.0, bearing, 67.5)
            return Location(
                text, Point(cand.lon, cand.lat), area, 2, f"{text}: {match['dir']} part of city", cand
            )
        part = _half(own, cand.lat, cand.lon, bearing)
        c = part.representative_point()
        why = f"{text}: {match['dir']} part of {cand.name}"
        # "northern Syria": a part of the country larger than a governorate is UCDP 5, not 6.
        return Location(text, c, part, 5 if cand.precision == 6 else cand.precision, why, cand)
    if whole is None:
        return None
    own = _area_of(whole, geocoder, boundaries)
    return Location(text, Point(whole.lon, whole.lat), own, whole.precision, whole.why, whole)


def _governorate_part(
    text: str,
    place_name: str,
    direction: str | None,
    geocoder: Geocoder,
    boundaries: Boundaries | None,
    context: str | None,
) -> Location | None:
    """ "(northern) countryside of Aleppo", "Idlib province" → the governorate (or its side)."""
    code = geocoder.resolve_governorate(place_name)
    cand = _lookup(place_name, geocoder, context, None)
    if not code and cand is not None:
        code = cand.admin1_code
    if not code:
        return None
    gov = geocoder.admin1_place(code)
    if gov is not None:
        found = geocoder.geocode(gov.name, governorate=code, limit=3)
        cand = next((c for c in found if c.feature_code == "ADM1"), cand)
    area: BaseGeometry | None = boundaries.admin1_shape(code) if boundaries is not None else None
    if area is None and gov is not None and gov.radius_km:
        area = circle(gov.lat, gov.lon, gov.radius_km)
    if area is None or cand is None:
        return None
    name = geocoder.gazetteer.admin1_name(code) or code
    why = f"{text}: governorate {name} ({code})"
    if direction:
        centre = area.centroid
        area = _half(area, centre.y, centre.x, _bearing(direction))
        why += f", {direction} part"
    return Location(text, area.representative_point(), area, 4, why, cand)
