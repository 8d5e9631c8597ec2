"""``jointmap import``: validate each record, store the good ones, report every bad one with file:line: field.

Records are written in chunks; each chunk is one transaction and each record a savepoint inside it, so a bad
record never spoils its neighbours and a crash loses at most the chunk in flight — which a rerun redoes, since
every record carries an idempotency key (its content hash) and a record already stored is skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel
from sqlalchemy import Connection, select

from jointmap.domain import Incident, Report, canonical_json, sha256_hex
from jointmap.errors import RowError
from jointmap.intake.readers import RawRecord, read_records
from jointmap.intake.records import to_model
from jointmap.store import PendingWrite, Store
from jointmap.store import schema as s

__all__ = ["ImportResult", "import_files"]

CHUNK = 1000


@dataclass
class ImportResult:
    stored: int = 0
    #: Records already in the store (same content): nothing added.
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def idempotency_key(kind: str, model: BaseModel) -> str:
    if isinstance(model, Report):
        return f"report:{model.digest}"
    return f"{kind}:{sha256_hex(canonical_json(model.model_dump(mode='json')))}"


class _Known:
    """Ids the chunk's records may refer to, read once per chunk instead of once per record."""

    def __init__(self, conn: Connection, models: list[BaseModel]) -> None:
        self.sources = {r[0] for r in conn.execute(select(s.sources.c.id))}
        self.actors = {r[0] for r in conn.execute(select(s.actors.c.id))}
        wanted = {link.report for m in models if isinstance(m, Incident) for link in m.reports}
        wanted |= {m.id for m in models if isinstance(m, Report)}
        self.reports: dict[str, str] = {}
        ids = sorted(wanted)
        for start in range(0, len(ids), 500):
            query = select(s.reports.c.id, s.reports.c.digest).where(
                s.reports.c.id.in_(ids[start : start + 500])
            )
            self.reports.update((i, d) for i, d in conn.execute(query))

    def problems(self, record: RawRecord, model: BaseModel) -> list[RowError]:
        found: list[RowError] = []
        if isinstance(model, Report):
            if model.source not in self.sources:
                found.append(record.error("source", f"unknown source {model.source!r}"))
            digest = self.reports.get(model.id)
            if digest is not None and digest != model.digest:
                found.append(
                    record.error(
                        "id", f"report {model.id!r} exists with other content; reports are immutable"
                    )
                )
        if isinstance(model, Incident):
            for side, involved in (("perpetrators", model.perpetrators), ("targets", model.targets)):
                found.extend(
                    record.error(side, f"unknown actor {a.actor!r}")
                    for a in involved
                    if a.actor not in self.actors
                )
            found.extend(
                record.error("reports", f"unknown report {link.report!r}")
                for link in model.reports
                if link.report not in self.reports
            )
        return found

    def accept(self, model: BaseModel) -> None:
        if isinstance(model, Report):
            self.reports.setdefault(model.id, model.digest)


def import_files(
    store: Store,
    paths: Sequence[Path],
    author: str,
    *,
    date_format: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import reports and incidents from JSON, JSONL, CSV and GeoJSON files, as organisation ``author``."""
    author = store.require_organisation(author)
    result = ImportResult()
    for path in paths:
        _import_stream(store, read_records(path), author, date_format, result, progress)
    return result


def _import_stream(
    store: Store,
    records: Iterable[RawRecord | RowError],
    author: str,
    date_format: str | None,
    result: ImportResult,
    progress: Callable[[int], None] | None,
) -> None:
    chunk: list[RawRecord] = []
    for item in records:
        if isinstance(item, RowError):
            result.errors.append(item)
            continue
        chunk.append(item)
        if len(chunk) >= CHUNK:
            _write_chunk(store, chunk, author, date_format, result, progress)
            chunk = []
    if chunk:
        _write_chunk(store, chunk, author, date_format, result, progress)


def _write_chunk(
    store: Store,
    chunk: list[RawRecord],
    author: str,
    date_format: str | None,
    result: ImportResult,
    progress: Callable[[int], None] | None,
) -> None:
    # Validate the whole chunk first, then write it in one transaction: a crash loses at most this chunk.
    parsed: list[tuple[RawRecord, str, BaseModel]] = []
    for record in chunk:
        outcome = to_model(record, date_format)
        if isinstance(outcome, list):
            result.errors.extend(outcome)
        else:
            parsed.append((record, *outcome))
    with store.engine.begin() as conn:
        known = _Known(conn, [model for _, _, model in parsed])
        pending: list[PendingWrite] = []
        for record, kind, model in parsed:
            missing = known.problems(record, model)
            if missing:
                result.errors.extend(missing)
                continue
            known.accept(model)
            entry_kind = "report.receive" if kind == "report" else "incident.record"
            pending.append(PendingWrite(entry_kind, author, model, idempotency_key(entry_kind, model)))
        for written in store.write_many_in(conn, pending):
            if written.created:
                result.stored += 1
            else:
                result.unchanged += 1
    if progress:
        progress(len(chunk))
