"""Judging many incidents fast: one full judgement per situation, the others filled in from its template.

Most incidents of a large run share their situation with others: the same day, actors, event type,
credibility and location precision, inside areas with the same holders. Their verdicts differ only in the
incident id and which polygon or settlement cell they cite. So the first incident of a situation is judged in
full by ``Judge.incident`` and its verdict turned into a ``VerdictTemplate`` (``{subject}``, ``{hN_c}``,
``{hN_w}`` where those values were); a second incident of the same situation is also judged in full and must
give the very same template, else the situation is judged in full every time. From then on each incident of
that situation costs a dictionary lookup and its few values.

What a situation is made of: the incident without the fields no rule reads (``domain.situation_of``, stored),
the location's precision class, whether the shape is in the agreement's scope, and for each map a rule reads,
the holders and confidence of every area the shape meets. An incident near a protected site, or under an
agreement with a predicate not listed in ``SAFE_PREDICATES``, is always judged in full. A rule that starts
reading one of the ignored fields must take it off ``domain.RULE_IGNORED``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import Connection, text

from jointmap.adjudicate.context import ProximityAlert
from jointmap.adjudicate.judge import Judge, Judgement
from jointmap.adjudicate.rules import INCIDENT_PREDICATES, MAP_DAYS, site_radius_m
from jointmap.adjudicate.shapes import shapes_of
from jointmap.control import Holding
from jointmap.control.geometry import km_to_degrees_lat
from jointmap.domain import Fact, Incident, Verdict, VerdictTemplate, situation_of

__all__ = ["SAFE_PREDICATES", "BulkJudge", "Filled", "IncidentRow", "incident_rows"]
#: Predicates whose findings depend only on the situation (the protected-site rule: when no site is near).
SAFE_PREDICATES = frozenset(
    {"no_attack_on_party", "no_territorial_gain", "proportionate_self_defence", "no_attack_on_protected_site"}
)
#: Degrees of longitude per metre at 37.5° N, the northern edge of the region we judge, is the largest; a
#: margin covers anywhere up to 60° of latitude: used only to decide which incidents need the full path.
_DEG_PER_M = 1 / 55_000.0


@dataclass(frozen=True, slots=True)
class IncidentRow:
    """What the bulk path reads of an incident: its columns and the hash of the fields rules read."""

    id: str
    event_type: str
    sub_event_type: str
    start: date
    lat: float
    lon: float
    precision: int
    area_wkt: str | None
    situation: str


_ROWS = text(
    "SELECT id, event_type, sub_event_type, date_start, lat, lon, location_precision, area_wkt, situation "
    "FROM incidents ORDER BY id"
)


def incident_rows(conn: Connection, chunk: int = 20_000) -> Iterator[list[IncidentRow]]:
    """Every incident as an ``IncidentRow``, ``chunk`` at a time, in id order (typed columns only: the
    situation hash is stored on the row, so no incident's JSON is parsed)."""
    for part in conn.execute(_ROWS).partitions(chunk):
        yield [
            IncidentRow(r[0], r[1], r[2], date.fromisoformat(r[3]), r[4], r[5], r[6], r[7], r[8])
            for r in part
        ]


def _row(data: dict[str, Any]) -> IncidentRow:
    """The ``IncidentRow`` of an incident's JSON form (as the store would read it)."""
    location = data["location"]
    return IncidentRow(
        data["id"],
        data["event_type"],
        data["sub_event_type"],
        date.fromisoformat(data["when"]["start"]),
        location["lat"],
        location["lon"],
        location.get("precision", 1),
        location.get("area_wkt"),
        situation_of(data),
    )


#: The holdings an incident's shape meets, per (layer, map day) a rule reads.
_Maps = list[tuple[str, date, list[Holding]]]


@dataclass(frozen=True, slots=True)
class Filled:
    """One subject's verdict as a template and its values; ``judgement`` when it was judged in full."""

    subject: str
    template: VerdictTemplate
    key: str
    params: dict[str, str]
    alerts: tuple[ProximityAlert, ...] = ()
    judgement: Judgement | None = None


@dataclass
class _Memo:
    template: VerdictTemplate | None
    key: str
    used: frozenset[str] = frozenset()
    #: None until an incident judged in full has confirmed the template; False: judge this situation in
    #: full every time
    trusted: bool | None = None
    #: the values of the first incident the template was checked against
    checked: dict[str, str] | None = None


#: Stand-ins for what differs between incidents of one situation. The representative is judged with them
#: in place of its id and its holdings' record ids, versions and settlements, so the template is cut from
#: strings that occur nowhere else (no search for real values, which could also occur in fixed text).
_SUBJECT = "\x00subject\x00"
_SEQ_BASE = 10**15


def _stand_in(n: int, h: Holding) -> Holding:
    return replace(
        h,
        record_id=f"\x00h{n}r\x00",
        recorded_seq=-(_SEQ_BASE + n),
        place=None if h.place is None else f"\x00h{n}p\x00",
    )


def _cut(text: str, count: int) -> str:
    text = _escape(text).replace(_SUBJECT, "{subject}")
    for n in range(count):
        text = text.replace(f"\x00h{n}r\x00", f"{{h{n}_r}}").replace(f"\x00h{n}p\x00", f"{{h{n}_p}}")
        text = text.replace(str(-(_SEQ_BASE + n)), f"{{h{n}_v}}")
    return text


def template_of(j: Judgement, count: int) -> VerdictTemplate | None:
    """The template of a judgement made with stand-ins for its id and ``count`` holdings; None when a
    stand-in is left over (a rule used it in a way a template cannot express)."""
    template = _template(j, lambda text: _cut(text, count))
    return None if any("\x00" in text for text in template._texts()) else template


def literal(j: Judgement) -> Filled:
    """A judgement made in full, as a template of its own (its text kept as it is)."""
    template = _template(j, _escape)
    return Filled(j.subject, template, template.key(), {}, j.alerts, j)


def _template(j: Judgement, text: Callable[[str], str]) -> VerdictTemplate:
    return VerdictTemplate(
        outcome=j.outcome,
        responsible=j.responsible,
        rule=j.rule,
        confidence=j.confidence,
        explanation=text(j.explanation),
        facts=tuple(Fact(statement=text(f.statement), source=text(f.source)) for f in j.facts),
        layer=j.layer,
        layer_version=j.layer_version,
        needs_review=j.needs_review,
    )


def _same(template: VerdictTemplate, params: dict[str, str], j: Judgement) -> bool:
    """Does the template, filled with an incident's values, say exactly what judging it in full said?"""
    rendered = template.render(
        id="vd.check",
        subject=j.subject,
        agreement=j.agreement,
        decided_at=_EPOCH,
        supersedes=None,
        params=params,
    )
    return _said(rendered) == _said(j)


def _said(v: Verdict | Judgement) -> tuple[object, ...]:
    return (
        v.outcome,
        v.responsible,
        v.rule,
        v.confidence,
        v.explanation,
        v.facts,
        v.layer,
        v.layer_version,
        v.needs_review,
    )


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _escape(value: str) -> str:
    return value.replace("{", "{{").replace("}", "}}")


class BulkJudge:
    """``Judge.incident`` over many incidents, with a template per situation (see the module docstring)."""

    def __init__(self, judge: Judge, load: Callable[[list[str]], dict[str, Incident]]):
        """``load`` reads incidents by id (those judged in full)."""
        self.judge = judge
        self.load = load
        self.loaded: dict[str, Incident] = {}
        self.memo: dict[tuple[Any, ...], _Memo] = {}
        self.full = 0
        ctx = judge.ctx
        obligations = ctx.agreement.obligations
        # Predicates that do not judge incidents (humanitarian access) do not matter here.
        self.safe = all(
            o.predicate in SAFE_PREDICATES or o.predicate not in INCIDENT_PREDICATES for o in obligations
        )
        self.maps = [
            (o, MAP_DAYS[o.predicate], layer)
            for o in obligations
            if o.predicate in MAP_DAYS and (layer := ctx.layer_name(o)) is not None
        ]
        self.reach: BaseGeometry | None = None
        if judge.scope is not None:
            self.reach = judge.scope.geometry.buffer(km_to_degrees_lat(judge.scope_tolerance_km))
        radius = max(
            (site_radius_m(o) for o in obligations if o.predicate == "no_attack_on_protected_site"),
            default=None,
        )
        self.sites: BaseGeometry | None = None
        self.site_reach = 0.0
        if radius is not None and ctx.sites:
            self.sites = shapely.multipoints([(p.lon, p.lat) for p in ctx.sites])
            self.site_reach = radius * _DEG_PER_M

    def rows(self, rows: list[IncidentRow]) -> Iterator[Filled | None]:
        """A ``Filled`` per row, in order; None for an incident a reviewer rejected."""
        ctx = self.judge.ctx
        shapes = shapes_of(
            [r.lat for r in rows],
            [r.lon for r in rows],
            [r.precision for r in rows],
            [r.area_wkt for r in rows],
        )
        geoms = [g for g, _ in shapes]
        present = [i for i, g in enumerate(geoms) if g is not None]
        array = [geoms[i] for i in present]
        in_scope = [True] * len(rows)
        near = [False] * len(rows)
        if array and self.reach is not None:
            for i, ok in zip(present, shapely.intersects(array, self.reach).tolist(), strict=True):
                in_scope[i] = bool(ok)
        if array and self.sites is not None:
            for i, close in zip(
                present, shapely.dwithin(array, self.sites, self.site_reach).tolist(), strict=True
            ):
                near[i] = bool(close)
        # The holdings each shape meets, per map a rule reads: one bulk query per (layer, day).
        located: list[_Maps] = [[] for _ in rows]
        wanted: dict[tuple[str, date], list[int]] = {}
        for obligation, map_day, layer in self.maps:
            for i in present:
                r = rows[i]
                day = map_day(r.event_type, r.sub_event_type, r.start, obligation)
                if day is not None:
                    wanted.setdefault((layer, day), []).append(i)
        for (layer, day), members in wanted.items():
            view = ctx.layers(layer, day)
            if view is None:
                continue
            unique = list(dict.fromkeys(members))
            found: list[list[int]] = [[] for _ in unique]
            pairs = view.query([geoms[i] for i in unique])
            for n, h in zip(pairs[0].tolist(), pairs[1].tolist(), strict=True):
                found[n].append(h)
            holdings = view.holdings
            for i, held in zip(unique, found, strict=True):
                located[i].append((view.layer, view.valid_on, [holdings[h] for h in sorted(held)]))
        keys: list[tuple[Any, ...] | None] = []
        values: list[dict[str, str]] = []
        wanted_ids: list[str] = []
        for i, r in enumerate(rows):
            maps = located[i]
            filled_in = _values(maps)
            key = None
            if not near[i] and self.safe:
                key = (
                    r.situation,
                    r.precision,
                    r.area_wkt is None,
                    in_scope[i],
                    tuple(
                        (layer, day, tuple((h.actors, h.confidence, h.place is None) for h in held))
                        for layer, day, held in maps
                    ),
                )
            keys.append(key)
            values.append(filled_in)
            # Which incidents will be judged in full, to read them in one query (a situation whose template
            # fails its confirmation needs more: those are read one by one).
            memo = self.memo.get(key) if key is not None else None
            if memo is None or memo.trusted is not True:
                wanted_ids.append(r.id)
        self.loaded = self.load(wanted_ids)
        try:
            yield from self._judged(rows, shapes, located, keys, values)
        finally:
            self.loaded = {}

    def _judged(
        self,
        rows: list[IncidentRow],
        shapes: list[tuple[BaseGeometry | None, str]],
        located: list[_Maps],
        keys: list[tuple[Any, ...] | None],
        values: list[dict[str, str]],
    ) -> Iterator[Filled | None]:
        for i, r in enumerate(rows):
            key, found = keys[i], values[i]
            if key is None:
                yield self._full(r, shapes[i], located[i])
                continue
            memo = self.memo.get(key)
            if memo is not None and memo.template is None and memo.trusted:
                yield None  # rejected by a reviewer: so is every incident of its situation
                continue
            if memo is not None and memo.template is not None and memo.trusted is not False:
                params = {k: v for k, v in found.items() if k in memo.used}
                # Trusted, or these very values were checked already (only the subject differs).
                if memo.trusted or memo.checked == params:
                    yield Filled(r.id, memo.template, memo.key, params)
                    continue
            if memo is None:
                memo = self.memo[key] = self._template(r, shapes[i], located[i])
                if memo.template is None and memo.trusted:
                    yield None  # rejected by a reviewer: so is every incident of its situation
                    continue
            filled = self._full(r, shapes[i], located[i])
            if memo.trusted is None and filled is not None and memo.template is not None:
                # Trusted once the template gives exactly what judging in full gave, for an incident whose
                # values differ from the first one checked (else it confirms nothing new).
                params = {k: v for k, v in found.items() if k in memo.used}
                if _same(memo.template, params, filled.judgement):  # type: ignore[arg-type]
                    if memo.checked is None:
                        memo.checked = params
                    elif memo.checked != params:
                        memo.trusted = True
                    filled = Filled(r.id, memo.template, memo.key, params, filled.alerts, filled.judgement)
                else:
                    memo.trusted = False
            yield filled

    def _template(self, r: IncidentRow, shape: tuple[BaseGeometry | None, str], maps: _Maps) -> _Memo:
        """Judge ``r`` with stand-ins for its id and holdings, and cut the situation's template from it."""
        holdings = _holdings(maps)
        stand_ins = {id(h): _stand_in(n, h) for n, h in enumerate(holdings)}
        standing = [(layer, day, [stand_ins[id(h)] for h in held]) for layer, day, held in maps]
        incident = self.loaded.get(r.id) or self.load([r.id])[r.id]
        j = self._judge(incident.model_copy(update={"id": _SUBJECT}), shape, standing)
        if j is None:
            return _Memo(None, "", trusted=True)
        template = template_of(j, len(holdings))
        if template is None:
            return _Memo(None, "", trusted=False)
        return _Memo(template, template.key(), template.placeholders())

    def _judge(
        self, incident: Incident, shape: tuple[BaseGeometry | None, str], maps: _Maps
    ) -> Judgement | None:
        ctx = self.judge.ctx
        self.full += 1
        ctx.shapes[incident.id] = shape
        for layer, day, held in maps:
            ctx.located[(layer, day, incident.id)] = held
        try:
            return self.judge.incident(incident)
        finally:
            ctx.shapes.pop(incident.id, None)
            for layer, day, _ in maps:
                ctx.located.pop((layer, day, incident.id), None)

    def _full(self, r: IncidentRow, shape: tuple[BaseGeometry | None, str], maps: _Maps) -> Filled | None:
        """``r`` judged in full, as a template of its own."""
        incident = self.loaded.get(r.id) or self.load([r.id])[r.id]
        j = self._judge(incident, shape, maps)
        return None if j is None else literal(j)


def _holdings(maps: _Maps) -> list[Holding]:
    """Every holding the maps name, once each, in the order the facts cite them."""
    seen: dict[int, Holding] = {}
    for _, _, held in maps:
        for h in held:
            seen.setdefault(id(h), h)
    return list(seen.values())


def _values(maps: _Maps) -> dict[str, str]:
    """What fills a situation's template for one incident: its holdings' record ids, versions, places."""
    params = {}
    for n, h in enumerate(_holdings(maps)):
        params[f"h{n}_r"] = h.record_id
        params[f"h{n}_v"] = str(h.recorded_seq)
        if h.place is not None:
            params[f"h{n}_p"] = h.place
    return params
