"""Where two layers disagree on one day: settlements held by different actors, and the areas (km²) between."""

from __future__ import annotations

from dataclasses import dataclass

import shapely
from shapely.geometry.base import BaseGeometry

from jointmap.control.geometry import area_km2
from jointmap.control.layers import LayerView
from jointmap.control.records import Holding

__all__ = ["MIN_AREA_KM2", "AreaDisagreement", "LayerDiff", "SettlementDisagreement", "diff_views"]

#: Slivers where two layers' cell edges almost coincide are noise, not disagreement.
MIN_AREA_KM2 = 0.5


@dataclass(frozen=True)
class SettlementDisagreement:
    place: str
    lat: float
    lon: float
    #: () when the layer does not map the settlement that day
    actors_a: tuple[str, ...]
    actors_b: tuple[str, ...]
    record_a: str | None
    record_b: str | None


@dataclass(frozen=True)
class AreaDisagreement:
    actors_a: tuple[str, ...]
    actors_b: tuple[str, ...]
    geometry: BaseGeometry
    km2: float


@dataclass(frozen=True)
class LayerDiff:
    a: LayerView
    b: LayerView
    settlements: list[SettlementDisagreement]
    areas: list[AreaDisagreement]
    agreeing_settlements: int

    @property
    def km2(self) -> float:
        return sum(d.km2 for d in self.areas)


def _settlement_key(h: Holding) -> str:
    # GeoNames ids match across organisations' spellings; else fall back to the name as written.
    return f"g{h.geonameid}:{h.place}" if h.geonameid is not None else f"n:{(h.place or '').casefold()}"


def diff_views(a: LayerView, b: LayerView) -> LayerDiff:
    """Settlements and areas where layer ``a`` and layer ``b`` name different holders."""
    cells_a = {_settlement_key(h): h for h in a.holdings if h.derived}
    cells_b = {_settlement_key(h): h for h in b.holdings if h.derived}
    settlements = []
    agreeing = 0
    for key in sorted(cells_a.keys() | cells_b.keys()):
        ha, hb = cells_a.get(key), cells_b.get(key)
        actors_a = tuple(sorted(ha.actors)) if ha else ()
        actors_b = tuple(sorted(hb.actors)) if hb else ()
        if actors_a == actors_b:
            agreeing += 1
            continue
        ref = ha or hb
        assert ref is not None and ref.lat is not None and ref.lon is not None
        settlements.append(
            SettlementDisagreement(
                ref.place or "",
                ref.lat,
                ref.lon,
                actors_a,
                actors_b,
                ha.record_id if ha else None,
                hb.record_id if hb else None,
            )
        )
    pieces: dict[tuple[tuple[str, ...], tuple[str, ...]], list[BaseGeometry]] = {}
    pairs = a.query([h.geometry for h in b.holdings]) if b.holdings else None
    if pairs is not None:
        for ib, ia in zip(pairs[0].tolist(), pairs[1].tolist(), strict=True):
            ha, hb = a.holdings[ia], b.holdings[ib]
            key2 = (tuple(sorted(ha.actors)), tuple(sorted(hb.actors)))
            if key2[0] == key2[1]:
                continue
            piece = ha.geometry.intersection(hb.geometry)
            if piece.area > 0:
                pieces.setdefault(key2, []).append(piece)
    areas = []
    for (actors_a, actors_b), shapes in pieces.items():
        shape = shapely.union_all(shapes)
        km2 = area_km2(shape)
        if km2 >= MIN_AREA_KM2:
            areas.append(AreaDisagreement(actors_a, actors_b, shape, km2))
    areas.sort(key=lambda d: (-d.km2, d.actors_a, d.actors_b))
    return LayerDiff(a, b, settlements, areas, agreeing)
