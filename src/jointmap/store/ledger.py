"""The verifiable log in the store: key entry kinds, the Merkle tree's nodes and checkpoints as tables.

* ``org_keys`` (a view, rebuilt from ``key.publish`` / ``key.rotate`` / ``key.revoke`` entries): every key an
  organisation published, with the entries that published, retired or revoked it.
* ``merkle_nodes`` (a view: rebuilt from the log by ``rebuild``): every complete subtree hash of the RFC 9162
  tree over the entries' envelopes, appended in the same transaction as the entries, so proofs and tree
  heads never rehash the log.
* ``checkpoints`` and ``cosignatures`` (local: kept by ``rebuild``, not compared by ``verify --db``): the
  signed notes the operator made and the witnesses' cosignatures. They are not entries: a checkpoint
  commits to the log, it is not part of it.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import BaseModel
from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    and_,
    bindparam,
    insert,
    select,
    update,
)

from jointmap.domain import LogEntry, canonical_json, format_time, sha256_hex
from jointmap.domain.log import envelope_bytes
from jointmap.errors import NotAllowed, StoreError
from jointmap.ledger.errors import LedgerError, SignatureError
from jointmap.ledger.keyhistory import (
    KEY_PUBLISH,
    KEY_REVOKE,
    KEY_ROTATE,
    KeyHistory,
    KeyPublish,
    KeyRecord,
    KeyRevoke,
    KeyRotate,
    KeyRuleError,
    SigningKey,
    parse_org_key,
)
from jointmap.ledger.keyring import Keyring
from jointmap.ledger.merkle import MerkleTree, leaf_hash, leaf_hashes
from jointmap.store import schema as s
from jointmap.store.apply import KINDS, EntryKind, register_kind

__all__ = [
    "SqlNodeStore",
    "WriteSignatureError",
    "append_leaves",
    "checkpoints",
    "cosignatures",
    "expected_signer",
    "key_history",
    "merkle_nodes",
    "new_entry",
    "org_keys",
    "parse_time",
    "rebuild_tree",
    "seal",
    "signed_fields",
    "tree",
    "validate",
]


class WriteSignatureError(NotAllowed, SignatureError):
    """A write refused because its signature is missing, does not verify or is by the wrong key."""

    exit_code = 2


org_keys = Table(
    "org_keys",
    s.metadata,
    Column("org", String(120), primary_key=True),
    Column("key_id", String(8), primary_key=True),
    Column("verifier_key", Text, nullable=False),
    Column("status", String(8), nullable=False),
    Column("published_seq", Integer, nullable=False),
    Column("retired_seq", Integer, nullable=True),
    Column("revoked_seq", Integer, nullable=True),
)

merkle_nodes = Table(
    "merkle_nodes",
    s.metadata,
    Column("level", Integer, primary_key=True, autoincrement=False),
    Column("idx", BigInteger, primary_key=True, autoincrement=False),
    Column("hash", LargeBinary(32), nullable=False),
)

checkpoints = Table(
    "checkpoints",
    s.metadata,
    Column("size", BigInteger, primary_key=True, autoincrement=False),
    Column("origin", Text, nullable=False),
    Column("root_hash", String(64), nullable=False),
    Column("note", Text, nullable=False),
    Column("created_at", String(40), nullable=False),
    info={"local": True},
)

cosignatures = Table(
    "cosignatures",
    s.metadata,
    Column("size", BigInteger, nullable=False),
    Column("org", String(120), nullable=False),
    Column("key_id", String(8), nullable=False),
    Column("timestamp", BigInteger, nullable=False),
    Index("ix_cosignatures", "size", "org", unique=True),
    info={"local": True},
)


# -- key entries -----------------------------------------------------------------------------------------


def _publish(conn: Connection, p: KeyPublish | KeyRotate, e: LogEntry) -> None:
    verifier = parse_org_key(p.org, p.key)
    conn.execute(
        insert(org_keys).values(
            org=p.org,
            key_id=verifier.key_id.hex(),
            verifier_key=verifier.verifier_key,
            status="active",
            published_seq=e.seq,
        )
    )


def _rotate(conn: Connection, p: KeyRotate, e: LogEntry) -> None:
    conn.execute(
        update(org_keys)
        .where(and_(org_keys.c.org == p.org, org_keys.c.key_id == p.previous))
        .values(status="retired", retired_seq=e.seq)
    )
    _publish(conn, p, e)


def _revoke(conn: Connection, p: KeyRevoke, e: LogEntry) -> None:
    conn.execute(
        update(org_keys)
        .where(and_(org_keys.c.org == p.org, org_keys.c.key_id == p.key_id))
        .values(status="revoked", revoked_seq=e.seq)
    )


register_kind(EntryKind(KEY_PUBLISH, KeyPublish, _publish))
register_kind(EntryKind(KEY_ROTATE, KeyRotate, _rotate))
register_kind(EntryKind(KEY_REVOKE, KeyRevoke, _revoke))


def key_history(conn: Connection, orgs: Iterable[str] | None = None) -> KeyHistory:
    """The published keys of ``orgs`` (all organisations when None), in publication order."""
    query = select(org_keys).order_by(org_keys.c.published_seq)
    if orgs is not None:
        query = query.where(org_keys.c.org.in_(sorted(set(orgs))))
    records = []
    for r in conn.execute(query):
        verifier = parse_org_key(r.org, r.verifier_key)
        records.append(
            KeyRecord(
                r.org,
                r.key_id,
                r.verifier_key,
                verifier.public_key,
                r.published_seq,
                r.retired_seq,
                r.revoked_seq,
            )
        )
    return KeyHistory.from_records(records)


# -- the Merkle tree ---------------------------------------------------------------------------------------


class SqlNodeStore:
    """A :class:`jointmap.ledger.NodeStore` over ``merkle_nodes``, for the life of one transaction."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._widths: dict[int, int] = {}

    def width(self, level: int) -> int:
        if level not in self._widths:
            top = self._conn.execute(
                select(merkle_nodes.c.idx)
                .where(merkle_nodes.c.level == level)
                .order_by(merkle_nodes.c.idx.desc())
            ).first()
            self._widths[level] = 0 if top is None else int(top[0]) + 1
        return self._widths[level]

    def get(self, level: int, index: int) -> bytes:
        value = self._conn.execute(
            select(merkle_nodes.c.hash).where(
                and_(merkle_nodes.c.level == level, merkle_nodes.c.idx == index)
            )
        ).scalar()
        if value is None:
            raise LedgerError(f"merkle node ({level}, {index}) is missing; run `jointmap rebuild`")
        return bytes(value)

    def get_range(self, level: int, start: int, stop: int) -> Sequence[bytes]:
        rows = self._conn.execute(
            select(merkle_nodes.c.hash)
            .where(
                and_(merkle_nodes.c.level == level, merkle_nodes.c.idx >= start, merkle_nodes.c.idx < stop)
            )
            .order_by(merkle_nodes.c.idx)
        ).scalars()
        nodes = [bytes(v) for v in rows]
        if len(nodes) != stop - start:
            raise LedgerError(
                f"merkle nodes missing at level {level} in [{start}, {stop}); run `jointmap rebuild`"
            )
        return nodes

    def put(self, level: int, index: int, node: bytes) -> None:
        self.put_many(level, index, (node,))

    def put_many(self, level: int, start: int, nodes: Sequence[bytes]) -> None:
        width = self.width(level)
        if start != width:
            raise LedgerError(f"node store: level {level} has {width} nodes, write starts at {start}")
        self._conn.execute(
            insert(merkle_nodes), [{"level": level, "idx": start + i, "hash": n} for i, n in enumerate(nodes)]
        )
        self._widths[level] = width + len(nodes)


def tree(conn: Connection) -> MerkleTree:
    """The log's Merkle tree, read (and appended) through ``conn``."""
    return MerkleTree(SqlNodeStore(conn))


def append_leaves(conn: Connection, hashes: Sequence[bytes], *, first_seq: int) -> None:
    """Append the leaf hashes of entries ``first_seq, first_seq+1, ...`` (they must be the next leaves)."""
    t = tree(conn)
    if t.size != first_seq:
        raise StoreError(
            f"the Merkle tree holds {t.size} leaves but the next entry is {first_seq}; run `jointmap rebuild`"
        )
    t.extend_leaf_hashes(hashes)


def _entry_rows(conn: Connection, start: int, batch: int) -> list[Any]:
    le = s.log_entries
    query = select(le.c.seq, le.c.kind, le.c.author, le.c.recorded_at, le.c.payload_sha256, le.c.leaf_hash)
    return list(conn.execute(query.where(le.c.seq >= start).order_by(le.c.seq).limit(batch)))


def rebuild_tree(
    conn: Connection, progress: Callable[[int], None] | None = None, *, batch: int = 50_000
) -> int:
    """Recompute every leaf from the entries' envelopes into an empty ``merkle_nodes``; returns the size.

    A stored ``leaf_hash`` that disagrees with its entry means the log was altered: refused. A missing one
    (a database written before the ledger) is filled in.
    """
    t = tree(conn)
    if t.size:
        raise StoreError("rebuild_tree needs an empty merkle_nodes table")
    cursor = 0
    while True:
        rows = _entry_rows(conn, cursor, batch)
        if not rows:
            return t.size
        envelopes = [
            envelope_bytes(
                seq=r.seq,
                kind=r.kind,
                author=r.author,
                recorded_at=r.recorded_at,
                payload_sha256=r.payload_sha256,
            )
            for r in rows
        ]
        hashes = leaf_hashes(envelopes)
        fill = []
        for r, h in zip(rows, hashes, strict=True):
            if r.leaf_hash is None:
                fill.append({"s": r.seq, "h": h.hex()})
            elif r.leaf_hash != h.hex():
                raise StoreError(
                    f"log entry {r.seq}: stored leaf hash does not match its envelope (altered entry)"
                )
        if rows[0].seq != t.size or rows[-1].seq != t.size + len(rows) - 1:
            raise StoreError(f"log entries are not contiguous from seq {t.size}")
        if fill:
            le = s.log_entries
            conn.execute(
                update(le).where(le.c.seq == bindparam("s")).values(leaf_hash=bindparam("h")),
                fill,
            )
        t.extend_leaf_hashes(hashes)
        cursor = rows[-1].seq + 1
        if progress is not None:
            progress(len(rows))


# -- signing writes ------------------------------------------------------------------------------------------


def expected_signer(
    history: KeyHistory, kind: str, author: str, model: Any, *, registrar: bool
) -> SigningKey | None:
    """The key that must sign this write (None: may be unsigned); NotAllowed when the key rules refuse it."""
    try:
        return history.signing_key(kind, author, model, registrar=registrar)
    except KeyRuleError as exc:
        raise NotAllowed(str(exc)) from exc


def seal(
    entry: LogEntry,
    row: dict[str, Any],
    expected: SigningKey | None,
    *,
    keyring: Keyring | None,
    signature: bytes | None = None,
    verifier: Ed25519PublicKey | None = None,
) -> tuple[LogEntry, bytes]:
    """Sign (unless ``signature`` came with the write), verify, fill the row; returns (entry, leaf hash).

    The signature must verify against ``expected`` — the author's currently valid published key — or the
    write is refused; an author with no published key (``expected`` None) writes unsigned.
    """
    envelope = entry.envelope()
    if expected is None:
        if signature is not None:
            raise WriteSignatureError(
                f"{entry.author} has published no key, so its signature cannot be checked; "
                "publish a key first"
            )
    else:
        if signature is None:
            keypair = keyring.get(entry.author, expected.key_id) if keyring is not None else None
            if keypair is None:
                where = f" in {keyring.directory}" if keyring is not None and keyring.directory else ""
                raise WriteSignatureError(
                    f"{entry.author} signs with its published key {expected.key_id}, but no private key for "
                    f"it is held here{where}; pass --keys DIR (or $JOINTMAP_KEYS), "
                    "or submit entries signed elsewhere"
                )
            signature = keypair.sign(envelope)
        key = verifier if verifier is not None else Ed25519PublicKey.from_public_bytes(expected.public_key)
        try:
            key.verify(signature, envelope)
        except (InvalidSignature, ValueError) as exc:
            raise WriteSignatureError(
                f"signature of entry {entry.seq} ({entry.kind} by {entry.author}) does not verify against "
                f"{entry.author}'s valid key {expected.key_id}; refused"
            ) from exc
        sig_text = base64.b64encode(signature).decode("ascii")
        entry = entry.model_copy(update={"signature": sig_text, "key_id": expected.key_id})
        row["signature"] = sig_text
        row["key_id"] = expected.key_id
    leaf = leaf_hash(envelope)
    row["leaf_hash"] = leaf.hex()
    return entry, leaf


# -- building entries --------------------------------------------------------------------------------------


def validate(kind: str, record: BaseModel | dict[str, Any]) -> tuple[EntryKind[Any], BaseModel]:
    entry_kind = KINDS.get(kind)
    if entry_kind is None:
        raise StoreError(f"unknown entry kind {kind!r}; known: {', '.join(sorted(KINDS))}")
    model = (
        record
        if isinstance(record, entry_kind.model)
        else entry_kind.model.model_validate(
            record.model_dump(mode="json") if isinstance(record, BaseModel) else record
        )
    )
    return entry_kind, model


def new_entry(
    seq: int,
    kind: str,
    author: str,
    model: BaseModel,
    recorded_at: datetime | None,
    idempotency_key: str | None,
) -> tuple[LogEntry, dict[str, Any]]:
    """The log entry for a validated record, and its row in ``log_entries``."""
    payload = model.model_dump(mode="json")
    payload_bytes = canonical_json(payload)
    entry = LogEntry(
        seq=seq,
        kind=kind,
        author=author,
        recorded_at=recorded_at or datetime.now(UTC),
        payload=payload,
        payload_sha256=sha256_hex(payload_bytes),
    )
    row = {
        "seq": seq,
        "kind": kind,
        "author": author,
        "recorded_at": format_time(entry.recorded_at),
        "payload": payload_bytes.decode("utf-8"),
        "payload_sha256": entry.payload_sha256,
        "idempotency_key": idempotency_key,
    }
    return entry, row


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def signed_fields(
    data: dict[str, Any], signature: bytes | str
) -> tuple[int, str, str, datetime, dict[str, Any], bytes]:
    """(seq, kind, author, recorded_at, payload, raw signature) of an entry submitted signed."""
    if isinstance(signature, str):
        try:
            signature = base64.b64decode(signature, validate=True)
        except binascii.Error as exc:
            raise WriteSignatureError("signature is not valid base64") from exc
    try:
        payload = data["payload"]
        if not isinstance(payload, dict):
            raise TypeError("payload must be an object")
        recorded_at = datetime.fromisoformat(str(data["recorded_at"]))
        return int(data["seq"]), str(data["kind"]), str(data["author"]), recorded_at, payload, signature
    except (KeyError, TypeError, ValueError) as exc:
        raise StoreError(f"a signed entry needs seq, kind, author, recorded_at and payload: {exc}") from exc
