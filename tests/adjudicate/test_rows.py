"""Reading incidents for the bulk path (``adjudicate.rows``)."""

from __future__ import annotations

from sqlalchemy import select

from jointmap.adjudicate.rows import _ROWS, IncidentRow, incident_rows
from jointmap.domain import Organisation
from jointmap.store import Store
from jointmap.store import schema as s


def test_rows_come_in_id_order_and_no_read_stays_open_between_chunks(scenario_store: Store) -> None:
    """While a run reads, its own writes can be checkpointed out of the WAL: between two chunks no
    statement holds a read snapshot (a TRUNCATE checkpoint is not blocked)."""
    with scenario_store.engine.connect() as conn:
        expected = list(conn.execute(select(s.incidents.c.id).order_by(s.incidents.c.id)).scalars())
    assert len(expected) > 6
    seen: list[str] = []
    with scenario_store.engine.connect() as conn:
        chunks = incident_rows(conn, chunk=3)
        seen += [r.id for r in next(chunks)]
        scenario_store.write(
            "organisation.register", "monitor", Organisation(id="press", name="Press", kind="observer")
        )
        with scenario_store.engine.connect() as other:
            busy, frames, done = other.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
        assert busy == 0 and frames == done
        for chunk in chunks:
            assert 0 < len(chunk) <= 3
            seen += [r.id for r in chunk]
    assert seen == expected


def test_the_query_selects_one_column_per_row_field_in_field_order() -> None:
    # Rows are made from the cursor's tuples as they come: a column added or moved would shift every field.
    selected = _ROWS.split("SELECT", 1)[1].split("FROM", 1)[0]
    columns = [c.strip() for c in selected.split(",")]
    renamed = {"date_start": "start", "location_precision": "precision"}
    assert [renamed.get(c, c) for c in columns] == list(IncidentRow._fields)


def test_the_rows_are_read_through_the_index_that_covers_them(scenario_store: Store) -> None:
    with scenario_store.engine.connect() as conn:
        plan = " ".join(str(r) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {_ROWS}", ("", 10)))
    assert "COVERING INDEX ix_incidents_bulk_read" in plan
