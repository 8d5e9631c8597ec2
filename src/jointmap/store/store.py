"""The store: one write path that appends to the log first, then updates the views, in one transaction."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import Connection, Engine, func, insert, select

from jointmap.domain import (
    LogEntry,
    Organisation,
    OrganisationKind,
    Report,
    canonical_json,
    format_time,
    sha256_hex,
)
from jointmap.errors import NotAllowed, NotFound, StoreError, UnknownOrganisation
from jointmap.store import schema as s
from jointmap.store.apply import KINDS, apply_in_order
from jointmap.store.engine import create_store_engine

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
    """A jointmap database. ``Store.open(db)`` creates or migrates it; every write goes through ``write``."""

    engine: Engine
    entry_hooks: list[EntryHook] = field(default_factory=list)

    @classmethod
    def open(cls, db: str | os.PathLike[str] | None = None) -> Store:
        return cls(create_store_engine(db))

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
        conn.execute(insert(s.log_entries), row)
        entry_kind.apply(conn, model, entry)
        for hook in self.entry_hooks:
            hook(conn, entry)
        return WriteResult(seq, created=True)

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
        for write in batch:
            if write.idempotency_key is not None and write.idempotency_key in seen:
                results.append(WriteResult(seen[write.idempotency_key], created=False))
                continue
            entry_kind = KINDS.get(write.kind)
            if entry_kind is None:
                raise StoreError(f"unknown entry kind {write.kind!r}")
            if write.kind == "organisation.register":
                raise StoreError("register organisations with write(), not write_many()")
            if write.author not in orgs:
                raise UnknownOrganisation(write.author, sorted(orgs))
            record = write.record
            model = (
                record
                if isinstance(record, entry_kind.model)
                else entry_kind.model.model_validate(record.model_dump(mode="json"))
            )
            entry, row = _new_entry(seq, write.kind, write.author, model, now, write.idempotency_key)
            rows.append(row)
            applied.append((write.kind, model, entry))
            results.append(WriteResult(seq, created=True))
            if write.idempotency_key is not None:
                seen[write.idempotency_key] = seq
            seq += 1
        if rows:
            conn.execute(insert(s.log_entries), rows)
            apply_in_order(conn, applied)
            for _, _, entry in applied:
                for hook in self.entry_hooks:
                    hook(conn, entry)
        return results

    @staticmethod
    def _next_seq(conn: Connection) -> int:
        return int(conn.execute(select(func.coalesce(func.max(s.log_entries.c.seq), -1))).scalar_one()) + 1

    def _check_author(self, conn: Connection, kind: str, author: str | None, model: BaseModel) -> None:
        org_kind = conn.execute(select(s.organisations.c.kind).where(s.organisations.c.id == author)).scalar()
        if kind == "organisation.register" and isinstance(model, Organisation):
            if (
                org_kind is None
                and author == model.id
                and model.kind in _REGISTRARS
                and not self._any_org(conn)
            ):
                return  # genesis: the first operator or monitor registers itself
            if org_kind is not None and (OrganisationKind(org_kind) in _REGISTRARS or author == model.id):
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
        t = s.metadata.tables[table]
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
            return replayed


def _new_entry(
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


def _parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text)
