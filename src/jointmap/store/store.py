"""The store: one write path that appends to the log first, then updates the views, in one transaction."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import BaseModel, ValidationError
from sqlalchemy import Connection, Engine, func, insert, select

from jointmap.domain import (
    LogEntry,
    Organisation,
    OrganisationKind,
    Report,
    canonical_json,
)
from jointmap.errors import NotAllowed, NotFound, StoreError, UnknownOrganisation
from jointmap.ledger.keyhistory import (
    KEY_KINDS,
    KEY_PUBLISH,
    KEY_REVOKE,
    KEY_ROTATE,
    KeyPublish,
    KeyRevoke,
    KeyRotate,
    SigningKey,
)
from jointmap.ledger.keyring import Keyring, resolve_keys_dir
from jointmap.ledger.keys import KeyPair
from jointmap.store import ledger as lg
from jointmap.store import schema as s
from jointmap.store.apply import KINDS, EntryKind, apply_in_order
from jointmap.store.engine import create_store_engine
from jointmap.store.ledger import new_entry as _new_entry
from jointmap.store.ledger import parse_time as _parse_time
from jointmap.store.ledger import validate as _validate

__all__ = ["EntryHook", "PendingWrite", "Store", "WriteResult"]

M = TypeVar("M", bound=BaseModel)

#: Called inside the write transaction after an entry is appended (the ledger signs and hashes here).
EntryHook = Callable[[Connection, LogEntry], None]

_REGISTRARS = {OrganisationKind.OPERATOR, OrganisationKind.MONITOR}


class PendingWrite(NamedTuple):
    """One write for ``write_many``: what, by whom, and an optional idempotency key."""

    kind: str
    author: str
    record: BaseModel
    idempotency_key: str | None = None


@dataclass(frozen=True)
class WriteResult:
    seq: int
    #: False when an identical idempotent write was already in the log (nothing was added).
    created: bool


@dataclass
class Store:
    """A jointmap database. ``Store.open(db)`` creates or migrates it; every write goes through ``write``.

    ``keyring`` holds the private keys this store may sign with: every entry by an organisation that has
    published a key is signed with it and the signature checked against that published key before insert.
    """

    engine: Engine
    entry_hooks: list[EntryHook] = field(default_factory=list)
    keyring: Keyring | None = None

    @classmethod
    def open(
        cls,
        db: str | os.PathLike[str] | None = None,
        *,
        keys: str | os.PathLike[str] | Keyring | bool | None = None,
    ) -> Store:
        """Open ``db``; ``keys`` is a keys directory or Keyring. By default the keys directory is
        ``$JOINTMAP_KEYS`` or ``keys/`` beside the database, used when it exists; ``keys=False``: none."""
        keyring: Keyring | None
        if isinstance(keys, Keyring):
            keyring = keys
        elif keys is False:
            keyring = None
        elif keys is None or keys is True:
            directory = resolve_keys_dir(None, db)
            keyring = Keyring.load(directory) if directory.is_dir() or keys is True else None
        else:
            keyring = Keyring.load(Path(keys))
        return cls(create_store_engine(db), keyring=keyring)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------------------------

    def write(
        self,
        kind: str,
        author: str | None,
        record: BaseModel | dict[str, Any],
        *,
        idempotency_key: str | None = None,
        recorded_at: datetime | None = None,
    ) -> WriteResult:
        """Validate, append one log entry and apply it, atomically. The only way anything is stored."""
        with self.engine.begin() as conn:
            return self.write_in(
                conn, kind, author, record, idempotency_key=idempotency_key, recorded_at=recorded_at
            )

    def write_in(
        self,
        conn: Connection,
        kind: str,
        author: str | None,
        record: BaseModel | dict[str, Any],
        *,
        idempotency_key: str | None = None,
        recorded_at: datetime | None = None,
    ) -> WriteResult:
        """``write`` inside a caller's transaction (batches use a savepoint per record)."""
        entry_kind, model = _validate(kind, record)
        if idempotency_key is not None:
            existing = conn.execute(
                select(s.log_entries.c.seq).where(s.log_entries.c.idempotency_key == idempotency_key)
            ).scalar()
            if existing is not None:
                return WriteResult(int(existing), created=False)
        self._check_author(conn, kind, author, model)
        assert author is not None
        seq = self._next_seq(conn)
        entry, row = _new_entry(seq, kind, author, model, recorded_at, idempotency_key)
        return self._append(conn, entry_kind, model, entry, row, None)

    def _append(
        self,
        conn: Connection,
        entry_kind: EntryKind[Any],
        model: BaseModel,
        entry: LogEntry,
        row: dict[str, Any],
        signature: bytes | None,
    ) -> WriteResult:
        """Sign or check the signature, append entry and leaf, apply: the end of every single write."""
        history = lg.key_history(conn)
        registrar = self._org_kind(conn, entry.author) in _REGISTRARS
        expected = lg.expected_signer(history, entry.kind, entry.author, model, registrar=registrar)
        genesis_key = None
        if entry.seq == 0 and expected is None and signature is None and self.keyring is not None:
            # Bootstrap: the genesis organisation signs its own registration with the key it publishes next.
            genesis_key = self.keyring.get(entry.author)
            if genesis_key is not None:
                expected = SigningKey(entry.author, genesis_key.key_id.hex(), genesis_key.public_key)
        entry, leaf = lg.seal(entry, row, expected, keyring=self.keyring, signature=signature)
        conn.execute(insert(s.log_entries), row)
        entry_kind.apply(conn, model, entry)
        lg.append_leaves(conn, [leaf], first_seq=entry.seq)
        for hook in self.entry_hooks:
            hook(conn, entry)
        if genesis_key is not None:
            self.write_in(
                conn, KEY_PUBLISH, entry.author, KeyPublish(org=entry.author, key=genesis_key.verifier_key)
            )
        return WriteResult(entry.seq, created=True)

    def write_many(
        self,
        items: Iterable[PendingWrite | tuple[str, str, BaseModel]],
        *,
        chunk: int = 5000,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Bulk ``write``: the same log entries and checks, one transaction per ``chunk`` records.

        For large runs (an import, re-adjudicating every incident). Kinds with a bulk applier are applied
        with executemany; the others one by one, in order. Returns the number of entries written.
        """
        written = 0
        batch: list[PendingWrite] = []

        def flush() -> int:
            with self.engine.begin() as conn:
                created = sum(r.created for r in self.write_many_in(conn, batch))
            if progress:
                progress(len(batch))
            return created

        for item in items:
            batch.append(item if isinstance(item, PendingWrite) else PendingWrite(*item))
            if len(batch) >= chunk:
                written += flush()
                batch = []
        if batch:
            written += flush()
        return written

    def write_many_in(self, conn: Connection, batch: list[PendingWrite]) -> list[WriteResult]:
        """``write_many`` inside a caller's transaction; one result per pending write, in order.

        A write whose idempotency key is already in the log (or earlier in the batch) is skipped.
        """
        orgs = {r[0] for r in conn.execute(select(s.organisations.c.id))}
        keys = [w.idempotency_key for w in batch if w.idempotency_key is not None]
        seen: dict[str, int] = {}
        for start in range(0, len(keys), 500):
            part = keys[start : start + 500]
            query = select(s.log_entries.c.idempotency_key, s.log_entries.c.seq)
            seen.update(
                (k, q) for k, q in conn.execute(query.where(s.log_entries.c.idempotency_key.in_(part)))
            )
        seq = self._next_seq(conn)
        now = datetime.now(UTC)
        rows: list[dict[str, Any]] = []
        applied: list[tuple[str, BaseModel, LogEntry]] = []
        results: list[WriteResult] = []
        leaves: list[bytes] = []
        history = lg.key_history(conn)
        signers: dict[str, tuple[SigningKey | None, Ed25519PublicKey | None]] = {}
        for write in batch:
            if write.idempotency_key is not None and write.idempotency_key in seen:
                results.append(WriteResult(seen[write.idempotency_key], created=False))
                continue
            entry_kind = KINDS.get(write.kind)
            if entry_kind is None:
                raise StoreError(f"unknown entry kind {write.kind!r}")
            if write.kind == "organisation.register" or write.kind in KEY_KINDS:
                raise StoreError(f"write {write.kind} entries with write(), not write_many()")
            if write.author not in orgs:
                raise UnknownOrganisation(write.author, sorted(orgs))
            record = write.record
            model = (
                record
                if isinstance(record, entry_kind.model)
                else entry_kind.model.model_validate(record.model_dump(mode="json"))
            )
            entry, row = _new_entry(seq, write.kind, write.author, model, now, write.idempotency_key)
            if write.author not in signers:
                key = lg.expected_signer(history, write.kind, write.author, model, registrar=False)
                signers[write.author] = (
                    key,
                    Ed25519PublicKey.from_public_bytes(key.public_key) if key else None,
                )
            expected, verifier = signers[write.author]
            entry, leaf = lg.seal(entry, row, expected, keyring=self.keyring, verifier=verifier)
            leaves.append(leaf)
            rows.append(row)
            applied.append((write.kind, model, entry))
            results.append(WriteResult(seq, created=True))
            if write.idempotency_key is not None:
                seen[write.idempotency_key] = seq
            seq += 1
        if rows:
            conn.execute(insert(s.log_entries), rows)
            apply_in_order(conn, applied)
            lg.append_leaves(conn, leaves, first_seq=rows[0]["seq"])
            for _, _, entry in applied:
                for hook in self.entry_hooks:
                    hook(conn, entry)
        return results

    # -- entries signed elsewhere, and keys ------------------------------------------------------------------

    def prepare(self, kind: str, author: str, record: BaseModel | dict[str, Any]) -> LogEntry:
        """The unsigned entry a write would append now (next seq, current time), for signing elsewhere.

        Sign ``entry.envelope()`` with the author's key and pass the entry's fields and the signature to
        :meth:`submit_signed` before anything else is written (the seq is part of what is signed).
        """
        _, model = _validate(kind, record)
        with self.engine.connect() as conn:
            self._check_author(conn, kind, author, model)
            return _new_entry(self._next_seq(conn), kind, author, model, None, None)[0]

    def submit_signed(
        self,
        fields: dict[str, Any] | LogEntry,
        signature: bytes | str,
        *,
        idempotency_key: str | None = None,
    ) -> WriteResult:
        """Append an entry signed by its author elsewhere (an organisation that keeps its key to itself).

        ``fields`` holds seq, kind, author, recorded_at and payload (as :meth:`prepare` returned them);
        ``signature`` is the raw or base64 Ed25519 signature over the envelope. It must verify against the
        author's currently valid published key (a ``key.publish`` against the key it publishes), the seq must
        be the log's next one and the payload in canonical form, else the write is refused.
        """
        data = fields.model_dump(mode="json") if isinstance(fields, LogEntry) else dict(fields)
        seq, kind, author, recorded_at, payload, raw_signature = lg.signed_fields(data, signature)
        entry_kind, model = _validate(kind, payload)
        if canonical_json(model.model_dump(mode="json")) != canonical_json(payload):
            raise NotAllowed(
                "payload is not in canonical form (defaults, normalisation): sign what prepare returns"
            )
        with self.engine.begin() as conn:
            if idempotency_key is not None:
                existing = conn.execute(
                    select(s.log_entries.c.seq).where(s.log_entries.c.idempotency_key == idempotency_key)
                ).scalar()
                if existing is not None:
                    return WriteResult(int(existing), created=False)
            self._check_author(conn, kind, author, model)
            expected_seq = self._next_seq(conn)
            if seq != expected_seq:
                raise NotAllowed(
                    f"entry was signed for seq {seq} but the log's next entry is {expected_seq}; "
                    "prepare and sign again"
                )
            entry, row = _new_entry(seq, kind, author, model, recorded_at, idempotency_key)
            if "payload_sha256" in data and data["payload_sha256"] != entry.payload_sha256:
                raise NotAllowed("payload_sha256 does not match the payload")
            return self._append(conn, entry_kind, model, entry, row, raw_signature)

    def _keyring(self) -> Keyring:
        if self.keyring is None:
            raise StoreError("this store was opened without a keys directory (pass --keys DIR)")
        return self.keyring

    def publish_key(self, org: str, keypair: KeyPair | None = None) -> KeyPair:
        """Publish ``org``'s key (new in the keys directory unless given) as a self-signed ``key.publish``."""
        ring = self._keyring()
        keypair = keypair or ring.adopt_or_create(org)
        ring.add(keypair)
        self.write(KEY_PUBLISH, org, KeyPublish(org=org, key=keypair.verifier_key))
        return keypair

    def rotate_key(self, org: str) -> KeyPair:
        """A new key for ``org``, announced in a ``key.rotate`` signed by its current key."""
        ring = self._keyring()
        with self.engine.connect() as conn:
            active = lg.key_history(conn, [org]).active(org)
        if active is None:
            raise NotAllowed(f"{org} has no active key to rotate; use `jointmap keys new {org}`")
        new = ring.create(org, next_key=True)
        self.write(KEY_ROTATE, org, KeyRotate(org=org, key=new.verifier_key, previous=active.key_id))
        ring.promote_next(org, active.key_id)
        return new

    def revoke_key(self, org: str, key_id: str, *, by: str | None = None, reason: str = "") -> WriteResult:
        """Revoke ``org``'s key ``key_id`` (by ``org`` itself, or by an operator or monitor ``by``)."""
        return self.write(KEY_REVOKE, by or org, KeyRevoke(org=org, key_id=key_id, reason=reason))

    @staticmethod
    def _next_seq(conn: Connection) -> int:
        return int(conn.execute(select(func.coalesce(func.max(s.log_entries.c.seq), -1))).scalar_one()) + 1

    @staticmethod
    def _org_kind(conn: Connection, org: str | None) -> OrganisationKind | None:
        kind = conn.execute(select(s.organisations.c.kind).where(s.organisations.c.id == org)).scalar()
        return None if kind is None else OrganisationKind(kind)

    def _check_author(self, conn: Connection, kind: str, author: str | None, model: BaseModel) -> None:
        org_kind = self._org_kind(conn, author)
        if kind == "organisation.register" and isinstance(model, Organisation):
            if (
                org_kind is None
                and author == model.id
                and model.kind in _REGISTRARS
                and not self._any_org(conn)
            ):
                return  # genesis: the first operator or monitor registers itself
            if org_kind is not None and (org_kind in _REGISTRARS or author == model.id):
                return
        if author is None or org_kind is None:
            known = [r[0] for r in conn.execute(select(s.organisations.c.id).order_by(s.organisations.c.id))]
            raise UnknownOrganisation(author, known)
        if kind == "organisation.register":
            raise NotAllowed(f"{author} may not register organisations (only an operator or monitor may)")
        if isinstance(model, Report):
            existing = conn.execute(select(s.reports.c.digest).where(s.reports.c.id == model.id)).scalar()
            if existing == model.digest:
                raise NotAllowed(
                    f"report {model.id!r} is already stored (pass an idempotency key to skip it)"
                )
            if existing is not None:
                raise NotAllowed(f"report {model.id!r} exists with other content; reports are immutable")

    @staticmethod
    def _any_org(conn: Connection) -> bool:
        return conn.execute(select(s.organisations.c.id).limit(1)).first() is not None

    # -- reading ---------------------------------------------------------------------------------------------

    def organisation_ids(self) -> list[str]:
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(select(s.organisations.c.id).order_by(s.organisations.c.id))]

    def require_organisation(self, org: str | None) -> str:
        """The organisation id if the store knows it; else UnknownOrganisation naming the known ones."""
        known = self.organisation_ids()
        if org is None or org not in known:
            raise UnknownOrganisation(org, known)
        return org

    def entry_count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(s.log_entries)).scalar_one())

    def entries(self, start: int = 0, stop: int | None = None, *, batch: int = 5000) -> Iterator[LogEntry]:
        """Log entries in sequence order, streamed in batches."""
        cursor = start
        while stop is None or cursor < stop:
            query = select(s.log_entries).where(s.log_entries.c.seq >= cursor).order_by(s.log_entries.c.seq)
            upper = batch if stop is None else min(batch, stop - cursor)
            with self.engine.connect() as conn:
                rows = conn.execute(query.limit(upper)).all()
            if not rows:
                return
            for r in rows:
                yield LogEntry(
                    seq=r.seq,
                    kind=r.kind,
                    author=r.author,
                    recorded_at=_parse_time(r.recorded_at),
                    payload=json.loads(r.payload),
                    payload_sha256=r.payload_sha256,
                    signature=r.signature,
                    key_id=r.key_id,
                )
            cursor = int(rows[-1].seq) + 1

    def get(self, model: type[M], table: str, key: str) -> M:
        t = s.metadata.tables[table]
        with self.engine.connect() as conn:
            data = conn.execute(select(t.c.data).where(t.c.id == key)).scalar()
        if data is None:
            raise NotFound(f"no {table[:-1]} with id {key!r}")
        return model.model_validate_json(data)

    def all(self, model: type[M], table: str) -> list[M]:
        t = s.metadata.tables[table]
        with self.engine.connect() as conn:
            return [
                model.model_validate_json(d)
                for d in conn.execute(select(t.c.data).order_by(t.c.id)).scalars()
            ]

    def count(self, table: str) -> int:
        """Rows of ``table``; "verdicts" counts every verdict, whole and batch (the ``all_verdicts`` view)."""
        t = s.verdicts if table == "verdicts" else s.metadata.tables[table]
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(t)).scalar_one())

    # -- rebuilding ------------------------------------------------------------------------------------------

    def rebuild(self, progress: Callable[[int], None] | None = None) -> int:
        """Drop every view table and replay the log into it; returns the number of entries replayed."""
        with self.engine.begin() as conn:
            s.metadata.drop_all(conn, tables=s.view_tables())
            s.metadata.create_all(conn, tables=s.view_tables())
            replayed = 0
            for entry in self.entries():
                kind = KINDS[entry.kind]
                try:
                    model = kind.model.model_validate(entry.payload)
                except ValidationError as exc:  # a log written by this version always validates
                    raise StoreError(
                        f"log entry {entry.seq} ({entry.kind}) no longer validates: {exc}"
                    ) from exc
                kind.apply(conn, model, entry)
                replayed += 1
                if progress is not None:
                    progress(1)
            lg.rebuild_tree(conn)
            return replayed
