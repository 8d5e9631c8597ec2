"""Gazetteer, geocoding, boundaries and imprecise locations (see the submodules)."""

from __future__ import annotations

from jointmap.geo.boundaries import (
    AdminArea,
    AdminMatch,
    Boundaries,
    assign_admin,
    load_boundaries,
    locate_admin,
)
from jointmap.geo.download import GEONAMES_URL, download_geonames
from jointmap.geo.embedded import embedded_gazetteer, with_supplement
from jointmap.geo.geocoder import Candidate, Geocoder, precision_of
from jointmap.geo.geonames import GeonamesImport, load_geonames_dir, parse_admin1_codes, parse_geonames
from jointmap.geo.normalize import fold, loose_key, name_key
from jointmap.geo.places import Gazetteer, Place
from jointmap.geo.shapes import Location, parse_location

__all__ = [
    "GEONAMES_URL",
    "AdminArea",
    "AdminMatch",
    "Boundaries",
    "Candidate",
    "Gazetteer",
    "Geocoder",
    "GeonamesImport",
    "Location",
    "Place",
    "assign_admin",
    "download_geonames",
    "embedded_gazetteer",
    "fold",
    "load_boundaries",
    "load_geonames_dir",
    "locate_admin",
    "loose_key",
    "name_key",
    "parse_admin1_codes",
    "parse_geonames",
    "parse_location",
    "precision_of",
    "with_supplement",
]
