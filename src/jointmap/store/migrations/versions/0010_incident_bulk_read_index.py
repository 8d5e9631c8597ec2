"""An index covering what a bulk adjudication reads of every incident (``adjudicate.rows``).

Revision ID: 0010
Revises: 0009

Read in id order through it, a run reads a tenth of the pages the table's rows (with their JSON) take. The
baseline (0001) creates tables from the current ``schema.py``, so on a new database it exists already.
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# Frozen here: a later change to schema.INCIDENT_ROW_COLUMNS comes with a migration of its own.
_COLUMNS = (
    "id",
    "event_type",
    "sub_event_type",
    "date_start",
    "lat",
    "lon",
    "location_precision",
    "area_wkt",
    "situation",
)


def upgrade() -> None:
    # SQLite only: bulk adjudication is, and a PostgreSQL btree entry is capped near 2.7 kB (an area's WKT).
    if op.get_bind().dialect.name == "sqlite":
        op.create_index("ix_incidents_bulk_read", "incidents", list(_COLUMNS), if_not_exists=True)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.drop_index("ix_incidents_bulk_read", "incidents", if_exists=True)
