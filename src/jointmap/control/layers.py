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
from datetime import date

import numpy as np
import numpy.typing as npt
import shapely
from shapely import affinity
from shapely.geometry import MultiPoint, Point
from shapely.geometry.base import BaseGeometry
from shapely.strtree import STRtree

from jointmap.control.geometry import area_km2, circle
from jointmap.control.outlines import Outline
from jointmap.control.records import NO_END, AreaColumns, ControlRecord, ControlRows, Holding
from jointmap.domain import ControlObservation

__all__ = [
    "DEFAULT_REACH_KM",
    "LayerHistory",
    "LayerView",
    "MergedArea",
    "build_view",
    "entangled_holdings",
    "merge_by_holder",
]

DEFAULT_REACH_KM = 20.0


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
    records: ControlRows | Iterable[ControlRecord],
    valid_on: date,
    known_seq: int | None = None,
    *,
    outline: Outline | None = None,
    reach_km: float = DEFAULT_REACH_KM,
) -> LayerView:
    """The holdings of ``layer`` valid on ``valid_on`` as known after log entry ``known_seq``."""
    if not isinstance(records, ControlRows):  # only the rows of that day's view are parsed
        records = [
            r for r in records if r.record.layer == layer and r.known_at(known_seq) and r.valid_on(valid_on)
        ]
    return LayerHistory(layer, records, known_seq, outline=outline, reach_km=reach_km).view(valid_on)


def _view_of(
    layer: str,
    areas: AreaColumns,
    observations: list[ControlRecord],
    valid_on: date,
    known_seq: int | None,
    outline: Outline | None,
    reach_km: float,
) -> LayerView:
    holdings = areas.holdings(layer)
    observations = sorted(observations, key=lambda r: r.record.id)
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
    if len(areas):
        parts.append(f"{len(areas)} recorded polygons")
    if observations:
        clip = outline.description if outline is not None else "no country outline"
        parts.append(
            f"{len(observations)} settlements → areas derived as Voronoi cells clipped to {clip} "
            f"and to {reach_km:g} km around each settlement"
        )
    return LayerView(layer, valid_on, known_seq, holdings, "; ".join(parts) or "no records in force")


class LayerHistory:
    """All recorded versions of one layer; ``view(day)`` is cached per span of days with the same records.

    ``records`` may hold other layers' rows and superseded versions: the history keeps those of ``layer``
    as known after ``known_seq`` (None: now).
    """

    def __init__(
        self,
        layer: str,
        records: ControlRows | Iterable[ControlRecord],
        known_seq: int | None = None,
        *,
        outline: Outline | None = None,
        reach_km: float = DEFAULT_REACH_KM,
    ) -> None:
        self.layer = layer
        self.known_seq = known_seq
        self.outline = outline
        self.reach_km = reach_km
        rows = records if isinstance(records, ControlRows) else ControlRows.of(records)
        self.rows = rows.of_layer(layer, known_seq)
        self._views: dict[int, LayerView] = {}
        # Records in force change only on validity boundaries (day numbers): one view per span between them.
        areas = self.rows.areas
        edges = set(np.unique(areas.valid_from).tolist())
        edges |= {d + 1 for d in np.unique(areas.valid_to).tolist() if d != NO_END}
        for r in self.rows.observations:
            edges.add(r.record.valid_from.toordinal())
            if r.record.valid_to is not None:
                edges.add(r.record.valid_to.toordinal() + 1)
        self._boundaries = sorted(edges)
        self._by_day: dict[date, LayerView] = {}

    def view(self, day: date) -> LayerView:
        cached = self._by_day.get(day)
        if cached is not None:
            return cached
        n = day.toordinal()
        span = bisect_right(self._boundaries, n)
        shared = self._views.get(span)
        if shared is None:
            areas = self.rows.areas.take(self.rows.areas.valid_on(n))
            observations = [r for r in self.rows.observations if r.valid_on(day)]
            shared = _view_of(
                self.layer, areas, observations, day, self.known_seq, self.outline, self.reach_km
            )
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
