"""What a rule sees besides the incident: the agreement, standings, the control map of a day, the sites."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from shapely.geometry.base import BaseGeometry

from jointmap.adjudicate.shapes import location_shape
from jointmap.adjudicate.standing import Standings
from jointmap.control import Holding, LayerView
from jointmap.domain import Agreement, Fact, Incident, Obligation, Outcome, ProtectedSite

__all__ = [
    "CREDIBILITY_WEIGHT",
    "MIN_ATTRIBUTION",
    "JudgingContext",
    "ProximityAlert",
    "RuleResult",
    "incident_source",
    "layer_ref",
    "rule_fact",
    "rule_source",
    "subject_source",
]

#: Below this combined confidence, naming a party as perpetrator is too weak for a violation.
MIN_ATTRIBUTION = 0.5
#: Admiralty information credibility (1 confirmed … 6 cannot be judged) → weight on a verdict's confidence.
CREDIBILITY_WEIGHT = {1: 1.0, 2: 0.9, 3: 0.75, 4: 0.5, 5: 0.25, 6: 0.6}

LayerLookup = Callable[[str, date], LayerView | None]


@dataclass(frozen=True)
class ProximityAlert:
    """An incident whose shape comes within the set distance of a notified protected site."""

    incident: str
    site: str
    site_name: str
    site_kind: str
    distance_m: float
    radius_m: float
    #: the obligation that raised it
    rule: str = ""


@dataclass(frozen=True)
class RuleResult:
    """One obligation's finding; ``outcome`` None means facts only (a review note, an alert)."""

    obligation: Obligation
    outcome: Outcome | None
    summary: str
    facts: tuple[Fact, ...]
    responsible: tuple[str, ...] = ()
    confidence: float = 1.0
    #: "joint v123": the layer version the finding rests on, when it used one
    layer: str | None = None
    needs_review: bool = False
    alerts: tuple[ProximityAlert, ...] = ()
    #: the same layer typed: (layer id, version; None when no records were in force)
    layer_ref: tuple[str, int | None] | None = None


@dataclass
class JudgingContext:
    agreement: Agreement
    standings: Standings
    layers: LayerLookup
    #: the layer a rule uses unless its params name one (the joint layer, normally)
    default_layer: str | None
    sites: Sequence[ProtectedSite] = field(default_factory=tuple)

    #: Filled by ``BulkJudge`` for the incident it judges, emptied after: the location shape per incident
    #: id, and the holdings each shape meets per (layer, day, incident id), found by one query per view.
    shapes: dict[str, tuple[BaseGeometry | None, str]] = field(default_factory=dict)
    located: dict[tuple[str, date, str], list[Holding]] = field(default_factory=dict)

    def layer_for(self, obligation: Obligation, day: date) -> LayerView | None:
        layer = self.layer_name(obligation)
        return None if layer is None else self.layers(layer, day)

    def layer_name(self, obligation: Obligation) -> str | None:
        named = obligation.params.get("layer")
        return named if isinstance(named, str) else self.default_layer

    def shape(self, incident: Incident) -> tuple[BaseGeometry | None, str]:
        """``location_shape`` of the incident, computed once per batch."""
        known = self.shapes.get(incident.id)
        return known if known is not None else location_shape(incident.location)

    def holdings_at(self, view: LayerView, incident: Incident, shape: BaseGeometry) -> list[Holding]:
        """The view's holdings the incident's shape meets (from the batch's bulk query when it ran)."""
        found = self.located.get((view.layer, view.valid_on, incident.id))
        return found if found is not None else view.holdings_at(shape)


def layer_ref(view: LayerView) -> tuple[str, int | None]:
    """(layer id, version) of a view; version None when it has no records in force."""
    return (view.layer, view.version if view.holdings else None)


def incident_source(incident: Incident, field_name: str) -> str:
    return subject_source(incident.id, field_name)


def subject_source(subject: str, field_name: str) -> str:
    """How a fact cites a field of the incident it is about."""
    return f"incident {subject} · {field_name}"


def rule_source(agreement: Agreement, obligation: Obligation) -> str:
    return f"agreement {agreement.id} · rule {obligation.id} ({obligation.predicate})"


def rule_fact(agreement: Agreement, obligation: Obligation) -> Fact:
    text = " ".join(obligation.text.split())
    return Fact(statement=f"Rule {obligation.id}: {text}", source=rule_source(agreement, obligation))
