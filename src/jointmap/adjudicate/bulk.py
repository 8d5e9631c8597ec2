"""Judging many incidents fast: one full judgement per situation, the others filled in from its template.

Most incidents of a large run share their situation with others: the same day, actors, event type,
credibility and location precision, inside areas with the same holders. Their verdicts differ only in the
incident id and which polygon or settlement cell they cite. So the first incident of a situation is judged in
full by ``Judge.incident`` and its verdict turned into a ``VerdictTemplate`` (``{subject}``, ``{hN_c}``,
``{hN_w}`` where those values were); a second incident of the same situation is also judged in full and must
give the very same template, else the situation is judged in full every time. From then on each incident of
that situation costs a dictionary lookup and its few values.

What a situation is made of (``Situation``): the incident without the fields no rule reads (``KEY_IGNORED``),
the location's precision class, whether the shape is in the agreement's scope, and for each map a rule reads,
the holders and confidence of every area the shape meets. An incident near a protected site, or under an
agreement with a predicate not listed in ``SAFE_PREDICATES``, is always judged in full. A rule that starts
reading one of the ignored fields must take it off ``KEY_IGNORED``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import Connection, select, text

from jointmap.adjudicate.context import ProximityAlert, subject_source
from jointmap.adjudicate.judge import Judge, Judgement
from jointmap.adjudicate.rules import INCIDENT_PREDICATES, MAP_DAYS, holding_where, site_radius_m
from jointmap.adjudicate.shapes import shapes_of
from jointmap.control import Holding
from jointmap.control.geometry import km_to_degrees_lat
from jointmap.domain import Fact, Incident, LinkRole, VerdictTemplate
from jointmap.store import schema as s

__all__ = ["KEY_IGNORED", "SAFE_PREDICATES", "BulkJudge", "Filled", "IncidentRow", "incident_rows"]

#: Incident fields no predicate reads: left out of the situation so they do not split it. ``reports`` is
#: replaced by the reports that contradict the incident (``_weight`` cites them).
KEY_IGNORED = ("id", "location", "fatalities", "civilian_targeting", "notes", "confidence", "reports")
#: Predicates whose findings depend only on the situation (the protected-site rule: when no site is near).
SAFE_PREDICATES = frozenset(
    {"no_attack_on_party", "no_territorial_gain", "proportionate_self_defence", "no_attack_on_protected_site"}
)
#: Degrees of longitude per metre at 37.5° N, the northern edge of the region we judge, is the largest; a
#: margin covers anywhere up to 60° of latitude: used only to decide which incidents need the full path.
_DEG_PER_M = 1 / 55_000.0


@dataclass(frozen=True, slots=True)
class IncidentRow:
    """What the bulk path reads of an incident: its columns and the JSON of the fields rules read."""

    id: str
    event_type: str
    sub_event_type: str
    start: date
    lat: float
    lon: float
    precision: int
    area_wkt: str | None
    situation: str


_SQLITE_ROWS = text(
    "SELECT id, event_type, sub_event_type, date_start, lat, lon, location_precision, "
    "json_extract(data, '$.location.area_wkt'), "
    f"json_remove(data, {', '.join(repr('$.' + k) for k in KEY_IGNORED)}), "
    "CASE WHEN instr(data, '\"contradicts\"') > 0 THEN json_extract(data, '$.reports') END "
    "FROM incidents ORDER BY id"
)


def incident_rows(conn: Connection, chunk: int = 20_000) -> Iterator[list[IncidentRow]]:
    """Every incident as an ``IncidentRow``, ``chunk`` at a time, in id order."""
    if conn.dialect.name == "sqlite":
        # SQLite's JSON functions cut the stored JSON in C: no Python parse per incident.
        for part in conn.execute(_SQLITE_ROWS).partitions(chunk):
            yield [
                IncidentRow(
                    r[0], r[1], r[2], date.fromisoformat(r[3]), r[4], r[5], r[6], r[7], f"{r[8]}|{r[9]}"
                )
                for r in part
            ]
        return
    query = select(s.incidents.c.data).order_by(s.incidents.c.id)
    for part in conn.execute(query).scalars().partitions(chunk):
        yield [_row(json.loads(str(d))) for d in part]


def _row(data: dict[str, Any]) -> IncidentRow:
    location = data["location"]
    contradicting = [r for r in data.get("reports", ()) if r.get("role") == LinkRole.CONTRADICTS.value]
    rest = {k: v for k, v in data.items() if k not in KEY_IGNORED}
    return IncidentRow(
        data["id"],
        data["event_type"],
        data["sub_event_type"],
        date.fromisoformat(data["when"]["start"]),
        location["lat"],
        location["lon"],
        location.get("precision", 1),
        location.get("area_wkt"),
        f"{json.dumps(rest, sort_keys=True)}|{json.dumps(contradicting) if contradicting else None}",
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
    #: None until a second incident has confirmed the template; False: judge this situation in full
    trusted: bool | None = None


def template_of(j: Judgement, holdings: Sequence[Holding]) -> tuple[VerdictTemplate, str, dict[str, str]]:
    """A judgement as (template, its key, values): the incident id and each holding's citation and
    where-phrase replaced by placeholders; every other brace escaped."""
    swaps: list[tuple[str, str]] = [(_escape(subject_source(j.subject, "")), "incident {subject} · ")]
    params: dict[str, str] = {}
    for n, h in enumerate(holdings):
        # The citation first: it contains the where-phrase of a settlement cell.
        for suffix, value in (("c", h.cite()), ("w", holding_where(h))):
            swaps.append((_escape(value), f"{{h{n}_{suffix}}}"))
            params[f"h{n}_{suffix}"] = value

    def fill(value: str) -> str:
        value = _escape(value)
        for old, new in swaps:
            value = value.replace(old, new)
        return value

    template = VerdictTemplate(
        outcome=j.outcome,
        responsible=j.responsible,
        rule=j.rule,
        confidence=j.confidence,
        explanation=fill(j.explanation),
        facts=tuple(Fact(statement=fill(f.statement), source=fill(f.source)) for f in j.facts),
        layer=j.layer,
        layer_version=j.layer_version,
        needs_review=j.needs_review,
    )
    used = template.placeholders()
    return template, template.key(), {k: v for k, v in params.items() if k in used}


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
        values: list[dict[str, str] | None] = []
        expected: dict[tuple[Any, ...], int] = {}
        wanted_ids: list[str] = []
        for i, r in enumerate(rows):
            maps = located[i]
            filled_in = _values(maps)
            key = None
            if not near[i] and self.safe and filled_in is not None:
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
            if key is None or (memo is not None and memo.trusted is False):
                wanted_ids.append(r.id)
            elif memo is None or memo.trusted is None:
                seen = expected.get(key, 0 if memo is None else 1)
                if seen < 2:
                    wanted_ids.append(r.id)
                expected[key] = seen + 1
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
        values: list[dict[str, str] | None],
    ) -> Iterator[Filled | None]:
        for i, r in enumerate(rows):
            key, found = keys[i], values[i]
            if key is None or found is None:
                yield self._full(r, shapes[i], located[i])
                continue
            memo = self.memo.get(key)
            if memo is not None and memo.trusted:
                if memo.template is None:
                    yield None
                else:
                    params = {k: v for k, v in found.items() if k in memo.used}
                    yield Filled(r.id, memo.template, memo.key, params)
                continue
            filled = self._full(r, shapes[i], located[i])
            if memo is None:
                self.memo[key] = (
                    _Memo(None, "", trusted=True)
                    if filled is None
                    else _Memo(filled.template, filled.key, filled.template.placeholders())
                )
            elif memo.trusted is None:
                memo.trusted = filled is not None and filled.key == memo.key
            yield filled

    def _full(
        self,
        r: IncidentRow,
        shape: tuple[BaseGeometry | None, str],
        maps: _Maps,
    ) -> Filled | None:
        ctx = self.judge.ctx
        self.full += 1
        ctx.shapes[r.id] = shape
        for layer, day, held in maps:
            ctx.located[(layer, day, r.id)] = held
        try:
            incident = self.loaded.get(r.id) or self.load([r.id])[r.id]
            j = self.judge.incident(incident)
        finally:
            ctx.shapes.pop(r.id, None)
            for layer, day, _ in maps:
                ctx.located.pop((layer, day, r.id), None)
        if j is None:
            return None
        template, key, params = template_of(j, _holdings(maps))
        return Filled(r.id, template, key, params, j.alerts, j)


def _holdings(maps: _Maps) -> list[Holding]:
    """Every holding the maps name, once each, in the order the facts cite them."""
    seen: dict[int, Holding] = {}
    for _, _, held in maps:
        for h in held:
            seen.setdefault(id(h), h)
    return list(seen.values())


def _values(maps: _Maps) -> dict[str, str] | None:
    """The holdings' values by placeholder; None when two are equal (a template could not tell them apart,
    so the incident is judged in full)."""
    params = {}
    for n, h in enumerate(_holdings(maps)):
        params[f"h{n}_c"] = h.cite()
        params[f"h{n}_w"] = holding_where(h)
    return params if len(set(params.values())) == len(params) else None
