"""Adjudication against a store: load what the judge needs, judge, write only verdicts that changed.

Re-running after a layer correction, a new designation or an edited incident writes a new verdict for each
subject whose judgement changed; the old verdict stays in the log and in the verdicts table with
``current`` false. A reviewer's override stays current until a reviewer replaces it.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from pydantic import TypeAdapter
from sqlalchemy import ColumnElement, Connection, select

from jointmap.adjudicate.bulk import BulkJudge
from jointmap.adjudicate.context import JudgingContext, ProximityAlert
from jointmap.adjudicate.judge import Judge, Judgement
from jointmap.adjudicate.rows import incident_rows
from jointmap.adjudicate.standing import Standings
from jointmap.adjudicate.templates import Judged, literal
from jointmap.adjudicate.totals import SubjectPlace, Totals, running_totals
from jointmap.control import DEFAULT_REACH_KM, LayerHistory, LayerView, Outline, bundled_outline
from jointmap.control.read import load_control_rows
from jointmap.domain import (
    VALUE_SEPARATOR,
    AccessRequest,
    Actor,
    Agreement,
    Alert,
    Fact,
    Incident,
    Layer,
    LayerKind,
    Outcome,
    ProtectedSite,
    Verdict,
    VerdictRows,
    alert_key,
)
from jointmap.errors import NotFound, StoreError
from jointmap.store import PendingWrite, Store
from jointmap.store import schema as s
from jointmap.store.engine import IN_LIST_CHUNK
from jointmap.store.verdicts import ROWS_KIND, TEMPLATE_KIND, current_outlines, names_of, read_verdicts

__all__ = [
    "AdjudicationRun",
    "adjudicate_store",
    "current_verdicts",
    "judge_for",
    "override_verdict",
    "summary_since",
    "verdict_history",
]


@dataclass
class AdjudicationRun:
    judged: int = 0
    written: int = 0
    unchanged: int = 0
    #: subjects whose current verdict is a reviewer's override, left as it is
    kept_overrides: list[str] = field(default_factory=list)
    alerts: list[ProximityAlert] = field(default_factory=list)
    judgements: list[Judgement] = field(default_factory=list)
    #: ``alert.raise`` entries written (alerts raised before, with the same distance, are not written again)
    alerts_written: int = 0
    #: ``verdict.rows`` entries written, and how many subjects were judged in full (the rest were filled
    #: in from the template of their situation: see ``adjudicate.bulk``)
    batches: int = 0
    full_judgements: int = 0
    #: ``verdict.template`` entries written (templates not in the log before this run)
    templates: int = 0


def _default_layer(layers: Iterable[Layer]) -> str | None:
    joint = sorted(layer.id for layer in layers if layer.kind is LayerKind.JOINT)
    return joint[0] if joint else None


def judge_for(
    store: Store,
    agreement: Agreement,
    *,
    known_seq: int | None = None,
    layer: str | None = None,
    outline: Outline | None = None,
    reach_km: float = DEFAULT_REACH_KM,
) -> Judge:
    """A judge for ``agreement`` over the store's actors, layers and sites, as recorded at ``known_seq``."""
    actors = {a.id: a for a in store.all(Actor, "actors")}
    listings: list[str] = []
    for o in agreement.obligations:
        value = o.params.get("excluded_listings")
        if isinstance(value, list):
            listings.extend(value)
    scope = outline or bundled_outline(list(agreement.scope_countries))
    records = load_control_rows(store)
    histories: dict[str, LayerHistory] = {}

    def lookup(layer_id: str, day: date) -> LayerView | None:
        history = histories.get(layer_id)
        if history is None:
            history = LayerHistory(layer_id, records, known_seq, outline=scope, reach_km=reach_km)
            histories[layer_id] = history
        return history.view(day) if len(history.rows) else None

    ctx = JudgingContext(
        agreement=agreement,
        standings=Standings(agreement, actors, listings),
        layers=lookup,
        default_layer=layer or _default_layer(store.all(Layer, "layers")),
        sites=store.all(ProtectedSite, "protected_sites"),
    )
    return Judge(ctx, scope, scope.tolerance_km if scope is not None else 0.0)


def current_verdicts(store: Store, subject: str | None = None, agreement: str | None = None) -> list[Verdict]:
    v = s.verdicts.c
    where: list[ColumnElement[bool]] = [v.current.is_(True)]
    if subject is not None:
        where.append(v.subject == subject)
    if agreement is not None:
        where.append(v.agreement == agreement)
    with store.engine.connect() as conn:
        return read_verdicts(conn, *where, order_by=(v.subject, v.agreement))


def verdict_history(store: Store, subject: str) -> list[tuple[int, bool, Verdict]]:
    """(log seq, current, verdict) for every verdict on ``subject``, oldest first."""
    v = s.verdicts.c
    with store.engine.connect() as conn:
        rows = {r.id: r for r in conn.execute(select(v.id, v.current, v.seq).where(v.subject == subject))}
        verdicts = read_verdicts(conn, v.subject == subject, order_by=(v.seq, v.id))
    return [(int(rows[x.id].seq), bool(rows[x.id].current), x) for x in verdicts]


@dataclass(frozen=True)
class _Current:
    id: str
    #: a reviewer's override: left as it is
    override: bool
    #: a batch verdict's template key and joined values; None for one written whole (re-judging rewrites it
    #: once, as a batch verdict)
    template: str | None
    values: str | None


def _current(store: Store, agreement: str) -> dict[str, _Current]:
    """subject → its current verdict under ``agreement``, read from the typed columns (no rendering)."""
    v = s.verdicts.c
    query = select(v.subject, v.id, v.template, v.data).where(v.current.is_(True), v.agreement == agreement)
    result = {}
    with store.engine.connect() as conn:
        for subject, verdict_id, template, data in conn.execute(query):
            override = template is None and json.loads(data).get("override_reason") is not None
            values = data if template is not None else None
            result[subject] = _Current(verdict_id, override, template, values)
    return result


def _template_keys(store: Store) -> set[str]:
    with store.engine.connect() as conn:
        return set(conn.execute(select(s.verdict_templates.c.id)).scalars())


def _load_incidents(conn: Connection, ids: list[str]) -> dict[str, Incident]:
    found: dict[str, Incident] = {}
    for start in range(0, len(ids), IN_LIST_CHUNK):
        part = ids[start : start + IN_LIST_CHUNK]
        query = select(s.incidents.c.data).where(s.incidents.c.id.in_(part))
        rows = conn.execute(query).scalars().all()
        found.update((i.id, i) for i in _INCIDENTS.validate_json("[" + ",".join(rows) + "]"))
    return found


_INCIDENTS = TypeAdapter(list[Incident])


#: Verdicts per ``verdict.rows`` entry: large enough that the per-entry work (signing, the template check, the
#: map summary's statements) vanishes, small enough that an entry stays under a megabyte (~60 bytes each).
BATCH_SIZE = 10_000
#: Incidents located and grouped together: large enough that the per-(layer, day) queries stay few.
ROWS_PER_RUN = 200_000


def adjudicate_store(
    store: Store,
    author: str,
    *,
    agreement: str | None = None,
    layer: str | None = None,
    known_seq: int | None = None,
    outline: Outline | None = None,
    decided_at: datetime | None = None,
    progress: Callable[[int], None] | None = None,
    make_judge: Callable[[Agreement], Judge] | None = None,
    keep_judgements: bool = True,
) -> AdjudicationRun:
    """Judge every incident and access request under each agreement (or one); store the changed verdicts
    and the protected-site alerts not raised before (``alert.raise``, one per idempotency key).

    Incidents are judged by ``BulkJudge`` (one full judgement per situation) and the changed verdicts
    written ``BATCH_SIZE`` to a ``verdict.rows`` entry. ``progress`` is called with the number of subjects
    judged. ``make_judge`` replaces the judge built from the store (a benchmark hands in an in-memory layer);
    ``keep_judgements`` False leaves ``run.judgements`` empty (a million of them take gigabytes).
    """
    if store.engine.dialect.name != "sqlite":
        raise StoreError("adjudicate writes verdict batches, which need SQLite (PostgreSQL is not built yet)")
    agreements = store.all(Agreement, "agreements")
    if agreement is not None:
        agreements = [a for a in agreements if a.id == agreement]
        if not agreements:
            raise NotFound(f"no agreement {agreement!r}")
    requests = store.all(AccessRequest, "access_requests")
    when = decided_at or datetime.now(UTC)
    run = AdjudicationRun()

    def judged(judge: Judge, conn: Connection) -> Iterator[Judged]:
        bulk = BulkJudge(judge, lambda ids: _load_incidents(conn, ids))
        for rows in incident_rows(conn, chunk=ROWS_PER_RUN):
            yield bulk.columns(rows)
            if progress:
                progress(len(rows))
        access = [literal(j) for r in requests if (j := judge.access(r)) is not None]
        yield Judged(
            [f.subject for f in access],
            [f.key for f in access],
            [""] * len(access),
            {f.key: f.template for f in access},
            {n: f.judgement for n, f in enumerate(access) if f.judgement is not None},
        )
        run.full_judgements += bulk.full

    def pending() -> Iterator[PendingWrite]:
        for a in agreements:
            judge = (
                make_judge(a)
                if make_judge is not None
                else judge_for(store, a, known_seq=known_seq, layer=layer, outline=outline)
            )
            current = _current(store, a.id)
            alerts: list[PendingWrite] = []
            batch = _Batch(a.id, when)
            known = _template_keys(store)
            with store.engine.connect() as conn:
                for part in judged(judge, conn):
                    rows = [n for n, key in enumerate(part.keys) if key is not None]  # None: rejected
                    run.judged += len(rows)
                    if keep_judgements:
                        run.judgements += [
                            part.judgements.get(n) or _judgement(part, n, a.id, when) for n in rows
                        ]
                    for n, found in sorted(part.alerts.items()):
                        if part.keys[n] is not None:
                            run.alerts += found
                            alerts += [_alert_write(author, a.id, alert, when) for alert in found]
                    rows, supersedes = _changed(part, rows, current, run)
                    used = _keys_of(part, rows)
                    unfit = batch.unfit(part, rows, used)
                    if unfit:  # a value holds the separator: written whole
                        for n, replaced in zip(rows, supersedes, strict=True):
                            if n in unfit:
                                whole = part.judgements.get(n) or _judgement(part, n, a.id, when)
                                verdict = whole.to_verdict(when, replaced)
                                yield PendingWrite("verdict.record", author, verdict)
                        kept = [(n, x) for n, x in zip(rows, supersedes, strict=True) if n not in unfit]
                        rows, supersedes = [n for n, _ in kept], [x for _, x in kept]
                        used = _keys_of(part, rows)
                    run.written += len(rows) + len(unfit)
                    for key in used:
                        if key not in known:
                            # Written once, before the first entry that uses it (the key makes it idempotent).
                            known.add(key)
                            run.templates += 1
                            yield PendingWrite(
                                TEMPLATE_KIND, author, part.templates[key], f"verdict-template:{key}"
                            )
                    start = 0
                    while start < len(rows):
                        end = start + BATCH_SIZE - len(batch.subjects)
                        batch.extend(part, rows[start:end], supersedes[start:end])
                        start = end
                        if len(batch.subjects) >= BATCH_SIZE:
                            run.batches += 1
                            yield PendingWrite(ROWS_KIND, author, batch.take())
            if batch.subjects:
                run.batches += 1
                yield PendingWrite(ROWS_KIND, author, batch.take())
            yield from alerts

    with _without_cyclic_gc():
        created = store.write_many(pending(), chunk=200)
    run.alerts_written = created - run.batches - run.templates
    return run


@contextmanager
def _without_cyclic_gc() -> Iterator[None]:
    """A large run allocates millions of short-lived objects while holding many long-lived ones; the
    cyclic collector would rescan the long-lived ones again and again (half the run's time, measured).
    Reference counting still frees everything; cycles left behind are collected once, after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class _Batch:
    """The verdicts of the next ``verdict.rows`` entry, column by column."""

    agreement: str
    decided_at: datetime
    templates: dict[str, int] = field(default_factory=dict)
    subjects: list[str] = field(default_factory=list)
    template: list[int] = field(default_factory=list)
    values_: list[str] = field(default_factory=list)
    supersedes: list[str | None] = field(default_factory=list)
    #: template key → how many values its verdicts carry (-1: none can hold the separator)
    counts: dict[str, int] = field(default_factory=dict)

    def unfit(self, part: Judged, rows: list[int], used: list[str]) -> set[int]:
        """The rows whose values do not split back into one value per name of their template (a value holds
        the separator); ``used``: the template keys of ``rows``. Only a settlement name (``{hN_p}``) can
        hold one: record ids are identifiers, versions numbers."""
        keys, values = part.keys, part.values
        counts = {}
        for key in used:
            count = self.counts.get(key)
            if count is None:
                names = names_of(part.templates[key])
                count = self.counts[key] = -1 if not any(k.endswith("_p") for k in names) else len(names)
            if count >= 0:
                counts[key] = max(count - 1, 0)
        if not counts:
            return set()
        sep = VALUE_SEPARATOR
        # rows have keys (rejected incidents were left out)
        return {n for n in rows if keys[n] in counts and values[n].count(sep) != counts[keys[n]]}  # type: ignore[index]

    def extend(self, part: Judged, rows: list[int], supersedes: list[str | None]) -> None:
        """Rows ``rows`` of ``part`` (each with a template key), replacing ``supersedes``."""
        index = self.templates
        keys, subjects, values = part.keys, part.subjects, part.values
        # A template's place in the entry: given on its first row (rows have keys).
        self.template += [index.setdefault(keys[n], len(index)) for n in rows]  # type: ignore[arg-type]
        self.subjects += [subjects[n] for n in rows]
        self.values_ += [values[n] for n in rows]
        self.supersedes += supersedes

    def take(self) -> VerdictRows:
        # Validated as a whole: one call into pydantic's core for the entry's columns.
        record = VerdictRows.model_validate(
            {
                "agreement": self.agreement,
                "decided_at": self.decided_at,
                "templates": list(self.templates),
                "subjects": self.subjects,
                "template": self.template,
                "values": self.values_,
                "supersedes": self.supersedes,
            }
        )
        self.templates, self.subjects, self.template, self.values_, self.supersedes = {}, [], [], [], []
        return record


def _keys_of(part: Judged, rows: list[int]) -> list[str]:
    """The template keys ``rows`` use, once each, in order (rows of rejected incidents are left out)."""
    return [k for k in dict.fromkeys(part.keys[n] for n in rows) if k is not None]


def _changed(
    part: Judged, rows: list[int], current: dict[str, _Current], run: AdjudicationRun
) -> tuple[list[int], list[str | None]]:
    """Of ``rows``, those to write (a subject with no current verdict, or one whose judgement changed), and
    the verdict each replaces. Subjects under a reviewer's override are kept (``run.kept_overrides``);
    unchanged ones counted (``run.unchanged``)."""
    if not current:
        return rows, [None] * len(rows)
    keys, subjects, values = part.keys, part.subjects, part.values
    written: list[int] = []
    supersedes: list[str | None] = []
    for n in rows:
        previous = current.get(subjects[n])
        if previous is None:
            written.append(n)
            supersedes.append(None)
        elif previous.override:
            run.kept_overrides.append(subjects[n])
        elif previous.template == keys[n] and previous.values == values[n]:
            run.unchanged += 1
        else:
            written.append(n)
            supersedes.append(previous.id)
    return written, supersedes


def _judgement(part: Judged, n: int, agreement: str, when: datetime) -> Judgement:
    f = part.filled(n)
    assert f is not None
    verdict = f.template.render(
        id="vd.preview",
        subject=f.subject,
        agreement=agreement,
        decided_at=when,
        supersedes=None,
        params=f.params,
    )
    return Judgement.of(verdict)


def _alert_write(author: str, agreement: str, alert: ProximityAlert, when: datetime) -> PendingWrite:
    record = Alert.of(
        alert.incident, alert.site, agreement, alert.rule, alert.distance_m, alert.radius_m, when
    )
    key = alert_key(agreement, alert.rule, alert.incident, alert.site, alert.distance_m)
    return PendingWrite("alert.raise", author, record, key)


def override_verdict(
    store: Store,
    author: str,
    subject: str,
    agreement: str,
    *,
    outcome: Outcome,
    reason: str,
    responsible: tuple[str, ...] = (),
    rule: str | None = None,
    confidence: float = 1.0,
    decided_at: datetime | None = None,
) -> Verdict:
    """A reviewer's verdict replacing the current one, with a reason; the old verdict stays in the log."""
    if not reason.strip():
        raise ValueError("an override needs a reason")
    previous = current_verdicts(store, subject, agreement)
    if not previous:
        raise NotFound(f"no current verdict on {subject!r} under {agreement!r} to override")
    old = previous[0]
    facts = (
        *old.facts,
        Fact(
            statement=f"Reviewer {author} overrode verdict {old.id}: {reason}", source=f"review by {author}"
        ),
    )
    explanation = (
        f"{outcome.value.replace('_', ' ').capitalize()} (reviewer override by {author}): {reason}. "
        f"Replaces {old.id} ({old.outcome.value}). Rule: {rule or old.rule or 'none'}. "
        f"The machine's explanation was: {old.explanation}"
    )
    judgement = Judgement(
        subject,
        agreement,
        outcome,
        responsible,
        rule or old.rule,
        confidence,
        explanation,
        facts,
        (),
        old.layer,
        old.layer_version,
    )
    verdict = judgement.to_verdict(decided_at or datetime.now(UTC), old.id).model_copy(
        update={"override_reason": reason}
    )
    store.write("verdict.record", author, verdict)
    return verdict


def summary_since(store: Store, since: date, agreement: str | None = None) -> dict[str, Totals]:
    """Running totals per agreement, over current verdicts on subjects dated ``since`` or later.

    Read from columns (incident dates and governorates, verdict outcomes and rules) and each template's
    responsible actors: no incident or verdict is validated or rendered, so it stays quick at a million."""
    i = s.incidents.c
    with store.engine.connect() as conn:
        rows = conn.execute(select(i.id, i.date_start, i.admin1_name)).all()
        places = {r.id: SubjectPlace(date.fromisoformat(r.date_start), r.admin1_name) for r in rows}
        for r in store.all(AccessRequest, "access_requests"):
            places[r.id] = SubjectPlace(r.steps[-1].date, None)
        result = {}
        for a in store.all(Agreement, "agreements"):
            if agreement is not None and a.id != agreement:
                continue
            sides = {p.actor: p.side for p in a.parties}
            outlines = current_outlines(conn, a.id)
            result[a.id] = running_totals(outlines, places, since, sides, a.effective_from.date())
    return result
