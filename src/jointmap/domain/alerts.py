"""Alerts: an incident whose shape came within the set distance of a notified protected site.

Raised by adjudication as ``alert.raise`` log entries. Visibility is restricted like the sites themselves:
an alert names a protected site, so it is never shown in the public view.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from pydantic import Field

from jointmap.domain._base import AwareDatetime, DomainModel, Identifier

__all__ = ["Alert", "alert_id", "alert_key"]


def alert_id(agreement: str, rule: str, incident: str, site: str) -> str:
    """One alert row per (agreement, rule, incident, site); hashed when the ids are too long to join."""
    joined = f"al.{agreement}.{rule}.{incident}.{site}"
    if len(joined) <= 120:
        return joined
    return f"al.{hashlib.sha256(joined.encode('utf-8')).hexdigest()[:32]}"


def alert_key(agreement: str, rule: str, incident: str, site: str, distance_m: float) -> str:
    """Idempotency key: the same alert is raised once; a changed distance (an edited location) raises anew."""
    return f"alert:{agreement}:{rule}:{incident}:{site}:{distance_m:.1f}"


class Alert(DomainModel):
    """An incident near a notified protected site, under one agreement's rule."""

    id: Identifier
    incident: Identifier
    site: Identifier
    agreement: Identifier
    rule: Identifier
    #: shortest distance between the incident's shape and the site (0 when the shape covers it)
    distance_m: float = Field(ge=0.0)
    radius_m: float = Field(gt=0.0)
    raised_at: AwareDatetime

    @staticmethod
    def of(
        incident: str,
        site: str,
        agreement: str,
        rule: str,
        distance_m: float,
        radius_m: float,
        raised_at: datetime,
    ) -> Alert:
        return Alert(
            id=alert_id(agreement, rule, incident, site),
            incident=incident,
            site=site,
            agreement=agreement,
            rule=rule,
            distance_m=distance_m,
            radius_m=radius_m,
            raised_at=raised_at,
        )
