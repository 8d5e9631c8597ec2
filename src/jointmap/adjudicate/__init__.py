"""The rules engine: incident × agreement × control layer → a verdict that explains every fact it used.

``judge`` and ``rules`` are pure (domain objects in, judgements out); ``service`` reads and writes the store.
"""

from jointmap.adjudicate.context import (
    MIN_ATTRIBUTION,
    JudgingContext,
    ProximityAlert,
    RuleResult,
)
from jointmap.adjudicate.judge import SEVERITY, Judge, Judgement
from jointmap.adjudicate.rules import ATTACK_EVENT_TYPES, INCIDENT_PREDICATES
from jointmap.adjudicate.service import (
    AdjudicationRun,
    adjudicate_store,
    current_verdicts,
    judge_for,
    override_verdict,
    summary_since,
    verdict_history,
)
from jointmap.adjudicate.shapes import PRECISION_RADIUS_KM, location_shape
from jointmap.adjudicate.standing import Standing, StandingKind, Standings
from jointmap.adjudicate.totals import SubjectPlace, Totals, running_totals

__all__ = [
    "ATTACK_EVENT_TYPES",
    "INCIDENT_PREDICATES",
    "MIN_ATTRIBUTION",
    "PRECISION_RADIUS_KM",
    "SEVERITY",
    "AdjudicationRun",
    "Judge",
    "Judgement",
    "JudgingContext",
    "ProximityAlert",
    "RuleResult",
    "Standing",
    "StandingKind",
    "Standings",
    "SubjectPlace",
    "Totals",
    "adjudicate_store",
    "current_verdicts",
    "judge_for",
    "location_shape",
    "override_verdict",
    "running_totals",
    "summary_since",
    "verdict_history",
]
