"""Small records the store tests write: an air strike at a place and day, a verdict on a subject."""

from __future__ import annotations

from datetime import UTC, datetime

from jointmap.domain import Incident, Verdict

__all__ = ["incident", "verdict"]


def incident(
    incident_id: str, day: str, lat: float, lon: float, *, end: str | None = None, killed: int = 0
) -> Incident:
    return Incident.model_validate(
        {
            "id": incident_id,
            "event_type": "Explosions/Remote violence",
            "sub_event_type": "Air/drone strike",
            "when": {"start": day, "end": end or day, "precision": 1 if end is None else 2},
            "location": {"name": "place", "lat": lat, "lon": lon, "precision": 1},
            "perpetrators": [{"actor": "saa"}],
            "fatalities": {"best": killed, "low": killed, "high": killed},
            "credibility": 2,
        }
    )


def verdict(verdict_id: str, subject: str, outcome: str, agreement: str = "coh") -> Verdict:
    return Verdict(
        id=verdict_id,
        subject=subject,
        agreement=agreement,
        outcome=outcome,
        confidence=0.9,
        explanation="x",
        decided_at=datetime(2016, 3, 1, tzinfo=UTC),
    )
