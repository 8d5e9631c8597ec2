"""Write endpoints. Each is one ``Store.write`` (one log entry) made for the caller's own organisation.

Who may write what (``docs/api.md`` has the table): a party liaison reports through its own sources, accuses
in its own name or its represented actors', and maps on its own layer; monitors record incidents and run
adjudication; reviewers act on the review queue and override verdicts; nobody writes as another organisation.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from jointmap.adjudicate import adjudicate_store, override_verdict
from jointmap.api.auth import Principal, require
from jointmap.api.common import Envelope, errors, state
from jointmap.api.redact import json_response
from jointmap.domain import (
    AccessRequest,
    Allegation,
    ControlObservation,
    Incident,
    Organisation,
    Outcome,
    Report,
)
from jointmap.store import Store
from jointmap.store import schema as s
from jointmap.store.accounts import Role, add_note, custodial
from jointmap.store.ledger import key_history

__all__ = ["check_author", "check_custodial", "router", "write_record"]

router = APIRouter(prefix="/api", responses=errors(403, 404, 409))

Liaison, Monitor, Reviewer, Admin = Role.PARTY_LIAISON, Role.MONITOR, Role.REVIEWER, Role.ADMINISTRATOR


class Written(BaseModel):
    seq: int
    kind: str
    author: str
    id: str


class _Write(BaseModel):
    model_config = ConfigDict(extra="forbid")
    #: The organisation the entry is written for; must be the caller's own (default).
    author: str | None = Field(default=None, max_length=120)


class ReportWrite(_Write):
    record: Report


class AllegationWrite(_Write):
    record: Allegation


class AccessWrite(_Write):
    record: AccessRequest


class ObservationWrite(_Write):
    record: ControlObservation


class IncidentWrite(_Write):
    record: Incident


class NoteWrite(_Write):
    subject: str = Field(min_length=1, max_length=120)
    text: str = Field(min_length=1, max_length=20_000)
    private: bool = True


class OverrideWrite(_Write):
    agreement: str = Field(min_length=1, max_length=120)
    outcome: Outcome
    reason: str = Field(min_length=3, max_length=5000)
    responsible: list[str] = Field(default_factory=list, max_length=20)
    rule: str | None = Field(default=None, max_length=120)


def check_author(p: Principal, author: str | None) -> str:
    """The organisation to write for: the caller's own; anything else is refused."""
    if p.organisation is None:
        raise HTTPException(401, "sign in to write")
    if author is not None and author != p.organisation:
        raise HTTPException(
            403,
            f"you act for {p.organisation}; writing as {author} is refused (each organisation signs its own)",
        )
    return p.organisation


def check_custodial(store: Store, org: str) -> None:
    """The server signs for ``org`` only if ``org`` chose custodial signing (``PUT
    /api/admin/organisations/{org}/signing``); an organisation with a published key that keeps it to itself
    signs locally and submits to ``POST /api/log/entries``. Organisations with no published key write
    unsigned entries, as the log's key rules allow."""
    with store.engine.connect() as conn:
        keyed = key_history(conn, [org]).active(org) is not None
    if keyed and not custodial(store.engine, org):
        raise HTTPException(
            409,
            f"{org} keeps its signing key to itself (not custodial): sign the entry locally and submit it to "
            "POST /api/log/entries (jointmap submit), or have an administrator choose custodial signing",
        )


def _organisation(store: Store, org: str) -> Organisation:
    with store.engine.connect() as conn:
        data = conn.execute(select(s.organisations.c.data).where(s.organisations.c.id == org)).scalar()
    if data is None:
        raise HTTPException(403, f"organisation {org!r} is not registered in the log")
    return Organisation.model_validate_json(data)


def _liaison_rules(store: Store, p: Principal, org: str, record: Any) -> None:
    """A party liaison speaks only for its own party: its sources, its name or actors, its layer."""
    if p.role is not Liaison:
        return
    own = _organisation(store, org)
    with store.engine.connect() as conn:
        if isinstance(record, Report):
            owner = conn.execute(
                select(s.sources.c.organisation).where(s.sources.c.id == record.source)
            ).first()
            if owner is None:
                raise HTTPException(422, f"record.source: no source {record.source!r}")
            if owner[0] != org:
                raise HTTPException(403, f"source {record.source} is not one of {org}'s sources")
        elif isinstance(record, Allegation):
            if record.accuser != org and record.accuser not in own.represents:
                raise HTTPException(
                    403, f"{org} may accuse only in its own name or its actors' (not {record.accuser})"
                )
        elif isinstance(record, ControlObservation):
            layer_org = conn.execute(
                select(s.layers.c.organisation).where(s.layers.c.id == record.layer)
            ).scalar()
            if layer_org != org:
                raise HTTPException(403, f"layer {record.layer} is not {org}'s layer")
        elif isinstance(record, AccessRequest) and record.requested_by != org:
            raise HTTPException(403, f"{org} may record only its own access requests")


def write_record(request: Request, p: Principal, kind: str, author: str | None, record: Any) -> Response:
    st = state(request)
    org = check_author(p, author)
    _liaison_rules(st.store, p, org, record)
    check_custodial(st.store, org)
    with st.write_lock:
        result = st.store.write(kind, org, record)
    body = {"seq": result.seq, "kind": kind, "author": org, "id": getattr(record, "id", "")}
    return json_response(request, p, body, status_code=201)


ReportWriter = Annotated[Principal, Depends(require(Liaison, Monitor, Admin))]
PartyWriter = Annotated[Principal, Depends(require(Liaison, Monitor))]
MonitorOnly = Annotated[Principal, Depends(require(Monitor))]
AnyStaff = Annotated[Principal, Depends(require(Liaison, Monitor, Reviewer, Admin))]
ReviewerOnly = Annotated[Principal, Depends(require(Reviewer))]
MonitorOrAdmin = Annotated[Principal, Depends(require(Monitor, Admin))]


@router.post("/reports", status_code=201, response_model=Written, tags=["writes"])
def post_report(request: Request, body: ReportWrite, p: ReportWriter) -> Response:
    """Receive a report exactly as given (immutable; the same content twice is refused)."""
    return write_record(request, p, "report.receive", body.author, body.record)


@router.post("/allegations", status_code=201, response_model=Written, tags=["writes"])
def post_allegation(request: Request, body: AllegationWrite, p: PartyWriter) -> Response:
    """Record an allegation, denial or counter-claim."""
    return write_record(request, p, "allegation.record", body.author, body.record)


@router.post("/access-requests", status_code=201, response_model=Written, tags=["writes"])
def post_access(request: Request, body: AccessWrite, p: PartyWriter) -> Response:
    """Record (or update, by id) a humanitarian access request and its steps."""
    return write_record(request, p, "access.record", body.author, body.record)


@router.post("/control-observations", status_code=201, response_model=Written, tags=["writes"])
def post_observation(request: Request, body: ObservationWrite, p: PartyWriter) -> Response:
    """Add a settlement's holder to a layer the caller's organisation keeps."""
    return write_record(request, p, "control.observe", body.author, body.record)


@router.post("/incidents", status_code=201, response_model=Written, tags=["writes"])
def post_incident(request: Request, body: IncidentWrite, p: MonitorOnly) -> Response:
    """Record an incident (a monitor's own assessment, or a candidate for the review queue)."""
    return write_record(request, p, "incident.record", body.author, body.record)


@router.post("/notes", status_code=201, response_model=Envelope, tags=["writes"])
def post_note(request: Request, body: NoteWrite, p: AnyStaff) -> Response:
    """A note on a record, private to the caller's organisation unless ``private`` is false (not logged)."""
    org = check_author(p, body.author)
    note = add_note(
        state(request).store.engine, org, p.username or p.via, body.subject, body.text, private=body.private
    )
    return json_response(request, p, note.__dict__, status_code=201)


@router.post("/verdicts/{subject}/override", status_code=201, response_model=Envelope, tags=["writes"])
def post_override(request: Request, subject: str, body: OverrideWrite, p: ReviewerOnly) -> Response:
    """A reviewer's verdict replacing the current one, with a required reason; the old one stays logged."""
    org = check_author(p, body.author)
    check_custodial(state(request).store, org)
    verdict = override_verdict(
        state(request).store,
        org,
        subject,
        body.agreement,
        outcome=body.outcome,
        reason=f"{body.reason} (by {p.username or p.via})",
        responsible=tuple(body.responsible),
        rule=body.rule,
    )
    return json_response(request, p, verdict.model_dump(mode="json"), status_code=201)


class AdjudicateRequest(_Write):
    agreement: str | None = Field(default=None, max_length=120)


@router.post("/adjudicate", response_model=Envelope, tags=["writes"])
def post_adjudicate(request: Request, body: AdjudicateRequest, p: MonitorOrAdmin) -> Response:
    """Judge every incident and access request again; a new verdict is written wherever one changed."""
    org = check_author(p, body.author)
    check_custodial(state(request).store, org)
    run = adjudicate_store(state(request).store, org, agreement=body.agreement, decided_at=datetime.now(UTC))
    body_out = {
        "judged": run.judged,
        "written": run.written,
        "unchanged": run.unchanged,
        "kept_overrides": run.kept_overrides,
    }
    return json_response(request, p, body_out)
