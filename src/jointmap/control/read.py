"""Store reads for control layers: bitemporal rows → ``ControlRecord`` and ``LayerHistory``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import select

from jointmap.control.layers import DEFAULT_REACH_KM, ControlRecord, LayerHistory
from jointmap.control.outlines import Outline, bundled_outline
from jointmap.domain import Agreement, ControlArea, ControlObservation, Layer, format_time
from jointmap.errors import NotFound
from jointmap.store import Store
from jointmap.store import schema as s

__all__ = ["default_outline", "layer_history", "load_control_records", "require_layer", "seq_known_at"]


def load_control_records(store: Store, layer: str | None = None) -> list[ControlRecord]:
    """Every recorded version (current and superseded) of the control rows of ``layer`` (None: all)."""
    records: list[ControlRecord] = []
    with store.engine.connect() as conn:
        for table, model in (
            (s.control_areas, ControlArea),
            (s.control_observations, ControlObservation),
        ):
            query = select(table.c.data, table.c.recorded_seq, table.c.superseded_seq)
            if layer is not None:
                query = query.where(table.c.layer == layer)
            result = conn.execute(query.order_by(table.c.recorded_seq))
            while rows := result.fetchmany(_CHUNK):
                # Validated a chunk at a time: one call into pydantic's core per 5,000 records (a layer of
                # 10,000 polygons × 50 versions is half a million).
                models = _LISTS[model].validate_json("[" + ",".join(r[0] for r in rows) + "]")
                records += (ControlRecord(m, int(r[1]), r[2]) for m, r in zip(models, rows, strict=True))
    return records


_CHUNK = 5000
_LISTS: dict[type[ControlArea] | type[ControlObservation], TypeAdapter[Any]] = {
    ControlArea: TypeAdapter(list[ControlArea]),
    ControlObservation: TypeAdapter(list[ControlObservation]),
}


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
    return LayerHistory(
        layer, load_control_records(store, layer), known_seq, outline=outline, reach_km=reach_km
    )
