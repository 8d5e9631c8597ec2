"""Lean batch verdicts: ``batch_verdicts`` rows, typed template columns, and the ``all_verdicts`` view.

Revision ID: 0007
Revises: 0006

Batch verdicts written by 0006 (rows of ``verdicts`` with a ``template``) move to ``batch_verdicts``: their
values, read from the row's JSON, are joined in the order of the names; they keep their ids. One whose values
hold U+001F stays in ``verdicts``, rendered whole.
``verdicts`` loses the ``template`` and ``digest`` columns. The baseline (0001) creates tables from the
current ``schema.py``, so on a new database the new table and columns exist already: they are added only
where missing (and 0006 has just added the two columns dropped here).
"""

from __future__ import annotations

import json
from datetime import datetime

import sqlalchemy as sa
from alembic import op

from jointmap.domain import VerdictTemplate, canonical_json
from jointmap.store.cells import ensure_incident_cells
from jointmap.store.schema import VERDICTS_VIEW

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_TEMPLATE_COLUMNS = (
    ("outcome", sa.String(16)),
    ("rule", sa.String(120)),
    ("confidence", sa.Float()),
    ("layer", sa.String(120)),
    ("layer_version", sa.Integer()),
    ("needs_review", sa.Boolean()),
    ("names", sa.Text()),
)


def upgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    op.execute("DROP VIEW IF EXISTS all_verdicts")
    have = {c["name"] for c in inspector.get_columns("verdict_templates")}
    for name, type_ in _TEMPLATE_COLUMNS:
        if name not in have:
            op.add_column("verdict_templates", sa.Column(name, type_, nullable=True))
    for key, data in bind.execute(sa.text("SELECT id, data FROM verdict_templates")).all():
        t = VerdictTemplate.model_validate_json(data)
        bind.execute(
            sa.text(
                "UPDATE verdict_templates SET outcome = :o, rule = :r, confidence = :c, layer = :l, "
                "layer_version = :v, needs_review = :n, names = :names WHERE id = :id"
            ),
            {
                "o": t.outcome.value,
                "r": t.rule,
                "c": t.confidence,
                "l": t.layer,
                "v": t.layer_version,
                "n": t.needs_review,
                "names": "\x1f".join(sorted(t.placeholders() - {"subject"})),
                "id": key,
            },
        )
    if not inspector.has_table("batch_verdicts"):
        op.create_table(
            "batch_verdicts",
            sa.Column("subject", sa.String(120), primary_key=True),
            sa.Column("agreement", sa.String(120), primary_key=True),
            sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("n", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("template", sa.String(64), nullable=False),
            sa.Column("params", sa.Text, nullable=False),
            sa.Column("supersedes", sa.String(120), nullable=True),
            sa.Column("decided_at", sa.String(40), nullable=False),
            sa.Column("current", sa.Boolean, nullable=False),
            sa.Column("id", sa.String(120), nullable=True),
            sqlite_with_rowid=False,
        )
    columns = {c["name"] for c in inspector.get_columns("verdicts")}
    if "template" in columns:
        if bind.dialect.name == "sqlite":
            _move_batch_rows(bind)
        with op.batch_alter_table("verdicts") as batch:
            for name in ("digest", "template"):
                if name in columns:
                    batch.drop_column(name)
        # Re-creating ``verdicts`` dropped the map summary's triggers on it: put them back (and refill).
        ensure_incident_cells(bind)
    op.execute(VERDICTS_VIEW)


def _move_batch_rows(bind: sa.Connection) -> None:
    """0006 batch rows (SQLite only: 0006 wrote them nowhere else) into ``batch_verdicts``, keeping their ids.
    A row with a value holding U+001F cannot be joined: it stays in ``verdicts``, rendered whole."""
    rows = bind.execute(
        sa.text(
            "SELECT rowid, id, subject, agreement, seq, template, data, decided_at, current FROM verdicts "
            "WHERE template IS NOT NULL ORDER BY seq, rowid"
        )
    ).all()
    templates = {
        r[0]: VerdictTemplate.model_validate_json(r[1])
        for r in bind.execute(sa.text("SELECT id, data FROM verdict_templates"))
    }
    position: dict[int, int] = {}
    moved, whole = [], []
    for rowid, verdict_id, subject, agreement, seq, template, data, decided_at, current in rows:
        body = json.loads(data)
        params = body.get("params", {})
        wanted = sorted(templates[template].placeholders() - {"subject"})
        values = [params[k] for k in wanted]
        if any("\x1f" in v for v in values):
            verdict = templates[template].render(
                id=verdict_id,
                subject=subject,
                agreement=agreement,
                decided_at=datetime.fromisoformat(decided_at),
                supersedes=body.get("supersedes"),
                params=params,
            )
            whole.append({"rowid": rowid, "data": canonical_json(verdict.model_dump(mode="json")).decode()})
            continue
        n = position[seq] = position.get(seq, -1) + 1
        moved.append(
            {
                "subject": subject,
                "agreement": agreement,
                "seq": seq,
                "n": n,
                "template": template,
                "params": "\x1f".join(values),
                "supersedes": body.get("supersedes"),
                "decided_at": decided_at,
                "current": current,
                "id": verdict_id,
            }
        )
    if moved:
        bind.execute(
            sa.text(
                "INSERT OR REPLACE INTO batch_verdicts VALUES (:subject, :agreement, :seq, :n, :template, "
                ":params, :supersedes, :decided_at, :current, :id)"
            ),
            moved,
        )
    if whole:
        bind.execute(sa.text("UPDATE verdicts SET data = :data, template = NULL WHERE rowid = :rowid"), whole)
    bind.execute(sa.text("DELETE FROM verdicts WHERE template IS NOT NULL"))


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS all_verdicts")
    op.drop_table("batch_verdicts")
    with op.batch_alter_table("verdicts") as batch:
        batch.add_column(sa.Column("template", sa.String(64), nullable=True))
        batch.add_column(sa.Column("digest", sa.String(64), nullable=True))
    with op.batch_alter_table("verdict_templates") as batch:
        for name, _ in reversed(_TEMPLATE_COLUMNS):
            batch.drop_column(name)
