"""Control: time-versioned maps of who holds what (valid time) and when we learned it (record time)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field, model_validator

from jointmap.domain._base import DomainModel, Identifier

__all__ = ["ControlArea", "ControlObservation", "Layer", "LayerKind"]


class LayerKind(StrEnum):
    #: one organisation's claimed map
    CLAIMED = "claimed"
    #: agreed by the parties or assessed by the monitor
    JOINT = "joint"


class Layer(DomainModel):
    id: Identifier
    name: str = Field(min_length=1)
    organisation: Identifier
    kind: LayerKind = LayerKind.CLAIMED
    description: str = ""


class _Valid(DomainModel):
    valid_from: date
    valid_to: date | None = None
    source: str = ""
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _ordered(self) -> _Valid:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError(f"valid_to {self.valid_to} is before valid_from {self.valid_from}")
        return self


class ControlObservation(_Valid):
    """ "Town X held by actor Y as of date D, source S." ``actors`` > 1 means shared or entangled control."""

    id: Identifier
    layer: Identifier
    place: str = Field(min_length=1)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    actors: tuple[Identifier, ...] = Field(min_length=1)
    geonameid: int | None = None


class ControlArea(_Valid):
    """A polygon held by one or more actors (WKT, WGS 84)."""

    id: Identifier
    layer: Identifier
    area_wkt: str = Field(min_length=1)
    actors: tuple[Identifier, ...] = Field(min_length=1)
    name: str = ""
