"""The tamper suite: a real demo log, exported, altered in each way an attacker might; `verify` names it."""

from __future__ import annotations

import base64
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from jointmap.cli import cli
from jointmap.demo import build_demo
from jointmap.domain.log import canonical_json, sha256_hex
from jointmap.ledger import Checkpoint, format_checkpoint, generate_keypair, load_keypair, sign_note
from jointmap.ledger.export_format import ENTRIES_FILE, ExportEntry, entry_line, parse_entry_line
from jointmap.ledger.keys import KeyPair
from jointmap.store import Store


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("demo")
    build_demo(base / "demo.db", adjudicate=False)  # the scenario alone; sizes below are read from it
    result = CliRunner().invoke(cli, ["--db", str(base / "demo.db"), "log", "export", str(base / "export")])
    assert result.exit_code == 0, result.stderr
    return base


@pytest.fixture
def export(demo_export: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "export"
    shutil.copytree(demo_export / "export", copy)
    return copy


def verify(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["verify", *args])
    return result.exit_code, result.stdout + result.stderr


def lines(export: Path) -> list[bytes]:
    return (export / ENTRIES_FILE).read_bytes().splitlines(keepends=True)


def write_lines(export: Path, rows: list[bytes]) -> None:
    (export / ENTRIES_FILE).write_bytes(b"".join(rows))


def index_of(export: Path, kind: str) -> int:
    return next(i for i, line in enumerate(lines(export)) if parse_entry_line(line).kind == kind)


def test_the_untouched_export_verifies_with_everything_checked(demo_export: Path) -> None:
    keys = demo_export / "keys"
    trusted = demo_export / "trusted.txt"
    trusted.write_text((keys / "us.pub").read_text() + (keys / "operator.pub").read_text())
    code, output = verify(
        str(demo_export / "export"),
        "--trusted-keys",
        str(trusted),
        "--since",
        str(keys / "witness-state" / "us.checkpoint"),
        "--db",
        str(demo_export / "demo.db"),
        "--require-signed",
    )
    assert code == 0, output
    assert "OK: 420 entries" in output.replace("\n", " ") or "OK:" in output
    assert "1 joint" in output


def test_one_changed_payload_byte_is_named(export: Path) -> None:
    rows = lines(export)
    i = index_of(export, "incident.record")
    data = json.loads(rows[i])
    payload = data["payload"]
    at = payload.index('"fatalities') + 2
    data["payload"] = payload[:at] + ("F" if payload[at] != "F" else "G") + payload[at + 1 :]
    rows[i] = canonical_json(data) + b"\n"
    write_lines(export, rows)
    code, output = verify(str(export))
    assert code == 1
    assert f"entry {i} (incident.record by monitor)" in output and "payload was altered" in output


def test_one_raw_byte_flipped_anywhere_in_an_entry_is_named(export: Path) -> None:
    rows = lines(export)
    raw = bytearray(rows[77])
    raw[len(raw) // 2] ^= 0x01
    rows[77] = bytes(raw)
    write_lines(export, rows)
    code, output = verify(str(export))
    assert code == 1 and "entry 77" in output


def test_one_changed_signature_byte_is_named(export: Path) -> None:
    rows = lines(export)
    i = index_of(export, "report.receive")
    data = json.loads(rows[i])
    sig = bytearray(base64.b64decode(data["signature"]))
    sig[10] ^= 0x40
    data["signature"] = base64.b64encode(bytes(sig)).decode()
    rows[i] = canonical_json(data) + b"\n"
    write_lines(export, rows)
    code, output = verify(str(export))
    assert code == 1
    assert f"entry {i} (report.receive by " in output and "signature does not verify" in output


def test_two_swapped_entries_are_named(export: Path) -> None:
    rows = lines(export)
    rows[100], rows[200] = rows[200], rows[100]
    write_lines(export, rows)
    code, output = verify(str(export))
    assert code == 1 and "entry 100" in output and "out of order" in output


def test_a_deleted_entry_is_named(export: Path) -> None:
    rows = lines(export)
    del rows[150]
    write_lines(export, rows)
    code, output = verify(str(export))
    assert code == 1 and "entry 150" in output and "missing" in output


def test_a_truncated_log_is_caught_by_its_checkpoint(export: Path) -> None:
    size = len(lines(export))  # the scenario's entries: the checkpoint signed at export covers them all
    write_lines(export, lines(export)[:-10])
    code, output = verify(str(export))
    assert code == 1
    assert f"checkpoint checkpoints/{size:020d}.checkpoint (size {size})" in output
    assert "truncated" in output


def test_a_file_cut_mid_line_names_the_broken_entry(export: Path) -> None:
    last = len(lines(export)) - 1
    data = (export / ENTRIES_FILE).read_bytes()
    (export / ENTRIES_FILE).write_bytes(data[: len(data) - 40])
    code, output = verify(str(export))
    assert code == 1 and f"entry {last}" in output and "not valid JSON" in output


def _forged(seq: int, author: str, key_id: str, key: KeyPair | None) -> bytes:
    payload = canonical_json(
        {"id": "forged", "accuser": author, "kind": "violation", "made_on": "2016-03-01"}
    )
    entry = ExportEntry(
        seq,
        "allegation.record",
        author,
        "2016-09-30T00:00:00.000000+00:00",
        sha256_hex(payload),
        payload.decode(),
        None,
        key_id,
    )
    if key is None:
        return entry_line(replace(entry, key_id=None))
    return entry_line(replace(entry, signature=key.sign(entry.envelope())))


def test_an_appended_forged_entry_is_named(export: Path, demo_export: Path) -> None:
    rows = lines(export)
    us = load_keypair(demo_export / "keys" / "us.key")
    appended = len(rows)
    rows.append(_forged(appended, "us", us.key_id.hex(), generate_keypair("us")))  # not us's real key
    write_lines(export, rows)
    code, output = verify(str(export))
    assert (
        code == 1
        and f"entry {appended} (allegation.record by us)" in output
        and "signature does not verify" in output
    )


def test_an_appended_unsigned_entry_is_named(export: Path) -> None:
    rows = lines(export)
    appended = len(rows)
    rows.append(_forged(appended, "us", "", None))
    write_lines(export, rows)
    code, output = verify(str(export))
    assert code == 1 and f"entry {appended}" in output and "unsigned" in output


def test_two_checkpoints_of_the_same_size_a_fork_are_named(export: Path, demo_export: Path) -> None:
    # The operator itself (holding the log key) signs a second, different tree of the same size.
    operator = load_keypair(demo_export / "keys" / "operator.key")
    meta = json.loads((export / "log.json").read_text())
    size = len(lines(export))
    forked = Checkpoint(meta["origin"], size, bytes(32))
    note = sign_note(format_checkpoint(forked), KeyPair(meta["origin"], operator.private_key).note_signer())
    (export / "checkpoints" / "fork.checkpoint").write_text(note.to_text())
    code, output = verify(str(export))
    assert code == 1
    assert f"checkpoint checkpoints/fork.checkpoint (size {size})" in output and "FORK" in output


def test_verify_db_notices_a_database_that_is_not_what_the_entries_say(
    demo_export: Path, tmp_path: Path
) -> None:
    db = tmp_path / "copy.db"
    with Store.open(demo_export / "demo.db", keys=False) as store, store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(demo_export / "demo.db", db)
    with Store.open(db, keys=False) as store, store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE incidents SET fatalities_best = fatalities_best + 1")
    code, output = verify(str(demo_export / "export"), "--db", str(db))
    assert code == 1 and "table incidents" in output


def test_a_trusted_key_the_log_does_not_publish_is_named(demo_export: Path, tmp_path: Path) -> None:
    trusted = tmp_path / "trusted.txt"
    trusted.write_text(generate_keypair("us").verifier_key + "\n")
    code, output = verify(str(demo_export / "export"), "--trusted-keys", str(trusted))
    assert code == 1 and "trusted key us+" in output and "not the log you trust" in output
