"""What a control layer is read back as without its JSON: ``confidence``, ``source`` and ``shape`` (WKB).

Revision ID: 0009
Revises: 0008

Filled here for polygons already stored (each row's JSON read once); the area applier fills them from then
on. The baseline (0001) creates tables from the current ``schema.py``, so on a new database the columns
exist already: they are added only where missing.
"""

from __future__ import annotations

import json

import shapely
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_CHUNK = 20_000


def upgrade() -> None:
    bind = op.get_bind()
    have = {c["name"] for c in sa.inspect(bind).get_columns("control_areas")}
    for name, kind in (("confidence", sa.Float), ("source", sa.Text), ("shape", sa.LargeBinary)):
        if name not in have:
            op.add_column("control_areas", sa.Column(name, kind, nullable=True))
    # Each pass fills the rows it read, so the next pass reads the ones still empty.
    empty = sa.text("SELECT id, recorded_seq, data FROM control_areas WHERE shape IS NULL LIMIT :n")
    while rows := bind.execute(empty, {"n": _CHUNK}).all():
        filled = []
        for area_id, seq, data in rows:
            parsed = json.loads(data)
            filled.append(
                {
                    "id": area_id,
                    "seq": seq,
                    "c": parsed.get("confidence", 1.0),
                    "s": parsed.get("source", ""),
                    "g": shapely.to_wkb(shapely.from_wkt(parsed["area_wkt"])),
                }
            )
        bind.execute(
            sa.text(
                "UPDATE control_areas SET confidence = :c, source = :s, shape = :g "
                "WHERE id = :id AND recorded_seq = :seq"
            ),
            filled,
        )


def downgrade() -> None:
    with op.batch_alter_table("control_areas") as batch:
        batch.drop_column("shape")
        batch.drop_column("source")
        batch.drop_column("confidence")
