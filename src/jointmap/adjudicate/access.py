"""Humanitarian access: a denial or blockage by a party breaches the access obligation."""

from __future__ import annotations

from shapely.geometry import Point

from jointmap.adjudicate.context import JudgingContext, RuleResult, layer_ref, rule_fact
from jointmap.adjudicate.standing import Standing, StandingKind
from jointmap.domain import AccessRequest, AccessStep, Fact, Obligation, Outcome

__all__ = ["allow_humanitarian_access"]


def allow_humanitarian_access(
    request: AccessRequest, obligation: Obligation, ctx: JudgingContext
) -> RuleResult:
    """Judge every denial or blockage of ``request`` made while the agreement was in force."""
    agreement = ctx.agreement
    raw = obligation.params.get("breach_statuses", ["denied", "blocked"])
    breach_statuses = {str(v) for v in raw} if isinstance(raw, list) else {"denied", "blocked"}
    source = f"access request {request.id} · steps"
    facts = [rule_fact(agreement, obligation)]
    facts.append(
        Fact(
            statement=f"Convoy {request.convoy} to {request.destination}, "
            f"requested by {request.requested_by} for {request.requested_from} – {request.requested_to}.",
            source=f"access request {request.id}",
        )
    )
    start = agreement.effective_from.date()
    end = agreement.effective_to.date() if agreement.effective_to else None
    parties: list[Standing] = []
    others: list[Standing] = []
    unknown: list[AccessStep] = []
    layer_label: str | None = None
    ref: tuple[str, int | None] | None = None
    for step in request.steps:
        decided = f" by {ctx.standings.of(step.decided_by, step.date).describe()}" if step.decided_by else ""
        reason = f" ({step.reason})" if step.reason else ""
        facts.append(Fact(statement=f"{step.date}: {step.status.value}{decided}{reason}.", source=source))
        if step.status.value not in breach_statuses:
            continue
        if step.date < start or (end is not None and step.date > end):
            facts.append(
                Fact(
                    statement=f"The {step.status.value} on {step.date} is outside the agreement's "
                    f"effective period.",
                    source=f"agreement {agreement.id} · effective",
                )
            )
            continue
        view = ctx.layers(ctx.default_layer, step.date) if ctx.default_layer else None
        if view is not None:
            layer_label = view.label
            ref = layer_ref(view)
            held = view.holdings_at(Point(request.lon, request.lat))
            holders = "; ".join(f"{', '.join(h.actors)} ({h.cite()})" for h in held) or "no holder mapped"
            facts.append(
                Fact(
                    statement=f"On {step.date} the destination was held by {holders}.",
                    source=f"layer {view.label} · access request {request.id} · lat/lon",
                )
            )
        if step.decided_by is None:
            unknown.append(step)
            continue
        standing = ctx.standings.of(step.decided_by, step.date)
        (parties if standing.kind is StandingKind.PARTY else others).append(standing)
    if parties:
        responsible = tuple(dict.fromkeys(p.actor for p in parties))
        names = ", ".join(p.describe() for p in parties)
        return RuleResult(
            obligation,
            Outcome.VIOLATION,
            f"aid was denied or blocked by a party ({names})",
            tuple(facts),
            responsible,
            1.0,
            layer_label,
            layer_ref=ref,
        )
    if unknown:
        return RuleResult(
            obligation,
            Outcome.INDETERMINATE,
            "aid was denied or blocked, but the record does not say which party decided",
            tuple(facts),
            (),
            1.0,
            layer_label,
            layer_ref=ref,
        )
    if others:
        names = ", ".join(o.describe() for o in others)
        return RuleResult(
            obligation,
            Outcome.NOT_COVERED,
            f"aid was blocked by an actor not bound ({names})",
            tuple(facts),
            (),
            1.0,
            layer_label,
            layer_ref=ref,
        )
    return RuleResult(
        obligation,
        Outcome.NO_VIOLATION,
        f"no denial or blockage while the agreement was in force (status: {request.status.value})",
        tuple(facts),
        (),
        1.0,
        layer_label,
        layer_ref=ref,
    )
