"""Actors: armed and political actors, with names that change over time."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field, model_validator

from jointmap.domain._base import DomainModel, Identifier, Interval

__all__ = ["Actor", "ActorKind", "ActorName", "Designation", "NameKind"]


class ActorKind(StrEnum):
    STATE_FORCES = "state_forces"
    REBEL_GROUP = "rebel_group"
    MILITIA = "militia"
    FOREIGN_STATE = "foreign_state"
    COALITION = "coalition"
    POLITICAL = "political"
    CIVILIANS = "civilians"
    OTHER = "other"


class NameKind(StrEnum):
    OFFICIAL = "official"
    ALIAS = "alias"
    #: a description used by others ("regime forces"); matches with lower confidence.
    DESCRIPTION = "description"
    ABBREVIATION = "abbreviation"
    #: the actor's country or capital, read as the actor only where it speaks, accuses or is accused ("Russia
    #: said", "Moscow denied", "accused Damascus of"); anywhere else it is a place or a backer.
    METONYM = "metonym"


class ActorName(Interval):
    """One name of an actor, in one language, valid over an interval (renamings keep the same actor)."""

    name: str = Field(min_length=1)
    lang: str = Field(default="en", min_length=2, max_length=8)
    kind: NameKind = NameKind.ALIAS


class Designation(Interval):
    """A listing such as the UN Security Council sanctions list, with its dates."""

    by: str = Field(min_length=1)
    listing: str = Field(min_length=1)


class Actor(DomainModel):
    id: Identifier
    kind: ActorKind
    names: tuple[ActorName, ...] = Field(min_length=1)
    parent: Identifier | None = None
    designations: tuple[Designation, ...] = ()
    notes: str = ""

    @model_validator(mode="after")
    def _needs_an_official_name(self) -> Actor:
        if not any(n.kind is NameKind.OFFICIAL for n in self.names):
            raise ValueError("an actor needs at least one name of kind 'official'")
        return self

    def name_on(self, day: date, lang: str = "en") -> str:
        """The official name in force on ``day`` (al-Nusra before 28 July 2016, JFS after)."""
        official = [n for n in self.names if n.kind is NameKind.OFFICIAL and n.lang == lang]
        for n in official:
            if n.contains(day):
                return n.name
        return (official or [n for n in self.names if n.kind is NameKind.OFFICIAL])[0].name

    @property
    def label(self) -> str:
        """The current English official name (open-ended validity), for display."""
        for n in self.names:
            if n.kind is NameKind.OFFICIAL and n.lang == "en" and n.valid_to is None:
                return n.name
        return self.names[0].name
