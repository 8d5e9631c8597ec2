"""Country outlines used to clip areas derived from settlements, and the agreement's geographic scope.

The bundled outlines are deliberately coarse (about 30 vertices, within roughly 10–20 km of the true border)
so that jointmap works offline with no third-party boundary file; every output that uses one says so. Pass a
boundaries GeoJSON (``geo.load_boundaries`` format) for a precise outline.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import shapely
from shapely import wkt
from shapely.geometry.base import BaseGeometry

__all__ = ["BUNDLED_OUTLINES", "Outline", "bundled_outline", "outline_from_boundaries"]

#: ISO 3166 code → coarse outline (WKT, lon lat). Data, not logic: add a country by adding a line.
BUNDLED_OUTLINES: dict[str, str] = {
    "SY": (
        "POLYGON((35.90 35.93, 35.75 35.55, 35.90 35.30, 35.93 35.15, 35.86 34.88, 35.97 34.64, "
        "36.40 34.63, 36.60 34.45, 36.50 34.15, 36.30 33.95, 36.05 33.80, 35.97 33.66, 35.85 33.40, "
        "35.65 32.70, 36.05 32.55, 36.85 32.32, 38.79 33.37, 40.95 34.40, 41.20 34.80, 41.38 35.65, "
        "41.35 36.35, 42.36 37.10, 41.20 37.07, 40.07 36.85, 38.95 36.72, 38.35 36.93, 38.00 36.84, "
        "37.05 36.63, 36.65 36.83, 36.67 36.23, 36.35 35.85, 36.15 35.82, 35.90 35.93))"
    ),
}


@dataclass(frozen=True)
class Outline:
    """A clipping shape and a sentence saying where it came from (printed beside derived areas)."""

    geometry: BaseGeometry
    description: str
    #: How far a shape may lie outside the outline and still count as inside (a coarse outline's error).
    tolerance_km: float = 0.0


def bundled_outline(countries: tuple[str, ...] | list[str]) -> Outline | None:
    """The union of the bundled coarse outlines of ``countries``; None when none of them is bundled."""
    known = [c for c in countries if c in BUNDLED_OUTLINES]
    if not known:
        return None
    shape = shapely.union_all([wkt.loads(BUNDLED_OUTLINES[c]) for c in known])
    description = f"bundled coarse outline of {', '.join(known)} (within ~10–20 km of the border)"
    return Outline(shape, description, tolerance_km=20.0)


def outline_from_boundaries(path: Path | str) -> Outline:
    """The union of the governorates (level 1) of a boundaries GeoJSON file."""
    from jointmap.geo.boundaries import load_boundaries  # the geo package is only needed for this option

    boundaries = load_boundaries(path)
    shapes = [a.geometry for a in boundaries.level(1)] or [a.geometry for a in boundaries.level(2)]
    return Outline(shapely.union_all(shapes), f"outline from {Path(path).name} ({len(shapes)} areas)")
