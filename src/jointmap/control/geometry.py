"""Small geometry helpers in kilometres for WGS 84 shapes (coarse by design: control areas are coarse).

Distances and areas use a local equirectangular projection at the shape's latitude: within a few per cent
over a country the size of Syria, which is far finer than settlement-level control data.
"""

from __future__ import annotations

import math

import shapely
from shapely import affinity
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

__all__ = ["KM_PER_DEGREE", "area_km2", "circle", "distance_m", "km_to_degrees_lat"]

KM_PER_DEGREE = 111.32


def km_to_degrees_lat(km: float) -> float:
    return km / KM_PER_DEGREE


def _lon_scale(lat: float) -> float:
    # A degree of longitude shrinks with latitude; clamp so polar data cannot divide by ~0.
    return max(math.cos(math.radians(lat)), 0.01)


def circle(lon: float, lat: float, radius_km: float) -> BaseGeometry:
    """A circle of ``radius_km`` around (lon, lat), as a lon/lat polygon (an ellipse in degrees)."""
    if radius_km <= 0:
        return Point(lon, lat)
    disc = Point(lon, lat).buffer(km_to_degrees_lat(radius_km), quad_segs=16)
    return affinity.scale(disc, xfact=1.0 / _lon_scale(lat), yfact=1.0, origin=(lon, lat))


def area_km2(geometry: BaseGeometry) -> float:
    """Approximate area in km² (equirectangular at the shape's centre latitude)."""
    if geometry.is_empty:
        return 0.0
    lat = geometry.centroid.y
    return float(geometry.area) * KM_PER_DEGREE * KM_PER_DEGREE * _lon_scale(lat)


def distance_m(a: BaseGeometry, b: BaseGeometry) -> float:
    """Approximate shortest distance in metres between two lon/lat shapes."""
    if a.intersects(b):
        return 0.0
    lat = (a.centroid.y + b.centroid.y) / 2
    scale = _lon_scale(lat)
    # Stretch longitudes so one unit is the same length on both axes, then measure in degrees of latitude.
    sa = affinity.scale(a, xfact=scale, yfact=1.0, origin=(0, 0))
    sb = affinity.scale(b, xfact=scale, yfact=1.0, origin=(0, 0))
    return float(shapely.distance(sa, sb)) * KM_PER_DEGREE * 1000.0
