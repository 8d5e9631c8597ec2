from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from jointmap.domain import (
    SUB_EVENT_TYPES,
    Actor,
    Agreement,
    EventType,
    Fatalities,
    Incident,
    LogEntry,
    SubEventType,
    canonical_json,
)

NUSRA = Actor.model_validate(
    {
        "id": "nusra",
        "kind": "rebel_group",
        "names": [
            {"name": "Jabhat al-Nusra", "kind": "official", "valid_to": "2016-07-27"},
            {"name": "Jabhat Fateh al-Sham", "kind": "official", "valid_from": "2016-07-28"},
            {"name": "جبهة النصرة", "lang": "ar", "kind": "alias"},
        ],
    }
)


def _incident(**overrides: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": "i1",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "when": {"start": "2016-03-01", "end": "2016-03-01"},
        "location": {"name": "Douma", "lat": 33.57, "lon": 36.4},
    }
    return base | overrides


def test_acled_taxonomy_has_6_types_and_25_sub_types() -> None:
    assert len(EventType) == 6
    assert len(SubEventType) == 25
    assert sum(len(v) for v in SUB_EVENT_TYPES.values()) == 25


def test_renamed_actor_keeps_one_identity() -> None:
    assert NUSRA.name_on(date(2016, 3, 1)) == "Jabhat al-Nusra"
    assert NUSRA.name_on(date(2016, 9, 1)) == "Jabhat Fateh al-Sham"
    assert NUSRA.label == "Jabhat Fateh al-Sham"


def test_sub_event_type_must_belong_to_event_type() -> None:
    with pytest.raises(ValidationError, match="belongs to 'Battles'"):
        Incident.model_validate(_incident(sub_event_type="Armed clash"))


def test_incident_dates_must_be_ordered() -> None:
    with pytest.raises(ValidationError, match="before start"):
        Incident.model_validate(_incident(when={"start": "2016-03-02", "end": "2016-03-01"}))


def test_fatalities_low_best_high_order() -> None:
    with pytest.raises(ValidationError):
        Fatalities(best=5, low=7, high=9)
    assert Fatalities(best=6, low=5, high=7).best == 6


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError, match="Extra inputs"):
        Incident.model_validate(_incident(colour="red"))


def test_agreement_times_need_an_offset_and_parties_cannot_be_excluded() -> None:
    base = {"id": "coh", "name": "CoH", "parties": [{"actor": "saa", "side": "government"}]}
    with pytest.raises(ValidationError, match="UTC offset"):
        Agreement.model_validate(base | {"effective_from": "2016-02-27T00:00:00"})
    with pytest.raises(ValidationError, match="both party and excluded"):
        Agreement.model_validate(base | {"effective_from": "2016-02-27T00:00:00+02:00", "excluded": ["saa"]})


def test_canonical_json_is_order_independent_and_compact() -> None:
    assert canonical_json({"b": 1, "a": "é"}) == '{"a":"é","b":1}'.encode()
    assert canonical_json({"a": "é", "b": 1}) == canonical_json({"b": 1, "a": "é"})


def test_log_entry_envelope_commits_to_payload_hash_not_signature() -> None:
    entry = LogEntry(
        seq=0,
        kind="report.receive",
        author="monitor",
        recorded_at="2016-03-01T10:00:00+00:00",
        payload={"x": 1},
        payload_sha256="0" * 64,
    )
    signed = entry.model_copy(update={"signature": "c2ln", "key_id": "k"})
    assert entry.envelope() == signed.envelope()
    assert b'"payload_sha256":"' + b"0" * 64 in entry.envelope()
