"""Incidents: the real-world occurrence one or more reports describe."""

from __future__ import annotations

import hashlib
import json
from enum import IntEnum, StrEnum
from typing import Any

from pydantic import Field, model_validator

from jointmap.domain._base import DomainModel, Identifier
from jointmap.domain.events import EventType, SubEventType, event_type_of
from jointmap.domain.places import Location, TimeSpan

__all__ = [
    "RULE_IGNORED",
    "ActorRole",
    "Credibility",
    "Fatalities",
    "Incident",
    "IncidentStatus",
    "InvolvedActor",
    "LinkRole",
    "ReportLink",
    "situation_of",
]

#: Incident fields no agreement rule reads (``situation_of`` leaves them out). ``reports`` is replaced by the
#: reports that contradict the incident, which rules do weigh. A rule that starts reading one of these must
#: take it off the list.
RULE_IGNORED = frozenset(
    {"id", "location", "fatalities", "civilian_targeting", "notes", "confidence", "reports"}
)


def situation_of(data: dict[str, Any]) -> str:
    """What agreement rules read of an incident (its JSON form, ``model_dump(mode="json")``), as a 32-hex
    hash: incidents with equal hashes differ only in fields no rule reads. Stored on the incidents row so a
    bulk adjudication groups a million incidents without parsing their JSON."""
    rest = {k: v for k, v in data.items() if k not in RULE_IGNORED}
    contradicting = [r for r in data.get("reports", ()) if r.get("role") == LinkRole.CONTRADICTS.value]
    text = json.dumps([rest, contradicting], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class LinkRole(StrEnum):
    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"


class ReportLink(DomainModel):
    report: Identifier
    role: LinkRole = LinkRole.SUPPORTS
    #: The sentence of the report the incident was read from, when known, and its character span.
    evidence: str | None = None
    evidence_start: int | None = Field(default=None, ge=0)
    evidence_end: int | None = Field(default=None, ge=0)


class ActorRole(StrEnum):
    PRIMARY = "primary"
    ASSOCIATED = "associated"


class InvolvedActor(DomainModel):
    """A perpetrator or target; ``confidence`` < 1 for "warplanes believed to be Russian"."""

    actor: Identifier
    role: ActorRole = ActorRole.PRIMARY
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)


class Fatalities(DomainModel):
    best: int = Field(default=0, ge=0)
    low: int = Field(default=0, ge=0)
    high: int = Field(default=0, ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Fatalities:
        if not self.low <= self.best <= self.high:
            raise ValueError(f"need low <= best <= high, got {self.low} / {self.best} / {self.high}")
        return self


class Credibility(IntEnum):
    """Admiralty code information credibility: 1 confirmed … 5 improbable, 6 cannot be judged."""

    CONFIRMED = 1
    PROBABLY_TRUE = 2
    POSSIBLY_TRUE = 3
    DOUBTFUL = 4
    IMPROBABLE = 5
    CANNOT_BE_JUDGED = 6


class IncidentStatus(StrEnum):
    #: proposed by extraction, awaiting a reviewer
    CANDIDATE = "candidate"
    REVIEWED = "reviewed"
    REJECTED = "rejected"


class Incident(DomainModel):
    id: Identifier
    event_type: EventType
    sub_event_type: SubEventType
    when: TimeSpan
    location: Location
    perpetrators: tuple[InvolvedActor, ...] = ()
    targets: tuple[InvolvedActor, ...] = ()
    fatalities: Fatalities = Fatalities()
    civilian_targeting: bool = False
    reports: tuple[ReportLink, ...] = ()
    credibility: Credibility = Credibility.CANNOT_BE_JUDGED
    status: IncidentStatus = IncidentStatus.REVIEWED
    #: For a candidate from extraction: how sure the extractor is (0–1). None for reviewed records.
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    notes: str = ""

    @model_validator(mode="after")
    def _sub_type_belongs(self) -> Incident:
        parent = event_type_of(self.sub_event_type)
        if parent is not self.event_type:
            raise ValueError(
                f"sub_event_type {self.sub_event_type.value!r} belongs to {parent.value!r}, "
                f"not {self.event_type.value!r}"
            )
        return self
