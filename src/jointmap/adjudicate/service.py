"""Adjudication against a store: load what the judge needs, judge, write only verdicts that changed.

Re-running after a layer correction, a new designation or an edited incident writes a new verdict for each
subject whose judgement changed; the old verdict stays in the log and in the verdicts table with
``current`` false. A reviewer's override stays current until a reviewer replaces it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import select

from jointmap.adjudicate.context import JudgingContext, ProximityAlert
from jointmap.adjudicate.judge import Judge, Judgement
from jointmap.adjudicate.standing import Standings
from jointmap.adjudicate.totals import SubjectPlace, Totals, running_totals
from jointmap.control import DEFAULT_REACH_KM, LayerHistory, LayerView, Outline, bundled_outline
from jointmap.control.read import load_control_records
from jointmap.domain import (
    AccessRequest,
    Actor,
    Agreement,
    Fact,
    Incident,
    Layer,
    LayerKind,
    Outcome,
    ProtectedSite,
    Verdict,
)
from jointmap.errors import NotFound
from jointmap.store import Store
from jointmap.store import schema as s

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
) -> AdjudicationRun:
    """Judge every incident and access request under each agreement (or one); store the changed verdicts.

    ``make_judge`` replaces the judge built from the store (a benchmark hands in an in-memory layer).
    """
    agreements = store.all(Agreement, "agreements")
    if agreement is not None:
        agreements = [a for a in agreements if a.id == agreement]
        if not agreements:
            raise NotFound(f"no agreement {agreement!r}")
    incidents = store.all(Incident, "incidents")
    requests = store.all(AccessRequest, "access_requests")
    when = decided_at or datetime.now(UTC)
    run = AdjudicationRun()
    writes: list[tuple[str, str, Verdict]] = []
    for a in agreements:
        judge = (
            make_judge(a)
            if make_judge is not None
            else judge_for(store, a, known_seq=known_seq, layer=layer, outline=outline)
        )
        current = {v.subject: v for v in current_verdicts(store, agreement=a.id)}
        judgements = [judge.incident(i) for i in incidents] + [judge.access(r) for r in requests]
        for j in judgements:
            if j is None:
                continue
            run.judged += 1
            run.judgements.append(j)
            run.alerts.extend(j.alerts)
            previous = current.get(j.subject)
            if previous is not None and previous.override_reason is not None:
                run.kept_overrides.append(j.subject)
            elif previous is not None and j.same_as(previous):
                run.unchanged += 1
            else:
                writes.append(
                    ("verdict.record", author, j.to_verdict(when, previous.id if previous else None))
                )
    run.written = store.write_many(writes, progress=progress) if writes else 0
    return run


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
        subject, agreement, outcome, responsible, rule or old.rule, confidence, explanation, facts
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
