"""An incident's location as the shape it allows: a point only when the location is exact.

The area in ``location.area_wkt`` wins when given; otherwise the UCDP precision sets a radius around the
point (precision 2 "within about 25 km" is taken literally). Verdicts test the whole shape, so a coarse
location that straddles two holders says so instead of picking one.
"""

from __future__ import annotations

from shapely import wkt
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from jointmap.control.geometry import circle
from jointmap.domain import Location, LocationPrecision

__all__ = ["PRECISION_RADIUS_KM", "location_shape"]

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
    precision = location.precision
    if location.area_wkt is not None:
        return wkt.loads(location.area_wkt), f"the area given with the location (precision {precision.value})"
    radius = PRECISION_RADIUS_KM[precision]
    if radius is None:
        return None, f"precision {precision.value} ({precision.name.lower()}): too coarse for a control map"
    if radius == 0:
        return Point(location.lon, location.lat), "the exact point (precision 1)"
    return (
        circle(location.lon, location.lat, radius),
        f"a {radius:g} km radius around the point (precision {precision.value}, {precision.name.lower()})",
    )
