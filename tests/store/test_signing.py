"""Signing in the write path: every entry signed by its author's published key, checked before insert."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from jointmap.domain import Organisation, Report, Verdict
from jointmap.errors import NotAllowed
from jointmap.ledger import MerkleTree, SignatureError, generate_keypair, leaf_hash, verify_inclusion
from jointmap.ledger.keyring import Keyring, resolve_keys_dir
from jointmap.store import Store
from jointmap.store import schema as s
from jointmap.store.compare import table_contents
from jointmap.store.ledger import WriteSignatureError, key_history, merkle_nodes, tree

REPORT = Report(id="r1", source="wire", received_at="2016-03-01T10:00:00+02:00", text="Shelling hit Douma.")


def _verify_entry(store: Store, seq: int) -> None:
    entry = next(iter(store.entries(seq, seq + 1)))
    with store.engine.connect() as conn:
        key = key_history(conn).find(entry.author, entry.key_id or "")
    assert key is not None and entry.signature is not None
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    Ed25519PublicKey.from_public_bytes(key.public_key).verify(
        base64.b64decode(entry.signature), entry.envelope()
    )


def test_every_entry_of_a_signed_store_is_signed_by_its_author_and_in_the_tree(signed_store: Store) -> None:
    signed_store.write("report.receive", "monitor", REPORT)
    n = signed_store.entry_count()
    for seq in range(n):
        _verify_entry(signed_store, seq)
    with signed_store.engine.connect() as conn:
        t = tree(conn)
        assert t.size == n
        rows = conn.execute(select(s.log_entries.c.leaf_hash).order_by(s.log_entries.c.seq)).scalars().all()
        entries = list(signed_store.entries())
        assert rows == [leaf_hash(e.envelope()).hex() for e in entries]
        reference = MerkleTree()
        reference.extend(e.envelope() for e in entries)
        assert t.root() == reference.root()
        verify_inclusion(bytes.fromhex(rows[3]), 3, n, t.inclusion_proof(3), t.root())


def test_genesis_is_signed_with_the_key_published_right_after(signed_store: Store) -> None:
    first, second = list(signed_store.entries(0, 2))
    assert first.kind == "organisation.register" and second.kind == "key.publish"
    assert first.key_id == second.key_id and second.payload["org"] == "operator"


def test_write_by_an_author_whose_key_is_not_held_here_is_refused(
    signed_store: Store, tmp_path: Path
) -> None:
    with Store.open(signed_store.engine.url.database, keys=tmp_path / "empty-keys") as other:
        before = other.entry_count()
        with pytest.raises(WriteSignatureError, match="no private key") as info:
            other.write("report.receive", "monitor", REPORT)
        assert isinstance(info.value, NotAllowed) and isinstance(info.value, SignatureError)
        assert info.value.exit_code == 2
        assert other.entry_count() == before


def test_a_private_key_that_is_not_the_published_one_is_refused(signed_store: Store, tmp_path: Path) -> None:
    ring = Keyring.load(tmp_path / "impostor")
    ring.create("monitor")  # same name, different key
    with (
        Store.open(signed_store.engine.url.database, keys=ring) as other,
        pytest.raises(WriteSignatureError, match="no private key for it"),
    ):
        other.write("report.receive", "monitor", REPORT)


def test_submit_signed_accepts_a_valid_signature_and_refuses_a_bad_one(signed_store: Store) -> None:
    assert signed_store.keyring is not None
    key = signed_store.keyring.get("us")
    assert key is not None
    entry = signed_store.prepare("report.receive", "us", REPORT)
    bad = bytearray(key.sign(entry.envelope()))
    bad[5] ^= 1
    with pytest.raises(WriteSignatureError, match="does not verify"):
        signed_store.submit_signed(entry, bytes(bad))
    with pytest.raises(WriteSignatureError):
        signed_store.submit_signed(entry, generate_keypair("us").sign(entry.envelope()))
    result = signed_store.submit_signed(entry, base64.b64encode(key.sign(entry.envelope())).decode())
    assert result.created and result.seq == entry.seq
    _verify_entry(signed_store, entry.seq)
    late = signed_store.prepare("report.receive", "us", REPORT.model_copy(update={"id": "r2", "text": "B."}))
    signed_store.write("report.receive", "monitor", REPORT.model_copy(update={"id": "r3", "text": "C."}))
    with pytest.raises(NotAllowed, match="next entry"):  # the seq is part of what was signed
        signed_store.submit_signed(late, key.sign(late.envelope()))


def test_an_organisation_publishes_only_its_own_key_and_only_once(signed_store: Store) -> None:
    with pytest.raises(NotAllowed, match="already has the active key"):
        signed_store.publish_key("us")
    stranger = generate_keypair("ru")
    with pytest.raises(NotAllowed, match="publishes its own"):
        signed_store.write("key.publish", "us", {"org": "ru", "key": stranger.verifier_key})


def test_rotation_and_revocation_are_log_entries_and_change_who_may_sign(signed_store: Store) -> None:
    old = key_of(signed_store, "us")
    new = signed_store.rotate_key("us")
    assert signed_store.keyring is not None
    assert (signed_store.keyring.directory / "retired" / f"us.{old}.key").exists()  # type: ignore[operator]
    signed_store.write("report.receive", "us", REPORT)
    assert next(iter(signed_store.entries(signed_store.entry_count() - 1))).key_id == new.key_id.hex()
    with pytest.raises(NotAllowed, match="may not revoke"):
        signed_store.revoke_key("us", new.key_id.hex(), by="ru")
    signed_store.revoke_key("us", new.key_id.hex(), by="monitor", reason="lost laptop")
    with pytest.raises(NotAllowed, match="revoked"):
        signed_store.write("report.receive", "us", REPORT.model_copy(update={"id": "r2", "text": "Other."}))
    fresh = signed_store.publish_key("us", generate_keypair("us"))
    signed_store.write("report.receive", "us", REPORT.model_copy(update={"id": "r2", "text": "Other."}))
    with signed_store.engine.connect() as conn:
        statuses = [(r.key_id, r.status) for r in key_history(conn, ["us"]).records]
    assert statuses == [(old, "retired"), (new.key_id.hex(), "revoked"), (fresh.key_id.hex(), "active")]


def key_of(store: Store, org: str) -> str:
    with store.engine.connect() as conn:
        active = key_history(conn, [org]).active(org)
    assert active is not None
    return active.key_id


def test_write_many_signs_every_entry_and_extends_the_tree_in_bulk(signed_store: Store) -> None:
    at = datetime(2016, 3, 1, tzinfo=UTC)
    verdicts = [
        Verdict(
            id=f"v{i}",
            subject=f"i{i % 3}",
            agreement="coh",
            outcome="no_violation",
            confidence=0.9,
            explanation="x",
            decided_at=at,
        )
        for i in range(25)
    ]
    before = signed_store.entry_count()
    assert signed_store.write_many(("verdict.record", "monitor", v) for v in verdicts) == 25
    for seq in range(before, before + 25):
        _verify_entry(signed_store, seq)
    with signed_store.engine.connect() as conn:
        assert tree(conn).size == before + 25


def test_rebuild_recomputes_the_tree_and_refuses_an_altered_entry(signed_store: Store) -> None:
    signed_store.write("report.receive", "monitor", REPORT)
    before = table_contents(signed_store.engine)
    assert "merkle_nodes" in before and "org_keys" in before
    signed_store.rebuild()
    assert table_contents(signed_store.engine) == before
    with signed_store.engine.begin() as conn:
        conn.execute(s.log_entries.update().where(s.log_entries.c.seq == 5).values(author="ru"))
    with pytest.raises(Exception, match="leaf hash does not match"):
        signed_store.rebuild()


def test_unsigned_store_still_works_and_keys_dir_resolution(store: Store, tmp_path: Path) -> None:
    with store.engine.connect() as conn:
        assert tree(conn).size == store.entry_count()
        assert conn.execute(select(merkle_nodes)).first() is not None
    assert resolve_keys_dir(None, tmp_path / "x.db") == (tmp_path / "keys").resolve()
    assert resolve_keys_dir(tmp_path / "k", "x.db") == tmp_path / "k"
    with pytest.raises(NotAllowed, match="has published no key"):
        entry = store.prepare("report.receive", "monitor", REPORT)
        store.submit_signed(entry, b"\0" * 64)


def test_genesis_org_may_register_itself_only_on_an_empty_log(empty_store: Store) -> None:
    empty_store.write("organisation.register", "op", Organisation(id="op", name="Op", kind="operator"))
    assert empty_store.entry_count() == 1  # no keyring: unsigned, no key published


def test_migration_0004_backfills_leaf_hashes_and_the_tree(store: Store) -> None:
    from alembic import command

    from jointmap.store.engine import _alembic_config

    def run(action: str, revision: str) -> None:
        cfg = _alembic_config()
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            getattr(command, action)(cfg, revision)

    with store.engine.connect() as conn:
        root = tree(conn).root()
    run("downgrade", "0003")
    with store.engine.begin() as conn:
        conn.execute(s.log_entries.update().values(leaf_hash=None))
    run("upgrade", "head")
    with store.engine.connect() as conn:
        assert tree(conn).root() == root and tree(conn).size == store.entry_count()
        assert None not in conn.execute(select(s.log_entries.c.leaf_hash)).scalars().all()
