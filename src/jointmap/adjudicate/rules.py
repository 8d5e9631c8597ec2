"""The predicates: a small set of checks in code, keyed by the obligation's ``predicate`` name.

An agreement's obligations are data (``predicate`` + ``params``); a new agreement reuses these checks with its
own parameters. Each incident predicate returns a ``RuleResult`` or None when the obligation does not apply
to the incident (another event type). Access requests are judged in ``adjudicate.access``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from shapely.geometry import Point

from jointmap.adjudicate.context import (
    CREDIBILITY_WEIGHT,
    MIN_ATTRIBUTION,
    JudgingContext,
    ProximityAlert,
    RuleResult,
    incident_source,
    layer_ref,
    rule_fact,
)
from jointmap.adjudicate.standing import Standing, StandingKind
from jointmap.control import Holding, circle, distance_m
from jointmap.domain import EventType, Fact, Incident, LinkRole, Obligation, Outcome

__all__ = [
    "ATTACK_EVENT_TYPES",
    "INCIDENT_PREDICATES",
    "MAP_DAYS",
    "IncidentPredicate",
    "holding_where",
    "judge_attack",
    "site_radius_m",
]

IncidentPredicate = Callable[[Incident, Obligation, JudgingContext], RuleResult | None]

#: Event types a rule about attacks applies to when its params do not list them.
ATTACK_EVENT_TYPES = (
    EventType.BATTLES.value,
    EventType.EXPLOSIONS_REMOTE_VIOLENCE.value,
    EventType.VIOLENCE_AGAINST_CIVILIANS.value,
)


def _listed(obligation: Obligation, key: str, default: Sequence[str] = ()) -> tuple[str, ...]:
    value = obligation.params.get(key)
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return tuple(default)


@dataclass(frozen=True)
class _Finding:
    outcome: Outcome
    summary: str
    responsible: tuple[str, ...] = ()
    attribution: float = 1.0


def _perpetrators(incident: Incident, ctx: JudgingContext, day: date, facts: list[Fact]) -> list[Standing]:
    source = incident_source(incident, "perpetrators")
    if not incident.perpetrators:
        facts.append(Fact(statement="No perpetrator is named: who acted is unknown.", source=source))
    standings = []
    for p in incident.perpetrators:
        st = ctx.standings.of(p.actor, day)
        standings.append(st)
        facts.append(
            Fact(
                statement=f"Perpetrator {st.describe()}; attribution confidence {p.confidence:g}.",
                source=source,
            )
        )
    return standings


def _by_perpetrator(
    incident: Incident, perps: list[Standing]
) -> _Finding | tuple[str, tuple[str, ...], float]:
    """A terminal finding about who acted, or (side, responsible party actors, combined confidence)."""
    if not perps:
        return _Finding(Outcome.INDETERMINATE, "the perpetrator is unknown")
    parties = [p for p in perps if p.kind is StandingKind.PARTY]
    if not parties:
        names = ", ".join(p.describe() for p in perps)
        return _Finding(Outcome.NOT_COVERED, f"the perpetrator is not bound by the agreement ({names})")
    sides = sorted({p.side or "" for p in parties})
    if len(sides) > 1:
        return _Finding(Outcome.INDETERMINATE, f"the attribution spans both sides ({', '.join(sides)})")
    confidence = {p.actor: p.confidence for p in incident.perpetrators}
    # Hedged alternatives on one side ("Russian or Syrian aircraft") add up to that side's attribution.
    combined = min(1.0, sum(confidence[p.actor] for p in parties))
    responsible = tuple(p.actor for p in parties)
    if combined < MIN_ATTRIBUTION:
        return _Finding(
            Outcome.INDETERMINATE,
            f"the attribution to the {sides[0]} side ({', '.join(responsible)}) is only {combined:g}, "
            f"below {MIN_ATTRIBUTION:g}",
        )
    return sides[0], responsible, combined


def _against(targets: list[Standing], perps: list[Standing], incident: Incident, origin: str) -> _Finding:
    """The finding for one possible set of targets (``origin`` says where the set came from)."""
    parties = [t for t in targets if t.kind is StandingKind.PARTY]
    excluded = [t for t in targets if t.kind is StandingKind.EXCLUDED]
    if excluded and not parties:
        names = ", ".join(t.describe() for t in excluded)
        return _Finding(Outcome.NOT_COVERED, f"the target is excluded ({names})")
    who = _by_perpetrator(incident, perps)
    # A perpetrator outside the agreement cannot breach it, whoever the target was.
    if isinstance(who, _Finding) and who.outcome is Outcome.NOT_COVERED:
        return who
    if parties and excluded:
        both = ", ".join(t.describe() for t in parties + excluded)
        return _Finding(
            Outcome.INDETERMINATE, f"entangled: {origin} both a party and an excluded group ({both})"
        )
    if not parties:
        names = ", ".join(t.describe() for t in targets) or "nobody"
        return _Finding(Outcome.NOT_COVERED, f"the target is not a party ({names})")
    if isinstance(who, _Finding):
        return who
    side, responsible, attribution = who
    victims = [t for t in parties if t.side != side]
    if not victims:
        outsiders = [t for t in targets if t.kind is StandingKind.OTHER]
        if outsiders:
            names = ", ".join(t.describe() for t in outsiders)
            return _Finding(Outcome.NOT_COVERED, f"the target is not a party ({names})")
        names = ", ".join(t.describe() for t in parties)
        return _Finding(
            Outcome.NO_VIOLATION, f"the target is on the perpetrator's own side ({names})", responsible
        )
    names = ", ".join(t.describe() for t in victims)
    return _Finding(
        Outcome.VIOLATION,
        f"an attack by the {side} side ({', '.join(responsible)}) on {names}",
        responsible,
        attribution,
    )


def _weight(incident: Incident, facts: list[Fact]) -> float:
    weight = CREDIBILITY_WEIGHT[int(incident.credibility)]
    facts.append(
        Fact(
            statement=f"Credibility {int(incident.credibility)} ({incident.credibility.name.lower()}).",
            source=incident_source(incident, "credibility"),
        )
    )
    contradicting = [r.report for r in incident.reports if r.role is LinkRole.CONTRADICTS]
    if contradicting:
        weight *= 0.8
        facts.append(
            Fact(
                statement=f"Contradicted by {', '.join(contradicting)}.",
                source=incident_source(incident, "reports"),
            )
        )
    return weight


def holding_where(h: Holding) -> str:
    """How a verdict's facts name the area of a holding."""
    return f"around {h.place}" if h.place else f"in polygon {h.record_id}"


def _holding_fact(h: Holding, label: str, day: date) -> Fact:
    where = holding_where(h)
    return Fact(
        statement=f"On {day} the area {where} was held by {', '.join(h.actors)} "
        f"(confidence {h.confidence:g}).",
        source=f"{h.cite()} · layer {label}",
    )


def judge_attack(
    incident: Incident, obligation: Obligation, ctx: JudgingContext, map_day: date
) -> RuleResult:
    """Who attacked whom, from the named targets and, where they do not settle it, the map of ``map_day``."""
    agreement = ctx.agreement
    day = incident.when.start
    facts = [rule_fact(agreement, obligation)]
    perps = _perpetrators(incident, ctx, day, facts)
    weight = _weight(incident, facts)
    named = [ctx.standings.of(t.actor, day) for t in incident.targets]
    armed = [t for t in named if t.kind is not StandingKind.CIVILIANS]
    if named:
        facts.append(
            Fact(
                statement="Targets named by the evidence: " + "; ".join(t.describe() for t in named) + ".",
                source=incident_source(incident, "targets"),
            )
        )
    # The evidence settles the target when it names armed actors and no civilians; else the map decides.
    use_map = not armed or len(armed) < len(named)
    candidates: list[tuple[list[Standing], str]] = [(armed, "the evidence names")] if armed else []
    layer_label: str | None = None
    ref: tuple[str, int | None] | None = None
    holding_confidence = 1.0
    shape, how = ctx.shape(incident)
    view = ctx.layer_for(obligation, map_day)
    groups: dict[tuple[str, ...], list[Holding]] = {}
    if shape is not None and view is not None:
        # The map is cited even when the evidence settles the target: the reader sees what it said.
        layer_label = view.label
        ref = layer_ref(view)
        use = "decides the target" if use_map else "context only: the evidence names the target"
        facts.append(
            Fact(
                statement=f"Location tested as {how}; layer {view.label} valid on {map_day} ({use}): "
                f"{view.method}.",
                source=f"{incident_source(incident, 'location')} · layer {view.label}",
            )
        )
        for h in ctx.holdings_at(view, incident, shape):
            groups.setdefault(tuple(sorted(h.actors)), []).append(h)
            facts.append(_holding_fact(h, view.label, map_day))
    else:
        why = how if shape is None else "no control layer is available"
        facts.append(Fact(statement=f"Map not used: {why}.", source=incident_source(incident, "location")))
    if use_map and groups:
        holding_confidence = min(h.confidence for hs in groups.values() for h in hs)
        origin = "the map records" if not armed else "the evidence and the map together name"
        armed_ids = {t.actor for t in armed}
        candidates = [
            (armed + [ctx.standings.of(a, day) for a in holders if a not in armed_ids], origin)
            for holders in sorted(groups)
        ]
    if not candidates:
        finding = _Finding(Outcome.INDETERMINATE, "nothing says who held the place or who was targeted")
    else:
        findings = [_against(targets, perps, incident, origin) for targets, origin in candidates]
        finding = findings[0]
        if len(findings) > 1:
            held = "; ".join(", ".join(holders) for holders in sorted(groups))
            options = "; ".join(
                f"held by {', '.join(holders)}: {f.outcome.value} ({f.summary})"
                for holders, f in zip(sorted(groups), findings, strict=True)
            )
            same = len({(f.outcome, f.responsible) for f in findings}) == 1
            finding = _Finding(
                finding.outcome if same else Outcome.INDETERMINATE,
                f"the location ({how}) straddles areas held by different actors ({held}); "
                + ("the finding is the same in each: " if same else "the verdict differs between them: ")
                + options,
                finding.responsible if same else (),
                min(f.attribution for f in findings),
            )
    confidence = (
        weight * holding_confidence * (finding.attribution if finding.outcome is Outcome.VIOLATION else 1)
    )
    return RuleResult(
        obligation,
        finding.outcome,
        finding.summary,
        tuple(facts),
        finding.responsible,
        round(confidence, 3),
        layer_label,
        layer_ref=ref,
    )


def no_attack_on_party(incident: Incident, obligation: Obligation, ctx: JudgingContext) -> RuleResult | None:
    if incident.event_type.value not in _listed(obligation, "event_types", ATTACK_EVENT_TYPES):
        return None
    return judge_attack(incident, obligation, ctx, incident.when.start)


def _attack_map_day(event_type: str, sub_event_type: str, start: date, obligation: Obligation) -> date | None:
    listed = _listed(obligation, "event_types", ATTACK_EVENT_TYPES)
    return start if event_type in listed else None


def _gain_map_day(event_type: str, sub_event_type: str, start: date, obligation: Obligation) -> date | None:
    listed = _listed(obligation, "sub_event_types")
    return start - timedelta(days=1) if sub_event_type in listed else None


def no_territorial_gain(incident: Incident, obligation: Obligation, ctx: JudgingContext) -> RuleResult | None:
    if incident.sub_event_type.value not in _listed(obligation, "sub_event_types"):
        return None
    # Who held the ground is read from the day before it changed hands.
    return judge_attack(incident, obligation, ctx, incident.when.start - timedelta(days=1))


def proportionate_self_defence(
    incident: Incident, obligation: Obligation, ctx: JudgingContext
) -> RuleResult | None:
    """Flags clashes between parties of different sides: whether force was self-defence is for a reviewer."""
    if incident.event_type is not EventType.BATTLES:
        return None
    day = incident.when.start
    perps = [ctx.standings.of(p.actor, day) for p in incident.perpetrators]
    targets = [ctx.standings.of(t.actor, day) for t in incident.targets]
    sides = {s.side for s in perps + targets if s.kind is StandingKind.PARTY}
    if len(sides) < 2:
        return None
    fact = Fact(
        statement=f"A clash between parties of both sides ({', '.join(sorted(s or '' for s in sides))}): "
        f"whether force was proportionate self-defence needs a human reviewer.",
        source=incident_source(incident, "perpetrators/targets"),
    )
    return RuleResult(
        obligation,
        None,
        "needs review for self-defence",
        (rule_fact(ctx.agreement, obligation), fact),
        needs_review=True,
    )


def site_radius_m(obligation: Obligation) -> float:
    """The distance from a notified site within which an incident raises an alert (default 300 m)."""
    value = obligation.params.get("radius_m", 300)
    return float(value) if isinstance(value, int | float) else 300.0


def no_attack_on_protected_site(
    incident: Incident, obligation: Obligation, ctx: JudgingContext
) -> RuleResult | None:
    """Alerts for any site the incident's shape comes near; a finding only when the shape lies in reach."""
    if incident.event_type.value not in _listed(obligation, "event_types", ATTACK_EVENT_TYPES):
        return None
    shape, how = ctx.shape(incident)
    if shape is None:
        return None
    radius = site_radius_m(obligation)
    kinds = _listed(obligation, "site_kinds")
    alerts, hit, facts = [], [], [rule_fact(ctx.agreement, obligation)]
    for site in ctx.sites:
        if site.notified_on > incident.when.end or (kinds and site.kind.value not in kinds):
            continue
        gap = distance_m(shape, Point(site.lon, site.lat))
        if gap > radius:
            continue
        alerts.append(
            ProximityAlert(
                incident.id, site.id, site.name, site.kind.value, round(gap, 1), radius, obligation.id
            )
        )
        hit.append(bool(shape.within(circle(site.lon, site.lat, radius / 1000.0))))
        facts.append(
            Fact(
                statement=f"The location ({how}) comes within {gap:.0f} m of {site.kind.value} {site.name}, "
                f"notified by {site.notified_by} on {site.notified_on} (radius {radius:g} m).",
                source=f"protected site {site.id} · {incident_source(incident, 'location')}",
            )
        )
    if not alerts:
        return None
    if not any(hit):
        return RuleResult(
            obligation,
            None,
            "near a protected site; the location is too coarse to say it was hit",
            tuple(facts),
            alerts=tuple(alerts),
        )
    day = incident.when.start
    perps = _perpetrators(incident, ctx, day, facts)
    weight = _weight(incident, facts)
    who = _by_perpetrator(incident, perps)
    if isinstance(who, _Finding):
        return RuleResult(obligation, who.outcome, who.summary, tuple(facts), alerts=tuple(alerts))
    side, responsible, attribution = who
    return RuleResult(
        obligation,
        Outcome.VIOLATION,
        f"an attack by the {side} side ({', '.join(responsible)}) at a notified protected site; "
        f"proximity is not proof the site itself was hit, so a reviewer should confirm",
        tuple(facts),
        responsible,
        round(weight * attribution, 3),
        needs_review=True,
        alerts=tuple(alerts),
    )


#: predicate name (as written in agreements) → check. allow_humanitarian_access judges access requests.
INCIDENT_PREDICATES: dict[str, IncidentPredicate] = {
    "no_attack_on_party": no_attack_on_party,
    "no_territorial_gain": no_territorial_gain,
    "proportionate_self_defence": proportionate_self_defence,
    "no_attack_on_protected_site": no_attack_on_protected_site,
}

#: predicate name → the day whose control map it reads for an incident (None: it reads none). A batch of
#: incidents is located with one bulk query per layer view from these before the predicates run.
#: The day depends only on the incident's event type, sub-event type and start date.
MAP_DAYS: dict[str, Callable[[str, str, date, Obligation], date | None]] = {
    "no_attack_on_party": _attack_map_day,
    "no_territorial_gain": _gain_map_day,
}
