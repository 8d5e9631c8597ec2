"""Fixtures: a fresh SQLite database per test, with a handful of organisations, sources and actors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from jointmap.domain import Actor, Organisation, Source
from jointmap.ledger.keyring import Keyring
from jointmap.store import Store
from shared_paths import SHARED_DATA, shared_data  # noqa: F401  (re-exported for older imports)


@pytest.fixture
def empty_store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "test.db") as store:
        yield store


def _populate(s: Store, *, keys: bool = False) -> Store:
    s.write(
        "organisation.register", "operator", Organisation(id="operator", name="Operator", kind="operator")
    )
    for org in (
        Organisation(id="monitor", name="Monitor", kind="monitor"),
        Organisation(id="us", name="United States", kind="party"),
        Organisation(id="ru", name="Russian Federation", kind="party"),
    ):
        s.write("organisation.register", "operator", org)
        if keys:
            s.publish_key(org.id)
    s.write(
        "source.register", "monitor", Source(id="wire", name="Levant Wire", kind="media", reliability="B")
    )
    for actor_id, kind, name in (
        ("saa", "state_forces", "Syrian Arab Army"),
        ("fsa", "rebel_group", "Free Syrian Army"),
        ("isil", "rebel_group", "Islamic State"),
    ):
        s.write(
            "actor.record",
            "monitor",
            Actor(id=actor_id, kind=kind, names=[{"name": name, "kind": "official"}]),
        )
    return s


@pytest.fixture
def store(empty_store: Store) -> Store:
    """A store with an operator, a monitor, two parties, one source and three actors (unsigned entries)."""
    return _populate(empty_store)


@pytest.fixture
def signed_keys(tmp_path: Path) -> Keyring:
    """A keys directory (``tmp_path/signed/keys``) holding keys for operator, monitor, us and ru."""
    ring = Keyring.load(tmp_path / "signed" / "keys")
    for org in ("operator", "monitor", "us", "ru"):
        ring.adopt_or_create(org)
    return ring


@pytest.fixture
def signed_store(signed_keys: Keyring) -> Iterator[Store]:
    """The ``store`` fixture's content with every entry signed: each organisation published its key."""
    assert signed_keys.directory is not None
    with Store.open(signed_keys.directory.parent / "signed.db", keys=signed_keys) as s:
        yield _populate(s, keys=True)
