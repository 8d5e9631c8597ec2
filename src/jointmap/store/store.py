"""The store: one write path that appends to the log first, then updates the views, in one transaction."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import Connection, Engine, func, insert, select

from jointmap.domain import (
    LogEntry,
    Organisation,
    OrganisationKind,
    canonical_json,
    format_time,
    sha256_hex,
)
from jointmap.errors import NotAllowed, NotFound, StoreError, UnknownOrganisation
from jointmap.store import schema as s
from jointmap.store.apply import KINDS, apply_in_order
from jointmap.store.engine import create_store_engine

__all__ = ["EntryHook", "Store", "WriteResult"]

M = TypeVar("M", bound=BaseModel)

#: Called inside the write transaction after an entry is appended (the ledger signs and hashes here).
EntryHook = Callable[[Connection, LogEntry], None]

_REGISTRARS = {OrganisationKind.OPERATOR, OrganisationKind.MONITOR}


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
        items: Iterable[tuple[str, str, BaseModel]],
        *,
        chunk: int = 5000,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Bulk ``write``: the same log entries and checks, one transaction per ``chunk`` records.

        For large runs (re-adjudicating every incident, say). Kinds with a bulk applier are applied with
        executemany; the others one by one, in order. Returns the number of entries written.
        """
        written = 0
        batch: list[tuple[str, str, BaseModel]] = []
        for item in items:
            batch.append(item)
            if len(batch) >= chunk:
                written += self._write_chunk(batch, progress)
                batch = []
        if batch:
            written += self._write_chunk(batch, progress)
        return written

    def _write_chunk(
        self, batch: list[tuple[str, str, BaseModel]], progress: Callable[[int], None] | None
    ) -> int:
        with self.engine.begin() as conn:
            orgs = {r[0] for r in conn.execute(select(s.organisations.c.id))}
            seq = self._next_seq(conn)
            now = datetime.now(UTC)
            rows: list[dict[str, Any]] = []
            applied: list[tuple[str, BaseModel, LogEntry]] = []
            for kind, author, record in batch:
                entry_kind = KINDS.get(kind)
                if entry_kind is None:
                    raise StoreError(f"unknown entry kind {kind!r}")
                if kind == "organisation.register":
                    raise StoreError("register organisations with write(), not write_many()")
                if author not in orgs:
                    raise UnknownOrganisation(author, sorted(orgs))
                model = (
                    record
                    if isinstance(record, entry_kind.model)
                    else entry_kind.model.model_validate(record.model_dump(mode="json"))
                )
                entry, row = _new_entry(seq, kind, author, model, now, None)
                rows.append(row)
                applied.append((kind, model, entry))
                seq += 1
            conn.execute(insert(s.log_entries), rows)
            apply_in_order(conn, applied)
            for _, _, entry in applied:
                for hook in self.entry_hooks:
                    hook(conn, entry)
        if progress:
            progress(len(batch))
        return len(batch)

    @staticmethod
    def _next_seq(conn: Connection) -> int:
        return int(conn.execute(select(func.coalesce(func.max(s.log_entries.c.seq), -1))).scalar_one()) + 1

    def _check_author(self, conn: Connection, kind: str, author: str | None, model: BaseModel) -> None:
        orgs = {
            r.id: OrganisationKind(r.kind)
            for r in conn.execute(select(s.organisations.c.id, s.organisations.c.kind))
        }
        if kind == "organisation.register" and isinstance(model, Organisation):
            if not orgs and author == model.id and model.kind in _REGISTRARS:
                return  # genesis: the first operator or monitor registers itself
            if author in orgs and (orgs[author] in _REGISTRARS or author == model.id):
                return
        if author is None or author not in orgs:
            raise UnknownOrganisation(author, sorted(orgs))
        if kind == "organisation.register":
            raise NotAllowed(f"{author} may not register organisations (only an operator or monitor may)")
        if kind == "report.receive":
            existing = conn.execute(select(s.reports.c.digest).where(s.reports.c.id == model.id)).scalar()  # type: ignore[attr-defined]
            if existing is not None:
                raise NotAllowed(f"report {model.id!r} exists with other content; reports are immutable")  # type: ignore[attr-defined]

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
