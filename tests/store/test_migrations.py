"""Migrations on a store that holds data written by an older revision."""

from __future__ import annotations

import json
from datetime import date

from alembic import command
from sqlalchemy import inspect, select, text

from jointmap.control.read import layer_history
from jointmap.domain import ControlArea, Fact, Layer, VerdictTemplate, situation_of
from jointmap.store import Store
from jointmap.store import schema as s
from jointmap.store.cells import has_incident_cells
from jointmap.store.engine import _alembic_config
from jointmap.store.verdicts import read_verdicts

from .test_cells import assert_cells_match, incident


def _migrate(store: Store, action: str, revision: str) -> None:
    cfg = _alembic_config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        getattr(command, action)(cfg, revision)


def test_0007_and_0008_move_older_batch_rows_and_fill_incident_situations(store: Store) -> None:
    struck = incident("i1", "2016-03-20", 36.2, 37.1)
    store.write("incident.record", "monitor", struck)
    store.write("incident.record", "monitor", incident("i2", "2016-03-21", 36.3, 37.2))
    template = VerdictTemplate(
        outcome="violation",
        confidence=0.8,
        explanation="{subject} hit the area of {h0_r}, held since {h0_v}.",
        facts=(Fact(statement="Area {h0_r}", source="layer joint v{h0_v}"),),
    )
    store.write("verdict.template", "monitor", template)
    _migrate(store, "downgrade", "0006")
    with store.engine.begin() as conn:  # a batch verdict as revision 0006 stored it
        conn.execute(
            text(
                "INSERT INTO verdicts (id, subject, agreement, outcome, rule, confidence, decided_at, "
                "current, seq, data, template, digest) VALUES ('vd.coh.i1.abc', 'i1', 'coh', 'violation', "
                "NULL, 0.8, '2016-04-01T00:00:00+00:00', 1, 77, :data, :key, 'd')"
            ),
            {
                "data": json.dumps({"params": {"h0_v": "12", "h0_r": "area-7"}, "supersedes": None}),
                "key": template.key(),
            },
        )
        # One whose value holds the separator (0006 allowed it): it cannot become a joined row.
        conn.execute(
            text(
                "INSERT INTO verdicts (id, subject, agreement, outcome, rule, confidence, decided_at, "
                "current, seq, data, template, digest) VALUES ('vd.coh.i2.def', 'i2', 'coh', 'violation', "
                "NULL, 0.8, '2016-04-01T00:00:00+00:00', 1, 77, :data, :key, 'd')"
            ),
            {
                "data": json.dumps({"params": {"h0_v": "3", "h0_r": "a\x1fb"}, "supersedes": None}),
                "key": template.key(),
            },
        )
    _migrate(store, "upgrade", "head")
    with store.engine.connect() as conn:
        (verdict,) = read_verdicts(conn, s.verdicts.c.subject == "i1")
        assert verdict.id == "vd.coh.i1.abc" and verdict.outcome == "violation"  # it keeps its id
        assert verdict.explanation == "i1 hit the area of area-7, held since 12."
        assert verdict.facts == (Fact(statement="Area area-7", source="layer joint v12"),)
        assert conn.execute(text("SELECT count(*) FROM batch_verdicts")).scalar_one() == 1
        (kept,) = read_verdicts(conn, s.verdicts.c.subject == "i2")  # stayed whole, rendered
        assert kept.id == "vd.coh.i2.def" and kept.explanation == "i2 hit the area of a\x1fb, held since 3."
        assert conn.execute(text("SELECT count(*) FROM verdicts")).scalar_one() == 1
        stored = conn.execute(
            select(s.incidents.c.situation, s.incidents.c.area_wkt).where(s.incidents.c.id == "i1")
        ).one()
        assert tuple(stored) == (situation_of(struck.model_dump(mode="json")), None)
        assert has_incident_cells(conn)  # the triggers the table rebuild dropped are back
    assert_cells_match(store.engine)  # and the moved violation colours its cell


def test_0009_fills_control_area_columns_from_the_stored_json(store: Store) -> None:
    store.write("layer.record", "monitor", Layer(id="joint", name="Joint", organisation="monitor"))
    wkt = "POLYGON ((36 33, 36.2 33, 36.2 33.2, 36 33.2, 36 33))"
    for area_id, confidence, source in (("a-1", 0.6, "patrol"), ("a-2", 1.0, "")):
        area = ControlArea(
            id=area_id,
            layer="joint",
            area_wkt=wkt,
            actors=("fsa",),
            valid_from=date(2016, 2, 27),
            confidence=confidence,
            source=source,
        )
        store.write("control.area", "monitor", area)
    before = layer_history(store, "joint").view(date(2016, 3, 1)).holdings
    _migrate(store, "downgrade", "0008")
    with store.engine.connect() as conn:
        assert "shape" not in {c["name"] for c in inspect(conn).get_columns("control_areas")}
    _migrate(store, "upgrade", "head")
    with store.engine.connect() as conn:
        filled = conn.execute(text("SELECT id, confidence, source FROM control_areas ORDER BY id")).all()
        assert [tuple(r) for r in filled] == [("a-1", 0.6, "patrol"), ("a-2", 1.0, "")]
    after = layer_history(store, "joint").view(date(2016, 3, 1)).holdings
    assert [(h.record_id, h.confidence, h.source, h.geometry.wkt) for h in after] == [
        (h.record_id, h.confidence, h.source, h.geometry.wkt) for h in before
    ]
