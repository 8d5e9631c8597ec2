"""What extraction proposes: candidate incidents, allegations and control claims, as plain data.

These are proposals for a reviewer, not domain records: a place may be unresolved, an actor unknown, a date
missing. :mod:`jointmap.extract.ingest` turns them into domain records with status ``candidate``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from jointmap.extract.documents import Document

__all__ = ["CandidateAllegation", "CandidateIncident", "ControlClaim", "Extraction", "FoundPlace"]


@dataclass(frozen=True, slots=True)
class FoundPlace:
    """The event's place. ``name`` is the gazetteer's name (or the mention when unresolved); ``start``/``end``
    are the span of ``mention`` in the input text. An unresolved mention is located by the place around it
    (``located_as``), at that place's coarser precision."""

    name: str
    mention: str
    start: int
    end: int
    geonameid: int | None
    lat: float | None
    lon: float | None
    admin1_code: str | None
    admin1_name: str | None
    precision: int
    resolved: bool = True
    located_as: str | None = None
    why: str = ""


@dataclass(frozen=True, slots=True)
class CandidateIncident:
    event_type: str
    sub_event_type: str
    date_start: date | None
    date_end: date | None
    date_precision: int | None
    place: FoundPlace | None
    actor1: str | None
    actor2: str | None
    fatalities: dict[str, int]
    civilian_targeting: bool
    evidence: str
    confidence: float
    actor1_confidence: float = 0.0
    actor2_confidence: float = 0.0
    actor1_mention: str | None = None
    actor2_mention: str | None = None
    evidence_start: int = 0
    evidence_end: int = 0
    trigger: str = ""


@dataclass(frozen=True, slots=True)
class CandidateAllegation:
    accuser: str | None
    speaker: str
    accused: list[str]
    kind: str
    claim: str
    evidence: str
    date: date | None = None
    evidence_start: int = 0
    evidence_end: int = 0


@dataclass(frozen=True, slots=True)
class ControlClaim:
    """ "X captured Y" / "X-held Y": who says whom holds where, as of when."""

    actor: str
    place: FoundPlace
    claim: str  # captured | holds
    evidence: str
    date: date | None = None


@dataclass
class Extraction:
    id: str
    date: date | None
    incidents: list[CandidateIncident] = field(default_factory=list)
    allegations: list[CandidateAllegation] = field(default_factory=list)
    control_claims: list[ControlClaim] = field(default_factory=list)
    #: The document read (kept for ingest; not part of the JSON).
    document: Document | None = None

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` line for this document (dates as ISO strings)."""
        out: dict[str, Any] = _jsonable(
            {
                "id": self.id,
                "date": self.date,
                "incidents": [_record(i) for i in self.incidents],
                "allegations": [_record(a) for a in self.allegations],
                "control_claims": [_record(c) for c in self.control_claims],
            }
        )
        return out


def _record(value: Any) -> dict[str, Any]:
    """``dataclasses.asdict`` for these flat records, without its deep copies (a hot path)."""
    out: dict[str, Any] = {}
    for name in _FIELDS[type(value)]:
        v = getattr(value, name)
        if isinstance(v, FoundPlace):
            v = _record(v)
        elif isinstance(v, dict | list):
            v = v.copy()
        out[name] = v
    return out


_FIELDS: dict[type, tuple[str, ...]] = {
    cls: tuple(f.name for f in fields(cls))
    for cls in (FoundPlace, CandidateIncident, CandidateAllegation, ControlClaim)
}


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value
