"""The review queue: incidents proposed by extraction (status ``candidate``) that a reviewer accepts,
rejects or edits, always with a reason. Each action is one ``incident.record`` log entry whose notes carry the
decision; merging duplicates waits for the linking capability and is refused (422, naming ``action``) until
then."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import func, select

from jointmap.api.auth import Principal, require
from jointmap.api.common import Page, errors, page_of, state
from jointmap.api.read import summarise_incident
from jointmap.api.redact import json_response
from jointmap.api.writes import Written, check_author, check_custodial
from jointmap.domain import Incident, IncidentStatus
from jointmap.store import schema as s
from jointmap.store.accounts import Role

__all__ = ["Action", "Decision", "router"]

router = APIRouter(
    prefix="/api/review",
    tags=["review"],
    responses=errors(403, 404, 409),
)

Reviewer = Annotated[Principal, Depends(require(Role.REVIEWER))]
QueueReader = Annotated[Principal, Depends(require(Role.REVIEWER, Role.MONITOR, Role.ADMINISTRATOR))]


class Action(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"
    EDIT = "edit"
    #: reserved: merging a candidate into an existing incident (the linking capability)
    MERGE = "merge"


class Decision(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: Action
    reason: str = Field(min_length=3, max_length=5000, description="Why: required for every action.")
    #: For ``edit``: fields of the incident to replace (same shape as the incident record).
    changes: dict[str, Any] = Field(default_factory=dict)
    #: For ``merge``: the incident this candidate duplicates.
    merge_into: str | None = Field(default=None, max_length=120)
    author: str | None = Field(default=None, max_length=120)


@router.get("/candidates", response_model=Page)
def candidates(
    request: Request,
    p: QueueReader,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Response:
    """Incidents awaiting review, oldest first, with the evidence sentence each was read from."""
    i = s.incidents.c
    where = i.status == IncidentStatus.CANDIDATE.value
    with state(request).store.engine.connect() as conn:
        total = int(conn.execute(select(func.count()).select_from(s.incidents).where(where)).scalar_one())
        rows = conn.execute(
            select(i.data).where(where).order_by(i.date_start, i.id).limit(limit).offset(offset)
        ).scalars()
        items = []
        for data in rows:
            incident = json.loads(data)
            item = summarise_incident(incident, [])
            item["evidence"] = [r.get("evidence") for r in incident.get("reports", []) if r.get("evidence")]
            item["notes"] = incident.get("notes", "")
            item["record"] = incident
            items.append(item)
    return json_response(request, p, page_of(items, total, limit, offset))


@router.post("/{incident_id}", response_model=Written, status_code=201)
def decide(request: Request, incident_id: str, body: Decision, p: Reviewer) -> Response:
    """Accept (→ reviewed), reject (→ rejected) or edit (stays a candidate) one candidate, with a reason."""
    org = check_author(p, body.author)
    st = state(request)
    with st.store.engine.connect() as conn:
        data = conn.execute(select(s.incidents.c.data).where(s.incidents.c.id == incident_id)).scalar()
    if data is None:
        raise HTTPException(404, f"no incident {incident_id!r}")
    incident = Incident.model_validate_json(data)
    if incident.status is not IncidentStatus.CANDIDATE:
        raise HTTPException(409, f"incident {incident_id} is {incident.status.value}, not a candidate")
    if body.action is Action.MERGE:
        raise HTTPException(
            422,
            "action: merging duplicates comes with the linking capability; accept or reject this candidate "
            "for now",
        )
    stamp = datetime.now(UTC).date().isoformat()
    who = f"{p.username or p.via} ({org})"
    status = {Action.ACCEPT: IncidentStatus.REVIEWED, Action.REJECT: IncidentStatus.REJECTED}.get(
        body.action, IncidentStatus.CANDIDATE
    )
    fields = incident.model_dump(mode="json")
    if body.action is Action.EDIT:
        if not body.changes:
            raise HTTPException(422, "changes: an edit needs at least one field to change")
        if "id" in body.changes or "status" in body.changes:
            raise HTTPException(422, "changes: id and status are not edited (accept or reject instead)")
        fields.update(body.changes)
    line = f"[{stamp}] {body.action.value}ed by {who}: {body.reason.strip()}"
    fields["status"] = status.value
    fields["notes"] = "\n".join(x for x in (incident.notes, line) if x)
    try:
        updated = Incident.model_validate(fields)
    except ValidationError as exc:
        problems = "; ".join(f"changes.{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise HTTPException(422, problems) from None
    check_custodial(st.store, org)
    with st.write_lock:
        result = st.store.write("incident.record", org, updated)
    body_out = {"seq": result.seq, "kind": "incident.record", "author": org, "id": incident_id}
    return json_response(request, p, body_out, status_code=201)
