"""The issue's "done when" cases, judged on the syria-2016 scenario through the store."""

from __future__ import annotations

import json
import re

from sqlalchemy import select

from jointmap.adjudicate import adjudicate_store, current_verdicts, verdict_history
from jointmap.domain import ControlObservation, Outcome, Verdict
from jointmap.store import Store
from jointmap.store import schema as s

from .conftest import DECIDED, strike


def _verdict(store: Store, subject: str) -> Verdict:
    (verdict,) = current_verdicts(store, subject)
    return verdict


def _judge(store: Store) -> None:
    adjudicate_store(store, "monitor", decided_at=DECIDED)


def test_strike_on_an_excluded_groups_area_is_not_covered(scenario_store: Store) -> None:
    # Al-Bab was held by ISIL alone on the joint layer; the evidence names only civilians, so the map decides.
    scenario_store.write("incident.record", "monitor", strike("t-al-bab", "2016-03-20", 36.36994, 37.51788))
    _judge(scenario_store)
    v = _verdict(scenario_store, "t-al-bab")
    assert v.outcome is Outcome.NOT_COVERED
    assert "the target is excluded" in v.explanation and "isil" in v.explanation
    assert _verdict(scenario_store, "inc-20160317-palmyra-strikes").outcome is Outcome.NOT_COVERED


def test_government_strike_on_a_partys_area_is_a_violation_by_the_government_side(
    scenario_store: Store,
) -> None:
    _judge(scenario_store)
    v = _verdict(scenario_store, "inc-20160610-daraya-barrels")
    assert v.outcome is Outcome.VIOLATION
    assert v.responsible == ("syaaf",)
    assert v.rule == "no-attack"
    assert "government side" in v.explanation
    assert any("joint-daraya" in f.source for f in v.facts)


def test_unknown_perpetrator_is_indeterminate(scenario_store: Store) -> None:
    _judge(scenario_store)
    v = _verdict(scenario_store, "inc-20160815-azaz-car-bomb")
    assert v.outcome is Outcome.INDETERMINATE
    assert "perpetrator is unknown" in v.explanation


def test_precision_3_location_straddling_two_controllers_is_indeterminate_and_says_why(
    scenario_store: Store,
) -> None:
    # Between Daraya (FSA, a party) and Damascus (government): district-level wording, no area of its own.
    scenario_store.write(
        "incident.record",
        "monitor",
        strike("t-straddle", "2016-06-12", 33.487, 36.257, perpetrators=("saa",), precision=3),
    )
    _judge(scenario_store)
    v = _verdict(scenario_store, "t-straddle")
    assert v.outcome is Outcome.INDETERMINATE
    assert "straddles areas held by different actors" in v.explanation
    assert "verdict differs" in v.explanation
    assert "held by fsa: violation" in v.explanation and "held by sy-gov" in v.explanation
    assert "20 km radius" in v.explanation
    ghouta = _verdict(scenario_store, "inc-20160407-ghouta-shelling")
    assert ghouta.outcome is Outcome.INDETERMINATE and "straddles" in ghouta.explanation


def test_strike_before_the_effective_date_is_not_covered(scenario_store: Store) -> None:
    _judge(scenario_store)
    v = _verdict(scenario_store, "inc-20160215-maarat-hospital")
    assert v.outcome is Outcome.NOT_COVERED
    assert "before the agreement took effect on 2016-02-27" in v.explanation
    assert any(f.source.endswith("effective_from/effective_to") for f in v.facts)


def test_al_nusra_under_its_july_2016_name_is_still_excluded(scenario_store: Store) -> None:
    # Anadan is entangled (FSA with al-Nusra) on the joint layer; the evidence names JFS alone as target.
    scenario_store.write(
        "incident.record",
        "monitor",
        strike("t-jfs", "2016-08-20", 36.29353, 37.04466, perpetrators=("ru-af",), targets=("nusra",)),
    )
    _judge(scenario_store)
    v = _verdict(scenario_store, "t-jfs")
    assert v.outcome is Outcome.NOT_COVERED
    assert "Jabhat Fateh al-Sham (nusra): excluded by coh-2016" in v.explanation
    named = _verdict(scenario_store, "inc-20160908-kafr-naha-strike")
    assert named.outcome is Outcome.NOT_COVERED and "Jabhat Fateh al-Sham" in named.explanation


def test_a_layer_correction_flips_an_earlier_verdict_and_both_stay_in_the_log(scenario_store: Store) -> None:
    _judge(scenario_store)
    before = _verdict(scenario_store, "inc-20160610-daraya-barrels")
    assert before.outcome is Outcome.VIOLATION
    record = scenario_store.get(ControlObservation, "control_observations", "joint-daraya-20160501")
    # The monitor learns that al-Nusra fighters were in Daraya too: the town becomes entangled.
    corrected = record.model_copy(update={"actors": ("fsa", "nusra"), "source": "monitor correction"})
    correction_seq = scenario_store.write("control.observe", "monitor", corrected).seq

    run = adjudicate_store(scenario_store, "monitor", decided_at=DECIDED)
    after = _verdict(scenario_store, "inc-20160610-daraya-barrels")
    assert after.outcome is Outcome.INDETERMINATE and "entangled" in after.explanation
    assert after.supersedes == before.id
    assert f"joint v{correction_seq}" in after.explanation
    history = verdict_history(scenario_store, "inc-20160610-daraya-barrels")
    assert [(v.id, current) for _, current, v in history] == [(before.id, False), (after.id, True)]
    with scenario_store.engine.connect() as conn:
        payloads = conn.execute(
            select(s.log_entries.c.payload).where(s.log_entries.c.kind == "verdict.rows")
        ).scalars()
        logged = sum(len(json.loads(p)["subjects"]) for p in payloads)
    # Every verdict of both runs is in the log: the first judged everything, the second wrote the changes.
    assert logged == run.judged + run.written
    # Judged as the record stood before the correction, the old verdict comes back.
    old_view = adjudicate_store(scenario_store, "monitor", known_seq=correction_seq - 1, decided_at=DECIDED)
    assert next(j for j in old_view.judgements if j.subject == before.subject).outcome is Outcome.VIOLATION


def test_a_blocked_convoy_violates_humanitarian_access(scenario_store: Store) -> None:
    _judge(scenario_store)
    v = _verdict(scenario_store, "ar-daraya-2016-05")
    assert v.outcome is Outcome.VIOLATION
    assert v.responsible == ("saa",)
    assert v.rule == "humanitarian-access"
    assert _verdict(scenario_store, "ar-daraya-2016-06").outcome is Outcome.NO_VIOLATION


def test_every_explanation_names_the_layer_version_and_the_rule(scenario_store: Store) -> None:
    run = adjudicate_store(scenario_store, "monitor", decided_at=DECIDED)
    assert run.judged == run.written > 30
    for v in current_verdicts(scenario_store):
        assert re.search(r"Layer: joint (v\d+|\(no records in force)", v.explanation), v.explanation
        assert "Rule: " in v.explanation
        if v.rule is not None:
            assert f"Rule: {v.rule} (" in v.explanation
        assert v.facts and all(f.source for f in v.facts)


def test_rerunning_with_nothing_changed_writes_nothing(scenario_store: Store) -> None:
    _judge(scenario_store)
    entries = scenario_store.entry_count()
    run = adjudicate_store(scenario_store, "monitor")
    assert run.written == 0 and run.unchanged == run.judged
    assert scenario_store.entry_count() == entries


def test_protected_site_proximity_raises_an_alert(scenario_store: Store) -> None:
    run = adjudicate_store(scenario_store, "monitor", decided_at=DECIDED)
    alerted = {(a.incident, a.site) for a in run.alerts}
    assert ("inc-20160427-aleppo-hospital", "site-aleppo-sukkari") in alerted
    v = _verdict(scenario_store, "inc-20160427-aleppo-hospital")
    assert v.rule == "protected-sites" and "Needs human review" in v.explanation
