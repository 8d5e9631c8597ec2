"""Alembic environment: run with the connection jointmap hands over (see ``jointmap.store.engine``)."""

from __future__ import annotations

from alembic import context

from jointmap.store.cells import TRIGGERS as CELL_TRIGGERS
from jointmap.store.schema import metadata

connection = context.config.attributes["connection"]
if connection.dialect.name == "sqlite":
    # The incident_cells triggers on incidents name verdicts and vice versa, so a batch migration that
    # re-creates either table (copy, drop, rename) would fail on them. The cells are derived: without their
    # triggers readers use the incidents table, and ensure_incident_cells refills them at the next start.
    for name in CELL_TRIGGERS:
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
