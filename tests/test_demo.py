from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from jointmap.cli import cli
from jointmap.demo import build_demo
from jointmap.domain import Agreement
from jointmap.errors import JointmapError
from jointmap.store import Store
from jointmap.store.compare import table_contents


def test_demo_holds_agreement_actors_and_reports_and_rebuilds_identically(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    summary = build_demo(db)
    assert summary.counts["agreements"] >= 1
    assert summary.counts["actors"] >= 10
    assert summary.counts["reports"] >= 25
    assert summary.counts["incidents"] >= 20
    with Store.open(db) as store:
        coh = store.get(Agreement, "agreements", "coh-2016")
        assert {"isil", "nusra"} <= set(coh.excluded)
        before = table_contents(store.engine)
        assert sum(len(rows) for rows in before.values()) > 100
        replayed = store.rebuild()
        assert replayed == store.entry_count() == summary.entries
        assert table_contents(store.engine) == before


def test_demo_replaces_an_existing_database_only_with_force(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    build_demo(db)
    with pytest.raises(JointmapError, match="--force"):
        build_demo(db)
    again = build_demo(db, force=True)
    with Store.open(db) as store:
        assert store.entry_count() == again.entries  # a fresh database, not the old one doubled


def test_demo_command_prints_counts_and_breakdowns(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "demo"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    for heading in ("log entries", "Incidents by perpetrator", "Incidents by governorate", "reports"):
        assert heading in result.stdout
    result = CliRunner().invoke(cli, ["--db", str(db), "demo"])
    assert result.exit_code == 2 and "--force" in result.stderr


def test_demo_creates_keys_beside_the_database_and_signs_every_entry(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    summary = build_demo(db)
    keys = tmp_path / "keys"
    assert summary.keys == str(keys)
    for org in ("operator", "monitor", "us", "ru", "ocha"):
        assert (keys / f"{org}.key").stat().st_mode & 0o077 == 0
        assert (keys / f"{org}.pub").exists()
    assert summary.checkpoint == summary.entries and summary.joint and summary.cosigned_by == ("ru", "us")
    with Store.open(db) as store:
        entries = list(store.entries())
        assert all(e.signature and e.key_id for e in entries)
        private = {p.read_text() for p in keys.glob("*.key")}
        assert not any(secret.strip() in e.model_dump_json() for e in entries for secret in private)
    custom = tmp_path / "elsewhere"
    build_demo(tmp_path / "other.db", keys=custom, checkpoint=False)
    assert (custom / "us.key").exists()
