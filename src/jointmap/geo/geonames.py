"""Read GeoNames dump files (``SY.txt``, ``allCountries.txt``, ``admin1CodesASCII.txt``).

Bad lines never stop an import: each one becomes an error ``file:line: field: what is wrong`` and the rest
of the file loads. Real dumps lack a lot (population 0, empty admin2, missing admin1, blank asciiname);
those are not errors.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from jointmap.geo.places import Gazetteer, Place

__all__ = [
    "GEONAMES_COLUMNS",
    "GeonamesImport",
    "load_geonames_dir",
    "parse_admin1_codes",
    "parse_geonames",
    "parse_geonames_lines",
]

GEONAMES_COLUMNS: tuple[str, ...] = (
    "geonameid",
    "name",
    "asciiname",
    "alternatenames",
    "latitude",
    "longitude",
    "feature class",
    "feature code",
    "country code",
    "cc2",
    "admin1 code",
    "admin2 code",
    "admin3 code",
    "admin4 code",
    "population",
    "elevation",
    "dem",
    "timezone",
    "modification date",
)
_N = len(GEONAMES_COLUMNS)


@dataclass
class GeonamesImport:
    """What an import produced: places, governorate names and one message per rejected line."""

    places: list[Place] = field(default_factory=list)
    admin1_names: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def gazetteer(self) -> Gazetteer:
        return Gazetteer.build(self.places, self.admin1_names)


def _float(value: str, low: float, high: float) -> float:
    number = float(value)  # ValueError carries the bad text
    if not (low <= number <= high) or math.isnan(number):
        raise ValueError(f"{value!r} is outside {low:g}..{high:g}")
    return number


def _parse_row(cols: list[str]) -> tuple[Place | None, str]:
    """One split line → (Place, "") or (None, "field: problem")."""
    if len(cols) != _N:
        return None, f"columns: expected {_N} tab-separated columns, found {len(cols)}"
    raw_id, name, ascii_name, alternates = cols[0], cols[1].strip(), cols[2].strip(), cols[3]
    try:
        geonameid = int(raw_id)
    except ValueError:
        return None, f"geonameid: {raw_id!r} is not an integer"
    if geonameid <= 0:
        return None, f"geonameid: {raw_id!r} must be positive"
    if not name and not ascii_name:
        return None, "name: both name and asciiname are empty"
    try:
        lat = _float(cols[4], -90.0, 90.0)
    except ValueError as exc:
        return None, f"latitude: {exc}"
    try:
        lon = _float(cols[5], -180.0, 180.0)
    except ValueError as exc:
        return None, f"longitude: {exc}"
    population = 0
    if cols[14]:
        try:
            population = int(cols[14])
        except ValueError:
            return None, f"population: {cols[14]!r} is not an integer"
    country = cols[8].strip()
    admin1 = cols[10].strip()
    place = Place(
        geonameid=geonameid,
        name=name or ascii_name,
        lat=lat,
        lon=lon,
        feature_class=cols[6].strip(),
        feature_code=cols[7].strip(),
        country_code=country,
        # "SY.09" is how admin1CodesASCII.txt names governorates; an empty code stays empty.
        admin1_code=f"{country}.{admin1}" if admin1 and country else "",
        admin2_name="",
        population=max(population, 0),
        asciiname=ascii_name,
        alternatenames=tuple(a for a in alternates.split(",") if a) if alternates else (),
        source=f"GeoNames {geonameid}" if geonameid < 100_000_000 else f"Who's On First {geonameid}",
    )
    return place, ""


def parse_geonames_lines(lines: Iterable[str], filename: str = "<input>") -> GeonamesImport:
    """Parse dump lines; blank lines and ``#`` comments are skipped."""
    result = GeonamesImport()
    for number, line in enumerate(lines, start=1):
        line = line.rstrip("\r\n")
        if not line.strip() or line.startswith("#"):
            continue
        place, problem = _parse_row(line.split("\t"))
        if place is None:
            result.errors.append(f"{filename}:{number}: {problem}")
        else:
            result.places.append(place)
    return result


def parse_geonames(path: Path | str) -> GeonamesImport:
    """Parse one GeoNames dump file (UTF-8; invalid bytes are replaced, not fatal)."""
    path = Path(path)
    with path.open(encoding="utf-8", errors="replace") as handle:
        return parse_geonames_lines(handle, str(path))


def parse_admin1_codes(path: Path | str, errors: list[str] | None = None) -> dict[str, str]:
    """``admin1CodesASCII.txt`` → ``{"SY.09": "Aleppo", ...}``; bad lines go to ``errors``."""
    path = Path(path)
    names: dict[str, str] = {}
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            line = line.rstrip("\r\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            problem = ""
            if len(cols) < 2:
                problem = f"columns: expected at least 2 tab-separated columns, found {len(cols)}"
            elif "." not in cols[0]:
                problem = f"code: {cols[0]!r} is not of the form CC.NN"
            elif not (cols[1].strip() or (len(cols) > 2 and cols[2].strip())):
                problem = "name: empty"
            if problem:
                if errors is not None:
                    errors.append(f"{path}:{number}: {problem}")
                continue
            names[cols[0].strip()] = cols[1].strip() or cols[2].strip()
    return names


def load_geonames_dir(directory: Path | str, country: str = "SY") -> GeonamesImport:
    """``<dir>/<country>.txt`` plus ``<dir>/admin1CodesASCII.txt`` when present (filtered to ``country``)."""
    directory = Path(directory)
    result = parse_geonames(directory / f"{country}.txt")
    admin1 = directory / "admin1CodesASCII.txt"
    if admin1.exists():
        names = parse_admin1_codes(admin1, result.errors)
        result.admin1_names = {k: v for k, v in names.items() if k.startswith(f"{country}.")}
    return result
