"""Machine verdicts in bulk in the tables, and reading verdicts back whichever entry kind wrote them.

A ``verdict.template`` entry holds what many verdicts share; a ``verdict.rows`` entry (or an older
``verdict.batch`` one) holds many machine verdicts, each a template key plus the subject's values. They go
to ``batch_verdicts``, one lean row per verdict: the typed fields (outcome, rule, layer ...) live once, on the
``verdict_templates`` row. Readers query the ``all_verdicts`` view (``schema.verdicts``), which puts those
rows beside whole verdicts, and ``read_verdicts`` renders them, so they never see the difference from a
``verdict.record`` row. The batch appliers are SQLite-only for now (temporary tables, DB-API executemany),
like the map summary they keep current.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import compress, repeat
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Connection, Transaction, exists, or_, select, text

from jointmap.domain import (
    VALUE_SEPARATOR,
    LogEntry,
    Outcome,
    Verdict,
    VerdictBatch,
    VerdictRows,
    VerdictTemplate,
    canonical_json,
)
from jointmap.errors import StoreError
from jointmap.store import schema as s
from jointmap.store.apply import KINDS, EntryKind, register_kind
from jointmap.store.cells import shift_violations, violations_set_based
from jointmap.store.engine import IN_LIST_CHUNK, fill_temp_ids

__all__ = [
    "BATCH_KIND",
    "ROWS_KIND",
    "TEMPLATE_KIND",
    "VerdictOutline",
    "current_outlines",
    "has_current_verdict",
    "names_of",
    "read_verdicts",
]

BATCH_KIND = "verdict.batch"
ROWS_KIND = "verdict.rows"
TEMPLATE_KIND = "verdict.template"


def names_of(template: VerdictTemplate) -> tuple[str, ...]:
    """The names a verdict's values fill, in the order its values are stored: sorted, ``subject`` aside."""
    return tuple(sorted(template.placeholders() - {"subject"}))


#: One statement, built once: a bulk run writes thousands of templates (SQLite and PostgreSQL both take it).
_INSERT_TEMPLATE = text(
    "INSERT INTO verdict_templates (id, data, outcome, rule, confidence, layer, layer_version, needs_review, "
    "names) VALUES (:id, :data, :outcome, :rule, :confidence, :layer, :layer_version, :needs_review, :names) "
    "ON CONFLICT (id) DO NOTHING"
)


def _template_row(key: str, template: VerdictTemplate, names: tuple[str, ...]) -> dict[str, Any]:
    return {
        "id": key,
        "data": canonical_json(template.model_dump(mode="json")).decode(),
        "outcome": template.outcome.value,
        "rule": template.rule,
        "confidence": template.confidence,
        "layer": template.layer,
        "layer_version": template.layer_version,
        "needs_review": template.needs_review,
        "names": VALUE_SEPARATOR.join(names),
    }


def _apply_template(conn: Connection, template: VerdictTemplate, e: LogEntry) -> None:
    key = template.key()
    names = names_of(template)
    inserted = conn.execute(_INSERT_TEMPLATE, _template_row(key, template, names)).rowcount
    if inserted == 1:
        # The entries that use it need it parsed; only the row the table keeps (a second template with the
        # same key leaves the first in place, so it must not replace it in the cache either).
        _remember(key, _Known(template, names))


def _apply_templates(conn: Connection, run: list[tuple[VerdictTemplate, LogEntry]]) -> None:
    """A run of template entries, as ``_apply_template`` one by one would leave them (the first template of
    a key is the one kept), with one executemany: a first bulk run writes thousands."""
    if conn.dialect.name != "sqlite":
        # Only SQLite holds the write lock from the log rows on, so no other writer can add a key between
        # the lookup below and the insert (and the cache would keep a template the table did not).
        for template, e in run:
            _apply_template(conn, template, e)
        return
    first: dict[str, VerdictTemplate] = {}
    for template, _ in run:
        first.setdefault(template.key(), template)
    held = _held(conn, list(first))
    fresh = [(key, template, names_of(template)) for key, template in first.items() if key not in held]
    if not fresh:
        return
    conn.execute(_INSERT_TEMPLATE, [_template_row(key, template, names) for key, template, names in fresh])
    for key, template, names in fresh:
        _remember(key, _Known(template, names))


def _apply_rows(conn: Connection, rows: VerdictRows, e: LogEntry) -> None:
    """Each verdict becomes current for its (subject, agreement), as ``verdict.record`` entries in the same
    order would: the last one per subject in the entry wins, older rows stay with ``current`` false.

    Refused (nothing of the entry applied) when a verdict names a template not in the log before it, or
    its values do not fill that template (too few, too many, or an empty one)."""
    templates = _templates(conn, rows.templates)
    counts = []
    for key in rows.templates:
        if key not in templates:
            raise StoreError(f"entry {e.seq} names template {key!r}, which no earlier entry holds")
        counts.append(len(templates[key].names))
    _check_values(rows, counts, e.seq)
    keys = [rows.templates[t] for t in rows.template]
    decided_at = rows.decided_at.isoformat()
    entry = _Rows(rows.agreement, e.seq, decided_at, rows.subjects, keys, rows.values, rows.supersedes)
    _insert(conn, entry, templates)


def _check_values(rows: VerdictRows, counts: list[int], seq: int) -> None:
    """Raise unless each verdict's values fill its template: as many as its names, none empty. The common
    case is decided by C-level passes over the whole column; only a failing entry is walked row by row."""
    sep = VALUE_SEPARATOR
    values = rows.values
    if 0 not in counts:
        # Every template has names, so every value must be non-empty and hold one separator fewer than its
        # template has names.
        seps = [c - 1 for c in counts]
        if (
            all(values)
            and list(map(str.count, values, repeat(sep))) == list(map(seps.__getitem__, rows.template))
            and not any(map(operator.contains, values, repeat(sep + sep)))
            and not any(map(str.startswith, values, repeat(sep)))
            and not any(map(str.endswith, values, repeat(sep)))
        ):
            return
    wanted = [counts[t] for t in rows.template]
    given = [v.count(sep) + 1 if v else 0 for v in values]
    if (
        given == wanted
        and not any(map(operator.contains, values, repeat(sep + sep)))
        and not any(map(str.startswith, values, repeat(sep)))
        and not any(map(str.endswith, values, repeat(sep)))
    ):
        return
    for n, v in enumerate(values):
        if given[n] != wanted[n] or (wanted[n] and (sep + sep in v or v[0] == sep or v[-1] == sep)):
            raise StoreError(
                f"entry {seq}, verdict {n} on {rows.subjects[n]}: {given[n]} values for a template of "
                f"{wanted[n]}, or an empty one"
            )


def _apply_batch(conn: Connection, batch: VerdictBatch, e: LogEntry) -> None:
    """An older ``verdict.batch`` entry (one object per verdict), applied as ``verdict.rows`` is, each verdict
    keeping its id. A verdict with a value that holds U+001F (which that form allowed) cannot be a joined row:
    it is rendered and stored whole, as a ``verdict.record`` entry would be."""
    templates = _templates(conn, {v.template for v in batch.verdicts})
    rows, whole = [], []
    for v in batch.verdicts:
        known = templates.get(v.template)
        if known is None:
            raise StoreError(f"verdict {v.id} names template {v.template!r}, which no earlier entry holds")
        names = known.names
        if not set(names) <= v.params.keys():
            raise StoreError(f"verdict {v.id} lacks values for {sorted(set(names) - v.params.keys())}")
        values = [v.params[k] for k in names]
        if not all(values):
            raise StoreError(f"verdict {v.id} has an empty value")
        if any(VALUE_SEPARATOR in x for x in values):
            rendered = known.template.render(
                id=v.id,
                subject=v.subject,
                agreement=batch.agreement,
                decided_at=batch.decided_at,
                supersedes=v.supersedes,
                params=v.params,
            )
            whole.append(rendered)
            continue
        rows.append((v, VALUE_SEPARATOR.join(values)))
    decided_at = batch.decided_at.isoformat()
    entry = _Rows(
        batch.agreement,
        e.seq,
        decided_at,
        [v.subject for v, _ in rows],
        [v.template for v, _ in rows],
        [values for _, values in rows],
        [v.supersedes for v, _ in rows],
        [v.id for v, _ in rows],
    )
    _insert(conn, entry, templates)
    for verdict in whole:
        KINDS["verdict.record"].apply(conn, verdict, e)


class _Rows(NamedTuple):
    """The verdicts of one entry for ``batch_verdicts``, column by column: verdict ``n`` is on ``subjects[n]``
    and fills template ``keys[n]`` with ``values[n]``."""

    agreement: str
    seq: int
    decided_at: str
    subjects: Sequence[str]
    keys: Sequence[str]
    values: Sequence[str]
    supersedes: Sequence[str | None]
    #: kept ids (older ``verdict.batch`` entries); None: ``vd.<seq>.<n>``
    ids: Sequence[str | None] | None = None
    #: each verdict's place ``n`` in its entry (None: 0, 1, 2 ...), kept when some are left out: a verdict's
    #: id follows its place in the entry, whatever else the applier skips
    positions: Sequence[int] | None = None

    def current(self) -> list[bool] | None:
        """Per verdict, is it its subject's last in the entry (the one left current)? None: all are."""
        if len(set(self.subjects)) == len(self.subjects):
            return None
        last = {subject: n for n, subject in enumerate(self.subjects)}
        return [last[subject] == n for n, subject in enumerate(self.subjects)]

    def without(self, subjects: set[str]) -> _Rows:
        keep = [n for n, x in enumerate(self.subjects) if x not in subjects]
        ids = self.ids
        return self._replace(
            subjects=[self.subjects[n] for n in keep],
            keys=[self.keys[n] for n in keep],
            values=[self.values[n] for n in keep],
            supersedes=[self.supersedes[n] for n in keep],
            ids=None if ids is None else [ids[n] for n in keep],
            positions=keep if self.positions is None else [self.positions[n] for n in keep],
        )

    def insert(self, conn: Connection) -> None:
        """The rows in, each replacing itself if written before (a replayed entry). Plain DB-API executemany
        with the entry's constants written into the statement: binding ten values per row through
        SQLAlchemy cost more than the inserts (a million rows per run)."""
        if not self.subjects:
            return
        current = self.current()
        count = len(self.subjects)
        # subject, agreement, seq, n, template, params, supersedes, decided_at, current, id
        head = f"INSERT OR REPLACE INTO batch_verdicts VALUES (?, {_literal(self.agreement)}, {int(self.seq)}"
        decided = _literal(self.decided_at)
        positions = range(count) if self.positions is None else self.positions
        columns: list[Sequence[Any]] = [self.subjects, positions, self.keys, self.values, self.supersedes]
        if current is None and self.ids is None:
            sql = f"{head}, ?, ?, ?, ?, {decided}, 1, NULL)"
        else:
            sql = f"{head}, ?, ?, ?, ?, {decided}, ?, ?)"
            columns.append(current if current is not None else [True] * count)
            columns.append(self.ids if self.ids is not None else [None] * count)
        conn.exec_driver_sql(sql, list(zip(*columns, strict=True)))


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _insert(conn: Connection, rows: _Rows, templates: dict[str, _Known]) -> None:
    """``rows`` in, the verdicts they replace no longer current, the map summary shifted set-based."""
    if conn.dialect.name != "sqlite":
        raise StoreError("verdict batches can be applied on SQLite only (PostgreSQL is not built yet)")
    if not rows.subjects:
        return
    agreement = rows.agreement
    subjects = list(dict.fromkeys(rows.subjects))
    # Each subject's last row is its current verdict under this agreement: which of those are violations.
    violation = {k for k, known in templates.items() if known.template.outcome is Outcome.VIOLATION}
    current = rows.current()
    # C-level passes (a million rows per run): the subjects whose row's template is a violation, among the
    # rows left current.
    is_violation = map(violation.__contains__, rows.keys)
    if current is not None:
        is_violation = map(operator.and_, is_violation, current)
    violating = set(compress(rows.subjects, is_violation))
    if not _any_current(conn, min(subjects), max(subjects)):
        # The first verdicts on these subjects (a first run): nothing to replace, no flag to compare.
        rows.insert(conn)
        shift_violations(conn, list(zip(violating, repeat(1))))
        return
    fill_temp_ids(conn, "batch_subjects", subjects)
    # Whole verdicts these replace (a row per subject at most): only then are their per-row map triggers
    # paused (dropping and re-creating triggers changes the schema, which every reader then re-reads).
    whole = conn.execute(
        text(
            "SELECT 1 FROM temp.batch_subjects c CROSS JOIN verdicts v ON v.subject = c.id "
            "WHERE v.agreement = :a AND v.current LIMIT 1"
        ),
        {"a": agreement},
    ).first()
    if whole is not None:
        # A reviewer's override stays current until a reviewer replaces it: a machine verdict written after
        # it (a run that read the verdicts before the override was made) is not applied to that subject.
        overridden = {
            r[0]
            for r in conn.execute(
                text(
                    "SELECT v.subject FROM temp.batch_subjects c CROSS JOIN verdicts v ON v.subject = c.id "
                    "WHERE v.agreement = :a AND v.current AND json_extract(v.data, '$.override_reason') "
                    "IS NOT NULL"
                ),
                {"a": agreement},
            )
        }
        if overridden:
            rows = rows.without(overridden)
            subjects = [x for x in subjects if x not in overridden]
            violating -= overridden
            fill_temp_ids(conn, "batch_subjects", subjects)
    with violations_set_based(
        conn, subjects, ids_table="batch_subjects", replacing=(agreement, violating), pause=whole is not None
    ):
        tables = ("verdicts", "batch_verdicts") if whole is not None else ("batch_verdicts",)
        for table in tables:
            conn.execute(
                text(
                    f"UPDATE {table} SET current = 0 WHERE agreement = :a AND current "
                    "AND subject IN (SELECT id FROM temp.batch_subjects)"
                ),
                {"a": agreement},
            )
        rows.insert(conn)


def _any_current(conn: Connection, low: str, high: str) -> bool:
    """Does any subject from ``low`` to ``high`` have a current verdict, whole or batch, under any agreement?
    (Both tables are keyed by subject first: two short index range scans.)"""
    found = conn.exec_driver_sql(
        "SELECT EXISTS (SELECT 1 FROM batch_verdicts WHERE subject BETWEEN ?1 AND ?2 AND current) "
        "OR EXISTS (SELECT 1 FROM verdicts WHERE subject BETWEEN ?1 AND ?2 AND current)",
        (low, high),
    ).scalar_one()
    return bool(found)


register_kind(
    EntryKind(TEMPLATE_KIND, VerdictTemplate, _apply_template, verdicts_only=True, bulk=_apply_templates)
)
register_kind(EntryKind(BATCH_KIND, VerdictBatch, _apply_batch, verdicts_only=True))
register_kind(EntryKind(ROWS_KIND, VerdictRows, _apply_rows, verdicts_only=True))


def read_verdicts(
    conn: Connection,
    *where: ColumnElement[bool],
    order_by: Sequence[Any] = (),
    limit: int | None = None,
    offset: int | None = None,
) -> list[Verdict]:
    """Verdicts matching ``where``, each as the full ``Verdict`` (batch rows rendered from their template)."""
    v = s.verdicts.c
    query = select(v.id, v.subject, v.agreement, v.decided_at, v.template, v.data, v.supersedes).where(*where)
    query = query.order_by(*order_by).limit(limit).offset(offset)
    rows = conn.execute(query).all()
    templates = _templates(conn, {r.template for r in rows if r.template is not None})
    result = []
    for row in rows:
        if row.template is None:
            result.append(Verdict.model_validate_json(row.data))
            continue
        template, names = templates[row.template]
        values = row.data.split(VALUE_SEPARATOR) if names else []
        result.append(
            template.render(
                id=row.id,
                subject=row.subject,
                agreement=row.agreement,
                decided_at=datetime.fromisoformat(row.decided_at),
                supersedes=row.supersedes,
                params=dict(zip(names, values, strict=True)),
            )
        )
    return result


def has_current_verdict(subject: ColumnElement[Any], outcome: str | None = None) -> ColumnElement[bool]:
    """SQL: ``subject`` has a current verdict (with ``outcome``, when given), whole or batch. Two EXISTS
    rather than one over the all_verdicts view: correlated to an outer row, SQLite would run the whole
    compound view for each one."""
    w, b, t = s.verdict_records.c, s.batch_verdicts.c, s.verdict_templates.c
    whole = [w.subject == subject, w.current.is_(True)]
    batch = [b.subject == subject, b.current.is_(True), t.id == b.template]
    if outcome is not None:
        whole.append(w.outcome == outcome)
        batch.append(t.outcome == outcome)
    return or_(exists().where(*whole), exists().where(*batch))


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
            templates[r.template].template.responsible
            if r.template is not None
            else tuple(json.loads(r.data).get("responsible", ())),
        )
        for r in rows
    ]


class _Known(NamedTuple):
    template: VerdictTemplate
    #: ``names_of(template)``, computed once
    names: tuple[str, ...]


def _templates(conn: Connection, keys: Iterable[str]) -> dict[str, _Known]:
    """Templates by key: those the table holds (a template must be in this log: asked once per transaction,
    since none is ever deleted), parsed through a cache (a key is the hash of its template's content, so a
    cached one cannot be stale)."""
    t = s.verdict_templates.c
    keys = list(keys)
    seen = _seen_in_transaction(conn)
    held = {k for k in keys if k in seen}
    held |= _held(conn, [k for k in keys if k not in seen])
    seen.update(held)
    found = {k: known for k in held if (known := _TEMPLATE_CACHE.get(k)) is not None}
    missing = [k for k in held if k not in found]
    for start in range(0, len(missing), IN_LIST_CHUNK):
        part = missing[start : start + IN_LIST_CHUNK]
        for key, data in conn.execute(select(t.id, t.data).where(t.id.in_(part))).all():
            template = VerdictTemplate.model_validate_json(data)
            found[key] = _remember(key, _Known(template, names_of(template)))
    return found


def _held(conn: Connection, keys: list[str]) -> set[str]:
    """Which of ``keys`` the templates table holds."""
    held: set[str] = set()
    if keys and conn.dialect.name == "sqlite":
        # One parameter for all keys: binding thousands of IN-list values costs more than the lookups.
        query = "SELECT id FROM verdict_templates WHERE id IN (SELECT value FROM json_each(?))"
        cursor = conn.connection.cursor()  # plain tuples: thousands of keys per entry
        try:
            held.update(r[0] for r in cursor.execute(query, (json.dumps(keys),)))
        finally:
            cursor.close()
    else:
        t = s.verdict_templates.c
        for start in range(0, len(keys), IN_LIST_CHUNK):
            part = keys[start : start + IN_LIST_CHUNK]
            held.update(conn.execute(select(t.id).where(t.id.in_(part))).scalars())
    return held


def _seen_in_transaction(conn: Connection) -> set[str]:
    """Template keys known to be in the table within the connection's current transaction (empty outside
    one). Kept on the connection for that transaction (or savepoint) only: a rolled-back insert is never
    trusted later."""
    # The innermost transaction: a savepoint rolled back takes the keys it vouched for with it.
    transaction: Transaction | None = conn.get_nested_transaction() or conn.get_transaction()
    if transaction is None:
        return set()
    found = conn.info.get(_SEEN)
    if found is None or found[0] is not transaction:
        found = conn.info[_SEEN] = (transaction, set())
    seen: set[str] = found[1]
    return seen


_SEEN = "jointmap.verdict_templates.seen"


_TEMPLATE_CACHE: dict[str, _Known] = {}
_TEMPLATE_CACHE_SIZE = 50_000


def _remember(key: str, known: _Known) -> _Known:
    if len(_TEMPLATE_CACHE) >= _TEMPLATE_CACHE_SIZE:
        _TEMPLATE_CACHE.clear()
    _TEMPLATE_CACHE[key] = known
    return known
