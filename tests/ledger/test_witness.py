"""Checkpoints and witnesses over a real store: cosign only what extends what you cosigned before."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from click.testing import CliRunner

from jointmap.cli import cli
from jointmap.domain import Agreement, Organisation, Report
from jointmap.ledger import open_checkpoint, service, verify_consistency, verify_inclusion
from jointmap.ledger.keyring import Keyring
from jointmap.ledger.signers import Ed25519Verifier
from jointmap.ledger.witness import WitnessRefused
from jointmap.store import Store


def report(n: int, text: str = "Shelling") -> Report:
    return Report(id=f"r{n}", source="wire", received_at="2016-03-01T10:00:00+02:00", text=f"{text} {n}.")


def add_reports(store: Store, start: int, stop: int, text: str = "Shelling") -> None:
    for n in range(start, stop):
        store.write("report.receive", "monitor", report(n, text))


def add_agreement(store: Store) -> None:
    store.write(
        "agreement.record",
        "monitor",
        Agreement.model_validate(
            {
                "id": "coh",
                "name": "CoH",
                "effective_from": "2016-02-27T00:00:00+02:00",
                "parties": [{"actor": "saa", "side": "government"}, {"actor": "fsa", "side": "opposition"}],
                "guarantors": ["us", "ru"],
            }
        ),
    )


def fork_of(signed_keys: Keyring, path: Path, reports: int, text: str) -> Store:
    """Another log signed with the same keys (a malicious operator's second history)."""
    other = Store.open(path, keys=signed_keys)
    other.write(
        "organisation.register", "operator", Organisation(id="operator", name="Operator", kind="operator")
    )
    for org, kind in (("monitor", "monitor"), ("us", "party"), ("ru", "party")):
        other.write("organisation.register", "operator", Organisation(id=org, name=org, kind=kind))
        other.publish_key(org)
    from jointmap.domain import Source

    other.write("source.register", "monitor", Source(id="wire", name="Wire", kind="media", reliability="B"))
    add_reports(other, 0, reports, text)
    return other


def test_checkpoint_is_a_signed_note_of_the_tree_and_proofs_check_against_it(signed_store: Store) -> None:
    add_reports(signed_store, 0, 5)
    note = service.sign_checkpoint(signed_store, origin="jointmap/test")
    assert service.sign_checkpoint(signed_store) == note  # same size: the same checkpoint
    with signed_store.engine.connect() as conn:
        key = service.log_key_at(conn, signed_store.entry_count())
    assert key is not None
    cp = open_checkpoint(
        note, Ed25519Verifier("jointmap/test", key.public_key), origin="jointmap/test"
    ).checkpoint
    assert cp.size == signed_store.entry_count()
    proof = service.inclusion_proof(signed_store, 3)
    root = base64.b64decode(proof["root_hash"])
    assert root == cp.root_hash
    verify_inclusion(
        base64.b64decode(proof["leaf_hash"]), 3, cp.size, [base64.b64decode(h) for h in proof["proof"]], root
    )
    c = service.consistency_proof(signed_store, 4, cp.size)
    verify_consistency(
        4,
        cp.size,
        base64.b64decode(c["old_root_hash"]),
        base64.b64decode(c["new_root_hash"]),
        [base64.b64decode(h) for h in c["proof"]],
    )


def test_witness_cosigns_consistent_checkpoints_and_joint_needs_every_party(signed_store: Store) -> None:
    add_agreement(signed_store)
    service.sign_checkpoint(signed_store, origin="jointmap/test")
    first = service.cosign_checkpoint(signed_store, "us")
    assert first.previous is None
    info = service.list_checkpoints(signed_store)[-1]
    assert info.cosigners == ("us",) and info.required == ("ru", "us") and not info.joint
    add_reports(signed_store, 0, 7)
    service.sign_checkpoint(signed_store)
    second = service.cosign_checkpoint(signed_store, "us")
    assert second.previous is not None and second.previous.size == first.checkpoint.size
    service.cosign_checkpoint(signed_store, "ru")
    latest = service.list_checkpoints(signed_store)[-1]
    assert latest.cosigners == ("ru", "us") and latest.joint
    assert signed_store.keyring is not None
    state = signed_store.keyring.witness_state("us").read_text()
    assert f"\n{latest.size}\n" in state


def test_witness_refuses_a_larger_checkpoint_that_is_not_consistent_with_what_it_cosigned(
    signed_store: Store, signed_keys: Keyring, tmp_path: Path
) -> None:
    add_reports(signed_store, 0, 5, "Shelling")
    service.sign_checkpoint(signed_store, origin="jointmap/test")
    cosigned = service.cosign_checkpoint(signed_store, "us")
    state = signed_keys.witness_state("us")
    kept = state.read_text()
    # The same operator key signs a different history, longer than the one us cosigned.
    with fork_of(signed_keys, tmp_path / "fork.db", 9, "Airstrike") as fork:
        service.sign_checkpoint(fork, origin="jointmap/test")
        assert fork.entry_count() > cosigned.checkpoint.size
        with pytest.raises(WitnessRefused, match="FORK") as info:
            service.cosign_checkpoint(fork, "us")
        assert info.value.exit_code == 1
        assert state.read_text() == kept  # the evidence is kept, not overwritten
        result = CliRunner().invoke(
            cli,
            [
                "--db",
                str(fork.engine.url.database),
                "witness",
                "cosign",
                "--as",
                "us",
                "--keys",
                str(state.parent.parent),
            ],
        )
        assert result.exit_code == 1 and "FORK" in result.stderr
        assert service.list_checkpoints(fork)[-1].cosigners == ()


def test_witness_refuses_rollback_and_a_different_root_at_the_same_size(
    signed_store: Store, signed_keys: Keyring, tmp_path: Path
) -> None:
    add_reports(signed_store, 0, 6)
    service.sign_checkpoint(signed_store, origin="jointmap/test")
    service.cosign_checkpoint(signed_store, "ru")
    with fork_of(signed_keys, tmp_path / "short.db", 2, "x") as short:
        service.sign_checkpoint(short, origin="jointmap/test")
        with pytest.raises(WitnessRefused, match="rollback"):
            service.cosign_checkpoint(short, "ru")
    same = signed_store.entry_count() - 9  # fork_of writes 9 entries before its reports
    with fork_of(signed_keys, tmp_path / "same.db", same, "Other") as twin:
        service.sign_checkpoint(twin, origin="jointmap/test")
        assert twin.entry_count() == signed_store.entry_count()
        with pytest.raises(WitnessRefused, match="FORK"):
            service.cosign_checkpoint(twin, "ru")


def test_cli_keys_log_and_witness_commands(tmp_path: Path) -> None:
    db, keys = str(tmp_path / "new.db"), str(tmp_path / "keys")

    def run(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(cli, ["--db", db, *args])
        return result.exit_code, result.stdout, result.stderr

    code, out, err = run("keys", "new", "op", "--name", "The operator", "--keys", keys)
    assert code == 0, err
    assert "op: key" in out and "op+" in out
    assert (tmp_path / "keys" / "op.key").stat().st_mode & 0o077 == 0
    code, out, err = run("keys", "new", "op", "--keys", keys)
    assert code == 2 and "rotate" in err
    code, out, err = run("log", "checkpoint", "--origin", "jointmap/cli", "--keys", keys)
    assert code == 0 and out.startswith("jointmap/cli\n2\n")
    code, out, err = run("keys", "rotate", "op", "--keys", keys)
    assert code == 0, err
    code, out, err = run("log", "checkpoint", "--keys", keys)
    assert code == 0 and out.startswith("jointmap/cli\n3\n"), err
    code, out, err = run("keys", "list", "--keys", keys)
    assert code == 0 and "retired" in out and "active" in out
    code, out, err = run("log", "checkpoints")
    assert code == 0 and "no (needs" in out
    code, out, err = run("log", "proof", "--index", "1")
    assert code == 0 and '"tree_size": 3' in out
    code, out, err = run("log", "proof", "--consistency", "2", "3")
    assert code == 0 and '"old_size": 2' in out
    code, out, err = run("log", "proof")
    assert code == 2
    code, out, err = run("log", "export", str(tmp_path / "ex"))
    assert code == 0, err
    code, out, err = run("verify", str(tmp_path / "ex"), "--db", db)
    assert code == 0, err
    assert "2 checkpoints verified" in out.replace("\n", " ")
