"""Making a demo database ready to serve: verdicts, a review queue from extraction, and demo accounts."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select

from jointmap.adjudicate import adjudicate_store
from jointmap.domain import (
    Fatalities,
    Incident,
    IncidentStatus,
    InvolvedActor,
    Location,
    Report,
    ReportLink,
    TimeSpan,
)
from jointmap.store import Store
from jointmap.store import schema as s
from jointmap.store.accounts import Role, create_user, list_users, set_custodial

__all__ = ["DemoAccount", "candidates_from_reports", "prepare_demo"]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    organisation: str
    role: Role


def candidates_from_reports(store: Store, reports: Iterable[Report], limit: int = 8) -> list[Incident]:
    """Candidate incidents (status ``candidate``) that extraction reads from ``reports``."""
    from jointmap.extract.documents import Document
    from jointmap.extract.pipeline import ExtractorSpec, build_extractor

    extractor = build_extractor(ExtractorSpec())
    with store.engine.connect() as conn:
        actors = {a for a in conn.execute(select(s.actors.c.id)).scalars()}
    found: list[Incident] = []
    for report in reports:
        day = (report.published_at or report.received_at).date()
        extraction = extractor.extract(Document(report.id, report.text, report.title, day))
        for k, c in enumerate(extraction.incidents):
            place = c.place
            if place is None or place.lat is None or place.lon is None or c.date_start is None:
                continue
            fat = c.fatalities
            found.append(
                Incident(
                    id=f"cand-{report.id}-{k}"[:120],
                    event_type=c.event_type,
                    sub_event_type=c.sub_event_type,
                    when=TimeSpan(
                        start=c.date_start, end=c.date_end or c.date_start, precision=c.date_precision or 1
                    ),
                    location=Location(
                        name=place.name,
                        lat=place.lat,
                        lon=place.lon,
                        precision=place.precision,
                        geonameid=place.geonameid,
                        admin1_code=place.admin1_code,
                        admin1_name=place.admin1_name,
                    ),
                    perpetrators=tuple(
                        InvolvedActor(actor=c.actor1, confidence=c.actor1_confidence)
                        for _ in [0]
                        if c.actor1 in actors
                    ),
                    targets=tuple(
                        InvolvedActor(actor=c.actor2, confidence=c.actor2_confidence)
                        for _ in [0]
                        if c.actor2 in actors
                    ),
                    fatalities=Fatalities(
                        best=fat.get("best", 0), low=fat.get("low", 0), high=fat.get("high", 0)
                    ),
                    civilian_targeting=c.civilian_targeting,
                    reports=(ReportLink(report=report.id, evidence=c.evidence),),
                    status=IncidentStatus.CANDIDATE,
                    notes=f"Proposed by extraction (confidence {c.confidence:.2f}, trigger {c.trigger!r}).",
                )
            )
            if len(found) >= limit:
                return found
    return found


def prepare_demo(
    store: Store, author: str = "monitor", *, candidates: int = 8, accounts: bool = True
) -> list[DemoAccount]:
    """Adjudicate (when no verdicts exist), queue extraction candidates, and add one account per role.

    Returns the new accounts with their random passwords (printed once by ``jointmap demo --serve``).
    """
    with store.engine.connect() as conn:
        verdicts = conn.execute(select(func.count()).select_from(s.verdicts)).scalar_one()
        queued = conn.execute(
            select(func.count()).select_from(s.incidents).where(s.incidents.c.status == "candidate")
        ).scalar_one()
    if not verdicts:
        adjudicate_store(store, author)
    if not queued and candidates:
        reports = store.all(Report, "reports")
        for incident in candidates_from_reports(store, reports, candidates):
            store.write("incident.record", author, incident)
    # The demo server holds every organisation's key: each chose custodial signing, so the web can write.
    if store.keyring is not None:
        for org in store.keyring.orgs():
            if org in store.organisation_ids():
                set_custodial(store.engine, org, True)
    made: list[DemoAccount] = []
    if not accounts:
        return made
    existing = {u.username for u in list_users(store.engine)}
    for username, org, role in (
        ("admin", "operator", Role.ADMINISTRATOR),
        ("monitor", "monitor", Role.MONITOR),
        ("reviewer", "monitor", Role.REVIEWER),
        ("us-liaison", "us", Role.PARTY_LIAISON),
        ("ru-liaison", "ru", Role.PARTY_LIAISON),
    ):
        if username in existing or org not in store.organisation_ids():
            continue
        password = secrets.token_urlsafe(9)
        create_user(store.engine, username, password, org, role)
        made.append(DemoAccount(username, password, org, role))
    return made
