"""The ledger over a store: checkpoints, witnesses' cosignatures, proofs, export and ``verify --db``.

The pure core (tree, notes, keys, offline verification) is elsewhere in this package; this module is the
edge that reads and writes the database. It is not imported by ``jointmap.ledger`` (the store imports the
core, and this module imports the store).
"""

from __future__ import annotations

import base64
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, and_, delete, insert, or_, select, update

from jointmap.domain.log import format_time
from jointmap.errors import NotFound, StoreError
from jointmap.ledger.checkpoint import Checkpoint, format_checkpoint
from jointmap.ledger.errors import KeyFileError, LedgerError
from jointmap.ledger.export_format import (
    CHECKPOINTS_DIR,
    ENTRIES_FILE,
    EXPORT_FORMAT,
    KEYS_FILE,
    LOG_FILE,
    ExportEntry,
    checkpoint_filename,
    entry_line,
    parse_entry_line,
)
from jointmap.ledger.keyhistory import SigningKey
from jointmap.ledger.keys import KeyPair
from jointmap.ledger.merkle import MerkleTree
from jointmap.ledger.note import parse_note, sign_note
from jointmap.ledger.signers import CosignatureV1Verifier, Ed25519Verifier
from jointmap.ledger.witness import Cosigned, required_cosigners, witness_cosign
from jointmap.store import Store
from jointmap.store import schema as s
from jointmap.store.compare import table_contents
from jointmap.store.engine import create_store_engine
from jointmap.store.ledger import checkpoints, cosignatures, key_history, org_keys, tree

__all__ = [
    "CheckpointInfo",
    "ExportSummary",
    "compare_with_db",
    "consistency_proof",
    "cosign_checkpoint",
    "export_log",
    "inclusion_proof",
    "list_checkpoints",
    "log_key_at",
    "sign_checkpoint",
]


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _log_org(conn: Connection) -> str:
    org = conn.execute(select(s.log_entries.c.author).where(s.log_entries.c.seq == 0)).scalar()
    if org is None:
        raise StoreError("the log is empty")
    return str(org)


def _origin(conn: Connection, default: str | None) -> str:
    first = conn.execute(select(checkpoints.c.origin).order_by(checkpoints.c.size).limit(1)).scalar()
    if first is not None:
        if default is not None and default != first:
            raise StoreError(f"this log's origin is {first!r}; checkpoints cannot change it to {default!r}")
        return str(first)
    return default or "jointmap/" + (os.environ.get("JOINTMAP_DEPLOYMENT") or "log")


def log_key_at(conn: Connection, size: int) -> SigningKey | None:
    """The log organisation's key valid once the first ``size`` entries are in (signs checkpoint ``size``)."""
    org = _log_org(conn)
    k = org_keys.c
    row = conn.execute(
        select(k.key_id, k.verifier_key).where(
            and_(
                k.org == org,
                k.published_seq < size,
                or_(k.retired_seq.is_(None), k.retired_seq >= size),
                or_(k.revoked_seq.is_(None), k.revoked_seq >= size),
            )
        )
    ).first()
    if row is None:
        return None
    history = key_history(conn, [org])
    record = history.find(org, row.key_id)
    return record.signing_key() if record else None


def _tree_size(conn: Connection) -> int:
    return tree(conn).size


def sign_checkpoint(store: Store, *, origin: str | None = None, now: datetime | None = None) -> str:
    """Sign a checkpoint of the whole log as the log organisation (genesis operator); returns the note."""
    with store.engine.begin() as conn:
        t = tree(conn)
        size = t.size
        if size == 0:
            raise StoreError("the log is empty: nothing to checkpoint")
        existing = conn.execute(select(checkpoints.c.note).where(checkpoints.c.size == size)).scalar()
        if existing is not None:
            return str(existing)
        log_origin = _origin(conn, origin)
        key = log_key_at(conn, size)
        org = _log_org(conn)
        if key is None:
            raise StoreError(f"{org} (the log organisation) has no valid key: `jointmap keys new {org}`")
        held = store.keyring.get(org, key.key_id) if store.keyring is not None else None
        if held is None:
            raise KeyFileError(
                f"the private key {org} {key.key_id} that signs checkpoints is not in the keys dir"
            )
        root = t.root(size)
        signer = KeyPair(log_origin, held.private_key).note_signer()
        note = sign_note(format_checkpoint(Checkpoint(log_origin, size, root)), signer).to_text()
        conn.execute(
            insert(checkpoints).values(
                size=size,
                origin=log_origin,
                root_hash=root.hex(),
                note=note,
                created_at=format_time(now or datetime.now(UTC)),
            )
        )
        return note


def cosign_checkpoint(
    store: Store, org: str, *, size: int | None = None, clock: Callable[[], int] | None = None
) -> Cosigned:
    """``org`` as witness: check the checkpoint (latest, or of ``size``) against the last one it cosigned
    (``witness-state/<org>.checkpoint`` in the keys directory), then add and store its cosignature."""
    ring = store.keyring
    if ring is None or ring.directory is None:
        raise KeyFileError("witnessing needs a keys directory holding the witness's private key (--keys DIR)")
    with store.engine.begin() as conn:
        query = select(checkpoints).order_by(checkpoints.c.size.desc()).limit(1)
        if size is not None:
            query = select(checkpoints).where(checkpoints.c.size == size)
        row = conn.execute(query).first()
        if row is None:
            raise NotFound("no checkpoint to cosign" + (f" of size {size}" if size is not None else ""))
        key = log_key_at(conn, row.size)
        if key is None:
            raise StoreError("no log key valid at that checkpoint's size")
        active = key_history(conn, [org]).active(org)
        if active is None:
            raise StoreError(f"{org} has no published key to cosign with: `jointmap keys new {org}`")
        keypair = ring.get(org, active.key_id)
        if keypair is None:
            raise KeyFileError(f"{org}'s private key {active.key_id} is not in {ring.directory}")
        t = tree(conn)
        done = witness_cosign(
            row.note,
            log_verifier=Ed25519Verifier(row.origin, key.public_key),
            origin=row.origin,
            keypair=keypair,
            state=ring.witness_state(org),
            consistency_proof=t.consistency_proof,
            clock=clock,
        )
        conn.execute(update(checkpoints).where(checkpoints.c.size == row.size).values(note=done.note))
        cs = cosignatures.c
        conn.execute(delete(cosignatures).where(and_(cs.size == row.size, cs.org == org)))
        conn.execute(
            insert(cosignatures).values(
                size=row.size, org=org, key_id=active.key_id, timestamp=done.timestamp
            )
        )
        return done


@dataclass(frozen=True)
class CheckpointInfo:
    size: int
    origin: str
    root_hash: bytes
    created_at: str
    cosigners: tuple[str, ...]
    required: tuple[str, ...]
    note: str

    @property
    def joint(self) -> bool:
        return bool(self.required) and set(self.required) <= set(self.cosigners)


def _required(conn: Connection) -> set[str]:
    agreements = [json.loads(d) for d in conn.execute(select(s.agreements.c.data)).scalars()]
    orgs = [json.loads(d) for d in conn.execute(select(s.organisations.c.data)).scalars()]
    return required_cosigners(agreements, orgs)


def list_checkpoints(store: Store) -> list[CheckpointInfo]:
    """Every stored checkpoint, oldest first, with who cosigned it (cosignatures that verify)."""
    with store.engine.connect() as conn:
        required = tuple(sorted(_required(conn)))
        history = key_history(conn)
        witnesses = [
            CosignatureV1Verifier(r.org, r.public_key) for r in history.records if r.revoked_seq is None
        ]
        result = []
        for row in conn.execute(select(checkpoints).order_by(checkpoints.c.size)):
            by_id = {(w.name, w.key_id): w.name for w in witnesses}
            message = parse_note(row.note)
            text = message.text.encode("utf-8")
            names = set()
            for sig in message.signatures:
                verifier = next((w for w in witnesses if (w.name, w.key_id) == (sig.name, sig.key_id)), None)
                if verifier is not None and verifier.verify(text, sig.signature):
                    names.add(by_id[(sig.name, sig.key_id)])
            result.append(
                CheckpointInfo(
                    row.size,
                    row.origin,
                    bytes.fromhex(row.root_hash),
                    row.created_at,
                    tuple(sorted(names)),
                    required,
                    row.note,
                )
            )
        return result


def inclusion_proof(store: Store, index: int, size: int | None = None) -> dict[str, Any]:
    """PATH(index, D[size]) with the leaf hash and root, hashes base64, as printed by ``log proof``."""
    with store.engine.connect() as conn:
        t: MerkleTree = tree(conn)
        size = t.size if size is None else size
        proof = t.inclusion_proof(index, size)
        return {
            "type": "inclusion",
            "leaf_index": index,
            "tree_size": size,
            "leaf_hash": _b64(t.leaf_hash(index)),
            "root_hash": _b64(t.root(size)),
            "proof": [_b64(h) for h in proof],
        }


def consistency_proof(store: Store, old_size: int, new_size: int) -> dict[str, Any]:
    """PROOF(old_size, D[new_size]) with both roots, hashes base64."""
    with store.engine.connect() as conn:
        t = tree(conn)
        proof = t.consistency_proof(old_size, new_size)
        return {
            "type": "consistency",
            "old_size": old_size,
            "new_size": new_size,
            "old_root_hash": _b64(t.root(old_size)),
            "new_root_hash": _b64(t.root(new_size)),
            "proof": [_b64(h) for h in proof],
        }


@dataclass(frozen=True)
class ExportSummary:
    directory: Path
    entries: int
    checkpoints: int
    keys: int
    origin: str
    root_hash: bytes


def export_log(
    store: Store, directory: Path, *, progress: Callable[[int], None] | None = None
) -> ExportSummary:
    """Write the log to ``directory`` in the layout of docs/log-format.md §9 (an empty or new directory)."""
    if (directory / ENTRIES_FILE).exists():
        raise StoreError(f"{directory} already holds an export; choose an empty directory")
    (directory / CHECKPOINTS_DIR).mkdir(parents=True, exist_ok=True)
    le = s.log_entries.c
    with store.engine.connect() as conn:  # one read transaction: a consistent snapshot of the log
        size = _tree_size(conn)
        with (directory / ENTRIES_FILE).open("wb") as fh:
            cursor = 0
            while cursor < size:
                rows = conn.execute(
                    select(
                        le.seq,
                        le.kind,
                        le.author,
                        le.recorded_at,
                        le.payload_sha256,
                        le.payload,
                        le.signature,
                        le.key_id,
                    )
                    .where(and_(le.seq >= cursor, le.seq < size))
                    .order_by(le.seq)
                    .limit(20_000)
                ).all()
                if not rows:
                    break
                for r in rows:
                    sig = base64.b64decode(r.signature) if r.signature else None
                    fh.write(
                        entry_line(
                            ExportEntry(
                                r.seq,
                                r.kind,
                                r.author,
                                r.recorded_at,
                                r.payload_sha256,
                                r.payload,
                                sig,
                                r.key_id,
                            )
                        )
                    )
                cursor = rows[-1].seq + 1
                if progress is not None:
                    progress(len(rows))
        cps = conn.execute(
            select(checkpoints).where(checkpoints.c.size <= size).order_by(checkpoints.c.size)
        ).all()
        for cp in cps:
            (directory / CHECKPOINTS_DIR / checkpoint_filename(cp.size)).write_text(cp.note, encoding="utf-8")
        keys = conn.execute(select(org_keys).order_by(org_keys.c.published_seq)).all()
        with (directory / KEYS_FILE).open("w", encoding="utf-8") as fh:
            for k in keys:
                fh.write(json.dumps(dict(k._mapping), sort_keys=True) + "\n")
        origin = cps[0].origin if cps else _origin(conn, None)
        root = tree(conn).root(size)
        meta = {
            "format": EXPORT_FORMAT,
            "origin": origin,
            "log_org": _log_org(conn) if size else None,
            "size": size,
            "root_hash": _b64(root),
            "exported_at": format_time(datetime.now(UTC)),
        }
    (directory / LOG_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return ExportSummary(directory, size, len(cps), len(keys), origin, root)


def _replay(directory: Path, store: Store) -> None:
    with store.engine.begin() as conn, (directory / ENTRIES_FILE).open("rb") as fh:
        batch: list[dict[str, Any]] = []
        for line in fh:
            e = parse_entry_line(line)
            batch.append(
                {
                    "seq": e.seq,
                    "kind": e.kind,
                    "author": e.author,
                    "recorded_at": e.recorded_at,
                    "payload": e.payload,
                    "payload_sha256": e.payload_sha256,
                    "signature": None if e.signature is None else _b64(e.signature),
                    "key_id": e.key_id,
                }
            )
            if len(batch) >= 5000:
                conn.execute(insert(s.log_entries), batch)
                batch = []
        if batch:
            conn.execute(insert(s.log_entries), batch)
    store.rebuild()


def compare_with_db(directory: Path, db: str) -> list[str]:
    """Replay the export's entries into a temporary SQLite store and compare its derived tables with ``db``'s.

    Returns one line per table that differs (empty: the database is exactly what the entries say).
    """
    with (
        tempfile.TemporaryDirectory(prefix="jointmap-verify-") as tmp,
        Store.open(Path(tmp) / "replayed.db", keys=False) as replayed,
    ):
        try:
            _replay(directory, replayed)
        except (StoreError, LedgerError, ValueError) as exc:
            return [f"the export's entries do not replay: {exc}"]
        ours = table_contents(replayed.engine)
    engine = create_store_engine(db, migrate_schema=False)
    try:
        theirs = table_contents(engine)
    except Exception as exc:  # any failure to read is reported, not raised
        return [f"cannot read {db}'s tables (an older schema? open it with jointmap once): {exc}"]
    finally:
        engine.dispose()
    differences = []
    for name in sorted(set(ours) | set(theirs)):
        a, b = ours.get(name, []), theirs.get(name, [])
        if a != b:
            only_db, only_export = len(set(b) - set(a)), len(set(a) - set(b))
            differences.append(
                f"table {name}: {only_db} rows only in the database, {only_export} only in the replay"
            )
    return differences
