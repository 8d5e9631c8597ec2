"""The log over HTTP: entries signed elsewhere (submit_signed), custodial signing, checkpoints, proofs."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from jointmap.domain import Allegation
from jointmap.ledger import open_note, parse_verifier_key
from jointmap.ledger.keyring import Keyring
from jointmap.store import Store
from jointmap.store.accounts import set_custodial


def _allegation(n: int) -> Allegation:
    return Allegation.model_validate(
        {
            "id": f"alg-local-{n}",
            "accuser": "us",
            "kind": "ceasefire_violation",
            "claim": "Mortar fire on positions.",
            "made_on": "2016-03-10",
        }
    )


def _signed_locally(client: TestClient, headers: dict[str, str], keys: Path, n: int) -> dict[str, Any]:
    """As a party that keeps its key: ask the server for the entry to sign, sign it with its own key."""
    record = _allegation(n).model_dump(mode="json")
    prepared = client.post(
        "/api/log/prepare", json={"kind": "allegation.record", "payload": record}, headers=headers
    )
    assert prepared.status_code == 200, prepared.text
    entry = prepared.json()
    keypair = Keyring.load(keys).get("us")
    assert keypair is not None
    signature = keypair.sign(base64.b64decode(entry["envelope_base64"]))
    body = {k: entry[k] for k in ("seq", "kind", "author", "recorded_at", "payload")}
    return dict(body, signature=base64.b64encode(signature).decode())


def test_a_party_that_keeps_its_key_submits_entries_it_signed(
    client: TestClient, store: Store, demo_db: Path, keys: dict[str, str]
) -> None:
    us = {"Authorization": f"Bearer {keys['us-liaison']}"}
    set_custodial(store.engine, "us", False)
    refused = client.post(
        "/api/allegations", json={"record": _allegation(1).model_dump(mode="json")}, headers=us
    )
    assert refused.status_code == 409 and "sign the entry locally" in refused.json()["error"]

    before = client.get("/api/log/tree").json()["size"]
    body = _signed_locally(client, us, demo_db.parent / "keys", 1)
    accepted = client.post("/api/log/entries", json=body, headers=us)
    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["seq"] == before
    entry = client.get(f"/api/log/entries/{before}").json()
    assert entry["signature"] == body["signature"] and entry["key_id"]
    assert client.get("/api/log/tree").json()["size"] == before + 1

    stale = client.post("/api/log/entries", json=body, headers=us)
    assert stale.status_code == 409 and "seq" in stale.json()["error"]
    forged = dict(_signed_locally(client, us, demo_db.parent / "keys", 2), signature=body["signature"])
    bad = client.post("/api/log/entries", json=forged, headers=us)
    assert bad.status_code == 422 and bad.json()["fields"][0]["field"] == "signature"


def test_the_checkpoint_verifies_and_proofs_match_the_tree(client: TestClient) -> None:
    got = client.get("/api/log/checkpoint")
    assert got.status_code == 200, got.text
    cp = got.json()
    opened = open_note(cp["note"], [parse_verifier_key(cp["verifier_key"])])
    assert opened.text.splitlines()[1] == str(cp["size"])
    tree = client.get("/api/log/tree").json()
    assert tree["size"] == cp["size"]
    proof = client.get("/api/log/proofs/inclusion", params={"index": 3}).json()
    assert proof["root"] == tree["root_hex"] and proof["size"] == tree["size"]
    old = client.get("/api/log/proofs/consistency", params={"old": 5}).json()
    assert old["new_root"] == tree["root_hex"] and old["proof"]


def test_a_page_of_entries_ends_at_its_byte_budget_and_next_offset_continues(
    client: TestClient, store: Store, monkeypatch: Any
) -> None:
    from jointmap.api import log as log_api

    monkeypatch.setattr(log_api, "PAGE_BYTES", 4000)
    total = store.entry_count()
    seen: list[int] = []
    start: int | None = 0
    pages = 0
    while start is not None:
        page = client.get(f"/api/log/entries?start={start}&limit=1000").json()
        assert page["items"], page  # at least one entry, however large
        seen += [item["seq"] for item in page["items"]]
        start = page["next_offset"]
        pages += 1
    assert pages > 1 and seen == list(range(seen[0], seen[0] + total))
