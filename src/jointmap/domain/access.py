"""Humanitarian access: a convoy's life from request to delivery or blockage."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from jointmap.domain._base import DomainModel, Identifier

__all__ = ["AccessRequest", "AccessStatus", "AccessStep"]


class AccessStatus(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    DENIED = "denied"
    DELIVERED = "delivered"
    BLOCKED = "blocked"


class AccessStep(DomainModel):
    status: AccessStatus
    #: Named ``date`` rather than ``on``: YAML 1.1 reads a bare ``on:`` key as the boolean true.
    date: dt.date
    #: The actor that decided (approved, denied, blocked); None for a request or delivery.
    decided_by: Identifier | None = None
    reason: str = ""


class AccessRequest(DomainModel):
    id: Identifier
    convoy: str = Field(min_length=1)
    requested_by: Identifier
    destination: str = Field(min_length=1)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    requested_from: dt.date
    requested_to: dt.date
    steps: tuple[AccessStep, ...] = Field(min_length=1)

    @property
    def status(self) -> AccessStatus:
        return self.steps[-1].status
