"""What a bulk adjudication reads of an incident without its JSON: ``situation`` and ``area_wkt`` columns.

Revision ID: 0008
Revises: 0007

Filled here for incidents already stored (each row's JSON read once); the incident applier fills them from
then on. The baseline (0001) creates tables from the current ``schema.py``, so on a new database the
columns exist already: they are added only where missing.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

from jointmap.domain import situation_of
from jointmap.store.cells import TRIGGERS, ensure_incident_cells

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_CHUNK = 20_000


def upgrade() -> None:
    bind = op.get_bind()
    have = {c["name"] for c in sa.inspect(bind).get_columns("incidents")}
    if "situation" not in have:
        op.add_column("incidents", sa.Column("situation", sa.String(32), nullable=True))
    if "area_wkt" not in have:
        op.add_column("incidents", sa.Column("area_wkt", sa.Text, nullable=True))
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:  # the map summary's per-row triggers would redo every incident's cells: refilled once below
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    _fill(bind)
    if sqlite:
        ensure_incident_cells(bind)


def _fill(bind: sa.Connection) -> None:
    # Keyset pages by id: the updates below never move a row out of the page being read.
    last = ""
    while True:
        rows = bind.execute(
            sa.text(
                "SELECT id, data FROM incidents WHERE id > :last AND situation IS NULL ORDER BY id LIMIT :n"
            ),
            {"last": last, "n": _CHUNK},
        ).all()
        if not rows:
            return
        filled = []
        for incident_id, data in rows:
            parsed = json.loads(data)
            area = parsed.get("location", {}).get("area_wkt")
            filled.append({"id": incident_id, "s": situation_of(parsed), "a": area})
        bind.execute(sa.text("UPDATE incidents SET situation = :s, area_wkt = :a WHERE id = :id"), filled)
        last = rows[-1][0]


def downgrade() -> None:
    with op.batch_alter_table("incidents") as batch:
        batch.drop_column("area_wkt")
        batch.drop_column("situation")
