"""The gazetteer's data: :class:`Place` records and the :class:`Gazetteer` built from them.

A Place is a plain frozen dataclass (fast to build by the ten thousand, trivial to persist: every field is
a str, int, float, tuple of str or None). The Gazetteer is built from any iterable of Places – a GeoNames
import, the embedded default, rows loaded back from the store – plus a code → name map of governorates.
Places sharing a ``geonameid`` are merged (see :meth:`Gazetteer.__init__`), which is how our own data files
add exonyms and importance to places that an imported dump already holds.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace

__all__ = ["FEATURE_WEIGHT", "Gazetteer", "Place", "importance"]


@dataclass(frozen=True, slots=True)
class Place:
    """One named place. ``admin1_code`` is the full GeoNames form, e.g. ``"SY.09"`` ("" if unknown).

    Ids: GeoNames ids; Who's On First ids (> 100,000,000) as they come; negative ids are places from
    jointmap's own data files (``geo/data``), stable across releases.
    """

    geonameid: int
    name: str
    lat: float
    lon: float
    feature_class: str = "P"
    feature_code: str = "PPL"
    country_code: str = "SY"
    admin1_code: str = ""
    admin2_name: str = ""
    population: int = 0
    asciiname: str = ""
    alternatenames: tuple[str, ...] = ()
    # Names that are the place's usual English/Arabic names (exonyms): matched as strongly as ``name``.
    preferred_names: tuple[str, ...] = ()
    parent_id: int | None = None
    # Coarse extent for areas (regions, governorate fallbacks): a centre + radius, stated as coarse.
    radius_km: float | None = None
    source: str = ""

    def all_names(self) -> Iterator[tuple[str, bool]]:
        """Every name with whether it is a preferred one (name, asciiname, exonyms)."""
        yield self.name, True
        if self.asciiname and self.asciiname != self.name:
            yield self.asciiname, True
        for alias in self.preferred_names:
            yield alias, True
        for alias in self.alternatenames:
            yield alias, False


# How much a feature code says about a place's importance when population is missing (it mostly is).
FEATURE_WEIGHT: dict[str, float] = {
    "PCLI": 0.9,
    "PPLC": 1.0,
    "PPLA": 0.9,
    "ADM1": 0.85,
    "PPLA2": 0.65,
    "ADM2": 0.6,
    "RGN": 0.6,
    "AREA": 0.55,
    "MTS": 0.55,
    "VAL": 0.55,
    "PLN": 0.55,
    "DSRT": 0.55,
    "PPLX": 0.45,
    "PPLA3": 0.45,
    "PPL": 0.3,
    "AIRP": 0.3,
    # Sites from our landmarks file (a GeoNames row with these codes is usually a minor one).
    "AIRB": 0.45,
    "PSTB": 0.45,
    "DAM": 0.45,
    "MILB": 0.4,
    "PRN": 0.4,
    "CMPRF": 0.4,
    "LK": 0.4,
    "SPNG": 0.35,
    "RDJCT": 0.3,
    "RD": 0.3,
    "PPLL": 0.15,
    "STLMT": 0.15,
    "PPLF": 0.1,
    "PPLW": 0.05,
    "PPLQ": 0.05,
    "PPLH": 0.05,
}


def importance(place: Place) -> float:
    """0..1 from feature code, number of alternate names and (weakly) population."""
    feature = FEATURE_WEIGHT.get(place.feature_code, 0.2)
    # Famous places collect names in many languages; villages have one or two.
    if place.geonameid < 0:
        # Our own points: their alias lists say how many spellings we wrote down, not how famous they are.
        names = 0.3
    else:
        names = min(
            1.0, math.log1p(len(place.alternatenames) + 2 * len(place.preferred_names)) / math.log(60)
        )
    population = min(1.0, math.log10(place.population) / 6.5) if place.population > 1 else 0.0
    return min(1.0, 0.6 * feature + 0.25 * names + 0.15 * population)


def _merge(old: Place, new: Place) -> Place:
    # Keep the imported record's coordinates; add names; take the more important feature code.
    code = old.feature_code
    if FEATURE_WEIGHT.get(new.feature_code, 0.0) > FEATURE_WEIGHT.get(code, 0.0):
        code = new.feature_code
    seen = {old.name, old.asciiname, *old.alternatenames, *old.preferred_names}
    extra_alt: list[str] = []
    for alias in new.alternatenames:
        if alias not in seen:
            seen.add(alias)
            extra_alt.append(alias)
    # A dump row whose only name is Arabic (Aleppo is "حلب" with a blank asciiname) takes our English one.
    name = old.name if old.asciiname.strip() or not new.name else new.name
    extra_pref = tuple(
        n
        for n in (old.name, new.name, *new.preferred_names)
        if n and n not in old.preferred_names and n != name
    )
    return replace(
        old,
        name=name,
        asciiname=old.asciiname or new.asciiname,
        feature_code=code,
        admin1_code=old.admin1_code or new.admin1_code,
        population=max(old.population, new.population),
        alternatenames=old.alternatenames + tuple(extra_alt),
        preferred_names=old.preferred_names + extra_pref,
        parent_id=old.parent_id if old.parent_id is not None else new.parent_id,
        radius_km=old.radius_km if old.radius_km is not None else new.radius_km,
        source=old.source if new.source in old.source else f"{old.source}; {new.source}".strip("; "),
    )


@dataclass
class Gazetteer:
    """An in-memory gazetteer: places by id and governorate names by code (``"SY.09" → "Aleppo"``)."""

    places: dict[int, Place] = field(default_factory=dict)
    admin1_names: dict[str, str] = field(default_factory=dict)
    _grid: dict[tuple[int, int], list[Place]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @classmethod
    def build(cls, places: Iterable[Place], admin1_names: Mapping[str, str] | None = None) -> Gazetteer:
        """Build from places; a later Place with an id already present is merged into the first."""
        by_id: dict[int, Place] = {}
        for place in places:
            old = by_id.get(place.geonameid)
            by_id[place.geonameid] = place if old is None else _merge(old, place)
        return cls(places=by_id, admin1_names=dict(admin1_names or {}))

    def __len__(self) -> int:
        return len(self.places)

    def __iter__(self) -> Iterator[Place]:
        return iter(self.places.values())

    def get(self, geonameid: int) -> Place | None:
        return self.places.get(geonameid)

    def admin1_name(self, code: str) -> str:
        return self.admin1_names.get(code, "")

    def extended(self, places: Iterable[Place]) -> Gazetteer:
        """A new gazetteer with ``places`` merged in (e.g. our supplement on top of an import)."""
        return Gazetteer.build([*self.places.values(), *places], self.admin1_names)

    def nearest(self, lat: float, lon: float, max_km: float = 25.0) -> Place | None:
        """The nearest settlement (feature class P) within ``max_km``, or ``None``."""
        if self._grid is None:
            grid: dict[tuple[int, int], list[Place]] = {}
            for place in self.places.values():
                if place.feature_class == "P":
                    grid.setdefault((math.floor(place.lat * 5), math.floor(place.lon * 5)), []).append(place)
            self._grid = grid
        reach = int(max_km / 22.0) + 1  # cells are 0.2° (≥ 18 km in longitude at Syrian latitudes)
        row, col = math.floor(lat * 5), math.floor(lon * 5)
        scale = math.cos(math.radians(lat))
        best: tuple[float, int, Place] | None = None
        for r in range(row - reach, row + reach + 1):
            for c in range(col - reach, col + reach + 1):
                for place in self._grid.get((r, c), ()):
                    km = 111.32 * math.hypot(place.lat - lat, (place.lon - lon) * scale)
                    if km <= max_km and (best is None or (km, place.geonameid) < best[:2]):
                        best = (km, place.geonameid, place)
        return best[2] if best else None
