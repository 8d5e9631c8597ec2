"""Fixtures: a fresh SQLite database per test, with a handful of organisations, sources and actors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from jointmap.domain import Actor, Organisation, Source
from jointmap.store import Store

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def shared_data(relative: str) -> Path:
    """A file under ../shared/data, or skip the test with the reason."""
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"needs ../shared/data/{relative} (the shared development data is not beside this clone)")
    return path


@pytest.fixture
def empty_store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "test.db") as store:
        yield store


@pytest.fixture
def store(empty_store: Store) -> Store:
    """A store with an operator, a monitor, two parties, one source and three actors."""
    s = empty_store
    s.write(
        "organisation.register", "operator", Organisation(id="operator", name="Operator", kind="operator")
    )
    for org in (
        Organisation(id="monitor", name="Monitor", kind="monitor"),
        Organisation(id="us", name="United States", kind="party"),
        Organisation(id="ru", name="Russian Federation", kind="party"),
    ):
        s.write("organisation.register", "operator", org)
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
