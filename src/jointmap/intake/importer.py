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
from jointmap.errors import JointmapError, RowError
from jointmap.intake.readers import RawRecord, read_records
from jointmap.intake.records import to_model
from jointmap.store import Store
from jointmap.store import schema as s

__all__ = ["ImportResult", "import_files"]

CHUNK = 200


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


def _missing_references(conn: Connection, record: RawRecord, model: BaseModel) -> list[RowError]:
    problems: list[RowError] = []

    def exists(table: str, key: str) -> bool:
        t = s.metadata.tables[table]
        return conn.execute(select(t.c.id).where(t.c.id == key)).first() is not None

    if isinstance(model, Report) and not exists("sources", model.source):
        problems.append(record.error("source", f"unknown source {model.source!r}"))
    if isinstance(model, Incident):
        for side, involved in (("perpetrators", model.perpetrators), ("targets", model.targets)):
            problems.extend(
                record.error(side, f"unknown actor {a.actor!r}")
                for a in involved
                if not exists("actors", a.actor)
            )
        problems.extend(
            record.error("reports", f"unknown report {link.report!r}")
            for link in model.reports
            if not exists("reports", link.report)
        )
    return problems


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
            if progress:
                progress(1)
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
    with store.engine.begin() as conn:
        for record in chunk:
            if progress:
                progress(1)
            parsed = to_model(record, date_format)
            if isinstance(parsed, list):
                result.errors.extend(parsed)
                continue
            kind, model = parsed
            missing = _missing_references(conn, record, model)
            if missing:
                result.errors.extend(missing)
                continue
            entry_kind = "report.receive" if kind == "report" else "incident.record"
            savepoint = conn.begin_nested()
            try:
                written = store.write_in(
                    conn, entry_kind, author, model, idempotency_key=idempotency_key(entry_kind, model)
                )
            except JointmapError as exc:
                savepoint.rollback()
                result.errors.append(record.error("id", str(exc)))
                continue
            savepoint.commit()
            if written.created:
                result.stored += 1
            else:
                result.unchanged += 1
