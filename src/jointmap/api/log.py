"""The log over HTTP: entries, the tree head, signed checkpoints, inclusion and consistency proofs, and the
submission of entries an organisation signed itself.

Leaves are the entries' envelopes (``LogEntry.envelope()``, see docs/log-format.md); proofs come from the
RFC 9162 tree the store keeps beside the log (updated in each write's transaction). Entries whose content
the viewer may not see (a protected site, a restricted source) keep their envelope and ``payload_sha256`` —
so every proof still verifies — but their payload is withheld.
"""

from __future__ import annotations

import base64
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from jointmap.api.auth import Principal, get_principal, require
from jointmap.api.common import Envelope, Page, errors, page_of, state
from jointmap.api.redact import json_response
from jointmap.api.writes import _liaison_rules, check_author
from jointmap.domain import LogEntry, format_time
from jointmap.errors import StoreError
from jointmap.ledger import LedgerError, SignatureError, parse_checkpoint, parse_note
from jointmap.ledger.service import log_key_at, sign_checkpoint
from jointmap.ledger.signers import Ed25519Verifier
from jointmap.store import KINDS
from jointmap.store.accounts import Role
from jointmap.store.ledger import tree as stored_tree

__all__ = ["router"]

router = APIRouter(prefix="/api/log", tags=["log"], responses=errors(404, 409))
Viewer = Annotated[Principal, Depends(get_principal)]
_WITHHELD = {"site.notify"}


def _hidden(request: Request, p: Principal, kind: str, payload: dict[str, Any]) -> bool:
    if p.public and kind in _WITHHELD:
        return True
    if kind == "source.register" and payload.get("restricted"):
        return payload.get("id") in state(request).redactions.hidden_source_ids(p)
    if kind == "report.receive":
        return payload.get("source") in state(request).redactions.hidden_source_ids(p)
    return False


def _entry_json(request: Request, p: Principal, e: LogEntry) -> dict[str, Any]:
    withheld = _hidden(request, p, e.kind, e.payload)
    return {
        "seq": e.seq,
        "kind": e.kind,
        "author": e.author,
        "recorded_at": format_time(e.recorded_at),
        "payload_sha256": e.payload_sha256,
        "payload": None if withheld else e.payload,
        "withheld": withheld,
        "signature": e.signature,
        "key_id": e.key_id,
        "envelope": e.envelope().decode("utf-8"),
    }


@router.get("/entries", response_model=Page)
def entries(
    request: Request,
    p: Viewer,
    start: Annotated[int, Query(ge=0, le=2**53)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> Response:
    """Entries in log order from ``start``; each with its envelope (the bytes hashed into the leaf).

    A page ends early once its envelopes pass ``PAGE_BYTES`` (a bulk adjudication's entries hold 10,000
    verdicts each): follow ``next_offset`` rather than adding ``limit``."""
    st = state(request)
    total = st.store.entry_count()
    items: list[dict[str, Any]] = []
    size = 0
    for e in st.store.entries(start, min(total, start + limit)):
        items.append(_entry_json(request, p, e))
        size += len(items[-1]["envelope"])
        if size >= PAGE_BYTES:
            break
    page = page_of(items, total, limit, start)
    end = start + len(items)
    page["next_offset"] = end if end < total else None
    return json_response(request, p, page)


#: Envelope bytes after which a page of ``GET /entries`` ends (at least one entry is always returned).
PAGE_BYTES = 8 << 20


@router.get("/entries/{seq}", response_model=Envelope)
def entry(request: Request, p: Viewer, seq: int) -> Response:
    got = list(state(request).store.entries(seq, seq + 1)) if seq >= 0 else []
    if not got:
        raise HTTPException(404, f"no log entry {seq}")
    return json_response(request, p, _entry_json(request, p, got[0]))


def _hex(b: bytes) -> str:
    return b.hex()


@router.get("/tree", response_model=Envelope)
def tree_head(request: Request, p: Viewer) -> Response:
    """The current tree size and RFC 9162 root hash (hex and base64), unsigned."""
    with state(request).store.engine.connect() as conn:
        t = stored_tree(conn)
        size = t.size
        root = t.root(size)
    return json_response(
        request, p, {"size": size, "root_hex": _hex(root), "root_base64": base64.b64encode(root).decode()}
    )


@router.get("/checkpoint", response_model=Envelope)
def checkpoint(request: Request, p: Viewer) -> Response:
    """The checkpoint (C2SP signed note) of the whole log, signed by the log organisation's key.

    The first request at a new tree size signs and stores one (as ``jointmap log checkpoint`` does); later
    ones return it with any witnesses' cosignatures. 404 when this server holds no key to sign with.
    """
    st = state(request)
    try:
        note = sign_checkpoint(st.store, origin=st.settings.log_origin or None)
    except (StoreError, LedgerError) as exc:
        raise HTTPException(
            404, f"no signed checkpoint: {exc}; the unsigned tree head is at /api/log/tree"
        ) from None
    body = parse_checkpoint(parse_note(note).text)
    with st.store.engine.connect() as conn:
        key = log_key_at(conn, body.size)
    verifier = Ed25519Verifier(body.origin, key.public_key).verifier_key if key is not None else None
    return json_response(
        request, p, {"origin": body.origin, "size": body.size, "note": note, "verifier_key": verifier}
    )


@router.get("/proofs/inclusion", response_model=Envelope)
def inclusion(
    request: Request,
    p: Viewer,
    index: Annotated[int, Query(ge=0, le=2**53, description="Leaf index (= entry seq).")],
    size: Annotated[int | None, Query(ge=1, le=2**53, description="Tree size (default: current).")] = None,
) -> Response:
    """RFC 9162 inclusion proof of entry ``index`` in the tree of ``size`` entries (deepest sibling first)."""
    with state(request).store.engine.connect() as conn:
        t = stored_tree(conn)
        current = t.size
        size = size or current
        if size > current or index >= size:
            raise HTTPException(400, f"need index < size <= {current} (the tree has {current} entries)")
        proof = t.inclusion_proof(index, size)
        leaf, root = t.leaf_hash(index), t.root(size)
    return json_response(
        request,
        p,
        {
            "index": index,
            "size": size,
            "leaf_hash": _hex(leaf),
            "root": _hex(root),
            "proof": [_hex(h) for h in proof],
        },
    )


@router.get("/proofs/consistency", response_model=Envelope)
def consistency(
    request: Request,
    p: Viewer,
    old: Annotated[int, Query(ge=1, le=2**53, description="Older tree size (> 0).")],
    new: Annotated[
        int | None, Query(ge=1, le=2**53, description="Newer tree size (default: current).")
    ] = None,
) -> Response:
    """RFC 9162 consistency proof between two tree sizes."""
    with state(request).store.engine.connect() as conn:
        t = stored_tree(conn)
        current = t.size
        new = new or current
        if not 0 < old <= new <= current:
            raise HTTPException(400, f"need 0 < old <= new <= {current}")
        proof = t.consistency_proof(old, new)
        roots = t.root(old), t.root(new)
    return json_response(
        request,
        p,
        {
            "old": old,
            "new": new,
            "old_root": _hex(roots[0]),
            "new_root": _hex(roots[1]),
            "proof": [_hex(h) for h in proof],
        },
    )


class SignedEntry(BaseModel):
    """An entry its organisation signed locally (``jointmap submit``): the Ed25519 signature covers the
    envelope ``{author, kind, payload_sha256, recorded_at, seq, v}`` for the next ``seq`` of the log, with the
    payload exactly as ``Store.prepare`` gives it (canonical form)."""

    model_config = ConfigDict(extra="forbid")
    seq: int = Field(ge=0, le=2**53)
    kind: str = Field(min_length=1, max_length=64)
    author: str = Field(min_length=1, max_length=120)
    recorded_at: AwareDatetime
    payload: dict[str, Any]
    signature: str = Field(min_length=1, max_length=200, description="base64 Ed25519 signature (64 bytes)")
    payload_sha256: str | None = Field(default=None, pattern="^[0-9a-f]{64}$")


Writer = Annotated[
    Principal, Depends(require(Role.PARTY_LIAISON, Role.MONITOR, Role.REVIEWER, Role.ADMINISTRATOR))
]


class Unsigned(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: str = Field(min_length=1, max_length=64)
    author: str | None = Field(default=None, max_length=120)
    payload: dict[str, Any]


@router.post("/prepare", response_model=Envelope, responses=errors(403))
def prepare(request: Request, body: Unsigned, p: Writer) -> Response:
    """The unsigned entry a write would append now (``Store.prepare``): next seq, time, canonical payload,
    and ``envelope_base64``, the bytes to sign. Sign them with your own key and POST the entry with the
    signature to ``/api/log/entries`` before anything else is written (the seq is part of what is signed)."""
    st = state(request)
    org = check_author(p, body.author)
    kind = KINDS.get(body.kind)
    if kind is None:
        raise HTTPException(422, f"kind: unknown entry kind {body.kind!r}")
    record = kind.model.model_validate(body.payload)
    _liaison_rules(st.store, p, org, record)
    entry = st.store.prepare(body.kind, org, record)
    out = entry.model_dump(mode="json", include={"seq", "kind", "author", "recorded_at", "payload"})
    out["payload_sha256"] = entry.payload_sha256
    out["envelope_base64"] = base64.b64encode(entry.envelope()).decode("ascii")
    return json_response(request, p, out)


@router.post("/entries", status_code=201, response_model=Envelope, responses=errors(403))
def submit(request: Request, body: SignedEntry, p: Writer) -> Response:
    """Append an entry signed by its author's own key, checked against the author's key published in the log
    (``Store.submit_signed``); 409 when the log has moved on (sign again for the new seq)."""
    st = state(request)
    org = check_author(p, body.author)
    kind = KINDS.get(body.kind)
    if kind is None:
        raise HTTPException(422, f"kind: unknown entry kind {body.kind!r}")
    record = kind.model.model_validate(body.payload)
    _liaison_rules(st.store, p, org, record)
    fields = body.model_dump(mode="json", exclude={"signature"}, exclude_none=True)
    try:
        with st.write_lock:
            result = st.store.submit_signed(fields, body.signature)
    except SignatureError as exc:
        raise HTTPException(422, f"signature: {exc}") from None
    return json_response(request, p, {"seq": result.seq, "kind": body.kind, "author": org}, status_code=201)
