"""Verdict batches: ``verdict_templates`` and the verdicts columns that point at them.

Revision ID: 0006
Revises: 0005

The baseline (0001) creates tables from the current ``schema.py``, so on a new database these exist
already: they are added only where missing.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_COLUMNS = (("template", sa.String(64)), ("digest", sa.String(64)))


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    have = {c["name"] for c in inspector.get_columns("verdicts")}
    for name, type_ in _COLUMNS:
        if name not in have:
            op.add_column("verdicts", sa.Column(name, type_, nullable=True))
    if not inspector.has_table("verdict_templates"):
        op.create_table(
            "verdict_templates",
            sa.Column("id", sa.String(64), primary_key=True),
            sa.Column("data", sa.Text, nullable=False),
        )


def downgrade() -> None:
    op.drop_table("verdict_templates")
    with op.batch_alter_table("verdicts") as batch:
        for name, _ in reversed(_COLUMNS):
            batch.drop_column(name)
