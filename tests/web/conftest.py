"""A real server on 127.0.0.1 over a fresh demo store, and Debian's chromium driven by Playwright."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from jointmap.api import create_app
from jointmap.api.demo import prepare_demo
from jointmap.api.testing import ServerThread, add_test_accounts
from jointmap.demo import build_demo
from jointmap.settings import Settings
from jointmap.store import Store
from jointmap.web import vendor_missing

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (make test installs it)")
    if vendor_missing():
        pytest.skip(f"front-end vendor files are not built ({', '.join(vendor_missing())}): run make vendor")
    path = tmp_path_factory.mktemp("web") / "demo.db"
    build_demo(path)
    store = Store.open(path)
    prepare_demo(store, candidates=3, accounts=False)
    add_test_accounts(store)
    with ServerThread(create_app(Settings(database=str(path)), store)) as running:
        yield running
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if shutil.which(CHROMIUM) is None:
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM}")
    with sync_api.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: object, server: ServerThread) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1440, "height": 900}, base_url=server.url)  # type: ignore[attr-defined]
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda exc: errors.append(str(exc)))
    yield p
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def shot(page: object, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)  # type: ignore[attr-defined]
    return path
