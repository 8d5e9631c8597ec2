"""The private keys held on this machine, by organisation: the keys directory.

Layout of a keys directory (``--keys DIR``, else ``$JOINTMAP_KEYS``, else ``keys/`` beside the database)::

    <org>.key / <org>.pub                 the organisation's current key pair (private key mode 0600)
    <org>.next.key / <org>.next.pub       a rotation in progress (becomes <org>.key once it is in the log)
    retired/<org>.<key id>.key / .pub     keys replaced by a rotation
    witness-state/<org>.checkpoint        the last checkpoint <org> cosigned as a witness

Key names are organisation ids, so a key file doubles as a signed-note key for that organisation. The log
decides which key is valid; the keyring only answers "do we hold the private key with this ID".
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from jointmap.databases import chosen_database
from jointmap.ledger.errors import KeyFileError
from jointmap.ledger.keys import KeyPair, generate_keypair, key_file_stem, load_keypair, write_keypair

__all__ = ["KEYS_ENV", "Keyring", "resolve_keys_dir"]

KEYS_ENV = "JOINTMAP_KEYS"


def resolve_keys_dir(keys: str | os.PathLike[str] | None, db: str | os.PathLike[str] | None) -> Path:
    """``--keys`` if given, else ``$JOINTMAP_KEYS``, else ``keys/`` beside a SQLite database (or here)."""
    if keys is not None:
        return Path(keys).expanduser()
    env = os.environ.get(KEYS_ENV)
    if env:
        return Path(env).expanduser()
    value = chosen_database(db)
    if value.startswith("sqlite:///"):
        value = value[len("sqlite:///") :]
    elif "://" in value:
        return Path("keys")
    return Path(value).expanduser().resolve().parent / "keys"


class Keyring:
    """Private keys indexed by (organisation, hex key ID); ``directory`` is where new keys are written."""

    def __init__(self, keypairs: list[KeyPair] | None = None, directory: Path | None = None) -> None:
        self.directory = directory
        self._keys: dict[tuple[str, str], KeyPair] = {}
        for keypair in keypairs or ():
            self.add(keypair)

    @classmethod
    def load(cls, directory: str | os.PathLike[str]) -> Keyring:
        """Every ``*.key`` file at the top of ``directory`` (none if it does not exist yet)."""
        path = Path(directory)
        ring = cls(directory=path)
        if path.is_dir():
            for file in sorted(path.glob("*.key")):
                ring.add(load_keypair(file))
        return ring

    def add(self, keypair: KeyPair) -> None:
        self._keys[(keypair.name, keypair.key_id.hex())] = keypair

    def get(self, org: str, key_id: str | None = None) -> KeyPair | None:
        """The key pair of ``org`` with that key ID (any of its keys when ``key_id`` is None)."""
        if key_id is not None:
            return self._keys.get((org, key_id))
        for (name, _), keypair in self._keys.items():
            if name == org:
                return keypair
        return None

    def __iter__(self) -> Iterator[KeyPair]:
        return iter(list(self._keys.values()))

    def __len__(self) -> int:
        return len(self._keys)

    def orgs(self) -> list[str]:
        return sorted({name for name, _ in self._keys})

    def _dir(self) -> Path:
        if self.directory is None:
            raise KeyFileError("this keyring has no keys directory to write to")
        return self.directory

    def create(self, org: str, *, next_key: bool = False) -> KeyPair:
        """A new key pair for ``org`` written as ``<org>.key`` (or ``<org>.next.key`` for a rotation)."""
        keypair = generate_keypair(org)
        stem = key_file_stem(org) + (".next" if next_key else "")
        write_keypair(keypair, self._dir(), stem=stem)
        self.add(keypair)
        return keypair

    def adopt_or_create(self, org: str) -> KeyPair:
        """``<org>.key`` if the directory holds it already, else a new one."""
        existing = self._dir() / f"{key_file_stem(org)}.key"
        if existing.exists():
            keypair = load_keypair(existing)
            if keypair.name != org:
                raise KeyFileError(f"{existing} holds the key of {keypair.name!r}, not {org!r}")
            self.add(keypair)
            return keypair
        return self.create(org)

    def promote_next(self, org: str, retired_key_id: str) -> None:
        """After a rotation: ``<org>.key`` → ``retired/``, ``<org>.next.key`` → ``<org>.key``."""
        base = self._dir()
        stem = key_file_stem(org)
        retired = base / "retired"
        retired.mkdir(mode=0o700, exist_ok=True)
        for suffix in (".key", ".pub"):
            current = base / f"{stem}{suffix}"
            if current.exists():
                current.replace(retired / f"{stem}.{retired_key_id}{suffix}")
            nxt = base / f"{stem}.next{suffix}"
            if nxt.exists():
                nxt.replace(current)
        self._keys.pop((org, retired_key_id), None)

    def witness_state(self, org: str) -> Path:
        """Where ``org`` keeps the last checkpoint it cosigned."""
        return self._dir() / "witness-state" / f"{key_file_stem(org)}.checkpoint"
