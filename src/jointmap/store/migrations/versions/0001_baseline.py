"""Baseline schema: the log and its views as of jointmap 0.1.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

from alembic import op

from jointmap.store.schema import metadata

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# The baseline creates the tables of schema.py as they stood at 0.1. Later revisions change them with explicit
# op.* calls, never by editing this file, so an old database migrates step by step.
_BASELINE = (
    "log_entries",
    "organisations",
    "sources",
    "actors",
    "actor_names",
    "agreements",
    "layers",
    "control_observations",
    "control_areas",
    "protected_sites",
    "reports",
    "incidents",
    "incident_reports",
    "incident_actors",
    "allegations",
    "access_requests",
    "verdicts",
)


def upgrade() -> None:
    bind = op.get_bind()
    metadata.create_all(bind, tables=[metadata.tables[name] for name in _BASELINE])


def downgrade() -> None:
    bind = op.get_bind()
    metadata.drop_all(bind, tables=[metadata.tables[name] for name in _BASELINE])
