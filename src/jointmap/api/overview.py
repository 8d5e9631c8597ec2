"""Overview endpoints: metadata for the pages, control layers as of a date and their disagreement,
admin boundaries, compliance summaries and the dashboard's chart series."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Annotated, Any

import shapely
from fastapi import APIRouter, HTTPException, Query, Request, Response
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry
from sqlalchemy import func, select

from jointmap.adjudicate import current_verdicts, summary_since
from jointmap.api.common import Envelope, FeatureCollection, errors, state
from jointmap.api.read import Viewer
from jointmap.api.redact import json_response
from jointmap.control import LayerView, diff_views, merge_by_holder
from jointmap.control.read import default_outline, layer_history
from jointmap.domain import Agreement, EventType, Outcome
from jointmap.errors import NotFound
from jointmap.store import schema as s

__all__ = ["router"]

router = APIRouter(prefix="/api")


def _agreement(request: Request) -> Agreement | None:
    agreements = state(request).store.all(Agreement, "agreements")
    return agreements[0] if agreements else None


def _groups(request: Request) -> tuple[dict[str, str], set[str]]:
    agreement = _agreement(request)
    if agreement is None:
        return {}, set()
    return {p.actor: p.side for p in agreement.parties}, set(agreement.excluded)


@router.get("/meta", response_model=Envelope, tags=["overview"])
def meta(request: Request, viewer: Viewer) -> Response:
    """What the pages need to draw labels and filters: actors, organisations, layers, agreements, dates."""
    st = state(request)
    with st.store.engine.connect() as conn:
        actors = {a: label for a, label in conn.execute(select(s.actors.c.id, s.actors.c.label))}
        orgs = [
            dict(r._mapping)
            for r in conn.execute(
                select(s.organisations.c.id, s.organisations.c.name, s.organisations.c.kind)
            )
        ]
        layers = [
            dict(r._mapping)
            for r in conn.execute(
                select(s.layers.c.id, s.layers.c.name, s.layers.c.organisation, s.layers.c.kind)
            )
        ]
        lo, hi = conn.execute(
            select(func.min(s.incidents.c.date_start), func.max(s.incidents.c.date_end))
        ).one()
        has_boundaries = conn.execute(
            select(func.count()).select_from(s.metadata.tables["boundaries"])
        ).scalar()
    sides, excluded = _groups(request)
    agreement = _agreement(request)
    body = {
        "actors": actors,
        "organisations": orgs,
        "layers": layers,
        "sides": sides,
        "excluded": sorted(excluded),
        "agreement": {
            "id": agreement.id,
            "name": agreement.name,
            "effective_from": agreement.effective_from.date().isoformat(),
        }
        if agreement
        else None,
        "event_types": [e.value for e in EventType],
        "outcomes": [o.value for o in Outcome],
        "date_min": lo,
        "date_max": hi,
        "tile_url": st.settings.tile_url,
        "tile_attribution": st.settings.tile_attribution,
        "has_boundaries": bool(has_boundaries),
        "viewer": {
            "role": viewer.role.value,
            "organisation": viewer.organisation,
            "username": viewer.username,
        },
    }
    return json_response(request, viewer, body)


def _geometry(shape: BaseGeometry) -> dict[str, Any]:
    simple = shapely.set_precision(shape.simplify(0.003, preserve_topology=True), 0.0001)
    return dict(mapping(simple))


def _group(actors: tuple[str, ...], sides: dict[str, str], excluded: set[str]) -> str:
    """A colour group: the agreement side, "excluded", "entangled" (party mixed with excluded), "mixed"."""
    kinds = {"excluded" if a in excluded else sides.get(a, "other") for a in actors}
    if "excluded" in kinds and len(kinds) > 1:
        return "entangled"
    return kinds.pop() if len(kinds) == 1 else "mixed"


def _view(request: Request, layer: str, day: date) -> LayerView:
    st = state(request)
    try:
        return layer_history(st.store, layer, outline=default_outline(st.store)).view(day)
    except NotFound as exc:
        raise HTTPException(404, str(exc)) from None


def _log_size(request: Request) -> int:
    return state(request).store.entry_count()


def _cached(request: Request, key: tuple[str, str, str], build: Any) -> dict[str, Any]:
    st = state(request)
    full = (*key, _log_size(request))
    with st.cache_lock:
        hit = st.layer_cache.get(full)
    if hit is None:
        hit = build()
        with st.cache_lock:
            if len(st.layer_cache) > 256:
                st.layer_cache.clear()
            st.layer_cache[full] = hit
    return hit


DayParam = Annotated[date | None, Query(description="Valid date (default: the newest incident's day).")]


def _default_day(request: Request, day: date | None) -> date:
    if day is not None:
        return day
    with state(request).store.engine.connect() as conn:
        newest = conn.execute(select(func.max(s.incidents.c.date_end))).scalar()
    return date.fromisoformat(newest) if newest else date.today()


@router.get("/layers", response_model=Envelope, tags=["layers"])
def list_layers(request: Request, viewer: Viewer) -> Response:
    """Every control layer: each organisation's claimed map and the joint one."""
    with state(request).store.engine.connect() as conn:
        items = [
            json.loads(d) for d in conn.execute(select(s.layers.c.data).order_by(s.layers.c.id)).scalars()
        ]
    return json_response(request, viewer, {"items": items})


@router.get("/layers/diff", response_model=FeatureCollection, responses=errors(404), tags=["layers"])
def layer_diff(
    request: Request,
    viewer: Viewer,
    a: Annotated[str, Query(max_length=120, description="First layer id.")],
    b: Annotated[str, Query(max_length=120, description="Second layer id.")],
    day: Annotated[date | None, Query(alias="date", description="Valid date.")] = None,
) -> Response:
    """Where two layers name different holders on one day: areas (km²) and settlements."""
    when = _default_day(request, day)

    def build() -> dict[str, Any]:
        diff = diff_views(_view(request, a, when), _view(request, b, when))
        features = [
            {
                "type": "Feature",
                "geometry": _geometry(d.geometry),
                "properties": {
                    "kind": "area",
                    "actors_a": list(d.actors_a),
                    "actors_b": list(d.actors_b),
                    "km2": round(d.km2, 1),
                },
            }
            for d in diff.areas
        ]
        features += [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [d.lon, d.lat]},
                "properties": {
                    "kind": "settlement",
                    "place": d.place,
                    "actors_a": list(d.actors_a),
                    "actors_b": list(d.actors_b),
                },
            }
            for d in diff.settlements
        ]
        return {
            "type": "FeatureCollection",
            "features": features,
            "a": a,
            "b": b,
            "date": when.isoformat(),
            "km2": round(diff.km2, 1),
            "agreeing_settlements": diff.agreeing_settlements,
        }

    return json_response(request, viewer, _cached(request, ("diff", f"{a}|{b}", when.isoformat()), build))


@router.get(
    "/layers/{layer_id}",
    response_model=FeatureCollection,
    responses=errors(404),
    tags=["layers"],
)
def layer_on(
    request: Request,
    viewer: Viewer,
    layer_id: str,
    date_: Annotated[date | None, Query(alias="date", description="Valid date.")] = None,
) -> Response:
    """A layer as of a date: areas dissolved per holder, coloured by group, with how they were made."""
    when = _default_day(request, date_)
    sides, excluded = _groups(request)

    def build() -> dict[str, Any]:
        view = _view(request, layer_id, when)
        features = [
            {
                "type": "Feature",
                "geometry": _geometry(m.geometry),
                "properties": {
                    "actors": list(m.actors),
                    "group": _group(m.actors, sides, excluded),
                    "km2": round(m.km2, 1),
                    "records": len(m.records),
                },
            }
            for m in merge_by_holder(view)
        ]
        return {
            "type": "FeatureCollection",
            "features": features,
            "layer": layer_id,
            "date": when.isoformat(),
            "version": view.version,
            "method": view.method,
        }

    return json_response(request, viewer, _cached(request, ("layer", layer_id, when.isoformat()), build))


@router.get("/boundaries", response_model=FeatureCollection, tags=["layers"])
def boundaries(
    request: Request,
    viewer: Viewer,
    level: Annotated[int, Query(ge=1, le=2, description="1 governorates, 2 districts.")] = 1,
) -> Response:
    """Imported administrative boundaries (empty when none were imported)."""
    table = s.metadata.tables["boundaries"]

    def build() -> dict[str, Any]:
        with state(request).store.engine.connect() as conn:
            rows = conn.execute(select(table.c.name, table.c.geometry).where(table.c.level == level)).all()
        return {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"name": name},
                    "geometry": _geometry(shapely.from_wkb(wkb)),
                }
                for name, wkb in rows
            ],
        }

    return json_response(request, viewer, _cached(request, ("boundaries", str(level), ""), build))


@router.get("/summary", response_model=Envelope, tags=["overview"])
def summary(
    request: Request,
    viewer: Viewer,
    since: Annotated[
        date | None, Query(description="Count subjects from this day (default: effective date).")
    ] = None,
) -> Response:
    """Running totals per agreement: outcomes, and violations by party, side, rule, governorate and week."""
    st = state(request)
    agreement = _agreement(request)
    start = since or (agreement.effective_from.date() if agreement else date(1970, 1, 1))
    totals = summary_since(st.store, start)
    body = {
        a: {
            "since": t.since.isoformat(),
            "outcomes": dict(t.outcomes),
            "by_party": dict(t.by_party),
            "by_side": dict(t.by_side),
            "by_rule": dict(t.by_rule),
            "by_governorate": dict(t.by_governorate),
            "by_week": {k.isoformat(): v for k, v in sorted(t.by_week.items())},
        }
        for a, t in totals.items()
    }
    return json_response(request, viewer, body)


def _week(day: date, origin: date) -> str:
    return (origin + timedelta(days=7 * ((day - origin).days // 7))).isoformat()


@router.get("/dashboard", response_model=Envelope, tags=["overview"])
def dashboard(request: Request, viewer: Viewer) -> Response:
    """The dashboard's series: totals, weekly violations by party and by rule, allegations by accuser,
    access denials by the party that decided."""
    st = state(request)
    agreement = _agreement(request)
    with st.store.engine.connect() as conn:
        days = {
            i: date.fromisoformat(d)
            for i, d in conn.execute(
                select(s.incidents.c.id, s.incidents.c.date_start).where(s.incidents.c.status == "reviewed")
            )
        }
        allegations = [json.loads(d) for d in conn.execute(select(s.allegations.c.data)).scalars()]
        access = [json.loads(d) for d in conn.execute(select(s.access_requests.c.data)).scalars()]
    for r in access:
        days[r["id"]] = date.fromisoformat(r["steps"][-1]["date"])
    origin = agreement.effective_from.date() if agreement else min(days.values(), default=date.today())
    verdicts = current_verdicts(st.store, agreement=agreement.id) if agreement else []
    outcomes: Counter[str] = Counter()
    by_party: dict[str, Counter[str]] = defaultdict(Counter)
    by_rule: dict[str, Counter[str]] = defaultdict(Counter)
    weeks: set[str] = set()
    for v in verdicts:
        day = days.get(v.subject)
        if day is None or day < origin:
            continue
        outcomes[v.outcome.value] += 1
        if v.outcome is not Outcome.VIOLATION:
            continue
        week = _week(day, origin)
        weeks.add(week)
        for actor in v.responsible or ("(unattributed)",):
            by_party[actor][week] += 1
        by_rule[v.rule or "(agreement terms)"][week] += 1
    ordered = sorted(weeks)
    if ordered:
        first, last = date.fromisoformat(ordered[0]), date.fromisoformat(ordered[-1])
        ordered = [(first + timedelta(days=7 * k)).isoformat() for k in range((last - first).days // 7 + 1)]
    weekly_total = [sum(c[w] for c in by_rule.values()) for w in ordered]
    running = [sum(weekly_total[: k + 1]) for k in range(len(weekly_total))]
    accusers: dict[str, Counter[str]] = defaultdict(Counter)
    for a in allegations:
        accusers[a.get("accuser") or "(unattributed)"][a["kind"]] += 1
    denials: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    for r in access:
        statuses[r["steps"][-1]["status"]] += 1
        for step in r["steps"]:
            if step["status"] in ("denied", "blocked"):
                denials[step.get("decided_by") or "(unknown)"] += 1
    body = {
        "agreement": agreement.id if agreement else None,
        "since": origin.isoformat(),
        "outcomes": dict(outcomes),
        "weeks": ordered,
        "weekly_total": weekly_total,
        "running_total": running,
        "weekly_by_party": {p: [c[w] for w in ordered] for p, c in sorted(by_party.items())},
        "weekly_by_rule": {r: [c[w] for w in ordered] for r, c in sorted(by_rule.items())},
        "allegations_by_accuser": {a: dict(c) for a, c in sorted(accusers.items())},
        "access_denials_by_party": dict(denials),
        "access_by_status": dict(statuses),
    }
    return json_response(request, viewer, body)
