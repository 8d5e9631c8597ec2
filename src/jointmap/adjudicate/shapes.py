"""An incident's location as the shape it allows: a point only when the location is exact.

The area in ``location.area_wkt`` wins when given; otherwise the UCDP precision sets a radius around the
point (precision 2 "within about 25 km" is taken literally). Verdicts test the whole shape, so a coarse
location that straddles two holders says so instead of picking one.
"""

from __future__ import annotations

from collections.abc import Sequence

import shapely
from shapely import wkt
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from jointmap.control.geometry import circle
from jointmap.domain import Location, LocationPrecision

__all__ = ["EXACT_POINT", "PRECISION_RADIUS_KM", "location_shape", "shape_of", "shapes_of"]

EXACT_POINT = "the exact point (precision 1)"

#: Radius used when a location has no area of its own. Country and international locations get None: no
#: shape is small enough to say who held the ground.
PRECISION_RADIUS_KM: dict[LocationPrecision, float | None] = {
    LocationPrecision.EXACT: 0.0,
    LocationPrecision.NEAR: 25.0,
    LocationPrecision.DISTRICT: 20.0,
    LocationPrecision.GOVERNORATE: 60.0,
    LocationPrecision.REGION: 40.0,
    LocationPrecision.COUNTRY: None,
    LocationPrecision.INTERNATIONAL: None,
}


def location_shape(location: Location) -> tuple[BaseGeometry | None, str]:
    """(shape, how it was made); shape None when the location is too coarse to test against a map."""
    return shape_of(location.lat, location.lon, location.precision, location.area_wkt)


def shape_of(
    lat: float, lon: float, precision: LocationPrecision, area_wkt: str | None
) -> tuple[BaseGeometry | None, str]:
    """``location_shape`` from a location's fields (what the incidents table holds in columns)."""
    if area_wkt is not None:
        return wkt.loads(area_wkt), f"the area given with the location (precision {precision.value})"
    radius = PRECISION_RADIUS_KM[precision]
    if radius is None:
        return None, f"precision {precision.value} ({precision.name.lower()}): too coarse for a control map"
    if radius == 0:
        return Point(lon, lat), EXACT_POINT
    return (
        circle(lon, lat, radius),
        f"a {radius:g} km radius around the point (precision {precision.value}, {precision.name.lower()})",
    )


def shapes_of(
    lats: Sequence[float], lons: Sequence[float], precisions: Sequence[int], areas: Sequence[str | None]
) -> list[tuple[BaseGeometry | None, str]]:
    """``shape_of`` for many locations; exact points are made in one vectorised call."""
    exact = [i for i, (p, a) in enumerate(zip(precisions, areas, strict=True)) if p == 1 and a is None]
    points = shapely.points([lons[i] for i in exact], [lats[i] for i in exact]).tolist() if exact else []
    result: list[tuple[BaseGeometry | None, str]] = [(None, "")] * len(lats)
    for i, point in zip(exact, points, strict=True):
        result[i] = (point, EXACT_POINT)
    done = set(exact)
    for i in range(len(lats)):
        if i not in done:
            result[i] = shape_of(lats[i], lons[i], LocationPrecision(precisions[i]), areas[i])
    return result
