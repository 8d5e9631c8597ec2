"""Judging one incident or access request under one agreement: gates, rules, and one explained verdict.

The agreement's own terms come first (effective period, geographic scope); then every obligation whose
predicate applies. The most serious finding decides the verdict (violation > indeterminate > no violation >
not covered); the facts of every rule that applied stay in the verdict.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from jointmap.adjudicate.access import allow_humanitarian_access
from jointmap.adjudicate.context import (
    JudgingContext,
    ProximityAlert,
    RuleResult,
    incident_source,
    layer_ref,
)
from jointmap.adjudicate.rules import INCIDENT_PREDICATES
from jointmap.control import Outline
from jointmap.control.geometry import km_to_degrees_lat
from jointmap.domain import AccessRequest, Fact, Incident, IncidentStatus, Outcome, Verdict

__all__ = ["SEVERITY", "Judge", "Judgement", "judgement_digest"]

SEVERITY = {Outcome.VIOLATION: 3, Outcome.INDETERMINATE: 2, Outcome.NO_VIOLATION: 1, Outcome.NOT_COVERED: 0}
_PHRASE = {
    Outcome.VIOLATION: "Violation",
    Outcome.INDETERMINATE: "Indeterminate",
    Outcome.NO_VIOLATION: "No violation",
    Outcome.NOT_COVERED: "Not covered",
}


def judgement_digest(
    outcome: str,
    responsible: Sequence[str],
    rule: str | None,
    confidence: float,
    explanation: str,
    facts: Iterable[tuple[str, str]],
    layer: str | None,
    layer_version: int | None,
    needs_review: bool,
) -> str:
    """A hash of what was decided and why; equal digests mean re-adjudication changed nothing.

    Fields are joined with ASCII record/unit separators (which no field carries) rather than serialised as
    JSON: this runs once per judgement and once per stored verdict, a million times in a large run.
    """
    parts = [
        outcome,
        "\x1f".join(responsible),
        rule or "",
        repr(float(confidence)),
        explanation,
        *(f"{statement}\x1f{source}" for statement, source in facts),
        layer or "",
        "" if layer_version is None else str(layer_version),
        "review" if needs_review else "",
    ]
    return hashlib.sha256("\x1e".join(parts).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Judgement:
    """A verdict before it is stored: everything but its id, time and what it supersedes."""

    subject: str
    agreement: str
    outcome: Outcome
    responsible: tuple[str, ...]
    rule: str | None
    confidence: float
    explanation: str
    facts: tuple[Fact, ...]
    alerts: tuple[ProximityAlert, ...] = ()
    #: the layer and version cited (Verdict.layer / layer_version), and whether a rule asked for review
    layer: str | None = None
    layer_version: int | None = None
    needs_review: bool = False

    def digest(self) -> str:
        """A hash of what was decided and why; equal digests mean re-adjudication changed nothing."""
        return judgement_digest(
            self.outcome.value,
            self.responsible,
            self.rule,
            self.confidence,
            self.explanation,
            ((f.statement, f.source) for f in self.facts),
            self.layer,
            self.layer_version,
            self.needs_review,
        )

    @staticmethod
    def of(verdict: Verdict) -> Judgement:
        return Judgement(
            verdict.subject,
            verdict.agreement,
            verdict.outcome,
            verdict.responsible,
            verdict.rule,
            verdict.confidence,
            verdict.explanation,
            verdict.facts,
            (),
            verdict.layer,
            verdict.layer_version,
            verdict.needs_review,
        )

    def to_verdict(
        self, decided_at: datetime, supersedes: str | None = None, *, digest: str | None = None
    ) -> Verdict:
        # The id hashes the content and the verdict it replaces, so A → B → A still gives three rows.
        tag = hashlib.sha256(f"{digest or self.digest()}|{supersedes}".encode()).hexdigest()[:12]
        return Verdict(
            id=f"vd.{self.agreement}.{self.subject}.{tag}",
            subject=self.subject,
            agreement=self.agreement,
            outcome=self.outcome,
            responsible=self.responsible,
            rule=self.rule,
            confidence=self.confidence,
            explanation=self.explanation,
            facts=self.facts,
            decided_at=decided_at,
            supersedes=supersedes,
            layer=self.layer,
            layer_version=self.layer_version,
            needs_review=self.needs_review,
        )


class Judge:
    """Judges incidents and access requests under ``ctx.agreement``; pure (no I/O)."""

    def __init__(self, ctx: JudgingContext, scope: Outline | None = None, scope_tolerance_km: float = 0.0):
        self.ctx = ctx
        self.scope = scope
        self.scope_tolerance_km = scope_tolerance_km

    def _layer_note(self, day: date) -> tuple[str, tuple[str, int | None] | None]:
        """The layer version in force on ``day``, named even when no rule needed it, and its (id, version)."""
        layer = self.ctx.default_layer
        view = self.ctx.layers(layer, day) if layer is not None else None
        if view is None:
            return "Layer: none recorded", None
        if not view.holdings:
            return f"Layer: {view.label}; not needed for this finding", layer_ref(view)
        return f"Layer: {view.label} in force on {day}, not needed for this finding", layer_ref(view)

    def _verdict(self, subject: str, day: date, results: list[RuleResult], preamble: list[Fact]) -> Judgement:
        agreement = self.ctx.agreement
        decided = [r for r in results if r.outcome is not None]
        facts = tuple(preamble) + tuple(f for r in results for f in r.facts)
        alerts = tuple(a for r in results for a in r.alerts)
        review = [r.obligation.id for r in results if r.needs_review]
        if not decided:
            names = ", ".join(r.obligation.id for r in results) or "none"
            note, ref = self._layer_note(day)
            lay, ver = ref or (None, None)
            text = (
                f"Not covered under {agreement.name} ({agreement.id}): no obligation of the agreement "
                f"applies to this event. Rule: none applied (rules considered: {names}). {note}."
            )
            if review:
                text += f" Needs human review ({', '.join(review)})."
            return Judgement(
                subject,
                agreement.id,
                Outcome.NOT_COVERED,
                (),
                None,
                1.0,
                text,
                facts,
                alerts,
                lay,
                ver,
                bool(review),
            )
        primary = max(decided, key=lambda r: SEVERITY[r.outcome])  # type: ignore[index]
        assert primary.outcome is not None
        if primary.layer:
            layer, ref = f"Layer: {primary.layer}", primary.layer_ref
        else:
            layer, ref = self._layer_note(day)
        lay, ver = ref or (None, None)
        text = (
            f"{_PHRASE[primary.outcome]} under {agreement.name} ({agreement.id}): {primary.summary}. "
            f"Rule: {primary.obligation.id} ({primary.obligation.predicate}). {layer}."
        )
        others = [r for r in decided if r is not primary]
        if others:
            text += (
                " Other rules: "
                + "; ".join(
                    f"{r.obligation.id}: {r.outcome.value if r.outcome else ''} ({r.summary})" for r in others
                )
                + "."
            )
        if review:
            text += f" Needs human review ({', '.join(review)})."
        return Judgement(
            subject,
            agreement.id,
            primary.outcome,
            primary.responsible,
            primary.obligation.id,
            primary.confidence,
            text,
            facts,
            alerts,
            lay,
            ver,
            bool(review),
        )

    def _term(self, subject: str, day: date, outcome: Outcome, why: str, facts: list[Fact]) -> Judgement:
        agreement = self.ctx.agreement
        note, ref = self._layer_note(day)
        lay, ver = ref or (None, None)
        text = (
            f"{_PHRASE[outcome]} under {agreement.name} ({agreement.id}): {why}. "
            f"Rule: the agreement's own terms (no obligation reached). {note}."
        )
        return Judgement(subject, agreement.id, outcome, (), None, 1.0, text, tuple(facts), (), lay, ver)

    def incident(self, incident: Incident) -> Judgement | None:
        """The verdict on ``incident``; None for an incident a reviewer rejected."""
        if incident.status is IncidentStatus.REJECTED:
            return None
        agreement = self.ctx.agreement
        start, end = agreement.effective_from.date(), agreement.effective_to
        when = incident.when
        facts = [
            Fact(
                statement=f"The incident happened {when.start}"
                + (f" – {when.end}" if when.end != when.start else "")
                + f" (date precision {int(when.precision)}).",
                source=incident_source(incident, "when"),
            ),
            Fact(
                statement=f"{agreement.name} took effect {agreement.effective_from.isoformat()}"
                + (f" and ended {end.isoformat()}" if end else "")
                + ".",
                source=f"agreement {agreement.id} · effective_from/effective_to",
            ),
        ]
        if when.end < start:
            return self._term(
                incident.id,
                when.start,
                Outcome.NOT_COVERED,
                f"it happened before the agreement took effect on {start}",
                facts,
            )
        if end is not None and when.start > end.date():
            return self._term(
                incident.id,
                when.start,
                Outcome.NOT_COVERED,
                f"it happened after the agreement ended on {end.date()}",
                facts,
            )
        if when.start < start or (end is not None and when.end > end.date()):
            return self._term(
                incident.id,
                when.start,
                Outcome.INDETERMINATE,
                "its dates straddle the start or end of the agreement",
                facts,
            )
        if self.scope is not None:
            shape, how = self.ctx.shape(incident)
            if shape is not None:
                reach = self.scope.geometry.buffer(km_to_degrees_lat(self.scope_tolerance_km))
                if not shape.intersects(reach):
                    facts.append(
                        Fact(
                            statement=f"The location ({how}) lies outside the agreement's scope "
                            f"({self.scope.description}).",
                            source=f"{incident_source(incident, 'location')} · agreement "
                            f"{agreement.id} · scope",
                        )
                    )
                    return self._term(
                        incident.id,
                        when.start,
                        Outcome.NOT_COVERED,
                        "it happened outside the agreement's geographic scope",
                        facts,
                    )
        results = []
        for obligation in agreement.obligations:
            predicate = INCIDENT_PREDICATES.get(obligation.predicate)
            result = predicate(incident, obligation, self.ctx) if predicate is not None else None
            if result is not None:
                results.append(result)
        return self._verdict(incident.id, when.start, results, facts)

    def access(self, request: AccessRequest) -> Judgement | None:
        """The verdict on an access request; None when the agreement has no access obligation."""
        results = [
            allow_humanitarian_access(request, o, self.ctx)
            for o in self.ctx.agreement.obligations
            if o.predicate == "allow_humanitarian_access"
        ]
        return self._verdict(request.id, request.steps[-1].date, results, []) if results else None
