"""A control layer's recorded rows (a version of a polygon or a settlement observation) and a view's holdings.

Polygons are also kept as columns (``AreaColumns``). A layer of 10,000 polygons × 50 weekly versions is
500,000 recorded rows; a pydantic model and a WKT parse per row cost seconds before the first incident is
judged. Read from the store's typed columns and WKB instead, the rows stay arrays, and a view picks its rows
with one comparison over the validity columns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from itertools import repeat
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry.base import BaseGeometry

from jointmap.domain import ControlArea, ControlObservation

__all__ = ["NEVER", "NO_END", "AreaColumns", "ControlRecord", "ControlRows", "Holding"]

#: The day number standing for "no end of validity".
NO_END = date.max.toordinal()
#: The log seq standing for "not superseded".
NEVER = int(np.iinfo(np.int64).max)

Objects = npt.NDArray[np.object_]
Ints = npt.NDArray[np.int64]


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


class Holding(NamedTuple):
    """An area of a layer version and who holds it, with where that came from. (A named tuple: a large layer
    makes half a million of them, and a frozen dataclass costs twice as much to build.)"""

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


@dataclass(frozen=True)
class AreaColumns:
    """Recorded versions of control polygons, one array per field, aligned (row i of each is one version)."""

    ids: Objects
    layers: Objects
    #: tuples of actor ids
    actors: Objects
    confidence: npt.NDArray[np.float64]
    sources: Objects
    #: parsed shapely geometries
    shapes: Objects
    recorded_seq: Ints
    #: ``NEVER`` while current
    superseded_seq: Ints
    #: day numbers (``date.toordinal``); ``valid_to`` is ``NO_END`` when open
    valid_from: Ints
    valid_to: Ints

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def of(cls, records: Sequence[ControlRecord]) -> AreaColumns:
        """Columns of recorded polygons (their WKT parsed in one call)."""
        areas = [r.record for r in records]
        assert all(isinstance(a, ControlArea) for a in areas)
        return cls.build(
            [a.id for a in areas],
            [a.layer for a in areas],
            [a.actors for a in areas],
            [a.confidence for a in areas],
            [a.source for a in areas],
            shapely.from_wkt([a.area_wkt for a in areas]),  # type: ignore[union-attr]
            [r.recorded_seq for r in records],
            [NEVER if r.superseded_seq is None else r.superseded_seq for r in records],
            [a.valid_from.toordinal() for a in areas],
            [NO_END if a.valid_to is None else a.valid_to.toordinal() for a in areas],
        )

    @classmethod
    def build(
        cls,
        ids: Sequence[str],
        layers: Sequence[str],
        actors: Sequence[tuple[str, ...]],
        confidence: Sequence[float],
        sources: Sequence[str],
        shapes: Sequence[BaseGeometry] | Objects,
        recorded_seq: Sequence[int],
        superseded_seq: Sequence[int],
        valid_from: Sequence[int],
        valid_to: Sequence[int],
    ) -> AreaColumns:
        return cls(
            _objects(ids),
            _objects(layers),
            _objects(actors),
            np.asarray(confidence, dtype=np.float64),
            _objects(sources),
            _objects(shapes),
            np.asarray(recorded_seq, dtype=np.int64),
            np.asarray(superseded_seq, dtype=np.int64),
            np.asarray(valid_from, dtype=np.int64),
            np.asarray(valid_to, dtype=np.int64),
        )

    def take(self, rows: npt.NDArray[np.bool_] | npt.NDArray[np.intp]) -> AreaColumns:
        """The rows a mask or index array picks, in their order."""
        return AreaColumns(
            self.ids[rows],
            self.layers[rows],
            self.actors[rows],
            self.confidence[rows],
            self.sources[rows],
            self.shapes[rows],
            self.recorded_seq[rows],
            self.superseded_seq[rows],
            self.valid_from[rows],
            self.valid_to[rows],
        )

    def known_at(self, seq: int | None) -> npt.NDArray[np.bool_]:
        """Which rows were the version the record held after log entry ``seq`` (None: now)."""
        current: npt.NDArray[np.bool_] = self.superseded_seq == NEVER
        if seq is None:
            return current
        return (self.recorded_seq <= seq) & (self.superseded_seq > seq)

    def valid_on(self, day: int) -> npt.NDArray[np.bool_]:
        """Which rows were in force on day number ``day``."""
        return (self.valid_from <= day) & (self.valid_to >= day)

    def holdings(self, layer: str) -> list[Holding]:
        fields = zip(
            self.shapes.tolist(),
            self.actors.tolist(),
            repeat(layer),
            self.ids.tolist(),
            self.recorded_seq.tolist(),
            self.confidence.tolist(),
            self.sources.tolist(),
            *(repeat(None),) * _DERIVED_FIELDS,  # a recorded polygon: no settlement, point or GeoNames id
        )
        return list(map(_as_holding, fields))


#: A tuple of a holding's fields as a ``Holding``, built from C (a Python call per holding costs more; it
#: also skips the field count check, hence the count of the fields only derived cells fill, named here).
_as_holding: Callable[[tuple[Any, ...]], Holding] = partial(tuple.__new__, Holding)
_DERIVED_FIELDS = len(Holding._fields) - Holding._fields.index("place")


def _objects(values: Sequence[object] | Objects) -> Objects:
    # Filled element by element: np.asarray would turn a list of tuples into a 2-D array.
    out = np.empty(len(values), dtype=object)
    out[:] = values if isinstance(values, np.ndarray) else list(values)
    return out


@dataclass(frozen=True)
class ControlRows:
    """A layer's recorded versions: polygons as columns, settlement observations as records (a layer has
    far fewer of them, and the Voronoi cells need them whole)."""

    areas: AreaColumns
    observations: tuple[ControlRecord, ...]

    def __len__(self) -> int:
        return len(self.areas) + len(self.observations)

    @classmethod
    def of(cls, records: Iterable[ControlRecord]) -> ControlRows:
        areas: list[ControlRecord] = []
        observations: list[ControlRecord] = []
        for r in records:
            (areas if isinstance(r.record, ControlArea) else observations).append(r)
        return cls(AreaColumns.of(areas), tuple(observations))

    def of_layer(self, layer: str, known_seq: int | None) -> ControlRows:
        """The rows of ``layer`` as the record stood after log entry ``known_seq`` (None: now)."""
        areas = self.areas.take((self.areas.layers == layer) & self.areas.known_at(known_seq))
        observations = tuple(
            r for r in self.observations if r.record.layer == layer and r.known_at(known_seq)
        )
        return ControlRows(areas, observations)
