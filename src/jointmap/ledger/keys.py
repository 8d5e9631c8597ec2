"""Ed25519 key pairs for organisations, the log and witnesses: generation, key files, sign/verify.

Key files use the Go golang.org/x/mod/sumdb/note text encodings, so they double as note keys:

* ``<stem>.key`` — ``PRIVATE+KEY+name+hexid+base64(0x01 || seed)``, mode 0600 (owner only);
* ``<stem>.pub`` — the verifier key ``name+hexid+base64(0x01 || public key)``, world-readable.

Nothing here knows about the database: callers decide where the keys directory is.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from jointmap.ledger.errors import KeyFileError, NoteFormatError, SignatureError
from jointmap.ledger.signers import (
    SIG_TYPE_ED25519,
    CosignatureV1Signer,
    Ed25519Signer,
    Ed25519Verifier,
    key_id,
    parse_signer_key,
    parse_verifier_key,
)

__all__ = [
    "PRIVATE_KEY_SUFFIX",
    "PUBLIC_KEY_SUFFIX",
    "KeyPair",
    "generate_keypair",
    "key_file_stem",
    "load_keypair",
    "load_verifier",
    "sign",
    "verify",
    "write_keypair",
]

PRIVATE_KEY_SUFFIX = ".key"
PUBLIC_KEY_SUFFIX = ".pub"
_UNSAFE_FILENAME_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True, slots=True)
class KeyPair:
    """A named Ed25519 key pair; ``name`` is the signed-note key name (e.g. ``jointmap.example/unocha``)."""

    name: str
    private_key: Ed25519PrivateKey

    @property
    def public_key(self) -> bytes:
        """The raw 32-byte public key."""
        return self.private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    @property
    def key_id(self) -> bytes:
        """The signed-note key ID for Ed25519 (type 0x01)."""
        return key_id(self.name, SIG_TYPE_ED25519, self.public_key)

    def sign(self, data: bytes) -> bytes:
        """A raw 64-byte Ed25519 signature over ``data``."""
        return self.private_key.sign(data)

    def note_signer(self) -> Ed25519Signer:
        return Ed25519Signer(self.name, self.private_key)

    def cosigner(self) -> CosignatureV1Signer:
        """A cosignature/v1 signer; tlog-cosignature wants a key used by one cosigner only."""
        return CosignatureV1Signer(self.name, self.private_key)

    def verifier(self) -> Ed25519Verifier:
        return Ed25519Verifier(self.name, self.public_key)

    @property
    def verifier_key(self) -> str:
        return self.verifier().verifier_key

    @property
    def signer_key(self) -> str:
        """The secret key string written to ``<stem>.key``."""
        return self.note_signer().signer_key


def generate_keypair(name: str) -> KeyPair:
    """A fresh key pair from the OS random source."""
    keypair = KeyPair(name, Ed25519PrivateKey.generate())
    keypair.note_signer()  # validates the name now rather than at first use
    return keypair


def sign(private_key: Ed25519PrivateKey, data: bytes) -> bytes:
    """A raw 64-byte Ed25519 signature."""
    return private_key.sign(data)


def verify(public_key: bytes, data: bytes, signature: bytes) -> None:
    """Check a raw Ed25519 signature; raises :class:`SignatureError`, returns None on success."""
    if len(public_key) != 32 or len(signature) != 64:
        raise SignatureError(
            f"Ed25519 needs a 32-byte key and 64-byte signature, got {len(public_key)} and {len(signature)}"
        )
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, data)
    except (InvalidSignature, ValueError) as exc:
        raise SignatureError("Ed25519 signature does not verify") from exc


def key_file_stem(name: str) -> str:
    """A file name stem for a key name: ``jointmap.example/unocha`` -> ``jointmap.example_unocha``."""
    stem = _UNSAFE_FILENAME_CHARS.sub("_", name).strip("._")
    if not stem:
        raise KeyFileError(f"key name {name!r} gives an empty file name")
    return stem


def write_keypair(
    keypair: KeyPair, keys_dir: Path, *, stem: str | None = None, overwrite: bool = False
) -> tuple[Path, Path]:
    """Write ``<stem>.key`` (0600) and ``<stem>.pub`` into ``keys_dir``; returns both paths.

    Refuses to replace an existing private key unless ``overwrite``: losing a log key breaks every
    checkpoint it signed.
    """
    keys_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    stem = stem if stem is not None else key_file_stem(keypair.name)
    private_path = keys_dir / f"{stem}{PRIVATE_KEY_SUFFIX}"
    public_path = keys_dir / f"{stem}{PUBLIC_KEY_SUFFIX}"
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if overwrite else os.O_EXCL)
    try:
        # Created 0600 from the start: the secret never exists in a file others could read.
        fd = os.open(private_path, flags, 0o600)
    except FileExistsError as exc:
        raise KeyFileError(f"{private_path} already exists; not overwriting a private key") from exc
    except OSError as exc:
        raise KeyFileError(f"cannot create {private_path}: {exc.strerror}") from exc
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        if hasattr(os, "fchmod"):
            os.fchmod(fh.fileno(), 0o600)  # an overwritten file keeps its old mode otherwise
        fh.write(keypair.signer_key + "\n")
    public_path.write_text(keypair.verifier_key + "\n", encoding="utf-8")
    return private_path, public_path


def _read_key_line(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KeyFileError(f"cannot read key file {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise KeyFileError(f"key file {path} is not UTF-8 text") from exc
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) != 1:
        raise KeyFileError(f"key file {path} must hold exactly one key line, found {len(lines)}")
    return lines[0]


def load_keypair(path: Path, *, check_permissions: bool = True) -> KeyPair:
    """Load a private key file written by :func:`write_keypair` (or Go's note.GenerateKey)."""
    if check_permissions and os.name == "posix":
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except OSError as exc:
            raise KeyFileError(f"cannot read key file {path}: {exc.strerror}") from exc
        # Same stance as ssh: a secret key others can read is a leaked key; say so rather than use it.
        if mode & 0o077:
            raise KeyFileError(f"private key {path} is accessible by others (mode {mode:04o}); chmod 600 it")
    try:
        signer = parse_signer_key(_read_key_line(path))
    except NoteFormatError as exc:
        raise KeyFileError(f"{path}: {exc}") from exc
    return KeyPair(signer.name, signer.private_key)


def load_verifier(path: Path) -> Ed25519Verifier:
    """Load a public key file (a type 0x01 verifier key)."""
    try:
        verifier = parse_verifier_key(_read_key_line(path))
    except NoteFormatError as exc:
        raise KeyFileError(f"{path}: {exc}") from exc
    if not isinstance(verifier, Ed25519Verifier):
        raise KeyFileError(f"{path} holds a cosignature key, not an Ed25519 note key")
    return verifier
