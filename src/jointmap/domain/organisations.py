"""Organisations that write to the shared record, and the sources that report."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from jointmap.domain._base import DomainModel, Identifier

__all__ = ["Organisation", "OrganisationKind", "Reliability", "Source", "SourceKind"]


class OrganisationKind(StrEnum):
    PARTY = "party"
    MONITOR = "monitor"
    HUMANITARIAN = "humanitarian"
    OPERATOR = "operator"
    OBSERVER = "observer"


class Organisation(DomainModel):
    """An organisation with write access; every log entry names one as its author."""

    id: Identifier
    name: str = Field(min_length=1)
    kind: OrganisationKind
    #: Actors this organisation speaks for (a party liaison for the government side, say).
    represents: tuple[Identifier, ...] = ()


class SourceKind(StrEnum):
    PARTY = "party"
    MONITOR = "monitor"
    MEDIA = "media"
    NGO = "ngo"
    LOCAL = "local"
    OTHER = "other"


class Reliability(StrEnum):
    """Admiralty code source reliability: A completely reliable … E unreliable, F cannot be judged."""

    A = "A"
    B = "B"
    C = "C"
    D = "D"
    E = "E"
    F = "F"


class Source(DomainModel):
    """Who reports. Identities may be sensitive: ``restricted`` hides the name from the public view."""

    id: Identifier
    name: str = Field(min_length=1)
    kind: SourceKind
    reliability: Reliability = Reliability.F
    organisation: Identifier | None = None
    restricted: bool = False
