"""How each kind of log entry changes the view tables. Replaying these in order rebuilds the store.

An applier is a plain function ``(conn, model, entry) -> None``; ``KINDS`` maps each entry kind to the domain
model its payload must validate as and the applier. Appliers read nothing but the entry and the tables, and
take no clock, so replay gives identical tables.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import shapely
from pydantic import BaseModel
from sqlalchemy import Connection, Table, and_, bindparam, delete, insert, select, update

from jointmap.domain import (
    AccessRequest,
    Actor,
    Agreement,
    Allegation,
    ControlArea,
    ControlObservation,
    Incident,
    Layer,
    LogEntry,
    Organisation,
    ProtectedSite,
    Report,
    Source,
    Verdict,
    canonical_json,
    situation_of,
)
from jointmap.store import schema as s
from jointmap.store.cells import deferred_violation_shifts, incidents_set_based, violations_set_based
from jointmap.store.engine import IN_LIST_CHUNK

__all__ = ["KINDS", "EntryKind", "apply_in_order", "register_kind", "shape_bounds"]

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class EntryKind(Generic[M]):
    name: str
    model: type[M]
    apply: Callable[[Connection, M, LogEntry], None]
    #: The applier changes verdicts only, and reads no cell of the map summary: a run of such entries
    #: shifts the cells once, at its end (``cells.deferred_violation_shifts``).
    verdicts_only: bool = False
    #: Applies a run of consecutive entries of this kind together, with the same result as one by one
    #: (``write_many`` runs of thousands: one executemany instead of a statement each).
    bulk: Callable[[Connection, list[tuple[M, LogEntry]]], None] | None = None


def _json(model: BaseModel) -> str:
    return canonical_json(model.model_dump(mode="json")).decode("utf-8")


def _replace(conn: Connection, table: Table, key: str, row: dict[str, Any]) -> None:
    conn.execute(delete(table).where(table.c.id == key))
    conn.execute(insert(table), row)


def shape_bounds(lat: float, lon: float, area_wkt: str | None) -> tuple[float, float, float, float]:
    """(minx, miny, maxx, maxy) of a location: its area when it has one, else the point."""
    if area_wkt is None:
        return (lon, lat, lon, lat)
    minx, miny, maxx, maxy = shapely.from_wkt(area_wkt).bounds
    return (float(minx), float(miny), float(maxx), float(maxy))


def _organisation(conn: Connection, o: Organisation, e: LogEntry) -> None:
    _replace(
        conn,
        s.organisations,
        o.id,
        {"id": o.id, "name": o.name, "kind": o.kind.value, "seq": e.seq, "data": _json(o)},
    )


def _source(conn: Connection, o: Source, e: LogEntry) -> None:
    row = {
        "id": o.id,
        "name": o.name,
        "kind": o.kind.value,
        "reliability": o.reliability.value,
        "organisation": o.organisation,
        "restricted": o.restricted,
        "seq": e.seq,
        "data": _json(o),
    }
    _replace(conn, s.sources, o.id, row)


def _actor(conn: Connection, a: Actor, e: LogEntry) -> None:
    conn.execute(delete(s.actor_names).where(s.actor_names.c.actor_id == a.id))
    _replace(
        conn,
        s.actors,
        a.id,
        {
            "id": a.id,
            "kind": a.kind.value,
            "parent": a.parent,
            "label": a.label,
            "seq": e.seq,
            "data": _json(a),
        },
    )
    for n in a.names:
        conn.execute(
            insert(s.actor_names).values(
                actor_id=a.id,
                name=n.name,
                lang=n.lang,
                kind=n.kind.value,
                valid_from=n.valid_from.isoformat() if n.valid_from else None,
                valid_to=n.valid_to.isoformat() if n.valid_to else None,
            )
        )


def _agreement(conn: Connection, a: Agreement, e: LogEntry) -> None:
    _replace(
        conn,
        s.agreements,
        a.id,
        {
            "id": a.id,
            "name": a.name,
            "effective_from": a.effective_from.isoformat(),
            "effective_to": a.effective_to.isoformat() if a.effective_to else None,
            "seq": e.seq,
            "data": _json(a),
        },
    )


def _layer(conn: Connection, layer: Layer, e: LogEntry) -> None:
    _replace(
        conn,
        s.layers,
        layer.id,
        {
            "id": layer.id,
            "name": layer.name,
            "organisation": layer.organisation,
            "kind": layer.kind.value,
            "seq": e.seq,
            "data": _json(layer),
        },
    )


def _supersede(conn: Connection, table: Table, key: str, e: LogEntry) -> None:
    # Bitemporal: the older version stays, marked as replaced at this record time.
    conn.execute(
        update(table)
        .where(and_(table.c.id == key, table.c.superseded_seq.is_(None)))
        .values(superseded_seq=e.seq)
    )


def _control_common(o: ControlObservation | ControlArea, e: LogEntry) -> dict[str, Any]:
    return {
        "id": o.id,
        "recorded_seq": e.seq,
        "recorded_at": e.recorded_at.isoformat(),
        "superseded_seq": None,
        "layer": o.layer,
        "actors": ";".join(o.actors),
        "valid_from": o.valid_from.isoformat(),
        "valid_to": o.valid_to.isoformat() if o.valid_to else None,
        "data": _json(o),
    }


def _observation(conn: Connection, o: ControlObservation, e: LogEntry) -> None:
    _supersede(conn, s.control_observations, o.id, e)
    row = _control_common(o, e) | {
        "place": o.place,
        "geonameid": o.geonameid,
        "minx": o.lon,
        "miny": o.lat,
        "maxx": o.lon,
        "maxy": o.lat,
    }
    conn.execute(insert(s.control_observations), row)


def _area(conn: Connection, a: ControlArea, e: LogEntry) -> None:
    _supersede(conn, s.control_areas, a.id, e)
    conn.execute(insert(s.control_areas), _control_common(a, e) | area_columns(a))


def area_columns(a: ControlArea) -> dict[str, Any]:
    """The ``control_areas`` columns read back in place of the JSON (bounds, confidence, source, WKB)."""
    shape = shapely.from_wkt(a.area_wkt)
    minx, miny, maxx, maxy = (float(x) for x in shape.bounds)
    return {
        "name": a.name,
        "minx": minx,
        "miny": miny,
        "maxx": maxx,
        "maxy": maxy,
        "confidence": a.confidence,
        "source": a.source,
        # Pinned (little-endian, XY or XYZ): derived bytes that a rebuild on any machine gives again.
        "shape": shapely.to_wkb(shape, byte_order=1, output_dimension=3),
    }


def _site(conn: Connection, p: ProtectedSite, e: LogEntry) -> None:
    _replace(
        conn,
        s.protected_sites,
        p.id,
        {
            "id": p.id,
            "name": p.name,
            "kind": p.kind.value,
            "lat": p.lat,
            "lon": p.lon,
            "notified_by": p.notified_by,
            "seq": e.seq,
            "data": _json(p),
        },
    )


def _report_row(r: Report, e: LogEntry) -> dict[str, Any]:
    return {
        "id": r.id,
        "source": r.source,
        "digest": r.digest,
        "received_at": r.received_at.isoformat(),
        "published_at": r.published_at.isoformat() if r.published_at else None,
        "title": r.title,
        "language": r.language,
        "seq": e.seq,
        "data": _json(r),
    }


def _report(conn: Connection, r: Report, e: LogEntry) -> None:
    # Reports are immutable: a second entry for the same id is refused before it reaches the log.
    conn.execute(insert(s.reports), _report_row(r, e))


def _incident_row(i: Incident, e: LogEntry, version: int) -> dict[str, Any]:
    loc = i.location
    minx, miny, maxx, maxy = shape_bounds(loc.lat, loc.lon, loc.area_wkt)
    data = i.model_dump(mode="json")
    return {
        "id": i.id,
        "status": i.status.value,
        "event_type": i.event_type.value,
        "sub_event_type": i.sub_event_type.value,
        "date_start": i.when.start.isoformat(),
        "date_end": i.when.end.isoformat(),
        "date_precision": int(i.when.precision),
        "lat": loc.lat,
        "lon": loc.lon,
        "location_precision": int(loc.precision),
        "location_name": loc.name,
        "admin1_code": loc.admin1_code,
        "admin1_name": loc.admin1_name,
        "admin2_name": loc.admin2_name,
        "fatalities_best": i.fatalities.best,
        "civilian_targeting": i.civilian_targeting,
        "credibility": int(i.credibility),
        "minx": minx,
        "miny": miny,
        "maxx": maxx,
        "maxy": maxy,
        "version": version,
        "seq": e.seq,
        "data": canonical_json(data).decode("utf-8"),
        "situation": situation_of(data),
        "area_wkt": loc.area_wkt,
    }


def _incident_links(i: Incident) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The incident_reports and incident_actors rows of ``i``."""
    reports = [{"incident_id": i.id, "report_id": link.report, "role": link.role.value} for link in i.reports]
    actors = [
        {
            "incident_id": i.id,
            "actor_id": a.actor,
            "side": side,
            "role": a.role.value,
            "confidence": a.confidence,
        }
        for side, involved in (("perpetrator", i.perpetrators), ("target", i.targets))
        for a in involved
    ]
    return reports, actors


def _incident(conn: Connection, i: Incident, e: LogEntry) -> None:
    old = conn.execute(select(s.incidents.c.version).where(s.incidents.c.id == i.id)).scalar()
    version = 1 if old is None else int(old) + 1
    conn.execute(delete(s.incident_reports).where(s.incident_reports.c.incident_id == i.id))
    conn.execute(delete(s.incident_actors).where(s.incident_actors.c.incident_id == i.id))
    _replace(conn, s.incidents, i.id, _incident_row(i, e, version))
    reports, actors = _incident_links(i)
    if reports:
        conn.execute(insert(s.incident_reports), reports)
    if actors:
        conn.execute(insert(s.incident_actors), actors)


def _incidents_bulk(conn: Connection, run: list[tuple[Incident, LogEntry]]) -> None:
    """Same result as applying ``_incident`` one by one, with one executemany per table (an import of
    many incidents). A run that records one id twice is applied one by one."""
    ids = [i.id for i, _ in run]
    if len(set(ids)) != len(ids):
        for i, e in run:
            _incident(conn, i, e)
        return
    versions: dict[str, int] = {}
    for start in range(0, len(ids), IN_LIST_CHUNK):
        part = ids[start : start + IN_LIST_CHUNK]
        query = select(s.incidents.c.id, s.incidents.c.version).where(s.incidents.c.id.in_(part))
        versions.update((str(k), int(v)) for k, v in conn.execute(query))
    existing = list(versions)
    rows, reports, actors = [], [], []
    for i, e in run:
        rows.append(_incident_row(i, e, versions.get(i.id, 0) + 1))
        linked_reports, linked_actors = _incident_links(i)
        reports += linked_reports
        actors += linked_actors
    with incidents_set_based(conn, ids):
        for start in range(0, len(existing), IN_LIST_CHUNK):
            part = existing[start : start + IN_LIST_CHUNK]
            conn.execute(delete(s.incident_reports).where(s.incident_reports.c.incident_id.in_(part)))
            conn.execute(delete(s.incident_actors).where(s.incident_actors.c.incident_id.in_(part)))
            conn.execute(delete(s.incidents).where(s.incidents.c.id.in_(part)))
        conn.execute(insert(s.incidents), rows)
    if reports:
        conn.execute(insert(s.incident_reports), reports)
    if actors:
        conn.execute(insert(s.incident_actors), actors)


def _allegation(conn: Connection, a: Allegation, e: LogEntry) -> None:
    _replace(
        conn,
        s.allegations,
        a.id,
        {
            "id": a.id,
            "accuser": a.accuser or "",  # "" = no registry actor named (column predates nullable)
            "kind": a.kind.value,
            "made_on": a.made_on.isoformat(),
            "report": a.report,
            "answers": a.answers,
            "seq": e.seq,
            "data": _json(a),
        },
    )


def _access(conn: Connection, a: AccessRequest, e: LogEntry) -> None:
    _replace(
        conn,
        s.access_requests,
        a.id,
        {
            "id": a.id,
            "requested_by": a.requested_by,
            "status": a.status.value,
            "destination": a.destination,
            "lat": a.lat,
            "lon": a.lon,
            "seq": e.seq,
            "data": _json(a),
        },
    )


def _verdict_row(v: Verdict, e: LogEntry, current: bool) -> dict[str, Any]:
    """The verdicts row of ``v`` without ``data`` (the caller adds the canonical JSON)."""
    return {
        "id": v.id,
        "subject": v.subject,
        "agreement": v.agreement,
        "outcome": v.outcome.value,
        "rule": v.rule,
        "confidence": v.confidence,
        "decided_at": v.decided_at.isoformat(),
        "current": current,
        "seq": e.seq,
        "layer": v.layer,
        "layer_version": v.layer_version,
        "needs_review": v.needs_review,
    }


def _verdict(conn: Connection, v: Verdict, e: LogEntry) -> None:
    # The newest verdict for (subject, agreement) is current; older ones stay, as does their log entry.
    b = s.batch_verdicts.c
    replaces_batch = conn.execute(
        select(b.subject).where(b.subject == v.subject, b.agreement == v.agreement, b.current.is_(True))
    ).first()
    # batch_verdicts has no per-row map triggers: replacing one of its rows shifts the cells set-based.
    with violations_set_based(conn, [v.subject]) if replaces_batch else nullcontext():
        for table in (s.verdict_records, s.batch_verdicts):
            conn.execute(
                update(table)
                .where(and_(table.c.subject == v.subject, table.c.agreement == v.agreement))
                .values(current=False)
            )
        _replace(conn, s.verdict_records, v.id, _verdict_row(v, e, True) | {"data": _json(v)})


_VERDICT_COLUMNS = (
    "id",
    "subject",
    "agreement",
    "outcome",
    "rule",
    "confidence",
    "decided_at",
    "current",
    "seq",
    "layer",
    "layer_version",
    "needs_review",
)


def _verdicts_bulk(conn: Connection, run: list[tuple[Verdict, LogEntry]]) -> None:
    """Same result as applying ``_verdict`` one by one, set-based: the last verdict per (subject, agreement)
    is current. One UPDATE per agreement and chunk, one DELETE per chunk, one executemany INSERT.

    On SQLite the ``data`` column is copied from the log row just appended (``INSERT ... SELECT payload``):
    it is the same canonical JSON, and serialising a verdict a third time is the costliest step here.
    """
    # The verdicts table's per-row map triggers stand aside; the cells shift once, set-based (this also
    # covers batch_verdicts rows replaced, which have no triggers).
    with violations_set_based(conn, list(dict.fromkeys(v.subject for v, _ in run))):
        _verdicts_bulk_rows(conn, run)


def _verdicts_bulk_rows(conn: Connection, run: list[tuple[Verdict, LogEntry]]) -> None:
    v_ = s.verdict_records
    last: dict[tuple[str, str], str] = {(v.subject, v.agreement): v.id for v, _ in run}
    subjects: dict[str, list[str]] = {}
    for subject, agreement in last:
        subjects.setdefault(agreement, []).append(subject)
    for agreement, names in subjects.items():
        for start in range(0, len(names), IN_LIST_CHUNK):
            for table in (v_, s.batch_verdicts):
                conn.execute(
                    update(table)
                    .where(
                        table.c.agreement == agreement,
                        table.c.current.is_(True),
                        table.c.subject.in_(names[start : start + IN_LIST_CHUNK]),
                    )
                    .values(current=False)
                )
    rows: dict[str, dict[str, Any]] = {}
    models: dict[str, Verdict] = {}
    for v, e in run:
        rows[v.id] = _verdict_row(v, e, last[(v.subject, v.agreement)] == v.id)
        models[v.id] = v
    ids = list(rows)
    for start in range(0, len(ids), IN_LIST_CHUNK):
        conn.execute(delete(v_).where(v_.c.id.in_(ids[start : start + IN_LIST_CHUNK])))
    if conn.dialect.name == "sqlite":
        le = s.log_entries
        binds = {c: bindparam(f"p_{c}", type_=v_.c[c].type) for c in _VERDICT_COLUMNS}
        source = select(*binds.values(), le.c.payload).where(le.c.seq == binds["seq"])
        stmt = insert(v_).from_select([*_VERDICT_COLUMNS, "data"], source)
        params = [{f"p_{k}": value for k, value in row.items()} for row in rows.values()]
        if conn.execute(stmt, params).rowcount == len(params):
            return
        # Some log rows were not there (an applier called outside write_many): serialise instead.
        for start in range(0, len(ids), IN_LIST_CHUNK):
            conn.execute(delete(v_).where(v_.c.id.in_(ids[start : start + IN_LIST_CHUNK])))
    conn.execute(insert(v_), [row | {"data": _json(models[i])} for i, row in rows.items()])


def _reports_bulk(conn: Connection, run: list[tuple[Report, LogEntry]]) -> None:
    conn.execute(insert(s.reports), [_report_row(r, e) for r, e in run])


_ALL: tuple[EntryKind[Any], ...] = (
    EntryKind("organisation.register", Organisation, _organisation),
    EntryKind("source.register", Source, _source),
    EntryKind("actor.record", Actor, _actor),
    EntryKind("agreement.record", Agreement, _agreement),
    EntryKind("layer.record", Layer, _layer),
    EntryKind("control.observe", ControlObservation, _observation),
    EntryKind("control.area", ControlArea, _area),
    EntryKind("site.notify", ProtectedSite, _site),
    EntryKind("report.receive", Report, _report, bulk=_reports_bulk),
    EntryKind("incident.record", Incident, _incident, bulk=_incidents_bulk),
    EntryKind("allegation.record", Allegation, _allegation),
    EntryKind("access.record", AccessRequest, _access),
    EntryKind("verdict.record", Verdict, _verdict, verdicts_only=True, bulk=_verdicts_bulk),
)
KINDS: dict[str, EntryKind[Any]] = {k.name: k for k in _ALL}


def register_kind(kind: EntryKind[Any]) -> EntryKind[Any]:
    """Add an entry kind defined in another store module (its tables go on ``schema.metadata``)."""
    if kind.name in KINDS and KINDS[kind.name] is not kind:
        raise ValueError(f"entry kind {kind.name!r} is registered twice")
    KINDS[kind.name] = kind
    return kind


def apply_in_order(conn: Connection, applied: list[tuple[str, Any, LogEntry]]) -> None:
    """Apply entries in log order; runs of one bulk-capable kind go through one executemany, and runs of
    verdict-only kinds shift the map summary once (see ``EntryKind.verdicts_only``)."""
    start = 0
    while start < len(applied):
        end = start
        while end < len(applied) and KINDS[applied[end][0]].verdicts_only:
            end += 1
        if end > start:
            with deferred_violation_shifts(conn):
                _apply_run(conn, applied[start:end])
            start = end
            continue
        while end < len(applied) and not KINDS[applied[end][0]].verdicts_only:
            end += 1
        _apply_run(conn, applied[start:end])
        start = end


def _apply_run(conn: Connection, applied: list[tuple[str, Any, LogEntry]]) -> None:
    run: list[tuple[Any, LogEntry]] = []
    bulk: Callable[[Connection, list[Any]], None] | None = None
    for kind, model, entry in applied:
        this = KINDS[kind].bulk
        if run and this is not bulk:
            bulk(conn, run)  # type: ignore[misc]  # run is not empty only under a bulk applier
            run = []
        bulk = this
        if bulk is not None:
            run.append((model, entry))
        else:
            KINDS[kind].apply(conn, model, entry)
    if run:
        bulk(conn, run)  # type: ignore[misc]
