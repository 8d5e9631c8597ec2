"""``incident_cells`` stays equal to a fresh GROUP BY over incidents, through writes and rebuild."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, delete, text

from jointmap.store import Store
from jointmap.store import schema as s
from jointmap.store.cells import CELLS, DAY, GRAINS, LEVELS, MONTH, cell_degrees, has_incident_cells

from .records import incident, verdict

Key = tuple[int, int, int, int, int, str, str, int]


def _grain_start(day: date, grain: int) -> date:
    return day if grain == DAY else day.replace(day=1) if grain == MONTH else day.replace(month=1, day=1)


def expected(engine: Engine) -> dict[Key, tuple[int, int, int, float, float]]:
    """The cells computed in Python from the incidents table and the all_verdicts view."""
    with engine.connect() as conn:
        violating = {
            r[0]
            for r in conn.execute(
                text("SELECT subject FROM all_verdicts WHERE current AND outcome = 'violation'")
            ).fetchall()
        }
        rows = conn.execute(
            text(
                "SELECT id, status, event_type, date_start, date_end, lat, lon, fatalities_best"
                " FROM incidents"
            )
        ).fetchall()
    cells: dict[Key, list[float]] = defaultdict(lambda: [0, 0, 0, 0.0, 0.0])
    for iid, status, event_type, d0, d1, lat, lon, killed in rows:
        first, last = date.fromisoformat(d0), date.fromisoformat(d1)
        for level in LEVELS:
            deg = cell_degrees(level)
            for grain in GRAINS:
                day = _grain_start(first, grain).toordinal() + 1721424
                span = (last - first).days if grain == DAY else 0
                key = (
                    level,
                    grain,
                    day,
                    int((lon + 180) / deg),
                    int((lat + 90) / deg),
                    status,
                    event_type,
                    span,
                )
                cell = cells[key]
                cell[0] += 1
                cell[1] += killed
                cell[2] += iid in violating
                cell[3] += lon
                cell[4] += lat
    return {k: (int(v[0]), int(v[1]), int(v[2]), v[3], v[4]) for k, v in cells.items()}


def stored(engine: Engine) -> dict[Key, tuple[int, int, int, float, float]]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT zoom_level, grain, day, cell_x, cell_y, status, event_type, span, n, fatalities,"
                f" violations, sum_lon, sum_lat FROM {CELLS}"
            )
        ).fetchall()
    return {tuple(r[:8]): tuple(r[8:]) for r in rows}


def assert_cells_match(engine: Engine) -> None:
    got, want = stored(engine), expected(engine)
    assert set(got) == set(want)
    for key, (n, killed, violations, sum_lon, sum_lat) in want.items():
        assert got[key][:3] == (n, killed, violations), key
        assert got[key][3] == pytest.approx(sum_lon) and got[key][4] == pytest.approx(sum_lat), key


def test_a_fresh_store_keeps_cells_and_insert_adds_to_every_level_and_grain(store: Store) -> None:
    with store.engine.connect() as conn:
        assert has_incident_cells(conn)
    store.write("incident.record", "monitor", incident("i1", "2016-03-20", 36.2, 37.1, killed=3))
    store.write("incident.record", "monitor", incident("i2", "2016-03-20", 36.21, 37.11, killed=2))
    store.write("incident.record", "monitor", incident("i3", "2016-04-02", 33.5, 36.3, end="2016-04-09"))
    assert_cells_match(store.engine)
    got = stored(store.engine)
    assert len([k for k in got if k[1] == DAY]) == 2 * len(LEVELS)  # i1 and i2 share their cell and day
    assert sum(v[0] for k, v in got.items() if k[0] == 6 and k[1] == DAY) == 3
    assert {k[7] for k in got if k[1] == DAY} == {0, 7}


def test_update_moves_an_incident_to_its_new_cell_and_day(store: Store) -> None:
    store.write("incident.record", "monitor", incident("i1", "2016-03-20", 36.2, 37.1, killed=3))
    store.write("incident.record", "monitor", incident("i2", "2016-03-20", 36.2, 37.1))
    store.write("incident.record", "monitor", incident("i1", "2016-05-01", 33.5, 36.3, killed=1))
    assert_cells_match(store.engine)
    # A plain UPDATE (not the store's delete + insert) goes through the update trigger.
    with store.engine.begin() as conn:
        conn.execute(s.incidents.update().where(s.incidents.c.id == "i2").values(lat=35.0, lon=40.0))
    assert_cells_match(store.engine)
    assert all(v[0] > 0 for v in stored(store.engine).values())


def test_delete_takes_an_incident_out_and_empty_cells_go(store: Store) -> None:
    store.write("incident.record", "monitor", incident("i1", "2016-03-20", 36.2, 37.1, killed=3))
    store.write("incident.record", "monitor", incident("i2", "2016-03-21", 33.5, 36.3))
    store.write("verdict.record", "monitor", verdict("v1", "i1", "violation"))
    with store.engine.begin() as conn:
        conn.execute(delete(s.incidents).where(s.incidents.c.id == "i1"))
    assert_cells_match(store.engine)
    assert len(stored(store.engine)) == len(LEVELS) * len(GRAINS)
    with store.engine.begin() as conn:
        conn.execute(delete(s.incidents))
    assert stored(store.engine) == {}


def test_violations_follow_current_verdicts(store: Store) -> None:
    store.write("incident.record", "monitor", incident("i1", "2016-03-20", 36.2, 37.1))
    store.write("incident.record", "monitor", incident("i2", "2016-03-20", 36.2, 37.1))

    def violations() -> int:
        return sum(v[2] for k, v in stored(store.engine).items() if k[0] == 6 and k[1] == DAY)

    store.write("verdict.record", "monitor", verdict("v1", "i1", "violation"))
    assert violations() == 1
    store.write("verdict.record", "monitor", verdict("v2", "i1", "violation", agreement="other"))
    assert violations() == 1  # one incident, however many agreements it breaks
    store.write("verdict.record", "monitor", verdict("v3", "i1", "no_violation"))  # supersedes v1
    assert violations() == 1  # v2 still holds
    store.write_many(
        [
            ("verdict.record", "monitor", verdict("v4", "i1", "no_violation", agreement="other")),
            ("verdict.record", "monitor", verdict("v5", "i2", "violation")),
            ("verdict.record", "monitor", verdict("v6", "ghost", "violation")),  # no such incident
        ]
    )
    assert violations() == 1
    assert_cells_match(store.engine)
    with store.engine.begin() as conn:  # a verdict moved to another subject, then deleted
        conn.execute(s.verdict_records.update().where(s.verdict_records.c.id == "v5").values(subject="i1"))
        assert_cells_match(store.engine)
        conn.execute(delete(s.verdict_records).where(s.verdict_records.c.id == "v5"))
    assert violations() == 0
    assert_cells_match(store.engine)


def test_rebuild_refills_the_cells_equal_to_a_fresh_group_by(store: Store) -> None:
    for k in range(12):
        store.write(
            "incident.record",
            "monitor",
            incident(f"i{k}", f"2016-0{1 + k % 6}-1{k % 9}", 33 + k / 4, 36 + k / 5),
        )
    store.write("verdict.record", "monitor", verdict("v1", "i3", "violation"))
    with store.engine.begin() as conn:  # stale rows that rebuild must not keep
        conn.execute(text(f"UPDATE {CELLS} SET n = n + 5"))
    store.rebuild()
    with store.engine.connect() as conn:
        assert has_incident_cells(conn)
    assert_cells_match(store.engine)
    assert sum(v[2] for k, v in stored(store.engine).items() if k[0] == 2 and k[1] == DAY) == 1


def test_bulk_writes_keep_the_cells_the_triggers_would(store: Store) -> None:
    """write_many applies incidents and verdict batches set-based, with the row triggers paused."""
    from jointmap.domain import BatchedVerdict, Fact, VerdictBatch, VerdictRows, VerdictTemplate

    store.write("incident.record", "monitor", incident("i0", "2016-03-20", 36.2, 37.1, killed=1))
    store.write("verdict.record", "monitor", verdict("v0", "i0", "violation"))
    first = [
        incident(f"i{n}", f"2016-03-{10 + n % 9:02d}", 36 + n / 50, 37 + n / 40, killed=n) for n in range(30)
    ]
    store.write_many(("incident.record", "monitor", i) for i in first)  # i0 moves; 29 are new
    assert_cells_match(store.engine)
    template = VerdictTemplate(
        outcome="violation",
        confidence=0.9,
        explanation="An attack on {subject}.",
        facts=(Fact(statement="x", source="incident {subject} · when"),),
    )
    store.write("verdict.template", "monitor", template)
    batch = VerdictBatch(
        agreement="coh",
        decided_at=datetime(2016, 4, 1, tzinfo=UTC),
        verdicts=tuple(
            BatchedVerdict(id=f"vb{n}", subject=f"i{n}", template=template.key()) for n in range(0, 30, 3)
        ),
    )
    store.write_many([("verdict.batch", "monitor", batch)])  # the older, one-object-per-verdict form
    assert_cells_match(store.engine)
    cleared = VerdictTemplate(outcome="no_violation", confidence=0.9, explanation="Nothing on {subject}.")
    store.write("verdict.template", "monitor", cleared)
    subjects = [f"i{n}" for n in range(0, 30, 2)]  # some had a violation, some not
    rows = VerdictRows(
        agreement="coh",
        decided_at=datetime(2016, 4, 2, tzinfo=UTC),
        templates=(cleared.key(), template.key()),
        subjects=tuple(subjects),
        template=tuple(n % 2 for n in range(len(subjects))),
        values=("",) * len(subjects),
        supersedes=(None,) * len(subjects),
    )
    store.write_many([("verdict.rows", "monitor", rows)])
    assert_cells_match(store.engine)
    moved = [incident(f"i{n}", "2016-06-01", 34.0, 38.0 + n / 100) for n in range(0, 30, 2)]
    store.write_many(("incident.record", "monitor", i) for i in moved)  # violating and not, moved
    assert_cells_match(store.engine)
    store.rebuild()
    assert_cells_match(store.engine)


def test_an_override_of_a_batch_verdict_moves_the_cells(store: Store) -> None:
    """A ``verdict.record`` replacing a batch row (which has no per-row triggers) still shifts the cells."""
    store.write_many(
        ("incident.record", "monitor", incident(f"i{n}", "2016-03-20", 36.2, 37.1)) for n in range(3)
    )
    _write_violations(store, ["i0", "i1", "i2"])
    assert_cells_match(store.engine)
    store.write("verdict.record", "monitor", verdict("o1", "i0", "no_violation"))  # one by one
    assert_cells_match(store.engine)
    store.write_many([("verdict.record", "monitor", verdict("o2", "i1", "violation"))])  # set-based
    assert_cells_match(store.engine)
    store.rebuild()
    assert_cells_match(store.engine)


def test_a_batch_verdict_never_replaces_a_current_override(store: Store) -> None:
    """A run that read the verdicts before a reviewer overrode one must not undo the override."""
    from jointmap.store.verdicts import read_verdicts

    store.write_many(
        ("incident.record", "monitor", incident(f"i{n}", "2016-03-20", 36.2, 37.1)) for n in range(2)
    )
    override = verdict("o0", "i0", "no_violation").model_copy(update={"override_reason": "seen on video"})
    store.write("verdict.record", "monitor", override)
    _write_violations(store, ["i0", "i1"])
    with store.engine.connect() as conn:
        current = {v.subject: v for v in read_verdicts(conn, s.verdicts.c.current.is_(True))}
    assert current["i0"].id == "o0" and current["i1"].outcome == "violation"
    assert_cells_match(store.engine)


def test_verdict_entries_in_one_transaction_shift_the_cells_once_and_right(store: Store) -> None:
    """Runs of verdict entries in one ``write_many`` transaction gather their shifts (first verdicts,
    replacements within the run, a whole verdict among them) and an incident entry between two runs sees
    the cells of the first run already shifted."""
    from jointmap.domain import VerdictRows, VerdictTemplate
    from jointmap.errors import StoreError

    store.write_many(
        ("incident.record", "monitor", incident(f"i{n}", f"2016-03-{10 + n % 5:02d}", 36 + n / 9, 37.1))
        for n in range(12)
    )
    hit = VerdictTemplate(outcome="violation", confidence=0.9, explanation="An attack on {subject}.")
    calm = VerdictTemplate(outcome="no_violation", confidence=0.9, explanation="Nothing on {subject}.")

    def rows(subjects: list[str], pattern: list[int]) -> VerdictRows:
        return VerdictRows(
            agreement="coh",
            decided_at=datetime(2016, 4, 1, tzinfo=UTC),
            templates=(calm.key(), hit.key()),
            subjects=tuple(subjects),
            template=tuple(pattern),
            values=("",) * len(subjects),
            supersedes=(None,) * len(subjects),
        )

    first = [f"i{n}" for n in range(12)]
    store.write_many(
        [
            ("verdict.template", "monitor", hit),
            ("verdict.template", "monitor", calm),
            ("verdict.rows", "monitor", rows(first, [n % 2 for n in range(12)])),  # first verdicts
            ("verdict.rows", "monitor", rows(first[:6], [1, 0, 1, 0, 0, 1])),  # flips, in the same run
            ("verdict.record", "monitor", verdict("w1", "i7", "no_violation")),
            ("incident.record", "monitor", incident("i0", "2016-05-01", 34.0, 38.0)),  # violating now, moved
            ("verdict.rows", "monitor", rows(first[6:], [1] * 6)),
        ]
    )
    assert_cells_match(store.engine)
    before = stored(store.engine)
    refused = rows(["i2", "i3"], [1, 1]).model_copy(update={"values": ("", "x")})  # too many values
    with pytest.raises(StoreError):
        store.write_many(
            [("verdict.rows", "monitor", rows(["i2", "i4"], [0, 0])), ("verdict.rows", "monitor", refused)]
        )
    assert stored(store.engine) == before  # nothing of the failed transaction, and nothing left pending
    store.write_many([("verdict.rows", "monitor", rows(["i9"], [0]))])
    assert_cells_match(store.engine)
    store.rebuild()
    assert_cells_match(store.engine)


def _write_violations(store: Store, subjects: list[str]) -> None:
    """One ``verdict.rows`` entry giving each of ``subjects`` a machine violation verdict under "coh"."""
    from jointmap.domain import VerdictRows, VerdictTemplate

    hit = VerdictTemplate(outcome="violation", confidence=0.9, explanation="An attack on {subject}.")
    store.write("verdict.template", "monitor", hit)
    rows = VerdictRows(
        agreement="coh",
        decided_at=datetime(2016, 4, 1, tzinfo=UTC),
        templates=(hit.key(),),
        subjects=tuple(subjects),
        template=(0,) * len(subjects),
        values=("",) * len(subjects),
        supersedes=(None,) * len(subjects),
    )
    store.write("verdict.rows", "monitor", rows)
