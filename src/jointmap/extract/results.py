"""What extraction proposes: candidate incidents, allegations and control claims, as plain data.

These are proposals for a reviewer, not domain records: a place may be unresolved, an actor unknown, a date
missing. :mod:`jointmap.extract.ingest` turns them into domain records with status ``candidate``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date
from operator import attrgetter
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
        return {
            "id": self.id,
            "date": self.date.isoformat() if self.date is not None else None,
            "incidents": [_record(i) for i in self.incidents],
            "allegations": [_record(a) for a in self.allegations],
            "control_claims": [_record(c) for c in self.control_claims],
        }


def _record(value: Any) -> dict[str, Any]:
    """``dataclasses.asdict`` for these flat records, JSON-ready (dates as ISO strings), without its deep
    copies (a hot path). Their lists and dicts hold plain strings and numbers."""
    names, getter, dates, places, copies = _SHAPES[type(value)]
    out = dict(zip(names, getter(value), strict=True))
    for name in dates:
        v = out[name]
        if v is not None:
            out[name] = v.isoformat()
    for name in places:
        v = out[name]
        if v is not None:
            out[name] = _record(v)
    for name in copies:
        out[name] = out[name].copy()
    return out


_Shape = tuple[
    tuple[str, ...], Callable[[Any], tuple[Any, ...]], tuple[str, ...], tuple[str, ...], tuple[str, ...]
]


def _shape(cls: type) -> _Shape:
    """A record class's field names, a getter of their values, and the fields holding a date, a place, a
    list or a dict (read from the annotations)."""
    kinds = {f.name: str(f.type).split(" |")[0] for f in fields(cls)}
    names = tuple(kinds)
    dates = tuple(n for n in names if kinds[n] == "date")
    places = tuple(n for n in names if kinds[n] == "FoundPlace")
    copies = tuple(n for n in names if kinds[n].startswith(("dict[", "list[")))
    return names, attrgetter(*names), dates, places, copies


_SHAPES = {cls: _shape(cls) for cls in (FoundPlace, CandidateIncident, CandidateAllegation, ControlClaim)}
