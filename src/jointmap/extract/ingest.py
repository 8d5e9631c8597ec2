"""Extraction results → domain records written through ``Store.write``: the Report (verbatim), its candidate
incidents and its allegations, each linked back to the evidence sentence.

One transaction per document, so a crash never leaves a report without its candidates; the report's
idempotency key is its content hash, so ingesting the same document again adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from jointmap.domain import (
    Allegation,
    AllegationKind,
    DatePrecision,
    EventType,
    Fatalities,
    Incident,
    IncidentStatus,
    InvolvedActor,
    Location,
    LocationPrecision,
    Report,
    ReportLink,
    SubEventType,
    TimeSpan,
)
from jointmap.extract.documents import Document
from jointmap.extract.results import CandidateIncident, Extraction
from jointmap.intake.importer import idempotency_key
from jointmap.store import Store

__all__ = ["IngestOutcome", "ingest_document", "to_records"]


@dataclass
class IngestOutcome:
    """What one document added. ``created`` is False when the report was already stored."""

    report_id: str | None
    created: bool
    incidents: int = 0
    allegations: int = 0
    #: Candidates that could not be recorded (no place to put them), with why.
    skipped: list[str] = field(default_factory=list)


def _when(c: CandidateIncident, fallback: date) -> TimeSpan:
    if c.date_start is not None and c.date_end is not None and c.date_precision is not None:
        return TimeSpan(start=c.date_start, end=c.date_end, precision=DatePrecision(c.date_precision))
    return TimeSpan(start=fallback, end=fallback, precision=DatePrecision.LONGER)


def _incident(c: CandidateIncident, incident_id: str, report_id: str, fallback: date) -> Incident | None:
    p = c.place
    if p is None or p.lat is None or p.lon is None:
        return None
    perpetrators = (InvolvedActor(actor=c.actor1, confidence=c.actor1_confidence),) if c.actor1 else ()
    targets = (InvolvedActor(actor=c.actor2, confidence=c.actor2_confidence),) if c.actor2 else ()
    f = c.fatalities
    notes = (
        f"extracted: trigger {c.trigger!r}; place {p.mention!r} at characters {p.start}-{p.end}"
        + (f"; located as {p.located_as} ({p.why})" if p.located_as else "")
        + (f"; perpetrator as written: {c.actor1_mention!r}" if c.actor1_mention else "")
    )
    return Incident(
        id=incident_id,
        event_type=EventType(c.event_type),
        sub_event_type=SubEventType(c.sub_event_type),
        when=_when(c, fallback),
        location=Location(
            name=p.name,
            lat=p.lat,
            lon=p.lon,
            precision=LocationPrecision(p.precision),
            geonameid=p.geonameid,
            admin1_code=p.admin1_code,
            admin1_name=p.admin1_name,
        ),
        perpetrators=perpetrators,
        targets=targets,
        fatalities=Fatalities(best=f["best"], low=f["low"], high=f["high"]),
        civilian_targeting=c.civilian_targeting,
        reports=(
            ReportLink(
                report=report_id,
                evidence=c.evidence,
                evidence_start=c.evidence_start,
                evidence_end=c.evidence_end,
            ),
        ),
        status=IncidentStatus.CANDIDATE,
        confidence=max(0.0, min(1.0, c.confidence)),
        notes=notes,
    )


def to_records(
    doc: Document, result: Extraction, source: str, received_at: datetime
) -> tuple[Report, list[Incident], list[Allegation], list[str]]:
    """The report, incidents and allegations for one document, and why any candidate was left out."""
    published = datetime.combine(doc.date, time(), UTC) if doc.date else None
    draft = Report(
        id="rpt-pending", source=source, received_at=received_at, published_at=published, title=doc.title,
        text=doc.text, url=doc.url,
    )  # fmt: skip
    digest = draft.digest
    report = draft.model_copy(update={"id": f"rpt-{digest[:20]}"})
    fallback = result.date or received_at.date()
    incidents: list[Incident] = []
    skipped: list[str] = []
    for n, candidate in enumerate(result.incidents, start=1):
        incident = _incident(candidate, f"inc-{digest[:20]}-{n}", report.id, fallback)
        if incident is None:
            skipped.append(f"incident {n}: no place to locate it ({candidate.evidence[:80]!r})")
        else:
            incidents.append(incident)
    allegations = [
        Allegation(
            id=f"alg-{digest[:20]}-{n}",
            accuser=a.accuser or None,
            speaker=a.speaker[:200],
            accused=tuple(a.accused),
            kind=AllegationKind(a.kind),
            claim=a.claim or a.evidence,
            made_on=a.date or fallback,
            report=report.id,
            evidence=a.evidence,
        )
        for n, a in enumerate(result.allegations, start=1)
    ]
    return report, incidents, allegations, skipped


def ingest_document(
    store: Store,
    author: str,
    source: str,
    doc: Document,
    result: Extraction,
    received_at: datetime | None = None,
) -> IngestOutcome:
    """Write one document's report and candidates in one transaction; nothing if the report is stored."""
    if not doc.text.strip():
        return IngestOutcome(None, False, skipped=["empty document: nothing to store"])
    report, incidents, allegations, skipped = to_records(
        doc, result, source, received_at or datetime.now(UTC)
    )
    key = idempotency_key("report.receive", report)
    with store.engine.begin() as conn:
        written = store.write_in(conn, "report.receive", author, report, idempotency_key=key)
        if not written.created:
            return IngestOutcome(report.id, False)
        for incident in incidents:
            store.write_in(
                conn, "incident.record", author, incident, idempotency_key=f"extract:{incident.id}"
            )
        for allegation in allegations:
            store.write_in(
                conn, "allegation.record", author, allegation, idempotency_key=f"extract:{allegation.id}"
            )
    return IngestOutcome(report.id, True, len(incidents), len(allegations), skipped)
