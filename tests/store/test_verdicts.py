"""Batch verdicts in the tables (``store.verdicts``): ids that follow the entry, templates a log must hold."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from jointmap.domain import Fact, VerdictRows, VerdictTemplate
from jointmap.errors import StoreError
from jointmap.store import Store
from jointmap.store import schema as s
from jointmap.store.cells import DAY
from jointmap.store.verdicts import read_verdicts

from .records import incident, verdict
from .test_cells import assert_cells_match, stored

HIT = VerdictTemplate(outcome="violation", confidence=0.9, explanation="An attack on {subject}.")


def _rows(subjects: tuple[str, ...], template: VerdictTemplate = HIT) -> VerdictRows:
    return VerdictRows(
        agreement="coh",
        decided_at=datetime(2016, 4, 1, tzinfo=UTC),
        templates=(template.key(),),
        subjects=subjects,
        template=(0,) * len(subjects),
        values=("",) * len(subjects),
        supersedes=(None,) * len(subjects),
    )


def _current_ids(store: Store) -> dict[str, str]:
    with store.engine.connect() as conn:
        return {v.subject: v.id for v in read_verdicts(conn, s.verdicts.c.current.is_(True))}


def test_a_verdict_keeps_the_id_of_its_place_in_the_entry_when_an_override_is_skipped(store: Store) -> None:
    """Verdict n of an entry is vd.<seq>.<n>, also when the applier leaves out a subject under override."""
    store.write_many(
        ("incident.record", "monitor", incident(f"i{n}", "2016-03-20", 36.2, 37.1)) for n in range(3)
    )
    reviewed = verdict("o0", "i0", "no_violation").model_copy(update={"override_reason": "seen on video"})
    store.write("verdict.record", "monitor", reviewed)
    store.write("verdict.template", "monitor", HIT)
    seq = store.write("verdict.rows", "monitor", _rows(("i0", "i1", "i2"))).seq
    assert _current_ids(store) == {"i0": "o0", "i1": f"vd.{seq}.1", "i2": f"vd.{seq}.2"}
    store.rebuild()
    assert _current_ids(store) == {"i0": "o0", "i1": f"vd.{seq}.1", "i2": f"vd.{seq}.2"}


def test_a_template_rolled_back_with_a_savepoint_does_not_vouch_for_a_later_entry(store: Store) -> None:
    """Template keys found once per transaction are forgotten with the savepoint that found them."""
    with store.engine.begin() as conn:
        store.write_in(conn, "incident.record", "monitor", incident("i1", "2016-03-20", 36.2, 37.1))
        savepoint = conn.begin_nested()
        store.write_in(conn, "verdict.template", "monitor", HIT)
        store.write_in(conn, "verdict.rows", "monitor", _rows(("i1",)))
        savepoint.rollback()
        assert conn.execute(text("SELECT count(*) FROM verdict_templates")).scalar() == 0
        with pytest.raises(StoreError, match="no earlier entry holds"):
            store.write_in(conn, "verdict.rows", "monitor", _rows(("i1",)))


def test_a_second_template_with_the_same_key_does_not_change_what_verdicts_say(store: Store) -> None:
    """The table keeps the first template of a key; this process renders what the table (and a rebuild)
    holds, not the template applied last."""
    first = HIT.model_copy(update={"facts": (Fact(statement="held by Al\x1fBab", source="layer"),)})
    second = HIT.model_copy(update={"facts": (Fact(statement="held by Al", source="Bab\x1flayer"),)})
    assert first.key() == second.key() and first != second  # keys join fields with U+001F (see the note)
    store.write("verdict.template", "monitor", first)
    store.write("verdict.template", "monitor", second)
    store.write("verdict.rows", "monitor", _rows(("i0",), first))
    with store.engine.connect() as conn:
        (rendered,) = read_verdicts(conn, s.verdicts.c.current.is_(True))
    assert rendered.facts[0].statement == "held by Al\x1fBab"


def test_a_subject_twice_in_one_entry_counts_on_the_map_by_its_last_verdict(store: Store) -> None:
    """Only each subject's last row in an entry is current: an earlier violation row for it must not colour
    its cell."""
    cleared = VerdictTemplate(outcome="no_violation", confidence=0.9, explanation="Nothing on {subject}.")
    store.write_many(
        ("incident.record", "monitor", incident(x, "2016-03-20", 36.2, 37.1)) for x in ("i1", "i2")
    )
    store.write("verdict.template", "monitor", HIT)
    store.write("verdict.template", "monitor", cleared)
    rows = _rows(("i1", "i1", "i2")).model_copy(
        update={"templates": (HIT.key(), cleared.key()), "template": (0, 1, 0)}
    )
    store.write("verdict.rows", "monitor", rows)
    with store.engine.connect() as conn:
        outcomes = {v.subject: v.outcome for v in read_verdicts(conn, s.verdicts.c.current.is_(True))}
    assert outcomes == {"i1": "no_violation", "i2": "violation"}
    assert_cells_match(store.engine)
    assert sum(v[2] for k, v in stored(store.engine).items() if k[0] == 6 and k[1] == DAY) == 1


def test_templates_written_together_apply_as_one_by_one_the_first_of_a_key_kept(store: Store) -> None:
    first = HIT.model_copy(update={"facts": (Fact(statement="held by Al\x1fBab", source="layer"),)})
    second = HIT.model_copy(update={"facts": (Fact(statement="held by Al", source="Bab\x1flayer"),)})
    other = HIT.model_copy(update={"confidence": 0.5})
    store.write("verdict.template", "monitor", other)  # already held: left as it is
    store.write_many(("verdict.template", "monitor", t) for t in (first, other, second))
    store.write("verdict.rows", "monitor", _rows(("i0",), first))
    with store.engine.connect() as conn:
        (rendered,) = read_verdicts(conn, s.verdicts.c.current.is_(True))
        assert conn.execute(text("SELECT count(*) FROM verdict_templates")).scalar() == 2
    assert rendered.facts[0].statement == "held by Al\x1fBab"
    before = _table(store)
    store.rebuild()  # one by one, as the log replays
    assert _table(store) == before


def _table(store: Store) -> list[tuple[object, ...]]:
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text("SELECT * FROM verdict_templates ORDER BY id"))]
