"""Helpers for tests and benchmarks: a real server on a free loopback port, and a demo with known accounts."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import uvicorn
from fastapi import FastAPI

from jointmap.store import Store
from jointmap.store.accounts import Role, create_user

__all__ = [
    "TEST_ACCOUNTS",
    "TEST_PASSWORD",
    "ServerThread",
    "add_test_accounts",
    "copy_database",
    "free_port",
]

TEST_PASSWORD = "correct horse battery staple"

#: username → (organisation, role): one account per role, and a liaison for each party.
TEST_ACCOUNTS: dict[str, tuple[str, Role]] = {
    "admin": ("operator", Role.ADMINISTRATOR),
    "monitor": ("monitor", Role.MONITOR),
    "reviewer": ("monitor", Role.REVIEWER),
    "us-liaison": ("us", Role.PARTY_LIAISON),
    "ru-liaison": ("ru", Role.PARTY_LIAISON),
    "citizen": ("ocha", Role.PUBLIC),
}


def add_test_accounts(store: Store) -> None:
    for username, (org, role) in TEST_ACCOUNTS.items():
        create_user(store.engine, username, TEST_PASSWORD, org, role)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ServerThread:
    """Run ``app`` with uvicorn in a thread on 127.0.0.1; ``with`` waits until it accepts connections."""

    app: FastAPI
    port: int = 0
    startup_timeout: float = 30.0

    def __post_init__(self) -> None:
        self.port = self.port or free_port()
        config = uvicorn.Config(
            self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + self.startup_timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start on port {self.port}")
            time.sleep(0.02)  # polling a readiness flag with a deadline, not a fixed wait
        return self

    def __exit__(
        self, _t: type[BaseException] | None, _e: BaseException | None, _tb: TracebackType | None
    ) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def copy_database(src: Path, dst: Path) -> Path:
    """Copy a SQLite store (checkpointed, so the -wal file holds nothing)."""
    import sqlite3

    with sqlite3.connect(src) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        with sqlite3.connect(dst) as target:
            conn.backup(target)
    return dst
