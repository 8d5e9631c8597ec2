"""The one rule for which database a command works on (``jointmap.databases``)."""

from __future__ import annotations

import pytest

from jointmap.databases import DEFAULT_DB, chosen_database
from jointmap.ledger.keyring import resolve_keys_dir
from jointmap.store import database_url


def test_given_beats_the_environment_which_beats_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JOINTMAP_DB", raising=False)
    monkeypatch.delenv("JOINTMAP_KEYS", raising=False)
    assert chosen_database(None) == chosen_database("") == DEFAULT_DB
    monkeypatch.setenv("JOINTMAP_DB", "/data/env.db")
    assert chosen_database(None) == "/data/env.db"
    assert chosen_database("/data/given.db") == "/data/given.db"
    # The store and the key directory follow the same rule.
    assert database_url(None) == "sqlite:////data/env.db"
    assert str(resolve_keys_dir(None, None)) == "/data/keys"
