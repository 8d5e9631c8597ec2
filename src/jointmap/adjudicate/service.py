"""Adjudication against a store: load what the judge needs, judge, write only verdicts that changed.

Re-running after a layer correction, a new designation or an edited incident writes a new verdict for each
subject whose judgement changed; the old verdict stays in the log and in the verdicts table with
``current`` false. A reviewer's override stays current until a reviewer replaces it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import chain

from pydantic import TypeAdapter
from sqlalchemy import select

from jointmap.adjudicate.context import JudgingContext, ProximityAlert
from jointmap.adjudicate.judge import Judge, Judgement, stored_digest
from jointmap.adjudicate.standing import Standings
from jointmap.adjudicate.totals import SubjectPlace, Totals, running_totals
from jointmap.control import DEFAULT_REACH_KM, LayerHistory, LayerView, Outline, bundled_outline
from jointmap.control.read import load_control_records
from jointmap.domain import (
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
    alert_key,
)
from jointmap.errors import NotFound
from jointmap.store import PendingWrite, Store
from jointmap.store import schema as s

__all__ = [
    "AdjudicationRun",
    "adjudicate_store",
    "current_verdicts",
    "judge_for",
    "override_verdict",
    "read_incidents",
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
    records = load_control_records(store)
    histories: dict[str, LayerHistory] = {}

    def lookup(layer_id: str, day: date) -> LayerView | None:
        history = histories.get(layer_id)
        if history is None:
            history = LayerHistory(layer_id, records, known_seq, outline=scope, reach_km=reach_km)
            histories[layer_id] = history
        return history.view(day) if history.records else None

    ctx = JudgingContext(
        agreement=agreement,
        standings=Standings(agreement, actors, listings),
        layers=lookup,
        default_layer=layer or _default_layer(store.all(Layer, "layers")),
        sites=store.all(ProtectedSite, "protected_sites"),
    )
    return Judge(ctx, scope, scope.tolerance_km if scope is not None else 0.0)


def current_verdicts(store: Store, subject: str | None = None, agreement: str | None = None) -> list[Verdict]:
    query = select(s.verdicts.c.data).where(s.verdicts.c.current.is_(True))
    if subject is not None:
        query = query.where(s.verdicts.c.subject == subject)
    if agreement is not None:
        query = query.where(s.verdicts.c.agreement == agreement)
    with store.engine.connect() as conn:
        rows = conn.execute(query.order_by(s.verdicts.c.subject, s.verdicts.c.agreement)).scalars()
        return [Verdict.model_validate_json(d) for d in rows]


def verdict_history(store: Store, subject: str) -> list[tuple[int, bool, Verdict]]:
    """(log seq, current, verdict) for every verdict on ``subject``, oldest first."""
    query = select(s.verdicts.c.seq, s.verdicts.c.current, s.verdicts.c.data).where(
        s.verdicts.c.subject == subject
    )
    with store.engine.connect() as conn:
        return [
            (int(seq), bool(cur), Verdict.model_validate_json(data))
            for seq, cur, data in conn.execute(query.order_by(s.verdicts.c.seq))
        ]


def _current_digests(store: Store, agreement: str) -> dict[str, tuple[str, bool, str]]:
    """subject → (id, is a reviewer's override, digest) of each current verdict under ``agreement``.

    Read as plain JSON: validating every stored verdict into a ``Verdict`` would cost more than judging.
    """
    v = s.verdicts.c
    query = select(v.subject, v.id, v.data).where(v.current.is_(True), v.agreement == agreement)
    with store.engine.connect() as conn:
        result = {}
        for subject, verdict_id, data in conn.execute(query):
            body = json.loads(data)
            result[subject] = (verdict_id, body.get("override_reason") is not None, stored_digest(body))
        return result


def read_incidents(store: Store) -> list[Incident]:
    """Every incident, validated in one call (one JSON array) rather than one call per row."""
    with store.engine.connect() as conn:
        rows = conn.execute(select(s.incidents.c.data).order_by(s.incidents.c.id)).scalars().all()
    return _INCIDENTS.validate_json("[" + ",".join(rows) + "]")


_INCIDENTS = TypeAdapter(list[Incident])


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

    Verdicts are written as they are judged, through ``Store.write_many`` (one transaction per chunk).
    ``make_judge`` replaces the judge built from the store (a benchmark hands in an in-memory layer);
    ``keep_judgements`` False leaves ``run.judgements`` empty (a million of them take gigabytes).
    """
    agreements = store.all(Agreement, "agreements")
    if agreement is not None:
        agreements = [a for a in agreements if a.id == agreement]
        if not agreements:
            raise NotFound(f"no agreement {agreement!r}")
    incidents = read_incidents(store)
    requests = store.all(AccessRequest, "access_requests")
    when = decided_at or datetime.now(UTC)
    run = AdjudicationRun()

    def pending() -> Iterator[PendingWrite]:
        for a in agreements:
            judge = (
                make_judge(a)
                if make_judge is not None
                else judge_for(store, a, known_seq=known_seq, layer=layer, outline=outline)
            )
            current = _current_digests(store, a.id)
            alerts: list[PendingWrite] = []
            for j in chain(judge.incidents(incidents), (judge.access(r) for r in requests)):
                if j is None:
                    continue
                run.judged += 1
                if keep_judgements:
                    run.judgements.append(j)
                for alert in j.alerts:
                    run.alerts.append(alert)
                    alerts.append(_alert_write(author, a.id, alert, when))
                previous = current.get(j.subject)
                if previous is not None and previous[1]:
                    run.kept_overrides.append(j.subject)
                    continue
                digest = j.digest()
                if previous is not None and digest == previous[2]:
                    run.unchanged += 1
                    continue
                run.written += 1
                supersedes = previous[0] if previous else None
                yield PendingWrite("verdict.record", author, j.to_verdict(when, supersedes, digest=digest))
            # After the verdicts, so each chunk's verdicts stay one run for the bulk applier.
            yield from alerts

    created = store.write_many(pending(), progress=progress)
    run.alerts_written = created - run.written
    return run


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
    """Running totals per agreement, over current verdicts on subjects dated ``since`` or later."""
    places = {
        i.id: SubjectPlace(i.when.start, i.location.admin1_name) for i in store.all(Incident, "incidents")
    }
    for r in store.all(AccessRequest, "access_requests"):
        places[r.id] = SubjectPlace(r.steps[-1].date, None)
    result = {}
    for a in store.all(Agreement, "agreements"):
        if agreement is not None and a.id != agreement:
            continue
        sides = {p.actor: p.side for p in a.parties}
        verdicts = current_verdicts(store, agreement=a.id)
        result[a.id] = running_totals(verdicts, places, since, sides, a.effective_from.date())
    return result
