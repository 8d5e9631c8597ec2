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
    # Keyset pages by (id, recorded_seq), the unique key: each page starts after the last one, so no pass
    # reads the rows already filled again.
    page = sa.text(
        "SELECT id, recorded_seq, data FROM control_areas "
        "WHERE id > :id OR (id = :id AND recorded_seq > :seq) ORDER BY id, recorded_seq LIMIT :n"
    )
    last: dict[str, object] = {"id": "", "seq": -1, "n": _CHUNK}
    while rows := bind.execute(page, last).all():
        parsed = [json.loads(data) for _, _, data in rows]
        shapes = shapely.from_wkt([p["area_wkt"] for p in parsed])
        filled = [
            {
                "id": area_id,
                "seq": seq,
                "c": p.get("confidence", 1.0),
                "s": p.get("source", ""),
                "g": shapely.to_wkb(shape, byte_order=1, output_dimension=3),
            }
            for (area_id, seq, _), p, shape in zip(rows, parsed, shapes, strict=True)
        ]
        bind.execute(
            sa.text(
                "UPDATE control_areas SET confidence = :c, source = :s, shape = :g "
                "WHERE id = :id AND recorded_seq = :seq"
            ),
            filled,
        )
        last["id"], last["seq"] = rows[-1][0], rows[-1][1]


def downgrade() -> None:
    with op.batch_alter_table("control_areas") as batch:
        batch.drop_column("shape")
        batch.drop_column("source")
        batch.drop_column("confidence")
