"""Verdicts: the judgement of one incident (or access request) under one agreement, with every fact used."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from jointmap.domain._base import DomainModel, Identifier

__all__ = ["Fact", "Outcome", "Verdict"]


class Outcome(StrEnum):
    VIOLATION = "violation"
    NOT_COVERED = "not_covered"
    NO_VIOLATION = "no_violation"
    INDETERMINATE = "indeterminate"


class Fact(DomainModel):
    """One fact the verdict rests on and where it came from (incident field, layer version, rule)."""

    statement: str = Field(min_length=1)
    source: str = Field(min_length=1)


class Verdict(DomainModel):
    id: Identifier
    subject: Identifier  # incident or access request id
    agreement: Identifier
    outcome: Outcome
    responsible: tuple[Identifier, ...] = ()
    rule: Identifier | None = None
    confidence: float = Field(ge=0.0, le=1.0)
    explanation: str = Field(min_length=1)
    facts: tuple[Fact, ...] = ()
    decided_at: datetime
    #: A reviewer's override: who and why.
    override_reason: str | None = None
    supersedes: Identifier | None = None
    #: The control layer and version the verdict cites (the one in force, when the finding did not need it);
    #: None for subjects judged without a layer. Typed so the verdicts table can be filtered on them.
    layer: Identifier | None = None
    layer_version: int | None = Field(default=None, ge=0)
    #: A rule asked for a human reviewer (self-defence, a hit on a protected site).
    needs_review: bool = False
