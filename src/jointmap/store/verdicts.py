"""Verdict batches in the tables, and reading verdicts back whichever entry kind wrote them.

A ``verdict.template`` entry holds what many verdicts share; a ``verdict.batch`` entry holds many machine
verdicts, each a template key plus the subject's values. Batch rows in ``verdicts`` keep the typed columns
(outcome, rule, layer, current …) like any verdict, with ``data`` holding only the values and ``template``
naming the ``verdict_templates`` row; ``read_verdicts`` renders them, so readers never see the difference
from a ``verdict.record`` row. The batch applier is SQLite-only for now (temporary tables, DB-API
executemany), like the map summary it keeps current.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, insert, select, text

from jointmap.domain import (
    LogEntry,
    Outcome,
    Verdict,
    VerdictBatch,
    VerdictTemplate,
    batched_digest,
    canonical_json,
)
from jointmap.errors import StoreError
from jointmap.store import schema as s
from jointmap.store.apply import EntryKind, register_kind
from jointmap.store.cells import violations_set_based
from jointmap.store.engine import IN_LIST_CHUNK, fill_temp_ids

__all__ = ["BATCH_KIND", "TEMPLATE_KIND", "VerdictOutline", "current_outlines", "read_verdicts"]

BATCH_KIND = "verdict.batch"
TEMPLATE_KIND = "verdict.template"


def _apply_template(conn: Connection, template: VerdictTemplate, e: LogEntry) -> None:
    key = template.key()
    t_ = s.verdict_templates
    if conn.execute(select(t_.c.id).where(t_.c.id == key)).first() is None:
        conn.execute(
            insert(t_).values(id=key, data=canonical_json(template.model_dump(mode="json")).decode())
        )


def _apply_batch(conn: Connection, batch: VerdictBatch, e: LogEntry) -> None:
    """Each verdict becomes current for its (subject, agreement), as ``verdict.record`` entries in the same
    order would: the last one per subject in the batch wins, older rows stay with ``current`` false.

    Refused (nothing of the entry applied) when a verdict names a template not in the log before it, or
    lacks a value its template needs."""
    if conn.dialect.name != "sqlite":
        raise StoreError("verdict.batch entries can be applied on SQLite only (PostgreSQL is not built yet)")
    templates = _templates(conn, {v.template for v in batch.verdicts})
    needs = {key: _needs(key, t) for key, t in templates.items()}
    for v in batch.verdicts:
        wanted = needs.get(v.template)
        if wanted is None:
            raise StoreError(f"verdict {v.id} names template {v.template!r}, which no earlier entry holds")
        if not wanted <= v.params.keys():
            raise StoreError(f"verdict {v.id} lacks values for {sorted(wanted - v.params.keys())}")
        if not all(v.params.values()):
            raise StoreError(f"verdict {v.id} has an empty value")
    last = {v.subject: v.id for v in batch.verdicts}
    subjects = list(last)
    fill_temp_ids(conn, "batch_subjects", subjects)
    with violations_set_based(conn, subjects):
        conn.execute(
            text(
                "UPDATE verdicts SET current = 0 WHERE agreement = :a AND current "
                "AND subject IN (SELECT id FROM temp.batch_subjects)"
            ),
            {"a": batch.agreement},
        )
        _insert_rows(conn, batch, e, last, templates)


def _needs(key: str, template: VerdictTemplate) -> frozenset[str]:
    """The values a verdict of this template must carry (cached by key, like the templates)."""
    found = _NEEDS_CACHE.get(key)
    if found is None:
        if len(_NEEDS_CACHE) >= _TEMPLATE_CACHE_SIZE:
            _NEEDS_CACHE.clear()
        found = _NEEDS_CACHE[key] = template.placeholders() - {"subject"}
    return found


_NEEDS_CACHE: dict[str, frozenset[str]] = {}


_COLUMNS = (
    "id, subject, agreement, outcome, rule, confidence, decided_at, current, seq, layer, layer_version, "
    "needs_review, template, digest, data"
)


def _insert_rows(
    conn: Connection,
    batch: VerdictBatch,
    e: LogEntry,
    last: dict[str, str],
    templates: dict[str, VerdictTemplate],
) -> None:
    decided_at = batch.decided_at.isoformat()
    agreement = batch.agreement
    rows = []
    for v in batch.verdicts:
        t = templates[v.template]
        rows.append(
            (
                v.id,
                v.subject,
                agreement,
                t.outcome.value,
                t.rule,
                t.confidence,
                decided_at,
                last[v.subject] == v.id,
                e.seq,
                t.layer,
                t.layer_version,
                t.needs_review,
                v.template,
                batched_digest(v.template, v.params),
                json.dumps({"params": v.params, "supersedes": v.supersedes}, sort_keys=True),
            )
        )
    # Plain DB-API executemany: a million rows through SQLAlchemy's per-row parameter handling would cost
    # more than the inserts. An id written again (a replayed batch) replaces its row, as verdict.record does.
    marks = ", ".join("?" * len(rows[0])) if rows else ""
    if rows:
        conn.exec_driver_sql(f"INSERT OR REPLACE INTO verdicts ({_COLUMNS}) VALUES ({marks})", rows)


register_kind(EntryKind(TEMPLATE_KIND, VerdictTemplate, _apply_template))
register_kind(EntryKind(BATCH_KIND, VerdictBatch, _apply_batch))


def read_verdicts(
    conn: Connection,
    *where: ColumnElement[bool],
    order_by: Sequence[Any] = (),
    limit: int | None = None,
    offset: int | None = None,
) -> list[Verdict]:
    """Verdicts matching ``where``, each as the full ``Verdict`` (batch rows rendered from their template)."""
    v = s.verdicts.c
    query = select(v.id, v.subject, v.agreement, v.decided_at, v.template, v.data).where(*where)
    query = query.order_by(*order_by).limit(limit).offset(offset)
    rows = conn.execute(query).all()
    templates = _templates(conn, {r.template for r in rows if r.template is not None})
    result = []
    for row in rows:
        if row.template is None:
            result.append(Verdict.model_validate_json(row.data))
            continue
        body = json.loads(row.data)
        result.append(
            templates[row.template].render(
                id=row.id,
                subject=row.subject,
                agreement=row.agreement,
                decided_at=datetime.fromisoformat(row.decided_at),
                supersedes=body["supersedes"],
                params=body["params"],
            )
        )
    return result


@dataclass(frozen=True, slots=True)
class VerdictOutline:
    """What totals need of a verdict, read without rendering its text."""

    subject: str
    outcome: Outcome
    rule: str | None
    responsible: tuple[str, ...]


def current_outlines(conn: Connection, agreement: str) -> list[VerdictOutline]:
    """The current verdicts under ``agreement`` in outline: typed columns, ``responsible`` from the
    template (parsed once per template) or, for a whole verdict, from its JSON."""
    v = s.verdicts.c
    query = select(v.subject, v.outcome, v.rule, v.template, v.data).where(
        v.current.is_(True), v.agreement == agreement
    )
    rows = conn.execute(query).all()
    templates = _templates(conn, {r.template for r in rows if r.template is not None})
    return [
        VerdictOutline(
            r.subject,
            Outcome(r.outcome),
            r.rule,
            templates[r.template].responsible
            if r.template is not None
            else tuple(json.loads(r.data).get("responsible", ())),
        )
        for r in rows
    ]


def _templates(conn: Connection, keys: Iterable[str]) -> dict[str, VerdictTemplate]:
    """Templates by key: those the table holds (asked every time: a template must be in this log), parsed
    through a cache (a key is the hash of its template's content, so a cached one cannot be stale)."""
    wanted = list(keys)
    t = s.verdict_templates.c
    found: dict[str, VerdictTemplate] = {}
    for start in range(0, len(wanted), IN_LIST_CHUNK):
        part = wanted[start : start + IN_LIST_CHUNK]
        held = set(conn.execute(select(t.id).where(t.id.in_(part))).scalars())
        missing = [k for k in held if k not in _TEMPLATE_CACHE]
        if missing:
            for key, data in conn.execute(select(t.id, t.data).where(t.id.in_(missing))).all():
                _remember(key, VerdictTemplate.model_validate_json(data))
        found.update((k, _TEMPLATE_CACHE[k]) for k in held)
    return found


_TEMPLATE_CACHE: dict[str, VerdictTemplate] = {}
_TEMPLATE_CACHE_SIZE = 50_000


def _remember(key: str, template: VerdictTemplate) -> None:
    if len(_TEMPLATE_CACHE) >= _TEMPLATE_CACHE_SIZE:
        _TEMPLATE_CACHE.clear()
    _TEMPLATE_CACHE[key] = template
