"""Protected-site alerts as log entries (``alerts``), and typed verdict fields (layer, version, review).

Revision ID: 0005
Revises: 0004

The baseline (0001) creates ``verdicts`` from the current ``schema.py``, so on a new database the verdict
columns and index exist already: they are added only where missing.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_VERDICT_COLUMNS = (
    ("layer", sa.String(120)),
    ("layer_version", sa.Integer()),
    ("needs_review", sa.Boolean()),
)


def upgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    have = {c["name"] for c in inspector.get_columns("verdicts")}
    for name, type_ in _VERDICT_COLUMNS:
        if name not in have:
            op.add_column("verdicts", sa.Column(name, type_, nullable=True))
    if "ix_verdicts_layer" not in {i["name"] for i in inspector.get_indexes("verdicts")}:
        op.create_index("ix_verdicts_layer", "verdicts", ["layer", "layer_version"])
    if not inspector.has_table("alerts"):
        op.create_table(
            "alerts",
            sa.Column("id", sa.String(120), primary_key=True),
            sa.Column("incident", sa.String(120), nullable=False),
            sa.Column("site", sa.String(120), nullable=False),
            sa.Column("agreement", sa.String(120), nullable=False),
            sa.Column("rule", sa.String(120), nullable=False),
            sa.Column("distance_m", sa.Float, nullable=False),
            sa.Column("radius_m", sa.Float, nullable=False),
            sa.Column("raised_at", sa.String(40), nullable=False),
            sa.Column("seq", sa.Integer, nullable=False),
            sa.Column("data", sa.Text, nullable=False),
        )
        op.create_index("ix_alerts_incident", "alerts", ["incident"])
        op.create_index("ix_alerts_site", "alerts", ["site"])


def downgrade() -> None:
    op.drop_index("ix_alerts_site", table_name="alerts")
    op.drop_index("ix_alerts_incident", table_name="alerts")
    op.drop_table("alerts")
    op.drop_index("ix_verdicts_layer", table_name="verdicts")
    with op.batch_alter_table("verdicts") as batch:
        for name, _ in reversed(_VERDICT_COLUMNS):
            batch.drop_column(name)
