"""Allegations: who accuses whom of what. Denials and counter-claims are allegations too."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field

from jointmap.domain._base import DomainModel, Identifier

__all__ = ["Allegation", "AllegationKind"]


class AllegationKind(StrEnum):
    CEASEFIRE_VIOLATION = "ceasefire_violation"
    ATTACK_ON_PARTY = "attack_on_party"
    AID_OBSTRUCTION = "aid_obstruction"
    DENIAL = "denial"
    COUNTER_CLAIM = "counter_claim"
    OTHER = "other"


class Allegation(DomainModel):
    id: Identifier
    #: The actor or organisation making the claim; None when the text names no one in the registry.
    accuser: Identifier | None = None
    #: Who said it, as reported ("a ministry spokesman").
    speaker: str = ""
    accused: tuple[Identifier, ...] = ()
    kind: AllegationKind
    claim: str = Field(min_length=1)
    made_on: date
    incidents: tuple[Identifier, ...] = ()
    report: Identifier | None = None
    #: For a denial or counter-claim: the allegation it answers.
    answers: Identifier | None = None
    evidence: str | None = None
