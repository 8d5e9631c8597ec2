"""Access: each role against every write endpoint and every restricted read; nobody writes as another party;
private notes stay private; sessions need CSRF tokens; sign-in is rate-limited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from jointmap.api.testing import TEST_ACCOUNTS, TEST_PASSWORD
from jointmap.domain import Allegation
from jointmap.store import Store

ROLES = ("public", "citizen", "us-liaison", "monitor", "reviewer", "admin")
ORG = {name: org for name, (org, _role) in TEST_ACCOUNTS.items()}
SOURCE = {"us": "us-state", "ru": "ru-mod-rcc", "monitor": "monitor-daily", "operator": "monitor-daily"}
LAYER = {"us": "us-claimed", "ru": "ru-claimed", "monitor": "joint"}


def headers(keys: dict[str, str], who: str) -> dict[str, str]:
    return {} if who == "public" else {"Authorization": f"Bearer {keys[who]}"}


def _report(org: str, n: int) -> dict[str, Any]:
    return {
        "record": {
            "id": f"rpt-test-{org}-{n}",
            "source": SOURCE.get(org, "monitor-daily"),
            "received_at": "2016-03-10T10:00:00+00:00",
            "title": "Shelling reported",
            "text": f"Shelling was reported near the town on 9 March ({org} {n}).",
        }
    }


def _allegation(org: str, n: int) -> dict[str, Any]:
    return {
        "record": {
            "id": f"alg-test-{org}-{n}",
            "accuser": org,
            "kind": "ceasefire_violation",
            "claim": "Mortar fire on positions.",
            "made_on": "2016-03-10",
        }
    }


def _access(org: str, n: int) -> dict[str, Any]:
    return {
        "record": {
            "id": f"ar-test-{org}-{n}",
            "convoy": "Test convoy",
            "requested_by": org,
            "destination": "Madaya",
            "lat": 33.69,
            "lon": 36.1,
            "requested_from": "2016-03-10",
            "requested_to": "2016-03-12",
            "steps": [{"status": "requested", "date": "2016-03-09"}],
        }
    }


def _observation(org: str, n: int) -> dict[str, Any]:
    return {
        "record": {
            "id": f"obs-test-{org}-{n}",
            "layer": LAYER.get(org, "joint"),
            "place": "Test village",
            "lat": 35.1,
            "lon": 36.7,
            "actors": ["saa"],
            "valid_from": "2016-03-10",
        }
    }


def _incident(org: str, n: int) -> dict[str, Any]:
    return {
        "record": {
            "id": f"inc-test-{org}-{n}",
            "event_type": "Battles",
            "sub_event_type": "Armed clash",
            "when": {"start": "2016-03-10", "end": "2016-03-10"},
            "location": {"name": "Test village", "lat": 35.1, "lon": 36.7},
        }
    }


def _note(org: str, n: int) -> dict[str, Any]:
    return {"subject": "inc-20160215-maarat-hospital", "text": f"note {n}", "private": True}


def _override(org: str, n: int) -> dict[str, Any]:
    return {"agreement": "coh-2016", "outcome": "indeterminate", "reason": "Location disputed by both sides."}


def _user(org: str, n: int) -> dict[str, Any]:
    return {
        "username": f"new-user-{n}",
        "password": "a long password",
        "organisation": "us",
        "role": "monitor",
    }


def _key(org: str, n: int) -> dict[str, Any]:
    return {"organisation": "us", "role": "party_liaison", "label": "test"}


def _decision(org: str, n: int) -> dict[str, Any]:
    return {"action": "reject", "reason": "Duplicate of an existing incident."}


def _signed(org: str, n: int) -> dict[str, Any]:
    return {
        "seq": 0,
        "kind": "allegation.record",
        "author": org,
        "recorded_at": "2016-03-10T10:00:00+00:00",
        "payload": _allegation(org, n)["record"],
        "signature": "AAAA",
    }


def _unsigned(org: str, n: int) -> dict[str, Any]:
    return {"kind": "allegation.record", "payload": _allegation(org, n)["record"]}


Body = Callable[[str, int], dict[str, Any]]
# (method, path, body, roles allowed). "{candidate}" and "{verdict_subject}" are filled in per test.
WRITES: list[tuple[str, str, Body | None, set[str]]] = [
    ("POST", "/api/reports", _report, {"us-liaison", "monitor", "admin"}),
    ("POST", "/api/allegations", _allegation, {"us-liaison", "monitor"}),
    ("POST", "/api/access-requests", _access, {"us-liaison", "monitor"}),
    ("POST", "/api/control-observations", _observation, {"us-liaison", "monitor"}),
    ("POST", "/api/incidents", _incident, {"monitor"}),
    ("POST", "/api/notes", _note, {"us-liaison", "monitor", "reviewer", "admin"}),
    ("POST", "/api/verdicts/{verdict_subject}/override", _override, {"reviewer"}),
    ("POST", "/api/review/{candidate}", _decision, {"reviewer"}),
    ("POST", "/api/log/entries", _signed, {"us-liaison", "monitor", "reviewer", "admin"}),
    ("POST", "/api/log/prepare", _unsigned, {"us-liaison", "monitor", "reviewer", "admin"}),
    ("POST", "/api/admin/users", _user, {"admin"}),
    ("POST", "/api/admin/api-keys", _key, {"admin"}),
    ("PUT", "/api/admin/organisations/us/signing", lambda o, n: {"custodial": False}, {"admin"}),
    ("POST", "/api/adjudicate", lambda o, n: {}, {"monitor", "admin"}),
]

READS: list[tuple[str, set[str]]] = [
    ("/api/sites", {"us-liaison", "monitor", "reviewer", "admin"}),
    ("/api/notes", {"us-liaison", "monitor", "reviewer", "admin"}),
    ("/api/review/candidates", {"monitor", "reviewer", "admin"}),
    ("/api/admin/users", {"admin"}),
    ("/api/incidents?status=candidate", {"us-liaison", "monitor", "reviewer", "admin"}),
]


def _fill(path: str, client: TestClient) -> str:
    candidates = client.get(
        "/api/review/candidates", headers={"Authorization": f"Bearer {_monitor_key}"}
    ).json()
    verdict = client.get("/api/verdicts?limit=1").json()["items"][0]["subject"]
    return path.format(candidate=candidates["items"][0]["id"], verdict_subject=verdict)


_monitor_key = ""


@pytest.mark.parametrize(
    ("method", "path", "body", "allowed"), WRITES, ids=[f"{m} {p}" for m, p, _, _ in WRITES]
)
def test_each_role_against_each_write_endpoint(
    client: TestClient, keys: dict[str, str], method: str, path: str, body: Body | None, allowed: set[str]
) -> None:
    global _monitor_key
    _monitor_key = keys["monitor"]
    url = _fill(path, client)
    for n, who in enumerate(ROLES):
        payload = body(ORG.get(who, "public"), n) if body else None
        response = client.request(method, url, json=payload, headers=headers(keys, who))
        if who in allowed:
            assert response.status_code not in (401, 403), (who, response.text)
            if path != "/api/log/entries":  # a made-up signature: refused with a clear 422, tested below
                assert response.status_code in (200, 201), (who, response.text)
        else:
            assert response.status_code == (401 if who == "public" else 403), (who, response.text)
            assert response.json()["error"]


@pytest.mark.parametrize(("path", "allowed"), READS, ids=[p for p, _ in READS])
def test_each_role_against_each_restricted_read(
    client: TestClient, keys: dict[str, str], path: str, allowed: set[str]
) -> None:
    for who in ROLES:
        response = client.get(path, headers=headers(keys, who))
        if who in allowed:
            assert response.status_code == 200, (who, response.text)
        else:
            assert response.status_code in (401, 403), (who, response.text)


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"author": "ru", **_report("us", 1)}, "/api/reports"),
        (_report("ru", 2), "/api/reports"),  # a Russian source, sent by the US liaison
        (_allegation("ru", 3), "/api/allegations"),  # accusing in Russia's name
        (_observation("ru", 4), "/api/control-observations"),  # drawing on Russia's layer
        (_access("ru", 5), "/api/access-requests"),
        ({"author": "monitor", **_note("us", 6)}, "/api/notes"),
    ],
)
def test_a_party_liaison_cannot_write_as_another_party(
    client: TestClient, keys: dict[str, str], store: Store, body: dict[str, Any], path: str
) -> None:
    before = store.entry_count()
    response = client.post(path, json=body, headers=headers(keys, "us-liaison"))
    assert response.status_code == 403, response.text
    assert "us" in response.json()["error"]
    assert store.entry_count() == before


def test_a_party_cannot_read_another_partys_private_notes(client: TestClient, keys: dict[str, str]) -> None:
    subject = "inc-20160215-maarat-hospital"
    mine = client.post(
        "/api/notes", json={"subject": subject, "text": "US private"}, headers=headers(keys, "us-liaison")
    )
    shared = client.post(
        "/api/notes",
        json={"subject": subject, "text": "US shared", "private": False},
        headers=headers(keys, "us-liaison"),
    )
    assert mine.status_code == shared.status_code == 201

    def texts(who: str) -> set[str]:
        listed = {n["text"] for n in client.get("/api/notes", headers=headers(keys, who)).json()["items"]}
        detail = client.get(f"/api/incidents/{subject}", headers=headers(keys, who)).json()["notes"]
        assert {n["text"] for n in detail} == listed
        return listed

    assert texts("us-liaison") == {"US private", "US shared"}
    assert texts("ru-liaison") == {"US shared"}
    assert texts("monitor") == {"US shared"}
    assert client.get(f"/api/incidents/{subject}").json()["notes"] == []


def test_session_writes_need_the_csrf_token(client: TestClient) -> None:
    login = client.post("/api/session", json={"username": "us-liaison", "password": TEST_PASSWORD})
    assert login.status_code == 200
    token = login.json()["csrf_token"]
    note = {"subject": "x", "text": "hello"}
    refused = client.post("/api/notes", json=note)
    assert refused.status_code == 403 and "CSRF" in refused.json()["error"]
    accepted = client.post("/api/notes", json=note, headers={"X-CSRF-Token": token})
    assert accepted.status_code == 201
    assert client.get("/api/me").json()["organisation"] == "us"
    assert client.request("DELETE", "/api/session", headers={"X-CSRF-Token": token}).status_code == 200
    assert client.get("/api/me").json()["role"] == "public"


def test_sign_in_is_rate_limited(client: TestClient) -> None:
    for _ in range(5):
        assert client.post("/api/session", json={"username": "admin", "password": "wrong"}).status_code == 401
    blocked = client.post("/api/session", json={"username": "admin", "password": TEST_PASSWORD})
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0


def test_unknown_api_key_is_refused(client: TestClient) -> None:
    response = client.get("/api/me", headers={"Authorization": "Bearer jmk_nope.secret"})
    assert response.status_code == 401


def test_a_submission_with_a_bad_signature_is_refused(client: TestClient, keys: dict[str, str]) -> None:
    before = client.get("/api/log/tree").json()["size"]
    # The next seq and the canonical payload, so the signature itself is what fails.
    body = dict(_signed("us", 9), seq=before)
    body["payload"] = Allegation.model_validate(body["payload"]).model_dump(mode="json")
    response = client.post("/api/log/entries", json=body, headers=headers(keys, "us-liaison"))
    assert response.status_code == 422, response.text
    assert "signature" in response.json()["error"]
    assert client.get("/api/log/tree").json()["size"] == before
