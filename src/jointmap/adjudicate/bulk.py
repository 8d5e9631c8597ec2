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
from dataclasses import dataclass, field
from datetime import date
from itertools import repeat
from operator import attrgetter, is_
from typing import Any

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry.base import BaseGeometry

from jointmap.adjudicate.context import ProximityAlert
from jointmap.adjudicate.judge import Judge, Judgement
from jointmap.adjudicate.rows import AREA, PRECISION, SITUATION, WHEN, IncidentRow, geometries, shape_of_row
from jointmap.adjudicate.rules import INCIDENT_PREDICATES, MAP_DAYS, site_radius_m
from jointmap.adjudicate.templates import SUBJECT, Filled, Judged, literal, same_as, stand_in, template_of
from jointmap.control import Holding, LayerView
from jointmap.control.geometry import km_to_degrees_lat
from jointmap.domain import (
    VALUE_SEPARATOR,
    Incident,
    VerdictTemplate,
)

__all__ = ["SAFE_PREDICATES", "BulkJudge"]

#: Predicates whose findings depend only on the situation (the protected-site rule: when no site is near).
SAFE_PREDICATES = frozenset(
    {"no_attack_on_party", "no_territorial_gain", "proportionate_self_defence", "no_attack_on_protected_site"}
)
#: Degrees of longitude per metre at 37.5° N, the northern edge of the region we judge, is the largest; a
#: margin covers anywhere up to 60° of latitude: used only to decide which incidents need the full path.
_DEG_PER_M = 1 / 55_000.0


#: The holdings an incident's shape meets, per (layer, map day) a rule reads.
_Maps = list[tuple[str, date, list[Holding]]]


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
    #: the template's placeholders but ``subject``, sorted: the order of a verdict's joined values
    names: tuple[str, ...] = ()


@dataclass
class _Columns:
    """``Judged`` while it is being filled: keys and values as arrays, so whole situations fill at once."""

    n: int
    keys: npt.NDArray[np.object_] = field(init=False)
    values: npt.NDArray[np.object_] = field(init=False)
    templates: dict[str, VerdictTemplate] = field(default_factory=dict)
    judgements: dict[int, Judgement] = field(default_factory=dict)
    alerts: dict[int, tuple[ProximityAlert, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.keys = np.full(self.n, None, dtype=object)
        self.values = np.full(self.n, "", dtype=object)


@dataclass
class _Located:
    """Where a run of rows fell: per map a rule reads (one per distinct (layer, day) of a row), the view
    each row was looked up in and the holdings its shape meets."""

    views: list[LayerView]
    #: per map slot m, per row: index into ``views``, or -1 (no map: no day, or no layer that day)
    view_of: list[npt.NDArray[np.intp]]
    #: per map slot, per row: the one holding met, or -1 when none or several (then in ``several``)
    single: list[npt.NDArray[np.intp]]
    several: list[dict[int, list[int]]]

    def maps(self, i: int) -> _Maps:
        result: _Maps = []
        for m, view_of in enumerate(self.view_of):
            v = int(view_of[i])
            if v < 0:
                continue
            view = self.views[v]
            h = int(self.single[m][i])
            held = [view.holdings[h]] if h >= 0 else [view.holdings[k] for k in self.several[m].get(i, [])]
            if any((layer, day) == (view.layer, view.valid_on) for layer, day, _ in result):
                continue  # two rules read the same map: cited once
            result.append((view.layer, view.valid_on, held))
        return result


class BulkJudge:
    """``Judge.incident`` over many incidents, with a template per situation (see the module docstring).

    Rows are located and grouped by situation with array operations; only the incidents that make or check
    a template are judged one by one."""

    def __init__(self, judge: Judge, load: Callable[[list[str]], dict[str, Incident]]):
        """``load`` reads incidents by id (those judged in full)."""
        self.judge = judge
        self.load = load
        self.loaded: dict[str, Incident] = {}
        self.memo: dict[int, _Memo] = {}
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
        # Codes that stay the same across runs of rows, so a situation's key does too.
        self._situations: dict[str, int] = {}
        self._signatures: dict[tuple[Any, ...], int] = {(): 0}
        self._view_codes: dict[int, tuple[list[Holding], npt.NDArray[np.int64], npt.NDArray[np.bool_]]] = {}
        self._days: dict[tuple[int, str, str, str], date | None] = {}
        self._stable: dict[tuple[int, ...], int] = {}
        self._strings: dict[tuple[int, tuple[str, ...]], tuple[list[Holding], npt.NDArray[np.object_]]] = {}

    def rows(self, rows: list[IncidentRow]) -> Iterator[Filled | None]:
        """A ``Filled`` per row, in order; None for an incident a reviewer rejected."""
        judged = self.columns(rows)
        for n in range(len(rows)):
            yield judged.filled(n)

    def columns(self, rows: list[IncidentRow]) -> Judged:
        """The verdicts of ``rows``, column by column."""
        n = len(rows)
        geoms, present = geometries(rows)
        in_scope = np.ones(n, dtype=bool)
        near = np.zeros(n, dtype=bool)
        if len(present) and self.reach is not None:
            in_scope[present] = shapely.intersects(geoms[present], self.reach)
        if len(present) and self.sites is not None:
            near[present] = shapely.dwithin(geoms[present], self.sites, self.site_reach)
        located = self._locate(rows, geoms, present)
        keys = self._keys(rows, located, in_scope)
        keys[near] = -1  # near a protected site: judged in full (the alert and its distance differ)
        if not self.safe:
            keys[:] = -1
        judged = _Columns(n)
        # Rows of situations already trusted are filled in all at once; the others go situation by situation.
        codes, inverse = np.unique(keys, return_inverse=True)
        inverse = inverse.reshape(-1)
        settled = np.fromiter((self._settled(int(k)) for k in codes.tolist()), bool, len(codes))
        self._fill(judged, located, codes, inverse, np.flatnonzero(settled[inverse]))
        rest = np.flatnonzero(~settled[inverse])
        order = rest[np.argsort(keys[rest], kind="stable")]
        groups = np.split(order, np.flatnonzero(np.diff(keys[order])) + 1) if len(order) else []
        # The incidents that may be judged in full, read in one query: every row without a situation, and
        # the first rows of a situation not yet trusted (the template, then two checks). A situation whose
        # template fails its check needs more: those are read one by one.
        wanted: list[int] = []
        for members in groups:
            key = int(keys[members[0]])
            wanted += members.tolist() if key < 0 else members[:_CHECKS].tolist()
        self.loaded = self.load([rows[i].id for i in wanted])
        # Rows of situations trusted along the way, per template names: their values filled in at the end,
        # all at once (a first run of rows makes thousands of templates).
        trusted: dict[tuple[str, ...], list[npt.NDArray[np.intp]]] = {}
        try:
            for members in groups:
                key = int(keys[members[0]])
                if key < 0:
                    for i in members.tolist():
                        self._record(judged, i, self._full(rows[i], located.maps(i)), None)
                else:
                    self._situation(judged, rows, located, key, members.tolist(), trusted)
        finally:
            self.loaded = {}
        for names, parts in trusted.items():
            self._fill_values(judged, located, names, np.concatenate(parts))
        return Judged(
            [r.id for r in rows],
            judged.keys.tolist(),
            judged.values.tolist(),
            judged.templates,
            judged.judgements,
            judged.alerts,
        )

    def _settled(self, key: int) -> bool:
        """Is situation ``key`` trusted already (its rows are filled in from the template, or get no verdict
        when its incidents are rejected)?"""
        memo = self.memo.get(key)
        return key >= 0 and memo is not None and memo.trusted is True

    def _situation(
        self,
        judged: _Columns,
        rows: list[IncidentRow],
        located: _Located,
        key: int,
        members: list[int],
        trusted: dict[tuple[str, ...], list[npt.NDArray[np.intp]]],
    ) -> None:
        """The rows of one situation, in order: the template made (once per run) and checked by judging
        rows in full until trusted; the rest then take the template, their values left to fill (``trusted``,
        by the template's names)."""
        memo = self.memo.get(key)
        if memo is None:
            first = members[0]
            memo = self.memo[key] = self._template(rows[first], located.maps(first))
        for pos, i in enumerate(members):
            if memo.template is None and memo.trusted:
                return  # rejected by a reviewer: so is every incident of its situation (no verdict)
            if memo.template is not None and memo.trusted:
                rest = np.asarray(members[pos:], dtype=np.intp)
                judged.templates.setdefault(memo.key, memo.template)
                judged.keys[rest] = memo.key
                trusted.setdefault(memo.names, []).append(rest)
                return
            params = None
            if memo.template is not None and memo.trusted is None:
                params = _params(located.maps(i), memo.used)
                if memo.checked == params:  # these very values were checked already (only the id differs)
                    self._record(judged, i, None, memo, params)
                    continue
            j = self._full(rows[i], located.maps(i))
            if params is None or j is None or memo.template is None:
                self._record(judged, i, j, None)
                continue
            # Trusted once the template gives exactly what judging in full gave, for an incident whose
            # values differ from the first one checked (else it confirms nothing new).
            if same_as(memo.template, params, j):
                if memo.checked is None:
                    memo.checked = params
                elif memo.checked != params:
                    memo.trusted = True
                self._record(judged, i, j, memo, params)
            else:
                memo.trusted = False
                self._record(judged, i, j, None)

    def _record(
        self,
        judged: _Columns,
        i: int,
        j: Judgement | None,
        memo: _Memo | None,
        params: dict[str, str] | None = None,
    ) -> None:
        """Row ``i``: the situation's template with ``params`` when ``memo`` is given, else the judgement
        ``j`` made in full as a template of its own (None: no verdict)."""
        if j is not None:
            judged.judgements[i] = j
            if j.alerts:
                judged.alerts[i] = j.alerts
        if memo is not None and memo.template is not None and params is not None:
            judged.keys[i] = memo.key
            judged.templates.setdefault(memo.key, memo.template)
            judged.values[i] = VALUE_SEPARATOR.join(params[k] for k in memo.names)
        elif j is not None:
            # Made only here: a check that confirms its situation's template needs no template of its own.
            own = literal(j)
            judged.keys[i] = own.key
            judged.templates.setdefault(own.key, own.template)

    def _fill(
        self,
        judged: _Columns,
        located: _Located,
        codes: npt.NDArray[np.int64],
        inverse: npt.NDArray[np.intp],
        rows: npt.NDArray[np.intp],
    ) -> None:
        """Rows of trusted situations (``codes[inverse[i]]`` is row ``i``'s): each its situation's template
        and its own values, whole situations at a time (a rejected situation's rows keep no key)."""
        if not len(rows):
            return
        situation = inverse[rows]
        key_of = np.full(len(codes), None, dtype=object)
        names_of_code = np.full(len(codes), -1, dtype=np.intp)
        names: dict[tuple[str, ...], int] = {}
        for u in np.unique(situation).tolist():
            memo = self.memo[int(codes[u])]
            if memo.template is None:
                continue  # rejected by a reviewer: so is every incident of its situation (no verdict)
            judged.templates.setdefault(memo.key, memo.template)
            key_of[u] = memo.key
            names_of_code[u] = names.setdefault(memo.names, len(names))
        judged.keys[rows] = key_of[situation]
        for these, c in names.items():
            self._fill_values(judged, located, these, rows[names_of_code[situation] == c])

    def _fill_values(
        self, judged: _Columns, located: _Located, names: tuple[str, ...], rows: npt.NDArray[np.intp]
    ) -> None:
        """Values of ``rows`` for templates of ``names``: their holdings' record ids, versions, places."""
        getters = _getters(names)
        rest = rows
        if getters is not None and len(located.view_of) == 1:
            # One map, one holding per row: the values straight from that holding, joined once per holding.
            held, view_of = located.single[0][rows], located.view_of[0][rows]
            one = held >= 0
            for v in np.unique(view_of[one]).tolist():
                here = one & (view_of == v)
                strings = self._value_strings(located.views[v], names, getters)
                judged.values[rows[here]] = strings[held[here]]
            rest = rows[~one]
        for i in rest.tolist():
            judged.values[i] = VALUE_SEPARATOR.join(params_of(located.maps(i), names))

    def _value_strings(
        self, view: LayerView, names: tuple[str, ...], getters: list[Callable[[list[Holding]], list[str]]]
    ) -> npt.NDArray[np.object_]:
        """Per holding of ``view``, its joined values for ``names`` (cached per holdings list; the cache keeps
        the list alive, so its id is not reused while the entry exists)."""
        found = self._strings.get((id(view.holdings), names))
        if found is None:
            strings = np.empty(len(view.holdings), dtype=object)
            columns = [get(view.holdings) for get in getters]
            strings[:] = list(map(VALUE_SEPARATOR.join, zip(*columns, strict=True)))
            found = self._strings[(id(view.holdings), names)] = (view.holdings, strings)
        return found[1]

    def _locate(
        self, rows: list[IncidentRow], geoms: npt.NDArray[np.object_], present: npt.NDArray[np.intp]
    ) -> _Located:
        """Per map a rule reads: each row's view (by its map day) and the holdings its shape meets, one
        bulk query per (layer, day)."""
        ctx = self.judge.ctx
        n = len(rows)
        located = _Located([], [], [], [])
        view_index: dict[int, int] = {}
        # What a map day depends on, coded per row with C-level loops (map, dict.fromkeys): a million rows.
        whens = list(map(WHEN, rows))
        distinct = list(dict.fromkeys(whens))
        code = np.fromiter(map({w: k for k, w in enumerate(distinct)}.__getitem__, whens), np.intp, n)
        has_shape = np.zeros(n, dtype=bool)
        has_shape[present] = True
        for m, (obligation, map_day, layer) in enumerate(self.maps):
            day_list: list[date] = []
            day_code: dict[date, int] = {}
            day_of = np.full(len(distinct), -1, dtype=np.intp)  # per distinct (event type, sub type, start)
            for k, (event_type, sub_event_type, start) in enumerate(distinct):
                memo_key = (m, event_type, sub_event_type, start)
                day = self._days.get(memo_key, _UNSET)
                if day is _UNSET:
                    first = date.fromisoformat(start)
                    day = self._days[memo_key] = map_day(event_type, sub_event_type, first, obligation)
                if day is not None:
                    if day not in day_code:
                        day_code[day] = len(day_list)
                        day_list.append(day)
                    day_of[k] = day_code[day]
            row_day = day_of[code]
            mapped = np.flatnonzero(has_shape & (row_day >= 0))
            order = mapped[np.argsort(row_day[mapped], kind="stable")]
            bounds = np.flatnonzero(np.diff(row_day[order])) + 1
            days = {day_list[int(row_day[g[0]])]: g for g in np.split(order, bounds) if len(g)}
            view_of = np.full(n, -1, dtype=np.intp)
            single = np.full(n, -1, dtype=np.intp)
            several: dict[int, list[int]] = {}
            for day, members in days.items():
                view = ctx.layers(layer, day)
                if view is None:
                    continue
                v = view_index.get(id(view))
                if v is None:
                    v = view_index[id(view)] = len(located.views)
                    located.views.append(view)
                idx = members
                view_of[idx] = v
                pairs = view.query(geoms[idx])
                counts = np.bincount(pairs[0], minlength=len(idx))
                ones = counts[pairs[0]] == 1
                single[idx[pairs[0][ones]]] = pairs[1][ones]
                for i, h in zip(idx[pairs[0][~ones]].tolist(), pairs[1][~ones].tolist(), strict=True):
                    several.setdefault(i, []).append(h)
                for i in idx[counts == 0].tolist():
                    several[i] = []
            for held in several.values():
                held.sort()
            located.view_of.append(view_of)
            located.single.append(single)
            located.several.append(several)
        return located

    def _keys(
        self, rows: list[IncidentRow], located: _Located, in_scope: npt.NDArray[np.bool_]
    ) -> npt.NDArray[np.int64]:
        """A situation key per row: equal keys, equal situations (the incident's rule inputs, its location's
        precision class, scope, and per map the holders and confidence of every area its shape meets).
        Keys are the same across runs of rows (the memo is keyed by them)."""
        n = len(rows)
        situations = self._situations
        hashes = list(map(SITUATION, rows))
        for h in dict.fromkeys(hashes):
            situations.setdefault(h, len(situations))
        columns = [
            np.fromiter(map(situations.__getitem__, hashes), np.int64, n),
            np.fromiter(map(PRECISION, rows), np.int64, n),
            np.fromiter(map(is_, map(AREA, rows), repeat(None)), np.int64, n),
            in_scope.astype(np.int64),
        ]
        dirty = np.zeros(n, dtype=bool)
        for m in range(len(located.view_of)):
            signatures, unsafe = self._signatures_of(located, m)
            columns.append(signatures)
            dirty |= unsafe
        # Equal rows, equal codes: the columns folded pairwise into one (np.unique of a 2-D table sorts
        # rows as bytes, several times slower), then each distinct row named by the tuple of its values.
        combined = columns[0]
        for column in columns[1:]:
            _, combined = np.unique(combined * (int(column.max(initial=0)) + 1) + column, return_inverse=True)
        _, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
        stable = self._stable
        rows_of = zip(*(column[first].tolist() for column in columns), strict=True)
        codes = np.fromiter((stable.setdefault(u, len(stable)) for u in rows_of), np.int64, len(first))
        keys = codes[inverse.reshape(-1)]
        keys[dirty] = -1
        return keys

    def _signatures_of(
        self, located: _Located, m: int
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
        """Per row, a code for the holders, confidence and kind of every area it meets on map slot ``m``
        (0 where the row has no map there), and whether one of those areas has a settlement name holding a
        separator (such a row is judged in full: its values could not be joined)."""
        view_of, single, several = located.view_of[m], located.single[m], located.several[m]
        result = np.zeros(len(view_of), dtype=np.int64)
        dirty = np.zeros(len(view_of), dtype=bool)
        for v, view in enumerate(located.views):
            rows_here = view_of == v
            if not rows_here.any():
                continue
            codes, unsafe = self._holding_codes(view)
            one = rows_here & (single >= 0)
            result[one] = codes[single[one]]
            dirty[one] = unsafe[single[one]]
        for i, held in several.items():
            view = located.views[int(view_of[i])]
            codes, unsafe = self._holding_codes(view)
            signature = ("several", *(int(codes[h]) for h in held))
            result[i] = self._signatures.setdefault(signature, len(self._signatures))
            dirty[i] = bool(unsafe[held].any()) if held else False
        return result, dirty

    def _holding_codes(self, view: LayerView) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
        # Per holdings list: the days of one validity span share theirs. The cache keeps the list alive,
        # so its id cannot be reused by another while the entry exists.
        found = self._view_codes.get(id(view.holdings))
        if found is not None:
            return found[1], found[2]
        # Per distinct (holders, confidence, settlement), then spread over the holdings with C-level maps: 50
        # views of 10,000 polygons are half a million holdings.
        fields = list(map(_SIGNATURE_FIELDS, view.holdings))
        signatures = self._signatures
        code_of, unsafe_of = {}, {}
        for key in dict.fromkeys(fields):
            actors, confidence, place = key
            code_of[key] = signatures.setdefault(("one", actors, confidence, place is None), len(signatures))
            unsafe_of[key] = place is not None and VALUE_SEPARATOR in place
        n = len(fields)
        codes = np.fromiter(map(code_of.__getitem__, fields), np.int64, n)
        unsafe = np.fromiter(map(unsafe_of.__getitem__, fields), bool, n)
        self._view_codes[id(view.holdings)] = (view.holdings, codes, unsafe)
        return codes, unsafe

    def _template(self, r: IncidentRow, maps: _Maps) -> _Memo:
        """Judge ``r`` with stand-ins for its id and holdings, and cut the situation's template from it."""
        holdings = _holdings(maps)
        stand_ins = {id(h): stand_in(n, h) for n, h in enumerate(holdings)}
        standing = [(layer, day, [stand_ins[id(h)] for h in held]) for layer, day, held in maps]
        incident = self.loaded.get(r.id) or self.load([r.id])[r.id]
        j = self._judge(incident.model_copy(update={"id": SUBJECT}), shape_of_row(r), standing)
        if j is None:
            return _Memo(None, "", trusted=True)
        template = template_of(j, len(holdings))
        if template is None:
            return _Memo(None, "", trusted=False)
        used = template.placeholders()
        return _Memo(template, template.key(), used, names=tuple(sorted(used - {"subject"})))

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

    def _full(self, r: IncidentRow, maps: _Maps) -> Judgement | None:
        """``r`` judged in full (None: rejected by a reviewer, no verdict)."""
        incident = self.loaded.get(r.id) or self.load([r.id])[r.id]
        return self._judge(incident, shape_of_row(r), maps)


_UNSET: Any = object()
#: Rows of a new situation read ahead: the one the template is cut from, and two that check it.
_CHECKS = 3


_RECORD_ID, _RECORDED_SEQ = attrgetter("record_id"), attrgetter("recorded_seq")
#: What a holding adds to a situation: its holders, confidence and settlement (None for a polygon).
_SIGNATURE_FIELDS = attrgetter("actors", "confidence", "place")
#: What fills ``{h0_r}``, ``{h0_v}``, ``{h0_p}``, for every holding of a list (the one-holding fast path).
_GETTERS: dict[str, Callable[[list[Holding]], list[str]]] = {
    "h0_p": lambda hs: [h.place or "" for h in hs],
    "h0_r": lambda hs: list(map(_RECORD_ID, hs)),
    "h0_v": lambda hs: list(map(str, map(_RECORDED_SEQ, hs))),
}


def _getters(names: tuple[str, ...]) -> list[Callable[[list[Holding]], list[str]]] | None:
    if not all(k in _GETTERS for k in names):
        return None
    return [_GETTERS[k] for k in names]


def _params(maps: _Maps, used: frozenset[str]) -> dict[str, str]:
    return {k: v for k, v in _values(maps).items() if k in used}


def params_of(maps: _Maps, names: tuple[str, ...]) -> list[str]:
    """The values of ``names`` for a row whose shape met the holdings of ``maps``, in that order."""
    found = _values(maps)
    return [found[k] for k in names]


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
