"""Protected-site alerts as log entries, typed verdict fields, and the set-based verdict applier."""

from __future__ import annotations

from sqlalchemy import func, select

from jointmap.adjudicate import adjudicate_store, current_verdicts
from jointmap.domain import Alert, Incident, Outcome, ProtectedSite
from jointmap.store import Store
from jointmap.store import schema as s
from jointmap.store.alerts import ALERT_KIND, alerts

from .conftest import DECIDED


def _count(store: Store, kind: str) -> int:
    with store.engine.connect() as conn:
        query = select(func.count()).select_from(s.log_entries).where(s.log_entries.c.kind == kind)
        return int(conn.execute(query).scalar_one())


def test_alerts_are_log_entries_written_once(scenario_store: Store) -> None:
    run = adjudicate_store(scenario_store, "monitor", decided_at=DECIDED)
    assert run.alerts and run.alerts_written == len({(a.incident, a.site, a.rule) for a in run.alerts})
    assert _count(scenario_store, ALERT_KIND) == run.alerts_written
    with scenario_store.engine.connect() as conn:
        rows = conn.execute(select(alerts.c.incident, alerts.c.site, alerts.c.rule, alerts.c.data)).all()
    assert ("inc-20160427-aleppo-hospital", "site-aleppo-sukkari", "protected-sites") in {
        (r.incident, r.site, r.rule) for r in rows
    }
    alert = Alert.model_validate_json(rows[0].data)
    assert alert.agreement == "coh-2016" and alert.distance_m <= alert.radius_m
    assert alerts.info.get("restricted") is True  # names protected sites: never in a public view

    again = adjudicate_store(scenario_store, "monitor", decided_at=DECIDED)
    assert again.alerts and again.alerts_written == 0
    assert _count(scenario_store, ALERT_KIND) == run.alerts_written


def test_a_moved_incident_raises_its_alert_again(scenario_store: Store) -> None:
    run = adjudicate_store(scenario_store, "monitor", decided_at=DECIDED)
    (first,) = [a for a in run.alerts if a.incident == "inc-20160427-aleppo-hospital"]
    site = scenario_store.get(ProtectedSite, "protected_sites", first.site)
    incident = scenario_store.get(Incident, "incidents", first.incident)
    # A correction puts the strike about 110 m north of the site: still within reach, another distance.
    location = incident.location.model_copy(update={"lat": site.lat + 0.001, "lon": site.lon})
    scenario_store.write("incident.record", "monitor", incident.model_copy(update={"location": location}))
    before = _count(scenario_store, ALERT_KIND)
    again = adjudicate_store(scenario_store, "monitor", decided_at=DECIDED)
    (moved,) = [a for a in again.alerts if a.incident == first.incident and a.site == first.site]
    assert moved.distance_m != first.distance_m and again.alerts_written == 1
    assert _count(scenario_store, ALERT_KIND) == before + 1
    with scenario_store.engine.connect() as conn:
        rows = conn.execute(select(alerts.c.distance_m).where(alerts.c.incident == first.incident)).all()
    assert [r.distance_m for r in rows] == [moved.distance_m]  # one row per alert: the newest


def test_verdicts_carry_layer_version_and_review_as_typed_fields(scenario_store: Store) -> None:
    adjudicate_store(scenario_store, "monitor", decided_at=DECIDED)
    (barrels,) = current_verdicts(scenario_store, "inc-20160610-daraya-barrels")
    assert barrels.outcome is Outcome.VIOLATION
    assert barrels.layer == "joint" and barrels.layer_version is not None
    assert f"Layer: joint v{barrels.layer_version}" in barrels.explanation
    assert barrels.needs_review is False
    (hospital,) = current_verdicts(scenario_store, "inc-20160427-aleppo-hospital")
    assert hospital.needs_review is True and "Needs human review" in hospital.explanation
    with scenario_store.engine.connect() as conn:
        v = s.verdicts.c
        typed = conn.execute(select(v.layer, v.layer_version, v.needs_review).where(v.id == barrels.id)).one()
        review = conn.execute(
            select(v.subject).where(v.current.is_(True), v.needs_review.is_(True))
        ).scalars()
        assert typed == ("joint", barrels.layer_version, False)
        assert "inc-20160427-aleppo-hospital" in set(review)


def test_bulk_verdict_rows_equal_a_rebuild_from_the_log(scenario_store: Store) -> None:
    # Written by the set-based applier (data copied from the log row); replayed one by one by rebuild.
    adjudicate_store(scenario_store, "monitor", decided_at=DECIDED)
    with scenario_store.engine.connect() as conn:
        before = sorted(tuple(r) for r in conn.execute(select(s.verdicts)))
        alerts_before = sorted(tuple(r) for r in conn.execute(select(alerts)))
    scenario_store.rebuild()
    with scenario_store.engine.connect() as conn:
        assert sorted(tuple(r) for r in conn.execute(select(s.verdicts))) == before
        assert sorted(tuple(r) for r in conn.execute(select(alerts))) == alerts_before
