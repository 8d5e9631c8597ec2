from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from jointmap.domain import Organisation, Report
from jointmap.errors import NotAllowed, UnknownOrganisation
from jointmap.store import Store
from jointmap.store import schema as s
from jointmap.store.compare import table_contents

REPORT = Report(id="r1", source="wire", received_at="2016-03-01T10:00:00+02:00", text="Shelling hit Douma.")


def test_first_write_must_be_an_operator_registering_itself(empty_store: Store) -> None:
    with pytest.raises(UnknownOrganisation, match="none yet"):
        empty_store.write("organisation.register", "us", Organisation(id="us", name="US", kind="party"))
    empty_store.write("organisation.register", "op", Organisation(id="op", name="Op", kind="operator"))
    assert empty_store.organisation_ids() == ["op"]


def test_write_by_unknown_organisation_is_refused_naming_the_known_ones(store: Store) -> None:
    with pytest.raises(UnknownOrganisation) as info:
        store.write("report.receive", "nobody", REPORT)
    assert "nobody" in str(info.value)
    assert "monitor, operator, ru, us" in str(info.value)
    assert store.entry_count() == 8  # nothing appended


def test_a_party_cannot_register_organisations(store: Store) -> None:
    with pytest.raises(NotAllowed):
        store.write("organisation.register", "us", Organisation(id="x", name="X", kind="party"))


def test_every_write_appends_a_log_entry_then_applies_it(store: Store) -> None:
    before = store.entry_count()
    result = store.write("report.receive", "monitor", REPORT)
    assert result.created and result.seq == before
    entry = next(iter(store.entries(start=before)))
    assert entry.kind == "report.receive" and entry.author == "monitor"
    assert entry.payload["text"] == "Shelling hit Douma."
    assert store.get(Report, "reports", "r1") == REPORT


def test_idempotent_write_adds_nothing_the_second_time(store: Store) -> None:
    first = store.write("report.receive", "monitor", REPORT, idempotency_key="k1")
    second = store.write("report.receive", "monitor", REPORT, idempotency_key="k1")
    assert first.created and not second.created and first.seq == second.seq
    assert store.count("reports") == 1


def test_reports_are_immutable(store: Store) -> None:
    store.write("report.receive", "monitor", REPORT)
    changed = REPORT.model_copy(update={"text": "Something else."})
    with pytest.raises(NotAllowed, match="immutable"):
        store.write("report.receive", "monitor", changed)


def test_payload_hash_matches_stored_payload(store: Store) -> None:
    import hashlib

    store.write("report.receive", "monitor", REPORT)
    with store.engine.connect() as conn:
        for row in conn.execute(select(s.log_entries)):
            assert hashlib.sha256(row.payload.encode()).hexdigest() == row.payload_sha256
            assert json.loads(row.payload)  # canonical JSON parses


def test_rebuild_gives_identical_tables(store: Store) -> None:
    store.write("report.receive", "monitor", REPORT)
    before = table_contents(store.engine)
    store.rebuild()
    assert table_contents(store.engine) == before


def test_write_many_matches_one_by_one_writes(store: Store, tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from jointmap.domain import Verdict

    def verdicts(n: int) -> list[Verdict]:
        at = datetime(2016, 3, 1, tzinfo=UTC)
        return [
            Verdict(
                id=f"v{i}",
                subject=f"i{i % 3}",
                agreement="coh",
                outcome="no_violation",
                confidence=0.9,
                explanation="x",
                decided_at=at,
            )
            for i in range(n)
        ]

    store.write_many(("verdict.record", "monitor", v) for v in verdicts(10))
    with Store.open(tmp_path / "other.db") as other:
        other.write("organisation.register", "monitor", Organisation(id="monitor", name="M", kind="monitor"))
        for v in verdicts(10):
            other.write("verdict.record", "monitor", v)

        def without_seq(e: Store) -> list[tuple[object, ...]]:  # the two logs differ in length before
            return [row[:8] + row[9:] for row in table_contents(e.engine)["verdicts"]]

        assert without_seq(other) == without_seq(store)
    current = {v.subject for v in store.all(Verdict, "verdicts")}
    assert current == {"i0", "i1", "i2"}
    assert consistent_after_rebuild(store)


def consistent_after_rebuild(store: Store) -> bool:
    before = table_contents(store.engine)
    store.rebuild()
    return table_contents(store.engine) == before
