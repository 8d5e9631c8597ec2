"""A control layer as of a valid date and a record time, with areas derived from settlements where needed.

A layer's rows are bitemporal: ``valid_from``/``valid_to`` say when a holding was true on the ground, and
``recorded_seq``/``superseded_seq`` say when the record learned it and when a correction replaced it. So
"what did we believe on 10 March about 1 March" is ``LayerHistory(records, known_seq=<last seq of 10 March>)
.view(date(2016, 3, 1))``.

Settlement observations become areas as Voronoi cells around the settlements in force, clipped to the
country outline and to ``reach_km`` around each settlement (a town speaks for its surroundings, not for half
a desert). Polygons recorded as areas are used as they are and take precedence over derived cells.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt
import shapely
from shapely import affinity
from shapely.geometry import MultiPoint, Point
from shapely.geometry.base import BaseGeometry
from shapely.strtree import STRtree

from jointmap.control.geometry import area_km2, circle
from jointmap.control.outlines import Outline
from jointmap.domain import ControlArea, ControlObservation

__all__ = [
    "DEFAULT_REACH_KM",
    "ControlRecord",
    "Holding",
    "LayerHistory",
    "LayerView",
    "MergedArea",
    "build_view",
    "entangled_holdings",
    "merge_by_holder",
]

DEFAULT_REACH_KM = 20.0


@dataclass(frozen=True, slots=True)
class ControlRecord:
    """One recorded version of a control row (a polygon or a settlement observation)."""

    record: ControlArea | ControlObservation
    recorded_seq: int
    superseded_seq: int | None = None

    def known_at(self, seq: int | None) -> bool:
        """Was this the version the record held after log entry ``seq`` (None: now)?"""
        if seq is None:
            return self.superseded_seq is None
        return self.recorded_seq <= seq and (self.superseded_seq is None or self.superseded_seq > seq)

    def valid_on(self, day: date) -> bool:
        r = self.record
        return r.valid_from <= day and (r.valid_to is None or day <= r.valid_to)


@dataclass(frozen=True, slots=True)
class Holding:
    """An area of a layer version and who holds it, with where that came from."""

    geometry: BaseGeometry
    actors: tuple[str, ...]
    layer: str
    record_id: str
    recorded_seq: int
    confidence: float
    source: str
    #: the settlement for a derived cell; None for a recorded polygon
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None

    @property
    def derived(self) -> bool:
        return self.place is not None

    def cite(self) -> str:
        kind = f"cell around {self.place}" if self.derived else "polygon"
        return f"layer {self.layer} record {self.record_id} v{self.recorded_seq} ({kind})"


@dataclass(frozen=True, slots=True)
class MergedArea:
    actors: tuple[str, ...]
    geometry: BaseGeometry
    km2: float
    records: tuple[str, ...]


@dataclass
class LayerView:
    """The holdings of one layer valid on ``valid_on`` as the record stood after entry ``known_seq``."""

    layer: str
    valid_on: date
    known_seq: int | None
    holdings: list[Holding]
    #: How areas were made, said in every output that shows them.
    method: str
    _tree: STRtree | None = field(default=None, repr=False)
    _version: int | None = field(default=None, repr=False)

    @property
    def version(self) -> int:
        """The newest log entry among the records this view uses: the layer version a verdict cites."""
        if self._version is None:
            self._version = max((h.recorded_seq for h in self.holdings), default=0)
        return self._version

    @property
    def label(self) -> str:
        if not self.holdings:
            return f"{self.layer} (no records in force on {self.valid_on})"
        return f"{self.layer} v{self.version}"

    def tree(self) -> STRtree:
        if self._tree is None:
            self._tree = STRtree([h.geometry for h in self.holdings])
        return self._tree

    def query(self, shapes: Sequence[BaseGeometry] | npt.NDArray[np.object_]) -> npt.NDArray[np.intp]:
        """(2, n) array of (shape index, holding index) pairs that intersect, vectorised."""
        if not self.holdings:
            return np.empty((2, 0), dtype=np.intp)
        result: npt.NDArray[np.intp] = self.tree().query(np.asarray(shapes), predicate="intersects")
        return result

    def holdings_at(self, shape: BaseGeometry) -> list[Holding]:
        pairs = self.query([shape])
        return [self.holdings[i] for i in sorted(set(pairs[1].tolist()))]


def _observation_cells(
    observations: list[ControlRecord], outline: Outline | None, reach_km: float
) -> list[tuple[ControlRecord, BaseGeometry]]:
    """Voronoi cells around the observed settlements, clipped to the outline and the reach."""
    if not observations:
        return []
    points = [(r.record.lon, r.record.lat) for r in observations]  # type: ignore[union-attr]
    mean_lat = sum(p[1] for p in points) / len(points)
    # Voronoi in degrees would stretch cells east-west; scale longitudes to km-true units first.
    xscale = max(math.cos(math.radians(mean_lat)), 0.01)
    scaled = MultiPoint([(x * xscale, y) for x, y in points])
    if len(set(points)) > 1:
        cells = list(shapely.voronoi_polygons(scaled, ordered=True).geoms)
    else:
        cells = [Point(points[0][0] * xscale, points[0][1]).buffer(180.0)]
    result = []
    for record, cell in zip(observations, cells, strict=True):
        obs = record.record
        shape = affinity.scale(cell, xfact=1.0 / xscale, yfact=1.0, origin=(0, 0))
        shape = shape.intersection(circle(obs.lon, obs.lat, reach_km))  # type: ignore[union-attr]
        if outline is not None:
            shape = shape.intersection(outline.geometry)
        if not shape.is_empty:
            result.append((record, shape))
    return result


def build_view(
    layer: str,
    records: Iterable[ControlRecord],
    valid_on: date,
    known_seq: int | None = None,
    *,
    outline: Outline | None = None,
    reach_km: float = DEFAULT_REACH_KM,
) -> LayerView:
    """The holdings of ``layer`` valid on ``valid_on`` as known after log entry ``known_seq``."""
    in_force = [
        r for r in records if r.record.layer == layer and r.known_at(known_seq) and r.valid_on(valid_on)
    ]
    return _view_of(layer, in_force, valid_on, known_seq, outline, reach_km)


def _view_of(
    layer: str,
    in_force: list[ControlRecord],
    valid_on: date,
    known_seq: int | None,
    outline: Outline | None,
    reach_km: float,
) -> LayerView:
    areas = [r for r in in_force if isinstance(r.record, ControlArea)]
    observations = sorted(
        (r for r in in_force if isinstance(r.record, ControlObservation)), key=lambda r: r.record.id
    )
    holdings: list[Holding] = []
    # Parsed in one vectorised call (a large layer has thousands of polygons per view).
    shapes = shapely.from_wkt([r.record.area_wkt for r in areas]) if areas else []  # type: ignore[union-attr]
    for r, shape in zip(areas, shapes, strict=True):
        a = r.record
        assert isinstance(a, ControlArea)
        holdings.append(Holding(shape, a.actors, layer, a.id, r.recorded_seq, a.confidence, a.source))
    # Only derived cells are cut by the recorded polygons: no union when there are no settlements.
    polygon_union = shapely.union_all([h.geometry for h in holdings]) if holdings and observations else None
    for r, cell in _observation_cells(observations, outline, reach_km):
        o = r.record
        assert isinstance(o, ControlObservation)
        if polygon_union is not None:
            cell = cell.difference(polygon_union)
            if cell.is_empty:
                continue
        holdings.append(
            Holding(
                cell,
                o.actors,
                layer,
                o.id,
                r.recorded_seq,
                o.confidence,
                o.source,
                o.place,
                o.lat,
                o.lon,
                o.geonameid,
            )
        )
    parts = []
    if areas:
        parts.append(f"{len(areas)} recorded polygons")
    if observations:
        clip = outline.description if outline is not None else "no country outline"
        parts.append(
            f"{len(observations)} settlements → areas derived as Voronoi cells clipped to {clip} "
            f"and to {reach_km:g} km around each settlement"
        )
    return LayerView(layer, valid_on, known_seq, holdings, "; ".join(parts) or "no records in force")


#: The day number standing for "no end of validity".
_NO_END = date.max.toordinal()


class LayerHistory:
    """All recorded versions of one layer; ``view(day)`` is cached per span of days with the same records."""

    def __init__(
        self,
        layer: str,
        records: Iterable[ControlRecord],
        known_seq: int | None = None,
        *,
        outline: Outline | None = None,
        reach_km: float = DEFAULT_REACH_KM,
    ) -> None:
        self.layer = layer
        self.known_seq = known_seq
        self.outline = outline
        self.reach_km = reach_km
        self.records = [r for r in records if r.record.layer == layer and r.known_at(known_seq)]
        self._views: dict[int, LayerView] = {}
        edges = {r.record.valid_from for r in self.records}
        edges |= {
            r.record.valid_to + timedelta(days=1) for r in self.records if r.record.valid_to is not None
        }
        self._boundaries = sorted(edges)
        self._by_day: dict[date, LayerView] = {}
        # Validity as day numbers: which records are in force on a day is one array comparison (a layer of
        # 10,000 polygons × 50 versions is 500,000 records, scanned once per view otherwise).
        self._from = np.fromiter((r.record.valid_from.toordinal() for r in self.records), np.int64)
        self._to = np.fromiter(
            (r.record.valid_to.toordinal() if r.record.valid_to else _NO_END for r in self.records), np.int64
        )

    def view(self, day: date) -> LayerView:
        cached = self._by_day.get(day)
        if cached is not None:
            return cached
        # Records in force change only on validity boundaries: one view per span between them.
        span = bisect_right(self._boundaries, day)
        shared = self._views.get(span)
        if shared is None:
            n = day.toordinal()
            in_force = [self.records[i] for i in np.flatnonzero((self._from <= n) & (self._to >= n)).tolist()]
            shared = _view_of(self.layer, in_force, day, self.known_seq, self.outline, self.reach_km)
            shared.tree()  # built once, shared by every day of the span
            _ = shared.version  # likewise: the copies below would each scan every holding for it
            self._views[span] = shared
        view = shared if shared.valid_on == day else replace(shared, valid_on=day)
        self._by_day[day] = view
        return view


def merge_by_holder(view: LayerView) -> list[MergedArea]:
    """The view's areas dissolved per set of holders (largest first)."""
    groups: dict[tuple[str, ...], list[Holding]] = {}
    for h in view.holdings:
        groups.setdefault(tuple(sorted(h.actors)), []).append(h)
    merged = []
    for actors, items in groups.items():
        shape = shapely.union_all([h.geometry for h in items])
        merged.append(MergedArea(actors, shape, area_km2(shape), tuple(sorted(h.record_id for h in items))))
    return sorted(merged, key=lambda m: (-m.km2, m.actors))


def entangled_holdings(
    view: LayerView, is_party: Callable[[str], bool], is_excluded: Callable[[str], bool]
) -> list[Holding]:
    """Holdings where the layer records both a party and an excluded group (rebels mixed with al-Nusra)."""
    return [
        h
        for h in view.holdings
        if any(is_party(a) for a in h.actors) and any(is_excluded(a) for a in h.actors)
    ]
