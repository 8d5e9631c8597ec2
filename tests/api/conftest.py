"""A demo store built once per session (verdicts, candidates, an account per role), copied per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from jointmap.api import create_app
from jointmap.api.demo import prepare_demo
from jointmap.api.testing import TEST_ACCOUNTS, add_test_accounts, copy_database
from jointmap.demo import build_demo
from jointmap.settings import Settings
from jointmap.store import Store
from jointmap.store.accounts import create_api_key


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "template.db"
    build_demo(path)
    with Store.open(path) as store:
        prepare_demo(store, candidates=4, accounts=False)
        # prepare_demo's own accounts have random passwords; the tests use known ones.
        add_test_accounts(store)
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    # The organisations' signing keys live in keys/ beside the database (the demo made them).
    if (demo_template.parent / "keys").is_dir():
        shutil.copytree(demo_template.parent / "keys", tmp_path / "keys")
    return copy_database(demo_template, tmp_path / "demo.db")


@pytest.fixture
def store(demo_db: Path) -> Iterator[Store]:
    with Store.open(demo_db) as s:
        yield s


@pytest.fixture
def client(store: Store, tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(database=str(store.engine.url), keys_dir=str(tmp_path / "keys"))
    with TestClient(create_app(settings, store)) as c:
        yield c


@pytest.fixture
def keys(store: Store) -> dict[str, str]:
    """An API key per test account (same organisation and role): username → secret."""
    return {name: create_api_key(store.engine, org, role)[0] for name, (org, role) in TEST_ACCOUNTS.items()}
