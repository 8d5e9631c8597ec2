"""Read endpoints: incidents (list, detail, map), reports, allegations, access requests, verdicts, sources,
protected sites, notes, metadata. Every response passes through the viewer's redactions."""

from __future__ import annotations

import json
import math
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from sqlalchemy import func, select

from jointmap.api.auth import Principal, get_principal, require
from jointmap.api.common import (
    Envelope,
    FeatureCollection,
    Page,
    check_interval,
    errors,
    page_of,
    parse_bbox,
    state,
)
from jointmap.api.queries import (
    IncidentFilter,
    count_up_to,
    grid_counts,
    incident_page,
    incident_rows,
    summary_grid,
    verdicts_by_subject,
)
from jointmap.api.redact import json_response
from jointmap.domain import EventType, Outcome
from jointmap.store import schema as s
from jointmap.store.accounts import Role, notes_for
from jointmap.store.cells import cell_degrees
from jointmap.store.verdicts import read_verdicts

__all__ = ["incident_feature", "router", "summarise_incident"]

router = APIRouter(prefix="/api")

Limit = Annotated[int, Query(ge=1, le=1000, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]
Viewer = Annotated[Principal, Depends(get_principal)]
Staff = Annotated[
    Principal, Depends(require(Role.PARTY_LIAISON, Role.MONITOR, Role.REVIEWER, Role.ADMINISTRATOR))
]


class Format(StrEnum):
    JSON = "json"
    GEOJSON = "geojson"


class StatusFilter(StrEnum):
    REVIEWED = "reviewed"
    CANDIDATE = "candidate"
    REJECTED = "rejected"
    ANY = "any"


class Side(StrEnum):
    PERPETRATOR = "perpetrator"
    TARGET = "target"


class OutcomeFilter(StrEnum):
    VIOLATION = "violation"
    NOT_COVERED = "not_covered"
    NO_VIOLATION = "no_violation"
    INDETERMINATE = "indeterminate"
    NONE = "none"


def _filter(
    bbox: Annotated[str | None, Query(description="minx,miny,maxx,maxy in lon/lat (WGS 84).")] = None,
    start: Annotated[date | None, Query(description="Incidents that end on or after this day.")] = None,
    end: Annotated[date | None, Query(description="Incidents that start on or before this day.")] = None,
    actor: Annotated[
        str | None, Query(max_length=120, description="Actor id (perpetrator or target).")
    ] = None,
    side: Annotated[Side | None, Query(description="Restrict `actor` to one side.")] = None,
    event_type: Annotated[list[EventType] | None, Query(description="ACLED event type(s).")] = None,
    verdict: Annotated[OutcomeFilter | None, Query(description="Outcome of a current verdict.")] = None,
    grade: Annotated[
        int | None, Query(ge=1, le=6, description="Admiralty credibility: this grade or better (1 best).")
    ] = None,
    status: Annotated[StatusFilter, Query(description="Review status.")] = StatusFilter.REVIEWED,
) -> IncidentFilter:
    check_interval(start, end)
    return IncidentFilter(
        bbox=parse_bbox(bbox),
        start=start,
        end=end,
        actor=actor,
        side=side.value if side else None,
        event_types=tuple(e.value for e in event_type or ()),
        outcome=verdict.value if verdict else None,
        max_credibility=grade,
        statuses=() if status is StatusFilter.ANY else (status.value,),
    )


Filter = Annotated[IncidentFilter, Depends(_filter)]


def summarise_incident(data: dict[str, Any], verdicts: list[dict[str, Any]]) -> dict[str, Any]:
    """The flat form of an incident used in lists and map features."""
    top = verdicts[0] if verdicts else None
    loc = data["location"]
    return {
        "id": data["id"],
        "status": data.get("status", "reviewed"),
        "event_type": data["event_type"],
        "sub_event_type": data["sub_event_type"],
        "date_start": data["when"]["start"],
        "date_end": data["when"]["end"],
        "date_precision": data["when"].get("precision", 1),
        "lat": loc["lat"],
        "lon": loc["lon"],
        "location_name": loc["name"],
        "location_precision": loc.get("precision", 1),
        "admin1_name": loc.get("admin1_name"),
        "fatalities": data.get("fatalities", {}).get("best", 0),
        "credibility": data.get("credibility", 6),
        "perpetrators": [a["actor"] for a in data.get("perpetrators", [])],
        "targets": [a["actor"] for a in data.get("targets", [])],
        "reports": [r["report"] for r in data.get("reports", [])],
        "verdict": top["outcome"] if top else None,
        "verdict_rule": top.get("rule") if top else None,
        "responsible": list(top.get("responsible", [])) if top else [],
    }


def incident_feature(summary: dict[str, Any]) -> dict[str, Any]:
    props = {k: v for k, v in summary.items() if k not in ("lat", "lon")}
    return {
        "type": "Feature",
        "id": summary["id"],
        "geometry": {"type": "Point", "coordinates": [summary["lon"], summary["lat"]]},
        "properties": props,
    }


@router.get("/incidents", response_model=Page | FeatureCollection, responses=errors(403), tags=["incidents"])
def list_incidents(
    request: Request,
    viewer: Viewer,
    f: Filter,
    limit: Limit = 100,
    offset: Offset = 0,
    format: Annotated[
        Format, Query(description="json (a page) or geojson (a FeatureCollection).")
    ] = Format.JSON,
) -> Response:
    """Incidents matching every filter given, oldest first, one page at a time."""
    if viewer.public and f.statuses != ("reviewed",):
        raise HTTPException(403, "the public view shows reviewed incidents only")
    st = state(request)
    with st.store.engine.connect() as conn:
        rows, total = incident_page(conn, f, limit, offset)
        verdicts = verdicts_by_subject(conn, [r["id"] for r in rows])
    items = [summarise_incident(r, verdicts.get(r["id"], [])) for r in rows]
    if format is Format.GEOJSON:
        body: dict[str, Any] = {
            "type": "FeatureCollection",
            "features": [incident_feature(i) for i in items],
            "total": total,
            "limit": limit,
            "offset": offset,
            "next_offset": page_of(items, total, limit, offset)["next_offset"],
        }
        return json_response(request, viewer, body)
    return json_response(request, viewer, page_of(items, total, limit, offset))


@router.get("/map/incidents", response_model=Envelope, responses=errors(403), tags=["incidents"])
def map_incidents(
    request: Request,
    viewer: Viewer,
    f: Filter,
    zoom: Annotated[float, Query(ge=0, le=22, description="Map zoom level (sets the grid cell size).")] = 6,
) -> Response:
    """What the map draws: every incident as a point, or grid counts when more than the setting
    ``aggregate_above`` are in view (so a million incidents stay fluid)."""
    if viewer.public and f.statuses != ("reviewed",):
        raise HTTPException(403, "the public view shows reviewed incidents only")
    st = state(request)
    limit = st.settings.aggregate_above
    level = math.floor(zoom)
    cell = cell_degrees(level)  # ~48 screen pixels per cell at this zoom (256 px tiles)
    # The connection goes back to the pool before json_response (whose redactions take one of their own).
    with st.store.engine.connect() as conn:
        # Low zoom: the per-day cell summary answers at once, and its total (whole cells) decides the mode.
        summary = summary_grid(conn, f, level)
        if summary is not None:
            many = sum(c["count"] for c in summary) > limit
            cells = summary
        else:
            # More than ``limit`` in view means grid counts instead of points (counting stops at limit + 1).
            many = count_up_to(conn, f, limit + 1) > limit
            if many:
                cells = grid_counts(conn, f, cell)
        if not many:
            rows = incident_rows(conn, f, limit, 0)
            verdicts = verdicts_by_subject(conn, [r["id"] for r in rows])
    if many:
        total = sum(c["count"] for c in cells)
        body = {"mode": "grid", "total": total, "cell_degrees": cell, "cells": cells, "features": []}
        return json_response(request, viewer, body)
    total = len(rows)
    features = [incident_feature(summarise_incident(r, verdicts.get(r["id"], []))) for r in rows]
    return json_response(
        request, viewer, {"mode": "points", "total": total, "features": features, "cells": []}
    )


def _report_view(viewer: Principal, request: Request, data: dict[str, Any]) -> dict[str, Any]:
    hidden = state(request).redactions.hidden_source_ids(viewer)
    if data.get("source") in hidden:
        data = dict(data, text="(withheld: the source is restricted)", url=None, title=data.get("title", ""))
    grades = _source_grades(request)
    data["source_reliability"] = grades.get(data.get("source", ""), "F")
    return data


def _source_grades(request: Request) -> dict[str, str]:
    with state(request).store.engine.connect() as conn:
        return {sid: grade for sid, grade in conn.execute(select(s.sources.c.id, s.sources.c.reliability))}


@router.get(
    "/incidents/{incident_id}",
    response_model=Envelope,
    responses=errors(404),
    tags=["incidents"],
)
def get_incident(request: Request, viewer: Viewer, incident_id: str) -> Response:
    """One incident with its reports (and each source's grade), current verdicts with explanations, and
    the verdict history; notes the viewer's organisation may read."""
    st = state(request)
    with st.store.engine.connect() as conn:
        row = conn.execute(
            select(s.incidents.c.data, s.incidents.c.version).where(s.incidents.c.id == incident_id)
        ).first()
        if row is None:
            raise HTTPException(404, f"no incident {incident_id!r}")
        data = json.loads(row.data)
        if viewer.public and data.get("status") != "reviewed":
            raise HTTPException(404, f"no incident {incident_id!r}")
        ids = [link["report"] for link in data.get("reports", [])]
        reports = [
            json.loads(d)
            for d in conn.execute(select(s.reports.c.data).where(s.reports.c.id.in_(ids))).scalars()
        ]
        history = [
            v.model_dump(mode="json")
            for v in read_verdicts(
                conn, s.verdicts.c.subject == incident_id, order_by=(s.verdicts.c.seq, s.verdicts.c.id)
            )
        ]
        current = verdicts_by_subject(conn, [incident_id]).get(incident_id, [])
    notes = [n.__dict__ for n in notes_for(st.store.engine, viewer.organisation, incident_id)]
    body = {
        "incident": data,
        "summary": summarise_incident(data, current),
        "version": int(row.version),
        "reports": [_report_view(viewer, request, r) for r in reports],
        "verdicts": current,
        "verdict_history": history,
        "notes": notes,
    }
    return json_response(request, viewer, body)


def _table_page(
    request: Request,
    viewer: Viewer,
    table: Any,
    filters: list[Any],
    limit: int,
    offset: int,
    order: Any,
) -> tuple[list[dict[str, Any]], int]:
    with state(request).store.engine.connect() as conn:
        total = int(conn.execute(select(func.count()).select_from(table).where(*filters)).scalar_one())
        rows = conn.execute(
            select(table.c.data).where(*filters).order_by(order, table.c.id).limit(limit).offset(offset)
        ).scalars()
        return [json.loads(d) for d in rows], total


@router.get("/reports", response_model=Page, tags=["records"])
def list_reports(
    request: Request,
    viewer: Viewer,
    source: Annotated[str | None, Query(max_length=120)] = None,
    incident: Annotated[
        str | None, Query(max_length=120, description="Reports linked to this incident.")
    ] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    """Reports exactly as received (restricted sources' text is withheld from those who may not see it)."""
    filters: list[Any] = []
    if source is not None:
        filters.append(s.reports.c.source == source)
    if incident is not None:
        linked = select(s.incident_reports.c.report_id).where(s.incident_reports.c.incident_id == incident)
        filters.append(s.reports.c.id.in_(linked))
    items, total = _table_page(request, viewer, s.reports, filters, limit, offset, s.reports.c.received_at)
    items = [_report_view(viewer, request, r) for r in items]
    return json_response(request, viewer, page_of(items, total, limit, offset))


@router.get("/reports/{report_id}", response_model=Envelope, responses=errors(404), tags=["records"])
def get_report(request: Request, viewer: Viewer, report_id: str) -> Response:
    with state(request).store.engine.connect() as conn:
        data = conn.execute(select(s.reports.c.data).where(s.reports.c.id == report_id)).scalar()
    if data is None:
        raise HTTPException(404, f"no report {report_id!r}")
    return json_response(request, viewer, _report_view(viewer, request, json.loads(data)))


@router.get("/allegations", response_model=Page, tags=["records"])
def list_allegations(
    request: Request,
    viewer: Viewer,
    accuser: Annotated[str | None, Query(max_length=120)] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    """Who accuses whom of what; denials and counter-claims name the allegation they answer."""
    filters = [s.allegations.c.accuser == accuser] if accuser else []
    items, total = _table_page(
        request, viewer, s.allegations, filters, limit, offset, s.allegations.c.made_on
    )
    return json_response(request, viewer, page_of(items, total, limit, offset))


@router.get("/access-requests", response_model=Page, tags=["records"])
def list_access(request: Request, viewer: Viewer, limit: Limit = 100, offset: Offset = 0) -> Response:
    """Humanitarian convoys from request to delivery or blockage, and who decided."""
    items, total = _table_page(request, viewer, s.access_requests, [], limit, offset, s.access_requests.c.id)
    for item in items:
        item["status"] = item["steps"][-1]["status"]
    return json_response(request, viewer, page_of(items, total, limit, offset))


@router.get("/verdicts", response_model=Page, tags=["verdicts"])
def list_verdicts(
    request: Request,
    viewer: Viewer,
    outcome: Outcome | None = None,
    subject: Annotated[str | None, Query(max_length=120)] = None,
    agreement: Annotated[str | None, Query(max_length=120)] = None,
    current: Annotated[bool, Query(description="Only the current verdict of each subject.")] = True,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    """Verdicts with their explanation and every fact they rest on."""
    v = s.verdicts.c
    filters: list[Any] = [v.current.is_(True)] if current else []
    if outcome is not None:
        filters.append(v.outcome == outcome.value)
    if subject is not None:
        filters.append(v.subject == subject)
    if agreement is not None:
        filters.append(v.agreement == agreement)
    with state(request).store.engine.connect() as conn:
        total = int(conn.execute(select(func.count()).select_from(s.verdicts).where(*filters)).scalar_one())
        page = read_verdicts(conn, *filters, order_by=(v.seq, v.id), limit=limit, offset=offset)
    items = [x.model_dump(mode="json") for x in page]
    return json_response(request, viewer, page_of(items, total, limit, offset))


@router.get("/sources", response_model=Page, tags=["records"])
def list_sources(request: Request, viewer: Viewer, limit: Limit = 100, offset: Offset = 0) -> Response:
    """Sources and their Admiralty reliability; restricted identities only for those who may see them."""
    items, total = _table_page(request, viewer, s.sources, [], limit, offset, s.sources.c.id)
    hidden = state(request).redactions.hidden_source_ids(viewer)
    items = [
        {
            "id": "[restricted source]",
            "name": "[restricted source]",
            "kind": i["kind"],
            "reliability": i.get("reliability", "F"),
            "restricted": True,
        }
        if i["id"] in hidden
        else i
        for i in items
    ]
    return json_response(request, viewer, page_of(items, total, limit, offset))


@router.get("/sites", response_model=Page, responses=errors(403), tags=["records"])
def list_sites(request: Request, viewer: Staff, limit: Limit = 100, offset: Offset = 0) -> Response:
    """Protected sites notified by humanitarian organisations (not shown to the public)."""
    items, total = _table_page(request, viewer, s.protected_sites, [], limit, offset, s.protected_sites.c.id)
    return json_response(request, viewer, page_of(items, total, limit, offset))


@router.get("/notes", response_model=Page, responses=errors(403), tags=["records"])
def list_notes(
    request: Request, viewer: Staff, subject: Annotated[str | None, Query(max_length=120)] = None
) -> Response:
    """Notes the caller's organisation may read: its own (private or shared) and others' shared notes."""
    notes = [n.__dict__ for n in notes_for(state(request).store.engine, viewer.organisation, subject)]
    return json_response(request, viewer, page_of(notes, len(notes), max(len(notes), 1), 0))


@router.get("/me", response_model=Envelope, tags=["accounts"])
def me(viewer: Viewer) -> dict[str, Any]:
    """Who the server thinks you are (role, organisation) and the CSRF token of a browser session."""
    return {
        "role": viewer.role.value,
        "organisation": viewer.organisation,
        "username": viewer.username,
        "via": viewer.via,
        "csrf_token": viewer.csrf_token,
    }
