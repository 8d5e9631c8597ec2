"""Store reads for control layers: bitemporal rows → ``ControlRows`` and ``LayerHistory``."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import shapely
from pydantic import TypeAdapter
from sqlalchemy import Connection, select

from jointmap.control.layers import DEFAULT_REACH_KM, LayerHistory
from jointmap.control.outlines import Outline, bundled_outline
from jointmap.control.records import NEVER, NO_END, AreaColumns, ControlRecord, ControlRows
from jointmap.domain import Agreement, ControlObservation, Layer, format_time
from jointmap.errors import NotFound, StoreError
from jointmap.store import Store
from jointmap.store import schema as s

__all__ = ["default_outline", "layer_history", "load_control_rows", "require_layer", "seq_known_at"]


def load_control_rows(store: Store, layer: str | None = None) -> ControlRows:
    """Every recorded version (current and superseded) of the control rows of ``layer`` (None: all).

    Polygons are read from their typed columns and WKB straight into columns (see ``control.records``):
    they were validated when written, and a layer can hold half a million of them. Settlement observations,
    far fewer, are read back as models.
    """
    a = s.control_areas.c
    query = select(
        a.id, a.layer, a.actors, a.confidence, a.source, a.shape, a.recorded_seq, a.superseded_seq,
        a.valid_from, a.valid_to,
    )  # fmt: skip
    if layer is not None:
        query = query.where(a.layer == layer)
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()  # put in record order below: cheaper than a sort in SQL
        observations = _observations(conn, layer)
    ids, layers, actors, confidence, sources, shapes, recorded, superseded, valid_from, valid_to = (
        zip(*rows, strict=True) if rows else ((),) * 10
    )
    if None in shapes:  # written around the applier (which always fills it): refuse rather than drop it
        at = shapes.index(None)
        raise StoreError(f"control area {ids[at]!r} (recorded at entry {recorded[at]}) has no stored shape")
    # Few distinct values, each parsed once.
    holders = {text: tuple(text.split(";")) for text in set(actors)}
    days = {text: date.fromisoformat(text).toordinal() for text in set(valid_from) | (set(valid_to) - {None})}
    areas = AreaColumns.build(
        ids,
        layers,
        [holders[text] for text in actors],
        confidence,
        sources,
        shapely.from_wkb(shapes) if shapes else [],
        recorded,
        [NEVER if seq is None else seq for seq in superseded],
        [days[text] for text in valid_from],
        [NO_END if text is None else days[text] for text in valid_to],
    )
    seqs = areas.recorded_seq
    if len(seqs) > 1 and not bool(np.all(seqs[1:] >= seqs[:-1])):
        areas = areas.take(np.argsort(seqs, kind="stable"))
    return ControlRows(areas, tuple(observations))


def _observations(conn: Connection, layer: str | None) -> list[ControlRecord]:
    o = s.control_observations.c
    query = select(o.data, o.recorded_seq, o.superseded_seq)
    if layer is not None:
        query = query.where(o.layer == layer)
    result = conn.execute(query.order_by(o.recorded_seq))
    records: list[ControlRecord] = []
    while rows := result.fetchmany(_CHUNK):
        # Validated a chunk at a time: one call into pydantic's core per 5,000 records.
        models = _OBSERVATIONS.validate_json("[" + ",".join(r[0] for r in rows) + "]")
        records += (ControlRecord(m, int(r[1]), r[2]) for m, r in zip(models, rows, strict=True))
    return records


_CHUNK = 5000
_OBSERVATIONS = TypeAdapter(list[ControlObservation])


def seq_known_at(store: Store, when: datetime) -> int:
    """The last log entry recorded at or before ``when``: the record as it stood then (-1: empty)."""
    with store.engine.connect() as conn:
        seq = conn.execute(
            select(s.log_entries.c.seq)
            .where(s.log_entries.c.recorded_at <= format_time(when))
            .order_by(s.log_entries.c.seq.desc())
            .limit(1)
        ).scalar()
    return -1 if seq is None else int(seq)


def require_layer(store: Store, layer: str) -> Layer:
    try:
        return store.get(Layer, "layers", layer)
    except NotFound:
        known = ", ".join(x.id for x in store.all(Layer, "layers")) or "none"
        raise NotFound(f"no layer {layer!r} (known: {known})") from None


def default_outline(store: Store) -> Outline | None:
    """The bundled outline of every country any stored agreement covers."""
    countries = sorted({c for a in store.all(Agreement, "agreements") for c in a.scope_countries})
    return bundled_outline(countries)


def layer_history(
    store: Store,
    layer: str,
    known_seq: int | None = None,
    *,
    outline: Outline | None = None,
    reach_km: float = DEFAULT_REACH_KM,
) -> LayerHistory:
    require_layer(store, layer)
    return LayerHistory(layer, load_control_rows(store, layer), known_seq, outline=outline, reach_km=reach_km)
