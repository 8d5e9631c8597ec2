"""Protected sites notified by humanitarian organisations."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import Field

from jointmap.domain._base import DomainModel, Identifier

__all__ = ["ProtectedSite", "SiteKind"]


class SiteKind(StrEnum):
    HOSPITAL = "hospital"
    SCHOOL = "school"
    CAMP = "camp"
    WAREHOUSE = "warehouse"
    OTHER = "other"


class ProtectedSite(DomainModel):
    """Visibility is restricted: never shown in the public view."""

    id: Identifier
    name: str = Field(min_length=1)
    kind: SiteKind
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    notified_by: Identifier
    notified_on: date
